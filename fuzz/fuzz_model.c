/*
 * fuzz_model.c: libFuzzer target for the NER model loader.
 *
 * Random bytes rarely pass the checksums, so when the first byte is odd
 * the target repairs them first (each in-bounds section's sum, then the
 * file's): that lets the fuzzer reach the structural checks and, when a
 * mutated model loads, tagging with its tables (gazetteer probing,
 * weight rows). Seed: fuzz/corpus/fuzz_model/tiny.bin, trained on
 * hand-made sentences (tests/cli_ner.sh's), not on CoNLL.
 */
#include "tagger.h"

#include <stdlib.h>

static void repair(unsigned char *b, size_t n)
{
    if (n < 64) return;
    uint32_t nsec;
    memcpy(&nsec, b + 12, 4);
    if (nsec > 16 || 64 + (size_t)nsec * 32 > n) return;
    for (uint32_t k = 0; k < nsec; k++) {
        unsigned char *e = b + 64 + (size_t)k * 32;
        uint64_t off, size;
        memcpy(&off, e + 8, 8);
        memcpy(&size, e + 16, 8);
        if (off > n || size > n - off) continue;
        uint64_t sum = ng_checksum64(b + off, (size_t)size);
        memcpy(e + 24, &sum, 8);
    }
    uint64_t len = n, sum = ng_checksum64(b + 64, n - 64);
    memcpy(b + 16, &len, 8);
    memcpy(b + 24, &sum, 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    bool fix = data[0] & 1;
    unsigned char *b = malloc(size);
    if (!b) return 0;
    memcpy(b, data, size);
    if (fix) repair(b, size);
    char err[256];
    err[0] = 0;
    ng_tagger *t = ng_tagger_open_memory(b, size, "fuzz.bin", err, sizeof err);
    free(b);
    if (!t) {
        if (strncmp(err, "fuzz.bin: ", 10) != 0) abort(); /* every failure says which file and why */
        return 0;
    }
    static const char *const words[] = {"Peter", "Brown", "visited", "New", "York", "and", "Acme", "Corp", ".",
                                        "PARIS", "1996-08-22", "Mr", "Smith", "'s", "bank"};
    ng_str w[15];
    for (int i = 0; i < 15; i++) w[i] = (ng_str){words[i], strlen(words[i])};
    uint32_t starts[] = {0, 9};
    ng_tag_doc doc = {w, 15, starts, 2};
    uint8_t labels[15];
    ng_arena a;
    ng_arena_init(&a, 0);
    if (ng_tagger_tag(t, &a, &doc, labels)) {
        for (int i = 0; i < 15; i++)
            if (labels[i] >= NG_N_LABELS) abort();
        ng_mention *m;
        size_t n = ng_labels_to_mentions(&a, labels, 15, &m);
        for (size_t i = 0; i < n; i++)
            if (m[i].tok_start >= m[i].tok_end || m[i].tok_end > 15) abort();
    }
    ng_arena_free(&a);
    ng_tagger_close(t);
    return 0;
}
