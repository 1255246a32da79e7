#!/usr/bin/env bash
# CLI tests of the store: ingest, query, export. Usage: tests/cli_store.sh [path/to/newsgraph]
# Needs nothing outside the repository (tests/store/ has the cross-article
# texts, tests/store_corpus.py writes the kill -9 corpus); the seed article
# in ../shared joins the cross-article test when it is there.
BIN=${1:-build/newsgraph}
cd "$(dirname "$0")/.." || exit 2
source tests/lib.sh
D=tests/store
DUMP="python3 tests/store_dump.py"
ING=("$BIN" ingest -q --no-ner --gazetteer data/gazetteer.bin)
[ -f "$(dirname "$BIN")/models/ner.bin" ] && ING=("$BIN" ingest -q --gazetteer data/gazetteer.bin)

# --- ingest, idempotence -------------------------------------------------------
run "ingest samples" 0 "${ING[@]}" --db "$T/s.db" samples/
$DUMP "$T/s.db" > "$T/first"
expect "six articles" 'grep -q "^articles=6 " "$T/first"'
expect "integrity" 'grep -q "integrity=ok" "$T/first"'
expect "count tables equal the facts' GROUP BY" 'grep -q " aggregates=ok " "$T/first"'
run "re-ingest" 0 "${ING[@]}" --db "$T/s.db" -j 2 samples/
$DUMP "$T/s.db" > "$T/second"
expect "re-ingest changes nothing" 'cmp -s "$T/first" "$T/second"'
run "query articles" 0 "$BIN" query --db "$T/s.db" --format jsonl
expect "query: one row per article" '[ "$(wc -l < "$T/out")" -eq 6 ]'
expect "rows carry article and span" 'grep -c "\"article\": \"[0-9a-f]\{16\}\", \"start\": 0, \"end\": [0-9]" "$T/out" | grep -qx 6'
run "query full text" 0 "$BIN" query --db "$T/s.db" --text turbine --format csv
expect "fts finds the turbine story" '[ "$(wc -l < "$T/out")" -eq 2 ] && grep -q "Tidal turbine" "$T/out"'
run "query places near Orkney" 0 "$BIN" query --db "$T/s.db" places --near 59,-3,60 --format jsonl
expect "near: Orkney only" '[ "$(wc -l < "$T/out")" -ge 1 ] && ! grep -v "Orkney" "$T/out" | grep -q .'
run "query bad fts" 1 "$BIN" query --db "$T/s.db" --text 'x"' --format jsonl
expect "fts error names the db" 'grep -q "s.db: query:" "$T/err"'
run "query injection is a value" 0 "$BIN" query --db "$T/s.db" --outlet "x' OR '1'='1" --format jsonl
expect "no rows for a quoted outlet" '[ ! -s "$T/out" ]'

# --- a changed article replaces its facts ------------------------------------------
printf 'Harbor news\n\nBy Ann Lee, Bay Post\n\nThe mayor of Portland said 40 boats were damaged by the storm on Monday.\n' > "$T/v1.txt"
printf 'Harbor news\n\nBy Ann Lee, Bay Post\n\nThe mayor of Seattle said 12 ferries were damaged by the flood on Monday.\n' > "$T/v2.txt"
run "ingest v1" 0 "${ING[@]}" --db "$T/c.db" --url https://baypost.example/harbor "$T/v1.txt"
run "ingest v2 (same url)" 0 "${ING[@]}" --db "$T/c.db" --url https://baypost.example/harbor "$T/v2.txt"
run "query changed" 0 "$BIN" query --db "$T/c.db" counts --format csv
expect "one article, new facts only" '[ "$(wc -l < "$T/out")" -eq 2 ] && grep -q ",12," "$T/out" && ! grep -q ",40," "$T/out"'
run "fts follows the change" 0 "$BIN" query --db "$T/c.db" --text boats --format csv
expect "old words gone from fts" '[ ! -s "$T/out" ]'

# --- cross-article: one Zelensky, one SBU, one duplicate pair, one capture, two Kims ------
# The seed article, its syndicated copy, and another outlet's story of the
# capture (tests/store/harbour-post-capture.txt). Without ../shared, a
# rewrite of the seed (tests/store/ledger-capture.txt) stands in for it,
# with its syndicated copy in tests/store/; with it, the copy is the seed
# with a wire service's line added, as a syndicating site prints it.
SEED=../shared/seed/cnn-2025-01-11-north-korean-soldiers.txt
X="$T/x.db"
if [ -f "$SEED" ]; then
    ORIG=$SEED ORIG_URL=https://edition.cnn.example/2025/01/11/europe/north-korean-soldiers-captured
    COPY="$T/seed-syndicated.txt"
    { cat "$SEED"; printf '\nThis story was distributed by CNN Newsource.\n'; } > "$COPY"
