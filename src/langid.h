/*
 * langid.h: language identification from a text's letters.
 *
 * Writing systems used by one language here (kana, Hangul, Han, Greek,
 * Hebrew, Devanagari, Thai) decide by script alone. Scripts shared by
 * several languages (Latin, Cyrillic, Arabic) are scored by a naive Bayes
 * model over character 1- to 4-grams of lowercased words, compiled into
 * src/langid_model.h by tools/train_langid.c from lexicons/langid/<code>.txt.
 * The trainer and the library see n-grams through the same function, so
 * they cannot disagree on what an n-gram is.
 */
#ifndef NG_LANGID_H
#define NG_LANGID_H

#include <stddef.h>
#include <stdint.h>

typedef enum ng_script {
    NG_SCRIPT_NONE, NG_SCRIPT_LATIN, NG_SCRIPT_CYRILLIC, NG_SCRIPT_GREEK, NG_SCRIPT_ARABIC,
    NG_SCRIPT_HEBREW, NG_SCRIPT_DEVANAGARI, NG_SCRIPT_THAI, NG_SCRIPT_HANGUL, NG_SCRIPT_KANA,
    NG_SCRIPT_HAN, NG_SCRIPT_OTHER, NG_SCRIPT_COUNT
} ng_script;

/* The script of a letter (NG_SCRIPT_NONE for anything that is not one). */
ng_script ng_script_of(uint32_t cp);

/* Calls fn with the 32-bit key of every n-gram (1 to 4 code points,
 * words padded with a space on each side) of the letters of `script` in
 * text[0..len), lowercased; other characters separate words. Stops after
 * max_letters letters. Returns the number of n-grams. */
typedef void (*ng_ngram_fn)(void *userdata, uint32_t key);
size_t ng_langid_ngrams(const char *text, size_t len, ng_script script, size_t max_letters, ng_ngram_fn fn,
                        void *userdata);

/* The dominant script of text[0..len), counted in words: a run of letters
 * of an alphabet, or one character of Han, kana or Hangul (which carry a
 * word or part of one each), so that a Japanese page quoting English code
 * stays Japanese. The counts go to counts[NG_SCRIPT_COUNT] when not NULL. */
ng_script ng_langid_script(const char *text, size_t len, size_t counts[NG_SCRIPT_COUNT]);

/* Identifies the language of text[0..len): an ISO 639-1 code ("en",
 * "de", "ja"), or NULL when the text has too few words to say or its
 * script belongs to no language known here. *confidence (0..1) is the
 * model's posterior for the answer, tempered so that a long text is not
 * certain merely for being long; 0 with NULL. */
const char *ng_langid(const char *text, size_t len, double *confidence);

/* The home slot of an n-gram key in the model's open-addressing index of
 * 2^bits slots (ng_langid_index, written by the trainer, probed linearly
 * by the identifier): both sides use this one function. */
static inline uint32_t ng_langid_slot(uint32_t key, unsigned bits)
{
    return (uint32_t)(key * 0x9E3779B1u) >> (32 - bits);
}

/* Fewer words (as ng_langid_script counts them) than this and ng_langid()
 * does not guess. */
#define NG_LANGID_MIN_WORDS 5

#endif
