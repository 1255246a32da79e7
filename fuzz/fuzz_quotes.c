/*
 * fuzz_quotes.c: libFuzzer target for the quote stage.
 *
 * The input, made valid UTF-8 without NULs, is split into paragraphs at
 * "\n\n" and built into a record (clean, NFC, tokens, sentences) as the
 * readers would; a leading 0x01 byte adds made-up entities over the first
 * tokens, so the linking paths run too. Then the quotes are found and
 * serialised. Every quote's spans must be ordered and inside the text and
 * `text` must be the words at [start, end); a violation aborts. A small
 * arena limit on some inputs makes out-of-memory paths run.
 */
#include "internal.h"
#include "quotes.h"

#include <stdlib.h>

static void check_span(const ng_record *r, uint32_t s, uint32_t e)
{
    if (s > e || e > r->text_chars) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *valid = malloc(size * 3 + 1);
    if (!valid) return 0;
    size_t k = ng_utf8_repair(data, size, valid);
    ng_arena a;
    ng_arena_init(&a, size && data[0] == 0xFF ? (size_t)64 << 10 : 0);
    ng_article art;
    memset(&art, 0, sizeof art);
    art.is_article = true;
    const char *p = valid, *end = valid + k;
    while (p < end) {
        const char *e = strstr(p, "\n\n");
        if (!e) e = end;
        ng_article_add_block(&a, &art, ng_strndup(&a, p, (size_t)(e - p)), NG_BLOCK_PARAGRAPH);
        p = e + (e < end ? 2 : 0);
    }
    ng_record rec;
    memset(&rec, 0, sizeof rec);
    if (ng_record_build(&a, &art, &rec) == NULL) {
        ng_entity ents[2];
        ng_entity_mention men[2];
        if (size && data[0] == 0x01 && rec.n_tokens >= 4) {
            men[0] = (ng_entity_mention){rec.tokens[1].start, rec.tokens[1].end, {"x", 1}};
            men[1] = (ng_entity_mention){rec.tokens[3].start, rec.tokens[3].end, {"y", 1}};
            ents[0] = (ng_entity){.id = 1, .type = NG_ENTITY_PER, .name = {"A B", 3}, .mentions = &men[0], .n_mentions = 1};
            ents[1] = (ng_entity){.id = 2, .type = NG_ENTITY_ORG, .name = {"C", 1}, .mentions = &men[1], .n_mentions = 1};
            rec.entities = ents;
            rec.n_entities = 2;
        }
        if (ng_quotes_find(&a, &rec, NULL, 0) == NULL) {
            for (size_t i = 0; i < rec.n_quotes; i++) {
                const ng_quote *q = &rec.quotes[i];
                check_span(&rec, q->start, q->end);
                check_span(&rec, q->cue_span.start, q->cue_span.end);
                check_span(&rec, q->speaker_span.start, q->speaker_span.end);
                check_span(&rec, q->antecedent.start, q->antecedent.end);
                if (q->speaker_entity > rec.n_entities) abort();
                if (i && q->start < rec.quotes[i - 1].start) abort();
                if (!q->text.ptr || ng_utf8_count(q->text.ptr, q->text.len) != q->end - q->start) abort();
                if (q->text.ptr < rec.text.ptr && !q->text.len) abort();
            }
            ng_buf b = {0};
            ng_quotes_json(&b, &rec);
            if (!b.failed && (!b.data || !ng_utf8_valid(b.data, b.len))) abort();
            ng_buf_free(&b);
        }
    }
    ng_arena_free(&a);
    free(valid);
    return 0;
}
