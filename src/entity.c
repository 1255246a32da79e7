/*
 * entity.c: in-document entity resolution.
 *
 * Input: the tagger's mentions (token runs with a CoNLL-2003 type) and the
 * byline's authors. Output: rec->entities, each a group of mentions that
 * name the same person, organisation, place or group, with a canonical
 * name, the other forms as aliases, a role for people, and a refined type.
 *
 * The work is done in one pass over the mentions in text order, with hash
 * maps from normalised keys to entities, so the cost is linear in the
 * number of mentions (plus one sort):
 *
 *   1. Clean-up. Mentions are sorted, overlaps dropped (the earlier, then
 *      longer, run wins), punctuation, possessives ("Zelensky's") and a
 *      leading "the" trimmed. "X (SBU)" yields a mention for SBU even when
 *      the tagger gave none, since the parentheses are the evidence.
 *   2. Titles. A person mention loses leading titles and honorifics
 *      ("President Trump" -> "Trump"); a role is read from the title words
 *      just before it ("US Secretary of State Antony Blinken"). A mention
 *      that is only a title is dropped. Titles come from lexicons/titles.tsv.
 *   3. People. A full name joins the entity with the same full name, or the
 *      same first and last name, or a one-word entity named by its first or
 *      last word. A one-word mention joins the entity whose surname (else
 *      first name) it is, the most recently mentioned one, so "Trump" after
 *      "Melania Trump" is Melania but two full names never merge.
 *   4. Everything else is keyed by its normalised text, with country names
 *      and short forms ("US", "U.S.", "America") keyed by ISO code, nation-
 *      ality words ("North Korean", "Ukrainians") typed NORP and keyed by
 *      code, religious and political groups NORP too, and "Ukrainian
 *      Security Service" ~ "Security Service of Ukraine" by an alternative
 *      key (code + rest). Acronyms join by initials ("EU" ~ "European
 *      Union"), by parentheses, or by apposition ("..., the SBU,"); these
 *      can join entities that already exist, hence a union-find.
 *   5. Authors join the person entity with their name or become one with no
 *      mentions (the byline is not part of the text, so there is no span).
 *
 * The lexicons are compiled into entity_tables.h (make lexicons) and
 * looked up by binary search; nothing here keeps global mutable state.
 */
#include "entity.h"
#include "entity_tables.h"
#include "lexicon.h"

#include <stdlib.h>

#define MAX_PHRASE_TOKENS 5  /* longest lexicon phrase we try, in tokens */
#define MAX_LOOKUP_KEY 128   /* longer token runs are never in a lexicon */
#define MAX_ROLE_ELEMENTS 8  /* "former US Deputy Secretary of State" is 4 */
#define MAX_ALIASES 16

enum { EL_TITLE = 1, EL_MODIFIER = 2, EL_HONORIFIC = 4, EL_PLACE = 8, EL_OF_PLACE = 16 };
enum { KEY_NORP = 1, KEY_COUNTRY = 2 }; /* item.special */

/* One cleaned mention. */
typedef struct item {
    uint32_t s, e;   /* name tokens [s, e) */
    uint32_t rs, re; /* role tokens [rs, re); rs == re when none */
    uint8_t ne;      /* ng_ne_type from the tagger */
    uint8_t type;    /* ng_entity_type after refinement */
    uint8_t special; /* KEY_NORP, KEY_COUNTRY or 0 */
    bool acronym;
    char cc[3];
    const char *canonical; /* lexicon name for NORP, else NULL */
    ng_str key, alt, base, first, last, surname, first_last;
    int32_t ent;
} item;

typedef struct ent {
    int32_t parent;   /* union-find */
    int32_t best;     /* item with the fullest form so far (people), or -1 */
    bool multi;       /* people: the best form has two or more words */
    bool acronym;     /* created by an acronym-shaped mention */
    bool short_org;   /* an organisation named by one word so far ("Apple") */
    bool byline;
    ng_str byline_name;
} ent;

typedef struct map_slot {
    const char *k;
    uint32_t n;
    int32_t v;
} map_slot;
typedef struct strmap {
    ng_arena *a;
    map_slot *slots;
    size_t mask, used;
    bool failed; /* a growth ran out of memory: a key was not stored */
} strmap;

typedef struct ctx {
    ng_arena *a;
    const char *text;
    const ng_token *t;
    size_t nt;
    NG_VEC(item) items;
    NG_VEC(ent) ents;
    strmap full, first_last, surname, firstname, other, initials, org_first;
    strmap tail; /* the last two or three words of people's names of three or more words */
} ctx;

/* ---- hash maps from keys to entity indices ------------------------------ */

/* Maps start small and double when half full: sized up front for every
 * key that every mention might add, the seven of them took about 700
 * bytes per mention, where an article has far fewer distinct keys. */
static bool map_init(ng_arena *a, strmap *m)
{
    m->a = a;
    m->slots = ng_calloc(a, 16, sizeof *m->slots);
    m->mask = 15;
    m->used = 0;
    m->failed = false;
    return m->slots != NULL;
}

static map_slot *map_find(const strmap *m, ng_str k)
{
    size_t i = (size_t)ng_hash64(k.ptr, k.len, 7) & m->mask;
    while (m->slots[i].k && !(m->slots[i].n == k.len && memcmp(m->slots[i].k, k.ptr, k.len) == 0))
        i = (i + 1) & m->mask;
    return &m->slots[i];
}

static int32_t map_get(const strmap *m, ng_str k)
{
    if (!k.len) return -1;
    const map_slot *s = map_find(m, k);
    return s->k ? s->v : -1;
}

static void map_set(strmap *m, ng_str k, int32_t v, bool overwrite)
{
    if (!k.len) return;
    map_slot *s = map_find(m, k);
    if (s->k) {
        if (overwrite) s->v = v;
        return;
    }
    if ((m->used + 1) * 2 > m->mask + 1) {
        size_t cap = 2 * (m->mask + 1);
        strmap grown = {m->a, ng_calloc(m->a, cap, sizeof *m->slots), cap - 1, m->used, false};
        if (!grown.slots) { m->failed = true; return; }
        for (size_t i = 0; i <= m->mask; i++)
            if (m->slots[i].k) *map_find(&grown, (ng_str){m->slots[i].k, m->slots[i].n}) = m->slots[i];
        *m = grown;
        s = map_find(m, k);
    }
    s->k = k.ptr;
    s->n = (uint32_t)k.len;
    s->v = v;
    m->used++;
}

/* ---- keys and lexicon look-ups ------------------------------------------ */

/* The normalised form of tokens [i, j): ASCII lowercased, periods dropped,
 * U+2019 as an apostrophe, one space where the text has any. Writes at
 * most `cap` bytes; returns the length or SIZE_MAX if it does not fit. */
static size_t key_into(const char *text, const ng_token *t, uint32_t i, uint32_t j, char *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t k = i; k < j; k++) {
        if (k > i && t[k].bstart > t[k - 1].bend) {
            if (n >= cap) return SIZE_MAX;
            out[n++] = ' ';
        }
        for (uint32_t b = t[k].bstart; b < t[k].bend; b++) {
            unsigned char c = (unsigned char)text[b];
            if (c == '.') continue;
            if (c == 0xE2 && b + 2 < t[k].bend && (unsigned char)text[b + 1] == 0x80 &&
                (unsigned char)text[b + 2] == 0x99) {
                c = '\'';
                b += 2;
            } else if (c >= 'A' && c <= 'Z') {
                c = (unsigned char)(c + 32);
            }
            if (n >= cap) return SIZE_MAX;
            out[n++] = (char)c;
        }
    }
    return n;
}

