/*
 * counts.c: aggregate counts kept up to date by the writer, so that the
 * unfiltered views of a large store (the entities list, the map's places,
 * the co-occurrence graph, the timeline) read a few hundred rows instead
 * of counting every mention per request.
 *
 * Each count is the sum over the articles that are not near-duplicates of
 * that article's contribution, computed from its stored facts. The writer
 * takes an article's contribution away before anything about it changes
 * (its facts are replaced, or it becomes a duplicate) and adds it back
 * after, inside the same transaction: so the counts equal the GROUP BY
 * queries of store/query.c at every commit (tests/test_store.c checks).
 *
 * The tables are created, and filled from the facts, by the first
 * writable open of a database that lacks them; a read-only handle without
 * them answers with the GROUP BY queries.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>

static const char counts_schema_sql[] =
    "CREATE TABLE entity_counts(gid INTEGER PRIMARY KEY, num_articles INTEGER NOT NULL,"
    " num_mentions INTEGER NOT NULL);"
    "CREATE INDEX entity_counts_rank ON entity_counts(num_articles DESC, num_mentions DESC, gid);"
    "CREATE TABLE place_counts(geonameid INTEGER PRIMARY KEY, num_articles INTEGER NOT NULL,"
    " num_mentions INTEGER NOT NULL);"
    "CREATE INDEX place_counts_rank ON place_counts(num_articles DESC, geonameid);"
    "CREATE TABLE pair_counts(source INTEGER NOT NULL, target INTEGER NOT NULL, num_articles INTEGER NOT NULL,"
    " PRIMARY KEY(source, target)) WITHOUT ROWID;"
    /* Nearly every pair is seen in one article only (98% of 118,000 on the
     * bench's 543 pages): ranking only the others keeps a second B-tree
     * insert off nearly every pair (query.c's graph merges the two). */
    "CREATE INDEX pair_counts_rank ON pair_counts(num_articles DESC, source, target) WHERE num_articles >= 2;"
    /* type '' stands for an event without a type (a key column is NOT NULL) */
    "CREATE TABLE day_counts(day INTEGER NOT NULL, type TEXT NOT NULL, events INTEGER NOT NULL,"
    " PRIMARY KEY(day, type)) WITHOUT ROWID;";

/* The whole store's counts, from its facts (the backfill of an older database). */
static const char counts_fill_sql[] =
    "INSERT INTO entity_counts SELECT ae.gid, count(DISTINCT m.art), count(*) FROM mentions m"
    " JOIN article_entities ae ON ae.art = m.art AND ae.eid = m.eid JOIN articles a ON a.art = m.art"
    " WHERE a.duplicate_of IS NULL GROUP BY ae.gid;"
    "INSERT INTO place_counts SELECT pm.geonameid, count(DISTINCT pm.art), count(*) FROM place_mentions pm"
    " JOIN articles a ON a.art = pm.art WHERE a.duplicate_of IS NULL GROUP BY pm.geonameid;"
    "INSERT INTO pair_counts SELECT x.gid, y.gid, count(DISTINCT x.art) FROM article_entities x"
    " JOIN article_entities y ON y.art = x.art AND y.gid > x.gid JOIN articles a ON a.art = x.art"
    " WHERE a.duplicate_of IS NULL GROUP BY x.gid, y.gid;"
    "INSERT INTO day_counts SELECT coalesce(e.day, a.day), coalesce(e.type, ''), count(*) FROM events e"
    " JOIN articles a ON a.art = e.art WHERE a.duplicate_of IS NULL AND coalesce(e.day, a.day) IS NOT NULL"
    " GROUP BY 1, 2;";

bool st_counts_exist(st_db *d)
{
    if (!d->counts_known) {
        sqlite3_stmt *s;
        d->has_counts = false;
        if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'day_counts'", -1, &s,
                               NULL) == SQLITE_OK) {
            d->has_counts = sqlite3_step(s) == SQLITE_ROW;
            sqlite3_finalize(s);
        }
        d->counts_known = true;
    }
    return d->has_counts;
}

int st_counts_ensure(st_db *d, char *why, size_t why_size)
{
    if (st_counts_exist(d)) return SQLITE_OK;
    char *err = NULL;
    int rc = sqlite3_exec(d->db, "BEGIN IMMEDIATE", NULL, NULL, &err);
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, counts_schema_sql, NULL, NULL, &err);
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, counts_fill_sql, NULL, NULL, &err);
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, "COMMIT", NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        snprintf(why, why_size, "%s: cannot add the count tables: %s", d->path, err ? err : sqlite3_errstr(rc));
        sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_free(err);
    d->counts_known = false;
    return rc;
}

#define TRY(x) do { int rc_ = (x); if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE) return rc_; } while (0)

