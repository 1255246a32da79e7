/*
 * tagger.c: the named-entity tagger: features, greedy decoding and the
 * model file.
 *
 * Model: a linear classifier over hashed features (averaged passive-aggressive,
 * trained by ner_train.c), one weight row of NG_N_LABELS int16 per hash
 * bucket. A token's score for each label is the sum of the rows of its
 * features; tokens are labelled left to right (greedy), each choice
 * feeding the next token's history features, with IOB2's one hard rule
 * (I-T only after B-T or I-T). Greedy decoding with a rich label history
 * is what Ratinov & Roth (2009) found as good as Viterbi for NER and much
 * cheaper; it also allows non-local features: how earlier occurrences of
 * the same word in the document were labelled.
 *
 * Features are never built as strings: each token's word, lowercase form
 * and shapes are hashed once; a feature's row is a mix of a template
 * number and those hashes. Multi-word gazetteer entries (places,
 * demonyms, titles, organisation words) live in the model as an open
 * addressing set of phrase hashes.
 *
 * Model file (little-endian, all offsets 64-byte aligned):
 *   (GAZ entries: the phrase hash with its low 16 bits replaced by type bits)
 *   header   "NGNERMDL", u32 version, u32 section count, u64 file size,
 *            u64 checksum of everything after the header, zeros to 64 bytes
 *   table    per section: u32 id, u32 reserved, u64 offset, u64 size,
 *            u64 checksum of the section's bytes
 *   META     u32 hash_bits, u32 labels, u32 feature version, u32 gazetteer
 *            slots (log2), float scale, float scale2, u32 cluster slots
 *            (log2), u32 cluster path bits
 *   GAZ      u64[2^gaz_bits]
 *   WEIGHTS  int16[2^hash_bits * labels]
 *   WEIGHTS2 the same for the second pass (optional)
 *   CLUSTERS u64[2^cluster_slot_bits], the word clusters (optional): in
 *            the model, not beside it, so weights and clusters never
 *            mismatch and one checksum covers both
 * Everything is checked on load (sizes, bounds, checksums), so a damaged
 * or foreign file is an error message, never a crash.
 */
#include "tagger.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODEL_MAGIC "NGNERMDL"
#define MODEL_VERSION 1u
#define FEATURE_VERSION 3u
#define SEC_META 1u
#define SEC_GAZ 2u
#define SEC_WEIGHTS 3u
#define SEC_WEIGHTS2 4u
#define SEC_CLUSTERS 5u
#define HEADER_SIZE 64u
#define SECTION_ENTRY 32u

const char *ng_ne_type_name(ng_ne_type t)
{
    switch (t) {
    case NG_NE_PER: return "PER";
    case NG_NE_ORG: return "ORG";
    case NG_NE_LOC: return "LOC";
    case NG_NE_MISC: return "MISC";
    default: return "O";
    }
}

/* ---- hashing ------------------------------------------------------------ */

static inline uint64_t hash_byte(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ULL; }
static inline uint64_t hash_start(void) { return 0xcbf29ce484222325ULL; }

uint64_t ng_gaz_phrase_hash(const char *s, size_t n)
{
    uint64_t h = hash_start();
    for (size_t i = 0; i < n; i++) h = hash_byte(h, ng_ascii_lower((unsigned char)s[i]));
    return ng_mix64(h);
}

/* A feature's row: template number and up to two token hashes. */
static inline uint32_t feat_row(const ng_feature_tables *ft, uint32_t tmpl, uint64_t a, uint64_t b)
{
    uint64_t h = (tmpl + 1) * 0x9E3779B97F4A7C15ULL;
    h = ng_mix64(h ^ a);
    h = ng_mix64(h ^ (b * 0x2545F4914F6CDD1DULL));
    return (uint32_t)(h >> 32) & ft->row_mask;
}

uint64_t ng_word_hash(const char *s, size_t n)
{
    uint64_t h = hash_start();
    for (size_t i = 0; i < n; i++) h = hash_byte(h, (unsigned char)s[i]);
    return ng_mix64(h);
}

/* The 16-bit value of key h in an open addressing table, 0 if absent. */
static uint16_t table_lookup(const uint64_t *slots, uint64_t mask, uint64_t h)
{
    if (!slots) return 0;
    uint64_t key = h & ~(uint64_t)0xffff;
    if (!key) key = 0x10000;
    for (uint64_t i = (h >> 16) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
        uint64_t e = slots[i];
        if (!e) return 0;
        if ((e & ~(uint64_t)0xffff) == key) return (uint16_t)(e & 0xffff);
    }
    return 0;
}

void ng_table_insert(uint64_t *slots, uint64_t mask, uint64_t h, uint16_t bits, bool merge)
{
    uint64_t key = h & ~(uint64_t)0xffff;
    if (!key) key = 0x10000;
    for (uint64_t i = (h >> 16) & mask;; i = (i + 1) & mask) {
        if (!slots[i]) { slots[i] = key | bits; return; }
        if ((slots[i] & ~(uint64_t)0xffff) == key) {
            if (merge) slots[i] |= bits;
            return;
        }
    }
}

static uint16_t gaz_lookup(const ng_feature_tables *ft, uint64_t h) { return table_lookup(ft->gaz, ft->gaz_mask, h); }

/* A word's cluster: as written, else capitalised ("APPLE" in a headline
 * is more likely "Apple" than "apple"), else lowercased. */
static uint16_t cluster_lookup(const ng_feature_tables *ft, ng_str w, uint64_t word, uint64_t lower)
{
    uint16_t c = table_lookup(ft->clusters, ft->cluster_mask, word);
    if (c || !w.len) return c;
    uint64_t h = hash_byte(hash_start(), (unsigned char)w.ptr[0]);
    for (size_t i = 1; i < w.len; i++) h = hash_byte(h, ng_ascii_lower((unsigned char)w.ptr[i]));
    uint64_t title = ng_mix64(h);
    if (title != word) c = table_lookup(ft->clusters, ft->cluster_mask, title);
    if (!c && lower != word && lower != title) c = table_lookup(ft->clusters, ft->cluster_mask, lower);
    return c;
}

/* ---- features ------------------------------------------------------------ */

enum {
    T_BIAS = 1, T_WORD, T_LOWER, T_SHAPE, T_SSHAPE, T_PREFIX, T_SUFFIX = T_PREFIX + 4,
    T_PREV1 = T_SUFFIX + 4, T_NEXT1, T_PREV2, T_NEXT2, T_PREV_SSHAPE, T_NEXT_SSHAPE, T_SHAPE3,
    T_BIGRAM_L, T_BIGRAM_R, T_FIRST, T_CAPS_SENT, T_GAZ, T_GAZ_PREV, T_GAZ_NEXT, T_DOC_LOWER,
    T_DOC_CAP, T_CAPS3, T_LEN, T_PREV_WORD_CAP, T_NEXT_WORD_CAP, T_HEADLINE_WORD,
    /* word clusters: path prefixes of the token and its neighbours */
    T_CL, T_CL_PREV, T_CL_NEXT,
    /* history */
    T_P1 = 64, T_P1P2, T_P1_WORD, T_P1_SHAPE, T_HIST, T_HIST_MAJOR, T_HIST_LAST,
    /* second pass: what the first pass said about this document */
    T_AGG_SELF = 96, T_AGG_PREV, T_AGG_NEXT, T_AGG_ANY, T_AGG_MAJOR, T_AGG_SELF_WORD
};

