/*
 * extract.c: `newsgraph extract`, articles in, JSON Lines out.
 *
 * With -j N, the main thread walks the inputs and cuts them into
 * documents (ng_read_path), N extractor threads each run their own
 * pipeline over the one shared ng_resources (ng_process_document), and the
 * extractor that finishes the next job in order writes out every job done
 * so far, in input order. Jobs carry a sequence number; at most
 * JOBS_PER_THREAD * N are in flight, so memory is bounded in N whatever the
 * corpus size, and the output is byte-identical to -j 1 (which runs the
 * same jobs one at a time, without threads). Threads wake one another only
 * when there is work: the reader refills half the queue at a time.
 *
 * Output is written whole records at a time (one write(2) per batch of
 * complete lines), so several processes may share one output file.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define JOBS_PER_THREAD 4
#define MAX_JOBS 256
#define OUT_BATCH (64 * 1024)

static const char usage[] =
    "usage: newsgraph extract [options] [FILE|DIR ...]\n"
    "\n"
    "Reads news articles and writes one JSON record per article (JSON Lines,\n"
    "schema " NG_SCHEMA ", docs/record.md) to standard output, in input order.\n"
    "With no FILE, or FILE '-', reads standard input. Directories are read\n"
    "recursively in sorted order. Formats are detected per input: HTML, plain\n"
    "text, WARC (.warc, .warc.gz), JSON Lines ({\"url\", \"html\"|\"text\",\n"
    "\"published\"} per line); gzip and zstd are decompressed transparently.\n"
    "\n"
    "options:\n"
    "  -j, --jobs N            extract with N threads (default: the number of\n"
    "                          cores); the output is the same for every N\n"
    "  --published YYYY-MM-DD  publication date for inputs that carry none\n"
    "  --url URL               the URL of a single input\n"
    "  --format FORMAT         read every input as html, text, warc or jsonl\n"
    "  --max-size BYTES        limit per input after decompression (suffix K, M, G;\n"
    "                          default 64M)\n"
    "  --stages LIST           run only these stages (comma-separated, in any\n"
    "                          order; see below); the record has their keys only\n"
    "  --timings               print the time spent in each stage to stderr\n"
    "  --tokens                include the tokens in each record\n"
    "  --syntax                also run the syntax stage (POS tagger and\n"
    "                          dependency parser: pos.bin, parse.bin) and write\n"
    "                          the tokens with their UPOS, head and relation\n"
    "  --models DIR            directory of the NER model ner.bin (default:\n"
    "                          <dir of this program>/models, then\n"
    "                          <dir of this program>/../share/newsgraph)\n"
    "  --no-ner                do not load the NER model (entities come only\n"
    "                          from the byline)\n"
    "  --gazetteer PATH        place gazetteer (default: $NEWSGRAPH_GAZETTEER, else\n"
    "                          <dir of this program>/../share/newsgraph/\n"
    "                          gazetteer.bin, else the source tree's\n"
    "                          data/gazetteer.bin); '' turns places off\n"
    "  -q, --quiet             no progress line and no warnings about defaults\n"
    "  -h, --help              this help\n"
    "\n"
    "stages: %s\n"
    "\n"
    "A model or gazetteer named with --models, --gazetteer or\n"
    "$NEWSGRAPH_GAZETTEER, or found by default, must load: else the run stops\n"
    "with 'newsgraph: PATH: reason' (exit 2). Errors in inputs go to standard\n"
    "error as 'newsgraph: PATH[:record N]: reason' and the run goes on.\n"
    "Exit status: 0 all inputs read, 1 some failed, 2 usage or resource error.\n";

static void print_usage(void)
{
    char names[512] = "";
    for (size_t i = 0; i < ng_stage_count(); i++) {
        if (i) strncat(names, ",", sizeof names - strlen(names) - 1);
        strncat(names, ng_stage_name(i), sizeof names - strlen(names) - 1);
    }
    printf(usage, names);
}

/* ---- output ---------------------------------------------------------------- */

typedef struct output {
    char *data;
    size_t len, cap;
    bool failed;      /* a write or an allocation failed */
} output;

static void out_put(output *o, const char *s, size_t n)
{
    if (o->failed || n == 0) return;
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n) cap *= 2;
        char *d = realloc(o->data, cap);
        if (!d) { o->failed = true; return; }
        o->data = d, o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

static void out_printf(output *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(output *o, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0) out_put(o, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        s += w, n -= (size_t)w;
    }
    return true;
}

