/*
 * item.h: an article as the store keeps it, copied out of a record so
 * that the writer thread can hold it after the pipeline's arena is reset.
 * Everything lives in one block owned by the item.
 */
#ifndef NG_STORE_ITEM_H
#define NG_STORE_ITEM_H

#include "newsgraph.h"

#include <stdint.h>

/* An event actor as the store keeps it (issue 13's fields). */
typedef struct st_actor {
    const char *text;
    uint32_t start, end;
    uint32_t entity;        /* entity id in the article, 0 if none */
    const char *country;    /* ISO 3166-1 alpha-3, or NULL */
    const char *sector;     /* PLOVER/CAMEO sector (GOV, MIL, ...), or NULL */
} st_actor;

/* An event: every field but the span may be absent (NULL, 0, NaN) while
 * the events stage is a skeleton. */
typedef struct st_event {
    uint32_t start, end;
    const char *text;
    const char *type, *mode, *cameo; /* PLOVER type and mode, CAMEO code */
    int quad_class;                  /* 1..4, 0 unknown */
    double goldstein;                /* NaN unknown */
    st_actor source, target;
    uint32_t where_geonameid;
    double lat, lon;                 /* NaN unknown */
    const char *where_name, *where_country;
    const char *where_how;           /* "sentence", "paragraph", "dateline", or NULL */
    const char *when;                /* YYYY-MM-DD, or NULL */
    int when_not_a_day;              /* dated, but only to a week, month or season: no day */
    double count;                    /* NaN: no count */
    uint32_t attributed_to;          /* entity id of the speaker, 0 if none */
    const char *hedge, *modality;
    int negated;
} st_event;

typedef struct st_item {
    char id[17];
    uint64_t content_hash; /* of every field stored: equal hashes, same article */
    uint64_t simhash;      /* of the text's word shingles (link.c) */
    uint64_t text_hash;
    int shingles;          /* number of shingles behind simhash */
    ng_record rec;         /* a deep copy; facts as the engine wrote them */
    st_event *events;
    size_t n_events;
    char *block;           /* owns every pointer above */
} st_item;

/* Copies what the store keeps of `r` (text, metadata, facts) into a new
 * item, with its hashes. NULL when out of memory. */
st_item *st_item_new(const ng_record *r);
void st_item_free(st_item *item);

/* SimHash of the text: lowercased words, 3-word shingles. */
uint64_t st_simhash(const char *text, size_t len, int *shingles);
/* FNV-1a 64 over bytes, continuing from h (start with ST_HASH_SEED). */
#define ST_HASH_SEED 1469598103934665603ull
uint64_t st_hash(uint64_t h, const void *data, size_t len);

#endif
