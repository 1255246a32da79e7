/*
 * write.c: one article and its facts into the database, inside the
 * writer's transaction. An article already there with the same content
 * hash is left alone (idempotent re-ingest); one with another hash keeps
 * its row number (duplicates may point at it) and has its facts replaced.
 */
#include "db.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x) do { int rc_ = (x); if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE) return rc_; } while (0)
#define STMT(var, sql) sqlite3_stmt *var = st_stmt(d, sql); if (!var) return sqlite3_errcode(d->db) ? sqlite3_errcode(d->db) : SQLITE_ERROR

/* "a; b; c" of a list, in a buffer the caller frees (NULL for none). */
static char *join(const ng_strlist *l)
{
    if (!l->count) return NULL;
    size_t n = 1;
    for (size_t i = 0; i < l->count; i++) n += l->items[i].len + 2;
    char *s = malloc(n), *p = s;
    if (!s) return NULL;
    for (size_t i = 0; i < l->count; i++) {
        if (i) *p++ = ';', *p++ = ' ';
        memcpy(p, l->items[i].ptr, l->items[i].len);
        p += l->items[i].len;
    }
    *p = 0;
    return s;
}

static int delete_facts(st_db *d, int64_t art)
{
    static const char *const tables[] = {
        "DELETE FROM mentions WHERE art = ?1",       "DELETE FROM article_entities WHERE art = ?1",
        "DELETE FROM quotes WHERE art = ?1",         "DELETE FROM counts WHERE art = ?1",
        "DELETE FROM dates WHERE art = ?1",          "DELETE FROM place_mentions WHERE art = ?1",
        "DELETE FROM simhash_bands WHERE art = ?1",
    };
    /* The clusters its events were in are counted again without them. */
    static const char clusters_sql[] = "SELECT DISTINCT cluster FROM events WHERE art = ?1 AND cluster IS NOT NULL";
    STMT(c, clusters_sql);
    sqlite3_bind_int64(c, 1, art);
    int64_t ids[64];
    int n = 0, rc;
    while ((rc = sqlite3_step(c)) == SQLITE_ROW && n < 64) ids[n++] = sqlite3_column_int64(c, 0);
    sqlite3_reset(c);
    static const char events_sql[] = "DELETE FROM events WHERE art = ?1";
    STMT(e, events_sql);
    sqlite3_bind_int64(e, 1, art);
    TRY(st_step_done(e));
    for (int i = 0; i < n; i++) TRY(st_cluster_recount(d, ids[i]));
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        STMT(s, tables[i]);
        sqlite3_bind_int64(s, 1, art);
        TRY(st_step_done(s));
    }
    return SQLITE_OK;
}

static void bind_article(sqlite3_stmt *s, const st_item *it, const char *authors)
{
    const ng_record *r = &it->rec;
    sqlite3_bind_text(s, 1, it->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (int64_t)it->content_hash);
    sqlite3_bind_int64(s, 3, (int64_t)it->text_hash);
    sqlite3_bind_int64(s, 4, (int64_t)it->simhash);
    st_bind_str(s, 5, r->source.url);
    st_bind_str(s, 6, r->canonical_url);
    st_bind_str(s, 7, r->source.path);
    st_bind_str(s, 8, r->outlet);
    st_bind_str(s, 9, r->title);
    st_bind_cstr(s, 10, authors);
    st_bind_str(s, 11, r->section);
    st_bind_str(s, 12, r->published);
    int32_t day = st_day(r->published.ptr, r->published.len);
    if (day != INT32_MIN) sqlite3_bind_int(s, 13, day);
    st_bind_str(s, 14, r->language);
    st_bind_str(s, 15, r->dateline);
    st_bind_str(s, 16, r->description);
    sqlite3_bind_int(s, 17, r->is_article);
    /* ?18 was the text: it is in article_texts now (put_article) */
    sqlite3_bind_int64(s, 19, r->text_chars);
    sqlite3_bind_double(s, 20, r->tone.score);
    sqlite3_bind_double(s, 21, r->tone.positive);
    sqlite3_bind_double(s, 22, r->tone.negative);
    sqlite3_bind_double(s, 23, r->tone.polarity);
    sqlite3_bind_int64(s, 24, r->tone.word_count);
}

