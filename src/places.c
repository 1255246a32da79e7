/*
 * places.c: places on the map. Finds toponyms in a record's text and
 * resolves each to one gazetteer entry (a GeoNames country, first-level
 * region or city, or a US county: "Laurel County", read by its full name
 * only, or a name of a list ending in "counties").
 *
 * Recognition. Every capitalised word starts a phrase that grows while
 * the gazetteer has a key with that prefix (so "New York City" is one
 * match, not three); the longest phrase with an entry wins. The tagger's
 * LOC runs, when the pipeline passes them, are candidates too; its PER runs
 * veto every gazetteer match inside them, and its ORG and MISC runs all but
 * the place an organisation is named after ("Chicago Police Department",
 * "University of Kentucky"). With the tagger, every reading needs evidence:
 * the tagger's LOC (not on a city's alternate name), a container on either
 * side, a preposition of place ("in Tell"), a list with such a place, a
 * local noun after it ("Crafton man") or a major place by its own name;
 * words typed ORG are a place only through another mention with evidence,
 * or as a country or region ("US diplomats"). Without a tagger the
 * vetoes are local rules: a match glued to another capitalised word
 * ("Boston Globe", "Tim Lister") or after a title ("President Lincoln")
 * is part of a name, and a one-word match that also occurs in lower case
 * in the same article ("reading", "mobile"), or is on the stop list of
 * common words and first names, is not a place.
 *
 * Patterns narrow the candidate set: "Kursk region" and "region of
 * Kursk" want a first-level region; "the town of Belaya" a city;
 * "Kyiv, Ukraine" a place inside the named country or region.
 *
 * Disambiguation scores each candidate entry: population (log scale),
 * feature (countries, capitals and seats first), whether the name is the
 * main one or an alternate, and the article's context. Context is a first
 * pass: the countries and regions of unambiguous and top-ranked mentions,
 * demonyms and the dateline, weighted by how often they occur. A city in
 * a country or region of the context wins over a bigger one elsewhere. The
 * same words resolve the same way throughout one article. A region named
 * like its country's capital ("Washington") is the capital unless asked
 * for or in context. Small towns (under SMALL_TOWN people, not seats) are
 * candidates only with evidence, a container or region context: without
 * it a namesake village is a worse guess than no place.
 *
 * Last, with the tagger, the places and the record's entities are made to
 * agree (place_entities.c): a place kept on words typed PER or ORG retypes
 * them LOC, names the organisation it is inside, or is dropped.
 *
 * All memory comes from the article arena; the gazetteer is read-only.
 */
#include "lexicon.h"
#include "places.h"

#include <math.h>
#include <stdlib.h>
#include <utf8proc.h>

#define MAX_PHRASE_TOKENS 6
#define MAX_CANDIDATES 64
/* Score per log-unit of context weight; a population decade is 1. */
#define CONTEXT_WEIGHT 2.5
/* Towns below this size (not seats) are only read with evidence: a
 * container ("Belgrade, Minn.") or other mentions in their region. Bare,
 * "Cornwall" or "Kent" is rarely the village of that name. */
#define SMALL_TOWN 5000
#define UNSUPPORTED (-100.0)
/* Region context (weighted mentions) that backs a small town. */
#define SMALL_TOWN_SUPPORT 0.5f

/* Words that are capitalised in prose for other reasons but name some
 * place in GeoNames (lowercase). */
static const char *const stop_words[] = {
    "a", "about", "above", "across", "after", "against", "all", "almost", "along", "also", "although", "am",
    "among", "an", "and", "any", "april", "are", "around", "as", "at", "august", "bad", "bank", "bar", "bath",
    "be", "because", "before", "behind", "below", "besides", "best", "between", "beyond", "big", "black",
    "bo", "both", "bra", "but", "by", "can", "center", "central", "christmas", "city", "clay", "coach",
    "college", "commerce", "contact", "council", "court", "day", "de", "deal", "december", "del", "despite",
    "do", "down", "downtown", "during", "east", "easter", "eastern", "ede", "el", "even", "eye", "fair",
    "february", "federal", "for", "fort", "friday", "from", "gap", "god", "gold", "good", "grand", "great",
    "green", "gulf", "had", "hall", "has", "have", "he", "hence", "her", "his", "historic", "home", "hope",
    "hot", "how", "however", "i", "if", "in", "independence", "inside", "instead", "into", "is", "it", "its",
    "january", "july", "june", "just", "la", "last", "le", "liberty", "like", "long", "los", "luck", "made",
    "main", "man", "many", "march", "mary", "may", "meanwhile", "media", "metro", "mid", "middle", "mobile",
    "monday", "more", "most", "mount", "much", "my", "national", "near", "nearly", "new", "news", "next",
    "nice", "no", "north", "northeast", "northern", "northwest", "not", "november", "now", "october", "of",
    "off", "old", "on", "once", "one", "only", "onto", "or", "orange", "otherwise", "our", "out", "outside",
    "over", "park", "parkway", "people", "per", "police", "post", "president", "reading", "real", "red",
    "republic", "river", "royal", "said", "saint", "sale", "san", "santa", "saturday", "school", "she",
    "since", "so", "some", "south", "southeast", "southern", "southwest", "split", "st.", "state", "states",
    "still", "street", "such", "sunday", "than", "that", "the", "the city", "their", "then", "there",
    "therefore", "these", "they", "this", "though", "through", "throughout", "thursday", "thus", "time", "to",
    "today", "toward", "towards", "tuesday", "two", "under", "union", "united", "university", "unless",
    "until", "up", "upon", "valley", "van", "via", "victory", "was", "we", "wednesday", "west", "western",
    "what", "when", "where", "whether", "which", "while", "white", "who", "why", "will", "with", "within",
    "without", "world", "year", "yes", "yet", "you", "young", "your",
};

/* Capitalised phrases that GeoNames lists as some city's alternate name
 * (a translation) but that news means otherwise. Folded. */
static const char *const stop_phrases[] = {
    "big apple", "capitol hill", "downing street", "middle east", "new year", "red cross",
    "the east", "the north", "the south", "the west", "wall street", "white house",
};

/* Common first names that GeoNames also lists as towns: before another
 * capitalised word they start a person's name. Lowercase. */
static const char *const first_names[] = {
    "aaron", "adam", "alan", "albert", "alexander", "alice", "allen", "amanda", "amy", "andrew", "angela",
    "ann", "anna", "anne", "anthony", "arthur", "austin", "barbara", "ben", "benjamin", "beth", "betty",
    "bill", "billy", "bob", "bobby", "brandon", "brenda", "brian", "bruce", "carl", "carlos", "carol",
    "caroline", "catherine", "charles", "charlie", "charlotte", "chester", "chris", "christian", "christina",
    "christine", "christopher", "clara", "clarence", "clark", "claude", "clifford", "clinton", "craig",
    "dale", "dan", "daniel", "danny", "david", "dean", "deborah", "dennis", "diana", "diane", "donald",
    "donna", "dorothy", "douglas", "earl", "edward", "elizabeth", "ellen", "emily", "emma", "eric", "eugene",
    "florence", "frances", "francis", "frank", "franklin", "fred", "gary", "george", "gerald", "gordon",
    "grace", "grant", "greg", "gregory", "harold", "harris", "harry", "helen", "henry", "howard", "jack",
    "jackson", "james", "jane", "janet", "jason", "jean", "jeff", "jeffrey", "jennifer", "jerry", "jesse",
    "jessica", "jim", "jimmy", "joan", "joe", "john", "johnny", "jordan", "jose", "joseph", "joshua", "joyce",
    "juan", "judith", "judy", "julia", "julie", "justin", "karen", "katherine", "keith", "kelly", "kenneth",
    "kevin", "kim", "larry", "laura", "lawrence", "lee", "leon", "lewis", "lincoln", "linda", "lisa", "louis",
    "louise", "lynn", "madison", "marcus", "margaret", "maria", "marie", "marion", "mark", "martha", "martin",
    "mary", "matthew", "melissa", "michael", "michelle", "mike", "milton", "nancy", "nathan", "nelson",
    "nicholas", "nicole", "norman", "pamela", "patricia", "patrick", "paul", "peter", "philip", "phillip",
    "rachel", "ralph", "randy", "raymond", "rebecca", "richard", "rick", "robert", "roger", "ronald", "rose",
    "roy", "russell", "ruth", "ryan", "sam", "samuel", "sandra", "sara", "sarah", "scott", "sean", "sharon",
    "sherman", "shirley", "stanley", "stephanie", "stephen", "steve", "steven", "susan", "taylor", "teresa",
    "terry", "thomas", "tim", "timothy", "todd", "tom", "tony", "tracy", "troy", "tyler", "victor",
    "victoria", "vincent", "virginia", "walter", "warren", "wayne", "wesley", "william", "willie", "wilson",
};

/* Capitalised words after a place name that make the whole a county,
 * street, river or building: "Laurel County", "Wichita Drive". The
 * gazetteer has none of those, so the first word is left alone. */
static const char *const name_suffixes[] = {
    "academy", "airport", "ave.", "avenue", "bay", "beach", "blvd.", "boulevard", "bridge", "building",
    "canyon", "center", "centre", "church", "circle", "college", "county", "court", "creek", "dr.", "drive",
    "elementary", "expressway", "field", "forest", "hall", "heights", "high", "highway", "hill", "hills",
    "hospital", "hotel", "island", "lake", "lane", "mall", "middle", "mountain", "mountains", "parish",
    "park", "parkway", "pike", "place", "plaza", "rd.", "river", "road", "school", "square", "st.", "stadium",
    "station", "street", "terrace", "theater", "theatre", "township", "trail", "university", "valley", "way",
};

/* Of those, the ones that make the whole another place or a way, never
 * a building named after the town: "Guernsey County", "Wichita Drive". */
static const char *const other_place_suffixes[] = {
    "ave.", "avenue", "bay", "beach", "blvd.", "boulevard", "canyon", "circle", "county", "creek", "dr.", "drive",
    "expressway", "forest", "heights", "highway", "hill", "hills", "island", "lake", "lane", "mountain",
    "mountains", "parish", "pike", "rd.", "river", "road", "st.", "street", "terrace", "township", "trail",
    "valley", "way",
};

