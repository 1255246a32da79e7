/*
 * query.c: ng_store_query_run. The SQL is assembled from fixed pieces, one
 * per filter; every value the user gave is a bound parameter.
 */
#include "db.h"
#include "store.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ng_store_query_init(ng_store_query *q)
{
    memset(q, 0, sizeof *q);
    q->size = sizeof *q;
    q->kind = "articles";
    q->limit = 1000;
}

typedef struct param {
    enum { P_TEXT, P_REAL, P_INT } type;
    const char *text;
    double real;
    long long integer;
} param;

typedef struct builder {
    char sql[4096];
    size_t len;
    param params[24];
    int n;
    bool overflow;
} builder;

static void add(builder *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > sizeof b->sql) { b->overflow = true; return; }
    memcpy(b->sql + b->len, s, n + 1);
    b->len += n;
}

/* Appends `clause` with "?" standing for the next parameter's number. */
static void clause(builder *b, const char *s, param p)
{
    if (b->n == (int)(sizeof b->params / sizeof *b->params)) { b->overflow = true; return; }
    b->params[b->n++] = p;
    char num[16];
    snprintf(num, sizeof num, "?%d", b->n);
    for (const char *q = s; *q; q++) {
        if (*q == '?') add(b, num);
        else { char c[2] = {*q, 0}; add(b, c); }
    }
}

static param text_param(const char *t) { return (param){P_TEXT, t, 0, 0}; }
static param real_param(double v) { return (param){P_REAL, NULL, v, 0}; }
static param int_param(long long v) { return (param){P_INT, NULL, 0, v}; }

/* The columns and tables of each kind; `a` is always the article. */
typedef struct kind {
    const char *name;
    const char *select;
    const char *order;
    bool fixed_order; /* grouped: its own order, whatever the filters */
    bool from_counts; /* reads the count tables: no filters apply */
    const char *tail; /* after the LIMIT (counted entities: the page is picked first) */
} kind;

