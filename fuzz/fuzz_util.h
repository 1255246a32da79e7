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
#include <unistd.h>

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

/* The committed gazetteer and, when `with_models` and one was built, the
 * models (fuzzers run from the repository root), opened once per process
 * as a server would; a failure aborts, naming the target. */
static inline ng_resources *fuzz_open_resources(const char *target, bool with_models)
{
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.gazetteer = "data/gazetteer.bin";
    if (with_models && access("build/models/ner.bin", R_OK) == 0) ro.model_dir = "build/models";
    char why[256];
    ng_resources *res = ng_resources_open(&ro, why, sizeof why);
    if (!res) { fprintf(stderr, "%s: %s\n", target, why); abort(); }
    return res;
}

#endif
