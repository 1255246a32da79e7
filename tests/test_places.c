/*
 * test_places.c: the gazetteer (format, validation, folding, lookup) and the
 * places stage on sentences written for these tests, with the committed
 * data/gazetteer.bin (tests run from the repository root).
 */
#include "check.h"

#define GAZETTEER_PATH "data/gazetteer.bin"
#include "entity.h"
#include "places.h"

#include <math.h>
#include <stdlib.h>

static ng_gazetteer gaz;
static bool have_gaz;

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = aligned_alloc(8, ((size_t)n + 7) & ~(size_t)7);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    fclose(f);
    *len = (size_t)n;
    return b;
}

TEST(fold)
{
    char out[64];
    ng_gaz_fold("Kraków", strlen("Kraków"), out);
    CHECK_STR(out, "krakow");
    ng_gaz_fold("São  Paulo", strlen("São  Paulo"), out);
    CHECK_STR(out, "sao paulo");
    ng_gaz_fold("KYIV", 4, out);
    CHECK_STR(out, "kyiv");
    ng_gaz_fold("Martha’s Vineyard", strlen("Martha’s Vineyard"), out);
    CHECK_STR(out, "martha's vineyard");
}

static bool has_place(const char *key, ng_gaz_kind kind, const char *cc)
{
    char k[128];
    size_t n = ng_gaz_fold(key, strlen(key), k), first;
    size_t cnt = ng_gaz_find(&gaz, k, n, &first);
    for (size_t i = 0; i < cnt; i++) {
        uint32_t pl = ng_gaz_name_place(&gaz.names[first + i]);
        const ng_gaz_place *p = ng_gaz_place_at(&gaz, pl);
        if (ng_gaz_kind_of(&gaz, pl) == kind && p->country != NG_GAZ_NO_COUNTRY &&
            !strcmp(ng_gaz_code(&gaz, p->country), cc))
            return true;
    }
    return false;
}

TEST(lookup)
{
    CHECK(has_place("New York", NG_GAZ_CITY, "US"));
    CHECK(has_place("new york", NG_GAZ_ADMIN1, "US"));
    CHECK(has_place("Kursk Oblast", NG_GAZ_ADMIN1, "RU"));
    CHECK(has_place("Kursk", NG_GAZ_ADMIN1, "RU")); /* the region without its generic word */
    CHECK(has_place("North Korean", NG_GAZ_COUNTRY, "KP"));
    CHECK(has_place("Ukraine", NG_GAZ_COUNTRY, "UA"));
    CHECK(has_place("MÜNCHEN", NG_GAZ_CITY, "DE"));
    CHECK(!has_place("Nowhereville Xyz", NG_GAZ_CITY, "US"));
    CHECK(ng_gaz_has_prefix(&gaz, "new", 3));
    CHECK(ng_gaz_has_prefix(&gaz, "kursk", 5));   /* "kursk oblast" */
    CHECK(!ng_gaz_has_prefix(&gaz, "kursk oblast", 12));
}

TEST(corrupt_files_are_errors)
{
    size_t len;
    unsigned char *b = read_file(GAZETTEER_PATH, &len);
    CHECK(b != NULL);
    if (!b) return;
    ng_gazetteer g;
    CHECK(ng_gaz_from_memory(&g, b, len) == NULL);
    /* truncated at several points */
    size_t cuts[] = {0, 10, 63, 64, 1000, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) CHECK(ng_gaz_from_memory(&g, b, cuts[i]) != NULL);
    /* one flipped byte in the body: the checksum catches it */
    b[len / 3] ^= 0x40;
    const char *err = ng_gaz_from_memory(&g, b, len);
    CHECK(err && strstr(err, "checksum"));
    b[len / 3] ^= 0x40;
    b[0] = 'X';
    err = ng_gaz_from_memory(&g, b, len);
    CHECK(err && strstr(err, "magic"));
    free(b);
    CHECK(ng_gaz_open(&g, "/nonexistent/gazetteer.bin") != NULL);
    CHECK(ng_gaz_open(&g, "tests") != NULL); /* a directory */
}

/* ---- the stage, through the public pipeline ---------------------------- */
typedef struct { size_t n_places; char names[32][64]; char cc[32][3];
                 char feature[32][8]; double lat[32], lon[32]; uint32_t start[32], end[32]; } result;