/* Words that make a two-word ORG run an organisation named after a
 * place ("Boston Globe", "Dublin Police"), not a person the tagger
 * mistyped ("Paris Hilton"). Lowercase, sorted. */
static const char *const org_heads[] = {
    "academy", "agency", "airport", "assembly", "association", "authority", "bank", "board", "bureau",
    "chamber", "church", "city", "clinic", "club", "college", "commission", "committee", "council", "county",
    "court", "daily", "department", "district", "fc", "fed", "globe", "herald", "hospital", "journal",
    "library", "mail", "museum", "news", "orchestra", "philharmonic", "police", "post", "press", "school",
    "schools", "sheriff", "star", "symphony", "telegraph", "times", "tribune", "union", "university", "zoo",
};

/* Words before a name that make it a person's. */
static const char *const titles[] = {
    "archbishop", "bishop", "capt.", "captain", "chairman", "chief", "coach", "col.", "commissioner",
    "councilman", "councilwoman", "dr.", "father", "gen.", "general", "gov.", "governor", "judge", "justice",
    "king", "lt.", "mayor", "minister", "miss", "mr.", "mrs.", "ms.", "officer", "pastor", "pope", "premier",
    "president", "prince", "princess", "prof.", "professor", "queen", "rep.", "representative", "rev.",
    "saint", "sen.", "senator", "sgt.", "sheriff", "sir", "sister", "spokesman", "spokeswoman",
    "superintendent", "trooper",
};

/* Lowercase words after a name that ask for a first-level region. */
static const char *const region_words[] = {"governorate", "oblast", "prefecture", "province", "region", "state"};
/* Words before "of NAME" asking for a region or a city. */
static const char *const city_words[] = {"capital", "city", "hamlet", "town", "village"};

/* The word lists are sorted by bytes (ng_places_lists_sorted() checks), so
 * a look-up is a binary search. */
#define IN(w, list) (NG_LEX_SEARCH((w), strlen(w), (list)) != NULL)

typedef enum { WANT_ANY = 0, WANT_REGION, WANT_CITY } want_t;

typedef struct cand {
    uint32_t place;
    uint8_t name_kind;
    double score;
} cand;

typedef struct mention {
    uint32_t tok_start, tok_end;  /* [start, end) tokens */
    uint32_t bstart, bend;        /* bytes of the words (part of a token for "D-Charleston") */
    uint32_t start, end;          /* the same in code points */
    cand *cands;
    uint32_t n_cands;
    uint8_t want;
    bool demonym;                 /* every candidate came from a demonym */
    int32_t container;            /* mention index of ", Ukraine" after it, or -1 */
    int32_t chosen;               /* index into cands, or -1 */
    bool tagged;                  /* a LOC run of the tagger */
    bool embedded;                /* the place an ORG run is named after ("Dublin City Council") */
    bool cued;                    /* after a preposition of place ("in", "near") */
    bool holds;                   /* the container of the mention before it ("Atlanta, Georgia") */
    bool org_typed;               /* inside an ORG run, not what it is named after: kept only when the
                                     same words are a place with evidence elsewhere in the article */
    bool party_home;              /* the home after a party tag ("D-Charleston") */
} mention;

/* A set of strings (compared by their bytes): open addressing, doubled
 * when half full, so a look-up costs the same in any length of article. */
typedef struct strset {
    ng_str *slot; /* empty slots have ptr NULL */
    size_t mask, used;
} strset;

typedef struct ctx {
    const ng_gazetteer *g;
    const ng_record *rec;
    ng_arena *a;     /* the stage's scratch arena: everything but the output */
    char *fold;      /* scratch for folding one phrase */
    size_t fold_cap;
    strset lower;    /* the article's lowercase words */
    const uint8_t *sent_first; /* per token: 1 if it begins a sentence */
    bool tagger;     /* the tagger's runs were given: its PER/ORG typing is evidence */
} ctx;

/* Token text as bytes. */
static ng_str tok_str(const ng_record *r, uint32_t i)
{
    return (ng_str){r->text.ptr + r->tokens[i].bstart, r->tokens[i].bend - r->tokens[i].bstart};
}

static bool is_word(const ng_token *t) { return t->kind == NG_TOK_WORD || t->kind == NG_TOK_ABBREV; }

static bool starts_upper(ng_str s)
{
    if (!s.len) return false;
    unsigned char c = (unsigned char)s.ptr[0];
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    uint32_t cp;
    ng_utf8_decode((const unsigned char *)s.ptr, s.len, &cp);
    return utf8proc_isupper((utf8proc_int32_t)cp);
}

static bool all_upper(ng_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c >= 'a' && c <= 'z') return false;
    }
    return true;
}

/* Folds bytes [b0, b1) of the text into the scratch buffer. */
static size_t fold_range(ctx *c, uint32_t b0, uint32_t b1)
{
    size_t n = b1 - b0;
    if (3 * n + 1 > c->fold_cap) {
        size_t cap = 3 * n + 64;
        char *f = ng_alloc(c->a, cap);
        if (!f) return 0;
        c->fold = f;
        c->fold_cap = cap;
    }
    return ng_gaz_fold(c->rec->text.ptr + b0, n, c->fold);
}

static bool word_is(const ng_record *r, uint32_t i, const char *w)
{
    if (i >= r->n_tokens) return false;
    ng_str s = tok_str(r, i);
    size_t n = strlen(w);
    if (s.len != n) return false;
    for (size_t k = 0; k < n; k++) {
        char ch = s.ptr[k];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch + 32);
        if (ch != w[k]) return false;
    }
    return true;
}

static bool word_in(const ng_record *r, uint32_t i, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (word_is(r, i, list[k])) return true;
    return false;
}
#define WORD_IN(r, i, list) word_in((r), (i), (list), sizeof(list) / sizeof((list)[0]))

