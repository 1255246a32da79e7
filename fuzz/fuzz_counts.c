/*
 * fuzz_counts.c: libFuzzer target for the counts and tone stages.
 *
 * The input is made valid UTF-8 without NULs (what the record builder
 * guarantees), tokenized and split into sentences, then counted and scored.
 * Every invariant of the output is checked and a violation aborts: counts
 * are in text order, their spans lie on token boundaries inside the text and
 * `text` is exactly the spanned words; values are finite and not negative;
 * enums are in range; tone densities are percentages that add up. A small
 * arena limit (first byte 0xFF) makes the out-of-memory paths run too.
 */
#include "counts.h"
#include "tone.h"

#include <math.h>
#include <stdlib.h>

static void check(ng_arena *a, const char *s, size_t len)
{
    ng_record r;
    memset(&r, 0, sizeof r);
    r.text = (ng_str){s, len};
    r.n_tokens = ng_tokenize_text(a, s, len, &r.tokens);
    r.n_sentences = ng_split_sentences(a, s, len, r.tokens, r.n_tokens, &r.sentences);
    if (ng_counts_extract(a, &r, NULL)) return; /* out of memory: reported, fine */
    uint32_t total = (uint32_t)ng_utf8_count(s, len), prev = 0;
    for (size_t i = 0; i < r.n_counts; i++) {
        const ng_count *c = &r.counts[i];
        if (c->start >= c->end || c->end > total || c->start < prev) abort();
        prev = c->end;
        if (!isfinite(c->value) || c->value < 0) abort();
        if (c->approx > NG_APPROX_INDEFINITE || c->type > NG_AMOUNT_AREA || c->kind > NG_COUNT_AFFECT ||
            c->kind2 > NG_COUNT_AFFECT || (c->kind2 && !c->kind)) abort();
        if ((c->type == NG_AMOUNT_COUNT) != (c->unit.ptr == NULL)) abort();
        if (c->type != NG_AMOUNT_COUNT && c->kind) abort();
        /* the span starts and ends on tokens, and text is its words */
        size_t k = 0;
        while (k < r.n_tokens && r.tokens[k].start < c->start) k++;
        if (k == r.n_tokens || r.tokens[k].start != c->start) abort();
        size_t e = k;
        while (e < r.n_tokens && r.tokens[e].end < c->end) e++;
        if (e == r.n_tokens || r.tokens[e].end != c->end) abort();
        size_t bl = r.tokens[e].bend - r.tokens[k].bstart;
        if (!c->text.ptr || c->text.len != bl || memcmp(c->text.ptr, s + r.tokens[k].bstart, bl)) abort();
        if (c->object.ptr && (!c->object.len || !ng_utf8_valid(c->object.ptr, c->object.len))) abort();
    }
    ng_buf b = {0};
    ng_counts_json(&b, &r);
    if (b.failed) abort();
    ng_arena tmp;
    ng_arena_init(&tmp, 0);
    const char *err;
    size_t at;
    if (!ng_json_parse(&tmp, b.data + 10, b.len - 10, &err, &at)) abort(); /* after ,"counts": */
    ng_arena_free(&tmp);
    ng_buf_free(&b);

    if (ng_tone_score(a, &r, NULL)) return;
    const ng_tone *t = &r.tone;
    if (t->word_count > r.n_tokens) abort();
    if (t->positive < 0 || t->negative < 0 || t->positive + t->negative > 100 + 1e-9) abort();
    if (fabs(t->polarity - (t->positive + t->negative)) > 1e-9 || fabs(t->score - (t->positive - t->negative)) > 1e-9)
        abort();
    if (!t->word_count && t->polarity != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *valid = malloc(size * 3 + 1);
    if (!valid) return 0;
    size_t k = ng_utf8_repair(data, size, valid);
    ng_arena a;
    ng_arena_init(&a, size && data[0] == 0xFF ? (size_t)64 << 10 : 0);
    check(&a, valid, k);
    ng_arena_free(&a);
    free(valid);
    return 0;
}
