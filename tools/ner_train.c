/*
 * ner_train.c: trains the tagger's model (an averaged passive-aggressive
 * linear classifier) and builds its gazetteer.
 *
 * Training follows the decoder exactly: documents are tagged left to right
 * with the current weights, the history features see the labels the model
 * itself chose (so training meets the errors it will make at run time).
 * Each token whose gold label does not beat its best allowed rival by a
 * margin of 1 moves its features' weights towards gold and away from that
 * rival by the smallest step that would give the margin (PA, Crammer et
 * al. 2006: tau = loss / (2 * features)). Against the plain perceptron
 * (a step of 1, only on errors) this raised eng.testa F1 from 0.9049 to
 * 0.9199, mean of seeds 1-3 (models/MODEL.md). Weights are averaged over
 * all steps (Collins 2002) with the usual lazy trick: w_avg = w - u / c
 * where u accumulates c * delta. After each epoch the averaged model tags
 * the development set; the best epoch is kept, and training stops after
 * `patience` epochs without improvement. The document order is shuffled
 * with a fixed seed, so the same data gives the same model, byte for byte.
 *
 * The gazetteer is a set of lowercased phrases with type bits, built from
 * GeoNames (countries, first-level divisions, cities of 15,000+ people)
 * and the repo's lexicons (demonyms, organisation words, titles, first
 * names), optionally with the names of a silver-annotated news corpus
 * (GMB). It is stored in the model, so the run time needs no other file.
 */
#include "ner_train.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

/* ---- gazetteer ------------------------------------------------------------ */

typedef struct gaz_builder {
    uint64_t *slots;
    uint64_t mask;
    size_t count;
} gaz_builder;

static bool gaz_grow(gaz_builder *g);

static bool gaz_add_hash(gaz_builder *g, uint64_t h, uint16_t bits)
{
    if ((g->count + 1) * 2 > g->mask + 1 && !gaz_grow(g)) return false;
    uint64_t key = h & ~(uint64_t)0xffff;
    if (!key) key = 0x10000;
    for (uint64_t i = (h >> 16) & g->mask;; i = (i + 1) & g->mask) {
        if (!g->slots[i]) { g->slots[i] = key | bits; g->count++; return true; }
        if ((g->slots[i] & ~(uint64_t)0xffff) == key) { g->slots[i] |= bits; return true; }
    }
}

static bool gaz_grow(gaz_builder *g)
{
    uint64_t old_mask = g->mask;
    uint64_t *old = g->slots;
    uint64_t n = old ? (old_mask + 1) * 2 : 1024;
    g->slots = calloc(n, sizeof *g->slots);
    if (!g->slots) { g->slots = old; return false; }
    g->mask = n - 1;
    g->count = 0;
    for (uint64_t i = 0; old && i <= old_mask; i++) {
        if (!old[i]) continue;
        /* Re-insert by the stored key: the slot index came from bits 8.. of the hash, which the key keeps. */
        uint64_t key = old[i] & ~(uint64_t)0xffff;
        for (uint64_t j = (key >> 16) & g->mask;; j = (j + 1) & g->mask)
            if (!g->slots[j]) { g->slots[j] = old[i]; g->count++; break; }
    }
    free(old);
    return true;
}

/* Adds a phrase as written (collapsing whitespace, splitting a trailing
 * comma or period off as CoNLL-style tokens would not match anyway). */
static bool gaz_add(gaz_builder *g, const char *s, size_t n, uint16_t bits)
{
    char buf[256];
    size_t k = 0, words = 0;
    bool space = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') { space = true; continue; }
        if (c == ',' || c == '(' || c == ')' || c == '/' || c == ';') return true; /* not a plain name */
        if (space && k) { if (k + 1 >= sizeof buf) return true; buf[k++] = ' '; }
        if (space) words++;
        space = false;
        if (k + 1 >= sizeof buf) return true;
        buf[k++] = (char)c;
    }
    if (!k || words > NG_LEX_MAX_WORDS) return true;
    return gaz_add_hash(g, ng_gaz_phrase_hash(buf, k), bits);
}