enum { CAP_NONE = 0, CAP_INIT, CAP_ALL, CAP_MIXED, CAP_DIGIT };

typedef struct tokinfo {
    uint64_t word, lower, shape, sshape;
    uint8_t cap;
    uint16_t cl;  /* NG_CLUSTER_FOUND | path, or 0 */
    uint32_t gaz; /* bit 2*k: begins a match of type bit k; bit 2*k+1: inside one */
} tokinfo;

/* Path prefixes used as features (bits; clipped to the table's path length).
 * The neighbours' 12-bit prefixes too: dev F1 0.9061 vs 0.9049 (mean of
 * 3 seeds, perceptron training), within seed noise, for two more rows per
 * token. */
static const uint32_t CL_SELF[] = {4, 6, 8, 10, 12};
static const uint32_t CL_CTX[] = {4, 8};
enum { CL_NONE = 1u << 20 };

/* The prefix of p bits of a token's cluster path; CL_NONE without one. */
static inline uint64_t cl_prefix(const ng_feature_tables *ft, uint16_t cl, uint32_t p)
{
    if (!cl) return CL_NONE;
    uint32_t bits = ft->cluster_bits;
    return p >= bits ? (uint64_t)(cl & (NG_CLUSTER_FOUND - 1)) : (uint64_t)((cl & (NG_CLUSTER_FOUND - 1)) >> (bits - p));
}

static void token_info(ng_str w, tokinfo *ti)
{
    uint64_t hw = hash_start(), hl = hash_start(), hs = hash_start(), hss = hash_start();
    int upper = 0, lower = 0, digit = 0;
    char last = 0;
    size_t shape_len = 0;
    bool first_upper = w.len && w.ptr[0] >= 'A' && w.ptr[0] <= 'Z';
    for (size_t i = 0; i < w.len; i++) {
        unsigned char c = (unsigned char)w.ptr[i];
        hw = hash_byte(hw, c);
        hl = hash_byte(hl, ng_ascii_lower(c));
        char s;
        if (c >= 'A' && c <= 'Z') s = 'X', upper++;
        else if (c >= 'a' && c <= 'z') s = 'x', lower++;
        else if (c >= '0' && c <= '9') s = 'd', digit++;
        else if (c >= 0x80) {
            if ((c & 0xC0) == 0x80) continue; /* continuation byte: one shape char per code point */
            s = 'u', lower++;
        } else s = (char)c;
        if (shape_len < 12) { hs = hash_byte(hs, (unsigned char)s); shape_len++; }
        if (s != last) hss = hash_byte(hss, (unsigned char)s);
        last = s;
    }
    ti->word = ng_mix64(hw);
    ti->lower = ng_mix64(hl);
    ti->shape = ng_mix64(hs);
    ti->sshape = ng_mix64(hss);
    if (digit && !upper && !lower) ti->cap = CAP_DIGIT;
    else if (upper && !lower) ti->cap = CAP_ALL;
    else if (first_upper) ti->cap = upper == 1 ? CAP_INIT : CAP_MIXED;
    else ti->cap = upper ? CAP_MIXED : CAP_NONE;
    ti->gaz = 0;
}

/* Marks gazetteer matches: longest phrase first at each start, starting
 * only at capitalised words (a lowercase "turkey" is not the country).
 * ti[0..w1-w0) are the tokens [w0, w1) of a window: matches start in it
 * and read words up to their sentence's end (is_first), but only the
 * window's tokens are marked. */
static void mark_gazetteer(const ng_feature_tables *ft, const ng_tag_doc *doc, const uint8_t *is_first, size_t w0,
                           size_t w1, tokinfo *ti)
{
    size_t n = doc->n_words;
    for (size_t i = w0; i < w1; i++) {
        tokinfo *t = &ti[i - w0];
        if (t->cap != CAP_INIT && t->cap != CAP_ALL && t->cap != CAP_MIXED) continue;
        uint64_t h = hash_start();
        uint16_t found[NG_LEX_MAX_WORDS] = {0};
        size_t maxk = 1;
        while (maxk < NG_LEX_MAX_WORDS && i + maxk < n && !is_first[i + maxk]) maxk++;
        for (size_t k = 0; k < maxk; k++) {
            ng_str w = doc->words[i + k];
            if (k) h = hash_byte(h, ' ');
            for (size_t j = 0; j < w.len; j++) h = hash_byte(h, ng_ascii_lower((unsigned char)w.ptr[j]));
            found[k] = gaz_lookup(ft, ng_mix64(h));
        }
        for (size_t k = 0; k < maxk; k++) {
            if (!found[k]) continue;
            for (int b = 0; b < 16; b++) {
                if (!(found[k] & (1u << b))) continue;
                t->gaz |= 1u << (2 * b);
                for (size_t j = 1; j <= k && i + j < w1; j++) t[j].gaz |= 1u << (2 * b + 1);
            }
        }
    }
}

/* What a token's static features need from the whole document, beyond
 * its sentence: made in one pass, a few bytes per token, so that the
 * features themselves can be made a window at a time. */
typedef struct doc_info {
    uint8_t *is_first;  /* per token: it starts a sentence */
    uint8_t *caps_sent; /* per token: its sentence is in capitals (a headline) */
    uint32_t *word_id;  /* per token: dense id of its lowercased word */
    uint32_t n_word_ids;
    uint8_t *seen;      /* per word id: 1 written lowercase somewhere, 2 capitalised where case tells */
} doc_info;

/* Dense ids of the lowercased words, in order of first occurrence. The
 * table doubles when half full: sized for the tokens, it took 24 bytes
 * or more per token where a document has far fewer distinct words. */
static bool assign_word_ids(ng_arena *a, const ng_tag_doc *doc, uint8_t *cap, doc_info *di)
{
    size_t n = doc->n_words, slots = 1024;
    uint64_t *keys = ng_calloc(a, slots, sizeof *keys);
    uint32_t *vals = ng_alloc(a, slots * sizeof *vals);
    if (!keys || !vals) return false;
    uint32_t next = 0;
    for (size_t i = 0; i < n; i++) {
        tokinfo ti;
        token_info(doc->words[i], &ti);
        cap[i] = ti.cap;
        uint64_t k = ti.lower | 1; /* never 0 */
        size_t j = (size_t)(k >> 7) & (slots - 1);
        while (keys[j] && keys[j] != k) j = (j + 1) & (slots - 1);
        if (!keys[j]) {
            if (2 * ((size_t)next + 1) > slots) {
                size_t ns = 2 * slots;
                uint64_t *nk = ng_calloc(a, ns, sizeof *nk);
                uint32_t *nv = ng_alloc(a, ns * sizeof *nv);
                if (!nk || !nv) return false;
                for (size_t q = 0; q < slots; q++) {
                    if (!keys[q]) continue;
                    size_t r = (size_t)(keys[q] >> 7) & (ns - 1);
                    while (nk[r]) r = (r + 1) & (ns - 1);
                    nk[r] = keys[q];
                    nv[r] = vals[q];
                }
                keys = nk, vals = nv, slots = ns;
                j = (size_t)(k >> 7) & (slots - 1);
                while (keys[j]) j = (j + 1) & (slots - 1);
            }
            keys[j] = k;
            vals[j] = next++;
        }
        di->word_id[i] = vals[j];
    }
    di->n_word_ids = next;
    return true;
}

