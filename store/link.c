/*
 * link.c: knowledge across articles, computed as each article is written.
 *
 * - Global entities: an article's entity joins the global entity that
 *   shares its type and a normalised name or alias ("SBU" for "Security
 *   Service of Ukraine"). Precision first: a person is matched by a full
 *   name (two words or more), and a lone surname ("Kim") only when exactly
 *   one known person carries it; entities with different countries never
 *   join.
 * - Near-duplicates: the same text, or a SimHash of word 3-shingles within
 *   ST_DUP_BITS bits, found through bands of the hash (see band_key).
 * - Event clusters (st_cluster_score): the same type, dates within a day,
 *   compatible actors with one of them known on both sides and the same,
 *   and compatible places: within 50 km, or one a country or region that
 *   holds the other (docs/store.md, "Event clusters").
 */
#include "db.h"
#include "store.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x) do { int rc_ = (x); if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) return rc_; } while (0)
#define STMT(var, sql) sqlite3_stmt *var = st_stmt(d, sql); if (!var) return sqlite3_errcode(d->db) ? sqlite3_errcode(d->db) : SQLITE_ERROR

#define ST_DUP_BITS 5
#define ST_MIN_SHINGLES 20

/* ---- global entities ---------------------------------------------------------- */

/* Lowercase ASCII, drop periods and a trailing possessive, spaces and
 * hyphens to one space, no leading "the ". Returns the number of words. */
static int normalise(ng_str s, char *out, size_t size)
{
    size_t n = 0;
    int words = 0;
    bool space = true;
    for (size_t i = 0; i < s.len && n + 1 < size; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == '.') continue;
        if (c == ' ' || c == '-' || c == '\t' || c == '\n') {
            if (!space) out[n++] = ' ', space = true;
            continue;
        }
        if (space) words++;
        out[n++] = (char)tolower(c);
        space = false;
    }
    while (n && out[n - 1] == ' ') n--;
    if (n >= 2 && out[n - 1] == 's' && (out[n - 2] == '\'')) n -= 2, out[n] = 0;
    out[n] = 0;
    if (!strncmp(out, "the ", 4) && n > 4) {
        memmove(out, out + 4, n - 3);
        words--;
    }
    return words;
}

int st_normalise(const char *name, size_t len, char *out, size_t size)
{
    return normalise((ng_str){name, len}, out, size);
}

static const char key_sql[] = "SELECT k.gid, e.country FROM entity_keys k JOIN entities e ON e.gid = k.gid"
                              " WHERE k.norm = ?1 AND k.type = ?2 AND k.strong = ?3 ORDER BY k.gid";

static bool country_agrees(const ng_entity *e, const unsigned char *country)
{
    return !e->country[0] || !country || !country[0] || !strcmp(e->country, (const char *)country);
}

/* The one global entity holding key (norm, strong) whose country agrees:
 * *gid, or 0 when none; *many when more than one does. */
static int find_key(st_db *d, const char *type, const char *norm, int strong, const ng_entity *e, int64_t *gid,
                    bool *many)
{
    STMT(s, key_sql);
    sqlite3_bind_text(s, 1, norm, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, strong);
    *gid = 0, *many = false;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!country_agrees(e, sqlite3_column_text(s, 1))) continue;
        int64_t g = sqlite3_column_int64(s, 0);
        if (*gid && *gid != g) { *many = true; break; }
        *gid = g;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int add_key(st_db *d, const char *norm, const char *type, int64_t gid, int strong)
{
    static const char sql[] = "INSERT OR IGNORE INTO entity_keys(norm, type, gid, strong) VALUES (?1,?2,?3,?4)";
    if (!*norm) return SQLITE_OK;
    STMT(s, sql);
    sqlite3_bind_text(s, 1, norm, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, gid);
    sqlite3_bind_int(s, 4, strong);
    return st_step_done(s);
}

/* A key names one entity for sure unless it is a person's single word. */
static int strong_key(ng_entity_type type, int words) { return type != NG_ENTITY_PER || words >= 2; }

