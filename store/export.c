/*
 * export.c: the store in other tools' formats. docs/store.md, "Exports",
 * documents every column and where newsgraph departs from the original
 * (GeoNames ids as feature ids, GeoNames first-level codes in ADM1).
 * Near-duplicate articles are never exported: their facts are the
 * original's.
 */
#include "db.h"
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fips_codes.h"

#define GDELT_EVENT_COLUMNS 61
#define GDELT_GKG_COLUMNS 27

typedef struct exporter {
    sqlite3 *db;
    FILE *out;
    int32_t since, until; /* days; INT32_MIN / INT32_MAX when open */
    long rows;
} exporter;

/* Writes s with the characters that separate GDELT's fields and blocks
 * (tab, newline, and those in `also`) turned into spaces. */
static void field(FILE *out, const char *s, const char *also)
{
    for (; s && *s; s++) {
        char c = *s;
        if (c == '\t' || c == '\n' || c == '\r' || (also && strchr(also, c))) c = ' ';
        fputc(c, out);
    }
}

static const char *col(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

static sqlite3_stmt *prepare(exporter *x, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->db, sql, -1, &s, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_int(s, 1, x->since);
    sqlite3_bind_int(s, 2, x->until);
    return s;
}

/* "2025-01-11..." to "20250111" (8 digits) or "" */
static void compact_date(const char *iso, char *out, size_t size)
{
    if (iso && strlen(iso) >= 10) snprintf(out, size, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
    else if (size) out[0] = 0;
}

/* The FIPS 10-4 code of a country given by its ISO 3166-1 alpha-2 code,
 * as GDELT's geography fields write it; "" when unknown. */
static const char *fips(const char *iso)
{
    if (!iso || strlen(iso) != 2) return "";
    size_t lo = 0, hi = sizeof st_fips_codes / sizeof *st_fips_codes;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(st_fips_codes[mid][0], iso);
        if (!c) return st_fips_codes[mid][1];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return "";
}

/* GDELT geography type: 1 country, 2 US state, 3 US city, 4 world city,
 * 5 world state (first-level division). */
static int geo_type(const char *feature, const char *country)
{
    bool us = country && !strcmp(country, "US");
    if (!feature) return 4;
    if (!strncmp(feature, "PCL", 3)) return 1;
    if (!strcmp(feature, "ADM1")) return us ? 2 : 5;
    return us ? 3 : 4;
}

/* ---- gdelt-events ---------------------------------------------------------- */

static void actor(FILE *out, const char *text, const char *country, const char *sector)
{
    char code[32] = "";
    snprintf(code, sizeof code, "%s%s", country ? country : "", sector ? sector : "");
    /* Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
     * Religion2Code, Type1Code, Type2Code, Type3Code */
    fputs(code, out);
    fputc('\t', out);
    for (const char *p = text; p && *p; p++) fputc(*p >= 'a' && *p <= 'z' ? *p - 32 : (*p == '\t' || *p == '\n') ? ' ' : *p, out);
    fprintf(out, "\t%s\t\t\t\t\t%s\t\t\t", country ? country : "", sector ? sector : "");
}

static void geo(FILE *out, sqlite3_stmt *s, int first, bool present)
{
    /* Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID
     * (columns from `first`: geonameid, name, country, admin1, feature, lat, lon) */
    if (!present || sqlite3_column_type(s, first + 5) == SQLITE_NULL) { fputs("0\t\t\t\t\t\t\t\t", out); return; }
    const char *name = col(s, first + 1), *country = col(s, first + 2), *admin1 = col(s, first + 3);
    fprintf(out, "%d\t", geo_type(col(s, first + 4), country));
    field(out, name, NULL);
    /* GDELT's ADM1 code is the country's FIPS code and the division's */
    fprintf(out, "\t%s\t%s%s\t\t%.4f\t%.4f\t", fips(country), admin1 ? fips(country) : "", admin1 ? admin1 : "",
            sqlite3_column_double(s, first + 5), sqlite3_column_double(s, first + 6));
    if (sqlite3_column_type(s, first) != SQLITE_NULL) fprintf(out, "%lld", (long long)sqlite3_column_int64(s, first));
    fputc('\t', out);
}

static const char events_sql[] =
    "SELECT c.cluster, c.event_date, c.cameo, c.quad_class, c.goldstein, c.num_mentions, c.num_sources,"
    " c.num_articles, c.avg_tone, e.source_text, e.source_country, e.source_sector, e.target_text,"
    " e.target_country, e.target_sector, a.url, a.published, a.id,"
    " c.geonameid, coalesce(p.name, c.where_name), coalesce(p.country, c.where_country), p.admin1, p.feature,"
    " coalesce(p.lat, c.lat), coalesce(p.lon, c.lon),"
    " e.span_start < coalesce(nullif(instr((SELECT text FROM article_texts WHERE art = a.art), char(10, 10)), 0),"
    "  2147483647) - 1"
    " FROM event_clusters c JOIN events e ON e.cluster = c.cluster"
    "  AND (e.art, e.n) = (SELECT art, n FROM events WHERE cluster = c.cluster ORDER BY art, n LIMIT 1)"
    " JOIN articles a ON a.art = e.art LEFT JOIN places p ON p.geonameid = c.geonameid"
    " WHERE c.day BETWEEN ?1 AND ?2 ORDER BY c.day, c.cluster";

static int export_gdelt_events(exporter *x)
{
    sqlite3_stmt *s = prepare(x, events_sql);
    if (!s) return SQLITE_ERROR;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        FILE *o = x->out;
        char date[16];
        const char *iso = col(s, 1);
        compact_date(iso, date, sizeof date);
        int year = iso ? atoi(iso) : 0, month = iso && strlen(iso) >= 7 ? atoi(iso + 5) : 0;
        int dayn = iso && strlen(iso) >= 10 ? atoi(iso + 8) : 0;
        double fraction = year + ((month - 1) * 30.4375 + dayn) / 365.25;
        /* 0-4: ids and dates */
        fprintf(o, "%lld\t%s\t%.6s\t%d\t%.4f\t", (long long)sqlite3_column_int64(s, 0), date, date, year, fraction);
        /* 5-24: the actors */
        actor(o, col(s, 9), col(s, 10), col(s, 11));
        actor(o, col(s, 12), col(s, 13), col(s, 14));
        /* 25-34: the action and the attention it got */
        const char *cameo = col(s, 2) ? col(s, 2) : "";
        /* IsRootEvent: in the lead paragraph (instr and the spans count code points) */
        fprintf(o, "%d\t%s\t%.3s\t%.2s\t", sqlite3_column_int(s, 25), cameo, cameo, cameo);
        if (sqlite3_column_type(s, 3) == SQLITE_NULL) fputc('\t', o);
        else fprintf(o, "%d\t", sqlite3_column_int(s, 3));
        if (sqlite3_column_type(s, 4) == SQLITE_NULL) fputc('\t', o);
        else fprintf(o, "%.1f\t", sqlite3_column_double(s, 4));
        fprintf(o, "%d\t%d\t%d\t%.4f\t", sqlite3_column_int(s, 5), sqlite3_column_int(s, 6), sqlite3_column_int(s, 7),
                sqlite3_column_double(s, 8));
        /* 35-58: actor geography (not known apart from the action's), action geography */
        geo(o, s, 18, false);
        geo(o, s, 18, false);
        geo(o, s, 18, true);
        /* 59-60 */
        char added[16];
        compact_date(col(s, 16), added, sizeof added);
        fprintf(o, "%s%s\t", added, *added ? "000000" : "");
        if (col(s, 15)) field(o, col(s, 15), NULL);
        else fprintf(o, "newsgraph:%s", col(s, 17));
        fputc('\n', o);
        x->rows++;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- gdelt-gkg --------------------------------------------------------------- */

static const char articles_sql[] =
    "SELECT art, id, url, outlet, published, title, tone, tone_positive, tone_negative, tone_polarity, word_count"
    " FROM articles WHERE duplicate_of IS NULL AND coalesce(day, 0) BETWEEN ?1 AND ?2 ORDER BY art";

/* Runs `sql` (?1 = the article) and calls `emit` per row. */
static int each(exporter *x, const char *sql, int64_t art, void (*emit)(FILE *, sqlite3_stmt *, int), int *n)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->db, sql, -1, &s, NULL) != SQLITE_OK) return SQLITE_ERROR;
    sqlite3_bind_int64(s, 1, art);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) emit(x->out, s, (*n)++);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void emit_count(FILE *o, sqlite3_stmt *s, int i, bool offset)
{
    /* CountType#Number#ObjectType#LocType#LocFullName#CountryCode#ADM1#Lat#Long#FeatureID[#offset]; */
    (void)i;
    field(o, col(s, 0), "#;");
    fprintf(o, "#%.0f#", sqlite3_column_double(s, 1));
    field(o, col(s, 2), "#;");
    fputs("#0######", o);
    if (offset) fprintf(o, "#%d", sqlite3_column_int(s, 3));
    fputc(';', o);
}
static void emit_count_v1(FILE *o, sqlite3_stmt *s, int i) { emit_count(o, s, i, false); }
static void emit_count_v2(FILE *o, sqlite3_stmt *s, int i) { emit_count(o, s, i, true); }

