/*
 * timex.h: temporal expressions (TimeML TIMEX3) in a record's text.
 *
 * The stage runs after the record is built (text, tokens, sentences) and
 * fills rec->dates, resolving relative expressions against rec->published.
 * See timex.c for the design and docs/record.md for the value formats.
 */
#ifndef NG_TIMEX_H
#define NG_TIMEX_H

#include "internal.h"

/* Finds and normalises the temporal expressions of rec->text into
 * rec->dates (allocated in `a`). Returns NULL or "out of memory". */
const char *ng_timex_stage(ng_arena *a, ng_record *rec);

/* Writes `,"dates":[...]` for the record. */
void ng_timex_json(ng_buf *b, const ng_record *rec);

/* The tense a sentence gives the word at token `at`: from the verb cues
 * nearest to it among tokens [first, last). */
typedef enum ng_tense { NG_TENSE_NONE = 0, NG_TENSE_PAST, NG_TENSE_PRESENT, NG_TENSE_FUTURE } ng_tense;
ng_tense ng_timex_tense(const char *text, const ng_token *tokens, size_t first, size_t last, size_t at);

/* For tests and fuzzing: runs the stage on `text` alone (tokenized and
 * split here). `published` is "YYYY-MM-DD..." or NULL. Returns the count. */
size_t ng_timex_text(ng_arena *a, const char *text, size_t len, const char *published, ng_date **dates);

/* True when the keyword table is strictly sorted (binary search needs it). */
bool ng_timex_table_ok(void);
bool ng_timex_cues_ok(void);

#endif /* NG_TIMEX_H */