static bool doc_info_make(ng_arena *a, const ng_tag_doc *doc, doc_info *di)
{
    size_t n = doc->n_words;
    memset(di, 0, sizeof *di);
    di->is_first = ng_calloc(a, n ? n : 1, 1);
    di->caps_sent = ng_calloc(a, n ? n : 1, 1);
    di->word_id = ng_alloc(a, (n ? n : 1) * sizeof *di->word_id);
    uint8_t *cap = ng_alloc(a, n ? n : 1);
    if (!di->is_first || !di->caps_sent || !di->word_id || !cap || !assign_word_ids(a, doc, cap, di)) return false;
    if (n) di->is_first[0] = 1; /* context never reaches before the document */
    for (size_t k = 0; k < doc->n_sent; k++) {
        size_t s = doc->sent_start[k], e = k + 1 < doc->n_sent ? doc->sent_start[k + 1] : n;
        if (s >= e || e > n) continue;
        di->is_first[s] = 1;
        /* A sentence in capitals (a headline) hides the case evidence. */
        int letters = 0, caps = 0;
        for (size_t i = s; i < e; i++) {
            if (cap[i] == CAP_ALL) caps++, letters++;
            else if (cap[i] != CAP_DIGIT && cap[i] != CAP_NONE) letters++;
            else if (cap[i] == CAP_NONE && doc->words[i].len && ((doc->words[i].ptr[0] | 0x20) >= 'a' && (doc->words[i].ptr[0] | 0x20) <= 'z')) letters++;
        }
        bool all_caps = letters >= 2 && caps == letters;
        for (size_t i = s; i < e; i++) di->caps_sent[i] = all_caps;
    }
    /* Document evidence per word: written lowercase somewhere, or
     * capitalised where case is informative (not sentence-initial, not in
     * a capitals headline). */
    di->seen = ng_calloc(a, di->n_word_ids ? di->n_word_ids : 1, 1);
    if (!di->seen) return false;
    for (size_t i = 0; i < n; i++) {
        if (cap[i] == CAP_NONE) di->seen[di->word_id[i]] |= 1;
        else if ((cap[i] == CAP_INIT || cap[i] == CAP_MIXED) && !di->is_first[i] && !di->caps_sent[i])
            di->seen[di->word_id[i]] |= 2;
    }
    return true;
}

/* Token information of the window [w0, w1), gazetteer marks included. */
static void window_info(const ng_feature_tables *ft, const ng_tag_doc *doc, const doc_info *di, size_t w0, size_t w1,
                        tokinfo *ti)
{
    for (size_t i = w0; i < w1; i++) {
        tokinfo *t = &ti[i - w0];
        token_info(doc->words[i], t);
        t->cl = ft->clusters ? cluster_lookup(ft, doc->words[i], t->word, t->lower) : 0;
    }
    mark_gazetteer(ft, doc, di->is_first, w0, w1, ti);
}

enum { MAX_STATIC_ROWS = 160 }; /* the most one token can have (40 + 3 x 32 gazetteer + 9 clusters) */

/* Writes the static feature rows of token i to r and returns the end. t
 * is its information in a window holding its sentence neighbours up to
 * two tokens away (t[-2] .. t[2] where they exist). */
static uint32_t *token_rows(const ng_feature_tables *ft, const ng_tag_doc *doc, const doc_info *di, size_t i,
                            const tokinfo *t, uint32_t *r)
{
    static const uint64_t BOS = 0x1234567, EOS = 0x7654321;
    size_t n = doc->n_words;
    const uint8_t *is_first = di->is_first;
    bool first = is_first[i];
    bool last = i + 1 >= n || is_first[i + 1];
    bool first2 = first || is_first[i - 1];
    bool last2 = last || i + 2 >= n || is_first[i + 2];
    uint64_t p1 = first ? BOS : t[-1].lower, n1 = last ? EOS : t[1].lower;
    uint64_t p2 = first2 ? BOS : t[-2].lower, n2 = last2 ? EOS : t[2].lower;
    uint64_t ps = first ? BOS : t[-1].sshape, ns = last ? EOS : t[1].sshape;
    uint8_t pc = first ? 7 : t[-1].cap, nc = last ? 7 : t[1].cap;
    uint64_t cs = di->caps_sent[i];
    *r++ = feat_row(ft, T_BIAS, 0, 0);
    *r++ = feat_row(ft, T_WORD, t->word, 0);
    *r++ = feat_row(ft, T_LOWER, t->lower, 0);
    *r++ = feat_row(ft, T_SHAPE, t->shape, 0);
    *r++ = feat_row(ft, T_SSHAPE, t->sshape, cs);
    ng_str w = doc->words[i];
    uint64_t hp = hash_start();
    for (size_t k = 0; k < 4 && k < w.len; k++) {
        hp = hash_byte(hp, ng_ascii_lower((unsigned char)w.ptr[k]));
        if (k + 1 < w.len) *r++ = feat_row(ft, T_PREFIX + (uint32_t)k, hp, 0);
    }
    uint64_t hsuf = hash_start();
    for (size_t k = 0; k < 4 && k < w.len; k++) {
        hsuf = hash_byte(hsuf, ng_ascii_lower((unsigned char)w.ptr[w.len - 1 - k]));
        if (k + 1 < w.len) *r++ = feat_row(ft, T_SUFFIX + (uint32_t)k, hsuf, 0);
    }
    *r++ = feat_row(ft, T_PREV1, p1, 0);
    *r++ = feat_row(ft, T_NEXT1, n1, 0);
    *r++ = feat_row(ft, T_PREV2, p2, 0);
    *r++ = feat_row(ft, T_NEXT2, n2, 0);
    *r++ = feat_row(ft, T_PREV_SSHAPE, ps, t->sshape);
    *r++ = feat_row(ft, T_NEXT_SSHAPE, ns, t->sshape);
    *r++ = feat_row(ft, T_SHAPE3, ps * 31 + t->sshape, ns);
    *r++ = feat_row(ft, T_BIGRAM_L, p1, t->lower);
    *r++ = feat_row(ft, T_BIGRAM_R, t->lower, n1);
    *r++ = feat_row(ft, T_FIRST, first, t->cap);
    *r++ = feat_row(ft, T_CAPS_SENT, cs, t->cap);
    *r++ = feat_row(ft, T_CAPS3, (uint64_t)pc * 16 + t->cap, (uint64_t)nc + 16 * cs + 64 * first);
    *r++ = feat_row(ft, T_LEN, w.len > 8 ? 8 : w.len, t->cap);
    *r++ = feat_row(ft, T_PREV_WORD_CAP, p1, t->cap);
    *r++ = feat_row(ft, T_NEXT_WORD_CAP, n1, t->cap);
    if (cs) *r++ = feat_row(ft, T_HEADLINE_WORD, t->lower, 0);
    for (int b = 0; b < 32; b++) {
        if (t->gaz & (1u << b)) *r++ = feat_row(ft, T_GAZ, (uint64_t)b, 0);
        if (!first && (t[-1].gaz & (1u << b))) *r++ = feat_row(ft, T_GAZ_PREV, (uint64_t)b, 0);
        if (!last && (t[1].gaz & (1u << b))) *r++ = feat_row(ft, T_GAZ_NEXT, (uint64_t)b, 0);
    }
    if (ft->clusters) {
        uint16_t pcl = first ? 0 : t[-1].cl, ncl = last ? 0 : t[1].cl;
        for (size_t k = 0; k < sizeof CL_SELF / sizeof *CL_SELF; k++)
            *r++ = feat_row(ft, T_CL, CL_SELF[k], cl_prefix(ft, t->cl, CL_SELF[k]));
        for (size_t k = 0; k < sizeof CL_CTX / sizeof *CL_CTX; k++) {
            uint32_t b = CL_CTX[k];
            *r++ = feat_row(ft, T_CL_PREV, b, first ? BOS : cl_prefix(ft, pcl, b));
            *r++ = feat_row(ft, T_CL_NEXT, b, last ? EOS : cl_prefix(ft, ncl, b));
        }
    }
    if (t->cap != CAP_NONE && t->cap != CAP_DIGIT) {
        uint8_t s = di->seen[di->word_id[i]];
        *r++ = feat_row(ft, T_DOC_LOWER, (s & 1) != 0, (uint64_t)first + 2 * cs);
        *r++ = feat_row(ft, T_DOC_CAP, (s & 2) != 0, (uint64_t)first + 2 * cs);
    }
    return r;
}

