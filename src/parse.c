/*
 * parse.c: the dependency parser (parse.h): the arc-hybrid transition
 * system, its features, greedy decoding and the model file.
 */
#include "parse.h"
#include "pos.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The order is the public numbering (ng_dep_name). The labels of UD
 * English EWT v2.16 train, most frequent first, then other UD relations
 * and subtypes so that any English treebank's labels have a class. */
static const char *const dep_names[NG_DEP_N] = {
    "punct", "case", "nsubj", "det", "root", "advmod", "obj", "amod", "obl", "conj", "compound", "mark",
    "nmod", "cc", "aux", "cop", "advcl", "nmod:poss", "xcomp", "ccomp", "acl:relcl", "flat", "parataxis",
    "nummod", "appos", "acl", "aux:pass", "nsubj:pass", "obl:unmarked", "nmod:unmarked", "discourse",
    "compound:prt", "iobj", "list", "expl", "fixed", "nmod:desc", "obl:agent", "csubj", "nsubj:outer",
    "det:predet", "vocative", "goeswith", "advcl:relcl", "cc:preconj", "reparandum", "orphan", "csubj:pass",
    "dislocated", "dep", "csubj:outer", "clf", "obl:tmod", "nmod:tmod", "obl:npmod", "nmod:npmod",
    "flat:foreign", "det:poss", "expl:pv", "compound:svc"};

_Static_assert(NG_DEP_ROOT == 4, "dep_names[4] is \"root\"");

const char *ng_dep_name(unsigned i) { return i < NG_DEP_N ? dep_names[i] : NULL; }

int ng_dep_find(const char *s, size_t n)
{
    for (int i = 0; i < NG_DEP_N; i++)
        if (strlen(dep_names[i]) == n && memcmp(dep_names[i], s, n) == 0) return i;
    return -1;
}

unsigned ng_dep_coerce(const char *s, size_t n)
{
    int d = ng_dep_find(s, n);
    if (d >= 0) return (unsigned)d;
    const char *colon = memchr(s, ':', n);
    if (colon && (d = ng_dep_find(s, (size_t)(colon - s))) >= 0) return (unsigned)d;
    return (unsigned)ng_dep_find("dep", 3);
}

/* ---- state ----------------------------------------------------------------
 * Arrays of n + 2 entries: 0 is the root, 1..n the words, n + 1 "no
 * item", whose features are constants, so that feature code never
 * branches on absent items. */

static size_t align8(size_t x) { return (x + 7) & ~(size_t)7; }

size_t ng_parse_work_size(size_t n)
{
    size_t m = n + 2;
    return align8(m * sizeof(ng_parse_word)) + align8(m * 4) * 6 + align8(m) * 3 + m * 8 * 2;
}

static void *carve(unsigned char **p, size_t bytes)
{
    void *r = *p;
    *p += align8(bytes);
    return r;
}

static uint64_t lower_hash(ng_str w)
{
    char buf[64];
    size_t n = w.len < sizeof buf ? w.len : sizeof buf;
    for (size_t k = 0; k < n; k++) buf[k] = (char)ng_ascii_lower((unsigned char)w.ptr[k]);
    return ng_hash64(buf, n, 0x7061727365ULL);
}

void ng_parse_state_init(ng_parse_state *s, void *work, const ng_str *words, size_t n, const uint8_t *upos,
                         const uint8_t *xpos)
{
    size_t m = n + 2;
    unsigned char *p = work;
    ng_parse_word *w = carve(&p, m * sizeof *w);
    s->n = n;
    s->w = w;
    s->stack = carve(&p, m * 4);
    s->head = carve(&p, m * 4);
    s->lc1 = carve(&p, m * 4), s->lc2 = carve(&p, m * 4), s->rc1 = carve(&p, m * 4), s->rc2 = carve(&p, m * 4);
    s->label = carve(&p, m), s->n_left = carve(&p, m), s->n_right = carve(&p, m);
    s->left_labels = carve(&p, m * 8), s->right_labels = carve(&p, m * 8);
    s->depth = 0;
    s->b = 1;
    w[0] = (ng_parse_word){ng_hash64("<root>", 6, 1), NG_POS_N_XPOS, NG_POS_N_UPOS};
    for (size_t i = 1; i <= n; i++) w[i] = (ng_parse_word){lower_hash(words[i - 1]), xpos[i - 1], upos[i - 1]};
    w[n + 1] = (ng_parse_word){ng_hash64("<none>", 6, 1), NG_POS_N_XPOS + 1, NG_POS_N_UPOS + 1};
    uint32_t none = (uint32_t)(n + 1);
    for (size_t i = 0; i < m; i++) {
        s->head[i] = none, s->label[i] = NG_DEP_N;
        s->lc1[i] = s->lc2[i] = s->rc1[i] = s->rc2[i] = none;
        s->n_left[i] = s->n_right[i] = 0;
        s->left_labels[i] = s->right_labels[i] = 0;
    }
}

