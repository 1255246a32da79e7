#!/usr/bin/env python3
"""Quote and speaker evaluation on PolNeAR (../shared/data/quotes_polnear).

  python3 eval/quotes.py --bin build/newsgraph [--split dev|train] [--out build/eval]
                         [--data ../shared/data] [--errors N]

Each article's .txt goes through `newsgraph extract --format text`. The
plain-text reader takes the headline line out of `text` and cleans white
space, so our spans are mapped back to the original characters by
aligning our text's words, in order, to the original (each word is
searched forward from the previous match; a word not found within a
window is skipped). Gold: the lexicographically first .ann of an article
(brat standoff; Content and Source may be discontinuous).

Scores (tokens are \\w+ runs of the original text):
  direct   gold = Content spans whose first character is a quotation mark;
           ours = quotes with direct: true and partial: false (partial
           quotes, led into by the writer's words, are fragments that
           PolNeAR keeps inside a longer Content).
  direct_partial  the same with our partial quotes too; one that lies inside
           a gold Content not starting with a mark (>= 0.5 of its tokens) and
           matches no direct one is left out of precision (the printout
           also gives the precision with them counted as errors).
  all      gold = every Content; ours = every quote.
  A gold span is found (recall) when one of ours covers >= 0.3 of its
  tokens; one of ours is right (precision) when a gold span covers >= 0.3
  of its tokens. F1 = 2PR/(P+R).
  speaker  over found gold spans that have a Source: right when the
           speaker_span of our best-overlapping quote overlaps a Source
           segment of that attribution (characters).
Per-quote details go to OUT/quotes_<split>.jsonl. Text is never copied
into the repo (the corpus is research-only).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

OPEN_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
WORD = re.compile(r'\w+')


def parse_ann(path):
    """-> list of attributions {'content': [(s,e)], 'source': [(s,e)], 'cue': [(s,e)]}."""
    spans = {}
    atts = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if not parts or not parts[0]:
                continue
            if parts[0].startswith('T') and len(parts) >= 2:
                role, _, rng = parts[1].partition(' ')
                segs = []
                for piece in rng.split(';'):
                    a, b = piece.split()
                    segs.append((int(a), int(b)))
                spans[parts[0]] = (role, segs)
            elif parts[0].startswith('E') and len(parts) >= 2:
                atts.append(parts[1].split())
    out = []
    for args in atts:
        a = {'content': [], 'source': [], 'cue': []}
        for arg in args:
            role, _, tid = arg.partition(':')
            role = re.sub(r'\d+$', '', role).lower()
            if role in a and tid in spans:
                a[role].extend(spans[tid][1])
        if a['content']:
            a['content'].sort()
            out.append(a)
    return out


def align(ours, orig, window=3000, start=0):
    """Char map from our text to the original: list of orig index or -1."""
    m = [-1] * (len(ours) + 1)
    pos = start
    for w in re.finditer(r'\S+', ours):
        word = w.group()
        at = orig.find(word, pos, pos + window + len(word))
        if at < 0:
            continue
        for k in range(len(word)):
            m[w.start() + k] = at + k
        pos = at + len(word)
    return m


def map_span(m, s, e):
    """Our [s, e) -> original [s', e') or None."""
    if s is None or e is None or e <= s:
        return None
    e = min(e, len(m) - 1)
    a = next((m[i] for i in range(s, e) if m[i] >= 0), None)
    b = next((m[i] for i in range(e - 1, s - 1, -1) if m[i] >= 0), None)
    if a is None or b is None or b < a:
        return None
    return (a, b + 1)


def token_set(starts, ends, segs):
    """Indexes of tokens (parallel start/end lists) overlapping any segment."""
    import bisect
    out = set()
    for s, e in segs:
        i = bisect.bisect_right(ends, s)
        while i < len(starts) and starts[i] < e:
            out.add(i)
            i += 1
    return out


def overlaps(a, segs):
    return a is not None and any(a[0] < e and s < a[1] for s, e in segs)


def is_direct(text, segs):
    """Content opening with a double quotation mark, or with two apostrophes
    (the typewriter double mark of the NYT archive texts: ''It is ...'')."""
    s = segs[0][0]
    frag = text[s:segs[0][1]].lstrip()
    return bool(frag) and (frag[0] in OPEN_MARKS or frag.startswith("''"))


def score(pairs_gold, pairs_ours, pairs_other=None):
    """pairs_*: lists over docs of lists of token sets -> (P, R, F1, found flags, counts).
    pairs_other: gold spans that neither count for nor against one of ours
    that lies inside them (>= 0.5 of its tokens) and matches no gold span."""
    tp_o = n_o = tp_g = n_g = ignored = 0
    found = []
    for d, (gold, ours) in enumerate(zip(pairs_gold, pairs_ours)):
        other = pairs_other[d] if pairs_other else []
        f_doc = []
        for g in gold:
            best, best_ov = None, 0
            for j, o in enumerate(ours):
                ov = len(g & o)
                if ov > best_ov:
                    best, best_ov = j, ov
            ok = bool(g) and best_ov >= 0.3 * len(g)
            f_doc.append(best if ok else None)
            tp_g += ok
            n_g += 1
        for o in ours:
            ok = bool(o) and any(len(g & o) >= 0.3 * len(o) for g in gold)
            if not ok and o and any(len(g & o) >= 0.5 * len(o) for g in other):
                ignored += 1
                continue
            tp_o += ok
            n_o += 1
        found.append(f_doc)
    p = tp_o / n_o if n_o else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, found, (tp_o, n_o, tp_g, n_g, ignored)


def run(binary, paths):
    recs = {}
    for i in range(0, len(paths), 200):
        chunk = paths[i:i + 200]
        p = subprocess.run([binary, 'extract', '--quiet', '--format', 'text'] + chunk, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=600)
        for line in p.stdout.decode('utf-8', 'replace').split('\n'):
            if line.strip():
                r = json.loads(line)
                recs.setdefault(os.path.realpath(r['source']['path']), []).append(r)
    return recs


def evaluate(binary, data, split, out_dir=None, errors=0):
    D = os.path.join(data, 'quotes_polnear', split)
    if not os.path.isdir(D):
        return None
    texts = sorted(glob.glob(os.path.join(D, 'text', '*.txt')))
    recs = run(binary, texts)
    docs = []
    for path in texts:
        base = os.path.basename(path)[:-4]
        anns = sorted(glob.glob(os.path.join(D, 'attributions', base + '_*.ann')))
        if not anns:
            continue
        orig = open(path, encoding='utf-8').read()
        gold = parse_ann(anns[0])
        toks = [(t.start(), t.end()) for t in WORD.finditer(orig)]
        starts = [a for a, _ in toks]
        ends = [b for _, b in toks]
        ours = []
        # The text reader may split a file into several records (it sees a
        # new article after a headline-like line): align each in turn.
        pos = 0
        for rec in recs.get(os.path.realpath(path)) or []:
            m = align(rec.get('text') or '', orig, start=pos)
            pos = max([x for x in m if x >= 0] or [pos])
            for q in rec.get('quotes') or []:
                sp = map_span(m, q['start'], q['end'])
                ss = q.get('speaker_span')
                spk = map_span(m, ss[0], ss[1]) if ss else None
                ours.append({'q': q, 'span': sp, 'speaker': spk,
                             'tokens': token_set(starts, ends, [sp]) if sp else set()})
        for g in gold:
            g['tokens'] = token_set(starts, ends, g['content'])
            g['direct'] = is_direct(orig, g['content'])
        docs.append({'name': base, 'orig': orig, 'gold': gold, 'ours': ours})

    res = {'split': split, 'docs': len(docs)}
    details = []
    for kind in ('direct', 'direct_partial', 'all'):
        G = [[g for g in d['gold'] if kind == 'all' or g['direct']] for d in docs]
        O = [[o for o in d['ours'] if kind == 'all' or (o['q']['direct'] and
                                                       (kind == 'direct_partial' or not o['q'].get('partial')))]
             for d in docs]
        # A partial quote inside a reported clause ("said the plan was "a
        # disaster"") is a direct quote for us but part of an indirect
        # Content in PolNeAR, which has no separate span for it: such
        # quotes are left out of direct-quote precision (counted apart).
        other = [[g['tokens'] for g in d['gold'] if not g['direct']] for d in docs] if kind == 'direct_partial' else None
        p, r, f, found, counts = score([[g['tokens'] for g in gs] for gs in G],
                                       [[o['tokens'] for o in os_] for os_ in O], other)
        strict_p = counts[0] / (counts[1] + counts[4]) if counts[1] + counts[4] else 0.0
        sp_ok = sp_n = 0
        for d, gs, os_, fd in zip(docs, G, O, found):
            for g, j in zip(gs, fd):
                o = os_[j] if j is not None else None
                ok = None
                if j is not None and g['source']:
                    ok = overlaps(o['speaker'], g['source'])
                    sp_ok += ok
                    sp_n += 1
                if kind == 'direct' and out_dir:
                    details.append({'doc': d['name'], 'gold': g['content'], 'gold_source': g['source'],
                                    'found': j is not None, 'speaker_ok': ok,
                                    'our_span': o['span'] if o else None, 'our_speaker': o['q']['speaker'] if o else None,
                                    'via': o['q'].get('speaker_via') if o else None,
                                    'our_speaker_span': o['speaker'] if o else None})
            if kind == 'direct' and out_dir:
                for o in os_:
                    if not any(len(g['tokens'] & o['tokens']) >= 0.3 * max(1, len(o['tokens'])) for g in gs) and \
                            not any(len(g['tokens'] & o['tokens']) >= 0.5 * max(1, len(o['tokens']))
                                    for g in d['gold'] if not g['direct']):
                        details.append({'doc': d['name'], 'false_positive': o['span'], 'our_speaker': o['q']['speaker']})
        res[kind] = {'precision': p, 'recall': r, 'f1': f, 'strict_precision': strict_p, 'speaker': sp_ok / sp_n if sp_n else 0.0,
                     'speaker_n': sp_n, 'counts': counts}
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, 'quotes_%s.jsonl' % split), 'w', encoding='utf-8') as f:
            for row in details:
                f.write(json.dumps(row) + '\n')
    if errors:
        shown = 0
        for d in docs:
            for row in [x for x in details if x['doc'] == d['name']]:
                if shown >= errors:
                    break
                if row.get('false_positive'):
                    s = row['false_positive']
                    print('FP  %s: %r  [%s]' % (d['name'][:30], d['orig'][s[0]:s[1]][:100], row['our_speaker']))
                    shown += 1
                elif not row['found']:
                    s = row['gold'][0]
                    print('FN  %s: %r' % (d['name'][:30], d['orig'][s[0]:s[1]][:100]))
                    shown += 1
                elif row['speaker_ok'] is False:
                    src = ' '.join(d['orig'][a:b] for a, b in row['gold_source'])
                    s = row['gold'][0]
                    print('SPK %s: gold %r ours %r  (%r)' % (d['name'][:30], src, row['our_speaker'],
                                                          d['orig'][s[0]:s[1]][:60]))
                    shown += 1
    return res


def print_result(res):
    print('\n== quotes: PolNeAR %s (%d articles; overlap >= 0.3 of the span, in \\w+ tokens)' % (
        res['split'], res['docs']))
    print('   %-28s %6s %6s %6s %8s  %s' % ('', 'prec', 'recall', 'F1', 'speaker', '(ours ok/ours, gold found/gold)'))
    for kind, label in (('direct', 'direct quotes'), ('direct_partial', '  with partial quotes'),
                        ('all', 'all attributions')):
        r = res[kind]
        c = r['counts']
        print('=> %-28s %6.3f %6.3f %6.3f %8.3f  (%d/%d, %d/%d; speaker over %d)' % (
            'newsgraph ' + label, r['precision'], r['recall'], r['f1'], r['speaker'], c[0], c[1], c[2], c[3],
            r['speaker_n']))
        if c[4]:
            print('   %d partial quotes inside indirect gold contents left out of precision; counted as errors,'
                  ' precision would be %.3f' % (c[4], r['strict_precision']))
    print('   (no peer runs on PolNeAR here; published, other data: Gender Gap Tracker quotes F1 0.837,'
          ' speaker 0.865; Citron on PARC3 content overlap F1 0.833)')


def suite(args, scores, splits=('dev', 'train')):
    for split in splits:
        res = evaluate(args.bin, args.data, split, args.out)
        if res is None:
            print('quotes: skipped: %s not found' % os.path.join(args.data, 'quotes_polnear', split))
            continue
        print_result(res)
        for kind in ('direct', 'direct_partial', 'all'):
            for k in ('f1', 'precision', 'recall', 'speaker'):
                scores['quotes_%s_%s_%s' % (split, kind, k)] = res[kind][k]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default=os.path.join(here, '..', 'build', 'newsgraph'))
    ap.add_argument('--data', default=os.path.join(here, '..', '..', 'shared', 'data'))
    ap.add_argument('--split', default='dev')
    ap.add_argument('--out', default=os.path.join(here, '..', 'build', 'eval'))
    ap.add_argument('--errors', type=int, default=0, help='print N errors (use on train, not dev)')
    a = ap.parse_args()
    res = evaluate(os.path.abspath(a.bin), a.data, a.split, a.out, a.errors)
    if res is None:
        print('skipped: data not found')
        return 0
    print_result(res)
    return 0


if __name__ == '__main__':
    sys.exit(main())
