/*
 * langid.c: language identification (see langid.h).
 *
 * Cost: one pass over the text to count scripts, then at most
 * MAX_MODEL_LETTERS letters through the n-gram model, each n-gram one or
 * two probes of a hash index of its keys: linear in the text, bounded.
 */
#include "internal.h"
#include "langid.h"
#include "langid_model.h"

#include <math.h>

/* Enough text for a stable answer; the rest of a long article adds
 * nothing but time. */
#define MAX_MODEL_LETTERS 20000
/* The tempering of the posterior: a text is scored as sure as a sample of
 * this many n-grams with the same mean margin would be. */
#define CONFIDENCE_NGRAMS 20.0

/* The language of a CJK text: kana makes it Japanese (Japanese prose
 * is rarely under a tenth kana; Chinese has none), Hangul Korean. */
static const char *cjk_language(const size_t *counts)
{
    size_t han = counts[NG_SCRIPT_HAN], kana = counts[NG_SCRIPT_KANA];
    if (kana * 10 >= han + kana) return "ja";
    return "zh";
}

/* The languages written in one script only. */
static const char *single_script_language(ng_script s, const size_t *counts)
{
    switch (s) {
    case NG_SCRIPT_GREEK: return "el";
    case NG_SCRIPT_HEBREW: return "he";
    case NG_SCRIPT_DEVANAGARI: return "hi";
    case NG_SCRIPT_THAI: return "th";
    case NG_SCRIPT_HANGUL: return "ko";
    case NG_SCRIPT_KANA:
    case NG_SCRIPT_HAN: return cjk_language(counts);
    default: return NULL;
    }
}

/* N-gram keys are scored in batches of this many: the index and the
 * entries are cold after an article's stages ran, and asking for a whole
 * batch's slots, then its entries, before reading any lets those misses
 * overlap instead of waiting for each in turn. */
enum { SCORE_BATCH = 64 };

typedef struct scorer {
    /* model score minus each language's floor, summed: integers, so an
     * int64 sum is exact whatever the order and the same as the double one
     * it replaces (all far below 2^53) */
    int64_t sum[NG_LANGID_N_LANGS];
    uint32_t keys[SCORE_BATCH];
    size_t n_keys;
} scorer;

/* The index slot of key: its own, or an empty one (0 entries). */
static uint32_t find_slot(uint32_t key)
{
    const uint32_t mask = ((uint32_t)1 << NG_LANGID_SLOT_BITS) - 1;
    uint32_t s = ng_langid_slot(key, NG_LANGID_SLOT_BITS);
    /* the index is at most half full: an empty slot ends every probe */
    while (ng_langid_index[s].count && ng_langid_index[s].key != key) s = (s + 1) & mask;
    return s;
}

/* Scores the batch of keys and empties it. */
static void score_batch(scorer *sc)
{
    uint32_t slot[SCORE_BATCH];
    for (size_t k = 0; k < sc->n_keys; k++)
        __builtin_prefetch(&ng_langid_index[ng_langid_slot(sc->keys[k], NG_LANGID_SLOT_BITS)]);
    for (size_t k = 0; k < sc->n_keys; k++) {
        slot[k] = find_slot(sc->keys[k]);
        __builtin_prefetch(&ng_langid_entries[ng_langid_index[slot[k]].first]);
    }
    for (size_t k = 0; k < sc->n_keys; k++) {
        uint32_t e = ng_langid_index[slot[k]].first, end = e + ng_langid_index[slot[k]].count;
        for (; e < end; e++) {
            unsigned l = ng_langid_entries[e].lang;
            sc->sum[l] += ng_langid_entries[e].score - ng_langid_langs[l].floor;
        }
    }
    sc->n_keys = 0;
}

static void score_ngram(void *ud, uint32_t key)
{
    scorer *sc = ud;
    sc->keys[sc->n_keys++] = key;
    if (sc->n_keys == SCORE_BATCH) score_batch(sc);
}

/* Below this posterior the model names no language. */
#define MIN_MODEL_CONFIDENCE 0.75

/* Naive Bayes over the languages of `script`: the best one and its
 * tempered posterior. */
static const char *model_language(const char *text, size_t len, ng_script script, double *confidence)
{
    scorer sc;
    memset(&sc, 0, sizeof sc);
    size_t n = ng_langid_ngrams(text, len, script, MAX_MODEL_LETTERS, score_ngram, &sc);
    score_batch(&sc);
    double total[NG_LANGID_N_LANGS];
    int best = -1, in_script = 0;
    for (int l = 0; l < NG_LANGID_N_LANGS; l++) {
        if (ng_langid_langs[l].script != script) continue;
        in_script++;
        total[l] = ((double)sc.sum[l] + (double)n * ng_langid_langs[l].floor) / NG_LANGID_SCALE;
        if (best < 0 || total[l] > total[best]) best = l;
    }
    if (best < 0) return NULL;
    double temper = (double)n > CONFIDENCE_NGRAMS ? (double)n / CONFIDENCE_NGRAMS : 1.0, z = 0;
    for (int l = 0; l < NG_LANGID_N_LANGS; l++)
        if (ng_langid_langs[l].script == script) z += exp((total[l] - total[best]) / temper);
    *confidence = in_script == 1 ? 1.0 : 1.0 / z;
    /* A close call between languages of one script (a short English
     * sentence leaning to Spanish) names none: the text stays
     * undetermined, and the pipeline runs every stage on it. */
    if (*confidence < MIN_MODEL_CONFIDENCE) return NULL;
    return ng_langid_langs[best].code;
}

const char *ng_langid(const char *text, size_t len, double *confidence)
{
    size_t counts[NG_SCRIPT_COUNT];
    double conf = 0;
    ng_script script = ng_langid_script(text, len, counts);
    size_t words = 0;
    for (int k = NG_SCRIPT_LATIN; k < NG_SCRIPT_COUNT; k++) words += counts[k];
    const char *code = NULL;
    if (words >= NG_LANGID_MIN_WORDS && script != NG_SCRIPT_NONE) {
        code = single_script_language(script, counts);
        if (code) {
            /* The share of the text in that script: a page half in
             * another script is less surely one language. */
            size_t own = script == NG_SCRIPT_HAN || script == NG_SCRIPT_KANA
                             ? counts[NG_SCRIPT_HAN] + counts[NG_SCRIPT_KANA] : counts[script];
            conf = (double)own / (double)words;
        } else {
            code = model_language(text, len, script, &conf);
        }
    }
    if (confidence) *confidence = code ? conf : 0;
    return code;
}

const char *ng_language_identify(const char *text, size_t len, double *confidence)
{
    return ng_langid(text ? text : "", text ? len : 0, confidence);
}
