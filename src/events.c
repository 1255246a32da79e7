/*
 * events.c: the "events" stage: who did what to whom, where and when,
 * coded in PLOVER and CAMEO, with the claim behind each event.
 *
 * Per sentence, in one pass: the words of the trigger lexicon
 * (src/event_tables.h, compiled from lexicons/event_*.tsv) are looked up;
 * a sentence with none costs nothing more. A sentence with one is tagged
 * with the POS tagger (only those sentences: tagging is most of the cost),
 * and each trigger gets its arguments from event_args.c. A trigger is
 * coded when its source or its target resolves to an actor: an entity, a
 * place standing for its government, or an agent noun of the lexicon
 * ("forces", "police"). The coding rules and their sources are in
 * docs/events.md.
 *
 * Linear and bounded: each trigger looks at most NG_EV_WINDOW tokens away,
 * a sentence yields at most MAX_EVENTS_PER_SENTENCE events, and the maps
 * from tokens to entities and places are built once per record.
 */
#include "internal.h"

#include "event_args.h"
#include "events.h"
#include "lexicon.h"
#include "pos.h"

#include <stdlib.h>
#include <strings.h>

/* Codes of the compiled tables that are not CAMEO codes. */
enum { EV_LIGHT = 0xFFFE, EV_NO_CODE = 0xFFFF };
#include "event_tables.h"

enum { EV_FLAG_CTL = 1, EV_FLAG_INTENT = 2, EV_FLAG_PP = 4, EV_FLAG_DENY = 8, EV_FLAG_PLAN = 16, EV_FLAG_OBJ = 32 };
enum { MAX_EVENTS_PER_SENTENCE = 4, MAX_TRIGGERS_PER_SENTENCE = 64, MAX_COUNTS_PER_EVENT = 4 };
/* Sectors (event_sector_names order) that act for a state: the code of a
 * row, not its alt, applies to them. */
enum { SECTOR_GOV = 0, SECTOR_MIL = 1, SECTOR_COP = 2, SECTOR_SPY = 8, SECTOR_NONE = 255 };

const char *ng_event_modality_name(ng_event_modality m)
{
    static const char *const names[] = {"asserted", "threatened", "planned", "demanded", "denied"};
    return (unsigned)m < NG_LEX_COUNT(names) ? names[m] : NULL;
}

/* ---- the lexicons ------------------------------------------------------------------ */

static const struct event_verb_form *verb_form(const char *w, size_t n)
{
    return NG_LEX_SEARCH(w, n, event_verb_forms);
}

static const struct event_noun_form *noun_form(const char *w, size_t n)
{
    return NG_LEX_SEARCH(w, n, event_noun_forms);
}

static const struct event_agent_form *agent_form(const char *w, size_t n)
{
    return NG_LEX_SEARCH(w, n, event_agent_forms);
}

static uint16_t code_index(const char *code)
{
    const struct event_cameo_entry *e = NG_LEX_SEARCH(code, strlen(code), event_cameo);
    return e ? (uint16_t)(e - event_cameo) : EV_NO_CODE;
}

static int code_root(uint16_t code)
{
    const char *c = event_cameo[code].code;
    return (c[0] - '0') * 10 + (c[1] - '0');
}

static bool word_eq(const ng_str w, const char *s) { return w.len == strlen(s) && memcmp(w.ptr, s, w.len) == 0; }

/* ---- per-record state ---------------------------------------------------------------- */

typedef struct coder {
    ng_arena *a;
    ng_record *rec;
    const ng_words *w;
    const ng_pos_model *pos;
    uint32_t *entity_of;     /* per token: entity id + 0 */
    uint32_t *place_of;      /* per token: place index + 1 */
    bool *demonym;           /* per token: inside a NORP mention */
    bool maps_built;
    /* the sentence being coded */
    const ng_event_parse *parse; /* a syntax stage's tags and parse, or NULL */
    ng_str *word;
    ng_str *raw;
    uint8_t *upos, *xpos, *deprel;
    int32_t *head;
    size_t cap;
    NG_VEC(ng_event) out;
} coder;

/* The first token starting at or after code point `cp`. */
static size_t token_at(const ng_record *r, uint32_t cp)
{
    size_t lo = 0, hi = r->n_tokens;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->tokens[mid].start < cp) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static void mark(const ng_record *r, uint32_t start, uint32_t end, uint32_t *map, uint32_t value, bool *flag)
{
    for (size_t t = token_at(r, start); t < r->n_tokens && r->tokens[t].start < end; t++) {
        if (map && !map[t]) map[t] = value;
        if (flag) flag[t] = true;
    }
}

static bool build_maps(coder *c)
{
    if (c->maps_built) return true;
    size_t n = c->rec->n_tokens ? c->rec->n_tokens : 1;
    c->entity_of = ng_calloc(c->a, n, sizeof *c->entity_of);
    c->place_of = ng_calloc(c->a, n, sizeof *c->place_of);
    c->demonym = ng_calloc(c->a, n, sizeof *c->demonym);
    if (!c->entity_of || !c->place_of || !c->demonym) return false;
    const ng_record *r = c->rec;
    for (size_t e = 0; e < r->n_entities; e++)
        for (size_t m = 0; m < r->entities[e].n_mentions; m++) {
            const ng_entity_mention *em = &r->entities[e].mentions[m];
            mark(r, em->start, em->end, c->entity_of, r->entities[e].id, r->entities[e].type == NG_ENTITY_NORP ? c->demonym : NULL);
        }
    for (size_t p = 0; p < r->n_places; p++)
        for (size_t m = 0; m < r->places[p].n_mentions; m++)
            mark(r, r->places[p].mentions[m].start, r->places[p].mentions[m].end, c->place_of, (uint32_t)p + 1, NULL);
    c->maps_built = true;
    return true;
}

static const ng_entity *entity_by_id(const ng_record *r, uint32_t id)
{
    if (!id) return NULL;
    if (id <= r->n_entities && r->entities[id - 1].id == id) return &r->entities[id - 1];
    for (size_t i = 0; i < r->n_entities; i++)
        if (r->entities[i].id == id) return &r->entities[i];
    return NULL;
}

static bool is_state_place(const ng_place *p)
{
    const char *f = p->feature.ptr ? p->feature.ptr : "";
    return strncmp(f, "PCL", 3) == 0 || strcmp(f, "PPLC") == 0 || strcmp(f, "ADM1") == 0;
}

static void set_country(char out[4], const char *alpha2)
{
    if (out[0] || !alpha2 || !alpha2[0]) return;
    const struct event_iso3_entry *e = NG_LEX_SEARCH(alpha2, strlen(alpha2), event_iso3);
    if (e) memcpy(out, e->alpha3, 4);
}

/* The sector of an agent noun among words [first, last] of the sentence,
 * the one nearest the end (the head) first; compounds of two words win. */
static uint8_t agent_sector(const coder *c, int32_t first, int32_t last)
{
    for (int32_t i = last; i >= first; i--) {
        if (i > first) {
            char two[96];
            const ng_str x = c->word[i - 1], y = c->word[i];
            if (x.len + y.len + 1 < sizeof two) {
                memcpy(two, x.ptr, x.len);
                two[x.len] = ' ';
                memcpy(two + x.len + 1, y.ptr, y.len);
                const struct event_agent_form *f = agent_form(two, x.len + 1 + y.len);
                if (f) return f->sector;
            }
        }
        const struct event_agent_form *f = agent_form(c->word[i].ptr, c->word[i].len);
        if (f) return f->sector;
    }
    return SECTOR_NONE;
}

/* The sector of an agent noun in a string of words ("Ukrainian President",
 * "Security Service of Ukraine"). */
static uint8_t agent_sector_in(ng_str s)
{
    char lower[256];
    size_t n = s.len < sizeof lower ? s.len : sizeof lower - 1;
    for (size_t i = 0; i < n; i++) lower[i] = (char)ng_ascii_lower((unsigned char)s.ptr[i]);
    uint8_t best = SECTOR_NONE;
    /* each word, and each pair of words */
    size_t prev = SIZE_MAX, i = 0;
    while (i < n) {
        while (i < n && lower[i] == ' ') i++;
        size_t st = i;
        while (i < n && lower[i] != ' ') i++;
        if (i == st) break;
        const struct event_agent_form *f = agent_form(lower + st, i - st);
        if (prev != SIZE_MAX) {
            const struct event_agent_form *pair = agent_form(lower + prev, i - prev);
            if (pair) f = pair;
        }
        if (f) best = f->sector;
        prev = st;
    }
    return best;
}

