#!/usr/bin/env bash
# One large article: one-paragraph plain-text articles of 1 MB and 4 MB
# (bench/big_article.py: sentences of samples/) and a 1 MB paragraph dense
# in place names (--places: 50,000 mentions of 250 countries).
#
# Each must come out as one record of one paragraph, with quotes and places
# (and entities when the NER model is there), within the article arena's
# limit that --max-size sets (48 times it plus 64 MB): run with --max-size
# just above the file's size, a stage that needs memory out of proportion
# to the text fails the article with "out of memory" (the places stage used
# to reserve room for every mention in each place; the tagger, given too
# little, drops its mentions, so the entities check catches it). That part
# is deterministic.
#
# Peak RSS (getrusage of the child) of the 4 MB article must stay under 40
# times its size, and grow by less than 30 bytes per byte from 1 MB to
# 4 MB (which leaves out the fixed cost of the program, model and
# gazetteer). Skipped for a sanitizer build (build/asan/...), whose shadow
# memory and quarantine inflate RSS; that build only runs the 1 MB inputs,
# to keep its time down. No time is asserted; a run that hangs fails at the
# timeout of 120 s.
# Usage: tests/cli_large.sh BIN
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"
GEN="$(cd "$(dirname "$0")/.." && pwd)/bench/big_article.py"
SANITIZED=0
case $BIN in */asan/*) SANITIZED=1 ;; esac
MODEL=0
[ -f "$(dirname "$BIN")/models/ner.bin" ] && MODEL=1

# measure NAME FILE MAX_SIZE: extract FILE alone; stdout in $T/out, stderr in
# $T/err; sets rc and kib (the child's peak RSS in KiB).
measure() {
    local name=$1
    read -r rc kib < <(python3 - "$BIN" "$2" "$3" "$T/out" "$T/err" <<'PY'
import resource, subprocess, sys
bin, path, limit, out, err = sys.argv[1:]
with open(out, 'wb') as o, open(err, 'wb') as e:
    try:
        rc = subprocess.run([bin, 'extract', '--quiet', '--max-size', limit, path], stdout=o, stderr=e,
                            timeout=120).returncode
    except subprocess.TimeoutExpired:
        rc = 124
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(rc, peak // 1024 if sys.platform == 'darwin' else peak)
PY
    )
    rc=${rc:-1} kib=${kib:-0}
    expect "$name-exit" '[ "$rc" -eq 0 ]'
}

# record NAME QUOTES: the record in $T/out has one paragraph, places, quotes
# if QUOTES is 1 and, with the model, entities.
record() {
    want_quotes=$2
    expect "$1-record" 'python3 - "$T/out" "$MODEL" "$want_quotes" <<'"'"'PY'"'"'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
r = json.loads(lines[0]) if len(lines) == 1 else {}
ok = (len(r.get("paragraphs", [])) == 1 and r["places"] and (r["quotes"] or sys.argv[3] == "0") and
      (r["entities"] or sys.argv[2] == "0"))
sys.exit(0 if ok else 1)
PY'
}

if ! python3 "$GEN" 1M "$T/a1.txt" || ! python3 "$GEN" 1M "$T/p1.txt" --places; then
    echo "cli-large: python3 bench/big_article.py failed"
    exit 1
fi
measure article-1mb "$T/a1.txt" 1100K
record article-1mb 1
kib1=$kib size1=$(wc -c < "$T/a1.txt")
measure places-1mb "$T/p1.txt" 1100K
record places-1mb 0

if [ "$SANITIZED" -eq 0 ]; then
    python3 "$GEN" 4M "$T/a4.txt"
    measure article-4mb "$T/a4.txt" 4400K
    record article-4mb 1
    kib4=$kib size4=$(wc -c < "$T/a4.txt")
    echo "cli-large: peak RSS $((kib1 / 1024)) MiB for $size1 bytes, $((kib4 / 1024)) MiB for $size4 bytes"
    expect rss-4mb-under-40x '[ $((kib4 * 1024)) -lt $((40 * size4)) ]'
    expect rss-growth-under-30x '[ $(((kib4 - kib1) * 1024)) -lt $((30 * (size4 - size1))) ]'
fi

echo "cli-large: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