static void on_record(void *ud, const ng_record *r)
{
    result *res = ud;
    res->n_places = r->n_places < 32 ? r->n_places : 32;
    for (size_t i = 0; i < res->n_places; i++) {
        snprintf(res->names[i], sizeof res->names[i], "%s", r->places[i].name.ptr);
        snprintf(res->cc[i], 3, "%s", r->places[i].country);
        snprintf(res->feature[i], 8, "%s", r->places[i].feature.ptr);
        res->lat[i] = r->places[i].lat;
        res->lon[i] = r->places[i].lon;
        res->start[i] = r->places[i].mentions[0].start;
        res->end[i] = r->places[i].mentions[0].end;
        /* every mention's text is the text at its span */
        for (size_t k = 0; k < r->places[i].n_mentions; k++) {
            const ng_entity_mention *m = &r->places[i].mentions[k];
            CHECK(m->end > m->start && m->end <= r->text_chars);
        }
    }
}

static result res;
static ng_resources *resources; /* the gazetteer, opened once for every test */

static void extract(const char *text)
{
    memset(&res, 0, sizeof res);
    ng_options o;
    ng_options_init(&o);
    o.format = NG_FORMAT_TEXT;
    ng_pipeline *p = ng_pipeline_new(&o, resources);
    ng_sink sink = {on_record, NULL, &res};
    CHECK(ng_process_memory(p, "t", text, strlen(text), &sink) == 0);
    ng_pipeline_free(p);
}

static int find(const char *name)
{
    for (size_t i = 0; i < res.n_places; i++)
        if (!strcmp(res.names[i], name)) return (int)i;
    return -1;
}

TEST(region_pattern)
{
    extract("Fighting went on in the Kursk region of Russia for a third week, officials said on Monday.\n");
    int i = find("Kursk Oblast");
    CHECK(i >= 0);
    if (i >= 0) { CHECK_STR(res.feature[i], "ADM1"); CHECK_STR(res.cc[i], "RU"); CHECK_INT(res.start[i], 24); CHECK_INT(res.end[i], 29); }
    CHECK(find("Russia") >= 0);
}

TEST(city_in_country)
{
    extract("Officials in Kyiv, Ukraine, said the talks would resume. The mayor of Kyiv agreed.\n");
    int i = find("Kyiv");
    CHECK(i >= 0);
    if (i >= 0) {
        CHECK_STR(res.cc[i], "UA");
        CHECK(fabs(res.lat[i] - 50.45) < 0.3 && fabs(res.lon[i] - 30.52) < 0.3);
    }
    CHECK(find("Ukraine") >= 0);
    /* a sentence's first word is not a first name */
    extract("Although Kyiv's troops advanced quickly, the lines held for weeks.\n");
    CHECK(find("Kyiv") >= 0);
}

TEST(container_beats_population)
{
    /* Paris, Texas is a small town; the container says which Paris. */
    extract("The rodeo in Paris, Texas, drew a record crowd this weekend, organisers said.\n");
    int i = find("Paris");
    CHECK(i >= 0);
    if (i >= 0) CHECK_STR(res.cc[i], "US");
    extract("The exhibition opened in Paris on Tuesday, and the French culture minister attended.\n");
    i = find("Paris");
    CHECK(i >= 0);
    if (i >= 0) CHECK_STR(res.cc[i], "FR");
}

TEST(demonyms_map_to_countries)
{
    extract("Some 11,000 North Korean troops are deployed there, according to Ukrainian officials.\n");
    int i = find("North Korea");
    CHECK(i >= 0);
    if (i >= 0) { CHECK_STR(res.cc[i], "KP"); CHECK_INT(res.start[i], 12); CHECK_INT(res.end[i], 24); }
    CHECK(find("Ukraine") >= 0);
}

TEST(people_are_not_places)
{
    /* Jackson, Florence and Lincoln are towns; here they are people. */
    extract("Florence Jackson met Lincoln Barnes at the school board meeting. Jackson said the budget was tight.\n");
    CHECK_INT(res.n_places, 0);
    /* a surname stays a surname for the whole article */
    extract("Mayor Ellen Harlan spoke first. Later, Harlan said the bridge would reopen.\n");
    CHECK(find("Harlan") < 0);
    /* a common word capitalised at the start of a sentence */
    extract("Reading the report, the council was alarmed. Its reading of the law differs.\n");
    CHECK_INT(res.n_places, 0);
}

TEST(country_context_picks_the_namesake)
{
    extract("Police in Gainesville, Georgia, arrested two men. Atlanta detectives helped, and a judge in "
            "Athens set bail on Friday.\n");
    int i = find("Athens");
    CHECK(i >= 0);
    if (i >= 0) CHECK_STR(res.cc[i], "US");
}

