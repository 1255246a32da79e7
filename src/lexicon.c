/*
 * lexicon.c: word-list lookups shared by the stages (see lexicon.h).
 */
#include "lexicon.h"

#include <string.h>

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* Whether entry equals the n bytes at w. The loop stops at the entry's NUL,
 * so an entry shorter than n is never read past its end. */
static bool same(const char *entry, const char *w, size_t n, bool ci)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char e = (unsigned char)entry[k], c = (unsigned char)w[k];
        if (!e) return false;
        if (e != c && (!ci || fold(e) != fold(c))) return false;
    }
    return entry[n] == '\0';
}

static size_t index_of(const char *w, size_t n, const char *const *list, size_t count, bool ci)
{
    /* the first byte turns most entries away before a call ("" has a 0 there) */
    unsigned char first = n ? (unsigned char)w[0] : 0;
    if (ci) first = fold(first);
    for (size_t k = 0; k < count && list[k]; k++) {
        unsigned char e = (unsigned char)list[k][0];
        if ((ci ? fold(e) : e) == first && same(list[k], w, n, ci)) return k;
    }
    return NG_LEX_NONE;
}

size_t ng_lex_index(const char *w, size_t n, const char *const *list, size_t count)
{
    return index_of(w, n, list, count, false);
}

size_t ng_lex_index_ci(const char *w, size_t n, const char *const *list, size_t count)
{
    return index_of(w, n, list, count, true);
}

bool ng_lex_has(const char *w, size_t n, const char *const *list, size_t count)
{
    return index_of(w, n, list, count, false) != NG_LEX_NONE;
}

bool ng_lex_has_ci(const char *w, size_t n, const char *const *list, size_t count)
{
    return index_of(w, n, list, count, true) != NG_LEX_NONE;
}

size_t ng_lex_prefix_ci(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t k = 0; k < count && list[k]; k++) {
        size_t len = strlen(list[k]);
        if (len <= n && same(list[k], s, len, true)) return k;
    }
    return NG_LEX_NONE;
}

static const char *key_at(const void *table, size_t i, size_t entry_size)
{
    /* the key is the entry's first member, so the entry's address is the key's */
    return *(const char *const *)(const void *)((const char *)table + i * entry_size);
}

/* The byte order of key against the n bytes at w, as strcmp would give it
 * for a NUL-terminated copy of w. A NUL inside w sorts after the key's end,
 * so such a word matches no key. */
static int compare_key(const char *key, const char *w, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char e = (unsigned char)key[k], c = (unsigned char)w[k];
        if (!e) return -1;
        if (e != c) return e < c ? -1 : 1;
    }
    return key[n] ? 1 : 0;
}

const void *ng_lex_search(const char *w, size_t n, const void *table, size_t count, size_t entry_size)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_key(key_at(table, mid, entry_size), w, n);
        if (!c) return (const char *)table + mid * entry_size;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

bool ng_lex_sorted(const void *table, size_t count, size_t entry_size)
{
    for (size_t i = 1; i < count; i++)
        if (strcmp(key_at(table, i - 1, entry_size), key_at(table, i, entry_size)) >= 0) return false;
    return true;
}
