#!/usr/bin/env bash
# CLI tests for the input stages (WARC, JSON Lines, encodings), end to end
# through `newsgraph extract`. Usage: tests/cli_input.sh BIN
# The HTML reader may still be simple, so this checks only what the input
# stages guarantee: records, URLs, record numbers, error lines, and valid
# UTF-8 without NULs in the text.
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"

# Python checks on the JSON records in $T/out.
py() { python3 -c "$1" "$T/out"; }
valid_utf8='[ -s "$T/out" ] && iconv -f utf-8 -t utf-8 "$T/out" >/dev/null 2>&1 && ! grep -q "\\\\u0000" "$T/out"'

# ---- WARC -------------------------------------------------------------------
# warc_record TYPE URI BLOCK: one record on stdout.
warc_record() {
    printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Date: 2025-01-11T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:%s>\r\n' "$1" "$RANDOM"
    [ -n "$2" ] && printf 'WARC-Target-URI: %s\r\n' "$2"
    printf 'Content-Length: %d\r\n\r\n%s\r\n\r\n' "$(printf '%s' "$3" | wc -c)" "$3"
}
page() { printf '<html><head><title>%s</title></head><body><p>%s story text goes here.</p></body></html>' "$1" "$1"; }
resp() { printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s' "$(page "$1")"; }

warc_record warcinfo "" $'software: cli_input.sh\r\n' > "$T/r1"
warc_record request http://example.com/2025/01/11/one $'GET /2025/01/11/one HTTP/1.1\r\nHost: example.com\r\n\r\n' > "$T/r2"
warc_record response http://example.com/2025/01/11/one "$(resp One)" > "$T/r3"
warc_record response http://example.com/2025/01/12/two "$(resp Two)" > "$T/r4"
cat "$T/r1" "$T/r2" "$T/r3" "$T/r4" > "$T/a.warc"

check_warc() { # NAME FILE
    run "$1" 0 "$BIN" extract "$2"
    expect "$1-two-records" '[ "$(wc -l < "$T/out")" -eq 2 ]'
    expect "$1-urls" 'py "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(not ([x[\"source\"][\"url\"] for x in r] == [\"http://example.com/2025/01/11/one\", \"http://example.com/2025/01/12/two\"]))"'
    expect "$1-record-numbers" 'py "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(not ([x[\"source\"][\"record\"] for x in r] == [3, 4]))"'
    expect "$1-text" 'grep -q "One story text" "$T/out" && grep -q "Two story text" "$T/out"'
    expect "$1-format" \
        'py "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(not all(x[\"source\"][\"format\"] == \"warc\" for x in r))"'
}
check_warc warc "$T/a.warc"

# .warc.gz as written by crawlers: one gzip member per record.
for i in 1 2 3 4; do gzip -c "$T/r$i"; done > "$T/a.warc.gz"
check_warc warc-gz "$T/a.warc.gz"

# Bare \n line ends.
{ printf 'WARC/1.0\nWARC-Type: response\nWARC-Target-URI: http://example.com/lf\n'
  b=$(printf 'HTTP/1.1 200 OK\nContent-Type: text/html\n\n%s' "$(page LF)")
  printf 'Content-Length: %d\n\n%s\n\n' "$(printf '%s' "$b" | wc -c)" "$b"; } > "$T/lf.warc"
run warc-lf 0 "$BIN" extract "$T/lf.warc"
expect warc-lf-record 'grep -q "\"url\":\"http://example.com/lf\"" "$T/out"'

# A WARC cut short (and then compressed whole): the good record, then an error.
cat "$T/r1" "$T/r3" > "$T/cut.warc"
head -c $(( $(wc -c < "$T/cut.warc") + $(wc -c < "$T/r4") - 30 )) <(cat "$T/cut.warc" "$T/r4") > "$T/trunc.warc"
gzip -c "$T/trunc.warc" > "$T/trunc.warc.gz"
run warc-truncated 1 "$BIN" extract "$T/trunc.warc.gz"
expect warc-truncated-good '[ "$(wc -l < "$T/out")" -eq 1 ] && grep -q "One story text" "$T/out"'
expect warc-truncated-msg 'grep -q "^newsgraph: $T/trunc.warc.gz:record 3: truncated WARC record (Content-Length [0-9]*, [0-9]* bytes left)$" "$T/err"'

# A .warc.gz whose gzip stream is cut inside the last member.
for i in 1 3 4; do gzip -c "$T/r$i"; done > "$T/cutgz.warc.gz"
head -c $(( $(wc -c < "$T/cutgz.warc.gz") - 40 )) "$T/cutgz.warc.gz" > "$T/cutgz2.warc.gz"
run warc-gz-cut 1 "$BIN" extract "$T/cutgz2.warc.gz"
expect warc-gz-cut-msg 'grep -q "cutgz2.warc.gz.*truncated" "$T/err"'
expect warc-gz-cut-good \
    '[ "$(wc -l < "$T/out")" -eq 1 ]'

# Junk where a record should start.
{ cat "$T/r3"; printf 'this is not a record\r\n'; cat "$T/r4"; } > "$T/junk.warc"
run warc-junk 1 "$BIN" extract "$T/junk.warc"
expect warc-junk-good '[ "$(wc -l < "$T/out")" -eq 1 ]'
expect warc-junk-msg 'grep -q "junk.warc:record 2: not a WARC record at byte" "$T/err"'

# Chunked and gzip-encoded HTTP payloads.
body=$(page Chunky)
chunked=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n' "${#body}" "$body")
warc_record response http://example.com/chunked "$chunked" > "$T/chunked.warc"
page Zipped | gzip -c > "$T/body.gz"
{ printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/gz\r\n'
  printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n' > "$T/gzblock"
  cat "$T/body.gz" >> "$T/gzblock"
  printf 'Content-Length: %d\r\n\r\n' "$(wc -c < "$T/gzblock")"; cat "$T/gzblock"; printf '\r\n\r\n'; } >> "$T/chunked.warc"
run warc-encodings 0 "$BIN" extract "$T/chunked.warc"
expect warc-chunked-text 'grep -q "Chunky story text" "$T/out"'
expect warc-gzip-text 'grep -q "Zipped story text" "$T/out"'

# ---- JSON Lines ---------------------------------------------------------------
{ printf '{"url":"http://example.com/j1","html":"<p>Json one.</p>","published":"2025-01-11"}\n'
  printf '{"url":"http://example.com/j2","html": broken\n'
  printf '\n'
  printf '{"url":"http://example.com/j3","text":"Json three."}\r\n'
  printf '{"url":"http://example.com/j4","html":5}\n'
  printf '{"url":"http://example.com/j5","text":"Json five.","title":null}\n'; } > "$T/a.jsonl"
run jsonl 1 "$BIN" extract "$T/a.jsonl"
expect jsonl-three-records '[ "$(wc -l < "$T/out")" -eq 3 ]'
expect jsonl-record-lines 'py "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(not ([x[\"source\"][\"record\"] for x in r] == [1, 4, 6]))"'
expect jsonl-urls 'py "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(not ([x[\"source\"][\"url\"] for x in r] == [\"http://example.com/j1\", \"http://example.com/j3\", \"http://example.com/j5\"]))"'
expect jsonl-errors '[ "$(grep -vc "warning:" "$T/err")" -eq 2 ]'  # a missing default model only warns
expect jsonl-bad-json 'grep -q "^newsgraph: $T/a.jsonl:record 2: invalid JSON at byte [0-9]*: " "$T/err"'
expect jsonl-bad-type 'grep -q "^newsgraph: $T/a.jsonl:record 5: \"html\" must be a string, not a number$" "$T/err"'

# A 50 MB line goes through, quickly.
{ printf '{"url":"http://example.com/big","html":"<p>'; head -c 50000000 /dev/zero | tr '\0' 'a'; printf '</p>"}\n'; } > "$T/big.jsonl"
start=$(date +%s)
run jsonl-big 0 timeout 20 "$BIN" extract "$T/big.jsonl"
expect jsonl-big-fast '[ $(( $(date +%s) - start )) -lt 20 ]'
expect jsonl-big-record '[ "$(wc -l < "$T/out")" -eq 1 ] && grep -q "\"url\":\"http://example.com/big\"" "$T/out"'
rm -f "$T/big.jsonl"

# ---- encodings ---------------------------------------------------------------------
# UTF-16LE HTML with a BOM.
printf '<html><body><p>Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d sixteen.</p></body></html>' | iconv -f utf-8 -t utf-16le > "$T/u16.body"
{ printf '\xff\xfe'; cat "$T/u16.body"; } > "$T/u16.html"
run utf16 0 "$BIN" extract "$T/u16.html"
expect utf16-valid "$valid_utf8"
expect utf16-text 'py "import json,sys; r=json.loads(open(sys.argv[1]).readline()); sys.exit(not (\"Caf\u00e9 \u201cquoted\u201d sixteen\" in r[\"text\"]))"'

# NUL bytes in a text file are dropped.
printf 'Hello\0 wor\0ld. This is a test with a NUL.\n' > "$T/nul.txt"
run nul 0 "$BIN" extract "$T/nul.txt"
expect nul-valid "$valid_utf8"
expect nul-text 'grep -q "Hello world" "$T/out"'

# Invalid UTF-8 (mostly UTF-8) comes out as valid UTF-8 with U+FFFD.
printf 'Caf\xc3\xa9 na\xc3\xafve r\xc3\xa9sum\xc3\xa9 \xc3\xa9t\xc3\xa9 \xff broken byte.\n' > "$T/bad.txt"
run invalid-utf8 0 "$BIN" extract "$T/bad.txt"
expect invalid-utf8-valid "$valid_utf8"
expect invalid-utf8-fffd 'py "import json,sys; r=json.loads(open(sys.argv[1]).readline()); sys.exit(not (\"\ufffd broken\" in r[\"text\"] and \"r\u00e9sum\u00e9\" in r[\"text\"]))"'

# windows-1252 without a declaration.
printf '<html><body><p>\x93Smart quotes\x94 and caf\xe9.</p></body></html>' > "$T/w1252.html"
run cp1252 0 "$BIN" extract "$T/w1252.html"
expect cp1252-valid "$valid_utf8"
expect cp1252-text 'py "import json,sys; r=json.loads(open(sys.argv[1]).readline()); sys.exit(not (\"\u201cSmart quotes\u201d and caf\u00e9\" in r[\"text\"]))"'

# Shift_JIS declared in a meta element.
printf '<html><head><meta charset="shift_jis"></head><body><p>\x93\xfa\x96\x7b\x8c\xea</p></body></html>' > "$T/sjis.html"
run sjis 0 "$BIN" extract "$T/sjis.html"
expect sjis-text 'py "import json,sys; r=json.loads(open(sys.argv[1]).readline()); sys.exit(not (\"\u65e5\u672c\u8a9e\" in r[\"text\"]))"'

echo "cli-input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
