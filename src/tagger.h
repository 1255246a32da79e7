/*
 * tagger.h: the named-entity tagger, its model file, its trainer and the
 * CoNLL-2003 column reader (internal to libnewsgraph and its CLI).
 *
 * Labels are IOB2 over CoNLL's four types; the CoNLL reader converts
 * IOB1 into them and the writer turns them back into IOB1. A document is a sequence of
 * sentences of tokens (words as UTF-8 strings); the tagger sees a whole
 * document at once because some features look at how the same word is
 * written and tagged elsewhere in it.
 */
#ifndef NG_TAGGER_H
#define NG_TAGGER_H

#include "internal.h"

/* IOB2 labels: 0 = O; type T (ng_ne_type) has B = 2T-1, I = 2T. BILOU
 * (17 labels) was measured too: the same dev F1 (0.8927 mean over three
 * seeds, either way) for a model twice the size, so IOB2 it is. */
enum { NG_LABEL_O = 0, NG_N_LABELS = 9 };
enum { NG_PART_B = 0, NG_PART_I };
static inline ng_ne_type ng_label_type(uint8_t label) { return label ? (ng_ne_type)((label + 1) / 2) : NG_NE_NONE; }
static inline int ng_label_part(uint8_t label) { return label ? (label - 1) % 2 : -1; }
static inline bool ng_label_is_begin(uint8_t label) { return label && ng_label_part(label) == NG_PART_B; }
static inline bool ng_label_ends(uint8_t label) { (void)label; return false; } /* IOB2 never marks a chunk's end */
static inline uint8_t ng_label_make(ng_ne_type t, int part) { return t ? (uint8_t)(2 * t - 1 + part) : 0; }
/* Whether a chunk starts at token i of a sentence starting at s; where the
 * chunk starting at i ends (exclusive, at most e). A stray I- starts a
 * chunk, as in conlleval. */
static inline bool ng_chunk_starts(const uint8_t *lab, size_t i, size_t s)
{
    return lab[i] && (i == s || ng_label_is_begin(lab[i]) || ng_label_type(lab[i - 1]) != ng_label_type(lab[i]) ||
                      ng_label_ends(lab[i - 1]));
}
static inline size_t ng_chunk_end(const uint8_t *lab, size_t i, size_t e)
{
    size_t j = i;
    while (j + 1 < e && !ng_label_ends(lab[j]) && lab[j + 1] && !ng_label_is_begin(lab[j + 1]) &&
           ng_label_type(lab[j + 1]) == ng_label_type(lab[i]))
        j++;
    return j + 1;
}
const char *ng_ne_type_name(ng_ne_type t); /* "PER", "ORG", "LOC", "MISC", "O" */

/* One document to tag. words[i] is token i; sent_start[k] is the index of
 * the first token of sentence k (ascending, sent_start[0] == 0). */
typedef struct ng_tag_doc {
    const ng_str *words;
    size_t n_words;
    const uint32_t *sent_start;
    size_t n_sent;
} ng_tag_doc;

/* ---- model file (tagger.c) ------------------------------------------------
 * A loaded model is read-only: one may be shared by any number of threads. */
typedef struct ng_tagger ng_tagger;

/* Maps and validates a model file. On failure returns NULL and writes a
 * one-line reason that names the file into err[0..err_size). */
ng_tagger *ng_tagger_open(const char *path, char *err, size_t err_size);
/* The same from bytes in memory (copied), for tests and the fuzzer. `name`
 * appears in error messages. */
ng_tagger *ng_tagger_open_memory(const void *data, size_t len, const char *name, char *err, size_t err_size);
void ng_tagger_close(ng_tagger *t);
size_t ng_tagger_size(const ng_tagger *t); /* bytes of the model file */

/* Tags one document: labels[0..doc->n_words) receive IOB2 labels. Scratch
 * memory comes from `a`. Returns false when out of memory. */
bool ng_tagger_tag(const ng_tagger *t, ng_arena *a, const ng_tag_doc *doc, uint8_t *labels); /* IOB2 */
/* The same with the features of each span of the document made in `span`,
 * an arena the caller keeps (reset here before each span, left holding the
 * last): a pipeline reuses its block from article to article, where a
 * fresh arena mapped and faulted in its memory for every article. */
bool ng_tagger_tag_in(const ng_tagger *t, ng_arena *a, ng_arena *span, const ng_tag_doc *doc, uint8_t *labels);

/* Tags a record's tokens, sentence by sentence, as one document; returns
 * the number of mentions, stored in *out (arena). 0 also when out of
 * memory: NER is best effort and never fails an article. */
size_t ng_tag_record(const ng_tagger *t, ng_arena *a, const ng_record *rec, ng_mention **out);
/* The same with the span features in `span` (ng_tagger_tag_in). */
size_t ng_tag_record_in(const ng_tagger *t, ng_arena *a, ng_arena *span, const ng_record *rec, ng_mention **out);