bool ng_features_doc(ng_arena *a, const ng_feature_tables *ft, const ng_tag_doc *doc, ng_doc_features *out)
{
    size_t n = doc->n_words;
    memset(out, 0, sizeof *out);
    doc_info di;
    tokinfo *ti = ng_alloc(a, (n ? n : 1) * sizeof *ti);
    out->off = ng_alloc(a, (n + 1) * sizeof *out->off);
    out->lower = ng_alloc(a, (n ? n : 1) * sizeof *out->lower);
    out->rows = ng_alloc(a, (n * MAX_STATIC_ROWS + 1) * sizeof *out->rows);
    if (!ti || !out->off || !out->lower || !out->rows || !doc_info_make(a, doc, &di)) return false;
    out->is_first = di.is_first;
    out->word_id = di.word_id;
    out->n_word_ids = di.n_word_ids;
    /* The trainer keeps every row of a (short) document: one window. */
    window_info(ft, doc, &di, 0, n, ti);
    uint32_t *r = out->rows;
    for (size_t i = 0; i < n; i++) {
        out->lower[i] = ti[i].lower;
        out->off[i] = (uint32_t)(r - out->rows);
        r = token_rows(ft, doc, &di, i, &ti[i], r);
    }
    out->off[n] = (uint32_t)(r - out->rows);
    return true;
}

/* History features of token i (lower: its lowercased word's hash; h: the
 * type counts of its word's earlier occurrences). */
static size_t history_rows(const ng_feature_tables *ft, const uint8_t *is_first, size_t i, const uint8_t *labels,
                           uint64_t lower, const uint16_t *h, uint32_t *out)
{
    size_t k = 0;
    bool first = is_first[i];
    uint64_t l1 = first ? 31 : labels[i - 1]; /* 31: no label (sentence start) */
    uint64_t l2 = first || is_first[i - 1] ? 31 : labels[i - 2];
    out[k++] = feat_row(ft, T_P1, l1, 0);
    out[k++] = feat_row(ft, T_P1P2, l1, l2);
    out[k++] = feat_row(ft, T_P1_WORD, l1, lower);
    unsigned total = 0, best = 0;
    int best_t = 0;
    for (int t = 1; t < 5; t++) {
        total += h[t];
        if (h[t] > best) best = h[t], best_t = t;
    }
    if (total) {
        for (int t = 1; t < 5; t++)
            if (h[t]) out[k++] = feat_row(ft, T_HIST, (uint64_t)t, 0);
        out[k++] = feat_row(ft, T_HIST_MAJOR, (uint64_t)best_t, (uint64_t)(2 * best > total + h[0]));
    } else if (h[0]) {
        out[k++] = feat_row(ft, T_HIST, 0, 0);
    }
    return k;
}

size_t ng_features_history(const ng_feature_tables *ft, const ng_doc_features *df, const ng_tag_doc *doc,
                           size_t i, const uint8_t *labels, const uint16_t *hist, uint32_t *out)
{
    (void)doc;
    return history_rows(ft, df->is_first, i, labels, df->lower[i], hist + (size_t)df->word_id[i] * 5, out);
}

enum { MAX_AGGREGATE_ROWS = 10 };

/* Second-pass rows of token i of n: pass1 holds the first pass's labels,
 * cnt the counts of the types its word got in the whole document. */
static uint32_t *aggregate_rows(const ng_feature_tables *ft, const uint8_t *is_first, size_t n, size_t i,
                                const uint8_t *pass1, uint64_t lower, const uint32_t *cnt, uint32_t *r)
{
    bool first = is_first[i], last = i + 1 >= n || is_first[i + 1];
    *r++ = feat_row(ft, T_AGG_SELF, pass1[i], 0);
    *r++ = feat_row(ft, T_AGG_PREV, first ? 31 : pass1[i - 1], pass1[i]);
    *r++ = feat_row(ft, T_AGG_NEXT, last ? 31 : pass1[i + 1], pass1[i]);
    *r++ = feat_row(ft, T_AGG_SELF_WORD, pass1[i], lower);
    /* The other occurrences of the word in the document, before or after. */
    uint32_t c[5];
    memcpy(c, cnt, sizeof c);
    c[ng_label_type(pass1[i])]--;
    uint32_t total = c[0] + c[1] + c[2] + c[3] + c[4];
    if (!total) return r;
    int major = 0;
    for (int t = 1; t < 5; t++) {
        if (c[t]) *r++ = feat_row(ft, T_AGG_ANY, (uint64_t)t, 0);
        if (c[t] > c[major]) major = t;
    }
    *r++ = feat_row(ft, T_AGG_MAJOR, (uint64_t)major, (uint64_t)ng_label_type(pass1[i]));
    return r;
}

/* Per word id, the counts of the types the first pass gave its occurrences. */
static uint32_t *type_counts(ng_arena *a, const uint32_t *word_id, uint32_t n_ids, size_t n, const uint8_t *pass1)
{
    uint32_t *cnt = ng_calloc(a, (size_t)(n_ids ? n_ids : 1) * 5, sizeof *cnt);
    if (cnt)
        for (size_t i = 0; i < n; i++) cnt[(size_t)word_id[i] * 5 + ng_label_type(pass1[i])]++;
    return cnt;
}

