/*
 * fuzz_text.c: libFuzzer target for the text layer.
 *
 * The input is first made valid UTF-8 without NULs (what the encoding stage
 * guarantees), then goes through the record builder's sequence: clean,
 * NFC, tokenize, split. The raw valid text is also tokenized directly, as
 * the public ng_tokenize() allows. Every structural invariant of tokens
 * and sentences is checked and a violation aborts, so the fuzzer reports
 * logic errors as well as memory errors. A small arena limit makes
 * out-of-memory paths run too.
 */
#include "internal.h"

#include <stdlib.h>

static void check_text(ng_arena *a, const char *s, size_t len)
{
    if (!ng_utf8_valid(s, len)) abort();
    uint32_t total = (uint32_t)ng_utf8_count(s, len);
    ng_token *t;
    size_t n = ng_tokenize_text(a, s, len, &t);
    uint32_t prev_b = 0, prev_c = 0;
    for (size_t i = 0; i < n; i++) {
        const ng_token *k = &t[i];
        if (k->bstart >= k->bend || k->start >= k->end) abort();  /* non-empty */
        if (k->bstart < prev_b || k->start < prev_c) abort();    /* ordered, no overlap */
        if (k->bend > len || k->end > total) abort();
        if (k->kind > NG_TOK_SYMBOL) abort();
        if (((unsigned char)s[k->bstart] & 0xC0) == 0x80) abort(); /* on code point boundaries */
        if (k->bend < len && ((unsigned char)s[k->bend] & 0xC0) == 0x80) abort();
        /* code point offsets agree with byte offsets */
        if (ng_utf8_count(s + k->bstart, k->bend - k->bstart) != k->end - k->start) abort();
        if (ng_utf8_count(s + prev_b, k->bstart - prev_b) != k->start - prev_c) abort();
        /* white space is never inside a token's ends */
        if (s[k->bstart] == ' ' || s[k->bstart] == '\n' || s[k->bend - 1] == ' ' || s[k->bend - 1] == '\n') abort();
        prev_b = k->bend;
        prev_c = k->end;
    }
    ng_span *sp;
    size_t m = ng_split_sentences(a, s, len, t, n, &sp);
    uint32_t prev_end = 0;
    size_t ti = 0;
    for (size_t i = 0; i < m; i++) {
        if (sp[i].start >= sp[i].end || sp[i].start < prev_end || sp[i].end > total) abort();
        /* sentences start and end on tokens */
        while (ti < n && t[ti].start < sp[i].start) ti++;
        if (ti >= n || t[ti].start != sp[i].start) abort();
        while (ti < n && t[ti].end < sp[i].end) ti++;
        if (ti >= n || t[ti].end != sp[i].end) abort();
        prev_end = sp[i].end;
    }
    /* every token is in some sentence unless memory ran out */
    if (n && !m && a->limit == 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *valid = malloc(size * 3 + 1);
    if (!valid) return 0;
    size_t k = ng_utf8_repair(data, size, valid);

    ng_arena a;
    ng_arena_init(&a, size && data[0] == 0xFF ? (size_t)64 << 10 : 0);
    check_text(&a, valid, k);
    ng_str c = ng_clean_space(&a, valid, k);
    if (c.ptr) {
        if (strstr(c.ptr, "\n\n") || strstr(c.ptr, "  ") || strstr(c.ptr, " \n") || strstr(c.ptr, "\n ")) abort();
        if (c.len && (c.ptr[0] == ' ' || c.ptr[0] == '\n' || c.ptr[c.len - 1] == ' ' || c.ptr[c.len - 1] == '\n'))
            abort();
        ng_str s = ng_nfc(&a, c);
        if (s.ptr) {
            if (s.ptr[s.len] != '\0') abort();
            ng_str again = ng_nfc(&a, s); /* NFC is idempotent */
            if (again.ptr && (again.len != s.len || memcmp(again.ptr, s.ptr, s.len) != 0)) abort();
            check_text(&a, s.ptr, s.len);
        }
    }
    ng_arena_free(&a);
    free(valid);
    return 0;
}
