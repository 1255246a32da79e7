/*
 * ner_train.c: trains the tagger's model (an averaged perceptron) and
 * builds its gazetteer.
 *
 * Training follows the decoder exactly: documents are tagged left to right
 * with the current weights, the history features see the labels the model
 * itself chose (so training meets the errors it will make at run time),
 * and each wrong token moves the weights of its features towards the gold
 * label and away from the predicted one. Weights are averaged over all
 * steps (Collins 2002) with the usual lazy trick: w_avg = w - u / c where
 * u accumulates c * delta. After each epoch the averaged model tags the
 * development set; the best epoch is kept, and training stops after
 * `patience` epochs without improvement. The document order is shuffled
 * with a fixed seed, so the same data gives the same model, byte for byte.
 *
 * The gazetteer is a set of lowercased phrases with type bits, built from
 * GeoNames (countries, first-level divisions, cities of 15,000+ people)
 * and the repo's lexicons (demonyms, organisation words, titles, first
 * names). It is stored in the model, so the run time needs no other file.
 */
#include "tagger.h"

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

static bool gaz_add_hash(gaz_builder *g, uint64_t h, uint8_t bits)
{
    if ((g->count + 1) * 2 > g->mask + 1 && !gaz_grow(g)) return false;
    uint64_t key = h & ~(uint64_t)0xff;
    if (!key) key = 0x100;
    for (uint64_t i = (h >> 8) & g->mask;; i = (i + 1) & g->mask) {
        if (!g->slots[i]) { g->slots[i] = key | bits; g->count++; return true; }
        if ((g->slots[i] & ~(uint64_t)0xff) == key) { g->slots[i] |= bits; return true; }
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
        uint64_t key = old[i] & ~(uint64_t)0xff;
        for (uint64_t j = (key >> 8) & g->mask;; j = (j + 1) & g->mask)
            if (!g->slots[j]) { g->slots[j] = old[i]; g->count++; break; }
    }
    free(old);
    return true;
}

/* Adds a phrase as written (collapsing whitespace, splitting a trailing
 * comma or period off as CoNLL-style tokens would not match anyway). */
static bool gaz_add(gaz_builder *g, const char *s, size_t n, uint8_t bits)
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
    if (!k || words > NG_GAZ_MAX_WORDS) return true;
    return gaz_add_hash(g, ng_gaz_phrase_hash(buf, k), bits);
}

/* Calls fn on each line of a (possibly gzipped) file. */
static bool each_line(const char *path, bool (*fn)(void *, char *, size_t), void *ud, char *err, size_t es)
{
    gzFile f = gzopen(path, "rb");
    if (!f) { snprintf(err, es, "%s: %s", path, strerror(errno)); return false; }
    static char line[1 << 16];
    bool ok = true;
    while (ok && gzgets(f, line, sizeof line)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        ok = fn(ud, line, n);
    }
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

typedef struct gaz_job { gaz_builder *g; uint8_t bits; int fields[3]; } gaz_job;

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
    if (country.len && !gaz_add(g, country.ptr, country.len, NG_GAZ_COUNTRY)) return false;
    size_t s = 0;
    while (s < dem.len) {
        const char *c = memchr(dem.ptr + s, ',', dem.len - s);
        size_t e = c ? (size_t)(c - dem.ptr) : dem.len;
        size_t a = s;
        while (a < e && dem.ptr[a] == ' ') a++;
        if (e > a && !gaz_add(g, dem.ptr + a, e - a, NG_GAZ_DEMONYM)) return false;
        s = e + 1;
    }
    return true;
}

static bool build_gazetteer(const ng_train_options *o, gaz_builder *g, char *err, size_t es)
{
    char path[4096];
    if (o->geonames_dir) {
        gaz_job countries = {g, NG_GAZ_COUNTRY, {4, -1, -1}};
        gaz_job capitals = {g, NG_GAZ_CITY, {5, -1, -1}};
        gaz_job admin1 = {g, NG_GAZ_ADMIN1, {1, 2, -1}};
        gaz_job cities = {g, NG_GAZ_CITY, {1, 2, -1}};
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
        static const struct { const char *file; uint8_t bits; } lists[] = {
            {"org_words.txt", NG_GAZ_ORG_SUFFIX}, {"titles.txt", NG_GAZ_TITLE},
            {"first_names.txt", NG_GAZ_FIRST_NAME}, {"organisations.txt", NG_GAZ_ORG}};
        for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
            gaz_job j = {g, lists[k].bits, {0, -1, -1}};
            snprintf(path, sizeof path, "%s/%s", o->lexicon_dir, lists[k].file);
            if (!each_line(path, add_fields, &j, err, es)) return false;
        }
    }
    return true;
}

