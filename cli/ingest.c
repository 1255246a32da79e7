/*
 * ingest.c: `newsgraph ingest`, articles into the store.
 *
 * The main thread reads the inputs and cuts them into documents
 * (ng_read_path); N extractor threads each run their own pipeline over the
 * shared resources and hand every record to ng_store_ingest, which copies
 * it for the store's one writer thread. Order does not matter here (an
 * article's id does not depend on it), so unlike extract the jobs are not
 * put back in input order. With -j 1 the reader's callback extracts.
 */
#include "cli.h"
#include "newsgraph_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define JOBS_PER_THREAD 2

static const char usage[] =
    "usage: newsgraph ingest [options] [FILE|DIR ...]\n"
    "\n"
    "Extracts news articles (as `newsgraph extract` does) into a newsgraph store,\n"
    "an SQLite database (docs/store.md), linking entities, near-duplicates and\n"
    "events across articles. Ingesting the same input again changes nothing; an\n"
    "article whose content changed has its facts replaced. A run killed at any\n"
    "moment leaves whole articles only: run it again to complete the database.\n"
    "\n"
    "options:\n"
    "  --db PATH               the database (default ./newsgraph.db; created if absent)\n"
    "  -j, --jobs N            extract with N threads (default: the number of cores)\n"
    "  --published YYYY-MM-DD  publication date for inputs that carry none\n"
    "  --url URL               the URL of a single input\n"
    "  --busy-timeout MS       wait this long for a database locked by another\n"
    "                          process (default 5000)\n"
    "  --max-size BYTES        limit per input after decompression (suffix K, M, G;\n"
    "                          default 64M)\n"
    "  --max-db-size BYTES     stop (as on a full disk) before the database grows past\n"
    "                          this (suffix K, M, G)\n"
    "  --models DIR, --no-ner, --gazetteer PATH   as for extract\n"
    "  -q, --quiet             no progress line and no warnings about defaults\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit status: 0 all inputs stored, 1 some inputs failed or the database\n"
    "could not be written (the reason names the database), 2 usage error or a\n"
    "database that cannot be opened (not a database, a newer schema, locked).\n";

typedef struct job {
    ng_document doc;
    char *data, *name, *url, *published, *content_type;
    size_t cap;
} job;

typedef struct ingest {
    ng_store *store;
    const char *url, *published;
    bool progress;
    long articles, failures;
    bool store_failed;
    struct timespec t0, last;
    /* the queue: jobs[(head + i) % cap] for i < count are waiting */
    job *jobs;
    size_t cap, head, count;
    bool done;
    pthread_mutex_t lock;
    pthread_cond_t ready, room;
} ingest;

static void show_progress(ingest *g, bool final)
{
    if (!g->progress) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - g->last.tv_sec) + (double)(now.tv_nsec - g->last.tv_nsec) / 1e9;
    if (!final && dt < 0.25) return;
    g->last = now;
    double secs = cli_seconds_since(&g->t0);
    fprintf(stderr, "\rnewsgraph: %ld articles, %.0f/s, %ld failures%s", g->articles,
            secs > 0 ? (double)g->articles / secs : 0.0, g->failures, final ? "\n" : "");
}

static void on_record(void *ud, const ng_record *r)
{
    ingest *g = ud;
    int rc = ng_store_ingest(g->store, r);
    pthread_mutex_lock(&g->lock);
    if (rc != 0) g->store_failed = true;
    else g->articles++;
    show_progress(g, false);
    pthread_mutex_unlock(&g->lock);
}

