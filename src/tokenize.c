/* tokenize.c: STUB (to be replaced): whitespace tokens */
#include "internal.h"
const char *ng_token_kind_name(ng_token_kind k)
{
    static const char *const names[] = {"word", "number", "punct", "quote", "possessive", "abbrev",
                                        "url", "email", "handle", "hashtag", "symbol"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "word";
}
size_t ng_tokenize_text(ng_arena *a, const char *text, size_t len, ng_token **out)
{
    NG_VEC(ng_token) v = {0};
    size_t cp = 0, i = 0;
    while (i < len) {
        while (i < len && (text[i] == ' ' || text[i] == '\n')) { i++; cp++; }
        if (i >= len) break;
        size_t bs = i, cs = cp;
        while (i < len && text[i] != ' ' && text[i] != '\n') { cp += ((unsigned char)text[i] & 0xC0) != 0x80; i++; }
        ng_token t = {(uint32_t)cs, (uint32_t)cp, (uint32_t)bs, (uint32_t)i, NG_TOK_WORD};
        NG_VEC_PUSH(a, &v, t);
    }
    *out = v.items;
    return v.len;
}