bool ng_parse_valid(const ng_parse_state *s, unsigned move)
{
    bool at_root = s->b > s->n;
    switch (move) {
    case NG_PARSE_SHIFT: return !at_root;
    case NG_PARSE_LEFT: return s->depth >= 1 && (!at_root || s->depth == 1);
    case NG_PARSE_RIGHT: return s->depth >= 2;
    default: return false;
    }
}

static void add_arc(ng_parse_state *s, uint32_t h, uint32_t d, unsigned label)
{
    s->head[d] = h, s->label[d] = (uint8_t)label;
    uint64_t bit = label < 64 ? (uint64_t)1 << label : 0;
    if (h == NG_PARSE_ROOT || d < h) {
        if (d < s->lc1[h] || s->lc1[h] == s->n + 1) s->lc2[h] = s->lc1[h], s->lc1[h] = d;
        else if (d < s->lc2[h] || s->lc2[h] == s->n + 1) s->lc2[h] = d;
        if (s->n_left[h] < 255) s->n_left[h]++;
        s->left_labels[h] |= bit;
    } else {
        if (d > s->rc1[h] || s->rc1[h] == s->n + 1) s->rc2[h] = s->rc1[h], s->rc1[h] = d;
        else if (d > s->rc2[h] || s->rc2[h] == s->n + 1) s->rc2[h] = d;
        if (s->n_right[h] < 255) s->n_right[h]++;
        s->right_labels[h] |= bit;
    }
}

void ng_parse_apply(ng_parse_state *s, unsigned move, unsigned label)
{
    if (move == NG_PARSE_SHIFT) {
        s->stack[s->depth++] = (uint32_t)s->b++;
        return;
    }
    uint32_t d = s->stack[--s->depth];
    uint32_t h = move == NG_PARSE_LEFT ? ng_parse_b0(s) : s->stack[s->depth - 1];
    add_arc(s, h, d, label);
}

/* ---- features -------------------------------------------------------------- */

static inline uint64_t f1(unsigned t, uint64_t a) { return ng_mix64(a * 0x9E3779B97F4A7C15ULL + t * 0xC2B2AE3D27D4EB4FULL); }
static inline uint64_t f2(unsigned t, uint64_t a, uint64_t b) { return ng_mix64(f1(t, a) ^ (b * 0x165667B19E3779F9ULL + 0x27D4EB2F165667C5ULL)); }

/* Distance buckets 1, 2, 3, 4, 5-9, 10+. */
static uint64_t bucket(size_t d) { return d < 5 ? d : d < 10 ? 5 : 6; }

