/*
 * fuzz_timex.c: libFuzzer target for the timex stage (timex.c).
 *
 * The first 10 bytes choose a publication date (any digits, so invalid
 * and extreme dates are tried as well as real ones; a first byte 'N' means
 * none); the rest, repaired to valid UTF-8, is the text. Every date found
 * must have a span inside the text whose words equal its `text`, a known
 * type and a non-empty value of printable ASCII, so logic errors abort as
 * surely as memory errors.
 */
#include "internal.h"
#include "timex.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char published[16];
    const char *pub = NULL;
    if (size >= 10 && data[0] != 'N') {
        /* "YYYY-MM-DD" from the bytes' digits */
        for (int k = 0; k < 10; k++) published[k] = (char)('0' + data[k] % 10);
        published[4] = published[7] = '-';
        published[10] = '\0';
        pub = published;
    }
    if (size >= 10) { data += 10; size -= 10; }
    char *text = malloc(3 * size + 1);
    if (!text) return 0;
    size_t len = ng_utf8_repair(data, size, text);
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_date *d;
    size_t n = ng_timex_text(&a, text, len, pub, &d);
    size_t chars = ng_utf8_count(text, len);
    uint32_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i].start >= d[i].end || d[i].end > chars || d[i].start < prev_end) abort();
        prev_end = d[i].end;
        if ((unsigned)d[i].type > NG_DATE_SET) abort();
        if (!d[i].text.ptr || !d[i].text.len || ng_utf8_count(d[i].text.ptr, d[i].text.len) != d[i].end - d[i].start)
            abort();
        if (!d[i].value.ptr || !d[i].value.len || d[i].value.len > 39) abort();
        for (size_t k = 0; k < d[i].value.len; k++)
            if (d[i].value.ptr[k] < 0x21 || d[i].value.ptr[k] > 0x7e) abort();
    }
    ng_arena_free(&a);
    free(text);
    return 0;
}