/* Calls fn on each line of a (possibly gzipped) file. */
static bool each_line(const char *path, bool (*fn)(void *, char *, size_t), void *ud, char *err, size_t es)
{
    gzFile f = gzopen(path, "rb");
    if (!f) { snprintf(err, es, "%s: %s", path, strerror(errno)); return false; }
    enum { LINE_MAX_BYTES = 1 << 16 };
    char *line = malloc(LINE_MAX_BYTES);
    bool ok = line != NULL;
    while (ok && gzgets(f, line, LINE_MAX_BYTES)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        ok = fn(ud, line, n);
    }
    free(line);
    gzclose(f);
    if (!ok) snprintf(err, es, "%s: out of memory", path);
    return ok;
}

/* Field k (0-based) of a tab-separated line. */
static ng_str field(const char *line, size_t n, int k)
{
    size_t s = 0;
    for (int i = 0; i < k; i++) {
        const char *t = memchr(line + s, '\t', n - s);
        if (!t) return (ng_str){NULL, 0};
        s = (size_t)(t - line) + 1;
    }
    const char *t = memchr(line + s, '\t', n - s);
    size_t e = t ? (size_t)(t - line) : n;
    return (ng_str){line + s, e - s};
}

typedef struct gaz_job { gaz_builder *g; uint16_t bits; int fields[3]; } gaz_job;

static bool add_fields(void *ud, char *line, size_t n)
{
    gaz_job *j = ud;
    if (!n || line[0] == '#') return true;
    for (int k = 0; k < 3 && j->fields[k] >= 0; k++) {
        ng_str f = field(line, n, j->fields[k]);
        if (f.len && !gaz_add(j->g, f.ptr, f.len, j->bits)) return false;
    }
    return true;
}

/* demonyms.tsv: code, country, comma-separated demonyms. */
static bool add_demonyms(void *ud, char *line, size_t n)
{
    gaz_builder *g = ud;
    if (!n || line[0] == '#') return true;
    ng_str country = field(line, n, 1), dem = field(line, n, 2);
    if (country.len && !gaz_add(g, country.ptr, country.len, NG_LEX_COUNTRY)) return false;
    size_t s = 0;
    while (s < dem.len) {
        const char *c = memchr(dem.ptr + s, ',', dem.len - s);
        size_t e = c ? (size_t)(c - dem.ptr) : dem.len;
        size_t a = s;
        while (a < e && dem.ptr[a] == ' ') a++;
        if (e > a && !gaz_add(g, dem.ptr + a, e - a, NG_LEX_DEMONYM)) return false;
        s = e + 1;
    }
    return true;
}

/* GMB rows "Sentence: N,Word,POS,Tag" (IOB2, Latin-1): each per, org,
 * geo and gpe phrase joins the gazetteer; a person's first and last words
 * also go in alone, so "Zelensky" is known from "Volodymyr Zelensky". */
typedef struct gmb_state {
    gaz_builder *g;
    char phrase[256];
    size_t len, words;
    char first[64], last[64];
    uint16_t bits;
} gmb_state;

static bool gmb_flush(gmb_state *st)
{
    bool ok = true;
    if (st->len && st->bits) {
        ok = gaz_add(st->g, st->phrase, st->len, st->bits);
        if (ok && st->bits == NG_LEX_PER && st->words > 1)
            ok = gaz_add(st->g, st->first, strlen(st->first), NG_LEX_PER_FIRST) &&
                 gaz_add(st->g, st->last, strlen(st->last), NG_LEX_PER_LAST);
    }
    st->len = st->words = 0;
    st->bits = 0;
    return ok;
}

static bool gmb_row(void *ud, char *line, size_t n)
{
    gmb_state *st = ud;
    char *c1 = memchr(line, ',', n);
    char *c3 = line + n;
    while (c3 > line && c3[-1] != ',') c3--;
    char *c2 = c3 - 1;
    while (c2 > line && c2[-1] != ',') c2--;
    if (!c1 || c3 <= line || c2 <= c1 + 1) return true;
    if (line[0] == 'S' && !strncmp(line, "Sentence #", 10)) return true;
    const char *word = c1 + 1, *tag = c3;
    size_t wlen = (size_t)(c2 - 1 - word);
    if (line[0] == 'S' && !gmb_flush(st)) return false; /* a new sentence */
    uint16_t bits = 0;
    if (!strcmp(tag + 1, "-per")) bits = NG_LEX_PER;
    else if (!strcmp(tag + 1, "-org")) bits = NG_LEX_SEEN_ORG;
    else if (!strcmp(tag + 1, "-geo")) bits = NG_LEX_GEO;
    else if (!strcmp(tag + 1, "-gpe")) bits = NG_LEX_GPE;
    bool ascii = wlen > 0;
    for (size_t i = 0; i < wlen; i++) ascii = ascii && (unsigned char)word[i] < 0x80;
    if (tag[0] != 'I' || bits != st->bits) {
        if (!gmb_flush(st)) return false;
        if (!bits || !ascii || tag[0] != 'B') return true;
        st->bits = bits;
        snprintf(st->first, sizeof st->first, "%.*s", (int)wlen, word);
    }
    if (!ascii || st->len + wlen + 2 >= sizeof st->phrase) { st->bits = 0, st->len = 0; return true; }
    if (st->len) st->phrase[st->len++] = ' ';
    memcpy(st->phrase + st->len, word, wlen);
    st->len += wlen;
    st->words++;
    snprintf(st->last, sizeof st->last, "%.*s", (int)wlen, word);
    return true;
}

