#!/usr/bin/env bash
# CLI tests of the NER commands: train on a tiny hand-made CoNLL file
# (with the build tool train-ner beside the program, in tools/),
# tag --conll (lines kept, IOB1 column appended), and model errors
# (missing or corrupt: exit 2 with a reason naming the file).
# Usage: tests/cli_ner.sh BIN
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"
TRAINER=$(dirname "$BIN")/tools/train-ner

cat > "$T/tiny.conll" <<'CONLL'
-DOCSTART- -X- O O

John NNP I-NP I-PER
Smith NNP I-NP I-PER
visited VBD I-VP O
Paris NNP I-NP I-LOC
. . O O

Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
hired VBD I-VP O
Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
. . O O

-DOCSTART- -X- O O

Peter NNP I-NP I-PER
Brown NNP I-NP I-PER
visited VBD I-VP O
London NNP I-NP I-LOC
. . O O
CONLL
mkdir -p "$T/m"
run train 0 "$TRAINER" --quiet --train "$T/tiny.conll" --epochs 5 --hash-bits 12 --out "$T/m/ner.bin"
expect train-model '[ -s "$T/m/ner.bin" ]'
run train-usage 2 "$TRAINER" --train "$T/tiny.conll"
run train-missing 1 "$TRAINER" --train "$T/nope.conll" --out "$T/x.bin"
expect train-missing-msg 'grep -q "nope.conll: No such file" "$T/err"'
# mixed sets: options after colons; a set without -DOCSTART- is cut into
# documents, every K-th held out; demonyms become MISC; a bad option is a usage error
printf 'The\tO\nGerman\tO\nminister\tO\nAnna\tB-PER\nBerg\tI-PER\nspoke\tO\n.\tO\n\nParis\tB-LOC\nwaited\tO\n.\tO\n\n' > "$T/open.conll"
run train-mixed 0 "$TRAINER" --train "$T/tiny.conll:w=2" --train "$T/open.conll:nomisc:demonyms:chunk=1:holdout=2" \
    --lexicons lexicons --epochs 3 --hash-bits 12 --out "$T/mixed.bin"
expect train-mixed-model '[ -s "$T/mixed.bin" ]'
expect train-mixed-split 'grep -q "open.conll: 1 documents to train (x1), 1 to dev, MISC masked, demonyms as MISC" "$T/err"'
run train-bad-set 2 "$TRAINER" --train "$T/tiny.conll:weight=2" --out "$T/x.bin"
expect train-bad-set-msg 'grep -q "bad set" "$T/err"'

run tag 0 "$BIN" tag --conll --models "$T/m" < "$T/tiny.conll"
expect tag-lines '[ "$(wc -l < "$T/out")" -eq "$(wc -l < "$T/tiny.conll")" ]'
expect tag-docstart '[ "$(grep -c "^-DOCSTART- -X- O O$" "$T/out")" -eq 2 ]'
expect tag-blank-kept '[ "$(grep -c "^$" "$T/out")" -eq "$(grep -c "^$" "$T/tiny.conll")" ]'
expect tag-column 'grep -q "^John NNP I-NP I-PER I-PER$" "$T/out" && grep -q "^visited VBD I-VP O O$" "$T/out"'
expect tag-all-right '[ "$(awk "NF==5 && \$4!=\$5" "$T/out" | wc -l)" -eq 0 ]'
# documents are tagged one at a time: the same as tagging each alone
cp "$T/out" "$T/both.out"
second=$(grep -n '^-DOCSTART-' "$T/tiny.conll" | sed -n 2p | cut -d: -f1)
head -n $((second - 1)) "$T/tiny.conll" > "$T/first.conll"
tail -n +"$second" "$T/tiny.conll" > "$T/second.conll"
{ "$BIN" tag --conll --models "$T/m" < "$T/first.conll"; "$BIN" tag --conll --models "$T/m" < "$T/second.conll"; } > "$T/each.out"
expect tag-streams-documents 'cmp -s "$T/both.out" "$T/each.out" && [ "$(grep -c "^-DOCSTART-" "$T/second.conll")" -eq 1 ]'
run tag-empty 0 "$BIN" tag --conll --models "$T/m" < /dev/null
expect tag-empty-out '[ ! -s "$T/out" ]'
run tag-needs-conll 2 "$BIN" tag --models "$T/m"

run tag-missing-model 2 "$BIN" tag --conll --models "$T/none" < "$T/tiny.conll"
expect tag-missing-msg 'grep -q "$T/none/ner.bin: No such file or directory" "$T/err"'
mkdir -p "$T/bad"
head -c 300 "$T/m/ner.bin" > "$T/bad/ner.bin"
run tag-truncated 2 "$BIN" tag --conll --models "$T/bad" < "$T/tiny.conll"
expect tag-truncated-msg 'grep -q "bad/ner.bin: truncated" "$T/err"'
cp "$T/m/ner.bin" "$T/bad/ner.bin"
printf 'garbage' | dd of="$T/bad/ner.bin" bs=1 seek=1000 conv=notrunc 2>/dev/null
run tag-corrupt 2 "$BIN" tag --conll --models "$T/bad" < "$T/tiny.conll"
expect tag-corrupt-msg 'grep -q "bad/ner.bin: corrupt model (checksum mismatch" "$T/err"'

printf 'John Smith visited Paris.\n' > "$T/a.txt"
run extract-models 0 "$BIN" extract --models "$T/m" "$T/a.txt"
expect extract-models-quiet '[ ! -s "$T/err" ]'
run extract-bad-models 2 "$BIN" extract --models "$T/bad" "$T/a.txt"
expect extract-bad-models-msg 'grep -q "^newsgraph: .*bad/ner.bin: corrupt" "$T/err"'
expect extract-bad-models-no-output '[ ! -s "$T/out" ]'
# Without a model next to the program: one warning, and the record still comes.
cp "$BIN" "$T/newsgraph-alone"
run extract-no-default 0 "$T/newsgraph-alone" extract "$T/a.txt"
expect extract-no-default-warning '[ "$(grep -c "warning: no NER model" "$T/err")" -eq 1 ]'
expect extract-no-default-record '[ "$(wc -l < "$T/out")" -eq 1 ]'

echo "cli-ner: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