else
    ORIG=$D/ledger-capture.txt ORIG_URL=https://kyivledger.example/world/capture COPY=$D/prairie-capture-syndicated.txt
fi
run "ingest original" 0 "${ING[@]}" --db "$X" --published 2025-01-11 --url "$ORIG_URL" "$ORIG"
run "ingest syndicated copy" 0 "${ING[@]}" --db "$X" --published 2025-01-11 --url https://prairiedaily.example/intl/capture "$COPY"
run "ingest other outlet" 0 "${ING[@]}" --db "$X" --published 2025-01-12 --url https://harbourpost.example/europe/prisoners $D/harbour-post-capture.txt
run "ingest kims" 0 "${ING[@]}" --db "$X" $D/two-kims-senate.txt $D/two-kims-chef.txt
if [ -f "$(dirname "$BIN")/models/ner.bin" ]; then
    run "entities Zelensky" 0 "$BIN" query --db "$X" entities --entity Zelensky --format csv
    expect "one Zelensky" '[ "$(grep -c ",PER," "$T/out")" -eq 1 ]'
    run "entities Volodymyr Zelensky" 0 "$BIN" query --db "$X" entities --entity "Volodymyr Zelensky" --format csv
    # two stories: the syndicated copy is not counted
    expect "the same Zelensky in both capture stories" 'grep -q ",PER,Volodymyr Zelensky,,2," "$T/out"'
    run "entities SBU" 0 "$BIN" query --db "$X" entities --entity SBU --format csv
    expect "one SBU" '[ "$(grep -c ",ORG," "$T/out")" -eq 1 ]'
    cp "$T/out" "$T/sbu"
    run "entities Security Service of Ukraine" 0 "$BIN" query --db "$X" entities --entity "Security Service of Ukraine" --format csv
    expect "SBU = Security Service of Ukraine" 'cmp -s "$T/out" "$T/sbu"'
    run "entities Kim" 0 "$BIN" query --db "$X" entities --entity "Andy Kim" --format csv
    expect "Andy Kim alone" '[ "$(grep -c ",PER," "$T/out")" -eq 1 ] && grep -q "Andy Kim" "$T/out"'
    run "entities Grace Kim" 0 "$BIN" query --db "$X" entities --entity "Grace Kim" --format csv
    expect "Grace Kim apart" '[ "$(grep -c ",PER," "$T/out")" -eq 1 ] && grep -q "Grace Kim" "$T/out"'
fi
run "duplicates" 0 "$BIN" query --db "$X" --duplicates --format csv
expect "one duplicate pair" '[ "$(awk -F, "NR > 1 && \$NF != \"\"" "$T/out" | wc -l)" -eq 1 ]'
run "no duplicates by default" 0 "$BIN" query --db "$X" --format csv
expect "the copy is left out" '! grep -q prairiedaily "$T/out"'
# The capture: the original's captors and town, the other outlet's
# captives "captured in Russia's Kursk region" with no captor named.
run "clusters" 0 "$BIN" query --db "$X" clusters --limit 0 --format jsonl
expect "one capture cluster with two sources" 'python3 - "$T/out" <<EOF
import json, sys
multi = [c for c in map(json.loads, open(sys.argv[1])) if c["num_sources"] > 1]
assert len(multi) == 1 and multi[0]["type"] == "FIGHT" and multi[0]["num_sources"] == 2, multi
EOF'
cp "$T/out" "$T/clusters"
run "events" 0 "$BIN" query --db "$X" events --limit 0 --format jsonl
expect "both stories' lead capture in it" 'python3 - "$T/out" "$T/clusters" <<EOF
import json, sys
multi = [c["cluster"] for c in map(json.loads, open(sys.argv[2])) if c["num_sources"] > 1]
lead = [e for e in map(json.loads, open(sys.argv[1]))
        if "captured" in e["text"] and "two north korean soldiers" in (e["target_text"] or "").lower()]
assert len({e["article"] for e in lead}) == 2 and {e["cluster"] for e in lead} == set(multi), lead
EOF'