static void emit_location(FILE *o, sqlite3_stmt *s, int i, bool enhanced)
{
    /* Type#FullName#CountryCode#ADM1#Lat#Long#FeatureID; enhanced: ...#ADM1#ADM2#Lat#Long#FeatureID#offset */
    (void)i;
    const char *country = col(s, 2), *admin1 = col(s, 3);
    fprintf(o, "%d#", geo_type(col(s, 7), country));
    field(o, col(s, 1), "#;");
    fprintf(o, "#%s#%s%s#", fips(country), admin1 ? fips(country) : "", admin1 ? admin1 : "");
    if (enhanced) fputc('#', o);
    fprintf(o, "%.4f#%.4f#%lld", sqlite3_column_double(s, 4), sqlite3_column_double(s, 5),
            (long long)sqlite3_column_int64(s, 0));
    if (enhanced) fprintf(o, "#%d", sqlite3_column_int(s, 6));
    fputc(';', o);
}
static void emit_location_v1(FILE *o, sqlite3_stmt *s, int i) { emit_location(o, s, i, false); }
static void emit_location_v2(FILE *o, sqlite3_stmt *s, int i) { emit_location(o, s, i, true); }

static void emit_name(FILE *o, sqlite3_stmt *s, int i)
{
    (void)i;
    field(o, col(s, 0), ",;");
    fputc(';', o);
}
static void emit_name_offset(FILE *o, sqlite3_stmt *s, int i)
{
    (void)i;
    field(o, col(s, 0), ",;");
    fprintf(o, ",%d;", sqlite3_column_int(s, 1));
}

