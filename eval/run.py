#!/usr/bin/env python3
"""newsgraph accuracy evaluation (`make eval`, CI). Python 3 stdlib only.

  python3 eval/run.py --bin build/newsgraph --out build/eval [--only SUITE ...]
                      [--data ../shared/data] [--jobs N] [--update-floors]

Suites (data in ../shared/data, never copied into the repo):
  aeb   article-extraction-benchmark (91 pages): shingle F1 of our "text";
        the peers' stored outputs are scored with the same code.
  traf  trafilatura-eval (495 docs): with/without snippets, micro-averaged.
  meta  Postlight fixtures metadata gold (77 records): title, author, date.
  ner   CoNLL-2003 eng.testa: entity P/R/F1 per type, next to compromise (eval/ner.py).
  pos   UD English EWT dev: UPOS and XPOS accuracy (eval/pos.py).
  syntax UD English EWT dev: UPOS, UAS and LAS of `parse --conllu` (eval/syntax.py).
  entity  MEANTIME named mentions: in-document entity resolution (B-cubed),
        via BIN's sibling entity_driver (eval/entity.py).
  timex TimeML TempEval-3 and MEANTIME TIMEX3: span, type and value F1 of
        dates[], with chrono-node and dateparser (eval/timex.py).
  tone  agreement of tone.score with VADER on news-text-bbc (eval/tone.py).
  counts  numbers of the PLOVER gold records with size/dead/injured (eval/counts.py).
  quotes PolNeAR dev and train (eval/quotes.py): direct-quote and attribution
        P/R/F1 and speaker accuracy.
  places  toponym tagging and accuracy@161km on geo_lgl, geo_geowebnews,
        geo_trnews (eval/places.py).
  events  PLOVER type and type+actors accuracy on the PLOVER gold records,
        CAMEO codes on the PETRARCH-2 validation records, no events on
        no-event sentences (eval/events.py).
  lang  language of the news-html-corpus pages, and no English-only stage
        output on the non-English ones (eval/lang.py).
  pages is_article precision/recall on labelled pages (eval/pages.py).

Scores are checked against eval/floors.json: exit 1 if any is below its
floor, 0 otherwise; 2 on a harness error (binary missing, usage error).
Without the data directory it prints "skipped: ../shared/data not found"
and exits 0. Per-page details go to OUT/*.jsonl, all scores to
OUT/scores.json. See docs/eval.md.
"""
import argparse
import concurrent.futures as cf
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics as M  # noqa: E402
import ner as NER  # noqa: E402
import timex as TX  # noqa: E402
import tone as tone_eval  # noqa: E402
import counts as counts_eval  # noqa: E402
import quotes as Q  # noqa: E402
import places as PLACES  # noqa: E402
import pos as POS  # noqa: E402
import syntax as SYNTAX  # noqa: E402
import events as events_eval  # noqa: E402
import lang as LANG  # noqa: E402
import pages as PAGES  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FLOORS = os.path.join(HERE, 'floors.json')
TIMEOUT = 60  # seconds per binary invocation


class HarnessError(Exception):
    pass


# ---------------------------------------------------------------------------
# running the binary

def _parse_jsonl(out):
    recs = []
    # split on '\n' only: str.splitlines() would also split inside JSON
    # strings at U+2028, U+0085 and other characters JSON leaves raw.
    for line in out.decode('utf-8', 'replace').split('\n'):
        line = line.strip()
        if line:
            try:
                recs.append(json.loads(line))
            except ValueError:
                recs.append({'_bad_json': line[:200]})
    return recs


def run_one(binary, path, url=None):
    """One input file -> {'records': [...], 'rc', 'err'}. A crash, a timeout or
    an unreadable input gives no records (scored as empty output)."""
    cmd = [binary, 'extract', '--quiet']
    if url:
        cmd += ['--url', url]
    cmd.append(path)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {'records': [], 'rc': 'timeout', 'err': 'timeout after %ds' % TIMEOUT}
    if p.returncode == 2:
        raise HarnessError('%s: usage error: %s' % (' '.join(cmd), p.stderr.decode('utf-8', 'replace').strip()))
    return {'records': _parse_jsonl(p.stdout), 'rc': p.returncode,
            'err': p.stderr.decode('utf-8', 'replace').strip()[:500]}


