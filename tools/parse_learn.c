/*
 * parse_learn.c: the parser's trainer (parse_learn.h).
 *
 * An averaged perceptron trained with the dynamic oracle of arc-hybrid
 * (Goldberg & Nivre 2013): at each state every valid move gets its cost,
 * the number of gold arcs it makes unreachable, and the model is updated
 * when its best move costs more than the cheapest. From the second epoch
 * on, the parser often follows its own wrong move (exploration), so it
 * learns to recover from the states its mistakes lead to. The cost is a
 * count, so non-projective sentences need no special case: the cheapest
 * moves are followed, and they lose only the crossing arcs.
 *
 * The label head is trained only on arcs whose head is right (a wrong arc
 * has no right label), with the gold label then kept for the features of
 * later states.
 */
#include "parse_learn.h"

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

unsigned parse_universal(unsigned label)
{
    const char *name = ng_dep_name(label);
    if (!name) return label;
    const char *colon = strchr(name, ':');
    if (!colon) return label;
    int u = ng_dep_find(name, (size_t)(colon - name));
    return u >= 0 ? (unsigned)u : label;
}

/* Every word reaches the root without a cycle, and exactly one word has
 * the root as its head. */
static bool is_tree(const uint32_t *head, size_t n)
{
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        if (head[i] > n) return false;
        roots += head[i] == 0;
        uint32_t h = head[i];
        size_t steps = 0;
        while (h != 0 && steps++ <= n) h = head[h - 1];
        if (h != 0) return false;
    }
    return roots == 1;
}

static bool end_sentence(parse_corpus *c, size_t *cap_s, bool *in_sent, long line_no, char *err, size_t err_size)
{
    if (!*in_sent) return true;
    *in_sent = false;
    size_t a = c->sent_start[c->n_sent - 1], n = c->n_words - a;
    if (n > c->max_len) c->max_len = n;
    if (!is_tree(c->head + a, n)) {
        snprintf(err, err_size, "line %ld: the sentence before is not a tree", line_no);
        return false;
    }
    return grow((void **)&c->sent_start, cap_s, c->n_sent + 1, sizeof *c->sent_start) ||
           (snprintf(err, err_size, "out of memory"), false);
}

bool parse_corpus_read(const char *data, size_t len, parse_corpus *c, char *err, size_t err_size)
{
    memset(c, 0, sizeof *c);
    c->text = malloc(len + 1);
    if (!c->text) { snprintf(err, err_size, "out of memory"); return false; }
    memcpy(c->text, data, len);
    c->text[len] = 0;
    size_t cap_w = 0, cap_u = 0, cap_x = 0, cap_h = 0, cap_d = 0, cap_s = 0;
    bool in_sent = false;
    long line_no = 0;
    char *p = c->text, *end = c->text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        line_no++;
        if (e > p && e[-1] == '\r') e[-1] = 0;
        *e = 0;
        if (!*p) {
            if (!end_sentence(c, &cap_s, &in_sent, line_no, err, err_size)) goto fail;
            p = e + 1;
            continue;
        }
        if (*p == '#') { p = e + 1; continue; }
        char *col[10];
        int n = 0;
        for (char *q = p; n < 10;) {
            col[n++] = q;
            char *t = strchr(q, '\t');
            if (!t) break;
            *t = 0, q = t + 1;
        }
        if (n < 8) { snprintf(err, err_size, "line %ld: fewer than 8 columns", line_no); goto fail; }
        if (strchr(col[0], '-') || strchr(col[0], '.')) { p = e + 1; continue; }
        int u = ng_upos_find(col[3], strlen(col[3])), x = ng_xpos_find(col[4], strlen(col[4]));
        if (u < 0) u = ng_upos_find("X", 1);
        if (x < 0) x = ng_xpos_find("XX", 2);
        if (!grow((void **)&c->words, &cap_w, c->n_words + 1, sizeof *c->words) ||
            !grow((void **)&c->upos, &cap_u, c->n_words + 1, 1) || !grow((void **)&c->xpos, &cap_x, c->n_words + 1, 1) ||
            !grow((void **)&c->head, &cap_h, c->n_words + 1, sizeof *c->head) ||
            !grow((void **)&c->dep, &cap_d, c->n_words + 1, 1) ||
            !grow((void **)&c->sent_start, &cap_s, c->n_sent + 2, sizeof *c->sent_start)) {
            snprintf(err, err_size, "out of memory");
            goto fail;
        }
        if (!in_sent) c->sent_start[c->n_sent++] = (uint32_t)c->n_words, in_sent = true;
        c->words[c->n_words] = (ng_str){col[1], strlen(col[1])};
        c->upos[c->n_words] = (uint8_t)u, c->xpos[c->n_words] = (uint8_t)x;
        c->head[c->n_words] = (uint32_t)strtoul(col[6], NULL, 10);
        c->dep[c->n_words] = (uint8_t)ng_dep_coerce(col[7], strlen(col[7]));
        c->n_words++;
        p = e + 1;
    }
    if (!end_sentence(c, &cap_s, &in_sent, line_no, err, err_size)) goto fail;
    if (!grow((void **)&c->sent_start, &cap_s, c->n_sent + 1, sizeof *c->sent_start)) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    c->sent_start[c->n_sent] = (uint32_t)c->n_words;
    return true;
