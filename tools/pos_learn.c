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

void pos_accuracy(const ng_pos_weights *w, const pos_corpus *c, double *upos, double *xpos)
{
    size_t ok_u = 0, ok_x = 0, max = 0;
    for (size_t s = 0; s < c->n_sent; s++)
        if (c->sent_start[s + 1] - c->sent_start[s] > max) max = c->sent_start[s + 1] - c->sent_start[s];
    uint8_t *u = malloc(max + 1), *x = malloc(max + 1);
    for (size_t s = 0; u && x && s < c->n_sent; s++) {
        size_t a = c->sent_start[s], n = c->sent_start[s + 1] - a;
        ng_pos_tag_weights(w, c->words + a, n, u, x);
        for (size_t i = 0; i < n; i++) ok_u += u[i] == c->upos[a + i], ok_x += x[i] == c->xpos[a + i];
    }
    free(u), free(x);
    *upos = c->n_words ? (double)ok_u / (double)c->n_words : 0;
    *xpos = c->n_words ? (double)ok_x / (double)c->n_words : 0;
}

/* One head being trained: rows of `width` floats, and the sums of
 * time-weighted updates that averaging needs. */
typedef struct head {
    float *w;       /* current weights */
    double *acc;    /* sum over updates of time * delta */
    uint32_t bits;
    unsigned width, n_classes;
} head;

static bool head_init(head *h, uint32_t bits, unsigned width, unsigned n_classes)
{
    size_t n = (size_t)width << bits;
    *h = (head){calloc(n, sizeof(float)), calloc(n, sizeof(double)), bits, width, n_classes};
    return h->w && h->acc;
}

static void head_free(head *h) { free(h->w), free(h->acc); }

/* Moves the rows of f[0..nf) by step towards gold and away from rival. */
static void update(head *h, double time, const uint64_t *f, size_t nf, unsigned gold, unsigned rival, float step)
{
    for (size_t k = 0; k < nf; k++) {
        size_t r = (size_t)ng_pos_row(f[k], h->bits) * h->width;
        h->w[r + gold] += step, h->acc[r + gold] += time * step;
        h->w[r + rival] -= step, h->acc[r + rival] -= time * step;
    }
}

/* The best class over the float weights (ties: the lower class, as the
 * int8 decoder), and the scores. */
static unsigned best_float(const head *h, const uint64_t *f, size_t nf, float *score)
{
    memset(score, 0, NG_POS_XROW * sizeof *score);
    for (size_t k = 0; k < nf; k++) {
        const float *row = h->w + (size_t)ng_pos_row(f[k], h->bits) * h->width;
        for (unsigned c = 0; c < h->n_classes; c++) score[c] += row[c];
    }
    unsigned best = 0;
    for (unsigned c = 1; c < h->n_classes; c++)
        if (score[c] > score[best]) best = c;
    return best;
}

/* One perceptron step of a head on token features f[0..nf): moves by 1
 * when the prediction is wrong (passive-aggressive steps measured worse on
 * dev UPOS, models/MODEL.md). Returns the predicted class. */
static unsigned learn(head *h, double time, const uint64_t *f, size_t nf, unsigned gold, size_t *wrong)
{
    float score[NG_POS_XROW];
    unsigned pred = best_float(h, f, nf, score);
    if (pred != gold) ++*wrong, update(h, time, f, nf, gold, pred, 1);
    return pred;
}

/* The averaged weights of models h[0..nm), the mean over models of
 * w - acc / time, scaled so that the largest is 127 and rounded to int8
 * (pos.h: only the argmax of sums matters). */
static void average(const head *h, int nm, double time, int8_t *out)
{
    size_t n = (size_t)h[0].width << h[0].bits;
    double t = time > 0 ? time : 1, max = 0;
    for (size_t i = 0; i < n; i++) {
        double a = 0;
        for (int m = 0; m < nm; m++) a += h[m].w[i] - h[m].acc[i] / t;
        if (fabs(a) > max) max = fabs(a);
    }
    double scale = max > 0 ? 127.0 / max : 0;
    for (size_t i = 0; i < n; i++) {
        double a = 0;
        for (int m = 0; m < nm; m++) a += h[m].w[i] - h[m].acc[i] / t;
        out[i] = (int8_t)lrint(a * scale);
    }
}

/* A row moving at least this many classes is stored dense (pos.h).
 * Measured (parse --conllu --timing on EWT dev x10, tagger alone, CPU; the
 * 2^18 + 2^18 model): from 13, 4.6 MB, 45k sentences/s, load 2.0 ms; from
 * 8, 5.1 MB, 48k, 2.5 ms; from 5, 7.9 MB, 51k, 6.5 ms. On 2^17 + 2^16:
 * from 13, 47k; 8, 52k; 5, 60k; 3, no faster than 5 (dense rows, 10 MB:
 * 65k, 8-10 ms). */