/* ---- one job: a document and what came of it -------------------------------- */

typedef struct job {
    ng_document doc;   /* its strings and bytes are owned by the job */
    char *data, *name, *url, *published, *content_type;
    size_t data_cap;
    bool read_error;   /* no document: `errors` holds the reader's error */
    output records;    /* JSON lines */
    output errors;     /* "newsgraph: ..." lines */
    long n_records, n_errors;
    bool done;
    unsigned long seq;  /* its place in the input order */
    bool direct;        /* it holds the output: its records go straight out */
} job;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Buffers up to this size stay with their slot for the next job: freeing
 * and allocating them again for every document cost page faults (and, with
 * threads, TLB shootdowns) that showed as system time. */
#define KEEP_BUFFER ((size_t)4 << 20)

static void job_clear(job *j)
{
    free(j->name), free(j->url), free(j->published), free(j->content_type);
    char *data = j->data_cap <= KEEP_BUFFER ? j->data : (free(j->data), NULL);
    size_t data_cap = data ? j->data_cap : 0;
    output records = j->records, errors = j->errors;
    if (records.cap > KEEP_BUFFER || records.failed) free(records.data), records = (output){0};
    if (errors.cap > KEEP_BUFFER || errors.failed) free(errors.data), errors = (output){0};
    records.len = errors.len = 0;
    memset(j, 0, sizeof *j);
    j->data = data, j->data_cap = data_cap, j->records = records, j->errors = errors;
}

static void job_free(job *j)
{
    job_clear(j);
    free(j->data), free(j->records.data), free(j->errors.data);
    memset(j, 0, sizeof *j);
}

static void format_error(output *o, const char *path, long record, const char *reason)
{
    if (record > 0) out_printf(o, "newsgraph: %s:record %ld: %s\n", path, record, reason);
    else out_printf(o, "newsgraph: %s: %s\n", path, reason);
}

struct run;
/* -j 1 writes each record as it comes (holding none): see write_record. */
static void write_record(struct run *r, const char *json, size_t len);
/* With threads, the job next in order takes the output when it is free,
 * so that a large document's records are not held: see claim_output. */
static bool claim_output(struct run *r, job *j);

typedef struct extractor {
    ng_pipeline *pipeline;
    job *current;
    struct run *direct; /* -j 1: records go straight to the output */
    struct run *queue;  /* -j N: the queue its jobs come from */
} extractor;

static void on_record(void *ud, const ng_record *r)
{
    extractor *x = ud;
    size_t len;
    const char *json = ng_record_to_json(x->pipeline, r, &len);
    if (!json) {
        format_error(&x->current->errors, r->source.path.ptr, r->source.record, "out of memory writing the record");
        x->current->n_errors++;
        return;
    }
    if (x->direct) {
        write_record(x->direct, json, len);
    } else if (x->queue && claim_output(x->queue, x->current)) {
        write_record(x->queue, json, len);
    } else {
        out_put(&x->current->records, json, len);
        out_put(&x->current->records, "\n", 1);
    }
    x->current->n_records++;
}

static void on_error(void *ud, const char *path, long record, const char *reason)
{
    extractor *x = ud;
    format_error(&x->current->errors, path, record, reason);
    x->current->n_errors++;
}

static void run_job(extractor *x, job *j)
{
    x->current = j;
    if (!j->read_error) {
        ng_sink sink = {on_record, on_error, x};
        ng_process_document(x->pipeline, &j->doc, &sink);
    }
    x->current = NULL;
}

/* ---- the run ------------------------------------------------------------------ */

typedef struct run {
    /* options */
    const char *url, *published;
    bool progress;
    /* the queue: jobs[seq % cap] for seq in [written, read) */
    job *jobs;
    size_t cap;
    unsigned long read, taken, written;
    bool reading_done;
    bool writing;        /* an extractor is writing finished jobs out */
    bool reader_waiting; /* the reader waits for free slots */
    pthread_mutex_t lock;
    /* Each waiter has its own condition, signalled only when it can go on:
     * on a virtual machine every wake-up of an idle thread costs. */
    pthread_cond_t slot_free;   /* the reader: half the queue is free again */
    pthread_cond_t job_ready;   /* the extractors: a job was read, or reading ended */
    pthread_cond_t all_written; /* the main thread: reading ended and all is written */
    /* the reader */
    ng_pipeline *reader;
    char **paths;
    int npaths;
    /* totals */
    long records, errors;
    bool write_failed;
    output out;
    struct timespec last_progress;
} run;