fail:
    parse_corpus_free(c);
    return false;
}

void parse_corpus_free(parse_corpus *c)
{
    free(c->text), free(c->words), free(c->upos), free(c->xpos), free(c->head), free(c->dep), free(c->sent_start);
    memset(c, 0, sizeof *c);
}

void parse_corpus_retag(parse_corpus *c, const ng_pos_model *pos)
{
    for (size_t s = 0; s < c->n_sent; s++) {
        size_t a = c->sent_start[s], n = c->sent_start[s + 1] - a;
        ng_pos_tag(pos, c->words + a, n, c->upos + a, c->xpos + a);
    }
}

bool parse_corpus_jackknife(parse_corpus *c, int folds, const pos_corpus *dev, const pos_train_options *o)
{
    pos_corpus rest = {0};
    rest.words = malloc((c->n_words + 1) * sizeof *rest.words);
    rest.upos = malloc(c->n_words + 1), rest.xpos = malloc(c->n_words + 1);
    rest.sent_start = malloc((c->n_sent + 1) * sizeof *rest.sent_start);
    uint8_t *u = malloc(c->n_words + 1), *x = malloc(c->n_words + 1);
    bool ok = rest.words && rest.upos && rest.xpos && rest.sent_start && u && x;
    for (int f = 0; ok && f < folds; f++) {
        rest.n_words = rest.n_sent = 0;
        for (size_t s = 0; s < c->n_sent; s++) {
            if ((int)(s % (size_t)folds) == f) continue;
            size_t a = c->sent_start[s], n = c->sent_start[s + 1] - a;
            rest.sent_start[rest.n_sent++] = (uint32_t)rest.n_words;
            memcpy(rest.words + rest.n_words, c->words + a, n * sizeof *rest.words);
            memcpy(rest.upos + rest.n_words, c->upos + a, n), memcpy(rest.xpos + rest.n_words, c->xpos + a, n);
            rest.n_words += n;
        }
        rest.sent_start[rest.n_sent] = (uint32_t)rest.n_words;
        pos_trained t;
        if (!pos_train(&rest, dev, o, &t)) { ok = false; break; }
        for (size_t s = (size_t)f; s < c->n_sent; s += (size_t)folds) {
            size_t a = c->sent_start[s], n = c->sent_start[s + 1] - a;
            ng_pos_tag_weights(&t.w, c->words + a, n, u + a, x + a);
        }
        pos_trained_free(&t);
    }
    if (ok) memcpy(c->upos, u, c->n_words), memcpy(c->xpos, x, c->n_words);
    free(rest.words), free(rest.upos), free(rest.xpos), free(rest.sent_start), free(u), free(x);
    return ok;
}

