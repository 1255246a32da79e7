/*
 * resources.h: what the pipeline reads from ng_resources.
 */
#ifndef NG_RESOURCES_H
#define NG_RESOURCES_H

#include "internal.h"

/* The loaded tagger / gazetteer, or NULL when absent (also for res NULL). */
const ng_tagger *ng_resources_tagger(const ng_resources *res);
const ng_gazetteer *ng_resources_gazetteer(const ng_resources *res);
/* The POS model (pos.bin beside ner.bin), or NULL when absent. */
const ng_pos_model *ng_resources_pos(const ng_resources *res);
/* The parser model (parse.bin beside pos.bin), or NULL when absent. */
const ng_parse_model *ng_resources_parser(const ng_resources *res);

#endif /* NG_RESOURCES_H */