/* The country of an entity: its own, else that of a place or nationality
 * written inside one of its mentions ("the Security Service of Ukraine"). */
static void entity_country(const coder *c, const ng_entity *e, char out[4])
{
    set_country(out, e->country);
    /* a person's nationality written before the name: "Ukrainian President Volodymyr Zelensky" */
    for (size_t m = 0; e->type == NG_ENTITY_PER && m < e->n_mentions && !out[0] && m < 16; m++) {
        size_t t = token_at(c->rec, e->mentions[m].start);
        for (size_t k = t; k > 0 && t - k < 3 && !out[0]; k--) {
            const ng_entity *x = entity_by_id(c->rec, c->entity_of[k - 1]);
            if (x && x != e && (x->type == NG_ENTITY_NORP || x->type == NG_ENTITY_LOC)) set_country(out, x->country);
        }
    }
    for (size_t m = 0; m < e->n_mentions && !out[0] && m < 16; m++)
        for (size_t t = token_at(c->rec, e->mentions[m].start); t < c->rec->n_tokens && c->rec->tokens[t].start < e->mentions[m].end && !out[0]; t++) {
            if (c->place_of[t]) set_country(out, c->rec->places[c->place_of[t] - 1].country);
            const ng_entity *x = entity_by_id(c->rec, c->entity_of[t]);
            if (x && x != e) set_country(out, x->country);
        }
}

/* The place the place layer found on one of the entity's mentions, or NULL. */
static const ng_place *place_of_entity(const coder *c, const ng_entity *e)
{
    for (size_t m = 0; m < e->n_mentions && m < 16; m++)
        for (size_t t = token_at(c->rec, e->mentions[m].start); t < c->rec->n_tokens && c->rec->tokens[t].start < e->mentions[m].end; t++)
            if (c->place_of[t]) return &c->rec->places[c->place_of[t] - 1];
    return NULL;
}

static ng_str text_of(const coder *c, size_t first_tok, size_t last_tok)
{
    const ng_token *a = &c->rec->tokens[first_tok], *b = &c->rec->tokens[last_tok];
    return ng_strndup(c->a, c->rec->text.ptr + a->bstart, b->bend - a->bstart);
}

/* Resolves the words [s.first, s.last] of the sentence starting at token
 * `base` into an actor. Returns whether it is one (entity, place or agent). */
static bool resolve_actor(coder *c, size_t base, ng_ev_span s, ng_event_actor *out)
{
    memset(out, 0, sizeof *out);
    if (s.first < 0) return false;
    size_t a = base + (size_t)s.first, b = base + (size_t)s.last;
    out->start = c->rec->tokens[a].start;
    out->end = c->rec->tokens[b].end;
    out->text = text_of(c, a, b);
    const ng_entity *best = NULL;
    const ng_place *place = NULL;
    for (size_t t = b + 1; t-- > a;) {
        const ng_entity *e = entity_by_id(c->rec, c->entity_of[t]);
        /* A person or organisation is who acts; a nationality or a place says whose. */
        if (e && (!best || ((best->type == NG_ENTITY_NORP || best->type == NG_ENTITY_LOC) &&
                            (e->type == NG_ENTITY_PER || e->type == NG_ENTITY_ORG))))
            best = e;
        if (c->place_of[t] && !place) place = &c->rec->places[c->place_of[t] - 1];
    }
    /* the head says what the phrase is: an event or a thing ("a new military
     * offensive", "military aid", "army reservists") is no agent, whatever
     * its modifiers */
    uint8_t sector = agent_sector(c, s.last > s.first ? s.last - 1 : s.first, s.last);
    if (s.last > s.first && sector != SECTOR_NONE && !agent_form(c->word[s.last].ptr, c->word[s.last].len)) {
        /* a two-word agent ("command post") ends at the head; a modifier alone does not count */
        char two[96];
        const ng_str x = c->word[s.last - 1], y = c->word[s.last];
        bool pair = false;
        if (x.len + y.len + 1 < sizeof two) {
            memcpy(two, x.ptr, x.len);
            two[x.len] = ' ';
            memcpy(two + x.len + 1, y.ptr, y.len);
            pair = agent_form(two, x.len + 1 + y.len) != NULL;
        }
        if (!pair) sector = SECTOR_NONE;
    }
    if (best) {
        out->entity = best->id;
        entity_country(c, best, out->country);
        if (sector == SECTOR_NONE && best->role.ptr) sector = agent_sector_in(best->role);
        if (sector == SECTOR_NONE && best->type == NG_ENTITY_ORG) sector = agent_sector_in(best->name);
    }
    /* A place entity named where the place layer did not mark it ("Kyiv has
     * captured", after "transported to Kyiv"): the place of its other mentions. */
    if (!place && best && best->type == NG_ENTITY_LOC && (size_t)s.last - (size_t)s.first < 4)
        place = place_of_entity(c, best);
    if (place) {
        set_country(out->country, place->country);
        /* A country or capital named alone stands for its government. */
        if (sector == SECTOR_NONE && (!best || best->type == NG_ENTITY_LOC) && is_state_place(place)) sector = SECTOR_GOV;
    }
    if (sector != SECTOR_NONE) memcpy(out->sector, event_sector_names[sector], strlen(event_sector_names[sector]) + 1);
    return best || place || sector != SECTOR_NONE;
}

/* "Demonstrators in Baghdad", "rebels from Darfur": an agent without a
 * country, qualified by where it is from, is of that place. Widens the
 * actor over the phrase. */
static void qualify_actor(coder *c, size_t base, size_t n, ng_ev_span s, ng_event_actor *a)
{
    if (s.first < 0 || a->country[0] || a->entity || !a->sector[0]) return;
    size_t after = (size_t)s.last + 1;
    if (after + 1 >= n || !(word_eq(c->word[after], "in") || word_eq(c->word[after], "from") || word_eq(c->word[after], "of")))
        return;
    for (size_t j = after + 1; j < n && j < after + 6; j++) {
        if (c->place_of[base + j]) {
            size_t end = j;
            while (end + 1 < n && c->place_of[base + end + 1] == c->place_of[base + j]) end++;
            set_country(a->country, c->rec->places[c->place_of[base + j] - 1].country);
            a->end = c->rec->tokens[base + end].end;
            a->text = text_of(c, base + (size_t)s.first, base + end);
            return;
        }
        unsigned u = c->upos[j];
        if (!(u == NG_UPOS_DET || u == NG_UPOS_ADJ || u == NG_UPOS_PROPN || u == NG_UPOS_NOUN)) return;
    }
}

/* The first noun phrase right of the trigger, within the sentence's next
 * NG_EV_WINDOW / 2 words and before a semicolon, that is an actor: the
 * target when the object itself is a thing ("demanded the removal of
 * President X", "imposed a curfew in the town of Cizre"). */
static ng_ev_span actor_right(coder *c, const ng_ev_view *v, size_t base, size_t from, ng_ev_span skip)
{
    for (size_t j = from; j < v->n && j < from + NG_EV_WINDOW / 2; j++) {
        if (word_eq(c->word[j], ";") || word_eq(c->word[j], ":")) break;
        if ((int32_t)j >= skip.first && (int32_t)j <= skip.last) continue;
        unsigned u = c->upos[j];
        if (!(u == NG_UPOS_NOUN || u == NG_UPOS_PROPN)) continue;
        ng_ev_span np = ng_ev_np(v, j);
        ng_event_actor probe;
        if (resolve_actor(c, base, np, &probe) && (probe.entity || probe.sector[0])) {
            /* a place that is not a state or a person's group (a sea, a mountain) acts for nobody */
            const ng_entity *e = entity_by_id(c->rec, probe.entity);
            if (probe.sector[0] || (e && e->type != NG_ENTITY_LOC)) return np;
        }
        j = (size_t)np.last;
    }
    return (ng_ev_span){-1, -1};
}