/* Waits for a free slot and returns it (the caller fills it, then
 * publishes it with publish()). */
static job *next_slot(run *r)
{
    pthread_mutex_lock(&r->lock);
    while (r->read - r->written >= r->cap) {
        r->reader_waiting = true;
        pthread_cond_wait(&r->slot_free, &r->lock);
        r->reader_waiting = false;
    }
    job *j = &r->jobs[r->read % r->cap];
    pthread_mutex_unlock(&r->lock);
    return j;
}

static void publish(run *r)
{
    pthread_mutex_lock(&r->lock);
    r->read++;
    pthread_cond_signal(&r->job_ready);
    pthread_mutex_unlock(&r->lock);
}

static void read_document(void *ud, const ng_document *d)
{
    run *r = ud;
    job *j = next_slot(r);
    if (j->data_cap < d->len || !j->data) {
        free(j->data);
        j->data_cap = d->len ? d->len : 1;
        j->data = malloc(j->data_cap);
        if (!j->data) j->data_cap = 0;
    }
    if (!j->data) {
        j->read_error = true;
        format_error(&j->errors, d->name ? d->name : "-", d->record, "out of memory");
        j->n_errors++;
        publish(r);
        return;
    }
    memcpy(j->data, d->data, d->len);
    j->seq = r->read;
    j->doc = *d;
    j->doc.data = j->data;
    j->doc.name = j->name = dup_or_null(d->name);
    j->doc.url = j->url = dup_or_null(d->url ? d->url : r->url);
    j->doc.published = j->published = dup_or_null(d->published ? d->published : r->published);
    j->doc.content_type = j->content_type = dup_or_null(d->content_type);
    publish(r);
}

static void read_error(void *ud, const char *path, long record, const char *reason)
{
    run *r = ud;
    job *j = next_slot(r);
    j->read_error = true;
    format_error(&j->errors, path, record, reason);
    j->n_errors++;
    publish(r);
}

static void show_progress(run *r, bool final)
{
    if (!r->progress) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - r->last_progress.tv_sec) + (double)(now.tv_nsec - r->last_progress.tv_nsec) / 1e9;
    if (!final && dt < 0.25) return;
    r->last_progress = now;
    fprintf(stderr, "\rnewsgraph: %ld articles, %ld errors%s", r->records, r->errors, final ? "\n" : "");
}

static void flush_output(run *r)
{
    if (r->out.len && !write_all(STDOUT_FILENO, r->out.data, r->out.len)) r->write_failed = true;
    r->out.len = 0;
}

/* Appends one record to the output batch; a record larger than a batch
 * goes out alone, with its newline, in one writev(2). */
static void write_record(run *r, const char *json, size_t len)
{
    if (r->out.len + len + 1 > OUT_BATCH) flush_output(r);
    if (len + 1 <= OUT_BATCH) {
        out_put(&r->out, json, len);
        out_put(&r->out, "\n", 1);
        if (r->out.failed) { r->write_failed = true; r->out.failed = false; r->out.len = 0; }
        return;
    }
    struct iovec v[2] = {{(void *)json, len}, {(void *)"\n", 1}};
    size_t left = len + 1;
    while (left) {
        ssize_t w = writev(STDOUT_FILENO, v, 2);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { r->write_failed = true; return; }
        left -= (size_t)w;
        for (int k = 0; k < 2; k++) { /* what a short write left */
            size_t took = (size_t)w < v[k].iov_len ? (size_t)w : v[k].iov_len;
            v[k].iov_base = (char *)v[k].iov_base + took;
            v[k].iov_len -= took;
            w -= (ssize_t)took;
        }
    }
}

static bool claim_output(run *r, job *j)
{
    if (j->direct) return true;
    pthread_mutex_lock(&r->lock);
    if (!r->writing && j->seq == r->written) r->writing = j->direct = true;
    pthread_mutex_unlock(&r->lock);
    if (j->direct && j->records.len) { /* what it held before: out first, in order */
        if (r->out.len) flush_output(r);
        if (!write_all(STDOUT_FILENO, j->records.data, j->records.len)) r->write_failed = true;
        j->records.len = 0;
    }
    return j->direct;
}

/* Writes a finished job: its records to stdout (batched, whole lines), its
 * errors to stderr. */
