#!/usr/bin/env python3
"""Events: PLOVER type and actors on the PLOVER gold records, CAMEO codes on
the PETRARCH-2 validation records (Python 3 stdlib only).

  python3 eval/events.py --bin build/newsgraph [--out build/eval] [--data ../shared/data] [--syntax]

--syntax runs extract with the syntax stage, so the coder reads subjects and
objects off the dependency parse (the dependency path) instead of its own
tags and shallow rules; the scores then carry the prefix events_syntax_.

PLOVER GSR (../shared/data/events_plover_gsr, 164 sentences coded by the
PLOVER authors in PLOVER 0.5, each with one event): every sentence is one
JSON Lines record (published 2000-01-01, as the records say) and the
scorer is the one issue 13 states:
  type        a sentence counts when one of our events has the gold type
  type+actors a sentence counts when one of our events has the gold type and
              its source and its target each share a word with the gold
              actor text (case-folded; the, of, a, an, and left out) or carry
              the gold country code; a gold side with no actor needs nothing
  per_sent    our events per sentence (guessing does not pay: at most 1.5)
PETRARCH-2 GSR (events_petrarch_validation/PETR2_GSR_validation.xml, 39
sentences, codes from PETRARCH-2 corrected by hand):
  root        of the sentences with events, the share where one of our events
              has the CAMEO root (first two digits) of a gold event
  code        the same with the whole CAMEO code
  noevent     of the sentences coded with no event, the share where we code none
No-event sentences written for this evaluation (weather, sports results,
recipes; below, in NO_EVENT): the number of events coded on them (must be 0).
Scores (eval/floors.json): events_plover_type, events_plover_type_actors,
events_plover_rate_headroom (1.5 - events per sentence, so >= 0),
events_petrarch_root, events_petrarch_noevent, events_no_event_clean (the
share of no-event sentences left without events). Per-sentence details:
OUT/events.jsonl. Also run from eval/run.py (--only events).
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Sentences with no political event: the coder must code none of them.
NO_EVENT = [
    'Heavy rain is expected across the north of England on Tuesday, with up to 40mm falling on high ground.',
    'Forecasters warned of strong winds and snow showers moving in from the Atlantic overnight.',
    'Temperatures will climb to 31C in Madrid by the weekend before storms break the heat on Monday.',
    'Manchester City beat Chelsea 3-1 at the Etihad on Saturday, with Erling Haaland scoring twice.',
    'The Lakers defeated the Celtics 112-104 in Boston, and LeBron James finished with 31 points.',
    'Novak Djokovic won the final in straight sets after his opponent struggled with a knee injury.',
    'Preheat the oven to 200C, then roast the peppers for 25 minutes until the skins blister.',
    'Whisk the eggs with the sugar, fold in the flour and bake the sponge for half an hour.',
    'Add the onions to the pan, season with salt and pepper and simmer the sauce for ten minutes.',
    'Shares in the carmaker rose 4% after it reported higher quarterly sales in China and Europe.',
]

STOP = {'the', 'of', 'a', 'an', 'and', 's', 'in', 'on', 'to', 'for'}


def words(s):
    return {w for w in re.findall(r"[a-z0-9]+", (s or '').lower()) if w not in STOP}


def as_list(x):
    if not x:
        return []
    if isinstance(x, str):
        return [{'actorText': x}]
    return [a for a in x if isinstance(a, dict)]


def actor_matches(ours, gold):
    """Ours (an event's source or target, or None) against a gold list."""
    gold = as_list(gold)
    if not gold:
        return True
    if not ours:
        return False
    mine = words(ours.get('text'))
    for g in gold:
        if mine & words(g.get('actorText')):
            return True
        if ours.get('country') and g.get('code') and ours['country'] == g['code']:
            return True
    return False


def run(binary, rows, path, syntax=False):
    """rows: [(text, published)] -> the events of each, in order."""
    with open(path, 'w', encoding='utf-8') as f:
        for i, (text, published) in enumerate(rows):
            rec = {'url': 'eval:%d' % i, 'text': text}
            if published:
                rec['published'] = published
            f.write(json.dumps(rec) + '\n')
    cmd = [binary, 'extract', '--quiet'] + (['--syntax'] if syntax else []) + [path]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=300)
    out = {}
    for line in p.stdout.decode('utf-8', 'replace').split('\n'):
        if line.strip():
            o = json.loads(line)
            out[o['source']['record']] = o.get('events', [])
    return [out.get(i + 1, []) for i in range(len(rows))]