static const kind kinds[] = {
    {"articles",
     "SELECT a.id AS article, 0 AS start, a.text_chars AS end, a.published, a.outlet, a.title, a.url,"
     " (SELECT id FROM articles o WHERE o.art = a.duplicate_of) AS duplicate_of FROM articles a WHERE 1",
     " ORDER BY a.art", false, false, NULL},
    {"mentions",
     "SELECT a.id AS article, m.span_start AS start, m.span_end AS end, m.text, ae.type, ae.gid AS entity,"
     " g.name AS entity_name FROM mentions m JOIN article_entities ae ON ae.art = m.art AND ae.eid = m.eid"
     " JOIN entities g ON g.gid = ae.gid JOIN articles a ON a.art = m.art WHERE 1",
     " ORDER BY m.art, m.span_start", false, false, NULL},
    {"entities",
     "SELECT (SELECT id FROM articles WHERE art = x.first >> 32) AS article, x.first & 4294967295 AS start,"
     " (SELECT span_end FROM mentions WHERE art = x.first >> 32 AND span_start = (x.first & 4294967295) LIMIT 1) AS end,"
     " g.gid AS entity, g.type, g.name, g.country, x.num_articles, x.num_mentions FROM"
     " (SELECT ae.gid AS gid, min((m.art << 32) + m.span_start) AS first, count(DISTINCT m.art) AS num_articles,"
     " count(*) AS num_mentions FROM mentions m JOIN article_entities ae ON ae.art = m.art AND ae.eid = m.eid"
     " JOIN articles a ON a.art = m.art WHERE 1",
     " GROUP BY ae.gid) x JOIN entities g ON g.gid = x.gid ORDER BY x.num_articles DESC, x.num_mentions DESC, g.gid",
     true, false, NULL},
    {"quotes",
     "SELECT a.id AS article, q.span_start AS start, q.span_end AS end, q.text, q.speaker, q.cue, q.direct,"
     " q.hedge, ae.gid AS speaker_entity FROM quotes q JOIN articles a ON a.art = q.art"
     " LEFT JOIN article_entities ae ON ae.art = q.art AND ae.eid = q.speaker_eid WHERE 1",
     " ORDER BY q.art, q.n", false, false, NULL},
    {"counts",
     "SELECT a.id AS article, c.span_start AS start, c.span_end AS end, c.text, c.value, c.kind, c.object,"
     " c.type, c.unit, c.approx FROM counts c JOIN articles a ON a.art = c.art WHERE 1",
     " ORDER BY c.art, c.n", false, false, NULL},
    {"dates",
     "SELECT a.id AS article, t.span_start AS start, t.span_end AS end, t.text, t.type, t.value"
     " FROM dates t JOIN articles a ON a.art = t.art WHERE 1",
     " ORDER BY t.art, t.n", false, false, NULL},
    {"places",
     "SELECT a.id AS article, pm.span_start AS start, pm.span_end AS end, pm.text, p.geonameid, p.name,"
     " p.country, p.feature, p.lat, p.lon FROM place_mentions pm JOIN places p ON p.geonameid = pm.geonameid"
     " JOIN articles a ON a.art = pm.art WHERE 1",
     " ORDER BY pm.art, pm.span_start", false, false, NULL},
    {"events",
     "SELECT a.id AS article, e.span_start AS start, e.span_end AS end, e.text, e.type, e.cameo, e.event_date,"
     " e.source_text, e.target_text, e.where_name, e.lat, e.lon, e.cluster, c.num_articles, c.num_sources,"
     " c.num_mentions FROM events e JOIN articles a ON a.art = e.art"
     " LEFT JOIN event_clusters c ON c.cluster = e.cluster WHERE 1",
     " ORDER BY e.art, e.n", false, false, NULL},
    /* An event with the words around it: the evidence behind a cluster.
     * context is the text from context_start (code points), up to 100
     * before the span and 100 after it. */
    {"evidence",
     "SELECT a.id AS article, e.span_start AS start, e.span_end AS end, e.text, e.type, e.cameo, e.event_date,"
     " e.source_text, e.target_text, e.where_name, a.title, a.outlet, a.published,"
     " a.text_chars, max(0, e.span_start - 100) AS context_start,"
     " substr(t.text, max(0, e.span_start - 100) + 1, e.span_end - max(0, e.span_start - 100) + 100) AS context"
     " FROM events e JOIN articles a ON a.art = e.art JOIN article_texts t ON t.art = e.art WHERE 1",
     " ORDER BY e.art, e.n", false, false, NULL},
    /* Quotes whose words name an entity (a mention inside the quote's
     * span), said by someone else: with entity_gid, the quotes about it. */
    {"quotes_about",
     "SELECT a.id AS article, q.span_start AS start, q.span_end AS end, q.text, q.speaker, q.cue, q.direct,"
     " q.hedge, sp.gid AS speaker_entity FROM quotes q JOIN articles a ON a.art = q.art"
     " LEFT JOIN article_entities sp ON sp.art = q.art AND sp.eid = q.speaker_eid WHERE 1",
     " ORDER BY q.art, q.n", false, false, NULL},
    /* The views (newsgraph_store.h). */
    {"mention_days",
     "SELECT date(a.day * 86400, 'unixepoch') AS date, count(*) AS mentions, count(DISTINCT a.art) AS articles"
     " FROM mentions m JOIN article_entities ae ON ae.art = m.art AND ae.eid = m.eid JOIN articles a ON a.art = m.art"
     " WHERE a.day IS NOT NULL",
     " GROUP BY a.day ORDER BY a.day", true, false, NULL},
    {"sources",
     "SELECT a.outlet, count(*) AS num_articles, min(a.published) AS first_published FROM articles a WHERE 1",
     " GROUP BY a.outlet ORDER BY num_articles DESC, a.outlet", true, false, NULL},
    {"article",
     "SELECT a.id AS article, 0 AS start, a.text_chars AS end, a.published, a.outlet, a.title, a.url, a.authors,"
     " a.section, a.language, a.dateline, a.description, a.tone,"
     " (SELECT id FROM articles o WHERE o.art = a.duplicate_of) AS duplicate_of, t.text"
     " FROM articles a JOIN article_texts t ON t.art = a.art WHERE 1",
     " ORDER BY a.art", false, false, NULL},
    {"entity",
     "SELECT g.gid AS entity, g.type, g.name, g.country, g.role, count(DISTINCT ae.art) AS num_articles,"
     " (SELECT count(*) FROM mentions m JOIN article_entities x ON x.art = m.art AND x.eid = m.eid"
     " WHERE x.gid = g.gid) AS num_mentions"
     " FROM entities g JOIN article_entities ae ON ae.gid = g.gid JOIN articles a ON a.art = ae.art WHERE 1",
     " GROUP BY g.gid ORDER BY g.gid", true, false, NULL},
    {"aliases",
     "SELECT ae.name, count(DISTINCT ae.art) AS num_articles FROM article_entities ae"
     " JOIN articles a ON a.art = ae.art WHERE 1",
     " GROUP BY ae.name ORDER BY num_articles DESC, ae.name", true, false, NULL},
    {"geo",
     "SELECT p.geonameid, p.name, p.country, p.feature, p.lat, p.lon, count(DISTINCT pm.art) AS num_articles,"
     " count(*) AS num_mentions FROM place_mentions pm JOIN places p ON p.geonameid = pm.geonameid"
     " JOIN articles a ON a.art = pm.art WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL",
     " GROUP BY p.geonameid ORDER BY num_articles DESC, p.geonameid", true, false, NULL},
    {"clusters",
     "SELECT c.cluster, c.type, c.event_date, c.where_name, c.where_country, c.lat, c.lon, c.cameo, c.quad_class,"
     " c.goldstein, c.num_mentions, c.num_articles, c.num_sources, c.avg_tone, a.id AS article"
     " FROM event_clusters c JOIN articles a ON a.art = c.first_art WHERE 1",
     " ORDER BY c.num_articles DESC, c.cluster", true, false, NULL},
    {"timeline",
     "SELECT date(coalesce(e.day, a.day) * 86400, 'unixepoch') AS date, e.type, count(*) AS events"
     " FROM events e JOIN articles a ON a.art = e.art WHERE coalesce(e.day, a.day) IS NOT NULL",
     " GROUP BY coalesce(e.day, a.day), e.type ORDER BY coalesce(e.day, a.day), e.type", true, false, NULL},
    {"graph",
     "SELECT x.gid AS source, gx.name AS source_name, gx.type AS source_type, y.gid AS target,"
     " gy.name AS target_name, gy.type AS target_type, count(DISTINCT x.art) AS num_articles"
     " FROM article_entities x JOIN article_entities y ON y.art = x.art AND y.gid > x.gid"
     " JOIN entities gx ON gx.gid = x.gid JOIN entities gy ON gy.gid = y.gid JOIN articles a ON a.art = x.art WHERE 1",
     " GROUP BY x.gid, y.gid ORDER BY num_articles DESC, x.gid, y.gid", true, false, NULL},
};

