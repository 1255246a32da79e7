/* Unit tests for the store (store/): hashing, entity linking, event
 * clusters over synthetic events (the events stage does not fill their
 * codes yet), the GDELT exports read back by column name, and refusals. */
#include "check.h"
#include "db.h"
#include "item.h"
#include "store.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/ngstore.XXXXXX";

static void db_path(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", dir, name); }

static ng_store *open_new(const char *name)
{
    char path[256], why[512];
    db_path(path, sizeof path, name);
    unlink(path);
    ng_store *s = ng_store_open(path, NULL, why, sizeof why);
    if (!s) fprintf(stderr, "%s\n", why);
    return s;
}

/* A record with the text, outlet, published date and entities given. */
static ng_record record(const char *id, const char *text, const char *outlet, const char *published)
{
    ng_record r;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", id);
    r.text = (ng_str){text, strlen(text)};
    r.outlet = (ng_str){outlet, strlen(outlet)};
    r.published = (ng_str){published, strlen(published)};
    return r;
}

static ng_str S(const char *s) { return (ng_str){s, strlen(s)}; }

static long count_rows(ng_store *s, const char *kind, const char *entity, bool duplicates)
{
    ng_store_query q;
    ng_store_query_init(&q);
    q.kind = kind;
    q.entity = entity;
    q.duplicates = duplicates;
    char why[256];
    long n = ng_store_query_run(s, &q, NULL, NULL, why, sizeof why);
    if (n < 0) fprintf(stderr, "%s\n", why);
    return n;
}

TEST(simhash_near_copies_are_close)
{
    const char *a = "Two wounded soldiers were captured in the Kursk region and taken to Kyiv for questioning by the "
                    "security service, officials said on Saturday, adding that both men were receiving treatment.";
    const char *b = "Two wounded soldiers were captured in the Kursk region and taken to Kyiv for questioning by the "
                    "security service, officials said on Saturday, adding that both men were receiving treatment. "
                    "Distributed by a wire.";
    const char *c = "The city council approved a budget for the new library on Tuesday after a long debate about "
                    "parking, opening hours and the cost of heating the old building during the winter months.";
    int na, nb, nc;
    uint64_t ha = st_simhash(a, strlen(a), &na), hb = st_simhash(b, strlen(b), &nb), hc = st_simhash(c, strlen(c), &nc);
    CHECK(na > 20);
    CHECK(__builtin_popcountll(ha ^ hb) <= 5);
    CHECK(__builtin_popcountll(ha ^ hc) > 10);
}

TEST(days_since_epoch)
{
    CHECK_INT(st_day("1970-01-01", 10), 0);
    CHECK_INT(st_day("2025-01-11T12:00:00Z", 20), 20099);
    CHECK_INT(st_day("2024-03-01", 10) - st_day("2024-02-28", 10), 2);
    CHECK(st_day("2025-13-01", 10) == INT32_MIN);
    CHECK(st_day("Jan 2025", 8) == INT32_MIN);
    CHECK(fabs(st_km(51.73, 36.18, 50.45, 30.52) - 419) < 10);
}

/* One entity of an article: mentions are not needed for linking. */
static ng_entity_mention mention_storage[8];
static size_t n_mention_storage;

static ng_entity person(uint32_t id, const char *name, ng_str *aliases, size_t n_aliases)
{
    ng_entity_mention *m = &mention_storage[n_mention_storage++ % 8];
    *m = (ng_entity_mention){0, (uint32_t)strlen(name), S(name)};
    ng_entity e;
    memset(&e, 0, sizeof e);
    e.id = id;
    e.type = NG_ENTITY_PER;
    e.name = S(name);
    e.aliases = (ng_strlist){aliases, n_aliases};
    e.mentions = m, e.n_mentions = 1;
    return e;
}

static void ingest(ng_store *s, ng_record *r)
{
    CHECK_INT(ng_store_ingest(s, r), 0);
}

TEST(people_with_one_surname_stay_apart)
{
    ng_store *s = open_new("kims.db");
    CHECK(s != NULL);
    if (!s) return;
    ng_str zel[] = {S("Zelensky")};
    ng_entity e1[] = {person(1, "Andy Kim", NULL, 0), person(2, "Volodymyr Zelensky", zel, 1)};
    ng_entity e2[] = {person(1, "Grace Kim", NULL, 0)};
    ng_entity e3[] = {person(1, "Kim", NULL, 0), person(2, "Zelensky", NULL, 0)};
    ng_record r1 = record("0000000000000001", "Senator Andy Kim met Volodymyr Zelensky.", "A", "2025-01-01");
    ng_record r2 = record("0000000000000002", "Chef Grace Kim won a prize.", "B", "2025-01-02");
    ng_record r3 = record("0000000000000003", "Kim spoke. Zelensky answered.", "C", "2025-01-03");
    r1.entities = e1, r1.n_entities = 2;
    r2.entities = e2, r2.n_entities = 1;
    r3.entities = e3, r3.n_entities = 2;
    ingest(s, &r1), ingest(s, &r2), ingest(s, &r3);
    char why[256];
    CHECK_INT(ng_store_flush(s, why, sizeof why), 0);
    sqlite3 *db = st_store_db(s);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT count(DISTINCT gid) FROM article_entities WHERE name LIKE '%Kim'", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(q, 0), 3); /* Andy, Grace, and a lone Kim who may be either */
    sqlite3_finalize(q);
    sqlite3_prepare_v2(db, "SELECT count(DISTINCT gid) FROM article_entities WHERE name LIKE '%Zelensky'", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(q, 0), 1); /* one Zelensky known: the lone surname is his */
    sqlite3_finalize(q);
    CHECK_INT(count_rows(s, "entities", "Zelensky", false), 1);
    CHECK_INT(count_rows(s, "articles", "Andy Kim", false), 1);
    CHECK_INT(ng_store_close(s, why, sizeof why), 0);
}

/* An event of a synthetic article: COERCE by Ukrainian forces on North
 * Korean soldiers at (lat, lon) on `when`. */
static st_event capture(double lat, double lon, const char *when, const char *target_country)
{
    st_event e;
    memset(&e, 0, sizeof e);
    e.start = 0, e.end = 10;
    e.text = "captured 2";
    e.type = "COERCE", e.mode = "seize", e.cameo = "1711";
    e.quad_class = 4;
    e.goldstein = -9.2;
    e.source = (st_actor){"Ukrainian forces", 0, 0, 0, "UKR", "MIL"};
    e.target = (st_actor){"North Korean soldiers", 0, 0, 0, target_country, "MIL"};
    e.lat = lat, e.lon = lon;
    e.where_name = "Kursk", e.where_country = "RU";
    e.when = when;
    e.goldstein = -9.2;
    e.count = 2;
    return e;
}

static void ingest_events(ng_store *s, const char *id, const char *text, const char *outlet, st_event *events, size_t n)
{
    ng_record r = record(id, text, outlet, "2025-01-11");
    st_item *it = st_item_new(&r);
    CHECK(it != NULL);
    if (!it) return;
    it->events = events, it->n_events = n; /* static: not owned by the item */
    CHECK_INT(st_store_ingest_item(s, it), 0);
}

static const char *const gdelt_event_columns[61] = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
};