int st_link_entity(st_db *d, const ng_entity *e, int64_t *gid)
{
    static const char new_sql[] = "INSERT INTO entities(type, name, country, role) VALUES (?1,?2,?3,?4)";
    const char *type = ng_entity_type_name(e->type);
    char name[256], alias[256];
    int words = normalise(e->name, name, sizeof name);
    bool many;
    *gid = 0;
    /* The name, then each alias, as a sure key. */
    if (strong_key(e->type, words)) TRY(find_key(d, type, name, 1, e, gid, &many));
    for (size_t i = 0; !*gid && i < e->aliases.count; i++) {
        int w = normalise(e->aliases.items[i], alias, sizeof alias);
        if (strong_key(e->type, w)) TRY(find_key(d, type, alias, 1, e, gid, &many));
    }
    /* A lone surname: the one known person with it, else the entity of
     * that lone name. */
    if (!*gid && !strong_key(e->type, words)) {
        TRY(find_key(d, type, name, 0, e, gid, &many));
        if (many) *gid = 0;
        if (!*gid) TRY(find_key(d, type, name, 1, e, gid, &many));
    }
    bool created = !*gid;
    if (created) {
        STMT(s, new_sql);
        sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
        st_bind_str(s, 2, e->name);
        st_bind_cstr(s, 3, e->country);
        st_bind_str(s, 4, e->role);
        TRY(st_step_done(s));
        *gid = sqlite3_last_insert_rowid(d->db);
    }
    /* Keys: the name and aliases; a person's full name also gives a weak
     * surname key (its last word). */
    /* A lone name joined to a full-named person stays a weak key of it. */
    TRY(add_key(d, name, type, *gid, strong_key(e->type, words) || created));
    for (size_t i = 0; i < e->aliases.count; i++) {
        int w = normalise(e->aliases.items[i], alias, sizeof alias);
        TRY(add_key(d, alias, type, *gid, strong_key(e->type, w)));
    }
    if (e->type == NG_ENTITY_PER && words >= 2) {
        const char *last = strrchr(name, ' ');
        if (last) TRY(add_key(d, last + 1, type, *gid, 0));
    }
    return SQLITE_OK;
}

/* ---- near-duplicates ------------------------------------------------------- */

/* Six bands of 11, 11, 11, 11, 10 and 10 bits: two hashes within 5 bits
 * agree exactly on at least one, and an unrelated article shares a band
 * with one in ~2,000 others. */
#define ST_BANDS 6
static int64_t band_key(uint64_t simhash, int k)
{
    static const int shift[ST_BANDS] = {0, 11, 22, 33, 44, 54}, bits[ST_BANDS] = {11, 11, 11, 11, 10, 10};
    return (int64_t)k << 16 | (int64_t)(simhash >> shift[k] & ((1u << bits[k]) - 1));
}

int st_simhash_index(st_db *d, int64_t art, uint64_t simhash)
{
    static const char sql[] = "INSERT OR IGNORE INTO simhash_bands(band, art, simhash) VALUES (?1, ?2, ?3)";
    for (int k = 0; k < ST_BANDS; k++) {
        STMT(s, sql);
        sqlite3_bind_int64(s, 1, band_key(simhash, k));
        sqlite3_bind_int64(s, 2, art);
        sqlite3_bind_int64(s, 3, (int64_t)simhash);
        TRY(st_step_done(s));
    }
    return SQLITE_OK;
}

int st_find_duplicate(st_db *d, const st_item *it, int64_t self, int64_t *original)
{
    static const char same_sql[] = "SELECT art FROM articles WHERE text_hash = ?1 AND art != ?2 AND duplicate_of IS NULL"
                                   " ORDER BY art LIMIT 1";
    /* Only originals are in the bands (duplicates never enter; a demoted
     * original leaves them). */
    static const char band_sql[] = "SELECT art, simhash FROM simhash_bands WHERE band = ?1 AND art != ?2";
    *original = 0;
    if (!it->rec.text.len) return SQLITE_OK;
    STMT(s, same_sql);
    sqlite3_bind_int64(s, 1, (int64_t)it->text_hash);
    sqlite3_bind_int64(s, 2, self);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *original = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    if (*original || it->shingles < ST_MIN_SHINGLES) return SQLITE_OK;
    for (int k = 0; k < ST_BANDS; k++) {
        STMT(b, band_sql);
        sqlite3_bind_int64(b, 1, band_key(it->simhash, k));
        sqlite3_bind_int64(b, 2, self);
        while ((rc = sqlite3_step(b)) == SQLITE_ROW) {
            uint64_t other = (uint64_t)sqlite3_column_int64(b, 1);
            int64_t art = sqlite3_column_int64(b, 0);
            if (__builtin_popcountll(other ^ it->simhash) <= ST_DUP_BITS && (!*original || art < *original))
                *original = art;
        }
        sqlite3_reset(b);
        if (rc != SQLITE_DONE) return rc;
    }
    return SQLITE_OK;
}