TEST(capital_over_same_named_region)
{
    /* Bare "Washington" is the capital, not the state with more people. */
    extract("Lawmakers in Washington passed the bill on Thursday, and the senator flew home.\n");
    int i = find("Washington");
    CHECK(i >= 0);
    if (i >= 0) { CHECK_STR(res.feature[i], "PPLC"); CHECK(fabs(res.lat[i] - 38.9) < 0.3); }
    /* asked for, or with the article already in the state, it is the state */
    extract("Farmers in Washington state and Oregon lost crops to the heat.\n");
    i = find("Washington");
    CHECK(i >= 0);
    if (i >= 0) CHECK_STR(res.feature[i], "ADM1");
    extract("Crews from Spokane and Yakima fought fires across eastern Washington this week.\n");
    i = find("Washington");
    CHECK(i >= 0);
    if (i >= 0) CHECK_STR(res.feature[i], "ADM1");
}

TEST(small_towns_need_evidence)
{
    /* Towns under 5,000 people are in the gazetteer but read only with a
     * container or other mentions in their region. */
    extract("Schools in Springfield, Missouri, and nearby Rogersville closed early, Missouri officials said.\n");
    int i = find("Rogersville");
    CHECK(i >= 0);
    if (i >= 0) CHECK_STR(res.cc[i], "US");
    extract("A Rogersville, Missouri, teacher won the award.\n");
    i = find("Rogersville");
    CHECK(i >= 0);
    if (i >= 0) CHECK(fabs(res.lat[i] - 37.1) < 0.3);
    /* bare, neither small Rogersville (Missouri 37.1,-93.1; Tennessee 36.4,-83.0) */
    extract("The Rogersville team won the game on Friday night.\n");
    for (size_t k = 0; k < res.n_places; k++)
        CHECK(!(fabs(res.lat[k] - 37.1) < 0.3 && fabs(res.lon[k] + 93.1) < 0.3) &&
              !(fabs(res.lat[k] - 36.4) < 0.3 && fabs(res.lon[k] + 83.0) < 0.3));
}

TEST(country_context_does_not_demote_the_country)
{
    /* Many Mexican places must not turn "Mexico" into Mexico City or the
     * State of Mexico: the context that lifts them is the country's own. */
    extract("Officials in Guadalajara, Monterrey, Tijuana, Cancun, Oaxaca, Acapulco, Merida, Leon and "
            "Chihuahua said Mexico would respond to the tariffs.\n");
    int i = find("Mexico");
    CHECK(i >= 0);
    if (i >= 0) { CHECK_STR(res.feature[i], "PCLI"); CHECK_STR(res.cc[i], "MX"); }
    CHECK(find("Mexico City") < 0);
}

TEST(state_abbreviation_with_its_period)
{
    /* "Ga." is not one of the tokenizer's abbreviations: the word and its
     * period still name Georgia, and it is the container of Athens. */
    extract("The coach grew up in Athens, Ga., and moved west in 1990.\n");
    int i = find("Athens"), s = find("Georgia");
    CHECK(i >= 0 && s >= 0);
    if (i >= 0) CHECK_STR(res.cc[i], "US");
    if (s >= 0) { CHECK_STR(res.feature[s], "ADM1"); CHECK_INT(res.end[s] - res.start[s], 3); }
}

/* Great-circle distance in km. */
static double km(double la1, double lo1, double la2, double lo2)
{
    double r = 3.14159265358979323846 / 180, dp = (la2 - la1) * r, dl = (lo2 - lo1) * r;
    double h = sin(dp / 2) * sin(dp / 2) + cos(la1 * r) * cos(la2 * r) * sin(dl / 2) * sin(dl / 2);
    return 2 * 6371.0 * asin(fmin(1.0, sqrt(h)));
}

TEST(country_points_follow_land)
{
    /* Country points come from the land nearest their towns, not from where
     * towns are dense: Egypt is not on the Nile, China not on its east coast,
     * and the United States stays in the contiguous states (GeoNames' points
     * are 27,30; 35,105; 39.76,-98.5). */
    extract("Egypt and China signed the deal, and the United States objected.\n");
    int e = find("Egypt"), c = find("China"), u = find("United States");
    CHECK(e >= 0 && c >= 0 && u >= 0);
    if (e >= 0) CHECK(km(res.lat[e], res.lon[e], 27, 30) < 161);
    if (c >= 0) CHECK(km(res.lat[c], res.lon[c], 35, 105) < 161);
    if (u >= 0) CHECK(km(res.lat[u], res.lon[u], 39.76, -98.5) < 161);
}

/* ---- the stage called directly, with tagger mentions ---------------------- */

