#!/usr/bin/env bash
# CLI tests of parallel extraction: -j N gives the same bytes as -j 1, in
# input order, errors included; each record is written whole, so
# processes sharing one output (xargs -P) leave only valid JSON lines; each
# subcommand has its own --help; --stages and --timings.
# Usage: tests/cli_jobs.sh BIN
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"

# A corpus of many small articles of different lengths (some above the
# 4 KiB a pipe writes atomically), a JSON Lines container, a WARC, and
# inputs that fail, interleaved.
python3 - "$T" <<'PY'
import sys, os, json, gzip
t = sys.argv[1]
os.makedirs(os.path.join(t, 'in'))
words = ('The council of Millbrook said on Tuesday that 40 families were moved after the river rose. '
         '"We are doing what we can," Mayor Dana Ortiz said in Portland. ').split()
for i in range(120):
    n = 20 + (i * 37) % 900
    body = ' '.join(words[(i + k) % len(words)] for k in range(n))
    open(os.path.join(t, 'in', 'a%03d.txt' % i), 'w').write('Story %d\n\n%s\n' % (i, body))
    if i % 29 == 0:
        open(os.path.join(t, 'in', 'a%03d-empty.txt' % i), 'w').close()
with open(os.path.join(t, 'in', 'b.jsonl'), 'w') as f:
    for i in range(30):
        f.write(json.dumps({'url': 'https://example.com/%d' % i, 'text': 'Report %d. ' % i + ' '.join(words[:10 + i])}) + '\n')
    f.write('{broken\n')
PY
run j1 1 "$BIN" extract -j 1 "$T/in"
cp "$T/out" "$T/j1.out"; cp "$T/err" "$T/j1.err"
expect j1-records '[ "$(wc -l < "$T/j1.out")" -eq 150 ]'
for j in 2 3 8; do
    run "j$j" 1 "$BIN" extract -j "$j" "$T/in"
    expect "j$j-same-bytes" 'cmp -s "$T/out" "$T/j1.out"'
    expect "j$j-same-errors" 'cmp -s "$T/err" "$T/j1.err"'
done
expect errors-in-order '[ "$(grep -c "empty input" "$T/j1.err")" -eq 5 ] && grep -q "b.jsonl:record 31" "$T/j1.err"'
run j-stdin 0 sh -c "cat '$T/in/a001.txt' | '$BIN' extract -j 2 --url https://example.com/x"
expect j-stdin-url 'grep -q "\"url\":\"https://example.com/x\"" "$T/out"'
run j-bad 2 "$BIN" extract -j 0 "$T/in/a001.txt"
run j-bad-word 2 "$BIN" extract -j x "$T/in/a001.txt"

# Several processes appending to one output file: whole lines only.
run xargs 0 sh -c "ls '$T'/in/a*.txt | xargs -P 4 -n 7 '$BIN' extract -j 2 --quiet >> '$T/shared.out' 2>/dev/null; true"
expect xargs-all-valid 'python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$T/shared.out"'
expect xargs-all-there '[ "$(wc -l < "$T/shared.out")" -eq 120 ]'

# --stages: only the chosen stages' keys; an unknown stage is a usage error.
run stages 0 "$BIN" extract --no-ner --stages quotes,events "$T/in/a005.txt"
expect stages-keys 'grep -q "\"quotes\":\[" "$T/out" && grep -q "\"events\":\[\]" "$T/out" && ! grep -q "\"places\":" "$T/out" && ! grep -q "\"tone\":" "$T/out"'
run stages-unknown 2 "$BIN" extract --stages quotes,nonesuch "$T/in/a005.txt"
expect stages-unknown-msg 'grep -q "unknown stage .nonesuch." "$T/err"'
run timings 0 "$BIN" extract --no-ner --timings -j 2 "$T/in/a005.txt"
expect timings-rows 'grep -q "^  places " "$T/err" && grep -q "^  read+text " "$T/err"'

# Each subcommand has its own help.
run help-extract 0 "$BIN" extract --help
expect help-extract-text 'grep -q "^usage: newsgraph extract" "$T/out" && grep -q -- "--jobs" "$T/out"'
run help-tag 0 "$BIN" tag --help
expect help-tag-text 'grep -q "^usage: newsgraph tag --conll" "$T/out" && ! grep -q -- "--jobs" "$T/out"'
run help-main 0 "$BIN" --help
expect help-main-text 'grep -q "COMMAND --help" "$T/out"'

echo "cli-jobs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
