/*
 * pos.c: the part-of-speech tagger (pos.h).
 *
 * Not yet a stage of the table: nothing reads the tags inside extract, and
 * tagging every sentence measured 54-61% of the stages' time on news
 * pages. It joins the table with the dependency parser, whose features
 * need it; until then `newsgraph parse --conllu` and ng_pos_tag_words()
 * use it.
 */
#include "pos.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The order is the public numbering (ng_upos_name / ng_xpos_name). */
static const char *const upos_names[NG_POS_N_UPOS] = {
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
/* Penn tags as UD English EWT uses them, plus XX and _ (seen in other
 * English treebanks) so that any input maps to some class. */
static const char *const xpos_names[NG_POS_N_XPOS] = {
    "NN", "IN", "DT", "NNP", "PRP", "JJ", "RB", ".", "VB", "NNS", ",", "CC", "VBD",
    "VBP", "VBZ", "CD", "VBN", "VBG", "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB",
    "``", "''", "WP", "RP", "UH", "POS", "HYPH", "NNPS", "JJR", "JJS", "EX", "NFP", "RBR",
    "ADD", "GW", "$", "SYM", "PDT", "LS", "FW", "RBS", "AFX", "WP$", "#", "XX", "_"};

const char *ng_upos_name(unsigned i) { return i < NG_POS_N_UPOS ? upos_names[i] : NULL; }
const char *ng_xpos_name(unsigned i) { return i < NG_POS_N_XPOS ? xpos_names[i] : NULL; }

static int find(const char *const *names, int count, const char *s, size_t n)
{
    for (int i = 0; i < count; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0) return i;
    return -1;
}
int ng_upos_find(const char *s, size_t n) { return find(upos_names, NG_POS_N_UPOS, s, n); }
int ng_xpos_find(const char *s, size_t n) { return find(xpos_names, NG_POS_N_XPOS, s, n); }

/* ---- features ------------------------------------------------------------ */
enum {
    F_BIAS = 1, F_WORD, F_LOWER, F_PRE, F_SUF = F_PRE + 4, F_SHAPE = F_SUF + 4, F_PREV1, F_PREV2, F_NEXT1, F_NEXT2,
    F_PREV1_SUF3, F_NEXT1_SUF3, F_T1, F_T2, F_T12, F_T1_WORD, F_U1, F_FIRST, F_HYPHEN, F_DIGIT, F_UPPER,
    F_PREV_CUR, F_CUR_NEXT, F_T1_SUF3, F_NEXT_SHAPE,
    /* the UPOS head's, each conjoined with the token's XPOS */
    U_X, U_WORD, U_FORM, U_PREV, U_NEXT, U_SUF3, U_T1, U_U1, U_NEXT_SHAPE
};

/* FNV-1a steps: word hashes stay unmixed until a feature mixes them with
 * its template, so each feature costs one ng_mix64. */
enum { FNV_BASIS = 0xcbf29ce484222325ULL, FNV_PRIME = 0x100000001b3ULL };
static inline uint64_t fnv(uint64_t h, unsigned char c) { return (h ^ c) * FNV_PRIME; }
static uint64_t fnv_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) h = fnv(h, (unsigned char)s[k]);
    return h;
}

static inline uint64_t ft(unsigned tmpl, uint64_t h) { return ng_mix64(h + tmpl * 0x9E3779B97F4A7C15ULL); }
static inline uint64_t ft2(unsigned tmpl, uint64_t a, uint64_t b)
{
    return ng_mix64(a * 0xC2B2AE3D27D4EB4FULL ^ ng_mix64(b + tmpl * 0x9E3779B97F4A7C15ULL));
}

/* Hashes standing for the words before the sentence and after it. */
static const uint64_t PAD_BEFORE = 0x3c733e, PAD_AFTER = 0x3c2f733e;

/* "Xxxx" -> "Xx", "1,000" -> "d,d": classes of characters with runs
 * collapsed, hashed. */
