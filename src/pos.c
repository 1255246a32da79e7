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
    F_X_OF_U, F_X_WORD_U, F_PREV_CUR, F_CUR_NEXT, F_T1_SUF3, F_NEXT_SHAPE
};

static uint64_t feat(unsigned tmpl, const char *s, size_t n) { return ng_hash64(s, n, 0x51ed270b27ULL * tmpl); }
static uint64_t feat2(unsigned tmpl, uint64_t a, uint64_t b)
{
    return ng_mix64(a * 0x9E3779B97F4A7C15ULL ^ ng_mix64(b + tmpl * 0xC2B2AE3D27D4EB4FULL));
}

/* Lowercase (ASCII) copy of a word, cut at 64 bytes: long tokens (URLs)
 * are told apart by their other features. */
static size_t lower(ng_str w, char *out)
{
    size_t n = w.len < 64 ? w.len : 64;
    for (size_t k = 0; k < n; k++) out[k] = (char)ng_ascii_lower((unsigned char)w.ptr[k]);
    return n;
}

/* Length in bytes of the first / last k code points of s[0..n). */
static size_t prefix_bytes(const char *s, size_t n, int k)
{
    size_t i = 0;
    while (i < n && k > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        k--;
    }
    return k ? 0 : i;
}
static size_t suffix_bytes(const char *s, size_t n, int k)
{
    size_t i = n;
    while (i > 0 && k > 0) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
        k--;
    }
    return k ? 0 : n - i;
}

/* "Xxxx" -> "Xx", "1,000" -> "d,d": classes of characters with runs
 * collapsed. */
static size_t shape(ng_str w, char *out)
{
    size_t n = 0;
    char last = 0;
    for (size_t k = 0; k < w.len && n < 16; k++) {
        unsigned char c = (unsigned char)w.ptr[k];
        char s = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd'
                 : c >= 0x80 ? 'u' : (char)c;
        if ((c & 0xC0) == 0x80) continue;
        if (s != last) out[n++] = s;
        last = s;
    }
    return n;
}

size_t ng_pos_features(const ng_str *words, size_t n, size_t i, const uint8_t *upos, const uint8_t *xpos,
                       uint64_t *out)
{
    size_t k = 0;
    char lw[64], buf[64];
    ng_str w = words[i];
    size_t ln = lower(w, lw);
    uint64_t lower_h = feat(F_LOWER, lw, ln);
    out[k++] = feat(F_BIAS, "", 0);
    out[k++] = feat(F_WORD, w.ptr, w.len);
    out[k++] = lower_h;
    for (int p = 1; p <= 4; p++) {
        size_t b = prefix_bytes(lw, ln, p);
        if (b && b < ln) out[k++] = feat(F_PRE + (unsigned)p - 1, lw, b);
        b = suffix_bytes(lw, ln, p);
        if (b && b < ln) out[k++] = feat(F_SUF + (unsigned)p - 1, lw + ln - b, b);
    }
    out[k++] = feat(F_SHAPE, buf, shape(w, buf));
    bool hyphen = memchr(w.ptr, '-', w.len) != NULL, digit = false, upper = false;
    for (size_t c = 0; c < w.len; c++) {
        digit |= w.ptr[c] >= '0' && w.ptr[c] <= '9';
        upper |= w.ptr[c] >= 'A' && w.ptr[c] <= 'Z';
    }
    if (hyphen) out[k++] = feat(F_HYPHEN, "", 0);
    if (digit) out[k++] = feat(F_DIGIT, "", 0);
    /* Capitalised at the start of a sentence says little; elsewhere much. */
    if (upper) out[k++] = feat(F_UPPER, i ? "m" : "f", 1);
    if (i == 0) out[k++] = feat(F_FIRST, "", 0);
    static const char *const pad[2] = {"<s>", "</s>"};
    for (int d = -2; d <= 2; d++) {
        if (!d) continue;
        long j = (long)i + d;
        unsigned tmpl = d == -1 ? F_PREV1 : d == -2 ? F_PREV2 : d == 1 ? F_NEXT1 : F_NEXT2;
        if (j < 0 || j >= (long)n) { out[k++] = feat(tmpl, pad[d > 0], strlen(pad[d > 0])); continue; }
        size_t bn = lower(words[j], buf);
        out[k++] = feat(tmpl, buf, bn);
        if (d == -1 || d == 1) {
            size_t sb = suffix_bytes(buf, bn, 3);
            if (sb) out[k++] = feat(d < 0 ? F_PREV1_SUF3 : F_NEXT1_SUF3, buf + bn - sb, sb);
        }
    }
    /* Word bigrams around the token: "the / that" vs "so / that". */
    uint64_t prev_h = i ? feat(F_LOWER, buf, lower(words[i - 1], buf)) : 0;
    uint64_t next_h = i + 1 < n ? feat(F_LOWER, buf, lower(words[i + 1], buf)) : 1;
    out[k++] = feat2(F_PREV_CUR, prev_h, lower_h);
    out[k++] = feat2(F_CUR_NEXT, lower_h, next_h);
    if (i + 1 < n) out[k++] = feat(F_NEXT_SHAPE, buf, shape(words[i + 1], buf));
    /* History: the tags already chosen; NG_POS_N_XPOS stands for "none". */
    uint64_t t1 = i >= 1 ? xpos[i - 1] : NG_POS_N_XPOS, t2 = i >= 2 ? xpos[i - 2] : NG_POS_N_XPOS;
    uint64_t u1 = i >= 1 ? upos[i - 1] : NG_POS_N_UPOS;
    out[k++] = feat2(F_T1, t1, 0);
    out[k++] = feat2(F_T2, t2, 0);
    out[k++] = feat2(F_T12, t1, t2);
    out[k++] = feat2(F_T1_WORD, t1, lower_h);
    out[k++] = feat2(F_U1, u1, 0);
    size_t sb = suffix_bytes(lw, ln, 3);
    out[k++] = feat2(F_T1_SUF3, t1, feat(F_SUF + 2, lw + ln - sb, sb));
    return k;
}

