/*
 * quotes.h: the quote and attribution stage (quotes.c).
 */
#ifndef NG_QUOTES_H
#define NG_QUOTES_H

#include "internal.h"

/* Finds direct quotes and indirect attributions in rec's text (tokens,
 * sentences and paragraphs must be filled in) and stores them in
 * rec->quotes. rec->entities, when present, give speaker_entity links;
 * they and the tagger's mentions (may be NULL) tell persons from
 * organisations for pronouns. Returns NULL or a reason ("out of memory"). */
const char *ng_quotes_find(ng_arena *a, ng_record *rec, const ng_mention *mentions, size_t n_mentions);

/* Writes `,"quotes":[...]` for the record's JSON form. */
void ng_quotes_json(ng_buf *b, const ng_record *rec);

#endif /* NG_QUOTES_H */
