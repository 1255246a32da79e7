/*
 * check.c: ng_record_check, the invariants every record keeps, whoever
 * made it. Tests and fuzzers call it on each record, so a stage that
 * writes a span past the text, a string without its terminator or a
 * dangling entity id is caught where it happens, not by a consumer.
 *
 * Code point spans are checked against the text through one table of the
 * byte offset of every code point, built once: linear in the record.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdlib.h>

typedef struct checker {
    const ng_record *rec;
    uint32_t *byte_at; /* byte offset of code point i, i in [0, text_chars] */
    char *why;
    size_t why_size;
    bool ok;
} checker;

static bool failf(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool failf(checker *c, const char *fmt, ...)
{
    if (!c->ok) return false; /* keep the first violation */
    c->ok = false;
    if (c->why && c->why_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, c->why_size, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool check_str(checker *c, const char *what, ng_str s)
{
    if (!s.ptr) return s.len == 0 || failf(c, "%s: absent string with length %zu", what, s.len);
    if (s.ptr[s.len] != '\0') return failf(c, "%s: not NUL-terminated", what);
    if (!ng_utf8_valid(s.ptr, s.len)) return failf(c, "%s: not valid UTF-8 (or has a NUL byte)", what);
    return true;
}

static bool check_span(checker *c, const char *what, size_t i, uint32_t start, uint32_t end)
{
    if (start > end || end > c->rec->text_chars)
        return failf(c, "%s %zu: span [%u,%u) outside the text of %u code points", what, i, start, end,
                     c->rec->text_chars);
    return true;
}

/* The text at a span equals `s`. */
static bool check_span_text(checker *c, const char *what, size_t i, uint32_t start, uint32_t end, ng_str s)
{
    if (!check_span(c, what, i, start, end) || !check_str(c, what, s)) return false;
    size_t b0 = c->byte_at[start], b1 = c->byte_at[end];
    if (s.len != b1 - b0 || memcmp(c->rec->text.ptr + b0, s.ptr, s.len) != 0)
        return failf(c, "%s %zu: text \"%.*s\" is not the words at [%u,%u)", what, i, (int)(s.len > 60 ? 60 : s.len),
                     s.ptr, start, end);
    return true;
}

static bool check_spans(checker *c, const char *what, const ng_span *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!check_span(c, what, i, s[i].start, s[i].end)) return false;
        if (i && s[i].start < s[i - 1].end) return failf(c, "%s %zu: overlaps or precedes the one before", what, i);
    }
    return true;
}

static bool check_text_layer(checker *c)
{
    const ng_record *r = c->rec;
    if (!check_str(c, "text", r->text)) return false;
    if (!check_spans(c, "paragraph", r->paragraphs, r->n_paragraphs)) return false;
    if (!check_spans(c, "sentence", r->sentences, r->n_sentences)) return false;
    for (size_t i = 0; i < r->n_tokens; i++) {
        const ng_token *t = &r->tokens[i];
        if (!check_span(c, "token", i, t->start, t->end)) return false;
        if (c->byte_at[t->start] != t->bstart || c->byte_at[t->end] != t->bend)
            return failf(c, "token %zu: bytes [%u,%u) do not match code points [%u,%u)", i, t->bstart, t->bend,
                         t->start, t->end);
        if (i && t->start < r->tokens[i - 1].end) return failf(c, "token %zu: overlaps the one before", i);
    }
    return true;
}

static bool check_metadata(checker *c)
{
    const ng_record *r = c->rec;
    const struct { const char *name; ng_str s; } fields[] = {
        {"source.path", r->source.path}, {"source.url", r->source.url}, {"title", r->title},
        {"outlet", r->outlet}, {"section", r->section}, {"published", r->published},
        {"dateline", r->dateline}, {"language", r->language}, {"language_declared", r->language_declared}, {"description", r->description},
        {"canonical_url", r->canonical_url}, {"not_article_reason", r->not_article_reason},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (!check_str(c, fields[i].name, fields[i].s)) return false;
    for (size_t i = 0; i < r->authors.count; i++)
        if (!check_str(c, "author", r->authors.items[i])) return false;
    for (size_t i = 0; i < r->contributors.count; i++)
        if (!check_str(c, "contributor", r->contributors.items[i])) return false;
    return memchr(r->id, '\0', sizeof r->id) || failf(c, "id: not NUL-terminated");
}

static bool check_mentions(checker *c, const char *what, const ng_entity_mention *m, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!check_span_text(c, what, k, m[k].start, m[k].end, m[k].text)) return false;
        if (k && m[k].start < m[k - 1].start) return failf(c, "%s %zu: mentions out of text order", what, k);
    }
    return true;
}

