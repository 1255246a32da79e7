/*
 * stmt_cache.c: prepared statements of SQL assembled at run time
 * (query.c), kept per store handle and keyed by their text. A query's
 * SQL depends only on which filters it has (values are bound), so a
 * server sees few distinct texts and prepares each once per handle
 * instead of once per request (docs/api.md, "Load").
 */
#include "db.h"

#include <stdlib.h>
#include <string.h>

sqlite3_stmt *st_query_stmt(st_db *d, const char *sql)
{
    st_query_cache *c = &d->queries;
    int slot = -1;
    for (int i = 0; i < c->n; i++) {
        if (!strcmp(c->sql[i], sql)) {
            c->used[i] = ++c->clock;
            return c->stmt[i];
        }
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) return NULL;
    char *copy = strdup(sql);
    if (!copy) { sqlite3_finalize(s); return NULL; }
    if (c->n < ST_QUERY_STMTS) slot = c->n++;
    else { /* the least recently used goes */
        slot = 0;
        for (int i = 1; i < c->n; i++)
            if (c->used[i] < c->used[slot]) slot = i;
        sqlite3_finalize(c->stmt[slot]);
        free(c->sql[slot]);
    }
    c->sql[slot] = copy, c->stmt[slot] = s, c->used[slot] = ++c->clock;
    return s;
}

void st_query_stmt_done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

void st_query_cache_free(st_db *d)
{
    st_query_cache *c = &d->queries;
    for (int i = 0; i < c->n; i++) sqlite3_finalize(c->stmt[i]), free(c->sql[i]);
    c->n = 0;
}
