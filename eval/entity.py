#!/usr/bin/env python3
"""In-document entity resolution on MEANTIME (English, shared side).

    python3 eval/entity.py --driver build/entity_driver [--data ../shared/data]

Gold: the named mentions (syntactic_type NAM) of each of the 60 Wikinews
articles in ../shared/data/meantime_en and the entity each REFERS_TO.
They are given to the resolver as a perfect tagger would (build/entity_driver,
eval/entity_driver.c), so this scores grouping alone, not tagging. The
text is the document's tokens joined by spaces. Metric: B-cubed P/R/F1
over mentions, micro-averaged over documents (a mention the resolver drops
is its own cluster). The reference next to ours: exact-string grouping
(identical mention text = same entity), the usual baseline.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TYPES = {'PER': 'PER', 'ORG': 'ORG', 'LOC': 'LOC'}


def load_doc(path):
    root = ET.parse(path).getroot()
    toks, off, pos = {}, {}, 0
    parts = []
    for t in root.iter('token'):
        w = t.text or ''
        off[t.get('t_id')] = (pos, pos + len(w))
        parts.append(w)
        pos += len(w) + 1
    text = ' '.join(parts)
    ents = {}
    for e in root.iter('ENTITY'):
        ents[e.get('m_id')] = e.get('ent_type') or 'MIX'
    refers = {}
    for r in root.iter('REFERS_TO'):
        src = [s.get('m_id') for s in r.iter('source')]
        tgt = [t.get('m_id') for t in r.iter('target')]
        for s in src:
            if tgt:
                refers[s] = tgt[0]
    mentions = []
    for m in root.iter('ENTITY_MENTION'):
        if m.get('syntactic_type') != 'NAM':
            continue
        ids = [a.get('t_id') for a in m.iter('token_anchor')]
        if not ids or m.get('m_id') not in refers or refers[m.get('m_id')] not in ents:
            continue
        s, e = off[ids[0]][0], off[ids[-1]][1]
        gold = refers[m.get('m_id')]
        mentions.append((s, e, TYPES.get(ents[gold], 'MISC'), gold, text[s:e]))
    mentions.sort()
    kept, end = [], -1  # a perfect tagger emits no overlapping runs
    for m in mentions:
        if m[0] >= end:
            kept.append(m)
            end = m[1]
    return text, kept


def bcubed(pred, gold):
    """pred, gold: cluster label per mention. Returns (P, R, n)."""
    n = len(gold)
    p = r = 0.0
    for i in range(n):
        same_p = {j for j in range(n) if pred[j] == pred[i]}
        same_g = {j for j in range(n) if gold[j] == gold[i]}
        inter = len(same_p & same_g)
        p += inter / len(same_p)
        r += inter / len(same_g)
    return p, r, n


def prf(p, r, n):
    P, R = (p / n, r / n) if n else (0.0, 0.0)
    return P, R, (2 * P * R / (P + R) if P + R else 0.0)


def run(driver, data, out_dir=None):
    """Returns scores {entity_bcubed_f1, ...}, or None without the data."""
    base = os.path.join(data, 'meantime_en')
    if not os.path.isdir(base):
        return None
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(base) for f in fs if f.endswith('.xml'))
    docs = [load_doc(f) for f in files]
    lines = ''.join(json.dumps({'text': t, 'mentions': [[m[0], m[1], m[2]] for m in ms]}) + '\n'
                    for t, ms in docs)
    p = subprocess.run([driver], input=lines.encode(), stdout=subprocess.PIPE, timeout=300)
    if p.returncode:
        raise RuntimeError('entity_driver failed with %d' % p.returncode)
    outs = [json.loads(l) for l in p.stdout.decode().split('\n') if l.strip()]
    ours = [0.0, 0.0, 0]
    base_s = [0.0, 0.0, 0]
    rows = []
    for (text, ms), o, path in zip(docs, outs, files):
        gold = [m[3] for m in ms]
        pred = [('e%d' % x) if x else ('drop%d' % i) for i, x in enumerate(o['entity'])]
        norm = [re.sub(r"('s|’s)$", '', m[4]).lower() for m in ms]
        bp, br, n = bcubed(pred, gold)
        ours = [ours[0] + bp, ours[1] + br, ours[2] + n]
        xp, xr, _ = bcubed(norm, gold)
        base_s = [base_s[0] + xp, base_s[1] + xr, base_s[2] + n]
        rows.append({'doc': os.path.basename(path), 'mentions': n, 'bcubed_p': bp / n if n else 0,
                     'bcubed_r': br / n if n else 0})
    if out_dir:
        with open(os.path.join(out_dir, 'entity.jsonl'), 'w') as f:
            for r in rows:
                f.write(json.dumps(r) + '\n')
    P, R, F = prf(*ours)
    bP, bR, bF = prf(*base_s)
    print('\n== entity resolution: MEANTIME en (%d docs, %d named mentions, gold mentions)' % (len(docs), ours[2]))
    print('   %-22s %8s %8s %8s' % ('', 'B3 P', 'B3 R', 'B3 F1'))
    print('   %-22s %8.4f %8.4f %8.4f' % ('newsgraph', P, R, F))
    print('   %-22s %8.4f %8.4f %8.4f' % ('exact-string baseline', bP, bR, bF))
    return {'entity_bcubed_p': P, 'entity_bcubed_r': R, 'entity_bcubed_f1': F}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--driver', default='build/entity_driver')
    ap.add_argument('--data', default='../shared/data')
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    s = run(a.driver, a.data, a.out)
    if s is None:
        print('skipped: meantime_en not found')
    return 0


if __name__ == '__main__':
    sys.exit(main())
