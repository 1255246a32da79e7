/*
 * store.c: opening and closing the store, and its writer: a bounded queue
 * of copied articles (filled by ng_store_ingest from any thread) and the
 * one thread that writes them, a batch per transaction, in WAL mode.
 */
#include "db.h"
#include "store.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct ng_store {
    st_db d;
    char *path;
    ng_store_options opt;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full, idle;
    st_item **queue; /* ring of opt.queue items */
    size_t head, count;
    bool writing, closing, failed, started;
    int flushing; /* callers of ng_store_flush waiting: commit without delay */
    pthread_t writer;
    char error[512];
    ng_store_stats stats;
};

void ng_store_options_init(ng_store_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->busy_timeout_ms = 5000;
    o->batch = 256;
    o->queue = 512;
    o->commit_delay_ms = 100;
}

/* One line for an SQLite failure, naming the database. */
static void reason(const ng_store *s, int rc, const char *doing, char *why, size_t size)
{
    int base = rc & 0xff;
    const char *what = sqlite3_errmsg(s->d.db);
    if (base == SQLITE_FULL) what = s->opt.max_bytes ? "database or disk is full (or at the size limit)" : "disk is full";
    else if (base == SQLITE_BUSY || base == SQLITE_LOCKED) what = "database is locked by another process (gave up waiting)";
    else if (base == SQLITE_READONLY) what = "database or its directory is read-only";
    else if (base == SQLITE_NOTADB) what = "not a database";
    else if (base == SQLITE_IOERR || base == SQLITE_CANTOPEN) what = sqlite3_errstr(rc);
    snprintf(why, size, "%s: %s%s%s; the database is as it was before", s->path, doing, *doing ? ": " : "", what);
}

static void set_error(ng_store *s, int rc, const char *doing)
{
    if (s->error[0]) return;
    reason(s, rc, doing, s->error, sizeof s->error);
}

/* ---- the writer ----------------------------------------------------------------- */

static int exec(ng_store *s, const char *sql) { return sqlite3_exec(s->d.db, sql, NULL, NULL, NULL); }

static int write_batch(ng_store *s, st_item **items, size_t n, ng_store_stats *delta)
{
    int rc = exec(s, "BEGIN IMMEDIATE");
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        int outcome;
        bool duplicate;
        rc = st_write_item(&s->d, items[i], &outcome, &duplicate);
        if (rc != SQLITE_OK) break;
        if (outcome == ST_UNCHANGED) delta->unchanged++;
        else delta->written++;
        if (outcome == ST_REPLACED) delta->replaced++;
        if (duplicate) delta->duplicates++;
    }
    if (rc == SQLITE_OK) rc = exec(s, "COMMIT");
    if (rc != SQLITE_OK) {
        int code = sqlite3_extended_errcode(s->d.db);
        exec(s, "ROLLBACK");
        return code ? code : rc;
    }
    return SQLITE_OK;
}

/* Group commit: with the lock held and at least one record queued, waits
 * (releasing the lock) until a whole batch is queued, commit_delay_ms has
 * passed since this wait began, or someone is closing or flushing the
 * store. */
static void wait_for_batch(ng_store *s)
{
    if (s->opt.commit_delay_ms <= 0) return;
    size_t full = s->opt.batch < s->opt.queue ? s->opt.batch : s->opt.queue;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    long ns = deadline.tv_nsec + (long)(s->opt.commit_delay_ms % 1000) * 1000000L;
    deadline.tv_sec += s->opt.commit_delay_ms / 1000 + ns / 1000000000L;
    deadline.tv_nsec = ns % 1000000000L;
    while (s->count < full && !s->closing && !s->flushing && !s->failed)
        if (pthread_cond_timedwait(&s->not_empty, &s->lock, &deadline) == ETIMEDOUT) break;
}

static void *writer_main(void *arg)
{
    ng_store *s = arg;
    st_item **batch = calloc(s->opt.batch, sizeof *batch);
    pthread_mutex_lock(&s->lock);
    if (!batch) s->failed = true, snprintf(s->error, sizeof s->error, "%s: out of memory", s->path);
    for (;;) {
        while (!s->count && !s->closing) pthread_cond_wait(&s->not_empty, &s->lock);
        if (!s->count) break;
        wait_for_batch(s);
        size_t n = 0;
        while (s->count && n < s->opt.batch && batch) {
            batch[n++] = s->queue[s->head];
            s->head = (s->head + 1) % s->opt.queue;
            s->count--;
        }
        if (!batch) { /* failed: drop the rest */
            st_item_free(s->queue[s->head]);
            s->head = (s->head + 1) % s->opt.queue;
            s->count--;
        }
        s->writing = true;
        bool failed = s->failed;
        pthread_cond_broadcast(&s->not_full);
        pthread_mutex_unlock(&s->lock);
        ng_store_stats delta = {0};
        int rc = failed || !n ? SQLITE_OK : write_batch(s, batch, n, &delta);
        for (size_t i = 0; i < n; i++) st_item_free(batch[i]);
        pthread_mutex_lock(&s->lock);
        if (rc != SQLITE_OK) {
            set_error(s, rc, "writing articles");
            s->failed = true;
            pthread_cond_broadcast(&s->not_full);
        } else {
            s->stats.written += delta.written, s->stats.unchanged += delta.unchanged;
            s->stats.replaced += delta.replaced, s->stats.duplicates += delta.duplicates;
        }
        s->writing = false;
        if (!s->count) pthread_cond_broadcast(&s->idle);
    }
    s->writing = false;
    pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
    free(batch);
    return NULL;
}

