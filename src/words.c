/*
 * words.c: the word layer, what every stage asks about a token, computed
 * once per record in one pass: the lowercase form (ASCII letters folded,
 * the way every lexicon here is keyed), a shape class, the sentence each
 * token is in, and each sentence's first token.
 */
#include "internal.h"

static uint8_t shape_of(const char *s, size_t n)
{
    uint8_t shape = 0;
    size_t letters = 0, upper = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool is_upper = c >= 'A' && c <= 'Z';
        if (c >= '0' && c <= '9') { shape |= NG_SHAPE_DIGIT; continue; }
        if (!is_upper && !(c >= 'a' && c <= 'z') && c < 0x80) continue;
        if (c >= 0x80 && (c & 0xC0) == 0x80) continue; /* a continuation byte */
        if (!letters) shape |= is_upper ? NG_SHAPE_UPPER : NG_SHAPE_LOWER;
        letters++;
        upper += is_upper;
    }
    if (letters >= 2 && upper == letters) shape |= NG_SHAPE_ALLCAPS;
    return shape;
}

const char *ng_words_build(ng_arena *a, const ng_record *rec, ng_words *out)
{
    memset(out, 0, sizeof *out);
    size_t n = rec->n_tokens, ns = rec->n_sentences, len = rec->text.len;
    char *lower = ng_alloc(a, len + 1);
    uint8_t *shape = ng_alloc(a, n ? n : 1);
    uint32_t *sentence = ng_alloc(a, (n ? n : 1) * sizeof *sentence);
    uint32_t *first = ng_alloc(a, (ns + 1) * sizeof *first);
    if (!lower || !shape || !sentence || !first) return "out of memory";
    for (size_t i = 0; i < len; i++) lower[i] = (char)ng_ascii_lower((unsigned char)rec->text.ptr[i]);
    lower[len] = '\0';
    for (size_t k = 0; k <= ns; k++) first[k] = (uint32_t)n;
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        const ng_token *t = &rec->tokens[i];
        /* Sentences are sorted and a token never straddles two. */
        while (s + 1 < ns && t->start >= rec->sentences[s].end) s++;
        if (ns && first[s] == n) first[s] = (uint32_t)i;
        shape[i] = shape_of(rec->text.ptr + t->bstart, t->bend - t->bstart);
        sentence[i] = (uint32_t)s;
    }
    /* A sentence without tokens starts where the next one does. */
    for (size_t k = ns; k-- > 0;)
        if (first[k] == n) first[k] = first[k + 1];
    *out = (ng_words){lower, shape, sentence, first, n, ns};
    return NULL;
}
