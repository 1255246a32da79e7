/*
 * words.c: the word layer, what every stage asks about a token, computed
 * once per record in one pass: the lexicon key (ASCII letters lowercased,
 * the apostrophe ’ written ', the way every lexicon here is keyed), a
 * shape class, the sentence each token is in, and each sentence's first
 * token.
 */
#include "internal.h"

/* Writes the key of s[0..n) to out (n + 1 bytes of room, NUL included)
 * and adds its shape bits to *shape. Returns the key's length. */
static size_t make_key(const unsigned char *s, size_t n, char *out, uint8_t *shape)
{
    size_t k = 0, letters = 0, upper = 0;
    for (size_t j = 0; j < n; j++) {
        unsigned char c = s[j];
        if (c == 0xE2 && j + 2 < n && s[j + 1] == 0x80 && s[j + 2] == 0x99) {
            out[k++] = '\'';
            j += 2;
            continue;
        }
        bool is_upper = c >= 'A' && c <= 'Z', is_lower = c >= 'a' && c <= 'z';
        if (c >= '0' && c <= '9') *shape |= NG_SHAPE_DIGIT;
        if (c >= 0x80) *shape |= NG_SHAPE_NON_ASCII;
        if (is_upper || is_lower || (c >= 0x80 && (c & 0xC0) != 0x80)) {
            if (!letters) *shape |= is_upper ? NG_SHAPE_UPPER : NG_SHAPE_LOWER;
            letters++;
            upper += is_upper;
        }
        out[k++] = (char)(is_upper ? c + 32 : c);
    }
    out[k] = '\0';
    if (letters >= 2 && upper == letters) *shape |= NG_SHAPE_ALLCAPS;
    return k;
}

const char *ng_words_build(ng_arena *a, const ng_record *rec, ng_words *out)
{
    memset(out, 0, sizeof *out);
    size_t n = rec->n_tokens, ns = rec->n_sentences, room = 0;
    for (size_t i = 0; i < n; i++) room += rec->tokens[i].bend - rec->tokens[i].bstart + 1;
    if (room > UINT32_MAX) return "article text too long";
    char *keys = ng_alloc(a, room ? room : 1);
    uint32_t *key_at = ng_alloc(a, (n + 1) * sizeof *key_at);
    uint8_t *shape = ng_calloc(a, n ? n : 1, 1);
    uint32_t *sentence = ng_alloc(a, (n ? n : 1) * sizeof *sentence);
    uint32_t *first = ng_alloc(a, (ns + 1) * sizeof *first);
    if (!keys || !key_at || !shape || !sentence || !first) return "out of memory";
    for (size_t k = 0; k <= ns; k++) first[k] = (uint32_t)n;
    size_t s = 0, at = 0;
    for (size_t i = 0; i < n; i++) {
        const ng_token *t = &rec->tokens[i];
        /* Sentences are sorted and a token never straddles two. */
        while (s + 1 < ns && t->start >= rec->sentences[s].end) s++;
        if (ns && first[s] == n) first[s] = (uint32_t)i;
        sentence[i] = (uint32_t)s;
        key_at[i] = (uint32_t)at;
        at += make_key((const unsigned char *)rec->text.ptr + t->bstart, t->bend - t->bstart, keys + at, &shape[i]) + 1;
    }
    key_at[n] = (uint32_t)at;
    /* A sentence without tokens starts where the next one does. */
    for (size_t k = ns; k-- > 0;)
        if (first[k] == n) first[k] = first[k + 1];
    *out = (ng_words){keys, key_at, shape, sentence, first, n, ns, NULL};
    return NULL;
}

const ng_words *ng_words_given_or_built(ng_arena *a, const ng_record *rec, const ng_words *given, ng_words *own)
{
    if (given) return given;
    return ng_words_build(a, rec, own) ? NULL : own;
}
