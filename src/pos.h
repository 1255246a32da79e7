/*
 * pos.h: the part-of-speech tagger (UD UPOS and Penn XPOS), its model file
 * and the features it shares with its trainer (tools/pos_learn.c).
 *
 * A greedy left-to-right linear tagger: for each token the XPOS head
 * picks a Penn tag from hashed features of the words and the two tags
 * already chosen to the left; the UPOS head then picks a UD tag from the
 * same features plus the XPOS just chosen (UPOS is mostly a function of
 * XPOS, so this is cheap and consistent).
 *
 * Weights are hashed per (feature, class) into one table of 2^hash_bits
 * entries, so the size of the model does not grow with the number of tags
 * (17 + 52 here). They are stored as int16 (the trained floats times one
 * scale): a class's score is a sum of them, and only which class scores
 * highest matters, so the scale is never needed to tag. Half the bytes
 * buy twice the slots, and fewer hash collisions: at the same 4 MiB,
 * 2^21 int16 slots measured better on dev than 2^20 floats.
 */
#ifndef NG_POS_H
#define NG_POS_H

#include "internal.h"

enum { NG_POS_N_UPOS = 17, NG_POS_N_XPOS = 52, NG_POS_MAX_FEATURES = 48 };
/* Class numbers of the two heads in the hashed table. */
enum { NG_POS_HEAD_XPOS = 0, NG_POS_HEAD_UPOS = 64 };

/* The tag index of a name, or -1. */
int ng_upos_find(const char *s, size_t n);
int ng_xpos_find(const char *s, size_t n);

/* Features of token i of the sentence words[0..n): xpos[0..i) and
 * upos[0..i) are the tags already chosen. Writes at most
 * NG_POS_MAX_FEATURES hashes; returns how many. */
size_t ng_pos_features(const ng_str *words, size_t n, size_t i, const uint8_t *upos, const uint8_t *xpos,
                       uint64_t *out);
/* The extra features of the UPOS head, given token i's XPOS; appended at
 * out[0..), returns how many (at most 2). */
size_t ng_pos_upos_features(const ng_str *words, size_t i, unsigned xpos_i, uint64_t *out);

/* Slot of (feature, class) in a table of 2^bits weights. */
static inline uint32_t ng_pos_slot(uint64_t f, unsigned cls, uint32_t bits)
{
    /* f is already mixed: adding an odd multiple of the class moves each
     * class to an unrelated slot without a second mix. */
    return (uint32_t)((f + (uint64_t)(cls + 1) * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

/* Best class of a head over features f[0..nf) (ties: the lower class). */
unsigned ng_pos_best(const int16_t *w, uint32_t bits, const uint64_t *f, size_t nf, unsigned head, unsigned n_classes);

/* ---- model file ------------------------------------------------------------
 * 32-byte header: magic "NGPOS\r\n\032", u32 version, u32 hash_bits,
 * u32 n_upos, u32 n_xpos, u64 checksum (ng_checksum64) of the weights;
 * then 2^hash_bits little-endian int16 weights. Read-only once loaded. */
enum { NG_POS_VERSION = 2, NG_POS_HEADER = 32, NG_POS_MIN_BITS = 8, NG_POS_MAX_BITS = 26 };
#define NG_POS_MAGIC "NGPOS\r\n\032"

typedef struct ng_pos_model ng_pos_model;
ng_pos_model *ng_pos_open(const char *path, char *err, size_t err_size);
/* From bytes in memory (copied): tests. `name` appears in errors. */
ng_pos_model *ng_pos_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size);
void ng_pos_close(ng_pos_model *m);
size_t ng_pos_size(const ng_pos_model *m);

/* Tags one sentence words[0..n). */
void ng_pos_tag(const ng_pos_model *m, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos);
/* Same with raw weights (the trainer's evaluation). */
void ng_pos_tag_weights(const int16_t *w, uint32_t bits, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos);

#endif /* NG_POS_H */