bool ng_features_aggregate(ng_arena *a, const ng_feature_tables *ft, const ng_doc_features *df, const ng_tag_doc *doc,
                           const uint8_t *pass1, uint32_t **rows_out, uint32_t **off_out)
{
    size_t n = doc->n_words;
    uint32_t *cnt = type_counts(a, df->word_id, df->n_word_ids, n, pass1);
    uint32_t *off = ng_alloc(a, (n + 1) * sizeof *off);
    uint32_t *rows = ng_alloc(a, (n * MAX_AGGREGATE_ROWS + 1) * sizeof *rows);
    if (!cnt || !off || !rows) return false;
    uint32_t *r = rows;
    for (size_t i = 0; i < n; i++) {
        off[i] = (uint32_t)(r - rows);
        r = aggregate_rows(ft, df->is_first, n, i, pass1, df->lower[i], cnt + (size_t)df->word_id[i] * 5, r);
    }
    off[n] = (uint32_t)(r - rows);
    *rows_out = rows;
    *off_out = off;
    return true;
}

/* ---- the model ------------------------------------------------------------ */

struct ng_tagger {
    const unsigned char *base;
    size_t size;
    bool mapped;
    uint32_t hash_bits;
    ng_feature_tables ft;
    const int16_t *weights;  /* first pass */
    const int16_t *weights2; /* second pass, or NULL for a one-pass model */
};


static inline uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static bool load_fail(char *err, size_t err_size, const char *name, const char *why)
{
    if (err && err_size) snprintf(err, err_size, "%s: %s", name, why);
    return false;
}

/* Validates the image at t->base and fills in the tables. */
static bool model_validate(ng_tagger *t, const char *name, char *err, size_t es)
{
    const unsigned char *b = t->base;
    size_t n = t->size;
    if (n < HEADER_SIZE) return load_fail(err, es, name, "not a newsgraph NER model (file too short for the header)");
    if (memcmp(b, MODEL_MAGIC, 8) != 0) return load_fail(err, es, name, "not a newsgraph NER model (bad magic)");
    uint32_t version = rd32(b + 8), nsec = rd32(b + 12);
    if (version != MODEL_VERSION) {
        char why[128];
        snprintf(why, sizeof why, "unsupported model version %u (this build reads version %u)", version, MODEL_VERSION);
        return load_fail(err, es, name, why);
    }
    if (rd64(b + 16) != n) return load_fail(err, es, name, "truncated or padded model (size differs from the header)");
    if (nsec == 0 || nsec > 16 || HEADER_SIZE + (size_t)nsec * SECTION_ENTRY > n)
        return load_fail(err, es, name, "corrupt model (bad section count)");
    for (size_t k = 32; k < HEADER_SIZE; k++)
        if (b[k]) return load_fail(err, es, name, "corrupt model (header padding is not zero)");
    const unsigned char *tab = b + HEADER_SIZE;
    /* One pass over the whole file in the good case; the per-section sums
     * only say where the damage is. */
    bool damaged = ng_checksum64(b + HEADER_SIZE, n - HEADER_SIZE) != rd64(b + 24);
    const unsigned char *meta = NULL, *gaz = NULL, *weights = NULL, *weights2 = NULL, *clusters = NULL;
    uint64_t meta_size = 0, gaz_size = 0, weights_size = 0, weights2_size = 0, clusters_size = 0;
    for (uint32_t k = 0; k < nsec; k++) {
        const unsigned char *e = tab + (size_t)k * SECTION_ENTRY;
        uint32_t id = rd32(e);
        uint64_t off = rd64(e + 8), size = rd64(e + 16);
        if (off > n || size > n - off || off % 64) return load_fail(err, es, name, "corrupt model (section out of bounds)");
        if (damaged && ng_checksum64(b + off, (size_t)size) != rd64(e + 24)) {
            char why[96];
            snprintf(why, sizeof why, "corrupt model (checksum mismatch in section %u)", id);
            return load_fail(err, es, name, why);
        }
        if (id == SEC_META) meta = b + off, meta_size = size;
        else if (id == SEC_GAZ) gaz = b + off, gaz_size = size;
        else if (id == SEC_WEIGHTS) weights = b + off, weights_size = size;
        else if (id == SEC_WEIGHTS2) weights2 = b + off, weights2_size = size;
        else if (id == SEC_CLUSTERS) clusters = b + off, clusters_size = size;
    }
    if (damaged) return load_fail(err, es, name, "corrupt model (checksum mismatch)");
    if (!meta || !weights || meta_size < 20) return load_fail(err, es, name, "corrupt model (missing section)");
    uint32_t hash_bits = rd32(meta), labels = rd32(meta + 4), fver = rd32(meta + 8), gaz_bits = rd32(meta + 12);
    if (labels != NG_N_LABELS || fver != FEATURE_VERSION)
        return load_fail(err, es, name, "model made for other features or labels (retrain with make train)");
    if (hash_bits < 4 || hash_bits > 26 || weights_size != ((uint64_t)NG_N_LABELS << hash_bits) * 2)
        return load_fail(err, es, name, "corrupt model (weight table size)");
    if (weights2 && weights2_size != weights_size) return load_fail(err, es, name, "corrupt model (second weight table size)");
    if (gaz_bits > 30 || (gaz && gaz_size != ((uint64_t)8 << gaz_bits)) || (!gaz && gaz_bits))
        return load_fail(err, es, name, "corrupt model (gazetteer size)");
    uint32_t cl_slot_bits = meta_size >= 32 ? rd32(meta + 24) : 0, cl_bits = meta_size >= 32 ? rd32(meta + 28) : 0;
    if (cl_slot_bits > 30 || (clusters && clusters_size != ((uint64_t)8 << cl_slot_bits)) || (!clusters && cl_slot_bits) ||
        (clusters && (cl_bits < 1 || cl_bits > NG_CLUSTER_MAX_BITS)))
        return load_fail(err, es, name, "corrupt model (cluster table size)");
    t->hash_bits = hash_bits;
    t->ft.row_mask = (1u << hash_bits) - 1;
    t->ft.gaz = gaz ? (const uint64_t *)(const void *)gaz : NULL;
    t->ft.gaz_mask = gaz ? ((uint64_t)1 << gaz_bits) - 1 : 0;
    t->weights = (const int16_t *)(const void *)weights;
    t->weights2 = weights2 ? (const int16_t *)(const void *)weights2 : NULL;
    t->ft.clusters = clusters ? (const uint64_t *)(const void *)clusters : NULL;
    t->ft.cluster_mask = clusters ? ((uint64_t)1 << cl_slot_bits) - 1 : 0;
    t->ft.cluster_bits = clusters ? cl_bits : 0;
    return true;
}

ng_tagger *ng_tagger_open(const char *path, char *err, size_t es)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { load_fail(err, es, path, strerror(errno)); return NULL; }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        load_fail(err, es, path, "not a regular file");
        close(fd);
        return NULL;
    }
    if (st.st_size < (off_t)HEADER_SIZE) {
        load_fail(err, es, path, "not a newsgraph NER model (file too short for the header)");
        close(fd);
        return NULL;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) { load_fail(err, es, path, strerror(errno)); return NULL; }
    ng_tagger *t = calloc(1, sizeof *t);
    if (!t) { munmap(m, (size_t)st.st_size); load_fail(err, es, path, "out of memory"); return NULL; }
    t->base = m;
    t->size = (size_t)st.st_size;
    t->mapped = true;
    if (!model_validate(t, path, err, es)) { ng_tagger_close(t); return NULL; }
    return t;
}

