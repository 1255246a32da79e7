#!/usr/bin/env bash
# Golden tests: each samples/NAME.{html,txt} has tests/golden/NAME.json, the
# expected record. Usage: tests/golden.sh BIN [--update]
# They run with --no-ner: the NER model is built from ../shared and may be
# absent, so the golden records hold everything but the tagger's output
# (tests/seed.py and tests/cli_ner.sh cover that).
set -u
BIN=${1:-build/newsgraph}
pass=0 fail=0
for exp in tests/golden/*.json; do
    [ -e "$exp" ] || continue
    name=$(basename "$exp" .json)
    src=$(ls samples/"$name".* 2>/dev/null | head -1)
    args=$(cat tests/golden/"$name".args 2>/dev/null)
    got=$("$BIN" extract --no-ner $args "$src" 2>&1 | sed -e 's/"path":"[^"]*"/"path":""/')
    if [ "${2:-}" = "--update" ]; then printf '%s\n' "$got" > "$exp"; pass=$((pass + 1)); continue; fi
    if [ "$got" = "$(cat "$exp")" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL golden $name"; diff <(printf '%s\n' "$got" | tr ',' '\n') <(tr ',' '\n' < "$exp") | head -20; fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
