#!/usr/bin/env python3
"""Temporal expressions (dates[]) against TimeML gold, TempEval-3 style.

  python3 eval/timex.py --bin build/newsgraph --out build/eval [--data ../shared/data]
                        [--no-peers] [--docs N]

Data: DATA/timeml_tempeval3 (every *.tml below it: TBAQ-cleaned here, the
te3-platinum test where it is present) and, when present, DATA/meantime_en
(NAF/CAT XML with TIMEX3 values).

Each document's <TEXT> (tags removed, XML entities decoded) goes to the
engine as one JSON Lines record {"text", "published": DCT}; our spans,
which are offsets into the record's cleaned text, are mapped back to the
raw text by aligning the two without white space (difflib), so a dropped
headline or collapsed spaces cannot shift them. The peers (chrono-node,
dateparser) get the same raw text as files, with --ref DCT, and are scored
by the same code.

Scores (TempEval-3 Task A, as in the official TE3-evaluation.py):
  strict  P/R/F1: exact span match;
  relaxed P/R/F1: overlapping spans (one-to-one, in text order);
  type accuracy over relaxed matches; value F1: relaxed match with an
  identical value string (P over system timexes, R over gold ones).
Imported by eval/run.py (suite "timex"); runnable alone.
"""
import argparse
import difflib
import glob
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

TAG_RE = re.compile(r'<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>')
ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


# ---------------------------------------------------------------------------
# gold

def parse_tml(path):
    """-> {id, dct, text, gold: [(start, end, type, value)]} (code points in text)."""
    s = open(path, encoding='utf-8').read()
    m = re.search(r'<DCT>\s*<TIMEX3([^>]*)>', s)
    dct = dict(ATTR_RE.findall(m.group(1))).get('value', '') if m else ''
    a = s.find('<TEXT>')
    b = s.find('</TEXT>')
    if a < 0 or b < 0:
        return None
    body = s[a + len('<TEXT>'):b]
    out, gold, open_tx = [], [], None
    pos = 0
    n = 0  # length of decoded text so far

    def emit(chunk):
        nonlocal n
        t = html.unescape(chunk)
        out.append(t)
        n += len(t)
    for tm in TAG_RE.finditer(body):
        emit(body[pos:tm.start()])
        pos = tm.end()
        closing, name, attrs = tm.group(1), tm.group(2), tm.group(3)
        if name != 'TIMEX3':
            continue
        if not closing:
            at = dict(ATTR_RE.findall(attrs))
            open_tx = (n, at.get('type', ''), at.get('value', ''))
        elif open_tx:
            gold.append((open_tx[0], n, open_tx[1], open_tx[2]))
            open_tx = None
    emit(body[pos:])
    return {'id': os.path.splitext(os.path.basename(path))[0], 'path': path, 'dct': dct,
            'text': ''.join(out), 'gold': gold}


# MEANTIME annotates the title, the date line and the first four sentences
# of each article (sentences 0..5); system timexes after them are not scored.
MEANTIME_SENTENCES = 5


def parse_meantime(path):
    """MEANTIME CAT XML: tokens with t_id, TIMEX3 with token anchors."""
    s = open(path, encoding='utf-8').read()
    toks = {}
    order = []
    for m in re.finditer(r'<token ([^>]*)>(.*?)</token>', s, re.S):
        at = dict(ATTR_RE.findall(m.group(1)))
        tid = at.get('t_id')
        toks[tid] = (html.unescape(m.group(2)), int(at.get('sentence', '0') or 0))
        order.append(tid)
    # rebuild text: tokens separated by spaces, sentences by newlines
    text, spans, prev_sent = [], {}, None
    n = 0
    scored_until = 0
    for tid in order:
        w, sent = toks[tid]
        if prev_sent is not None:
            sep = '\n' if sent != prev_sent else ' '
            text.append(sep)
            n += 1
        spans[tid] = (n, n + len(w))
        text.append(w)
        n += len(w)
        prev_sent = sent
        if sent <= MEANTIME_SENTENCES:
            scored_until = n
    gold, dct = [], ''
    for m in re.finditer(r'<TIMEX3 ([^>]*?)(?:/>|>(.*?)</TIMEX3>)', s, re.S):
        at = dict(ATTR_RE.findall(m.group(1)))
        anchors = re.findall(r't_id="([^"]+)"', m.group(2) or '')
        if at.get('functionInDocument') == 'CREATION_TIME':
            dct = at.get('value', '')
            continue
        if not anchors:
            continue
        ss = [spans[a] for a in anchors if a in spans]
        if ss:
            gold.append((min(x[0] for x in ss), max(x[1] for x in ss), at.get('type', ''), at.get('value', '')))
    return {'id': os.path.splitext(os.path.basename(path))[0], 'path': path, 'dct': dct,
            'text': ''.join(text), 'gold': sorted(gold), 'scored_until': scored_until}