ng_tagger *ng_tagger_open_memory(const void *data, size_t len, const char *name, char *err, size_t es)
{
    ng_tagger *t = calloc(1, sizeof *t);
    /* 64-byte alignment, as in a mapped file, so the tables can be used in place. */
    void *copy = len ? aligned_alloc(64, (len + 63) / 64 * 64) : NULL;
    if (!t || (len && !copy)) { free(t); free(copy); load_fail(err, es, name, "out of memory"); return NULL; }
    if (len) memcpy(copy, data, len);
    t->base = copy;
    t->size = len;
    if (!model_validate(t, name, err, es)) { ng_tagger_close(t); return NULL; }
    return t;
}

void ng_tagger_close(ng_tagger *t)
{
    if (!t) return;
    if (t->mapped) munmap((void *)t->base, t->size);
    else free((void *)t->base);
    free(t);
}

size_t ng_tagger_size(const ng_tagger *t) { return t->size; }

/* The features of tokens [c0, c1) of a document, for decoding them. */
typedef struct span_rows {
    size_t c0, c1;
    const uint32_t *rows, *off;   /* static rows of token c0 + k: rows[off[k] .. off[k + 1]) */
    const uint32_t *xrows, *xoff; /* the second pass's rows, the same way; NULL in the first */
    const uint64_t *lower;        /* per token: the hash of its lowercased word */
} span_rows;

/* A document is decoded a span at a time, each span's features made in a
 * scratch arena reset for the next: whole sentences up to this many
 * tokens, or this many tokens of a longer sentence. Keeping the features
 * of every token took about 300 bytes per token, 60 times the text. */
enum { SPAN_TOKENS = 2048 };

static size_t span_end(const uint8_t *is_first, size_t n, size_t c0)
{
    if (n - c0 <= SPAN_TOKENS) return n;
    for (size_t b = c0 + SPAN_TOKENS; b > c0; b--)
        if (is_first[b]) return b;
    return c0 + SPAN_TOKENS;
}

/* Makes the span's static rows (the same in both passes) in `a`. False
 * when out of memory. */
static bool span_features(ng_arena *a, const ng_feature_tables *ft, const ng_tag_doc *doc, const doc_info *di,
                          size_t c0, size_t c1, span_rows *sp)
{
    size_t n = doc->n_words, w0 = c0, w1 = c1;
    /* The window also holds what the span's features look at in their
     * sentences: two neighbours each side, and the tokens before it where
     * a gazetteer phrase reaching into it may start. */
    while (w0 > 0 && c0 - w0 < NG_LEX_MAX_WORDS && !di->is_first[w0]) w0--;
    while (w1 < n && w1 - c1 < 2 && !di->is_first[w1]) w1++;
    tokinfo *ti = ng_alloc(a, (w1 - w0) * sizeof *ti);
    uint32_t *rows = ng_alloc(a, ((c1 - c0) * MAX_STATIC_ROWS + 1) * sizeof *rows);
    uint32_t *off = ng_alloc(a, (c1 - c0 + 1) * sizeof *off);
    uint64_t *lower = ng_alloc(a, (c1 - c0) * sizeof *lower);
    if (!ti || !rows || !off || !lower) return false;
    window_info(ft, doc, di, w0, w1, ti);
    uint32_t *r = rows;
    for (size_t i = c0; i < c1; i++) {
        off[i - c0] = (uint32_t)(r - rows);
        r = token_rows(ft, doc, di, i, &ti[i - w0], r);
        lower[i - c0] = ti[i - w0].lower;
    }
    off[c1 - c0] = (uint32_t)(r - rows);
    *sp = (span_rows){c0, c1, rows, off, NULL, NULL, lower};
    return true;
}

/* Adds to the span the second pass's rows, made in `a` from pass1 (the
 * first pass's labels of the whole document) and cnt (type_counts of
 * them). False when out of memory. */
static bool span_aggregates(ng_arena *a, const ng_feature_tables *ft, const ng_tag_doc *doc, const doc_info *di,
                            const uint8_t *pass1, const uint32_t *cnt, span_rows *sp)
{
    size_t n = doc->n_words, c0 = sp->c0, c1 = sp->c1;
    uint32_t *xrows = ng_alloc(a, ((c1 - c0) * MAX_AGGREGATE_ROWS + 1) * sizeof *xrows);
    uint32_t *xoff = ng_alloc(a, (c1 - c0 + 1) * sizeof *xoff);
    if (!xrows || !xoff) return false;
    uint32_t *r = xrows;
    for (size_t i = c0; i < c1; i++) {
        xoff[i - c0] = (uint32_t)(r - xrows);
        r = aggregate_rows(ft, di->is_first, n, i, pass1, sp->lower[i - c0], cnt + (size_t)di->word_id[i] * 5, r);
    }
    xoff[c1 - c0] = (uint32_t)(r - xrows);
    sp->xrows = xrows;
    sp->xoff = xoff;
    return true;
}

/* Adds the weight rows rows[0..n) to score. Written out for the nine
 * labels, the sums stay in registers. */
static inline void add_rows(int32_t score[NG_N_LABELS], const int16_t *weights, const uint32_t *rows, size_t n)
{
    _Static_assert(NG_N_LABELS == 9, "add_rows is written for nine labels");
    int32_t s0 = score[0], s1 = score[1], s2 = score[2], s3 = score[3], s4 = score[4], s5 = score[5], s6 = score[6],
            s7 = score[7], s8 = score[8];
    for (size_t q = 0; q < n; q++) {
        const int16_t *w = weights + (size_t)rows[q] * NG_N_LABELS;
        s0 += w[0], s1 += w[1], s2 += w[2], s3 += w[3], s4 += w[4], s5 += w[5], s6 += w[6], s7 += w[7], s8 += w[8];
    }
    score[0] = s0, score[1] = s1, score[2] = s2, score[3] = s3, score[4] = s4, score[5] = s5, score[6] = s6;
    score[7] = s7, score[8] = s8;
}

/* Labels the span's tokens left to right: labels before it are already
 * chosen, and hist counts per word id the types chosen so far. */
static void decode_span(const ng_tagger *t, const int16_t *weights, const doc_info *di, const span_rows *sp,
                        uint8_t *labels, uint16_t *hist)
{
    uint32_t hrows[NG_MAX_HISTORY_FEATURES];
    /* The weight table is far bigger than the caches and each feature is
     * a random row: fetching the rows of a token a few places ahead hides
     * most of the memory latency. */
    enum { AHEAD = 3 };
    size_t m = sp->c1 - sp->c0;
    for (size_t k = 0; k < m && k < AHEAD; k++)
        for (uint32_t q = sp->off[k]; q < sp->off[k + 1]; q++)
            __builtin_prefetch(weights + (size_t)sp->rows[q] * NG_N_LABELS);
    for (size_t k = 0; k < m; k++) {
        size_t i = sp->c0 + k;
        int32_t score[NG_N_LABELS] = {0};
        if (k + AHEAD < m)
            for (uint32_t q = sp->off[k + AHEAD]; q < sp->off[k + AHEAD + 1]; q++)
                __builtin_prefetch(weights + (size_t)sp->rows[q] * NG_N_LABELS);
        add_rows(score, weights, sp->rows + sp->off[k], sp->off[k + 1] - sp->off[k]);
        if (sp->xrows) add_rows(score, weights, sp->xrows + sp->xoff[k], sp->xoff[k + 1] - sp->xoff[k]);
        uint16_t *h = hist + (size_t)di->word_id[i] * 5;
        size_t nh = history_rows(&t->ft, di->is_first, i, labels, sp->lower[k], h, hrows);
        add_rows(score, weights, hrows, nh);
        uint8_t prev = di->is_first[i] ? 0 : labels[i - 1];
        int best = -1;
        for (int l = 0; l < NG_N_LABELS; l++)
            if (ng_label_allowed(prev, (uint8_t)l) && (best < 0 || score[l] > score[best])) best = l;
        labels[i] = (uint8_t)best;
        if (h[ng_label_type((uint8_t)best)] < UINT16_MAX) h[ng_label_type((uint8_t)best)]++;
    }
}