static ng_str arena_key(ctx *c, uint32_t i, uint32_t j)
{
    size_t cap = j - i;
    for (uint32_t k = i; k < j; k++) cap += c->t[k].bend - c->t[k].bstart;
    char *p = ng_alloc(c->a, cap + 1);
    if (!p) return (ng_str){NULL, 0};
    size_t n = key_into(c->text, c->t, i, j, p, cap);
    p[n] = '\0';
    return (ng_str){p, n};
}

/* A key with a one-byte namespace prefix and an optional code. */
static ng_str tagged_key(ng_arena *a, char tag, const char *code, ng_str rest)
{
    size_t cl = code ? strlen(code) : 0;
    char *p = ng_alloc(a, 2 + cl + rest.len + 1);
    if (!p) return (ng_str){NULL, 0};
    p[0] = tag;
    memcpy(p + 1, code, cl);
    p[1 + cl] = ' ';
    if (rest.len) memcpy(p + 2 + cl, rest.ptr, rest.len);
    p[2 + cl + rest.len] = '\0';
    return (ng_str){p, 2 + cl + rest.len};
}

static const ng_place_entry *find_place(const char *k, size_t n) { return NG_LEX_SEARCH(k, n, ng_place_table); }
static const ng_demonym_entry *find_demonym(const char *k, size_t n) { return NG_LEX_SEARCH(k, n, ng_demonym_table); }
static const ng_group_entry *find_group(const char *k, size_t n) { return NG_LEX_SEARCH(k, n, ng_group_table); }
static const ng_title_entry *find_title(const char *k, size_t n) { return NG_LEX_SEARCH(k, n, ng_title_table); }

static bool token_is(const ctx *c, uint32_t k, const char *s)
{
    size_t n = strlen(s);
    return k < c->nt && c->t[k].bend - c->t[k].bstart == n && memcmp(c->text + c->t[k].bstart, s, n) == 0;
}

static bool token_is_the(const ctx *c, uint32_t k) { return token_is(c, k, "the") || token_is(c, k, "The"); }

static bool is_upper_word(const char *text, const ng_token *t, uint32_t i, uint32_t j)
{
    int letters = 0;
    for (uint32_t k = i; k < j; k++)
        for (uint32_t b = t[k].bstart; b < t[k].bend; b++) {
            char ch = text[b];
            if (ch >= 'A' && ch <= 'Z') letters++;
            else if (ch != '.' && ch != '&' && ch != ' ') return false;
        }
    return letters >= 2;
}

/* Whether tokens [i, j) are written with a period: "N.C.", "L.A.". */
static bool has_period(const ctx *c, uint32_t i, uint32_t j)
{
    return memchr(c->text + c->t[i].bstart, '.', c->t[j - 1].bend - c->t[i].bstart) != NULL;
}

/* A country name or short form for tokens [i, j), or NULL. Bare ISO codes
 * count only with `codes` (a mention the tagger called a place) and when
 * written in capitals without periods: "IN" is India, "In" is not, an ORG
 * "GM" is not the Gambia, and "N.C." and "L.A." are abbreviations of US
 * states and cities, not New Caledonia and Laos (the dotted country forms,
 * "U.S.", "U.K.", are names in the table, not codes). */
static const ng_place_entry *place_of(const ctx *c, uint32_t i, uint32_t j, bool codes)
{
    unsigned char first = (unsigned char)c->text[c->t[i].bstart];
    if (first >= 'a' && first <= 'z') return NULL; /* names are capitalised: "us" is not the US */
    char k[MAX_LOOKUP_KEY];
    size_t n = key_into(c->text, c->t, i, j, k, sizeof k);
    if (n == SIZE_MAX) return NULL;
    const ng_place_entry *p = find_place(k, n);
    if (p && p->upper_only && (!codes || !is_upper_word(c->text, c->t, i, j) || has_period(c, i, j))) return NULL;
    return p;
}

static const ng_demonym_entry *demonym_of(const ctx *c, uint32_t i, uint32_t j)
{
    char k[MAX_LOOKUP_KEY];
    size_t n = key_into(c->text, c->t, i, j, k, sizeof k);
    return n == SIZE_MAX ? NULL : find_demonym(k, n);
}

static const ng_group_entry *group_of(const ctx *c, uint32_t i, uint32_t j)
{
    char k[MAX_LOOKUP_KEY];
    size_t n = key_into(c->text, c->t, i, j, k, sizeof k);
    return n == SIZE_MAX ? NULL : find_group(k, n);
}

/* What tokens [i, j) are as part of a role: EL_* bits, 0 if nothing. */
static unsigned element_kind(const ctx *c, uint32_t i, uint32_t j)
{
    char k[MAX_LOOKUP_KEY];
    size_t n = key_into(c->text, c->t, i, j, k, sizeof k);
    if (n == SIZE_MAX || !n) return 0;
    unsigned f = 0;
    const ng_title_entry *te = find_title(k, n);
    if (te) {
        if (strchr(te->kinds, 'T')) f |= EL_TITLE;
        if (strchr(te->kinds, 'M')) f |= EL_MODIFIER;
        if (strchr(te->kinds, 'H')) f |= EL_HONORIFIC;
    }
    if (place_of(c, i, j, false) || demonym_of(c, i, j)) f |= EL_PLACE;
    /* "of [the] <country>" continues a title: "President of the United States" */
    if (j - i >= 2 && token_is(c, i, "of")) {
        uint32_t cs = i + 1;
        if (j - cs >= 2 && (token_is_the(c, cs))) cs++;
        if (place_of(c, cs, j, false)) f |= EL_OF_PLACE;
    }
    return f;
}

/* True if a paragraph or line break separates tokens k-1 and k. */
static bool break_before(const ctx *c, uint32_t k)
{
    for (uint32_t b = c->t[k - 1].bend; b < c->t[k].bstart; b++)
        if (c->text[b] == '\n') return true;
    return false;
}

/* The longest role element ending at token p (exclusive), not before lo. */
static uint32_t element_before(const ctx *c, uint32_t p, uint32_t lo, unsigned *kind)
{
    for (uint32_t len = MAX_PHRASE_TOKENS; len >= 1; len--) {
        if (p < lo + len) continue;
        uint32_t s = p - len;
        bool broken = false;
        for (uint32_t k = s + 1; k < p && !broken; k++) broken = break_before(c, k);
        if (broken) continue;
        unsigned f = element_kind(c, s, p);
        if (f) { *kind = f; return len; }
    }
    return 0;
}

/* The longest role element starting at token p, ending by hi. */
static uint32_t element_after(const ctx *c, uint32_t p, uint32_t hi, unsigned *kind)
{
    for (uint32_t len = MAX_PHRASE_TOKENS; len >= 1; len--) {
        if (p + len > hi) continue;
        unsigned f = element_kind(c, p, p + len);
        if (f) { *kind = f; return len; }
    }
    return 0;
}

/* Where a role written before token p starts (p itself when there is none).
 * With need_title, the element next to the name must be a title (or "of
 * <country>" after one), so a bare "Ukrainian" or "former" before a name
 * is not a role. */