static void emit_date(FILE *o, sqlite3_stmt *s, int i)
{
    /* resolution#month#day#year#offset; 1 year, 2 month+year, 3 full date, 4 month+day */
    (void)i;
    const char *v = col(s, 0);
    size_t n = v ? strlen(v) : 0;
    bool year = n >= 4 && strncmp(v, "XXXX", 4) != 0;
    int res = n >= 10 && v[4] == '-' && v[7] == '-' ? (year ? 3 : 4) : n == 7 && v[4] == '-' ? 2 : 1;
    int y = year ? atoi(v) : 0, m = n >= 7 ? atoi(v + 5) : 0, d = n >= 10 ? atoi(v + 8) : 0;
    fprintf(o, "%d#%d#%d#%d#%d;", res, m, d, y, sqlite3_column_int(s, 1));
}

static void emit_quote(FILE *o, sqlite3_stmt *s, int i)
{
    /* offset|length|verb|quote, blocks joined by # */
    if (i) fputc('#', o);
    fprintf(o, "%d|%d|", sqlite3_column_int(s, 0), sqlite3_column_int(s, 1));
    field(o, col(s, 2), "|#");
    fputc('|', o);
    field(o, col(s, 3), "|#");
}

static void emit_amount(FILE *o, sqlite3_stmt *s, int i)
{
    (void)i;
    fprintf(o, "%.15g,", sqlite3_column_double(s, 0));
    field(o, col(s, 1), ",;");
    fprintf(o, ",%d;", sqlite3_column_int(s, 2));
}

