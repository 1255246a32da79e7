/*
 * gazetteer.h: the compiled place-name table (data/gazetteer.bin).
 *
 * File format, version 2 (1 had a byte-wise FNV checksum, 8 ms to check). All integers little-endian, every section
 * 4-byte aligned, offsets from the start of the file:
 *
 *   header (64 bytes)
 *     char     magic[8]     "NGGAZET\0"
 *     u32      version      2
 *     u32      n_places, n_countries, n_admin1
 *     u32      n_names
 *     u32      places_off, codes_off, names_off, pool_off, pool_len
 *     u32      file_len
 *     u64      checksum     ng_checksum64 of bytes [64, file_len)
 *     u8       reserved[4]
 *   places[n_places]        ng_gaz_place (24 bytes): countries first, then
 *                           first-level regions, then cities
 *   codes[n_countries + n_admin1]  u32 pool offsets: ISO code of each
 *                           country ("KP"), admin1 code of each region ("41")
 *   names[n_names]          ng_gaz_name (8 bytes), sorted by key bytes,
 *                           then by place index
 *   pool[pool_len]          NUL-terminated UTF-8 strings; offset 0 is ""
 *
 * Keys are folded with ng_gaz_fold() (case and diacritics removed), so a
 * lookup is one binary search on the folded words. A place's container is
 * explicit (country and region index), so containment tests are O(1).
 * ng_gaz_open() validates every offset and index before use: a truncated
 * or corrupt file is an error message, never an out-of-bounds read.
 */
#ifndef NG_GAZETTEER_H
#define NG_GAZETTEER_H

#include "internal.h"

#define NG_GAZ_MAGIC "NGGAZET"
#define NG_GAZ_VERSION 2u
#define NG_GAZ_HEADER 64u
#define NG_GAZ_NONE 0xFFFFu
#define NG_GAZ_NO_COUNTRY 0xFFu

typedef enum ng_gaz_kind { NG_GAZ_COUNTRY = 0, NG_GAZ_ADMIN1 = 1, NG_GAZ_CITY = 2 } ng_gaz_kind;

/* How a name refers to its place (top 2 bits of ng_gaz_name.place). */
typedef enum ng_gaz_name_kind {
    NG_GAZ_NAME_MAIN = 0,    /* the GeoNames name or its ASCII form */
    NG_GAZ_NAME_ALT = 1,     /* an alternate name or alias */
    NG_GAZ_NAME_DEMONYM = 2  /* "North Korean" -> KP */
} ng_gaz_name_kind;

typedef struct ng_gaz_place {
    uint32_t geonameid;
    int32_t lat_e5, lon_e5;  /* degrees * 1e5 */
    uint32_t population;
    uint32_t name_off;       /* display name in the pool */
    uint16_t admin1;         /* place index of the region, or NG_GAZ_NONE */
    uint8_t country;         /* place index of the country, or NG_GAZ_NO_COUNTRY */
    uint8_t feature;         /* index into ng_gaz_features[] */
} ng_gaz_place;

typedef struct ng_gaz_name {
    uint32_t key_off;
    uint32_t place;          /* place index | name kind << 30 */
} ng_gaz_name;

/* Feature codes, in the order the file indexes them (part of the format). */
extern const char *const ng_gaz_features[];
extern const size_t ng_gaz_n_features;

typedef struct ng_gazetteer {
    const unsigned char *base;
    size_t len;
    bool mapped;             /* base came from mmap (else borrowed) */
    const ng_gaz_place *places;
    const uint32_t *codes;
    const ng_gaz_name *names;
    const char *pool;
    uint32_t n_places, n_countries, n_admin1, n_names, pool_len;
} ng_gazetteer;

/* Maps and validates a gazetteer file. Returns NULL, or a reason (static
 * text) and leaves *g closed. */
const char *ng_gaz_open(ng_gazetteer *g, const char *path);
/* Validates a gazetteer already in memory (borrowed, must stay valid and
 * 8-byte aligned). */
const char *ng_gaz_from_memory(ng_gazetteer *g, const void *data, size_t len);
void ng_gaz_close(ng_gazetteer *g);

/* Folds s[0..n) into out (room for 3*n+1 bytes): lowercase, diacritics
 * stripped, runs of space collapsed, curly apostrophes made straight.
 * Returns the folded length (out is NUL-terminated). */
size_t ng_gaz_fold(const char *s, size_t n, char *out);

/* Names whose key equals key[0..n) (already folded): *first and the count
 * returned. With prefix_only, reports instead whether any key starts with
 * key followed by a space (so a caller knows whether to extend a phrase). */
size_t ng_gaz_find(const ng_gazetteer *g, const char *key, size_t n, size_t *first);
bool ng_gaz_has_prefix(const ng_gazetteer *g, const char *key, size_t n);

static inline const ng_gaz_place *ng_gaz_place_at(const ng_gazetteer *g, uint32_t i) { return &g->places[i]; }
static inline ng_gaz_kind ng_gaz_kind_of(const ng_gazetteer *g, uint32_t i)
{
    return i < g->n_countries ? NG_GAZ_COUNTRY : i < g->n_countries + g->n_admin1 ? NG_GAZ_ADMIN1 : NG_GAZ_CITY;
}
/* ISO code of a country place, admin1 code of a region place. */
static inline const char *ng_gaz_code(const ng_gazetteer *g, uint32_t i) { return g->pool + g->codes[i]; }
static inline const char *ng_gaz_str(const ng_gazetteer *g, uint32_t off) { return g->pool + off; }
static inline uint32_t ng_gaz_name_place(const ng_gaz_name *n) { return n->place & 0x3FFFFFFFu; }
static inline unsigned ng_gaz_name_kind_of(const ng_gaz_name *n) { return n->place >> 30; }

#endif /* NG_GAZETTEER_H */