static uint64_t shape_hash(ng_str w)
{
    uint64_t h = FNV_BASIS;
    size_t n = 0;
    char last = 0;
    for (size_t k = 0; k < w.len && n < 16; k++) {
        unsigned char c = (unsigned char)w.ptr[k];
        char s = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd'
                 : c >= 0x80 ? 'u' : (char)c;
        if ((c & 0xC0) == 0x80) continue;
        if (s != last) h = fnv(h, (unsigned char)s), n++;
        last = s;
    }
    return h;
}

void ng_pos_word_info(ng_str w, ng_pos_word *out)
{
    /* Lowercase (ASCII), cut at 64 bytes: long tokens (URLs) are told
     * apart by their other features. */
    char lw[64];
    size_t ln = w.len < 64 ? w.len : 64;
    uint8_t flags = 0;
    for (size_t k = 0; k < ln; k++) {
        unsigned char c = (unsigned char)w.ptr[k];
        flags |= c == '-' ? NG_POS_HYPHEN : c >= '0' && c <= '9' ? NG_POS_DIGIT : c >= 'A' && c <= 'Z' ? NG_POS_UPPER : 0;
        lw[k] = (char)ng_ascii_lower(c);
    }
    for (size_t k = ln; k < w.len; k++) {
        unsigned char c = (unsigned char)w.ptr[k];
        flags |= c == '-' ? NG_POS_HYPHEN : c >= '0' && c <= '9' ? NG_POS_DIGIT : c >= 'A' && c <= 'Z' ? NG_POS_UPPER : 0;
    }
    out->flags = flags;
    out->form = fnv_bytes(FNV_BASIS, w.ptr, w.len);
    /* Prefixes of 1-4 code points come out of the lowercase hash as it
     * passes each code point's end; an affix that is the whole word is no
     * affix (0). */
    uint64_t h = FNV_BASIS;
    int p = 0;
    for (size_t k = 0; k < ln; k++) {
        h = fnv(h, (unsigned char)lw[k]);
        bool cp_end = k + 1 == ln || ((unsigned char)lw[k + 1] & 0xC0) != 0x80;
        if (cp_end && p < 4) out->pre[p++] = k + 1 < ln ? h : 0;
    }
    out->lower = h;
    for (; p < 4; p++) out->pre[p] = 0;
    /* Suffixes likewise, hashing backwards from the end. */
    h = FNV_BASIS ^ 0x5f;
    int s = 0;
    out->suf3 = 0;
    for (size_t k = ln; k > 0 && s < 4; k--) {
        h = fnv(h, (unsigned char)lw[k - 1]);
        if (((unsigned char)lw[k - 1] & 0xC0) == 0x80) continue;
        if (s == 2) out->suf3 = h;
        out->suf[s++] = k > 1 ? h : 0;
    }
    for (; s < 4; s++) out->suf[s] = 0;
    out->shape = shape_hash(w);
}

static void window_fill(ng_pos_window *win, size_t j)
{
    if (j < win->n) ng_pos_word_info(win->words[j], &win->ring[j & 7]);
}

void ng_pos_window_start(ng_pos_window *win, const ng_str *words, size_t n)
{
    win->words = words, win->n = n, win->i = 0;
    for (size_t j = 0; j < 3; j++) window_fill(win, j);
}

void ng_pos_window_next(ng_pos_window *win)
{
    win->i++;
    window_fill(win, win->i + 2);
}

/* Lowercase hash of token i + d, or the padding past either end. */
static uint64_t lower_at(const ng_pos_window *win, long d)
{
    long j = (long)win->i + d;
    if (j < 0) return PAD_BEFORE;
    if (j >= (long)win->n) return PAD_AFTER;
    return win->ring[(size_t)j & 7].lower;
}