/* Splits a line at tabs in place; returns the number of fields. */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    fields[n++] = line;
    for (char *p = line; *p && *p != '\n'; p++)
        if (*p == '\t') {
            *p = 0;
            if (n < max) fields[n] = p + 1;
            n++;
        }
    char *nl = strchr(fields[n - 1 < max ? n - 1 : max - 1], '\n');
    if (nl) *nl = 0;
    return n;
}

static const char *by_name(char **fields, const char *name)
{
    for (int i = 0; i < 61; i++)
        if (!strcmp(gdelt_event_columns[i], name)) return fields[i];
    return NULL;
}

static char *export_to_string(ng_store *s, const char *format, long *rows)
{
    char *buf = NULL, why[256];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rows = ng_store_export(s, format, NULL, NULL, f, why, sizeof why);
    if (*rows < 0) fprintf(stderr, "%s\n", why);
    fclose(f);
    return buf;
}

TEST(events_cluster_by_type_actors_place_and_day)
{
    ng_store *s = open_new("events.db");
    CHECK(s != NULL);
    if (!s) return;
    /* Kursk reported by two outlets (three articles) within a day and 15 km;
     * Kyiv (420 km away) and three days later are other events; another
     * target is another event; a verbatim copy counts nothing. */
    static st_event a[1], b[1], c[2], far[1], late[1], other[1], copy[1];
    a[0] = capture(51.73, 36.18, "2025-01-09", "PRK");
    b[0] = capture(51.78, 36.36, "2025-01-10", "PRK");
    c[0] = capture(51.73, 36.19, "2025-01-09", "PRK");
    c[1] = capture(51.74, 36.18, "2025-01-09", "PRK");
    far[0] = capture(50.45, 30.52, "2025-01-09", "PRK");
    late[0] = capture(51.73, 36.18, "2025-01-12", "PRK");
    other[0] = capture(51.73, 36.18, "2025-01-09", "RUS");
    copy[0] = capture(51.73, 36.18, "2025-01-09", "PRK");
    ingest_events(s, "00000000000000a1", "Forces captured two soldiers in Kursk on Thursday, the army said.", "Kyiv Ledger", a, 1);
    ingest_events(s, "00000000000000b2", "Two North Korean soldiers were taken prisoner near Kursk.", "Harbour Post", b, 1);
    ingest_events(s, "00000000000000c3", "Ukraine says its troops seized two soldiers. Both were wounded.", "Kyiv Ledger", c, 2);
    ingest_events(s, "00000000000000d4", "A different capture near Kyiv.", "Harbour Post", far, 1);
    ingest_events(s, "00000000000000e5", "A later capture in Kursk.", "Harbour Post", late, 1);
    ingest_events(s, "00000000000000f6", "Russian soldiers captured in Kursk.", "Harbour Post", other, 1);
    ingest_events(s, "00000000000000f7", "Forces captured two soldiers in Kursk on Thursday, the army said.", "Prairie Daily", copy, 1);
    char why[256];
    CHECK_INT(ng_store_flush(s, why, sizeof why), 0);
    sqlite3 *db = st_store_db(s);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT num_articles, num_sources, num_mentions FROM event_clusters ORDER BY num_mentions DESC",
                       -1, &q, NULL);
    int rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (rows++ == 0) {
            CHECK_INT(sqlite3_column_int(q, 0), 3);
            CHECK_INT(sqlite3_column_int(q, 1), 2);
            CHECK_INT(sqlite3_column_int(q, 2), 4);
        } else {
            CHECK_INT(sqlite3_column_int(q, 0), 1);
        }
    }
    sqlite3_finalize(q);
    CHECK_INT(rows, 4);
    CHECK_INT(count_rows(s, "articles", NULL, true) - count_rows(s, "articles", NULL, false), 1);

    long n;
    char *out = export_to_string(s, "gdelt-events", &n);
    CHECK_INT(n, 4);
    char *line = out, *fields[64];
    int seen_main = 0;
    while (line && *line) {
        char *next = strchr(line, '\n');
        if (next) *next++ = 0;
        CHECK_INT(split_tabs(line, fields, 64), 61);
        if (!strcmp(by_name(fields, "NumArticles"), "3")) {
            seen_main++;
            CHECK_STR(by_name(fields, "NumSources"), "2");
            CHECK_STR(by_name(fields, "NumMentions"), "4");
            CHECK_STR(by_name(fields, "SQLDATE"), "20250109");
            CHECK_STR(by_name(fields, "Actor1Code"), "UKRMIL");
            CHECK_STR(by_name(fields, "Actor2CountryCode"), "PRK");
            CHECK_STR(by_name(fields, "EventCode"), "1711");
            CHECK_STR(by_name(fields, "EventRootCode"), "17");
            CHECK_STR(by_name(fields, "QuadClass"), "4");
            CHECK_STR(by_name(fields, "GoldsteinScale"), "-9.2");
            CHECK(fabs(atof(by_name(fields, "ActionGeo_Lat")) - 51.73) < 0.01);
            CHECK_STR(by_name(fields, "ActionGeo_CountryCode"), "RS"); /* FIPS 10-4: Russia */
        }
        line = next;
    }
    CHECK_INT(seen_main, 1);
    free(out);

    out = export_to_string(s, "acled", &n);
    CHECK_INT(n, 4);
    CHECK(out && !strncmp(out, "event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,", 75));
    CHECK(out && strstr(out, "2025-01-09,Strategic developments,Arrests,Ukrainian forces,North Korean soldiers,RU,"));
    free(out);

    out = export_to_string(s, "gdelt-gkg", &n);
    CHECK_INT(n, 6); /* the copy is left out */
    for (char *l = out; l && *l;) {
        char *next = strchr(l, '\n');
        if (next) *next++ = 0;
        int tabs = 0;
        for (char *p = l; *p; p++) tabs += *p == '\t';
        CHECK_INT(tabs + 1, 27);
        l = next;
    }
    free(out);
    CHECK_INT(ng_store_close(s, why, sizeof why), 0);
}

