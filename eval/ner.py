#!/usr/bin/env python3
"""NER accuracy on CoNLL-2003 eng.testa (the dev set), next to compromise.

  python3 eval/ner.py --bin build/newsgraph [--data ../shared/data] [--out build/eval]
  (also run by eval/run.py as the suite "ner")

Runs `newsgraph tag --conll --models build/models` on eng.testa and
scores the appended column against the gold column, conlleval-style:
entity-level exact match (same first token, last token and type),
micro-averaged, per type and overall. The peer, compromise, is scored by
its own runner on the same file (`node build/peers/ner_conll_eval.js`);
without build/peers the figure recorded in ../shared/peers/README.md is
printed, labelled as recorded. eng.testb is held out and never read here.
Python 3 stdlib only.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TYPES = ['PER', 'ORG', 'LOC', 'MISC']


def chunks(tags):
    """IOB1 or IOB2 tags of one sentence -> set of (start, end, type), as conlleval."""
    out, start, typ = set(), None, None
    for i, t in enumerate(tags + ['O']):
        prefix, _, ty = t.partition('-')
        begins = prefix == 'B' or (prefix == 'I' and ty != typ)
        if start is not None and (t == 'O' or begins):
            out.add((start, i, typ))
            start, typ = None, None
        if prefix in ('B', 'I') and (start is None or begins):
            start, typ = i, ty
    return out


def score_lines(lines, gold_col=-2, pred_col=-1):
    """Lines of 'word ... gold pred' -> {type: [gold, pred, correct]} with 'ALL'."""
    counts = {t: [0, 0, 0] for t in TYPES + ['ALL']}
    sent_g, sent_p = [], []

    def flush():
        g, p = chunks(sent_g), chunks(sent_p)
        for c in g:
            counts[c[2]][0] += 1
            counts['ALL'][0] += 1
        for c in p:
            counts[c[2]][1] += 1
            counts['ALL'][1] += 1
        for c in g & p:
            counts[c[2]][2] += 1
            counts['ALL'][2] += 1
        sent_g.clear()
        sent_p.clear()
    for line in lines:
        f = line.split()
        if not f or f[0] == '-DOCSTART-':
            flush()
            continue
        sent_g.append(f[gold_col])
        sent_p.append(f[pred_col])
    flush()
    return counts


def prf(c):
    g, p, k = c
    pr = k / p if p else 0.0
    rc = k / g if g else 0.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def recorded_peer():
    md = os.path.join(REPO, '..', 'shared', 'peers', 'README.md')
    try:
        text = open(md, encoding='utf-8').read()
    except OSError:
        return None
    m = re.search(r'With all gold types: P ([\d.]+), R ([\d.]+), \*\*F1 ([\d.]+)\*\*', text)
    per = dict(re.findall(r'(PER|LOC|ORG|MISC) ([\d.]+)', text.split('Per type:')[1].split('\n')[0])) if 'Per type:' in text else {}
    if not m:
        return None
    return {'overall': float(m.group(3)) / 100, 'types': {k: float(v) / 100 for k, v in per.items()}, 'recorded': True}


def run_peer(testa, peers):
    js = os.path.join(peers, 'ner_conll_eval.js')
    if not os.path.exists(js) or not os.path.isdir(os.path.join(peers, 'node_modules')):
        return recorded_peer()
    try:
        p = subprocess.run(['node', js, testa], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        r = json.loads(p.stdout.decode().strip().split('\n')[-1])
        a = r['all']
        frac = lambda v: v / 100 if v > 1 else v  # the runner reports percentages
        return {'overall': frac(a['overall']['f1']), 'types': {t: frac(a['types'][t]['f1']) for t in a['types']},
                'recorded': False}
    except Exception as e:  # a broken peer install: fall back to the recorded figure
        print('ner: peer failed (%s); using the recorded figure' % e, file=sys.stderr)
        return recorded_peer()


def suite_ner(args, scores):
    testa = os.path.join(args.data, 'conll2003-en', 'eng.testa')
    models = os.path.join(REPO, 'build', 'models')
    if not os.path.exists(testa):
        print('ner: skipped: %s not found' % testa)
        return
    if not os.path.exists(os.path.join(models, 'ner.bin')):
        print('ner: skipped: no model at build/models/ner.bin (make builds it from ../shared)')
        return
    with open(testa, 'rb') as f:
        p = subprocess.run([args.bin, 'tag', '--conll', '--models', models], stdin=f,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if p.returncode != 0:
        raise RuntimeError('tag --conll failed: ' + p.stderr.decode('utf-8', 'replace')[:300])
    out = p.stdout.decode('utf-8', 'replace').split('\n')
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'ner_testa.conll'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(out))
    counts = score_lines(out)
    peer = run_peer(testa, os.path.join(REPO, 'build', 'peers'))
    print('\n== ner: CoNLL-2003 eng.testa (dev), entity-level exact match (conlleval)')
    label = 'compromise' + (' (recorded)' if peer and peer['recorded'] else '')
    print('   %-6s %7s %7s %7s %7s %7s   %s F1' % ('type', 'P', 'R', 'F1', 'gold', 'pred', label))
    for t in TYPES + ['ALL']:
        pr, rc, f1 = prf(counts[t])
        pf = peer['overall'] if peer and t == 'ALL' else (peer['types'].get(t) if peer else None)
        print('   %-6s %7.4f %7.4f %7.4f %7d %7d   %s' % (t, pr, rc, f1, counts[t][0], counts[t][1],
                                                        '%.4f' % pf if pf is not None else '-'))
        key = 'ner_testa_f1' if t == 'ALL' else 'ner_testa_f1_' + t.lower()
        scores[key] = f1
    pr, rc, _ = prf(counts['ALL'])
    scores['ner_testa_precision'] = pr
    scores['ner_testa_recall'] = rc


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    args = ap.parse_args(argv)
    if not os.path.isdir(args.data):
        print('skipped: ../shared/data not found')
        return 0
    scores = {}
    suite_ner(args, scores)
    print(json.dumps({k: round(v, 4) for k, v in sorted(scores.items())}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
