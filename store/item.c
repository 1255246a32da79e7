/*
 * item.c: the store's own copy of a record, made in the extraction thread
 * (so that the copying and hashing run in parallel, not in the writer).
 */
#include "item.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t st_hash(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* ---- a bump allocator over a chain of blocks ------------------------------ */

typedef struct copier {
    st_item *item;
    char *cur;
    size_t left;
    bool failed;
    uint64_t h; /* content hash, fed as fields are copied */
} copier;

#define CHUNK ((size_t)64 << 10)

static void *take(copier *c, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n > c->left) {
        size_t size = n + 16 > CHUNK ? n + 16 : CHUNK;
        char *b = malloc(size);
        if (!b) { c->failed = true; return NULL; }
        memcpy(b, &c->item->block, sizeof(char *)); /* link to the previous block */
        c->item->block = b;
        c->cur = b + 16, c->left = size - 16;
    }
    void *p = c->cur;
    c->cur += n, c->left -= n;
    return p;
}

static ng_str copy_str(copier *c, ng_str s)
{
    c->h = st_hash(c->h, s.ptr ? s.ptr : "", s.len);
    c->h = st_hash(c->h, "\x1f", 1);
    if (!s.ptr) return s;
    char *p = take(c, s.len + 1);
    if (!p) return (ng_str){NULL, 0};
    memcpy(p, s.ptr, s.len);
    p[s.len] = 0;
    return (ng_str){p, s.len};
}

static void hash_u32(copier *c, uint32_t v) { c->h = st_hash(c->h, &v, sizeof v); }

static void *copy_array(copier *c, const void *src, size_t n, size_t elem)
{
    if (!n) return NULL;
    void *p = take(c, n * elem);
    if (p) memcpy(p, src, n * elem);
    return p;
}

static ng_entity_mention *copy_mentions(copier *c, const ng_entity_mention *m, size_t n)
{
    ng_entity_mention *out = copy_array(c, m, n, sizeof *m);
    for (size_t i = 0; out && i < n; i++) {
        out[i].text = copy_str(c, m[i].text);
        hash_u32(c, m[i].start), hash_u32(c, m[i].end);
    }
    return out;
}

static void copy_entities(copier *c, ng_record *d, const ng_record *r)
{
    d->entities = copy_array(c, r->entities, r->n_entities, sizeof *r->entities);
    for (size_t i = 0; d->entities && i < r->n_entities; i++) {
        ng_entity *e = &d->entities[i];
        const ng_entity *s = &r->entities[i];
        hash_u32(c, s->type);
        e->name = copy_str(c, s->name);
        e->role = copy_str(c, s->role);
        c->h = st_hash(c->h, s->country, 2);
        e->aliases.items = copy_array(c, s->aliases.items, s->aliases.count, sizeof(ng_str));
        for (size_t k = 0; e->aliases.items && k < s->aliases.count; k++)
            e->aliases.items[k] = copy_str(c, s->aliases.items[k]);
        e->mentions = copy_mentions(c, s->mentions, s->n_mentions);
    }
}

static void copy_facts(copier *c, ng_record *d, const ng_record *r)
{
    d->dates = copy_array(c, r->dates, r->n_dates, sizeof *r->dates);
    for (size_t i = 0; d->dates && i < r->n_dates; i++) {
        d->dates[i].text = copy_str(c, r->dates[i].text);
        d->dates[i].value = copy_str(c, r->dates[i].value);
        hash_u32(c, r->dates[i].start), hash_u32(c, r->dates[i].type);
    }
    d->counts = copy_array(c, r->counts, r->n_counts, sizeof *r->counts);
    for (size_t i = 0; d->counts && i < r->n_counts; i++) {
        ng_count *k = &d->counts[i];
        k->unit = copy_str(c, r->counts[i].unit);
        k->object = copy_str(c, r->counts[i].object);
        k->text = copy_str(c, r->counts[i].text);
        c->h = st_hash(c->h, &r->counts[i].value, sizeof(double));
        hash_u32(c, k->start), hash_u32(c, (uint32_t)k->kind << 8 | k->kind2);
    }
    d->quotes = copy_array(c, r->quotes, r->n_quotes, sizeof *r->quotes);
    for (size_t i = 0; d->quotes && i < r->n_quotes; i++) {
        ng_quote *q = &d->quotes[i];
        q->text = copy_str(c, r->quotes[i].text);
        q->cue = copy_str(c, r->quotes[i].cue);
        q->speaker = copy_str(c, r->quotes[i].speaker);
        q->hedge = copy_str(c, r->quotes[i].hedge);
        hash_u32(c, q->start), hash_u32(c, q->speaker_entity);
    }
    d->places = copy_array(c, r->places, r->n_places, sizeof *r->places);
    for (size_t i = 0; d->places && i < r->n_places; i++) {
        ng_place *p = &d->places[i];
        p->name = copy_str(c, r->places[i].name);
        p->feature = copy_str(c, r->places[i].feature);
        p->admin1 = copy_str(c, r->places[i].admin1);
        hash_u32(c, p->geonameid);
        p->mentions = copy_mentions(c, r->places[i].mentions, r->places[i].n_mentions);
    }
    /* Field by field: the struct's padding is not part of the content. */
    const double tone[4] = {r->tone.score, r->tone.positive, r->tone.negative, r->tone.polarity};
    c->h = st_hash(c->h, tone, sizeof tone);
    hash_u32(c, r->tone.word_count);
}