/* The original of a group of near-duplicates is the one with the smallest
 * id, whatever order they came in (so a rerun after a crash, or another
 * -j, gives the same database): `old` and its duplicates become
 * duplicates of `original`, and old's events leave their clusters. */
int st_demote_original(st_db *d, int64_t old, int64_t original)
{
    static const char move_sql[] = "UPDATE articles SET duplicate_of = ?2 WHERE art = ?1 OR duplicate_of = ?1";
    static const char bands_sql[] = "DELETE FROM simhash_bands WHERE art = ?1";
    static const char clusters_sql[] = "SELECT DISTINCT cluster FROM events WHERE art = ?1 AND cluster IS NOT NULL";
    static const char unlink_sql[] = "UPDATE events SET cluster = NULL WHERE art = ?1";
    STMT(m, move_sql);
    sqlite3_bind_int64(m, 1, old);
    sqlite3_bind_int64(m, 2, original);
    TRY(st_step_done(m));
    STMT(b, bands_sql);
    sqlite3_bind_int64(b, 1, old);
    TRY(st_step_done(b));
    int64_t ids[64];
    int n = 0, rc;
    STMT(c, clusters_sql);
    sqlite3_bind_int64(c, 1, old);
    while ((rc = sqlite3_step(c)) == SQLITE_ROW && n < 64) ids[n++] = sqlite3_column_int64(c, 0);
    sqlite3_reset(c);
    STMT(u, unlink_sql);
    sqlite3_bind_int64(u, 1, old);
    TRY(st_step_done(u));
    for (int i = 0; i < n; i++) TRY(st_cluster_recount(d, ids[i]));
    return SQLITE_OK;
}

/* ---- event clusters ---------------------------------------------------------- */

static bool known(const char *s) { return s && *s; }
static bool differ(const char *a, const char *b) { return known(a) && known(b) && strcmp(a, b); }
static bool agree(const char *a, const char *b) { return known(a) && known(b) && !strcmp(a, b); }

int st_actor_match(const st_cluster_actor *a, const st_cluster_actor *b)
{
    bool a_empty = !a->gid && !known(a->country) && !known(a->sector);
    bool b_empty = !b->gid && !known(b->country) && !known(b->sector);
    if (a_empty || b_empty) return ST_ACTOR_UNKNOWN;
    bool same_code = agree(a->country, b->country) && agree(a->sector, b->sector);
    if ((a->gid && a->gid == b->gid) || same_code) return ST_ACTOR_SAME;
    if (differ(a->country, b->country) || differ(a->sector, b->sector)) return ST_ACTOR_APART;
    /* Two different entities that no country and sector make one actor. */
    if (a->gid && b->gid) return ST_ACTOR_APART;
    return ST_ACTOR_PARTIAL;
}

int st_place_match(const st_cluster_place *a, const st_cluster_place *b)
{
    if (a->level == ST_PLACE_NONE || b->level == ST_PLACE_NONE)
        return a->level == b->level ? ST_PLACE_BOTH_UNKNOWN : ST_PLACE_APART;
    if (a->geonameid && a->geonameid == b->geonameid) return ST_PLACE_NEAR;
    if (a->level == ST_PLACE_POINT && b->level == ST_PLACE_POINT)
        return st_km(a->lat, a->lon, b->lat, b->lon) <= ST_CLUSTER_KM ? ST_PLACE_NEAR : ST_PLACE_APART;
    /* One is a region or a country: it holds the other when the other lies
     * in it (same country; for a region, the same first-level division). */
    const st_cluster_place *wide = a->level >= b->level ? a : b, *narrow = wide == a ? b : a;
    if (!agree(wide->country, narrow->country)) return ST_PLACE_APART;
    if (wide->level == ST_PLACE_COUNTRY) return ST_PLACE_CONTAINS;
    return agree(wide->admin1, narrow->admin1) ? ST_PLACE_CONTAINS : ST_PLACE_APART;
}