static uint32_t role_start(const ctx *c, uint32_t p, uint32_t lo, bool need_title)
{
    uint32_t start = p, result = p;
    bool titled = !need_title;
    if (p > 0 && p < c->nt && break_before(c, p)) return p;
    for (int n = 0; n < MAX_ROLE_ELEMENTS; n++) {
        unsigned f = 0;
        uint32_t len = element_before(c, start, lo, &f);
        if (!len || !(f & (EL_TITLE | EL_MODIFIER | EL_PLACE | EL_OF_PLACE))) break;
        if (!titled && !(f & (EL_TITLE | EL_OF_PLACE))) break;
        start -= len;
        if (f & EL_TITLE) titled = true;
        if (titled) result = start;
        if (start > 0 && break_before(c, start)) break;
    }
    return result;
}

/* ---- clean-up of the tagger's mentions ---------------------------------- */

static bool is_trim_token(const ng_token *t)
{
    return t->kind == NG_TOK_PUNCT || t->kind == NG_TOK_QUOTE || t->kind == NG_TOK_POSSESSIVE ||
           t->kind == NG_TOK_SYMBOL;
}

static bool acronym_at(const ctx *c, uint32_t k)
{
    return k < c->nt && (c->t[k].kind == NG_TOK_WORD || c->t[k].kind == NG_TOK_ABBREV) &&
           c->t[k].bend - c->t[k].bstart <= 12 && is_upper_word(c->text, c->t, k, k + 1);
}

/* A lowercase word that cannot be inside a name: not "of", "de", "al"...
 * ("iPhone" has a capital, so it is a name word). */
static bool is_description_word(const ctx *c, uint32_t k)
{
    static const char *const inner[] = {"of", "the", "and", "for", "on", "de", "du", "des", "la", "le", "del",
                                        "da", "do", "dos", "di", "van", "von", "der", "den", "al", "el", "bin",
                                        "ibn", "y", "e", "et", "und", "at", "in", "upon", "am"};
    const ng_token *t = &c->t[k];
    if (t->kind != NG_TOK_WORD) return false;
    for (uint32_t b = t->bstart; b < t->bend; b++) {
        unsigned char ch = (unsigned char)c->text[b];
        if ((ch >= 'A' && ch <= 'Z') || ch >= 0x80) return false; /* capitals or non-ASCII: unsure, keep */
    }
    return !ng_lex_has(c->text + t->bstart, t->bend - t->bstart, inner, NG_LEX_COUNT(inner));
}

static int cmp_mention(const void *pa, const void *pb)
{
    const ng_mention *x = pa, *y = pb;
    if (x->tok_start != y->tok_start) return x->tok_start < y->tok_start ? -1 : 1;
    if (x->tok_end != y->tok_end) return x->tok_end > y->tok_end ? -1 : 1;
    return 0;
}

static bool push_item(ctx *c, uint32_t s, uint32_t e, uint8_t ne)
{
    item it;
    memset(&it, 0, sizeof it);
    it.s = s;
    it.e = e;
    it.rs = it.re = s;
    it.ne = ne;
    it.ent = -1;
    return NG_VEC_PUSH(c->a, &c->items, it);
}

/* The end of a run of role elements starting at token p, before hi (p
 * itself if there is none): "Ukrainian President", "President of the
 * United States", "Mr.". Places and modifiers count only before a title;
 * after one, modifiers and "of <country>" extend it. *kind receives
 * EL_TITLE or EL_HONORIFIC: what ended the run. */
static uint32_t title_run_end(const ctx *c, uint32_t p, uint32_t hi, unsigned *kind)
{
    uint32_t end = p;
    bool titled = false;
    *kind = 0;
    for (int n = 0; n < MAX_ROLE_ELEMENTS && p < hi; n++) {
        unsigned f = 0;
        uint32_t len = element_after(c, p, hi, &f);
        if (!len) break;
        p += len;
        if (f & EL_TITLE) {
            titled = true;
            end = p;
            *kind = EL_TITLE;
        } else if (f & EL_HONORIFIC) {
            end = p;
            if (!titled) *kind = EL_HONORIFIC;
        } else if (titled && (f & (EL_MODIFIER | EL_OF_PLACE))) {
            end = p;
        } else if (titled || !(f & (EL_MODIFIER | EL_PLACE))) {
            break;
        }
    }
    return end;
}

/* Whether token k's key (lower case, no periods) is one of list[0..n). */
static bool token_key_in(const ctx *c, uint32_t k, const char *const *list, size_t n_list)
{
    char key[16];
    size_t n = key_into(c->text, c->t, k, k + 1, key, sizeof key);
    return n != SIZE_MAX && ng_lex_has(key, n, list, n_list);
}

/* Words that head an organisation's or a place's name, so that "King
 * Abdullah University" or "General Motors Corp" is not a titled person. */
static bool is_name_head_of_org(const ctx *c, uint32_t k)
{
    static const char *const heads[] = {
        "academy", "agency", "airport", "army", "association", "bank", "bureau", "center", "centre", "church",
        "city", "club", "college", "command", "commission", "committee", "company", "council", "county", "court",
        "department", "foundation", "fund", "group", "hospital", "institute", "league", "ministry", "museum",
        "office", "party", "police", "port", "prize", "school", "service", "society", "stadium", "street",
        "trust", "union", "university"};
    return token_key_in(c, k, heads, NG_LEX_COUNT(heads));
}

static bool is_company_suffix(const ctx *c, uint32_t k);
static bool is_capitalised_word(const ctx *c, uint32_t k);

/* Whether a non-person run is a titled person the tagger swallowed whole:
 * "US Secretary of State Antony Blinken" typed ORG. The run must open with a
 * role (places and modifiers, then a title: title_run_end) and go on with
 * two or three capitalised words and nothing that heads an organisation. */
static bool titled_person_run(const ctx *c, uint32_t s, uint32_t e)
{
    unsigned kind = 0;
    uint32_t te = title_run_end(c, s, e, &kind);
    if (te == s || !(kind & EL_TITLE) || e - te < 2 || e - te > 3) return false;
    for (uint32_t k = te; k < e; k++) {
        if (!is_upper_word(c->text, c->t, k, k + 1) && c->t[k].kind == NG_TOK_WORD) {
            unsigned char ch = (unsigned char)c->text[c->t[k].bstart];
            if (!(ch >= 'A' && ch <= 'Z')) return false;
        } else {
            return false; /* acronyms and punctuation: "US Army Corps", "(ACR)" */
        }
        if (is_name_head_of_org(c, k) || is_company_suffix(c, k) || element_kind(c, k, k + 1)) return false;
    }
    return true;
}

/* Trims a run, strips titles from people, splits "X (ACR)", and pushes the
 * result. `lo` is the end of the previous person mention: roles are not
 * read across it. */
