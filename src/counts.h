/*
 * counts.h: counts and amounts (counts.c), between the pipeline and the
 * record's JSON writer.
 */
#ifndef NG_COUNTS_H
#define NG_COUNTS_H

#include "internal.h"

/* Finds the counts and amounts of rec->text over its tokens and sentences
 * and stores them in rec->counts (allocated in `a`). `words` is the
 * record's word layer, or NULL to build it here. Returns NULL or a reason
 * ("out of memory"). */
const char *ng_counts_extract(ng_arena *a, ng_record *rec, const ng_words *words);
/* Writes `,"counts":[...]` for the record. */
void ng_counts_json(ng_buf *b, const ng_record *rec);
/* The kind a lowercase word form governs (lexicons/verbs.tsv, count_kinds.tsv). */
ng_count_kind ng_count_kind_of(const char *word, size_t len);

#endif
