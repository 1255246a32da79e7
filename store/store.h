/*
 * store.h: what the query and export files need of an open store.
 */
#ifndef NG_STORE_STORE_H
#define NG_STORE_STORE_H

#include "newsgraph_store.h"

#include <sqlite3.h>

/* The connection, for one caller at a time while the writer is idle
 * (callers flush first). */
sqlite3 *st_store_db(ng_store *store);
struct st_db *st_store_d(ng_store *store);
const char *st_store_path(const ng_store *store);

/* Queues an item already copied (ng_store_ingest without the copy; the
 * store takes it). For tests that bring fields the engine does not fill
 * yet, such as the events' codes. Returns 0 or -1 as ng_store_ingest. */
struct st_item;
int st_store_ingest_item(ng_store *store, struct st_item *item);

/* The normalised form of a name that entity keys are stored under
 * (link.c); returns its number of words. */
int st_normalise(const char *name, size_t len, char *out, size_t size);

#endif
