#!/usr/bin/env python3
"""Tone: agreement of newsgraph's GDELT-style tone with VADER (Python 3 stdlib only).

  python3 eval/tone.py --bin build/newsgraph [--out build/eval] [--data ../shared/data] [--peers build/peers]

There is no tone gold data here, so this measures agreement with the peer,
VADER (`node build/peers/tone_vader.js --sentences`), on the same texts: the
BBC News corpus (../shared/data/news-text-bbc, 2,225 stories, research use,
read in place and never copied into the repo). newsgraph reads each story
first; its record's `text` (the body, without the headline line) is written
to OUT/tone/texts/ and VADER scores exactly those texts, so both tools see
the same words.

Printed side by side, per category and overall:
  pearson(doc)   Pearson r of our tone.score vs VADER's whole-text compound
  pearson(sent)  ... vs the mean of VADER's per-sentence compounds (VADER's
                 whole-text compound saturates at +-1 on long texts)
  sign           share of texts where our score and VADER's compound have
                 the same sign (texts where VADER's compound is 0 are left out)
Scores (for eval/floors.json): tone_vader_pearson, tone_vader_pearson_sent,
tone_vader_sign. Per-text details: OUT/tone.jsonl. Also run from eval/run.py
(--only tone).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def pearson(xs, ys):
    n = len(xs)
    if n < 2:
        return float('nan')
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float('nan')


def sign(v):
    return (v > 0) - (v < 0)


def stats(rows):
    ours = [r['ours'] for r in rows]
    sign_rows = [r for r in rows if r['vader'] != 0]
    agree = sum(1 for r in sign_rows if sign(r['ours']) == sign(r['vader']))
    return {
        'n': len(rows),
        'pearson': pearson(ours, [r['vader'] for r in rows]),
        'pearson_sent': pearson(ours, [r['vader_sent'] for r in rows]),
        'sign': agree / len(sign_rows) if sign_rows else float('nan'),
        'ours_mean': sum(ours) / len(ours) if ours else float('nan'),
        'vader_mean': sum(r['vader'] for r in rows) / len(rows) if rows else float('nan'),
    }


def parse_jsonl(data):
    out = []
    for line in data.decode('utf-8', 'replace').split('\n'):
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def suite_tone(args, scores):
    D = os.path.join(args.data, 'news-text-bbc')
    peers = getattr(args, 'peers', None) or os.path.join(REPO, 'build', 'peers')
    runner = os.path.join(peers, 'tone_vader.js')
    if not os.path.isdir(D):
        print('tone: skipped: %s not found' % D)
        return
    if not os.path.exists(runner) or not os.path.isdir(os.path.join(peers, 'node_modules', 'vader-sentiment')):
        print('tone: skipped: VADER peer not installed in %s (see ../shared/peers/README.md)' % peers)
        return
    t0 = time.time()
    cats = sorted(c for c in os.listdir(D) if os.path.isdir(os.path.join(D, c)))
    texts_dir = os.path.join(args.out, 'tone', 'texts')
    rows = []
    ng_secs = vader_secs = 0.0
    for cat in cats:
        src = os.path.join(D, cat)
        t1 = time.time()
        p = subprocess.run([args.bin, 'extract', '--quiet', src], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=600)
        ng_secs += time.time() - t1
        ours = {}
        os.makedirs(os.path.join(texts_dir, cat), exist_ok=True)
        for r in parse_jsonl(p.stdout):
            doc = os.path.splitext(os.path.basename(r.get('source', {}).get('path', '')))[0]
            if not doc or not r.get('tone'):
                continue
            ours[doc] = r
            with open(os.path.join(texts_dir, cat, doc + '.txt'), 'w', encoding='utf-8') as f:
                f.write(r.get('text') or '')
        t1 = time.time()
        v = subprocess.run(['node', runner, '--sentences', os.path.join(texts_dir, cat)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=1200)
        vader_secs += time.time() - t1
        if v.returncode != 0:
            print('tone: VADER failed on %s: %s' % (cat, v.stderr.decode('utf-8', 'replace')[-300:]))
            return
        for vr in parse_jsonl(v.stdout):
            r = ours.get(vr.get('id'))
            if r is None:
                continue
            t = r['tone']
            rows.append({'cat': cat, 'id': vr['id'], 'ours': t['score'], 'positive': t['positive'],
                         'negative': t['negative'], 'words': t['word_count'], 'vader': vr['compound'],
                         'vader_sent': vr.get('sent_mean_compound', 0.0)})
    if not rows:
        print('tone: no texts scored')
        return
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'tone.jsonl'), 'w') as f:
        for r in rows:
            f.write(json.dumps(r) + '\n')
    print('\n== tone: newsgraph tone.score vs VADER compound on news-text-bbc (%d texts, same body text)' % len(rows))
    print('   %-14s %5s %13s %14s %6s %11s %11s' % ('category', 'n', 'pearson(doc)', 'pearson(sent)', 'sign',
                                                  'ours mean', 'VADER mean'))
    for cat in cats + ['all']:
        sub = rows if cat == 'all' else [r for r in rows if r['cat'] == cat]
        if not sub:
            continue
        s = stats(sub)
        print('%s %-14s %5d %13.3f %14.3f %6.3f %11.3f %11.3f' % ('=>' if cat == 'all' else '  ', cat, s['n'],
                                                                 s['pearson'], s['pearson_sent'], s['sign'],
                                                                 s['ours_mean'], s['vader_mean']))
    s = stats(rows)
    scores['tone_vader_pearson'] = s['pearson']
    scores['tone_vader_pearson_sent'] = s['pearson_sent']
    scores['tone_vader_sign'] = s['sign']
    print('   side by side, first 3 texts of each category (ours: score = pos - neg, % of words; VADER: compound):')
    print('   %-22s %8s %7s %7s %9s %9s' % ('text', 'ours', 'pos', 'neg', 'VADER', 'VADER/snt'))
    for cat in cats:
        for r in [x for x in rows if x['cat'] == cat][:3]:
            print('   %-22s %8.3f %7.3f %7.3f %9.4f %9.4f' % (cat + '/' + r['id'], r['ours'], r['positive'],
                                                           r['negative'], r['vader'], r['vader_sent']))
    print('  time: newsgraph %.1fs, VADER %.1fs (with node startups)  details: %s  (%.1fs)' % (
        ng_secs, vader_secs, os.path.join(args.out, 'tone.jsonl'), time.time() - t0))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    ap.add_argument('--peers', default=os.path.join(REPO, 'build', 'peers'))
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    scores = {}
    suite_tone(args, scores)
    print(json.dumps({k: round(v, 4) for k, v in scores.items()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