static bool check_entities(checker *c)
{
    const ng_record *r = c->rec;
    for (size_t i = 0; i < r->n_entities; i++) {
        const ng_entity *e = &r->entities[i];
        if (e->id != i + 1) return failf(c, "entity %zu: id %u, not %zu", i, e->id, i + 1);
        if (!check_str(c, "entity name", e->name) || !check_str(c, "entity role", e->role)) return false;
        for (size_t k = 0; k < e->aliases.count; k++)
            if (!check_str(c, "entity alias", e->aliases.items[k])) return false;
        if (!memchr(e->country, '\0', sizeof e->country)) return failf(c, "entity %zu: country not terminated", i);
        if (!check_mentions(c, "entity mention", e->mentions, e->n_mentions)) return false;
    }
    return true;
}

static bool check_quotes(checker *c)
{
    const ng_record *r = c->rec;
    for (size_t i = 0; i < r->n_quotes; i++) {
        const ng_quote *q = &r->quotes[i];
        if (!check_span_text(c, "quote", i, q->start, q->end, q->text)) return false;
        if (q->cue.ptr && !check_span_text(c, "quote cue", i, q->cue_span.start, q->cue_span.end, q->cue)) return false;
        if (!check_span(c, "quote speaker", i, q->speaker_span.start, q->speaker_span.end) ||
            !check_span(c, "quote antecedent", i, q->antecedent.start, q->antecedent.end) ||
            !check_str(c, "quote speaker", q->speaker) || !check_str(c, "quote hedge", q->hedge))
            return false;
        if (q->speaker_entity > r->n_entities)
            return failf(c, "quote %zu: speaker_entity %u of %zu entities", i, q->speaker_entity, r->n_entities);
    }
    return true;
}

static bool check_facts(checker *c)
{
    const ng_record *r = c->rec;
    for (size_t i = 0; i < r->n_dates; i++) {
        const ng_date *d = &r->dates[i];
        if (!check_span_text(c, "date", i, d->start, d->end, d->text) || !check_str(c, "date value", d->value)) return false;
    }
    for (size_t i = 0; i < r->n_counts; i++) {
        const ng_count *n = &r->counts[i];
        if (!check_span_text(c, "count", i, n->start, n->end, n->text) || !check_str(c, "count unit", n->unit) ||
            !check_str(c, "count object", n->object))
            return false;
    }
    for (size_t i = 0; i < r->n_places; i++) {
        const ng_place *p = &r->places[i];
        if (!check_str(c, "place name", p->name) || !check_str(c, "place feature", p->feature) ||
            !check_str(c, "place admin1", p->admin1))
            return false;
        if (!memchr(p->country, '\0', sizeof p->country)) return failf(c, "place %zu: country not terminated", i);
        if (!check_mentions(c, "place mention", p->mentions, p->n_mentions)) return false;
        /* a place inside an organisation's name names an ORG entity */
        for (size_t k = 0; p->mention_org && k < p->n_mentions; k++) {
            uint32_t id = p->mention_org[k];
            if (id && (id > r->n_entities || r->entities[id - 1].type != NG_ENTITY_ORG))
                return failf(c, "place %zu mention %zu: org %u is no organisation of %zu entities", i, k, id, r->n_entities);
        }
    }
    for (size_t i = 0; i < r->n_events; i++) {
        const ng_event *e = &r->events[i];
        if (!check_span_text(c, "event", i, e->start, e->end, e->text) ||
            !check_span_text(c, "event trigger", i, e->trigger_start, e->trigger_end, e->trigger))
            return false;
        if (e->source.end > e->source.start && !check_span_text(c, "event source", i, e->source.start, e->source.end, e->source.text))
            return false;
        if (e->target.end > e->target.start && !check_span_text(c, "event target", i, e->target.start, e->target.end, e->target.text))
            return false;
        if (e->sentence >= r->n_sentences || !e->type) return failf(c, "event %zu: sentence or type out of range", i);
        for (size_t k = 0; k < e->n_counts; k++)
            if (e->counts[k] >= r->n_counts) return failf(c, "event %zu: count %u out of range", i, e->counts[k]);
    }
    return true;
}

