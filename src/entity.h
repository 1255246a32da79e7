/*
 * entity.h: in-document entity resolution (entity.c).
 *
 * The tagger yields mentions (token runs with a CoNLL type); the resolver
 * groups them into the record's entities, separates titles from names,
 * links acronyms and country short forms, refines types (NORP), and adds
 * the byline's authors.
 */
#ifndef NG_ENTITY_H
#define NG_ENTITY_H

#include "internal.h"

/* Fills rec->entities from the n mentions m (token runs into rec->tokens,
 * in any order; overlapping, empty or out-of-range runs are tolerated
 * and dropped) and from rec->authors. Everything is allocated in `a`.
 * Returns NULL, or a reason ("out of memory") with rec->entities empty. */
const char *ng_entities_resolve(ng_arena *a, ng_record *rec, const ng_mention *m, size_t n);

/* Writes ,"entities":[...] (with the leading comma) for ng_record_json. */
void ng_entities_json(ng_buf *b, const ng_record *rec);


#endif /* NG_ENTITY_H */