/* ---- where, when, counts, the claim ---------------------------------------------- */

static const char *const locatives[] = {"across", "around", "at", "in", "inside", "near", "outside", "over"};

/* The place of tokens [lo, hi) of the record, skipping [skip_lo, skip_hi)
 * and nationalities: one after a locative preposition first. */
static size_t place_in(const coder *c, size_t lo, size_t hi, size_t skip_lo, size_t skip_hi, size_t *token)
{
    size_t first = 0;
    for (size_t t = lo; t < hi; t++) {
        if (!c->place_of[t] || c->demonym[t] || (t >= skip_lo && t < skip_hi)) continue;
        bool after_locative = false;
        for (size_t k = t; k > lo && t - k < 4 && !after_locative; k--) {
            size_t len;
            const char *key = ng_word_key(c->w, k - 1, &len);
            after_locative = ng_lex_has(key, len, locatives, NG_LEX_COUNT(locatives));
        }
        if (after_locative) {
            *token = t;
            return c->place_of[t];
        }
        if (!first) {
            first = c->place_of[t];
            *token = t;
        }
    }
    return first;
}

static void set_where(coder *c, ng_event *e, size_t sentence, size_t skip_lo, size_t skip_hi)
{
    const ng_record *r = c->rec;
    size_t lo = c->w->sentence_first[sentence], hi = c->w->sentence_first[sentence + 1], tok = 0;
    size_t p = place_in(c, lo, hi, skip_lo, skip_hi, &tok);
    const char *how = "sentence";
    if (!p) {
        /* the paragraph around the sentence: a bounded look back and ahead */
        uint32_t s0 = r->sentences[sentence].start;
        for (size_t k = 0; k < r->n_paragraphs; k++) {
            if (r->paragraphs[k].start <= s0 && s0 < r->paragraphs[k].end) {
                size_t plo = token_at(r, r->paragraphs[k].start), phi = token_at(r, r->paragraphs[k].end);
                if (phi - plo > 4 * NG_EV_WINDOW) phi = plo + 4 * NG_EV_WINDOW;
                p = place_in(c, plo, phi, skip_lo, skip_hi, &tok);
                how = "paragraph";
                break;
            }
            if (r->paragraphs[k].start > s0) break;
        }
    }
    if (p) {
        const ng_place *pl = &r->places[p - 1];
        e->where.name = pl->name;
        e->where.how = how;
        e->where.geonameid = pl->geonameid;
        e->where.lat = pl->lat;
        e->where.lon = pl->lon;
        e->where.start = r->tokens[tok].start;
        e->where.end = r->tokens[tok].end;
        /* the whole mention */
        for (size_t m = 0; m < pl->n_mentions; m++)
            if (pl->mentions[m].start <= e->where.start && e->where.start < pl->mentions[m].end) {
                e->where.start = pl->mentions[m].start;
                e->where.end = pl->mentions[m].end;
            }
        return;
    }
    /* the dateline: its first part, if it is a place of the record */
    if (!r->dateline.ptr) return;
    size_t n = 0;
    while (n < r->dateline.len && r->dateline.ptr[n] != ',') n++;
    for (size_t k = 0; k < r->n_places; k++) {
        const ng_place *pl = &r->places[k];
        bool same = pl->name.len == n && strncasecmp(pl->name.ptr, r->dateline.ptr, n) == 0;
        for (size_t m = 0; m < pl->n_mentions && !same; m++)
            same = pl->mentions[m].text.len == n && strncasecmp(pl->mentions[m].text.ptr, r->dateline.ptr, n) == 0;
        if (same) {
            e->where.name = pl->name;
            e->where.how = "dateline";
            e->where.geonameid = pl->geonameid;
            e->where.lat = pl->lat;
            e->where.lon = pl->lon;
            return;
        }
    }
}

static void set_when(coder *c, ng_event *e, size_t sentence)
{
    const ng_record *r = c->rec;
    ng_span s = r->sentences[sentence];
    size_t lo = 0, hi = r->n_dates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->dates[mid].start < s.start) lo = mid + 1;
        else hi = mid;
    }
    for (size_t d = lo; d < r->n_dates && r->dates[d].start < s.end; d++) {
        const ng_date *x = &r->dates[d];
        if ((x->type == NG_DATE_DATE || x->type == NG_DATE_TIME) && x->value.len && x->value.ptr[0] >= '0' && x->value.ptr[0] <= '9') {
            e->when.value = x->value;
            e->when.how = "sentence";
            e->when.start = x->start;
            e->when.end = x->end;
            return;
        }
    }
    if (r->published.len >= 10) {
        e->when.value = ng_strndup(c->a, r->published.ptr, 10);
        e->when.how = "published";
    }
}

/* Count kinds an event code is quantified by. */
static bool count_fits(const ng_count *k, int root, const char *cameo)
{
    switch (k->kind) {
    case NG_COUNT_KILL: case NG_COUNT_WOUND: return root >= 18;
    case NG_COUNT_ARREST: return strncmp(cameo, "173", 3) == 0;
    case NG_COUNT_KIDNAP: case NG_COUNT_CAPTURE: return root >= 17;
    case NG_COUNT_DEPLOY: return root == 15;
    case NG_COUNT_PROTEST: return root == 14;
    case NG_COUNT_DISPLACE: case NG_COUNT_EVACUATE: return root >= 18 || root == 7;
    default: return false;
    }
}

static void set_counts(coder *c, ng_event *e, size_t sentence, int root)
{
    const ng_record *r = c->rec;
    ng_span s = r->sentences[sentence];
    uint32_t found[MAX_COUNTS_PER_EVENT];
    size_t n = 0;
    for (size_t k = 0; k < r->n_counts && n < MAX_COUNTS_PER_EVENT; k++) {
        const ng_count *x = &r->counts[k];
        if (x->start < s.start) continue;
        if (x->start >= s.end) break;
        if (x->type != NG_AMOUNT_COUNT) continue;
        bool in_actor = (x->start >= e->target.start && x->end <= e->target.end && e->target.end > e->target.start) ||
                        (x->start >= e->source.start && x->end <= e->source.end && e->source.end > e->source.start);
        if (in_actor || count_fits(x, root, e->cameo)) found[n++] = (uint32_t)k;
    }
    if (!n) return;
    e->counts = ng_alloc(c->a, n * sizeof *e->counts);
    if (!e->counts) return;
    memcpy(e->counts, found, n * sizeof *found);
    e->n_counts = n;
}

static const char *const hedge_words[] = {"allegedly", "apparently", "claim", "claimed", "claims", "purportedly",
                                          "reportedly", "supposedly", "unconfirmed", "unverified"};

/* The quote whose reported words hold code point `cp`, or NULL. */
static const ng_quote *quote_around(const ng_record *r, uint32_t cp)
{
    for (size_t q = 0; q < r->n_quotes; q++) {
        if (r->quotes[q].start > cp) break;
        if (r->quotes[q].start <= cp && cp < r->quotes[q].end) return &r->quotes[q];
    }
    return NULL;
}

/* The speaker entity of a quote: a person named in the speaker's words
 * before the entity the quote links ("Ukrainian President Volodymyr
 * Zelensky" is Zelensky, not Ukraine). */
static uint32_t speaker_entity(const coder *c, const ng_quote *q)
{
    if (q->speaker_span.end > q->speaker_span.start && q->speaker_span.end <= c->rec->text_chars)
        for (size_t t = token_at(c->rec, q->speaker_span.start); t < c->rec->n_tokens && c->rec->tokens[t].start < q->speaker_span.end; t++) {
            const ng_entity *e = entity_by_id(c->rec, c->entity_of[t]);
            if (e && e->type == NG_ENTITY_PER) return e->id;
        }
    return q->speaker_entity;
}

/* The country of a quote's speaker: of the entities and places in the
 * speaker's words, or of the entity the quote links. */
static void speaker_country(const coder *c, const ng_quote *q, char out[4])
{
    if (q->speaker_span.end > q->speaker_span.start)
        for (size_t t = token_at(c->rec, q->speaker_span.start); t < c->rec->n_tokens && c->rec->tokens[t].start < q->speaker_span.end && !out[0]; t++) {
            const ng_entity *e = entity_by_id(c->rec, c->entity_of[t]);
            if (e) entity_country(c, e, out);
            if (c->place_of[t]) set_country(out, c->rec->places[c->place_of[t] - 1].country);
        }
    const ng_entity *e = entity_by_id(c->rec, q->speaker_entity);
    if (e && !out[0]) entity_country(c, e, out);
}