static bool add_mention(ctx *c, uint32_t s, uint32_t e, uint8_t ne, uint32_t next_start, uint32_t *lo)
{
    while (s < e && is_trim_token(&c->t[s])) s++;
    while (e > s && is_trim_token(&c->t[e - 1])) e--;
    if (ne != NG_NE_PER && e - s > 1 && token_is_the(c, s)) s++;
    if (s >= e) return true;

    /* A run that swallowed a description keeps the name after its last
     * lowercase word and before trailing ones: "aircraft manufacturer
     * Boeing", "the online iTunes Store", "North Korean soldiers". Small
     * words inside names ("Bank of America") stay. */
    while (e - 1 > s && is_description_word(c, e - 1)) e--; /* "North Korean soldiers" */
    while (e > s && is_trim_token(&c->t[e - 1])) e--;
    for (uint32_t k = e - 1; k > s; k--)
        if (is_description_word(c, k - 1)) {
            s = k;
            while (s < e && is_trim_token(&c->t[s])) s++;
            break;
        }
    if (s >= e) return true;

    if (ne != NG_NE_PER && titled_person_run(c, s, e)) ne = NG_NE_PER;
    /* "Fed Chair Janet Yellen" tagged as one run: the organisation, then a
     * titled person ("Chair Janet Yellen") who keeps the title as role. */
    enum { MAX_TITLED_TAIL = 8 }; /* a title of up to five words and a name of up to three: linear in the run */
    for (uint32_t k = e - s > MAX_TITLED_TAIL ? e - MAX_TITLED_TAIL : s + 1; ne != NG_NE_PER && k + 2 < e; k++)
        if (!element_kind(c, k - 1, k) && titled_person_run(c, k, e)) {
            if (!add_mention(c, s, k, ne, k, lo)) return false;
            s = k;
            ne = NG_NE_PER;
        }
    /* "Liggett Group and Brown and Williamson": a company name ends at its
     * suffix, so "and" after one joins two organisations, not one name. */
    for (uint32_t k = s + 2; ne == NG_NE_ORG && k + 1 < e; k++)
        if (token_is(c, k, "and") && is_company_suffix(c, k - 1) && is_capitalised_word(c, k + 1)) {
            if (!add_mention(c, s, k, ne, k + 1, lo)) return false;
            s = k + 1;
            k = s + 1;
        }
    /* "Native Americans" typed PER: a people, named by its demonym. */
    if (ne == NG_NE_PER && e - s >= 2 && demonym_of(c, e - 1, e)) ne = NG_NE_MISC;
    /* "Lorillard Tobacco", "Acme Corp" typed PER: a company word ends it. */
    if (ne == NG_NE_PER && e - s >= 2 && (is_company_suffix(c, e - 1) || is_name_head_of_org(c, e - 1)))
        ne = NG_NE_ORG;

    uint32_t paren_acr = 0; /* token of an acronym in "X (ACR)", if any */
    if (ne == NG_NE_PER) /* "John McCain (R-AZ)" */
        for (uint32_t k = s + 1; k < e; k++)
            if (token_is(c, k, "(")) {
                e = k;
                break;
            }
    if (ne != NG_NE_PER) {
        for (uint32_t k = s + 1; k < e; k++)
            if (token_is(c, k, "(")) {
                if (acronym_at(c, k + 1) && (k + 2 >= e || token_is(c, k + 2, ")"))) paren_acr = k + 1;
                e = k;
                break;
            }
        while (e > s && is_trim_token(&c->t[e - 1])) e--;
        if (!paren_acr && token_is(c, e, "(") && acronym_at(c, e + 1) && token_is(c, e + 2, ")") &&
            next_start != e + 1)
            paren_acr = e + 1;
    }

    uint32_t rs = s, re = s;
    if (ne == NG_NE_PER) {
        /* Leading titles the tagger included: "President Trump". */
        unsigned strip_kind = 0;
        uint32_t strip_end = title_run_end(c, s, e, &strip_kind);
        if (strip_end >= e) { *lo = e; return true; } /* only a title: no name to resolve */
        if (strip_end > s) {
            if (strip_kind & EL_TITLE) {
                rs = role_start(c, s, *lo, false);
                re = strip_end;
            }
            s = strip_end;
        } else {
            rs = role_start(c, s, *lo, true);
            re = s;
        }
        if (rs == re) { /* in apposition: "Antony Blinken, the US Secretary of State, said" */
            uint32_t k = e + 1;
            if (token_is(c, e, ",") && token_is_the(c, k)) k++;
            unsigned kind = 0;
            uint32_t end = token_is(c, e, ",") ? title_run_end(c, k, (uint32_t)c->nt, &kind) : k;
            if (end > k && kind == EL_TITLE && end > 0 &&
                (end >= c->nt || token_is(c, end, ",") || token_is(c, end, ".") || token_is(c, end, ";"))) {
                rs = k;
                re = end;
            }
        }
        if (rs == re) rs = re = s;
        *lo = e;
    }
    if (!push_item(c, s, e, ne)) return false;
    c->items.items[c->items.len - 1].rs = rs;
    c->items.items[c->items.len - 1].re = re;
    if (paren_acr && !push_item(c, paren_acr, paren_acr + 1, ne)) return false;
    return true;
}

static bool is_company_suffix(const ctx *c, uint32_t k)
{
    /* Legal forms, and industry words that end a company's name ("Lorillard
     * Tobacco", "Exxon Mobil Oil") and are dropped from its short key. */
    static const char *const suffixes[] = {"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc",
                                           "group", "spa", "ag", "sa", "nv", "gmbh", "holdings", "limited",
                                           "airlines", "motors", "oil", "pharmaceuticals", "tobacco", "industries"};
    return token_key_in(c, k, suffixes, NG_LEX_COUNT(suffixes));
}

/* ---- keys of an item ----------------------------------------------------- */

