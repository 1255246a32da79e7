#!/usr/bin/env python3
"""NER throughput: newsgraph's tagger against compromise on the same text
(`make bench` runs it after bench/run.sh; `python3 bench/ner.py BIN`).

Corpus: the CoNLL-2003 eng.train documents (946 documents, 203,621
tokens), repeated REPEAT times (default 3) so each run lasts long enough
to time. Two forms of the same text:
  * CoNLL columns, for `newsgraph tag --conll --timing` (the tagger alone;
    it reports its own load and tagging time);
  * one .txt file per document (tokens joined by spaces, one sentence per
    line) under build/bench/ner/txt, for `newsgraph extract` (tokenizer,
    sentences and the tagger inside the whole pipeline) and for
    compromise (`node build/peers/ner_compromise.js`, whose TIMING line
    gives words/s over its processing time, startup excluded).
Tokens/s for extract are the corpus's whitespace tokens over wall time
(startup included); the extract run with --no-ner gives the cost of NER
inside extract, and the row "tagger inside extract" is the tokens over
that difference (wall with the model - wall without), i.e. the tagger's
own rate when the pipeline drives it. Peak RSS comes from GNU time. Everything runs one
after the other in this one run, and is reported as ratios; a noisy,
shared machine moves the absolute numbers but less so the ratios.
"""
import json
import os
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get('SHARED', os.path.join(REPO, '..', 'shared'))
OUT = os.path.join(REPO, 'build', 'bench', 'ner')
REPEAT = int(os.environ.get('NER_BENCH_REPEAT', '3'))


def timed(cmd, stdin=None):
    """Runs cmd under GNU time: (wall secs, peak RSS MiB, stderr text)."""
    tf = os.path.join(OUT, 'time.txt')
    t0 = time.perf_counter()
    with open(os.devnull, 'wb') as devnull:
        p = subprocess.run(['/usr/bin/time', '-f', '%M', '-o', tf] + cmd, stdin=stdin, stdout=devnull,
                           stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError('%s failed: %s' % (' '.join(cmd), p.stderr.decode('utf-8', 'replace')[-400:]))
    rss = int(open(tf).read().split()[-1]) / 1024
    return wall, rss, p.stderr.decode('utf-8', 'replace')


def timing_line(err):
    for line in err.split('\n'):
        if line.startswith('TIMING '):
            return json.loads(line[7:])
    return {}


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'build', 'newsgraph'))
    train = os.path.join(SHARED, 'data', 'conll2003-en', 'eng.train')
    models = os.path.join(REPO, 'build', 'models')
    if not os.path.exists(train):
        print('ner bench: skipped: %s not found' % train)
        return 0
    if not os.path.exists(os.path.join(models, 'ner.bin')):
        print('ner bench: skipped: no model at build/models/ner.bin (make builds it)')
        return 0
    os.makedirs(OUT, exist_ok=True)
    # --- corpora
    conll = os.path.join(OUT, 'train.conll')
    txt = os.path.join(OUT, 'txt')
    shutil.rmtree(txt, ignore_errors=True)
    os.makedirs(txt)
    src = open(train, encoding='utf-8').read()
    with open(conll, 'w', encoding='utf-8') as f:
        f.write(src * REPEAT)
    docs, cur, sent = [], [], []
    for line in src.split('\n'):
        w = line.split()
        if w and w[0] == '-DOCSTART-':
            if cur:
                docs.append(cur)
            cur = []
        elif not w:
            if sent:
                cur.append(' '.join(sent))
            sent = []
        else:
            sent.append(w[0])
    if sent:
        cur.append(' '.join(sent))
    if cur:
        docs.append(cur)
    tokens = 0
    for r in range(REPEAT):
        for i, d in enumerate(docs):
            with open(os.path.join(txt, 'r%d-%04d.txt' % (r, i)), 'w', encoding='utf-8') as f:
                f.write('\n'.join(d) + '\n')
            tokens += sum(len(s.split()) for s in d)
    n_files = REPEAT * len(docs)
    print('ner bench: %d documents, %d tokens (eng.train x%d)' % (n_files, tokens, REPEAT), file=sys.stderr)

    rows = []
    # --- the tagger alone
    with open(conll, 'rb') as f:
        wall, rss, err = timed([binary, 'tag', '--conll', '--timing', '--models', models], stdin=f)
    t = timing_line(err)
    rows.append(('newsgraph tag --conll', t['tokens'] / t['secs'], wall, rss))
    load = []
    for _ in range(5):
        with open(os.devnull, 'rb') as f:
            load.append(timing_line(timed([binary, 'tag', '--conll', '--timing', '--models', models], stdin=f)[2])['load_secs'])
    # --- inside extract, with and without the model
    wall_ner, rss, _ = timed([binary, 'extract', '--quiet', '-j', '1', '--models', models, txt])
    rows.append(('newsgraph extract (with NER)', tokens / wall_ner, wall_ner, rss))
    wall, rss, _ = timed([binary, 'extract', '--quiet', '-j', '1', '--no-ner', txt])
    rows.append(('newsgraph extract (--no-ner)', tokens / wall, wall, rss))
    if wall_ner > wall:  # a noisy machine can hide a small difference; then there is no row
        rows.append(('tagger inside extract (with - without)', tokens / (wall_ner - wall), wall_ner - wall, None))
    # --- compromise
    peer = os.path.join(REPO, 'build', 'peers', 'ner_compromise.js')
    peer_tps = None
    if os.path.exists(peer) and os.path.isdir(os.path.join(REPO, 'build', 'peers', 'node_modules')) and shutil.which('node'):
        wall, rss, err = timed(['node', peer, txt])
        t = timing_line(err)
        peer_tps = t.get('words_per_sec') or (tokens / wall)
        rows.append(('compromise ner_compromise.js', peer_tps, wall, rss))
    else:
        print('ner bench: build/peers not installed: compromise not run (bash bench/run.sh installs it)', file=sys.stderr)

    lines = ['| runner | tokens/s | wall s | peak RSS MiB | vs compromise |', '|---|---|---|---|---|']
    for name, tps, wall, rss in rows:
        ratio = '%.1fx' % (tps / peer_tps) if peer_tps else '-'
        lines.append('| %s | %s | %.2f | %s | %s |' % (name, format(int(tps), ','), wall, '-' if rss is None else '%.0f' % rss,
                                                      ratio))
    model_mb = os.path.getsize(os.path.join(models, 'ner.bin')) / 1e6
    lines.append('')
    lines.append('model: %.1f MB, load (open + validate, median of 5): %.1f ms' % (model_mb, sorted(load)[2] * 1000))
    lines.append('tag --conll tokens/s: its TIMING line (reading and tagging, model load excluded); extract: whole-process wall time; '
                 'tagger inside extract: tokens over the extra wall time the model costs; '
                 'compromise: its TIMING words/s (startup excluded)')
    text = '\n'.join(lines)
    print(text)
    with open(os.path.join(OUT, 'summary.md'), 'w') as f:
        f.write(text + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