/* The record's events, in the store's fuller form. The public ng_event has
 * its span and words for now; the other fields wait for the events stage. */
/* A C string of the record (or a fixed-size code such as "UKR"), copied;
 * NULL for absent and empty ones. */
static const char *copy_cstr(copier *c, const char *s)
{
    if (!s || !*s) {
        copy_str(c, (ng_str){NULL, 0}); /* still marks the field in the hash */
        return NULL;
    }
    return copy_str(c, (ng_str){s, strlen(s)}).ptr;
}

static st_actor copy_actor(copier *c, const ng_event_actor *a)
{
    st_actor out = {copy_str(c, a->text).ptr, a->start, a->end, a->entity, copy_cstr(c, a->country),
                    copy_cstr(c, a->sector)};
    hash_u32(c, a->start), hash_u32(c, a->end), hash_u32(c, a->entity);
    return out;
}

/* The engine's events in the store's terms: every field the schema has. */
static void copy_events(copier *c, st_item *it, const ng_record *r)
{
    if (!r->n_events) return;
    it->events = take(c, r->n_events * sizeof *it->events);
    if (!it->events) return;
    it->n_events = r->n_events;
    for (size_t i = 0; i < r->n_events; i++) {
        const ng_event *ev = &r->events[i];
        st_event *e = &it->events[i];
        memset(e, 0, sizeof *e);
        e->start = ev->start, e->end = ev->end;
        hash_u32(c, e->start), hash_u32(c, e->end);
        e->text = copy_str(c, ev->text).ptr;
        e->type = copy_cstr(c, ev->type);
        e->mode = copy_cstr(c, ev->mode);
        char cameo[sizeof ev->cameo + 1] = {0};
        memcpy(cameo, ev->cameo, sizeof ev->cameo);
        e->cameo = copy_cstr(c, cameo);
        e->quad_class = ev->quad_class;
        e->goldstein = ev->type ? ev->goldstein : NAN;
        e->source = copy_actor(c, &ev->source);
        e->target = copy_actor(c, &ev->target);
        e->lat = e->lon = NAN;
        if (ev->where.name.ptr) {
            e->where_name = copy_str(c, ev->where.name).ptr;
            e->where_geonameid = ev->where.geonameid;
            e->lat = ev->where.lat, e->lon = ev->where.lon;
            hash_u32(c, ev->where.geonameid);
        }
        /* A date of the sentence or the publication date: its day. */
        if (ev->when.value.ptr && ev->when.value.len >= 10) e->when = copy_str(c, (ng_str){ev->when.value.ptr, 10}).ptr;
        else e->when_not_a_day = ev->when.value.ptr != NULL; /* "2025-W01": not the publication day either */
        e->where_how = ev->where.name.ptr ? ev->where.how : NULL; /* static in the library */
        e->count = NAN;
        if (ev->n_counts && ev->counts[0] < r->n_counts) e->count = r->counts[ev->counts[0]].value;
        e->attributed_to = ev->attributed_to;
        hash_u32(c, ev->attributed_to);
        e->hedge = ev->hedged ? copy_str(c, ev->hedge).ptr : NULL;
        e->modality = copy_cstr(c, ng_event_modality_name((ng_event_modality)ev->modality));
        e->negated = ev->negated;
        hash_u32(c, ev->negated);
    }
}