/* The syntax stage's tokens: known tags and relations; each head is
 * another token of the same sentence or none, and heads never cycle (so
 * each sentence's tokens form trees). Linear: each token is walked up to
 * a token already known to reach a root. */
static bool check_syntax(checker *c)
{
    const ng_record *r = c->rec;
    size_t n = r->n_tokens;
    if (!r->syntax || !n) return true;
    uint32_t *sentence = malloc(n * sizeof *sentence), *seen = calloc(n, sizeof *seen);
    if (!sentence || !seen) { free(sentence), free(seen); return failf(c, "out of memory"); }
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        while (s < r->n_sentences && r->tokens[i].start >= r->sentences[s].end) s++;
        sentence[i] = (uint32_t)s;
    }
    for (size_t i = 0; i < n && c->ok; i++) {
        const ng_token_syntax *x = &r->syntax[i];
        if (!ng_upos_name(x->upos) || !ng_xpos_name(x->xpos) || !ng_dep_name(x->dep))
            failf(c, "token %zu: unknown tag or relation", i);
        else if (x->head != NG_NO_HEAD && (x->head >= n || x->head == i || sentence[x->head] != sentence[i]))
            failf(c, "token %zu: head %u is not another token of its sentence", i, x->head);
    }
    /* seen[k]: 0 not visited, i + 1 on the walk from token i, UINT32_MAX reaches a root */
    for (size_t i = 0; i < n && c->ok; i++) {
        uint32_t k = (uint32_t)i;
        while (k != NG_NO_HEAD && seen[k] == 0) seen[k] = (uint32_t)i + 1, k = r->syntax[k].head;
        if (k != NG_NO_HEAD && seen[k] == (uint32_t)i + 1) { failf(c, "token %zu: its heads form a cycle", i); break; }
        for (k = (uint32_t)i; k != NG_NO_HEAD && seen[k] == (uint32_t)i + 1; k = r->syntax[k].head) seen[k] = UINT32_MAX;
    }
    free(sentence), free(seen);
    return c->ok;
}

bool ng_record_check(const ng_record *r, char *why, size_t why_size)
{
    checker c = {r, NULL, why, why_size, true};
    if (why && why_size) why[0] = '\0';
    if (!r->text.ptr && r->text.len) return failf(&c, "text: absent with length %zu", r->text.len);
    if (r->text.ptr && !ng_utf8_valid(r->text.ptr, r->text.len)) return failf(&c, "text: not valid UTF-8");
    if (ng_utf8_count(r->text.ptr ? r->text.ptr : "", r->text.len) != r->text_chars)
        return failf(&c, "text_chars %u is not the text's %zu code points", r->text_chars,
                     ng_utf8_count(r->text.ptr ? r->text.ptr : "", r->text.len));
    c.byte_at = malloc(((size_t)r->text_chars + 1) * sizeof *c.byte_at);
    if (!c.byte_at) return failf(&c, "out of memory");
    size_t cp = 0;
    for (size_t b = 0; b < r->text.len; b++)
        if (((unsigned char)r->text.ptr[b] & 0xC0) != 0x80) c.byte_at[cp++] = (uint32_t)b;
    c.byte_at[cp] = (uint32_t)r->text.len;
    if (check_text_layer(&c) && check_metadata(&c) && check_entities(&c) && check_quotes(&c) && check_syntax(&c))
        check_facts(&c);
    free(c.byte_at);
    return c.ok;
}