# ---------------------------------------------------------------------------
# mapping our record text back to the raw text

def align(rec_text, raw):
    """-> list: record code point index -> raw index (or None)."""
    def strip(t):
        idx = [i for i, c in enumerate(t) if not c.isspace()]
        return ''.join(t[i] for i in idx), idx
    a, ai = strip(rec_text)
    b, bi = strip(raw)
    m = [None] * (len(rec_text) + 1)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            m[ai[blk.a + k]] = bi[blk.b + k]
    return m


def map_span(m, s, e):
    """Our [s, e) -> raw [s', e') via the first and last mapped characters."""
    a = next((m[i] for i in range(s, e) if i < len(m) and m[i] is not None), None)
    b = next((m[i] for i in range(e - 1, s - 1, -1) if i < len(m) and m[i] is not None), None)
    if a is None or b is None or b < a:
        return None
    return a, b + 1


# ---------------------------------------------------------------------------
# scoring

def score_doc(gold, pred):
    """gold, pred: lists of (s, e, type, value). -> counts."""
    c = {'gold': len(gold), 'sys': len(pred), 'strict': 0, 'relaxed': 0, 'type': 0, 'value': 0}
    gspans = {(g[0], g[1]) for g in gold}
    c['strict'] = sum(1 for p in pred if (p[0], p[1]) in gspans)
    used = set()
    for p in sorted(pred):
        for k, g in enumerate(gold):
            if k in used or not (p[0] < g[1] and g[0] < p[1]):
                continue
            used.add(k)
            c['relaxed'] += 1
            c['type'] += p[2] == g[2]
            c['value'] += p[3] == g[3]
            break
    return c


def prf(hit, sys_n, gold_n):
    p = hit / sys_n if sys_n else 0.0
    r = hit / gold_n if gold_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarize(counts):
    t = {k: sum(c[k] for c in counts) for k in ('gold', 'sys', 'strict', 'relaxed', 'type', 'value')}
    sp, sr, sf = prf(t['strict'], t['sys'], t['gold'])
    rp, rr, rf = prf(t['relaxed'], t['sys'], t['gold'])
    vp, vr, vf = prf(t['value'], t['sys'], t['gold'])
    tp, tr, tf = prf(t['type'], t['sys'], t['gold'])
    return {'strict_p': sp, 'strict_r': sr, 'strict_f1': sf, 'relaxed_p': rp, 'relaxed_r': rr,
            'relaxed_f1': rf, 'value_p': vp, 'value_r': vr, 'value_f1': vf, 'type_f1': tf,
            'type_acc': t['type'] / t['relaxed'] if t['relaxed'] else 0.0, **t}


# ---------------------------------------------------------------------------
# running

def run_ours(binary, docs, workdir):
    inp = os.path.join(workdir, 'input.jsonl')
    with open(inp, 'w', encoding='utf-8') as f:
        for d in docs:
            f.write(json.dumps({'text': d['text'], 'published': d['dct'][:10]}, ensure_ascii=False) + '\n')
    t0 = time.time()
    p = subprocess.run([binary, 'extract', '--quiet', '--format', 'jsonl', inp], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=600)
    secs = time.time() - t0
    by = {}
    for line in p.stdout.decode('utf-8').split('\n'):
        if line.strip():
            r = json.loads(line)
            by[r['source']['record']] = r
    preds = []
    for k, d in enumerate(docs, 1):
        r = by.get(k)
        out = []
        if r:
            m = align(r['text'], d['text'])
            for x in r.get('dates', []):
                sp = map_span(m, x['start'], x['end'])
                if sp:
                    out.append((sp[0], sp[1], x['type'], x['value']))
        preds.append(out)
    return preds, secs


