/*
 * place_entities.c: the record's places and its entities agree. A place
 * the places stage kept may lie on words the entities stage typed PER or
 * ORG ("CHARLESTON" of a dateline typed PER, "Georgia beat Florida" typed
 * ORG, "D-Charleston" typed PER). The record must not say both: every such
 * place mention is, after this step, one of
 *   - retyped: the entity mention on the same words (or the party tag and
 *     home "D-Charleston", narrowed to "Charleston") becomes a mention of a
 *     LOC entity (NORP for a demonym, "British"): the entity itself when all
 *     its mentions go, else the LOC entity already naming that place, else a
 *     new one. The places stage only keeps such a place with evidence (a
 *     preposition of place before a capital, a container after a comma, a
 *     list ending in "counties", a country or region for its people);
 *   - nested: the place an organisation is named after ("University of
 *     Kentucky", "Chicago Police Department"), which geoparsing corpora count
 *     as places; the place mention names the organisation (mention_org);
 *   - dropped: anything else ("Paul" inside "John-Paul Delaney").
 * When new entities are made, the list is put in order of first mention
 * again and ids renumbered; the quotes' speaker links and mention_org
 * follow. O(n log n) in the mentions: sorts and binary searches, no pass
 * over the entities per mention.
 */
#include "places.h"

#include <stdlib.h>

/* A PER or ORG entity mention. */
typedef struct ent_span {
    uint32_t start, end;
    uint32_t entity, mention; /* indexes into rec->entities and its mentions */
} ent_span;

/* What becomes of one entity mention. */
typedef struct move {
    uint32_t entity, mention; /* the entity mention moved */
    uint32_t place;           /* index into rec->places */
    ng_entity_mention to;     /* its new span and words */
    bool demonym;
} move;

typedef NG_VEC(move) move_vec;

static int cmp_span(const void *x, const void *y)
{
    const ent_span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* The first span whose end is after `start` (spans are disjoint and sorted,
 * so their ends are sorted too). */
static size_t first_ending_after(const ent_span *s, size_t n, uint32_t start)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].end <= start) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static size_t words_in(ng_str s)
{
    size_t n = s.len ? 1 : 0;
    for (size_t i = 0; i < s.len; i++) n += s.ptr[i] == ' ';
    return n;
}

/* Name and aliases from the mentions as written: the fullest form (most
 * words, then longest) and the other distinct forms, at most 16, as the
 * entities stage gives them. */
static bool rename_from_mentions(ng_arena *a, ng_entity *e)
{
    if (!e->n_mentions) return true;
    size_t best = 0;
    for (size_t k = 1; k < e->n_mentions; k++) {
        ng_str x = e->mentions[k].text, b = e->mentions[best].text;
        size_t wx = words_in(x), wb = words_in(b);
        if (wx > wb || (wx == wb && x.len > b.len)) best = k;
    }
    e->name = e->mentions[best].text;
    ng_str *al = ng_alloc(a, 16 * sizeof *al);
    if (!al) return false;
    size_t n = 0;
    for (size_t k = 0; k < e->n_mentions && n < 16; k++) {
        ng_str t = e->mentions[k].text;
        bool seen = t.len == e->name.len && !memcmp(t.ptr, e->name.ptr, t.len);
        for (size_t q = 0; q < n && !seen; q++) seen = t.len == al[q].len && !memcmp(t.ptr, al[q].ptr, t.len);
        if (!seen) al[n++] = t;
    }
    e->aliases = (ng_strlist){n ? al : NULL, n};
    return true;
}

static bool is_country(const ng_place *p) { return p->feature.len >= 3 && !memcmp(p->feature.ptr, "PCL", 3); }

static bool is_state(const ng_place *p)
{
    return is_country(p) || (p->feature.len == 4 && !memcmp(p->feature.ptr, "PPLC", 4));
}

static bool is_region(const ng_place *p) { return p->feature.len == 4 && !memcmp(p->feature.ptr, "ADM1", 4); }

