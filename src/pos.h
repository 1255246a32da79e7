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
 * Layout (model version 4): each hashed feature owns one ROW of a head's
 * table, the weights of every class it moves. Most rows move a few
 * classes (about 4 of XPOS's 52), so a row is stored sparse, as (class,
 * int8 weight) pairs of its non-zero weights; the rows of frequent
 * features that move many classes (the bias, the tag history, common
 * suffixes) are stored dense, all classes side by side, where adding them
 * is a vector add. One u32 per row says which and where. At 2^18 rows per
 * head the file is 5 MB where dense rows would take 24 MiB, so it loads
 * in a few ms (the mapping and the checksum touch every byte) and more of
 * it stays in the cache. A token costs one descriptor and one run of
 * weights per feature, all prefetched before they are summed. Weights
 * are int8: the trained floats times one scale per head, rounded (only
 * which class scores highest matters; int8 cost at most 0.0005 of dev
 * accuracy against int16, models/MODEL.md).
 */
#ifndef NG_POS_H
#define NG_POS_H

#include "internal.h"

enum { NG_POS_N_UPOS = 17, NG_POS_N_XPOS = 52, NG_POS_MAX_FEATURES = 40, NG_POS_MAX_UPOS_FEATURES = 12 };
/* Widths of the score vectors (powers of two: a class read from a file is
 * masked to them, so a hostile file cannot index past them). */
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

/* One non-zero weight of a sparse row. */
typedef struct ng_pos_entry {
    uint8_t cls;
    int8_t w;
} ng_pos_entry;

/* A row's descriptor: offset << 8 | count. count NG_POS_DENSE: the row is
 * dense row `offset` (width int8 weights); else the row is entries
 * [offset, offset + count). */
enum { NG_POS_DENSE = 0xff };

/* A head's table of 2^bits rows. */
typedef struct ng_pos_table {
    const uint32_t *row;       /* 2^bits descriptors */
    const int8_t *dense;       /* n_dense rows of `width` weights, 64-aligned */
    const ng_pos_entry *entry; /* n_entries */
    uint32_t bits, n_dense, n_entries, width;
} ng_pos_table;

/* The weights of both heads, as stored in the model file. */
typedef struct ng_pos_weights {
    ng_pos_table x, u;
} ng_pos_weights;

/* Tags one sentence words[0..n) with raw weights (the trainer's evaluation). */
void ng_pos_tag_weights(const ng_pos_weights *w, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos);

/* ---- model file ------------------------------------------------------------
 * 64-byte header: magic "NGPOS\r\n\032", u32 version, u32 xbits, u32 ubits,
 * u32 n_upos, u32 n_xpos, u32 x_entries, u32 u_entries, u32 x_dense, u64
 * checksum (ng_checksum64) of the body, u32 u_dense, 12 bytes zero; then
 * the body: the XPOS table's descriptors (2^xbits u32), the UPOS table's
 * (2^ubits), the XPOS dense rows (x_dense x NG_POS_XROW int8), the UPOS
 * dense rows (u_dense x NG_POS_UROW), the XPOS entries and the UPOS
 * entries (2 bytes each: class, int8 weight), all little-endian. The
 * version changes whenever the features or the layout do; a file of
 * another version is refused, naming both versions. Read-only once
 * loaded. */
enum { NG_POS_VERSION = 4, NG_POS_HEADER = 64, NG_POS_MIN_BITS = 4, NG_POS_MAX_BITS = 24 };
#define NG_POS_MAGIC "NGPOS\r\n\032"

/* The sizes of a model's tables, as the header gives them. */
typedef struct ng_pos_sizes {
    uint32_t xbits, ubits, x_dense, u_dense, x_entries, u_entries;
} ng_pos_sizes;
/* Bytes of the body of tables of those sizes. */
static inline size_t ng_pos_body_bytes(const ng_pos_sizes *z)
{
    return 4 * (((size_t)1 << z->xbits) + ((size_t)1 << z->ubits)) + (size_t)NG_POS_XROW * z->x_dense +
           (size_t)NG_POS_UROW * z->u_dense + 2 * ((size_t)z->x_entries + z->u_entries);
}
/* Points w into a body (64-aligned) of that layout and checks that every
 * row lies inside its table; NULL or the reason. */
const char *ng_pos_layout(const unsigned char *body, const ng_pos_sizes *z, ng_pos_weights *w);

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
