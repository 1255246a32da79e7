/*
 * train_parse: trains the dependency parser (parse.bin) on UD English EWT
 * CoNLL-U (gzip or plain), with the tags of the shipped POS model so that
 * it learns from the tags it will see, choosing the epoch on the dev file.
 * models/MODEL.md has the data, the method and the scores.
 *
 *   build/tools/train-parse --train FILE --pos POS.bin --out MODEL [--dev FILE]
 *       [--epochs N] [--trans-bits N] [--label-bits N] [--explore P] [--seed N] [--quiet]
 *
 * Exit status: 0 model written, 1 training failed, 2 usage error.
 */
#include "parse_learn.h"

#include <errno.h>
#include <stdlib.h>

static const char usage[] =
    "usage: train-parse --train FILE --pos POS.bin --out MODEL [--dev FILE]\n"
    "                   [--epochs N] [--trans-bits N] [--label-bits N]\n"
    "                   [--explore P] [--seed N] [--gold-tags] [--jackknife K]\n"
    "                   [--tags-out FILE] [--keep-train-tags] [--quiet]\n"
    "\n"
    "Trains the arc-hybrid parser on CoNLL-U (FILE, gzip allowed) with the\n"
    "tags POS.bin predicts (--gold-tags: the file's own), keeps the epoch with\n"
    "the best dev LAS and writes MODEL. --jackknife K: the training tags come\n"
    "from K taggers each trained on the other folds (dev is still tagged by\n"
    "POS.bin, as at run time). --tags-out FILE writes the training corpus with\n"
    "its tags; --keep-train-tags trains on the train file's own tags (such a\n"
    "file) while POS.bin still tags dev.\n";

static bool load(const char *path, parse_corpus *c)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "train-parse: %s: %s\n", path, strerror(errno)); return false; }
    ng_buf raw = {0}, plain = {0};
    const char *err = ng_read_stream(f, (size_t)1 << 32, &raw);
    fclose(f);
    ng_arena a;
    ng_arena_init(&a, 0);
    bool dec = false;
    if (!err) err = ng_decompress(&a, raw.data, raw.len, (size_t)1 << 32, &plain, &dec);
    char why[256] = "";
    bool ok = !err && parse_corpus_read(dec ? plain.data : raw.data, dec ? plain.len : raw.len, c, why, sizeof why);
    if (!ok) fprintf(stderr, "train-parse: %s: %s\n", path, err ? err : why);
    ng_buf_free(&raw), ng_buf_free(&plain);
    ng_arena_free(&a);
    return ok;
}

/* The training corpus with the tags it was given (jackknifed ones, to
 * train again without tagging again: --keep-train-tags). */
static bool write_tags(const char *path, const parse_corpus *c)
{
    FILE *f = fopen(path, "w");
    if (!f) { fprintf(stderr, "train-parse: %s: %s\n", path, strerror(errno)); return false; }
    for (size_t s = 0; s < c->n_sent; s++) {
        for (size_t i = c->sent_start[s]; i < c->sent_start[s + 1]; i++)
            fprintf(f, "%zu\t%.*s\t_\t%s\t%s\t_\t%u\t%s\t_\t_\n", i - c->sent_start[s] + 1, (int)c->words[i].len,
                    c->words[i].ptr, ng_upos_name(c->upos[i]), ng_xpos_name(c->xpos[i]), (unsigned)c->head[i],
                    ng_dep_name(c->dep[i]));
        fputc('\n', f);
    }
    bool ok = fclose(f) == 0;
    if (!ok) fprintf(stderr, "train-parse: %s: %s\n", path, strerror(errno));
    return ok;
}

