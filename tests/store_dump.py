#!/usr/bin/env python3
"""Prints a newsgraph store's facts as one order-independent summary line:
the number of articles, of duplicates, of each kind of fact, and a SHA-256
over all of them sorted (by article id, not row number, so two databases
built in different orders compare equal), then PRAGMA integrity_check.
Usage: store_dump.py DB"""
import hashlib
import sqlite3
import sys

QUERIES = {
    "articles": "SELECT a.id, a.content_hash, a.title, a.published, a.outlet, o.id FROM articles a"
                " LEFT JOIN articles o ON o.art = a.duplicate_of",
    "mentions": "SELECT a.id, m.span_start, m.span_end, m.text, e.type, e.name FROM mentions m"
                " JOIN articles a ON a.art = m.art JOIN article_entities e ON e.art = m.art AND e.eid = m.eid",
    "quotes": "SELECT a.id, q.span_start, q.span_end, q.text, q.speaker FROM quotes q JOIN articles a ON a.art = q.art",
    "counts": "SELECT a.id, c.span_start, c.span_end, c.value, c.kind FROM counts c JOIN articles a ON a.art = c.art",
    "dates": "SELECT a.id, t.span_start, t.value FROM dates t JOIN articles a ON a.art = t.art",
    "places": "SELECT a.id, p.span_start, p.geonameid FROM place_mentions p JOIN articles a ON a.art = p.art",
    "events": "SELECT a.id, e.span_start, e.type FROM events e JOIN articles a ON a.art = e.art",
    "fts": "SELECT a.id FROM articles_fts f JOIN articles a ON a.art = f.rowid WHERE articles_fts MATCH 'the'",
}

# The count tables the writer keeps (store/counts.c) against the GROUP BY of the facts.
COUNTED = {
    "entity_counts": "SELECT ae.gid, count(DISTINCT m.art), count(*) FROM mentions m JOIN article_entities ae"
                     " ON ae.art = m.art AND ae.eid = m.eid JOIN articles a ON a.art = m.art"
                     " WHERE a.duplicate_of IS NULL GROUP BY ae.gid",
    "place_counts": "SELECT pm.geonameid, count(DISTINCT pm.art), count(*) FROM place_mentions pm"
                    " JOIN articles a ON a.art = pm.art WHERE a.duplicate_of IS NULL GROUP BY pm.geonameid",
    "pair_counts": "SELECT x.gid, y.gid, count(DISTINCT x.art) FROM article_entities x JOIN article_entities y"
                   " ON y.art = x.art AND y.gid > x.gid JOIN articles a ON a.art = x.art"
                   " WHERE a.duplicate_of IS NULL GROUP BY x.gid, y.gid",
    "day_counts": "SELECT coalesce(e.day, a.day), coalesce(e.type, ''), count(*) FROM events e"
                  " JOIN articles a ON a.art = e.art WHERE a.duplicate_of IS NULL"
                  " AND coalesce(e.day, a.day) IS NOT NULL GROUP BY 1, 2",
}


def counts_state(db):
    """"ok" when every count table equals its GROUP BY, else the tables that differ;
    "none" for a database from before the count tables (schema version 1)."""
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    if not set(COUNTED) & have:
        return "none"
    off = [t for t, sql in COUNTED.items()
           if set(db.execute(f"SELECT * FROM {t}")) != set(db.execute(sql))]
    return ",".join(off) if off else "ok"


def main():
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    h = hashlib.sha256()
    parts = []
    for name, sql in QUERIES.items():
        rows = sorted(repr(r) for r in db.execute(sql))
        for r in rows:
            h.update(f"{name}\t{r}\n".encode())
        parts.append(f"{name}={len(rows)}")
    dups = db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
    check = db.execute("PRAGMA integrity_check").fetchone()[0]
    print(" ".join(parts), f"duplicates={dups}", f"aggregates={counts_state(db)}", f"sha256={h.hexdigest()[:16]}",
          f"integrity={check}")


main()
