/*
 * pos_learn.c: the POS tagger's trainer (pos_learn.h).
 *
 * An averaged perceptron over the tagger's own greedy decoding: each
 * token is tagged with the current weights, using the tags the tagger
 * itself chose for the history (as at run time), and a wrong head moves
 * its features' weights toward the gold class. Averaging uses the usual
 * trick of a second table of time-weighted updates, so one update costs
 * O(features) however long training runs.
 */
#include "pos_learn.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t n = *cap ? *cap * 2 : 1024;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q) return false;
    *p = q, *cap = n;
    return true;
}

bool pos_corpus_read(const char *data, size_t len, pos_corpus *c, char *err, size_t err_size)
{
    memset(c, 0, sizeof *c);
    c->text = malloc(len + 1);
    if (!c->text) { snprintf(err, err_size, "out of memory"); return false; }
    memcpy(c->text, data, len);
    c->text[len] = 0;
    size_t cap_w = 0, cap_u = 0, cap_x = 0, cap_s = 0;
    bool in_sent = false;
    long line_no = 0;
    char *p = c->text, *end = c->text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        line_no++;
        if (e > p && e[-1] == '\r') e[-1] = 0;
        *e = 0;
        if (!*p) { in_sent = false; p = e + 1; continue; }
        if (*p == '#') { p = e + 1; continue; }
        char *col[10];
        int n = 0;
        for (char *q = p; n < 10;) {
            col[n++] = q;
            char *t = strchr(q, '\t');
            if (!t) break;
            *t = 0, q = t + 1;
        }
        if (n < 5) { snprintf(err, err_size, "line %ld: fewer than 5 columns", line_no); pos_corpus_free(c); return false; }
        /* Ranges (3-4) and empty nodes (5.1) are not words of the sentence. */
        if (strchr(col[0], '-') || strchr(col[0], '.')) { p = e + 1; continue; }
        int u = ng_upos_find(col[3], strlen(col[3])), x = ng_xpos_find(col[4], strlen(col[4]));
        if (u < 0 || x < 0) {
            snprintf(err, err_size, "line %ld: unknown tag '%s'", line_no, u < 0 ? col[3] : col[4]);
            pos_corpus_free(c);
            return false;
        }
        if (!grow((void **)&c->words, &cap_w, c->n_words + 1, sizeof *c->words) ||
            !grow((void **)&c->upos, &cap_u, c->n_words + 1, 1) || !grow((void **)&c->xpos, &cap_x, c->n_words + 1, 1) ||
            !grow((void **)&c->sent_start, &cap_s, c->n_sent + 2, sizeof *c->sent_start)) {
            snprintf(err, err_size, "out of memory");
            pos_corpus_free(c);
            return false;
        }
        if (!in_sent) c->sent_start[c->n_sent++] = (uint32_t)c->n_words, in_sent = true;
        c->words[c->n_words] = (ng_str){col[1], strlen(col[1])};
        c->upos[c->n_words] = (uint8_t)u, c->xpos[c->n_words] = (uint8_t)x;
        c->n_words++;
        p = e + 1;
    }
    if (!grow((void **)&c->sent_start, &cap_s, c->n_sent + 1, sizeof *c->sent_start)) {
        snprintf(err, err_size, "out of memory");
        pos_corpus_free(c);
        return false;
    }
    c->sent_start[c->n_sent] = (uint32_t)c->n_words;
    return true;
}

void pos_corpus_free(pos_corpus *c)
{
    free(c->text), free(c->words), free(c->upos), free(c->xpos), free(c->sent_start);
    memset(c, 0, sizeof *c);
}

void pos_accuracy(const int16_t *w, uint32_t bits, const pos_corpus *c, double *upos, double *xpos)
{
    size_t ok_u = 0, ok_x = 0, max = 0;
    for (size_t s = 0; s < c->n_sent; s++)
        if (c->sent_start[s + 1] - c->sent_start[s] > max) max = c->sent_start[s + 1] - c->sent_start[s];
    uint8_t *u = malloc(max + 1), *x = malloc(max + 1);
    for (size_t s = 0; u && x && s < c->n_sent; s++) {
        size_t a = c->sent_start[s], n = c->sent_start[s + 1] - a;
        ng_pos_tag_weights(w, bits, c->words + a, n, u, x);
        for (size_t i = 0; i < n; i++) ok_u += u[i] == c->upos[a + i], ok_x += x[i] == c->xpos[a + i];
    }
    free(u), free(x);
    *upos = c->n_words ? (double)ok_u / (double)c->n_words : 0;
    *xpos = c->n_words ? (double)ok_x / (double)c->n_words : 0;
}

typedef struct learner {
    float *w;       /* current weights */
    double *acc;    /* sum over updates of time * delta */
    uint32_t bits;
    double time;    /* tokens seen so far */
} learner;

static void update(learner *l, const uint64_t *f, size_t nf, unsigned head, unsigned gold, unsigned pred)
{
    for (size_t k = 0; k < nf; k++) {
        uint32_t g = ng_pos_slot(f[k], head + gold, l->bits), p = ng_pos_slot(f[k], head + pred, l->bits);
        l->w[g] += 1, l->acc[g] += l->time;
        l->w[p] -= 1, l->acc[p] -= l->time;
    }
}

/* The averaged weights, w - acc / time, scaled so that the largest is
 * 32767 and rounded to int16 (pos.h: only the argmax of sums matters). */
static void average(const learner *l, int16_t *out)
{
    size_t n = (size_t)1 << l->bits;
    double t = l->time > 0 ? l->time : 1, max = 0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(l->w[i] - l->acc[i] / t);
        if (a > max) max = a;
    }
    double scale = max > 0 ? 32767.0 / max : 0;
    for (size_t i = 0; i < n; i++) out[i] = (int16_t)lrint((l->w[i] - l->acc[i] / t) * scale);
}