int main(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *out = NULL, *pos_path = NULL;
    bool gold_tags = false;
    int folds = 0;
    bool keep_train_tags = false;
    const char *tags_out = NULL;
    parse_train_options o = {.trans_bits = 19, .label_bits = 15, .epochs = 15, .seed = 1, .explore = 0.9, .log = stderr};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return 0; }
        if (!strcmp(a, "--quiet")) { o.log = NULL; continue; }
        if (!strcmp(a, "--gold-tags")) { gold_tags = true; continue; }
        if (!strcmp(a, "--keep-train-tags")) { keep_train_tags = true; continue; }
        if (!v) { fprintf(stderr, "train-parse: '%s' needs a value or is unknown\n%s", a, usage); return 2; }
        if (!strcmp(a, "--train")) train = v;
        else if (!strcmp(a, "--dev")) dev = v;
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--pos")) pos_path = v;
        else if (!strcmp(a, "--epochs")) o.epochs = atoi(v);
        else if (!strcmp(a, "--trans-bits")) o.trans_bits = (uint32_t)atoi(v);
        else if (!strcmp(a, "--label-bits")) o.label_bits = (uint32_t)atoi(v);
        else if (!strcmp(a, "--explore")) o.explore = atof(v);
        else if (!strcmp(a, "--seed")) o.seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--jackknife")) folds = atoi(v);
        else if (!strcmp(a, "--tags-out")) tags_out = v;
        else { fprintf(stderr, "train-parse: unknown option '%s'\n%s", a, usage); return 2; }
        i++;
    }
    if (!train || !out || (!pos_path && !gold_tags) || o.epochs < 1 || o.trans_bits < NG_PARSE_MIN_BITS ||
        o.trans_bits > NG_PARSE_MAX_BITS || o.label_bits < NG_PARSE_MIN_BITS || o.label_bits > NG_PARSE_MAX_BITS) {
        fputs(usage, stderr);
        return 2;
    }
    char err[512];
    ng_pos_model *pos = NULL;
    if (!gold_tags && !(pos = ng_pos_open(pos_path, err, sizeof err))) { fprintf(stderr, "train-parse: %s\n", err); return 1; }
    parse_corpus tc, dc;
    if (!load(train, &tc)) { ng_pos_close(pos); return 1; }
    if (dev && !load(dev, &dc)) { parse_corpus_free(&tc); ng_pos_close(pos); return 1; }
    if (folds > 1) {
        /* The taggers pick their epoch on dev with dev's gold tags. */
        pos_corpus pdev = {0};
        if (dev) pdev = (pos_corpus){NULL, dc.words, dc.upos, dc.xpos, dc.sent_start, dc.n_words, dc.n_sent};
        pos_train_options po = {.xbits = 18, .ubits = 18, .epochs = 12, .models = 2, .seed = 1, .log = NULL}; /* as make train-pos */
        if (o.log) fprintf(o.log, "jackknifing the tags over %d folds\n", folds);
        if (!parse_corpus_jackknife(&tc, folds, dev ? &pdev : NULL, &po)) {
            fprintf(stderr, "train-parse: out of memory\n");
            parse_corpus_free(&tc);
            if (dev) parse_corpus_free(&dc);
            ng_pos_close(pos);
            return 1;
        }
        if (dev) parse_corpus_retag(&dc, pos);
    } else if (pos && keep_train_tags) {
        if (dev) parse_corpus_retag(&dc, pos);
    } else if (pos) {
        parse_corpus_retag(&tc, pos);
        if (dev) parse_corpus_retag(&dc, pos);
    }
    if (tags_out && !write_tags(tags_out, &tc)) {
        parse_corpus_free(&tc);
        if (dev) parse_corpus_free(&dc);
        ng_pos_close(pos);
        return 1;
    }
    parse_trained t;
    bool ok = parse_train(&tc, dev ? &dc : NULL, &o, &t);
    if (!ok) fprintf(stderr, "train-parse: out of memory\n");
    else if (!(ok = parse_model_write(out, &t, err, sizeof err))) fprintf(stderr, "train-parse: %s\n", err);
    parse_trained_free(&t);
    parse_corpus_free(&tc);
    if (dev) parse_corpus_free(&dc);
    ng_pos_close(pos);
    return ok ? 0 : 1;
}