parse_scores parse_evaluate(const ng_parse_weights *w, const parse_corpus *c)
{
    parse_scores r = {0, 0};
    void *work = malloc(ng_parse_work_size(c->max_len));
    uint32_t *head = malloc((c->max_len + 1) * sizeof *head);
    uint8_t *dep = malloc(c->max_len + 1);
    size_t ok_u = 0, ok_l = 0;
    for (size_t s = 0; work && head && dep && s < c->n_sent; s++) {
        size_t a = c->sent_start[s], n = c->sent_start[s + 1] - a;
        ng_parse_weights_run(w, c->words + a, n, c->upos + a, c->xpos + a, head, dep, work);
        for (size_t i = 0; i < n; i++) {
            bool h = head[i] == c->head[a + i];
            ok_u += h;
            ok_l += h && parse_universal(dep[i]) == parse_universal(c->dep[a + i]);
        }
    }
    free(work), free(head), free(dep);
    if (c->n_words) r.uas = (double)ok_u / (double)c->n_words, r.las = (double)ok_l / (double)c->n_words;
    return r;
}

/* ---- the dynamic oracle -------------------------------------------------- */

/* Whether word or root x is still in the buffer. */
static bool in_buffer(const ng_parse_state *s, uint32_t x) { return x == NG_PARSE_ROOT || x >= s->b; }

/* Gold arcs a valid move makes unreachable; gold[i] is word i's head
 * (index 0 unused). */
static int move_cost(const ng_parse_state *s, const uint32_t *gold, unsigned move)
{
    int c = 0;
    uint32_t s0 = s->depth ? s->stack[s->depth - 1] : 0;
    if (move == NG_PARSE_SHIFT) {
        uint32_t b0 = (uint32_t)s->b;
        for (size_t i = 0; i < s->depth; i++) {
            uint32_t k = s->stack[i];
            if (k != s0 && gold[b0] == k) c++;
            if (gold[k] == b0) c++;
        }
        return c;
    }
    uint32_t g = gold[s0];
    if (move == NG_PARSE_LEFT) {
        uint32_t b0 = ng_parse_b0(s);
        uint32_t s1 = s->depth >= 2 ? s->stack[s->depth - 2] : (uint32_t)(s->n + 1);
        if (g != b0 && (in_buffer(s, g) || g == s1)) c++;
    } else if (in_buffer(s, g)) {
        c++;
    }
    for (size_t d = s->b; d <= s->n; d++) c += gold[d] == s0;
    return c;
}

/* ---- the perceptron --------------------------------------------------------- */

typedef struct table {
    float *w;
    double *acc;     /* sum over updates of time * delta */
    size_t size;
} table;

typedef struct learner {
    table trans, label;
    uint32_t trans_bits, label_bits;
    double time;     /* states seen so far */
} learner;

static bool table_new(table *t, size_t size)
{
    t->size = size;
    t->w = calloc(size, sizeof *t->w);
    t->acc = calloc(size, sizeof *t->acc);
    return t->w && t->acc;
}

static void table_free(table *t) { free(t->w), free(t->acc); }

static void bump(table *t, size_t i, float delta, double time)
{
    t->w[i] += delta;
    t->acc[i] += time * delta;
}

/* The averaged weights scaled so that the largest is 32767, rounded. */
static void average(const table *t, double time, int16_t *out)
{
    double tt = time > 0 ? time : 1, max = 0;
    for (size_t i = 0; i < t->size; i++) {
        double a = fabs(t->w[i] - t->acc[i] / tt);
        if (a > max) max = a;
    }
    double scale = max > 0 ? 32767.0 / max : 0;
    for (size_t i = 0; i < t->size; i++) out[i] = (int16_t)lrint((t->w[i] - t->acc[i] / tt) * scale);
}

static void move_scores(const learner *l, const uint64_t *f, size_t nf, float *score)
{
    for (unsigned c = 0; c < NG_PARSE_N_MOVES; c++) score[c] = 0;
    for (size_t k = 0; k < nf; k++) {
        const float *row = l->trans.w + (size_t)ng_parse_row(f[k], l->trans_bits) * NG_PARSE_TRANS_ROW;
        for (unsigned c = 0; c < NG_PARSE_N_MOVES; c++) score[c] += row[c];
    }
}