enum { DENSE_FROM = 8 };

static uint32_t row_count(const int8_t *w, unsigned n_classes)
{
    uint32_t n = 0;
    for (unsigned c = 0; c < n_classes; c++) n += w[c] != 0;
    return n;
}

/* Counts the dense rows and the sparse entries of a dense table. */
static void count_rows(const int8_t *dense, uint32_t bits, unsigned width, unsigned n_classes, uint32_t *n_dense,
                       uint32_t *n_entries)
{
    *n_dense = *n_entries = 0;
    for (size_t r = 0; r < (size_t)1 << bits; r++) {
        uint32_t n = row_count(dense + r * width, n_classes);
        if (n >= DENSE_FROM) ++*n_dense;
        else *n_entries += n;
    }
}

/* Writes a head's descriptors, dense rows and entries (pos.h). */
static void put_table(const int8_t *dense, uint32_t bits, unsigned width, unsigned n_classes, unsigned char *rows,
                      unsigned char *dense_out, unsigned char *entries)
{
    uint32_t nd = 0, ne = 0;
    for (size_t r = 0; r < (size_t)1 << bits; r++) {
        const int8_t *w = dense + r * width;
        uint32_t n = row_count(w, n_classes), d;
        if (n >= DENSE_FROM) {
            memcpy(dense_out + (size_t)nd * width, w, width);
            d = nd++ << 8 | NG_POS_DENSE;
        } else {
            d = ne << 8 | n;
            for (unsigned c = 0; c < n_classes; c++)
                if (w[c]) entries[2 * (size_t)ne] = (unsigned char)c, entries[2 * (size_t)ne + 1] = (unsigned char)w[c], ne++;
        }
        for (int k = 0; k < 4; k++) rows[4 * r + (size_t)k] = (unsigned char)(d >> 8 * k);
    }
}

/* The model body of dense int8 tables dx (2^xbits rows of NG_POS_XROW)
 * and du (2^ubits of NG_POS_UROW). False when out of memory. */
static bool body_from_dense(const int8_t *dx, uint32_t xbits, const int8_t *du, uint32_t ubits, pos_trained *out)
{
    memset(out, 0, sizeof *out);
    ng_pos_sizes z = {.xbits = xbits, .ubits = ubits};
    count_rows(dx, xbits, NG_POS_XROW, NG_POS_N_XPOS, &z.x_dense, &z.x_entries);
    count_rows(du, ubits, NG_POS_UROW, NG_POS_N_UPOS, &z.u_dense, &z.u_entries);
    out->sizes = z;
    out->bytes = ng_pos_body_bytes(&z);
    out->data = aligned_alloc(64, (out->bytes + 63) & ~(size_t)63);
    if (!out->data) return false;
    unsigned char *ur = out->data + 4 * ((size_t)1 << xbits), *xd = ur + 4 * ((size_t)1 << ubits);
    unsigned char *ud = xd + (size_t)NG_POS_XROW * z.x_dense, *xe = ud + (size_t)NG_POS_UROW * z.u_dense;
    put_table(dx, xbits, NG_POS_XROW, NG_POS_N_XPOS, out->data, xd, xe);
    put_table(du, ubits, NG_POS_UROW, NG_POS_N_UPOS, ur, ud, xe + 2 * (size_t)z.x_entries);
    return ng_pos_layout(out->data, &z, &out->w) == NULL;
}

void pos_trained_free(pos_trained *t)
{
    free(t->data);
    memset(t, 0, sizeof *t);
}

enum { POS_MAX_MODELS = 8 };

