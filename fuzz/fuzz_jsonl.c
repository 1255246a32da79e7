/*
 * fuzz_jsonl.c: libFuzzer target for the JSON Lines reader.
 *
 * The line limit is small so that the "line too long" path is reached
 * too; every field of every good record is read in full for ASan.
 */
#include "internal.h"

#include <stdlib.h>

static void touch(ng_str s, unsigned *sum)
{
    for (size_t i = 0; i < s.len; i++) *sum += (unsigned char)s.ptr[i];
}

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

static void on_bad(void *ud, long number, const char *reason)
{
    unsigned *sum = ud;
    if (number < 1 || !reason || !reason[0]) abort();
    *sum += (unsigned)strlen(reason);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ng_arena a;
    ng_arena_init(&a, (size_t)256 << 20);
    unsigned sum = 0;
    if (ng_jsonl_each(&a, (const char *)data, size, 4096, on_record, on_bad, &sum) < 0) abort();
    ng_arena_free(&a);
    return 0;
}
