/*
 * record.c: from an article (a reader's output) to a record, and from a
 * record to its JSON form (schema newsgraph/1, docs/record.md).
 *
 * The body text is built once here and never changed afterwards: every
 * later span (paragraphs, sentences, tokens, and the facts of later
 * stages) is an offset into it. Blocks are cleaned and NFC-normalised one
 * by one before joining, so paragraph boundaries are known exactly.
 */
#include "entity.h"
#include "internal.h"
#include "timex.h"

#include "counts.h"
#include "tone.h"
#include "quotes.h"
#include "places.h"

/* FNV-1a would do for a hash table; ids are compared across corpora, so a
 * stronger mix (the 64-bit finaliser of MurmurHash3 over FNV) is used. */
uint64_t ng_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return ng_mix64(h);
}

/* The checksum of the mapped data files (NER model, gazetteer), checked on
 * every load: four independent lanes over 8-byte words keep it at memory
 * speed (0.7 ms for the 7 MB gazetteer, where byte-wise FNV took 8 ms). */
uint64_t ng_checksum64(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; l++) {
            uint64_t v;
            memcpy(&v, p + i + 8 * l, 8);
            h[l] = (h[l] ^ v) * 0x9E3779B97F4A7C15ULL;
            h[l] ^= h[l] >> 29;
        }
    uint64_t r = n;
    for (; i < n; i++) r = (r ^ p[i]) * 0x100000001b3ULL;
    for (int l = 0; l < 4; l++) r = ng_mix64(r ^ h[l]);
    return r;
}

bool ng_article_add_block(ng_arena *a, ng_article *art, ng_str text, ng_block_kind kind)
{
    ng_block b = {text, (uint8_t)kind};
    (void)a;
    return NG_VEC_PUSH(a, &art->blocks, b);
}

/* Converts byte offsets to code point offsets for sorted spans, in one pass
 * over the text. `bytes` holds 2*n byte offsets, non-decreasing. */
static void bytes_to_cps(const char *text, size_t len, uint32_t *offs, size_t n)
{
    size_t pos = 0, cps = 0;
    for (size_t k = 0; k < n; k++) {
        size_t target = offs[k] < len ? offs[k] : len;
        if (target < pos) { pos = 0; cps = 0; } /* not sorted: restart (rare) */
        for (; pos < target; pos++) cps += ((unsigned char)text[pos] & 0xC0) != 0x80;
        offs[k] = (uint32_t)cps;
    }
}

static ng_strlist to_list(const ng_str *items, size_t n)
{
    return (ng_strlist){(ng_str *)items, n};
}

const char *ng_record_build(ng_arena *a, const ng_article *art, ng_record *rec)
{
    ng_str url = art->canonical_url.len ? art->canonical_url : art->url;
    rec->title = art->title;
    rec->authors = to_list(art->authors.items, art->authors.len);
    rec->contributors = to_list(art->contributors.items, art->contributors.len);
    rec->outlet = art->outlet;
    rec->section = art->section;
    rec->published = art->published;
    rec->dateline = art->dateline;
    rec->language = art->language;
    rec->description = art->description;
    rec->canonical_url = art->canonical_url;
    rec->is_article = art->is_article;
    rec->not_article_reason = art->not_article_reason;
    if (!rec->source.url.len) rec->source.url = art->url;

    /* Body: clean, normalise and join blocks. */
    size_t total = 0;
    for (size_t i = 0; i < art->blocks.len; i++) total += art->blocks.items[i].text.len + 2;
    if (total > UINT32_MAX / 2) return "article text too long";
    char *text = ng_alloc(a, total + 1);
    uint32_t *para = ng_alloc(a, (art->blocks.len ? art->blocks.len : 1) * 2 * sizeof(uint32_t));
    if (!text || !para) return "out of memory";
    size_t len = 0, np = 0;
    for (size_t i = 0; i < art->blocks.len; i++) {
        const ng_block *b = &art->blocks.items[i];
        ng_str clean = ng_clean_space(a, b->text.ptr, b->text.len);
        if (!clean.len) continue;
        ng_str norm = ng_nfc(a, clean);
        if (!norm.ptr) return "out of memory";
        if (len + norm.len + 2 > total) { /* NFC may lengthen: grow */
            size_t ntotal = (len + norm.len + 2) * 2;
            char *nt = ng_alloc(a, ntotal + 1);
            if (!nt) return "out of memory";
            memcpy(nt, text, len);
            text = nt;
            total = ntotal;
        }
        if (len) { text[len++] = '\n'; text[len++] = '\n'; }
        para[2 * np] = (uint32_t)len;
        memcpy(text + len, norm.ptr, norm.len);
        len += norm.len;
        para[2 * np + 1] = (uint32_t)len;
        np++;
    }
    text[len] = '\0';
    rec->text = (ng_str){text, len};

    rec->n_tokens = ng_tokenize_text(a, text, len, &rec->tokens);
    rec->n_sentences = ng_split_sentences(a, text, len, rec->tokens, rec->n_tokens, &rec->sentences);

    bytes_to_cps(text, len, para, 2 * np);
    rec->paragraphs = (ng_span *)para;
    rec->n_paragraphs = np;
    rec->text_chars = (uint32_t)ng_utf8_count(text, len);

    uint64_t h = url.len ? ng_hash64(url.ptr, url.len, 1) : ng_hash64(text, len, 2);
    snprintf(rec->id, sizeof rec->id, "%016llx", (unsigned long long)h);
    return NULL;
}

