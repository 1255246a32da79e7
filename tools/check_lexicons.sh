#!/bin/sh
# check_lexicons.sh: fails when a compiled word table in src/ is not what its
# generator makes of the committed lexicons/ files, as after a .tsv edit
# without `make lexicons`. Run by `make lexicons-check`, part of `make test`.
# Only tables compiled from committed files are checked: `make lexicons` may
# first refresh lexicons/countries.tsv from ../shared, here it is an input.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tools/gen_lexicons.py --out "$tmp" > /dev/null
python3 tools/gen_entity_tables.py tables lexicons > "$tmp/entity_tables.h"
python3 tools/gen_event_lexicon.py tables --out "$tmp" > /dev/null
stale=
for fresh in "$tmp"/*.h; do
    committed=src/$(basename "$fresh")
    if ! cmp -s "$fresh" "$committed"; then
        stale="$stale $committed"
        diff -u "$committed" "$fresh" | head -20 >&2 || true
    fi
done
if [ -n "$stale" ]; then
    echo "lexicons-check: stale:$stale (regenerate with 'make lexicons' and commit)" >&2
    exit 1
fi
echo "lexicons-check: $(ls "$tmp" | wc -l | tr -d ' ') generated tables match lexicons/"