static void write_job(run *r, job *j)
{
    if (j->errors.len) {
        flush_output(r); /* errors after the records before them */
        if (r->progress) fputc('\r', stderr);
        fwrite(j->errors.data, 1, j->errors.len, stderr);
    }
    if (j->records.failed || j->errors.failed) {
        fprintf(stderr, "newsgraph: %s: out of memory holding the output\n", j->name ? j->name : "-");
        r->errors++;
    }
    if (r->out.len + j->records.len > OUT_BATCH) flush_output(r);
    if (j->records.len > OUT_BATCH) {
        if (!write_all(STDOUT_FILENO, j->records.data, j->records.len)) r->write_failed = true;
    } else {
        out_put(&r->out, j->records.data, j->records.len);
        if (r->out.failed) { r->write_failed = true; r->out.failed = false; r->out.len = 0; }
    }
    r->records += j->n_records;
    r->errors += j->n_errors;
    show_progress(r, false);
}

/* The jobs from the next to write on that are done. */
static unsigned long done_in_order(const run *r)
{
    unsigned long k = r->written;
    while (k < r->read && r->jobs[k % r->cap].done) k++;
    return k - r->written;
}

/* Writes out the jobs done in order, in batches, from the extractor that
 * finished the next one (so no thread wakes up just to write). One writes
 * at a time; it looks again after each batch for jobs done meanwhile.
 * Called and returns with the lock held. */
static void write_done_jobs(run *r)
{
    r->writing = true;
    unsigned long batch;
    while ((batch = done_in_order(r)) > 0) {
        unsigned long first = r->written;
        pthread_mutex_unlock(&r->lock);
        for (unsigned long k = first; k < first + batch; k++) {
            write_job(r, &r->jobs[k % r->cap]);
            job_clear(&r->jobs[k % r->cap]);
        }
        pthread_mutex_lock(&r->lock);
        r->written += batch;
        /* The reader refills half the queue at a time: one wake-up, not one
         * per document. */
        if (r->reader_waiting && r->cap - (r->read - r->written) >= (r->cap + 1) / 2) pthread_cond_signal(&r->slot_free);
    }
    r->writing = false;
    if (r->reading_done && r->written == r->read) pthread_cond_signal(&r->all_written);
}

typedef struct worker {
    run *r;
    extractor x;
    pthread_t thread;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    run *r = w->r;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (r->taken == r->read && !r->reading_done) pthread_cond_wait(&r->job_ready, &r->lock);
        if (r->taken == r->read) break;
        job *j = &r->jobs[r->taken++ % r->cap];
        pthread_mutex_unlock(&r->lock);
        run_job(&w->x, j);
        pthread_mutex_lock(&r->lock);
        j->done = true;
        if (j->direct) r->writing = false; /* it held the output; now written like any other */
        if (!r->writing) write_done_jobs(r);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* The main thread reads (the extractors write); then it waits for the end. */
static void read_all(run *r)
{
    ng_document_sink sink = {read_document, read_error, r};
    for (int i = 0; i < r->npaths; i++) ng_read_path(r->reader, r->paths[i], &sink);
    pthread_mutex_lock(&r->lock);
    r->reading_done = true;
    pthread_cond_broadcast(&r->job_ready);
    while (r->written < r->read) pthread_cond_wait(&r->all_written, &r->lock);
    pthread_mutex_unlock(&r->lock);
}

/* -j 1: the same jobs, one at a time, without threads. */
typedef struct serial {
    run *r;
    extractor x;
} serial;

/* The document is extracted while the reader's call lasts, so the job
 * borrows its bytes and strings instead of copying them. */
static void serial_document(void *ud, const ng_document *d)
{
    serial *s = ud;
    job *j = &s->r->jobs[0];
    j->doc = *d;
    if (!j->doc.url) j->doc.url = s->r->url;
    if (!j->doc.published) j->doc.published = s->r->published;
    run_job(&s->x, j);
    write_job(s->r, j);
    job_clear(j);
    s->r->written = s->r->read;
}

static void serial_error(void *ud, const char *path, long record, const char *reason)
{
    serial *s = ud;
    read_error(s->r, path, record, reason);
    write_job(s->r, &s->r->jobs[0]);
    job_clear(&s->r->jobs[0]);
    s->r->written = s->r->read;
}

static void print_timings(ng_pipeline **pipelines, int n)
{
    size_t ns = ng_stage_count();
    double total = 0;
    double *secs = calloc(ns + 2, sizeof *secs);
    if (!secs) return;
    for (size_t i = 0; i < ns + 2; i++) {
        for (int k = 0; k < n; k++) secs[i] += ng_pipeline_stage_seconds(pipelines[k], i);
        total += secs[i];
    }
    fprintf(stderr, "newsgraph: timings (seconds of thread time, %d thread%s)\n", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < ns + 2; i++) {
        const char *name = i < ns ? ng_stage_name(i) : i == ns ? "read+text" : "json";
        fprintf(stderr, "  %-10s %9.3f %5.1f%%\n", name, secs[i], total > 0 ? 100 * secs[i] / total : 0.0);
    }
    free(secs);
}

/* ---- arguments -------------------------------------------------------------- */

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-') return false;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k') mul = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm') mul = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g') mul = 1ULL << 30, end++;
    if (*end || v == 0 || v > SIZE_MAX / mul) return false;
    *out = (size_t)(v * mul);
    return true;
}