def plover(args, scores, details):
    path = os.path.join(args.data, 'events_plover_gsr', 'PLOVER_GSR_CAMEO.json')
    if not os.path.exists(path):
        print('events: skipped: %s not found' % path)
        return
    with open(path, encoding='utf-8') as f:
        recs = [r for r in json.load(f) if r.get('text') and r.get('event') not in (None, 'DOCUMENT')]
    work = os.path.join(args.out, 'events')
    os.makedirs(work, exist_ok=True)
    events = run(args.bin, [(r['text'], r.get('date') or '2000-01-01') for r in recs],
                 os.path.join(work, 'plover.jsonl'), args.syntax)
    n_type = n_both = n_events = 0
    by_type = {}
    for r, evs in zip(recs, events):
        typed = [e for e in evs if e['type'] == r['event']]
        both = [e for e in typed if actor_matches(e.get('source'), r.get('source'))
                and actor_matches(e.get('target'), r.get('target'))]
        n_type += bool(typed)
        n_both += bool(both)
        n_events += len(evs)
        t = by_type.setdefault(r['event'], [0, 0, 0])
        t[0] += 1
        t[1] += bool(typed)
        t[2] += bool(both)
        details.append({'suite': 'plover', 'id': r['id'], 'gold': r['event'], 'ours': [e['type'] for e in evs],
                        'type_ok': bool(typed), 'actors_ok': bool(both), 'text': r['text'],
                        'events': [{k: e.get(k) for k in ('type', 'cameo', 'source', 'target', 'trigger')} for e in evs]})
    n = len(recs)
    scores['events_plover_type'] = n_type / n
    scores['events_plover_type_actors'] = n_both / n
    scores['events_plover_per_sentence'] = n_events / n
    # floors only go up, so the cap of 1.5 events a sentence is checked as headroom >= 0
    scores['events_plover_rate_headroom'] = 1.5 - n_events / n
    print('\n== events: PLOVER gold records (%d sentences, %s)' % (n, os.path.relpath(path, args.data)))
    print('   %-12s %5s %7s %9s' % ('type', 'gold', 'type', '+actors'))
    for t in sorted(by_type):
        g, a, b = by_type[t]
        print('   %-12s %5d %7.2f %9.2f' % (t, g, a / g, b / g))
    print('=> type accuracy %d/%d = %.3f; type+actors %d/%d = %.3f; events per sentence %.2f (must be <= 1.5)' % (
        n_type, n, scores['events_plover_type'], n_both, n, scores['events_plover_type_actors'],
        scores['events_plover_per_sentence']))


def petrarch_sentences(path):
    """(text, date, [eventcode], noevents) of each <Sentence> of the file,
    read with regular expressions: the file is not well-formed XML."""
    text = open(path, encoding='utf-8', errors='replace').read()
    out = []
    for block in re.split(r'<Sentence\s', text)[1:]:
        block = block.split('</Sentence>')[0]
        m = re.search(r'<Text>(.*?)</Text>', block, re.S)
        if not m:
            continue
        date = re.search(r'date="(\d{8})"', block)
        codes = re.findall(r'eventcode="(\d+)"', block)
        noev = 'noevents="True"' in block
        d = date.group(1) if date else None
        out.append((' '.join(m.group(1).split()), '%s-%s-%s' % (d[:4], d[4:6], d[6:]) if d else None, codes, noev))
    return out


def petrarch(args, scores, details):
    path = os.path.join(args.data, 'events_petrarch_validation', 'PETR2_GSR_validation.xml')
    if not os.path.exists(path):
        print('events: skipped: %s not found' % path)
        return
    sents = petrarch_sentences(path)
    work = os.path.join(args.out, 'events')
    os.makedirs(work, exist_ok=True)
    events = run(args.bin, [(t, d) for t, d, _, _ in sents], os.path.join(work, 'petrarch.jsonl'), args.syntax)
    n_ev = root_ok = code_ok = n_no = no_ok = n_events = 0
    for (text, _, codes, noev), evs in zip(sents, events):
        ours = [e['cameo'] for e in evs]
        n_events += len(evs)
        if codes:
            n_ev += 1
            r = any(o[:2] == c[:2] for o in ours for c in codes)
            k = any(o == c for o in ours for c in codes)
            root_ok += r
            code_ok += k
        elif noev:
            n_no += 1
            no_ok += not evs
        details.append({'suite': 'petrarch', 'gold': codes, 'noevents': noev, 'ours': ours, 'text': text})
    scores['events_petrarch_root'] = root_ok / n_ev if n_ev else 0.0
    scores['events_petrarch_code'] = code_ok / n_ev if n_ev else 0.0
    scores['events_petrarch_noevent'] = no_ok / n_no if n_no else 0.0
    print('\n== events: PETRARCH-2 GSR validation (%d sentences, %s)' % (len(sents), os.path.relpath(path, args.data)))
    print('=> with events: CAMEO root %d/%d = %.3f, whole code %d/%d = %.3f; no-event sentences left empty %d/%d; '
          'events per sentence %.2f' % (root_ok, n_ev, scores['events_petrarch_root'], code_ok, n_ev,
                                        scores['events_petrarch_code'], no_ok, n_no, n_events / max(1, len(sents))))


def no_event(args, scores, details):
    work = os.path.join(args.out, 'events')
    os.makedirs(work, exist_ok=True)
    events = run(args.bin, [(t, None) for t in NO_EVENT], os.path.join(work, 'no_event.jsonl'), args.syntax)
    coded = sum(len(e) for e in events)
    for t, evs in zip(NO_EVENT, events):
        details.append({'suite': 'no_event', 'ours': [e['type'] for e in evs], 'text': t})
    scores['events_no_event_coded'] = float(coded)
    scores['events_no_event_clean'] = sum(1 for e in events if not e) / len(NO_EVENT)
    print('=> no-event sentences (weather, sports, recipes, markets): %d events coded on %d sentences (must be 0)' % (
        coded, len(NO_EVENT)))


def suite_events(args, scores):
    details = []
    syntax = getattr(args, 'syntax', False)
    args.syntax = syntax
    mine = {}
    if syntax:
        print('\n== events with the syntax stage (the dependency path)')
    plover(args, mine, details)
    petrarch(args, mine, details)
    no_event(args, mine, details)
    for k, v in mine.items():
        scores[k.replace('events_', 'events_syntax_', 1) if syntax else k] = v
    with open(os.path.join(args.out, 'events_syntax.jsonl' if syntax else 'events.jsonl'), 'w', encoding='utf-8') as f:
        for d in details:
            f.write(json.dumps(d) + '\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    ap.add_argument('--syntax', action='store_true', help='run extract with the syntax stage (the dependency path)')
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    os.makedirs(args.out, exist_ok=True)
    scores = {}
    suite_events(args, scores)
    print(json.dumps({k: round(v, 4) for k, v in scores.items()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