/* Builds the record of one paragraph in `a` and runs the stage on it. */
static const char *places_of(ng_arena *a, const char *text, ng_record *rec, const ng_mention *ms, size_t n_ms)
{
    ng_article art;
    memset(&art, 0, sizeof art);
    memset(rec, 0, sizeof *rec);
    CHECK(ng_article_add_block(a, &art, (ng_str){text, strlen(text)}, NG_BLOCK_PARAGRAPH));
    CHECK(ng_record_build(a, &art, rec) == NULL);
    return ng_places_extract(a, &gaz, rec, ms, n_ms);
}

static bool in_record(const ng_record *r, const char *name)
{
    for (size_t i = 0; i < r->n_places; i++)
        if (!strcmp(r->places[i].name.ptr, name)) return true;
    return false;
}

TEST(tagger_runs)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    /* A weak reading (a town of some thousands, no context) is dropped,
     * unless the tagger called the words a place; that holds wherever its
     * run sorts among the other mentions (here after "Lyon"). */
    const char *t = "Officials in Lyon cheered the Dover team.";
    CHECK(places_of(&a, t, &rec, NULL, 0) == NULL);
    CHECK(in_record(&rec, "Lyon") && !in_record(&rec, "Dover"));
    ng_mention loc = {5, 6, NG_NE_LOC};
    CHECK(places_of(&a, t, &rec, &loc, 1) == NULL);
    CHECK(in_record(&rec, "Lyon") && in_record(&rec, "Dover"));
    /* a PER run vetoes the gazetteer matches inside it */
    t = "Vladimir Putin flew to Vienna.";
    ng_mention per = {0, 2, NG_NE_PER};
    CHECK(places_of(&a, t, &rec, &per, 1) == NULL);
    CHECK(in_record(&rec, "Vienna") && rec.n_places == 1);
    /* ...but a one-word PER run that is a capital's own name after a
     * preposition of place is the tagger's slip; a first name stays a
     * person ("talked to Jordan" is no country) */
    t = "The soldiers were transported to Vienna on Sunday.";
    ng_mention slip = {5, 6, NG_NE_PER};
    CHECK(places_of(&a, t, &rec, &slip, 1) == NULL);
    CHECK(in_record(&rec, "Vienna"));
    t = "The minister talked to Jordan on Sunday.";
    ng_mention jordan = {4, 5, NG_NE_PER};
    CHECK(places_of(&a, t, &rec, &jordan, 1) == NULL);
    CHECK(rec.n_places == 0);
    /* a one-word PER run before a comma and a region that holds a town of
     * that name is a slip too; a first name there stays a person */
    t = "CHARLESTON, W.Va. -- The council met.";
    ng_mention dateline = {0, 1, NG_NE_PER};
    CHECK(places_of(&a, t, &rec, &dateline, 1) == NULL);
    CHECK(in_record(&rec, "Charleston") && in_record(&rec, "West Virginia"));
    t = "Harris, Texas Republicans said, would run.";
    ng_mention harris = {0, 1, NG_NE_PER};
    CHECK(places_of(&a, t, &rec, &harris, 1) == NULL);
    CHECK(!in_record(&rec, "Harris"));
    ng_arena_free(&a);
}

TEST(counties_by_their_full_name)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    /* "Laurel County" is a county of Kentucky, placed among its towns;
     * "Laurel" alone is never the county */
    const char *t = "Deputies in Laurel County, Kentucky, arrested two men.";
    CHECK(places_of(&a, t, &rec, NULL, 0) == NULL);
    bool found = false;
    for (size_t i = 0; i < rec.n_places; i++) {
        const ng_place *p = &rec.places[i];
        if (strcmp(p->name.ptr, "Laurel County")) continue;
        found = true;
        CHECK_STR(p->feature.ptr, "ADM2");
        CHECK_STR(p->country, "US");
        CHECK_STR(p->admin1.ptr, "KY");
        CHECK(p->lat > 36.8 && p->lat < 37.4 && p->lon > -84.4 && p->lon < -83.8);
        CHECK_INT(p->mentions[0].start, 12);
        CHECK_INT(p->mentions[0].end, 25);
    }
    CHECK(found);
    /* with the tagger, the county's name is its own evidence, and the state
     * around it picks the namesake (Henry County is in ten states) */
    t = "Henry County deputies and Atlanta police searched the area near McDonough, Georgia.";
    ng_mention none[1] = {{0}};
    CHECK(places_of(&a, t, &rec, none, 0) == NULL);
    found = false;
    for (size_t i = 0; i < rec.n_places; i++)
        if (!strcmp(rec.places[i].name.ptr, "Henry County")) {
            found = true;
            CHECK_STR(rec.places[i].admin1.ptr, "GA");
        }
    CHECK(found);
    t = "Laurel said she would come back.";
    CHECK(places_of(&a, t, &rec, NULL, 0) == NULL);
    CHECK(!in_record(&rec, "Laurel County"));
    /* a list that ends in "counties" names counties, whatever the tagger
     * made of a name in it; the mention is the name alone */
    t = "School boards in Barrow, Jackson and Madison counties tweaked their policies.";
    ng_mention jackson = {5, 6, NG_NE_PER};
    CHECK(places_of(&a, t, &rec, &jackson, 1) == NULL);
    CHECK(in_record(&rec, "Barrow County") && in_record(&rec, "Jackson County") && in_record(&rec, "Madison County"));
    for (size_t i = 0; i < rec.n_places; i++)
        if (!strcmp(rec.places[i].name.ptr, "Jackson County")) CHECK_STR(rec.places[i].mentions[0].text.ptr, "Jackson");
    ng_arena_free(&a);
}