/* One article's part of each count, times sign (?2); ?1 is the article. */
static const char *const contribution_sql[] = {
    "INSERT INTO entity_counts(gid, num_articles, num_mentions)"
    " SELECT ae.gid, ?2, ?2 * count(*) FROM mentions m JOIN article_entities ae ON ae.art = m.art AND ae.eid = m.eid"
    " WHERE m.art = ?1 GROUP BY ae.gid"
    " ON CONFLICT(gid) DO UPDATE SET num_articles = num_articles + excluded.num_articles,"
    " num_mentions = num_mentions + excluded.num_mentions",
    "INSERT INTO place_counts(geonameid, num_articles, num_mentions)"
    " SELECT geonameid, ?2, ?2 * count(*) FROM place_mentions WHERE art = ?1 GROUP BY geonameid"
    " ON CONFLICT(geonameid) DO UPDATE SET num_articles = num_articles + excluded.num_articles,"
    " num_mentions = num_mentions + excluded.num_mentions",
    NULL, /* pair_counts: add_pairs() */
    "INSERT INTO day_counts(day, type, events)"
    " SELECT coalesce(e.day, a.day), coalesce(e.type, ''), ?2 * count(*) FROM events e JOIN articles a ON a.art = e.art"
    " WHERE e.art = ?1 AND coalesce(e.day, a.day) IS NOT NULL GROUP BY 1, 2"
    " ON CONFLICT(day, type) DO UPDATE SET events = events + excluded.events",
};

/* What a subtraction may leave at zero. */
static const char *const empty_sql[] = {
    "DELETE FROM entity_counts WHERE num_articles <= 0",
    "DELETE FROM place_counts WHERE num_articles <= 0",
    "DELETE FROM pair_counts WHERE num_articles <= 0",
    "DELETE FROM day_counts WHERE events <= 0",
};

/* Adds sign to the count of every pair of distinct global entities of the
 * article. The pairs are made here from the article's sorted entities, not
 * by a self-join in SQL, whose GROUP BY sorted every article's pairs again. */
static int add_pairs(st_db *d, int64_t art, int sign)
{
    static const char gids_sql[] = "SELECT DISTINCT gid FROM article_entities WHERE art = ?1 ORDER BY gid";
    static const char pair_sql[] =
        "INSERT INTO pair_counts(source, target, num_articles) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(source, target) DO UPDATE SET num_articles = num_articles + excluded.num_articles";
    sqlite3_stmt *g = st_stmt(d, gids_sql), *p = st_stmt(d, pair_sql);
    if (!g || !p) return SQLITE_ERROR;
    size_t n = 0, cap = 64;
    int64_t *gids = malloc(cap * sizeof *gids);
    if (!gids) return SQLITE_NOMEM;
    sqlite3_bind_int64(g, 1, art);
    int rc;
    while ((rc = sqlite3_step(g)) == SQLITE_ROW) {
        if (n == cap) {
            int64_t *more = realloc(gids, 2 * cap * sizeof *gids);
            if (!more) { rc = SQLITE_NOMEM; break; }
            gids = more, cap *= 2;
        }
        gids[n++] = sqlite3_column_int64(g, 0);
    }
    sqlite3_reset(g);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_bind_int(p, 3, sign);
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_bind_int64(p, 1, gids[i]);
        for (size_t j = i + 1; rc == SQLITE_OK && j < n; j++) {
            sqlite3_bind_int64(p, 2, gids[j]);
            rc = st_step_done(p);
            if (rc == SQLITE_DONE) rc = SQLITE_OK;
        }
    }
    free(gids);
    return rc;
}

int st_counts_article(st_db *d, int64_t art, int sign)
{
    if (!st_counts_exist(d)) return SQLITE_OK;
    static const char original_sql[] = "SELECT 1 FROM articles WHERE art = ?1 AND duplicate_of IS NULL";
    sqlite3_stmt *o = st_stmt(d, original_sql);
    if (!o) return SQLITE_ERROR;
    sqlite3_bind_int64(o, 1, art);
    int rc = sqlite3_step(o);
    sqlite3_reset(o);
    if (rc == SQLITE_DONE) return SQLITE_OK; /* a duplicate counts for nothing */
    if (rc != SQLITE_ROW) return rc;
    for (size_t i = 0; i < sizeof contribution_sql / sizeof *contribution_sql; i++) {
        if (contribution_sql[i]) {
            sqlite3_stmt *s = st_stmt(d, contribution_sql[i]);
            if (!s) return SQLITE_ERROR;
            sqlite3_bind_int64(s, 1, art);
            sqlite3_bind_int(s, 2, sign < 0 ? -1 : 1);
            TRY(st_step_done(s));
        } else {
            TRY(add_pairs(d, art, sign < 0 ? -1 : 1));
        }
        if (sign >= 0) continue;
        sqlite3_stmt *e = st_stmt(d, empty_sql[i]);
        if (!e) return SQLITE_ERROR;
        TRY(st_step_done(e));
    }
    return SQLITE_OK;
}
