/*
 * fuzz_warc.c: libFuzzer target for the WARC reader.
 *
 * Every string handed to the callback is read in full, so a span that
 * points outside the input (or outside the decode buffer) shows up under
 * ASan. The scratch arena has a limit, as in the pipeline, so a hostile
 * chunked or gzip payload cannot take the machine.
 */
#include "fuzz_util.h"

static void on_record(void *ud, const ng_warc_record *r)
{
    unsigned *sum = ud;
    if (r->number < 1) abort();
    touch(r->type, sum);
    touch(r->target_uri, sum);
    touch(r->date, sum);
    touch(r->content_type, sum);
    touch((ng_str){r->payload, r->payload_len}, sum);
    if (r->http_status < 0 || r->http_status > 999) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ng_arena a;
    ng_arena_init(&a, (size_t)256 << 20);
    unsigned sum = 0;
    int bad = ng_warc_each(&a, (const char *)data, size, on_record, check_bad, &sum);
    if (bad < 0) abort();
    ng_arena_free(&a);
    return 0;
}
