/*
 * fuzz_jsonl.c: libFuzzer target for the JSON Lines reader.
 *
 * The line limit is small so that the "line too long" path is reached
 * too; every field of every good record is read in full for ASan.
 */
#include "fuzz_util.h"

static void on_record(void *ud, const ng_jsonl_record *r)
{
    unsigned *sum = ud;
    if (r->number < 1) abort();
    touch(r->url, sum);
    touch(r->html, sum);
    touch(r->text, sum);
    touch(r->published, sum);
    touch(r->title, sum);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ng_arena a;
    ng_arena_init(&a, (size_t)256 << 20);
    unsigned sum = 0;
    if (ng_jsonl_each(&a, (const char *)data, size, 4096, on_record, check_bad, &sum) < 0) abort();
    ng_arena_free(&a);
    return 0;
}
