/*
 * fuzz_datetime.c: libFuzzer target for datetime.c.
 *
 * Any bytes go to ng_normalize_datetime and, NUL-terminated, to
 * ng_date_from_url. The result must be absent or exactly one of the
 * documented shapes with a real calendar date and a valid time, so a
 * logic error aborts as surely as a memory error.
 */
#include "internal.h"

#include <stdlib.h>

static bool dig(const char *s, size_t i, size_t n)
{
    for (size_t k = i; k < i + n; k++)
        if (s[k] < '0' || s[k] > '9') return false;
    return true;
}

static int val(const char *s, size_t i, size_t n)
{
    int v = 0;
    for (size_t k = i; k < i + n; k++) v = v * 10 + (s[k] - '0');
    return v;
}

static void check_iso(ng_str r, bool date_only)
{
    if (!r.ptr) {
        if (r.len) abort();
        return;
    }
    if (strlen(r.ptr) != r.len) abort();
    if (r.len != 10 && r.len != 19 && r.len != 20) abort();
    if (date_only && r.len != 10) abort();
    const char *s = r.ptr;
    if (!dig(s, 0, 4) || s[4] != '-' || !dig(s, 5, 2) || s[7] != '-' || !dig(s, 8, 2)) abort();
    int y = val(s, 0, 4), m = val(s, 5, 2), d = val(s, 8, 2);
    static const int md[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > md[m - 1]) abort();
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) abort();
    if (r.len == 10) return;
    if (s[10] != 'T' || !dig(s, 11, 2) || s[13] != ':' || !dig(s, 14, 2) || s[16] != ':' || !dig(s, 17, 2)) abort();
    if (val(s, 11, 2) > 23 || val(s, 14, 2) > 59 || val(s, 17, 2) > 59) abort();
    if (r.len == 20 && s[19] != 'Z') abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    check_iso(ng_normalize_datetime(&a, (const char *)data, size), false);
    char *z = malloc(size + 1);
    if (z) {
        memcpy(z, data, size);
        z[size] = '\0';
        check_iso(ng_date_from_url(&a, z), true);
        free(z);
    }
    ng_arena_free(&a);
    return 0;
}
