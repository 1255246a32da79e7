/*
 * parse.c: `newsgraph parse --conllu`, the POS tagger and the dependency
 * parser over CoNLL-U, so that any CoNLL-U scorer (eval/pos.py,
 * eval/syntax.py, the CoNLL 2018 script) can check them.
 *
 * Streams one sentence at a time (up to a blank line). Token lines get
 * UPOS (column 4), XPOS (column 5), HEAD (7) and DEPREL (8) replaced by
 * the predictions (HEAD and DEPREL only when parse.bin is there), the
 * other columns kept byte for byte; comment lines, multiword token ranges
 * (3-4) and empty nodes (5.1) are echoed unchanged and are not words of
 * the sentence, as in the CoNLL 2018 definitions.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: newsgraph parse --conllu [--models DIR] [--timing] < FILE.conllu\n"
    "\n"
    "Reads CoNLL-U on standard input and writes it back with the predicted\n"
    "UPOS (column 4), Penn XPOS (column 5), HEAD (7) and UD DEPREL (8) of each\n"
    "word (HEAD and DEPREL when the parser model parse.bin is there); ID, FORM\n"
    "and MISC are read, the other columns, comment lines, multiword ranges\n"
    "(3-4) and empty nodes (5.1) are kept.\n"
    "\n"
    "options:\n"
    "  --conllu       the input format (the only one for now)\n"
    "  --models DIR   directory of the models pos.bin and parse.bin (default: <dir of this\n"
    "                 program>/models, then <dir>/../share/newsgraph)\n"
    "  --timing       print a TIMING line (JSON: wall and CPU seconds of tagging\n"
    "                 and parsing, tokens and sentences per second of each,\n"
    "                 seconds to load the models) to stderr\n"
    "  -h, --help     this help\n"
    "\n"
    "Exit status: 0 done, 1 reading or writing failed, 2 usage error or no model.\n";

/* A "sentence" longer than this is tagged in pieces, so that input
 * without blank lines cannot make the command hold all of it. */
#define MAX_SENTENCE_LINES 10000

typedef struct sentence {
    char **lines;       /* the sentence's lines, as read (malloc'ed each) */
    size_t n_lines, lines_cap;
    size_t *word_line;  /* line of each word */
    ng_str *words;      /* each word's FORM, pointing into its line */
    size_t n_words, words_cap, wl_cap;
    bool parse;         /* the parser model is there: HEAD and DEPREL too */
} sentence;

/* A word line: a first column of digits only (not a range or empty node)
 * and at least the FORM column. */
static bool word_form(const char *line, ng_str *form)
{
    const char *t = strchr(line, '\t');
    if (!t || t == line) return false;
    for (const char *c = line; c < t; c++)
        if (*c < '0' || *c > '9') return false;
    const char *f = t + 1, *e = f;
    while (*e && *e != '\t' && *e != '\n' && *e != '\r') e++;
    *form = (ng_str){f, (size_t)(e - f)};
    return true;
}

/* Writes `line` with columns 4 and 5 (and 7 and 8 when head is not NULL)
 * replaced, every other column as it was; a short line gets "_" columns up
 * to the last one replaced. */
static void write_tagged(const char *line, const char *upos, const char *xpos, const char *head, const char *dep)
{
    int last = head ? 8 : 5;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\n') len--;
    if (len && line[len - 1] == '\r') len--;
    const char *p = line, *end = line + len;
    for (int col = 1; col <= last || p <= end; col++) {
        const char *e = p;
        while (e < end && *e != '\t') e++;
        if (col > 1) fputc('\t', stdout);
        if (col == 4) fputs(upos, stdout);
        else if (col == 5) fputs(xpos, stdout);
        else if (col == 7 && head) fputs(head, stdout);
        else if (col == 8 && head) fputs(dep, stdout);
        else if (p <= end) fwrite(p, 1, (size_t)(e - p), stdout);
        else fputc('_', stdout);
        p = p <= end ? e + 1 : p;
    }
    fputc('\n', stdout);
}

static bool flush(ng_pipeline *p, sentence *s, size_t *n_tokens, size_t *n_sentences)
{
    bool ok = true;
    bool parse = s->parse;
    uint8_t *u = malloc(s->n_words + 1), *x = malloc(s->n_words + 1), *d = malloc(s->n_words + 1);
    uint32_t *h = malloc((s->n_words + 1) * sizeof *h);
    if (!u || !x || !d || !h) ok = false;
    if (ok && s->n_words)
        ok = parse ? ng_parse_words(p, s->words, s->n_words, u, x, h, d) : ng_pos_tag_words(p, s->words, s->n_words, u, x);
    size_t w = 0;
    for (size_t i = 0; ok && i < s->n_lines; i++) {
        if (w < s->n_words && s->word_line[w] == i) {
            char head[24];
            if (parse) snprintf(head, sizeof head, "%u", (unsigned)h[w]);
            write_tagged(s->lines[i], ng_upos_name(u[w]), ng_xpos_name(x[w]), parse ? head : NULL,
                         parse ? ng_dep_name(d[w]) : NULL);
            w++;
        } else {
            fputs(s->lines[i], stdout);
        }
    }
    *n_tokens += s->n_words;
    *n_sentences += s->n_words > 0;
    for (size_t i = 0; i < s->n_lines; i++) free(s->lines[i]);
    s->n_lines = s->n_words = 0;
    free(u), free(x), free(d), free(h);
    return ok;
}

