/*
 * places.h: toponym recognition and disambiguation (the `places` stage).
 *
 * Input: a built record (text, tokens, sentences, dateline) and the
 * gazetteer; optionally the tagger's mentions (NG_NE_LOC runs become
 * candidates, PER runs veto overlapping gazetteer matches, ORG/MISC runs all
 * but the place they are named after; non-NULL with n_mentions 0 means the
 * tagger ran and found nothing, and then readings need evidence). Output:
 * rec->places, allocated in the article arena. See places.c for the method.
 */
#ifndef NG_PLACES_H
#define NG_PLACES_H

#include "gazetteer.h"

/* Finds and resolves the places of `rec`. `mentions` may be NULL. Returns
 * NULL or a reason ("out of memory"); on error rec->places is empty. */
const char *ng_places_extract(ng_arena *a, const ng_gazetteer *g, ng_record *rec, const ng_mention *mentions,
                              size_t n_mentions);

/* What the places stage knew of one place mention, for the step that makes
 * places and entities agree (place_entities.c). */
enum {
    NG_PLACE_PARTY_HOME = 1, /* the home after a party tag ("D-Charleston") */
    NG_PLACE_DEMONYM = 2,    /* a demonym ("British") */
    NG_PLACE_ORG_SHAPE = 4   /* after "of" ("Bank of England") or before an organisation's
                                word ("Kentucky Department of Education", places.c org_heads) */
};

/* Makes rec->places and rec->entities agree: no place mention lies on an
 * entity mention typed PER or ORG, but for the place an organisation is
 * named after (then place.mention_org names it). flags[p][k] describes
 * mention k of place p. Such an entity mention that names the place is
 * retyped LOC (NORP for a demonym), other such place mentions dropped; see
 * place_entities.c. Returns NULL or "out of memory". */
const char *ng_places_reconcile(ng_arena *a, ng_arena *scratch, ng_record *rec, uint8_t *const *flags);

/* True when the stage's word lists are sorted, as its lookups assume. */
bool ng_places_lists_sorted(void);

/* Writes ,"places":[...] for the record (the key included). */
void ng_places_json(ng_buf *b, const ng_record *rec);

#endif /* NG_PLACES_H */