size_t ng_pos_features(const ng_pos_window *win, const uint8_t *upos, const uint8_t *xpos, uint64_t *out)
{
    size_t i = win->i, n = win->n, k = 0;
    const ng_pos_word *w = &win->ring[i & 7];
    out[k++] = ft(F_BIAS, 0);
    out[k++] = ft(F_WORD, w->form);
    out[k++] = ft(F_LOWER, w->lower);
    for (unsigned p = 0; p < 4; p++) {
        if (w->pre[p]) out[k++] = ft(F_PRE + p, w->pre[p]);
        if (w->suf[p]) out[k++] = ft(F_SUF + p, w->suf[p]);
    }
    out[k++] = ft(F_SHAPE, w->shape);
    if (w->flags & NG_POS_HYPHEN) out[k++] = ft(F_HYPHEN, 0);
    if (w->flags & NG_POS_DIGIT) out[k++] = ft(F_DIGIT, 0);
    /* Capitalised at the start of a sentence says little; elsewhere much. */
    if (w->flags & NG_POS_UPPER) out[k++] = ft(F_UPPER, i ? 1 : 2);
    if (i == 0) out[k++] = ft(F_FIRST, 0);
    uint64_t prev = lower_at(win, -1), next = lower_at(win, 1);
    out[k++] = ft(F_PREV2, lower_at(win, -2));
    out[k++] = ft(F_PREV1, prev);
    out[k++] = ft(F_NEXT1, next);
    out[k++] = ft(F_NEXT2, lower_at(win, 2));
    if (i >= 1 && win->ring[(i - 1) & 7].suf3) out[k++] = ft(F_PREV1_SUF3, win->ring[(i - 1) & 7].suf3);
    if (i + 1 < n && win->ring[(i + 1) & 7].suf3) out[k++] = ft(F_NEXT1_SUF3, win->ring[(i + 1) & 7].suf3);
    /* Word bigrams around the token: "the / that" vs "so / that". */
    out[k++] = ft2(F_PREV_CUR, prev, w->lower);
    out[k++] = ft2(F_CUR_NEXT, w->lower, next);
    if (i + 1 < n) out[k++] = ft(F_NEXT_SHAPE, win->ring[(i + 1) & 7].shape);
    /* History: the tags already chosen; NG_POS_N_XPOS stands for "none". */
    uint64_t t1 = i >= 1 ? xpos[i - 1] : NG_POS_N_XPOS, t2 = i >= 2 ? xpos[i - 2] : NG_POS_N_XPOS;
    uint64_t u1 = i >= 1 ? upos[i - 1] : NG_POS_N_UPOS;
    out[k++] = ft(F_T1, t1);
    out[k++] = ft(F_T2, t2);
    out[k++] = ft(F_T12, t1 << 8 | t2);
    out[k++] = ft2(F_T1_WORD, t1, w->lower);
    out[k++] = ft(F_U1, u1);
    out[k++] = ft2(F_T1_SUF3, t1, w->suf3);
    return k;
}

size_t ng_pos_upos_features(const ng_pos_window *win, const uint8_t *upos, const uint8_t *xpos, unsigned xpos_i,
                            uint64_t *out)
{
    size_t i = win->i, n = win->n, k = 0;
    const ng_pos_word *w = &win->ring[i & 7];
    uint64_t x = xpos_i;
    out[k++] = ft(U_X, x);
    out[k++] = ft2(U_WORD, x, w->lower);
    out[k++] = ft2(U_FORM, x, w->form);
    out[k++] = ft2(U_PREV, x, lower_at(win, -1));
    out[k++] = ft2(U_NEXT, x, lower_at(win, 1));
    out[k++] = ft2(U_SUF3, x, w->suf3);
    out[k++] = ft2(U_T1, x, i >= 1 ? xpos[i - 1] : NG_POS_N_XPOS);
    out[k++] = ft2(U_U1, x, i >= 1 ? upos[i - 1] : NG_POS_N_UPOS);
    out[k++] = ft2(U_NEXT_SHAPE, x, i + 1 < n ? win->ring[(i + 1) & 7].shape : PAD_AFTER);
    return k;
}

/* ---- decoding ---------------------------------------------------------- */

enum { MAX_ALL_FEATURES = NG_POS_MAX_FEATURES + NG_POS_MAX_UPOS_FEATURES };

static void prefetch_rows(const ng_pos_table *t, const uint64_t *f, size_t nf, uint32_t *row)
{
    for (size_t k = 0; k < nf; k++) {
        row[k] = ng_pos_row(f[k], t->bits);
        __builtin_prefetch(t->row + row[k]);
    }
}

/* Best class of a head (the first n_classes of its t->width) for
 * features f[0..nf): the sum of their rows. The descriptors then the
 * weights are scattered over the table: all descriptors are asked for
 * before any is read, then all weights, so the misses overlap. Ties: the
 * lower class. int16 sums: a class gets at most one weight of |w| <= 127
 * from each row of a well-formed table; a hostile one only wraps. */
