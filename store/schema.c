/*
 * schema.c: the database schema (docs/store.md), its version check, and
 * the small SQLite helpers every store file uses.
 */
#include "db.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* 'NGST': PRAGMA application_id marks a newsgraph database. */
#define ST_APPLICATION_ID 0x4E475354

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE articles("
    " art INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, content_hash INTEGER NOT NULL,"
    " text_hash INTEGER NOT NULL, simhash INTEGER, url TEXT, canonical_url TEXT, source_path TEXT,"
    " outlet TEXT, title TEXT, authors TEXT, section TEXT, published TEXT, day INTEGER, language TEXT,"
    " dateline TEXT, description TEXT, is_article INTEGER, text_chars INTEGER,"
    " tone REAL, tone_positive REAL, tone_negative REAL, tone_polarity REAL, word_count INTEGER,"
    " duplicate_of INTEGER REFERENCES articles(art));"
    "CREATE INDEX articles_day ON articles(day);"
    "CREATE INDEX articles_outlet ON articles(outlet);"
    "CREATE INDEX articles_text_hash ON articles(text_hash);"
    "CREATE INDEX articles_duplicate_of ON articles(duplicate_of);"
    /* The hash beside each band entry: a look-up reads no article row. */
    "CREATE TABLE simhash_bands(band INTEGER NOT NULL, art INTEGER NOT NULL, simhash INTEGER NOT NULL,"
    " PRIMARY KEY(band, art)) WITHOUT ROWID;"
/* The text in a table of its own: article rows stay small, so a query
     * that reads a thousand of them reads few pages. */
    "CREATE TABLE article_texts(art INTEGER PRIMARY KEY, title TEXT, text TEXT);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='article_texts', content_rowid='art');"
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON article_texts BEGIN"
    " INSERT INTO articles_fts(rowid, title, text) VALUES (new.art, new.title, new.text); END;"
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON article_texts BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.art, old.title, old.text); END;"
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON article_texts BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.art, old.title, old.text);"
    " INSERT INTO articles_fts(rowid, title, text) VALUES (new.art, new.title, new.text); END;"
    "CREATE TABLE entities(gid INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country TEXT, role TEXT);"
    "CREATE TABLE entity_keys(norm TEXT NOT NULL, type TEXT NOT NULL, gid INTEGER NOT NULL, strong INTEGER NOT NULL,"
    " PRIMARY KEY(norm, type, gid)) WITHOUT ROWID;"
    "CREATE INDEX entity_keys_gid ON entity_keys(gid);"
    "CREATE TABLE article_entities(art INTEGER NOT NULL, eid INTEGER NOT NULL, gid INTEGER NOT NULL, type TEXT,"
    " name TEXT, role TEXT, country TEXT, aliases TEXT, PRIMARY KEY(art, eid)) WITHOUT ROWID;"
    "CREATE INDEX article_entities_gid ON article_entities(gid, art);"
    "CREATE TABLE mentions(art INTEGER NOT NULL, eid INTEGER NOT NULL, span_start INTEGER NOT NULL,"
    " span_end INTEGER NOT NULL, text TEXT, PRIMARY KEY(art, span_start, eid)) WITHOUT ROWID;"
    "CREATE TABLE quotes(art INTEGER NOT NULL, n INTEGER NOT NULL, span_start INTEGER, span_end INTEGER, text TEXT,"
    " direct INTEGER, partial INTEGER, cue TEXT, speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,"
    " speaker_eid INTEGER, speaker_via TEXT, hedge TEXT, PRIMARY KEY(art, n)) WITHOUT ROWID;"
    "CREATE TABLE counts(art INTEGER NOT NULL, n INTEGER NOT NULL, span_start INTEGER, span_end INTEGER, text TEXT,"
    " value REAL, approx TEXT, type TEXT, kind TEXT, kind2 TEXT, unit TEXT, object TEXT,"
    " PRIMARY KEY(art, n)) WITHOUT ROWID;"
    "CREATE TABLE dates(art INTEGER NOT NULL, n INTEGER NOT NULL, span_start INTEGER, span_end INTEGER, text TEXT,"
    " type TEXT, value TEXT, PRIMARY KEY(art, n)) WITHOUT ROWID;"
    "CREATE TABLE places(geonameid INTEGER PRIMARY KEY, name TEXT, feature TEXT, country TEXT, admin1 TEXT,"
    " lat REAL, lon REAL);"
    "CREATE INDEX places_name ON places(name COLLATE NOCASE);"
    "CREATE INDEX places_lat ON places(lat);"
    "CREATE TABLE place_mentions(art INTEGER NOT NULL, geonameid INTEGER NOT NULL, span_start INTEGER NOT NULL,"
    " span_end INTEGER, text TEXT, PRIMARY KEY(art, span_start, geonameid)) WITHOUT ROWID;"
    "CREATE INDEX place_mentions_place ON place_mentions(geonameid, art);"
    "CREATE INDEX place_mentions_text ON place_mentions(text COLLATE NOCASE, geonameid);"
    "CREATE TABLE events(art INTEGER NOT NULL, n INTEGER NOT NULL, span_start INTEGER, span_end INTEGER, text TEXT,"
    " type TEXT, mode TEXT, cameo TEXT, quad_class INTEGER, goldstein REAL,"
    " source_text TEXT, source_start INTEGER, source_end INTEGER, source_gid INTEGER, source_country TEXT,"
    " source_sector TEXT, target_text TEXT, target_start INTEGER, target_end INTEGER, target_gid INTEGER,"
    " target_country TEXT, target_sector TEXT, geonameid INTEGER, lat REAL, lon REAL, where_name TEXT,"
    " where_country TEXT, event_date TEXT, day INTEGER, count REAL, attributed_gid INTEGER, hedge TEXT,"
    " modality TEXT, negated INTEGER, cluster INTEGER, where_level INTEGER, PRIMARY KEY(art, n)) WITHOUT ROWID;"
    "CREATE INDEX events_cluster ON events(cluster);"
    "CREATE INDEX events_type_day ON events(type, day);";