def byte_to_cp(text):
    table, b = {}, 0
    for i, ch in enumerate(text):
        table[b] = i
        b += len(ch.encode('utf-8'))
    table[b] = len(text)
    return table


def run_peer(name, cmd_prefix, docs, workdir):
    """Runs a peer per DCT (its --ref) over the docs' raw text files. The
    output is cached in workdir by peer, text and DCT (dateparser needs
    minutes for TimeBank); delete the cache to rerun."""
    key = hashlib.sha1(json.dumps([cmd_prefix[-1:], [(d['dct'][:10], d['text']) for d in docs]]).encode()).hexdigest()
    cache = os.path.join(workdir, 'cache-%s-%s.json' % (name, key[:16]))
    if os.path.exists(cache):
        with open(cache, encoding='utf-8') as f:
            return [[tuple(x) for x in p] for p in json.load(f)], 'cached'
    preds, info = run_peer_uncached(cmd_prefix, docs, workdir)
    if preds is not None:
        with open(cache, 'w', encoding='utf-8') as f:
            json.dump(preds, f)
    return preds, info


def run_peer_uncached(cmd_prefix, docs, workdir):
    ddir = os.path.join(workdir, 'docs')
    os.makedirs(ddir, exist_ok=True)
    groups = {}
    for k, d in enumerate(docs):
        fn = os.path.join(ddir, '%04d.txt' % k)
        with open(fn, 'w', encoding='utf-8') as f:
            f.write(d['text'])
        groups.setdefault(d['dct'][:10], []).append((k, fn))
    preds = [[] for _ in docs]
    t0 = time.time()
    for ref, items in sorted(groups.items()):
        if not re.match(r'^\d{4}-\d\d-\d\d$', ref):
            continue
        try:
            p = subprocess.run(cmd_prefix + ['--ref', ref] + [fn for _, fn in items], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=600, cwd=REPO)
        except (OSError, subprocess.TimeoutExpired) as e:
            return None, str(e)
        if p.returncode != 0:
            return None, p.stderr.decode('utf-8', 'replace')[-300:]
        by = {}
        for line in p.stdout.decode('utf-8').split('\n'):
            if line.strip():
                r = json.loads(line)
                by[r['id']] = r
        for k, _ in items:
            r = by.get('%04d' % k)
            if not r:
                continue
            tab = byte_to_cp(docs[k]['text'])
            for x in r.get('dates', []):
                s, e = tab.get(x['bstart']), tab.get(x['bend'])
                if s is None or e is None or e <= s:
                    continue
                typ = 'TIME' if x.get('grain') == 'time' else 'DATE'
                preds[k].append((s, e, typ, x.get('value', '')))
    return preds, time.time() - t0


def evaluate(docs, preds):
    """Scores; only the annotated part of a document when it has a limit."""
    return summarize([score_doc(d['gold'], [x for x in p if x[0] < d.get('scored_until', len(d['text']))])
                      for d, p in zip(docs, preds)])


def load_timeml(data, limit=None):
    files = sorted(glob.glob(os.path.join(data, 'timeml_tempeval3', '**', '*.tml'), recursive=True))
    docs = [d for d in (parse_tml(f) for f in files) if d and d['dct']]
    return docs[:limit] if limit else docs


def load_meantime(data, limit=None):
    files = sorted(glob.glob(os.path.join(data, 'meantime_en', '**', '*.xml'), recursive=True))
    docs = [d for d in (parse_meantime(f) for f in files) if d and d['dct'] and d['gold']]
    return docs[:limit] if limit else docs


