/*
 * newsgraph_store.h: the store, many records in one knowledge base. Its
 * comments are the API manual; docs/store.md describes the schema and the
 * exports.
 *
 * The store keeps the records of libnewsgraph (newsgraph.h) in a database
 * and links them across articles: one global entity for "Volodymyr
 * Zelensky" and "Zelensky", near-duplicate articles marked duplicate_of,
 * events of several articles clustered into one. Every call goes through
 * this one interface; SQLite (the embedded default) is its first
 * implementation, so another database can be a second one behind the same
 * calls.
 *
 *     ng_store_options so;
 *     ng_store_options_init(&so);
 *     char why[512];
 *     ng_store *s = ng_store_open("news.db", &so, why, sizeof why);
 *     if (!s) { fprintf(stderr, "%s\n", why); exit(2); }
 *     // from any number of extraction threads, in a sink's record callback:
 *     ng_store_ingest(s, record);
 *     ...
 *     if (ng_store_close(s, why, sizeof why) != 0) fprintf(stderr, "%s\n", why);
 *
 * Threads: ng_store_ingest may be called from any number of threads at
 * once. It copies what it needs from the record (so the record may be
 * freed when it returns) and queues it for the store's one writer thread,
 * which writes batches of articles in transactions. Every other call is
 * for one thread at a time.
 *
 * Crash safety: an article and all its facts are written in one
 * transaction, so a process killed at any moment leaves whole articles
 * only; ingesting the same inputs again completes the database.
 *
 * Errors: calls that can fail take why[0..why_size) and write one line
 * there naming the database path and the reason. After a failed write the
 * database is as it was before the failing transaction.
 */
#ifndef NEWSGRAPH_STORE_H
#define NEWSGRAPH_STORE_H

#include "newsgraph.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The database schema this library writes (docs/store.md). A database of
 * a newer schema is refused; an older one is migrated when opened for
 * writing (version 1 and later), else refused. */
#define NG_STORE_SCHEMA_VERSION 2

typedef struct ng_store ng_store;

/* Initialise with ng_store_options_init(), then set. */
typedef struct ng_store_options {
    size_t size;             /* sizeof(ng_store_options); set by init */
    bool read_only;          /* open an existing database for queries only */
    int busy_timeout_ms;     /* how long to wait for a database locked by another
                                process before failing; default 5000 */
    int64_t max_bytes;       /* refuse to grow the database past this size, as a
                                full disk would (0: no limit) */
    size_t batch;            /* articles per transaction at most; default 256 */
    size_t queue;            /* articles waiting for the writer at most (ingest
                                blocks beyond); default 512 */
    int commit_delay_ms;     /* group commit: how long the writer waits for a
                                batch to fill before it commits a part of one;
                                default 100, -1 commits at once. Each commit
                                rewrites the B-tree pages and count rows it
                                touched, so fewer, larger transactions cost
                                the writer far less; ng_store_flush and
                                ng_store_close never wait for the delay */
} ng_store_options;

NG_API void ng_store_options_init(ng_store_options *options);

/* Opens, or creates, the database at `path`. Refuses with a reason in
 * `why` (and NULL): a file that is not a database or not a newsgraph
 * database, a database of another schema version, a directory that cannot
 * be written, a database still locked after busy_timeout_ms. */
NG_API ng_store *ng_store_open(const char *path, const ng_store_options *options, char *why, size_t why_size);

/* Queues one record for the writer (thread-safe; see above). Its id is
 * the record's id: the hash of its canonical URL, else of its text. An
 * article already stored with the same content is left as it is; one whose
 * content changed has its old facts replaced. Returns 0, or -1 once the
 * writer has failed (the reason is given by ng_store_close). */
NG_API int ng_store_ingest(ng_store *store, const ng_record *record);

/* What ingest did so far. */
typedef struct ng_store_stats {
    long queued;      /* records given to ng_store_ingest */
    long written;     /* articles inserted or replaced */
    long unchanged;   /* already stored with the same content */
    long replaced;    /* stored before with other content */
    long duplicates;  /* written and found to be near-duplicates of another */
} ng_store_stats;

NG_API void ng_store_get_stats(ng_store *store, ng_store_stats *stats);

/* Waits until every queued record is committed. Returns 0, or -1 with
 * the writer's error in why. */
NG_API int ng_store_flush(ng_store *store, char *why, size_t why_size);

/* ---- queries -------------------------------------------------------------- */

/* What to look for. Initialise with ng_store_query_init(); NULL strings
 * and unset flags filter nothing. Every value is passed to the database
 * as a bound parameter, never as SQL. */