static bool item_keys(ctx *c, item *it)
{
    ng_arena *a = c->a;
    it->key = arena_key(c, it->s, it->e);
    if (!it->key.ptr) return false;
    it->acronym = it->e - it->s == 1 && acronym_at(c, it->s);
    if (it->ne == NG_NE_PER) {
        it->type = NG_ENTITY_PER;
        uint32_t sur = it->e - 1;
        if (it->e - it->s >= 3) {
            static const char *const generation[] = {"jr", "sr", "ii", "iii"};
            char k[8];
            size_t n = key_into(c->text, c->t, sur, sur + 1, k, sizeof k);
            if (n != SIZE_MAX && ng_lex_has(k, n, generation, NG_LEX_COUNT(generation))) {
                sur--;
                if (sur > it->s && is_trim_token(&c->t[sur])) sur--;
            }
        }
        it->first = arena_key(c, it->s, it->s + 1);
        it->last = arena_key(c, it->e - 1, it->e);
        it->surname = arena_key(c, sur, sur + 1);
        if (!it->first.ptr || !it->last.ptr || !it->surname.ptr) return false;
        if (it->e - it->s >= 2) {
            char *p = ng_alloc(a, it->first.len + it->last.len + 2);
            if (!p) return false;
            memcpy(p, it->first.ptr, it->first.len);
            p[it->first.len] = ' ';
            memcpy(p + it->first.len + 1, it->last.ptr, it->last.len);
            p[it->first.len + 1 + it->last.len] = '\0';
            it->first_last = (ng_str){p, it->first.len + 1 + it->last.len};
        }
        return true;
    }

    it->type = it->ne == NG_NE_ORG ? NG_ENTITY_ORG : it->ne == NG_NE_LOC ? NG_ENTITY_LOC : NG_ENTITY_MISC;
    const ng_demonym_entry *d = NULL;
    const ng_group_entry *g = NULL;
    const ng_place_entry *pl = NULL;
    if (it->ne == NG_NE_MISC || it->ne == NG_NE_LOC) {
        d = demonym_of(c, it->s, it->e);
        if (!d) g = group_of(c, it->s, it->e);
    }
    if (!d && !g) pl = place_of(c, it->s, it->e, it->ne == NG_NE_LOC);
    if (d || g) {
        it->type = NG_ENTITY_NORP;
        it->special = KEY_NORP;
        if (d) memcpy(it->cc, d->code, 3);
        it->canonical = d ? d->adjective : g->name;
        it->key = tagged_key(a, '\x01', d ? d->code : g->name, (ng_str){NULL, 0});
        return it->key.ptr != NULL;
    }
    if (pl) {
        it->type = NG_ENTITY_LOC;
        it->special = KEY_COUNTRY;
        memcpy(it->cc, pl->code, 3);
        it->key = tagged_key(a, '\x02', pl->code, (ng_str){NULL, 0});
        return it->key.ptr != NULL;
    }
    /* "Bank of America Corp." is also keyed as "bank of america". */
    if (it->ne == NG_NE_ORG && it->e - it->s >= 2 && is_company_suffix(c, it->e - 1)) {
        uint32_t be = it->e - 1;
        while (be > it->s + 1 && is_trim_token(&c->t[be - 1])) be--;
        if (!(it->base = arena_key(c, it->s, be)).ptr) return false;
    }
    /* "Ukrainian Security Service" and "Security Service of Ukraine" share
     * the alternative key "UA security service". */
    if ((it->ne == NG_NE_ORG || it->ne == NG_NE_MISC) && it->e - it->s >= 2) {
        for (uint32_t len = 3; len >= 1; len--) {
            if (it->s + len >= it->e) continue;
            const ng_demonym_entry *pd = demonym_of(c, it->s, it->s + len);
            const ng_place_entry *pp = pd ? NULL : place_of(c, it->s, it->s + len, false);
            if (pd || pp) {
                ng_str rest = arena_key(c, it->s + len, it->e);
                it->alt = tagged_key(a, '\x03', pd ? pd->code : pp->code, rest);
                return rest.ptr && it->alt.ptr;
            }
        }
        for (uint32_t k = it->s + 1; k + 1 < it->e; k++) {
            if (!token_is(c, k, "of")) continue;
            uint32_t cs = k + 1;
            if (token_is_the(c, cs) && cs + 1 < it->e) cs++;
            const ng_place_entry *pp = place_of(c, cs, it->e, false);
            if (pp) {
                ng_str rest = arena_key(c, it->s, k);
                it->alt = tagged_key(a, '\x03', pp->code, rest);
                return rest.ptr && it->alt.ptr;
            }
        }
    }
    return true;
}

/* "ACR" for a name of two or more capitalised words; small words that are
 * not capitalised ("of", "the", "and") are skipped, as in acronyms. */
static ng_str initials_of(ctx *c, const item *it)
{
    char buf[16];
    size_t n = 0;
    for (uint32_t k = it->s; k < it->e; k++) {
        unsigned char ch = (unsigned char)c->text[c->t[k].bstart];
        if (c->t[k].kind != NG_TOK_WORD) continue;
        if (ch >= 'A' && ch <= 'Z') {
            if (n + 1 >= sizeof buf) return (ng_str){NULL, 0};
            buf[n++] = (char)(ch + 32);
        } else if (ch < 'a' || ch > 'z') {
            return (ng_str){NULL, 0};
        }
    }
    if (n < 2) return (ng_str){NULL, 0};
    return ng_strndup(c->a, buf, n);
}

/* ---- grouping ------------------------------------------------------------ */

static int32_t find_root(ctx *c, int32_t e)
{
    int32_t r = e;
    while (c->ents.items[r].parent != r) r = c->ents.items[r].parent;
    while (c->ents.items[e].parent != r) {
        int32_t next = c->ents.items[e].parent;
        c->ents.items[e].parent = r;
        e = next;
    }
    return r;
}

static void unite(ctx *c, int32_t x, int32_t y)
{
    x = find_root(c, x);
    y = find_root(c, y);
    if (x == y) return;
    if (y < x) { int32_t t = x; x = y; y = t; }
    c->ents.items[y].parent = x; /* the earlier entity stays the root */
}

static int32_t new_entity(ctx *c)
{
    ent e;
    memset(&e, 0, sizeof e);
    e.parent = (int32_t)c->ents.len;
    e.best = -1;
    if (!NG_VEC_PUSH(c->a, &c->ents, e)) return -1;
    return e.parent;
}

static uint32_t item_bytes(const ctx *c, const item *it) { return c->t[it->e - 1].bend - c->t[it->s].bstart; }

/* True if item x is a fuller form than item y: more words, then more bytes. */
static bool fuller(const ctx *c, const item *x, const item *y)
{
    if (x->e - x->s != y->e - y->s) return x->e - x->s > y->e - y->s;
    return item_bytes(c, x) > item_bytes(c, y);
}

/* Names whose surname has several words ("Linda Black Elk", "LaDonna Brave
 * Bull Allard") are shortened to their last words ("Black Elk"), not to
 * the last word alone: the last two and three words of a name of three or
 * more words lead to its person. Returns false when out of memory. */
static bool map_tails(ctx *c, const item *b, int32_t e)
{
    for (uint32_t len = 2; len <= 3; len++) {
        if (b->e - b->s <= len) break;
        ng_str k = arena_key(c, b->e - len, b->e);
        if (!k.ptr) return false;
        map_set(&c->tail, k, e, true);
    }
    return true;
}

static void attach_person(ctx *c, int32_t e, int32_t i)
{
    ent *en = &c->ents.items[e];
    item *it = &c->items.items[i];
    it->ent = e;
    if (en->best < 0 || fuller(c, it, &c->items.items[en->best])) en->best = i;
    const item *b = &c->items.items[en->best];
    en->multi = b->e - b->s >= 2;
    map_set(&c->full, it->key, e, false);
    if (it->first_last.len) map_set(&c->first_last, it->first_last, e, false);
    if (en->multi) { /* the most recently mentioned person owns the short forms */
        map_set(&c->surname, b->surname, e, true);
        map_set(&c->firstname, b->first, e, true);
    }
    if (!map_tails(c, b, e)) c->tail.failed = true;
}

static bool resolve_person(ctx *c, int32_t i)
{
    const item *it = &c->items.items[i];
    int32_t e = -1;
    if (it->e - it->s >= 2) {
        e = map_get(&c->full, it->key);
        if (e < 0) e = map_get(&c->first_last, it->first_last);
        if (e < 0) {
            int32_t k = map_get(&c->full, it->surname);
            if (k >= 0 && !c->ents.items[k].multi) e = k;
        }
        if (e < 0) {
            int32_t k = map_get(&c->full, it->first);
            if (k >= 0 && !c->ents.items[k].multi) e = k;
        }
        if (e < 0) e = map_get(&c->tail, it->key); /* "Black Elk" after "Linda Black Elk" */
        for (uint32_t len = 2; e < 0 && len <= 3 && it->e - it->s > len; len++) { /* and before it */
            ng_str k = arena_key(c, it->e - len, it->e);
            if (!k.ptr) return false;
            e = map_get(&c->full, k);
        }
    } else {
        e = map_get(&c->surname, it->key);
        if (e < 0) e = map_get(&c->firstname, it->key);
        if (e < 0) e = map_get(&c->full, it->key);
    }
    if (e < 0 && (e = new_entity(c)) < 0) return false;
    attach_person(c, e, i);
    return true;
}

