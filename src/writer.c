/*
 * writer.c: a record's JSON form (schema newsgraph/2, docs/record.md).
 *
 * Like cmark's renderers walking the node tree, the writer reads only the
 * public structs of newsgraph.h: the core members here, then each stage's
 * members through the stage table's writers, in table order, for the
 * stages that ran (rec->stages). So the JSON form can be rebuilt from any
 * ng_record, including one a library user assembled.
 */
#include "internal.h"

static void write_source(ng_buf *b, const ng_record *r)
{
    ng_buf_puts(b, ",\"source\":{\"path\":");
    ng_json_string(b, r->source.path.ptr ? r->source.path.ptr : "", r->source.path.len);
    ng_json_str_or_null(b, "url", r->source.url);
    ng_buf_printf(b, ",\"format\":\"%s\",\"record\":", ng_format_name(r->source.format));
    if (r->source.record) ng_buf_printf(b, "%ld}", r->source.record);
    else ng_buf_puts(b, "null}");
}

static void write_metadata(ng_buf *b, const ng_record *r)
{
    ng_json_str_or_null(b, "title", r->title);
    ng_json_strlist(b, "authors", r->authors);
    ng_json_strlist(b, "contributors", r->contributors);
    ng_json_str_or_null(b, "outlet", r->outlet);
    ng_json_str_or_null(b, "section", r->section);
    ng_json_str_or_null(b, "published", r->published);
    ng_json_key(b, "dateline");
    if (r->dateline.ptr) {
        ng_buf_puts(b, "{\"text\":");
        ng_json_string(b, r->dateline.ptr, r->dateline.len);
        ng_buf_putc(b, '}');
    } else {
        ng_buf_puts(b, "null");
    }
    ng_json_str_or_null(b, "language", r->language);
    ng_json_key(b, "language_confidence");
    if (r->language.len) ng_buf_printf(b, "%.4g", r->language_confidence);
    else ng_buf_puts(b, "null");
    ng_json_str_or_null(b, "language_declared", r->language_declared);
    ng_json_str_or_null(b, "description", r->description);
    ng_json_str_or_null(b, "canonical_url", r->canonical_url);
    ng_json_key(b, "is_article");
    ng_buf_puts(b, r->is_article ? "true" : "false");
    if (!r->is_article && r->not_article_reason.ptr) ng_json_str_or_null(b, "not_article_reason", r->not_article_reason);
    ng_json_key(b, "stages");
    ng_buf_putc(b, '[');
    const char *sep = "";
    for (size_t i = 0; ng_stage_name(i); i++)
        if (r->stages >> i & 1) ng_buf_printf(b, "%s\"%s\"", sep, ng_stage_name(i)), sep = ",";
    ng_buf_putc(b, ']');
}

/* The tokens are most of the output with --syntax (a dozen fields each),
 * and snprintf's parsing of a format per token was most of the writer's
 * time: these two append to a token's bytes directly. */
static char *put_u32(char *p, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do digits[n++] = (char)('0' + v % 10), v /= 10;
    while (v);
    while (n) *p++ = digits[--n];
    return p;
}

/* ,"name" (name: a C string of at most 15 bytes that needs no escaping) */
static char *put_name(char *p, const char *name)
{
    size_t n = name ? strnlen(name, 15) : 0;
    *p++ = ',', *p++ = '"';
    memcpy(p, name ? name : "", n);
    p += n;
    *p++ = '"';
    return p;
}

static void write_text_layer(ng_buf *b, const ng_record *r, bool emit_tokens)
{
    ng_json_key(b, "text");
    ng_json_string(b, r->text.ptr ? r->text.ptr : "", r->text.len);
    ng_json_spans(b, "paragraphs", r->paragraphs, r->n_paragraphs);
    ng_json_spans(b, "sentences", r->sentences, r->n_sentences);
    if (!emit_tokens) return;
    ng_json_key(b, "tokens");
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < r->n_tokens; i++) {
        /* 2 numbers of 10 digits at most and 3 names of the library's own
         * tables (kinds, UPOS, relations: under 16 bytes each). */
        char tok[128], *p = tok;
        if (i) *p++ = ',';
        *p++ = '[';
        p = put_u32(p, r->tokens[i].start);
        *p++ = ',';
        p = put_u32(p, r->tokens[i].end);
        p = put_name(p, ng_token_kind_name((ng_token_kind)r->tokens[i].kind));
        /* With the syntax stage: UPOS, the head's token index (-1: root), relation. */
        if (r->syntax) {
            const ng_token_syntax *x = &r->syntax[i];
            p = put_name(p, ng_upos_name(x->upos));
            *p++ = ',';
            if (x->head == NG_NO_HEAD) *p++ = '-', *p++ = '1';
            else p = put_u32(p, x->head);
            p = put_name(p, ng_dep_name(x->dep));
        }
        *p++ = ']';
        ng_buf_put(b, tok, (size_t)(p - tok));
    }
    ng_buf_putc(b, ']');
}

void ng_record_json(ng_buf *b, const ng_record *r, bool emit_tokens)
{
    ng_buf_puts(b, "{\"schema\":\"" NG_SCHEMA "\",\"id\":\"");
    ng_buf_puts(b, r->id);
    ng_buf_putc(b, '"');
    write_source(b, r);
    write_metadata(b, r);
    write_text_layer(b, r, emit_tokens);
    const ng_stage *s;
    for (size_t i = 0; (s = ng_stage_at(i)); i++)
        if (s->write_json && (r->stages >> i & 1)) s->write_json(b, r);
    ng_buf_putc(b, '}');
}
