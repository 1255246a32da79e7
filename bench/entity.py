#!/usr/bin/env python3
"""Entity-resolution speed: ng_entities_resolve alone on the MEANTIME
documents with their gold named mentions (as eval/entity.py feeds them),
each resolved REPEAT times in one process; the time is measured inside the
driver around the resolver call only (no parsing, no tokenizing).

    python3 bench/entity.py --driver build/entity_driver [--repeat 200]

There is no peer that resolves given mentions, so it prints absolute
throughput (mentions/s, documents/s) rather than a ratio.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'eval'))
import entity as E  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--driver', default='build/entity_driver')
    ap.add_argument('--data', default=os.path.join(HERE, '..', '..', 'shared', 'data'))
    ap.add_argument('--repeat', type=int, default=200)
    a = ap.parse_args()
    base = os.path.join(a.data, 'meantime_en')
    if not os.path.isdir(base) or not os.access(a.driver, os.X_OK):
        print('entity bench: skipped (no %s or no %s)' % (base, a.driver))
        return 0
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(base) for f in fs if f.endswith('.xml'))
    docs = [E.load_doc(f) for f in files]
    lines = ''.join(json.dumps({'text': t, 'mentions': [[m[0], m[1], m[2]] for m in ms]}) + '\n'
                    for t, ms in docs)
    p = subprocess.run([a.driver, '--time', str(a.repeat)], input=lines.encode(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    line = [l for l in p.stderr.decode().splitlines() if l.startswith('resolve:')][0].split()
    mentions, ndocs, secs = int(line[1]), int(line[3]), float(line[5])
    print('entity resolution (MEANTIME, gold mentions, %d docs x %d): %.0f mentions/s, %.0f docs/s, '
          '%.1f us/doc' % (len(docs), a.repeat, mentions / secs, ndocs / secs, secs / ndocs * 1e6))
    return 0


if __name__ == '__main__':
    sys.exit(main())