/* rec has exactly the n places named. */
static bool only_places(const ng_record *r, size_t n, const char *const *names)
{
    if (r->n_places != n) return false;
    for (size_t i = 0; i < n; i++)
        if (!in_record(r, names[i])) return false;
    return true;
}

TEST(organisations_are_not_places)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    /* A whole ORG run, or the head of one, is never a city: "Google" is
     * also a name of Topeka, "Hamas" folds to Hamm, "Reserve" is a town. */
    ng_mention google = {0, 1, NG_NE_ORG};
    CHECK(places_of(&a, "Google said its profits rose.", &rec, &google, 1) == NULL);
    CHECK_INT(rec.n_places, 0);
    ng_mention fed[] = {{1, 3, NG_NE_ORG}, {7, 8, NG_NE_LOC}};
    CHECK(places_of(&a, "The Federal Reserve held rates in Washington.", &rec, fed, 2) == NULL);
    CHECK(only_places(&rec, 1, (const char *const[]){"Washington"}));
    /* The place an organisation is named after is that place: its first
     * words before an organisation's word, or the words after "of". */
    ng_mention council = {0, 3, NG_NE_ORG};
    CHECK(places_of(&a, "Chicago Police Department approved the budget.", &rec, &council, 1) == NULL);
    CHECK(only_places(&rec, 1, (const char *const[]){"Chicago"}));
    ng_mention uni = {2, 5, NG_NE_ORG};
    CHECK(places_of(&a, "Students at University of Kentucky protested.", &rec, &uni, 1) == NULL);
    CHECK(only_places(&rec, 1, (const char *const[]){"Kentucky"}));
    /* ...but a two-word run without such a word is a mistyped person */
    ng_mention hilton = {0, 2, NG_NE_ORG};
    CHECK(places_of(&a, "Paris Hilton launched a perfume.", &rec, &hilton, 1) == NULL);
    CHECK_INT(rec.n_places, 0);
    /* a MISC run is no place either, unless it is a demonym */
    ng_mention bush[] = {{1, 2, NG_NE_MISC}, {5, 6, NG_NE_MISC}};
    CHECK(places_of(&a, "The Bush administration and Iraqi officials met.", &rec, bush, 2) == NULL);
    CHECK(only_places(&rec, 1, (const char *const[]){"Iraq"}));
    /* a country the tagger typed ORG is the country used for its
     * government: still the country */
    ng_mention us = {0, 1, NG_NE_ORG};
    CHECK(places_of(&a, "Russia expelled diplomats.", &rec, &us, 1) == NULL);
    CHECK(only_places(&rec, 1, (const char *const[]){"Russia"}));
    ng_arena_free(&a);
}

/* ---- places and entities agree ------------------------------------------ */

/* The record of `text` with the tagger runs ms (each {first word, words,
 * type}, words counted among the record's word tokens), its entities
 * resolved from them, then its places. */
typedef struct { uint32_t word, n_words; uint8_t type; } run;
static void agree_of(ng_arena *a, const char *text, ng_record *rec, const run *runs, size_t n)
{
    ng_article art;
    memset(&art, 0, sizeof art);
    memset(rec, 0, sizeof *rec);
    CHECK(ng_article_add_block(a, &art, (ng_str){text, strlen(text)}, NG_BLOCK_PARAGRAPH));
    CHECK(ng_record_build(a, &art, rec) == NULL);
    ng_mention ms[8];
    for (size_t k = 0; k < n && k < 8; k++) {
        uint32_t w = 0, t = 0;
        while (t < rec->n_tokens && (rec->tokens[t].kind == NG_TOK_PUNCT || w < runs[k].word)) {
            if (rec->tokens[t].kind != NG_TOK_PUNCT) w++;
            t++;
        }
        ms[k] = (ng_mention){t, t + runs[k].n_words, runs[k].type};
    }
    CHECK(ng_entities_resolve(a, rec, ms, n) == NULL);
    static const ng_mention none[1];
    CHECK(ng_places_extract(a, &gaz, rec, n ? ms : none, n) == NULL);
    char why[256];
    CHECK(ng_record_check(rec, why, sizeof why));
}