# --- exports ----------------------------------------------------------------------------
run "export gkg" 0 "$BIN" export --db "$X" --format gdelt-gkg
expect "gkg: 27 columns per row" '[ -s "$T/out" ] && awk -F"\t" "NF != 27 {bad=1} END {exit bad}" "$T/out"'
cp "$T/out" "$T/gkg"
expect "gkg read back by column name" 'python3 - "$T/gkg" <<EOF
import sys
cols = "GKGRECORDID DATE SourceCollectionIdentifier SourceCommonName DocumentIdentifier Counts V2Counts Themes V2Themes Locations V2Locations Persons V2Persons Organizations V2Organizations V2Tone Dates GCAM SharingImage RelatedImages SocialImageEmbeds SocialVideoEmbeds Quotations AllNames Amounts TranslationInfo Extras".split()
rows = [dict(zip(cols, l.rstrip("\n").split("\t"))) for l in open(sys.argv[1])]
assert all(len(r) == 27 for r in rows)
r = [r for r in rows if "harbourpost" in r["DocumentIdentifier"]][0]
assert r["SourceCommonName"] == "harbourpost.example", r["SourceCommonName"]
assert "prairiedaily" not in open(sys.argv[1]).read()
assert len(r["V2Tone"].split(",")) == 7
assert "Kursk" in r["V2Locations"] or "Kursk" in r["AllNames"]
assert r["Amounts"].startswith("2,") or "11000," in r["Amounts"], r["Amounts"]
assert "#Ukraine#UP#" in r["V2Locations"], r["V2Locations"]  # FIPS 10-4, as GDELT writes countries
EOF'
run "export events" 0 "$BIN" export --db "$X" --format gdelt-events
expect "events: 61 columns per row" 'awk -F"\t" "NF != 61 {bad=1} END {exit bad}" "$T/out"'
expect "events read back by column name" 'python3 - "$T/out" <<EOF
import sys
cols = ("GLOBALEVENTID SQLDATE MonthYear Year FractionDate " + " ".join(
    f"Actor{n}Code Actor{n}Name Actor{n}CountryCode Actor{n}KnownGroupCode Actor{n}EthnicCode Actor{n}Religion1Code "
    f"Actor{n}Religion2Code Actor{n}Type1Code Actor{n}Type2Code Actor{n}Type3Code" for n in (1, 2)) +
    " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles"
    " AvgTone " + " ".join(f"{g}_Type {g}_FullName {g}_CountryCode {g}_ADM1Code {g}_ADM2Code {g}_Lat {g}_Long"
                          f" {g}_FeatureID" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")) +
    " DATEADDED SOURCEURL").split()
assert len(cols) == 61
rows = [dict(zip(cols, l.rstrip("\n").split("\t"))) for l in open(sys.argv[1])]
capture = [r for r in rows if r["NumSources"] == "2"]
assert len(capture) == 1, capture
r = capture[0]
assert r["EventRootCode"] == "19" and r["Actor2CountryCode"] == "PRK", r
assert r["ActionGeo_FullName"] == "Kursk" and r["ActionGeo_CountryCode"] == "RS" and r["ActionGeo_ADM1Code"] == "RS41", r
EOF'
run "export acled" 0 "$BIN" export --db "$X" --format acled
expect "acled header" 'head -1 "$T/out" | grep -q "^event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,source,notes,fatalities$"'
run "export jsonl" 0 "$BIN" export --db "$X" --format jsonl --since 2025-01-01 --until 2025-01-31
expect "jsonl parses, no duplicates" 'python3 -c "import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])]; assert rows and all(\"prairie\" not in (r[\"url\"] or \"\") for r in rows)" "$T/out"'
run "export csv" 0 "$BIN" export --db "$X" --format csv
expect "csv header" 'head -1 "$T/out" | grep -q "^kind,article,start,end,text,label,value$"'
run "export unknown" 1 "$BIN" export --db "$X" --format nope

# --- refusals and faults --------------------------------------------------------------------
# An older schema: refused when opened to read, migrated when opened to
# write (tests/store/schema-v1.db.gz: the capture stories ingested by
# version 1, whose clusters kept the captor-less story apart).
python3 -c "import gzip, shutil, sys; shutil.copyfileobj(gzip.open(sys.argv[1]), open(sys.argv[2], 'wb'))" \
    $D/schema-v1.db.gz "$T/v1.db"
$DUMP "$T/v1.db" > "$T/v1-before"
run "query a version 1 store" 2 "$BIN" query --db "$T/v1.db"
expect "says older and how to migrate" 'grep -q "v1.db: store schema version 1 is older than this newsgraph.s (2); open it for writing" "$T/err"'
# Opening for writing migrates, whatever the input: here an empty one
# (itself an error, exit 1), so that no re-extraction by today's stages
# replaces the facts the old binary wrote.
: > "$T/empty.txt"
run "ingest migrates version 1" 1 "${ING[@]}" --db "$T/v1.db" "$T/empty.txt"
$DUMP "$T/v1.db" > "$T/v1-after"
expect "migration keeps every fact" '[ "$(sed "s/ aggregates=none//" "$T/v1-before")" = "$(sed "s/ aggregates=ok//" "$T/v1-after")" ]'
expect "migration fills the count tables" 'grep -q " aggregates=ok " "$T/v1-after"'
run "query the migrated store" 0 "$BIN" query --db "$T/v1.db" clusters --limit 0 --format jsonl
expect "re-clustered: the capture has two sources" 'python3 -c "import json,sys; c=[json.loads(l) for l in open(sys.argv[1])]; assert [x[\"num_sources\"] for x in c if x[\"num_sources\"] > 1] == [2], c" "$T/out"'
expect "version 2 recorded" '[ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"PRAGMA user_version\").fetchone()[0])" "$T/v1.db")" = 2 ]'
printf 'plain text, not SQLite\n%.0s' {1..20} > "$T/text.db"
run "not a database" 2 "${ING[@]}" --db "$T/text.db" samples/ap-harbor-ferry.txt
expect "names path and reason" 'grep -q "text.db: not a database" "$T/err"'
expect "file untouched" 'head -1 "$T/text.db" | grep -q "^plain text"'
cp "$T/s.db" "$T/newer.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit()" "$T/newer.db"
run "newer schema" 2 "${ING[@]}" --db "$T/newer.db" samples/ap-harbor-ferry.txt
expect "says newer" 'grep -q "newer.db: store schema version 99 is newer" "$T/err"'
run "query refuses too" 2 "$BIN" query --db "$T/newer.db"
run "no such database" 2 "$BIN" query --db "$T/none.db"
expect "query names it" 'grep -q "none.db: no such database" "$T/err"'
# A writer holding the lock: ingest waits --busy-timeout, then fails cleanly.
cp "$T/c.db" "$T/locked.db"
$DUMP "$T/locked.db" > "$T/before"
python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
open(sys.argv[2], 'w').close()
time.sleep(4)
c.execute('ROLLBACK')" "$T/locked.db" "$T/locked.ready" &
LOCKER=$!
for _ in $(seq 50); do [ -f "$T/locked.ready" ] && break; sleep 0.1; done
run "locked database" 1 "${ING[@]}" --db "$T/locked.db" --busy-timeout 300 samples/
expect "says locked" 'grep -q "locked.db: .*locked" "$T/err"'
wait $LOCKER
$DUMP "$T/locked.db" > "$T/after"
expect "locked: database as before" 'cmp -s "$T/before" "$T/after"'
# A full disk, as a size limit: the failing batch is rolled back whole.
python3 tests/store_corpus.py 300 7 > "$T/corpus.jsonl"
run "full" 1 "${ING[@]}" --db "$T/full.db" --max-db-size 400K -j 1 "$T/corpus.jsonl"
expect "says full" 'grep -q "full.db: writing articles: .*full" "$T/err"'
expect "full: consistent" '$DUMP "$T/full.db" | grep -q "integrity=ok"'
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$T/ro" && chmod 555 "$T/ro"
    run "read-only directory" 2 "${ING[@]}" --db "$T/ro/x.db" samples/ap-harbor-ferry.txt
    expect "says cannot create" 'grep -q "ro/x.db: cannot create the database in" "$T/err"'
    chmod 755 "$T/ro"
fi

# --- kill -9 at random moments, then a rerun: the same facts as one clean run -------------
python3 tests/store_corpus.py 1500 3 > "$T/kill.jsonl"
run "clean ingest" 0 "${ING[@]}" --db "$T/clean.db" -j 2 "$T/kill.jsonl"
$DUMP "$T/clean.db" > "$T/clean"
kills=0
for _ in $(seq 15); do
    [ "$kills" -ge 5 ] && break
    "${ING[@]}" --db "$T/killed.db" -j 2 "$T/kill.jsonl" 2>/dev/null &
    pid=$!
    sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
    # A kill counts only when the ingest was still running.
    if kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null
done
run "rerun after kills" 0 "${ING[@]}" --db "$T/killed.db" -j 2 "$T/kill.jsonl"
$DUMP "$T/killed.db" > "$T/killed"
expect "killed at least 5 times ($kills)" '[ "$kills" -ge 5 ]'
expect "after kills: same facts, integrity ok" 'cmp -s "$T/clean" "$T/killed" && grep -q integrity=ok "$T/killed"'
expect "after kills: the count tables equal the facts' GROUP BY" 'grep -q " aggregates=ok " "$T/killed"'
echo "cli_store: kill -9 $kills times, then a rerun: $(cat "$T/killed")"
cmp -s "$T/clean" "$T/killed" || echo "cli_store: an uninterrupted ingest: $(cat "$T/clean")"

echo "cli_store: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
