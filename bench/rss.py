#!/usr/bin/env python3
"""Peak RSS of `newsgraph extract` as the corpus grows (stdlib only).

  python3 bench/rss.py BIN DATA OUTDIR [extract options...]

Lays out the 2,172 news pages (bench/corpus.py's news-full, reused when its
manifest matches) and builds, under OUTDIR/rss/, directories of hard links
(copies where links fail) to growing parts of it: every 8th page, every 4th,
every 2nd, all, then all twice and four times over (the copies get an
r<k>__ prefix, so each is a distinct input; directories are read in sorted
order, so the pages interleave). Each step is spread over the whole corpus,
so every size has the same mix of sites. newsgraph runs once per size under
GNU time; the table gives pages, MB, peak RSS, wall and CPU seconds, and the
RSS relative to the smallest step. Flat means one arena per article, reset
between articles: the peak follows the largest page, not the corpus. Prints
the table and writes it to OUTDIR/rss.md. Never asserts: it only reports.
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # importing corpus.py must not leave bench/__pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (bench/corpus.py: the same layout as the bench's corpora)

STEPS = [('1/8', 8, 1), ('1/4', 4, 1), ('1/2', 2, 1), ('all', 1, 1), ('all x2', 1, 2), ('all x4', 1, 4)]


def link_dir(src_dir, names, copies, dest):
    want = sorted('%s%s' % ('r%d__' % k if k else '', n) for k in range(copies) for n in names)
    if os.path.isdir(dest) and sorted(os.listdir(dest)) == want:
        return
    if os.path.isdir(dest):
        for n in os.listdir(dest):
            os.unlink(os.path.join(dest, n))
    os.makedirs(dest, exist_ok=True)
    for k in range(copies):
        for n in names:
            dst = os.path.join(dest, '%s%s' % ('r%d__' % k if k else '', n))
            try:
                os.link(os.path.join(src_dir, n), dst)
            except OSError:
                with open(os.path.join(src_dir, n), 'rb') as fi, open(dst, 'wb') as fo:
                    fo.write(fi.read())


def gnu_time(cmd):
    """-> (wall s, cpu s, peak RSS MiB, exit status) from GNU time."""
    tf = os.path.join(OUT, 'rss.time')
    with open(os.devnull, 'wb') as devnull:
        p = subprocess.run(['/usr/bin/time', '-f', '%e %U %S %M', '-o', tf] + cmd, stdout=devnull,
                           stderr=subprocess.PIPE)
    wall, user, sys_, rss = open(tf).read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss) / 1024, p.returncode


def main(argv):
    global OUT
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, data, OUT = argv[0], argv[1], argv[2]
    extra = argv[3:]
    news = corpus.sources_news(data)
    if not news:
        print('rss: skipped: no news-html-corpus in %s' % data)
        return 0
    full, _, _ = corpus.lay_out(news, os.path.join(OUT, 'corpus'), 'news-full')
    names = sorted(os.listdir(full))
    sizes = {n: os.path.getsize(os.path.join(full, n)) for n in names}
    rows = []
    for label, stride, copies in STEPS:
        part = names[::stride]
        d = os.path.join(OUT, 'rss', label.replace('/', '-').replace(' ', ''))
        link_dir(full, part, copies, d)
        pages = len(part) * copies
        mb = sum(sizes[n] for n in part) * copies / 1e6
        wall, cpu, rss, rc = gnu_time([binary, 'extract', '--quiet'] + extra + [d])
        rows.append((label, pages, mb, max(sizes[n] for n in part) / 1e6, rss, wall, cpu, rc))
        print('rss: %s: %d pages, %.0f MB: %.1f MiB' % (label, pages, mb, rss), file=sys.stderr)
    base = rows[0][4]
    lines = ['| corpus | pages | MB | largest page MB | peak RSS MiB | vs 1/8 | wall s | CPU s | exit |',
             '|---|---:|---:|---:|---:|---:|---:|---:|---:|']
    for label, pages, mb, big, rss, wall, cpu, rc in rows:
        lines.append('| %s | %d | %.1f | %.2f | %.1f | %.2f× | %.2f | %.2f | %d |' % (
            label, pages, mb, big, rss, rss / base, wall, cpu, rc))
    lines += ['', 'newsgraph extract --quiet %s, one process per size, one after the other. '
              'Peak RSS includes the mapped model and gazetteer pages touched so far.' % ' '.join(extra)]
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(OUT, 'rss.md'), 'w', encoding='utf-8') as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


OUT = 'build/bench'

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
