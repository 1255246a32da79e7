/*
 * api.c: GET /api/v1/... (docs/api.md). Each endpoint is one or a few
 * store queries (ng_store_query_run, the SQL stays in store/); this file
 * checks the parameters, pages and writes the rows as JSON.
 */
#include "server.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 100
#define PAGE_MAX 10000
#define FACTS_MAX 20000   /* facts of one article at most */
#define PLACES_MAX 2000   /* points of the map */
#define GRAPH_MAX 500     /* edges of the graph */
#define PARAM_MAX 512     /* bytes of one parameter */

typedef struct request {
    const sv_config *cfg;
    struct MHD_Connection *c;
    sv_buf *out;
    char error[512];
    int status;
} request;

static int fail(request *r, int status, const char *message)
{
    r->out->len = 0, r->out->failed = false;
    sv_adds(r->out, "{\"error\":");
    sv_json_string(r->out, message);
    sv_adds(r->out, "}");
    return status;
}

/* A parameter: NULL when absent or empty; false (and a 400) when it is
 * too long or not text. */
static bool param(request *r, const char *name, const char **value)
{
    const char *v = MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, name);
    *value = v && *v ? v : NULL;
    if (!*value) return true;
    if (strlen(v) > PARAM_MAX || !sv_valid_text(v)) {
        snprintf(r->error, sizeof r->error, "parameter '%s' is too long or not UTF-8 text", name);
        return false;
    }
    return true;
}

/* A whole decimal number in [min, max]. */
static bool parse_int(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s || strlen(s) > 19) return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno || v < min || v > max) return false;
    *out = v;
    return true;
}

static bool int_param(request *r, const char *name, long long min, long long max, long long fallback, long long *out)
{
    const char *v;
    *out = fallback;
    if (!param(r, name, &v)) return false;
    if (v && !parse_int(v, min, max, out)) {
        snprintf(r->error, sizeof r->error, "parameter '%s' wants a whole number from %lld to %lld", name, min, max);
        return false;
    }
    return true;
}

/* The filters every list takes: q, since, until, outlet, event_type,
 * entity (a name), entity_id, place, cluster. */
static bool filters(request *r, ng_store_query *q)
{
    long long gid, cluster;
    if (!param(r, "q", &q->text) || !param(r, "since", &q->since) || !param(r, "until", &q->until) ||
        !param(r, "outlet", &q->outlet) || !param(r, "event_type", &q->event_type) || !param(r, "entity", &q->entity) ||
        !param(r, "place", &q->place) || !int_param(r, "entity_id", 1, (1LL << 62), 0, &gid) ||
        !int_param(r, "cluster", 1, (1LL << 62), 0, &cluster))
        return false;
    q->entity_gid = gid, q->cluster = cluster;
    q->timeout_ms = r->cfg->query_timeout_ms;
    return true;
}

typedef struct rows {
    sv_buf *out;
    long n, max; /* rows seen; written at most (0: all) */
} rows;

static int on_row(void *ud, const ng_store_row *row)
{
    rows *w = ud;
    if (w->max && w->n >= w->max) { w->n++; return 1; } /* one more than a page: there is a next */
    if (w->n++) sv_add(w->out, ",", 1);
    sv_json_row(w->out, row);
    return w->out->failed;
}

/* Runs q on s and writes its rows as a JSON array; the number of rows, or
 * -1 after writing the error (status in r->status). */
static long run_array(request *r, ng_store *s, const ng_store_query *q, long max)
{
    rows w = {r->out, 0, max};
    char why[512];
    sv_add(r->out, "[", 1);
    long n = ng_store_query_run(s, q, on_row, &w, why, sizeof why);
    sv_add(r->out, "]", 1);
    if (r->out->failed) { r->status = fail(r, 500, "the response is too large"); return -1; }
    if (n == -2) { r->status = fail(r, 503, "the query ran out of time; narrow it"); return -1; }
    if (n < 0) {
        /* The reason without the database's path: "PATH: query: reason". */
        const char *reason = strstr(why, ": query: ");
        snprintf(r->error, sizeof r->error, "bad query: %s", reason ? reason + 9 : "failed");
        r->status = fail(r, 400, r->error);
        return -1;
    }
    return w.n;
}