static unsigned label_predict(const learner *l, unsigned move, const uint64_t *f)
{
    float score[NG_PARSE_LABEL_ROW] = {0};
    for (size_t k = 0; k < NG_PARSE_LABEL_FEATURES; k++) {
        const float *row = l->label.w + (size_t)ng_parse_label_row(f[k], move, l->label_bits) * NG_PARSE_LABEL_ROW;
        for (unsigned c = 0; c < NG_DEP_N; c++) score[c] += row[c];
    }
    unsigned best = 0;
    for (unsigned c = 1; c < NG_DEP_N; c++)
        if (c != NG_DEP_ROOT && score[c] > score[best]) best = c;
    return best;
}

static uint64_t next_random(uint64_t *rng)
{
    *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return *rng >> 33;
}

/* One sentence: returns the moves that were not the cheapest. */
static size_t train_sentence(learner *l, const parse_corpus *c, size_t sent, void *work, uint32_t *gold, bool explore,
                             double p_explore, uint64_t *rng)
{
    size_t a = c->sent_start[sent], n = c->sent_start[sent + 1] - a, wrong = 0;
    ng_parse_state s;
    ng_parse_state_init(&s, work, c->words + a, n, c->upos + a, c->xpos + a);
    gold[0] = 0;
    for (size_t i = 1; i <= n; i++) gold[i] = c->head[a + i - 1];
    uint64_t f[NG_PARSE_MAX_FEATURES];
    while (!ng_parse_done(&s)) {
        size_t nf = ng_parse_features(&s, f);
        float score[NG_PARSE_N_MOVES];
        int cost[NG_PARSE_N_MOVES] = {1 << 30, 1 << 30, 1 << 30};
        move_scores(l, f, nf, score);
        int min_cost = 1 << 30;
        unsigned pred = NG_PARSE_N_MOVES, best_gold = NG_PARSE_N_MOVES;
        for (unsigned m = 0; m < NG_PARSE_N_MOVES; m++) {
            if (!ng_parse_valid(&s, m)) continue;
            cost[m] = move_cost(&s, gold, m);
            if (cost[m] < min_cost) min_cost = cost[m];
            if (pred == NG_PARSE_N_MOVES || score[m] > score[pred]) pred = m;
        }
        for (unsigned m = 0; m < NG_PARSE_N_MOVES; m++)
            if (ng_parse_valid(&s, m) && cost[m] == min_cost && (best_gold == NG_PARSE_N_MOVES || score[m] > score[best_gold]))
                best_gold = m;
        l->time += 1;
        unsigned follow = best_gold;
        if (cost[pred] > min_cost) {
            wrong++;
            for (size_t k = 0; k < nf; k++) {
                size_t row = (size_t)ng_parse_row(f[k], l->trans_bits) * NG_PARSE_TRANS_ROW;
                bump(&l->trans, row + best_gold, 1, l->time);
                bump(&l->trans, row + pred, -1, l->time);
            }
            if (explore && (double)next_random(rng) / 2147483648.0 < p_explore) follow = pred;
        }
        unsigned label = 0;
        if (follow != NG_PARSE_SHIFT) {
            uint32_t d = s.stack[s.depth - 1];
            uint32_t h = follow == NG_PARSE_LEFT ? ng_parse_b0(&s) : s.stack[s.depth - 2];
            if (follow == NG_PARSE_LEFT && h == NG_PARSE_ROOT) {
                label = NG_DEP_ROOT;
            } else {
                label = label_predict(l, follow, f);
                unsigned g = c->dep[a + d - 1];
                if (h == gold[d] && g != NG_DEP_ROOT) {
                    if (label != g)
                        for (size_t k = 0; k < NG_PARSE_LABEL_FEATURES; k++) {
                            size_t row = (size_t)ng_parse_label_row(f[k], follow, l->label_bits) * NG_PARSE_LABEL_ROW;
                            bump(&l->label, row + g, 1, l->time);
                            bump(&l->label, row + label, -1, l->time);
                        }
                    label = g;
                }
            }
        }
        ng_parse_apply(&s, follow, label);
    }
    return wrong;
}

