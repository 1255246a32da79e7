/*
 * export.c: the store in other tools' formats (docs/store.md, "Exports").
 */
#include "db.h"
#include "store.h"

#include <stdio.h>

long ng_store_export(ng_store *s, const char *format, const char *since, const char *until, FILE *out, char *why,
                     size_t why_size)
{
    (void)s, (void)since, (void)until, (void)out;
    snprintf(why, why_size, "unknown export format '%s'", format);
    return -1;
}
