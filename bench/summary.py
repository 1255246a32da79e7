#!/usr/bin/env python3
"""Summarize a bench/run.sh pass (stdlib only): python3 bench/summary.py OUTDIR

Reads OUTDIR/corpora.tsv (name, dir, pages, bytes), the GNU `time -v` reports
OUTDIR/<tool>.<corpus>.time (tools: newsgraph, newsgraph-syntax = extract --syntax,
pipeline = bench/peer_pipeline.js,
readability), the peers' stderr OUTDIR/<tool>.<corpus>.err (their TIMING
lines), OUTDIR/<tool>.<corpus>.stats, OUTDIR/hyperfine.json and OUTDIR/rss.md
if present. Prints markdown tables and writes them to OUTDIR/summary.md.
Ratios only: never asserts times.

  python3 bench/summary.py --stats newsgraph|newsgraph-syntax|pipeline FILE.jsonl
prints one JSON line of counts over a tool's output (records, entity
mentions, dates, ...), which run.sh keeps as <tool>.<corpus>.stats: it shows
that both sides did the work the timing claims (entity mentions > 0: the NER
model was loaded and ran).
"""
import json
import os
import platform
import re
import sys

TOOLS = [('newsgraph', 'newsgraph extract (all stages)'),
         ('newsgraph-syntax', 'newsgraph extract --syntax (all stages and the parser)'),
         ('pipeline', 'peer pipeline (Readability + compromise + chrono + VADER)'),
         ('readability', 'Readability 0.6.0 (jsdom) alone')]
PEERS = ('pipeline', 'readability')  # tools whose stderr has a TIMING line
OURS = ('newsgraph', 'newsgraph-syntax')  # our variants, each set against every peer


def stats(tool, path):
    """Counts over one tool's JSON Lines output."""
    c = {'records': 0, 'bad_json': 0}
    keys = (['entities', 'entity_mentions', 'quotes', 'counts', 'dates', 'places', 'events', 'parsed_tokens', 'tone']
            if tool in OURS
            else ['people', 'places', 'organizations', 'dates', 'tone', 'fallback', 'error'])
    for k in keys:
        c[k] = 0
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                c['bad_json'] += 1
                continue
            c['records'] += 1
            if tool in OURS:
                ents = r.get('entities') or []
                c['entities'] += len(ents)
                c['entity_mentions'] += sum(len(e.get('mentions') or []) for e in ents)
                for k in ('quotes', 'counts', 'dates', 'places', 'events'):
                    c[k] += len(r.get(k) or [])
                # A parsed token carries [start, end, kind, pos, head, dep].
                c['parsed_tokens'] += sum(1 for t in r.get('tokens') or [] if isinstance(t, list) and len(t) >= 6)
                c['tone'] += r.get('tone') is not None
            else:
                for k in ('people', 'places', 'organizations', 'dates'):
                    c[k] += len(r.get(k) or [])
                for k in ('tone', 'fallback', 'error'):
                    c[k] += k in r
    return c


def read_json(path):
    try:
        return json.load(open(path, encoding='utf-8'))
    except (OSError, ValueError):
        return None


def parse_time(path):
    """GNU time -v -> {wall, rss_mib, cpu, status} or None."""
    try:
        txt = open(path, encoding='utf-8', errors='replace').read()
    except OSError:
        return None
    out = {}
    m = re.search(r'Elapsed \(wall clock\) time.*?: (?:(\d+):)?(\d+):([\d.]+)', txt)
    if m:
        out['wall'] = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', txt)
    if m:
        out['rss_mib'] = int(m.group(1)) / 1024
    u = re.search(r'User time \(seconds\): ([\d.]+)', txt)
    s = re.search(r'System time \(seconds\): ([\d.]+)', txt)
    if u and s:
        out['cpu'] = float(u.group(1)) + float(s.group(1))
    m = re.search(r'Exit status: (\d+)', txt)
    out['status'] = int(m.group(1)) if m else None
    m = re.search(r'Command terminated by signal (\d+)', txt)
    if m:
        out['status'] = 'signal %s' % m.group(1)
    return out if 'wall' in out else None


def parse_timing(path):
    try:
        for line in open(path, encoding='utf-8', errors='replace'):
            if line.startswith('TIMING '):
                return json.loads(line[7:])
    except (OSError, ValueError):
        pass
    return None


def read_int(path):
    try:
        return int(open(path).read().strip())
    except (OSError, ValueError):
        return None


def fmt(x, nd=2):
    if x is None:
        return '-'
    if isinstance(x, str):
        return x
    if abs(x) >= 1000:
        return '{:,.0f}'.format(x)
    return ('%.' + str(nd) + 'f') % x