/* The cluster rule's parts (db.h): actors of one role, places. */
TEST(cluster_rule_compares_actors_and_places)
{
    const st_cluster_actor ukr_mil = {0, "UKR", "MIL"}, ukr_mil_entity = {7, "UKR", "MIL"}, ukr = {0, "UKR", NULL},
                           rus_mil = {0, "RUS", "MIL"}, ukr_gov = {0, "UKR", "GOV"}, none = {0, NULL, NULL},
                           person_a = {3, NULL, NULL}, person_b = {4, NULL, NULL};
    CHECK_INT(st_actor_match(&ukr_mil, &ukr_mil_entity), ST_ACTOR_SAME);
    CHECK_INT(st_actor_match(&person_a, &person_a), ST_ACTOR_SAME);
    CHECK_INT(st_actor_match(&ukr_mil, &none), ST_ACTOR_UNKNOWN);
    CHECK_INT(st_actor_match(&none, &none), ST_ACTOR_UNKNOWN);
    CHECK_INT(st_actor_match(&ukr, &ukr_mil), ST_ACTOR_PARTIAL);
    CHECK_INT(st_actor_match(&ukr_mil, &rus_mil), ST_ACTOR_APART);
    CHECK_INT(st_actor_match(&ukr_mil, &ukr_gov), ST_ACTOR_APART);
    CHECK_INT(st_actor_match(&person_a, &person_b), ST_ACTOR_APART);

    const st_cluster_place kursk = {ST_PLACE_POINT, 538560, 51.727, 36.185, "Kursk", "RU", "41"},
                           near_kursk = {ST_PLACE_POINT, 0, 51.78, 36.36, "Kursk", "RU", "41"},
                           belgorod = {ST_PLACE_POINT, 0, 50.61, 36.58, "Belgorod", "RU", "09"},
                           kursk_oblast = {ST_PLACE_ADMIN1, 1, 51.5, 36.0, "Kursk Oblast", "RU", "41"},
                           russia = {ST_PLACE_COUNTRY, 2017370, 60.0, 100.0, "Russia", "RU", NULL},
                           ukraine = {ST_PLACE_COUNTRY, 690791, 49.0, 32.0, "Ukraine", "UA", NULL},
                           nowhere = {ST_PLACE_NONE, 0, NAN, NAN, NULL, NULL, NULL};
    CHECK_INT(st_place_match(&kursk, &near_kursk), ST_PLACE_NEAR);
    CHECK_INT(st_place_match(&kursk, &belgorod), ST_PLACE_APART); /* 125 km */
    CHECK_INT(st_place_match(&russia, &kursk), ST_PLACE_CONTAINS);
    CHECK_INT(st_place_match(&kursk, &russia), ST_PLACE_CONTAINS);
    CHECK_INT(st_place_match(&kursk_oblast, &near_kursk), ST_PLACE_CONTAINS);
    CHECK_INT(st_place_match(&kursk_oblast, &belgorod), ST_PLACE_APART); /* another region of the country */
    CHECK_INT(st_place_match(&ukraine, &kursk), ST_PLACE_APART);
    CHECK_INT(st_place_match(&nowhere, &nowhere), ST_PLACE_BOTH_UNKNOWN);
    CHECK_INT(st_place_match(&nowhere, &kursk), ST_PLACE_APART);

    st_cluster_key a = {"FIGHT", 20099, "2025-01-11", ukr_mil, {0, "PRK", "MIL"}, kursk, "190", 4, -10};
    st_cluster_key b = a;
    b.source = none, b.where = russia, b.day = 20100;
    CHECK(st_cluster_score(&a, &b) > 0); /* a missing captor, a country-wide place, the next day */
    b.day = 20101;
    CHECK_INT(st_cluster_score(&a, &b), -1);
    b.day = 20100, b.type = "COERCE";
    CHECK_INT(st_cluster_score(&a, &b), -1);
    /* Nothing known about either actor on one side: no merge on type, day and place alone. */
    st_cluster_key c = a, d = a;
    c.source = c.target = none;
    CHECK_INT(st_cluster_score(&a, &c), -1);
    d.source = ukr, d.target = (st_cluster_actor){0, NULL, "MIL"};
    CHECK_INT(st_cluster_score(&a, &d), -1); /* partial matches only */
    /* The most specific match wins: the same place beats a country. */
    b = a, b.source = none;
    st_cluster_key wide = a;
    wide.where = russia;
    CHECK(st_cluster_score(&a, &b) > st_cluster_score(&wide, &b));
}

