/*
 * train_pos: trains the POS model (pos.bin) on UD English EWT CoNLL-U
 * (gzip or plain), choosing the epoch on the dev file. models/MODEL.md
 * has the data, the method and the scores.
 *
 *   build/tools/train-pos --train FILE --out MODEL [--dev FILE]
 *       [--epochs N] [--hash-bits N] [--upos-bits N] [--models N] [--seed N] [--quiet]
 *
 * Exit status: 0 model written, 1 training failed, 2 usage error.
 */
#include "pos_learn.h"

#include <errno.h>
#include <stdlib.h>

static const char usage[] =
    "usage: train-pos --train FILE --out MODEL [--dev FILE] [--epochs N]\n"
    "                 [--hash-bits N] [--upos-bits N] [--models N] [--seed N] [--quiet]\n"
    "\n"
    "Trains the UPOS/XPOS tagger on CoNLL-U (FILE, gzip allowed), keeps the\n"
    "epoch with the best dev UPOS accuracy and writes MODEL. --hash-bits and\n"
    "--upos-bits: 2^N rows in the XPOS and UPOS heads' tables. --models N:\n"
    "N perceptrons (1-8) on differently shuffled data, weights averaged.\n";

static bool load(const char *path, pos_corpus *c)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "train-pos: %s: %s\n", path, strerror(errno)); return false; }
    ng_buf raw = {0}, plain = {0};
    const char *err = ng_read_stream(f, (size_t)1 << 32, &raw);
    fclose(f);
    ng_arena a;
    ng_arena_init(&a, 0);
    bool dec = false;
    if (!err) err = ng_decompress(&a, raw.data, raw.len, (size_t)1 << 32, &plain, &dec);
    char why[256] = "";
    bool ok = !err && pos_corpus_read(dec ? plain.data : raw.data, dec ? plain.len : raw.len, c, why, sizeof why);
    if (!ok) fprintf(stderr, "train-pos: %s: %s\n", path, err ? err : why);
    ng_buf_free(&raw), ng_buf_free(&plain);
    ng_arena_free(&a);
    return ok;
}

int main(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *out = NULL;
    pos_train_options o = {.xbits = 18, .ubits = 18, .epochs = 12, .models = 2, .seed = 1, .log = stderr};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return 0; }
        if (!strcmp(a, "--quiet")) { o.log = NULL; continue; }
        if (!v) { fprintf(stderr, "train-pos: '%s' needs a value or is unknown\n%s", a, usage); return 2; }
        if (!strcmp(a, "--train")) train = v;
        else if (!strcmp(a, "--dev")) dev = v;
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--epochs")) o.epochs = atoi(v);
        else if (!strcmp(a, "--hash-bits")) o.xbits = (uint32_t)atoi(v);
        else if (!strcmp(a, "--upos-bits")) o.ubits = (uint32_t)atoi(v);
        else if (!strcmp(a, "--models")) o.models = atoi(v);
        else if (!strcmp(a, "--seed")) o.seed = strtoull(v, NULL, 10);
        else { fprintf(stderr, "train-pos: unknown option '%s'\n%s", a, usage); return 2; }
        i++;
    }
    if (!train || !out || o.xbits < NG_POS_MIN_BITS || o.xbits > NG_POS_MAX_BITS || o.ubits < NG_POS_MIN_BITS ||
        o.ubits > NG_POS_MAX_BITS || o.epochs < 1) {
        fputs(usage, stderr);
        return 2;
    }
    pos_corpus tc, dc;
    if (!load(train, &tc)) return 1;
    if (dev && !load(dev, &dc)) { pos_corpus_free(&tc); return 1; }
    pos_trained t;
    bool trained = pos_train(&tc, dev ? &dc : NULL, &o, &t);
    char err[512];
    bool ok = trained && pos_model_write(out, &t, err, sizeof err);
    if (!trained) fprintf(stderr, "train-pos: out of memory\n");
    else if (!ok) fprintf(stderr, "train-pos: %s\n", err);
    pos_trained_free(&t);
    pos_corpus_free(&tc);
    if (dev) pos_corpus_free(&dc);
    return ok ? 0 : 1;
}