int st_cluster_score(const st_cluster_key *cluster, const st_cluster_key *event)
{
    if (strcmp(cluster->type, event->type) || abs(cluster->day - event->day) > 1) return -1;
    int source = st_actor_match(&cluster->source, &event->source);
    int target = st_actor_match(&cluster->target, &event->target);
    int place = st_place_match(&cluster->where, &event->where);
    if (source == ST_ACTOR_APART || target == ST_ACTOR_APART || place == ST_PLACE_APART) return -1;
    /* One actor known on both sides and the same: without it, two events
     * with no known actor would merge on type, day and place alone. */
    if (source != ST_ACTOR_SAME && target != ST_ACTOR_SAME) return -1;
    return source + target + place;
}

/* A candidate cluster's key, from the columns of cluster_sql. */
static void cluster_row(sqlite3_stmt *s, st_cluster_key *k, int64_t *id)
{
    memset(k, 0, sizeof *k);
    *id = sqlite3_column_int64(s, 0);
    k->type = (const char *)sqlite3_column_text(s, 1);
    k->day = sqlite3_column_int(s, 2);
    k->source = (st_cluster_actor){sqlite3_column_int64(s, 3), (const char *)sqlite3_column_text(s, 4),
                                   (const char *)sqlite3_column_text(s, 5)};
    k->target = (st_cluster_actor){sqlite3_column_int64(s, 6), (const char *)sqlite3_column_text(s, 7),
                                   (const char *)sqlite3_column_text(s, 8)};
    st_cluster_place *w = &k->where;
    w->level = sqlite3_column_int(s, 9);
    w->geonameid = sqlite3_column_int64(s, 10);
    w->lat = sqlite3_column_double(s, 11), w->lon = sqlite3_column_double(s, 12);
    w->country = (const char *)sqlite3_column_text(s, 13);
    w->admin1 = (const char *)sqlite3_column_text(s, 14);
}

/* Fills what the cluster does not know yet from a member that knows it:
 * a missing actor, or a missing country or sector of one; a place given
 * only as a country or region, by a narrower place inside it. */
static int refine_cluster(st_db *d, int64_t cluster, const st_cluster_key *e)
{
    static const char actors_sql[] =
        "UPDATE event_clusters SET"
        " source_gid = coalesce(source_gid, ?2), source_country = coalesce(source_country, ?3),"
        " source_sector = coalesce(source_sector, ?4), target_gid = coalesce(target_gid, ?5),"
        " target_country = coalesce(target_country, ?6), target_sector = coalesce(target_sector, ?7)"
        " WHERE cluster = ?1";
    static const char place_sql[] =
        "UPDATE event_clusters SET where_level = ?2, geonameid = ?3, lat = ?4, lon = ?5, where_name = ?6,"
        " where_country = ?7, where_admin1 = ?8 WHERE cluster = ?1 AND where_level > ?2";
    STMT(a, actors_sql);
    sqlite3_bind_int64(a, 1, cluster);
    if (e->source.gid) sqlite3_bind_int64(a, 2, e->source.gid);
    st_bind_cstr(a, 3, e->source.country);
    st_bind_cstr(a, 4, e->source.sector);
    if (e->target.gid) sqlite3_bind_int64(a, 5, e->target.gid);
    st_bind_cstr(a, 6, e->target.country);
    st_bind_cstr(a, 7, e->target.sector);
    TRY(st_step_done(a));
    if (e->where.level == ST_PLACE_NONE) return SQLITE_OK;
    STMT(p, place_sql);
    sqlite3_bind_int64(p, 1, cluster);
    sqlite3_bind_int(p, 2, e->where.level);
    if (e->where.geonameid) sqlite3_bind_int64(p, 3, e->where.geonameid);
    st_bind_real(p, 4, e->where.lat);
    st_bind_real(p, 5, e->where.lon);
    st_bind_cstr(p, 6, e->where.name);
    st_bind_cstr(p, 7, e->where.country);
    st_bind_cstr(p, 8, e->where.admin1);
    TRY(st_step_done(p));
    return SQLITE_OK;
}

