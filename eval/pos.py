#!/usr/bin/env python3
"""POS accuracy on UD English EWT dev: UPOS and XPOS.

  python3 eval/pos.py --bin build/newsgraph [--data ../shared/data] [--out build/eval]
  (also run by eval/run.py as the suite "pos")

Runs `newsgraph parse --conllu` on en_ewt-ud-dev.conllu.gz and compares
columns 4 (UPOS) and 5 (XPOS) with the gold file, with the CoNLL 2018
shared task's definitions: words are the lines whose ID is an integer
(multiword ranges like 3-4 and empty nodes like 5.1 are skipped),
punctuation included. The tokenisation is the gold one, so the words line
up one to one. The test file is held out and never read here.
Python 3 stdlib only.
"""
import argparse
import gzip
import os
import sys

from syntax import parse_conllu, words  # the same CoNLL-U words and parse run

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def score(gold, pred):
    if len(gold) != len(pred) or any(g[0] != p[0] for g, p in zip(gold, pred)):
        raise ValueError('predicted words do not line up with the gold words')
    n = len(gold)
    upos = sum(g[1] == p[1] for g, p in zip(gold, pred)) / n if n else 0.0
    xpos = sum(g[2] == p[2] for g, p in zip(gold, pred)) / n if n else 0.0
    return {'pos_ewt_dev_upos': upos, 'pos_ewt_dev_xpos': xpos, 'words': n}


def suite_pos(args, scores):
    print('\n== pos: UD English EWT dev (UPOS/XPOS accuracy, CoNLL 2018 words)')
    dev = os.path.join(args.data, 'ud-english', 'en_ewt-ud-dev.conllu.gz')
    if not os.path.exists(dev):
        print('   %s not found, skipped' % dev)
        return
    with gzip.open(dev, 'rt', encoding='utf-8') as f:
        text = f.read()
    parsed = parse_conllu(args, text)
    if not parsed:
        return
    out, tps = parsed
    s = score(words(text), words(out.decode()))
    print('   words %d  UPOS %.4f  XPOS %.4f%s' % (s['words'], s['pos_ewt_dev_upos'], s['pos_ewt_dev_xpos'],
                                                  '  (%s tokens/s)' % tps if tps else ''))
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, 'pos-dev.conllu'), 'wb') as f:
            f.write(out)
    scores['pos_ewt_dev_upos'] = s['pos_ewt_dev_upos']
    scores['pos_ewt_dev_xpos'] = s['pos_ewt_dev_xpos']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    scores = {}
    suite_pos(args, scores)
    return 0 if scores else 1


if __name__ == '__main__':
    sys.exit(main())
