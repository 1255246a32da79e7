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
/* Event clusters. An event as clustering compares it, and a cluster as
 * the union of what its members know (docs/store.md, "Event clusters"). */
typedef struct st_cluster_actor {
    int64_t gid;              /* global entity, 0 if none */
    const char *country;      /* ISO 3166-1 alpha-3, or NULL */
    const char *sector;       /* MIL, GOV, ..., or NULL */
} st_cluster_actor;

/* How wide a place is: a point (a town, a site), a first-level division, a
 * country (also the dateline's place, which only says where the story was
 * filed, so it vouches for no more than its country). Wider is larger. */
enum { ST_PLACE_NONE = 0, ST_PLACE_POINT = 1, ST_PLACE_ADMIN1 = 2, ST_PLACE_COUNTRY = 3 };

typedef struct st_cluster_place {
    int level;                /* ST_PLACE_* */
    int64_t geonameid;        /* 0 if none */
    double lat, lon;
    const char *name;
    const char *country;      /* ISO 3166-1 alpha-2, or NULL */
    const char *admin1;       /* GeoNames first-level code, or NULL */
} st_cluster_place;

typedef struct st_cluster_key {
    const char *type;         /* PLOVER type */
    int32_t day;              /* days since 1970-01-01 */
    const char *event_date;   /* YYYY-MM-DD */
    st_cluster_actor source, target;
    st_cluster_place where;
    const char *cameo;
    int quad_class;
    double goldstein;
} st_cluster_key;

/* How two actors of one role compare: APART (a known value differs),
 * UNKNOWN (one side names no actor), PARTIAL (nothing differs, but not
 * enough is known on both sides to call them one), SAME (one global
 * entity, or the same country and sector). Values are match scores. */
enum { ST_ACTOR_APART = -1, ST_ACTOR_UNKNOWN = 0, ST_ACTOR_PARTIAL = 1, ST_ACTOR_SAME = 2 };
int st_actor_match(const st_cluster_actor *a, const st_cluster_actor *b);

/* How two places compare: APART, BOTH_UNKNOWN (neither has a place),
 * CONTAINS (a country or region holds the other), NEAR (the same place or
 * two points within ST_CLUSTER_KM). Values are match scores. */
#define ST_CLUSTER_KM 50.0
enum { ST_PLACE_APART = -1, ST_PLACE_BOTH_UNKNOWN = 0, ST_PLACE_CONTAINS = 1, ST_PLACE_NEAR = 2 };
int st_place_match(const st_cluster_place *a, const st_cluster_place *b);

/* -1 when an event cannot join a cluster; else how specific the match is
 * (the sum of the actor and place scores). */
int st_cluster_score(const st_cluster_key *cluster, const st_cluster_key *event);

/* Puts an event into the compatible cluster with the highest score (ties:
 * the lowest cluster id), refining that cluster with what the event knows,
 * or into a new cluster. */
int st_cluster_event(st_db *d, int64_t art, const st_cluster_key *event, int64_t *cluster);
/* Clusters the stored event (art, n) (st_cluster_event) and sets its
 * cluster; *cluster stays 0 for an event without a type or a day. */
int st_cluster_stored_event(st_db *d, int64_t art, int64_t n, int64_t *cluster);
/* Re-clusters every event of an original article, in (article, event)
 * order, after the cluster table was emptied (migration). */
int st_cluster_all(st_db *d);
int st_cluster_recount(st_db *d, int64_t cluster);

/* The count tables (counts.c): whether the database has them; creating and
 * filling them when it has not (a writable handle); adding (sign +1) or
 * taking away (-1) one article's part, nothing for a duplicate. */
bool st_counts_exist(st_db *d);
int st_counts_ensure(st_db *d, char *why, size_t why_size);
int st_counts_article(st_db *d, int64_t art, int sign);

/* The schema (schema.c). */
int st_schema_create(st_db *d, char *why, size_t why_size);
int st_schema_check(st_db *d, char *why, size_t why_size);
/* Brings a database of an older schema version up to this one in one
 * transaction (rolled back whole on failure, with the reason in why). */
int st_schema_migrate(st_db *d, char *why, size_t why_size);

#endif