def run_batch(binary, paths):
    """All inputs in one invocation; records are mapped back by source.path."""
    cmd = [binary, 'extract', '--quiet'] + list(paths)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=TIMEOUT * 10)
    except subprocess.TimeoutExpired:
        raise HarnessError('batch run timed out')
    if p.returncode == 2:
        raise HarnessError('usage error: ' + p.stderr.decode('utf-8', 'replace').strip())
    by = {}
    for r in _parse_jsonl(p.stdout):
        if '_bad_json' in r:
            continue  # cannot be mapped to a path
        src = (r.get('source') or {}).get('path') or ''
        by.setdefault(os.path.realpath(src), []).append(r)
    err = p.stderr.decode('utf-8', 'replace')
    res = {}
    for path in paths:
        recs = by.get(os.path.realpath(path), [])
        e = '\n'.join(l for l in err.splitlines() if path in l)[:500]
        res[path] = {'records': recs, 'rc': p.returncode if p.returncode >= 0 else 'signal',
                     'err': e}
    return res


def run_many(args, items):
    """items: [(path, url or None)] -> {path: result}. Per-file runs (with --url)
    in parallel unless --batch, which runs one process over all paths."""
    if args.batch:
        return run_batch(args.bin, [p for p, _ in items])
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = {p: ex.submit(run_one, args.bin, p, u) for p, u in items}
        return {p: f.result() for p, f in futs.items()}


def first(result):
    """The record scored for a page: the first one (an HTML page gives one).
    A line that is not valid JSON counts as no output."""
    recs = result['records']
    return recs[0] if recs and '_bad_json' not in recs[0] else None


def problems(results):
    """Counts of pages with no record, more than one, or a crash."""
    none = sum(1 for r in results.values() if not r['records'])
    many = sum(1 for r in results.values() if len(r['records']) > 1)
    crash = sum(1 for r in results.values() if not isinstance(r['rc'], int) or r['rc'] < 0)
    bad = sum(1 for r in results.values() if any('_bad_json' in x for x in r['records']))
    notart = sum(1 for r in results.values() if (first(r) or {}).get('is_article') is False)
    return {'no_record': none, 'several_records': many, 'crashed': crash, 'invalid_JSON': bad,
            'not_article': notart}


def note_problems(pr):
    bits = ['%s %d' % (k.replace('_', ' '), v) for k, v in pr.items() if v]
    return ('  pages: ' + ', '.join(bits)) if bits else ''