size_t ng_pos_upos_features(const ng_str *words, size_t i, unsigned xpos_i, uint64_t *out)
{
    char lw[64];
    size_t ln = lower(words[i], lw);
    out[0] = feat2(F_X_OF_U, xpos_i, 0);
    out[1] = feat2(F_X_WORD_U, xpos_i, feat(F_LOWER, lw, ln));
    return 2;
}

unsigned ng_pos_best(const int16_t *w, uint32_t bits, const uint64_t *f, size_t nf, unsigned head, unsigned n_classes)
{
    unsigned best = 0;
    int32_t best_score = 0;
    for (unsigned c = 0; c < n_classes; c++) {
        int32_t s = 0; /* at most NG_POS_MAX_FEATURES + 2 terms of 16 bits: no overflow */
        for (size_t k = 0; k < nf; k++) s += w[ng_pos_slot(f[k], head + c, bits)];
        if (c == 0 || s > best_score) best = c, best_score = s;
    }
    return best;
}

void ng_pos_tag_weights(const int16_t *w, uint32_t bits, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos)
{
    uint64_t f[NG_POS_MAX_FEATURES + 2];
    for (size_t i = 0; i < n; i++) {
        size_t nf = ng_pos_features(words, n, i, upos, xpos, f);
        xpos[i] = (uint8_t)ng_pos_best(w, bits, f, nf, NG_POS_HEAD_XPOS, NG_POS_N_XPOS);
        nf += ng_pos_upos_features(words, i, xpos[i], f + nf);
        upos[i] = (uint8_t)ng_pos_best(w, bits, f, nf, NG_POS_HEAD_UPOS, NG_POS_N_UPOS);
    }
}

/* ---- model file ------------------------------------------------------------ */
struct ng_pos_model {
    const int16_t *w;
    uint32_t bits;
    void *map;        /* mmap'ed file, or NULL */
    void *copy;       /* malloc'ed image (open_memory), or NULL */
    size_t len;
};

static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* Checks an image; NULL or the reason. */
static const char *check(const unsigned char *b, size_t len, uint32_t *bits)
{
    if (len < NG_POS_HEADER || memcmp(b, NG_POS_MAGIC, 8) != 0) return "not a POS model (bad magic)";
    if (rd32(b + 8) != NG_POS_VERSION) return "unsupported POS model version";
    *bits = rd32(b + 12);
    if (*bits < NG_POS_MIN_BITS || *bits > NG_POS_MAX_BITS) return "bad hash size";
    if (rd32(b + 16) != NG_POS_N_UPOS || rd32(b + 20) != NG_POS_N_XPOS) return "tag sets differ from this library's";
    if (len != NG_POS_HEADER + ((size_t)2 << *bits)) return "truncated or wrong size";
    if (ng_checksum64(b + NG_POS_HEADER, len - NG_POS_HEADER) != rd64(b + 24)) return "checksum mismatch (corrupt file)";
    /* The weights are read in place as int16: little-endian hosts only. */
    const uint16_t one = 1;
    if (*(const unsigned char *)&one != 1) return "big-endian hosts cannot read the model";
    return NULL;
}

ng_pos_model *ng_pos_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size)
{
    ng_pos_model *m = calloc(1, sizeof *m);
    void *copy = len ? malloc(len) : NULL;
    if (!m || !copy) { free(m), free(copy); snprintf(err, err_size, "%s: out of memory", name); return NULL; }
    memcpy(copy, data, len);
    const char *why = check(copy, len, &m->bits);
    if (why) { free(m), free(copy); snprintf(err, err_size, "%s: %s", name, why); return NULL; }
    m->copy = copy, m->len = len;
    m->w = (const int16_t *)(const void *)((const unsigned char *)copy + NG_POS_HEADER);
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
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) { snprintf(err, err_size, "%s: %s", path, strerror(errno)); return NULL; }
    ng_pos_model *m = calloc(1, sizeof *m);
    const char *why = m ? check(map, (size_t)st.st_size, &m->bits) : "out of memory";
    if (why) { free(m); munmap(map, (size_t)st.st_size); snprintf(err, err_size, "%s: %s", path, why); return NULL; }
    m->map = map, m->len = (size_t)st.st_size;
    m->w = (const int16_t *)(const void *)((const unsigned char *)map + NG_POS_HEADER);
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

void ng_pos_tag(const ng_pos_model *m, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos)
{
    ng_pos_tag_weights(m->w, m->bits, words, n, upos, xpos);
}
