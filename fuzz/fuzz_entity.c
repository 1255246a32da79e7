/*
 * fuzz_entity.c: libFuzzer target for entity resolution (entity.c).
 *
 * Input layout: byte 0 = number of mentions N; then N mentions of 4 bytes
 * (start token as 16 bits, length, type; out-of-range values on purpose);
 * the rest is the text (made valid UTF-8 first, as the encoding stage
 * guarantees). Its first line, when short, is also a byline author. With
 * N = 0, every run of capitalised words is tagged instead, with types
 * drawn from the words, so realistic mention patterns get exercised.
 * A first text byte of 0xFF gives a small arena, to run the out-of-memory
 * paths. The invariants of the result are checked, and the JSON is parsed
 * back; a violation aborts.
 */
#include "entity.h"
#include "internal.h"

#include <stdlib.h>

static bool is_cap(const char *text, const ng_token *t)
{
    unsigned char c = (unsigned char)text[t->bstart];
    return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t nm = data[0];
    size_t mbytes = nm * 4 < size - 1 ? nm * 4 : size - 1;
    const uint8_t *text_in = data + 1 + mbytes;
    size_t tlen = size - 1 - mbytes;
    char *text = malloc(tlen * 3 + 1);
    if (!text) return 0;
    size_t len = ng_utf8_repair(text_in, tlen, text);

    ng_arena a;
    ng_arena_init(&a, tlen && text_in[0] == 0xFF ? (size_t)48 << 10 : 0);
    ng_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = (ng_str){text, len};
    rec.text_chars = (uint32_t)ng_utf8_count(text, len);
    rec.n_tokens = ng_tokenize_text(&a, text, len, &rec.tokens);

    ng_str author = {NULL, 0};
    const char *nl = memchr(text, '\n', len);
    if (nl && nl - text < 60) author = ng_strndup(&a, text, (size_t)(nl - text)); /* record strings are terminated */
    if (author.len) rec.authors = (ng_strlist){&author, 1};

    size_t cap = nm ? mbytes / 4 : rec.n_tokens;
    ng_mention *m = malloc((cap ? cap : 1) * sizeof *m);
    size_t n = 0;
    if (!m) { free(text); ng_arena_free(&a); return 0; }
    if (nm) {
        for (size_t i = 0; i + 4 <= mbytes; i += 4) {
            const uint8_t *p = data + 1 + i;
            uint32_t s = (uint32_t)(p[0] | p[1] << 8);
            uint32_t l = p[2] == 0xFF ? 0xFFFFFFF0u : p[2] % 9;
            m[n++] = (ng_mention){s, s + l, (uint8_t)(p[3] % 6)};
        }
    } else {
        for (size_t k = 0; k < rec.n_tokens;) {
            if (!is_cap(text, &rec.tokens[k])) { k++; continue; }
            size_t e = k + 1;
            while (e < rec.n_tokens && (is_cap(text, &rec.tokens[e]) ||
                                        rec.tokens[e].kind == NG_TOK_POSSESSIVE))
                e++;
            uint8_t type = (uint8_t)(1 + (unsigned char)text[rec.tokens[k].bend - 1] % 4);
            m[n++] = (ng_mention){(uint32_t)k, (uint32_t)e, type};
            k = e;
        }
    }

    const char *err = ng_entities_resolve(&a, &rec, m, n);
    if (err && (rec.n_entities || a.limit == 0)) abort();
    for (size_t i = 0; i < rec.n_entities; i++) {
        const ng_entity *e = &rec.entities[i];
        if (e->id != i + 1 || !e->name.ptr || !e->name.len || e->type > NG_ENTITY_MISC) abort();
        if (!ng_utf8_valid(e->name.ptr, e->name.len)) abort();
        if (!e->n_mentions && e->sources != NG_ENTITY_FROM_BYLINE) abort();
        if (e->aliases.count > 16) abort();
        for (size_t k = 0; k < e->n_mentions; k++) {
            const ng_entity_mention *x = &e->mentions[k];
            if (x->start >= x->end || x->end > rec.text_chars) abort();
            if (k && x->start < e->mentions[k - 1].end) abort(); /* in order, no overlap */
            if (x->text.ptr[x->text.len] != '\0') abort(); /* a terminated copy */
            if (ng_utf8_count(x->text.ptr, x->text.len) != x->end - x->start) abort();
        }
    }
    char why[256];
    if (!err && !ng_record_check(&rec, why, sizeof why)) { fprintf(stderr, "fuzz_entity: %s\n", why); abort(); }
    ng_buf b = {0};
    ng_buf_putc(&b, '{');
    ng_entities_json(&b, &rec);
    b.data[1] = ' '; /* the leading comma */
    ng_buf_putc(&b, '}');
    if (!b.failed) {
        ng_arena ja;
        ng_arena_init(&ja, 0);
        const char *jerr;
        size_t at;
        if (!ng_json_parse(&ja, b.data, b.len, &jerr, &at)) abort();
        ng_arena_free(&ja);
    }
    ng_buf_free(&b);
    free(m);
    free(text);
    ng_arena_free(&a);
    return 0;
}