static bool resolve_other(ctx *c, int32_t i)
{
    item *it = &c->items.items[i];
    bool org = it->ne == NG_NE_ORG && !it->special;
    bool one_word = it->e - it->s == 1;
    ng_str first = {NULL, 0};
    if (org && !one_word && !(first = arena_key(c, it->s, it->s + 1)).ptr) return false;
    int32_t e = map_get(&c->other, it->key);
    if (e < 0 && it->alt.len) e = map_get(&c->other, it->alt);
    if (e < 0 && it->base.len) e = map_get(&c->other, it->base);
    if (e < 0 && it->acronym && !it->special) e = map_get(&c->initials, it->key);
    /* An organisation's first word names it, as a surname does a person:
     * "Apple" ~ "Apple Inc.", "Ford" ~ "Ford Motor Company", either order. */
    if (e < 0 && org && one_word) e = map_get(&c->org_first, it->key);
    if (e < 0 && org && !one_word) {
        int32_t k = map_get(&c->other, first);
        if (k >= 0 && c->ents.items[find_root(c, k)].short_org) e = k;
    }
    if (e < 0) {
        if ((e = new_entity(c)) < 0) return false;
        c->ents.items[e].acronym = it->acronym && !it->special;
        c->ents.items[e].short_org = org && one_word && !it->acronym;
    }
    it->ent = e;
    map_set(&c->other, it->key, e, false);
    if (it->alt.len) map_set(&c->other, it->alt, e, false);
    if (it->base.len) map_set(&c->other, it->base, e, false);
    if (org && !one_word) {
        c->ents.items[find_root(c, e)].short_org = false;
        map_set(&c->org_first, first, e, true);
    }
    if (!it->special && !one_word) {
        ng_str ini = initials_of(c, it);
        if (ini.len) {
            map_set(&c->initials, ini, e, false);
            int32_t k = map_get(&c->other, ini); /* the acronym came first */
            if (k >= 0 && k != e && c->ents.items[find_root(c, k)].acronym) unite(c, e, k);
        }
    }
    return true;
}

/* "the Ukrainian Security Service, the SBU," and "X (ACR)" / "ACR (X)":
 * an acronym in apposition to, or in parentheses after, a longer name. */
static void link_appositions(ctx *c)
{
    for (size_t i = 0; i + 1 < c->items.len; i++) {
        const item *x = &c->items.items[i], *y = &c->items.items[i + 1];
        if (x->ne == NG_NE_PER || y->ne == NG_NE_PER || x->special || y->special) continue;
        if (!((x->acronym && y->e - y->s >= 2) || (y->acronym && x->e - x->s >= 2))) continue;
        uint32_t k = x->e;
        if (token_is(c, k, "(")) {
            if (y->s == k + 1 && token_is(c, y->e, ")")) unite(c, x->ent, y->ent);
            continue;
        }
        if (!token_is(c, k, ",")) continue;
        k++;
        if (!token_is_the(c, k)) continue; /* a bare comma is more often a list */
        k++;
        if (y->s != k || !token_is(c, y->e, ",")) continue;
        /* Not a list: "the EC, the IMF, and the World Bank". */
        uint32_t after = y->e + 1;
        if (token_is(c, after, "and") || token_is(c, after, "or")) continue;
        if (token_is_the(c, after)) after++;
        if (i + 2 < c->items.len && c->items.items[i + 2].s == after) continue;
        unite(c, x->ent, y->ent);
    }
}

static bool resolve_authors(ctx *c, const ng_record *rec)
{
    for (size_t i = 0; i < rec->authors.count; i++) {
        ng_str name = rec->authors.items[i];
        if (!name.len) continue;
        ng_token *t;
        size_t nt = ng_tokenize_text(c->a, name.ptr, name.len, &t);
        uint32_t s = 0, e = (uint32_t)nt;
        while (s < e && is_trim_token(&t[s])) s++;
        while (e > s && is_trim_token(&t[e - 1])) e--;
        if (s >= e) continue;
        ctx sub = *c;
        sub.text = name.ptr;
        sub.t = t;
        sub.nt = nt;
        ng_str key = arena_key(&sub, s, e);
        ng_str first = arena_key(&sub, s, s + 1), last = arena_key(&sub, e - 1, e);
        if (!key.ptr || !first.ptr || !last.ptr) return false;
        int32_t en = map_get(&c->full, key);
        if (en < 0 && e - s >= 2) {
            ng_str fl = ng_sprintf(c->a, "%s %s", first.ptr, last.ptr);
            if (!fl.ptr) return false;
            en = map_get(&c->first_last, fl);
        }
        if (en < 0) {
            if ((en = new_entity(c)) < 0) return false;
            c->ents.items[en].byline_name =
                (ng_str){name.ptr + t[s].bstart, t[e - 1].bend - t[s].bstart};
            map_set(&c->full, key, en, false);
        }
        c->ents.items[find_root(c, en)].byline = true;
    }
    return true;
}

/* ---- the record's entities ----------------------------------------------- */

/* The words of an item, copied into `a` (the record's arena): record
 * strings are NUL-terminated. */
static ng_str item_text(const ctx *c, const item *it, ng_arena *a)
{
    return ng_strndup(a, c->text + c->t[it->s].bstart, item_bytes(c, it));
}

static bool same_str(ng_str x, ng_str y) { return x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0; }