/* The place's country as an index below 26 * 26, or -1. */
static int country_index(const ng_place *p)
{
    const char *c = p->country;
    if (c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z') return -1;
    return (c[0] - 'A') * 26 + (c[1] - 'A');
}

static int cmp_mention_start(const void *x, const void *y)
{
    const ng_entity_mention *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Order of the words case aside (ASCII): equal for "the same words". */
static int cmp_folded(ng_str a, ng_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b.ptr[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return x < y ? -1 : 1;
    }
    return a.len < b.len ? -1 : a.len > b.len;
}

/* A mention of a LOC or NORP entity, for finding the entity by its words. */
typedef struct named {
    uint8_t type;
    ng_str text;
    uint32_t entity;
} named;

static int cmp_named(const void *x, const void *y)
{
    const named *a = x, *b = y;
    if (a->type != b->type) return a->type < b->type ? -1 : 1;
    int c = cmp_folded(a->text, b->text);
    return c ? c : a->entity < b->entity ? -1 : a->entity > b->entity;
}

static uint8_t place_type(const move *m) { return m->demonym ? NG_ENTITY_NORP : NG_ENTITY_LOC; }

static int cmp_move_entity(const void *x, const void *y)
{
    const move *a = x, *b = y;
    if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
    return a->mention < b->mention ? -1 : a->mention > b->mention;
}

/* Moves to add by their type and words, so that moves of the same words
 * are neighbours. */
static int cmp_move_words(const void *x, const void *y)
{
    const move *a = *(const move *const *)x, *b = *(const move *const *)y;
    if (place_type(a) != place_type(b)) return place_type(a) < place_type(b) ? -1 : 1;
    int c = cmp_folded(a->to.text, b->to.text);
    return c ? c : a->to.start < b->to.start ? -1 : a->to.start > b->to.start;
}

static void set_place_type(ng_entity *e, const ng_place *p, bool demonym)
{
    e->type = demonym ? NG_ENTITY_NORP : NG_ENTITY_LOC;
    e->role = (ng_str){0};
    memset(e->country, 0, sizeof e->country);
    if ((demonym || is_country(p)) && p->country[0]) memcpy(e->country, p->country, 2);
}

/* Order of first mention, byline-only entities last; the old id in `id`. */
static int cmp_entity_order(const void *x, const void *y)
{
    const ng_entity *a = x, *b = y;
    bool ba = !a->n_mentions, bb = !b->n_mentions;
    if (ba != bb) return ba ? 1 : -1;
    if (!ba && a->mentions[0].start != b->mentions[0].start) return a->mentions[0].start < b->mentions[0].start ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* New entities join the list at their first mention; every id is
 * renumbered and the quotes' speaker links follow. */
static bool insert_new_entities(ng_arena *a, ng_arena *scratch, ng_record *rec, const ng_entity *fresh, size_t n_fresh)
{
    if (!n_fresh) return true;
    size_t n = rec->n_entities + n_fresh;
    ng_entity *all = ng_alloc(a, n * sizeof *all);
    uint32_t *new_id = ng_calloc(scratch, n + 1, sizeof *new_id);
    if (!all || !new_id) return false;
    if (rec->n_entities) memcpy(all, rec->entities, rec->n_entities * sizeof *all);
    memcpy(all + rec->n_entities, fresh, n_fresh * sizeof *all);
    for (size_t i = rec->n_entities; i < n; i++) all[i].id = (uint32_t)i + 1; /* after every old id */
    /* in order of first mention (one that lost its first mention to a place
     * may move too), byline-only authors last */
    qsort(all, n, sizeof *all, cmp_entity_order);
    for (size_t i = 0; i < n; i++) {
        new_id[all[i].id] = (uint32_t)i + 1;
        all[i].id = (uint32_t)i + 1;
    }
    for (size_t q = 0; q < rec->n_quotes; q++)
        if (rec->quotes[q].speaker_entity) rec->quotes[q].speaker_entity = new_id[rec->quotes[q].speaker_entity];
    for (size_t p = 0; p < rec->n_places; p++)
        for (size_t k = 0; rec->places[p].mention_org && k < rec->places[p].n_mentions; k++)
            if (rec->places[p].mention_org[k]) rec->places[p].mention_org[k] = new_id[rec->places[p].mention_org[k]];
    rec->entities = all;
    rec->n_entities = n;
    return true;
}

/* Every mention of the entity has the words of the move, which takes
 * the whole mention (no narrowing, as "D-Charleston" to "Charleston"). */
static bool same_words_throughout(const ng_entity *ent, const move *m)
{
    const ng_entity_mention *from = &ent->mentions[m->mention];
    if (from->start != m->to.start || from->end != m->to.end) return false;
    for (size_t k = 0; k < ent->n_mentions; k++)
        if (cmp_folded(ent->mentions[k].text, from->text) != 0) return false;
    return true;
}

/* An entity all of whose mentions move is retyped in place; the others
 * keep the mentions that stay, and the moves of theirs go to *add (to join
 * another entity). mv is sorted by entity, then mention. */
static bool retype_or_shrink(ng_arena *a, ng_record *rec, move *mv, size_t n_mv, move **add, size_t *n_add)
{
    *n_add = 0;
    for (size_t g0 = 0, g1; g0 < n_mv; g0 = g1) {
        uint32_t e = mv[g0].entity;
        for (g1 = g0; g1 < n_mv && mv[g1].entity == e; g1++) {}
        ng_entity *ent = &rec->entities[e];
        /* a byline author keeps the person; only the text's words move */
        bool byline = ent->sources & NG_ENTITY_FROM_BYLINE;
        bool whole = g1 - g0 == ent->n_mentions && !byline;
        /* One sense per discourse: an entity that is nothing but the name of
         * a country or capital read with evidence ("transported to Kyiv") is
         * that place in its other mentions too ("Kyiv has captured", the
         * capital standing for its government). Not for smaller places, whose
         * names are often surnames too ("Jackson said" beside "Jackson
         * County"). */
        if (!whole && !byline && is_state(&rec->places[mv[g0].place]) && same_words_throughout(ent, &mv[g0]))
            whole = true;
        ng_entity_mention *keep = ng_alloc(a, ent->n_mentions * sizeof *keep);
        if (!keep) return false;
        if (whole) {
            bool renamed = false;
            memcpy(keep, ent->mentions, ent->n_mentions * sizeof *keep);
            for (size_t i = g0; i < g1; i++) {
                const ng_entity_mention *m = &ent->mentions[mv[i].mention];
                renamed |= m->start != mv[i].to.start || m->end != mv[i].to.end;
                keep[mv[i].mention] = mv[i].to;
                set_place_type(ent, &rec->places[mv[i].place], mv[i].demonym);
            }
            ent->mentions = keep;
            if (renamed && !rename_from_mentions(a, ent)) return false;
            continue;
        }
        size_t nk = 0, i = g0;
        bool name_left = false;
        for (uint32_t k = 0; k < ent->n_mentions; k++) {
            if (i < g1 && mv[i].mention == k) {
                add[(*n_add)++] = &mv[i++];
                continue;
            }
            keep[nk++] = ent->mentions[k];
            name_left |= !cmp_folded(ent->mentions[k].text, ent->name);
        }
        ent->mentions = keep;
        ent->n_mentions = nk;
        if (!name_left && !rename_from_mentions(a, ent)) return false;
    }
    return true;
}

/* Applies the moves: an entity that loses every mention is retyped in
 * place; the others keep their remaining mentions and the moved ones join
 * the entity naming their place (the same country, or a mention with the
 * same words), or a new one. Sorting and binary search keep it
 * O(n log n) in the mentions. */
static bool apply_moves(ng_arena *a, ng_arena *scratch, ng_record *rec, move *mv, size_t n_mv)
{
    if (!n_mv) return true;
    qsort(mv, n_mv, sizeof *mv, cmp_move_entity);
    move **add = ng_alloc(scratch, n_mv * sizeof *add);
    uint32_t *target = ng_alloc(scratch, n_mv * sizeof *target); /* per add: entity index, or n_entities + new */
    size_t n_add, n_named = 0;
    if (!add || !target || !retype_or_shrink(a, rec, mv, n_mv, add, &n_add)) return false;
    if (!n_add) return true;
    /* the LOC and NORP entities by their words and countries */
    for (size_t e = 0; e < rec->n_entities; e++)
        if (rec->entities[e].type == NG_ENTITY_LOC || rec->entities[e].type == NG_ENTITY_NORP)
            n_named += rec->entities[e].n_mentions;
    named *idx = ng_alloc(scratch, (n_named ? n_named : 1) * sizeof *idx);
    uint32_t *by_country = ng_calloc(scratch, 2 * 26 * 26, sizeof *by_country); /* [NORP?][code]: entity + 1 */
    if (!idx || !by_country) return false;
    n_named = 0;
    for (uint32_t e = 0; e < rec->n_entities; e++) {
        const ng_entity *ent = &rec->entities[e];
        if (ent->type != NG_ENTITY_LOC && ent->type != NG_ENTITY_NORP) continue;
        for (size_t k = 0; k < ent->n_mentions; k++) idx[n_named++] = (named){(uint8_t)ent->type, ent->mentions[k].text, e};
        const char *c = ent->country;
        if (c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z') {
            uint32_t *slot = &by_country[(ent->type == NG_ENTITY_NORP) * 676 + (c[0] - 'A') * 26 + (c[1] - 'A')];
            if (!*slot) *slot = e + 1;
        }
    }
    qsort(idx, n_named, sizeof *idx, cmp_named);
    qsort(add, n_add, sizeof *add, cmp_move_words);
    size_t n_fresh = 0;
    for (size_t g0 = 0, g1; g0 < n_add; g0 = g1) {
        for (g1 = g0 + 1; g1 < n_add && place_type(add[g1]) == place_type(add[g0]) &&
                          !cmp_folded(add[g1]->to.text, add[g0]->to.text); g1++) {}
        const ng_place *p = &rec->places[add[g0]->place];
        int c = country_index(p);
        uint32_t to = UINT32_MAX;
        if (is_country(p) && c >= 0 && by_country[(place_type(add[g0]) == NG_ENTITY_NORP) * 676 + c])
            to = by_country[(place_type(add[g0]) == NG_ENTITY_NORP) * 676 + c] - 1;
        if (to == UINT32_MAX) {
            named key = {place_type(add[g0]), add[g0]->to.text, 0};
            size_t lo = 0, hi = n_named;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (cmp_named(&idx[mid], &key) < 0) lo = mid + 1;
                else hi = mid;
            }
            if (lo < n_named && idx[lo].type == key.type && !cmp_folded(idx[lo].text, key.text)) to = idx[lo].entity;
        }
        if (to == UINT32_MAX) to = (uint32_t)(rec->n_entities + n_fresh++);
        for (size_t i = g0; i < g1; i++) target[i] = to;
    }
    /* each entity's mention list grows once */
    uint32_t *count = ng_calloc(scratch, rec->n_entities + n_fresh, sizeof *count);
    ng_entity *fresh = ng_calloc(scratch, n_fresh ? n_fresh : 1, sizeof *fresh);
    if (!count || !fresh) return false;
    for (size_t i = 0; i < n_add; i++) count[target[i]]++;
    for (size_t t = 0; t < rec->n_entities + n_fresh; t++) {
        if (!count[t]) continue;
        ng_entity *e = t < rec->n_entities ? &rec->entities[t] : &fresh[t - rec->n_entities];
        ng_entity_mention *ms = ng_alloc(a, (e->n_mentions + count[t]) * sizeof *ms);
        if (!ms) return false;
        if (e->n_mentions) memcpy(ms, e->mentions, e->n_mentions * sizeof *ms);
        e->mentions = ms;
    }
    for (size_t i = 0; i < n_add; i++) {
        ng_entity *e = target[i] < rec->n_entities ? &rec->entities[target[i]] : &fresh[target[i] - rec->n_entities];
        if (target[i] >= rec->n_entities && !e->n_mentions) set_place_type(e, &rec->places[add[i]->place], add[i]->demonym);
        e->mentions[e->n_mentions++] = add[i]->to;
        e->sources |= NG_ENTITY_FROM_TEXT;
    }
    for (size_t t = 0; t < rec->n_entities + n_fresh; t++) {
        if (!count[t]) continue;
        ng_entity *e = t < rec->n_entities ? &rec->entities[t] : &fresh[t - rec->n_entities];
        qsort(e->mentions, e->n_mentions, sizeof *e->mentions, cmp_mention_start);
        if (t >= rec->n_entities && !rename_from_mentions(a, e)) return false;
    }
    return insert_new_entities(a, scratch, rec, fresh, n_fresh);
}

/* Removes the place mentions marked in `drop`, and places left without
 * mentions. */
static void drop_mentions(ng_record *rec, bool *const *drop)
{
    size_t np = 0;
    for (size_t p = 0; p < rec->n_places; p++) {
        ng_place pl = rec->places[p];
        size_t nk = 0;
        for (size_t k = 0; k < pl.n_mentions; k++) {
            if (drop[p][k]) continue;
            if (pl.mention_org) pl.mention_org[nk] = pl.mention_org[k];
            pl.mentions[nk++] = pl.mentions[k];
        }
        pl.n_mentions = nk;
        if (nk) rec->places[np++] = pl;
    }
    rec->n_places = np;
    if (!np) rec->places = NULL;
}

const char *ng_places_reconcile(ng_arena *a, ng_arena *scratch, ng_record *rec, uint8_t *const *flags)
{
    const char *oom = "out of memory";
    size_t n_spans = 0;
    for (size_t e = 0; e < rec->n_entities; e++)
        if (rec->entities[e].type == NG_ENTITY_PER || rec->entities[e].type == NG_ENTITY_ORG)
            n_spans += rec->entities[e].n_mentions;
    if (!n_spans || !rec->n_places) return NULL;
    ent_span *s = ng_alloc(scratch, n_spans * sizeof *s);
    bool *taken = ng_calloc(scratch, n_spans, sizeof *taken);
    bool **drop = ng_calloc(scratch, rec->n_places, sizeof *drop);
    if (!s || !taken || !drop) return oom;
    size_t n = 0;
    for (uint32_t e = 0; e < rec->n_entities; e++) {
        const ng_entity *ent = &rec->entities[e];
        if (ent->type != NG_ENTITY_PER && ent->type != NG_ENTITY_ORG) continue;
        for (uint32_t k = 0; k < ent->n_mentions; k++) s[n++] = (ent_span){ent->mentions[k].start, ent->mentions[k].end, e, k};
    }
    qsort(s, n, sizeof *s, cmp_span);
    /* per place mention: 1 + the index in s of the entity mention it overlaps, or 0 */
    uint32_t **over = ng_calloc(scratch, rec->n_places, sizeof *over);
    /* per country: how many places in it have a mention on words of their own */
    uint16_t country_seen[26 * 26] = {0};
    bool *own_words = ng_calloc(scratch, rec->n_places, sizeof *own_words);
    if (!over || !own_words) return oom;
    for (size_t p = 0; p < rec->n_places; p++) {
        const ng_place *pl = &rec->places[p];
        if (!(over[p] = ng_calloc(scratch, pl->n_mentions ? pl->n_mentions : 1, sizeof **over)) ||
            !(drop[p] = ng_calloc(scratch, pl->n_mentions ? pl->n_mentions : 1, sizeof **drop)))
            return oom;
        bool free_mention = false;
        for (size_t k = 0; k < pl->n_mentions; k++) {
            size_t i = first_ending_after(s, n, pl->mentions[k].start);
            if (i < n && s[i].start < pl->mentions[k].end) over[p][k] = (uint32_t)i + 1;
            else free_mention = true;
        }
        int c = country_index(pl);
        own_words[p] = free_mention;
        if (free_mention && c >= 0 && country_seen[c] < UINT16_MAX) country_seen[c]++;
    }
    move_vec mv = {0};
    for (size_t p = 0; p < rec->n_places; p++) {
        ng_place *pl = &rec->places[p];
        int c = country_index(pl);
        /* a first-level region in an organisation's words ("Unity
         * Technologies") needs another place of its country named on its own */
        bool org_ok = !is_region(pl) || (c >= 0 && country_seen[c] > (own_words[p] ? 1 : 0));
        for (size_t k = 0; k < pl->n_mentions; k++) {
            if (!over[p][k]) continue;
            size_t i = over[p][k] - 1;
            const ng_entity_mention *m = &pl->mentions[k];
            const ng_entity *ent = &rec->entities[s[i].entity];
            const ng_entity_mention *em = &ent->mentions[s[i].mention];
            uint8_t f = flags[p][k];
            bool inside = em->start <= m->start && m->end <= em->end, holds = m->start <= em->start && em->end <= m->end;
            /* "Bank of England", "Kentucky Department of Education": an
             * organisation of the place or named after it says which */
            if (ent->type == NG_ENTITY_ORG && !org_ok && !(inside && (f & NG_PLACE_ORG_SHAPE))) {
                drop[p][k] = true;
                continue;
            }
            if (inside && !holds && ent->type == NG_ENTITY_ORG && !(f & NG_PLACE_PARTY_HOME)) {
                if (!pl->mention_org && !(pl->mention_org = ng_calloc(a, pl->n_mentions, sizeof *pl->mention_org)))
                    return oom;
                pl->mention_org[k] = ent->id;
                continue;
            }
            /* the same words, the place holding the name, or a party tag
             * and home ("D-Charleston") that ends with the place */
            bool retype = holds || (inside && (f & NG_PLACE_PARTY_HOME) && em->end == m->end);
            if (!retype || taken[i]) {
                drop[p][k] = true;
                continue;
            }
            taken[i] = true;
            move x = {s[i].entity, s[i].mention, (uint32_t)p, *m, (f & NG_PLACE_DEMONYM) != 0};
            if (!NG_VEC_PUSH(scratch, &mv, x)) return oom;
        }
    }
    /* the moves index places as they are before the drop */
    if (!apply_moves(a, scratch, rec, mv.items, mv.len)) return oom;
    drop_mentions(rec, drop);
    return NULL;
}