/* Groups labels into mentions (token ranges of one type). Returns the
 * number of mentions, stored in *out (arena). */
size_t ng_labels_to_mentions(ng_arena *a, const uint8_t *labels, size_t n, ng_mention **out);

/* ---- features (tagger.c; shared with the trainer) ---------------------------
 * Features are hashed straight to rows of the weight table: a feature is
 * a template number mixed with precomputed per-token hashes, so no string
 * is ever built. Static features depend only on the words; history
 * features depend on the labels already chosen (left to right). */
enum {
    NG_LEX_COUNTRY = 1, NG_LEX_ADMIN1 = 2, NG_LEX_CITY = 4, NG_LEX_DEMONYM = 8,
    NG_LEX_ORG_SUFFIX = 16, NG_LEX_TITLE = 32, NG_LEX_FIRST_NAME = 64, NG_LEX_ORG = 128,
    /* names seen in a silver-annotated news corpus (GMB) */
    NG_LEX_PER = 256, NG_LEX_PER_FIRST = 512, NG_LEX_PER_LAST = 1024, NG_LEX_GEO = 2048, NG_LEX_GPE = 4096,
    NG_LEX_SEEN_ORG = 8192,
    NG_LEX_MAX_WORDS = 5,
    NG_MAX_HISTORY_FEATURES = 16
};

typedef struct ng_feature_tables {
    const uint64_t *gaz;  /* open addressing: (phrase hash & ~0xffff) | type bits; 0 = empty */
    uint64_t gaz_mask;    /* slots - 1 */
    uint32_t row_mask;    /* weight rows - 1 */
    /* Word clusters (tools/clusters.c), or NULL: the same open addressing
     * over ng_word_hash() of the word as written, the low 16 bits holding
     * NG_CLUSTER_FOUND | the cluster's path of cluster_bits bits. */
    const uint64_t *clusters;
    uint64_t cluster_mask;
    uint32_t cluster_bits;
} ng_feature_tables;

enum { NG_CLUSTER_FOUND = 0x8000, NG_CLUSTER_MAX_BITS = 15 };

/* The hash of a gazetteer phrase, written lowercase with single spaces. */
uint64_t ng_gaz_phrase_hash(const char *s, size_t n);
/* The hash of a word as written (the cluster table's key). */
uint64_t ng_word_hash(const char *s, size_t n);
/* Adds key h with 16-bit value `bits` to an open addressing table of
 * mask + 1 slots (the gazetteer's and the clusters' layout), OR-ing the
 * bits into an entry already there when `merge`, else keeping it. The
 * caller keeps the table at most half full. */
void ng_table_insert(uint64_t *slots, uint64_t mask, uint64_t h, uint16_t bits, bool merge);

typedef struct ng_doc_features {
    uint32_t *rows;     /* static feature rows of token i: rows[off[i] .. off[i+1]) */
    uint32_t *off;
    uint32_t *word_id;  /* dense id of the lowercased word within the document */
    uint32_t n_word_ids;
    uint64_t *lower;    /* hash of the lowercased word */
    uint8_t *is_first;  /* 1 for the first token of a sentence */
} ng_doc_features;

bool ng_features_doc(ng_arena *a, const ng_feature_tables *ft, const ng_tag_doc *doc, ng_doc_features *out);
/* History features of token i given labels[0..i) and, per word id, the
 * counts of the types that earlier occurrences got (hist[id*5 + type]). */
size_t ng_features_history(const ng_feature_tables *ft, const ng_doc_features *df, const ng_tag_doc *doc,
                           size_t i, const uint8_t *labels, const uint16_t *hist, uint32_t *out);
/* Second-pass features: per token, what the first pass labelled it, its
 * neighbours, and the other occurrences of its word in the document. */
bool ng_features_aggregate(ng_arena *a, const ng_feature_tables *ft, const ng_doc_features *df, const ng_tag_doc *doc,
                           const uint8_t *pass1, uint32_t **rows, uint32_t **off);
/* True if `label` may follow `prev` (0 at a sentence start): I-T only
 * continues a chunk of type T. */
static inline bool ng_label_allowed(uint8_t prev, uint8_t label)
{
    return label == 0 || ng_label_is_begin(label) || (prev && ng_label_type(prev) == ng_label_type(label));
}

/* ---- model writer (tagger.c; used by the trainer) ---------------------------- */
/* The checksum the model file uses (exposed for the fuzzer, which repairs
 * checksums to get past them). */
typedef struct ng_model_tables {
    uint32_t hash_bits;
    const uint64_t *gaz;       /* may be NULL */
    uint64_t gaz_slots;        /* a power of two */
    const uint64_t *clusters;  /* may be NULL */
    uint64_t cluster_slots;    /* a power of two */
    uint32_t cluster_bits;     /* path length of the clusters */
} ng_model_tables;
bool ng_model_write(const char *path, const ng_model_tables *tables, const float *weights, const float *weights2,
                    char *err, size_t err_size);

#endif /* NG_TAGGER_H */
