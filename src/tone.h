/*
 * tone.h: document tone (tone.c), between the pipeline and the record's
 * JSON writer.
 */
#ifndef NG_TONE_H
#define NG_TONE_H

#include "internal.h"

/* Scores rec->text over its tokens into rec->tone. `words` is the record's
 * word layer, or NULL to build it here (in `a`). Returns NULL or "out of
 * memory". */
const char *ng_tone_score(ng_arena *a, ng_record *rec, const ng_words *words);
/* Writes `,"tone":{...}` for the record. */
void ng_tone_json(ng_buf *b, const ng_record *rec);
/* The polarity of a lowercase word in the lexicon: +1, -1, or 0. */
int ng_tone_polarity(const char *word, size_t len);

#endif
