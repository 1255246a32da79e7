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
check cc -std=c17 $(pkg-config --cflags newsgraph) tests/install_use.c -o "$D/use-shared" $(pkg-config --libs newsgraph)
check env LD_LIBRARY_PATH="$D/usr/lib" "$D/use-shared"
# An installed program must find the installed gazetteer and model, not
# only the source tree's: install once more from a build whose compiled-in
# gazetteer path does not exist.
make -s -j2 install DESTDIR="$D/alt" PREFIX=/usr BUILD="$D/build" GAZETTEER_PATH=/nonexistent/gazetteer.bin >/dev/null
check cmp data/gazetteer.bin "$D/alt/usr/share/newsgraph/gazetteer.bin"
places=$("$D/alt/usr/bin/newsgraph" extract --quiet --no-ner samples/ap-harbor-ferry.txt | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.readline())["places"]))')
check test "$places" -gt 0
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
