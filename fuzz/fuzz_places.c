/*
 * fuzz_places.c: libFuzzer target for the places stage.
 *
 * The input, made valid UTF-8, is read as plain text by one pipeline (kept
 * across inputs, so the committed gazetteer is mapped once; with the NER
 * model when build/models has it, so the tagger's vetoes and the evidence
 * rule are exercised too) and the places
 * of the record are checked: ng_record_check (every mention is a span
 * inside the text whose words are the mention's text, strings terminated),
 * and every place has a name, feature, mentions and coordinates on the
 * globe. A violation aborts.
 */
#include "fuzz_util.h"

#include <math.h>
#include <stdlib.h>

static void check_record(void *ud, const ng_record *r)
{
    (void)ud;
    char why[256];
    if (!ng_record_check(r, why, sizeof why)) { fprintf(stderr, "fuzz_places: %s\n", why); abort(); }
    for (size_t i = 0; i < r->n_places; i++) {
        const ng_place *p = &r->places[i];
        if (!p->name.ptr || !p->feature.ptr || !p->n_mentions) abort();
        if (!(fabs(p->lat) <= 90.0) || !(fabs(p->lon) <= 180.0)) abort();
        for (size_t k = 0; k < p->n_mentions; k++) {
            const ng_entity_mention *m = &p->mentions[k];
            if (m->start >= m->end || m->end > r->text_chars) abort();
            if (ng_utf8_count(m->text.ptr, m->text.len) != m->end - m->start) abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ng_pipeline *p; /* fuzz harness only: one pipeline for the process */
    if (!p) {
        ng_resources *res = fuzz_open_resources("fuzz_places", true);
        ng_options o;
        ng_options_init(&o);
        o.format = NG_FORMAT_TEXT;
        o.max_input_bytes = 1 << 20;
        p = ng_pipeline_new(&o, res);
        if (!p) return 0;
    }
    char *text = malloc(3 * size + 1);
    if (!text) return 0;
    size_t n = ng_utf8_repair(data, size, text);
    ng_sink sink = {check_record, NULL, NULL};
    ng_process_memory(p, "fuzz", text, n, &sink);
    free(text);
    return 0;
}