static ng_strlist copy_list(copier *c, ng_strlist l)
{
    ng_strlist out = {copy_array(c, l.items, l.count, sizeof(ng_str)), l.count};
    for (size_t i = 0; out.items && i < l.count; i++) out.items[i] = copy_str(c, l.items[i]);
    if (!out.items) out.count = 0;
    return out;
}

st_item *st_item_new(const ng_record *r)
{
    st_item *it = calloc(1, sizeof *it);
    if (!it) return NULL;
    copier c = {it, NULL, 0, false, ST_HASH_SEED};
    ng_record *d = &it->rec;
    *d = *r;
    memcpy(it->id, r->id, sizeof it->id);
    d->source.path = copy_str(&c, r->source.path);
    d->source.url = copy_str(&c, r->source.url);
    d->title = copy_str(&c, r->title);
    d->authors = copy_list(&c, r->authors);
    d->contributors = copy_list(&c, r->contributors);
    d->outlet = copy_str(&c, r->outlet);
    d->section = copy_str(&c, r->section);
    d->published = copy_str(&c, r->published);
    d->dateline = copy_str(&c, r->dateline);
    d->language = copy_str(&c, r->language);
    d->description = copy_str(&c, r->description);
    d->canonical_url = copy_str(&c, r->canonical_url);
    d->not_article_reason = copy_str(&c, r->not_article_reason);
    d->text = copy_str(&c, r->text);
    d->paragraphs = NULL, d->n_paragraphs = 0;
    d->sentences = NULL, d->n_sentences = 0;
    d->tokens = NULL, d->n_tokens = 0;
    d->events = NULL, d->n_events = 0; /* kept as it->events */
    copy_entities(&c, d, r);
    copy_facts(&c, d, r);
    copy_events(&c, it, r);
    if (c.failed) { st_item_free(it); return NULL; }
    it->content_hash = c.h;
    it->text_hash = st_hash(ST_HASH_SEED, r->text.ptr ? r->text.ptr : "", r->text.len);
    it->simhash = st_simhash(r->text.ptr ? r->text.ptr : "", r->text.len, &it->shingles);
    return it;
}

void st_item_free(st_item *it)
{
    if (!it) return;
    char *b = it->block;
    while (b) {
        char *next;
        memcpy(&next, b, sizeof next);
        free(b);
        b = next;
    }
    free(it);
}

/* ---- SimHash ---------------------------------------------------------------- */

/* Words are runs of ASCII letters and digits or of non-ASCII bytes,
 * lowercased; punctuation and spacing differences between copies of a
 * story do not change them. */
static size_t next_word(const char *s, size_t len, size_t *i, char *w, size_t cap)
{
    while (*i < len && !(isalnum((unsigned char)s[*i]) || (unsigned char)s[*i] >= 0x80)) (*i)++;
    size_t n = 0;
    while (*i < len && (isalnum((unsigned char)s[*i]) || (unsigned char)s[*i] >= 0x80)) {
        if (n < cap) w[n++] = (char)tolower((unsigned char)s[*i]);
        (*i)++;
    }
    return n;
}

uint64_t st_simhash(const char *text, size_t len, int *shingles)
{
    int32_t v[64] = {0};
    uint64_t words[3] = {0};
    size_t i = 0;
    int n = 0, seen = 0;
    char w[64];
    size_t wl;
    while ((wl = next_word(text, len, &i, w, sizeof w)) > 0) {
        words[0] = words[1], words[1] = words[2];
        words[2] = st_hash(ST_HASH_SEED, w, wl);
        if (++seen < 3) continue;
        uint64_t h = st_hash(ST_HASH_SEED, words, sizeof words);
        h ^= h >> 29, h *= 0xbf58476d1ce4e5b9ull, h ^= h >> 32; /* spread FNV's low bits */
        for (int b = 0; b < 64; b++) v[b] += (h >> b & 1) ? 1 : -1;
        n++;
    }
    uint64_t s = 0;
    for (int b = 0; b < 64; b++)
        if (v[b] > 0) s |= 1ull << b;
    *shingles = n;
    return s;
}
