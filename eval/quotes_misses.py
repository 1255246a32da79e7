#!/usr/bin/env python3
"""Missed PolNeAR attributions grouped by cause, to choose what to fix next.

  python3 eval/quotes_misses.py [train|dev] [CAUSE]      (N=40: examples shown)
  WORDS=1 python3 eval/quotes_misses.py train            (+ unknown cue words)

Runs build/newsgraph over the split and classes each gold attribution that
no quote of ours finds (eval/quotes.py's rule: >= 0.3 of its tokens):
no_cue; cue_used_content_mismatch (our cue is the gold cue, our content
misses); partial_overlap (ours touch it, < 0.3); known_cue_missed (its cue
is in lexicons/verbs.tsv or cues.tsv, nothing in the sentence);
known_cue_sentence_taken (the sentence has another of ours); unknown_cue,
unknown_cue_sentence_taken (cue not in the lexicons); "+multisent" when the
gold content spans sentences. With CAUSE, prints examples (PolNeAR text, to
the terminal only: the corpus is research-only). Develop on train; dev is
for the score.
"""
import collections, glob, json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quotes as Q

split = sys.argv[1] if len(sys.argv) > 1 else 'train'
show = sys.argv[2] if len(sys.argv) > 2 else ''
data = os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data')
binary = os.path.join(os.path.dirname(__file__), '..', 'build', 'newsgraph')
D = os.path.join(data, 'quotes_polnear', split)

lex = {}
for f in ('lexicons/verbs.tsv', 'lexicons/cues.tsv'):
    for line in open(os.path.join(os.path.dirname(__file__), '..', f)):
        if line.startswith('#') or not line.strip(): continue
        p = line.rstrip('\n').split('\t')
        if f.endswith('verbs.tsv'):
            if p[4] != '-': lex[p[0]] = p[4]
        else: lex[p[0]] = p[2]

texts = sorted(glob.glob(os.path.join(D, 'text', '*.txt')))
recs = Q.run(binary, texts)
causes = collections.Counter()
cuectr = collections.defaultdict(collections.Counter)
examples = collections.defaultdict(list)
total = 0
for path in texts:
    base = os.path.basename(path)[:-4]
    anns = sorted(glob.glob(os.path.join(D, 'attributions', base + '_*.ann')))
    if not anns: continue
    orig = open(path, encoding='utf-8').read()
    gold = Q.parse_ann(anns[0])
    toks = [(t.start(), t.end()) for t in Q.WORD.finditer(orig)]
    starts = [a for a, _ in toks]; ends = [b for _, b in toks]
    ours = []
    pos = 0
    for rec in recs.get(os.path.realpath(path)) or []:
        m = Q.align(rec.get('text') or '', orig, start=pos)
        pos = max([x for x in m if x >= 0] or [pos])
        for q in rec.get('quotes') or []:
            sp = Q.map_span(m, q['start'], q['end'])
            cs = q.get('cue_span')
            cue = Q.map_span(m, cs[0], cs[1]) if cs else None
            ours.append({'span': sp, 'cue': cue, 'tokens': Q.token_set(starts, ends, [sp]) if sp else set(), 'q': q})
    for g in gold:
        total += 1
        gt = Q.token_set(starts, ends, g['content'])
        best = max((len(gt & o['tokens']) for o in ours), default=0)
        if gt and best >= 0.3 * len(gt): continue
        cue = ' '.join(orig[a:b] for a, b in sorted(g['cue'])).lower().strip()
        cs = min((a for a, b in g['content']))
        ce = max((b for a, b in g['content']))
        content = orig[cs:ce]
        # sentence of the cue: from previous [.!?]\s or \n to next
        anchor = min(a for a, b in g['cue']) if g['cue'] else cs
        ss = max(orig.rfind('\n', 0, anchor), max((m.end() for m in re.finditer(r'[.!?]["\u201d]?\s', orig[:anchor])), default=0) - 1)
        nx = re.search(r'[.!?]["\u201d]?(\s|$)|\n', orig[anchor:])
        se = anchor + (nx.end() if nx else len(orig) - anchor)
        sent = orig[ss + 1:se]
        ourcue = [o for o in ours if o['cue'] and g['cue'] and Q.overlaps(o['cue'], g['cue'])]
        insent = [o for o in ours if o['span'] and o['span'][0] < se and o['span'][1] > ss]
        multi = bool(re.search(r'[.!?]["\u201d]?\s+[A-Z"\u201c]', content.strip()[:-2]))
        words = cue.split()
        if not g['cue']: cause = 'no_cue'
        elif ourcue: cause = 'cue_used_content_mismatch'
        elif best > 0: cause = 'partial_overlap'
        elif cue in lex or (words and words[0] in lex):
            cause = 'known_cue_sentence_taken' if insent else 'known_cue_missed'
        else:
            cause = 'unknown_cue_sentence_taken' if insent else 'unknown_cue'
        if multi: cause += '+multisent'
        causes[cause] += 1
        cuectr[cause][cue] += 1
        examples[cause].append((base, cue, sent.strip()[:300], content[:150]))
print('%s: %d gold, %d missed' % (split, total, sum(causes.values())))
for k, v in causes.most_common():
    print('%5d %s   top cues: %s' % (v, k, ', '.join('%s:%d' % x for x in cuectr[k].most_common(25))))
if show:
    for b, cue, s, ct in examples[show][:int(os.environ.get('N', 40))]:
        print('---', b[:40], '| CUE', repr(cue)); print('   S:', s); print('   C:', ct)
if os.environ.get('WORDS'):
    aux = set('is are was were be been being has have had will would could should may might do does did not also still already just to the a an of that who he she they it his her their its'.split())
    wc = collections.Counter()
    for k in causes:
        if 'unknown' in k:
            for w, n in cuectr[k].items():
                ws = [x for x in re.findall(r"[a-z’']+|:|—", w) if x not in aux]
                if ws: wc[' '.join(ws[:2]) if len(ws) > 1 and ws[1] in ('to','that','about','on','for','with') else ws[0]] += n
    print(', '.join('%s:%d' % x for x in wc.most_common(300)))
