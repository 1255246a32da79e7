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

static void update(head *h, double time, const uint64_t *f, size_t nf, unsigned gold, unsigned pred)
{
    for (size_t k = 0; k < nf; k++) {
        size_t r = (size_t)ng_pos_row(f[k], h->bits) * h->width;
        h->w[r + gold] += 1, h->acc[r + gold] += time;
        h->w[r + pred] -= 1, h->acc[r + pred] -= time;
    }
}

/* The best class over the float weights (ties: the lower class, as the
 * int8 decoder). */
static unsigned best_float(const head *h, const uint64_t *f, size_t nf)
{
    float score[NG_POS_XROW] = {0};
    for (size_t k = 0; k < nf; k++) {
        const float *row = h->w + (size_t)ng_pos_row(f[k], h->bits) * h->width;
        for (unsigned c = 0; c < h->n_classes; c++) score[c] += row[c];
    }
    unsigned best = 0;
    for (unsigned c = 1; c < h->n_classes; c++)
        if (score[c] > score[best]) best = c;
    return best;
}

/* The averaged weights, w - acc / time, scaled so that the largest is
 * 127 and rounded to int8 (pos.h: only the argmax of sums matters). */
static void average(const head *h, double time, int8_t *out)
{
    size_t n = (size_t)h->width << h->bits;
    double t = time > 0 ? time : 1, max = 0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(h->w[i] - h->acc[i] / t);
        if (a > max) max = a;
    }
    double scale = max > 0 ? 127.0 / max : 0;
    for (size_t i = 0; i < n; i++) out[i] = (int8_t)lrint((h->w[i] - h->acc[i] / t) * scale);
}

static ng_pos_weights view(int8_t *data, uint32_t xbits, uint32_t ubits)
{
    return (ng_pos_weights){data, data + ((size_t)NG_POS_XROW << xbits), xbits, ubits};
}

void pos_trained_free(pos_trained *t)
{
    free(t->data);
    memset(t, 0, sizeof *t);
}

bool pos_train(const pos_corpus *train, const pos_corpus *dev, const pos_train_options *o, pos_trained *out)
{
    memset(out, 0, sizeof *out);
    head hx, hu;
    bool heads = head_init(&hx, o->xbits, NG_POS_XROW, NG_POS_N_XPOS);
    heads = head_init(&hu, o->ubits, NG_POS_UROW, NG_POS_N_UPOS) && heads;
    size_t bytes = ng_pos_weights_bytes(o->xbits, o->ubits);
    int8_t *avg = malloc(bytes), *best = malloc(bytes);
    size_t *order = malloc((train->n_sent ? train->n_sent : 1) * sizeof *order);
    size_t max = 0;
    for (size_t s = 0; s < train->n_sent; s++)
        if (train->sent_start[s + 1] - train->sent_start[s] > max) max = train->sent_start[s + 1] - train->sent_start[s];
    uint8_t *u = malloc(max + 1), *x = malloc(max + 1);
    if (!heads || !avg || !best || !order || !u || !x) {
        head_free(&hx), head_free(&hu), free(avg), free(best), free(order), free(u), free(x);
        return false;
    }
    for (size_t s = 0; s < train->n_sent; s++) order[s] = s;
    uint64_t rng = o->seed * 2 + 1;
    double best_dev = -1, time = 0;
    uint64_t f[NG_POS_MAX_FEATURES + NG_POS_MAX_UPOS_FEATURES];
    ng_pos_weights aw = view(avg, o->xbits, o->ubits);
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
            ng_pos_window win;
            ng_pos_window_start(&win, train->words + a, len);
            for (size_t i = 0; i < len; i++, ng_pos_window_next(&win)) {
                time += 1;
                size_t nf = ng_pos_features(&win, u, x, f);
                unsigned px = best_float(&hx, f, nf);
                if (px != train->xpos[a + i]) update(&hx, time, f, nf, train->xpos[a + i], px), wrong++;
                x[i] = (uint8_t)px;
                nf += ng_pos_upos_features(&win, u, x, px, f + nf);
                unsigned pu = best_float(&hu, f, nf);
                if (pu != train->upos[a + i]) update(&hu, time, f, nf, train->upos[a + i], pu);
                u[i] = (uint8_t)pu;
            }
        }
        average(&hx, time, (int8_t *)aw.x), average(&hu, time, (int8_t *)aw.u);
        double du = 0, dx = 0;
        if (dev) pos_accuracy(&aw, dev, &du, &dx);
        if (o->log)
            fprintf(o->log, "epoch %d: train XPOS errors %zu/%zu%s", ep + 1, wrong, train->n_words, dev ? "" : "\n");
        if (o->log && dev) fprintf(o->log, ", dev UPOS %.4f XPOS %.4f\n", du, dx);
        if (!dev || du > best_dev) best_dev = du, memcpy(best, avg, bytes);
    }
    if (o->epochs <= 0) {
        ng_pos_weights bw = view(best, o->xbits, o->ubits);
        average(&hx, time, (int8_t *)bw.x), average(&hu, time, (int8_t *)bw.u);
    }
    head_free(&hx), head_free(&hu), free(avg), free(order), free(u), free(x);
    out->data = best;
    out->w = view(best, o->xbits, o->ubits);
    return true;
}

static void put32(unsigned char *p, uint32_t v) { for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> 8 * k); }

unsigned char *pos_model_image(const ng_pos_weights *w, size_t *len)
{
    size_t nx = (size_t)NG_POS_XROW << w->xbits, nu = (size_t)NG_POS_UROW << w->ubits;
    *len = NG_POS_HEADER + ng_pos_weights_bytes(w->xbits, w->ubits);
    unsigned char *b = calloc(1, *len);
    if (!b) return NULL;
    memcpy(b, NG_POS_MAGIC, 8);
    put32(b + 8, NG_POS_VERSION), put32(b + 12, w->xbits), put32(b + 16, w->ubits);
    put32(b + 20, NG_POS_N_UPOS), put32(b + 24, NG_POS_N_XPOS), put32(b + 28, NG_POS_XROW), put32(b + 32, NG_POS_UROW);
    unsigned char *p = b + NG_POS_HEADER;
    memcpy(p, w->x, nx), memcpy(p + nx, w->u, nu);
    uint64_t sum = ng_checksum64(p, *len - NG_POS_HEADER);
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

bool pos_model_write(const char *path, const ng_pos_weights *w, char *err, size_t err_size)
{
    size_t len = 0;
    unsigned char *image = pos_model_image(w, &len); /* sets len, so before the call */
    return model_file_write(path, image, len, err, err_size);
}