/* One left-to-right pass over the document, span by span (the features
 * of each in `span`, reset in between); pass1 and cnt as for
 * span_aggregates, NULL in the first pass. `whole`, when not NULL, is a
 * document of one span: the first pass leaves its static rows there (and
 * in `span`) and the second pass reuses them instead of making them again,
 * which took a third of the tagger's time; a longer document remakes
 * them span by span, so memory stays that of one span. */
static bool decode_pass(const ng_tagger *t, const int16_t *weights, ng_arena *span, const ng_tag_doc *doc,
                        const doc_info *di, const uint8_t *pass1, const uint32_t *cnt, uint16_t *hist, uint8_t *labels,
                        span_rows *whole)
{
    memset(hist, 0, (size_t)(di->n_word_ids ? di->n_word_ids : 1) * 5 * sizeof *hist);
    for (size_t c0 = 0, c1; c0 < doc->n_words; c0 = c1) {
        c1 = span_end(di->is_first, doc->n_words, c0);
        span_rows sp;
        if (whole && whole->rows) {
            sp = *whole;
        } else {
            ng_arena_reset(span);
            if (!span_features(span, &t->ft, doc, di, c0, c1, &sp)) return false;
            if (whole) *whole = sp;
        }
        if (pass1 && !span_aggregates(span, &t->ft, doc, di, pass1, cnt, &sp)) return false;
        decode_span(t, weights, di, &sp, labels, hist);
    }
    return true;
}

/* An organisation named after its place: "Security Service of Ukraine",
 * "Bank of England". The tagger often stops the ORG at "of" and tags the
 * place LOC (an ORG is rarely followed by "of" and a place otherwise). An
 * ORG chunk, then "of", then a LOC chunk in the same sentence, becomes one ORG. */
static void join_org_of_place(const ng_tag_doc *doc, const uint8_t *is_first, uint8_t *labels)
{
    size_t n = doc->n_words;
    for (size_t i = 0; i + 2 < n; i++) {
        if (ng_label_type(labels[i]) != NG_NE_ORG || labels[i + 1] != NG_LABEL_O || is_first[i + 1] || is_first[i + 2])
            continue;
        ng_str of = doc->words[i + 1];
        if (of.len != 2 || memcmp(of.ptr, "of", 2) || labels[i + 2] != ng_label_make(NG_NE_LOC, NG_PART_B)) continue;
        size_t end = ng_chunk_end(labels, i + 2, n);
        for (size_t k = i + 1; k < end; k++) labels[k] = ng_label_make(NG_NE_ORG, NG_PART_I);
        i = end - 1;
    }
}

bool ng_tagger_tag(const ng_tagger *t, ng_arena *a, const ng_tag_doc *doc, uint8_t *labels)
{
    ng_arena span;
    ng_arena_init_scratch(&span, a);
    bool ok = ng_tagger_tag_in(t, a, &span, doc, labels);
    ng_arena_free(&span);
    return ok;
}

bool ng_tagger_tag_in(const ng_tagger *t, ng_arena *a, ng_arena *span_arena, const ng_tag_doc *doc, uint8_t *labels)
{
    size_t n = doc->n_words;
    doc_info di;
    if (!doc_info_make(a, doc, &di)) return false;
    uint16_t *hist = ng_alloc(a, (size_t)(di.n_word_ids ? di.n_word_ids : 1) * 5 * sizeof *hist);
    if (!hist) return false;
    ng_arena *span = span_arena;
    span_rows whole = {0};
    span_rows *keep = t->weights2 && span_end(di.is_first, n, 0) == n ? &whole : NULL;
    bool ok = decode_pass(t, t->weights, span, doc, &di, NULL, NULL, hist, labels, keep);
    if (ok && t->weights2) {
        /* The second pass reads the first pass's labels as they were. */
        uint8_t *pass1 = ng_alloc(a, n ? n : 1);
        uint32_t *cnt = type_counts(a, di.word_id, di.n_word_ids, n, labels);
        ok = pass1 && cnt;
        if (ok) {
            memcpy(pass1, labels, n);
            ok = decode_pass(t, t->weights2, span, doc, &di, pass1, cnt, hist, labels, keep);
        }
    }
    if (ok) join_org_of_place(doc, di.is_first, labels);
    return ok;
}

size_t ng_labels_to_mentions(ng_arena *a, const uint8_t *labels, size_t n, ng_mention **out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += ng_chunk_starts(labels, i, 0);
    *out = NULL;
    if (!count) return 0;
    ng_mention *m = ng_alloc(a, count * sizeof *m);
    if (!m) return 0;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (!labels[i]) { i++; continue; }
        size_t j = ng_chunk_end(labels, i, n);
        m[k].tok_start = (uint32_t)i;
        m[k].tok_end = (uint32_t)j;
        m[k].type = (uint8_t)ng_label_type(labels[i]);
        k++;
        i = j;
    }
    *out = m;
    return k;
}

/* ---- writer ----------------------------------------------------------------- */

static bool put_bytes(FILE *f, const void *p, size_t n) { return fwrite(p, 1, n, f) == n; }

/* Weights to int16 with one scale per table: the argmax only needs the
 * ratios, and 16 bits keep the file half the size of floats. */
static int16_t *quantize(const float *w, size_t n, float *scale_out)
{
    float maxabs = 0;
    for (size_t i = 0; i < n; i++) maxabs = fmaxf(maxabs, fabsf(w[i]));
    float scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
    int16_t *q = malloc(n * sizeof *q);
    if (!q) return NULL;
    for (size_t i = 0; i < n; i++) q[i] = (int16_t)lrintf(w[i] / scale);
    *scale_out = scale;
    return q;
}