size_t ng_parse_features(const ng_parse_state *s, uint64_t *out)
{
    const ng_parse_word *w = s->w;
    uint32_t none = (uint32_t)(s->n + 1);
    uint32_t s0 = s->depth >= 1 ? s->stack[s->depth - 1] : none;
    uint32_t s1 = s->depth >= 2 ? s->stack[s->depth - 2] : none;
    uint32_t s2 = s->depth >= 3 ? s->stack[s->depth - 3] : none;
    uint32_t b0 = ng_parse_b0(s);
    uint32_t b1 = s->b + 1 <= s->n ? (uint32_t)(s->b + 1) : s->b + 1 == s->n + 1 ? NG_PARSE_ROOT : none;
    uint32_t b2 = s->b + 2 <= s->n ? (uint32_t)(s->b + 2) : s->b + 2 == s->n + 1 ? NG_PARSE_ROOT : none;
    uint32_t s0l = s->lc1[s0], s0l2 = s->lc2[s0], s0r = s->rc1[s0], s0r2 = s->rc2[s0];
    uint32_t b0l = s->lc1[b0], b0l2 = s->lc2[b0], s1r = s->rc1[s1], s1l = s->lc1[s1];
    uint64_t s0w = w[s0].form, s1w = w[s1].form, s2w = w[s2].form, b0w = w[b0].form, b1w = w[b1].form, b2w = w[b2].form;
    uint64_t s0p = w[s0].tag, s1p = w[s1].tag, s2p = w[s2].tag, b0p = w[b0].tag, b1p = w[b1].tag, b2p = w[b2].tag;
    uint64_t s0wp = f1(0, s0w + s0p), s1wp = f1(0, s1w + s1p), b0wp = f1(0, b0w + b0p), b1wp = f1(0, b1w + b1p);
    size_t b0pos = b0 == NG_PARSE_ROOT ? s->n + 1 : b0;
    uint64_t d = s0 != none ? bucket(b0pos - s0) : 0, d1 = s0 != none && s1 != none ? bucket(s0 - s1) : 0;
    uint64_t vl0 = s->n_left[s0], vr0 = s->n_right[s0], vlb = s->n_left[b0];
    size_t k = 0;
    unsigned t = 1;
#define F1(a) out[k++] = f1(t++, (a))
#define F2(a, b) out[k++] = f2(t++, (a), (b))
    /* First the features the label head also reads (NG_PARSE_LABEL_FEATURES):
     * the dependent (s0), both possible heads (b0, s1) and their children. */
    F1(s0w), F1(s0p), F1(s0wp), F1(s1w), F1(s1p), F1(s1wp), F1(b0w), F1(b0p), F1(b0wp), F1(b1w), F1(b1p);
    F1(w[s0].utag << 8 | w[b0].utag), F1(w[s1].utag << 16 | w[s0].utag << 8 | w[b0].utag);
    F2(s0wp, b0wp), F2(s0w, b0w), F1(s0p << 8 | b0p), F1(s1p << 8 | s0p), F2(s1w, s0w), F2(s1wp, s0p), F2(s1p, s0wp);
    F1(b0p << 8 | b1p), F2(s0p, d), F1(s1p << 16 | s0p << 8 | d1);
    F1(s->label[s0l]), F1(s->label[s0r]), F2(s0p, s->right_labels[s0]), F2(s0p, s->left_labels[s0]);
    F2(b0p, s->left_labels[b0]), F1(s0p << 16 | (uint64_t)w[s0l].tag << 8 | b0p);
    F1(s0p << 16 | (uint64_t)w[s0r].tag << 8 | b0p), F2(s0p << 8 | s->label[s0l], b0p);
    F1(w[s0l].form), F1(w[s0r].form), F1(w[b0l].form), F1(w[s1r].form), F1(s->label[b0l]), F1(s->label[s1r]);
    F2(s0w, d), F2(b0w, d), F2(s0w, vr0), F2(s0w, vl0), F1(s2p), F1(b2p);
    out[k++] = f1(t++, 0); /* bias */
    /* Then the transition head's own. */
    F1(s2w), F1(b1wp), F1(b2w);
    F2(s0wp, b0w), F2(s0w, b0wp), F2(s0wp, b0p), F2(s0p, b0wp);
    F2(b0w, b1w), F2(b0w, b1p), F2(b0p, b1w), F2(s1w, b0w), F1(s1p << 8 | b0p);
    /* triples of tags */
    F1(b0p << 16 | b1p << 8 | b2p), F1(s0p << 16 | b0p << 8 | b1p), F1(s1p << 16 | s0p << 8 | b0p);
    F1(s2p << 16 | s1p << 8 | s0p), F1(s1p << 16 | s0p << 8 | b1p);
    F1(s0p << 16 | b0p << 8 | w[b0l].tag), F1(s1p << 16 | (uint64_t)w[s1r].tag << 8 | s0p);
    F1(s1p << 16 | (uint64_t)w[s1l].tag << 8 | s0p);
    /* distance */
    F2(b0p, d), F2(f2(0, s0w, b0w), d), F1(s0p << 16 | b0p << 8 | d);
    F2(f2(0, s1w, s0w), d1);
    /* valency */
    F1(s0p << 16 | vr0), F1(s0p << 16 | vl0), F2(b0w, vlb), F1(b0p << 16 | vlb);
    F1(s1p << 16 | s->n_right[s1]), F1(s1p << 16 | s->n_left[s1]);
    /* children */
    F1(w[s0l].tag), F1(w[s0r].tag), F1(w[b0l].tag), F1(w[s1r].tag);
    F1(w[s1l].tag), F1(s->label[s1l]);
    F1(w[s0l2].form), F1(w[s0l2].tag), F1(s->label[s0l2]), F1(w[s0r2].form), F1(w[s0r2].tag), F1(s->label[s0r2]);
    F1(w[b0l2].form), F1(w[b0l2].tag), F1(s->label[b0l2]);
    F1(s0p << 16 | (uint64_t)w[s0l].tag << 8 | w[s0l2].tag), F1(s0p << 16 | (uint64_t)w[s0r].tag << 8 | w[s0r2].tag);
    F1(b0p << 16 | (uint64_t)w[b0l].tag << 8 | w[b0l2].tag);
    F2(s0p << 8 | s->label[s0r], b0p), F2(b0p << 8 | s->label[b0l], s0p);
    /* label sets */
    F2(s0w, s->right_labels[s0]), F2(s0w, s->left_labels[s0]), F2(b0w, s->left_labels[b0]);
    F2(s1p, s->right_labels[s1]);
#undef F1
#undef F2
    return k;
}

