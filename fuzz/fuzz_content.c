/*
 * fuzz_content.c: libFuzzer target for the HTML reader (parser, metadata
 * and main-content extraction together, as ng_read_html runs them).
 *
 * The input is first made valid UTF-8 without NULs (what the encoding
 * stage guarantees). Every block of the result must be non-empty valid
 * UTF-8 with a known kind; a violation aborts so the fuzzer reports logic
 * errors as well as memory errors. An input starting with 0xFF runs with
 * a small arena limit, so out-of-memory paths run too.
 */
#include "internal.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *valid = malloc(size * 3 + 1);
    if (!valid) return 0;
    size_t k = ng_utf8_repair(data, size, valid);

    ng_arena a;
    ng_arena_init(&a, size && data[0] == 0xFF ? (size_t)64 << 10 : 0);
    ng_article art;
    memset(&art, 0, sizeof art);
    art.is_article = true;
    const char *err = ng_read_html(&a, valid, k, NULL, &art);
    if (!err) {
        for (size_t i = 0; i < art.blocks.len; i++) {
            const ng_block *b = &art.blocks.items[i];
            if (!b->text.ptr || !b->text.len) abort();
            if (!ng_utf8_valid(b->text.ptr, b->text.len)) abort();
            if (b->kind > NG_BLOCK_TABLE_ROW) abort();
        }
        if (!art.is_article && !art.not_article_reason.ptr) abort();
    }
    ng_arena_free(&a);
    free(valid);
    return 0;
}