/* No place mention lies on a PER or ORG entity mention, but for the place
 * an organisation is named after, which names that organisation. */
static bool agree(const ng_record *r)
{
    for (size_t i = 0; i < r->n_places; i++)
        for (size_t k = 0; k < r->places[i].n_mentions; k++) {
            const ng_entity_mention *m = &r->places[i].mentions[k];
            uint32_t org = r->places[i].mention_org ? r->places[i].mention_org[k] : 0;
            for (size_t e = 0; e < r->n_entities; e++) {
                const ng_entity *en = &r->entities[e];
                if (en->type != NG_ENTITY_PER && en->type != NG_ENTITY_ORG) continue;
                for (size_t q = 0; q < en->n_mentions; q++)
                    if (en->mentions[q].start < m->end && m->start < en->mentions[q].end &&
                        !(en->type == NG_ENTITY_ORG && org == en->id))
                        return false;
            }
        }
    return true;
}

/* The entity with a mention whose words are `text`, or NULL. */
static const ng_entity *entity_written(const ng_record *r, const char *text)
{
    for (size_t e = 0; e < r->n_entities; e++)
        for (size_t q = 0; q < r->entities[e].n_mentions; q++)
            if (!strcmp(r->entities[e].mentions[q].text.ptr, text)) return &r->entities[e];
    return NULL;
}

TEST(places_and_entities_agree)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    /* organisations and people are no places: Topeka ("Google"), Hamm
     * ("Hamas"), Vladimir Oblast, Reserve (Louisiana), Unity State */
    agree_of(&a, "Google said its profits rose.", &rec, (const run[]){{0, 1, NG_NE_ORG}}, 1);
    CHECK(rec.n_places == 0 && agree(&rec) && entity_written(&rec, "Google")->type == NG_ENTITY_ORG);
    agree_of(&a, "Hamas said it would attend the talks.", &rec, (const run[]){{0, 1, NG_NE_ORG}}, 1);
    CHECK(rec.n_places == 0 && agree(&rec));
    agree_of(&a, "Vladimir Putin flew to Vienna.", &rec, (const run[]){{0, 2, NG_NE_PER}, {4, 1, NG_NE_LOC}}, 2);
    CHECK(only_places(&rec, 1, (const char *const[]){"Vienna"}) && agree(&rec));
    agree_of(&a, "The Federal Reserve held rates.", &rec, (const run[]){{1, 2, NG_NE_ORG}}, 1);
    CHECK(rec.n_places == 0 && agree(&rec));
    agree_of(&a, "Unity Technologies cut 300 jobs.", &rec, (const run[]){{0, 2, NG_NE_ORG}}, 1);
    CHECK(rec.n_places == 0 && agree(&rec));
    /* the city of a city-state pair, and the state of a state-country pair
     * by the city it holds */
    agree_of(&a, "Police in New York arrested 12 people.", &rec, (const run[]){{2, 2, NG_NE_LOC}}, 1);
    CHECK(only_places(&rec, 1, (const char *const[]){"New York City"}) && agree(&rec));
    agree_of(&a, "Clashes erupted in Georgia, Atlanta police said.", &rec,
             (const run[]){{3, 1, NG_NE_LOC}, {4, 1, NG_NE_LOC}}, 2);
    CHECK(only_places(&rec, 2, (const char *const[]){"Georgia", "Atlanta"}) && agree(&rec));
    CHECK_STR(rec.places[0].country, "US");
    /* a place with evidence on words typed PER or ORG: the entity mention
     * becomes a place's (a dateline with its state; a country standing for
     * its government) */
    agree_of(&a, "CHARLESTON, W.Va. -- The council met.", &rec, (const run[]){{0, 1, NG_NE_PER}}, 1);
    CHECK(in_record(&rec, "Charleston") && agree(&rec) && entity_written(&rec, "CHARLESTON")->type == NG_ENTITY_LOC);
    agree_of(&a, "Russia expelled two diplomats.", &rec, (const run[]){{0, 1, NG_NE_ORG}}, 1);
    CHECK(only_places(&rec, 1, (const char *const[]){"Russia"}) && agree(&rec));
    const ng_entity *ru = entity_written(&rec, "Russia");
    CHECK(ru->type == NG_ENTITY_LOC);
    CHECK_STR(ru->country, "RU");
    /* one sense per discourse: a name typed PER that is a capital read with
     * evidence in one mention ("taken to Kyiv") is the place in all of them */
    agree_of(&a, "Kyiv has captured two soldiers, who were taken to Kyiv.", &rec,
             (const run[]){{0, 1, NG_NE_PER}, {9, 1, NG_NE_PER}}, 2);
    CHECK(in_record(&rec, "Kyiv") && agree(&rec));
    const ng_entity *kyiv = entity_written(&rec, "Kyiv");
    CHECK(kyiv && kyiv->type == NG_ENTITY_LOC && kyiv->n_mentions == 2 && rec.n_entities == 1);
    /* a legislator's party and home: the home is a place, not a person */
    agree_of(&a, "The bill of Sen. Jane Roe, D-Charleston, passed in West Virginia.", &rec,
             (const run[]){{4, 2, NG_NE_PER}, {6, 1, NG_NE_PER}, {9, 2, NG_NE_LOC}}, 3);
    CHECK(in_record(&rec, "Charleston") && agree(&rec));
    CHECK(entity_written(&rec, "Charleston") && entity_written(&rec, "Charleston")->type == NG_ENTITY_LOC);
    CHECK(entity_written(&rec, "Jane Roe")->type == NG_ENTITY_PER);
    /* one mention of a person's entity on a county list moves to a place
     * entity; the person keeps the other, ids stay 1..n in text order */
    agree_of(&a, "Jackson said schools in Barrow, Jackson and Madison counties would reopen.", &rec,
             (const run[]){{0, 1, NG_NE_PER}, {5, 1, NG_NE_PER}}, 2);
    CHECK(in_record(&rec, "Jackson County") && agree(&rec));
    CHECK(rec.n_entities == 2 && rec.entities[0].type == NG_ENTITY_PER && rec.entities[0].n_mentions == 1 &&
          rec.entities[1].type == NG_ENTITY_LOC && rec.entities[1].id == 2);
    CHECK_INT(rec.entities[1].mentions[0].start, 32);
    /* the place an organisation is named after stays, naming it */
    agree_of(&a, "Students at the University of Kentucky protested.", &rec, (const run[]){{3, 3, NG_NE_ORG}}, 1);
    CHECK(only_places(&rec, 1, (const char *const[]){"Kentucky"}) && agree(&rec));
    const ng_entity *uk = entity_written(&rec, "University of Kentucky");
    CHECK(uk->type == NG_ENTITY_ORG && rec.places[0].mention_org && rec.places[0].mention_org[0] == uk->id);
    ng_arena_free(&a);
}

