/*
 * fuzz_store.c: libFuzzer target for the store (store/).
 *
 * Any bytes go through the pipeline with format detection (so JSON Lines
 * with URLs, dates and outlets of the fuzzer's choosing reach the store as
 * well as plain text), and every record is ingested twice into a fresh
 * in-memory store: entity linking, near-duplicates, event clustering and
 * the re-ingest path all run. Then a few queries whose filters come from
 * the input's first bytes, and the exports. Violations abort:
 * - ingest, flush, close fail, or a query fails other than on a full-text
 *   syntax error;
 * - PRAGMA integrity_check is not ok;
 * - a cluster's counts are not those of its events, an event points at a
 *   missing cluster, a duplicate's original is itself a duplicate, or a
 *   duplicate's event is in a cluster.
 */
#include "fuzz_util.h"
#include "newsgraph_store.h"
#include "store.h"

#include <sqlite3.h>
#include <string.h>

/* Twice: the second finds it stored (or, when the input holds two records
 * with one id, replaces the other). */
static void ingest(void *ud, const ng_record *r)
{
    for (int pass = 0; pass < 2; pass++)
        if (ng_store_ingest(ud, r) != 0) { fprintf(stderr, "fuzz_store: ingest failed\n"); abort(); }
}

static void on_error(void *ud, const char *path, long record, const char *reason)
{
    (void)ud;
    if (!path || record < 0 || !reason || !reason[0]) abort();
}

static int count_row(void *ud, const ng_store_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        if (!row->names[i]) abort();
    ++*(long *)ud;
    return 0;
}

/* A NUL-terminated filter value of at most 15 bytes from the input. */
static const char *filter(const uint8_t *data, size_t size, size_t at, char *buf)
{
    size_t n = 0;
    for (size_t i = at; i < size && n < 15 && data[i] != '\n'; i++)
        if (data[i]) buf[n++] = (char)data[i];
    buf[n] = 0;
    return buf;
}

static void run_query(ng_store *s, const char *kind, const uint8_t *data, size_t size)
{
    char text[16], entity[16], why[512];
    ng_store_query q;
    ng_store_query_init(&q);
    q.kind = kind;
    unsigned pick = size ? data[0] : 0;
    if (pick & 1) q.text = filter(data, size, 1, text);
    if (pick & 2) q.entity = filter(data, size, 5, entity);
    if (pick & 4) q.near = true, q.near_lat = 51.7, q.near_lon = 36.2, q.near_km = 50;
    if (pick & 8) q.since = "2025-01-01", q.until = "2025-12-31";
    if (pick & 16) q.duplicates = true;
    q.limit = 50;
    long rows = 0;
    long n = ng_store_query_run(s, &q, count_row, &rows, why, sizeof why);
    if (n < 0 && !(q.text && strstr(why, "query:"))) {
        fprintf(stderr, "fuzz_store: query %s: %s\n", kind, why);
        abort();
    }
}

static int scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) abort();
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void check_invariants(ng_store *s)
{
    sqlite3 *db = st_store_db(s);
    static const char *const zero[] = {
        "SELECT count(*) FROM event_clusters c WHERE num_mentions != (SELECT count(*) FROM events WHERE cluster = c.cluster)"
        " OR num_articles != (SELECT count(DISTINCT art) FROM events WHERE cluster = c.cluster)",
        "SELECT count(*) FROM events e WHERE cluster IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM event_clusters c WHERE c.cluster = e.cluster)",
        "SELECT count(*) FROM articles a JOIN articles o ON o.art = a.duplicate_of WHERE o.duplicate_of IS NOT NULL",
        "SELECT count(*) FROM events e JOIN articles a ON a.art = e.art WHERE a.duplicate_of IS NOT NULL"
        " AND e.cluster IS NOT NULL",
    };
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) abort();
    if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok")) {
        fprintf(stderr, "fuzz_store: integrity_check failed\n");
        abort();
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < sizeof zero / sizeof *zero; i++)
        if (scalar(db, zero[i]) != 0) { fprintf(stderr, "fuzz_store: broken: %s\n", zero[i]); abort(); }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ng_pipeline *p; /* fuzz harness only: one pipeline for the process */
    if (!p) {
        ng_resources *res = fuzz_open_resources("fuzz_store", true);
        ng_options o;
        ng_options_init(&o);
        o.max_input_bytes = 1 << 20;
        p = ng_pipeline_new(&o, res);
        if (!p) return 0;
    }
    ng_store_options so;
    ng_store_options_init(&so);
    so.batch = 3; /* several transactions per input */
    char why[512];
    ng_store *s = ng_store_open(":memory:", &so, why, sizeof why);
    if (!s) { fprintf(stderr, "fuzz_store: %s\n", why); abort(); }
    ng_sink sink = {ingest, on_error, s};
    ng_process_memory(p, "fuzz", data, size, &sink);
    if (ng_store_flush(s, why, sizeof why) != 0) { fprintf(stderr, "fuzz_store: %s\n", why); abort(); }
    check_invariants(s);
    static const char *const kinds[] = {"articles", "entities", "events", "places", "clusters", "quotes", "graph"};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) run_query(s, kinds[i], data, size);
    static const char *const formats[] = {"gdelt-events", "gdelt-gkg", "acled", "jsonl", "csv"};
    FILE *null = fopen("/dev/null", "w");
    if (!null) abort();
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (ng_store_export(s, formats[i], NULL, NULL, null, why, sizeof why) < 0) {
            fprintf(stderr, "fuzz_store: export %s: %s\n", formats[i], why);
            abort();
        }
    fclose(null);
    if (ng_store_close(s, why, sizeof why) != 0) { fprintf(stderr, "fuzz_store: %s\n", why); abort(); }
    return 0;
}
