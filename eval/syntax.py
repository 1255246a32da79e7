#!/usr/bin/env python3
"""Syntax on UD English EWT dev: UPOS, UAS and LAS (CoNLL 2018 definitions).

  python3 eval/syntax.py --bin build/newsgraph [--data ../shared/data] [--out build/eval]
      [--file OTHER.conllu[.gz]]
  (also run by eval/run.py as the suite "syntax")

Runs `newsgraph parse --conllu` (the POS tagger, then the parser on its
tags) on en_ewt-ud-dev.conllu.gz with gold tokenisation and scores it as
the CoNLL 2018 shared task's script does with gold words: words are the
lines whose ID is an integer (multiword ranges like 3-4 and empty nodes
like 5.1 are skipped), punctuation is included, and LAS compares only the
universal part of DEPREL (nsubj:pass counts as nsubj). --file scores
another treebank the same way (printed, never a floor). The EWT test
file is held out and never read here. Python 3 stdlib only.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def words(text):
    """CoNLL-U text -> [(form, upos, xpos, head, universal deprel)] of its
    words (integer IDs only). eval/pos.py reads the same words."""
    out = []
    for line in text.split('\n'):
        if not line or line.startswith('#'):
            continue
        cols = line.split('\t')
        if not cols[0].isdigit():
            continue
        out.append((cols[1], cols[3], cols[4], cols[6], cols[7].split(':')[0]))
    return out


def parse_conllu(args, text):
    """Runs `newsgraph parse --conllu` on CoNLL-U text: (its output as bytes,
    tokens per second from its TIMING line or None), or None when it failed
    (said on stdout)."""
    models = os.path.join(os.path.dirname(args.bin), 'models')
    r = subprocess.run([args.bin, 'parse', '--conllu', '--models', models, '--timing'], input=text.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if r.returncode != 0:
        print('   parse failed (exit %d): %s' % (r.returncode, r.stderr.decode(errors='replace').strip()))
        return None
    timing = [l for l in r.stderr.decode().splitlines() if l.startswith('TIMING ')]
    return r.stdout, json.loads(timing[-1][7:]).get('tokens_per_sec') if timing else None


def score(gold, pred):
    if len(gold) != len(pred) or any(g[0] != p[0] for g, p in zip(gold, pred)):
        raise ValueError('predicted words do not line up with the gold words')
    n = len(gold) or 1
    upos = sum(g[1] == p[1] for g, p in zip(gold, pred)) / n
    uas = sum(g[3] == p[3] for g, p in zip(gold, pred)) / n
    las = sum(g[3] == p[3] and g[4] == p[4] for g, p in zip(gold, pred)) / n
    return {'upos': upos, 'uas': uas, 'las': las, 'words': len(gold)}


def run(args, path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        text = f.read()
    parsed = parse_conllu(args, text)
    if not parsed:
        return None, None
    out, tps = parsed
    s = score(words(text), words(out.decode()))
    s['tokens_per_sec'] = tps
    print('   words %d  UPOS %.4f  UAS %.4f  LAS %.4f%s' % (s['words'], s['upos'], s['uas'], s['las'],
          '  (%s tokens/s with tagging)' % s['tokens_per_sec'] if s['tokens_per_sec'] else ''))
    return s, out


def suite_syntax(args, scores):
    print('\n== syntax: UD English EWT dev (UPOS, UAS, LAS; CoNLL 2018 words, universal DEPREL)')
    dev = os.path.join(args.data, 'ud-english', 'en_ewt-ud-dev.conllu.gz')
    if not os.path.exists(dev):
        print('   %s not found, skipped' % dev)
        return
    s, out = run(args, dev)
    if not s:
        return
    if s['uas'] == 0:
        print('   no HEAD predicted (parse.bin missing?), not scored')
        return
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, 'syntax-dev.conllu'), 'wb') as f:
            f.write(out)
    scores['syntax_ewt_dev_upos'] = s['upos']
    scores['syntax_ewt_dev_uas'] = s['uas']
    scores['syntax_ewt_dev_las'] = s['las']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    ap.add_argument('--file', help='score this CoNLL-U file instead of EWT dev (no floors)')
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    if args.file:
        print('== syntax: %s' % args.file)
        s, _ = run(args, args.file)
        return 0 if s else 1
    scores = {}
    suite_syntax(args, scores)
    return 0 if scores else 1


if __name__ == '__main__':
    sys.exit(main())
