#!/usr/bin/env python3
"""Summarize a bench/run.sh pass (stdlib only): python3 bench/summary.py OUTDIR

Reads OUTDIR/corpora.tsv (name, dir, pages, bytes), the GNU `time -v` reports
OUTDIR/<tool>.<corpus>.time, Readability's stderr OUTDIR/readability.<corpus>.err
(its TIMING line) and OUTDIR/hyperfine.json if present. Prints a markdown
table and writes it to OUTDIR/summary.md. Ratios only: never asserts times.
"""
import json
import os
import platform
import re
import sys

TOOLS = [('newsgraph', 'newsgraph'), ('readability', 'Readability 0.6.0 (jsdom)')]


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
    lines = ['# newsgraph vs Mozilla Readability: throughput on real pages', '',
             'Machine: %s, %s, %d CPUs. One pass per tool, one after the other, same files '
             '(decompressed .html copies), under GNU `time -v`. Peak RSS is the largest single process '
             '(Readability runs child processes of 250 pages). MB = 10^6 bytes of HTML. '
             '"proc" = Readability\'s own TIMING secs (first read to last write, excluding node startup '
             'and module load). Machines are noisy (about ±5 %% between runs): read the ratios.' % (
                 platform.node() or '?', platform.platform(terse=True), os.cpu_count() or 0), '',
             '| tool | corpus | pages | records | MB | wall s | pages/s | MB/s | peak RSS MiB | CPU s | proc s | pages/s (proc) | exit |',
             '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|']
    ratios = []
    for name, _, pages, nbytes in corpora:
        mb = nbytes / 1e6
        got = {}
        for tool, label in TOOLS:
            t = parse_time(os.path.join(out, '%s.%s.time' % (tool, name)))
            if not t:
                continue
            tim = parse_timing(os.path.join(out, '%s.%s.err' % (tool, name))) if tool == 'readability' else None
            proc = tim.get('secs') if tim else None
            got[tool] = dict(t, proc=proc)
            rec = read_int(os.path.join(out, '%s.%s.records' % (tool, name)))
            lines.append('| %s | %s | %d | %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                label, name, pages, '-' if rec is None else rec, mb, fmt(t['wall']), fmt(pages / t['wall'] if t['wall'] else None, 1),
                fmt(mb / t['wall'] if t['wall'] else None), fmt(t.get('rss_mib'), 0), fmt(t.get('cpu')),
                fmt(proc), fmt(pages / proc if proc else None, 1), t.get('status')))
        if 'newsgraph' in got and 'readability' in got:
            n, r = got['newsgraph'], got['readability']
            ratios.append((name, r['wall'] / n['wall'] if n['wall'] else None,
                           r['proc'] / n['wall'] if r['proc'] and n['wall'] else None,
                           n['rss_mib'] / r['rss_mib'] if r.get('rss_mib') else None,
                           r.get('cpu') / n['cpu'] if n.get('cpu') else None))
    if ratios:
        lines += ['', '## Ratios newsgraph / Readability', '',
                  '| corpus | pages/s (wall vs wall) | pages/s (newsgraph wall vs Readability proc) | CPU s (Readability / newsgraph) | peak RSS (newsgraph / Readability) |',
                  '|---|---:|---:|---:|---:|']
        for name, w, p, rss, cpu in ratios:
            lines.append('| %s | %s× | %s× | %s× | %s |' % (name, fmt(w, 1), fmt(p, 1), fmt(cpu, 1), fmt(rss, 3)))
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
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(out, 'summary.md'), 'w', encoding='utf-8') as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else 'build/bench'))
