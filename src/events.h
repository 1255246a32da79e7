/*
 * events.h: the event coder (events.c) outside the stage table: for the
 * stage itself, for a syntax stage that hands it a parse, and for the
 * coder's bench.
 */
#ifndef NG_EVENTS_H
#define NG_EVENTS_H

#include "internal.h"

/* A parse of the record's tokens, each array indexed by record token (all
 * of them, or NULL). `upos` (UD UPOS, as src/pos.c numbers them) and
 * `xpos` (Penn) replace the coder's own tagging; `head` (the record token
 * index of each token's head, -1 for a sentence root; a head outside the
 * token's sentence counts as -1) and `deprel` (ng_ev_dep of event_args.h,
 * ng_ev_dep_from_name() of a UD label) switch the argument finder to the
 * dependency path. A syntax stage fills this from the word layer. */
typedef struct ng_event_parse {
    const uint8_t *upos;
    const uint8_t *xpos;
    const int32_t *head;
    const uint8_t *deprel;
} ng_event_parse;

/* Codes the events of `rec` (text layer, and the entities, quotes, counts,
 * dates and places stages' output when they ran) into rec->events, in `a`.
 * `pos` tags the sentences that can hold an event when `parse` gives no
 * tags; with neither, no events are coded. `parse` may be NULL. Returns
 * NULL or "out of memory". */
const char *ng_events_find(ng_arena *a, ng_record *rec, const ng_words *words, const ng_pos_model *pos,
                           const ng_event_parse *parse);

#endif /* NG_EVENTS_H */
