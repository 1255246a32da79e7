/* warc.c: STUB (to be replaced) */
#include "internal.h"
int ng_warc_each(ng_arena *a, const char *data, size_t len, ng_warc_fn fn, ng_bad_record_fn bad, void *ud)
{
    (void)a; (void)data; (void)len; (void)fn;
    bad(ud, 1, "WARC not supported yet");
    return 1;
}
