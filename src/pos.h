/*
 * pos.h: the part-of-speech tagger (UD UPOS and Penn XPOS), its model file
 * and the features it shares with its trainer (tools/pos_learn.c).
 *
 * A greedy left-to-right linear tagger: for each token the XPOS head
 * picks a Penn tag from hashed features of the words and the two tags
 * already chosen to the left; the UPOS head then picks a UD tag from the
 * same features plus a few conjoined with the XPOS just chosen (UPOS is
 * mostly a function of XPOS and the word, so this is consistent, and the
 * other features let it recover from a wrong XPOS).
 *
 * Cache-minded layout, as the parser's (parse.h): each hashed feature owns
 * one ROW holding the weights of every class of a head side by side, 64
 * for XPOS (52 used) and 32 for UPOS (17 used). A token costs one row read
 * per feature, where a slot per (feature, class) cost one scattered read
 * per class (about 2,400 a token); the rows are all prefetched before they
 * are summed, so their misses overlap. Weights are int8: the trained
 * floats times one scale per head, rounded (only which class scores
 * highest matters; int8 cost at most 0.0005 of dev accuracy against
 * int16, models/MODEL.md), so an XPOS row is one 64-byte cache line and
 * the file half the size, which is what its load time (the checksum
 * reads every byte) is proportional to.
 */
#ifndef NG_POS_H
#define NG_POS_H

#include "internal.h"

enum { NG_POS_N_UPOS = 17, NG_POS_N_XPOS = 52, NG_POS_MAX_FEATURES = 40, NG_POS_MAX_UPOS_FEATURES = 12 };
/* Row widths in int8 weights: an XPOS row is a cache line, a UPOS row
 * half of one (the tables start 64-aligned). */
enum { NG_POS_XROW = 64, NG_POS_UROW = 32 };

/* The tag index of a name, or -1. */
int ng_upos_find(const char *s, size_t n);
int ng_xpos_find(const char *s, size_t n);

/* What the features need of one word, hashed once however many tokens'
 * windows it is in. */
typedef struct ng_pos_word {
    uint64_t form, lower, suf3, shape;
    uint64_t pre[4], suf[4]; /* 0: the affix is absent or the whole word */
    uint8_t flags;           /* NG_POS_HYPHEN | NG_POS_DIGIT | NG_POS_UPPER */
} ng_pos_word;
enum { NG_POS_HYPHEN = 1, NG_POS_DIGIT = 2, NG_POS_UPPER = 4 };
void ng_pos_word_info(ng_str w, ng_pos_word *out);

/* A window over a sentence words[0..n): the infos of tokens i-2..i+2,
 * each computed once as the window slides. */
typedef struct ng_pos_window {
    const ng_str *words;
    size_t n, i;
    ng_pos_word ring[8]; /* token j at ring[j & 7] */
} ng_pos_window;
/* Starts at token 0 (n may be 0). */
void ng_pos_window_start(ng_pos_window *win, const ng_str *words, size_t n);
/* Moves to token i + 1. */
void ng_pos_window_next(ng_pos_window *win);

/* Features of the window's token i: xpos[0..i) and upos[0..i) are the tags
 * already chosen. Writes at most NG_POS_MAX_FEATURES hashes; returns how
 * many. */
size_t ng_pos_features(const ng_pos_window *win, const uint8_t *upos, const uint8_t *xpos, uint64_t *out);
/* The UPOS head's own features given token i's XPOS (at most
 * NG_POS_MAX_UPOS_FEATURES), which it reads after those of
 * ng_pos_features; returns how many. */
size_t ng_pos_upos_features(const ng_pos_window *win, const uint8_t *upos, const uint8_t *xpos, unsigned xpos_i,
                            uint64_t *out);

/* Row of a feature in a table of 2^bits rows. */
static inline uint32_t ng_pos_row(uint64_t f, uint32_t bits) { return (uint32_t)(f >> (64 - bits)); }

/* The weights of both heads (int8, as stored in the model file). */
typedef struct ng_pos_weights {
    const int8_t *x;       /* 2^xbits rows of NG_POS_XROW */
    const int8_t *u;       /* 2^ubits rows of NG_POS_UROW */
    uint32_t xbits, ubits;
} ng_pos_weights;

/* Tags one sentence words[0..n) with raw weights (the trainer's evaluation). */
void ng_pos_tag_weights(const ng_pos_weights *w, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos);

/* ---- model file ------------------------------------------------------------
 * 64-byte header: magic "NGPOS\r\n\032", u32 version, u32 xbits, u32 ubits,
 * u32 n_upos, u32 n_xpos, u32 xrow, u32 urow, 4 bytes zero, u64 checksum
 * (ng_checksum64) of the weights, 16 bytes zero; then the XPOS rows and the
 * UPOS rows, int8. The header's size keeps every row on
 * whole cache lines of the mapping. The version changes whenever the
 * features do. Read-only once loaded. */
enum { NG_POS_VERSION = 3, NG_POS_HEADER = 64, NG_POS_MIN_BITS = 4, NG_POS_MAX_BITS = 22 };
#define NG_POS_MAGIC "NGPOS\r\n\032"
/* Bytes of the weights of tables of 2^xbits and 2^ubits rows. */
static inline size_t ng_pos_weights_bytes(uint32_t xbits, uint32_t ubits)
{
    return ((size_t)NG_POS_XROW << xbits) + ((size_t)NG_POS_UROW << ubits);
}

typedef struct ng_pos_model ng_pos_model;
ng_pos_model *ng_pos_open(const char *path, char *err, size_t err_size);
/* From bytes in memory (copied): tests. `name` appears in errors. */
ng_pos_model *ng_pos_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size);
void ng_pos_close(ng_pos_model *m);
size_t ng_pos_size(const ng_pos_model *m);
const ng_pos_weights *ng_pos_model_weights(const ng_pos_model *m);

/* Tags one sentence words[0..n). */
void ng_pos_tag(const ng_pos_model *m, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos);

#endif /* NG_POS_H */