int st_cluster_event(st_db *d, int64_t art, const st_cluster_key *e, int64_t *cluster)
{
    static const char cluster_sql[] =
        "SELECT cluster, type, day, source_gid, source_country, source_sector, target_gid, target_country,"
        " target_sector, where_level, geonameid, lat, lon, where_country, where_admin1 FROM event_clusters"
        " WHERE type = ?1 AND day BETWEEN ?2 - 1 AND ?2 + 1"
        /* only clusters with one actor the same (st_cluster_score): NULL never equals */
        " AND (source_gid = ?3 OR target_gid = ?4 OR (source_country = ?5 AND source_sector = ?6)"
        "  OR (target_country = ?7 AND target_sector = ?8)) ORDER BY cluster";
    static const char new_sql[] =
        "INSERT INTO event_clusters(type, day, event_date, source_gid, source_country, source_sector, target_gid,"
        " target_country, target_sector, where_level, geonameid, lat, lon, where_name, where_country, where_admin1,"
        " cameo, quad_class, goldstein, first_art) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
        "?17,?18,?19,?20)";
    *cluster = 0;
    STMT(f, cluster_sql);
    sqlite3_bind_text(f, 1, e->type, -1, SQLITE_STATIC);
    sqlite3_bind_int(f, 2, e->day);
    if (e->source.gid) sqlite3_bind_int64(f, 3, e->source.gid);
    if (e->target.gid) sqlite3_bind_int64(f, 4, e->target.gid);
    st_bind_cstr(f, 5, e->source.country);
    st_bind_cstr(f, 6, e->source.sector);
    st_bind_cstr(f, 7, e->target.country);
    st_bind_cstr(f, 8, e->target.sector);
    int rc, best = -1;
    while ((rc = sqlite3_step(f)) == SQLITE_ROW) {
        st_cluster_key k;
        int64_t id;
        cluster_row(f, &k, &id);
        int score = st_cluster_score(&k, e);
        if (score > best) best = score, *cluster = id; /* ties: the lowest id, met first */
    }
    sqlite3_reset(f);
    if (rc != SQLITE_DONE) return rc;
    if (*cluster) return refine_cluster(d, *cluster, e);
    STMT(s, new_sql);
    sqlite3_bind_text(s, 1, e->type, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, e->day);
    st_bind_cstr(s, 3, e->event_date);
    if (e->source.gid) sqlite3_bind_int64(s, 4, e->source.gid);
    st_bind_cstr(s, 5, e->source.country);
    st_bind_cstr(s, 6, e->source.sector);
    if (e->target.gid) sqlite3_bind_int64(s, 7, e->target.gid);
    st_bind_cstr(s, 8, e->target.country);
    st_bind_cstr(s, 9, e->target.sector);
    sqlite3_bind_int(s, 10, e->where.level);
    if (e->where.geonameid) sqlite3_bind_int64(s, 11, e->where.geonameid);
    if (e->where.level != ST_PLACE_NONE) {
        st_bind_real(s, 12, e->where.lat);
        st_bind_real(s, 13, e->where.lon);
    }
    st_bind_cstr(s, 14, e->where.name);
    st_bind_cstr(s, 15, e->where.country);
    st_bind_cstr(s, 16, e->where.admin1);
    st_bind_cstr(s, 17, e->cameo);
    if (e->quad_class) sqlite3_bind_int(s, 18, e->quad_class);
    st_bind_real(s, 19, e->goldstein);
    sqlite3_bind_int64(s, 20, art);
    TRY(st_step_done(s));
    *cluster = sqlite3_last_insert_rowid(d->db);
    return SQLITE_OK;
}