/* The same views without filters, from the count tables the writer keeps
 * (counts.c): the same columns and order, read along the tables' ranking
 * indexes instead of counted per request. */
static const kind counted_kinds[] = {
    {"entities",
     "SELECT (SELECT id FROM articles WHERE art = x.first >> 32) AS article, x.first & 4294967295 AS start,"
     " (SELECT span_end FROM mentions WHERE art = x.first >> 32 AND span_start = (x.first & 4294967295) LIMIT 1) AS end,"
     " g.gid AS entity, g.type, g.name, g.country, x.num_articles, x.num_mentions FROM"
     " (SELECT c.gid, c.num_articles, c.num_mentions,"
     /* its first mention: in its first article that is not a duplicate */
     " (SELECT min((m.art << 32) + m.span_start) FROM mentions m JOIN article_entities ae ON ae.art = m.art AND ae.eid = m.eid"
     " WHERE ae.gid = c.gid AND m.art = (SELECT f.art FROM article_entities f JOIN articles a ON a.art = f.art"
     " WHERE f.gid = c.gid AND a.duplicate_of IS NULL AND EXISTS (SELECT 1 FROM mentions y WHERE y.art = f.art AND y.eid = f.eid)"
     " ORDER BY f.art LIMIT 1)) AS first"
     " FROM entity_counts c ORDER BY c.num_articles DESC, c.num_mentions DESC, c.gid",
     "", true, true, ") x JOIN entities g ON g.gid = x.gid ORDER BY x.num_articles DESC, x.num_mentions DESC, g.gid"},
    {"geo",
     "SELECT p.geonameid, p.name, p.country, p.feature, p.lat, p.lon, c.num_articles, c.num_mentions"
     " FROM place_counts c JOIN places p ON p.geonameid = c.geonameid WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL",
     " ORDER BY c.num_articles DESC, c.geonameid", true, true, NULL},
    {"timeline",
     "SELECT date(c.day * 86400, 'unixepoch') AS date, nullif(c.type, '') AS type, c.events FROM day_counts c WHERE 1",
     " ORDER BY c.day, c.type", true, true, NULL},
    /* The ranking index holds only the pairs seen in two articles or more
     * (counts.c): the page is picked by merging those, in index order, with
     * the single-article pairs in key order. */
    {"graph",
     "SELECT c.source, gx.name AS source_name, gx.type AS source_type, c.target, gy.name AS target_name,"
     " gy.type AS target_type, c.num_articles FROM"
     " (SELECT source, target, num_articles FROM pair_counts WHERE num_articles >= 2 UNION ALL"
     " SELECT source, target, num_articles FROM pair_counts WHERE num_articles = 1"
     " ORDER BY num_articles DESC, source, target",
     "", true, true,
     ") c JOIN entities gx ON gx.gid = c.source JOIN entities gy ON gy.gid = c.target"
     " ORDER BY c.num_articles DESC, c.source, c.target"},
};