static void xml_text(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<') fputs("&lt;", o);
        else if (*s == '>') fputs("&gt;", o);
        else if (*s == '&') fputs("&amp;", o);
        else if (*s == '\t' || *s == '\n' || *s == '\r') fputc(' ', o);
        else fputc(*s, o);
    }
}

/* The host of a URL, else NULL. */
static void url_host(const char *url, char *host, size_t size)
{
    host[0] = 0;
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p) return;
    p += 3;
    size_t n = strcspn(p, "/:?#");
    snprintf(host, size, "%.*s", (int)n, p);
}

static const char counts_sql[] = "SELECT kind, value, object, span_start FROM counts WHERE art = ?1 AND kind IS NOT NULL ORDER BY n";
static const char places_sql[] = "SELECT p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, min(m.span_start), p.feature"
                                 " FROM place_mentions m JOIN places p ON p.geonameid = m.geonameid WHERE m.art = ?1"
                                 " GROUP BY p.geonameid ORDER BY min(m.span_start)";
static const char persons_sql[] = "SELECT ae.name, min(m.span_start) FROM article_entities ae JOIN mentions m"
                                  " ON m.art = ae.art AND m.eid = ae.eid WHERE ae.art = ?1 AND ae.type = 'PER'"
                                  " GROUP BY ae.eid ORDER BY 2";
static const char orgs_sql[] = "SELECT ae.name, min(m.span_start) FROM article_entities ae JOIN mentions m"
                               " ON m.art = ae.art AND m.eid = ae.eid WHERE ae.art = ?1 AND ae.type = 'ORG'"
                               " GROUP BY ae.eid ORDER BY 2";
static const char names_sql[] = "SELECT m.text, m.span_start FROM mentions m WHERE m.art = ?1 ORDER BY m.span_start";
static const char dates_sql[] = "SELECT value, span_start FROM dates WHERE art = ?1 AND type = 'DATE' ORDER BY n";
static const char quotes_sql[] = "SELECT span_start, span_end - span_start, cue, text FROM quotes WHERE art = ?1 AND direct = 1 ORDER BY n";
static const char amounts_sql[] = "SELECT value, coalesce(object, unit), span_start FROM counts WHERE art = ?1 ORDER BY n";