/* ---- perceptron ----------------------------------------------------------- */

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
} prepared_doc;

static bool prepare(ng_arena *a, const ng_feature_tables *ft, const ng_conll_corpus *c, prepared_doc **out)
{
    prepared_doc *p = ng_calloc(a, c->n_docs ? c->n_docs : 1, sizeof *p);
    if (!p) return false;
    for (size_t d = 0; d < c->n_docs; d++) {
        const ng_conll_doc *cd = &c->docs[d];
        p[d].doc = (ng_tag_doc){cd->words, cd->n_words, cd->sent_start, cd->n_sent};
        p[d].gold = cd->gold;
        if (!ng_features_doc(a, ft, &p[d].doc, &p[d].df)) return false;
    }
    *out = p;
    return true;
}

/* Tags one prepared document with float weights; if gold is given, also
 * trains on it. */
static void run_doc(trainer *t, const float *w, const prepared_doc *p, uint8_t *labels, uint16_t *hist, bool learn)
{
    const ng_doc_features *df = &p->df;
    memset(hist, 0, (size_t)(df->n_word_ids ? df->n_word_ids : 1) * 5 * sizeof *hist);
    uint32_t hrows[NG_MAX_HISTORY_FEATURES];
    for (size_t i = 0; i < p->doc.n_words; i++) {
        float score[NG_N_LABELS] = {0};
        for (uint32_t k = df->off[i]; k < df->off[i + 1]; k++) {
            const float *r = w + (size_t)df->rows[k] * NG_N_LABELS;
            for (int l = 0; l < NG_N_LABELS; l++) score[l] += r[l];
        }
        size_t nh = ng_features_history(&t->ft, df, &p->doc, i, labels, hist, hrows);
        for (size_t k = 0; k < nh; k++) {
            const float *r = w + (size_t)hrows[k] * NG_N_LABELS;
            for (int l = 0; l < NG_N_LABELS; l++) score[l] += r[l];
        }
        uint8_t prev = df->is_first[i] ? 0 : labels[i - 1];
        int best = 0;
        for (int l = 1; l < NG_N_LABELS; l++)
            if (score[l] > score[best] && ng_label_allowed(prev, (uint8_t)l)) best = l;
        if (learn) {
            t->step++;
            uint8_t g = p->gold[i];
            if (best != g) {
                double c = (double)t->step;
                for (uint32_t k = df->off[i]; k < df->off[i + 1]; k++) {
                    size_t r = (size_t)df->rows[k] * NG_N_LABELS;
                    t->w[r + g] += 1, t->u[r + g] += c;
                    t->w[r + (size_t)best] -= 1, t->u[r + (size_t)best] -= c;
                }
                for (size_t k = 0; k < nh; k++) {
                    size_t r = (size_t)hrows[k] * NG_N_LABELS;
                    t->w[r + g] += 1, t->u[r + g] += c;
                    t->w[r + (size_t)best] -= 1, t->u[r + (size_t)best] -= c;
                }
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

static double evaluate(trainer *t, const float *w, const prepared_doc *docs, size_t n_docs, uint8_t *labels,
                       uint16_t *hist, ng_ner_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t d = 0; d < n_docs; d++) {
        run_doc(t, w, &docs[d], labels, hist, false);
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

bool ng_train(const ng_conll_corpus *train, const ng_conll_corpus *dev, const ng_train_options *opt,
              const char *out_path, char *err, size_t es)
{
    ng_train_options o = *opt;
    if (o.max_epochs <= 0) o.max_epochs = 30;
    if (o.patience <= 0) o.patience = 4;
    if (!o.seed) o.seed = 1;
    if (o.hash_bits <= 0) o.hash_bits = 20;
    if (o.hash_bits < 4 || o.hash_bits > 26) { snprintf(err, es, "hash bits must be 4..26"); return false; }
    double t0 = now_secs();

    gaz_builder g = {0};
    if (!build_gazetteer(&o, &g, err, es)) { free(g.slots); return false; }
    if (!o.quiet) fprintf(stderr, "train: gazetteer %zu phrases\n", g.count);

    trainer t = {0};
    t.ft.gaz = g.slots;
    t.ft.gaz_mask = g.slots ? g.mask : 0;
    t.ft.row_mask = (1u << o.hash_bits) - 1;
    t.n_weights = (size_t)NG_N_LABELS << o.hash_bits;
    t.w = calloc(t.n_weights, sizeof *t.w);
    t.u = calloc(t.n_weights, sizeof *t.u);
    t.avg = calloc(t.n_weights, sizeof *t.avg);
    float *best_w = calloc(t.n_weights, sizeof *best_w);
    ng_arena a;
    ng_arena_init(&a, 0);
    prepared_doc *tr = NULL, *dv = NULL;
    size_t max_words = 1, max_ids = 1;
    size_t *order = calloc(train->n_docs ? train->n_docs : 1, sizeof *order);
    bool ok = t.w && t.u && t.avg && best_w && order && prepare(&a, &t.ft, train, &tr) &&
              (!dev || prepare(&a, &t.ft, dev, &dv));
    uint8_t *labels = NULL;
    uint16_t *hist = NULL;
    if (ok) {
        for (size_t d = 0; d < train->n_docs; d++) {
            if (tr[d].doc.n_words > max_words) max_words = tr[d].doc.n_words;
            if (tr[d].df.n_word_ids > max_ids) max_ids = tr[d].df.n_word_ids;
        }
        for (size_t d = 0; dev && d < dev->n_docs; d++) {
            if (dv[d].doc.n_words > max_words) max_words = dv[d].doc.n_words;
            if (dv[d].df.n_word_ids > max_ids) max_ids = dv[d].df.n_word_ids;
        }
        labels = malloc(max_words);
        hist = malloc(max_ids * 5 * sizeof *hist);
        ok = labels && hist;
    }
    if (!ok) snprintf(err, es, "out of memory");
    double best_f1 = -1;
    int best_epoch = 0;
    uint32_t rng = o.seed;
    for (size_t d = 0; ok && d < train->n_docs; d++) order[d] = d;
    for (int epoch = 1; ok && epoch <= o.max_epochs; epoch++) {
        for (size_t d = train->n_docs; d > 1; d--) {
            size_t j = next_rand(&rng) % d;
            size_t tmp = order[d - 1];
            order[d - 1] = order[j], order[j] = tmp;
        }
        for (size_t d = 0; d < train->n_docs; d++) run_doc(&t, t.w, &tr[order[d]], labels, hist, true);
        double c = (double)(t.step ? t.step : 1);
        for (size_t i = 0; i < t.n_weights; i++) t.avg[i] = (float)((double)t.w[i] - t.u[i] / c);
        if (!dev) { memcpy(best_w, t.avg, t.n_weights * sizeof *best_w); best_epoch = epoch; continue; }
        ng_ner_counts counts;
        double f1 = evaluate(&t, t.avg, dv, dev->n_docs, labels, hist, &counts);
        if (!o.quiet)
            fprintf(stderr, "train: epoch %d dev F1 %.4f (PER %.4f ORG %.4f LOC %.4f MISC %.4f) %.1fs\n", epoch, f1,
                    ng_ner_f1(&counts, NG_NE_PER), ng_ner_f1(&counts, NG_NE_ORG), ng_ner_f1(&counts, NG_NE_LOC),
                    ng_ner_f1(&counts, NG_NE_MISC), now_secs() - t0);
        if (f1 > best_f1) {
            best_f1 = f1, best_epoch = epoch;
            memcpy(best_w, t.avg, t.n_weights * sizeof *best_w);
        } else if (epoch - best_epoch >= o.patience) {
            break;
        }
    }
    if (ok) {
        if (!o.quiet) fprintf(stderr, "train: best epoch %d (dev F1 %.4f), writing %s\n", best_epoch, best_f1, out_path);
        ok = ng_model_write(out_path, (uint32_t)o.hash_bits, g.slots, g.slots ? g.mask + 1 : 0, best_w, err, es);
    }
    if (ok && !o.quiet) fprintf(stderr, "train: done in %.1fs\n", now_secs() - t0);
    free(labels);
    free(hist);
    free(order);
    free(t.w);
    free(t.u);
    free(t.avg);
    free(best_w);
    free(g.slots);
    ng_arena_free(&a);
    return ok;
}
