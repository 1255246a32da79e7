#!/usr/bin/env bash
# CLI tests: exit codes, error lines and bad input. Usage: tests/cli.sh BIN
# Each case runs the binary with a timeout, so a hang fails the test.
set -u
BIN=${1:-build/newsgraph}
. "$(dirname "$0")/lib.sh"

run help 0 "$BIN" --help
expect help-text 'grep -q "usage: newsgraph extract" "$T/out"'
run no-args 2 "$BIN"
run bad-option 2 "$BIN" extract --bogus
run bad-date 2 "$BIN" extract --published 2025-13-01
run url-two-inputs 2 "$BIN" extract --url http://x a b
run missing-file 1 "$BIN" extract "$T/nope.html"
expect missing-file-msg 'grep -q "^newsgraph: .*/nope.html: No such file or directory$" "$T/err"'

: > "$T/empty.txt"
run empty 1 "$BIN" extract "$T/empty.txt"
expect empty-msg 'grep -q "empty.txt: empty input" "$T/err"'

printf 'Hello world. This is a test.\n' > "$T/a.txt"
run stdin 0 "$BIN" extract < "$T/a.txt"
expect stdin-one-record '[ "$(wc -l < "$T/out")" -eq 1 ]'
expect stdin-path 'grep -q "\"path\":\"-\"" "$T/out"'

# The run goes on after a failed input, and the exit status says so.
run mixed 1 "$BIN" extract "$T/empty.txt" "$T/a.txt"
expect mixed-record '[ "$(wc -l < "$T/out")" -eq 1 ]'

head -c 100000 /dev/urandom > "$T/garbage.bin"
run garbage 1 "$BIN" extract "$T/garbage.bin"
expect garbage-msg 'grep -q "garbage.bin: " "$T/err"'

gzip -c "$T/a.txt" > "$T/a.txt.gz"
run gzip 0 "$BIN" extract "$T/a.txt.gz"
expect gzip-text 'grep -q "Hello world" "$T/out"'
head -c 20 "$T/a.txt.gz" > "$T/trunc.gz"
run gzip-truncated 1 "$BIN" extract "$T/trunc.gz"
expect gzip-truncated-msg 'grep -q "trunc.gz: truncated gzip data" "$T/err"'

# A gzip bomb stops at the size limit.
head -c 200000000 /dev/zero | gzip -1 > "$T/bomb.gz"
run gzip-bomb 1 "$BIN" extract --max-size 10M "$T/bomb.gz"
expect gzip-bomb-msg 'grep -q "bomb.gz: decompressed size exceeds the size limit" "$T/err"'

run size-limit 1 "$BIN" extract --max-size 10 "$T/a.txt"
expect size-limit-msg 'grep -q "size limit" "$T/err"'

# Directories: sorted order, symlink loops not followed.
mkdir -p "$T/dir/b" "$T/dir/a"
cp "$T/a.txt" "$T/dir/b/2.txt"; cp "$T/a.txt" "$T/dir/a/1.txt"
ln -s .. "$T/dir/a/loop"
run dir 0 "$BIN" extract "$T/dir"
expect dir-order '[ "$(grep -o "\"path\":\"[^\"]*\"" "$T/out" | tr "\n" " ")" = "\"path\":\"$T/dir/a/1.txt\" \"path\":\"$T/dir/b/2.txt\" " ]'

# Hostile HTML: each gives a record (or a clear error), never a crash or a hang.
python3 - "$T" <<'PY'
import sys, os
t = sys.argv[1]
w = lambda n, b: open(os.path.join(t, n), 'wb').write(b)
body = b'<p>The council voted on Tuesday to approve the new budget for the harbour district.</p>'
w('deep.html', b'<html><body>' + b'<div>' * 300000 + body + b'</div>' * 300000 + b'</body></html>')
w('deep-b.html', b'<html><body>' + b'<b><span>' * 150000 + body + b'</body></html>')
w('attr.html', b'<html><body><div class="' + b'x' * (20 << 20) + b'">' + body + b'</div></body></html>')
w('comment.html', b'<html><body>' + body + b'<!-- never closed ' + b'a' * 1000000)
w('script.html', b'<html><body>' + body + b'<script>var a = "</div>";' + b'x' * 1000000)
w('utf16.html', '\ufeff<html><body><p>Caf\u00e9 owners said the new rules were \u201cunfair\u201d to small businesses in the old town.</p></body></html>'.encode('utf-16-le'))
w('nul.html', b'<html><body><p>Before\x00 the\x00 storm, residents filled sandbags along the river.</p></body></html>')
w('badutf8.txt', b'The mayor said \xff\xfe the plan \xc3 would \xe2\x80 cost \xed\xa0\x80 more than expected.\n')
w('longline.txt', b'word ' * (10 << 20))
PY
for f in deep deep-b attr comment script; do
    run "html-$f" 0 "$BIN" extract "$T/$f.html"
    expect "html-$f-record" '[ "$(wc -l < "$T/out")" -eq 1 ]'
done
run html-utf16 0 "$BIN" extract "$T/utf16.html"
expect html-utf16-text 'grep -q "Café owners" "$T/out"'
run html-nul 0 "$BIN" extract "$T/nul.html"
expect html-nul-text 'grep -q "Before the storm" "$T/out"'
run text-bad-utf8 0 "$BIN" extract "$T/badutf8.txt"
expect text-bad-utf8-valid 'iconv -f utf-8 -t utf-8 "$T/out" >/dev/null && grep -q "mayor said" "$T/out"'
run text-long-line 0 "$BIN" extract "$T/longline.txt"
expect text-long-line-record '[ "$(wc -l < "$T/out")" -eq 1 ]'

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