static bool build_gazetteer(const ng_train_options *o, gaz_builder *g, char *err, size_t es)
{
    if (o->gmb_path) {
        gmb_state st;
        memset(&st, 0, sizeof st);
        st.g = g;
        if (!each_line(o->gmb_path, gmb_row, &st, err, es) || !gmb_flush(&st)) return false;
    }
    char path[4096];
    if (o->geonames_dir) {
        gaz_job countries = {g, NG_LEX_COUNTRY, {4, -1, -1}};
        gaz_job capitals = {g, NG_LEX_CITY, {5, -1, -1}};
        gaz_job admin1 = {g, NG_LEX_ADMIN1, {1, 2, -1}};
        gaz_job cities = {g, NG_LEX_CITY, {1, 2, -1}};
        snprintf(path, sizeof path, "%s/countryInfo.txt", o->geonames_dir);
        if (!each_line(path, add_fields, &countries, err, es) || !each_line(path, add_fields, &capitals, err, es)) return false;
        snprintf(path, sizeof path, "%s/admin1CodesASCII.txt", o->geonames_dir);
        if (!each_line(path, add_fields, &admin1, err, es)) return false;
        snprintf(path, sizeof path, "%s/cities15000.txt.gz", o->geonames_dir);
        if (!each_line(path, add_fields, &cities, err, es)) return false;
    }
    if (o->lexicon_dir) {
        snprintf(path, sizeof path, "%s/demonyms.tsv", o->lexicon_dir);
        if (!each_line(path, add_demonyms, g, err, es)) return false;
        static const struct { const char *file; uint16_t bits; } lists[] = {
            {"org_words.txt", NG_LEX_ORG_SUFFIX}, {"titles.txt", NG_LEX_TITLE},
            {"first_names.txt", NG_LEX_FIRST_NAME}, {"organisations.txt", NG_LEX_ORG}};
        for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
            gaz_job j = {g, lists[k].bits, {0, -1, -1}};
            snprintf(path, sizeof path, "%s/%s", o->lexicon_dir, lists[k].file);
            if (!each_line(path, add_fields, &j, err, es)) return false;
        }
    }
    return true;
}

/* ---- word clusters --------------------------------------------------------- */

/* Lines "PATH\tWORD\tCOUNT" (PATH a bit string, all of one length), as
 * tools/clusters writes them. */
typedef struct cluster_reader {
    uint64_t *hash;
    uint16_t *code;
    size_t n, cap;
    uint32_t bits;
    bool bad;
} cluster_reader;

static bool cluster_line(void *ud, char *line, size_t n)
{
    cluster_reader *r = ud;
    if (!n || line[0] == '#') return true;
    ng_str path = field(line, n, 0), word = field(line, n, 1);
    if (!path.len || !word.len || path.len > NG_CLUSTER_MAX_BITS || (r->bits && path.len != r->bits)) {
        r->bad = true;
        return true;
    }
    uint16_t code = 0;
    for (size_t i = 0; i < path.len; i++) {
        if (path.ptr[i] != '0' && path.ptr[i] != '1') { r->bad = true; return true; }
        code = (uint16_t)(code << 1 | (path.ptr[i] - '0'));
    }
    r->bits = (uint32_t)path.len;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1 << 14;
        uint64_t *h = realloc(r->hash, r->cap * sizeof *h);
        if (h) r->hash = h;
        uint16_t *c = realloc(r->code, r->cap * sizeof *c);
        if (c) r->code = c;
        if (!h || !c) return false;
    }
    r->hash[r->n] = ng_word_hash(word.ptr, word.len);
    r->code[r->n++] = code;
    return true;
}