static void put_key(ng_buf *b, const char *key)
{
    ng_buf_putc(b, ',');
    ng_buf_putc(b, '"');
    ng_buf_puts(b, key);
    ng_buf_puts(b, "\":");
}

static void put_str_or_null(ng_buf *b, const char *key, ng_str s)
{
    put_key(b, key);
    if (s.ptr) ng_json_string(b, s.ptr, s.len);
    else ng_buf_puts(b, "null");
}

static void put_list(ng_buf *b, const char *key, ng_strlist l)
{
    put_key(b, key);
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < l.count; i++) {
        if (i) ng_buf_putc(b, ',');
        ng_json_string(b, l.items[i].ptr, l.items[i].len);
    }
    ng_buf_putc(b, ']');
}

static void put_spans(ng_buf *b, const char *key, const ng_span *s, size_t n)
{
    put_key(b, key);
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) ng_buf_printf(b, i ? ",[%u,%u]" : "[%u,%u]", s[i].start, s[i].end);
    ng_buf_putc(b, ']');
}

void ng_record_json(ng_buf *b, const ng_record *r, bool emit_tokens)
{
    ng_buf_puts(b, "{\"schema\":\"" NG_SCHEMA "\",\"id\":\"");
    ng_buf_puts(b, r->id);
    ng_buf_puts(b, "\",\"source\":{\"path\":");
    ng_json_string(b, r->source.path.ptr ? r->source.path.ptr : "", r->source.path.len);
    put_str_or_null(b, "url", r->source.url);
    ng_buf_printf(b, ",\"format\":\"%s\",\"record\":", ng_format_name(r->source.format));
    if (r->source.record) ng_buf_printf(b, "%ld}", r->source.record);
    else ng_buf_puts(b, "null}");
    put_str_or_null(b, "title", r->title);
    put_list(b, "authors", r->authors);
    put_list(b, "contributors", r->contributors);
    put_str_or_null(b, "outlet", r->outlet);
    put_str_or_null(b, "section", r->section);
    put_str_or_null(b, "published", r->published);
    put_key(b, "dateline");
    if (r->dateline.ptr) {
        ng_buf_puts(b, "{\"text\":");
        ng_json_string(b, r->dateline.ptr, r->dateline.len);
        ng_buf_putc(b, '}');
    } else {
        ng_buf_puts(b, "null");
    }
    put_str_or_null(b, "language", r->language);
    put_str_or_null(b, "description", r->description);
    put_str_or_null(b, "canonical_url", r->canonical_url);
    put_key(b, "is_article");
    ng_buf_puts(b, r->is_article ? "true" : "false");
    if (!r->is_article && r->not_article_reason.ptr) put_str_or_null(b, "not_article_reason", r->not_article_reason);
    put_key(b, "text");
    ng_json_string(b, r->text.ptr ? r->text.ptr : "", r->text.len);
    put_spans(b, "paragraphs", r->paragraphs, r->n_paragraphs);
    put_spans(b, "sentences", r->sentences, r->n_sentences);
    if (emit_tokens) {
        put_key(b, "tokens");
        ng_buf_putc(b, '[');
        for (size_t i = 0; i < r->n_tokens; i++)
            ng_buf_printf(b, "%s[%u,%u,\"%s\"]", i ? "," : "", r->tokens[i].start, r->tokens[i].end,
                          ng_token_kind_name((ng_token_kind)r->tokens[i].kind));
        ng_buf_putc(b, ']');
    }
    ng_entities_json(b, r);
    /* Later stages fill these; until they land they are present and empty,
     * so consumers can rely on the keys. */
    ng_quotes_json(b, r);
    ng_counts_json(b, r);
    ng_timex_json(b, r);
    ng_places_json(b, r);
    ng_buf_puts(b, ",\"events\":[]");
    ng_tone_json(b, r);
    ng_buf_putc(b, '}');
}
