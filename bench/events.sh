#!/usr/bin/env bash
# The event coder's throughput (`make bench`, after the full extract): the
# BBC News stories of ../shared/data/news-text-bbc (2,225 texts, read in
# place) as one JSON Lines input, extracted once with every stage and
# --timings. Prints the sentences coded per second of the events stage's
# own time (which includes POS-tagging the sentences that hold a trigger,
# the only ones it tags) next to the sentences per second of the whole
# extract (wall time, one thread); then build/events_coder (bench/events_coder.c)
# times the coder alone on the same records tagged beforehand, as it will
# run once a syntax stage hands it its tags. Reports, never asserts.
#
#   bash bench/events.sh [path/to/newsgraph]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$REPO/build/newsgraph}
SHARED=${SHARED:-$REPO/../shared}
BBC=$SHARED/data/news-text-bbc
OUT=$REPO/build/bench
[ -d "$BBC" ] || { echo "events bench: skipped: $BBC not found"; exit 0; }
mkdir -p "$OUT"
MODELS=${MODELS:-$(dirname "$BIN")/models}
python3 - "$BBC" "$OUT/events-bbc.jsonl" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, 'w', encoding='utf-8') as f:
    for cat in sorted(os.listdir(root)):
        d = os.path.join(root, cat)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            text = open(os.path.join(d, name), encoding='latin-1').read()
            f.write(json.dumps({'url': 'bbc:%s/%s' % (cat, name), 'text': text, 'published': '2005-01-01'}) + '\n')
PY
start=$(date +%s.%N)
"$BIN" extract --quiet -j 1 --timings --models "$MODELS" --gazetteer "$REPO/data/gazetteer.bin" \
    "$OUT/events-bbc.jsonl" > "$OUT/events-bbc.out" 2> "$OUT/events-bbc.timings"
end=$(date +%s.%N)
python3 - "$OUT/events-bbc.out" "$OUT/events-bbc.timings" "$start" "$end" <<'PY' | tee "$OUT/events.txt"
import json, sys
out, timings, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
sentences = events = records = 0
for line in open(out, encoding='utf-8'):
    r = json.loads(line)
    records += 1
    sentences += len(r['sentences'])
    events += len(r.get('events', []))
stage = None
for line in open(timings):
    parts = line.split()
    if parts and parts[0] == 'events':
        stage = float(parts[1])
wall = end - start
print('events bench: %d BBC stories, %d sentences, %d events (%.2f a sentence)' % (records, sentences, events, events / max(1, sentences)))
if stage:
    print('  event coder: %.3f s of stage time = %.0f sentences/s (POS tagging of trigger sentences included)' % (stage, sentences / stage))
print('  full extract: %.2f s wall, one thread = %.0f sentences/s' % (wall, sentences / wall))
PY
CODER=$(dirname "$BIN")/events_coder
if [ -x "$CODER" ]; then
  "$CODER" "$MODELS" "$REPO/data/gazetteer.bin" "$OUT/events-bbc.jsonl" | tee -a "$OUT/events.txt"
fi