static bool is(const kind *k, const char *name) { return !strcmp(k->name, name); }

static bool given(const char *s) { return s && *s; }

/* A query with no filter at all (near-duplicates left out, as by default). */
static bool unfiltered(const ng_store_query *q)
{
    bool v2 = q->size >= offsetof(ng_store_query, timeout_ms);
    return !given(q->text) && !given(q->entity) && !given(q->place) && !q->near && !given(q->since) &&
           !given(q->until) && !given(q->event_type) && !given(q->outlet) && !q->duplicates &&
           !(v2 && (given(q->article) || q->entity_gid > 0 || q->cluster > 0));
}

/* The counted form of the kind, when the query can use it. */
static const kind *counted(st_db *d, const kind *k, const ng_store_query *q)
{
    if (!unfiltered(q)) return k;
    for (size_t i = 0; i < sizeof counted_kinds / sizeof *counted_kinds; i++)
        if (is(&counted_kinds[i], k->name)) return st_counts_exist(d) ? &counted_kinds[i] : k;
    return k;
}

/* The filters on one global entity (entity_gid), by what a row of the kind is. */
static void entity_gid_filter(builder *b, const kind *k, long long gid)
{
    if (is(k, "mentions") || is(k, "quotes") || is(k, "entity") || is(k, "aliases") || is(k, "mention_days")) {
        clause(b, " AND ae.gid = ?", int_param(gid));
    } else if (is(k, "quotes_about")) {
        clause(b, " AND q.art IN (SELECT art FROM article_entities WHERE gid = ?) AND (sp.gid IS NULL OR sp.gid != ?)"
                  " AND EXISTS (SELECT 1 FROM article_entities x JOIN mentions m ON m.art = x.art AND m.eid = x.eid"
                  " WHERE x.art = q.art AND x.gid = ? AND m.span_start >= q.span_start AND m.span_end <= q.span_end)",
               int_param(gid));
    } else if (is(k, "entities")) { /* the entities sharing an article with it */
        clause(b, " AND a.art IN (SELECT art FROM article_entities WHERE gid = ?)", int_param(gid));
        clause(b, " AND ae.gid != ?", int_param(gid));
    } else if (is(k, "graph")) {
        clause(b, " AND (x.gid = ?", int_param(gid));
        clause(b, " OR y.gid = ?)", int_param(gid));
    } else {
        clause(b, " AND a.art IN (SELECT art FROM article_entities WHERE gid = ?)", int_param(gid));
    }
}

static const kind *find_kind(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(kinds[i].name, name)) return &kinds[i];
    return NULL;
}