static const char *text(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

/* Clusters the stored event (art, n) and records its cluster. */
int st_cluster_stored_event(st_db *d, int64_t art, int64_t n, int64_t *cluster)
{
    static const char event_sql[] =
        "SELECT e.type, e.day, e.event_date, e.source_gid, e.source_country, e.source_sector, e.target_gid,"
        " e.target_country, e.target_sector, coalesce(e.where_level, 0), e.geonameid, e.lat, e.lon, e.where_name,"
        " coalesce(p.country, e.where_country), p.admin1, e.cameo, e.quad_class, e.goldstein"
        " FROM events e LEFT JOIN places p ON p.geonameid = e.geonameid WHERE e.art = ?1 AND e.n = ?2";
    static const char set_sql[] = "UPDATE events SET cluster = ?3 WHERE art = ?1 AND n = ?2";
    *cluster = 0;
    STMT(s, event_sql);
    sqlite3_bind_int64(s, 1, art);
    sqlite3_bind_int64(s, 2, n);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_OK : rc;
    st_cluster_key k = {
        .type = text(s, 0),
        .day = sqlite3_column_int(s, 1),
        .event_date = text(s, 2),
        .source = {sqlite3_column_int64(s, 3), text(s, 4), text(s, 5)},
        .target = {sqlite3_column_int64(s, 6), text(s, 7), text(s, 8)},
        .where = {sqlite3_column_int(s, 9), sqlite3_column_int64(s, 10), sqlite3_column_double(s, 11),
                  sqlite3_column_double(s, 12), text(s, 13), text(s, 14), text(s, 15)},
        .cameo = text(s, 16),
        .quad_class = sqlite3_column_int(s, 17),
        .goldstein = sqlite3_column_type(s, 18) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 18),
    };
    if (k.where.level != ST_PLACE_NONE && (sqlite3_column_type(s, 11) == SQLITE_NULL ||
                                            sqlite3_column_type(s, 12) == SQLITE_NULL))
        k.where.level = ST_PLACE_NONE;
    rc = k.type && sqlite3_column_type(s, 1) != SQLITE_NULL ? st_cluster_event(d, art, &k, cluster) : SQLITE_OK;
    sqlite3_reset(s);
    if (rc != SQLITE_OK || !*cluster) return rc;
    STMT(u, set_sql);
    sqlite3_bind_int64(u, 1, art);
    sqlite3_bind_int64(u, 2, n);
    sqlite3_bind_int64(u, 3, *cluster);
    return st_step_done(u);
}

int st_cluster_all(st_db *d)
{
    static const char each_sql[] =
        "SELECT e.art, e.n FROM events e JOIN articles a ON a.art = e.art"
        " WHERE a.duplicate_of IS NULL AND e.type IS NOT NULL AND e.day IS NOT NULL ORDER BY e.art, e.n";
    static const char recount_sql[] = "SELECT cluster FROM event_clusters ORDER BY cluster";
    /* Its own statement: st_cluster_stored_event uses the cached ones. */
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(d->db, each_sql, -1, &s, NULL);
    if (rc != SQLITE_OK) return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t cluster;
        rc = st_cluster_stored_event(d, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), &cluster);
        if (rc != SQLITE_OK && rc != SQLITE_DONE) break;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return rc;
    rc = sqlite3_prepare_v2(d->db, recount_sql, -1, &s, NULL);
    if (rc != SQLITE_OK) return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = st_cluster_recount(d, sqlite3_column_int64(s, 0));
        if (rc != SQLITE_OK && rc != SQLITE_DONE) break;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int st_cluster_recount(st_db *d, int64_t cluster)
{
    static const char count_sql[] =
        "UPDATE event_clusters SET"
        " num_mentions = (SELECT count(*) FROM events WHERE cluster = ?1),"
        " num_articles = (SELECT count(DISTINCT art) FROM events WHERE cluster = ?1),"
        " num_sources = (SELECT count(DISTINCT coalesce(a.outlet, a.id)) FROM events e JOIN articles a ON a.art = e.art"
        "   WHERE e.cluster = ?1),"
        " avg_tone = (SELECT avg(tone) FROM articles WHERE art IN (SELECT art FROM events WHERE cluster = ?1))"
        " WHERE cluster = ?1";
    static const char drop_sql[] = "DELETE FROM event_clusters WHERE cluster = ?1 AND num_mentions = 0";
    STMT(s, count_sql);
    sqlite3_bind_int64(s, 1, cluster);
    TRY(st_step_done(s));
    STMT(x, drop_sql);
    sqlite3_bind_int64(x, 1, cluster);
    return st_step_done(x);
}