/* Reads the clusters into an open addressing table at most half full. */
static bool load_clusters(const char *path, uint64_t **slots, uint64_t *n_slots, uint32_t *bits, char *err, size_t es)
{
    cluster_reader r = {0};
    bool ok = each_line(path, cluster_line, &r, err, es);
    if (ok && (r.bad || !r.n)) {
        snprintf(err, es, "%s: not a cluster file (want PATH<TAB>WORD lines, PATH of 1..%d bits, one length)", path,
                 NG_CLUSTER_MAX_BITS);
        ok = false;
    }
    uint64_t n = 1024;
    while (ok && n < 2 * r.n) n *= 2;
    *slots = ok ? calloc(n, sizeof **slots) : NULL;
    if (ok && !*slots) { snprintf(err, es, "out of memory"); ok = false; }
    for (size_t i = 0; ok && i < r.n; i++) ng_table_insert(*slots, n - 1, r.hash[i], (uint16_t)(NG_CLUSTER_FOUND | r.code[i]), false);
    *n_slots = n;
    *bits = r.bits;
    free(r.hash);
    free(r.code);
    return ok;
}

/* ---- passive-aggressive training ------------------------------------------ */

typedef struct trainer {
    ng_feature_tables ft;
    size_t n_weights;
    float *w;      /* current weights */
    double *u;     /* sum of step * delta, for averaging */
    float *avg;    /* averaged weights of the last evaluation */
    uint64_t step;
} trainer;

typedef struct prepared_doc {
    ng_tag_doc doc;
    ng_doc_features df;
    const uint8_t *gold;
    bool no_misc;              /* see ng_conll_doc: a gold O is "O or MISC" */
    uint32_t group;            /* the two-pass fold follows the group, so copies share a fold */
    uint8_t *pass1;            /* first-pass labels (jackknifed on the training set) */
    uint32_t *xrows, *xoff;    /* second-pass features from pass1 */
} prepared_doc;

static bool prepare(ng_arena *a, const ng_feature_tables *ft, const ng_conll_corpus *c, prepared_doc **out)
{
    prepared_doc *p = ng_calloc(a, c->n_docs ? c->n_docs : 1, sizeof *p);
    if (!p) return false;
    for (size_t d = 0; d < c->n_docs; d++) {
        const ng_conll_doc *cd = &c->docs[d];
        p[d].doc = (ng_tag_doc){cd->words, cd->n_words, cd->sent_start, cd->n_sent};
        p[d].gold = cd->gold;
        p[d].no_misc = cd->no_misc;
        p[d].group = cd->group ? cd->group : (uint32_t)d;
        p[d].pass1 = ng_alloc(a, cd->n_words + 1);
        if (!p[d].pass1 || !ng_features_doc(a, ft, &p[d].doc, &p[d].df)) return false;
    }
    *out = p;
    return true;
}

static inline void add_rows(float *score, const float *w, const uint32_t *rows, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const float *r = w + (size_t)rows[k] * NG_N_LABELS;
        for (int l = 0; l < NG_N_LABELS; l++) score[l] += r[l];
    }
}

static inline void update_rows(trainer *t, const uint32_t *rows, size_t n, uint8_t gold, uint8_t pred, double c, float tau)
{
    for (size_t k = 0; k < n; k++) {
        size_t r = (size_t)rows[k] * NG_N_LABELS;
        t->w[r + gold] += tau, t->u[r + gold] += c * tau;
        t->w[r + pred] -= tau, t->u[r + pred] -= c * tau;
    }
}

/* Tags one prepared document with float weights, exactly as the decoder
 * does; with `learn`, also makes the passive-aggressive updates. `second` adds the
 * second-pass features. */
