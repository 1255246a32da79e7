/*
 * db.h: the SQLite side of the store, shared by its files: the open
 * database, a cache of prepared statements, binding helpers, and the
 * writer's entry points.
 */
#ifndef NG_STORE_DB_H
#define NG_STORE_DB_H

#include "item.h"
#include "newsgraph_store.h"

#include <sqlite3.h>
#include <stdbool.h>

#define ST_STMTS 96
#define ST_QUERY_STMTS 48

/* Statements of run-time SQL (stmt_cache.c), least recently used out. */
typedef struct st_query_cache {
    char *sql[ST_QUERY_STMTS];
    sqlite3_stmt *stmt[ST_QUERY_STMTS];
    unsigned long used[ST_QUERY_STMTS], clock;
    int n;
} st_query_cache;

typedef struct st_db {
    sqlite3 *db;
    const char *path;
    /* Prepared statements, keyed by the address of their (static) SQL. */
    const char *sql[ST_STMTS];
    sqlite3_stmt *stmt[ST_STMTS];
    int n_stmt;
    st_query_cache queries;
    bool counts_known, has_counts; /* whether the count tables exist (counts.c) */
} st_db;

/* The statement for `sql` (a string literal: its address is the key),
 * reset and with its bindings cleared; NULL on a prepare error. */
sqlite3_stmt *st_stmt(st_db *d, const char *sql);
void st_finalize_all(st_db *d);

/* The prepared statement of run-time SQL (compared by text), from the
 * handle's cache or prepared into it; NULL on a prepare error (the reason
 * in sqlite3_errmsg). Give it back with st_query_stmt_done (reset, bindings
 * cleared) before the next call that may evict it. */
sqlite3_stmt *st_query_stmt(st_db *d, const char *sql);
void st_query_stmt_done(sqlite3_stmt *s);
void st_query_cache_free(st_db *d);

/* Binding: absent strings and NaN bind NULL. */
void st_bind_str(sqlite3_stmt *s, int i, ng_str v);
void st_bind_cstr(sqlite3_stmt *s, int i, const char *v);
void st_bind_real(sqlite3_stmt *s, int i, double v);
/* Steps a statement that returns no rows; SQLITE_DONE on success. */
int st_step_done(sqlite3_stmt *s);

/* Days since 1970-01-01 of "YYYY-MM-DD..." or INT32_MIN when not a date. */
int32_t st_day(const char *s, size_t len);

/* Great-circle distance in km. */
double st_km(double lat1, double lon1, double lat2, double lon2);

/* Writes one article and its facts (write.c), linking it across articles
 * (link.c). Inside the writer's transaction; returns an SQLite code, and
 * what it did in *outcome. */
enum { ST_WROTE, ST_UNCHANGED, ST_REPLACED };
int st_write_item(st_db *d, const st_item *it, int *outcome, bool *duplicate);

/* link.c */
int st_link_entity(st_db *d, const ng_entity *e, int64_t *gid);
int st_find_duplicate(st_db *d, const st_item *it, int64_t self, int64_t *original);
int st_demote_original(st_db *d, int64_t old, int64_t original);
int st_simhash_index(st_db *d, int64_t art, uint64_t simhash);
int st_cluster_event(st_db *d, int64_t art, int64_t event_n, const st_event *e, const char *source_key,
                     const char *target_key, int32_t day, int64_t *cluster);
int st_cluster_recount(st_db *d, int64_t cluster);
/* An event actor's key for clustering: "E<gid>" for a global entity, else
 * "<country>/<sector>", else NULL (no actor). */
void st_actor_key(int64_t gid, const st_actor *a, char *key, size_t size);

/* The count tables (counts.c): whether the database has them; creating and
 * filling them when it has not (a writable handle); adding (sign +1) or
 * taking away (-1) one article's part, nothing for a duplicate. */
bool st_counts_exist(st_db *d);
int st_counts_ensure(st_db *d, char *why, size_t why_size);
int st_counts_article(st_db *d, int64_t art, int sign);

/* The schema (schema.c). */
int st_schema_create(st_db *d, char *why, size_t why_size);
int st_schema_check(st_db *d, char *why, size_t why_size);

#endif