bool pos_train(const pos_corpus *train, const pos_corpus *dev, const pos_train_options *o, pos_trained *out)
{
    memset(out, 0, sizeof *out);
    int nm = o->models < 1 ? 1 : o->models > POS_MAX_MODELS ? POS_MAX_MODELS : o->models;
    head hx[POS_MAX_MODELS] = {0}, hu[POS_MAX_MODELS] = {0};
    size_t *order[POS_MAX_MODELS] = {0};
    uint64_t rng[POS_MAX_MODELS];
    bool ok = true;
    for (int m = 0; m < nm; m++) {
        ok = head_init(&hx[m], o->xbits, NG_POS_XROW, NG_POS_N_XPOS) && ok;
        ok = head_init(&hu[m], o->ubits, NG_POS_UROW, NG_POS_N_UPOS) && ok;
        order[m] = malloc((train->n_sent ? train->n_sent : 1) * sizeof *order[m]);
        ok = order[m] && ok;
        for (size_t s = 0; order[m] && s < train->n_sent; s++) order[m][s] = s;
        rng[m] = (o->seed + (uint64_t)m * 1000003) * 2 + 1;
    }
    size_t xbytes = (size_t)NG_POS_XROW << o->xbits, bytes = xbytes + ((size_t)NG_POS_UROW << o->ubits);
    int8_t *avg = malloc(bytes), *best = malloc(bytes);
    size_t max = 0;
    for (size_t s = 0; s < train->n_sent; s++)
        if (train->sent_start[s + 1] - train->sent_start[s] > max) max = train->sent_start[s + 1] - train->sent_start[s];
    uint8_t *u = malloc(max + 1), *x = malloc(max + 1);
    ok = ok && avg && best && u && x;
    double best_dev = -1, time = 0;
    uint64_t f[NG_POS_MAX_FEATURES + NG_POS_MAX_UPOS_FEATURES];
    for (int ep = 0; ok && ep < o->epochs; ep++) {
        size_t wrong = 0;
        for (int m = 0; m < nm; m++) {
            /* Fisher-Yates with a fixed-seed LCG: the same order every run. */
            for (size_t s = train->n_sent; s > 1; s--) {
                rng[m] = rng[m] * 6364136223846793005ULL + 1442695040888963407ULL;
                size_t j = (size_t)((rng[m] >> 33) % s), t = order[m][s - 1];
                order[m][s - 1] = order[m][j], order[m][j] = t;
            }
            double tm = time;
            for (size_t k = 0; k < train->n_sent; k++) {
                size_t s = order[m][k], a = train->sent_start[s], len = train->sent_start[s + 1] - a;
                ng_pos_window win;
                ng_pos_window_start(&win, train->words + a, len);
                for (size_t i = 0; i < len; i++, ng_pos_window_next(&win)) {
                    tm += 1;
                    size_t nf = ng_pos_features(&win, u, x, f), uwrong = 0;
                    x[i] = (uint8_t)learn(&hx[m], tm, f, nf, train->xpos[a + i], &wrong);
                    nf += ng_pos_upos_features(&win, u, x, x[i], f + nf);
                    u[i] = (uint8_t)learn(&hu[m], tm, f, nf, train->upos[a + i], &uwrong);
                }
            }
            if (m == nm - 1) time = tm;
        }
        average(hx, nm, time, avg), average(hu, nm, time, avg + xbytes);
        double du = 0, dx = 0;
        pos_trained epoch;
        if (dev && body_from_dense(avg, o->xbits, avg + xbytes, o->ubits, &epoch)) pos_accuracy(&epoch.w, dev, &du, &dx);
        if (dev) pos_trained_free(&epoch);
        if (o->log)
            fprintf(o->log, "epoch %d: train XPOS errors %zu/%zu%s", ep + 1, wrong / (size_t)nm, train->n_words,
                    dev ? "" : "\n");
        if (o->log && dev) fprintf(o->log, ", dev UPOS %.4f XPOS %.4f\n", du, dx);
        if (!dev || du > best_dev) best_dev = du, memcpy(best, avg, bytes);
    }
    if (ok && o->epochs <= 0) average(hx, nm, time, best), average(hu, nm, time, best + xbytes);
    for (int m = 0; m < nm; m++) head_free(&hx[m]), head_free(&hu[m]), free(order[m]);
    free(avg), free(u), free(x);
    ok = ok && body_from_dense(best, o->xbits, best + xbytes, o->ubits, out);
    free(best);
    if (!ok) pos_trained_free(out);
    return ok;
}

static void put32(unsigned char *p, uint32_t v) { for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> 8 * k); }

unsigned char *pos_model_image(const pos_trained *t, size_t *len)
{
    const ng_pos_sizes *z = &t->sizes;
    *len = NG_POS_HEADER + t->bytes;
    unsigned char *b = calloc(1, *len);
    if (!b) return NULL;
    memcpy(b, NG_POS_MAGIC, 8);
    put32(b + 8, NG_POS_VERSION), put32(b + 12, z->xbits), put32(b + 16, z->ubits);
    put32(b + 20, NG_POS_N_UPOS), put32(b + 24, NG_POS_N_XPOS), put32(b + 28, z->x_entries), put32(b + 32, z->u_entries);
    put32(b + 36, z->x_dense), put32(b + 48, z->u_dense);
    memcpy(b + NG_POS_HEADER, t->data, t->bytes);
    uint64_t sum = ng_checksum64(b + NG_POS_HEADER, t->bytes);
    put32(b + 40, (uint32_t)sum), put32(b + 44, (uint32_t)(sum >> 32));
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

bool pos_model_write(const char *path, const pos_trained *t, char *err, size_t err_size)
{
    size_t len = 0;
    unsigned char *image = pos_model_image(t, &len); /* sets len, so before the call */
    return model_file_write(path, image, len, err, err_size);
}