static bool build(builder *b, const kind *k, const ng_store_query *q, char *norm, size_t norm_size, char *why,
                  size_t why_size)
{
    bool events = is(k, "events") || is(k, "timeline") || is(k, "evidence"), clusters = is(k, "clusters");
    bool places = is(k, "places") || is(k, "geo");
    bool dated = (q->since && *q->since) || (q->until && *q->until);
    /* Articles matching a text, in row order: along the full-text index's own
     * rowid order, so that a common word stops at the limit instead of
     * collecting every match first (search p50 on 100,000 articles: 11 ms -> < 1 ms). */
    bool fts_order = is(k, "articles") && q->text && *q->text && !dated;
    if (fts_order) {
        clause(b, "SELECT a.id AS article, 0 AS start, a.text_chars AS end, a.published, a.outlet, a.title, a.url,"
                  " (SELECT id FROM articles o WHERE o.art = a.duplicate_of) AS duplicate_of"
                  " FROM articles_fts f JOIN articles a ON a.art = f.rowid WHERE articles_fts MATCH ?",
               text_param(q->text));
    } else {
        add(b, k->select);
    }
    if (q->size >= offsetof(ng_store_query, timeout_ms)) {
        if (q->article) clause(b, " AND a.id = ?", text_param(q->article));
        if (q->entity_gid > 0) entity_gid_filter(b, k, q->entity_gid);
        if (q->cluster > 0)
            clause(b, events ? " AND e.cluster = ?" : clusters ? " AND c.cluster = ?"
                                                               : " AND a.art IN (SELECT art FROM events WHERE cluster = ?)",
                   int_param(q->cluster));
    }
    /* "+": nearly every article is an original, so the duplicate_of index
     * is no way in; without it SQLite's statistics (one value, NULL,
     * counted like the originals' ids) can make it the outer loop over
     * every article ("place = Malmo" took 200 ms on 100,000 articles). */
    if (!q->duplicates && !k->from_counts) add(b, " AND +a.duplicate_of IS NULL");
    if (q->text && *q->text && !fts_order)
        clause(b, " AND a.art IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", text_param(q->text));
    if (q->entity && *q->entity) {
        st_normalise(q->entity, strlen(q->entity), norm, norm_size);
        param p = text_param(norm);
        if (is(k, "mentions") || is(k, "entities") || is(k, "entity") || is(k, "aliases") || is(k, "mention_days"))
            clause(b, " AND ae.gid IN (SELECT gid FROM entity_keys WHERE norm = ?)", p);
        else
            clause(b, " AND a.art IN (SELECT x.art FROM entity_keys k JOIN article_entities x ON x.gid = k.gid"
                      " WHERE k.norm = ?)", p);
    }
    if (q->place && *q->place) {
        /* The places named so, or written so (an IN over indexes, not an OR over every mention). */
        add(b, places ? " AND pm.geonameid IN" : " AND a.art IN (SELECT x.art FROM place_mentions x WHERE x.geonameid IN");
        clause(b, " (SELECT geonameid FROM places WHERE name = ? COLLATE NOCASE", text_param(q->place));
        clause(b, " UNION SELECT geonameid FROM place_mentions WHERE text = ? COLLATE NOCASE)", text_param(q->place));
        if (!places) add(b, ")");
    }
    if (q->near) {
        if (!(q->near_km > 0) || fabs(q->near_lat) > 90 || fabs(q->near_lon) > 180) {
            snprintf(why, why_size, "--near wants LAT,LON,KM with |LAT| <= 90, |LON| <= 180 and KM > 0");
            return false;
        }
        double dlat = q->near_km / 111.0;
        if (!places) add(b, " AND a.art IN (SELECT x.art FROM place_mentions x WHERE x.geonameid IN (SELECT geonameid FROM places p WHERE 1");
        clause(b, " AND p.lat BETWEEN ?", real_param(q->near_lat - dlat));
        clause(b, " AND ?", real_param(q->near_lat + dlat));
        clause(b, " AND km(p.lat, p.lon, ?", real_param(q->near_lat));
        clause(b, ", ?)", real_param(q->near_lon));
        clause(b, " <= ?", real_param(q->near_km));
        if (!places) add(b, "))");
    }
    /* The timeline dates an event without a date of its own by its article. */
    const char *day_col = is(k, "timeline") ? "coalesce(e.day, a.day)" : events ? "e.day" : clusters ? "c.day" : "a.day";
    const char *bounds[2] = {q->since, q->until};
    for (int i = 0; i < 2; i++) {
        if (!bounds[i] || !*bounds[i]) continue;
        int32_t day = st_day(bounds[i], strlen(bounds[i]));
        if (day == INT32_MIN || strlen(bounds[i]) != 10) {
            snprintf(why, why_size, "%s wants a date YYYY-MM-DD, not '%s'", i ? "--until" : "--since", bounds[i]);
            return false;
        }
        char c[64];
        snprintf(c, sizeof c, " AND %s %s ?", day_col, i ? "<=" : ">=");
        clause(b, c, int_param(day));
    }
    if (q->event_type && *q->event_type)
        clause(b, events ? " AND e.type = ?" : clusters ? " AND c.type = ?" : " AND a.art IN (SELECT art FROM events WHERE type = ?)",
               text_param(q->event_type));
    if (q->outlet && *q->outlet) clause(b, " AND a.outlet = ? COLLATE NOCASE", text_param(q->outlet));
    /* A date range: in date order, along the day index (stops at the limit). */
    if (fts_order) {
        add(b, " ORDER BY f.rowid");
    } else if (k->fixed_order) {
        add(b, k->order);
    } else if (dated && strcmp(k->name, "entities") != 0) {
        add(b, events ? " ORDER BY e.day, e.art, e.n" : " ORDER BY a.day, a.art");
        if (!events && strcmp(k->name, "articles") != 0) add(b, strchr(k->order, ',')); /* then the fact's order */
    } else if (is(k, "places") && ((q->place && *q->place) || q->near)) {
        /* Place by place along the (geonameid, art) index: no sort of every
         * mention of a much-named place before the limit. */
        add(b, " ORDER BY pm.geonameid, pm.art, pm.span_start");
    } else {
        add(b, k->order);
    }
    long offset = q->size >= offsetof(ng_store_query, timeout_ms) && q->offset > 0 ? q->offset : 0;
    if (q->limit > 0 || offset) clause(b, " LIMIT ?", int_param(q->limit > 0 ? q->limit : -1));
    if (offset) clause(b, " OFFSET ?", int_param(offset));
    if (k->tail) add(b, k->tail);
    if (b->overflow) { snprintf(why, why_size, "query too long"); return false; }
    return true;
}

