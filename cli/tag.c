/*
 * tag.c: `newsgraph tag --conll`, the NER tagger over CoNLL-2003 columns,
 * so that conlleval or eval/ner.py can score it.
 *
 * Streams one document at a time (from a -DOCSTART- line to the next), so
 * memory follows the largest document, not the input. Each line is echoed
 * with the predicted tag appended in CoNLL-2003's IOB1 (B- only where a
 * name follows another of the same type); blank and -DOCSTART- lines are
 * kept. Only the first column (the word) is read.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char usage[] =
    "usage: newsgraph tag --conll [--models DIR] [--timing] < FILE.conll\n"
    "\n"
    "Reads CoNLL-2003 columns on standard input and writes each line with the\n"
    "predicted tag appended (IOB1: PER, ORG, LOC, MISC). Blank and -DOCSTART-\n"
    "lines are kept; documents split at -DOCSTART-.\n"
    "\n"
    "options:\n"
    "  --conll        the input format (the only one for now)\n"
    "  --models DIR   directory of the NER model ner.bin (default: <dir of this\n"
    "                 program>/models, then <dir>/../share/newsgraph)\n"
    "  --timing       print a TIMING line (JSON: load and tagging seconds,\n"
    "                 tokens per second, model bytes) to stderr\n"
    "  -h, --help     this help\n"
    "\n"
    "Exit status: 0 done, 1 reading or writing failed, 2 usage error or no model.\n";

static const char *const type_names[] = {"PER", "ORG", "LOC", "MISC"};

typedef struct conll_doc {
    char *text;        /* the document's lines, as read */
    size_t len, cap;
    size_t *word_at;   /* first column of each token line: its offset in text */
    size_t *word_len;
    size_t n_words, words_cap, lens_cap;
    uint32_t *sentence_starts;
    size_t n_sentences, sentences_cap;
    bool in_sentence;
} conll_doc;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Adds one line (with its newline, if any) to the document. */
static bool add_line(conll_doc *d, const char *line, size_t n)
{
    size_t at = d->len;
    if (!cli_grow((void **)&d->text, &d->cap, d->len + n + 1, 1)) return false;
    memcpy(d->text + d->len, line, n);
    d->len += n;
    size_t s = 0;
    while (s < n && (is_space(line[s]) || line[s] == '\n')) s++;
    bool blank = s == n;
    bool docstart = !blank && n - s >= 10 && !memcmp(line + s, "-DOCSTART-", 10);
    if (blank || docstart) { d->in_sentence = false; return true; }
    size_t e = s;
    while (e < n && !is_space(line[e]) && line[e] != '\n') e++;
    if (!d->in_sentence) {
        if (!cli_grow((void **)&d->sentence_starts, &d->sentences_cap, d->n_sentences + 1, sizeof *d->sentence_starts))
            return false;
        d->sentence_starts[d->n_sentences++] = (uint32_t)d->n_words;
        d->in_sentence = true;
    }
    if (!cli_grow((void **)&d->word_at, &d->words_cap, d->n_words + 1, sizeof *d->word_at) ||
        !cli_grow((void **)&d->word_len, &d->lens_cap, d->n_words + 1, sizeof *d->word_len))
        return false;
    d->word_at[d->n_words] = at + s;
    d->word_len[d->n_words++] = e - s;
    return true;
}