static void run_doc(trainer *t, const float *w, const prepared_doc *p, uint8_t *labels, uint16_t *hist, bool learn,
                    bool second)
{
    const ng_doc_features *df = &p->df;
    memset(hist, 0, (size_t)(df->n_word_ids ? df->n_word_ids : 1) * 5 * sizeof *hist);
    uint32_t hrows[NG_MAX_HISTORY_FEATURES];
    for (size_t i = 0; i < p->doc.n_words; i++) {
        float score[NG_N_LABELS] = {0};
        add_rows(score, w, df->rows + df->off[i], df->off[i + 1] - df->off[i]);
        if (second) add_rows(score, w, p->xrows + p->xoff[i], p->xoff[i + 1] - p->xoff[i]);
        size_t nh = ng_features_history(&t->ft, df, &p->doc, i, labels, hist, hrows);
        add_rows(score, w, hrows, nh);
        uint8_t prev = df->is_first[i] ? 0 : labels[i - 1];
        int best = -1;
        for (int l = 0; l < NG_N_LABELS; l++)
            if (ng_label_allowed(prev, (uint8_t)l) && (best < 0 || score[l] > score[best])) best = l;
        if (learn) {
            t->step++;
            uint8_t g = p->gold[i];
            /* A set without MISC says O where CoNLL would say MISC: its O
             * neither punishes a MISC guess nor pushes MISC down as the
             * rival (MISC is learnt only from the sets that tag it). */
            bool masked = p->no_misc && g == NG_LABEL_O;
            /* Passive-aggressive: the closest competitor of the gold label,
             * and the step that gives gold a margin of 1 over it. */
            int rival = -1;
            for (int l = 0; l < NG_N_LABELS; l++)
                if (l != g && ng_label_allowed(prev, (uint8_t)l) && !(masked && ng_label_type((uint8_t)l) == NG_NE_MISC) &&
                    (rival < 0 || score[l] > score[rival]))
                    rival = l;
            double loss = masked && ng_label_type((uint8_t)best) == NG_NE_MISC ? 0
                                                                                : 1.0 - ((double)score[g] - (double)score[rival]);
            size_t n_static = df->off[i + 1] - df->off[i], n_second = second ? p->xoff[i + 1] - p->xoff[i] : 0;
            if (loss > 0) {
                float tau = (float)(loss / (2.0 * (double)(n_static + n_second + nh)));
                double c = (double)t->step;
                update_rows(t, df->rows + df->off[i], n_static, g, (uint8_t)rival, c, tau);
                if (second) update_rows(t, p->xrows + p->xoff[i], n_second, g, (uint8_t)rival, c, tau);
                update_rows(t, hrows, nh, g, (uint8_t)rival, c, tau);
            }
        }
        labels[i] = (uint8_t)best;
        uint16_t *h = hist + (size_t)df->word_id[i] * 5;
        if (h[ng_label_type((uint8_t)best)] < UINT16_MAX) h[ng_label_type((uint8_t)best)]++;
    }
}

static uint32_t next_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    return *s = x;
}

static double evaluate(trainer *t, const float *w, prepared_doc *docs, size_t n_docs, uint8_t *labels,
                       uint16_t *hist, bool second, ng_ner_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t d = 0; d < n_docs; d++) {
        run_doc(t, w, &docs[d], labels, hist, false, second);
        /* A set without MISC cannot tell a MISC guess wrong. */
        for (size_t i = 0; docs[d].no_misc && i < docs[d].doc.n_words; i++)
            if (ng_label_type(labels[i]) == NG_NE_MISC) labels[i] = NG_LABEL_O;
        ng_ner_count(docs[d].gold, labels, docs[d].doc.n_words, docs[d].doc.sent_start, docs[d].doc.n_sent, c);
    }
    return ng_ner_f1(c, 0);
}

static double now_secs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct fit_job {
    prepared_doc *train;
    const size_t *subset;  /* indices into train */
    size_t n_subset;
    prepared_doc *dev;     /* may be NULL */
    size_t n_dev;
    bool second;
    const char *what;      /* for progress lines */
} fit_job;

/* Trains `o->ensemble` models on the job's documents (each early-
 * stopped on dev) and writes their mean weights to out. Returns the
 * mixed model's dev F1 (or -1 without dev). */
