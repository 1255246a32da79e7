/*
 * query.c: `newsgraph query` and `newsgraph export`, read-only clients of
 * the store. Formatting the rows (JSON Lines, CSV, an aligned table) is
 * the CLI's; selecting them is the store's.
 */
#include "cli.h"
#include "newsgraph_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char query_usage[] =
    "usage: newsgraph query [--db PATH] [KIND] [filters] [--format jsonl|csv|table]\n"
    "\n"
    "Rows of a newsgraph store (docs/store.md). KIND is articles (default),\n"
    "entities (one row per global entity), mentions, quotes, counts, dates,\n"
    "places or events. Every row carries its article id and span (start, end:\n"
    "code points of the article's text). The views that `serve` uses are\n"
    "kinds too: article, entity, aliases, geo, clusters, timeline, graph,\n"
    "evidence, quotes_about, mention_days, sources\n"
    "(docs/store.md).\n"
    "\n"
    "filters (all must hold):\n"
    "  --text QUERY            full-text search over title and text (FTS5 syntax)\n"
    "  --entity NAME           articles naming this entity, by any of its names\n"
    "  --place NAME            articles naming this place\n"
    "  --near LAT,LON,KM       articles naming a place within KM of LAT,LON\n"
    "  --since, --until DATE   published (events: event date) from/to YYYY-MM-DD\n"
    "  --event-type TYPE       PLOVER event type\n"
    "  --outlet NAME           the outlet (\"CNN\")\n"
    "  --duplicates            include near-duplicate articles (left out by default)\n"
    "  --limit N               at most N rows (default 1000; 0: all)\n"
    "\n"
    "options:\n"
    "  --db PATH               the database (default ./newsgraph.db)\n"
    "  --format F              jsonl, csv or table (default: table on a terminal,\n"
    "                          else jsonl)\n"
    "  --busy-timeout MS       wait for a locked database (default 5000)\n"
    "Exit status: 0 ok, 1 the query failed, 2 usage error or no database.\n";

static const char export_usage[] =
    "usage: newsgraph export [--db PATH] --format FORMAT [--since DATE] [--until DATE]\n"
    "\n"
    "Writes the store to standard output (docs/store.md, \"Exports\"):\n"
    "  gdelt-events   GDELT Event 2.0: 61 tab-separated columns, one event cluster a row\n"
    "  gdelt-gkg      GDELT GKG 2.1: 27 tab-separated columns, one article a row\n"
    "  acled          ACLED's columns (CSV with a header), one event cluster a row\n"
    "  jsonl          one article with its facts a line\n"
    "  csv            one fact a row (kind, article, start, end, text, ...)\n"
    "Near-duplicate articles are left out. --since/--until bound the publication date.\n";

typedef enum { OUT_JSONL, OUT_CSV, OUT_TABLE } out_format;

typedef struct printer {
    out_format format;
    bool header_done;
    /* table: rows held to align the columns */
    char **cells;
    size_t n_cells, cap_cells, ncol;
    size_t *width;
} printer;

static void json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p == '\t') fputs("\\t", stdout);
        else if (*p == '\r') fputs("\\r", stdout);
        else if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
    putchar('"');
}

static void csv_field(const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) { fputs(s, stdout); return; }
    putchar('"');
    for (const char *p = s; *p; p++) {
        if (*p == '"') putchar('"');
        putchar(*p);
    }
    putchar('"');
}

/* One table cell: the value on one line, cut to 60 bytes (at a UTF-8
 * boundary). */
static char *cell(const char *v)
{
    if (!v) return strdup("");
    size_t n = strlen(v), max = 60;
    if (n > max) { n = max; while (n && ((unsigned char)v[n] & 0xC0) == 0x80) n--; }
    char *c = malloc(n + 4);
    if (!c) return NULL;
    memcpy(c, v, n);
    for (size_t i = 0; i < n; i++) if (c[i] == '\n' || c[i] == '\t') c[i] = ' ';
    strcpy(c + n, strlen(v) > n ? "..." : "");
    return c;
}

/* Display width: code points (good enough for aligned Latin text). */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static int on_row(void *ud, const ng_store_row *r)
{
    printer *p = ud;
    if (p->format == OUT_JSONL) {
        putchar('{');
        for (size_t i = 0; i < r->n; i++) {
            if (i) fputs(", ", stdout);
            json_string(r->names[i]);
            fputs(": ", stdout);
            if (!r->values[i]) fputs("null", stdout);
            else if (r->numeric[i]) fputs(r->values[i], stdout);
            else json_string(r->values[i]);
        }
        fputs("}\n", stdout);
    } else if (p->format == OUT_CSV) {
        if (!p->header_done) {
            for (size_t i = 0; i < r->n; i++) { if (i) putchar(','); csv_field(r->names[i]); }
            putchar('\n');
            p->header_done = true;
        }
        for (size_t i = 0; i < r->n; i++) { if (i) putchar(','); csv_field(r->values[i]); }
        putchar('\n');
    } else {
        if (!p->ncol) {
            p->ncol = r->n;
            p->width = calloc(r->n, sizeof *p->width);
            if (!p->width) return 1;
            for (size_t i = 0; i < r->n; i++) {
                if (!cli_grow((void **)&p->cells, &p->cap_cells, p->n_cells + 1, sizeof *p->cells)) return 1;
                p->cells[p->n_cells++] = strdup(r->names[i]);
            }
        }
        for (size_t i = 0; i < r->n; i++) {
            if (!cli_grow((void **)&p->cells, &p->cap_cells, p->n_cells + 1, sizeof *p->cells)) return 1;
            p->cells[p->n_cells++] = cell(r->values[i]);
        }
    }
    return 0;
}