static unsigned best_class(const ng_pos_table *t, const uint64_t *f, size_t nf, unsigned n_classes)
{
    uint32_t row[MAX_ALL_FEATURES], d[MAX_ALL_FEATURES];
    prefetch_rows(t, f, nf, row);
    for (size_t k = 0; k < nf; k++) {
        d[k] = t->row[row[k]];
        uint32_t at = d[k] >> 8;
        __builtin_prefetch((d[k] & 0xff) == NG_POS_DENSE ? (const void *)(t->dense + (size_t)at * t->width)
                                                         : (const void *)(t->entry + at));
    }
    int16_t score[NG_POS_XROW] = {0};
    const unsigned mask = t->width - 1;
    for (size_t k = 0; k < nf; k++) {
        uint32_t at = d[k] >> 8, count = d[k] & 0xff;
        if (count == NG_POS_DENSE) {
            const int8_t *w = t->dense + (size_t)at * t->width;
            if (t->width == NG_POS_XROW)
                for (unsigned c = 0; c < NG_POS_XROW; c++) score[c] = (int16_t)(score[c] + w[c]);
            else
                for (unsigned c = 0; c < NG_POS_UROW; c++) score[c] = (int16_t)(score[c] + w[c]);
        } else {
            const ng_pos_entry *e = t->entry + at;
            for (uint32_t j = 0; j < count; j++) score[e[j].cls & mask] = (int16_t)(score[e[j].cls & mask] + e[j].w);
        }
    }
    unsigned best = 0;
    for (unsigned c = 1; c < n_classes; c++)
        if (score[c] > score[best]) best = c;
    return best;
}

void ng_pos_tag_weights(const ng_pos_weights *w, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos)
{
    uint64_t f[MAX_ALL_FEATURES];
    uint32_t row[MAX_ALL_FEATURES];
    ng_pos_window win;
    ng_pos_window_start(&win, words, n);
    for (size_t i = 0; i < n; i++, ng_pos_window_next(&win)) {
        size_t nf = ng_pos_features(&win, upos, xpos, f);
        /* the UPOS head reads the same features next: its starts load
         * while the XPOS head sums */
        prefetch_rows(&w->u, f, nf, row);
        xpos[i] = (uint8_t)best_class(&w->x, f, nf, NG_POS_N_XPOS);
        nf += ng_pos_upos_features(&win, upos, xpos, xpos[i], f + nf);
        upos[i] = (uint8_t)best_class(&w->u, f, nf, NG_POS_N_UPOS);
    }
}

/* ---- model file ------------------------------------------------------------ */
struct ng_pos_model {
    ng_pos_weights w;
    void *map;        /* mmap'ed file, or NULL */
    void *copy;       /* aligned malloc'ed image (open_memory), or NULL */
    size_t len;
};

static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* Every row of a table must lie inside it. */
static bool rows_ok(const ng_pos_table *t)
{
    uint32_t bad = 0;
    for (size_t r = 0; r < (size_t)1 << t->bits; r++) {
        uint32_t at = t->row[r] >> 8, count = t->row[r] & 0xff;
        bad |= count == NG_POS_DENSE ? at >= t->n_dense : (uint64_t)at + count > t->n_entries;
    }
    return !bad;
}

const char *ng_pos_layout(const unsigned char *body, const ng_pos_sizes *z, ng_pos_weights *w)
{
    /* The tables are read in place: little-endian hosts only. */
    const uint16_t one = 1;
    if (*(const unsigned char *)&one != 1) return "big-endian hosts cannot read the model";
    const uint32_t *xr = (const uint32_t *)(const void *)body, *ur = xr + ((size_t)1 << z->xbits);
    const int8_t *xd = (const int8_t *)(const void *)(ur + ((size_t)1 << z->ubits));
    const int8_t *ud = xd + (size_t)NG_POS_XROW * z->x_dense;
    const ng_pos_entry *xe = (const ng_pos_entry *)(const void *)(ud + (size_t)NG_POS_UROW * z->u_dense);
    w->x = (ng_pos_table){xr, xd, xe, z->xbits, z->x_dense, z->x_entries, NG_POS_XROW};
    w->u = (ng_pos_table){ur, ud, xe + z->x_entries, z->ubits, z->u_dense, z->u_entries, NG_POS_UROW};
    if (!rows_ok(&w->x) || !rows_ok(&w->u)) return "rows outside their table (corrupt file)";
    return NULL;
}