TEST(common_words_need_evidence)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    static const ng_mention none[1];
    /* With the tagger run (here: it found nothing), a capitalised word
     * that is only some town's name or alternate name is no place... */
    CHECK(places_of(&a, "Okay, the coach said. Tell me more.", &rec, none, 0) == NULL);
    CHECK_INT(rec.n_places, 0);
    /* ...nor is it on the tagger's word alone when it is a city's
     * alternate name ("Okay" is one of Les Cayes) */
    ng_mention okay = {0, 1, NG_NE_LOC};
    CHECK(places_of(&a, "Okay, the coach said.", &rec, &okay, 1) == NULL);
    CHECK_INT(rec.n_places, 0);
    /* evidence: a preposition of place, a container, a list with a place
     * that has evidence, a major place */
    CHECK(places_of(&a, "The flood reached Rogersville, Missouri.", &rec, none, 0) == NULL);
    CHECK(in_record(&rec, "Rogersville") && in_record(&rec, "Missouri"));
    CHECK(places_of(&a, "Crews worked in Torrington overnight.", &rec, none, 0) == NULL);
    CHECK(in_record(&rec, "Torrington"));
    CHECK(places_of(&a, "Torrington firefighters worked overnight.", &rec, none, 0) == NULL);
    CHECK(in_record(&rec, "Torrington"));
    CHECK(places_of(&a, "Residents of Sharon, Cornwall and Salisbury voted.", &rec, none, 0) == NULL);
    CHECK(in_record(&rec, "Cornwall") || in_record(&rec, "Salisbury"));
    CHECK(places_of(&a, "Chicago reported a mild winter.", &rec, none, 0) == NULL);
    CHECK(in_record(&rec, "Chicago"));
    ng_arena_free(&a);
}

