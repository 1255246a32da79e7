#!/usr/bin/env python3
"""NER accuracy on CoNLL-2003 eng.testa (the dev set), next to compromise,
for the default (open) model and the CoNLL-trained one; and the open
model's per-type F1 on the held-out part of each open training set.

  python3 eval/ner.py --bin build/newsgraph [--data ../shared/data] [--out build/eval]
  (also run by eval/run.py as the suite "ner")

Runs `newsgraph tag --conll --models DIR` on eng.testa, DIR = build/models
(the shipped open model: metrics ner_open_testa_*) and build/conll/models
(the CoNLL model of `make train-conll`, when built: metrics ner_testa_*),
and scores the appended column against the gold column, conlleval-style:
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


OPEN_SETS = os.path.join(REPO, 'models', 'ner-open.sets')


def tag_lines(binary, models, path_or_bytes):
    """`tag --conll` output lines for a file (path) or CoNLL text (bytes)."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, 'rb').read()
    p = subprocess.run([binary, 'tag', '--conll', '--models', models], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if p.returncode != 0:
        raise RuntimeError('tag --conll failed: ' + p.stderr.decode('utf-8', 'replace')[:300])
    return p.stdout.decode('utf-8', 'replace').split('\n')


def open_sets():
    """(name, path, options) of each line of models/ner-open.sets."""
    out = []
    for line in open(OPEN_SETS, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        parts = line.split(':')
        opts = dict(p.split('=', 1) if '=' in p else (p, True) for p in parts[1:])
        out.append((os.path.splitext(os.path.basename(parts[0]))[0], parts[0], opts))
    return out


def held_out(path, chunk, holdout):
    """The documents train-ner holds out of a set (every holdout-th run of
    `chunk` sentences), as CoNLL text with -DOCSTART- between documents."""
    sents, cur = [], []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.strip():
            cur.append(line)
        elif cur:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    docs = [sents[i:i + chunk] for i in range(0, len(sents), chunk)]
    out = []
    for k, doc in enumerate(docs):
        if k % holdout == holdout - 1:
            out.append('-DOCSTART- O\n')
            for s in doc:
                out.append('\n'.join(s) + '\n\n')
    return ''.join(out).encode('utf-8')


def suite_open_sets(args, models, scores):
    """Per-type F1 of the open model on each set's held-out part. On sets
    that never tag MISC a MISC guess is not counted (the trainer masks it)."""
    root = os.path.join(args.data, 'ner-open')
    print('\n== ner: open model on the held-out part of each training set (models/ner-open.sets)')
    print('   %-18s %7s %7s %7s %7s %7s %6s' % ('set', 'ALL', 'PER', 'ORG', 'LOC', 'MISC', 'gold'))
    for name, rel, opts in open_sets():
        path = os.path.join(root, rel)
        if not os.path.exists(path) or 'holdout' not in opts:
            continue
        lines = tag_lines(args.bin, models, held_out(path, int(opts.get('chunk', 10**9)), int(opts['holdout'])))
        if opts.get('nomisc'):
            lines = [re.sub(r' [BI]-MISC$', ' O', l) for l in lines]
        c = score_lines(lines)
        f = {t: prf(c[t])[2] for t in TYPES + ['ALL']}
        print('   %-18s %7.4f %7.4f %7.4f %7.4f %7s %6d' % (name, f['ALL'], f['PER'], f['ORG'], f['LOC'],
              '-' if opts.get('nomisc') else '%.4f' % f['MISC'], c['ALL'][0]))
        key = 'ner_open_heldout_' + name.replace('-', '_')
        scores[key + '_f1'] = f['ALL']
        for t in TYPES:
            if c[t][0] and not (t == 'MISC' and opts.get('nomisc')):
                scores[key + '_f1_' + t.lower()] = f[t]


def score_testa(args, models, prefix, scores, testa):
    out = tag_lines(args.bin, models, testa)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, prefix + 'testa.conll'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(out))
    counts = score_lines(out)
    for t in TYPES + ['ALL']:
        key = prefix + 'testa_f1' if t == 'ALL' else prefix + 'testa_f1_' + t.lower()
        scores[key] = prf(counts[t])[2]
    pr, rc, _ = prf(counts['ALL'])
    scores[prefix + 'testa_precision'] = pr
    scores[prefix + 'testa_recall'] = rc
    return counts



def suite_ner(args, scores):
    testa = os.path.join(args.data, 'conll2003-en', 'eng.testa')
    models = os.path.join(os.path.dirname(os.path.abspath(args.bin)), 'models')
    conll_models = os.path.join(REPO, 'build', 'conll', 'models')
    if not os.path.exists(os.path.join(models, 'ner.bin')):
        print('ner: skipped: no model at %s/ner.bin (make copies models/ner.bin there)' % models)
        return
    if os.path.exists(os.path.join(args.data, 'ner-open')):
        suite_open_sets(args, models, scores)
    if not os.path.exists(testa):
        print('ner: testa skipped: %s not found' % testa)
        return
    runs = [('open model', 'ner_open_', models)]
    if os.path.exists(os.path.join(conll_models, 'ner.bin')):
        runs.append(('CoNLL model', 'ner_', conll_models))
    else:
        print('ner: no CoNLL-trained model (make train-conll builds build/conll/models/ner.bin)')
    got = [(label, score_testa(args, m, prefix, scores, testa)) for label, prefix, m in runs]
    peer = run_peer(testa, os.path.join(REPO, 'build', 'peers'))
    print('\n== ner: CoNLL-2003 eng.testa (dev), entity-level exact match (conlleval); the open model never saw CoNLL')
    label = 'compromise' + (' (recorded)' if peer and peer['recorded'] else '')
    print('   %-6s' % 'type' + ''.join('   %-26s' % l for l, _ in got) + '   %s F1' % label)
    print('   %-6s' % '' + ''.join('   %7s %7s %7s %4s' % ('P', 'R', 'F1', '') for _ in got))
    for t in TYPES + ['ALL']:
        pf = peer['overall'] if peer and t == 'ALL' else (peer['types'].get(t) if peer else None)
        cols = ''.join('   %7.4f %7.4f %7.4f %4s' % (prf(c[t]) + ('',)) for _, c in got)
        print('   %-6s%s   %s' % (t, cols, '%.4f' % pf if pf is not None else '-'))


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