bool ng_model_write(const char *path, const ng_model_tables *tab, const float *weights, const float *weights2,
                    char *err, size_t es)
{
    uint32_t hash_bits = tab->hash_bits;
    const uint64_t *gaz = tab->gaz, *clusters = tab->clusters;
    uint64_t gaz_slots = tab->gaz_slots, cluster_slots = tab->cluster_slots;
    size_t nw = (size_t)NG_N_LABELS << hash_bits;
    float scale = 1, scale2 = 1;
    int16_t *q = quantize(weights, nw, &scale);
    int16_t *q2 = weights2 ? quantize(weights2, nw, &scale2) : NULL;
    if (!q || (weights2 && !q2)) { free(q); free(q2); return load_fail(err, es, path, "out of memory"); }
    uint32_t gaz_bits = 0;
    while (gaz && ((uint64_t)1 << gaz_bits) < gaz_slots) gaz_bits++;
    uint32_t cl_slot_bits = 0, cl_bits = clusters ? tab->cluster_bits : 0;
    while (clusters && ((uint64_t)1 << cl_slot_bits) < cluster_slots) cl_slot_bits++;

    unsigned char meta[64] = {0};
    memcpy(meta, &hash_bits, 4);
    uint32_t labels = NG_N_LABELS, fver = FEATURE_VERSION;
    memcpy(meta + 4, &labels, 4);
    memcpy(meta + 8, &fver, 4);
    memcpy(meta + 12, &gaz_bits, 4);
    memcpy(meta + 16, &scale, 4);
    memcpy(meta + 20, &scale2, 4);
    memcpy(meta + 24, &cl_slot_bits, 4);
    memcpy(meta + 28, &cl_bits, 4);
    enum { MAX_SECTIONS = 5 };
    struct { uint32_t id; const void *p; uint64_t size; } all[MAX_SECTIONS] = {
        {SEC_META, meta, 32}, {SEC_GAZ, gaz, gaz ? gaz_slots * 8 : 0}, {SEC_WEIGHTS, q, nw * 2},
        {SEC_WEIGHTS2, q2, nw * 2}, {SEC_CLUSTERS, clusters, clusters ? cluster_slots * 8 : 0}}, sec[MAX_SECTIONS];
    uint32_t nsec = 0;
    for (int k = 0; k < MAX_SECTIONS; k++)
        if (all[k].p) sec[nsec++] = all[k];
    unsigned char table[MAX_SECTIONS * SECTION_ENTRY] = {0};
    uint64_t off = (HEADER_SIZE + MAX_SECTIONS * SECTION_ENTRY + 63) / 64 * 64;
    for (uint32_t k = 0; k < nsec; k++) {
        unsigned char *e = table + k * SECTION_ENTRY;
        uint64_t sum = ng_checksum64(sec[k].p, (size_t)sec[k].size);
        memcpy(e, &sec[k].id, 4);
        memcpy(e + 8, &off, 8);
        memcpy(e + 16, &sec[k].size, 8);
        memcpy(e + 24, &sum, 8);
        off = (off + sec[k].size + 63) / 64 * 64;
    }
    uint64_t file_size = off;
    /* The last section ends the file: no padding after it. */
    {
        unsigned char *e = table + (nsec - 1) * SECTION_ENTRY;
        uint64_t last_off = rd64(e + 8);
        file_size = last_off + sec[nsec - 1].size;
    }
    /* The image is built in memory: the header's checksum covers all of it. */
    unsigned char *img = calloc(1, (size_t)file_size);
    if (!img) { free(q); free(q2); return load_fail(err, es, path, "out of memory"); }
    memcpy(img + HEADER_SIZE, table, nsec * SECTION_ENTRY);
    for (uint32_t k = 0; k < nsec; k++)
        if (sec[k].size) memcpy(img + rd64(table + k * SECTION_ENTRY + 8), sec[k].p, (size_t)sec[k].size);
    memcpy(img, MODEL_MAGIC, 8);
    uint32_t version = MODEL_VERSION;
    memcpy(img + 8, &version, 4);
    memcpy(img + 12, &nsec, 4);
    memcpy(img + 16, &file_size, 8);
    uint64_t fsum = ng_checksum64(img + HEADER_SIZE, (size_t)file_size - HEADER_SIZE);
    memcpy(img + 24, &fsum, 8);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    free(q);
    free(q2);
    if (!f) { free(img); return load_fail(err, es, tmp, strerror(errno)); }
    bool ok = put_bytes(f, img, (size_t)file_size);
    free(img);
    if (fclose(f) != 0) ok = false;
    if (!ok) { remove(tmp); return load_fail(err, es, tmp, "write failed"); }
    if (rename(tmp, path) != 0) { remove(tmp); return load_fail(err, es, path, strerror(errno)); }
    return true;
}

/* ng_tag_record with its working memory in `scratch` and its span
 * features in `span` (NULL: an arena of its own). */
static size_t tag_record(const ng_tagger *t, ng_arena *a, ng_arena *scratch, ng_arena *span, const ng_record *rec,
                         ng_mention **out)
{
    size_t n = rec->n_tokens;
    ng_str *words = ng_alloc(scratch, n * sizeof *words);
    uint32_t *starts = ng_alloc(scratch, (rec->n_sentences + 1) * sizeof *starts);
    uint8_t *labels = ng_alloc(scratch, n);
    if (!words || !starts || !labels) return 0;
    size_t ns = 0, s = 0, current = SIZE_MAX; /* current: the sentence the last opening was in */
    for (size_t i = 0; i < n; i++) {
        const ng_token *tk = &rec->tokens[i];
        words[i] = (ng_str){rec->text.ptr + tk->bstart, tk->bend - tk->bstart};
        while (s < rec->n_sentences && rec->sentences[s].end <= tk->start) s++;
        bool inside = s < rec->n_sentences && tk->start >= rec->sentences[s].start;
        if (i == 0 || (inside && s != current)) {
            starts[ns++] = (uint32_t)i;
            if (inside) current = s;
        }
    }
    ng_tag_doc doc = {words, n, starts, ns};
    if (!(span ? ng_tagger_tag_in(t, scratch, span, &doc, labels) : ng_tagger_tag(t, scratch, &doc, labels))) return 0;
    return ng_labels_to_mentions(a, labels, n, out);
}

size_t ng_tag_record_in(const ng_tagger *t, ng_arena *a, ng_arena *span, const ng_record *rec, ng_mention **out)
{
    *out = NULL;
    if (!rec->n_tokens) return 0;
    /* Words, labels and features are dropped at the end: only the
     * mentions stay in the article's arena. */
    ng_arena scratch;
    ng_arena_init_scratch(&scratch, a);
    size_t n = tag_record(t, a, &scratch, span, rec, out);
    ng_arena_free(&scratch);
    return n;
}

size_t ng_tag_record(const ng_tagger *t, ng_arena *a, const ng_record *rec, ng_mention **out)
{
    return ng_tag_record_in(t, a, NULL, rec, out);
}

/* ---- the "ner" stage ------------------------------------------------------
 * Leaves the tagger's mentions for the entity and quote stages; writes
 * nothing of its own. Without a model it finds nothing. */
static const char *tag_mentions(ng_stage_ctx *stage)
{
    if (!stage->tagger) return NULL;
    ng_arena *span = stage->work;
    if (span) {
        /* the article's limit holds for its working memory too */
        ng_arena scratch;
        ng_arena_init_scratch(&scratch, stage->arena);
        span->limit = scratch.limit;
    }
    stage->n_mentions = ng_tag_record_in(stage->tagger, stage->arena, span, stage->rec, &stage->mentions);
    return NULL;
}

const ng_stage ng_stage_ner = {"ner", tag_mentions, NULL};
