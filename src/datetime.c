/* datetime.c: STUB (to be replaced) */
#include "internal.h"
ng_str ng_normalize_datetime(ng_arena *a, const char *s, size_t n)
{
    if (n >= 10 && s[4] == '-' && s[7] == '-') return ng_strndup(a, s, 10);
    return (ng_str){NULL, 0};
}
ng_str ng_date_from_url(ng_arena *a, const char *url) { (void)a; (void)url; return (ng_str){NULL, 0}; }