/* ---- decoding ---------------------------------------------------------- */

/* The rows of a state's features are scattered over tables larger than
 * the cache: asking for all of them first lets their misses overlap. */
static unsigned best_move(const ng_parse_weights *wt, const ng_parse_state *s, const uint64_t *f, size_t nf)
{
    const int16_t *rows[NG_PARSE_MAX_FEATURES];
    for (size_t k = 0; k < nf; k++) {
        rows[k] = wt->trans + (size_t)ng_parse_row(f[k], wt->trans_bits) * NG_PARSE_TRANS_ROW;
        __builtin_prefetch(rows[k]);
    }
    int32_t score[NG_PARSE_TRANS_ROW] = {0};
    for (size_t k = 0; k < nf; k++)
        for (unsigned c = 0; c < NG_PARSE_TRANS_ROW; c++) score[c] += rows[k][c];
    unsigned best = NG_PARSE_N_MOVES;
    for (unsigned c = 0; c < NG_PARSE_N_MOVES; c++)
        if (ng_parse_valid(s, c) && (best == NG_PARSE_N_MOVES || score[c] > score[best])) best = c;
    return best;
}

static unsigned best_label(const ng_parse_weights *wt, unsigned move, const uint64_t *f)
{
    const int16_t *rows[NG_PARSE_LABEL_FEATURES];
    for (size_t k = 0; k < NG_PARSE_LABEL_FEATURES; k++) {
        rows[k] = wt->label + (size_t)ng_parse_label_row(f[k], move, wt->label_bits) * NG_PARSE_LABEL_ROW;
        __builtin_prefetch(rows[k]);
        __builtin_prefetch(rows[k] + NG_PARSE_LABEL_ROW / 2);
    }
    int32_t score[NG_PARSE_LABEL_ROW] = {0};
    for (size_t k = 0; k < NG_PARSE_LABEL_FEATURES; k++)
        for (unsigned c = 0; c < NG_PARSE_LABEL_ROW; c++) score[c] += rows[k][c];
    unsigned best = 0;
    for (unsigned c = 1; c < NG_DEP_N; c++)
        if (c != NG_DEP_ROOT && score[c] > score[best]) best = c;
    return best;
}

void ng_parse_weights_run(const ng_parse_weights *wt, const ng_str *words, size_t n, const uint8_t *upos,
                          const uint8_t *xpos, uint32_t *head, uint8_t *dep, void *work)
{
    ng_parse_state s;
    ng_parse_state_init(&s, work, words, n, upos, xpos);
    uint64_t f[NG_PARSE_MAX_FEATURES];
    while (!ng_parse_done(&s)) {
        size_t nf = ng_parse_features(&s, f);
        unsigned move = best_move(wt, &s, f, nf);
        unsigned label = 0;
        if (move != NG_PARSE_SHIFT) label = move == NG_PARSE_LEFT && s.b > s.n ? NG_DEP_ROOT : best_label(wt, move, f);
        ng_parse_apply(&s, move, label);
    }
    for (size_t i = 1; i <= n; i++) {
        head[i - 1] = s.head[i];
        dep[i - 1] = s.label[i];
    }
}