static double fit(trainer *t, const fit_job *j, const ng_train_options *o, float *out, float *best_w, size_t *order,
                  uint8_t *labels, uint16_t *hist, double t0)
{
    memset(out, 0, t->n_weights * sizeof *out);
    for (int member = 0; member < o->ensemble; member++) {
        memset(t->w, 0, t->n_weights * sizeof *t->w);
        memset(t->u, 0, t->n_weights * sizeof *t->u);
        t->step = 0;
        double best_f1 = -1;
        int best_epoch = 0;
        uint32_t rng = o->seed + (uint32_t)member * 7919u;
        memcpy(order, j->subset, j->n_subset * sizeof *order);
        for (int epoch = 1; epoch <= o->max_epochs; epoch++) {
            for (size_t d = j->n_subset; d > 1; d--) {
                size_t r = next_rand(&rng) % d;
                size_t tmp = order[d - 1];
                order[d - 1] = order[r], order[r] = tmp;
            }
            for (size_t d = 0; d < j->n_subset; d++) run_doc(t, t->w, &j->train[order[d]], labels, hist, true, j->second);
            double c = (double)(t->step ? t->step : 1);
            for (size_t i = 0; i < t->n_weights; i++) t->avg[i] = (float)((double)t->w[i] - t->u[i] / c);
            if (!j->dev) { memcpy(best_w, t->avg, t->n_weights * sizeof *best_w); continue; }
            ng_ner_counts counts;
            double f1 = evaluate(t, t->avg, j->dev, j->n_dev, labels, hist, j->second, &counts);
            if (!o->quiet)
                fprintf(stderr, "train: %s model %d epoch %d dev F1 %.4f %.1fs\n", j->what, member + 1, epoch, f1,
                        now_secs() - t0);
            if (f1 > best_f1) {
                best_f1 = f1, best_epoch = epoch;
                memcpy(best_w, t->avg, t->n_weights * sizeof *best_w);
            } else if (epoch - best_epoch >= o->patience) {
                break;
            }
        }
        for (size_t i = 0; i < t->n_weights; i++) out[i] += best_w[i] / (float)o->ensemble;
    }
    if (!j->dev) return -1;
    ng_ner_counts counts;
    double f1 = evaluate(t, out, j->dev, j->n_dev, labels, hist, j->second, &counts);
    if (!o->quiet)
        fprintf(stderr, "train: %s: dev F1 %.4f (PER %.4f ORG %.4f LOC %.4f MISC %.4f)\n", j->what, f1,
                ng_ner_f1(&counts, NG_NE_PER), ng_ner_f1(&counts, NG_NE_ORG), ng_ner_f1(&counts, NG_NE_LOC),
                ng_ner_f1(&counts, NG_NE_MISC));
    return f1;
}

/* First-pass labels of docs[subset] from weights w, then their second-pass features. */
static bool label_pass1(trainer *t, ng_arena *a, const float *w, prepared_doc *docs, const size_t *subset, size_t n,
                        uint16_t *hist)
{
    for (size_t k = 0; k < n; k++) {
        prepared_doc *p = &docs[subset[k]];
        run_doc(t, w, p, p->pass1, hist, false, false);
        if (!ng_features_aggregate(a, &t->ft, &p->df, &p->doc, p->pass1, &p->xrows, &p->xoff)) return false;
    }
    return true;
}