def write_jsonl(path, rows):
    with open(path, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def load_json(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8') as f:
        return json.load(f)


# ---------------------------------------------------------------------------
# a. article-extraction-benchmark

def parse_source_table(md):
    """'Peer scores on THIS half' rows of SOURCE.md -> {tool: (f1, p, r, acc)}."""
    out, on = {}, False
    for line in md.splitlines():
        if line.startswith('## '):
            on = 'Peer scores on THIS half' in line
            continue
        m = on and re.match(r'^\s+(\S+)\s+(?:(\S+)\s+)?(0\.\d{3})\s+(0\.\d{3})\s+(0\.\d{3})\s+(0\.\d{3})\s*$', line)
        if m:
            out[m.group(1)] = tuple(float(m.group(i)) for i in range(3, 7))
    return out


def load_peer(path, gold_ids):
    d = load_json(path)
    version = ''
    # Wrapper {"version", "output": {id: ...}} vs plain {id: {"articleBody"}}.
    if isinstance(d.get('output'), dict) and 'output' not in gold_ids:
        version = str(d.get('version') or '')
        d = d['output']
    return version, {k: (v or {}).get('articleBody') for k, v in d.items()}


def body_text(r):
    """The article body as the benchmark writes it: the wire dateline, which
    the record keeps apart in `dateline` (docs/record.md), in front of `text`."""
    if not r:
        return None
    dl = (r.get('dateline') or {}).get('text')
    return (dl + ' \u2014 ' + r['text']) if dl and r.get('text') else r.get('text')


def suite_aeb(args, scores, ng_version):
    D = os.path.join(args.data, 'article-extraction-benchmark')
    if not os.path.isdir(D):
        print('aeb: skipped: %s not found' % D)
        return
    t0 = time.time()
    gt = load_json(os.path.join(D, 'ground-truth.json'))
    gold = {k: v.get('articleBody') or '' for k, v in gt.items()}
    items = []
    for k in sorted(gt):
        items.append((os.path.join(D, 'html', k + '.html.gz'), None if args.no_url else gt[k].get('url')))
    res = run_many(args, items)
    ours = {}
    for k, (path, _) in zip(sorted(gt), items):
        r = first(res[path])
        ours[k] = body_text(r)
    s = M.aeb_score(gold, ours)
    for key in ('f1', 'precision', 'recall', 'accuracy'):
        scores['aeb_' + key] = s[key]

    # Peers, same code; and the check against SOURCE.md's table.
    rows = [('newsgraph', ng_version, s, True)]
    for f in sorted(glob.glob(os.path.join(D, 'peer-output', '*.json.gz'))):
        name = os.path.basename(f)[:-len('.json.gz')]
        ver, pred = load_peer(f, gold)
        rows.append((name, ver, M.aeb_score(gold, pred), False))
    src = os.path.join(D, 'SOURCE.md')
    published = parse_source_table(open(src, encoding='utf-8').read()) if os.path.exists(src) else {}
    bad = []
    for name, _, ps, mine in rows:
        if mine or name not in published:
            continue
        got = tuple(round(ps[k], 3) for k in ('f1', 'precision', 'recall', 'accuracy'))
        if any(abs(a - b) > 0.0005 for a, b in zip(got, published[name])):
            bad.append('%s %s vs SOURCE.md %s' % (name, got, published[name]))
    checked = sum(1 for n, _, _, m in rows if not m and n in published)

    print('\n== a. article-extraction-benchmark (%d pages; F1 = 2PR/(P+R) of page-mean P and R)' % len(gold))
    print('   %-22s %-10s %6s %6s %6s %6s' % ('tool', 'version', 'F1', 'prec', 'recall', 'acc'))
    for name, ver, ps, mine in sorted(rows, key=lambda r: (-round(r[2]['f1'], 6), r[0])):
        print('%s %-22s %-10s %6.3f %6.3f %6.3f %6.3f' % ('=>' if mine else '  ', name, ver[:10],
              ps['f1'], ps['precision'], ps['recall'], ps['accuracy']))
    print(note_problems(problems(res)) or '  pages: all gave one record')
    if bad:
        print('  METRIC CHECK FAILED: %d/%d peers differ from SOURCE.md:' % (len(bad), checked))
        for b in bad:
            print('    ' + b)
        scores['_metric_check_failed'] = True
    elif checked:
        print('  metric check: %d/%d peers reproduce SOURCE.md "Peer scores on THIS half" to 3 decimals' % (checked, checked))

    # Per-page details and the worst pages.
    details = []
    for k, (path, _) in zip(sorted(gt), items):
        tp, fp, fn = M.aeb_page(gold[k], ours[k])
        r = res[path]
        details.append({'id': k, 'url': gt[k].get('url'), 'path': path,
                        'f1': round(M.aeb_page_f1(tp, fp, fn), 4),
                        'precision': round(M.aeb_precision(tp, fp, fn), 4) if tp + fp > 0 else None,
                        'recall': round(M.aeb_recall(tp, fp, fn), 4) if tp + fn > 0 else None,
                        'tp': round(tp, 4), 'fp': round(fp, 4), 'fn': round(fn, 4),
                        'exact': M.aeb_tokens(gold[k]) == M.aeb_tokens(ours[k]),
                        'gold_tokens': len(M.aeb_tokens(gold[k])), 'our_tokens': len(M.aeb_tokens(ours[k])),
                        'rc': r['rc'], 'error': r['err'] or None,
                        'title': (first(r) or {}).get('title'),
                        'text': ours[k], 'gold': gold[k]})
    write_jsonl(os.path.join(args.out, 'aeb.jsonl'), details)
    print('  10 worst pages by page F1 (details: %s):' % os.path.join(args.out, 'aeb.jsonl'))
    for d in sorted(details, key=lambda d: (d['f1'], d['id']))[:10]:
        print('    %.3f  P %s R %s  tokens ours/gold %d/%d  %s  %s' % (
            d['f1'], '-' if d['precision'] is None else '%.3f' % d['precision'],
            '-' if d['recall'] is None else '%.3f' % d['recall'],
            d['our_tokens'], d['gold_tokens'], d['id'][:16], (d['url'] or '')[:60]))
    print('  (%.1fs)' % (time.time() - t0))


# ---------------------------------------------------------------------------
# b. trafilatura-eval

def published_traf(md):
    """'tool a/b/c/d' entries for trafilatura and readability-lxml from SOURCE.md."""
    out = []
    for m in re.finditer(r'(trafilatura [\d.]+ \(standard\)|readability-lxml [\d.]+)\s+'
                         r'(0\.\d+)/(0\.\d+)/(0\.\d+)/(0\.\d+)', md):
        out.append((m.group(1), *(float(m.group(i)) for i in range(2, 6))))
    return out


def suite_traf(args, scores):
    D = os.path.join(args.data, 'trafilatura-eval')
    if not os.path.isdir(D):
        print('traf: skipped: %s not found' % D)
        return
    t0 = time.time()
    ev = load_json(os.path.join(D, 'evaldata.json'))
    keys = sorted(ev)
    items = [(os.path.join(D, 'html', ev[k]['file'] + '.gz'), None) for k in keys]
    res = run_many(args, items)
    counts, details = [], []
    for k, (path, _) in zip(keys, items):
        r = first(res[path])
        text = r.get('text') if r else None
        c = M.traf_doc(ev[k], text)
        counts.append(c)
        details.append({'key': k, 'file': ev[k]['file'], 'tp': c['tp'], 'fp': c['fp'], 'fn': c['fn'], 'tn': c['tn'],
                        'missed': c['missed'], 'leaked': c['leaked'], 'rc': res[path]['rc'],
                        'error': res[path]['err'] or None, 'text': text})
    s = M.traf_score(counts)
    for key in ('f1', 'precision', 'recall', 'accuracy'):
        scores['trafilatura_' + key] = s[key]
    write_jsonl(os.path.join(args.out, 'traf.jsonl'), details)
    print('\n== b. trafilatura-eval (%d docs, %d with + %d without snippets; micro-averaged)' % (
        s['docs'], s['tp'] + s['fn'], s['fp'] + s['tn']))
    print('   %-36s %6s %6s %6s %6s' % ('tool', 'prec', 'recall', 'acc', 'F1'))
    print('=> %-36s %6.3f %6.3f %6.3f %6.3f   (tp %d fp %d fn %d tn %d)' % (
        'newsgraph (this half, %d docs)' % s['docs'], s['precision'], s['recall'], s['accuracy'], s['f1'],
        s['tp'], s['fp'], s['fn'], s['tn']))
    src = os.path.join(D, 'SOURCE.md')
    if os.path.exists(src):
        for name, p, r, a, f in published_traf(open(src, encoding='utf-8').read()):
            print('   %-36s %6.3f %6.3f %6.3f %6.3f   (published, full 990 docs)' % (name, p, r, a, f))
    print(note_problems(problems(res)) or '  docs: all gave one record')
    print('  details: %s  (%.1fs)' % (os.path.join(args.out, 'traf.jsonl'), time.time() - t0))


# ---------------------------------------------------------------------------
# c. metadata (Postlight fixtures)

def suite_meta(args, scores):
    D = os.path.join(args.data, 'news-html-corpus', 'postlight-fixtures')
    gp = os.path.join(D, 'metadata-gold.json')
    if not os.path.exists(gp):
        print('meta: skipped: %s not found' % gp)
        return
    t0 = time.time()
    gold = load_json(gp)
    # fixture "www.cnn.com.html" -> html/www.cnn.com.html.gz
    items = [(os.path.join(D, 'html', g['fixture'] + '.gz'), None if args.no_url else g.get('url')) for g in gold]
    res = run_many(args, list(dict.fromkeys(items)))
    tally = {}  # field -> [hits, n]

    def add(field, ok):
        t = tally.setdefault(field, [0, 0])
        t[0] += bool(ok)
        t[1] += 1
    details = []
    for g, (path, _) in zip(gold, items):
        r = first(res[path]) or {}
        d = {'fixture': g['fixture'], 'url': g.get('url'), 'rc': res[path]['rc'], 'error': res[path]['err'] or None}
        if 'title' in g:
            e, l = M.title_match(g['title'], r.get('title'))
            add('title', e)
            add('title_lenient', l)
            d['title'] = {'gold': g['title'], 'ours': r.get('title'), 'exact': e, 'lenient': l}
        if 'author' in g:
            e, l = M.author_match(g['author'], r.get('authors'))
            add('author', e)
            add('author_lenient', l)
            d['author'] = {'gold': g['author'], 'ours': r.get('authors'), 'exact': e, 'lenient': l}
        if 'date_published' in g:
            day, inst, has_time = M.date_match(g['date_published'], r.get('published'))
            add('date_day', day)
            add('date_instant', inst)
            d['date'] = {'gold': g['date_published'], 'ours': r.get('published'), 'day': day, 'instant': inst}
        if g.get('content_first_words') is not None:
            ok = M.first_words_match(g['content_first_words'], g.get('content_first_words_n'), r.get('text'))
            add('first_words', ok)
            d['first_words'] = {'gold': g['content_first_words'], 'ours': ' '.join((r.get('text') or '').split()[:g.get('content_first_words_n') or 0]), 'ok': ok}
        details.append(d)
    write_jsonl(os.path.join(args.out, 'meta.jsonl'), details)
    nulls = {f: sum(1 for g in gold if f in g and g[f] is None) for f in ('title', 'author', 'date_published')}
    print('\n== c. metadata: Postlight fixtures (%d records; null gold = "expect none")' % len(gold))
    labels = [('title', 'title, exact (whitespace-normalized)'),
              ('title_lenient', 'title, lenient (case, quotes, edge punct.)'),
              ('author', 'author, exact (joined ", " / " and ")'),
              ('author_lenient', 'author, lenient (name sets; gold <= ours)'),
              ('date_day', 'date, same UTC day'),
              ('date_instant', 'date, exact instant (to the second)'),
              ('first_words', 'body, first N words (bonus)')]
    for f, label in labels:
        if f in tally:
            h, n = tally[f]
            scores['meta_' + f] = h / n if n else 0.0
            base = {'title': 'title', 'author': 'author', 'date': 'date_published'}.get(f.split('_')[0])
            nn = nulls.get(base, 0)
            print('   %-44s %6.3f  (%d/%d%s)' % (label, h / n if n else 0, h, n, ', %d null' % nn if nn else ''))
    print(note_problems(problems(res)) or '  pages: all gave one record')
    print('  details: %s  (%.1fs)' % (os.path.join(args.out, 'meta.jsonl'), time.time() - t0))


# ---------------------------------------------------------------------------
# d. floors

def check_floors(scores, floors):
    """Names below floor; a floor whose score wasn't computed is not checked."""
    return [(k, scores[k], f) for k, f in sorted(floors.items())
            if k in scores and scores[k] < f - 1e-12]


def update_floors(scores, floors):
    new = dict(floors)
    for k, v in scores.items():
        if k.startswith('_'):
            continue
        cand = max(0.0, round(v - 0.005, 4))
        if cand > new.get(k, 0.0):
            new[k] = cand
    return new


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', default=os.path.join(REPO, 'build', 'newsgraph'))
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'eval'))
    ap.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data'),
                    help='the shared data directory (default ../shared/data next to the repo)')
    ap.add_argument('--only', choices=['aeb', 'traf', 'meta', 'ner', 'entity', 'timex', 'tone', 'counts', 'quotes', 'places', 'pos', 'syntax', 'events', 'lang', 'pages'], action='append',
                    help='run only this suite (repeatable)')
    ap.add_argument('--jobs', type=int, default=max(1, min(8, (os.cpu_count() or 2) * 2)),
                    help='parallel per-file runs')
    ap.add_argument('--batch', action='store_true',
                    help='one binary invocation per suite over all files (no --url)')
    ap.add_argument('--no-url', action='store_true', help='do not pass --url for AEB and metadata pages')
    ap.add_argument('--update-floors', action='store_true',
                    help='raise eval/floors.json to current scores - 0.005 (never lowers)')
    ap.add_argument('--floors', default=FLOORS)
    ap.add_argument('--no-peers', action='store_true', help='timex: do not run the date peers')
    args = ap.parse_args(argv)
    if args.batch:
        args.no_url = True

    data = os.path.normpath(args.data)
    if not os.path.isdir(data):
        print('skipped: %s not found' % ('../shared/data' if args.data == ap.get_default('data') else data))
        return 0
    args.data = data
    if not (os.path.isfile(args.bin) and os.access(args.bin, os.X_OK)):
        print('eval: binary %s not found; build it first (make)' % args.bin, file=sys.stderr)
        return 2
    args.bin = os.path.abspath(args.bin)
    os.makedirs(args.out, exist_ok=True)
    try:
        ver = subprocess.run([args.bin, '--version'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             timeout=10).stdout.decode().strip().split()[-1:]
    except Exception:
        ver = []
    ng_version = ver[0] if ver else ''

    t0 = time.time()
    scores = {}
    suites = args.only or ['aeb', 'traf', 'meta', 'ner', 'entity', 'timex', 'tone', 'counts', 'quotes', 'places', 'pos', 'syntax', 'events', 'lang', 'pages']
    print('eval: %s (%s) on %s, %s' % (args.bin, ng_version or '?', data,
                                        'one process per suite' if args.batch else
                                        'one process per file, %d jobs' % args.jobs))
    try:
        if 'aeb' in suites:
            suite_aeb(args, scores, ng_version)
        if 'traf' in suites:
            suite_traf(args, scores)
        if 'meta' in suites:
            suite_meta(args, scores)
        if 'ner' in suites:
            NER.suite_ner(args, scores)
        if 'entity' in suites:
            import entity as entity_eval
            driver = os.path.join(os.path.dirname(args.bin), 'entity_driver')
            if os.access(driver, os.X_OK):
                scores.update(entity_eval.run(driver, args.data, args.out) or {})
            else:
                print('\n== entity: %s not built (make %s), skipped' % (driver, os.path.relpath(driver, REPO)))
        if 'timex' in suites:
            TX.suite(args, scores)
        if 'tone' in suites:
            tone_eval.suite_tone(args, scores)  # eval/tone.py: tone vs VADER
        if 'counts' in suites:
            counts_eval.suite_counts(args, scores)  # eval/counts.py: PLOVER sizes/dead/injured
        if 'events' in suites:
            events_eval.suite_events(args, scores)  # eval/events.py: PLOVER types and actors, PETRARCH-2 codes
        if 'quotes' in suites:
            Q.suite(args, scores)
        if 'places' in suites:
            PLACES.suite_places(args, scores)
            PLACES.suite_place_names(args, scores)  # eval/data/place_names.jsonl: names that are also towns
        if 'pos' in suites:
            POS.suite_pos(args, scores)  # eval/pos.py: UPOS/XPOS on UD EWT dev
        if 'syntax' in suites:
            SYNTAX.suite_syntax(args, scores)  # eval/syntax.py: UPOS/UAS/LAS on UD EWT dev
        if 'lang' in suites:
            LANG.suite_lang(args, scores, write_jsonl)  # eval/lang.py: language id
        if 'pages' in suites:
            PAGES.suite_pages(args, scores, write_jsonl)  # eval/pages.py: is_article
    except HarnessError as e:
        print('eval: ' + str(e), file=sys.stderr)
        return 2

    metric_bad = scores.pop('_metric_check_failed', False)
    with open(os.path.join(args.out, 'scores.json'), 'w') as f:
        json.dump({k: round(v, 6) for k, v in sorted(scores.items())}, f, indent=1)
        f.write('\n')
    floors = load_json(args.floors) if os.path.exists(args.floors) else {}
    print('\n== floors (%s)' % os.path.relpath(args.floors))
    if args.update_floors:
        new = update_floors(scores, floors)
        raised = {k: (floors.get(k, 0.0), v) for k, v in new.items() if v != floors.get(k)}
        with open(args.floors, 'w') as f:
            json.dump(dict(sorted(new.items())), f, indent=1)
            f.write('\n')
        for k, (a, b) in sorted(raised.items()):
            print('   raised %-28s %.4f -> %.4f' % (k, a, b))
        if not raised:
            print('   no floor raised')
        floors = new
    below = check_floors(scores, floors)
    for k, v, f in below:
        print('   BELOW FLOOR: %-28s %.4f < %.4f' % (k, v, f))
    rc = 0
    if below:
        rc = 1
    else:
        print('   all %d checked scores at or above their floors' %
              sum(1 for k in floors if k in scores))
    if metric_bad:
        print('   the AEB metric no longer reproduces SOURCE.md: the harness is wrong')
        rc = 1
    print('eval: done in %.1fs; scores in %s' % (time.time() - t0, os.path.join(args.out, 'scores.json')))
    return rc


if __name__ == '__main__':
    sys.exit(main())
