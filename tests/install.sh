#!/usr/bin/env bash
# make install into a scratch prefix, then build a library user against it
# with pkg-config, statically and dynamically. Usage: tests/install.sh
set -eu
D=$(mktemp -d "${TMPDIR:-/tmp}/nginst.XXXXXX")
trap 'rm -rf "$D"' EXIT
make -s install DESTDIR="$D" PREFIX=/usr ${BUILD:+BUILD=$BUILD} >/dev/null
export PKG_CONFIG_PATH="$D/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
pass=0 fail=0
check() { if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL install: $*"; fi; }
check cc -std=c17 $(pkg-config --cflags newsgraph) tests/install_use.c -o "$D/use-static" \
    "$D/usr/lib/libnewsgraph.a" $(pkg-config --libs --static newsgraph | sed 's/-lnewsgraph//')
check "$D/use-static"
# printf("%s") of entity names prints the names alone: every line is short
# and none runs on into the article text.
"$D/use-static" "$D/usr/share/newsgraph" "$D/usr/share/newsgraph/gazetteer.bin" > "$D/names" 2>&1
check grep -q "^entity Ellen Ruiz$" "$D/names"
check test "$(awk 'length > 40' "$D/names" | wc -l)" -eq 0
check test "$(grep -c "CHECK FAILED" "$D/names")" -eq 0
# The shared library exports the documented API and nothing else.
sed -n 's/^NG_API [^(]*[ *]\(ng_[a-z0-9_]*\)(.*/\1/p' include/newsgraph.h | sort > "$D/api"
nm -D --defined-only "$D/usr/lib/libnewsgraph.so.1" | awk '{print $3}' | sort > "$D/exported"
check cmp "$D/api" "$D/exported"
check test "$(wc -l < "$D/api")" -gt 30
check cc -std=c17 $(pkg-config --cflags newsgraph) tests/install_use.c -o "$D/use-shared" $(pkg-config --libs newsgraph)
check env LD_LIBRARY_PATH="$D/usr/lib" "$D/use-shared"
# The store: its header, static library and pkg-config file.
check cc -std=c17 $(pkg-config --cflags newsgraph-store) tests/install_store_use.c -o "$D/use-store" \
    $(pkg-config --libs newsgraph-store)
check test "$(LD_LIBRARY_PATH="$D/usr/lib" "$D/use-store" "$D/store.db")" = "articles 1"
# An installed program must find the installed gazetteer and model, not
# only the source tree's: install once more from a build whose fallback
# source-tree data path does not exist.
make -s -j2 install DESTDIR="$D/alt" PREFIX=/usr BUILD="$D/build" SOURCE_DATA=/nonexistent >/dev/null
check cmp data/gazetteer.bin "$D/alt/usr/share/newsgraph/gazetteer.bin"
places=$("$D/alt/usr/bin/newsgraph" extract --quiet --no-ner samples/ap-harbor-ferry.txt | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.readline())["places"]))')
check test "$places" -gt 0
# serve's web UI is installed with its vendored map and licenses.
check test -f "$D/usr/share/newsgraph/web/index.html"
check test -f "$D/usr/share/newsgraph/web/vendor/countries-110m.json"
check test -f "$D/usr/share/newsgraph/web/vendor/d3-geo.LICENSE"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
