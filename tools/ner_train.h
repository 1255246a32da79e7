/*
 * ner_train.h: the NER trainer and the CoNLL-2003 reader it learns from.
 *
 * Not part of libnewsgraph: training is a build step (tools/train_ner.c,
 * run by `make train`), and it reaches the tagger's feature extraction and
 * model format through the library's internal tagger.h. The shipped
 * library only reads models.
 */
#ifndef NG_NER_TRAIN_H
#define NG_NER_TRAIN_H

#include "tagger.h"

/* ---- CoNLL-2003 columns (tools/conll.c) ------------------------------------------
 * Lines are kept as they are so that `tag --conll` can echo them. */
typedef struct ng_conll_line {
    ng_str text;       /* without the newline */
    int32_t token;     /* index into the document's tokens, or -1 (blank, -DOCSTART-) */
} ng_conll_line;

typedef struct ng_conll_doc {
    ng_conll_line *lines;
    size_t n_lines;
    ng_str *words;     /* first column of each token line */
    uint8_t *gold;     /* IOB2 label from the last column (O when unknown) */
    size_t n_words;
    uint32_t *sent_start;
    size_t n_sent;
    /* Set by the trainer for mixed training sets (0/false from the reader): */
    bool no_misc;      /* the source set never tags MISC, so its O may hide one (MISC is masked) */
    uint32_t group;    /* copies of one document share a group (1-based; 0 = none), kept in one fold */
} ng_conll_doc;

typedef struct ng_conll_corpus {
    ng_conll_doc *docs;
    size_t n_docs;
    size_t n_words;
} ng_conll_corpus;

/* Splits CoNLL text into documents (at -DOCSTART- lines), sentences (at
 * blank lines) and tokens. Any bytes are accepted: a line without a valid
 * tag column gets gold O. Returns false when out of memory. */
bool ng_conll_parse(ng_arena *a, const char *data, size_t len, ng_conll_corpus *out);
/* Writes each line of doc with " TAG" appended (IOB1 like CoNLL-2003) to out. */
void ng_conll_write(ng_buf *out, const ng_conll_doc *doc, const uint8_t *labels);

/* ---- training (tools/ner_train.c) ----------------------------------------------- */
typedef struct ng_train_options {
    const char *geonames_dir;  /* countryInfo.txt, admin1CodesASCII.txt, cities15000.txt.gz; NULL = none */
    const char *lexicon_dir;   /* demonyms.tsv and the small lists; NULL = none */
    const char *gmb_path;      /* ner-gmb ner_dataset.csv.gz: its names join the gazetteer; NULL = none */
    const char *clusters_path; /* word clusters from tools/clusters ("PATH\tWORD\tCOUNT" lines); NULL = none */
    int max_epochs;            /* default 0 = 30 */
    int patience;              /* epochs without dev improvement before stopping; 0 = 4 */
    uint32_t seed;             /* shuffling seed; fixed default 0 = 1 */
    int hash_bits;             /* weight table of 2^hash_bits rows; 0 = 17 */
    bool two_pass;             /* a second model that sees the first pass's labels in the whole document */
    int ensemble;              /* models (different shuffles) whose weights are averaged; 0 = 1 */
    bool quiet;
} ng_train_options;

/* Trains on `train`, early-stops on `dev` (may be NULL: then max_epochs),
 * writes the model to out_path. Returns false with a reason in err. */
bool ng_train(const ng_conll_corpus *train, const ng_conll_corpus *dev, const ng_train_options *opt,
              const char *out_path, char *err, size_t err_size);

/* conlleval-style scores of predicted against gold IOB2 labels. */
typedef struct ng_ner_counts {
    size_t gold[5], pred[5], correct[5]; /* by ng_ne_type; [0] = all */
} ng_ner_counts;
void ng_ner_count(const uint8_t *gold, const uint8_t *pred, size_t n, const uint32_t *sent_start, size_t n_sent,
                  ng_ner_counts *c);
double ng_ner_f1(const ng_ner_counts *c, int type);

#endif /* NG_NER_TRAIN_H */
