#!/usr/bin/env python3
"""Lay out the benchmark corpora as plain .html files (stdlib only).

  python3 bench/corpus.py DATA OUTDIR [--full]

DATA is ../shared/data. Writes decompressed copies, so that newsgraph and
Readability read the very same bytes (Readability's runner only picks up
.html/.htm/.html.gz names, and the news-html-corpus files are <name>.gz):

  OUTDIR/news-sub/   every 4th page (sorted order) of the 2,172 pages of
                     news-html-corpus/{l3s-gn1/original, dragnet-2012/html,
                     postlight-fixtures/html}          (default)
  OUTDIR/news-full/  all 2,172 pages                   (--full)
  OUTDIR/aeb/        the 91 article-extraction-benchmark pages

Each directory gets a sibling OUTDIR/<name>.manifest.json ({pages, bytes,
files}); a directory whose manifest matches is left as it is. Prints one
line per corpus: name TAB dir TAB pages TAB bytes.
"""
import gzip
import json
import os
import shutil
import sys

SUBSETS = ['l3s-gn1/original', 'dragnet-2012/html', 'postlight-fixtures/html']
STEP = 4  # the default subset: every STEP-th page


def sources_news(data):
    out = []
    for sub in SUBSETS:
        d = os.path.join(data, 'news-html-corpus', sub)
        if not os.path.isdir(d):
            continue
        tag = sub.split('/')[0]
        for name in sorted(os.listdir(d)):
            if not name.endswith('.gz'):
                continue
            base = name[:-3]
            if not base.endswith(('.html', '.htm')):
                base += '.html'
            out.append((os.path.join(d, name), '%s__%s' % (tag, base)))
    return out


def sources_aeb(data):
    d = os.path.join(data, 'article-extraction-benchmark', 'html')
    if not os.path.isdir(d):
        return []
    return [(os.path.join(d, n), n[:-3]) for n in sorted(os.listdir(d)) if n.endswith('.html.gz')]


def lay_out(srcs, outdir, name):
    dest = os.path.join(outdir, name)
    man_path = os.path.join(outdir, name + '.manifest.json')
    files = [dst for _, dst in srcs]
    try:
        with open(man_path) as f:
            man = json.load(f)
        if man.get('files') == files and all(os.path.exists(os.path.join(dest, x)) for x in files):
            return dest, man['pages'], man['bytes']
    except (OSError, ValueError):
        pass
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    total = 0
    for src, dst in srcs:
        with gzip.open(src, 'rb') as fi:
            raw = fi.read()
        with open(os.path.join(dest, dst), 'wb') as fo:
            fo.write(raw)
        total += len(raw)
    with open(man_path, 'w') as f:
        json.dump({'pages': len(files), 'bytes': total, 'files': files}, f)
    return dest, len(files), total


def main(argv):
    full = '--full' in argv
    args = [a for a in argv if a != '--full']
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    data, outdir = args
    os.makedirs(outdir, exist_ok=True)
    news = sources_news(data)
    if not full:
        news = news[::STEP]
    for name, srcs in (('news-full' if full else 'news-sub', news), ('aeb', sources_aeb(data))):
        if srcs:
            d, n, b = lay_out(srcs, outdir, name)
            print('%s\t%s\t%d\t%d' % (name, d, n, b))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