static int export_gdelt_gkg(exporter *x)
{
    sqlite3_stmt *s = prepare(x, articles_sql);
    if (!s) return SQLITE_ERROR;
    int rc, erc = SQLITE_OK;
    while (erc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        FILE *o = x->out;
        int64_t art = sqlite3_column_int64(s, 0);
        char date[16], host[256];
        compact_date(col(s, 4), date, sizeof date);
        if (!*date) snprintf(date, sizeof date, "00000000");
        url_host(col(s, 2), host, sizeof host);
        /* 1-5 */
        fprintf(o, "%s000000-%lld\t%s000000\t1\t", date, (long long)art, date);
        field(o, *host ? host : col(s, 3), NULL);
        fputc('\t', o);
        if (col(s, 2)) field(o, col(s, 2), NULL);
        else fprintf(o, "newsgraph:%s", col(s, 1));
        int n = 0;
        /* 6-7 counts, 8-9 themes (none), 10-11 locations */
        const struct { const char *sql; void (*emit)(FILE *, sqlite3_stmt *, int); } cols[] = {
            {counts_sql, emit_count_v1}, {counts_sql, emit_count_v2}, {NULL, NULL}, {NULL, NULL},
            {places_sql, emit_location_v1}, {places_sql, emit_location_v2}, {persons_sql, emit_name},
            {persons_sql, emit_name_offset}, {orgs_sql, emit_name}, {orgs_sql, emit_name_offset},
        };
        for (size_t k = 0; erc == SQLITE_OK && k < sizeof cols / sizeof *cols; k++) {
            fputc('\t', o);
            n = 0;
            if (cols[k].sql) erc = each(x, cols[k].sql, art, cols[k].emit, &n);
        }
        /* 16 tone: Tone,Positive,Negative,Polarity,ActivityRefDensity,SelfGroupRefDensity,WordCount */
        fprintf(o, "\t%.4f,%.4f,%.4f,%.4f,0,0,%d\t", sqlite3_column_double(s, 6), sqlite3_column_double(s, 7),
                sqlite3_column_double(s, 8), sqlite3_column_double(s, 9), sqlite3_column_int(s, 10));
        n = 0;
        if (erc == SQLITE_OK) erc = each(x, dates_sql, art, emit_date, &n);
        /* 18 GCAM: the word count only; 19-22 images and embeds: none */
        fprintf(o, "\twc:%d\t\t\t\t\t", sqlite3_column_int(s, 10));
        n = 0;
        if (erc == SQLITE_OK) erc = each(x, quotes_sql, art, emit_quote, &n);
        fputc('\t', o);
        n = 0;
        if (erc == SQLITE_OK) erc = each(x, names_sql, art, emit_name_offset, &n);
        fputc('\t', o);
        n = 0;
        if (erc == SQLITE_OK) erc = each(x, amounts_sql, art, emit_amount, &n);
        /* 26 translation info: none; 27 extras */
        fputs("\t\t<PAGE_TITLE>", o);
        xml_text(o, col(s, 5));
        fputs("</PAGE_TITLE>\n", o);
        x->rows++;
    }
    sqlite3_finalize(s);
    if (erc != SQLITE_OK) return erc;
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- acled -------------------------------------------------------------------- */

/* PLOVER event types ACLED codes, and how (docs/store.md). Others (verbal
 * cooperation, consultations...) are outside ACLED's scope. */
static const struct { const char *plover, *event_type, *sub_event_type; } acled_map[] = {
    {"FIGHT", "Battles", "Armed clash"},
    {"ASSAULT", "Violence against civilians", "Attack"},
    {"PROTEST", "Protests", "Peaceful protest"},
    {"COERCE", "Strategic developments", "Arrests"},
    {"MOBILIZE", "Strategic developments", "Other"},
    {"RETREAT", "Strategic developments", "Non-violent transfer of territory"},
    {"AGREE", "Strategic developments", "Agreement"},
    {"THREATEN", "Strategic developments", "Other"},
};

static void csv(FILE *o, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) { fputs(s, o); return; }
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"') fputc('"', o);
        fputc(*s, o);
    }
    fputc('"', o);
}

static const char acled_sql[] =
    "SELECT c.event_date, c.type, e.source_text, e.target_text, coalesce(p.country, c.where_country), p.admin1,"
    " coalesce(p.name, c.where_name), coalesce(p.lat, c.lat), coalesce(p.lon, c.lon),"
    " (SELECT group_concat(DISTINCT coalesce(a2.outlet, a2.id)) FROM events e2 JOIN articles a2 ON a2.art = e2.art"
    "   WHERE e2.cluster = c.cluster), e.text,"
    " (SELECT max(k.value) FROM events e3 JOIN counts k ON k.art = e3.art AND k.span_start >= e3.span_start"
    "   AND k.span_end <= e3.span_end WHERE e3.cluster = c.cluster AND k.kind = 'KILL')"
    " FROM event_clusters c JOIN events e ON e.cluster = c.cluster"
    "  AND (e.art, e.n) = (SELECT art, n FROM events WHERE cluster = c.cluster ORDER BY art, n LIMIT 1)"
    " LEFT JOIN places p ON p.geonameid = c.geonameid"
    " WHERE c.day BETWEEN ?1 AND ?2 ORDER BY c.day, c.cluster";