/* The record's entities, in `a` (c->a holds only the working memory). */
static bool build_entities(ctx *c, ng_record *rec, ng_arena *a)
{
    size_t ne = c->ents.len, ni = c->items.len;
    int32_t *out_of = ng_alloc(c->a, (ne + 1) * sizeof *out_of);
    size_t *count = ng_calloc(c->a, ne + 1, sizeof *count);
    if (!out_of || !count) return false;
    for (size_t k = 0; k < ne; k++) out_of[k] = -1;
    size_t n_out = 0;
    for (size_t i = 0; i < ni; i++) {
        int32_t r = find_root(c, c->items.items[i].ent);
        if (out_of[r] < 0) out_of[r] = (int32_t)n_out++;
        count[out_of[r]]++;
    }
    for (size_t k = 0; k < ne; k++) /* byline-only people come last */
        if (find_root(c, (int32_t)k) == (int32_t)k && out_of[k] < 0 && c->ents.items[k].byline)
            out_of[k] = (int32_t)n_out++;

    ng_entity *out = ng_calloc(a, n_out ? n_out : 1, sizeof *out);
    int32_t *best = ng_alloc(c->a, (n_out + 1) * sizeof *best);
    int32_t *role = ng_alloc(c->a, (n_out + 1) * sizeof *role);
    uint32_t (*votes)[5] = ng_calloc(c->a, n_out + 1, sizeof *votes);
    if (!out || !best || !role || !votes) return false;
    for (size_t k = 0; k < n_out; k++) {
        best[k] = role[k] = -1;
        out[k].id = (uint32_t)k + 1;
        if (count[k]) {
            out[k].mentions = ng_alloc(a, count[k] * sizeof *out[k].mentions);
            out[k].aliases.items = ng_alloc(a, MAX_ALIASES * sizeof(ng_str));
            if (!out[k].mentions || !out[k].aliases.items) return false;
            out[k].sources = NG_ENTITY_FROM_TEXT;
        }
    }
    for (size_t i = 0; i < ni; i++) {
        const item *it = &c->items.items[i];
        size_t k = (size_t)out_of[find_root(c, it->ent)];
        ng_entity *o = &out[k];
        ng_entity_mention mention = {c->t[it->s].start, c->t[it->e - 1].end, item_text(c, it, a)};
        if (!mention.text.ptr) return false;
        o->mentions[o->n_mentions++] = mention;
        votes[k][it->type]++;
        if (best[k] < 0 || (fuller(c, it, &c->items.items[best[k]]) && !(c->items.items[best[k]].canonical && !it->canonical)))
            best[k] = (int32_t)i;
        if (it->re > it->rs && (role[k] < 0 || it->re - it->rs > c->items.items[role[k]].re - c->items.items[role[k]].rs))
            role[k] = (int32_t)i;
        if (!o->country[0] && it->cc[0]) memcpy(o->country, it->cc, 3);
    }
    for (size_t r = 0; r < ne; r++) {
        if (find_root(c, (int32_t)r) != (int32_t)r || out_of[r] < 0) continue;
        size_t k = (size_t)out_of[r];
        ng_entity *o = &out[k];
        if (c->ents.items[r].byline) o->sources |= NG_ENTITY_FROM_BYLINE;
        if (!count[k]) {
            o->type = NG_ENTITY_PER;
            o->name = ng_strndup(a, c->ents.items[r].byline_name.ptr, c->ents.items[r].byline_name.len);
            if (!o->name.ptr) return false;
            continue;
        }
        const item *b = &c->items.items[best[k]];
        o->name = b->canonical ? ng_strdup(a, b->canonical) : item_text(c, b, a);
        if (!o->name.ptr) return false;
        /* Type: NORP and countries by lexicon, else the majority of the
         * tagger's votes (ties: PER, ORG, LOC, MISC, the enum's order). */
        if (votes[k][NG_ENTITY_NORP]) o->type = NG_ENTITY_NORP;
        else {
            int bt = 0;
            for (int ty = 1; ty < 5; ty++) if (votes[k][ty] > votes[k][bt]) bt = ty;
            o->type = (ng_entity_type)bt;
        }
        if (role[k] >= 0) {
            const item *ri = &c->items.items[role[k]];
            o->role = ng_strndup(a, c->text + c->t[ri->rs].bstart, c->t[ri->re - 1].bend - c->t[ri->rs].bstart);
            if (!o->role.ptr) return false;
        }
        for (size_t m = 0; m < o->n_mentions && o->aliases.count < MAX_ALIASES; m++) {
            ng_str s = o->mentions[m].text;
            if (same_str(s, o->name)) continue;
            bool seen = false;
            for (size_t q = 0; q < o->aliases.count && !seen; q++) seen = same_str(o->aliases.items[q], s);
            if (!seen) o->aliases.items[o->aliases.count++] = s;
        }
    }
    rec->entities = out;
    rec->n_entities = n_out;
    return true;
}

/* Whether token k is a capitalised word ("Security", not "the" or "US."). */
static bool is_capitalised_word(const ctx *c, uint32_t k)
{
    if (k >= c->nt || c->t[k].kind != NG_TOK_WORD) return false;
    unsigned char ch = (unsigned char)c->text[c->t[k].bstart];
    return ch >= 'A' && ch <= 'Z' && !token_is_the(c, k);
}

/* Taggers often cut an organisation's name short on the left: "The
 * Ukrainian Security Service" comes back as MISC "Ukrainian", nothing for
 * "Security" and ORG "Service". An ORG run takes back, within its line,
 * the capitalised words directly before it, and a demonym run that ends
 * where they begin, so that the resolver sees the whole name. At most
 * three words; never the first word of a sentence alone. */
static void extend_orgs_left(const ctx *c, ng_mention *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (m[i].type != NG_NE_ORG) continue;
        uint32_t s = m[i].tok_start, lo = i ? m[i - 1].tok_end : 0;
        while (s > lo && m[i].tok_start - s < 3 && !break_before(c, s) && is_capitalised_word(c, s - 1) &&
               !demonym_of(c, s - 1, s) && !(s - 1 == 0 || token_is(c, s - 2, ".")))
            s--;
        if (i && m[i - 1].tok_end == s && m[i - 1].type == NG_NE_MISC && demonym_of(c, m[i - 1].tok_start, s)) {
            s = m[i - 1].tok_start;
            m[i - 1].tok_end = m[i - 1].tok_start; /* absorbed: dropped as empty below */
        }
        m[i].tok_start = s;
    }
}

/* An organisation named "<demonym> <head>" ("Ukrainian Security Service")
 * is also written "<head> of <country>" ("Security Service of Ukraine"),
 * which a tagger often misses: the head is capitalised common words. Such
 * re-mentions of an organisation already found become ORG runs. At most
 * MAX_PLACE_NAMED organisations are looked for, in one pass over the tokens. */
enum { MAX_PLACE_NAMED = 8, MAX_HEAD_WORDS = 4 };

typedef struct place_named { uint32_t hs, he; char code[3]; } place_named;

static bool same_words(const ctx *c, uint32_t a, uint32_t b, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        char x[MAX_LOOKUP_KEY], y[MAX_LOOKUP_KEY];
        size_t nx = key_into(c->text, c->t, a + k, a + k + 1, x, sizeof x);
        size_t ny = key_into(c->text, c->t, b + k, b + k + 1, y, sizeof y);
        if (nx == SIZE_MAX || nx != ny || memcmp(x, y, nx) || !is_capitalised_word(c, a + k)) return false;
    }
    return true;
}

static bool add_place_named_orgs(const ctx *c, ng_arena *a, ng_mention **m, size_t *n)
{
    place_named pn[MAX_PLACE_NAMED];
    size_t npn = 0;
    for (size_t i = 0; i < *n && npn < MAX_PLACE_NAMED; i++) {
        const ng_mention *x = &(*m)[i];
        if (x->type != NG_NE_ORG) continue;
        for (uint32_t len = 1; len <= 2; len++) {
            if (x->tok_start + len >= x->tok_end || x->tok_end - x->tok_start - len > MAX_HEAD_WORDS) continue;
            const ng_demonym_entry *d = demonym_of(c, x->tok_start, x->tok_start + len);
            if (!d || !d->code[0]) continue;
            pn[npn] = (place_named){x->tok_start + len, x->tok_end, {0}};
            memcpy(pn[npn++].code, d->code, 3);
            break;
        }
    }
    if (!npn) return true;
    NG_VEC(ng_mention) found = {0};
    for (uint32_t j = 1; j + 1 < c->nt; j++) {
        if (!token_is(c, j, "of")) continue;
        for (uint32_t len = 1; len <= 3 && j + 1 + len <= c->nt; len++) {
            const ng_place_entry *pl = place_of(c, j + 1, j + 1 + len, false);
            if (!pl) continue;
            for (size_t q = 0; q < npn; q++) {
                uint32_t h = pn[q].he - pn[q].hs;
                if (strcmp(pl->code, pn[q].code) || j < h || !same_words(c, j - h, pn[q].hs, h)) continue;
                if (!NG_VEC_PUSH(a, &found, ((ng_mention){j - h, j + 1 + len, NG_NE_ORG}))) return false;
                break;
            }
            break;
        }
    }
    if (!found.len) return true;
    ng_mention *all = ng_alloc(a, (*n + found.len) * sizeof *all);
    if (!all) return false;
    memcpy(all, *m, *n * sizeof *all);
    memcpy(all + *n, found.items, found.len * sizeof *all);
    *n += found.len;
    *m = all;
    qsort(all, *n, sizeof *all, cmp_mention);
    return true;
}