def main(out):
    corpora = []
    with open(os.path.join(out, 'corpora.tsv'), encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) == 4:
                corpora.append((p[0], p[1], int(p[2]), int(p[3])))
    lines = ['# newsgraph extract vs the peer pipeline and Readability: throughput on real pages', '',
             'Machine: %s, %s, %d CPUs. One pass per tool, one after the other, same files '
             '(decompressed .html copies), each writing its JSON lines to a file, under GNU `time -v`. '
             'newsgraph runs every stage with the NER model and the gazetteer. The peer pipeline '
             '(bench/peer_pipeline.js) runs Readability, then compromise, chrono-node and VADER on its text, '
             'in one process per batch of 250 pages. Peak RSS is the largest single process '
             '(the peers run child processes of 250 pages because jsdom leaks). MB = 10^6 bytes of HTML. '
             'CPU s = user + system. "proc" = the peer\'s own TIMING secs (first read to last write, excluding '
             'node startup and module load). Machines are noisy (about ±5 %% between runs): read the ratios.' % (
                 platform.node() or '?', platform.platform(terse=True), os.cpu_count() or 0), '',
             '| tool | corpus | pages | records | MB | wall s | pages/s | MB/s | peak RSS MiB | CPU s | proc s | pages/s (proc) | exit |',
             '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|']
    ratios, stages, facts = [], [], []
    for name, _, pages, nbytes in corpora:
        mb = nbytes / 1e6
        got = {}
        for tool, label in TOOLS:
            t = parse_time(os.path.join(out, '%s.%s.time' % (tool, name)))
            if not t:
                continue
            tim = parse_timing(os.path.join(out, '%s.%s.err' % (tool, name))) if tool in PEERS else None
            proc = tim.get('secs') if tim else None
            got[tool] = dict(t, proc=proc)
            if tim and tim.get('stage_secs'):
                stages.append((name, tim['stage_secs'], proc))
            st = read_json(os.path.join(out, '%s.%s.stats' % (tool, name)))
            if st:
                facts.append((label, name, st))
            rec = read_int(os.path.join(out, '%s.%s.records' % (tool, name)))
            lines.append('| %s | %s | %d | %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                label, name, pages, '-' if rec is None else rec, mb, fmt(t['wall']), fmt(pages / t['wall'] if t['wall'] else None, 1),
                fmt(mb / t['wall'] if t['wall'] else None), fmt(t.get('rss_mib'), 0), fmt(t.get('cpu')),
                fmt(proc), fmt(pages / proc if proc else None, 1), t.get('status')))
        for ours, peer in ((o, p) for o in OURS for p in PEERS):
            n, r = got.get(ours), got.get(peer)
            if not n or not r:
                continue
            ratios.append((name, dict(TOOLS)[ours], dict(TOOLS)[peer],
                           r.get('cpu') / n['cpu'] if n.get('cpu') else None,
                           r['wall'] / n['wall'] if n['wall'] else None,
                           r['proc'] / n['wall'] if r['proc'] and n['wall'] else None,
                           n.get('rss_mib'), r.get('rss_mib')))
    if ratios:
        lines += ['', '## Speed-up of newsgraph extract (peer / newsgraph)', '',
                  '| corpus | newsgraph | against | CPU s | wall s | peer proc s vs newsgraph wall | peak RSS MiB newsgraph / peer |',
                  '|---|---|---|---:|---:|---:|---:|']
        for name, ours, peer, cpu, w, p, nr, pr in ratios:
            lines.append('| %s | %s | %s | %s× | %s× | %s× | %s / %s |' % (name, ours, peer, fmt(cpu, 1), fmt(w, 1),
                                                                         fmt(p, 1), fmt(nr, 0), fmt(pr, 0)))
    if stages:
        lines += ['', '## Peer pipeline: seconds per stage (summed over pages, from its TIMING line)', '',
                  '| corpus | Readability | compromise | chrono | VADER | proc s |', '|---|---:|---:|---:|---:|---:|']
        for name, st, proc in stages:
            lines.append('| %s | %s | %s | %s | %s | %s |' % (name, fmt(st.get('readability')), fmt(st.get('compromise')),
                                                            fmt(st.get('chrono')), fmt(st.get('vader')), fmt(proc)))
    if facts:
        lines += ['', '## What each side produced (counts over its output)', '']
        for label, name, st in facts:
            lines.append('- %s, %s: %s' % (label, name, ', '.join('%s %s' % (k, v) for k, v in st.items())))
    hf = os.path.join(out, 'hyperfine.json')
    if os.path.exists(hf):
        try:
            res = json.load(open(hf))['results']
            lines += ['', '## Startup plus one page (hyperfine, mean ± sd)', '',
                      '| command | mean ms | sd ms | runs |', '|---|---:|---:|---:|']
            for r in res:
                lines.append('| %s | %.1f | %.1f | %d |' % (r['command'], r['mean'] * 1e3,
                                                         (r.get('stddev') or 0) * 1e3, len(r.get('times', []))))
        except (OSError, ValueError, KeyError):
            pass
    rss = os.path.join(out, 'rss.md')
    if os.path.exists(rss):
        lines += ['', '## newsgraph peak RSS against corpus size (bench/rss.py)', '',
                  open(rss, encoding='utf-8').read().rstrip('\n')]
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(out, 'summary.md'), 'w', encoding='utf-8') as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--stats':
        print(json.dumps(stats(sys.argv[2], sys.argv[3])))
        sys.exit(0)
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else 'build/bench'))