bool ng_train(const ng_conll_corpus *train, const ng_conll_corpus *dev, const ng_train_options *opt,
              const char *out_path, char *err, size_t es)
{
    ng_train_options o = *opt;
    if (o.max_epochs <= 0) o.max_epochs = 30;
    if (o.patience <= 0) o.patience = 4;
    if (!o.seed) o.seed = 1;
    if (o.hash_bits <= 0) o.hash_bits = 17;
    if (o.ensemble <= 0) o.ensemble = 1;
    if (o.hash_bits < 4 || o.hash_bits > 26) { snprintf(err, es, "hash bits must be 4..26"); return false; }
    double t0 = now_secs();

    gaz_builder g = {0};
    if (!build_gazetteer(&o, &g, err, es)) { free(g.slots); return false; }
    if (!o.quiet) fprintf(stderr, "train: gazetteer %zu phrases\n", g.count);
    uint64_t *cl = NULL, cl_slots = 0;
    uint32_t cl_bits = 0;
    if (o.clusters_path && !load_clusters(o.clusters_path, &cl, &cl_slots, &cl_bits, err, es)) {
        free(g.slots);
        return false;
    }
    if (cl && !o.quiet) fprintf(stderr, "train: word clusters with %u-bit paths from %s\n", cl_bits, o.clusters_path);

    trainer t = {0};
    t.ft.gaz = g.slots;
    t.ft.gaz_mask = g.slots ? g.mask : 0;
    t.ft.row_mask = (1u << o.hash_bits) - 1;
    t.ft.clusters = cl;
    t.ft.cluster_mask = cl ? cl_slots - 1 : 0;
    t.ft.cluster_bits = cl_bits;
    t.n_weights = (size_t)NG_N_LABELS << o.hash_bits;
    t.w = calloc(t.n_weights, sizeof *t.w);
    t.u = calloc(t.n_weights, sizeof *t.u);
    t.avg = calloc(t.n_weights, sizeof *t.avg);
    float *best_w = calloc(t.n_weights, sizeof *best_w);
    float *w1 = calloc(t.n_weights, sizeof *w1);
    float *w2 = o.two_pass ? calloc(t.n_weights, sizeof *w2) : NULL;
    float *wfold = o.two_pass ? calloc(t.n_weights, sizeof *wfold) : NULL;
    ng_arena a;
    ng_arena_init(&a, 0);
    prepared_doc *tr = NULL, *dv = NULL;
    size_t nd = train->n_docs, ndev = dev ? dev->n_docs : 0;
    size_t *order = calloc(nd ? nd : 1, sizeof *order);
    size_t *all = calloc(nd ? nd : 1, sizeof *all), *fold[2] = {calloc(nd ? nd : 1, sizeof(size_t)), calloc(nd ? nd : 1, sizeof(size_t))};
    size_t *dev_all = calloc(ndev ? ndev : 1, sizeof *dev_all);
    bool ok = t.w && t.u && t.avg && best_w && w1 && (!o.two_pass || (w2 && wfold)) && order && all && fold[0] &&
              fold[1] && dev_all && prepare(&a, &t.ft, train, &tr) && (!dev || prepare(&a, &t.ft, dev, &dv));
    uint8_t *labels = NULL;
    uint16_t *hist = NULL;
    size_t nfold[2] = {0, 0};
    if (ok) {
        size_t max_words = 1, max_ids = 1;
        for (size_t d = 0; d < nd; d++) {
            if (tr[d].doc.n_words > max_words) max_words = tr[d].doc.n_words;
            if (tr[d].df.n_word_ids > max_ids) max_ids = tr[d].df.n_word_ids;
            all[d] = d;
            int k = (int)(tr[d].group & 1);
            fold[k][nfold[k]++] = d;
        }
        for (size_t d = 0; d < ndev; d++) {
            if (dv[d].doc.n_words > max_words) max_words = dv[d].doc.n_words;
            if (dv[d].df.n_word_ids > max_ids) max_ids = dv[d].df.n_word_ids;
            dev_all[d] = d;
        }
        labels = malloc(max_words);
        hist = malloc(max_ids * 5 * sizeof *hist);
        ok = labels && hist;
    }
    if (!ok) snprintf(err, es, "out of memory");
    double f1 = -1;
    if (ok) {
        fit_job j1 = {tr, all, nd, dv, ndev, false, "pass 1"};
        f1 = fit(&t, &j1, &o, w1, best_w, order, labels, hist, t0);
    }
    if (ok && o.two_pass) {
        /* The second pass must learn from first-pass labels as wrong as
         * they will be at run time: each half of the training set is
         * labelled by a first pass trained on the other half. */
        for (int k = 0; ok && k < 2; k++) {
            fit_job jf = {tr, fold[1 - k], nfold[1 - k], dv, ndev, false, k ? "fold 2" : "fold 1"};
            fit(&t, &jf, &o, wfold, best_w, order, labels, hist, t0);
            ok = label_pass1(&t, &a, wfold, tr, fold[k], nfold[k], hist);
        }
        ok = ok && label_pass1(&t, &a, w1, dv, dev_all, ndev, hist);
        if (ok) {
            fit_job j2 = {tr, all, nd, dv, ndev, true, "pass 2"};
            f1 = fit(&t, &j2, &o, w2, best_w, order, labels, hist, t0);
        }
        if (!ok) snprintf(err, es, "out of memory");
    }
    if (ok) {
        if (!o.quiet) fprintf(stderr, "train: final dev F1 %.4f, writing %s\n", f1, out_path);
        ng_model_tables tabs = {(uint32_t)o.hash_bits, g.slots, g.slots ? g.mask + 1 : 0, cl, cl_slots, cl_bits};
        ok = ng_model_write(out_path, &tabs, w1, w2, err, es);
    }
    if (ok && !o.quiet) fprintf(stderr, "train: done in %.1fs\n", now_secs() - t0);
    free(labels);
    free(hist);
    free(order);
    free(all);
    free(fold[0]);
    free(fold[1]);
    free(dev_all);
    free(t.w);
    free(t.u);
    free(t.avg);
    free(best_w);
    free(w1);
    free(w2);
    free(wfold);
    free(g.slots);
    free(cl);
    ng_arena_free(&a);
    return ok;
}
