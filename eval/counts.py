#!/usr/bin/env python3
"""Counts: the numbers of the PLOVER gold-standard records (Python 3 stdlib only).

  python3 eval/counts.py --bin build/newsgraph [--out build/eval] [--data ../shared/data]

There is no count gold in GDELT's sense here. The closest is the PLOVER
gold-standard records (../shared/data/events_plover_gsr, CC BY-SA 4.0, read
in place): of the 164 shared sentences, 21 carry hand-coded `size` (how
many took part or were targeted), `dead` or `injured`. Each sentence is fed
to `newsgraph extract` (one JSON Lines input), and

  counts_plover_value   share of gold numbers (size, dead, injured) for which
                        we give a count with that value. Gold words follow our
                        convention for vague quantities: "thousands" is 2,000,
                        "hundreds of thousands" 200,000, "scores" 40.
  counts_plover_kind    share of gold `dead` / `injured` numbers for which the
                        count with that value has kind KILL / WOUND (in `kinds`).

Unreachable by design: a size of 1 written without a number ("A member of
the Syrian parliament", "the deputy chief"). There is no peer for counts, so
only our numbers are printed, one line per gold number. Details:
OUT/counts.jsonl. Also run from eval/run.py (--only counts).
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORD_VALUES = {'thousands': 2000, 'hundreds of thousands': 200000, 'hundreds': 200, 'dozens': 24, 'scores': 40}


def gold_value(v):
    v = str(v).strip().lower()
    if v in WORD_VALUES:
        return float(WORD_VALUES[v])
    try:
        return float(v.replace(',', ''))
    except ValueError:
        return None


def suite_counts(args, scores):
    path = os.path.join(args.data, 'events_plover_gsr', 'PLOVER_GSR_CAMEO.json')
    if not os.path.exists(path):
        print('counts: skipped: %s not found' % path)
        return
    with open(path, encoding='utf-8') as f:
        recs = [r for r in json.load(f) if r.get('text') and any(k in r for k in ('size', 'dead', 'injured'))]
    work = os.path.join(args.out, 'counts')
    os.makedirs(work, exist_ok=True)
    inp = os.path.join(work, 'plover.jsonl')
    with open(inp, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps({'url': 'plover:' + r['id'], 'text': r['text']}) + '\n')
    p = subprocess.run([args.bin, 'extract', '--quiet', inp], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=120)
    ours = {}
    for line in p.stdout.decode('utf-8', 'replace').split('\n'):
        if line.strip():
            o = json.loads(line)
            ours[o['source']['record']] = o.get('counts', [])
    details, found, kind_ok, kind_n = [], 0, 0, 0
    print('\n== counts: PLOVER gold records with size/dead/injured (%d sentences, %s)' % (
        len(recs), os.path.relpath(path, args.data)))
    print('   %-28s %-8s %10s  %-5s %-16s %s' % ('record', 'field', 'gold', 'found', 'our kinds', 'our count (object)'))
    for n, r in enumerate(recs, 1):
        counts = ours.get(n, [])
        for field in ('size', 'dead', 'injured'):
            if field not in r:
                continue
            want = gold_value(r[field])
            hit = next((c for c in counts if want is not None and c['value'] is not None
                        and abs(c['value'] - want) < 1e-9), None)
            found += hit is not None
            want_kind = {'dead': 'KILL', 'injured': 'WOUND'}.get(field)
            ok_kind = None
            if want_kind:
                kind_n += 1
                ok_kind = bool(hit and want_kind in hit['kinds'])
                kind_ok += ok_kind
            details.append({'id': r['id'], 'field': field, 'gold': r[field], 'found': hit is not None,
                            'kind_ok': ok_kind, 'count': hit, 'text': r['text']})
            print('   %-28s %-8s %10s  %-5s %-16s %s' % (
                r['id'].replace('PLOVER-GSR01-', ''), field, r[field], 'yes' if hit else 'no',
                ','.join(hit['kinds']) if hit else '-',
                ('%s (%s)' % (hit['text'], hit['object'])) if hit else ''))
    total = len(details)
    scores['counts_plover_value'] = found / total if total else 0.0
    scores['counts_plover_kind'] = kind_ok / kind_n if kind_n else 0.0
    print('=> value found %d/%d = %.3f; kind KILL/WOUND right %d/%d = %.3f  (no peer for counts)' % (
        found, total, scores['counts_plover_value'], kind_ok, kind_n, scores['counts_plover_kind']))
    with open(os.path.join(args.out, 'counts.jsonl'), 'w') as f:
        for d in details:
            f.write(json.dumps(d) + '\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    scores = {}
    suite_counts(args, scores)
    print(json.dumps({k: round(v, 4) for k, v in scores.items()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