/* Version 2's clusters: each actor's parts and the place's width apart, so
 * that a missing actor or a country-wide place can match (link.c). */
static const char clusters_sql[] =
    "CREATE TABLE event_clusters(cluster INTEGER PRIMARY KEY, type TEXT NOT NULL, day INTEGER, event_date TEXT,"
    " source_gid INTEGER, source_country TEXT, source_sector TEXT, target_gid INTEGER, target_country TEXT,"
    " target_sector TEXT, where_level INTEGER NOT NULL DEFAULT 0, geonameid INTEGER, lat REAL, lon REAL,"
    " where_name TEXT, where_country TEXT, where_admin1 TEXT, cameo TEXT, quad_class INTEGER, goldstein REAL,"
    " num_mentions INTEGER NOT NULL DEFAULT 0, num_articles INTEGER NOT NULL DEFAULT 0,"
    " num_sources INTEGER NOT NULL DEFAULT 0, avg_tone REAL, first_art INTEGER);"
    "CREATE INDEX event_clusters_day ON event_clusters(type, day);";

/* From version 1 (clusters keyed by one string per actor, places by
 * distance only): the clusters are rebuilt from the stored events under
 * version 2's rule. Version 1 kept no dateline mark, so its events' places
 * are widened by their GeoNames feature only. */
static const char migrate_1_sql[] =
    "ALTER TABLE events ADD COLUMN where_level INTEGER;"
    "UPDATE events SET cluster = NULL, where_level = CASE"
    " WHEN lat IS NULL OR lon IS NULL THEN 0"
    " WHEN (SELECT feature FROM places p WHERE p.geonameid = events.geonameid) LIKE 'PCL%' THEN 3"
    " WHEN (SELECT feature FROM places p WHERE p.geonameid = events.geonameid) = 'ADM1' THEN 2"
    " ELSE 1 END;"
    "DROP INDEX event_clusters_match;"
    "DROP TABLE event_clusters;";

int st_schema_create(st_db *d, char *why, size_t why_size)
{
    char sql[128];
    char *err = NULL;
    int rc = sqlite3_exec(d->db, "BEGIN IMMEDIATE", NULL, NULL, &err);
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, schema_sql, NULL, NULL, &err);
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, clusters_sql, NULL, NULL, &err);
    if (rc == SQLITE_OK) {
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;", ST_APPLICATION_ID,
                 NG_STORE_SCHEMA_VERSION);
        rc = sqlite3_exec(d->db, sql, NULL, NULL, &err);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(d->db, "INSERT INTO meta VALUES ('schema', 'newsgraph-store/2'), ('engine', '" NG_VERSION "')",
                          NULL, NULL, &err);
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, "COMMIT", NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        snprintf(why, why_size, "%s: cannot create the schema: %s", d->path, err ? err : sqlite3_errstr(rc));
        sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_free(err);
    return rc;
}

static int pragma_int(st_db *d, const char *sql, int *value)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(d->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *value = sqlite3_column_int(s, 0), rc = SQLITE_OK;
    sqlite3_finalize(s);
    return rc;
}

/* The oldest schema version st_schema_migrate brings up to date. */
#define ST_OLDEST_MIGRATED 1

/* SQLITE_OK for a database of this schema; SQLITE_EMPTY for an empty one
 * (to be created); SQLITE_SCHEMA for an older one that st_schema_migrate
 * can bring up to date; else an error with the reason in why. */