static void set_claim(coder *c, ng_event *e, size_t sentence, size_t trigger_tok)
{
    const ng_quote *q = quote_around(c->rec, e->trigger_start);
    if (q) {
        e->attributed_to = speaker_entity(c, q);
        if (q->speaker.ptr) e->attributed_text = q->speaker;
        if (q->hedge.ptr) {
            e->hedged = true;
            e->hedge = q->hedge;
        }
    }
    if (e->hedged) return;
    /* a hedging word in the sentence before the trigger, or right after it */
    size_t lo = c->w->sentence_first[sentence], hi = c->w->sentence_first[sentence + 1];
    if (trigger_tok > lo + NG_EV_WINDOW) lo = trigger_tok - NG_EV_WINDOW;
    if (hi > trigger_tok + 4) hi = trigger_tok + 4;
    for (size_t t = lo; t < hi; t++) {
        size_t len;
        const char *key = ng_word_key(c->w, t, &len);
        bool according = len == 9 && memcmp(key, "according", 9) == 0;
        if (according || ng_lex_has(key, len, hedge_words, NG_LEX_COUNT(hedge_words))) {
            e->hedged = true;
            e->hedge = according && t + 1 < c->rec->n_tokens ? text_of(c, t, t + 1) : text_of(c, t, t);
            return;
        }
    }
}

/* ---- triggers ------------------------------------------------------------------------ */

typedef struct trig {
    uint32_t tok, end;        /* sentence-relative: [tok, end) are the words (verb + particle, or a compound noun) */
    uint16_t code, alt;
    uint8_t flags;
    bool light, noun, done;
} trig;

/* The sense of a verb form at sentence token i, given the next word. */
static bool verb_trigger(const coder *c, size_t n, size_t i, trig *t)
{
    const struct event_verb_form *f = verb_form(c->word[i].ptr, c->word[i].len);
    if (!f) return false;
    const struct event_verb_sense *bare = NULL, *hit = NULL;
    for (unsigned k = 0; k < f->count; k++) {
        const struct event_verb_sense *s = &event_verb_senses[f->sense[k]];
        size_t pl = strlen(s->particle);
        if (!pl) bare = s;
        else if (i + 1 < n && c->word[i + 1].len == pl && memcmp(c->word[i + 1].ptr, s->particle, pl) == 0) hit = s;
    }
    if (!hit) hit = bare;
    if (!hit) return false;
    *t = (trig){(uint32_t)i, (uint32_t)(i + 1 + (hit->particle[0] != 0)), hit->code, hit->alt, hit->flags,
                hit->code == EV_LIGHT, false, false};
    return true;
}

/* The event noun ending at sentence token i (the longest compound). */
static bool noun_trigger(const coder *c, size_t i, trig *t)
{
    for (size_t len = 3; len >= 1; len--) {
        if (i + 1 < len) continue;
        char buf[128];
        size_t at = 0;
        bool fits = true;
        for (size_t k = i + 1 - len; k <= i && fits; k++) {
            if (at + c->word[k].len + 1 >= sizeof buf) fits = false;
            else {
                if (k > i + 1 - len) buf[at++] = ' ';
                memcpy(buf + at, c->word[k].ptr, c->word[k].len);
                at += c->word[k].len;
            }
        }
        const struct event_noun_form *f = fits ? noun_form(buf, at) : NULL;
        if (f) {
            *t = (trig){(uint32_t)(i + 1 - len), (uint32_t)(i + 1), f->code, f->alt, 0, false, true, false};
            return true;
        }
    }
    return false;
}


/* The event noun a support verb governs: its object's head, within a few
 * words of determiners, adjectives, numbers and nouns. */
static bool governed_noun(const coder *c, size_t n, size_t from, trig *t)
{
    for (size_t j = from; j < n && j < from + 8; j++) {
        unsigned u = c->upos[j];
        /* a gerund after a determiner or modifier is a noun here ("a suicide car bombing") */
        bool gerund = u == NG_UPOS_VERB && j > from &&
                      (c->upos[j - 1] == NG_UPOS_DET || c->upos[j - 1] == NG_UPOS_ADJ || c->upos[j - 1] == NG_UPOS_NOUN);
        if (gerund) u = NG_UPOS_NOUN;
        bool np = u == NG_UPOS_DET || u == NG_UPOS_ADJ || u == NG_UPOS_NUM || u == NG_UPOS_NOUN || u == NG_UPOS_PROPN ||
                  u == NG_UPOS_PRON || u == NG_UPOS_ADV || word_eq(c->word[j], "'s") || word_eq(c->word[j], "-") ||
                  word_eq(c->word[j], "of"); /* "25,000 tons of food aid" */
        if (!np) return false;
        /* the head is the last noun of the phrase; the tagger calls some event nouns adjectives ("offensive") */
        bool last = !(j + 1 < n && (c->upos[j + 1] == NG_UPOS_NOUN || c->upos[j + 1] == NG_UPOS_PROPN ||
                                   (c->upos[j + 1] == NG_UPOS_VERB && u != NG_UPOS_VERB && noun_form(c->word[j + 1].ptr, c->word[j + 1].len))));
        if ((u == NG_UPOS_NOUN || (u == NG_UPOS_ADJ && last)) && last && noun_trigger(c, j, t)) return true;
    }
    return false;
}

/* An event noun in an in/during/with phrase right after a verb (flag pp). */
static bool pp_noun(const coder *c, size_t n, size_t from, trig *t)
{
    for (size_t j = from; j < n && j < from + 8; j++) {
        if (c->upos[j] == NG_UPOS_PUNCT || c->upos[j] == NG_UPOS_VERB) return false;
        if (!(word_eq(c->word[j], "in") || word_eq(c->word[j], "during") || word_eq(c->word[j], "with"))) continue;
        return governed_noun(c, n, j + 1, t);
    }
    return false;
}

/* CAMEO 03 (intend) subcodes by what is intended, and 13 (threaten). */
static uint16_t intent_code(uint16_t intended)
{
    int root = code_root(intended);
    if (root >= 18) return code_index("138");
    if (root >= 9) return code_index("130");
    static const char *const by_root[] = {"030", "030", "030", "030", "036", "032", "031", "033", "035"};
    return code_index(by_root[root < 9 ? root : 0]);
}

static const char *const must_words_[] = {"must", "ought", "should"};

/* "X said Y must withdraw": the modal codes a demand (CAMEO 10) on the
 * verb it governs when that verb is not a trigger of its own. */
static bool must_trigger(const coder *c, size_t n, size_t i, trig *t)
{
    if (!ng_lex_has(c->word[i].ptr, c->word[i].len, must_words_, NG_LEX_COUNT(must_words_))) return false;
    for (size_t j = i + 1; j < n && j <= i + 3; j++) {
        if (c->upos[j] == NG_UPOS_VERB) {
            if (verb_form(c->word[j].ptr, c->word[j].len)) return false; /* coded as itself */
            *t = (trig){(uint32_t)j, (uint32_t)(j + 1), code_index("100"), EV_NO_CODE, 0, false, false, false};
            return true;
        }
        if (c->upos[j] != NG_UPOS_ADV && c->upos[j] != NG_UPOS_PART && c->upos[j] != NG_UPOS_AUX) return false;
    }
    return false;
}

static const char *const own_words[] = {"his", "her", "its", "our", "their"};
static const char *const speech_verbs[] = {"added", "announced", "claimed", "declared", "insisted", "said",
                                           "say", "says", "stated", "told", "warned"};
static const char *const will_words[] = {"'ll", "shall", "will", "would"};
static const char *const must_words[] = {"must", "ought", "should"};

/* ---- coding one sentence ------------------------------------------------------------- */

/* Penn tags by their number in pos.c's table. */
enum { XPOS_NN = 0, XPOS_HYPH = 32, XPOS_RRB = 21, XPOS_AFX = 47 };