/* This process's CPU time: on a shared machine, wall time measures the
 * other processes as much as this one. */
static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool add_line(sentence *s, const char *line, size_t n)
{
    char *copy = malloc(n + 1);
    if (!copy || !cli_grow((void **)&s->lines, &s->lines_cap, s->n_lines + 1, sizeof *s->lines)) { free(copy); return false; }
    memcpy(copy, line, n + 1);
    s->lines[s->n_lines] = copy;
    ng_str form;
    if (line[0] != '#' && word_form(copy, &form)) {
        if (!cli_grow((void **)&s->words, &s->words_cap, s->n_words + 1, sizeof *s->words) ||
            !cli_grow((void **)&s->word_line, &s->wl_cap, s->n_words + 1, sizeof *s->word_line))
            { free(copy); return false; }
        s->words[s->n_words] = form;
        s->word_line[s->n_words++] = s->n_lines;
    }
    s->n_lines++;
    return true;
}

int cmd_parse(int argc, char **argv, const char *argv0)
{
    cli_resource_choice rc = {0};
    bool timing = false;
    int status = cli_column_options("parse", "--conllu", usage, argc, argv, &rc, &timing);
    if (status >= 0) return status;
    struct timespec t_load;
    clock_gettime(CLOCK_MONOTONIC, &t_load);
    double cpu_load0 = cpu_seconds();
    ng_resources *res = cli_open_resources(argv0, &rc, false, true);
    double load_secs = cli_seconds_since(&t_load), load_cpu = cpu_seconds() - cpu_load0;
    if (res && !ng_resources_has_pos(res)) {
        fprintf(stderr, "newsgraph: parse: no POS model found (pos.bin; name its directory with --models DIR)\n");
        ng_resources_free(res);
        return EXIT_USAGE;
    }
    ng_pipeline *p = res ? ng_pipeline_new(NULL, res) : NULL;
    if (!p) { ng_resources_free(res); return res ? EXIT_SOME_FAILED : EXIT_USAGE; }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double cpu0 = cpu_seconds();
    sentence s;
    memset(&s, 0, sizeof s);
    s.parse = ng_resources_has_parser(res);
    status = EXIT_OK;
    size_t n_tokens = 0, n_sentences = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while (status == EXIT_OK && (got = getline(&line, &cap, stdin)) >= 0) {
        bool blank = got == 0 || line[0] == '\n' || (line[0] == '\r' && line[1] == '\n');
        if (!add_line(&s, line, (size_t)got)) { fprintf(stderr, "newsgraph: parse: out of memory\n"); status = EXIT_SOME_FAILED; }
        bool full = s.n_lines >= MAX_SENTENCE_LINES;
        if ((blank || full) && status == EXIT_OK && !flush(p, &s, &n_tokens, &n_sentences)) status = EXIT_SOME_FAILED;
    }
    if (status == EXIT_OK && !flush(p, &s, &n_tokens, &n_sentences)) status = EXIT_SOME_FAILED;
    if (ferror(stdin)) { fprintf(stderr, "newsgraph: parse: reading standard input failed\n"); status = EXIT_SOME_FAILED; }
    if (fflush(stdout) != 0) { fprintf(stderr, "newsgraph: parse: writing standard output: %s\n", strerror(errno)); status = EXIT_SOME_FAILED; }
    if (timing && status == EXIT_OK) {
        double secs = cli_seconds_since(&t0), cpu = cpu_seconds() - cpu0;
        fprintf(stderr,
                "TIMING {\"secs\":%.6f,\"tokens\":%zu,\"tokens_per_sec\":%.0f,\"sentences\":%zu,"
                "\"sentences_per_sec\":%.0f,\"cpu_secs\":%.6f,\"sentences_per_cpu_sec\":%.0f,"
                "\"tokens_per_cpu_sec\":%.0f,\"load_secs\":%.6f,\"load_cpu_secs\":%.6f,\"parsed\":%s}\n",
                secs, n_tokens, secs > 0 ? (double)n_tokens / secs : 0.0, n_sentences,
                secs > 0 ? (double)n_sentences / secs : 0.0, cpu, cpu > 0 ? (double)n_sentences / cpu : 0.0,
                cpu > 0 ? (double)n_tokens / cpu : 0.0, load_secs, load_cpu, s.parse ? "true" : "false");
    }
    for (size_t i = 0; i < s.n_lines; i++) free(s.lines[i]);
    free(line), free(s.lines), free(s.words), free(s.word_line);
    ng_pipeline_free(p);
    ng_resources_free(res);
    return status;
}