typedef struct ng_store_query {
    size_t size;
    const char *kind;        /* "articles", "entities", "mentions", "quotes", "counts",
                                "dates", "places" or "events" (one row per fact), or
                                one of the views below */
    const char *text;        /* full text search over title and text (FTS5 syntax) */
    const char *entity;      /* articles naming this entity, by any of its names */
    const char *place;       /* articles naming this place (its name or as written) */
    bool near;               /* articles with a place within near_km of near_lat, near_lon */
    double near_lat, near_lon, near_km;
    const char *since, *until; /* published date range, YYYY-MM-DD, inclusive;
                                 for events, the event date */
    const char *event_type;  /* PLOVER type of events */
    const char *outlet;      /* the outlet as stored ("CNN") */
    bool duplicates;         /* include articles marked duplicate_of (default: not) */
    long limit;              /* rows at most; default 1000, <= 0 no limit */
    /* Added for `newsgraph serve` (fields after `limit`; see `size`): */
    const char *article;     /* one article, by its id (16 hex digits) */
    long long entity_gid;    /* > 0: one global entity. Facts and articles: of the
                                articles naming it; quotes: those it said; entities:
                                those that share an article with it */
    long long cluster;       /* > 0: one event cluster (events, clusters) */
    long offset;             /* rows to skip before the first (pagination) */
    int timeout_ms;          /* > 0: give up a query running longer (returns -2) */
} ng_store_query;

NG_API void ng_store_query_init(ng_store_query *query);

/* The queries run between ng_store_read_begin and ng_store_read_end see
 * one snapshot of the database (one read transaction), so that the parts
 * of an answer come from the same moment even while another process
 * ingests; it also spares a transaction per query. For a read-only store
 * (opened with read_only). Returns 0, or -1 with the reason in why. */
NG_API int ng_store_read_begin(ng_store *store, char *why, size_t why_size);
NG_API void ng_store_read_end(ng_store *store);

/* The views, for the kinds above:
 *   "article"   the article's metadata and its text (use `article`)
 *   "entity"    one global entity (use entity_gid): type, name, country,
 *               num_articles, num_mentions
 *   "aliases"   the names a global entity is written as (entity_gid), with
 *               how many articles write each
 *   "geo"       one row per place: its articles and mentions (filters apply)
 *   "clusters"  event clusters (event_type, since/until on the cluster's day,
 *               cluster); `article` is the cluster's first article
 *   "timeline"  events per day and type: date, type, events (filters apply;
 *               since/until bound the event date)
 *   "graph"     entity co-occurrence: pairs of global entities (source <
 *               target) and the number of articles naming both; with
 *               entity_gid only the pairs with it
 *   "evidence"  events with their article's title, outlet and the words
 *               around the span (context from context_start)
 *   "quotes_about" with entity_gid, quotes naming the entity inside their
 *               span, said by another
 *   "mention_days" mentions and articles per published day (entity_gid)
 *   "sources"   outlets and their number of articles
 * Views that are not facts carry no span. */

/* One row of a result: n columns, each a name, a value (NULL for SQL
 * NULL) and whether the value is a number. Valid during the callback. */
typedef struct ng_store_row {
    size_t n;
    const char *const *names;
    const char *const *values;
    const bool *numeric;
} ng_store_row;

/* Runs a query; calls `row` for each result (return non-zero to stop).
 * Every row carries the article id ("article") and, for facts, the span
 * ("start", "end", code points of the article's text). Returns the number
 * of rows, or -1 with the reason in why (an unknown kind, a full-text
 * syntax error, ...), or -2 when timeout_ms ran out. */
NG_API long ng_store_query_run(ng_store *store, const ng_store_query *query,
                               int (*row)(void *userdata, const ng_store_row *row), void *userdata, char *why,
                               size_t why_size);

/* ---- exports -------------------------------------------------------------- */

/* Writes the store to `out` in `format`: "gdelt-events" (GDELT Event 2.0,
 * 61 tab-separated columns), "gdelt-gkg" (GKG 2.1, 27 columns), "acled"
 * (ACLED's columns, CSV), "jsonl" (one article with its facts per line)
 * or "csv" (one fact per row). since/until (YYYY-MM-DD or NULL) bound the
 * publication date. Duplicates are left out. Returns the number of rows
 * written, or -1 with the reason in why. */
NG_API long ng_store_export(ng_store *store, const char *format, const char *since, const char *until, FILE *out,
                            char *why, size_t why_size);

/* Flushes, stops the writer and closes the database. Returns 0, or -1
 * with the first error of the writer (or of closing) in why. The store is
 * freed either way. */
NG_API int ng_store_close(ng_store *store, char *why, size_t why_size);

#ifdef __cplusplus
}
#endif
#endif /* NEWSGRAPH_STORE_H */