static void print_table(printer *p)
{
    for (size_t k = 0; k < p->n_cells; k++) {
        size_t w = p->cells[k] ? width_of(p->cells[k]) : 0;
        if (w > p->width[k % p->ncol]) p->width[k % p->ncol] = w;
    }
    for (size_t k = 0; k < p->n_cells; k++) {
        size_t c = k % p->ncol;
        const char *s = p->cells[k] ? p->cells[k] : "";
        fputs(s, stdout);
        if (c + 1 == p->ncol) putchar('\n');
        else for (size_t pad = width_of(s); pad < p->width[c] + 2; pad++) putchar(' ');
    }
    for (size_t k = 0; k < p->n_cells; k++) free(p->cells[k]);
    free(p->cells), free(p->width);
}

static bool parse_near(const char *v, ng_store_query *q)
{
    char *end;
    q->near_lat = strtod(v, &end);
    if (*end != ',') return false;
    q->near_lon = strtod(end + 1, &end);
    if (*end != ',') return false;
    q->near_km = strtod(end + 1, &end);
    return *end == 0 && (q->near = true);
}

static ng_store *open_read_only(const char *db, int busy_ms)
{
    ng_store_options so;
    ng_store_options_init(&so);
    so.read_only = true;
    so.busy_timeout_ms = busy_ms;
    char why[1024];
    ng_store *s = ng_store_open(db, &so, why, sizeof why);
    if (!s) fprintf(stderr, "newsgraph: %s\n", why);
    return s;
}

int cmd_query(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    ng_store_query q;
    ng_store_query_init(&q);
    const char *db = "newsgraph.db", *format = NULL;
    int busy = 5000;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        int took = 0;
        struct { const char *name; const char **to; } strs[] = {
            {"--db", &db}, {"--text", &q.text}, {"--entity", &q.entity}, {"--place", &q.place},
            {"--since", &q.since}, {"--until", &q.until}, {"--event-type", &q.event_type},
            {"--outlet", &q.outlet}, {"--format", &format}, {"--kind", &q.kind},
        };
        bool matched = false;
        for (size_t k = 0; k < sizeof strs / sizeof *strs && !matched; k++) {
            if ((took = cli_option_value(argc, argv, &i, strs[k].name, &val))) {
                if (took < 0) return cli_usage_error("query", "%s needs a value", strs[k].name);
                *strs[k].to = val;
                matched = true;
            }
        }
        if (matched) continue;
        if ((took = cli_option_value(argc, argv, &i, "--near", &val))) {
            if (took < 0 || !parse_near(val, &q)) return cli_usage_error("query", "--near wants LAT,LON,KM");
        } else if ((took = cli_option_value(argc, argv, &i, "--limit", &val))) {
            char *end;
            q.limit = took < 0 ? -1 : strtol(val, &end, 10);
            if (took < 0 || *end || q.limit < 0) return cli_usage_error("query", "--limit wants a number");
        } else if ((took = cli_option_value(argc, argv, &i, "--busy-timeout", &val))) {
            if (took < 0) return cli_usage_error("query", "--busy-timeout wants milliseconds");
            busy = atoi(val);
        } else if (!strcmp(a, "--duplicates")) {
            q.duplicates = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(query_usage, stdout);
            return EXIT_OK;
        } else if (a[0] == '-') {
            return cli_usage_error("query", "unknown option '%s'", a);
        } else {
            q.kind = a;
        }
    }
    printer p = {0};
    if (!format) p.format = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_JSONL;
    else if (!strcmp(format, "jsonl")) p.format = OUT_JSONL;
    else if (!strcmp(format, "csv")) p.format = OUT_CSV;
    else if (!strcmp(format, "table")) p.format = OUT_TABLE;
    else return cli_usage_error("query", "unknown --format '%s' (jsonl, csv, table)", format);
    ng_store *s = open_read_only(db, busy);
    if (!s) return EXIT_USAGE;
    char why[1024];
    long n = ng_store_query_run(s, &q, on_row, &p, why, sizeof why);
    if (p.format == OUT_TABLE && p.ncol) print_table(&p);
    ng_store_close(s, NULL, 0);
    if (n < 0) { fprintf(stderr, "newsgraph: %s\n", why); return EXIT_SOME_FAILED; }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_SOME_FAILED;
}

int cmd_export(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    const char *db = "newsgraph.db", *format = NULL, *since = NULL, *until = NULL;
    for (int i = 0; i < argc; i++) {
        const char *val = NULL;
        int took;
        if ((took = cli_option_value(argc, argv, &i, "--db", &val))) db = val;
        else if ((took = cli_option_value(argc, argv, &i, "--format", &val))) format = val;
        else if ((took = cli_option_value(argc, argv, &i, "--since", &val))) since = val;
        else if ((took = cli_option_value(argc, argv, &i, "--until", &val))) until = val;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(export_usage, stdout); return EXIT_OK; }
        else return cli_usage_error("export", "unknown argument '%s'", argv[i]);
        if (took < 0) return cli_usage_error("export", "%s needs a value", argv[i]);
    }
    if (!format) return cli_usage_error("export", "--format is required (gdelt-events, gdelt-gkg, acled, jsonl, csv)");
    ng_store *s = open_read_only(db, 5000);
    if (!s) return EXIT_USAGE;
    char why[1024];
    long n = ng_store_export(s, format, since, until, stdout, why, sizeof why);
    ng_store_close(s, NULL, 0);
    if (n < 0) { fprintf(stderr, "newsgraph: %s\n", why); return EXIT_SOME_FAILED; }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_SOME_FAILED;
}