/* An affix written apart (Penn AFX: "post", "mid", "counter" in "post
 * election", "mid morning") comes right before the word or hyphen it
 * binds to. One before a preposition, a conjunction, other punctuation or
 * the end of the sentence binds to nothing: the tagger mistook the word
 * used alone, a noun ("a command post near the town"). */
static void unbound_affixes(coder *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c->xpos[i] != XPOS_AFX) continue;
        bool alone = i + 1 == n;
        if (!alone) {
            unsigned u = c->upos[i + 1], x = c->xpos[i + 1];
            alone = u == NG_UPOS_ADP || u == NG_UPOS_SCONJ || u == NG_UPOS_CCONJ ||
                    (u == NG_UPOS_PUNCT && x != XPOS_HYPH && x != XPOS_RRB);
        }
        if (alone) c->upos[i] = NG_UPOS_NOUN, c->xpos[i] = XPOS_NN;
    }
}

/* The view of sentence tokens [first, first + n): keys, and tags from the
 * parse when given, else from the tagger. */
static bool tag_sentence(coder *c, size_t first, size_t n, ng_ev_view *v)
{
    if (n > c->cap) {
        size_t cap = n > 2 * c->cap ? n : 2 * c->cap;
        c->word = ng_alloc(c->a, cap * sizeof *c->word);
        c->raw = ng_alloc(c->a, cap * sizeof *c->raw);
        c->upos = ng_alloc(c->a, cap);
        c->xpos = ng_alloc(c->a, cap);
        c->deprel = ng_alloc(c->a, cap);
        c->head = ng_alloc(c->a, cap * sizeof *c->head);
        if (!c->word || !c->raw || !c->upos || !c->xpos || !c->deprel || !c->head) return false;
        c->cap = cap;
    }
    *v = (ng_ev_view){c->word, c->upos, c->xpos, NULL, NULL, n};
    const ng_event_parse *p = c->parse;
    if (p && p->upos) {
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *key = ng_word_key(c->w, first + i, &len);
            c->word[i] = (ng_str){key, len};
            c->upos[i] = p->upos[first + i];
            c->xpos[i] = p->xpos ? p->xpos[first + i] : 0;
        }
        if (!p->xpos) v->xpos = NULL;
        if (p->head && p->deprel) {
            for (size_t i = 0; i < n; i++) {
                int32_t h = p->head[first + i];
                c->head[i] = h >= (int32_t)first && (size_t)h < first + n ? h - (int32_t)first : -1;
                c->deprel[i] = p->deprel[first + i];
            }
            v->head = c->head;
            v->deprel = c->deprel;
        }
        return true;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *key = ng_word_key(c->w, first + i, &len);
        c->word[i] = (ng_str){key, len};
        const ng_token *t = &c->rec->tokens[first + i];
        c->raw[i] = (ng_str){c->rec->text.ptr + t->bstart, t->bend - t->bstart};
    }
    ng_pos_tag(c->pos, c->raw, n, c->upos, c->xpos);
    unbound_affixes(c, n);
    return true;
}

static const char *const determiners[] = {"a", "an", "her", "his", "its", "my", "our", "the", "their", "these",
                                          "this", "those", "your"};

/* Whether the sentence can hold an event: a form of a trigger verb, or a
 * support verb and an event noun. Only such sentences are tagged. */
static bool has_candidate(const coder *c, size_t first, size_t n)
{
    bool light = false, noun = false;
    for (size_t i = 0; i < n; i++) {
        /* trigger words are lowercase words of 3 to 14 letters: the rest costs no look-up */
        if (!(c->w->shape[first + i] & NG_SHAPE_LOWER) && i > 0) continue;
        size_t len;
        const char *key = ng_word_key(c->w, first + i, &len);
        if (len < 3 || len > 14) continue;
        const struct event_verb_form *f = verb_form(key, len);
        /* after a determiner a form is a noun ("the shares", "its demand"): no verb */
        size_t dlen = 0;
        const char *before = i ? ng_word_key(c->w, first + i - 1, &dlen) : NULL;
        if (f && before && ng_lex_has(before, dlen, determiners, NG_LEX_COUNT(determiners))) f = NULL;
        for (unsigned k = 0; f && k < f->count; k++) {
            const struct event_verb_sense *sense = &event_verb_senses[f->sense[k]];
            if (sense->particle[0]) { /* "take" counts only in "take captive" */
                size_t nlen = 0;
                const char *next = i + 1 < n ? ng_word_key(c->w, first + i + 1, &nlen) : "";
                if (nlen != strlen(sense->particle) || memcmp(next, sense->particle, nlen) != 0) continue;
            }
            if (sense->code != EV_LIGHT) return true;
            light = true;
        }
        const struct event_noun_form *nf = f ? NULL : noun_form(key, len);
        if (nf && code_root(nf->code) == 17) return true; /* "in Ukrainian custody" (code_nominals) */
        if (nf) {
            noun = true;
            /* a nominal event: "the capture of" (code_nominals) */
            size_t olen = 0;
            const char *next = i + 1 < n ? ng_word_key(c->w, first + i + 1, &olen) : "";
            if (olen == 2 && memcmp(next, "of", 2) == 0) return true;
        }
        if (!noun && i > 0) { /* compounds: "martial law" */
            size_t plen;
            const char *prev = ng_word_key(c->w, first + i - 1, &plen);
            char two[96];
            if (plen + len + 1 < sizeof two) {
                memcpy(two, prev, plen);
                two[plen] = ' ';
                memcpy(two + plen + 1, key, len);
                noun = noun_form(two, plen + 1 + len) != NULL;
            }
        }
        if (light && noun) return true;
    }
    return false;
}

/* Whether the sentence names anyone who could act or be acted on: an
 * entity, a place or an agent noun. An event needs one (emit), so a
 * sentence without is not tagged at all. */
static bool has_actor(const coder *c, size_t first, size_t n)
{
    for (size_t i = first; i < first + n; i++)
        if (c->entity_of[i] || c->place_of[i]) return true;
    for (size_t i = first; i < first + n; i++) {
        if (!(c->w->shape[i] & (NG_SHAPE_LOWER | NG_SHAPE_UPPER))) continue;
        size_t len;
        const char *key = ng_word_key(c->w, i, &len);
        if (len < 3) continue;
        if (agent_form(key, len)) return true;
        if (i > first) {
            size_t plen;
            const char *prev = ng_word_key(c->w, i - 1, &plen);
            char two[96];
            if (plen + len + 1 < sizeof two) {
                memcpy(two, prev, plen);
                two[plen] = ' ';
                memcpy(two + plen + 1, key, len);
                if (agent_form(two, plen + 1 + len)) return true;
            }
        }
    }
    return false;
}

/* Is token i of the sentence a verb for the tagger (a trigger must be)? */
static bool is_verb(const coder *c, size_t i) { return c->upos[i] == NG_UPOS_VERB; }

/* Two actors are the same words, or both absent (an absent one has end 0). */
static bool same_actor(const ng_event_actor *x, const ng_event_actor *y)
{
    return x->start == y->start && x->end == y->end;
}

static bool spans_overlap(ng_ev_span x, ng_ev_span y)
{
    return x.first >= 0 && y.first >= 0 && x.first <= y.last && y.first <= x.last;
}