static int export_acled(exporter *x)
{
    sqlite3_stmt *s = prepare(x, acled_sql);
    if (!s) return SQLITE_ERROR;
    FILE *o = x->out;
    fputs("event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,source,notes,"
          "fatalities\n", o);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *type = col(s, 1);
        size_t k = 0;
        while (k < sizeof acled_map / sizeof *acled_map && strcmp(acled_map[k].plover, type)) k++;
        if (k == sizeof acled_map / sizeof *acled_map) continue;
        csv(o, col(s, 0)), fputc(',', o);
        csv(o, acled_map[k].event_type), fputc(',', o);
        csv(o, acled_map[k].sub_event_type), fputc(',', o);
        for (int c = 2; c <= 6; c++) csv(o, col(s, c)), fputc(',', o);
        if (sqlite3_column_type(s, 7) != SQLITE_NULL)
            fprintf(o, "%.4f,%.4f,", sqlite3_column_double(s, 7), sqlite3_column_double(s, 8));
        else fputs(",,", o);
        csv(o, col(s, 9)), fputc(',', o);
        csv(o, col(s, 10)), fputc(',', o);
        fprintf(o, "%.0f\n", sqlite3_column_type(s, 11) == SQLITE_NULL ? 0.0 : sqlite3_column_double(s, 11));
        x->rows++;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- jsonl and csv -------------------------------------------------------------- */

static const char jsonl_sql[] =
    "SELECT json_object('id', a.id, 'url', a.url, 'outlet', a.outlet, 'title', a.title, 'published', a.published,"
    " 'language', a.language, 'authors', a.authors, 'text', (SELECT text FROM article_texts WHERE art = a.art),"
    " 'tone', json_object('score', a.tone, 'positive', a.tone_positive, 'negative', a.tone_negative,"
    "   'polarity', a.tone_polarity, 'word_count', a.word_count),"
    " 'entities', (SELECT json_group_array(json_object('entity', ae.gid, 'type', ae.type, 'name', ae.name,"
    "   'global_name', g.name, 'role', ae.role, 'country', ae.country, 'mentions', (SELECT json_group_array("
    "   json_object('start', m.span_start, 'end', m.span_end, 'text', m.text)) FROM mentions m"
    "   WHERE m.art = ae.art AND m.eid = ae.eid))) FROM article_entities ae JOIN entities g ON g.gid = ae.gid"
    "   WHERE ae.art = a.art),"
    " 'quotes', (SELECT json_group_array(json_object('start', q.span_start, 'end', q.span_end, 'text', q.text,"
    "   'speaker', q.speaker, 'cue', q.cue, 'direct', json(CASE q.direct WHEN 1 THEN 'true' ELSE 'false' END)))"
    "   FROM quotes q WHERE q.art = a.art),"
    " 'counts', (SELECT json_group_array(json_object('start', c.span_start, 'end', c.span_end, 'text', c.text,"
    "   'value', c.value, 'kind', c.kind, 'object', c.object, 'type', c.type, 'unit', c.unit))"
    "   FROM counts c WHERE c.art = a.art),"
    " 'dates', (SELECT json_group_array(json_object('start', t.span_start, 'end', t.span_end, 'text', t.text,"
    "   'type', t.type, 'value', t.value)) FROM dates t WHERE t.art = a.art),"
    " 'places', (SELECT json_group_array(json_object('start', pm.span_start, 'end', pm.span_end, 'text', pm.text,"
    "   'geonameid', p.geonameid, 'name', p.name, 'country', p.country, 'lat', p.lat, 'lon', p.lon))"
    "   FROM place_mentions pm JOIN places p ON p.geonameid = pm.geonameid WHERE pm.art = a.art),"
    " 'events', (SELECT json_group_array(json_object('start', e.span_start, 'end', e.span_end, 'text', e.text,"
    "   'type', e.type, 'cameo', e.cameo, 'event_date', e.event_date, 'cluster', e.cluster))"
    "   FROM events e WHERE e.art = a.art))"
    " FROM articles a WHERE a.duplicate_of IS NULL AND coalesce(a.day, 0) BETWEEN ?1 AND ?2 ORDER BY a.art";

static int export_jsonl(exporter *x)
{
    sqlite3_stmt *s = prepare(x, jsonl_sql);
    if (!s) return SQLITE_ERROR;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        fputs(col(s, 0), x->out);
        fputc('\n', x->out);
        x->rows++;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

#define CSV_ARTICLES " JOIN articles a ON a.art = f.art WHERE a.duplicate_of IS NULL AND coalesce(a.day, 0) BETWEEN ?1 AND ?2"
static const char csv_sql[] =
    "SELECT 'mention', a.id, f.span_start, f.span_end, f.text, ae.type, g.name, a.art FROM mentions f"
    " JOIN article_entities ae ON ae.art = f.art AND ae.eid = f.eid JOIN entities g ON g.gid = ae.gid" CSV_ARTICLES
    " UNION ALL SELECT 'quote', a.id, f.span_start, f.span_end, f.text, f.cue, f.speaker, a.art FROM quotes f" CSV_ARTICLES
    " UNION ALL SELECT 'count', a.id, f.span_start, f.span_end, f.text, f.kind, f.value, a.art FROM counts f" CSV_ARTICLES
    " UNION ALL SELECT 'date', a.id, f.span_start, f.span_end, f.text, f.type, f.value, a.art FROM dates f" CSV_ARTICLES
    " UNION ALL SELECT 'place', a.id, f.span_start, f.span_end, f.text, p.geonameid, p.name, a.art FROM place_mentions f"
    " JOIN places p ON p.geonameid = f.geonameid" CSV_ARTICLES
    " UNION ALL SELECT 'event', a.id, f.span_start, f.span_end, f.text, f.type, f.cameo, a.art FROM events f" CSV_ARTICLES
    " ORDER BY 8, 3, 1";

static int export_csv(exporter *x)
{
    sqlite3_stmt *s = prepare(x, csv_sql);
    if (!s) return SQLITE_ERROR;
    FILE *o = x->out;
    fputs("kind,article,start,end,text,label,value\n", o);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int c = 0; c < 7; c++) {
            if (c) fputc(',', o);
            csv(o, col(s, c));
        }
        fputc('\n', o);
        x->rows++;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

long ng_store_export(ng_store *s, const char *format, const char *since, const char *until, FILE *out, char *why,
                     size_t why_size)
{
    static const struct { const char *name; int (*run)(exporter *); } formats[] = {
        {"gdelt-events", export_gdelt_events}, {"gdelt-gkg", export_gdelt_gkg}, {"acled", export_acled},
        {"jsonl", export_jsonl}, {"csv", export_csv},
    };
    size_t k = 0;
    while (k < sizeof formats / sizeof *formats && strcmp(formats[k].name, format)) k++;
    if (k == sizeof formats / sizeof *formats) {
        snprintf(why, why_size, "unknown export format '%s' (gdelt-events, gdelt-gkg, acled, jsonl, csv)", format);
        return -1;
    }
    if (ng_store_flush(s, why, why_size) != 0) return -1;
    exporter x = {st_store_db(s), out, INT32_MIN, INT32_MAX, 0};
    const char *bounds[2] = {since, until};
    for (int i = 0; i < 2; i++) {
        if (!bounds[i]) continue;
        int32_t day = st_day(bounds[i], strlen(bounds[i]));
        if (day == INT32_MIN || strlen(bounds[i]) != 10) {
            snprintf(why, why_size, "%s wants a date YYYY-MM-DD, not '%s'", i ? "--until" : "--since", bounds[i]);
            return -1;
        }
        if (i) x.until = day;
        else x.since = day;
    }
    int rc = formats[k].run(&x);
    if (rc != SQLITE_OK) {
        snprintf(why, why_size, "%s: export %s: %s", st_store_path(s), format, sqlite3_errmsg(x.db));
        return -1;
    }
    if (ferror(out)) {
        snprintf(why, why_size, "export %s: write error", format);
        return -1;
    }
    return x.rows;
}