typedef struct deadline {
    struct timespec at;
    bool passed;
} deadline;

/* SQLite's progress handler: non-zero interrupts the statement. */
static int past_deadline(void *arg)
{
    deadline *d = arg;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    d->passed = now.tv_sec > d->at.tv_sec || (now.tv_sec == d->at.tv_sec && now.tv_nsec >= d->at.tv_nsec);
    return d->passed;
}

long ng_store_query_run(ng_store *s, const ng_store_query *q, int (*row)(void *, const ng_store_row *), void *ud,
                        char *why, size_t why_size)
{
    if (ng_store_flush(s, why, why_size) != 0) return -1;
    const kind *k = find_kind(q->kind ? q->kind : "articles");
    if (!k) {
        snprintf(why, why_size, "unknown kind '%s' (articles, entities, mentions, quotes, counts, dates, places, events)",
                 q->kind);
        return -1;
    }
    k = counted(st_store_d(s), k, q);
    builder *b = calloc(1, sizeof *b);
    char norm[256];
    if (!b) { snprintf(why, why_size, "out of memory"); return -1; }
    if (!build(b, k, q, norm, sizeof norm, why, why_size)) { free(b); return -1; }
    sqlite3 *db = st_store_db(s);
    int rc;
    sqlite3_stmt *st = st_query_stmt(st_store_d(s), b->sql);
    if (!st) {
        snprintf(why, why_size, "%s: query: %s", st_store_path(s), sqlite3_errmsg(db));
        free(b);
        return -1;
    }
    for (int i = 0; i < b->n; i++) {
        param *p = &b->params[i];
        if (p->type == P_TEXT) sqlite3_bind_text(st, i + 1, p->text, -1, SQLITE_STATIC);
        else if (p->type == P_REAL) sqlite3_bind_double(st, i + 1, p->real);
        else sqlite3_bind_int64(st, i + 1, p->integer);
    }
    deadline limit = {0};
    int timeout_ms = q->size >= sizeof *q ? q->timeout_ms : 0;
    if (timeout_ms > 0) {
        clock_gettime(CLOCK_MONOTONIC, &limit.at);
        limit.at.tv_sec += timeout_ms / 1000;
        limit.at.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (limit.at.tv_nsec >= 1000000000L) limit.at.tv_sec++, limit.at.tv_nsec -= 1000000000L;
        sqlite3_progress_handler(db, 1000, past_deadline, &limit);
    }
    int ncol = sqlite3_column_count(st);
    const char *names[32], *values[32];
    bool numeric[32];
    if (ncol > 32) ncol = 32;
    for (int c = 0; c < ncol; c++) names[c] = sqlite3_column_name(st, c);
    long n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < ncol; c++) {
            int t = sqlite3_column_type(st, c);
            numeric[c] = t == SQLITE_INTEGER || t == SQLITE_FLOAT;
            values[c] = t == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, c);
        }
        ng_store_row r = {(size_t)ncol, names, values, numeric};
        n++;
        if (row && row(ud, &r)) { rc = SQLITE_DONE; break; }
    }
    if (rc != SQLITE_DONE) {
        if (limit.passed) {
            snprintf(why, why_size, "%s: query: ran longer than %d ms", st_store_path(s), timeout_ms);
            n = -2;
        } else {
            snprintf(why, why_size, "%s: query: %s", st_store_path(s), sqlite3_errmsg(db));
            n = -1;
        }
    }
    st_query_stmt_done(st);
    if (timeout_ms > 0) sqlite3_progress_handler(db, 0, NULL, NULL);
    free(b);
    return n;
}
