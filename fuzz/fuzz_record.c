/*
 * fuzz_record.c: libFuzzer target for the whole pipeline.
 *
 * Any bytes go through ng_process_memory with format detection, so every
 * reader (HTML, text, WARC, JSON Lines, gzip) and every stage of the table
 * runs, with the gazetteer and, when one was built, the NER model. Each
 * record must pass ng_record_check and each error must name a reason; a
 * violation aborts. One pipeline is kept for the process, over resources
 * opened once, as a server would.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t selected; /* the pipeline's stage mask (set once, before any record) */

static void check_record(void *ud, const ng_record *r)
{
    (void)ud;
    char why[256];
    if (!ng_record_check(r, why, sizeof why)) { fprintf(stderr, "fuzz_record: %s\n", why); abort(); }
    /* Every selected stage runs where it applies (docs/record.md, Stages). */
    for (size_t i = 0; i < ng_stage_count(); i++) {
        bool ran = r->stages >> i & 1, due = (selected >> i & 1) && ng_stage_applies(i, r);
        if (ran != due) { fprintf(stderr, "fuzz_record: stage %s %s\n", ng_stage_name(i), ran ? "ran on a non-English text" : "did not run"); abort(); }
    }
}

static void check_error(void *ud, const char *path, long record, const char *reason)
{
    (void)ud;
    if (!path || record < 0 || !reason || !reason[0]) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ng_pipeline *p; /* fuzz harness only: one pipeline for the process */
    if (!p) {
        ng_resources *res = fuzz_open_resources("fuzz_record", true);
        ng_options o;
        ng_options_init(&o);
        o.max_input_bytes = 1 << 20;
        o.stages = NG_STAGES_ALL; /* the syntax stage too */
        selected = o.stages;
        p = ng_pipeline_new(&o, res);
        if (!p) return 0;
    }
    ng_sink sink = {check_record, check_error, NULL};
    ng_process_memory(p, "fuzz", data, size, &sink);
    return 0;
}
