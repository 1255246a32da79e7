/*
 * train_langid: builds src/langid_model.h, the language identifier's
 * n-gram model, from one text per language (lexicons/langid/<code>.txt,
 * ISO 639-1 code as the name).
 *
 *   build/tools/train-langid --dir lexicons/langid --out src/langid_model.h
 *
 * For each language: the counts of its n-grams (ng_langid_ngrams, the
 * library's own reading), smoothed (add-alpha over the n-grams of all
 * languages) into log-probabilities. The TOP most frequent n-grams of each
 * language are kept; any other n-gram scores the language's floor, the
 * probability of an n-gram never seen. Deterministic: files in name order,
 * ties by key, so the same texts give the same header byte for byte.
 */
#include "internal.h"
#include "langid.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>

#define ALPHA 0.5
#define SCALE 100
#define MAX_LANGS 64

typedef struct gram { uint32_t key, count; } gram;
typedef struct keys { uint32_t *v; size_t n, cap; } keys;
typedef struct lang { char code[4]; ng_script script; gram *grams; size_t n_grams; double total; } lang;

static void add_key(void *ud, uint32_t key)
{
    keys *k = ud;
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 4096;
        k->v = realloc(k->v, k->cap * sizeof *k->v);
        if (!k->v) { fprintf(stderr, "train-langid: out of memory\n"); exit(1); }
    }
    k->v[k->n++] = key;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int by_count_then_key(const void *a, const void *b)
{
    const gram *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int by_key(const void *a, const void *b) { return cmp_u32(&((const gram *)a)->key, &((const gram *)b)->key); }

typedef struct entry { uint32_t key; unsigned lang; int score; } entry;

/* (key, language) pairs are unique, so the order is total. */
static int by_key_then_lang(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->lang < y->lang ? -1 : x->lang > y->lang;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    ng_buf b = {0};
    const char *err = ng_read_stream(f, (size_t)1 << 26, &b);
    fclose(f);
    if (err) return NULL;
    *len = b.len;
    return b.data;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Counts one language's n-grams into l (sorted by key, with counts). */
static void count_language(lang *l, const char *text, size_t len)
{
    keys k = {0};
    l->script = ng_langid_script(text, len, NULL);
    ng_langid_ngrams(text, len, l->script, SIZE_MAX, add_key, &k);
    qsort(k.v, k.n, sizeof *k.v, cmp_u32);
    l->grams = calloc(k.n ? k.n : 1, sizeof *l->grams);
    for (size_t i = 0; i < k.n; i++) {
        if (l->n_grams && l->grams[l->n_grams - 1].key == k.v[i]) l->grams[l->n_grams - 1].count++;
        else l->grams[l->n_grams++] = (gram){k.v[i], 1};
    }
    l->total = (double)k.n;
    free(k.v);
}

/* The identifier's index of the n-grams: an open-addressing table of
 * 2^bits slots, at most half full, each {key, first entry, number of
 * entries} (0 entries: empty), filled in key order with linear probing
 * from ng_langid_slot(). One read of one slot finds an n-gram and where
 * its entries are, where a binary search over the keys took thirteen
 * dependent reads; the look-ups were most of the identifier's time. */
static bool write_index(FILE *f, const entry *entries, size_t n_entries, size_t n_keys)
{
    unsigned bits = 10;
    while (((size_t)1 << bits) < 2 * n_keys) bits++;
    size_t n_slots = (size_t)1 << bits, mask = n_slots - 1;
    struct slot { uint32_t key, first, count; } *slots = calloc(n_slots, sizeof *slots);
    if (!slots || n_entries > UINT16_MAX) { free(slots); return false; }
    for (size_t i = 0, j; i < n_entries; i = j) {
        for (j = i + 1; j < n_entries && entries[j].key == entries[i].key;) j++;
        size_t s = ng_langid_slot(entries[i].key, bits);
        while (slots[s].count) s = (s + 1) & mask;
        slots[s] = (struct slot){entries[i].key, (uint32_t)i, (uint32_t)(j - i)};
    }
    fprintf(f, "/* {key, first entry, entries} at the key's slot, from ng_langid_slot() with linear probing;\n"
               " * 0 entries: an empty slot. */\n"
               "#define NG_LANGID_SLOT_BITS %u\n"
               "static const struct { uint32_t key; uint16_t first, count; } ng_langid_index[] = {", bits);
    for (size_t i = 0; i < n_slots; i++)
        fprintf(f, "%s{0x%08x, %u, %u},", i % 4 ? " " : "\n    ", slots[i].key, slots[i].first, slots[i].count);
    fprintf(f, "\n};\n");
    free(slots);
    return true;
}

int main(int argc, char **argv)
{
    const char *dir = "lexicons/langid", *out = NULL;
    size_t top = 600;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--top") && i + 1 < argc) top = (size_t)atol(argv[++i]);
        else { fprintf(stderr, "usage: train-langid [--dir DIR] [--top N] --out FILE\n"); return 2; }
    }
    if (!out) { fprintf(stderr, "train-langid: --out FILE is needed\n"); return 2; }
    DIR *d = opendir(dir);
    if (!d) { perror(dir); return 1; }
    char *names[MAX_LANGS];
    size_t n_names = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t k = strlen(e->d_name);
        if (k == 6 && !strcmp(e->d_name + 2, ".txt") && n_names < MAX_LANGS) names[n_names++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n_names, sizeof *names, by_name);

    static lang langs[MAX_LANGS];
    keys all = {0};
    for (size_t i = 0; i < n_names; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len;
        char *text = read_file(path, &len);
        if (!text) { perror(path); return 1; }
        memcpy(langs[i].code, names[i], 2);
        count_language(&langs[i], text, len);
        for (size_t g = 0; g < langs[i].n_grams; g++) add_key(&all, langs[i].grams[g].key);
        free(text);
    }
    qsort(all.v, all.n, sizeof *all.v, cmp_u32);
    size_t vocab = 0;
    for (size_t i = 0; i < all.n; i++) vocab += !i || all.v[i] != all.v[i - 1];

    /* (key, language, score) triples of the kept n-grams, by key. */
    entry *entries = calloc(n_names * top + 1, sizeof *entries);
    size_t n_entries = 0;
    int floors[MAX_LANGS];
    for (size_t i = 0; i < n_names; i++) {
        lang *l = &langs[i];
        double denom = l->total + ALPHA * (double)vocab;
        floors[i] = (int)lround(log(ALPHA / denom) * SCALE);
        qsort(l->grams, l->n_grams, sizeof *l->grams, by_count_then_key);
        size_t keep = l->n_grams < top ? l->n_grams : top;
        for (size_t g = 0; g < keep; g++)
            entries[n_entries++] = (entry){l->grams[g].key, (unsigned)i,
                                           (int)lround(log((l->grams[g].count + ALPHA) / denom) * SCALE)};
        qsort(l->grams, keep, sizeof *l->grams, by_key);
    }
    qsort(entries, n_entries, sizeof *entries, by_key_then_lang);

    FILE *f = fopen(out, "w");
    if (!f) { perror(out); return 1; }
    fprintf(f, "/* Generated by tools/train_langid.c from lexicons/langid/<code>.txt (make train-langid).\n"
               " * Do not edit: edit the texts and regenerate. */\n"
               "#define NG_LANGID_N_LANGS %zu\n#define NG_LANGID_SCALE %d.0\n", n_names, SCALE);
    fprintf(f, "static const struct { char code[3]; unsigned char script; int floor; } ng_langid_langs[] = {\n");
    for (size_t i = 0; i < n_names; i++)
        fprintf(f, "    {\"%s\", %d, %d},\n", langs[i].code, (int)langs[i].script, floors[i]);
    fprintf(f, "};\n");
    size_t n_keys = 0;
    for (size_t i = 0; i < n_entries; i++) n_keys += !i || entries[i].key != entries[i - 1].key;
    fprintf(f, "#define NG_LANGID_N_KEYS %zu\n", n_keys);
    fprintf(f, "static const struct { unsigned char lang; short score; } ng_langid_entries[] = {");
    for (size_t i = 0; i < n_entries; i++)
        fprintf(f, "%s{%u, %d},", i % 8 ? " " : "\n    ", entries[i].lang, entries[i].score);
    fprintf(f, "\n};\n");
    if (!write_index(f, entries, n_entries, n_keys)) { fprintf(stderr, "train-langid: out of memory\n"); return 1; }
    if (fclose(f)) { perror(out); return 1; }
    fprintf(stderr, "train-langid: %zu languages, %zu n-grams kept (%zu keys), vocabulary %zu\n", n_names, n_entries,
            n_keys, vocab);
    return 0;
}
