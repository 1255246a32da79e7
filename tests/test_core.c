/* Unit tests for the arena, buffers, UTF-8 helpers and the JSON reader/writer. */
#include "check.h"
#include "internal.h"

TEST(arena_reset_reuses_memory)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1000; i++) CHECK(ng_alloc(&a, 1000) != NULL);
        ng_arena_reset(&a);
    }
    size_t after = a.total;
    for (int i = 0; i < 1000; i++) CHECK(ng_alloc(&a, 1000) != NULL);
    ng_arena_reset(&a);
    CHECK(a.total == after); /* steady state: no growth */
    ng_arena_free(&a);
}

TEST(arena_limit)
{
    ng_arena a;
    ng_arena_init(&a, 1 << 20);
    CHECK(ng_alloc(&a, 2 << 20) == NULL);
    CHECK(ng_alloc(&a, 1000) != NULL);
    CHECK(ng_calloc(&a, SIZE_MAX / 2, 4) == NULL);
    ng_arena_free(&a);
}

TEST(vec_and_realloc)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    NG_VEC(int) v = {0};
    for (int i = 0; i < 10000; i++) CHECK(NG_VEC_PUSH(&a, &v, i));
    CHECK_INT(v.len, 10000);
    int ok = 1;
    for (int i = 0; i < 10000; i++) ok &= v.items[i] == i;
    CHECK(ok);
    ng_arena_free(&a);
}

TEST(utf8)
{
    uint32_t cp;
    CHECK_INT(ng_utf8_decode((const unsigned char *)"\xe2\x80\x9c", 3, &cp), 3);
    CHECK_INT(cp, 0x201C);
    CHECK_INT(ng_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 1); /* overlong */
    CHECK_INT(cp, 0xFFFD);
    CHECK_INT(ng_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 1); /* surrogate */
    CHECK(ng_utf8_valid("caf\xc3\xa9", 5));
    CHECK(!ng_utf8_valid("a\0b", 3));
    CHECK(!ng_utf8_valid("\xff", 1));
    CHECK_INT(ng_utf8_count("caf\xc3\xa9 \xf0\x9f\x98\x80", 10), 6);
    char out[16];
    CHECK_INT(ng_utf8_repair((const unsigned char *)"a\0b\xff" "c", 5, out), 6);
    CHECK_STR(out, "ab\xef\xbf\xbd" "c");
    CHECK_INT(ng_utf8_encode(0x1F600, out), 4);
    CHECK(memcmp(out, "\xf0\x9f\x98\x80", 4) == 0);
}

TEST(json_writer_escapes)
{
    ng_buf b = {0};
    ng_json_string(&b, "a\"b\\c\n\x01\xe2\x80\xa8", 10);
    CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
    ng_buf_free(&b);
}

TEST(json_reader)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char *err = NULL;
    size_t at = 0;
    const char *src = "{\"url\": \"http://x\", \"n\": [1, 2.5e3, true, null], \"s\": \"\\u00e9\\ud83d\\ude00\\n\"}";
    ng_json *v = ng_json_parse(&a, src, strlen(src), &err, &at);
    CHECK(v != NULL);
    CHECK_STR(ng_json_get_str(v, "url").ptr, "http://x");
    CHECK_STR(ng_json_get_str(v, "s").ptr, "\xc3\xa9\xf0\x9f\x98\x80\n");
    const ng_json *n = ng_json_get(v, "n");
    CHECK(n && n->type == NG_JSON_ARRAY && n->n == 4);
    CHECK(ng_json_parse(&a, "{\"a\":1,}", 8, &err, &at) == NULL);
    CHECK(ng_json_parse(&a, "[1] x", 5, &err, &at) == NULL);
    CHECK(ng_json_parse(&a, "\"abc", 4, &err, &at) == NULL);
    /* Deep nesting is an error, not a stack overflow. */
    char deep[4001];
    memset(deep, '[', 4000);
    deep[4000] = 0;
    CHECK(ng_json_parse(&a, deep, 4000, &err, &at) == NULL);
    CHECK_STR(err, "nesting too deep");
    ng_arena_free(&a);
}

int main(void)
{
    RUN(arena_reset_reuses_memory);
    RUN(arena_limit);
    RUN(vec_and_realloc);
    RUN(utf8);
    RUN(json_writer_escapes);
    RUN(json_reader);
    return check_report("core");
}