bool parse_train(const parse_corpus *train, const parse_corpus *dev, const parse_train_options *o, parse_trained *out)
{
    memset(out, 0, sizeof *out);
    learner l = {.trans_bits = o->trans_bits, .label_bits = o->label_bits};
    size_t tn = ((size_t)1 << o->trans_bits) * NG_PARSE_TRANS_ROW, ln = ((size_t)1 << o->label_bits) * NG_PARSE_LABEL_ROW;
    parse_trained avg = {malloc(tn * 2), malloc(ln * 2), o->trans_bits, o->label_bits};
    *out = (parse_trained){malloc(tn * 2), malloc(ln * 2), o->trans_bits, o->label_bits};
    size_t *order = malloc((train->n_sent ? train->n_sent : 1) * sizeof *order);
    void *work = malloc(ng_parse_work_size(train->max_len));
    uint32_t *gold = malloc((train->max_len + 2) * sizeof *gold);
    bool ok = table_new(&l.trans, tn) && table_new(&l.label, ln) && avg.trans && avg.label && out->trans &&
              out->label && order && work && gold;
    uint64_t rng = o->seed * 2 + 1;
    double best_las = -1;
    for (size_t s = 0; ok && s < train->n_sent; s++) order[s] = s;
    for (int ep = 0; ok && ep < o->epochs; ep++) {
        for (size_t s = train->n_sent; s > 1; s--) {
            size_t j = (size_t)(next_random(&rng) % s), t = order[s - 1];
            order[s - 1] = order[j], order[j] = t;
        }
        size_t wrong = 0;
        for (size_t k = 0; k < train->n_sent; k++)
            wrong += train_sentence(&l, train, order[k], work, gold, ep > 0, o->explore, &rng);
        average(&l.trans, l.time, avg.trans);
        average(&l.label, l.time, avg.label);
        ng_parse_weights w = {avg.trans, avg.label, avg.trans_bits, avg.label_bits};
        parse_scores d = {0, 0};
        if (dev) d = parse_evaluate(&w, dev);
        if (o->log) {
            fprintf(o->log, "epoch %d: train costly moves %zu", ep + 1, wrong);
            if (dev) fprintf(o->log, ", dev UAS %.4f LAS %.4f", d.uas, d.las);
            fputc('\n', o->log);
            fflush(o->log);
        }
        if (!dev || d.las > best_las) {
            best_las = d.las;
            memcpy(out->trans, avg.trans, tn * 2), memcpy(out->label, avg.label, ln * 2);
        }
    }
    table_free(&l.trans), table_free(&l.label);
    free(avg.trans), free(avg.label), free(order), free(work), free(gold);
    if (!ok) parse_trained_free(out);
    return ok;
}

void parse_trained_free(parse_trained *t)
{
    free(t->trans), free(t->label);
    memset(t, 0, sizeof *t);
}

static void put32(unsigned char *p, uint32_t v) { for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> 8 * k); }

static void put_int16s(unsigned char *p, const int16_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint16_t v = (uint16_t)w[i];
        p[2 * i] = (unsigned char)v, p[2 * i + 1] = (unsigned char)(v >> 8);
    }
}

unsigned char *parse_model_image(const parse_trained *t, size_t *len)
{
    size_t tn = ((size_t)1 << t->trans_bits) * NG_PARSE_TRANS_ROW, ln = ((size_t)1 << t->label_bits) * NG_PARSE_LABEL_ROW;
    *len = NG_PARSE_HEADER + 2 * (tn + ln);
    unsigned char *b = calloc(1, *len);
    if (!b) return NULL;
    memcpy(b, NG_PARSE_MAGIC, 8);
    put32(b + 8, NG_PARSE_VERSION), put32(b + 12, t->trans_bits), put32(b + 16, t->label_bits);
    put32(b + 20, NG_DEP_N), put32(b + 24, NG_POS_N_XPOS), put32(b + 28, NG_PARSE_LABEL_ROW);
    put_int16s(b + NG_PARSE_HEADER, t->trans, tn);
    put_int16s(b + NG_PARSE_HEADER + 2 * tn, t->label, ln);
    uint64_t sum = ng_checksum64(b + NG_PARSE_HEADER, 2 * (tn + ln));
    put32(b + 32, (uint32_t)sum), put32(b + 36, (uint32_t)(sum >> 32));
    return b;
}

bool parse_model_write(const char *path, const parse_trained *t, char *err, size_t err_size)
{
    size_t len = 0;
    unsigned char *image = parse_model_image(t, &len); /* sets len, so before the call */
    return model_file_write(path, image, len, err, err_size);
}
