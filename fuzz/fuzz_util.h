/*
 * fuzz_util.h: checks shared by the fuzz targets of the container readers.
 *
 * touch() reads every byte of a string the reader handed out, so a span
 * that points outside the input or a freed buffer shows up under ASan;
 * check_bad() is the contract of every on_bad callback: a 1-based record
 * number and a non-empty reason.
 */
#ifndef NG_FUZZ_UTIL_H
#define NG_FUZZ_UTIL_H

#include "internal.h"

#include <stdlib.h>

static inline void touch(ng_str s, unsigned *sum)
{
    for (size_t i = 0; i < s.len; i++) *sum += (unsigned char)s.ptr[i];
}

static inline void check_bad(void *ud, long number, const char *reason)
{
    unsigned *sum = ud;
    if (number < 1 || !reason || !reason[0]) abort();
    *sum += (unsigned)strlen(reason);
}

#endif
