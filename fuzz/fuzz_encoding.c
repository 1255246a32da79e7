/*
 * fuzz_encoding.c: libFuzzer target for the conversion to UTF-8.
 *
 * The first byte picks the HTTP Content-Type (none, or one of a few
 * charsets covering each decoder: built-in, iconv single-byte, iconv
 * multi-byte, stateful, unknown) and whether the input is HTML; the rest
 * is the document. The output guarantees are checked, not just memory
 * safety: valid UTF-8, no NUL, no \r, no \f, no other C0 control but \t
 * and \n.
 */
#include "internal.h"

#include <stdlib.h>

static const char *const types[] = {
    NULL,
    "text/html; charset=utf-8",
    "text/html; charset=windows-1252",
    "text/html; charset=utf-16",
    "text/html; charset=utf-16be",
    "text/html; charset=shift_jis",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=koi8-r",
    "text/html; charset=gb2312",
    "text/html; charset=big5",
    "text/html; charset=euc-kr",
    "text/html; charset=utf-32",
    "text/html; charset=\"bogus\"",
    "text/html; charset=",
    "charset=x-user-defined",
    "text/plain",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *ct = types[data[0] & 15];
    bool html = data[0] & 16;
    ng_arena a;
    ng_arena_init(&a, (size_t)256 << 20);
    ng_str out = {NULL, 0};
    const char *err = ng_to_utf8(&a, (const char *)data + 1, size - 1, ct, html, &out);
    if (err) abort(); /* only out of memory, which this limit does not reach */
    if (!out.ptr && out.len) abort();
    if (out.len && !ng_utf8_valid(out.ptr, out.len)) abort();
    for (size_t i = 0; i < out.len; i++) {
        unsigned char c = (unsigned char)out.ptr[i];
        if (c < 0x20 && c != '\t' && c != '\n') abort();
    }
    ng_arena_free(&a);
    return 0;
}
