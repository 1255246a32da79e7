/* normalize.c: STUB (to be replaced) */
#include "internal.h"
ng_str ng_nfc(ng_arena *a, ng_str s) { (void)a; return s; }
ng_str ng_clean_space(ng_arena *a, const char *s, size_t n)
{
    char *o = ng_alloc(a, n + 1);
    if (!o) return (ng_str){NULL, 0};
    size_t k = 0; bool sp = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { sp = k > 0; continue; }
        if (sp) o[k++] = ' ';
        sp = false;
        o[k++] = c;
    }
    o[k] = 0;
    return (ng_str){o, k};
}
