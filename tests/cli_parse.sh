#!/usr/bin/env bash
# CLI tests of the parser: `parse --conllu` with a tiny POS model and a
# tiny parser trained here by the build tools (train-pos, train-parse
# beside the program, in tools/) writes HEAD and DEPREL of every word,
# keeps comments, multiword ranges and empty nodes, reproduces the trees it
# was trained on; a corrupt parse.bin is named; extract --syntax adds
# UPOS, head and relation to each token, and extract without it does not.
# Usage: tests/cli_parse.sh BIN
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"
TOOLS=$(dirname "$BIN")/tools

# two sentences with a multiword range and an empty node (tests/conllu/tiny.conllu)
cp "$(dirname "$0")/conllu/tiny.conllu" "$T/tiny.conllu"
# the same words with the tree columns blanked: parse must fill them
awk -F'\t' 'BEGIN{OFS="\t"} /^[0-9]+\t/{$4="_";$5="_";$7="_";$8="_"} {print}' "$T/tiny.conllu" > "$T/blank.conllu"

mkdir -p "$T/m"
run train-pos 0 "$TOOLS/train-pos" --quiet --train "$T/tiny.conllu" --epochs 5 --hash-bits 12 --out "$T/m/pos.bin"
run train-parse 0 "$TOOLS/train-parse" --quiet --gold-tags --train "$T/tiny.conllu" --epochs 10 --trans-bits 12 \
    --label-bits 9 --out "$T/m/parse.bin"
run train-parse-usage 2 "$TOOLS/train-parse" --train "$T/tiny.conllu"

run parse 0 "$BIN" parse --conllu --models "$T/m" < "$T/blank.conllu"
expect parse-lines '[ "$(wc -l < "$T/out")" -eq "$(wc -l < "$T/tiny.conllu")" ]'
expect parse-same-as-gold 'cmp -s "$T/out" "$T/tiny.conllu"'
expect parse-range-echoed 'grep -q "^1-2	don.t	_	_	_	_	_	_	_	_$" "$T/out"'
expect parse-empty-node-echoed 'grep -q "^3.1	go	go	VERB	VB	_	_	_	_	_$" "$T/out"'
# a short line (ID and FORM only) gets every predicted column
printf '1\tThe\n2\tdog\n3\tbarks\n' > "$T/short.conllu"
run parse-short 0 "$BIN" parse --conllu --models "$T/m" < "$T/short.conllu"
expect parse-short-cols '[ "$(awk -F"\t" "NF == 8 && \$7 ~ /^[0-3]$/ && \$8 != \"_\"" "$T/out" | wc -l)" -eq 3 ]'
expect parse-one-root '[ "$(awk -F"\t" "\$7 == 0" "$T/out" | wc -l)" -eq 1 ]'

# extract --syntax: tokens carry [start, end, kind, UPOS, head, relation]
printf 'The dog barks. The dog barks!\n' > "$T/a.txt"
run extract-syntax 0 "$BIN" extract --syntax --quiet --gazetteer '' --models "$T/m" "$T/a.txt"
expect syntax-tokens 'python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
toks = r[\"tokens\"]
assert all(len(t) == 6 for t in toks), toks
assert sum(t[4] == -1 for t in toks) == 2, toks
assert all(t[4] == -1 or 0 <= t[4] < len(toks) for t in toks)
" "$T/out"'
run extract-plain 0 "$BIN" extract --tokens --quiet --gazetteer '' --models "$T/m" "$T/a.txt"
expect no-syntax-by-default 'python3 -c "
import json, sys
assert all(len(t) == 3 for t in json.load(open(sys.argv[1]))[\"tokens\"])
" "$T/out"'

# a corrupt parse.bin is an error naming it
head -c 100 "$T/m/parse.bin" > "$T/m/parse.cut" && mv "$T/m/parse.cut" "$T/m/parse.bin"
run corrupt-parser 2 "$BIN" parse --conllu --models "$T/m" < "$T/tiny.conllu"
expect corrupt-parser-msg 'grep -q "parse.bin" "$T/err"'

echo "cli-parse: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
