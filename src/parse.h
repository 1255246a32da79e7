/*
 * parse.h: the dependency parser (UD relations), its model file and the
 * transition system it shares with its trainer (tools/parse_learn.c).
 *
 * Greedy arc-hybrid (Kuhlmann et al. 2011) over words 1..n with the root
 * at the END of the buffer: SHIFT pushes b0; LEFT makes b0 the head of s0
 * and pops it; RIGHT makes s1 the head of s0 and pops it. The root takes
 * one dependent only (LEFT onto the root needs a stack of one), so every
 * parse is a tree with exactly one root and is reached in exactly 2n
 * transitions: linear time whatever the input.
 *
 * Two linear heads over the same hashed features of the state:
 *  - the transition head (3 classes): one ROW per hashed feature holding
 *    the int16 weights of SHIFT, LEFT, RIGHT (and a pad) side by side, so
 *    one feature costs one 8-byte read;
 *  - the label head (n_labels classes), applied only when an arc is made,
 *    over the first NG_PARSE_LABEL_FEATURES of them mixed with the arc's
 *    direction: one row of NG_PARSE_LABEL_ROW int16 per feature.
 */
#ifndef NG_PARSE_H
#define NG_PARSE_H

#include "internal.h"

enum { NG_PARSE_SHIFT = 0, NG_PARSE_LEFT = 1, NG_PARSE_RIGHT = 2, NG_PARSE_N_MOVES = 3, NG_PARSE_TRANS_ROW = 4 };
enum { NG_DEP_N = 60, NG_PARSE_LABEL_ROW = 64, NG_PARSE_MAX_FEATURES = 128 };
/* The label head reads the first NG_PARSE_LABEL_FEATURES features only
 * (those of the dependent, its possible heads and their children): fewer
 * rows of 128 bytes to fetch per arc. */
enum { NG_PARSE_LABEL_FEATURES = 44 };
/* "root": only the arc onto the root gets it, never the label head. */
enum { NG_DEP_ROOT = 4 };
/* Word index of the root (words are 1..n). */
enum { NG_PARSE_ROOT = 0 };

/* The index of a relation name ("nsubj:pass"), or -1. */
int ng_dep_find(const char *s, size_t n);
/* The index to learn for a treebank label: itself, else its universal part
 * (before ':'), else "dep". */
unsigned ng_dep_coerce(const char *s, size_t n);

/* What the parser knows of each word, computed once per sentence;
 * index 0 is the root. */
typedef struct ng_parse_word {
    uint64_t form;     /* hash of the lowercased form */
    uint8_t tag;       /* XPOS (NG_POS_N_XPOS: root) */
    uint8_t utag;      /* UPOS */
} ng_parse_word;

/* The parser's state over words 1..n: stack, buffer front, arcs made so
 * far and each word's nearest/second children (0 when none). */
typedef struct ng_parse_state {
    size_t n;
    uint32_t *stack;       /* n entries */
    size_t depth;          /* items on the stack */
    size_t b;              /* buffer front: word b, or the root when b > n */
    uint32_t *head;        /* n + 1: head of word i (meaningful once attached) */
    uint8_t *label;        /* n + 1 */
    uint32_t *lc1, *lc2, *rc1, *rc2; /* n + 1 each */
    uint8_t *n_left, *n_right;       /* counts of children, saturating */
    uint64_t *left_labels, *right_labels; /* sets of labels of the children */
    const ng_parse_word *w;          /* n + 1 */
} ng_parse_state;

/* Bytes of working memory ng_parse_state_init needs for n words. */
size_t ng_parse_work_size(size_t n);
/* Lays the state out in `work` (ng_parse_work_size(n) bytes, 8-aligned)
 * and fills the word features of words[0..n) with tags xpos/upos. */
void ng_parse_state_init(ng_parse_state *s, void *work, const ng_str *words, size_t n, const uint8_t *upos,
                         const uint8_t *xpos);
/* The buffer front: a word 1..n, or NG_PARSE_ROOT when only the root is left. */
static inline uint32_t ng_parse_b0(const ng_parse_state *s) { return s->b <= s->n ? (uint32_t)s->b : NG_PARSE_ROOT; }
static inline bool ng_parse_done(const ng_parse_state *s) { return s->b > s->n && s->depth == 0; }
bool ng_parse_valid(const ng_parse_state *s, unsigned move);
/* Applies a valid move; an arc gets `label`. */
void ng_parse_apply(ng_parse_state *s, unsigned move, unsigned label);
/* The feature hashes of the state; returns how many (<= NG_PARSE_MAX_FEATURES,
 * always > NG_PARSE_LABEL_FEATURES, which come first). */
size_t ng_parse_features(const ng_parse_state *s, uint64_t *out);

/* Row of a feature in a table of 2^bits rows; the label head's row also
 * depends on the arc's direction (LEFT or RIGHT). */
static inline uint32_t ng_parse_row(uint64_t f, uint32_t bits) { return (uint32_t)(f >> (64 - bits)); }
static inline uint32_t ng_parse_label_row(uint64_t f, unsigned move, uint32_t bits)
{
    return (uint32_t)((f ^ (uint64_t)move * 0xD6E8FEB86659FD93ULL) * 0x9E3779B97F4A7C15ULL >> (64 - bits));
}

/* The weights of both heads (int16, as stored in the model file). */
typedef struct ng_parse_weights {
    const int16_t *trans;  /* 2^trans_bits rows of NG_PARSE_TRANS_ROW */
    const int16_t *label;  /* 2^label_bits rows of NG_PARSE_LABEL_ROW */
    uint32_t trans_bits, label_bits;
} ng_parse_weights;

/* Parses one tagged sentence: head[i] (0 = root, else 1-based) and
 * dep[i] for word i + 1 = words[i]. `work` as for ng_parse_state_init. */
void ng_parse_weights_run(const ng_parse_weights *w, const ng_str *words, size_t n, const uint8_t *upos,
                          const uint8_t *xpos, uint32_t *head, uint8_t *dep, void *work);

/* ---- model file ------------------------------------------------------------
 * 64-byte header: magic "NGPARSE\032", u32 version, u32 trans_bits,
 * u32 label_bits, u32 n_labels (NG_DEP_N), u32 n_xpos, u32 label_row,
 * u64 checksum (ng_checksum64) of the weights, 24 bytes zero; then the
 * transition rows and the label rows, little-endian int16. 64 bytes, so
 * that a 128-byte label row is two cache lines of the mapping, not three.
 * The version changes whenever the features or the layout do (their
 * order and hashes are the model's layout). */
enum { NG_PARSE_VERSION = 4, NG_PARSE_HEADER = 64, NG_PARSE_MIN_BITS = 8, NG_PARSE_MAX_BITS = 24 };
#define NG_PARSE_MAGIC "NGPARSE\032"

typedef struct ng_parse_model ng_parse_model;
ng_parse_model *ng_parse_open(const char *path, char *err, size_t err_size);
ng_parse_model *ng_parse_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size);
void ng_parse_close(ng_parse_model *m);
size_t ng_parse_size(const ng_parse_model *m);
const ng_parse_weights *ng_parse_model_weights(const ng_parse_model *m);

#endif /* NG_PARSE_H */