/* ---- model file ------------------------------------------------------------ */
struct ng_parse_model {
    ng_parse_weights w;
    void *map;        /* mmap'ed file, or NULL */
    void *copy;       /* malloc'ed image (open_memory), or NULL */
    size_t len;
};

static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* Checks an image and points w into it; NULL or the reason. */
static const char *check(const unsigned char *b, size_t len, ng_parse_weights *w)
{
    if (len < NG_PARSE_HEADER || memcmp(b, NG_PARSE_MAGIC, 8) != 0) return "not a parser model (bad magic)";
    if (rd32(b + 8) != NG_PARSE_VERSION) return "unsupported parser model version";
    uint32_t tb = rd32(b + 12), lb = rd32(b + 16);
    if (tb < NG_PARSE_MIN_BITS || tb > NG_PARSE_MAX_BITS || lb < NG_PARSE_MIN_BITS || lb > NG_PARSE_MAX_BITS)
        return "bad hash size";
    if (rd32(b + 20) != NG_DEP_N || rd32(b + 24) != NG_POS_N_XPOS || rd32(b + 28) != NG_PARSE_LABEL_ROW)
        return "label or tag sets differ from this library's";
    size_t trans = ((size_t)1 << tb) * NG_PARSE_TRANS_ROW * 2, label = ((size_t)1 << lb) * NG_PARSE_LABEL_ROW * 2;
    if (len != NG_PARSE_HEADER + trans + label) return "truncated or wrong size";
    if (ng_checksum64(b + NG_PARSE_HEADER, len - NG_PARSE_HEADER) != rd64(b + 32)) return "checksum mismatch (corrupt file)";
    const uint16_t one = 1;
    if (*(const unsigned char *)&one != 1) return "big-endian hosts cannot read the model";
    w->trans_bits = tb, w->label_bits = lb;
    w->trans = (const int16_t *)(const void *)(b + NG_PARSE_HEADER);
    w->label = (const int16_t *)(const void *)(b + NG_PARSE_HEADER + trans);
    return NULL;
}

ng_parse_model *ng_parse_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size)
{
    ng_parse_model *m = calloc(1, sizeof *m);
    /* 64-aligned like a mapping, so rows sit on whole cache lines */
    void *copy = len ? aligned_alloc(64, (len + 63) & ~(size_t)63) : NULL;
    if (!m || !copy) { free(m), free(copy); snprintf(err, err_size, "%s: out of memory", name); return NULL; }
    memcpy(copy, data, len);
    const char *why = check(copy, len, &m->w);
    if (why) { free(m), free(copy); snprintf(err, err_size, "%s: %s", name, why); return NULL; }
    m->copy = copy, m->len = len;
    return m;
}

ng_parse_model *ng_parse_open(const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(err, err_size, "%s: %s", path, strerror(errno)); return NULL; }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < NG_PARSE_HEADER) {
        close(fd);
        snprintf(err, err_size, "%s: not a parser model (too short)", path);
        return NULL;
    }
    /* MAP_POPULATE: the checksum reads every page at once anyway. */
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) { snprintf(err, err_size, "%s: %s", path, strerror(errno)); return NULL; }
    ng_parse_model *m = calloc(1, sizeof *m);
    const char *why = m ? check(map, (size_t)st.st_size, &m->w) : "out of memory";
    if (why) { free(m); munmap(map, (size_t)st.st_size); snprintf(err, err_size, "%s: %s", path, why); return NULL; }
    m->map = map, m->len = (size_t)st.st_size;
    return m;
}

void ng_parse_close(ng_parse_model *m)
{
    if (!m) return;
    if (m->map) munmap(m->map, m->len);
    free(m->copy);
    free(m);
}

size_t ng_parse_size(const ng_parse_model *m) { return m ? m->len : 0; }
const ng_parse_weights *ng_parse_model_weights(const ng_parse_model *m) { return &m->w; }