static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* "entities,quotes" to a stage mask; false names the bad stage in *bad. */
static bool parse_stages(const char *list, uint32_t *mask, char *bad, size_t bad_size)
{
    *mask = 0;
    const char *p = list;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        int i = ng_stage_find(p, n);
        if (i < 0) { snprintf(bad, bad_size, "%.*s", (int)n, p); return false; }
        *mask |= 1u << i;
        p += n + (comma ? 1 : 0);
    }
    return true;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int cmd_extract(int argc, char **argv, const char *argv0)
{
    ng_options opt;
    ng_options_init(&opt);
    cli_resource_choice rc = {0};
    bool quiet = false;
    int jobs = default_jobs();
    run r;
    memset(&r, 0, sizeof r);
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths) return EXIT_SOME_FAILED;
    int npaths = 0, status = -1;
    bool syntax = false;
    for (int i = 0; i < argc && status < 0; i++) {
        const char *a = argv[i], *val = NULL;
        int took;
        char bad[128];
        if ((took = cli_option_value(argc, argv, &i, "--published", &val))) {
            if (took < 0 || !valid_date(val)) status = cli_usage_error("extract", "--published wants YYYY-MM-DD, not '%s'", took < 0 ? "" : val);
            else r.published = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--gazetteer", &val))) {
            if (took < 0) status = cli_usage_error("extract", "%s needs a value", a);
            else rc.gazetteer = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--url", &val))) {
            if (took < 0) status = cli_usage_error("extract", "%s needs a value", a);
            else r.url = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--max-size", &val))) {
            if (took < 0 || !parse_size(val, &opt.max_input_bytes)) status = cli_usage_error("extract", "bad --max-size '%s'", took < 0 ? "" : val);
        } else if ((took = cli_option_value(argc, argv, &i, "--format", &val))) {
            if (took < 0) status = cli_usage_error("extract", "%s needs a value", a);
            else if (!strcmp(val, "html")) opt.format = NG_FORMAT_HTML;
            else if (!strcmp(val, "text")) opt.format = NG_FORMAT_TEXT;
            else if (!strcmp(val, "warc")) opt.format = NG_FORMAT_WARC;
            else if (!strcmp(val, "jsonl")) opt.format = NG_FORMAT_JSONL;
            else status = cli_usage_error("extract", "unknown --format '%s' (html, text, warc, jsonl)", val);
        } else if ((took = cli_option_value(argc, argv, &i, "--models", &val))) {
            if (took < 0) status = cli_usage_error("extract", "%s needs a value", a);
            else rc.models = val;
        } else if ((took = cli_option_value(argc, argv, &i, "--stages", &val))) {
            if (took < 0) status = cli_usage_error("extract", "%s needs a value", a);
            else if (!parse_stages(val, &opt.stages, bad, sizeof bad))
                status = cli_usage_error("extract", "unknown stage '%s' in --stages", bad);
        } else if ((took = cli_option_value(argc, argv, &i, "--jobs", &val)) ||
                   (took = cli_option_value(argc, argv, &i, "-j", &val)) || (!strncmp(a, "-j", 2) && a[2])) {
            const char *number = took > 0 ? val : took < 0 ? "" : a + 2; /* "-j N", "-j" alone, "-jN" */
            char *end;
            long n = strtol(number, &end, 10);
            if (end == number || *end || n < 1 || n > MAX_JOBS / JOBS_PER_THREAD)
                status = cli_usage_error("extract", "-j wants a number of threads from 1 to %d", MAX_JOBS / JOBS_PER_THREAD);
            else jobs = (int)n;
        } else if (!strcmp(a, "--no-ner")) {
            rc.no_ner = true;
        } else if (!strcmp(a, "--tokens")) {
            opt.emit_tokens = true;
        } else if (!strcmp(a, "--syntax")) {
            syntax = true;
        } else if (!strcmp(a, "--timings")) {
            opt.timings = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            print_usage();
            status = EXIT_OK;
        } else if (!strcmp(a, "--")) {
            while (++i < argc) paths[npaths++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            status = cli_usage_error("extract", "unknown option '%s'", a);
        } else {
            paths[npaths++] = argv[i];
        }
    }
    if (status < 0 && r.url && npaths > 1) status = cli_usage_error("extract", "%s", "--url applies to a single input");
    if (status >= 0) { free(paths); return status; }
    if (npaths == 0) paths[npaths++] = "-";
    /* The syntax lives on the tokens, so --syntax writes them too. */
    if (syntax) opt.stages |= 1u << ng_stage_find("syntax", 6), opt.emit_tokens = true;
    if (rc.no_ner && rc.models) rc.models = NULL;

    ng_resources *res = cli_open_resources(argv0, &rc, true, quiet);
    if (!res) { free(paths); return EXIT_USAGE; }
    if (syntax && !ng_resources_has_parser(res) && !quiet)
        fprintf(stderr, "newsgraph: warning: --syntax without the models pos.bin and parse.bin%s; "
                        "tokens get no syntax\n", rc.no_ner ? " (--no-ner loads no model)" : "");
    r.progress = !quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &r.last_progress);
    r.paths = paths;
    r.npaths = npaths;
    r.cap = jobs == 1 ? 1 : (size_t)jobs * JOBS_PER_THREAD;
    r.jobs = calloc(r.cap, sizeof *r.jobs);
    worker *workers = calloc((size_t)jobs, sizeof *workers);
    ng_pipeline **pipelines = calloc((size_t)jobs, sizeof *pipelines);
    ng_options reader_opt = opt;
    reader_opt.timings = false;
    r.reader = ng_pipeline_new(&reader_opt, NULL);
    bool ok = r.jobs && workers && pipelines && r.reader;
    for (int k = 0; ok && k < jobs; k++) {
        workers[k].r = &r;
        workers[k].x.queue = &r;
        workers[k].x.pipeline = pipelines[k] = ng_pipeline_new(&opt, res);
        ok = pipelines[k] != NULL;
    }
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.slot_free, NULL);
    pthread_cond_init(&r.job_ready, NULL);
    pthread_cond_init(&r.all_written, NULL);
    /* Workers first: when no thread can start at all, run serially. */
    int started = 0;
    for (; ok && jobs > 1 && started < jobs; started++)
        if (pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) != 0) break;
    if (ok && started > 0) {
        read_all(&r);
    } else if (ok) {
        /* -j 1 (or no thread could start): the reader's callbacks do the work. */
        serial s = {&r, workers[0].x};
        s.x.direct = &r;
        s.x.queue = NULL;
        ng_document_sink sink = {serial_document, serial_error, &s};
        r.cap = 1;
        for (int i = 0; i < npaths; i++) ng_read_path(r.reader, paths[i], &sink);
    }
    for (int k = 0; k < started; k++) pthread_join(workers[k].thread, NULL);
    pthread_cond_destroy(&r.slot_free);
    pthread_cond_destroy(&r.job_ready);
    pthread_cond_destroy(&r.all_written);
    pthread_mutex_destroy(&r.lock);
    if (!ok) { fprintf(stderr, "newsgraph: out of memory or no threads\n"); r.errors++; }
    flush_output(&r);
    show_progress(&r, true);
    if (opt.timings && ok) print_timings(pipelines, jobs);
    for (int k = 0; k < jobs && pipelines; k++) ng_pipeline_free(pipelines[k]);
    ng_pipeline_free(r.reader);
    ng_resources_free(res);
    for (size_t k = 0; r.jobs && k < r.cap; k++) job_free(&r.jobs[k]);
    free(r.jobs), free(r.out.data), free(workers), free(pipelines), free(paths);
    if (r.write_failed) {
        fprintf(stderr, "newsgraph: writing standard output: %s\n", strerror(errno ? errno : EIO));
        return EXIT_SOME_FAILED;
    }
    return r.errors ? EXIT_SOME_FAILED : EXIT_OK;
}
