/*
 * newsgraph: the command-line client of libnewsgraph.
 *
 * A thin shell over the library: it parses arguments, hands each path to
 * ng_process_path(), writes each record as a JSON line to stdout and each
 * error as "newsgraph: PATH[:record N]: reason" to stderr. Exit status:
 * 0 when every input went through, 1 when some failed, 2 for usage errors.
 */
#include "newsgraph.h"
#include "tagger.h" /* tag and train use the library's internal tagger API */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: newsgraph extract [options] [FILE|DIR ...]\n"
    "       newsgraph tag --conll [--models DIR] [--timing] < FILE.conll\n"
    "       newsgraph train --train FILE --out MODEL [--dev FILE] [--geonames DIR]\n"
    "                       [--lexicons DIR] [--epochs N] [--seed N] [--hash-bits N]\n"
    "                       [--ensemble N] [--two-pass] [--gmb FILE.csv.gz]\n"
    "                       [--clusters FILE.tsv]\n"
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
    "                          <dir of this program>/../share/newsgraph/\n"
    "                          gazetteer.bin when installed, else the source\n"
    "                          tree's data/gazetteer.bin); '' turns places off\n"
    "  --tokens                include the tokens in each record\n"
    "  --models DIR            directory of the NER model ner.bin (default:\n"
    "                          <dir of this program>/models, then\n"
    "                          <dir of this program>/../share/newsgraph)\n"
    "  --no-ner                do not load the NER model: no tagger mentions\n"
    "                          (entities come only from the byline)\n"
    "  --quiet                 no progress line\n"
    "  -h, --help              this help\n"
    "  --version               print the version\n"
    "\n"
    "tag --conll reads CoNLL-2003 columns on standard input and writes each line\n"
    "with the predicted tag (IOB1: PER, ORG, LOC, MISC) appended; blank and\n"
    "-DOCSTART- lines are kept, documents split at -DOCSTART-. train builds the\n"
    "NER model (what 'make train' runs); see models/MODEL.md.\n"
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

/* The default model directory: the first of the two defaults that has a
 * ner.bin, else the first (so the warning names where it was looked for). */
static void default_model_dir(const char *exe, char *dir, size_t size, char *other, size_t other_size)
{
    char dirs[2][4096], path[4200];
    ng_default_model_dirs(exe, dirs[0], dirs[1], sizeof dirs[0]);
    int pick = 0;
    snprintf(path, sizeof path, "%s/ner.bin", dirs[0]);
    if (access(path, F_OK) != 0) {
        snprintf(path, sizeof path, "%s/ner.bin", dirs[1]);
        if (access(path, F_OK) == 0) pick = 1;
    }
    snprintf(dir, size, "%.4000s", pick ? dirs[1] : dirs[0]);
    snprintf(other, other_size, "%.4000s", dirs[1]);
}

/* ---- tag --conll / train ----------------------------------------------------- */

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); return NULL; }
            buf = nb, cap *= 2;
        }
    }
    if (ferror(f)) { free(buf); return NULL; }
    *len = n;
    return buf;
}

/* Tags the CoNLL text data[0..len) (one document, or a few without
 * -DOCSTART- lines between them) and writes it with the tags appended. */
static int tag_conll_chunk(const ng_tagger *t, ng_arena *a, const char *data, size_t len, ng_buf *out,
                           size_t *n_words, size_t *n_docs)
{
    ng_arena_reset(a);
    ng_conll_corpus c;
    if (!ng_conll_parse(a, data, len, &c)) { fprintf(stderr, "newsgraph: out of memory\n"); return 1; }
    for (size_t d = 0; d < c.n_docs; d++) {
        const ng_conll_doc *cd = &c.docs[d];
        uint8_t *labels = ng_alloc(a, cd->n_words + 1);
        ng_tag_doc doc = {cd->words, cd->n_words, cd->sent_start, cd->n_sent};
        if (!labels || !ng_tagger_tag(t, a, &doc, labels)) { fprintf(stderr, "newsgraph: out of memory\n"); return 1; }
        ng_buf_clear(out);
        ng_conll_write(out, cd, labels);
        if (out->failed || fwrite(out->data, 1, out->len, stdout) != out->len) return 1;
    }
    *n_words += c.n_words;
    *n_docs += c.n_docs;
    return 0;
}

