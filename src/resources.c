/*
 * resources.c: the models and data files, opened once and shared.
 *
 * Everything here is mapped read-only and checked at open, then never
 * written: any number of pipelines in any number of threads read it at
 * once, and N threads cost one mapping, not N. Every failure comes back
 * the same way: NULL and one line naming the file and the reason. The
 * library looks for nothing by itself (no environment, no compiled-in
 * paths): the caller names each file, and a named file must load.
 */
#include "resources.h"
#include "gazetteer.h"
#include "parse.h"
#include "pos.h"
#include "tagger.h"

#include <unistd.h>

#include <stdlib.h>

struct ng_resources {
    ng_tagger *tagger;       /* NULL: no model named */
    ng_pos_model *pos;       /* NULL: no pos.bin in the model directory */
    ng_parse_model *parser;  /* NULL: no parse.bin there */
    ng_gazetteer gazetteer;  /* all zero: none named */
    bool has_gazetteer;
};

void ng_resource_options_init(ng_resource_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
}

ng_resources *ng_resources_open(const ng_resource_options *in, char *why, size_t why_size)
{
    ng_resource_options o;
    ng_resource_options_init(&o);
    if (in) {
        size_t n = in->size < sizeof n || in->size > sizeof o ? sizeof o : in->size;
        memcpy(&o, in, n);
    }
    if (why && why_size) why[0] = '\0';
    char scratch[1];
    if (!why || !why_size) why = scratch, why_size = sizeof scratch;
    ng_resources *r = calloc(1, sizeof *r);
    if (!r) { snprintf(why, why_size, "out of memory"); return NULL; }
    if (o.model_dir) {
        char path[4096];
        /* Each model is optional when the other is there (ner.bin cannot
         * be shipped, pos.bin is), but one that is there must load, and a
         * directory with neither is the NER model's error, as before. */
        char pos_path[4096];
        snprintf(pos_path, sizeof pos_path, "%s/pos.bin", o.model_dir);
        bool has_pos = access(pos_path, F_OK) == 0;
        snprintf(path, sizeof path, "%s/ner.bin", o.model_dir);
        if (!has_pos || access(path, F_OK) == 0) {
            r->tagger = ng_tagger_open(path, why, why_size);
            if (!r->tagger) { free(r); return NULL; }
        }
        if (has_pos && !(r->pos = ng_pos_open(pos_path, why, why_size))) {
            ng_resources_free(r);
            return NULL;
        }
        /* The parser needs the tagger's tags: it is read only beside pos.bin. */
        snprintf(path, sizeof path, "%s/parse.bin", o.model_dir);
        if (has_pos && access(path, F_OK) == 0 && !(r->parser = ng_parse_open(path, why, why_size))) {
            ng_resources_free(r);
            return NULL;
        }
    }
    if (o.gazetteer) {
        const char *err = ng_gaz_open(&r->gazetteer, o.gazetteer);
        if (err) {
            snprintf(why, why_size, "%s: %s", o.gazetteer, err);
            ng_resources_free(r);
            return NULL;
        }
        r->has_gazetteer = true;
    }
    return r;
}

void ng_resources_free(ng_resources *r)
{
    if (!r) return;
    ng_tagger_close(r->tagger);
    ng_pos_close(r->pos);
    ng_parse_close(r->parser);
    ng_gaz_close(&r->gazetteer);
    free(r);
}

bool ng_resources_has_model(const ng_resources *r) { return r && r->tagger; }
bool ng_resources_has_pos(const ng_resources *r) { return r && r->pos; }
bool ng_resources_has_parser(const ng_resources *r) { return r && r->pos && r->parser; }
bool ng_resources_has_gazetteer(const ng_resources *r) { return r && r->has_gazetteer; }

const ng_tagger *ng_resources_tagger(const ng_resources *r) { return r ? r->tagger : NULL; }
const ng_gazetteer *ng_resources_gazetteer(const ng_resources *r) { return r && r->has_gazetteer ? &r->gazetteer : NULL; }
const ng_pos_model *ng_resources_pos(const ng_resources *r) { return r ? r->pos : NULL; }
const ng_parse_model *ng_resources_parser(const ng_resources *r) { return r ? r->parser : NULL; }