/* ng_pos_best over the float weights being trained. */
static unsigned best_float(const float *w, uint32_t bits, const uint64_t *f, size_t nf, unsigned head, unsigned n_classes)
{
    unsigned best = 0;
    float best_score = 0;
    for (unsigned c = 0; c < n_classes; c++) {
        float s = 0;
        for (size_t k = 0; k < nf; k++) s += w[ng_pos_slot(f[k], head + c, bits)];
        if (c == 0 || s > best_score) best = c, best_score = s;
    }
    return best;
}

int16_t *pos_train(const pos_corpus *train, const pos_corpus *dev, const pos_train_options *o)
{
    size_t n = (size_t)1 << o->hash_bits;
    learner l = {calloc(n, sizeof(float)), calloc(n, sizeof(double)), o->hash_bits, 0};
    int16_t *avg = malloc(n * sizeof *avg), *best = malloc(n * sizeof *best);
    size_t *order = malloc((train->n_sent ? train->n_sent : 1) * sizeof *order);
    size_t max = 0;
    for (size_t s = 0; s < train->n_sent; s++)
        if (train->sent_start[s + 1] - train->sent_start[s] > max) max = train->sent_start[s + 1] - train->sent_start[s];
    uint8_t *u = malloc(max + 1), *x = malloc(max + 1);
    if (!l.w || !l.acc || !avg || !best || !order || !u || !x) {
        free(l.w), free(l.acc), free(avg), free(best), free(order), free(u), free(x);
        return NULL;
    }
    for (size_t s = 0; s < train->n_sent; s++) order[s] = s;
    uint64_t rng = o->seed * 2 + 1;
    double best_dev = -1;
    uint64_t f[NG_POS_MAX_FEATURES + 2];
    for (int ep = 0; ep < o->epochs; ep++) {
        /* Fisher-Yates with a fixed-seed LCG: the same order every run. */
        for (size_t s = train->n_sent; s > 1; s--) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t j = (size_t)((rng >> 33) % s), t = order[s - 1];
            order[s - 1] = order[j], order[j] = t;
        }
        size_t wrong = 0;
        for (size_t k = 0; k < train->n_sent; k++) {
            size_t s = order[k], a = train->sent_start[s], len = train->sent_start[s + 1] - a;
            const ng_str *words = train->words + a;
            for (size_t i = 0; i < len; i++) {
                l.time += 1;
                size_t nf = ng_pos_features(words, len, i, u, x, f);
                unsigned px = best_float(l.w, l.bits, f, nf, NG_POS_HEAD_XPOS, NG_POS_N_XPOS);
                if (px != train->xpos[a + i]) update(&l, f, nf, NG_POS_HEAD_XPOS, train->xpos[a + i], px), wrong++;
                x[i] = (uint8_t)px;
                nf += ng_pos_upos_features(words, i, px, f + nf);
                unsigned pu = best_float(l.w, l.bits, f, nf, NG_POS_HEAD_UPOS, NG_POS_N_UPOS);
                if (pu != train->upos[a + i]) update(&l, f, nf, NG_POS_HEAD_UPOS, train->upos[a + i], pu);
                u[i] = (uint8_t)pu;
            }
        }
        average(&l, avg);
        double du = 0, dx = 0;
        if (dev) pos_accuracy(avg, l.bits, dev, &du, &dx);
        if (o->log)
            fprintf(o->log, "epoch %d: train XPOS errors %zu/%zu%s", ep + 1, wrong, train->n_words, dev ? "" : "\n");
        if (o->log && dev) fprintf(o->log, ", dev UPOS %.4f XPOS %.4f\n", du, dx);
        if (!dev || du > best_dev) best_dev = du, memcpy(best, avg, n * sizeof *best);
    }
    if (o->epochs <= 0) average(&l, best);
    free(l.w), free(l.acc), free(avg), free(order), free(u), free(x);
    return best;
}

static void put32(unsigned char *p, uint32_t v) { for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> 8 * k); }

unsigned char *pos_model_image(const int16_t *w, uint32_t bits, size_t *len)
{
    size_t n = (size_t)1 << bits;
    *len = NG_POS_HEADER + 2 * n;
    unsigned char *b = malloc(*len);
    if (!b) return NULL;
    memcpy(b, NG_POS_MAGIC, 8);
    put32(b + 8, NG_POS_VERSION), put32(b + 12, bits), put32(b + 16, NG_POS_N_UPOS), put32(b + 20, NG_POS_N_XPOS);
    for (size_t i = 0; i < n; i++) {
        uint16_t v = (uint16_t)w[i];
        b[NG_POS_HEADER + 2 * i] = (unsigned char)v, b[NG_POS_HEADER + 2 * i + 1] = (unsigned char)(v >> 8);
    }
    uint64_t sum = ng_checksum64(b + NG_POS_HEADER, 2 * n);
    put32(b + 24, (uint32_t)sum), put32(b + 28, (uint32_t)(sum >> 32));
    return b;
}

bool model_file_write(const char *path, unsigned char *b, size_t len, char *err, size_t err_size)
{
    if (!b) { snprintf(err, err_size, "out of memory"); return false; }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(b, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = false;
    if (ok && rename(tmp, path) != 0) ok = false;
    if (!ok) { snprintf(err, err_size, "%s: %s", path, strerror(errno)); remove(tmp); }
    free(b);
    return ok;
}

bool pos_model_write(const char *path, const int16_t *w, uint32_t bits, char *err, size_t err_size)
{
    size_t len = 0;
    unsigned char *image = pos_model_image(w, bits, &len); /* sets len, so before the call */
    return model_file_write(path, image, len, err, err_size);
}