static int cmd_tag(int argc, char **argv, const char *exe)
{
    const char *models = NULL;
    bool conll = false, timing = false;
    for (int i = 0; i < argc; i++) {
        const char *val = NULL;
        int took;
        if ((took = option_value(argc, argv, &i, "--models", &val))) {
            if (took < 0) return usage_error("%s needs a value", "--models");
            models = val;
        } else if (!strcmp(argv[i], "--conll")) {
            conll = true;
        } else if (!strcmp(argv[i], "--timing")) {
            timing = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 0;
        } else {
            return usage_error("unknown option '%s'", argv[i]);
        }
    }
    if (!conll) return usage_error("%s", "tag needs --conll (the only input format for now)");
    char path[8400], err[512];
    ng_tagger *t = NULL;
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (models) {
        snprintf(path, sizeof path, "%s/ner.bin", models);
        t = ng_tagger_open(path, err, sizeof err);
    } else {
        char dir[4096], other[4096];
        default_model_dir(exe, dir, sizeof dir, other, sizeof other);
        snprintf(path, sizeof path, "%s/ner.bin", dir);
        t = ng_tagger_open(path, err, sizeof err);
    }
    if (!t) { fprintf(stderr, "newsgraph: NER model: %s\n", err); return 2; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    /* Streams one document at a time (a document runs from a -DOCSTART-
     * line to the next), so memory follows the largest document, not the
     * input. */
    ng_arena doc_arena;
    ng_arena_init(&doc_arena, 0);
    ng_buf doc = {0}, out = {0};
    size_t n_words = 0, n_docs = 0;
    int rc = 0;
    char *line = NULL;
    size_t line_cap = 0;
    for (;;) {
        ssize_t got = getline(&line, &line_cap, stdin);
        bool starts_doc = got >= 10 && !memcmp(line, "-DOCSTART-", 10);
        if ((got < 0 || starts_doc) && doc.len) {
            rc = tag_conll_chunk(t, &doc_arena, doc.data, doc.len, &out, &n_words, &n_docs);
            ng_buf_clear(&doc);
            if (rc) break;
        }
        if (got < 0) break;
        ng_buf_put(&doc, line, (size_t)got);
        if (doc.failed) { fprintf(stderr, "newsgraph: out of memory\n"); rc = 1; break; }
    }
    if (!rc && ferror(stdin)) { fprintf(stderr, "newsgraph: reading standard input failed\n"); rc = 1; }
    if (fflush(stdout) != 0) { fprintf(stderr, "newsgraph: writing standard output: %s\n", strerror(errno)); rc = 1; }
    if (timing && !rc) {
        struct timespec t3;
        clock_gettime(CLOCK_MONOTONIC, &t3);
        double load = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        double secs = (double)(t3.tv_sec - t2.tv_sec) + (double)(t3.tv_nsec - t2.tv_nsec) / 1e9;
        fprintf(stderr, "TIMING {\"load_secs\":%.6f,\"secs\":%.6f,\"tokens\":%zu,\"docs\":%zu,\"tokens_per_sec\":%.0f,\"model_bytes\":%zu}\n",
                load, secs, n_words, n_docs, secs > 0 ? (double)n_words / secs : 0.0, ng_tagger_size(t));
    }
    free(line);
    ng_buf_free(&doc);
    ng_buf_free(&out);
    ng_arena_free(&doc_arena);
    ng_tagger_close(t);
    return rc;
}

static bool load_corpus(ng_arena *a, const char *path, ng_conll_corpus *c, char **keep)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "newsgraph: %s: %s\n", path, strerror(errno)); return false; }
    size_t len = 0;
    *keep = read_all(f, &len);
    fclose(f);
    if (!*keep) { fprintf(stderr, "newsgraph: %s: read failed\n", path); return false; }
    if (!ng_conll_parse(a, *keep, len, c)) { fprintf(stderr, "newsgraph: %s: out of memory\n", path); return false; }
    return true;
}