/* Lowercase copy of a short token for the stop lists (ASCII only). */
static bool lower_token(const ng_record *r, uint32_t i, char *out, size_t cap)
{
    ng_str s = tok_str(r, i);
    if (s.len + 1 > cap) return false;
    for (size_t k = 0; k < s.len; k++) {
        char ch = s.ptr[k];
        out[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    out[s.len] = '\0';
    return true;
}

static size_t set_slot(const strset *s, ng_str k)
{
    size_t i = (size_t)ng_hash64(k.ptr, k.len, 11) & s->mask;
    while (s->slot[i].ptr && !(s->slot[i].len == k.len && memcmp(s->slot[i].ptr, k.ptr, k.len) == 0))
        i = (i + 1) & s->mask;
    return i;
}

static bool set_has(const strset *s, ng_str k) { return s->used && s->slot[set_slot(s, k)].ptr; }

/* Adds k, its bytes copied into `a` when `copy` (else they must outlive
 * the set). False when out of memory. */
static bool set_add(ng_arena *a, strset *s, ng_str k, bool copy)
{
    if (!s->slot || (s->used + 1) * 2 > s->mask + 1) {
        size_t cap = s->slot ? 2 * (s->mask + 1) : 64;
        strset grown = {ng_calloc(a, cap, sizeof *grown.slot), cap - 1, s->used};
        if (!grown.slot) return false;
        for (size_t i = 0; s->slot && i <= s->mask; i++)
            if (s->slot[i].ptr) grown.slot[set_slot(&grown, s->slot[i])] = s->slot[i];
        *s = grown;
    }
    size_t i = set_slot(s, k);
    if (s->slot[i].ptr) return true;
    if (copy && !(k = ng_strndup(a, k.ptr, k.len)).ptr) return false;
    s->slot[i] = k;
    s->used++;
    return true;
}

/* The article's lowercase words (pointing into the text). */
static bool collect_lowercase(ctx *c)
{
    const ng_record *r = c->rec;
    for (uint32_t k = 0; k < r->n_tokens; k++) {
        if (r->tokens[k].kind != NG_TOK_WORD) continue;
        ng_str s = tok_str(r, k);
        if (s.len < 3 || (unsigned char)s.ptr[0] < 'a' || (unsigned char)s.ptr[0] > 'z') continue;
        if (!set_add(c->a, &c->lower, s, false)) return false;
    }
    return true;
}

/* True when the lowercase form of token i occurs in the text as a
 * lowercase word: then the capitalised one is probably that word. */
static bool occurs_lowercase(ctx *c, uint32_t i)
{
    ng_str w = tok_str(c->rec, i);
    char buf[64];
    if (w.len < 3 || w.len > sizeof buf || !c->lower.used) return false;
    for (size_t b = 0; b < w.len; b++) buf[b] = (char)(w.ptr[b] >= 'A' && w.ptr[b] <= 'Z' ? w.ptr[b] + 32 : w.ptr[b]);
    return set_has(&c->lower, (ng_str){buf, w.len});
}

/* Words that may stand before a place name without making it part of
 * another name: "Northeast Georgia", "downtown Boston". Lowercase. */
static const char *const place_modifiers[] = {
    "central", "coastal", "downtown", "east", "eastern", "greater", "inner", "lower", "metro", "metropolitan",
    "mid", "north", "northeast", "northern", "northwest", "occupied", "outer", "rural", "south", "southeast",
    "southern", "southwest", "suburban", "upper", "upstate", "west", "western",
};

/* Token i is a capitalised word, one space after the previous token. */
static bool cap_word_follows(const ng_record *r, uint32_t i)
{
    return i < r->n_tokens && i > 0 && is_word(&r->tokens[i]) && r->tokens[i].bstart == r->tokens[i - 1].bend + 1 &&
           starts_upper(tok_str(r, i));
}

/* Prepositions that put what follows on the map: "in Georgia", "near
 * Tell". Lowercase, sorted. */
static const char *const place_preps[] = {
    "across", "around", "at", "from", "in", "inside", "into", "near", "outside", "throughout", "to", "toward",
    "towards", "via",
};

/* Token i follows a preposition of place, perhaps with "the" or a place
 * modifier between ("in northern Georgia", "in the Kursk region"). */
static bool place_cue_before(const ng_record *r, uint32_t i)
{
    char w[48];
    for (uint32_t k = i, steps = 0; k > 0 && steps < 3; k--, steps++) {
        if (!is_word(&r->tokens[k - 1]) || !lower_token(r, k - 1, w, sizeof w)) return false;
        if (IN(w, place_preps)) return true;
        if (strcmp(w, "the") != 0 && !IN(w, place_modifiers)) return false;
    }
    return false;
}

/* Lowercase nouns after a place name that make it where people or
 * services are from: "Crafton man", "Gainesville residents", "Roswell
 * police". Sorted. */
static const char *const local_nouns[] = {
    "area", "authorities", "boy", "couple", "detectives", "family", "firefighters", "girl", "homeowners",
    "investigators", "man", "native", "neighborhoods", "officers", "officials", "parents", "police",
    "residents", "schools", "students", "teen", "voters", "woman",
};

/* Token j is one of local_nouns, one space after the name. */
static bool local_noun_after(const ng_record *r, uint32_t j)
{
    char w[48];
    return j < r->n_tokens && j > 0 && r->tokens[j].kind == NG_TOK_WORD && r->tokens[j].bstart == r->tokens[j - 1].bend + 1 &&
           lower_token(r, j, w, sizeof w) && IN(w, local_nouns);
}

/* Collects the candidate entries of a key, honouring `want`. */
static uint32_t collect(ctx *c, const char *key, size_t n, want_t want, cand *out, bool *demonym)
{
    size_t first, cnt = ng_gaz_find(c->g, key, n, &first);
    uint32_t k = 0;
    bool only_demonym = cnt > 0;
    for (size_t i = 0; i < cnt && k < MAX_CANDIDATES; i++) {
        const ng_gaz_name *nm = &c->g->names[first + i];
        uint32_t pl = ng_gaz_name_place(nm);
        ng_gaz_kind kind = ng_gaz_kind_of(c->g, pl);
        if (want == WANT_REGION && kind != NG_GAZ_ADMIN1) continue;
        if (want == WANT_CITY && kind != NG_GAZ_CITY) continue;
        if (ng_gaz_name_kind_of(nm) != NG_GAZ_NAME_DEMONYM) only_demonym = false;
        out[k++] = (cand){pl, (uint8_t)ng_gaz_name_kind_of(nm), 0};
    }
    *demonym = only_demonym && k > 0;
    return k;
}

typedef NG_VEC(mention) mention_vec;

/* Adds a mention over tokens [i, j), or bytes [b0, b1) inside token i,
 * when the gazetteer knows the words. */
static bool add_mention_at(ctx *c, mention_vec *v, uint32_t i, uint32_t j, uint32_t b0, uint32_t b1, want_t want,
                           bool named_after)
{
    const ng_record *r = c->rec;
    size_t n = fold_range(c, b0, b1);
    if (!n) return true;
    cand buf[MAX_CANDIDATES];
    bool demonym;
    uint32_t k = collect(c, c->fold, n, want, buf, &demonym);
    if (!k && want != WANT_ANY) k = collect(c, c->fold, n, WANT_ANY, buf, &demonym);
    if (IN(c->fold, stop_phrases)) return true;
    /* A one-word town name before an unknown capitalised word is a first
     * name ("Antony Blinken"); countries and regions keep their readings
     * ("Ohio Supreme Court"). */
    if (j == i + 1 && !named_after && cap_word_follows(r, j) && !all_upper(tok_str(r, j)) && !demonym) {
        char w[48];
        bool known = !lower_token(r, j, w, sizeof w) || IN(w, stop_words) || IN(w, name_suffixes) ||
                     IN(w, place_modifiers);
        if (!known) {
            uint32_t w2 = 0;
            for (uint32_t q = 0; q < k; q++)
                if (ng_gaz_kind_of(c->g, buf[q].place) != NG_GAZ_CITY) buf[w2++] = buf[q];
            k = w2;
            if (!k) return true;
        }
    }
    /* "ID", "CNN": capitals name a country or region ("US", "UK") or
     * nothing; city alternate names of that shape are accidents. */
    bool caps = true;
    for (uint32_t t = i; t < j && caps; t++) caps = all_upper(tok_str(r, t));
    if (caps && n < 5) {
        uint32_t w = 0;
        for (uint32_t q = 0; q < k; q++)
            if (ng_gaz_kind_of(c->g, buf[q].place) != NG_GAZ_CITY) buf[w++] = buf[q];
        k = w;
    }
    if (!k) return true;
    uint32_t cp0 = r->tokens[i].start + (uint32_t)ng_utf8_count(r->text.ptr + r->tokens[i].bstart, b0 - r->tokens[i].bstart);
    uint32_t cp1 = cp0 + (uint32_t)ng_utf8_count(r->text.ptr + b0, b1 - b0);
    mention m = {i, j, b0, b1, cp0, cp1, NULL, k, (uint8_t)want, demonym, -1, -1, false, named_after, place_cue_before(r, i) || local_noun_after(r, j), false, false, false};
    m.cands = ng_alloc(c->a, k * sizeof *m.cands);
    if (!m.cands) return false;
    memcpy(m.cands, buf, k * sizeof *buf);
    return NG_VEC_PUSH(c->a, v, m);
}

/* The longest phrase at token i with a gazetteer entry: its end, or i. */
static bool add_mention(ctx *c, mention_vec *v, uint32_t i, uint32_t j, want_t want, bool named_after)
{
    return add_mention_at(c, v, i, j, c->rec->tokens[i].bstart, c->rec->tokens[j - 1].bend, want, named_after);
}

static uint32_t longest_match(ctx *c, uint32_t i)
{
    const ng_record *r = c->rec;
    uint32_t best = i;
    for (uint32_t j = i; j < r->n_tokens && j < i + MAX_PHRASE_TOKENS; j++) {
        const ng_token *t = &r->tokens[j];
        if (!is_word(t)) break;
        if (j > i) {
            /* Words of a phrase are separated by one space, not a line. */
            if (t->bstart != r->tokens[j - 1].bend + 1 || r->text.ptr[t->bstart - 1] != ' ') break;
            ng_str s = tok_str(r, j);
            if (!starts_upper(s) && !(s.len <= 4 && (word_is(r, j, "of") || word_is(r, j, "de") || word_is(r, j, "upon") ||
                                                     word_is(r, j, "on") || word_is(r, j, "the") || word_is(r, j, "and") ||
                                                     word_is(r, j, "del") || word_is(r, j, "la"))))
                break;
        }
        size_t first;
        /* "Ga.", "Mo.": the tokenizer keeps the period only on the
         * abbreviations it knows, so try the word with its period too. */
        const ng_token *dot = j + 1 < r->n_tokens ? &r->tokens[j + 1] : NULL;
        if (dot && dot->kind == NG_TOK_PUNCT && dot->bstart == t->bend && dot->bend == t->bend + 1 &&
            r->text.ptr[t->bstart] != '.' && r->text.ptr[dot->bstart] == '.') {
            size_t nd = fold_range(c, r->tokens[i].bstart, dot->bend);
            if (nd && ng_gaz_find(c->g, c->fold, nd, &first)) best = j + 2;
        }
        size_t n = fold_range(c, r->tokens[i].bstart, t->bend);
        if (!n) break;
        if (ng_gaz_find(c->g, c->fold, n, &first) && best != j + 2) best = j + 1;
        if (!ng_gaz_has_prefix(c->g, c->fold, n)) break;
    }
    return best;
}

/* Token i is capitalised and follows a capitalised word (one space apart)
 * that is neither a function word nor a place modifier: the second word of
 * a name, as in "Brett Hartmann" or "President Lincoln". A sentence's first
 * word that the article also writes in lower case ("Although Kyiv's
 * troops") is just a word. */
static bool inside_name(ctx *c, uint32_t i)
{
    const ng_record *r = c->rec;
    if (i == 0 || !starts_upper(tok_str(r, i))) return false;
    const ng_token *p = &r->tokens[i - 1];
    if (!is_word(p) || p->bend + 1 != r->tokens[i].bstart || r->text.ptr[p->bend] != ' ') return false;
    if (!starts_upper(tok_str(r, i - 1))) return false;
    char w[48];
    if (!lower_token(r, i - 1, w, sizeof w)) return true;
    if (IN(w, stop_words) || IN(w, place_modifiers)) return false;
    if (c->sent_first[i - 1] && occurs_lowercase(c, i - 1)) return false;
    return true;
}

/* Token i follows a first name or a title: "Brett Hartmann", "Gov. Perry". */
static bool after_first_name(const ng_record *r, uint32_t i)
{
    if (i == 0) return false;
    const ng_token *p = &r->tokens[i - 1];
    if (!is_word(p) || p->bend + 1 != r->tokens[i].bstart || !starts_upper(tok_str(r, i - 1))) return false;
    char w[48];
    return lower_token(r, i - 1, w, sizeof w) && (IN(w, first_names) || IN(w, titles));
}

/* Is the gazetteer match [i, j) a place in running text? `named_after`:
 * the tagger's ORG run starts with it or has it after "of", so the words
 * around it are the organisation's, not a person's or a street's. */
static bool plausible(ctx *c, uint32_t i, uint32_t j, bool named_after)
{
    const ng_record *r = c->rec;
    char w[48];
    if (!named_after) {
        if (inside_name(c, i)) return false;
        if (i > 0 && lower_token(r, i - 1, w, sizeof w) && IN(w, titles)) return false;
        if (cap_word_follows(r, j) && lower_token(r, j, w, sizeof w) && IN(w, name_suffixes)) return false;
    } else if (cap_word_follows(r, j) && lower_token(r, j, w, sizeof w) && IN(w, other_place_suffixes)) {
        return false;
    }
    if (j - i == 1) {
        ng_str s = tok_str(r, i);
        if (!lower_token(r, i, w, sizeof w)) w[0] = '\0';
        if (IN(w, stop_words)) return false;
        if (IN(w, first_names) && cap_word_follows(r, j) && !all_upper(tok_str(r, j))) return false;
        if (s.len < 2) return false;
        if (occurs_lowercase(c, i)) return false;
    }
    return true;
}

/* A county ("Laurel County", feature ADM2): stored with the cities, but
 * its name says what it is, so it is evidence of a place by itself. */
static bool is_county(const ng_gazetteer *g, uint32_t pl)
{
    return !strcmp(ng_gaz_features[ng_gaz_place_at(g, pl)->feature], "ADM2");
}

static bool small_town(const ng_gazetteer *g, uint32_t pl)
{
    const ng_gaz_place *p = ng_gaz_place_at(g, pl);
    const char *f = ng_gaz_features[p->feature];
    return ng_gaz_kind_of(g, pl) == NG_GAZ_CITY && p->population < SMALL_TOWN && strcmp(f, "PPLA") != 0 &&
           strcmp(f, "PPLC") != 0 && !is_county(g, pl);
}

/* The score a candidate has before context; UNSUPPORTED for a small town. */
static double prior(const ng_gazetteer *g, const cand *k)
{
    const ng_gaz_place *p = ng_gaz_place_at(g, k->place);
    double s = log10((double)p->population + 10.0);
    const char *f = ng_gaz_features[p->feature];
    switch (ng_gaz_kind_of(g, k->place)) {
    case NG_GAZ_COUNTRY: s += 3.0; break;
    case NG_GAZ_ADMIN1: s += 1.0; break;
    default:
        if (!strcmp(f, "PPLC")) s += 1.5;
        else if (!strcmp(f, "PPLA")) s += 0.8;
        else if (!strcmp(f, "PPLA2")) s += 0.3;
        break;
    }
    /* English news writes the English (main) name; an alternate name is
     * often another language's word for a different, bigger place. */
    if (k->name_kind == NG_GAZ_NAME_ALT) s -= 1.5;
    return small_town(g, k->place) ? s + UNSUPPORTED : s;
}

static int best_by(const mention *m)
{
    int b = -1;
    for (uint32_t k = 0; k < m->n_cands; k++)
        if (b < 0 || m->cands[k].score > m->cands[b].score ||
            (m->cands[k].score == m->cands[b].score && m->cands[k].place < m->cands[b].place))
            b = (int)k;
    return b;
}

static uint32_t country_of(const ng_gazetteer *g, uint32_t pl)
{
    uint8_t c = ng_gaz_place_at(g, pl)->country;
    return c == NG_GAZ_NO_COUNTRY ? UINT32_MAX : c;
}

static uint32_t region_of(const ng_gazetteer *g, uint32_t pl)
{
    uint16_t a = ng_gaz_place_at(g, pl)->admin1;
    return a == NG_GAZ_NONE ? UINT32_MAX : a;
}

static bool contains(const ng_gazetteer *g, uint32_t outer, uint32_t inner)
{
    return outer != inner && (country_of(g, inner) == outer || region_of(g, inner) == outer);
}

/* Context weights for countries and regions (indexes < n_countries + n_admin1). */
static void add_context(const ng_gazetteer *g, float *w, uint32_t pl, float weight)
{
    uint32_t c = country_of(g, pl), a = region_of(g, pl);
    if (c != UINT32_MAX) w[c] += weight;
    if (a != UINT32_MAX) w[a] += weight;
}

/* "Washington", "Moscow", "Tokyo": a first-level region named like its
 * country's capital. Bare, the name means the capital (the region's summed
 * population would otherwise win), unless the article is already in that
 * region (other mentions there: "Spokane ... Washington") or asks for it
 * ("Washington state", handled by WANT_REGION before this is called). */
/* The same holds for a region named like a city inside it that holds a
 * quarter of its people ("Police in New York": the city, not the state;
 * "Sao Paulo", "Lagos"). */
static bool city_names_region(const ng_gazetteer *g, uint32_t city, uint32_t reg)
{
    const ng_gaz_place *c = ng_gaz_place_at(g, city), *r = ng_gaz_place_at(g, reg);
    if (country_of(g, reg) != country_of(g, city)) return false;
    if (!strcmp(ng_gaz_features[c->feature], "PPLC")) return true;
    return region_of(g, city) == reg && 4.0 * c->population >= (double)r->population;
}

static void capital_over_region(const ng_gazetteer *g, mention *m, const float *w, uint32_t own, float own_w)
{
    for (uint32_t q = 0; q < m->n_cands; q++) {
        const cand *cap = &m->cands[q];
        if (ng_gaz_kind_of(g, cap->place) != NG_GAZ_CITY) continue;
        for (uint32_t r = 0; r < m->n_cands; r++) {
            cand *reg = &m->cands[r];
            if (ng_gaz_kind_of(g, reg->place) != NG_GAZ_ADMIN1 || !city_names_region(g, cap->place, reg->place))
                continue;
            float here = w[reg->place] - (region_of(g, own) == reg->place ? own_w : 0.0f);
            if (here <= 0 && reg->score >= cap->score) reg->score = cap->score - 0.01;
        }
    }
}

/* Text order; the parts of one hyphenated word by their bytes. */
static int cmp_mention(const void *x, const void *y)
{
    const mention *a = x, *b = y;
    if (a->tok_start != b->tok_start) return a->tok_start < b->tok_start ? -1 : 1;
    return a->bstart < b->bstart ? -1 : a->bstart > b->bstart;
}

/* Every entry of the key is a city (no country or region by that name). */
static bool only_cities(const ng_gazetteer *g, ng_str key)
{
    size_t first, n = ng_gaz_find(g, key.ptr, key.len, &first);
    for (size_t i = 0; i < n; i++)
        if (ng_gaz_kind_of(g, ng_gaz_name_place(&g->names[first + i])) != NG_GAZ_CITY) return false;
    return true;
}

/* A name of a national capital (PPLC) or a country, by its own (main)
 * name: "Kyiv", "Ukraine". */
static bool names_capital_or_country(const ng_gazetteer *g, ng_str key)
{
    size_t first, n = ng_gaz_find(g, key.ptr, key.len, &first);
    for (size_t i = 0; i < n; i++) {
        const ng_gaz_name *nm = &g->names[first + i];
        uint32_t pl = ng_gaz_name_place(nm);
        if (ng_gaz_name_kind_of(nm) == NG_GAZ_NAME_ALT) continue;
        if (ng_gaz_kind_of(g, pl) == NG_GAZ_COUNTRY || !strcmp(ng_gaz_features[ng_gaz_place_at(g, pl)->feature], "PPLC"))
            return true;
    }
    return false;
}

/* The tagger's one-word PER run at token i is a slip, not a person: the
 * word is a capital's or a country's own name, not a first name, after a
 * preposition of place ("transported to Kyiv"). */
static bool per_slip_for_capital(ctx *c, uint32_t i)
{
    const ng_record *r = c->rec;
    char w[48];
    if (i == 0 || !lower_token(r, i - 1, w, sizeof w) || !IN(w, place_preps)) return false;
    if (!lower_token(r, i, w, sizeof w) || IN(w, first_names)) return false;
    size_t n = fold_range(c, r->tokens[i].bstart, r->tokens[i].bend);
    return names_capital_or_country(c->g, (ng_str){c->fold, n});
}

static uint32_t longest_match(ctx *c, uint32_t i);

/* The tagger's one-word PER run at token i is a slip too when a comma and
 * a country or region that holds a town of exactly that name follow it
 * ("CHARLESTON, W.Va.", "Fowlerville, Mich."): the container is the
 * evidence. First names stay persons ("Jackson, Miss." is left alone). */
static bool per_slip_before_container(ctx *c, uint32_t i)
{
    const ng_record *r = c->rec;
    char w[48];
    if (i + 2 >= r->n_tokens || r->tokens[i + 1].kind != NG_TOK_PUNCT || r->text.ptr[r->tokens[i + 1].bstart] != ',' ||
        !lower_token(r, i, w, sizeof w) || IN(w, first_names) || IN(w, stop_words))
        return false;
    uint32_t j = longest_match(c, i + 2);
    if (j == i + 2) return false;
    size_t first_o, n_o;
    {
        size_t n = fold_range(c, r->tokens[i + 2].bstart, r->tokens[j - 1].bend);
        /* the match may end on the period of "Mich." */
        if (j < r->n_tokens && r->tokens[j].kind == NG_TOK_PUNCT && r->tokens[j].bstart == r->tokens[j - 1].bend)
            n = fold_range(c, r->tokens[i + 2].bstart, r->tokens[j].bend);
        n_o = ng_gaz_find(c->g, c->fold, n, &first_o);
        if (!n_o) n_o = ng_gaz_find(c->g, c->fold, fold_range(c, r->tokens[i + 2].bstart, r->tokens[j - 1].bend), &first_o);
    }
    uint32_t outer[MAX_CANDIDATES];
    size_t k = 0;
    for (size_t q = 0; q < n_o && k < MAX_CANDIDATES; q++) {
        uint32_t pl = ng_gaz_name_place(&c->g->names[first_o + q]);
        if (ng_gaz_kind_of(c->g, pl) != NG_GAZ_CITY) outer[k++] = pl;
    }
    if (!k) return false;
    size_t first, n = ng_gaz_find(c->g, c->fold, fold_range(c, r->tokens[i].bstart, r->tokens[i].bend), &first);
    for (size_t q = 0; q < n; q++) {
        const ng_gaz_name *nm = &c->g->names[first + q];
        uint32_t pl = ng_gaz_name_place(nm);
        if (ng_gaz_name_kind_of(nm) != NG_GAZ_NAME_MAIN || ng_gaz_kind_of(c->g, pl) != NG_GAZ_CITY) continue;
        for (size_t z = 0; z < k; z++)
            if (contains(c->g, outer[z], pl)) return true;
    }
    return false;
}

#define SORTED(l) ng_lex_sorted((l), NG_LEX_COUNT(l), sizeof *(l))

bool ng_places_lists_sorted(void)
{
    return SORTED(stop_words) && SORTED(stop_phrases) && SORTED(first_names) && SORTED(name_suffixes) &&
           SORTED(titles) && SORTED(place_modifiers) && SORTED(place_preps) &&
           SORTED(other_place_suffixes) && SORTED(local_nouns) && SORTED(org_heads);
}

/* ---- the stage, step by step ------------------------------------------- */

/* Per token, 1 where a sentence (or the text) begins. rec has tokens.
 * NULL when out of memory. */
static uint8_t *sentence_starts(ng_arena *a, const ng_record *rec)
{
    uint8_t *first = ng_calloc(a, rec->n_tokens, 1);
    if (!first) return NULL;
    for (size_t s = 0, t = 0; s < rec->n_sentences; s++) {
        while (t < rec->n_tokens && rec->tokens[t].start < rec->sentences[s].start) t++;
        if (t < rec->n_tokens) first[t] = 1;
    }
    first[0] = 1;
    return first;
}

/* Adds the tagger's LOC runs to v, each marked tagged. */
static bool add_tagged(ctx *c, const ng_mention *ms, size_t n_ms, mention_vec *v)
{
    for (size_t k = 0; k < n_ms; k++) {
        if (ms[k].type != NG_NE_LOC || ms[k].tok_end <= ms[k].tok_start || ms[k].tok_end > c->rec->n_tokens) continue;
        /* "Northeast 180th Avenue", "North": a direction is no place alone */
        char w[48];
        if (ms[k].tok_end == ms[k].tok_start + 1 && lower_token(c->rec, ms[k].tok_start, w, sizeof w) && IN(w, stop_words))
            continue;
        /* "Chad Johnson", "Paris Hilton": a LOC run glued to a PER run is
         * the person's first name */
        if (k + 1 < n_ms && ms[k + 1].type == NG_NE_PER && ms[k + 1].tok_start == ms[k].tok_end &&
            cap_word_follows(c->rec, ms[k].tok_end))
            continue;
        size_t before = v->len;
        if (!add_mention(c, v, ms[k].tok_start, ms[k].tok_end, WANT_ANY, false)) return false;
        if (v->len > before) v->items[before].tagged = true;
    }
    return true;
}

/* Second words of names ("Hartmann" of "Brett Hartmann") are surnames
 * for the whole article: "Hartmann said" is not a town either. Fills
 * *out with their folded forms. */
static bool collect_surnames(ctx *c, strset *out)
{
    const ng_record *rec = c->rec;
    for (uint32_t i = 1; i < rec->n_tokens; i++) {
        if (!is_word(&rec->tokens[i]) || !(after_first_name(rec, i) || (inside_name(c, i) && !c->sent_first[i - 1])))
            continue;
        size_t n = fold_range(c, rec->tokens[i].bstart, rec->tokens[i].bend);
        if (!set_add(c->a, out, (ng_str){c->fold, n}, true)) return false;
    }
    return true;
}

enum { TOK_TAGGED = 1, TOK_VETOED = 2, TOK_ORG = 4, TOK_ORG_FIRST = 8, TOK_ORG_OF = 16, TOK_ORG_LAST = 32, TOK_MISC = 64 };

/* Per token: TOK_TAGGED inside a tagged mention of v (the first n_tagged),
 * TOK_VETOED inside a PER run of the tagger, TOK_ORG inside an ORG run,
 * with TOK_ORG_FIRST on the first word of a run of several, TOK_ORG_OF on
 * a word after "of" ("University of Kentucky") and TOK_ORG_LAST on its last
 * word. MISC runs ("Bush administration", "Iraq War") are marked as ORG
 * runs, with TOK_MISC too. One pass over the runs, so that each token is tested in constant
 * time. */
static uint8_t *token_marks(ctx *c, const ng_mention *ms, size_t n_ms, const mention_vec *v, size_t n_tagged)
{
    uint32_t n = (uint32_t)c->rec->n_tokens;
    uint8_t *mark = ng_calloc(c->a, n, 1);
    if (!mark) return NULL;
    for (size_t k = 0; k < n_tagged; k++)
        for (uint32_t t = v->items[k].tok_start; t < v->items[k].tok_end && t < n; t++) mark[t] |= TOK_TAGGED;
    for (size_t k = 0; k < n_ms; k++) {
        uint32_t t0 = ms[k].tok_start, t1 = ms[k].tok_end < n ? ms[k].tok_end : n;
        if (t0 >= t1) continue;
        if (ms[k].type == NG_NE_PER && !(t1 - t0 == 1 && (per_slip_for_capital(c, t0) || per_slip_before_container(c, t0))))
            for (uint32_t t = t0; t < t1; t++) mark[t] |= TOK_VETOED;
        if (ms[k].type != NG_NE_ORG && ms[k].type != NG_NE_MISC) continue;
        for (uint32_t t = t0; t < t1; t++) {
            mark[t] |= TOK_ORG | (ms[k].type == NG_NE_MISC ? TOK_MISC : 0);
            if (t > t0 && (word_is(c->rec, t - 1, "of") || word_is(c->rec, t - 1, "de"))) mark[t] |= TOK_ORG_OF;
        }
        if (t1 - t0 > 1) mark[t0] |= TOK_ORG_FIRST;
        /* "Western Pennsylvania Kennel Association", "Metro Vancouver",
         * "The New York Times" */
        char w[48];
        if (t1 - t0 > 2 && lower_token(c->rec, t0, w, sizeof w) && (IN(w, place_modifiers) || !strcmp(w, "the")))
            mark[t0 + 1] |= TOK_ORG_FIRST;
        mark[t1 - 1] |= TOK_ORG_LAST;
    }
    return mark;
}

/* "D-Charleston", "Russia-Ukraine": the capitalised parts of the
 * hyphenated word at token i, each a one-word name on its own. */
static bool add_hyphen_parts(ctx *c, mention_vec *v, uint32_t i)
{
    const ng_token *t = &c->rec->tokens[i];
    ng_str s = tok_str(c->rec, i);
    if (t->kind != NG_TOK_WORD || !memchr(s.ptr, '-', s.len)) return true;
    for (size_t p0 = 0; p0 < s.len;) {
        const char *h = memchr(s.ptr + p0, '-', s.len - p0);
        size_t p1 = h ? (size_t)(h - s.ptr) : s.len;
        ng_str part = {s.ptr + p0, p1 - p0};
        char w[48];
        if (part.len >= 3 && part.len < sizeof w && starts_upper(part)) {
            for (size_t q = 0; q < part.len; q++)
                w[q] = (char)(part.ptr[q] >= 'A' && part.ptr[q] <= 'Z' ? part.ptr[q] + 32 : part.ptr[q]);
            w[part.len] = '\0';
            size_t before = v->len;
            if (!IN(w, stop_words) &&
                !add_mention_at(c, v, i, i + 1, t->bstart + (uint32_t)p0, t->bstart + (uint32_t)p1, WANT_ANY, false))
                return false;
            /* "D-Charleston", "DFL-Cook": a legislator's party, then home */
            if (v->len > before && p0 > 0 && p0 <= 4 && all_upper((ng_str){s.ptr, p0 - 1})) {
                v->items[before].cued = true;
                /* "Sen. Jane Roe, D-Charleston," "(R-Marshall)": after the name */
                v->items[before].party_home = i > 0 && c->rec->tokens[i - 1].kind == NG_TOK_PUNCT &&
                                              strchr(",(", c->rec->text.ptr[c->rec->tokens[i - 1].bstart]);
            }
        }
        p0 = p1 + 1;
    }
    return true;
}

/* The ORG run goes on after the place at token j with an organisation's
 * word, or for two more words or more ("Dublin Veterans Project"). */
static bool named_org_follows(ctx *c, uint32_t j, const uint8_t *mark)
{
    char w[48];
    if (j + 1 < c->rec->n_tokens && (mark[j + 1] & TOK_ORG) && !(mark[j + 1] & TOK_ORG_FIRST)) return true;
    return lower_token(c->rec, j, w, sizeof w) && IN(w, org_heads);
}

/* "Barrow, Jackson and Madison counties": each name of a list that ends
 * in "counties" or "parishes" is the county of that name ("Jackson
 * County"), the mention only the name. The plural noun is the evidence,
 * over the tagger's typing of the name ("Jackson" as a person). A run the
 * tagger called a place over the same words takes the county's readings;
 * one over other words keeps its own. run_at: per token, 1 + the index in
 * v of the tagger's LOC run over it, or 0. A list is walked back from its
 * noun for at most 8 names of at most 3 words, so the work is bounded per
 * noun. */
static bool add_county_list(ctx *c, mention_vec *v, const uint32_t *run_at, uint32_t noun)
{
    const ng_record *r = c->rec;
    const char *generic = word_is(r, noun, "counties") ? " county" : " parish";
    uint32_t end = noun; /* the name ends before this token */
    for (int names = 0; names < 8 && end > 0; names++) {
        uint32_t i = end;
        while (i > 0 && end - i < 3 && is_word(&r->tokens[i - 1]) && starts_upper(tok_str(r, i - 1)) &&
               (i == end || r->tokens[i].bstart == r->tokens[i - 1].bend + 1))
            i--;
        if (i == end) break;
        /* the longest name that is a county: "In Barrow" is "Barrow" */
        for (uint32_t s0 = i; s0 < end; s0++) {
            /* a run of the tagger's over the same words takes the county's
             * readings; one over other words keeps its own */
            mention *same = NULL;
            bool other = false;
            for (uint32_t t = s0; t < end; t++) {
                if (!run_at[t]) continue;
                mention *o = &v->items[run_at[t] - 1];
                if (o->tok_start == s0 && o->tok_end == end) same = o;
                else other = true;
            }
            if (other) continue;
            size_t n = fold_range(c, r->tokens[s0].bstart, r->tokens[end - 1].bend), gl = strlen(generic);
            if (!n || n + gl >= c->fold_cap) break;
            memcpy(c->fold + n, generic, gl + 1);
            cand buf[MAX_CANDIDATES];
            size_t first, cnt = ng_gaz_find(c->g, c->fold, n + gl, &first);
            uint32_t k = 0;
            for (size_t q = 0; q < cnt && k < MAX_CANDIDATES; q++) {
                const ng_gaz_name *nm = &c->g->names[first + q];
                uint32_t pl = ng_gaz_name_place(nm);
                if (is_county(c->g, pl)) buf[k++] = (cand){pl, (uint8_t)ng_gaz_name_kind_of(nm), 0};
            }
            if (!k) continue;
            if (same) {
                if (!(same->cands = ng_alloc(c->a, k * sizeof *same->cands))) return false;
                memcpy(same->cands, buf, k * sizeof *buf);
                same->n_cands = k;
                same->want = WANT_ANY;
                same->demonym = false;
                break;
            }
            const ng_token *t0 = &r->tokens[s0], *t1 = &r->tokens[end - 1];
            mention m = {s0, end, t0->bstart, t1->bend, t0->start, t1->end, NULL, k, WANT_ANY, false, -1, -1,
                         false, false, true, false, false, false};
            if (!(m.cands = ng_alloc(c->a, k * sizeof *m.cands))) return false;
            memcpy(m.cands, buf, k * sizeof *buf);
            if (!NG_VEC_PUSH(c->a, v, m)) return false;
            break;
        }
        /* the separator before the name: ",", "and", "or", ", and" */
        uint32_t b = i;
        if (b > 0 && (word_is(r, b - 1, "and") || word_is(r, b - 1, "or"))) b--;
        if (b > 0 && r->tokens[b - 1].kind == NG_TOK_PUNCT && r->text.ptr[r->tokens[b - 1].bstart] == ',') b--;
        if (b == i) break;
        end = b;
    }
    return true;
}

/* 1. Candidates: the tagger's LOC runs (first in v, *n_tagged of them),
 * then, left to right, the longest capitalised phrase at each word that
 * the gazetteer knows and that reads as a place here. Each token is
 * looked at a bounded number of times. False when out of memory. */
static bool find_candidates(ctx *c, const ng_mention *ms, size_t n_ms, mention_vec *v, size_t *n_tagged)
{
    const ng_record *rec = c->rec;
    strset surnames = {0};
    if (!collect_lowercase(c) || !add_tagged(c, ms, n_ms, v) || !collect_surnames(c, &surnames)) return false;
    /* per token: 1 + the index of the tagger's run over it, or 0 */
    uint32_t *run_at = ng_calloc(c->a, rec->n_tokens, sizeof *run_at);
    if (!run_at) return false;
    for (size_t k = 0; k < v->len; k++)
        for (uint32_t t = v->items[k].tok_start; t < v->items[k].tok_end && t < rec->n_tokens; t++) run_at[t] = (uint32_t)k + 1;
    for (uint32_t t = 1; t < rec->n_tokens; t++)
        if ((word_is(rec, t, "counties") || word_is(rec, t, "parishes")) && !add_county_list(c, v, run_at, t))
            return false;
    *n_tagged = v->len;
    /* the marks also keep the scan off the names of county lists */
    uint8_t *mark = n_ms || *n_tagged ? token_marks(c, ms, n_ms, v, *n_tagged) : NULL;
    if ((n_ms || *n_tagged) && !mark) return false;
    /* Room for the most mentions the scan can add (one per capitalised
     * word, or one per part of a hyphenated one) at once: doubling the
     * vector left its smaller copies behind in the arena. */
    size_t most = v->len;
    for (uint32_t i = 0; i < rec->n_tokens; i++) {
        if (!is_word(&rec->tokens[i]) || !starts_upper(tok_str(rec, i))) continue;
        ng_str s = tok_str(rec, i);
        most++;
        for (const char *h = s.ptr; (h = memchr(h, '-', (size_t)(s.ptr + s.len - h))); h++) most++;
    }
    if (!ng_vec_reserve(c->a, (void **)&v->items, &v->cap, most, sizeof *v->items)) return false;
    for (uint32_t i = 0; i < rec->n_tokens; i++) {
        const ng_token *t = &rec->tokens[i];
        if (!is_word(t) || !starts_upper(tok_str(rec, i)) || (mark && (mark[i] & TOK_TAGGED))) continue;
        uint32_t j = longest_match(c, i);
        if (j == i) {
            if (!add_hyphen_parts(c, v, i)) return false;
            continue;
        }
        bool vetoed = false, in_org = false, named_after = false, org_typed = false;
        for (uint32_t k = i; mark && k < j && k < rec->n_tokens; k++) {
            vetoed |= (mark[k] & TOK_VETOED) != 0;
            in_org |= (mark[k] & TOK_ORG) != 0;
        }
        /* Inside an ORG run only the place the organisation is named
         * after: its first words ("Dublin City Council", not the whole
         * "Google" or the head of "Federal Reserve") or the words after
         * "of" ("University of Kentucky"). */
        if (in_org && !vetoed) {
            named_after = (mark[i] & TOK_ORG_OF) ||
                          ((mark[i] & TOK_ORG_FIRST) && !(mark[j - 1] & TOK_ORG_LAST) && named_org_follows(c, j, mark));
            org_typed = !named_after;
        }
        if (vetoed || !plausible(c, i, j, named_after)) { i = j - 1; continue; }
        if (j == i + 1) {
            ng_str key = {c->fold, fold_range(c, rec->tokens[i].bstart, rec->tokens[i].bend)};
            if (set_has(&surnames, key) && only_cities(c->g, key)) continue;
        }
        want_t want = WANT_ANY;
        if (j < rec->n_tokens && WORD_IN(rec, j, region_words)) want = WANT_REGION;
        if (i >= 2 && word_is(rec, i - 1, "of") && WORD_IN(rec, i - 2, region_words)) want = WANT_REGION;
        if (i >= 2 && word_is(rec, i - 1, "of") && WORD_IN(rec, i - 2, city_words)) want = WANT_CITY;
        size_t before = v->len;
        if (!add_mention(c, v, i, j, want, named_after)) return false;
        /* a MISC run that is a demonym ("Iraqi") keeps its country */
        if (v->len > before) v->items[before].org_typed = org_typed && !(v->items[before].demonym && (mark[i] & TOK_MISC));
        i = j - 1;
    }
    return true;
}

/* "Kyiv, Ukraine": the mention right after another and a comma names its
 * container. m is in text order. */
static void link_containers(const ng_record *rec, mention *m, size_t nm)
{
    for (size_t k = 0; k + 1 < nm; k++) {
        uint32_t e = m[k].tok_end;
        if (e < rec->n_tokens && rec->tokens[e].kind == NG_TOK_PUNCT && rec->text.ptr[rec->tokens[e].bstart] == ',' &&
            m[k + 1].tok_start == e + 1) {
            m[k].container = (int32_t)(k + 1);
            m[k + 1].holds = true;
        }
    }
}

static bool same_key(const mention *x, const mention *y, bool by_want)
{
    if (x->n_cands != y->n_cands || (by_want && x->want != y->want)) return false;
    for (uint32_t z = 0; z < x->n_cands; z++)
        if (x->cands[z].place != y->cands[z].place) return false;
    return true;
}

/* Per mention, the index of the first mention with the same candidate
 * places in the same order (the same words), and with `by_want` the same
 * wanted kind too. One hash look-up each: comparing every mention with
 * the earlier ones made the stage quadratic in their number. NULL when
 * out of memory. */
static uint32_t *first_of_key(ng_arena *a, const mention *m, size_t nm, bool by_want)
{
    size_t cap = 16;
    while (cap < 2 * nm) cap *= 2;
    uint32_t *slot = ng_calloc(a, cap, sizeof *slot); /* mention index + 1; 0 is empty */
    uint32_t *first = ng_alloc(a, nm * sizeof *first);
    if (!slot || !first) return NULL;
    for (size_t k = 0; k < nm; k++) {
        uint64_t h = by_want ? m[k].want : 0;
        for (uint32_t z = 0; z < m[k].n_cands; z++) h = ng_mix64(h + m[k].cands[z].place + 0x9E3779B97F4A7C15ULL);
        size_t i = (size_t)h & (cap - 1);
        while (slot[i] && !same_key(&m[slot[i] - 1], &m[k], by_want)) i = (i + 1) & (cap - 1);
        if (!slot[i]) slot[i] = (uint32_t)k + 1;
        first[k] = slot[i] - 1;
    }
    return first;
}

/* What step 2 leaves for the rescoring. */
typedef struct context {
    uint32_t *group;  /* per mention: the first mention with the same candidates */
    uint32_t *place;  /* per group (its first mention): its best prior reading */
    float *weight;    /* per group: the context weight that reading added */
    float *w;         /* context weight per country and region index */
} context;

/* 2. Mentions with the same candidates (the same words) form a group;
 * each group adds its best prior reading to the context once, so ten
 * mentions of "Paris" do not vote ten times for France. Also gives every
 * candidate its prior score. False when out of memory. */
static bool build_context(ctx *c, mention *m, size_t nm, context *cx)
{
    const ng_gazetteer *g = c->g;
    cx->group = first_of_key(c->a, m, nm, false);
    cx->place = ng_alloc(c->a, nm * sizeof *cx->place);
    cx->weight = ng_calloc(c->a, nm, sizeof *cx->weight);
    cx->w = ng_calloc(c->a, (size_t)g->n_countries + g->n_admin1, sizeof *cx->w);
    if (!cx->group || !cx->place || !cx->weight || !cx->w) return false;
    for (size_t k = 0; k < nm; k++) {
        for (uint32_t q = 0; q < m[k].n_cands; q++) m[k].cands[q].score = prior(g, &m[k].cands[q]);
        if (cx->group[k] != k) continue;
        int b = best_by(&m[k]);
        uint32_t pl = m[k].cands[b].place;
        double runner = -1e9;
        for (uint32_t q = 0; q < m[k].n_cands; q++)
            if ((int)q != b && country_of(g, m[k].cands[q].place) != country_of(g, pl))
                runner = fmax(runner, m[k].cands[q].score);
        /* Unambiguous words and countries are strong evidence; a city only
         * when it clearly beats namesakes abroad. */
        uint32_t n_read = 0; /* small towns do not make a word ambiguous here */
        for (uint32_t q = 0; q < m[k].n_cands; q++) n_read += m[k].cands[q].score > UNSUPPORTED / 2;
        float weight = n_read == 1 || ng_gaz_kind_of(g, pl) != NG_GAZ_CITY ? 1.0f
                       : m[k].cands[b].score - runner >= 1.0 ? 0.5f : 0.0f;
        if (m[k].cands[b].score < UNSUPPORTED / 2) weight = 0; /* only small towns: no evidence yet */
        cx->place[k] = pl;
        cx->weight[k] = weight;
        add_context(g, cx->w, pl, weight);
    }
    return true;
}

/* "KYIV, Ukraine": every part of the dateline that names a place adds
 * context weight 2 to its best prior reading. */
static void dateline_context(ctx *c, float *w)
{
    const ng_gazetteer *g = c->g;
    const char *d = c->rec->dateline.ptr, *end = d + c->rec->dateline.len;
    while (d < end) {
        const char *comma = memchr(d, ',', (size_t)(end - d));
        const char *stop = comma ? comma : end;
        while (d < stop && *d == ' ') d++;
        char key[256];
        size_t n = (size_t)(stop - d);
        if (n && n < sizeof key / 3) {
            n = ng_gaz_fold(d, n, key);
            cand buf[MAX_CANDIDATES];
            bool dem;
            uint32_t k = collect(c, key, n, WANT_ANY, buf, &dem);
            mention tmp = {0, 0, 0, 0, 0, 0, buf, k, 0, false, -1, -1, false, false, false, false, false, false};
            for (uint32_t q = 0; q < k; q++) buf[q].score = prior(g, &buf[q]);
            int b = k ? best_by(&tmp) : -1;
            if (b >= 0 && buf[b].score > UNSUPPORTED / 2) add_context(g, w, buf[b].place, 2.0f);
        }
        d = comma ? comma + 1 : end;
    }
}

/* Some candidate of m is in another country than `co`. */
static bool namesake_abroad(const ng_gazetteer *g, const mention *m, uint32_t co)
{
    for (uint32_t z = 0; z < m->n_cands; z++) {
        uint32_t pl = m->cands[z].place;
        uint32_t c = ng_gaz_kind_of(g, pl) == NG_GAZ_COUNTRY ? pl : country_of(g, pl);
        if (c != co) return true;
    }
    return false;
}

/* 3. Rescores each candidate with the context the other words give (its
 * own group's vote taken out) and its container, then chooses each
 * mention's reading (-1: none good enough). */
static void rescore(const ng_gazetteer *g, mention *m, size_t nm, const context *cx)
{
    const float *w = cx->w;
    for (size_t k = 0; k < nm; k++) {
        uint32_t own = cx->place[cx->group[k]];
        float own_w = cx->weight[cx->group[k]];
        for (uint32_t q = 0; q < m[k].n_cands; q++) {
            cand *cd = &m[k].cands[q];
            uint32_t co = country_of(g, cd->place), re = region_of(g, cd->place);
            float wc = co != UINT32_MAX ? w[co] : 0, wr = re != UINT32_MAX && re != cd->place ? w[re] : 0;
            if (co != UINT32_MAX && co == country_of(g, own)) wc -= own_w;
            if (re != UINT32_MAX && re == region_of(g, own)) wr -= own_w;
            if (ng_gaz_kind_of(g, cd->place) == NG_GAZ_COUNTRY) wc = 0;
            /* "Mexico": the country's context does not lift its own state or
             * capital over the country the same word names. */
            for (uint32_t z = 0; z < m[k].n_cands && wc > 0; z++)
                if (m[k].cands[z].place == co) wc = 0;
            cd->score += CONTEXT_WEIGHT * (log1p(fmax(wc, 0)) + log1p(fmax(wr, 0)));
            /* "Clashes erupted in Georgia, Atlanta police said": a region
             * that holds other places of the article beats a namesake
             * abroad (the country Georgia). */
            if (ng_gaz_kind_of(g, cd->place) == NG_GAZ_ADMIN1 && namesake_abroad(g, &m[k], co)) {
                float inside = w[cd->place] - (region_of(g, own) == cd->place ? own_w : 0.0f);
                cd->score += CONTEXT_WEIGHT * log1p(fmax(inside, 0));
            }
            bool held = false;
            if (m[k].container >= 0) {
                const mention *o = &m[m[k].container];
                for (uint32_t z = 0; z < o->n_cands; z++)
                    if (contains(g, o->cands[z].place, cd->place)) { cd->score += 6.0; held = true; break; }
            }
            if (cd->score < UNSUPPORTED / 2 && (held || wr >= SMALL_TOWN_SUPPORT)) cd->score -= UNSUPPORTED;
        }
        if (m[k].want != WANT_REGION) capital_over_region(g, &m[k], w, own, own_w);
        m[k].chosen = best_by(&m[k]);
        if (m[k].cands[m[k].chosen].score < UNSUPPORTED / 2) m[k].chosen = -1;
    }
}

/* The container of "Kyiv, Ukraine" is what contains the choice. */
static void choose_containers(const ng_gazetteer *g, mention *m, size_t nm)
{
    for (size_t k = 0; k < nm; k++) {
        if (m[k].container < 0 || m[k].chosen < 0) continue;
        mention *o = &m[m[k].container];
        uint32_t pl = m[k].cands[m[k].chosen].place;
        for (uint32_t z = 0; z < o->n_cands; z++)
            if (contains(g, o->cands[z].place, pl)) { o->chosen = (int32_t)z; break; }
    }
}

/* One reading per key: the same words (and wanted kind) resolve the same
 * way throughout the article. The first mention of a key that stands
 * alone (no container) and has a reading gives that reading to every
 * later mention of the key. False when out of memory. */
static bool one_reading_per_key(ng_arena *a, mention *m, size_t nm)
{
    uint32_t *first = first_of_key(a, m, nm, true);
    int32_t *reading = ng_alloc(a, nm * sizeof *reading); /* per key (its first mention): the cand index, or -1 */
    if (!first || !reading) return false;
    for (size_t k = 0; k < nm; k++) {
        int32_t *r = &reading[first[k]];
        if (first[k] == k) *r = -1;
        if (*r >= 0) { m[k].chosen = *r; continue; }
        if (m[k].container >= 0 || m[k].chosen < 0) continue;
        uint32_t pl = m[k].cands[m[k].chosen].place;
        for (uint32_t z = 0; z < m[k].n_cands; z++)
            if (m[k].cands[z].place == pl) *r = (int32_t)z;
    }
    return true;
}

/* 4. Weak readings: a small city, no context for it, one word, a name
 * that is also a common first name... drop instead of guessing. The
 * tagger's LOC runs keep theirs. */
static void drop_weak(const ng_gazetteer *g, mention *m, size_t nm, const float *w)
{
    for (size_t k = 0; k < nm; k++) {
        if (m[k].chosen < 0 || m[k].tagged) continue;
        const cand *cd = &m[k].cands[m[k].chosen];
        if (ng_gaz_kind_of(g, cd->place) != NG_GAZ_CITY || is_county(g, cd->place)) continue;
        uint32_t co = country_of(g, cd->place), re = region_of(g, cd->place);
        float support = (co != UINT32_MAX ? w[co] : 0) + (re != UINT32_MAX ? w[re] : 0);
        const ng_gaz_place *p = ng_gaz_place_at(g, cd->place);
        if (support < 0.75f && p->population < 100000 && m[k].container < 0) m[k].chosen = -1;
    }
}

/* The words of m are the place's own name, case aside: not an alternate
 * ("Okay" for Les Cayes) nor a folded spelling ("Bush" for Būsh). */
static bool spelled_as_named(const ng_gazetteer *g, const ng_record *rec, const mention *m, const cand *cd)
{
    const char *name = ng_gaz_str(g, ng_gaz_place_at(g, cd->place)->name_off);
    size_t n = m->bend - m->bstart;
    if (cd->name_kind != NG_GAZ_NAME_MAIN || strlen(name) != n) return false;
    for (size_t i = 0; i < n; i++) {
        char a = rec->text.ptr[m->bstart + i], b = name[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
        if (a != b) return false;
    }
    return true;
}

/* A place well enough known to stand on the map without a cue: a country,
 * a first-level region, a county by its own name ("Laurel County" says
 * what it is), or a national capital or a city of 100,000 by its own
 * name. */
static bool major_place(const ng_gazetteer *g, const ng_record *rec, const mention *m)
{
    const cand *cd = &m->cands[m->chosen];
    const ng_gaz_place *p = ng_gaz_place_at(g, cd->place);
    if (ng_gaz_kind_of(g, cd->place) != NG_GAZ_CITY) return true;
    if (is_county(g, cd->place)) return spelled_as_named(g, rec, m, cd);
    return (p->population >= 100000 || !strcmp(ng_gaz_features[p->feature], "PPLC")) &&
           spelled_as_named(g, rec, m, cd);
}

/* y follows x in a list: only ",", "and", "or" or ", and" between. */
static bool listed_together(const ng_record *rec, const mention *x, const mention *y)
{
    uint32_t gap = y->tok_start - x->tok_end;
    if (y->tok_start < x->tok_end || gap < 1 || gap > 2) return false;
    for (uint32_t t = x->tok_end; t < y->tok_start; t++) {
        bool comma = rec->tokens[t].kind == NG_TOK_PUNCT && rec->text.ptr[rec->tokens[t].bstart] == ',';
        if (!comma && !word_is(rec, t, "and") && !word_is(rec, t, "or")) return false;
    }
    return true;
}

/* 4b. With the tagger's runs, a reading needs evidence: the tagger's LOC,
 * a container on either side ("Atlanta, Georgia"), a preposition of place
 * ("in Tell") or a major place; a name an organisation is named after
 * needs a major place or a container. Evidence for one mention of some
 * words holds for the article's other mentions of them; words the tagger
 * typed ORG ("Torrington firefighters", "Google") are a place only by
 * that, never by their own. `group` maps each
 * mention to the first with the same candidates. False when out of memory. */
static bool drop_unevidenced(ng_arena *a, const ng_gazetteer *g, const ng_record *rec, mention *m, size_t nm,
                             const uint32_t *group)
{
    bool *ok = ng_calloc(a, nm ? nm : 1, sizeof *ok);
    if (!ok) return false;
    for (size_t k = 0; k < nm; k++) {
        if (m[k].chosen < 0) continue;
        /* A country, region or county typed ORG or MISC is the place used
         * for its people or government ("US diplomats", "Georgia beat
         * Florida", "an Anderson County grand jury"): still that place. A
         * city is not ("Google" is not Topeka). */
        if (m[k].org_typed) {
            uint32_t pl = m[k].cands[m[k].chosen].place;
            if (ng_gaz_kind_of(g, pl) != NG_GAZ_CITY || is_county(g, pl)) ok[group[k]] = true;
            continue;
        }
        bool held = m[k].container >= 0 || m[k].holds;
        /* the tagger's LOC on a city's alternate name ("Okay" for Les
         * Cayes, "Franklin" for El Paso) is not enough, but for a city of
         * millions ("New York" for New York City) */
        const cand *cd = &m[k].cands[m[k].chosen];
        bool tagged = m[k].tagged && (ng_gaz_kind_of(g, cd->place) != NG_GAZ_CITY || cd->name_kind != NG_GAZ_NAME_ALT ||
                                      ng_gaz_place_at(g, cd->place)->population >= 1000000);
        if (tagged || held || (m[k].cued && !m[k].embedded) || major_place(g, rec, &m[k]))
            ok[group[k]] = true;
    }
    /* "Sharon, Cornwall and Kent": a list shares its evidence */
    for (int pass = 0; pass < 2; pass++)
        for (size_t q = 0; q + 1 < nm; q++) {
            size_t k = pass ? nm - 2 - q : q;
            if (m[k].chosen < 0 || m[k + 1].chosen < 0 || m[k].org_typed || m[k + 1].org_typed ||
                !listed_together(rec, &m[k], &m[k + 1]))
                continue;
            if (ok[group[k]] || ok[group[k + 1]]) ok[group[k]] = ok[group[k + 1]] = true;
        }
    for (size_t k = 0; k < nm; k++)
        if (m[k].chosen >= 0 && !ok[group[k]]) m[k].chosen = -1;
    return true;
}

/* What the mention was, for ng_places_reconcile. */
static uint8_t mention_flags(const ng_record *rec, const mention *m)
{
    uint32_t t = m->tok_start, j = m->tok_end;
    char w[48];
    /* "Bank of England", "University of the Philippines" */
    bool shape = t >= 1 && (word_is(rec, t - 1, "of") || (t >= 2 && word_is(rec, t - 1, "the") && word_is(rec, t - 2, "of")));
    /* "Kentucky Department of Education", "Indiana State Police" */
    if (cap_word_follows(rec, j) && word_is(rec, j, "state")) j++;
    shape |= cap_word_follows(rec, j) && lower_token(rec, j, w, sizeof w) && IN(w, org_heads);
    return (uint8_t)((m->party_home ? NG_PLACE_PARTY_HOME : 0) | (m->demonym ? NG_PLACE_DEMONYM : 0) |
                     (shape ? NG_PLACE_ORG_SHAPE : 0));
}

/* 5. The record's places: mentions grouped by their reading, places in
 * order of first mention, each with exactly its mentions (in `a`; the
 * look-ups and *flags, per place and mention its mention_flags, in
 * `scratch`). False when out of memory. */
static bool group_by_place(ng_arena *a, ng_arena *scratch, const ng_gazetteer *g, ng_record *rec, const mention *m,
                           size_t nm, uint8_t ***flags)
{
    size_t cap = 16;
    while (cap < 2 * nm) cap *= 2;
    uint32_t *key = ng_calloc(scratch, cap, sizeof *key); /* place + 1; 0 is empty */
    uint32_t *val = ng_alloc(scratch, cap * sizeof *val);  /* its slot */
    uint32_t *slot_of = ng_alloc(scratch, nm * sizeof *slot_of);
    uint32_t *place = ng_alloc(scratch, nm * sizeof *place);
    uint32_t *count = ng_calloc(scratch, nm, sizeof *count);
    if (!key || !val || !slot_of || !place || !count) return false;
    size_t np = 0;
    for (size_t k = 0; k < nm; k++) {
        slot_of[k] = UINT32_MAX;
        if (m[k].chosen < 0) continue;
        uint32_t pl = m[k].cands[m[k].chosen].place;
        size_t i = (size_t)ng_mix64(pl + 1) & (cap - 1);
        while (key[i] && key[i] != pl + 1) i = (i + 1) & (cap - 1);
        if (!key[i]) {
            key[i] = pl + 1;
            val[i] = (uint32_t)np;
            place[np++] = pl;
        }
        slot_of[k] = val[i];
        count[val[i]]++;
    }
    if (!np) return true;
    ng_place *places = ng_calloc(a, np, sizeof *places);
    uint8_t **fl = ng_alloc(scratch, np * sizeof *fl);
    if (!places || !fl) return false;
    for (size_t s = 0; s < np; s++)
        if (!(fl[s] = ng_alloc(scratch, count[s]))) return false;
    for (size_t s = 0; s < np; s++) {
        const ng_gaz_place *p = ng_gaz_place_at(g, place[s]);
        ng_place *o = &places[s];
        o->name = ng_strdup(a, ng_gaz_str(g, p->name_off));
        o->geonameid = p->geonameid;
        o->feature = ng_strdup(a, ng_gaz_features[p->feature]);
        if (p->country != NG_GAZ_NO_COUNTRY) memcpy(o->country, ng_gaz_code(g, p->country), 2);
        if (p->admin1 != NG_GAZ_NONE) o->admin1 = ng_strdup(a, ng_gaz_code(g, p->admin1));
        o->lat = p->lat_e5 / 1e5;
        o->lon = p->lon_e5 / 1e5;
        o->mentions = ng_alloc(a, count[s] * sizeof *o->mentions);
        if (!o->name.ptr || !o->feature.ptr || !o->mentions) return false;
    }
    for (size_t k = 0; k < nm; k++) {
        if (slot_of[k] == UINT32_MAX) continue;
        ng_place *o = &places[slot_of[k]];
        ng_str text = ng_strndup(a, rec->text.ptr + m[k].bstart, m[k].bend - m[k].bstart);
        if (!text.ptr) return false;
        fl[slot_of[k]][o->n_mentions] = mention_flags(rec, &m[k]);
        o->mentions[o->n_mentions++] = (ng_entity_mention){m[k].start, m[k].end, text};
    }
    rec->places = places;
    rec->n_places = np;
    *flags = fl;
    return true;
}

/* The stage with its working memory in `scratch` and its output in `a`.
 * Returns NULL or "out of memory". */
static const char *extract(ng_arena *a, ng_arena *scratch, const ng_gazetteer *g, ng_record *rec,
                           const ng_mention *ms, size_t n_ms)
{
    ctx c = {g, rec, scratch, NULL, 0, {NULL, 0, 0}, NULL, ms != NULL};
    const char *oom = "out of memory";
    uint8_t *sent_first = sentence_starts(scratch, rec);
    if (!sent_first) return oom;
    c.sent_first = sent_first;
    mention_vec v = {0};
    size_t n_tagged = 0;
    if (!find_candidates(&c, ms, n_ms, &v, &n_tagged)) return oom;
    if (!v.len) return NULL;
    qsort(v.items, v.len, sizeof *v.items, cmp_mention);
    mention *m = v.items;
    size_t nm = v.len;
    link_containers(rec, m, nm);
    context cx;
    if (!build_context(&c, m, nm, &cx)) return oom;
    if (rec->dateline.len) dateline_context(&c, cx.w);
    rescore(g, m, nm, &cx);
    choose_containers(g, m, nm);
    if (!one_reading_per_key(scratch, m, nm)) return oom;
    drop_weak(g, m, nm, cx.w);
    if (c.tagger && !drop_unevidenced(scratch, g, rec, m, nm, cx.group)) return oom;
    uint8_t **flags = NULL;
    if (!group_by_place(a, scratch, g, rec, m, nm, &flags)) return oom;
    /* with the tagger, its PER and ORG words are no place but as
     * place_entities.c retypes or nests them */
    return c.tagger && rec->n_places ? ng_places_reconcile(a, scratch, rec, flags) : NULL;
}

const char *ng_places_extract(ng_arena *a, const ng_gazetteer *g, ng_record *rec, const ng_mention *ms,
                              size_t n_ms)
{
    rec->places = NULL;
    rec->n_places = 0;
    if (!g || !g->n_names || !rec->n_tokens) return NULL;
    /* The candidates and their scores are dropped at the end: only the
     * places stay in the article's arena. */
    ng_arena scratch;
    ng_arena_init_scratch(&scratch, a);
    const char *err = extract(a, &scratch, g, rec, ms, n_ms);
    ng_arena_free(&scratch);
    if (err) {
        rec->places = NULL;
        rec->n_places = 0;
    }
    return err;
}

/* "mentions": [{start, end, text}], with "org": the organisation's entity
 * id on a mention inside its name. */
static void place_mentions_json(ng_buf *b, const ng_place *p)
{
    ng_buf_puts(b, ",\"mentions\":[");
    for (size_t k = 0; k < p->n_mentions; k++) {
        const ng_entity_mention *m = &p->mentions[k];
        ng_buf_printf(b, "%s{\"start\":%u,\"end\":%u,\"text\":", k ? "," : "", m->start, m->end);
        ng_json_string(b, m->text.ptr ? m->text.ptr : "", m->text.len);
        if (p->mention_org && p->mention_org[k]) ng_buf_printf(b, ",\"org\":%u", p->mention_org[k]);
        ng_buf_putc(b, '}');
    }
    ng_buf_putc(b, ']');
}

void ng_places_json(ng_buf *b, const ng_record *r)
{
    ng_buf_puts(b, ",\"places\":[");
    for (size_t i = 0; i < r->n_places; i++) {
        const ng_place *p = &r->places[i];
        if (i) ng_buf_putc(b, ',');
        ng_buf_puts(b, "{\"name\":");
        ng_json_string(b, p->name.ptr, p->name.len);
        ng_buf_printf(b, ",\"geonameid\":%u,\"feature\":", p->geonameid);
        ng_json_string(b, p->feature.ptr, p->feature.len);
        ng_buf_puts(b, ",\"country\":");
        if (p->country[0]) ng_json_string(b, p->country, strlen(p->country));
        else ng_buf_puts(b, "null");
        ng_json_str_or_null(b, "admin1", p->admin1);
        ng_buf_printf(b, ",\"lat\":%.5f,\"lon\":%.5f", p->lat, p->lon);
        place_mentions_json(b, p);
        ng_buf_putc(b, '}');
    }
    ng_buf_putc(b, ']');
}

/* The tagger's runs, when the "ner" stage ran: LOC runs are candidates,
 * PER runs and ORG runs (but for the place an organisation is named after)
 * veto the gazetteer, and its typing makes evidence necessary. */
static const char *find_places(ng_stage_ctx *stage)
{
    static const ng_mention tagger_found_none[1];
    const ng_mention *ms = stage->n_mentions ? stage->mentions : stage->tagger ? tagger_found_none : NULL;
    return ng_places_extract(stage->arena, stage->gazetteer, stage->rec, ms, stage->n_mentions);
}

const ng_stage ng_stage_places = {"places", find_places, ng_places_json};
