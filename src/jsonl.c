/* jsonl.c: STUB (to be replaced) */
#include "internal.h"
int ng_jsonl_each(ng_arena *a, const char *data, size_t len, size_t limit, ng_jsonl_fn fn, ng_bad_record_fn bad, void *ud)
{
    (void)a; (void)data; (void)len; (void)fn; (void)limit;
    bad(ud, 1, "JSON Lines not supported yet");
    return 1;
}