static int cmd_train(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *out = NULL;
    ng_train_options o;
    memset(&o, 0, sizeof o);
    for (int i = 0; i < argc; i++) {
        const char *val = NULL;
        int took = 0;
        const char *a = argv[i];
        if ((took = option_value(argc, argv, &i, "--train", &val)) > 0) train = val;
        else if (!took && (took = option_value(argc, argv, &i, "--dev", &val)) > 0) dev = val;
        else if (!took && (took = option_value(argc, argv, &i, "--out", &val)) > 0) out = val;
        else if (!took && (took = option_value(argc, argv, &i, "--geonames", &val)) > 0) o.geonames_dir = val;
        else if (!took && (took = option_value(argc, argv, &i, "--lexicons", &val)) > 0) o.lexicon_dir = val;
        else if (!took && (took = option_value(argc, argv, &i, "--gmb", &val)) > 0) o.gmb_path = val;
        else if (!took && (took = option_value(argc, argv, &i, "--clusters", &val)) > 0) o.clusters_path = val;
        else if (!took && (took = option_value(argc, argv, &i, "--epochs", &val)) > 0) o.max_epochs = atoi(val);
        else if (!took && (took = option_value(argc, argv, &i, "--seed", &val)) > 0) o.seed = (uint32_t)strtoul(val, NULL, 10);
        else if (!took && (took = option_value(argc, argv, &i, "--hash-bits", &val)) > 0) o.hash_bits = atoi(val);
        else if (!took && (took = option_value(argc, argv, &i, "--ensemble", &val)) > 0) o.ensemble = atoi(val);
        else if (!took && !strcmp(a, "--quiet")) o.quiet = true;
        else if (!took && !strcmp(a, "--two-pass")) o.two_pass = true;
        else if (!took && (!strcmp(a, "-h") || !strcmp(a, "--help"))) { fputs(usage, stdout); return 0; }
        else if (took < 0) return usage_error("%s needs a value", a);
        else return usage_error("unknown option '%s'", a);
    }
    if (!train || !out) return usage_error("%s", "train needs --train FILE and --out FILE");
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus tc, dc;
    char *tbuf = NULL, *dbuf = NULL;
    int rc = 0;
    if (!load_corpus(&a, train, &tc, &tbuf) || (dev && !load_corpus(&a, dev, &dc, &dbuf))) rc = 1;
    char err[512];
    if (!rc && !ng_train(&tc, dev ? &dc : NULL, &o, out, err, sizeof err)) {
        fprintf(stderr, "newsgraph: train: %s\n", err);
        rc = 1;
    }
    free(tbuf);
    free(dbuf);
    ng_arena_free(&a);
    return rc;
}

static int cmd_extract(int argc, char **argv, const char *exe)
{
    ng_options opt;
    ng_options_init(&opt);
    bool quiet = false, explicit_models = false, no_ner = false;
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
            if (took < 0) { rc = usage_error("%s needs a value", a); break; }
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
        } else if ((took = option_value(argc, argv, &i, "--models", &val))) {
            if (took < 0) { rc = usage_error("%s needs a value", a); break; }
            opt.model_dir = val;
            explicit_models = true;
        } else if (!strcmp(a, "--no-ner")) {
            no_ner = true;
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

    char model_dir[4096], other_dir[4096];
    if (no_ner) {
        opt.model_dir = NULL;
    } else if (!opt.model_dir) {
        default_model_dir(exe, model_dir, sizeof model_dir, other_dir, sizeof other_dir);
        opt.model_dir = model_dir;
    }
    /* An installed program finds the gazetteer make install put beside its
     * model; the library's compiled-in default is the source tree's copy,
     * which an installed program may outlive. */
    char gazetteer[4200];
    if (!opt.gazetteer && !getenv("NEWSGRAPH_GAZETTEER")) {
        char dirs[2][4096];
        ng_default_model_dirs(exe, dirs[0], dirs[1], sizeof dirs[0]);
        snprintf(gazetteer, sizeof gazetteer, "%s/gazetteer.bin", dirs[1]);
        if (access(gazetteer, R_OK) == 0) opt.gazetteer = gazetteer;
    }
    cli_state st = {0};
    st.pipeline = ng_pipeline_new(&opt);
    if (!st.pipeline) { fprintf(stderr, "newsgraph: out of memory\n"); free(paths); return 1; }
    const char *model_err = ng_pipeline_model_error(st.pipeline);
    if (no_ner) model_err = NULL;
    if (model_err && explicit_models) {
        fprintf(stderr, "newsgraph: NER model: %s\n", model_err);
        ng_pipeline_free(st.pipeline);
        free(paths);
        return 2;
    }
    if (model_err)
        fprintf(stderr, "newsgraph: warning: NER model not loaded (%s; also looked in %s); records will have no entities\n",
                model_err, other_dir);
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
    if (!strcmp(cmd, "extract")) return cmd_extract(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "tag")) return cmd_tag(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "train")) return cmd_train(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