TEST(which_of_same_named_places)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    /* the city, not the state, when it holds a quarter of the state's
     * people */
    ng_mention ny = {2, 4, NG_NE_LOC};
    CHECK(places_of(&a, "Police in New York arrested 12 people.", &rec, &ny, 1) == NULL);
    CHECK(rec.n_places == 1 && !strcmp(rec.places[0].feature.ptr, "PPL") && rec.places[0].lat > 40.5 &&
          rec.places[0].lat < 40.9);
    /* a region that holds another place of the text beats a namesake
     * abroad */
    ng_mention ga[] = {{3, 4, NG_NE_LOC}, {5, 6, NG_NE_LOC}};
    CHECK(places_of(&a, "Clashes erupted in Georgia, Atlanta police said.", &rec, ga, 2) == NULL);
    for (size_t i = 0; i < rec.n_places; i++)
        if (!strcmp(rec.places[i].name.ptr, "Georgia")) {
            CHECK_STR(rec.places[i].country, "US");
            CHECK_STR(rec.places[i].feature.ptr, "ADM1");
        }
    CHECK(in_record(&rec, "Georgia") && in_record(&rec, "Atlanta"));
    /* without such a place it stays the country */
    ng_mention ge[] = {{2, 3, NG_NE_LOC}, {4, 5, NG_NE_LOC}};
    CHECK(places_of(&a, "Farmers in Georgia and Armenia protested.", &rec, ge, 2) == NULL);
    for (size_t i = 0; i < rec.n_places; i++)
        if (!strcmp(rec.places[i].name.ptr, "Georgia")) CHECK_STR(rec.places[i].country, "GE");
    ng_arena_free(&a);
}

TEST(many_mentions_of_few_places)
{
    /* Each place gets exactly its mentions, in text order. */
    enum { N = 3000 };
    static char text[N * 16 + 1];
    size_t len = 0;
    for (int k = 0; k < N; k++) len += (size_t)snprintf(text + len, sizeof text - len, "Paris and Lyon. ");
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec;
    CHECK(places_of(&a, text, &rec, NULL, 0) == NULL);
    CHECK_INT(rec.n_places, 2);
    for (size_t i = 0; i < rec.n_places; i++) {
        CHECK_INT(rec.places[i].n_mentions, N);
        for (size_t k = 1; k < rec.places[i].n_mentions; k++)
            CHECK(rec.places[i].mentions[k].start > rec.places[i].mentions[k - 1].start);
    }
    if (rec.n_places == 2) CHECK(!strcmp(rec.places[0].name.ptr, "Paris") && !strcmp(rec.places[1].name.ptr, "Lyon"));
    ng_arena_free(&a);
}

TEST(no_gazetteer_no_places)
{
    memset(&res, 0, sizeof res);
    ng_options o;
    ng_options_init(&o);
    o.format = NG_FORMAT_TEXT;
    ng_pipeline *p = ng_pipeline_new(&o, NULL);
    ng_sink sink = {on_record, NULL, &res};
    const char *t = "Officials in Kyiv said so.\n";
    CHECK(ng_process_memory(p, "t", t, strlen(t), &sink) == 0);
    CHECK_INT(res.n_places, 0);
    ng_pipeline_free(p);
    /* a named but missing gazetteer fails to open, with the path and why */
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.gazetteer = "/nonexistent/gazetteer.bin";
    char why[256];
    CHECK(ng_resources_open(&ro, why, sizeof why) == NULL);
    CHECK(strstr(why, "/nonexistent/gazetteer.bin: No such file or directory") != NULL);
}

int main(void)
{
    const char *err = ng_gaz_open(&gaz, GAZETTEER_PATH);
    if (err) fprintf(stderr, "test_places: %s: %s\n", GAZETTEER_PATH, err);
    have_gaz = err == NULL;
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.gazetteer = GAZETTEER_PATH;
    char why[256];
    resources = ng_resources_open(&ro, why, sizeof why);
    if (!resources) fprintf(stderr, "test_places: %s\n", why);
    CHECK(resources != NULL);
    CHECK(have_gaz);
    CHECK(ng_places_lists_sorted());
    RUN(fold);
    if (have_gaz) {
        RUN(lookup);
        RUN(corrupt_files_are_errors);
        RUN(region_pattern);
        RUN(city_in_country);
        RUN(container_beats_population);
        RUN(demonyms_map_to_countries);
        RUN(people_are_not_places);
        RUN(country_context_picks_the_namesake);
        RUN(capital_over_same_named_region);
        RUN(country_points_follow_land);
        RUN(small_towns_need_evidence);
        RUN(country_context_does_not_demote_the_country);
        RUN(state_abbreviation_with_its_period);
        RUN(tagger_runs);
        RUN(counties_by_their_full_name);
        RUN(organisations_are_not_places);
        RUN(places_and_entities_agree);
        RUN(common_words_need_evidence);
        RUN(which_of_same_named_places);
        RUN(many_mentions_of_few_places);
        RUN(no_gazetteer_no_places);
    }
    ng_gaz_close(&gaz);
    return check_report("places");
}