static bool emit(coder *c, size_t sentence, size_t first, const ng_ev_view *v, const trig *t, int32_t governor,
                 uint16_t code, uint8_t modality, const ng_ev_args *args, const ng_ev_span *source_override)
{
    ng_event e;
    memset(&e, 0, sizeof e);
    ng_ev_span src = source_override ? *source_override : args->source;
    ng_ev_span tgt = args->target;
    bool has_source = resolve_actor(c, first, src, &e.source);
    /* a parse's argument that is no actor may be a parse error: the shallow
     * rules' one stands in when it is an actor and not the other side */
    if (!has_source && !source_override && args->from_parse && args->shallow_source.first >= 0 &&
        args->shallow_source.first != src.first && !spans_overlap(args->shallow_source, tgt)) {
        ng_event_actor alt;
        if (resolve_actor(c, first, args->shallow_source, &alt)) {
            src = args->shallow_source;
            e.source = alt;
            has_source = true;
        }
    }
    qualify_actor(c, first, v->n, src, &e.source);
    bool has_target = resolve_actor(c, first, tgt, &e.target);
    if (!has_target && args->from_parse && args->shallow_target.first >= 0 && args->shallow_target.first != tgt.first &&
        !spans_overlap(args->shallow_target, src)) {
        ng_event_actor alt;
        if (resolve_actor(c, first, args->shallow_target, &alt)) {
            tgt = args->shallow_target;
            e.target = alt;
            has_target = true;
        }
    }
    /* "its troops", "their peacekeeping force": the source's own, not a target */
    if (has_target && tgt.first >= 0 && !args->passive && !e.target.entity &&
        ng_lex_has(c->word[tgt.first].ptr, c->word[tgt.first].len, own_words, NG_LEX_COUNT(own_words))) {
        has_target = false;
        memset(&e.target, 0, sizeof e.target);
    }
    if (!has_target && !args->passive) {
        ng_ev_span further = actor_right(c, v, first, t->end, src);
        if (further.first >= 0 && (tgt.first < 0 || !(t->flags & EV_FLAG_OBJ))) {
            tgt = further;
            has_target = resolve_actor(c, first, tgt, &e.target);
        }
    }
    qualify_actor(c, first, v->n, tgt, &e.target);
    if (!has_source && !has_target) return false;
    /* what the verb does is done to people or states, not to things */
    if ((t->flags & EV_FLAG_OBJ) && args->target.first >= 0 && !has_target) return false;
    if (tgt.first >= 0 && src.first >= 0 && tgt.first <= src.last && src.first <= tgt.last) {
        memset(&e.target, 0, sizeof e.target); /* one phrase is not both sides */
        has_target = false;
        if (!has_source) return false;
    }
    /* an agent of reported words without a country of its own is the speaker's ("our soldiers") */
    const ng_quote *q = quote_around(c->rec, c->rec->tokens[first + t->tok].start);
    if (q && has_source && !e.source.country[0] && e.source.sector[0] && !e.source.entity) speaker_country(c, q, e.source.country);
    /* unconventional violence and the like when the source is not a state's */
    const uint8_t *sec = (const uint8_t *)e.source.sector;
    bool state = !sec[0] || !strcmp(e.source.sector, "GOV") || !strcmp(e.source.sector, "MIL") ||
                 !strcmp(e.source.sector, "COP") || !strcmp(e.source.sector, "SPY");
    if (!state && t->alt != EV_NO_CODE && code == t->code) code = t->alt;
    const struct event_cameo_entry *ce = &event_cameo[code];
    if (ce->type >= NG_LEX_COUNT(event_type_names)) return false;
    memcpy(e.cameo, ce->code, strlen(ce->code) + 1);
    e.type = event_type_names[ce->type];
    e.mode = ce->mode[0] ? ce->mode : NULL;
    e.quad_class = ce->quad;
    e.goldstein = ce->goldstein;
    e.sentence = (uint32_t)sentence;
    size_t ta = first + t->tok, tb = first + t->end - 1;
    e.trigger = text_of(c, ta, tb);
    e.trigger_start = c->rec->tokens[ta].start;
    e.trigger_end = c->rec->tokens[tb].end;
    /* the evidence: from the first to the last of source, trigger, target, governor */
    size_t lo = ta, hi = tb;
    if (governor >= 0 && first + (size_t)governor < lo) lo = first + (size_t)governor;
    if (src.first >= 0) { if (first + (size_t)src.first < lo) lo = first + (size_t)src.first; if (first + (size_t)src.last > hi) hi = first + (size_t)src.last; }
    if (has_target) {
        if (first + (size_t)tgt.first < lo) lo = first + (size_t)tgt.first;
        if (first + (size_t)tgt.last > hi) hi = first + (size_t)tgt.last;
    }
    e.start = c->rec->tokens[lo].start;
    e.end = c->rec->tokens[hi].end;
    while (hi + 1 < c->rec->n_tokens && c->rec->tokens[hi + 1].end <= e.source.end) hi++;
    while (hi + 1 < c->rec->n_tokens && c->rec->tokens[hi + 1].end <= e.target.end) hi++;
    e.end = c->rec->tokens[hi].end;
    e.text = text_of(c, lo, hi);
    e.negated = args->negated;
    e.modality = modality;
    size_t skip_lo = src.first >= 0 ? first + (size_t)src.first : 0, skip_hi = src.first >= 0 ? first + (size_t)src.last + 1 : 0;
    set_where(c, &e, sentence, skip_lo, skip_hi);
    set_when(c, &e, sentence);
    set_counts(c, &e, sentence, code_root(code));
    set_claim(c, &e, sentence, ta);
    for (size_t k = c->out.len; k-- > 0 && c->out.items[k].sentence == sentence;)
        if (!strcmp(c->out.items[k].cameo, e.cameo) && same_actor(&c->out.items[k].source, &e.source) &&
            same_actor(&c->out.items[k].target, &e.target))
            return false;
    return NG_VEC_PUSH(c->a, &c->out, e);
}

/* The speaker of reported words around the trigger, as a span of the
 * sentence, or none: the source of "it had conducted" in "X said that it
 * had conducted". */
static ng_ev_span reporter(const coder *c, const ng_ev_view *v, size_t first, size_t trigger)
{
    const ng_quote *q = quote_around(c->rec, c->rec->tokens[first + trigger].start);
    if (q && q->speaker_span.end > q->speaker_span.start && q->speaker_via != NG_SPEAKER_CONTINUATION) {
        size_t a = token_at(c->rec, q->speaker_span.start), b = a;
        while (b + 1 < c->rec->n_tokens && c->rec->tokens[b + 1].end <= q->speaker_span.end) b++;
        if (a >= first && b < first + v->n) return (ng_ev_span){(int32_t)(a - first), (int32_t)(b - first)};
    }
    return (ng_ev_span){-1, -1};
}

/* The first noun phrase with a noun or name as its head among sentence
 * words [from, to), or none. */
static ng_ev_span noun_phrase_in(const coder *c, const ng_ev_view *v, size_t from, size_t to)
{
    for (size_t j = from; j < to && j < v->n; j++) {
        unsigned u = c->upos[j];
        if (u == NG_UPOS_NOUN || u == NG_UPOS_PROPN) return ng_ev_np(v, j);
        if (!(u == NG_UPOS_DET || u == NG_UPOS_ADJ || u == NG_UPOS_NUM || word_eq(c->word[j], "'s"))) break;
    }
    return (ng_ev_span){-1, -1};
}

/* Nominal events, for a sentence that has no verb event: an event noun
 * after a determiner or a possessive with an "of" phrase ("the capture of
 * two soldiers by Ukrainian forces", "Ukraine's capture of two soldiers").
 * The "of" phrase is acted on and must be an actor; a "by" phrase after
 * it, or the possessor, acts. Returns the number of events coded. */
static const char *const copulas[] = {"are", "been", "is", "remain", "remained", "remains", "still", "was", "were"};

/* "two soldiers in Ukrainian custody", "the men remain in the custody of
 * the SBU": a detention noun (CAMEO 17) in an "in" phrase. Who is held is
 * the noun phrase the phrase follows, or the subject of a copula before
 * it; who holds is the phrase's modifiers or its "of" phrase. Sets `args`
 * and returns whether noun `t` is one. */
static bool held_in(const coder *c, const ng_ev_view *v, const trig *t, ng_ev_args *args)
{
    if (code_root(t->code) != 17) return false;
    size_t d = t->tok;
    while (d > 0 && t->tok - d < 4 && !word_eq(c->word[d - 1], "in") &&
           (c->upos[d - 1] == NG_UPOS_DET || c->upos[d - 1] == NG_UPOS_ADJ || c->upos[d - 1] == NG_UPOS_PROPN ||
            word_eq(c->word[d - 1], "'s")))
        d--;
    if (d < 2 || !word_eq(c->word[d - 1], "in")) return false;
    size_t k = d - 2;
    while (k > 0 && d - 2 - k < 3 && (ng_lex_has(c->word[k].ptr, c->word[k].len, copulas, NG_LEX_COUNT(copulas)) || c->upos[k] == NG_UPOS_ADV)) k--;
    if (!(c->upos[k] == NG_UPOS_NOUN || c->upos[k] == NG_UPOS_PROPN || ng_ev_is_pronoun(v, k))) return false;
    args->target = ng_ev_np(v, k);
    size_t holder = d;
    while (holder < t->tok && c->upos[holder] == NG_UPOS_DET) holder++;
    if (t->end < v->n && word_eq(c->word[t->end], "of")) args->source = noun_phrase_in(c, v, t->end + 1, t->end + 7);
    else if (holder < t->tok) args->source = (ng_ev_span){(int32_t)holder, (int32_t)t->tok - 1 - (word_eq(c->word[t->tok - 1], "'s") ? 1 : 0)};
    return true;
}

