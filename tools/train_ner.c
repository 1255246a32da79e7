/*
 * train_ner: trains the NER model (ner.bin) that `newsgraph extract` and
 * `newsgraph tag` load. What `make train` runs; models/MODEL.md has the
 * method, the data and the scores.
 *
 *   build/tools/train-ner --train FILE --out MODEL [--dev FILE]
 *       [--geonames DIR] [--lexicons DIR] [--epochs N] [--seed N]
 *       [--hash-bits N] [--ensemble N] [--two-pass] [--gmb FILE.csv.gz]
 *       [--clusters FILE.tsv] [--quiet]
 *
 * Exit status: 0 when the model was written, 1 when training failed, 2 for
 * a usage error.
 */
#include "ner_train.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: train-ner --train FILE --out MODEL [--dev FILE] [--geonames DIR]\n"
    "                 [--lexicons DIR] [--epochs N] [--seed N] [--hash-bits N]\n"
    "                 [--ensemble N] [--two-pass] [--gmb FILE.csv.gz]\n"
    "                 [--clusters FILE.tsv] [--quiet]\n"
    "\n"
    "Trains the NER model on CoNLL-2003 columns (FILE), early-stopping on the\n"
    "dev file, and writes it to MODEL. See models/MODEL.md.\n";

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "train-ner: %s '%s'\nTry 'train-ner --help'.\n", what, arg);
    return 2;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "train-ner: %s: %s\n", path, strerror(errno)); return NULL; }
    ng_buf b = {0};
    const char *err = ng_read_stream(f, (size_t)1 << 34, &b);
    fclose(f);
    if (err || b.failed) { fprintf(stderr, "train-ner: %s: %s\n", path, err ? err : "out of memory"); ng_buf_free(&b); return NULL; }
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static bool load_corpus(ng_arena *a, const char *path, ng_conll_corpus *c, char **keep)
{
    size_t len = 0;
    *keep = read_file(path, &len);
    if (!*keep) return false;
    if (!ng_conll_parse(a, *keep, len, c)) { fprintf(stderr, "train-ner: %s: out of memory\n", path); return false; }
    return true;
}

int main(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *out = NULL;
    ng_train_options o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return 0; }
        if (!strcmp(a, "--quiet")) { o.quiet = true; continue; }
        if (!strcmp(a, "--two-pass")) { o.two_pass = true; continue; }
        if (!v) return usage_error("missing value or unknown option", a);
        if (!strcmp(a, "--train")) train = v;
        else if (!strcmp(a, "--dev")) dev = v;
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--geonames")) o.geonames_dir = v;
        else if (!strcmp(a, "--lexicons")) o.lexicon_dir = v;
        else if (!strcmp(a, "--gmb")) o.gmb_path = v;
        else if (!strcmp(a, "--clusters")) o.clusters_path = v;
        else if (!strcmp(a, "--epochs")) o.max_epochs = atoi(v);
        else if (!strcmp(a, "--seed")) o.seed = (uint32_t)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--hash-bits")) o.hash_bits = atoi(v);
        else if (!strcmp(a, "--ensemble")) o.ensemble = atoi(v);
        else return usage_error("unknown option", a);
        i++;
    }
    if (!train || !out) { fprintf(stderr, "train-ner: --train FILE and --out FILE are needed\n"); return 2; }
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus tc, dc;
    char *tbuf = NULL, *dbuf = NULL;
    int rc = 0;
    if (!load_corpus(&a, train, &tc, &tbuf) || (dev && !load_corpus(&a, dev, &dc, &dbuf))) rc = 1;
    char err[512];
    if (!rc && !ng_train(&tc, dev ? &dc : NULL, &o, out, err, sizeof err)) {
        fprintf(stderr, "train-ner: %s\n", err);
        rc = 1;
    }
    free(tbuf);
    free(dbuf);
    ng_arena_free(&a);
    return rc;
}
