/*
 * parse_learn.h: training the dependency parser (src/parse.h) on CoNLL-U:
 * the treebank reader, the averaged perceptron with a dynamic oracle, the
 * scorer and the model writer. Build tools and tests only.
 */
#ifndef NG_PARSE_LEARN_H
#define NG_PARSE_LEARN_H

#include "parse.h"
#include "pos_learn.h"

#include <stdio.h>

typedef struct parse_corpus {
    char *text;            /* owned copy of the input; words point into it */
    ng_str *words;
    uint8_t *upos, *xpos;  /* the tags the parser sees (gold as read, or predicted: parse_corpus_retag) */
    uint32_t *head;        /* gold: 0 root, else the 1-based word in the sentence */
    uint8_t *dep;          /* gold label (ng_dep_coerce) */
    uint32_t *sent_start;  /* n_sent + 1 entries */
    size_t n_words, n_sent, max_len;
} parse_corpus;

/* Reads CoNLL-U (FORM, UPOS, XPOS, HEAD, DEPREL of word lines; comments,
 * multiword ranges and empty nodes skipped). A sentence whose heads are
 * not a tree over its words is an error naming the line. */
bool parse_corpus_read(const char *data, size_t len, parse_corpus *c, char *err, size_t err_size);
void parse_corpus_free(parse_corpus *c);
/* Replaces the tags with the POS model's predictions. */
void parse_corpus_retag(parse_corpus *c, const ng_pos_model *pos);
/* Replaces the (gold) tags with jackknifed predictions: the sentences are
 * cut into `folds` interleaved parts and each part is tagged by a tagger
 * trained (pos_learn.h, with `o`) on the others, so that the parser trains
 * on tags as wrong as they will be on unseen text. `dev` picks each
 * tagger's epoch. false when out of memory. */
bool parse_corpus_jackknife(parse_corpus *c, int folds, const pos_corpus *dev, const pos_train_options *o);

typedef struct parse_train_options {
    uint32_t trans_bits, label_bits;
    int epochs;
    uint64_t seed;         /* sentence order and exploration */
    double explore;        /* after the first epoch, follow the model's own wrong move with this probability */
    FILE *log;
} parse_train_options;

typedef struct parse_scores { double uas, las; } parse_scores;

/* The trained weights, int16 as stored: both tables malloc'ed. */
typedef struct parse_trained {
    int16_t *trans, *label;
    uint32_t trans_bits, label_bits;
} parse_trained;

/* Trains on `train`, keeping the epoch with the best dev LAS when `dev`
 * is not NULL (else the last). false when out of memory. */
bool parse_train(const parse_corpus *train, const parse_corpus *dev, const parse_train_options *o, parse_trained *out);
void parse_trained_free(parse_trained *t);

/* UAS and LAS (universal part of the labels) of weights on a corpus, with
 * its current tags, punctuation included. */
parse_scores parse_evaluate(const ng_parse_weights *w, const parse_corpus *c);

/* The universal relation of label i (the index of its part before ':'). */
unsigned parse_universal(unsigned label);

unsigned char *parse_model_image(const parse_trained *t, size_t *len);
bool parse_model_write(const char *path, const parse_trained *t, char *err, size_t err_size);

#endif /* NG_PARSE_LEARN_H */