/* A page of `kind` rows: {"page", "per_page", "has_more", "results"}. */
static int list(request *r, const char *kind)
{
    ng_store_query q;
    ng_store_query_init(&q);
    long long page, per_page;
    if (!filters(r, &q) || !int_param(r, "page", 1, PAGE_MAX, 1, &page) ||
        !int_param(r, "per_page", 1, PER_PAGE_MAX, PER_PAGE_DEFAULT, &per_page))
        return fail(r, 400, r->error);
    q.kind = kind;
    q.limit = (long)per_page + 1; /* one more tells whether there is a next page */
    q.offset = (long)((page - 1) * per_page);
    sv_printf(r->out, "{\"page\":%lld,\"per_page\":%lld,\"results\":", page, per_page);
    ng_store *s = sv_pool_take(r->cfg->pool);
    long n = run_array(r, s, &q, (long)per_page);
    sv_pool_give(r->cfg->pool, s);
    if (n < 0) return r->status;
    sv_printf(r->out, ",\"has_more\":%s}", n > per_page ? "true" : "false");
    return r->out->failed ? fail(r, 500, "the response is too large") : 200;
}

static bool is_article_id(const char *s)
{
    if (strlen(s) != 16) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

/* What one object's page holds: a list of `kind` rows under `key`. */
typedef struct part {
    const char *key, *kind;
    long limit;
} part;

/* One object as {"<key>": {...}, "<part>": [...], ...}: q (filtered to the
 * object) run as `kind` for the object itself (404 `missing` when there is
 * none), then as each part's kind. */
static int object_parts(request *r, ng_store *s, ng_store_query *q, const char *key, const char *kind,
                        const char *missing, const part *parts, size_t n_parts)
{
    q->kind = kind, q->limit = 1, q->timeout_ms = r->cfg->query_timeout_ms;
    sv_printf(r->out, "{\"%s\":", key);
    size_t at = r->out->len;
    long n = run_array(r, s, q, 0);
    if (n < 0) return r->status;
    if (n == 0) return fail(r, 404, missing);
    /* the one object, not an array of one */
    memmove(r->out->data + at, r->out->data + at + 1, r->out->len - at - 2);
    r->out->len -= 2;
    for (size_t i = 0; i < n_parts; i++) {
        sv_printf(r->out, ",\"%s\":", parts[i].key);
        q->kind = parts[i].kind, q->limit = parts[i].limit;
        if (run_array(r, s, q, 0) < 0) return r->status;
    }
    sv_adds(r->out, "}");
    return 200;
}

/* object_parts on one store handle and in one read snapshot: the object and
 * its parts from the same moment. */
static int object_with_parts(request *r, ng_store_query *q, const char *key, const char *kind, const char *missing,
                             const part *parts, size_t n_parts)
{
    ng_store *s = sv_pool_take(r->cfg->pool);
    char why[512];
    int status = ng_store_read_begin(s, why, sizeof why) == 0
                     ? object_parts(r, s, q, key, kind, missing, parts, n_parts)
                     : fail(r, 503, "the database cannot be read now");
    ng_store_read_end(s);
    sv_pool_give(r->cfg->pool, s);
    return status;
}

/* One article and all its facts. */
static int article(request *r, const char *id)
{
    if (!is_article_id(id)) return fail(r, 400, "an article id is 16 hex digits");
    static const part facts[] = {{"entities", "mentions", FACTS_MAX}, {"quotes", "quotes", FACTS_MAX},
                                 {"counts", "counts", FACTS_MAX},     {"dates", "dates", FACTS_MAX},
                                 {"places", "places", FACTS_MAX},     {"events", "events", FACTS_MAX}};
    ng_store_query q;
    ng_store_query_init(&q);
    q.article = id, q.duplicates = true;
    return object_with_parts(r, &q, "article", "article", "no such article", facts, sizeof facts / sizeof *facts);
}

/* One global entity: itself, its names, articles, quotes by and about it,
 * mentions per day and the entities it shares articles with. */
static int entity(request *r, const char *id)
{
    long long gid;
    if (!parse_int(id, 1, 1LL << 62, &gid)) return fail(r, 400, "an entity id is a positive whole number");
    static const part parts[] = {{"aliases", "aliases", 200},          {"articles", "articles", 200},
                                 {"quotes", "quotes", 200},            {"quotes_about", "quotes_about", 200},
                                 {"cooccurring", "entities", 200},     {"timeline", "timeline", 20000},
                                 {"mentions_per_day", "mention_days", 20000}};
    ng_store_query q;
    ng_store_query_init(&q);
    q.entity_gid = gid;
    return object_with_parts(r, &q, "entity", "entity", "no such entity", parts, sizeof parts / sizeof *parts);
}

/* One event cluster: its sources (outlets), articles, and the events
 * behind it with the words that say so (evidence). */
static int cluster(request *r, const char *id)
{
    long long c;
    if (!parse_int(id, 1, 1LL << 62, &c)) return fail(r, 400, "a cluster id is a positive whole number");
    static const part parts[] = {{"sources", "sources", 1000}, {"articles", "articles", 1000}, {"events", "evidence", 1000}};
    ng_store_query q;
    ng_store_query_init(&q);
    q.cluster = c;
    return object_with_parts(r, &q, "cluster", "clusters", "no such cluster", parts, sizeof parts / sizeof *parts);
}

typedef struct geo {
    sv_buf *out;
    long n;
} geo;

static const char *column(const ng_store_row *row, const char *name)
{
    for (size_t i = 0; i < row->n; i++)
        if (!strcmp(row->names[i], name)) return row->values[i];
    return NULL;
}

static int on_place(void *ud, const ng_store_row *row)
{
    geo *g = ud;
    const char *lat = column(row, "lat"), *lon = column(row, "lon");
    if (!lat || !lon) return 0;
    if (g->n++) sv_add(g->out, ",", 1);
    sv_printf(g->out, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]},\"properties\":",
              strtod(lon, NULL), strtod(lat, NULL));
    sv_json_row(g->out, row);
    sv_add(g->out, "}", 1);
    return g->out->failed;
}

