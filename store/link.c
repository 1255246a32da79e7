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
 * - Event clusters: the same type, the same actors, dates within a day
 *   and places within 50 km (or both without a place).
 */
#include "db.h"
#include "store.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define TRY(x) do { int rc_ = (x); if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) return rc_; } while (0)
#define STMT(var, sql) sqlite3_stmt *var = st_stmt(d, sql); if (!var) return sqlite3_errcode(d->db) ? sqlite3_errcode(d->db) : SQLITE_ERROR

#define ST_DUP_BITS 5
#define ST_MIN_SHINGLES 20
#define ST_CLUSTER_KM 50.0

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

void st_actor_key(int64_t gid, const st_actor *a, char *key, size_t size)
{
    if (gid) snprintf(key, size, "E%lld", (long long)gid);
    else if (a->country || a->sector) snprintf(key, size, "%s/%s", a->country ? a->country : "", a->sector ? a->sector : "");
    else key[0] = 0;
}

int st_cluster_event(st_db *d, int64_t art, int64_t event_n, const st_event *e, const char *source_key,
                     const char *target_key, int32_t day, int64_t *cluster)
{
    static const char find_sql[] =
        "SELECT cluster, lat, lon FROM event_clusters WHERE type = ?1 AND source_key = ?2 AND target_key = ?3"
        " AND day BETWEEN ?4 - 1 AND ?4 + 1 ORDER BY cluster";
    static const char new_sql[] =
        "INSERT INTO event_clusters(type, source_key, target_key, day, event_date, lat, lon, geonameid, where_name,"
        " where_country, cameo, quad_class, goldstein, first_art) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
    (void)event_n;
    *cluster = 0;
    STMT(f, find_sql);
    sqlite3_bind_text(f, 1, e->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(f, 2, source_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(f, 3, target_key, -1, SQLITE_STATIC);
    sqlite3_bind_int(f, 4, day);
    int rc;
    bool here = !isnan(e->lat) && !isnan(e->lon);
    while (!*cluster && (rc = sqlite3_step(f)) == SQLITE_ROW) {
        bool there = sqlite3_column_type(f, 1) != SQLITE_NULL;
        if (here != there) continue;
        if (here && st_km(e->lat, e->lon, sqlite3_column_double(f, 1), sqlite3_column_double(f, 2)) > ST_CLUSTER_KM)
            continue;
        *cluster = sqlite3_column_int64(f, 0);
    }
    sqlite3_reset(f);
    if (*cluster) return SQLITE_OK;
    char date[16];
    snprintf(date, sizeof date, "%.10s", e->when ? e->when : "");
    STMT(s, new_sql);
    sqlite3_bind_text(s, 1, e->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, source_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, target_key, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, day);
    st_bind_cstr(s, 5, date);
    st_bind_real(s, 6, e->lat);
    st_bind_real(s, 7, e->lon);
    if (e->where_geonameid) sqlite3_bind_int64(s, 8, e->where_geonameid);
    st_bind_cstr(s, 9, e->where_name);
    st_bind_cstr(s, 10, e->where_country);
    st_bind_cstr(s, 11, e->cameo);
    if (e->quad_class) sqlite3_bind_int(s, 12, e->quad_class);
    st_bind_real(s, 13, e->goldstein);
    sqlite3_bind_int64(s, 14, art);
    TRY(st_step_done(s));
    *cluster = sqlite3_last_insert_rowid(d->db);
    return SQLITE_OK;
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