static size_t code_nominals(coder *c, size_t sentence, size_t first, const ng_ev_view *v)
{
    size_t emitted = 0, n = v->n;
    for (size_t i = 1; i < n && emitted < MAX_EVENTS_PER_SENTENCE; i++) {
        trig t;
        ng_ev_args held = {{-1, -1}, {-1, -1}, false, false, -1, false, {-1, -1}, {-1, -1}};
        if (c->upos[i] == NG_UPOS_NOUN && noun_trigger(c, i, &t) && held_in(c, v, &t, &held)) {
            held.passive = true; /* the held are acted on, whatever side of the noun they are */
            t.flags |= EV_FLAG_OBJ;
            if (emit(c, sentence, first, v, &t, -1, t.code, NG_MODALITY_ASSERTED, &held, NULL)) emitted++;
            continue;
        }
        if (i + 2 >= n) continue;
        if (c->upos[i] != NG_UPOS_NOUN || !word_eq(c->word[i + 1], "of") || !noun_trigger(c, i, &t)) continue;
        if (t.code == EV_NO_CODE || t.code == EV_LIGHT) continue;
        size_t d = t.tok;
        while (d > 0 && t.tok - d < 3 && c->upos[d - 1] == NG_UPOS_ADJ) d--;
        if (d == 0) continue;
        bool possessive = word_eq(c->word[d - 1], "'s");
        if (!possessive && !ng_lex_has(c->word[d - 1].ptr, c->word[d - 1].len, determiners, NG_LEX_COUNT(determiners))) continue;
        ng_ev_args args = {{-1, -1}, {-1, -1}, false, false, -1, false, {-1, -1}, {-1, -1}};
        args.target = noun_phrase_in(c, v, i + 2, i + 8);
        if (args.target.first < 0) continue;
        size_t after = (size_t)args.target.last + 1;
        if (after < n && word_eq(c->word[after], "by")) args.source = noun_phrase_in(c, v, after + 1, after + 7);
        else if (possessive && d >= 2) args.source = ng_ev_np(v, d - 2);
        t.flags |= EV_FLAG_OBJ;
        if (emit(c, sentence, first, v, &t, -1, t.code, NG_MODALITY_ASSERTED, &args, NULL)) emitted++;
    }
    return emitted;
}

static bool code_sentence(coder *c, size_t sentence)
{
    size_t first = c->w->sentence_first[sentence], n = c->w->sentence_first[sentence + 1] - first;
    if (!n || !has_candidate(c, first, n)) return true;
    if (!build_maps(c)) return false;
    if (!has_actor(c, first, n)) return true;
    ng_ev_view v;
    if (!tag_sentence(c, first, n, &v)) return false;

    trig trigs[MAX_TRIGGERS_PER_SENTENCE];
    size_t nt = 0;
    for (size_t i = 0; i < n && nt < MAX_TRIGGERS_PER_SENTENCE; i++) {
        /* "is willing to", "prepared to": an adjective that takes "to" like a control verb */
        bool adj_ctl = c->upos[i] == NG_UPOS_ADJ && i + 1 < n && word_eq(c->word[i + 1], "to");
        if ((is_verb(c, i) || adj_ctl) && verb_trigger(c, n, i, &trigs[nt]) &&
            (!adj_ctl || is_verb(c, i) || (trigs[nt].flags & (EV_FLAG_CTL | EV_FLAG_INTENT))))
            nt++;
        else if (must_trigger(c, n, i, &trigs[nt]))
            nt++;
    }

    size_t emitted = 0;
    for (size_t k = 0; k < nt && emitted < MAX_EVENTS_PER_SENTENCE; k++) {
        trig t = trigs[k];
        if (t.done) continue;
        int32_t governor = -1;
        if (t.light) {
            trig noun;
            if (!governed_noun(c, n, t.end, &noun)) continue;
            governor = (int32_t)t.tok;
            noun.flags = t.flags;
            t = noun;
        }
        uint16_t code = t.code;
        uint8_t modality = NG_MODALITY_ASSERTED;
        /* a verb that takes the event inside it: the next trigger of the clause */
        if (t.flags & (EV_FLAG_CTL | EV_FLAG_INTENT | EV_FLAG_DENY) && governor < 0) {
            for (size_t j = k + 1; j < nt && trigs[j].tok <= t.end + 12; j++) {
                bool clause_end = false;
                for (size_t x = t.end; x < trigs[j].tok; x++)
                    if (word_eq(c->word[x], ";") || word_eq(c->word[x], ":")) clause_end = true;
                if (clause_end) break;
                trigs[j].done = true;
                uint16_t inner = trigs[j].code;
                if (trigs[j].light) {
                    trig noun;
                    inner = governed_noun(c, n, trigs[j].end, &noun) ? noun.code : EV_NO_CODE;
                }
                if (inner != EV_NO_CODE) {
                    if (t.flags & EV_FLAG_INTENT) code = intent_code(inner);
                    else if (t.flags & EV_FLAG_DENY) code = inner;
                    else if (code_root(code) == 13 && code_root(inner) >= 18) code = code_index("138");
                }
                break;
            }
            if (t.flags & EV_FLAG_DENY) modality = NG_MODALITY_DENIED;
            else if (code_root(code) == 13) modality = NG_MODALITY_THREATENED;
            else if (t.flags & (EV_FLAG_INTENT | EV_FLAG_PLAN)) modality = NG_MODALITY_PLANNED;
            else if (code_root(code) == 10 || code_root(code) == 2) modality = NG_MODALITY_DEMANDED;
        }
        ng_ev_args args;
        ng_ev_args_find(&v, t.tok, t.end, governor, &args);
        if ((t.flags & EV_FLAG_PP) && governor < 0) {
            trig noun;
            if (pp_noun(c, n, t.end, &noun)) {
                code = noun.code;
                t.alt = noun.alt;
                t.code = noun.code;
            }
        }
        ng_ev_span source = args.source;
        /* not cooperating is rejecting (CAMEO 12): "will not accept" */
        if (args.negated && modality == NG_MODALITY_ASSERTED && code_root(code) >= 3 && code_root(code) <= 8) {
            code = code_index("120");
            modality = NG_MODALITY_DENIED;
        }
        /* modals: will/would make an intent or a threat, must/should a demand */
        if (args.modal >= 0 && modality == NG_MODALITY_ASSERTED) {
            ng_str m = c->word[args.modal];
            if (ng_lex_has(m.ptr, m.len, will_words, NG_LEX_COUNT(will_words))) {
                code = intent_code(code);
                /* "will withdraw ... unless": a condition makes it a threat (CAMEO 13) */
                for (size_t x = t.end; x < n && x < t.end + NG_EV_WINDOW; x++)
                    if (word_eq(c->word[x], "unless")) code = code_root(code) == 13 ? code : code_index("130");
                modality = code_root(code) == 13 ? NG_MODALITY_THREATENED : NG_MODALITY_PLANNED;
            } else if (ng_lex_has(m.ptr, m.len, must_words, NG_LEX_COUNT(must_words))) {
                code = code_index("100");
                modality = NG_MODALITY_DEMANDED;
                /* the demand is the speaker's, made of the clause's subject */
                ng_ev_span who = reporter(c, &v, first, t.tok);
                if (who.first >= 0) {
                    args.target = args.source;
                    source = who;
                }
            }
        }
        /* "a roadside bombing killed": an event noun as the subject says what the event was */
        if (source.first >= 0 && governor < 0 && !args.passive) {
            trig cause;
            size_t head = (size_t)source.last;
            if ((c->upos[head] == NG_UPOS_NOUN || c->upos[head] == NG_UPOS_VERB) && noun_trigger(c, head, &cause) &&
                code_root(cause.code) >= 18 && code_root(code) >= 18) {
                code = cause.code;
                t.code = cause.code;
                t.alt = cause.alt;
                source = (ng_ev_span){-1, -1};
            }
        }
        /* a pronoun subject of reported words is the speaker */
        if (source.first >= 0 && source.first == source.last && ng_ev_is_pronoun(&v, (size_t)source.first)) {
            ng_ev_span who = reporter(c, &v, first, t.tok);
            for (size_t j = (size_t)source.first; who.first < 0 && j-- > 0 && (size_t)source.first - j < NG_EV_WINDOW / 2;)
                if (ng_lex_has(c->word[j].ptr, c->word[j].len, speech_verbs, NG_LEX_COUNT(speech_verbs)))
                    who = ng_ev_subject_of(&v, j);
            if (who.first >= 0) source = who;
        }
        if (code == EV_NO_CODE || code == EV_LIGHT) continue;
        if (emit(c, sentence, first, &v, &t, governor, code, modality, &args, &source)) emitted++;
    }
    if (!emitted) code_nominals(c, sentence, first, &v);
    return true;
}

