/* encoding.c: STUB (to be replaced) */
#include "internal.h"
const char *ng_to_utf8(ng_arena *a, const char *data, size_t len, const char *ct, bool is_html, ng_str *out)
{
    (void)ct; (void)is_html;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF) { data += 3; len -= 3; }
    char *o = ng_alloc(a, len * 3 + 1);
    if (!o) return "out of memory";
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = ng_utf8_decode((const unsigned char *)data + i, len - i, &cp);
        i += k;
        if (cp == 0) continue;
        n += ng_utf8_encode(cp, o + n);
    }
    o[n] = 0;
    *out = (ng_str){o, n};
    return NULL;
}