int ng_store_ingest(ng_store *s, const ng_record *r)
{
    if (s->opt.read_only) return -1;
    return st_store_ingest_item(s, st_item_new(r));
}

int st_store_ingest_item(ng_store *s, st_item *it)
{
    if (s->opt.read_only) { st_item_free(it); return -1; }
    pthread_mutex_lock(&s->lock);
    if (!it) {
        s->failed = true;
        if (!s->error[0]) snprintf(s->error, sizeof s->error, "%s: out of memory copying a record", s->path);
    }
    while (!s->failed && s->count == s->opt.queue) pthread_cond_wait(&s->not_full, &s->lock);
    if (s->failed) {
        pthread_mutex_unlock(&s->lock);
        st_item_free(it);
        return -1;
    }
    s->queue[(s->head + s->count) % s->opt.queue] = it;
    s->count++;
    s->stats.queued++;
    pthread_cond_signal(&s->not_empty);
    pthread_mutex_unlock(&s->lock);
    return 0;
}

void ng_store_get_stats(ng_store *s, ng_store_stats *stats)
{
    pthread_mutex_lock(&s->lock);
    *stats = s->stats;
    pthread_mutex_unlock(&s->lock);
}

int ng_store_flush(ng_store *s, char *why, size_t why_size)
{
    pthread_mutex_lock(&s->lock);
    s->flushing++;
    pthread_cond_signal(&s->not_empty); /* a writer waiting for a fuller batch commits now */
    while (s->started && (s->count || s->writing)) pthread_cond_wait(&s->idle, &s->lock);
    s->flushing--;
    int rc = s->failed ? -1 : 0;
    if (rc && why) snprintf(why, why_size, "%s", s->error);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* The writer is idle (flushed) or not running: other calls may use the
 * connection. */
sqlite3 *st_store_db(ng_store *s) { return s->d.db; }
st_db *st_store_d(ng_store *s) { return &s->d; }
const char *st_store_path(const ng_store *s) { return s->path; }

int ng_store_read_begin(ng_store *s, char *why, size_t why_size)
{
    if (!s->opt.read_only) {
        snprintf(why, why_size, "%s: a read snapshot is for a store opened read-only", s->path);
        return -1;
    }
    if (exec(s, "BEGIN") != SQLITE_OK) {
        reason(s, sqlite3_extended_errcode(s->d.db), "beginning a read", why, why_size);
        return -1;
    }
    return 0;
}

void ng_store_read_end(ng_store *s)
{
    if (s->opt.read_only && !sqlite3_get_autocommit(s->d.db)) exec(s, "COMMIT");
}

/* ---- open and close ------------------------------------------------------------ */

static void km_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
    sqlite3_result_double(ctx, st_km(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1]),
                                     sqlite3_value_double(argv[2]), sqlite3_value_double(argv[3])));
}

/* Reasons SQLite would give less clearly: a directory, a missing file
 * when read-only, a directory we cannot create files in. */
static bool precheck(const char *path, bool read_only, char *why, size_t size)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) { snprintf(why, size, "%s: is a directory, not a database", path); return false; }
        if (!read_only && access(path, W_OK) != 0) {
            snprintf(why, size, "%s: cannot write the database: %s", path, strerror(errno));
            return false;
        }
        return true;
    }
    if (read_only) { snprintf(why, size, "%s: no such database: %s", path, strerror(errno)); return false; }
    char *copy = strdup(path);
    if (!copy) { snprintf(why, size, "%s: out of memory", path); return false; }
    const char *dir = dirname(copy);
    bool ok = access(dir, W_OK | X_OK) == 0;
    if (!ok) snprintf(why, size, "%s: cannot create the database in %s: %s", path, dir, strerror(errno));
    free(copy);
    return ok;
}