/* Checks an image and points w into it; NULL or the reason (written to
 * why_buf when it names numbers). */
static const char *check(const unsigned char *b, size_t len, ng_pos_weights *w, char *why_buf, size_t why_size)
{
    if (len < NG_POS_HEADER || memcmp(b, NG_POS_MAGIC, 8) != 0) return "not a POS model (bad magic)";
    if (rd32(b + 8) != NG_POS_VERSION) {
        snprintf(why_buf, why_size,
                 "POS model version %u, but this library reads version %u only (rebuild it with make train-pos, "
                 "or install the pos.bin of this release)",
                 rd32(b + 8), (unsigned)NG_POS_VERSION);
        return why_buf;
    }
    ng_pos_sizes z = {rd32(b + 12), rd32(b + 16), rd32(b + 36), rd32(b + 48), rd32(b + 28), rd32(b + 32)};
    if (z.xbits < NG_POS_MIN_BITS || z.xbits > NG_POS_MAX_BITS || z.ubits < NG_POS_MIN_BITS || z.ubits > NG_POS_MAX_BITS)
        return "bad hash size";
    if (rd32(b + 20) != NG_POS_N_UPOS || rd32(b + 24) != NG_POS_N_XPOS) return "tag sets differ from this library's";
    if (len != NG_POS_HEADER + ng_pos_body_bytes(&z)) return "truncated or wrong size";
    if (ng_checksum64(b + NG_POS_HEADER, len - NG_POS_HEADER) != rd64(b + 40)) return "checksum mismatch (corrupt file)";
    return ng_pos_layout(b + NG_POS_HEADER, &z, w);
}

ng_pos_model *ng_pos_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size)
{
    ng_pos_model *m = calloc(1, sizeof *m);
    /* 64-aligned like a mapping */
    void *copy = len ? aligned_alloc(64, (len + 63) & ~(size_t)63) : NULL;
    if (!m || !copy) { free(m), free(copy); snprintf(err, err_size, "%s: out of memory", name); return NULL; }
    memcpy(copy, data, len);
    char why_buf[200];
    const char *why = check(copy, len, &m->w, why_buf, sizeof why_buf);
    if (why) { free(m), free(copy); snprintf(err, err_size, "%s: %s", name, why); return NULL; }
    m->copy = copy, m->len = len;
    return m;
}

ng_pos_model *ng_pos_open(const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(err, err_size, "%s: %s", path, strerror(errno)); return NULL; }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < NG_POS_HEADER) {
        close(fd);
        snprintf(err, err_size, "%s: not a POS model (too short)", path);
        return NULL;
    }
    /* MAP_POPULATE: the checksum reads every page at once anyway; mapping
     * them in one call costs less than a fault per few pages. */
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) { snprintf(err, err_size, "%s: %s", path, strerror(errno)); return NULL; }
    ng_pos_model *m = calloc(1, sizeof *m);
    char why_buf[200];
    const char *why = m ? check(map, (size_t)st.st_size, &m->w, why_buf, sizeof why_buf) : "out of memory";
    if (why) { free(m); munmap(map, (size_t)st.st_size); snprintf(err, err_size, "%s: %s", path, why); return NULL; }
    m->map = map, m->len = (size_t)st.st_size;
    return m;
}

void ng_pos_close(ng_pos_model *m)
{
    if (!m) return;
    if (m->map) munmap(m->map, m->len);
    free(m->copy);
    free(m);
}

size_t ng_pos_size(const ng_pos_model *m) { return m ? m->len : 0; }
const ng_pos_weights *ng_pos_model_weights(const ng_pos_model *m) { return &m->w; }

void ng_pos_tag(const ng_pos_model *m, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos)
{
    ng_pos_tag_weights(&m->w, words, n, upos, xpos);
}
