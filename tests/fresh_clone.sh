#!/usr/bin/env bash
# Issue 16's acceptance check: a fresh clone with no ../shared beside it,
# built with the README's first command, must find the seed article's
# people and organisations with the committed (open) entity model.
# Clones the committed HEAD of this repository into a temporary directory,
# copies the seed story in (it is never committed), runs extract on it.
# Usage: tests/fresh_clone.sh [SEED.txt]   (skipped when the seed is absent)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
SEED=${1:-$REPO/../shared/seed/cnn-2025-01-11-north-korean-soldiers.txt}
if [ ! -f "$SEED" ]; then echo "fresh-clone: skipped ($SEED not found)"; exit 0; fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
git clone -q "$REPO" "$T/newsgraph"
cp "$SEED" "$T/seed.txt"
# The README's first command, as written there (its comment dropped).
cmd=$(grep -m1 '^bash tools/install-deps.sh && make' "$REPO/README.md" | sed 's/ *#.*$//')
[ -n "$cmd" ] || { echo "FAIL fresh-clone: no build command found in README.md"; exit 1; }
[ ! -e "$T/shared" ] || { echo "FAIL fresh-clone: $T/shared exists"; exit 1; }
if ! (cd "$T/newsgraph" && eval "$cmd") > "$T/build.log" 2>&1; then
    echo "FAIL fresh-clone: '$cmd' failed:"; tail -20 "$T/build.log"; exit 1
fi
"$T/newsgraph/build/newsgraph" extract "$T/seed.txt" > "$T/seed.jsonl"
python3 - "$T/seed.jsonl" <<'PY'
import json, sys
rec = json.loads(open(sys.argv[1], encoding='utf-8').readline())
ents = [e for e in rec.get('entities', []) if 'text' in e.get('sources', [])]
fails = []
def names(e):
    return {e['name']} | set(e.get('aliases', []))
for who in ('Volodymyr Zelensky', 'Antony Blinken', 'Donald Trump'):
    if not any(e['type'] == 'PER' and who in names(e) for e in ents):
        fails.append('person %s' % who)
orgs = [e for e in ents if e['type'] == 'ORG']
sbu = [e for e in orgs if {'SBU', 'Security Service of Ukraine'} & names(e)]
if len(sbu) != 1 or not {'SBU', 'Security Service of Ukraine'} <= names(sbu[0]):
    fails.append('SBU and Security Service of Ukraine as one organisation: %s' % [sorted(names(e)) for e in sbu])
if not any('CNN' in names(e) for e in orgs):
    fails.append('organisation CNN')
for f in fails:
    print('FAIL fresh-clone: ' + f + ' (found: %s)' % sorted((e['type'], e['name']) for e in ents))
print('fresh-clone: %d checks failed' % len(fails) if fails else 'fresh-clone: people and organisations found')
sys.exit(1 if fails else 0)
PY