def print_table(title, rows):
    print(title)
    print('   %-14s %6s %6s %6s | %6s %6s %6s | %6s %6s | %6s  %5s %5s' % (
        'tool', 'strP', 'strR', 'strF1', 'relP', 'relR', 'relF1', 'typeA', 'typeF1', 'valF1', 'sys', 'gold'))
    for name, s, mine in rows:
        if s is None:
            print('   %-14s (not run)' % name)
            continue
        print('%s %-14s %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f | %6.3f %6.3f | %6.3f  %5d %5d' % (
            '=>' if mine else '  ', name, s['strict_p'], s['strict_r'], s['strict_f1'], s['relaxed_p'],
            s['relaxed_r'], s['relaxed_f1'], s['type_acc'], s['type_f1'], s['value_f1'], s['sys'], s['gold']))


def peer_cmds():
    peers = os.path.join(REPO, 'build', 'peers')
    out = []
    if os.path.exists(os.path.join(peers, 'dates_chrono.js')):
        out.append(('chrono-node', ['node', os.path.join(peers, 'dates_chrono.js')]))
    if os.path.exists(os.path.join(peers, 'dates_dateparser.py')):
        out.append(('dateparser', ['/usr/bin/python3', os.path.join(peers, 'dates_dateparser.py')]))
    return out


def suite(args, scores):
    """The eval/run.py hook: fills scores['timex_*'] and ['meantime_*']."""
    t0 = time.time()
    work = os.path.join(args.out, 'timex')
    os.makedirs(work, exist_ok=True)
    for corpus, loader, prefix in (('TimeML TempEval-3', load_timeml, 'timex'),
                                   ('MEANTIME en', load_meantime, 'meantime')):
        docs = loader(args.data, getattr(args, 'docs', None))
        if not docs:
            print('%s: skipped: no documents under %s' % (prefix, args.data))
            continue
        cw = os.path.join(work, prefix)
        os.makedirs(cw, exist_ok=True)
        preds, secs = run_ours(args.bin, docs, cw)
        ours = evaluate(docs, preds)
        for k in ('strict_f1', 'relaxed_f1', 'value_f1', 'type_acc'):
            scores['%s_%s' % (prefix, k)] = ours[k]
        rows = [('newsgraph', ours, True)]
        if not getattr(args, 'no_peers', False):
            for name, cmd in peer_cmds():
                pdir = os.path.join(cw, 'peer')
                os.makedirs(pdir, exist_ok=True)
                pp, info = run_peer(name, cmd, docs, pdir)
                rows.append((name, evaluate(docs, pp) if pp is not None else None, False))
                if pp is None:
                    print('  %s failed: %s' % (name, info))
        print_table('\n== timex: %s (%d docs, %d gold TIMEX3; DCT as published)' % (
            corpus, len(docs), ours['gold']), rows)
        print('  newsgraph: %.2fs for %d docs in one process' % (secs, len(docs)))
        # per-document details, for error analysis
        with open(os.path.join(args.out, prefix + '.jsonl'), 'w', encoding='utf-8') as f:
            for d, p in zip(docs, preds):
                gs = {(g[0], g[1]): g for g in d['gold']}
                f.write(json.dumps({'id': d['id'], 'dct': d['dct'],
                                    'gold': [[g[0], g[1], d['text'][g[0]:g[1]], g[2], g[3]] for g in d['gold']],
                                    'ours': [[x[0], x[1], d['text'][x[0]:x[1]], x[2], x[3],
                                              (x[0], x[1]) in gs] for x in p]}, ensure_ascii=False) + '\n')
    print('  details: %s/{timex,meantime}.jsonl  (%.1fs)' % (args.out, time.time() - t0))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'))
    ap.add_argument('--no-peers', action='store_true')
    ap.add_argument('--docs', type=int, help='only the first N documents')
    args = ap.parse_args(argv)
    args.data = os.path.normpath(args.data)
    os.makedirs(args.out, exist_ok=True)
    scores = {}
    suite(args, scores)
    print(json.dumps({k: round(v, 4) for k, v in sorted(scores.items())}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
