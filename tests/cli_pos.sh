#!/usr/bin/env bash
# CLI tests of `parse --conllu`: a tiny POS model trained here with the
# build tool train-pos (beside the program, in tools/), then token lines
# kept with columns 4 and 5 replaced, comments, multiword ranges and empty
# nodes echoed, --help, and model errors (missing, corrupt).
# Usage: tests/cli_pos.sh BIN
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"
TRAINER=$(dirname "$BIN")/tools/train-pos

# two sentences with a multiword range and an empty node (tests/conllu/tiny.conllu)
cp "$(dirname "$0")/conllu/tiny.conllu" "$T/tiny.conllu"
# the same words with wrong tags: parse must replace them
sed -e $'s/\tDET\tDT\t/\tX\tXX\t/' -e $'s/\tNOUN\tNN\t/\tX\tXX\t/' "$T/tiny.conllu" > "$T/wrong.conllu"

mkdir -p "$T/m"
run train 0 "$TRAINER" --quiet --train "$T/tiny.conllu" --epochs 5 --hash-bits 12 --out "$T/m/pos.bin"
expect train-model '[ -s "$T/m/pos.bin" ]'
run train-usage 2 "$TRAINER" --train "$T/tiny.conllu"
run train-missing 1 "$TRAINER" --train "$T/nope.conllu" --out "$T/x.bin"

run help 0 "$BIN" parse --help
expect help-text 'grep -q "usage: newsgraph parse --conllu" "$T/out"'
run no-format 2 "$BIN" parse --models "$T/m"
run unknown-option 2 "$BIN" parse --conllu --nonesuch

run parse 0 "$BIN" parse --conllu --models "$T/m" < "$T/wrong.conllu"
expect parse-lines '[ "$(wc -l < "$T/out")" -eq "$(wc -l < "$T/tiny.conllu")" ]'
expect parse-same-as-gold 'cmp -s "$T/out" "$T/tiny.conllu"'
expect parse-comments 'grep -qx "# text = The dog barks." "$T/out"'
expect parse-range-echoed 'grep -q "^1-2	don.t	_	_	_	_	_	_	_	_$" "$T/out"'
expect parse-empty-node-echoed 'grep -q "^3.1	go	go	VERB	VB	_	_	_	_	_$" "$T/out"'
expect parse-misc-kept 'grep -q "^4	\.	\.	PUNCT	\.	_	3	punct	_	SpaceAfter=No$" "$T/out"'
# a short line (ID and FORM only) gets the tag columns
printf '1\tThe\n2\tdog\n' > "$T/short.conllu"
run parse-short 0 "$BIN" parse --conllu --models "$T/m" < "$T/short.conllu"
expect parse-short-cols 'grep -q "^1	The	_	DET	DT$" "$T/out"'

# Input without blank lines is tagged in pieces: every line comes back.
python3 -c 'import sys; sys.stdout.write("".join("%d\tword\t_\t_\t_\t_\t_\t_\t_\t_\n" % (i + 1) for i in range(25000)))' > "$T/long.conllu"
run parse-no-blank-lines 0 "$BIN" parse --conllu --models "$T/m" < "$T/long.conllu"
expect parse-no-blank-lines-all '[ "$(wc -l < "$T/out")" -eq 25000 ]'

# models: no pos.bin is exit 2 with a reason; a corrupt one names the file
mkdir -p "$T/empty"
run no-model 2 "$BIN" parse --conllu --models "$T/empty" < "$T/tiny.conllu"
head -c 100 "$T/m/pos.bin" > "$T/m/pos.cut" && mv "$T/m/pos.cut" "$T/m/pos.bin"
run corrupt-model 2 "$BIN" parse --conllu --models "$T/m" < "$T/tiny.conllu"
expect corrupt-model-msg 'grep -q "pos.bin" "$T/err"'

echo "cli-pos: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
