/*
 * server.h: `newsgraph serve`, the HTTP side of the store. serve.c runs
 * the daemon (libmicrohttpd, a thread pool), api.c answers /api/v1/ from
 * the store's queries, web.c serves the files of the web root, json.c
 * writes JSON. The server trusts nothing it is sent: every value is
 * checked here and passed to the store as a bound parameter.
 */
#ifndef NG_SERVER_H
#define NG_SERVER_H

#include "newsgraph_store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct MHD_Connection;

/* A growable response body; past `max` bytes it fails (and stays failed). */
typedef struct sv_buf {
    char *data;
    size_t len, cap, max;
    bool failed;
} sv_buf;

void sv_add(sv_buf *b, const char *s, size_t n);
void sv_adds(sv_buf *b, const char *s);
void sv_printf(sv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string: quotes, escapes, control characters, <, >, & and invalid
 * UTF-8 (as U+FFFD) escaped, so the text can never be read as markup. */
void sv_json_string(sv_buf *b, const char *s);
/* A store row as a JSON object: numbers as numbers, NULL as null. */
void sv_json_row(sv_buf *b, const ng_store_row *row);
/* Whether s is well-formed UTF-8 with no control characters. */
bool sv_valid_text(const char *s);

/* Read-only store handles, one per request at a time (a store handle is
 * for one thread at a time). */
typedef struct sv_pool {
    ng_store **stores;
    size_t n, free_count;
    ng_store **free_list;
    pthread_mutex_t lock;
    pthread_cond_t available;
} sv_pool;

ng_store *sv_pool_take(sv_pool *p);
void sv_pool_give(sv_pool *p, ng_store *s);

typedef struct sv_config {
    sv_pool *pool;
    char web_root[4096]; /* realpath, no trailing slash */
    int query_timeout_ms;
} sv_config;

/* Answers GET /api/v1/<path>: writes the JSON body to out and returns
 * the HTTP status. */
int sv_api(const sv_config *cfg, struct MHD_Connection *c, const char *path, sv_buf *out);

/* The file of the web root for a URL path, opened: its descriptor, size
 * and content type; or the HTTP status (404, 400) when there is none. */
int sv_web_open(const sv_config *cfg, const char *url, int *fd, size_t *size, const char **content_type);

#endif
