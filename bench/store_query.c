/*
 * store_query.c: latency of filtered store queries (make bench, via
 * bench/store.sh). Picks filter values at random from the database itself
 * (people's names, place names, weeks with articles), runs each query
 * through ng_store_query_run as a client would, and prints p50, p95 and
 * the slowest per filter, in milliseconds.
 *
 *     store_query DB [QUERIES_PER_FILTER]
 */
#include "newsgraph_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int count_row(void *ud, const ng_store_row *r)
{
    (void)r;
    ++*(long *)ud;
    return 0;
}

/* n random values of `sql` (one text column). */
static char **sample(const char *db_path, const char *sql, int n)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    char **out = calloc((size_t)n, sizeof *out);
    if (!out || sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) exit(2);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); exit(2); }
    sqlite3_bind_int(s, 1, n);
    int k = 0;
    while (k < n && sqlite3_step(s) == SQLITE_ROW) out[k++] = strdup((const char *)sqlite3_column_text(s, 0));
    for (int i = k; i < n && k > 0; i++) out[i] = strdup(out[i % k]);
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (k == 0) { fprintf(stderr, "store_query: no values for: %s\n", sql); exit(2); }
    return out;
}

typedef struct filter {
    const char *name, *kind, *sample_sql;
    int field; /* 0 entity, 1 place, 2 week (since, +6 days until), 3 entity and week */
} filter;

static void week_end(const char *since, char *until)
{
    struct tm tm = {0};
    sscanf(since, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900, tm.tm_mon -= 1, tm.tm_mday += 6, tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(until, 11, "%Y-%m-%d", &tm);
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: store_query DB [N]\n"); return 2; }
    int n = argc > 2 ? atoi(argv[2]) : 200;
    ng_store_options so;
    ng_store_options_init(&so);
    so.read_only = true;
    char why[512];
    ng_store *s = ng_store_open(argv[1], &so, why, sizeof why);
    if (!s) { fprintf(stderr, "%s\n", why); return 2; }
    static const filter filters[] = {
        {"entity (articles)", "articles", "SELECT name FROM entities WHERE type = 'PER' ORDER BY random() LIMIT ?1", 0},
        {"entity (quotes)", "quotes", "SELECT name FROM entities WHERE type = 'PER' ORDER BY random() LIMIT ?1", 0},
        {"place (places)", "places", "SELECT name FROM places ORDER BY random() LIMIT ?1", 1},
        {"date range (articles)", "articles", "SELECT substr(published, 1, 10) FROM articles WHERE published IS NOT NULL ORDER BY random() LIMIT ?1", 2},
        {"entity + date range (mentions)", "mentions", "SELECT name FROM entities WHERE type = 'PER' ORDER BY random() LIMIT ?1", 3},
    };
    char **weeks = sample(argv[1], filters[3].sample_sql, n);
    printf("| filter | queries | rows (mean) | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|---|\n");
    double worst_p95 = 0;
    for (size_t f = 0; f < sizeof filters / sizeof *filters; f++) {
        char **values = sample(argv[1], filters[f].sample_sql, n);
        double *ms = calloc((size_t)n, sizeof *ms);
        long rows = 0;
        for (int i = 0; i < n; i++) {
            ng_store_query q;
            ng_store_query_init(&q);
            q.kind = filters[f].kind;
            q.limit = 1000;
            char until[16];
            if (filters[f].field == 0 || filters[f].field == 3) q.entity = values[i];
            if (filters[f].field == 1) q.place = values[i];
            if (filters[f].field == 2 || filters[f].field == 3) {
                q.since = weeks[i];
                week_end(weeks[i], until);
                q.until = until;
            }
            double t0 = now_ms();
            long got = 0;
            if (ng_store_query_run(s, &q, count_row, &got, why, sizeof why) < 0) { fprintf(stderr, "%s\n", why); return 1; }
            ms[i] = now_ms() - t0;
            rows += got;
        }
        qsort(ms, (size_t)n, sizeof *ms, cmp_double);
        double p95 = ms[(int)(0.95 * (n - 1))];
        if (p95 > worst_p95) worst_p95 = p95;
        printf("| %s | %d | %.0f | %.2f | %.2f | %.2f |\n", filters[f].name, n, (double)rows / n, ms[n / 2], p95, ms[n - 1]);
        for (int i = 0; i < n; i++) free(values[i]);
        free(values), free(ms);
    }
    printf("\nworst p95: %.2f ms\n", worst_p95);
    for (int i = 0; i < n; i++) free(weeks[i]);
    free(weeks);
    ng_store_close(s, NULL, 0);
    return 0;
}