/* Tags the document and writes its lines with the tags; then empties it. */
static bool flush_doc(ng_pipeline *p, conll_doc *d, size_t *n_tokens)
{
    if (!d->len) return true;
    uint8_t *labels = malloc(d->n_words ? d->n_words : 1);
    ng_str *words = malloc((d->n_words ? d->n_words : 1) * sizeof *words);
    bool ok = labels && words;
    for (size_t i = 0; ok && i < d->n_words; i++) words[i] = (ng_str){d->text + d->word_at[i], d->word_len[i]};
    ok = ok && (!d->n_words || ng_tag_words(p, words, d->n_words, d->sentence_starts, d->n_sentences, labels));
    size_t w = 0, pos = 0;
    int prev_type = -1; /* type of the previous token line's name, -1 outside */
    while (ok && pos < d->len) {
        const char *nl = memchr(d->text + pos, '\n', d->len - pos);
        size_t end = nl ? (size_t)(nl - d->text) : d->len, shown = end;
        while (shown > pos && d->text[shown - 1] == '\r') shown--;
        fwrite(d->text + pos, 1, shown - pos, stdout);
        bool token = w < d->n_words && d->word_at[w] >= pos && d->word_at[w] < end;
        if (token) {
            uint8_t label = labels[w++];
            if (!label) {
                fputs(" O", stdout);
                prev_type = -1;
            } else {
                int type = (label - 1) / 2;
                bool begins = (label - 1) % 2 == 0;
                fprintf(stdout, " %s-%s", begins && prev_type == type ? "B" : "I", type_names[type & 3]);
                prev_type = type;
            }
        } else {
            prev_type = -1;
        }
        fputc('\n', stdout);
        pos = nl ? end + 1 : d->len;
    }
    free(labels);
    free(words);
    *n_tokens += d->n_words;
    d->len = d->n_words = d->n_sentences = 0;
    d->in_sentence = false;
    return ok;
}

int cmd_tag(int argc, char **argv, const char *argv0)
{
    cli_resource_choice rc = {0};
    bool timing = false;
    int status = cli_column_options("tag", "--conll", usage, argc, argv, &rc, &timing);
    if (status >= 0) return status;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ng_resources *res = cli_open_resources(argv0, &rc, false, true);
    if (res && !ng_resources_has_model(res)) {
        fprintf(stderr, "newsgraph: tag: no NER model found (make builds it; or name it with --models DIR)\n");
        ng_resources_free(res);
        res = NULL;
    }
    if (!res) return EXIT_USAGE;
    double load = cli_seconds_since(&t0);
    ng_options opt;
    ng_options_init(&opt);
    ng_pipeline *p = ng_pipeline_new(&opt, res);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    conll_doc d;
    memset(&d, 0, sizeof d);
    size_t n_tokens = 0, n_docs = 0;
    status = p ? EXIT_OK : EXIT_SOME_FAILED;
    char *line = NULL;
    size_t line_cap = 0;
    while (status == EXIT_OK) {
        ssize_t got = getline(&line, &line_cap, stdin);
        bool starts_doc = got >= 10 && !memcmp(line, "-DOCSTART-", 10);
        if ((got < 0 || starts_doc) && d.len) {
            if (!flush_doc(p, &d, &n_tokens)) { fprintf(stderr, "newsgraph: tag: out of memory\n"); status = EXIT_SOME_FAILED; }
            n_docs++;
        }
        if (got < 0) break;
        if (!add_line(&d, line, (size_t)got)) { fprintf(stderr, "newsgraph: tag: out of memory\n"); status = EXIT_SOME_FAILED; }
    }
    if (ferror(stdin)) { fprintf(stderr, "newsgraph: tag: reading standard input failed\n"); status = EXIT_SOME_FAILED; }
    if (fflush(stdout) != 0) { fprintf(stderr, "newsgraph: tag: writing standard output: %s\n", strerror(errno)); status = EXIT_SOME_FAILED; }
    if (timing && status == EXIT_OK) {
        double secs = cli_seconds_since(&t1);
        char model[4200];
        struct stat st;
        snprintf(model, sizeof model, "%s/ner.bin", rc.models ? rc.models : "");
        long long bytes = rc.models && stat(model, &st) == 0 ? (long long)st.st_size : -1;
        fprintf(stderr, "TIMING {\"load_secs\":%.6f,\"secs\":%.6f,\"tokens\":%zu,\"docs\":%zu,\"tokens_per_sec\":%.0f,\"model_bytes\":%lld}\n",
                load, secs, n_tokens, n_docs, secs > 0 ? (double)n_tokens / secs : 0.0, bytes);
    }
    free(line);
    free(d.text), free(d.word_at), free(d.word_len), free(d.sentence_starts);
    ng_pipeline_free(p);
    ng_resources_free(res);
    return status;
}