static int configure(ng_store *s, char *why, size_t size)
{
    sqlite3_busy_timeout(s->d.db, s->opt.busy_timeout_ms);
    sqlite3_create_function(s->d.db, "km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, km_function, NULL, NULL);
    int rc = st_schema_check(&s->d, why, size);
    if (rc == SQLITE_EMPTY) {
        if (s->opt.read_only) { snprintf(why, size, "%s: an empty database, not a newsgraph store", s->path); return SQLITE_ERROR; }
        rc = exec(s, "PRAGMA journal_mode = WAL");
        if (rc != SQLITE_OK) { reason(s, rc, "cannot create the database", why, size); return rc; }
        rc = st_schema_create(&s->d, why, size);
    }
    bool older = rc == SQLITE_SCHEMA;
    if (older && s->opt.read_only) return rc; /* why says how to migrate it */
    if (rc != SQLITE_OK && !older) return rc;
    if (!s->opt.read_only) {
        rc = exec(s, "PRAGMA journal_mode = WAL");
        if (rc == SQLITE_OK) rc = exec(s, "PRAGMA synchronous = NORMAL");
        if (rc != SQLITE_OK) { reason(s, rc, "cannot open the database for writing", why, size); return rc; }
        rc = st_counts_ensure(&s->d, why, size);
        if (rc != SQLITE_OK) return rc;
    }
    if (older && (rc = st_schema_migrate(&s->d, why, size)) != SQLITE_OK) return rc;
    if (s->opt.max_bytes > 0) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)(s->opt.max_bytes / 4096 + 1));
        exec(s, sql);
    }
    exec(s, "PRAGMA cache_size = -65536");
    return SQLITE_OK;
}

ng_store *ng_store_open(const char *path, const ng_store_options *options, char *why, size_t why_size)
{
    ng_store *s = calloc(1, sizeof *s);
    if (!s) { snprintf(why, why_size, "%s: out of memory", path); return NULL; }
    ng_store_options_init(&s->opt);
    if (options) memcpy(&s->opt, options, options->size < sizeof s->opt ? options->size : sizeof s->opt);
    s->opt.size = sizeof s->opt;
    if (!s->opt.batch) s->opt.batch = 256;
    if (!s->opt.queue) s->opt.queue = 512;
    s->path = strdup(path);
    s->d.path = s->path;
    s->queue = calloc(s->opt.queue, sizeof *s->queue);
    if (!s->path || !s->queue) { snprintf(why, why_size, "%s: out of memory", path); goto fail; }
    if (!precheck(path, s->opt.read_only, why, why_size)) goto fail;
    int flags = s->opt.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    /* A read-only handle has no writer thread and is for one thread at a
     * time (newsgraph_store.h): it needs no lock around each SQLite call. */
    int rc = sqlite3_open_v2(path, &s->d.db, flags | (s->opt.read_only ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX), NULL);
    if (rc != SQLITE_OK) { reason(s, rc, "cannot open", why, why_size); goto fail; }
    if (configure(s, why, why_size) != SQLITE_OK) goto fail;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->not_empty, NULL);
    pthread_cond_init(&s->not_full, NULL);
    pthread_cond_init(&s->idle, NULL);
    if (!s->opt.read_only) {
        if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
            snprintf(why, why_size, "%s: cannot start the writer thread", path);
            goto fail_threads;
        }
        s->started = true;
    }
    return s;
fail_threads:
    pthread_cond_destroy(&s->idle), pthread_cond_destroy(&s->not_full), pthread_cond_destroy(&s->not_empty);
    pthread_mutex_destroy(&s->lock);
fail:
    if (s->d.db) sqlite3_close_v2(s->d.db);
    free(s->queue), free(s->path), free(s);
    return NULL;
}

int ng_store_close(ng_store *s, char *why, size_t why_size)
{
    if (!s) return 0;
    pthread_mutex_lock(&s->lock);
    s->closing = true;
    pthread_cond_broadcast(&s->not_empty);
    pthread_mutex_unlock(&s->lock);
    if (s->started) pthread_join(s->writer, NULL);
    int rc = s->failed ? -1 : 0;
    if (rc && why) snprintf(why, why_size, "%s", s->error);
    st_finalize_all(&s->d);
    st_query_cache_free(&s->d);
    if (!s->opt.read_only && !s->failed) exec(s, "PRAGMA optimize");
    if (sqlite3_close(s->d.db) != SQLITE_OK) {
        if (!rc && why) snprintf(why, why_size, "%s: closing: %s", s->path, sqlite3_errmsg(s->d.db));
        sqlite3_close_v2(s->d.db);
        rc = -1;
    }
    for (size_t i = 0; i < s->count; i++) st_item_free(s->queue[(s->head + i) % s->opt.queue]);
    pthread_cond_destroy(&s->idle), pthread_cond_destroy(&s->not_full), pthread_cond_destroy(&s->not_empty);
    pthread_mutex_destroy(&s->lock);
    free(s->queue), free(s->path), free(s);
    return rc;
}