/* A person with a long name typed ORG or MISC ("LaDonna Brave Bull
 * Allard") is a person when the article also calls them by the last word
 * alone as a person ("Allard said"). The run must be two to five
 * capitalised words with nothing that heads an organisation's name. */
static bool retype_named_people(ctx *c)
{
    strmap single;
    if (!map_init(c->a, &single)) return false;
    for (size_t i = 0; i < c->items.len; i++) {
        const item *it = &c->items.items[i];
        if (it->ne != NG_NE_PER || it->e - it->s != 1) continue;
        ng_str k = arena_key(c, it->s, it->e);
        if (!k.ptr) return false;
        map_set(&single, k, 1, false);
    }
    for (size_t i = 0; i < c->items.len; i++) {
        item *it = &c->items.items[i];
        if ((it->ne != NG_NE_ORG && it->ne != NG_NE_MISC) || it->e - it->s < 2 || it->e - it->s > 5) continue;
        bool name = true;
        for (uint32_t k = it->s; k < it->e && name; k++)
            name = is_capitalised_word(c, k) && !is_upper_word(c->text, c->t, k, k + 1) && !is_name_head_of_org(c, k) &&
                   !is_company_suffix(c, k) && !element_kind(c, k, k + 1) && !demonym_of(c, k, k + 1);
        if (!name) continue;
        ng_str last = arena_key(c, it->e - 1, it->e);
        if (!last.ptr) return false;
        if (map_get(&single, last) >= 0) it->ne = NG_NE_PER;
    }
    return !single.failed;
}

/* The stage, with its working memory in `scratch` and the entities in `a`. */
static const char *resolve(ng_arena *a, ng_arena *scratch, ng_record *rec, const ng_mention *m, size_t n)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.a = scratch;
    c.text = rec->text.ptr ? rec->text.ptr : "";
    c.t = rec->tokens;
    c.nt = rec->n_tokens;

    /* Valid runs, in text order, without overlaps. */
    ng_mention *sorted = ng_alloc(scratch, (n ? n : 1) * sizeof *sorted);
    if (!sorted) return "out of memory";
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].tok_start < m[i].tok_end && m[i].tok_end <= c.nt && m[i].type >= NG_NE_PER &&
            m[i].type <= NG_NE_MISC)
            sorted[k++] = m[i];
    qsort(sorted, k, sizeof *sorted, cmp_mention);
    extend_orgs_left(&c, sorted, k);
    if (!add_place_named_orgs(&c, scratch, &sorted, &k)) return "out of memory";
    size_t kept = 0;
    uint32_t end = 0;
    for (size_t i = 0; i < k; i++)
        if (sorted[i].tok_start < sorted[i].tok_end && sorted[i].tok_start >= end) {
            sorted[kept++] = sorted[i];
            end = sorted[i].tok_end;
        }
    /* One item per run, and rarely a second ("X (ACR)"): reserved at once,
     * as doubling would leave the smaller copies behind in the arena. */
    if (!ng_vec_reserve(scratch, (void **)&c.items.items, &c.items.cap, kept + 16, sizeof *c.items.items))
        return "out of memory";
    uint32_t person_end = 0;
    for (size_t i = 0; i < kept; i++) {
        uint32_t next = i + 1 < kept ? sorted[i + 1].tok_start : UINT32_MAX;
        if (!add_mention(&c, sorted[i].tok_start, sorted[i].tok_end, sorted[i].type, next, &person_end))
            return "out of memory";
    }

    if (!retype_named_people(&c)) return "out of memory";

    strmap *maps[] = {&c.full, &c.first_last, &c.surname, &c.firstname, &c.other, &c.initials, &c.org_first, &c.tail};
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
        if (!map_init(scratch, maps[i])) return "out of memory";
    for (size_t i = 0; i < c.items.len; i++) {
        if (!item_keys(&c, &c.items.items[i])) return "out of memory";
        bool ok = c.items.items[i].ne == NG_NE_PER ? resolve_person(&c, (int32_t)i) : resolve_other(&c, (int32_t)i);
        if (!ok) return "out of memory";
    }
    link_appositions(&c);
    if (!resolve_authors(&c, rec)) return "out of memory";
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
        if (maps[i]->failed) return "out of memory";
    return build_entities(&c, rec, a) ? NULL : "out of memory";
}

const char *ng_entities_resolve(ng_arena *a, ng_record *rec, const ng_mention *m, size_t n)
{
    rec->entities = NULL;
    rec->n_entities = 0;
    /* Items, keys and maps are dropped at the end: only the entities stay
     * in the article's arena. */
    ng_arena scratch;
    ng_arena_init_scratch(&scratch, a);
    const char *err = resolve(a, &scratch, rec, m, n);
    ng_arena_free(&scratch);
    if (err) {
        rec->entities = NULL;
        rec->n_entities = 0;
    }
    return err;
}

/* ---- JSON ------------------------------------------------------------------ */

const char *ng_entity_type_name(ng_entity_type type)
{
    switch (type) {
    case NG_ENTITY_PER: return "PER";
    case NG_ENTITY_ORG: return "ORG";
    case NG_ENTITY_LOC: return "LOC";
    case NG_ENTITY_NORP: return "NORP";
    default: return "MISC";
    }
}

void ng_entities_json(ng_buf *b, const ng_record *r)
{
    ng_buf_puts(b, ",\"entities\":[");
    for (size_t i = 0; i < r->n_entities; i++) {
        const ng_entity *e = &r->entities[i];
        ng_buf_printf(b, "%s{\"id\":%u,\"type\":\"%s\",\"name\":", i ? "," : "", e->id, ng_entity_type_name(e->type));
        ng_json_string(b, e->name.ptr ? e->name.ptr : "", e->name.len);
        ng_json_strlist(b, "aliases", e->aliases);
        ng_json_str_or_null(b, "role", e->role);
        if (e->country[0]) ng_buf_printf(b, ",\"country\":\"%s\"", e->country);
        else ng_buf_puts(b, ",\"country\":null");
        ng_buf_puts(b, ",\"sources\":[");
        bool comma = false;
        if (e->sources & NG_ENTITY_FROM_TEXT) { ng_buf_puts(b, "\"text\""); comma = true; }
        if (e->sources & NG_ENTITY_FROM_BYLINE) ng_buf_puts(b, comma ? ",\"byline\"" : "\"byline\"");
        ng_buf_putc(b, ']');
        ng_json_mentions(b, "mentions", e->mentions, e->n_mentions);
        ng_buf_putc(b, '}');
    }
    ng_buf_putc(b, ']');
}

static const char *resolve_entities(ng_stage_ctx *stage)
{
    return ng_entities_resolve(stage->arena, stage->rec, stage->mentions, stage->n_mentions);
}

const ng_stage ng_stage_entities = {"entities", resolve_entities, ng_entities_json};