static int put_article(st_db *d, const st_item *it, int64_t existing, int64_t *art)
{
    static const char insert_sql[] =
        "INSERT INTO articles(id, content_hash, text_hash, simhash, url, canonical_url, source_path, outlet, title,"
        " authors, section, published, day, language, dateline, description, is_article, text_chars, tone,"
        " tone_positive, tone_negative, tone_polarity, word_count, duplicate_of)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?19,?20,?21,?22,?23,?24,NULL)";
    static const char update_sql[] =
        "UPDATE articles SET content_hash=?2, text_hash=?3, simhash=?4, url=?5, canonical_url=?6, source_path=?7,"
        " outlet=?8, title=?9, authors=?10, section=?11, published=?12, day=?13, language=?14, dateline=?15,"
        " description=?16, is_article=?17, text_chars=?19, tone=?20, tone_positive=?21,"
        " tone_negative=?22, tone_polarity=?23, word_count=?24, duplicate_of=NULL WHERE id=?1";
    char *authors = join(&it->rec.authors);
    sqlite3_stmt *s = st_stmt(d, existing ? update_sql : insert_sql);
    if (!s) { free(authors); return SQLITE_ERROR; }
    bind_article(s, it, authors);
    int rc = st_step_done(s);
    free(authors);
    if (rc != SQLITE_DONE) return rc;
    *art = existing ? existing : sqlite3_last_insert_rowid(d->db);
    /* An UPDATE (not a REPLACE, which would skip the delete trigger) keeps
     * the full-text index in step. */
    static const char text_insert_sql[] = "INSERT INTO article_texts(art, title, text) VALUES (?1, ?2, ?3)";
    static const char text_update_sql[] = "UPDATE article_texts SET title = ?2, text = ?3 WHERE art = ?1";
    sqlite3_stmt *t = st_stmt(d, existing ? text_update_sql : text_insert_sql);
    if (!t) return SQLITE_ERROR;
    sqlite3_bind_int64(t, 1, *art);
    st_bind_str(t, 2, it->rec.title);
    st_bind_str(t, 3, it->rec.text);
    rc = st_step_done(t);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int put_entities(st_db *d, int64_t art, const ng_record *r, int64_t *gids)
{
    static const char ent_sql[] =
        "INSERT INTO article_entities(art, eid, gid, type, name, role, country, aliases) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
    static const char mention_sql[] = "INSERT OR IGNORE INTO mentions(art, eid, span_start, span_end, text) VALUES (?1,?2,?3,?4,?5)";
    for (size_t i = 0; i < r->n_entities; i++) {
        const ng_entity *e = &r->entities[i];
        TRY(st_link_entity(d, e, &gids[i]));
        char *aliases = join(&e->aliases);
        sqlite3_stmt *s = st_stmt(d, ent_sql);
        if (!s) { free(aliases); return SQLITE_ERROR; }
        sqlite3_bind_int64(s, 1, art);
        sqlite3_bind_int64(s, 2, e->id);
        sqlite3_bind_int64(s, 3, gids[i]);
        st_bind_cstr(s, 4, ng_entity_type_name(e->type));
        st_bind_str(s, 5, e->name);
        st_bind_str(s, 6, e->role);
        st_bind_cstr(s, 7, e->country);
        st_bind_cstr(s, 8, aliases);
        int rc = st_step_done(s);
        free(aliases);
        if (rc != SQLITE_DONE) return rc;
        for (size_t k = 0; k < e->n_mentions; k++) {
            STMT(m, mention_sql);
            sqlite3_bind_int64(m, 1, art);
            sqlite3_bind_int64(m, 2, e->id);
            sqlite3_bind_int64(m, 3, e->mentions[k].start);
            sqlite3_bind_int64(m, 4, e->mentions[k].end);
            st_bind_str(m, 5, e->mentions[k].text);
            TRY(st_step_done(m));
        }
    }
    return SQLITE_OK;
}

static int put_quotes(st_db *d, int64_t art, const ng_record *r)
{
    static const char sql[] =
        "INSERT INTO quotes(art, n, span_start, span_end, text, direct, partial, cue, speaker, speaker_start,"
        " speaker_end, speaker_eid, speaker_via, hedge) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
    for (size_t i = 0; i < r->n_quotes; i++) {
        const ng_quote *q = &r->quotes[i];
        STMT(s, sql);
        sqlite3_bind_int64(s, 1, art);
        sqlite3_bind_int64(s, 2, (int64_t)i + 1);
        sqlite3_bind_int64(s, 3, q->start);
        sqlite3_bind_int64(s, 4, q->end);
        st_bind_str(s, 5, q->text);
        sqlite3_bind_int(s, 6, q->direct);
        sqlite3_bind_int(s, 7, q->partial);
        st_bind_str(s, 8, q->cue);
        st_bind_str(s, 9, q->speaker);
        if (q->speaker_span.end > q->speaker_span.start) {
            sqlite3_bind_int64(s, 10, q->speaker_span.start);
            sqlite3_bind_int64(s, 11, q->speaker_span.end);
        }
        if (q->speaker_entity) sqlite3_bind_int64(s, 12, q->speaker_entity);
        st_bind_cstr(s, 13, ng_speaker_via_name(q->speaker_via));
        st_bind_str(s, 14, q->hedge);
        TRY(st_step_done(s));
    }
    return SQLITE_OK;
}

static int put_counts_dates(st_db *d, int64_t art, const ng_record *r)
{
    static const char count_sql[] =
        "INSERT INTO counts(art, n, span_start, span_end, text, value, approx, type, kind, kind2, unit, object)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
    static const char date_sql[] =
        "INSERT INTO dates(art, n, span_start, span_end, text, type, value) VALUES (?1,?2,?3,?4,?5,?6,?7)";
    for (size_t i = 0; i < r->n_counts; i++) {
        const ng_count *c = &r->counts[i];
        STMT(s, count_sql);
        sqlite3_bind_int64(s, 1, art);
        sqlite3_bind_int64(s, 2, (int64_t)i + 1);
        sqlite3_bind_int64(s, 3, c->start);
        sqlite3_bind_int64(s, 4, c->end);
        st_bind_str(s, 5, c->text);
        st_bind_real(s, 6, c->value);
        st_bind_cstr(s, 7, ng_count_approx_name(c->approx));
        st_bind_cstr(s, 8, ng_count_type_name(c->type));
        st_bind_cstr(s, 9, ng_count_kind_name(c->kind));
        st_bind_cstr(s, 10, ng_count_kind_name(c->kind2));
        st_bind_str(s, 11, c->unit);
        st_bind_str(s, 12, c->object);
        TRY(st_step_done(s));
    }
    for (size_t i = 0; i < r->n_dates; i++) {
        const ng_date *t = &r->dates[i];
        STMT(s, date_sql);
        sqlite3_bind_int64(s, 1, art);
        sqlite3_bind_int64(s, 2, (int64_t)i + 1);
        sqlite3_bind_int64(s, 3, t->start);
        sqlite3_bind_int64(s, 4, t->end);
        st_bind_str(s, 5, t->text);
        st_bind_cstr(s, 6, ng_date_type_name(t->type));
        st_bind_str(s, 7, t->value);
        TRY(st_step_done(s));
    }
    return SQLITE_OK;
}

static int put_places(st_db *d, int64_t art, const ng_record *r)
{
    static const char place_sql[] =
        "INSERT OR IGNORE INTO places(geonameid, name, feature, country, admin1, lat, lon) VALUES (?1,?2,?3,?4,?5,?6,?7)";
    static const char mention_sql[] =
        "INSERT OR IGNORE INTO place_mentions(art, geonameid, span_start, span_end, text) VALUES (?1,?2,?3,?4,?5)";
    for (size_t i = 0; i < r->n_places; i++) {
        const ng_place *p = &r->places[i];
        STMT(s, place_sql);
        sqlite3_bind_int64(s, 1, p->geonameid);
        st_bind_str(s, 2, p->name);
        st_bind_str(s, 3, p->feature);
        st_bind_cstr(s, 4, p->country);
        st_bind_str(s, 5, p->admin1);
        st_bind_real(s, 6, p->lat);
        st_bind_real(s, 7, p->lon);
        TRY(st_step_done(s));
        for (size_t k = 0; k < p->n_mentions; k++) {
            STMT(m, mention_sql);
            sqlite3_bind_int64(m, 1, art);
            sqlite3_bind_int64(m, 2, p->geonameid);
            sqlite3_bind_int64(m, 3, p->mentions[k].start);
            sqlite3_bind_int64(m, 4, p->mentions[k].end);
            st_bind_str(m, 5, p->mentions[k].text);
            TRY(st_step_done(m));
        }
    }
    return SQLITE_OK;
}

static int64_t gid_of(const ng_record *r, const int64_t *gids, uint32_t eid)
{
    for (size_t i = 0; i < r->n_entities; i++)
        if (r->entities[i].id == eid) return gids[i];
    return 0;
}

static void bind_actor(sqlite3_stmt *s, int first, const st_actor *a, int64_t gid)
{
    st_bind_cstr(s, first, a->text);
    if (a->end > a->start) sqlite3_bind_int64(s, first + 1, a->start), sqlite3_bind_int64(s, first + 2, a->end);
    if (gid) sqlite3_bind_int64(s, first + 3, gid);
    st_bind_cstr(s, first + 4, a->country);
    st_bind_cstr(s, first + 5, a->sector);
}

/* How wide the event's place is (db.h): the record's place with its
 * GeoNames feature, or a point when only coordinates are known. */
static int where_level(const ng_record *r, const st_event *e)
{
    if (!e->where_geonameid && (isnan(e->lat) || isnan(e->lon))) return ST_PLACE_NONE;
    if (e->where_how && !strcmp(e->where_how, "dateline")) return ST_PLACE_COUNTRY;
    for (size_t i = 0; i < r->n_places; i++) {
        const ng_place *p = &r->places[i];
        if (p->geonameid != e->where_geonameid || !p->feature.ptr) continue;
        if (p->feature.len >= 3 && !memcmp(p->feature.ptr, "PCL", 3)) return ST_PLACE_COUNTRY;
        if (p->feature.len == 4 && !memcmp(p->feature.ptr, "ADM1", 4)) return ST_PLACE_ADMIN1;
        break;
    }
    return isnan(e->lat) || isnan(e->lon) ? ST_PLACE_NONE : ST_PLACE_POINT;
}

static int put_events(st_db *d, int64_t art, const st_item *it, const int64_t *gids, bool duplicate)
{
    static const char sql[] =
        "INSERT INTO events(art, n, span_start, span_end, text, type, mode, cameo, quad_class, goldstein,"
        " source_text, source_start, source_end, source_gid, source_country, source_sector,"
        " target_text, target_start, target_end, target_gid, target_country, target_sector,"
        " geonameid, lat, lon, where_name, where_country, event_date, day, count, attributed_gid, hedge, modality,"
        " negated, where_level) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,"
        "?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35)";
    for (size_t i = 0; i < it->n_events; i++) {
        const st_event *e = &it->events[i];
        int64_t sg = gid_of(&it->rec, gids, e->source.entity), tg = gid_of(&it->rec, gids, e->target.entity);
        /* An event dated to a week or a month has no day, not the
         * publication's. */
        const char *when = e->when ? e->when : e->when_not_a_day ? NULL : it->rec.published.ptr;
        int32_t day = st_day(when, when ? strlen(when) : 0);
        STMT(s, sql);
        sqlite3_bind_int64(s, 1, art);
        sqlite3_bind_int64(s, 2, (int64_t)i + 1);
        sqlite3_bind_int64(s, 3, e->start);
        sqlite3_bind_int64(s, 4, e->end);
        st_bind_cstr(s, 5, e->text);
        st_bind_cstr(s, 6, e->type);
        st_bind_cstr(s, 7, e->mode);
        st_bind_cstr(s, 8, e->cameo);
        if (e->quad_class) sqlite3_bind_int(s, 9, e->quad_class);
        st_bind_real(s, 10, e->goldstein);
        bind_actor(s, 11, &e->source, sg);
        bind_actor(s, 17, &e->target, tg);
        if (e->where_geonameid) sqlite3_bind_int64(s, 23, e->where_geonameid);
        st_bind_real(s, 24, e->lat);
        st_bind_real(s, 25, e->lon);
        st_bind_cstr(s, 26, e->where_name);
        st_bind_cstr(s, 27, e->where_country);
        if (day != INT32_MIN) {
            sqlite3_bind_text(s, 28, when, 10, SQLITE_STATIC);
            sqlite3_bind_int(s, 29, day);
        }
        st_bind_real(s, 30, e->count);
        int64_t speaker = gid_of(&it->rec, gids, e->attributed_to);
        if (speaker) sqlite3_bind_int64(s, 31, speaker);
        st_bind_cstr(s, 32, e->hedge);
        st_bind_cstr(s, 33, e->modality);
        sqlite3_bind_int(s, 34, e->negated);
        sqlite3_bind_int(s, 35, where_level(&it->rec, e));
        TRY(st_step_done(s));
        /* A duplicate's events are the original's: not counted again. */
        if (duplicate || !e->type || day == INT32_MIN) continue;
        int64_t cluster = 0;
        TRY(st_cluster_stored_event(d, art, (int64_t)i + 1, &cluster));
        TRY(st_cluster_recount(d, cluster));
    }
    return SQLITE_OK;
}

int st_write_item(st_db *d, const st_item *it, int *outcome, bool *duplicate)
{
    static const char find_sql[] = "SELECT art, content_hash FROM articles WHERE id = ?1";
    /* An original that became a copy takes its own copies along: no chains. */
    static const char dup_sql[] = "UPDATE articles SET duplicate_of = ?2 WHERE art = ?1 OR duplicate_of = ?1";
    STMT(f, find_sql);
    sqlite3_bind_text(f, 1, it->id, -1, SQLITE_STATIC);
    int64_t existing = 0, old_hash = 0;
    int rc = sqlite3_step(f);
    if (rc == SQLITE_ROW) existing = sqlite3_column_int64(f, 0), old_hash = sqlite3_column_int64(f, 1);
    sqlite3_reset(f);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    *duplicate = false;
    if (existing && old_hash == (int64_t)it->content_hash) { *outcome = ST_UNCHANGED; return SQLITE_OK; }
    if (existing) { /* its counts go before its facts */
        TRY(st_counts_article(d, existing, -1));
        TRY(delete_facts(d, existing));
    }
    int64_t art = 0;
    TRY(put_article(d, it, existing, &art));
    int64_t original = 0;
    TRY(st_find_duplicate(d, it, art, &original));
    if (original) {
        static const char id_sql[] = "SELECT id FROM articles WHERE art = ?1";
        STMT(q, id_sql);
        sqlite3_bind_int64(q, 1, original);
        rc = sqlite3_step(q);
        bool first = rc == SQLITE_ROW && strcmp(it->id, (const char *)sqlite3_column_text(q, 0)) < 0;
        sqlite3_reset(q);
        if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
        if (first) { /* this one is the group's original now */
            TRY(st_counts_article(d, original, -1));
            TRY(st_demote_original(d, original, art));
            original = 0;
        }
    }
    if (original) {
        STMT(u, dup_sql);
        sqlite3_bind_int64(u, 1, art);
        sqlite3_bind_int64(u, 2, original);
        TRY(st_step_done(u));
        *duplicate = true;
    } else {
        TRY(st_simhash_index(d, art, it->simhash));
    }
    const ng_record *r = &it->rec;
    int64_t *gids = calloc(r->n_entities + 1, sizeof *gids);
    if (!gids) return SQLITE_NOMEM;
    rc = put_entities(d, art, r, gids);
    if (rc == SQLITE_OK) rc = put_quotes(d, art, r);
    if (rc == SQLITE_OK) rc = put_counts_dates(d, art, r);
    if (rc == SQLITE_OK) rc = put_places(d, art, r);
    if (rc == SQLITE_OK) rc = put_events(d, art, it, gids, *duplicate);
    if (rc == SQLITE_OK || rc == SQLITE_DONE) rc = st_counts_article(d, art, +1);
    free(gids);
    *outcome = existing ? ST_REPLACED : ST_WROTE;
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