/* An article's place as the places stage gives it. */
static ng_place place(uint32_t geonameid, const char *name, const char *feature, const char *country, double lat,
                      double lon)
{
    ng_place p;
    memset(&p, 0, sizeof p);
    p.geonameid = geonameid;
    p.name = S(name), p.feature = S(feature);
    snprintf(p.country, sizeof p.country, "%s", country);
    p.lat = lat, p.lon = lon;
    return p;
}

static void ingest_events_at(ng_store *s, const char *id, const char *text, const char *outlet, const char *published,
                             ng_place *places, size_t n_places, st_event *events, size_t n)
{
    ng_record r = record(id, text, outlet, published);
    r.places = places, r.n_places = n_places;
    st_item *it = st_item_new(&r);
    CHECK(it != NULL);
    if (!it) return;
    it->events = events, it->n_events = n;
    CHECK_INT(st_store_ingest_item(s, it), 0);
}

static int query_int(ng_store *s, const char *sql)
{
    sqlite3_stmt *q;
    int v = -1;
    if (sqlite3_prepare_v2(st_store_db(s), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* The Kursk capture as three outlets tell it: one names the captor and the
 * town, one names no captor and only the country, one files from Kyiv
 * (its dateline) with nothing nearer. Whatever their order, the first two
 * are one event; events with no known actor never merge. */
static void capture_stories(ng_store *s, const int *order)
{
    static ng_place russia[1], kyiv[1];
    russia[0] = place(2017370, "Russia", "PCLF", "RU", 60.0, 100.0);
    kyiv[0] = place(703448, "Kyiv", "PPLC", "UA", 50.45, 30.52);
    static st_event named[1], unnamed[1], dateline[1], bare1[1], bare2[1];
    named[0] = capture(51.73, 36.18, "2025-01-11", "PRK");
    unnamed[0] = capture(60.0, 100.0, NULL, "PRK");
    unnamed[0].source = (st_actor){0};
    unnamed[0].where_geonameid = 2017370, unnamed[0].where_name = "Russia";
    dateline[0] = capture(50.45, 30.52, "2025-01-11", "PRK");
    dateline[0].where_geonameid = 703448, dateline[0].where_name = "Kyiv", dateline[0].where_how = "dateline";
    dateline[0].where_country = "UA";
    bare1[0] = capture(51.73, 36.18, "2025-01-11", NULL);
    bare1[0].source = bare1[0].target = (st_actor){0};
    bare1[0].type = "PROTEST";
    bare2[0] = bare1[0];
    for (int i = 0; i < 5; i++) switch (order[i]) {
    case 0: ingest_events_at(s, "0000000000000a01", "Ukrainian forces captured two soldiers in Kursk.", "Kyiv Ledger",
                             "2025-01-11", NULL, 0, named, 1); break;
    case 1: ingest_events_at(s, "0000000000000a02", "Two soldiers have been captured in Russia.", "Harbour Post",
                             "2025-01-12", russia, 1, unnamed, 1); break;
    case 2: ingest_events_at(s, "0000000000000a03", "KYIV - Two soldiers were captured, officials said.", "Valley Times",
                             "2025-01-11", kyiv, 1, dateline, 1); break;
    case 3: ingest_events_at(s, "0000000000000a04", "People protested in Kursk on Saturday.", "Kyiv Ledger",
                             "2025-01-11", NULL, 0, bare1, 1); break;
    case 4: ingest_events_at(s, "0000000000000a05", "Residents protested in Kursk.", "Harbour Post", "2025-01-11", NULL,
                             0, bare2, 1); break;
    }
}

TEST(missing_actor_and_wider_place_join_one_cluster)
{
    static const int orders[2][5] = {{0, 1, 2, 3, 4}, {1, 2, 4, 3, 0}};
    for (int k = 0; k < 2; k++) {
        char name[32], why[256];
        snprintf(name, sizeof name, "rule%d.db", k);
        ng_store *s = open_new(name);
        CHECK(s != NULL);
        if (!s) return;
        capture_stories(s, orders[k]);
        CHECK_INT(ng_store_flush(s, why, sizeof why), 0);
        /* the capture: Kyiv Ledger and Harbour Post */
        CHECK_INT(query_int(s, "SELECT count(*) FROM event_clusters WHERE type = 'COERCE' AND num_sources = 2"), 1);
        CHECK_INT(query_int(s, "SELECT where_name = 'Kursk' FROM event_clusters WHERE num_sources = 2"), 1);
        /* from Kyiv, a dateline only: Ukraine does not hold Kursk */
        CHECK_INT(query_int(s, "SELECT count(*) FROM event_clusters WHERE type = 'COERCE'"), 2);
        /* no known actor: two protests stay two */
        CHECK_INT(query_int(s, "SELECT count(*) FROM event_clusters WHERE type = 'PROTEST'"), 2);
        CHECK_INT(ng_store_close(s, why, sizeof why), 0);
    }
}

TEST(an_older_schema_is_migrated_or_refused)
{
    char path[256], why[512];
    ng_store *s = open_new("v0.db");
    CHECK(s != NULL);
    ng_store_close(s, NULL, 0);
    db_path(path, sizeof path, "v0.db");
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 0", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(ng_store_open(path, NULL, why, sizeof why) == NULL);
    CHECK(strstr(why, path) != NULL);
    CHECK(strstr(why, "version 0 is older than this newsgraph's (2) and has no migration") != NULL);
}

TEST(refuses_what_it_cannot_read)
{
    char path[256], why[512];
    db_path(path, sizeof path, "text.db");
    FILE *f = fopen(path, "w");
    fputs("This is a plain text file, long enough to look like something, but it is not SQLite at all.\n", f);
    fclose(f);
    CHECK(ng_store_open(path, NULL, why, sizeof why) == NULL);
    CHECK(strstr(why, "not a database") != NULL);
    CHECK(strstr(why, path) != NULL);

    ng_store *s = open_new("newer.db");
    CHECK(s != NULL);
    ng_store_close(s, NULL, 0);
    db_path(path, sizeof path, "newer.db");
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(ng_store_open(path, NULL, why, sizeof why) == NULL);
    CHECK(strstr(why, "newer") != NULL);

    db_path(path, sizeof path, "other.db");
    unlink(path);
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(ng_store_open(path, NULL, why, sizeof why) == NULL);
    CHECK(strstr(why, "not a newsgraph store") != NULL);
}

/* The rows of `table` that the GROUP BY `query` does not give, plus the
 * rows it gives that the table lacks: 0 when the kept counts are right. */
static int count_mismatches(sqlite3 *db, const char *table, const char *query)
{
    char sql[2048];
    snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM (SELECT * FROM %s EXCEPT %s))"
             " + (SELECT count(*) FROM (%s EXCEPT SELECT * FROM %s))", table, query, query, table);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return -1; }
    int n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    return n;
}