const char *ng_events_find(ng_arena *a, ng_record *rec, const ng_words *words, const ng_pos_model *pos,
                           const ng_event_parse *parse)
{
    rec->events = NULL;
    rec->n_events = 0;
    if ((!pos && !(parse && parse->upos)) || !rec->n_sentences) return NULL;
    ng_words own;
    const ng_words *w = ng_words_given_or_built(a, rec, words, &own);
    if (!w) return "out of memory";
    coder c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.rec = rec;
    c.w = w;
    c.pos = pos;
    c.parse = parse;
    for (size_t s = 0; s < w->n_sentences; s++)
        if (!code_sentence(&c, s)) return "out of memory";
    rec->events = c.out.items;
    rec->n_events = c.out.len;
    return NULL;
}

/* The syntax stage's tags and parse in the coder's terms: heads as token
 * indexes (-1 for a root) and relations as ng_ev_dep. NULL when the syntax
 * stage did not run; false only when out of memory. */
static bool parse_view(ng_arena *a, const ng_record *rec, ng_event_parse *out, bool *have)
{
    *have = false;
    if (!rec->syntax || !rec->n_tokens) return true;
    size_t n = rec->n_tokens;
    uint8_t *upos = ng_alloc(a, n), *xpos = ng_alloc(a, n), *deprel = ng_alloc(a, n);
    int32_t *head = ng_alloc(a, n * sizeof *head);
    if (!upos || !xpos || !deprel || !head) return false;
    /* The parser's label numbers to the coder's relations, once per call. */
    uint8_t rel_of[256];
    for (unsigned d = 0; d < 256; d++) {
        const char *name = ng_dep_name(d);
        rel_of[d] = name ? (uint8_t)ng_ev_dep_from_name(name, strlen(name)) : (uint8_t)NG_DEP_OTHER;
    }
    for (size_t i = 0; i < n; i++) {
        const ng_token_syntax *t = &rec->syntax[i];
        upos[i] = t->upos;
        xpos[i] = t->xpos;
        head[i] = t->head == NG_NO_HEAD || t->head >= n ? -1 : (int32_t)t->head;
        deprel[i] = rel_of[t->dep];
    }
    *out = (ng_event_parse){upos, xpos, head, deprel};
    *have = true;
    return true;
}

static const char *find_events(ng_stage_ctx *stage)
{
    /* With the syntax stage's parse the coder reads subjects and objects
     * from it and tags nothing itself; without it the coder tags the
     * sentences that can hold an event and finds arguments by shallow rules. */
    ng_event_parse parse;
    bool have = false;
    if (!parse_view(stage->arena, stage->rec, &parse, &have)) return "out of memory";
    return ng_events_find(stage->arena, stage->rec, stage->words, stage->pos, have ? &parse : NULL);
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void write_actor(ng_buf *b, const char *key, const ng_event_actor *a)
{
    ng_json_key(b, key);
    if (a->end <= a->start) {
        ng_buf_puts(b, "null");
        return;
    }
    ng_buf_puts(b, "{\"text\":");
    ng_json_string(b, a->text.ptr ? a->text.ptr : "", a->text.len);
    ng_buf_printf(b, ",\"start\":%u,\"end\":%u", a->start, a->end);
    if (a->entity) ng_buf_printf(b, ",\"entity\":%u", a->entity);
    else ng_buf_puts(b, ",\"entity\":null");
    ng_json_name_or_null(b, "country", a->country[0] ? a->country : NULL);
    ng_json_name_or_null(b, "sector", a->sector[0] ? a->sector : NULL);
    ng_buf_putc(b, '}');
}

static void write_event(ng_buf *b, const ng_event *e)
{
    ng_buf_puts(b, "{\"type\":");
    ng_json_string(b, e->type, strlen(e->type));
    ng_json_name_or_null(b, "mode", e->mode);
    ng_json_name_or_null(b, "cameo", e->cameo);
    ng_buf_printf(b, ",\"quad_class\":%u,\"goldstein\":%g", e->quad_class, e->goldstein);
    write_actor(b, "source", &e->source);
    write_actor(b, "target", &e->target);
    ng_buf_puts(b, ",\"trigger\":{\"text\":");
    ng_json_string(b, e->trigger.ptr ? e->trigger.ptr : "", e->trigger.len);
    ng_buf_printf(b, ",\"start\":%u,\"end\":%u}", e->trigger_start, e->trigger_end);
    ng_json_key(b, "where");
    if (e->where.name.ptr) {
        ng_buf_puts(b, "{\"name\":");
        ng_json_string(b, e->where.name.ptr, e->where.name.len);
        ng_json_name_or_null(b, "how", e->where.how);
        ng_buf_printf(b, ",\"geonameid\":%u,\"lat\":%.5f,\"lon\":%.5f", e->where.geonameid, e->where.lat, e->where.lon);
        ng_json_span_or_null(b, "span", (ng_span){e->where.start, e->where.end});
        ng_buf_putc(b, '}');
    } else {
        ng_buf_puts(b, "null");
    }
    ng_json_key(b, "when");
    if (e->when.value.ptr) {
        ng_buf_puts(b, "{\"value\":");
        ng_json_string(b, e->when.value.ptr, e->when.value.len);
        ng_json_name_or_null(b, "how", e->when.how);
        ng_json_span_or_null(b, "span", (ng_span){e->when.start, e->when.end});
        ng_buf_putc(b, '}');
    } else {
        ng_buf_puts(b, "null");
    }
    ng_json_key(b, "counts");
    ng_buf_putc(b, '[');
    for (size_t k = 0; k < e->n_counts; k++) ng_buf_printf(b, k ? ",%u" : "%u", e->counts[k]);
    ng_buf_putc(b, ']');
    if (e->attributed_to) ng_buf_printf(b, ",\"attributed_to\":%u", e->attributed_to);
    else ng_buf_puts(b, ",\"attributed_to\":null");
    ng_json_str_or_null(b, "attributed_text", e->attributed_text);
    ng_buf_printf(b, ",\"hedged\":%s", e->hedged ? "true" : "false");
    ng_json_str_or_null(b, "hedge", e->hedge);
    ng_buf_printf(b, ",\"negated\":%s", e->negated ? "true" : "false");
    ng_json_name_or_null(b, "modality", ng_event_modality_name((ng_event_modality)e->modality));
    ng_buf_puts(b, ",\"text\":");
    ng_json_string(b, e->text.ptr ? e->text.ptr : "", e->text.len);
    ng_buf_printf(b, ",\"start\":%u,\"end\":%u,\"sentence\":%u}", e->start, e->end, e->sentence);
}

static void write_events(ng_buf *b, const ng_record *r)
{
    ng_json_key(b, "events");
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < r->n_events; i++) {
        if (i) ng_buf_putc(b, ',');
        write_event(b, &r->events[i]);
    }
    ng_buf_putc(b, ']');
}

const ng_stage ng_stage_events = {"events", find_events, write_events};