int st_schema_check(st_db *d, char *why, size_t why_size)
{
    int app = 0, version = 0, tables = 0;
    int rc = pragma_int(d, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK) rc = pragma_int(d, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK) rc = pragma_int(d, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc == SQLITE_NOTADB) {
        snprintf(why, why_size, "%s: not a database (%s)", d->path, sqlite3_errstr(rc));
        return rc;
    }
    if (rc != SQLITE_OK) {
        snprintf(why, why_size, "%s: %s", d->path,
                 rc == SQLITE_BUSY ? "database is locked by another process (gave up waiting)" : sqlite3_errmsg(d->db));
        return rc;
    }
    if (app == 0 && version == 0 && tables == 0) return SQLITE_EMPTY;
    if (app != ST_APPLICATION_ID) {
        snprintf(why, why_size, "%s: an SQLite database, but not a newsgraph store", d->path);
        return SQLITE_MISMATCH;
    }
    if (version > NG_STORE_SCHEMA_VERSION) {
        snprintf(why, why_size, "%s: store schema version %d is newer than this newsgraph reads (%d); use a newer newsgraph",
                 d->path, version, NG_STORE_SCHEMA_VERSION);
        return SQLITE_MISMATCH;
    }
    if (version < ST_OLDEST_MIGRATED) {
        snprintf(why, why_size, "%s: store schema version %d is older than this newsgraph's (%d) and has no migration; "
                 "ingest into a new database", d->path, version, NG_STORE_SCHEMA_VERSION);
        return SQLITE_MISMATCH;
    }
    if (version == NG_STORE_SCHEMA_VERSION) return SQLITE_OK;
    snprintf(why, why_size, "%s: store schema version %d is older than this newsgraph's (%d); open it for writing "
             "(newsgraph ingest) to migrate it", d->path, version, NG_STORE_SCHEMA_VERSION);
    return SQLITE_SCHEMA;
}

int st_schema_migrate(st_db *d, char *why, size_t why_size)
{
    int version = 0;
    char *err = NULL;
    int rc = sqlite3_exec(d->db, "BEGIN IMMEDIATE", NULL, NULL, &err);
    /* Again inside the lock: another process may have migrated it. */
    if (rc == SQLITE_OK) rc = pragma_int(d, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK && version == 1) {
        rc = sqlite3_exec(d->db, migrate_1_sql, NULL, NULL, &err);
        if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, clusters_sql, NULL, NULL, &err);
        if (rc == SQLITE_OK) rc = st_cluster_all(d);
        if (rc == SQLITE_OK) version = 2;
    }
    if (rc == SQLITE_OK && version != NG_STORE_SCHEMA_VERSION) rc = SQLITE_MISMATCH;
    if (rc == SQLITE_OK) {
        char sql[160];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d; UPDATE meta SET value = 'newsgraph-store/%d'"
                 " WHERE key = 'schema';", NG_STORE_SCHEMA_VERSION, NG_STORE_SCHEMA_VERSION);
        rc = sqlite3_exec(d->db, sql, NULL, NULL, &err);
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(d->db, "COMMIT", NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        snprintf(why, why_size, "%s: cannot migrate store schema version %d to %d: %s; the database is as it was before",
                 d->path, version, NG_STORE_SCHEMA_VERSION,
                 err ? err : rc == SQLITE_MISMATCH ? "no migration from that version" : sqlite3_errmsg(d->db));
        sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_free(err);
    return rc;
}

/* ---- helpers ---------------------------------------------------------------- */

sqlite3_stmt *st_stmt(st_db *d, const char *sql)
{
    for (int i = 0; i < d->n_stmt; i++)
        if (d->sql[i] == sql) {
            sqlite3_reset(d->stmt[i]);
            sqlite3_clear_bindings(d->stmt[i]);
            return d->stmt[i];
        }
    if (d->n_stmt == ST_STMTS) return NULL;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) return NULL;
    d->sql[d->n_stmt] = sql;
    d->stmt[d->n_stmt++] = s;
    return s;
}

void st_finalize_all(st_db *d)
{
    for (int i = 0; i < d->n_stmt; i++) sqlite3_finalize(d->stmt[i]);
    d->n_stmt = 0;
}

void st_bind_str(sqlite3_stmt *s, int i, ng_str v)
{
    if (v.ptr) sqlite3_bind_text(s, i, v.ptr, (int)v.len, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

void st_bind_cstr(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

void st_bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v)) sqlite3_bind_null(s, i);
    else sqlite3_bind_double(s, i, v);
}

int st_step_done(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int32_t st_day(const char *s, size_t len)
{
    if (!s || len < 10 || s[4] != '-' || s[7] != '-') return INT32_MIN;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return INT32_MIN;
    /* days from civil (proleptic Gregorian) */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

double st_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}