static long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) return -1;
    long v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    return v;
}

/* Every count table equals its GROUP BY over the articles that are not duplicates. */
static void counts_match(ng_store *s, const char *when)
{
    char why[256];
    CHECK_INT(ng_store_flush(s, why, sizeof why), 0);
    sqlite3 *db = st_store_db(s);
    static const char *const pairs[][2] = {
        {"entity_counts", "SELECT ae.gid, count(DISTINCT m.art), count(*) FROM mentions m JOIN article_entities ae"
                          " ON ae.art = m.art AND ae.eid = m.eid JOIN articles a ON a.art = m.art"
                          " WHERE a.duplicate_of IS NULL GROUP BY ae.gid"},
        {"place_counts", "SELECT pm.geonameid, count(DISTINCT pm.art), count(*) FROM place_mentions pm"
                         " JOIN articles a ON a.art = pm.art WHERE a.duplicate_of IS NULL GROUP BY pm.geonameid"},
        {"pair_counts", "SELECT x.gid, y.gid, count(DISTINCT x.art) FROM article_entities x JOIN article_entities y"
                        " ON y.art = x.art AND y.gid > x.gid JOIN articles a ON a.art = x.art"
                        " WHERE a.duplicate_of IS NULL GROUP BY x.gid, y.gid"},
        {"day_counts", "SELECT coalesce(e.day, a.day), coalesce(e.type, ''), count(*) FROM events e"
                       " JOIN articles a ON a.art = e.art WHERE a.duplicate_of IS NULL"
                       " AND coalesce(e.day, a.day) IS NOT NULL GROUP BY 1, 2"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        int n = count_mismatches(db, pairs[i][0], pairs[i][1]);
        if (n != 0) fprintf(stderr, "  %s: %s off by %d rows\n", when, pairs[i][0], n);
        CHECK_INT(n, 0);
    }
}

/* Every row of a query, as "name=value|..." lines, appended to a buffer. */
typedef struct rows_text {
    char text[16384];
    size_t len;
} rows_text;

static int add_row(void *ud, const ng_store_row *row)
{
    rows_text *t = ud;
    for (size_t i = 0; i < row->n && t->len < sizeof t->text - 1; i++)
        t->len += (size_t)snprintf(t->text + t->len, sizeof t->text - t->len, "%s=%s|", row->names[i],
                                   row->values[i] ? row->values[i] : "NULL");
    if (t->len < sizeof t->text - 1) t->text[t->len++] = '\n', t->text[t->len] = 0;
    return 0;
}

static long view_rows(ng_store *s, const char *kind, rows_text *t)
{
    ng_store_query q;
    ng_store_query_init(&q);
    q.kind = kind;
    memset(t, 0, sizeof *t);
    char why[256];
    long n = ng_store_query_run(s, &q, add_row, t, why, sizeof why);
    if (n < 0) fprintf(stderr, "%s\n", why);
    return n;
}

/* The unfiltered views read from the count tables give what the GROUP BY
 * queries give on the same database without them (a read-only handle). */
static void views_match_without_counts(const char *name)
{
    static const char *const views[] = {"entities", "geo", "timeline", "graph"};
    static rows_text counted[4], grouped[4];
    char path[256], why[512];
    db_path(path, sizeof path, name);
    ng_store_options ro;
    ng_store_options_init(&ro);
    ro.read_only = true;
    ng_store *s = ng_store_open(path, &ro, why, sizeof why);
    CHECK(s != NULL);
    if (!s) return;
    for (int i = 0; i < 4; i++) {
        long n = view_rows(s, views[i], &counted[i]);
        if (n <= 0) fprintf(stderr, "  %s: %ld rows\n", views[i], n);
        CHECK(n > 0);
    }
    ng_store_close(s, why, sizeof why);
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK_INT(sqlite3_exec(db, "DROP TABLE entity_counts; DROP TABLE place_counts; DROP TABLE pair_counts;"
                               " DROP TABLE day_counts;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    s = ng_store_open(path, &ro, why, sizeof why);
    CHECK(s != NULL);
    if (!s) return;
    for (int i = 0; i < 4; i++) {
        view_rows(s, views[i], &grouped[i]);
        if (strcmp(counted[i].text, grouped[i].text) != 0)
            fprintf(stderr, "  %s from the counts:\n%s  counted per query:\n%s", views[i], counted[i].text, grouped[i].text);
        CHECK(strcmp(counted[i].text, grouped[i].text) == 0);
    }
    ng_store_close(s, why, sizeof why);
    /* a writable open puts the tables back, filled from the facts */
    s = ng_store_open(path, NULL, why, sizeof why);
    CHECK(s != NULL);
    if (!s) return;
    counts_match(s, "after the tables were added to an older database");
    ng_store_close(s, why, sizeof why);
}

TEST(counts_follow_replacements_and_duplicates)
{
    ng_store *s = open_new("counts.db");
    CHECK(s != NULL);
    if (!s) return;
    const char *wire = "Two wounded soldiers were captured in the Kursk region and taken to Kyiv for questioning by the "
                       "security service, officials said on Saturday, adding that both men were receiving treatment.";
    const char *copy = "Two wounded soldiers were captured in the Kursk region and taken to Kyiv for questioning by the "
                       "security service, officials said on Saturday, adding that both men were receiving treatment. "
                       "Distributed by a wire.";
    ng_str zel[] = {S("Zelensky")};
    ng_entity e1[] = {person(1, "Volodymyr Zelensky", zel, 1), person(2, "Andy Kim", NULL, 0)};
    ng_entity e2[] = {person(1, "Zelensky", NULL, 0), person(2, "Grace Kim", NULL, 0), person(3, "Andy Kim", NULL, 0)};
    ng_entity e2b[] = {person(1, "Grace Kim", NULL, 0)};
    ng_place kursk = {0};
    ng_entity_mention at = {0, 5, S("Kursk")};
    kursk.geonameid = 538560, kursk.name = S("Kursk"), kursk.lat = 51.73, kursk.lon = 36.18;
    kursk.mentions = &at, kursk.n_mentions = 1;
    ng_record r1 = record("00000000000000b1", wire, "A", "2025-01-01");
    r1.entities = e1, r1.n_entities = 2, r1.places = &kursk, r1.n_places = 1;
    ng_record r2 = record("00000000000000b2", "Zelensky met Grace Kim and Andy Kim in Kyiv on Friday afternoon.", "B",
                          "2025-01-02");
    r2.entities = e2, r2.n_entities = 3, r2.places = &kursk, r2.n_places = 1;
    ingest(s, &r1), ingest(s, &r2);
    static st_event fights[2];
    fights[0] = capture(51.73, 36.18, "2025-01-10", "PRK"), fights[1] = capture(51.73, 36.18, NULL, "PRK");
    ingest_events(s, "00000000000000b3", "Ukrainian forces captured 2 North Korean soldiers.", "C", fights, 2);
    counts_match(s, "first ingest");
    sqlite3 *db = st_store_db(s);
    CHECK_INT(scalar(db, "SELECT num_articles FROM place_counts WHERE geonameid = 538560"), 2);
    CHECK(scalar(db, "SELECT count(*) FROM pair_counts") >= 3);
    CHECK_INT(scalar(db, "SELECT sum(events) FROM day_counts"), 2);

    /* a near-copy with a smaller id: it becomes the original, r1 its duplicate */
    ng_record r0 = record("00000000000000a0", copy, "D", "2025-01-01");
    r0.entities = e1, r0.n_entities = 2, r0.places = &kursk, r0.n_places = 1;
    ingest(s, &r0);
    counts_match(s, "a new original");
    CHECK_INT(scalar(db, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"), 1);
    CHECK_INT(scalar(db, "SELECT num_articles FROM place_counts WHERE geonameid = 538560"), 2);

    /* r2 again with other content: its old part goes, the new one comes */
    r2.text = S("Grace Kim cooked in Kyiv on Friday; the restaurant was full and the reviews were kind.");
    r2.entities = e2b, r2.n_entities = 1, r2.n_places = 0;
    ingest(s, &r2);
    counts_match(s, "a replaced article");
    CHECK_INT(scalar(db, "SELECT num_articles FROM place_counts WHERE geonameid = 538560"), 1);

    /* the same inputs again change nothing */
    ingest(s, &r0), ingest(s, &r1), ingest(s, &r2);
    counts_match(s, "a rerun");

    /* a pair seen in a second article: the graph merges ranked and single pairs */
    ng_record r4 = record("00000000000000c4", "Andy Kim and Zelensky spoke by phone about the harvest on Monday.", "E",
                          "2025-01-03");
    r4.entities = e2, r4.n_entities = 3;
    ingest(s, &r4);
    counts_match(s, "a second article of a pair");
    CHECK_INT(scalar(db, "SELECT count(*) FROM pair_counts WHERE num_articles >= 2"), 1);
    CHECK(scalar(db, "SELECT count(*) FROM pair_counts WHERE num_articles = 1") >= 1);
    char why[256];
    CHECK_INT(ng_store_close(s, why, sizeof why), 0);
    views_match_without_counts("counts.db");
}

/* Group commit never holds back a flush or a close: with an hour's delay,
 * both still commit at once (were they to wait, this test would hang). */
TEST(flush_and_close_do_not_wait_for_the_commit_delay)
{
    char path[256], why[512];
    db_path(path, sizeof path, "delay.db");
    unlink(path);
    ng_store_options o;
    ng_store_options_init(&o);
    CHECK_INT(o.commit_delay_ms, 100);
    o.commit_delay_ms = 3600 * 1000;
    ng_store *s = ng_store_open(path, &o, why, sizeof why);
    CHECK(s != NULL);
    if (!s) return;
    static const char *const ids[] = {"00000000000000d1", "00000000000000d2", "00000000000000d3"};
    static const char *const texts[] = {"The council met on Monday to discuss the new bridge over the river.",
                                        "Farmers said the late frost had cut the apple harvest by a third.",
                                        "The museum reopened its west wing after two years of repairs."};
    ng_record r0 = record(ids[0], texts[0], "A", "2025-02-01");
    ingest(s, &r0);
    CHECK_INT(ng_store_flush(s, why, sizeof why), 0);
    CHECK_INT(scalar(st_store_db(s), "SELECT count(*) FROM articles"), 1);
    ng_record r1 = record(ids[1], texts[1], "B", "2025-02-02"), r2 = record(ids[2], texts[2], "C", "2025-02-03");
    ingest(s, &r1), ingest(s, &r2);
    CHECK_INT(ng_store_close(s, why, sizeof why), 0);
    ng_store_options ro;
    ng_store_options_init(&ro);
    ro.read_only = true;
    s = ng_store_open(path, &ro, why, sizeof why);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_INT(scalar(st_store_db(s), "SELECT count(*) FROM articles"), 3);
    ng_store_close(s, why, sizeof why);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    RUN(simhash_near_copies_are_close);
    RUN(days_since_epoch);
    RUN(people_with_one_surname_stay_apart);
    RUN(events_cluster_by_type_actors_place_and_day);
    RUN(cluster_rule_compares_actors_and_places);
    RUN(missing_actor_and_wider_place_join_one_cluster);
    RUN(an_older_schema_is_migrated_or_refused);
    RUN(refuses_what_it_cannot_read);
    RUN(counts_follow_replacements_and_duplicates);
    RUN(flush_and_close_do_not_wait_for_the_commit_delay);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 1;
    return check_report("store");
}
