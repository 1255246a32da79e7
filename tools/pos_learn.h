/*
 * pos_learn.h: training the POS tagger (src/pos.h) on CoNLL-U: the
 * corpus reader, the averaged perceptron and the model writer. Build
 * tools and tests only; the library just loads what this writes.
 */
#ifndef NG_POS_LEARN_H
#define NG_POS_LEARN_H

#include "pos.h"

#include <stdio.h>

typedef struct pos_corpus {
    char *text;            /* owned copy of the input; words point into it */
    ng_str *words;
    uint8_t *upos, *xpos;  /* gold tags */
    uint32_t *sent_start;  /* n_sent + 1 entries */
    size_t n_words, n_sent;
} pos_corpus;

/* Writes a model image b[0..len) to path through path.tmp and a rename,
 * so a reader never maps half a model; frees b. b NULL means the image
 * could not be built: "out of memory". False with the reason in err. */
bool model_file_write(const char *path, unsigned char *b, size_t len, char *err, size_t err_size);

/* Reads CoNLL-U text (the token lines' FORM, UPOS, XPOS; comments,
 * multiword ranges and empty nodes skipped, as the CoNLL 2018 scorer
 * does). An unknown UPOS or XPOS is an error naming the line. */
bool pos_corpus_read(const char *data, size_t len, pos_corpus *c, char *err, size_t err_size);
void pos_corpus_free(pos_corpus *c);

typedef struct pos_train_options {
    uint32_t xbits, ubits;  /* rows of the XPOS and UPOS tables: 2^bits */
    int epochs;             /* passes over the data */
    int models;             /* perceptrons on differently shuffled data, their weights averaged (1..8) */
    uint64_t seed;          /* of the sentence order */
    FILE *log;              /* per-epoch progress, or NULL */
} pos_train_options;

/* Trained int8 weights: the body of the model file (pos.h), one
 * malloc'ed block of `bytes`. */
typedef struct pos_trained {
    unsigned char *data;    /* 64-aligned */
    size_t bytes;
    ng_pos_sizes sizes;
    ng_pos_weights w;       /* points into data */
} pos_trained;

/* Trains on `train`, keeping the epoch with the best dev UPOS accuracy
 * when `dev` is not NULL (else the last). The averaged weights are
 * quantized to int8 as the model file stores them, so dev scores are the
 * shipped model's. False when out of memory. */
bool pos_train(const pos_corpus *train, const pos_corpus *dev, const pos_train_options *o, pos_trained *out);
void pos_trained_free(pos_trained *t);

/* UPOS and XPOS accuracy of weights on a corpus. */
void pos_accuracy(const ng_pos_weights *w, const pos_corpus *c, double *upos, double *xpos);

/* The model file's bytes (malloc'ed, *len set) / written to path. */
unsigned char *pos_model_image(const pos_trained *t, size_t *len);
bool pos_model_write(const char *path, const pos_trained *t, char *err, size_t err_size);

#endif /* NG_POS_LEARN_H */
