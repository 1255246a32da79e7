/*
 * record.c: the text layer, from an article (a reader's output) to a
 * record's text, paragraphs, tokens, sentences and id.
 *
 * The body text is built once here and never changed afterwards: every
 * later span (paragraphs, sentences, tokens, and the facts of later
 * stages) is an offset into it. Blocks are cleaned and NFC-normalised one
 * by one before joining, so paragraph boundaries are known exactly.
 */
#include "internal.h"
#include "langid.h"

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

/* The record's language, from its text; a page with too little text
 * (a video page, a stub) is judged by its headline and summary too. The
 * page's declared language is not consulted: it is often a template's
 * default, and stays in language_declared. */
static void identify_language(ng_arena *a, ng_record *rec)
{
    double conf = 0;
    const char *code = ng_langid(rec->text.ptr, rec->text.len, &conf);
    if (!code && (rec->title.len || rec->description.len)) {
        ng_str all = ng_sprintf(a, "%.*s\n%.*s\n%.*s", (int)rec->title.len, rec->title.ptr ? rec->title.ptr : "",
                                (int)rec->description.len, rec->description.ptr ? rec->description.ptr : "",
                                (int)rec->text.len, rec->text.ptr ? rec->text.ptr : "");
        if (all.ptr) code = ng_langid(all.ptr, all.len, &conf);
    }
    if (code) rec->language = (ng_str){code, strlen(code)};
    rec->language_confidence = code ? conf : 0;
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
    rec->language_declared = art->language;
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

    identify_language(a, rec);

    uint64_t h = url.len ? ng_hash64(url.ptr, url.len, 1) : ng_hash64(text, len, 2);
    snprintf(rec->id, sizeof rec->id, "%016llx", (unsigned long long)h);
    return NULL;
}

