/*
 * newsgraph: the command-line client of libnewsgraph.
 *
 * A thin shell over the library: it parses arguments, hands each path to
 * ng_process_path(), writes each record as a JSON line to stdout and each
 * error as "newsgraph: PATH[:record N]: reason" to stderr. Exit status:
 * 0 when every input went through, 1 when some failed, 2 for usage errors.
 */
#include "newsgraph.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: newsgraph extract [options] [FILE|DIR ...]\n"
    "       newsgraph --help | --version\n"
    "\n"
    "Reads news articles and writes one JSON record per article (JSON Lines,\n"
    "schema " NG_SCHEMA ") to standard output. With no FILE, or FILE '-', reads\n"
    "standard input. Directories are read recursively in sorted order.\n"
    "Formats are detected per input: HTML, plain text, WARC (.warc, .warc.gz),\n"
    "JSON Lines ({\"url\", \"html\"|\"text\", \"published\"} per line); gzip and\n"
    "zstd are decompressed transparently.\n"
    "\n"
    "options:\n"
    "  --published YYYY-MM-DD  publication date for inputs that carry none\n"
    "  --url URL               the URL of a single input\n"
    "  --format FORMAT         read every input as html, text, warc or jsonl\n"
    "  --max-size BYTES        limit per input after decompression (suffix K, M, G;\n"
    "                          default 64M)\n"
    "  --gazetteer PATH        place gazetteer (default: $NEWSGRAPH_GAZETTEER, else\n"
    "                          the built-in path); '' turns places off\n"
    "  --tokens                include the tokens in each record\n"
    "  --quiet                 no progress line\n"
    "  -h, --help              this help\n"
    "  --version               print the version\n"
    "\n"
    "Errors go to standard error as 'newsgraph: PATH[:record N]: reason'; the run\n"
    "goes on with the next input. Exit status: 0 all inputs read, 1 some failed,\n"
    "2 usage error.\n";

typedef struct cli_state {
    ng_pipeline *pipeline;
    long records, errors;
    bool progress;
    struct timespec last;
    bool write_failed;
} cli_state;

static void show_progress(cli_state *s, bool final)
{
    if (!s->progress) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - s->last.tv_sec) + (double)(now.tv_nsec - s->last.tv_nsec) / 1e9;
    if (!final && dt < 0.25) return;
    s->last = now;
    fprintf(stderr, "\rnewsgraph: %ld articles, %ld errors%s", s->records, s->errors, final ? "\n" : "");
}

static void on_record(void *ud, const ng_record *r)
{
    cli_state *s = ud;
    size_t len;
    const char *json = ng_record_to_json(s->pipeline, r, &len);
    if (!json) {
        fprintf(stderr, "newsgraph: %s: out of memory writing the record\n", r->source.path.ptr);
        s->errors++;
        return;
    }
    if (fwrite(json, 1, len, stdout) != len || fputc('\n', stdout) == EOF) s->write_failed = true;
    s->records++;
    show_progress(s, false);
}

static void on_error(void *ud, const char *path, long record, const char *reason)
{
    cli_state *s = ud;
    if (s->progress) fputc('\r', stderr);
    if (record > 0) fprintf(stderr, "newsgraph: %s:record %ld: %s\n", path, record, reason);
    else fprintf(stderr, "newsgraph: %s: %s\n", path, reason);
    s->errors++;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s) return false;
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

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "newsgraph: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'newsgraph --help'.\n");
    return 2;
}

/* Matches "--name VALUE" (advancing *i) or "--name=VALUE". Returns 1 and
 * sets *val on a match, -1 when the value is missing, 0 for another
 * argument. */
static int option_value(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') { *val = a + n + 1; return 1; }
    if (a[n] != '\0') return 0;
    if (*i + 1 >= argc) return -1;
    *val = argv[++*i];
    return 1;
}

static int cmd_extract(int argc, char **argv)
{
    ng_options opt;
    ng_options_init(&opt);
    bool quiet = false;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    if (!paths) return 1;
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        int took;
        if ((took = option_value(argc, argv, &i, "--published", &val))) {
            if (took < 0) { rc = usage_error("%s needs a value", a); break; }
            if (!valid_date(val)) { rc = usage_error("--published wants YYYY-MM-DD, not '%s'", val); break; }
            opt.published = val;
        } else if ((took = option_value(argc, argv, &i, "--gazetteer", &val))) {
            if (took < 0) break;
            opt.gazetteer = val;
        } else if ((took = option_value(argc, argv, &i, "--url", &val))) {
            if (took < 0) { rc = usage_error("%s needs a value", a); break; }
            opt.url = val;
        } else if ((took = option_value(argc, argv, &i, "--max-size", &val))) {
            if (took < 0) { rc = usage_error("%s needs a value", a); break; }
            if (!parse_size(val, &opt.max_input_bytes)) { rc = usage_error("bad --max-size '%s'", val); break; }
        } else if ((took = option_value(argc, argv, &i, "--format", &val))) {
            if (took < 0) { rc = usage_error("%s needs a value", a); break; }
            if (!strcmp(val, "html")) opt.format = NG_FORMAT_HTML;
            else if (!strcmp(val, "text")) opt.format = NG_FORMAT_TEXT;
            else if (!strcmp(val, "warc")) opt.format = NG_FORMAT_WARC;
            else if (!strcmp(val, "jsonl")) opt.format = NG_FORMAT_JSONL;
            else { rc = usage_error("unknown --format '%s' (html, text, warc, jsonl)", val); break; }
        } else if (!strcmp(a, "--tokens")) {
            opt.emit_tokens = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            free(paths);
            return 0;
        } else if (!strcmp(a, "--")) {
            while (++i < argc) paths[npaths++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error("unknown option '%s'", a);
            break;
        } else {
            paths[npaths++] = argv[i];
        }
    }
    if (!rc && opt.url && npaths > 1) rc = usage_error("%s", "--url applies to a single input");
    if (rc) { free(paths); return rc; }
    if (npaths == 0) paths[npaths++] = "-";

    cli_state st = {0};
    st.pipeline = ng_pipeline_new(&opt);
    if (!st.pipeline) { fprintf(stderr, "newsgraph: out of memory\n"); free(paths); return 1; }
    st.progress = !quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &st.last);
    ng_sink sink = {on_record, on_error, &st};
    int failures = 0;
    for (int i = 0; i < npaths; i++) failures += ng_process_path(st.pipeline, paths[i], &sink);
    show_progress(&st, true);
    ng_pipeline_free(st.pipeline);
    free(paths);
    if (fflush(stdout) != 0 || st.write_failed) {
        fprintf(stderr, "newsgraph: writing standard output: %s\n", strerror(errno));
        return 1;
    }
    return failures || st.errors ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fputs(usage, stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) { fputs(usage, stdout); return 0; }
    if (!strcmp(cmd, "--version")) { printf("newsgraph %s\n", NG_VERSION); return 0; }
    if (!strcmp(cmd, "extract")) return cmd_extract(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