static void on_error(void *ud, const char *path, long record, const char *reason)
{
    ingest *g = ud;
    pthread_mutex_lock(&g->lock);
    if (g->progress) fputc('\r', stderr);
    if (record > 0) fprintf(stderr, "newsgraph: %s:record %ld: %s\n", path, record, reason);
    else fprintf(stderr, "newsgraph: %s: %s\n", path, reason);
    g->failures++;
    pthread_mutex_unlock(&g->lock);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void job_clear(job *j)
{
    free(j->name), free(j->url), free(j->published), free(j->content_type);
    j->name = j->url = j->published = j->content_type = NULL;
}

/* Copies a document the reader hands over into a free slot. */
static void read_document(void *ud, const ng_document *d)
{
    ingest *g = ud;
    pthread_mutex_lock(&g->lock);
    while (g->count == g->cap) pthread_cond_wait(&g->room, &g->lock);
    job *j = &g->jobs[(g->head + g->count) % g->cap];
    pthread_mutex_unlock(&g->lock);
    if (j->cap < d->len || !j->data) {
        free(j->data);
        j->cap = d->len ? d->len : 1;
        j->data = malloc(j->cap);
    }
    if (!j->data) { j->cap = 0; on_error(g, d->name ? d->name : "-", d->record, "out of memory"); return; }
    memcpy(j->data, d->data, d->len);
    j->doc = *d;
    j->doc.data = j->data;
    j->doc.name = j->name = dup_or_null(d->name);
    j->doc.url = j->url = dup_or_null(d->url ? d->url : g->url);
    j->doc.published = j->published = dup_or_null(d->published ? d->published : g->published);
    j->doc.content_type = j->content_type = dup_or_null(d->content_type);
    pthread_mutex_lock(&g->lock);
    g->count++;
    pthread_cond_signal(&g->ready);
    pthread_mutex_unlock(&g->lock);
}

typedef struct worker {
    ingest *g;
    ng_pipeline *pipeline;
    pthread_t thread;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    ingest *g = w->g;
    job local = {0};
    ng_sink sink = {on_record, on_error, g};
    pthread_mutex_lock(&g->lock);
    for (;;) {
        while (!g->count && !g->done) pthread_cond_wait(&g->ready, &g->lock);
        if (!g->count) break;
        /* Take the job out of the ring (swap buffers) so the slot is free. */
        job *j = &g->jobs[g->head];
        job t = local;
        local = *j, *j = t;
        g->head = (g->head + 1) % g->cap;
        g->count--;
        bool skip = g->store_failed; /* once the store has failed, the rest is read, not extracted */
        pthread_cond_signal(&g->room);
        pthread_mutex_unlock(&g->lock);
        if (!skip) ng_process_document(w->pipeline, &local.doc, &sink);
        job_clear(&local);
        pthread_mutex_lock(&g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    free(local.data);
    return NULL;
}

/* -j 1: the reader's callback extracts, on the borrowed bytes. */
typedef struct serial {
    ingest *g;
    ng_pipeline *pipeline;
} serial;

static void serial_document(void *ud, const ng_document *d)
{
    serial *s = ud;
    ng_document doc = *d;
    if (!doc.url) doc.url = s->g->url;
    if (!doc.published) doc.published = s->g->published;
    ng_sink sink = {on_record, on_error, s->g};
    if (!s->g->store_failed) ng_process_document(s->pipeline, &doc, &sink);
}

static bool parse_bytes(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    long long mul = 1;
    if (*end == 'K' || *end == 'k') mul = 1LL << 10, end++;
    else if (*end == 'M' || *end == 'm') mul = 1LL << 20, end++;
    else if (*end == 'G' || *end == 'g') mul = 1LL << 30, end++;
    if (end == s || *end || v <= 0 || v > INT64_MAX / mul) return false;
    *out = v * mul;
    return true;
}

int cmd_ingest(int argc, char **argv, const char *argv0)
{
    const char *db = "newsgraph.db";
    cli_resource_choice rc = {0};
    ng_store_options so;
    ng_store_options_init(&so);
    ingest g;
    memset(&g, 0, sizeof g);
    bool quiet = false;
    int64_t max_input = 0;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = n < 1 ? 1 : n > 64 ? 64 : (int)n;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths) return EXIT_SOME_FAILED;
    int npaths = 0, status = -1;
    for (int i = 0; i < argc && status < 0; i++) {
        const char *a = argv[i], *val = NULL;
        int took;
        if ((took = cli_option_value(argc, argv, &i, "--db", &val))) {
            if (took < 0 || !*val) status = cli_usage_error("ingest", "--db needs a path");
            else db = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--published", &val))) {
            if (took < 0) status = cli_usage_error("ingest", "%s needs a value", a);
            else g.published = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--url", &val))) {
            if (took < 0) status = cli_usage_error("ingest", "%s needs a value", a);
            else g.url = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--gazetteer", &val))) {
            if (took < 0) status = cli_usage_error("ingest", "%s needs a value", a);
            else rc.gazetteer = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--models", &val))) {
            if (took < 0) status = cli_usage_error("ingest", "%s needs a value", a);
            else rc.models = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--busy-timeout", &val))) {
            char *end;
            long ms = took < 0 ? -1 : strtol(val, &end, 10);
            if (took < 0 || *end || ms < 0 || ms > 3600000) status = cli_usage_error("ingest", "--busy-timeout wants milliseconds");
            else so.busy_timeout_ms = (int)ms;
        } else if ((took = cli_option_value(argc, argv, &i, "--max-size", &val))) {
            if (took < 0 || !parse_bytes(val, &max_input) || (uint64_t)max_input > SIZE_MAX)
                status = cli_usage_error("ingest", "bad --max-size");
        } else if ((took = cli_option_value(argc, argv, &i, "--max-db-size", &val))) {
            if (took < 0 || !parse_bytes(val, &so.max_bytes)) status = cli_usage_error("ingest", "bad --max-db-size");
        } else if ((took = cli_option_value(argc, argv, &i, "--jobs", &val)) ||
                   (took = cli_option_value(argc, argv, &i, "-j", &val)) || (!strncmp(a, "-j", 2) && a[2])) {
            const char *number = took > 0 ? val : took < 0 ? "" : a + 2;
            char *end;
            long k = strtol(number, &end, 10);
            if (end == number || *end || k < 1 || k > 64) status = cli_usage_error("ingest", "-j wants a number of threads from 1 to 64");
            else jobs = (int)k;
        } else if (!strcmp(a, "--no-ner")) {
            rc.no_ner = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            status = EXIT_OK;
        } else if (!strcmp(a, "--")) {
            while (++i < argc) paths[npaths++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            status = cli_usage_error("ingest", "unknown option '%s'", a);
        } else {
            paths[npaths++] = argv[i];
        }
    }
    if (status < 0 && g.url && npaths > 1) status = cli_usage_error("ingest", "%s", "--url applies to a single input");
    if (status >= 0) { free(paths); return status; }
    if (npaths == 0) paths[npaths++] = "-";
    if (rc.no_ner && rc.models) rc.models = NULL;

    char why[1024];
    g.store = ng_store_open(db, &so, why, sizeof why);
    if (!g.store) { fprintf(stderr, "newsgraph: %s\n", why); free(paths); return EXIT_USAGE; }
    ng_resources *res = cli_open_resources(argv0, &rc, true, quiet);
    if (!res) { ng_store_close(g.store, NULL, 0); free(paths); return EXIT_USAGE; }

    g.progress = !quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &g.t0);
    g.last = g.t0;
    pthread_mutex_init(&g.lock, NULL);
    pthread_cond_init(&g.ready, NULL);
    pthread_cond_init(&g.room, NULL);
    ng_options opt;
    ng_options_init(&opt);
    if (max_input) opt.max_input_bytes = (size_t)max_input;
    ng_pipeline *reader = ng_pipeline_new(&opt, NULL);
    worker *workers = calloc((size_t)jobs, sizeof *workers);
    g.cap = (size_t)jobs * JOBS_PER_THREAD;
    g.jobs = calloc(g.cap, sizeof *g.jobs);
    bool ok = reader && workers && g.jobs;
    for (int k = 0; ok && k < jobs; k++) {
        workers[k].g = &g;
        ok = (workers[k].pipeline = ng_pipeline_new(&opt, res)) != NULL;
    }
    int started = 0;
    for (; ok && jobs > 1 && started < jobs; started++)
        if (pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) != 0) break;
    if (ok && started > 0) {
        ng_document_sink sink = {read_document, on_error, &g};
        for (int i = 0; i < npaths; i++) ng_read_path(reader, paths[i], &sink);
        pthread_mutex_lock(&g.lock);
        g.done = true;
        pthread_cond_broadcast(&g.ready);
        pthread_mutex_unlock(&g.lock);
    } else if (ok) {
        serial s = {&g, workers[0].pipeline};
        ng_document_sink sink = {serial_document, on_error, &s};
        for (int i = 0; i < npaths; i++) ng_read_path(reader, paths[i], &sink);
    }
    for (int k = 0; k < started; k++) pthread_join(workers[k].thread, NULL);
    if (!ok) { fprintf(stderr, "newsgraph: out of memory\n"); g.failures++; }
    ng_store_stats st;
    int closed = ng_store_flush(g.store, why, sizeof why);
    ng_store_get_stats(g.store, &st);
    if (ng_store_close(g.store, closed ? NULL : why, sizeof why) != 0) closed = -1;
    show_progress(&g, true);
    if (!quiet)
        fprintf(stderr, "newsgraph: %s: %ld articles: %ld written (%ld replaced, %ld near-duplicates), %ld unchanged\n",
                db, st.queued, st.written, st.replaced, st.duplicates, st.unchanged);
    if (closed != 0) fprintf(stderr, "newsgraph: %s\n", why);
    for (int k = 0; k < jobs && workers; k++) ng_pipeline_free(workers[k].pipeline);
    for (size_t k = 0; g.jobs && k < g.cap; k++) job_clear(&g.jobs[k]), free(g.jobs[k].data);
    ng_pipeline_free(reader);
    ng_resources_free(res);
    pthread_cond_destroy(&g.ready), pthread_cond_destroy(&g.room);
    pthread_mutex_destroy(&g.lock);
    free(g.jobs), free(workers), free(paths);
    return closed != 0 || g.failures ? EXIT_SOME_FAILED : EXIT_OK;
}
