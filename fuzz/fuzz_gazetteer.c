/*
 * fuzz_gazetteer.c: libFuzzer target for the gazetteer loader.
 *
 * The input is taken as a gazetteer file. Random bytes would almost never
 * pass the checksum, so the target writes the right checksum into the
 * header first: the fuzzer then exercises every structural check behind it
 * (counts, offsets, indexes, string bounds, sort order). When a file is
 * accepted, lookups run over it, derived from the input, and every place
 * they reach is read in full, so a check the loader missed shows up as an
 * out-of-bounds read under ASan.
 */
#include "gazetteer.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *b = aligned_alloc(8, (size + 8) & ~(size_t)7);
    if (!b) return 0;
    memcpy(b, data, size);
    if (size >= NG_GAZ_HEADER) {
        uint64_t h = ng_checksum64(b + NG_GAZ_HEADER, size - NG_GAZ_HEADER);
        for (int i = 0; i < 8; i++) b[52 + i] = (unsigned char)(h >> (8 * i));
    }
    ng_gazetteer g;
    if (ng_gaz_from_memory(&g, b, size) == NULL) {
        char key[64];
        size_t kn = ng_gaz_fold((const char *)data, size < 20 ? size : 20, key);
        size_t first, n = ng_gaz_find(&g, key, kn, &first);
        (void)ng_gaz_has_prefix(&g, key, kn);
        for (size_t i = 0; i < n; i++) {
            uint32_t pl = ng_gaz_name_place(&g.names[first + i]);
            const ng_gaz_place *p = ng_gaz_place_at(&g, pl);
            volatile size_t sink = strlen(ng_gaz_str(&g, p->name_off)) + strlen(ng_gaz_features[p->feature]);
            if (p->country != NG_GAZ_NO_COUNTRY) sink += strlen(ng_gaz_code(&g, p->country));
            if (p->admin1 != NG_GAZ_NONE) sink += strlen(ng_gaz_code(&g, p->admin1));
            (void)sink;
        }
        for (uint32_t i = 0; i < g.n_names && i < 64; i++) (void)strlen(g.pool + g.names[i].key_off);
        ng_gaz_close(&g);
    }
    free(b);
    return 0;
}