/* Places as a GeoJSON FeatureCollection, one Point per place. */
static int places(request *r)
{
    ng_store_query q;
    ng_store_query_init(&q);
    if (!filters(r, &q)) return fail(r, 400, r->error);
    q.kind = "geo", q.limit = PLACES_MAX;
    ng_store *s = sv_pool_take(r->cfg->pool);
    geo g = {r->out, 0};
    char why[512];
    sv_adds(r->out, "{\"type\":\"FeatureCollection\",\"features\":[");
    long n = ng_store_query_run(s, &q, on_place, &g, why, sizeof why);
    sv_pool_give(r->cfg->pool, s);
    sv_adds(r->out, "]}");
    if (r->out->failed) return fail(r, 500, "the response is too large");
    if (n == -2) return fail(r, 503, "the query ran out of time; narrow it");
    if (n < 0) return fail(r, 400, "bad query");
    return 200;
}

/* A whole view as {"results": [...]}: timeline, graph edges. */
static int view(request *r, const char *kind, long limit)
{
    ng_store_query q;
    ng_store_query_init(&q);
    if (!filters(r, &q)) return fail(r, 400, r->error);
    q.kind = kind, q.limit = limit;
    sv_adds(r->out, "{\"results\":");
    ng_store *s = sv_pool_take(r->cfg->pool);
    long n = run_array(r, s, &q, 0);
    sv_pool_give(r->cfg->pool, s);
    if (n < 0) return r->status;
    sv_adds(r->out, "}");
    return 200;
}

int sv_api(const sv_config *cfg, struct MHD_Connection *c, const char *path, sv_buf *out)
{
    request r = {cfg, c, out, "", 0};
    if (!strcmp(path, "search")) return list(&r, "articles");
    if (!strncmp(path, "articles/", 9)) return article(&r, path + 9);
    if (!strcmp(path, "entities")) return list(&r, "entities");
    if (!strncmp(path, "entities/", 9)) return entity(&r, path + 9);
    if (!strcmp(path, "events")) return list(&r, "events");
    if (!strcmp(path, "clusters")) return list(&r, "clusters");
    if (!strncmp(path, "clusters/", 9)) return cluster(&r, path + 9);
    if (!strcmp(path, "quotes")) return list(&r, "quotes");
    if (!strcmp(path, "places")) return places(&r);
    if (!strcmp(path, "timeline")) return view(&r, "timeline", 20000);
    if (!strcmp(path, "graph")) return view(&r, "graph", GRAPH_MAX);
    return fail(&r, 404, "no such endpoint (docs/api.md)");
}
