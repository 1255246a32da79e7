/*
 * gazetteer: compiles GeoNames dumps into data/gazetteer.bin (`make gazetteer`).
 *
 *   gazetteer -o OUT --countries countryInfo.txt --admin1 admin1CodesASCII.txt
 *             --cities cities.txt[.gz] [--demonyms demonyms.tsv] [--aliases aliases.tsv]
 *             [--admin2 us_counties.tsv]
 *             [--min-pop N] [--alt-min-pop N]
 *
 * Countries and first-level regions carry no coordinates in those files,
 * so a region's or country's point is the area-weighted centre of the land
 * its towns are nearest to (territory_centre(): empty Siberia counts for
 * Russia, the Western Desert for Egypt), or for a small region the mean of
 * its town cells (area_centre()); a region's population is the sum of its
 * cities'. Cities below --min-pop are left out
 * unless they are a capital or an administrative seat; alternate names are
 * kept only for cities of at least --alt-min-pop people, only in Latin
 * script, 2..40 bytes, not all-lowercase (transliteration keys) and not
 * all-capitals (airport and station codes). That is where the size goes.
 *
 * The output is deterministic: every table is sorted on full keys, so the
 * same input always gives the same bytes. Format: src/gazetteer.h.
 */
#include "gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <zlib.h>

typedef struct { char *s; } line_t;

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "gazetteer: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) die("%s", "out of memory");
    return q;
}

/* Reads a whole (maybe gzip'ed) file, NUL-terminated. */
static char *slurp(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f) die("cannot open %s", path);
    size_t cap = 1 << 20, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (cap - n < (1 << 16)) buf = xrealloc(buf, cap *= 2);
        int k = gzread(f, buf + n, (unsigned)(cap - n - 1));
        if (k < 0) die("read error in %s", path);
        if (k == 0) break;
        n += (size_t)k;
    }
    gzclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Splits a line (modified in place) on tabs into at most max fields. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') { *p = '\0'; f[n++] = p + 1; }
    return n;
}

/* ---- string pool with deduplication ------------------------------------ */
typedef struct { char *data; size_t len, cap; uint32_t *slots; size_t nslots, used; } pool_t;

static uint32_t pool_add(pool_t *p, const char *s, size_t n)
{
    if (!p->nslots || p->used * 2 >= p->nslots) {
        size_t ns = p->nslots ? p->nslots * 2 : 1 << 16;
        uint32_t *slots = calloc(ns, sizeof *slots);
        if (!slots) die("%s", "out of memory");
        for (size_t i = 0; i < p->nslots; i++) {
            if (!p->slots[i]) continue;
            const char *z = p->data + p->slots[i];
            size_t h = (size_t)ng_hash64(z, strlen(z), 7) & (ns - 1);
            while (slots[h]) h = (h + 1) & (ns - 1);
            slots[h] = p->slots[i];
        }
        free(p->slots);
        p->slots = slots;
        p->nslots = ns;
    }
    if (!p->len) { p->data = xrealloc(NULL, p->cap = 1 << 20); p->data[0] = '\0'; p->len = 1; }
    if (!n) return 0;
    size_t h = (size_t)ng_hash64(s, n, 7) & (p->nslots - 1);
    while (p->slots[h]) {
        const char *z = p->data + p->slots[h];
        if (strlen(z) == n && !memcmp(z, s, n)) return p->slots[h];
        h = (h + 1) & (p->nslots - 1);
    }
    while (p->len + n + 1 > p->cap) p->data = xrealloc(p->data, p->cap *= 2);
    uint32_t off = (uint32_t)p->len;
    memcpy(p->data + p->len, s, n);
    p->data[p->len + n] = '\0';
    p->len += n + 1;
    p->slots[h] = off;
    p->used++;
    return off;
}

/* ---- places and names --------------------------------------------------- */
typedef struct {
    ng_gaz_place p;
    char a1code[24];   /* admin1 code as in the cities file */
    char cc[3];
    uint8_t kind;
    char sortname[64]; /* for deterministic order of cities: by geonameid */
    double *lats, *lons;
    size_t ncoord, capcoord;
    double popsum;
} place_t;

typedef struct { char *key; uint32_t place; } name_t;

static place_t *places;
static size_t nplaces, capplaces;
static name_t *names;
static size_t nnames, capnames;
static pool_t pool;

static place_t *new_place(void)
{
    if (nplaces == capplaces) places = xrealloc(places, (capplaces = capplaces ? capplaces * 2 : 1024) * sizeof *places);
    place_t *p = &places[nplaces++];
    memset(p, 0, sizeof *p);
    p->p.country = NG_GAZ_NO_COUNTRY;
    p->p.admin1 = NG_GAZ_NONE;
    return p;
}

static int feature_index(const char *code)
{
    for (size_t i = 0; i < ng_gaz_n_features; i++)
        if (!strcmp(ng_gaz_features[i], code)) return (int)i;
    return -1;
}

static void add_name(const char *s, size_t n, uint32_t place, unsigned kind)
{
    if (!n) return;
    char *key = xrealloc(NULL, 3 * n + 1);
    size_t k = ng_gaz_fold(s, n, key);
    if (!k) { free(key); return; }
    if (nnames == capnames) names = xrealloc(names, (capnames = capnames ? capnames * 2 : 4096) * sizeof *names);
    names[nnames].key = key;
    names[nnames].place = place | (uint32_t)kind << 30;
    nnames++;
}

/* Latin script letters, marks, spaces and the punctuation names use. */
static bool latin_name(const char *s, size_t n)
{
    if (n < 2 || n > 40) return false;
    bool lower = false, upper = false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += ng_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp >= '0' && cp <= '9') return false;
        if (cp >= 'a' && cp <= 'z') lower = true;
        else if (cp >= 'A' && cp <= 'Z') upper = true;
        else if (cp < 0x80 && !strchr(" -'.", (int)cp)) return false;
        else if (cp >= 0x80 && !(cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF) || cp == 0x2019 ||
                                 (cp >= 0x300 && cp <= 0x36F)))
            return false;
    }
    if (!upper) return false;  /* "kyzyl", "ke zi lei": keys, not names */
    if (!lower) return false;  /* "KYZ": codes */
    return true;
}

static int cmp_name(const void *a, const void *b)
{
    const name_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    return x->place < y->place ? -1 : x->place > y->place;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The middle of the 5th..95th percentile range: near the geographic
 * centre, whatever the density of towns, and blind to far islands. */
static double trimmed_centre(double *v, size_t n)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t lo = n / 20, hi = n - 1 - n / 20;
    return (v[lo] + v[hi]) / 2;
}

/* A region's or country's point: the mean of the one-degree cells that
 * hold any of its towns, each cell counted once (so the point follows the
 * area that is settled, not where towns are dense), leaving out cells
 * beyond the 5th..95th percentile in either axis (far islands, exclaves). */
typedef struct { int lat, lon; } cell_t;
static int cmp_cell(const void *a, const void *b)
{
    const cell_t *x = a, *y = b;
    return x->lat != y->lat ? (x->lat > y->lat) - (x->lat < y->lat) : (x->lon > y->lon) - (x->lon < y->lon);
}
static void area_centre(const double *lats, const double *lons, size_t n, double *la, double *lo)
{
    *la = *lo = 0;
    if (!n) return;
    cell_t *c = xrealloc(NULL, n * sizeof *c);
    for (size_t i = 0; i < n; i++) c[i] = (cell_t){(int)floor(lats[i]), (int)floor(lons[i])};
    qsort(c, n, sizeof *c, cmp_cell);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || cmp_cell(&c[m - 1], &c[i])) c[m++] = c[i];
    double *la_v = xrealloc(NULL, n * sizeof *la_v), *lo_v = xrealloc(NULL, n * sizeof *lo_v);
    if (m <= 4) { /* a small region: its towns' own spread is finer than cells */
        memcpy(la_v, lats, n * sizeof *la_v);
        memcpy(lo_v, lons, n * sizeof *lo_v);
        *la = trimmed_centre(la_v, n);
        *lo = trimmed_centre(lo_v, n);
        free(c);
        free(la_v);
        free(lo_v);
        return;
    }
    for (size_t i = 0; i < m; i++) { la_v[i] = c[i].lat; lo_v[i] = c[i].lon; }
    qsort(la_v, m, sizeof *la_v, cmp_double);
    qsort(lo_v, m, sizeof *lo_v, cmp_double);
    double la0 = la_v[m / 20], la1 = la_v[m - 1 - m / 20], lo0 = lo_v[m / 20], lo1 = lo_v[m - 1 - m / 20];
    double sla = 0, slo = 0;
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (c[i].lat < la0 || c[i].lat > la1 || c[i].lon < lo0 || c[i].lon > lo1) continue;
        sla += c[i].lat + 0.5;
        slo += c[i].lon + 0.5;
        k++;
    }
    if (k) { *la = sla / k; *lo = slo / k; }
    else { *la = trimmed_centre(la_v, m) + 0.5; *lo = trimmed_centre(lo_v, m) + 0.5; }
    free(c);
    free(la_v);
    free(lo_v);
}

/* ---- territory points ---------------------------------------------------
 * Towns say where people live, not where a country's land is: a mean of
 * town cells puts Russia in the Urals and Egypt on the Nile, 1,700 and
 * 240 km from their geographic centres (the point GeoNames gives). So
 * every one-degree cell of the globe within REACH_KM of some town is
 * given to the place (country in one pass, region in another) of its
 * nearest town by a multi-source Dijkstra over the grid: empty Siberia
 * goes to Russia, the Western Desert to Egypt. Open sea near a coast is
 * claimed too, so the territory is then cut to where the place's own
 * towns are around it: inside their convex hull and within the span of
 * town cells of its row and of its column (each widened by SMOOTH cells,
 * so a sparse column does not cut the land): that keeps the Gulf of
 * Mexico out of the United States. Only the largest connected piece
 * counts (the lower 48 without Alaska and Hawaii, as GeoNames' point).
 * The point is the area-weighted mean of the cells left. Places with
 * fewer than MIN_CELLS cells (small regions) keep area_centre(). */
#define GRID_LAT 180
#define GRID_LON 360
#define GRID_N (GRID_LAT * GRID_LON)
#define REACH_KM 600.0
#define SMOOTH 2
#define MIN_CELLS 5
#define DEG (3.14159265358979323846 / 180)

static int cell_of(double lat, double lon)
{
    int i = (int)floor(lat + 90.0), j = (int)floor(lon + 180.0);
    if (i < 0) i = 0;
    if (i >= GRID_LAT) i = GRID_LAT - 1;
    j = ((j % GRID_LON) + GRID_LON) % GRID_LON;
    return i * GRID_LON + j;
}

static double cell_lat(int c) { return c / GRID_LON - 90 + 0.5; }

typedef struct { double d; int cell; } heap_item;
typedef struct { heap_item *v; size_t n, cap; } heap_t;

static bool heap_less(heap_item a, heap_item b) { return a.d < b.d || (a.d == b.d && a.cell < b.cell); }

static void heap_push(heap_t *h, heap_item x)
{
    if (h->n == h->cap) h->v = xrealloc(h->v, (h->cap = h->cap ? h->cap * 2 : 4096) * sizeof *h->v);
    size_t i = h->n++;
    while (i && heap_less(x, h->v[(i - 1) / 2])) { h->v[i] = h->v[(i - 1) / 2]; i = (i - 1) / 2; }
    h->v[i] = x;
}

static heap_item heap_pop(heap_t *h)
{
    heap_item top = h->v[0], x = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        heap_item best = x;
        if (l < h->n && heap_less(h->v[l], best)) { m = l; best = h->v[l]; }
        if (r < h->n && heap_less(h->v[r], best)) m = r;
        if (m == i) break;
        h->v[i] = h->v[m];
        i = m;
    }
    if (h->n) h->v[i] = x;
    return top;
}

typedef struct { int cell, place; } cell_place;
static int cmp_cell_place(const void *a, const void *b)
{
    const cell_place *x = a, *y = b;
    return x->cell != y->cell ? (x->cell > y->cell) - (x->cell < y->cell) : (x->place > y->place) - (x->place < y->place);
}

/* label[cell] = index of the place owning it, or -1; places [first, last). */
static void label_territory(const place_t *pl, size_t first, size_t last, int *label)
{
    size_t n = 0;
    for (size_t p = first; p < last; p++) n += pl[p].ncoord;
    cell_place *cp = xrealloc(NULL, n * sizeof *cp);
    size_t k = 0;
    for (size_t p = first; p < last; p++)
        for (size_t t = 0; t < pl[p].ncoord; t++) cp[k++] = (cell_place){cell_of(pl[p].lats[t], pl[p].lons[t]), (int)p};
    qsort(cp, n, sizeof *cp, cmp_cell_place);
    double *dist = xrealloc(NULL, GRID_N * sizeof *dist);
    for (int c = 0; c < GRID_N; c++) { dist[c] = INFINITY; label[c] = -1; }
    heap_t h = {0};
    /* A seed cell goes to the place with most towns in it. */
    for (size_t i = 0; i < n;) {
        size_t j = i, best = i, best_n = 0;
        while (j < n && cp[j].cell == cp[i].cell) {
            size_t r = j;
            while (j < n && cp[j].cell == cp[r].cell && cp[j].place == cp[r].place) j++;
            if (j - r > best_n) { best_n = j - r; best = r; }
        }
        label[cp[i].cell] = cp[best].place;
        dist[cp[i].cell] = 0;
        heap_push(&h, (heap_item){0, cp[i].cell});
        i = j;
    }
    while (h.n) {
        heap_item x = heap_pop(&h);
        if (x.d > dist[x.cell]) continue;
        int ci = x.cell / GRID_LON, cj = x.cell % GRID_LON;
        for (int di = -1; di <= 1; di++)
            for (int dj = -1; dj <= 1; dj++) {
                int ni = ci + di;
                if ((!di && !dj) || ni < 0 || ni >= GRID_LAT) continue;
                int nc = ni * GRID_LON + (cj + dj + GRID_LON) % GRID_LON;
                double mid = (cell_lat(x.cell) + cell_lat(nc)) / 2 * DEG;
                double nd = x.d + hypot(di * 111.2, dj * 111.2 * cos(mid));
                if (nd > REACH_KM || nd >= dist[nc]) continue;
                dist[nc] = nd;
                label[nc] = label[x.cell];
                heap_push(&h, (heap_item){nd, nc});
            }
    }
    free(h.v);
    free(dist);
    free(cp);
}

typedef struct { double x, y; } pt_t;
static int cmp_pt(const void *a, const void *b)
{
    const pt_t *p = a, *q = b;
    return p->x != q->x ? (p->x > q->x) - (p->x < q->x) : (p->y > q->y) - (p->y < q->y);
}
static double cross(pt_t o, pt_t a, pt_t b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

/* Convex hull (Andrew's monotone chain), counter-clockwise, into h (room
 * for n + 1 points); sorts p. Returns the hull's size. */
static size_t convex_hull(pt_t *p, size_t n, pt_t *h)
{
    qsort(p, n, sizeof *p, cmp_pt);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || cmp_pt(&p[m - 1], &p[i])) p[m++] = p[i];
    if (m < 3) { memcpy(h, p, m * sizeof *p); return m; }
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) k--;
        h[k++] = p[i];
    }
    for (size_t i = m - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) k--;
        h[k++] = p[i];
    }
    return k - 1;
}

static bool in_hull(const pt_t *h, size_t n, pt_t q)
{
    if (n < 3) return false;
    for (size_t i = 0; i < n; i++)
        if (cross(h[i], h[(i + 1) % n], q) < -1e-9) return false;
    return true;
}

/* Territory point of place p (cells labelled p in label[]); false when
 * it has too little territory and area_centre() should decide. */
static bool territory_centre(const place_t *p, int pi, const int *label, double *la, double *lo)
{
    int *cells = xrealloc(NULL, GRID_N * sizeof *cells), *stack = xrealloc(NULL, GRID_N * sizeof *stack);
    int *best = xrealloc(NULL, GRID_N * sizeof *best);
    unsigned char *seen = calloc(GRID_N, 1);
    if (!seen) die("%s", "out of memory");
    size_t nc = 0, nbest = 0;
    for (int c = 0; c < GRID_N; c++)
        if (label[c] == pi) cells[nc++] = c;
    bool ok = false;
    if (nc < MIN_CELLS) goto out;
    /* The largest connected piece, by area. */
    double best_w = -1;
    for (size_t s = 0; s < nc; s++) {
        if (seen[cells[s]]) continue;
        size_t sp = 0, n = 0;
        double w = 0;
        stack[sp++] = cells[s];
        seen[cells[s]] = 1;
        size_t base = nbest; /* collect into best[] tail, keep if larger */
        while (sp) {
            int c = stack[--sp];
            best[base + n++] = c;
            w += cos(cell_lat(c) * DEG);
            int ci = c / GRID_LON, cj = c % GRID_LON;
            for (int di = -1; di <= 1; di++)
                for (int dj = -1; dj <= 1; dj++) {
                    int ni = ci + di;
                    if (ni < 0 || ni >= GRID_LAT) continue;
                    int q = ni * GRID_LON + (cj + dj + GRID_LON) % GRID_LON;
                    if (label[q] == pi && !seen[q]) { seen[q] = 1; stack[sp++] = q; }
                }
        }
        if (w > best_w) {
            best_w = w;
            memmove(best, best + base, n * sizeof *best);
            nbest = n;
        }
    }
    /* A piece across the antimeridian (Chukotka) is unwrapped east. */
    int jmin = GRID_LON, jmax = -1;
    for (size_t i = 0; i < nbest; i++) {
        int j = best[i] % GRID_LON;
        if (j < jmin) jmin = j;
        if (j > jmax) jmax = j;
    }
    bool shift = jmax - jmin > GRID_LON / 2;
    memset(seen, 0, GRID_N);
    for (size_t i = 0; i < nbest; i++) seen[best[i]] = 1;
    /* The place's towns in that piece: hull and row/column spans. */
    pt_t *tw = xrealloc(NULL, (p->ncoord + 1) * sizeof *tw), *hull = xrealloc(NULL, (p->ncoord + 1) * sizeof *hull);
    int rmin[GRID_LAT], rmax[GRID_LAT], cmin[2 * GRID_LON], cmax[2 * GRID_LON];
    for (int i = 0; i < GRID_LAT; i++) { rmin[i] = INT32_MAX; rmax[i] = INT32_MIN; }
    for (int i = 0; i < 2 * GRID_LON; i++) { cmin[i] = INT32_MAX; cmax[i] = INT32_MIN; }
    size_t nt = 0;
    for (size_t t = 0; t < p->ncoord; t++) {
        if (!seen[cell_of(p->lats[t], p->lons[t])]) continue;
        double x = p->lats[t], y = p->lons[t] + (shift && p->lons[t] < 0 ? 360 : 0);
        tw[nt++] = (pt_t){x, y};
        int r = (int)floor(x) + 90, col = (int)floor(y) + 180;
        if (r < 0) r = 0;
        if (r >= GRID_LAT) r = GRID_LAT - 1;
        if (col < 0 || col >= 2 * GRID_LON) continue;
        if (col < rmin[r]) rmin[r] = col;
        if (col > rmax[r]) rmax[r] = col;
        if (r < cmin[col]) cmin[col] = r;
        if (r > cmax[col]) cmax[col] = r;
    }
    size_t nh = convex_hull(tw, nt, hull);
    double sw = 0, sx = 0, sy = 0;
    size_t kept = 0;
    for (size_t i = 0; i < nbest; i++) {
        int c = best[i], r = c / GRID_LON, col = c % GRID_LON;
        if (shift && col < GRID_LON / 2) col += GRID_LON;
        pt_t q = {r - 90 + 0.5, col - 180 + 0.5};
        if (!in_hull(hull, nh, q)) continue;
        int lo_r = INT32_MAX, hi_r = INT32_MIN, lo_c = INT32_MAX, hi_c = INT32_MIN;
        for (int d = -SMOOTH; d <= SMOOTH; d++) {
            int cc = col + d, rr = r + d;
            if (cc >= 0 && cc < 2 * GRID_LON && cmin[cc] <= cmax[cc]) {
                if (cmin[cc] < lo_r) lo_r = cmin[cc];
                if (cmax[cc] > hi_r) hi_r = cmax[cc];
            }
            if (rr >= 0 && rr < GRID_LAT && rmin[rr] <= rmax[rr]) {
                if (rmin[rr] < lo_c) lo_c = rmin[rr];
                if (rmax[rr] > hi_c) hi_c = rmax[rr];
            }
        }
        if (r < lo_r || r > hi_r || col < lo_c || col > hi_c) continue;
        double w = cos(q.x * DEG);
        sw += w;
        sx += w * q.x;
        sy += w * q.y;
        kept++;
    }
    free(tw);
    free(hull);
    if (kept < 3) goto out;
    *la = sx / sw;
    *lo = sy / sw;
    if (*lo > 180) *lo -= 360;
    ok = true;
out:
    free(cells);
    free(stack);
    free(best);
    free(seen);
    return ok;
}

typedef struct { const char *code; int idx; } code_idx;

static int find_country(const char *cc)
{
    for (size_t i = 0; i < nplaces && places[i].kind == NG_GAZ_COUNTRY; i++)
        if (!memcmp(places[i].cc, cc, 2)) return (int)i;
    return -1;
}

/* Region lookup: country index and admin1 code -> place index. Small
 * (4k entries), so a sorted array and bsearch. */
typedef struct { char key[32]; int idx; } a1key;
static a1key *a1keys;
static size_t na1keys;
static int cmp_a1(const void *a, const void *b) { return strcmp(((const a1key *)a)->key, ((const a1key *)b)->key); }
static int find_admin1(const char *cc, const char *code)
{
    a1key k;
    snprintf(k.key, sizeof k.key, "%.2s.%s", cc, code);
    a1key *r = bsearch(&k, a1keys, na1keys, sizeof *a1keys, cmp_a1);
    return r ? r->idx : -1;
}

static void put32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    fwrite(b, 1, 4, f);
}

typedef struct { uint32_t geonameid; size_t row; } city_order;
static int cmp_city(const void *a, const void *b)
{
    const city_order *x = a, *y = b;
    return x->geonameid < y->geonameid ? -1 : x->geonameid > y->geonameid;
}

/* ---- second-level regions (US counties) ---------------------------------
 * "CC.admin1<TAB>FIPS<TAB>name" rows (lexicons/us_counties.tsv). GeoNames'
 * city rows carry the county's FIPS code (admin2) but the files here have
 * no county names, so the names come from the Census table and the point
 * from the county's own towns: the middle of their 5th..95th percentile
 * range, any size, both input files. A county without a town in them is
 * left out (no honest point). Counties are stored with the cities (feature
 * ADM2, population the sum of their towns'), named only by their full name
 * ("Laurel County", never "Laurel"), and given the id 2,000,000,000 + FIPS,
 * which is not a GeoNames id: GeoNames' own county ids are not in these
 * files. */
#define COUNTY_ID_BASE 2000000000u
typedef struct { char key[32]; size_t place; } county_key;

static int cmp_county_key(const void *a, const void *b) { return strcmp(((const county_key *)a)->key, ((const county_key *)b)->key); }

typedef struct { char *f[19]; } row_t;

static void add_counties(const char *path, const row_t *rows, const city_order *order, size_t nrows)
{
    size_t len, n = 0, cap = 0;
    county_key *keys = NULL;
    char *t = slurp(path, &len);
    for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
        char *f[3];
        if (line[0] == '#' || split_tabs(line, f, 3) < 3 || strlen(f[0]) < 4 || f[0][2] != '.' || strlen(f[1]) != 5)
            continue;
        int c = find_country(f[0]), a = find_admin1(f[0], f[0] + 3);
        if (c < 0 || a < 0) { fprintf(stderr, "gazetteer: county region %s not found\n", f[0]); continue; }
        place_t *p = new_place();
        p->p.geonameid = COUNTY_ID_BASE + (uint32_t)strtoul(f[1], NULL, 10);
        p->p.name_off = pool_add(&pool, f[2], strlen(f[2]));
        p->p.country = (uint8_t)c;
        p->p.admin1 = (uint16_t)a;
        memcpy(p->cc, f[0], 2);
        p->p.feature = (uint8_t)feature_index("ADM2");
        p->kind = NG_GAZ_CITY;
        if (n == cap) keys = xrealloc(keys, (cap = cap ? cap * 2 : 4096) * sizeof *keys);
        snprintf(keys[n].key, sizeof keys[n].key, "%.2s.%s.%s", f[0], f[0] + 3, f[1] + 2);
        keys[n++].place = nplaces - 1;
    }
    qsort(keys, n, sizeof *keys, cmp_county_key);
    uint32_t last_id = 0;
    for (size_t oi = 0; oi < nrows; oi++) {
        char *const *f = rows[order[oi].row].f;
        if (order[oi].geonameid == last_id) continue;
        last_id = order[oi].geonameid;
        county_key k;
        if (strlen(f[8]) + strlen(f[10]) + strlen(f[11]) + 3 > sizeof k.key) continue;
        snprintf(k.key, sizeof k.key, "%s.%s.%s", f[8], f[10], f[11]);
        const county_key *hit = bsearch(&k, keys, n, sizeof *keys, cmp_county_key);
        if (!hit) continue;
        place_t *q = &places[hit->place];
        if (q->ncoord == q->capcoord) {
            q->capcoord = q->capcoord ? q->capcoord * 2 : 16;
            q->lats = xrealloc(q->lats, q->capcoord * sizeof(double));
            q->lons = xrealloc(q->lons, q->capcoord * sizeof(double));
        }
        q->lats[q->ncoord] = atof(f[4]);
        q->lons[q->ncoord++] = atof(f[5]);
        q->popsum += (double)atol(f[14]);
    }
    size_t kept = 0, first = keys ? nplaces - n : nplaces;
    for (size_t i = first; i < nplaces; i++) {
        place_t *p = &places[i];
        if (!p->ncoord) continue;
        double la = trimmed_centre(p->lats, p->ncoord), lo = trimmed_centre(p->lons, p->ncoord);
        p->p.lat_e5 = (int32_t)(la * 1e5 + (la < 0 ? -0.5 : 0.5));
        p->p.lon_e5 = (int32_t)(lo * 1e5 + (lo < 0 ? -0.5 : 0.5));
        p->p.population = p->popsum < 4e9 ? (uint32_t)p->popsum : 4000000000u;
        free(p->lats);
        free(p->lons);
        p->lats = p->lons = NULL;
        p->ncoord = p->capcoord = 0;
        places[first + kept++] = *p;
    }
    nplaces = first + kept;
    free(keys);
    free(t);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *countries = NULL, *admin1 = NULL, *demonyms = NULL, *aliases = NULL, *admin2 = NULL;
    const char *cities[4];
    int ncities = 0;
    long min_pop = 0, alt_min_pop = 15000;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) die("option %s needs a value", a);
        if (!strcmp(a, "-o")) out = v;
        else if (!strcmp(a, "--countries")) countries = v;
        else if (!strcmp(a, "--admin1")) admin1 = v;
        else if (!strcmp(a, "--cities") && ncities < 4) cities[ncities++] = v;
        else if (!strcmp(a, "--demonyms")) demonyms = v;
        else if (!strcmp(a, "--aliases")) aliases = v;
        else if (!strcmp(a, "--admin2")) admin2 = v;
        else if (!strcmp(a, "--min-pop")) min_pop = atol(v);
        else if (!strcmp(a, "--alt-min-pop")) alt_min_pop = atol(v);
        else die("unknown option %s", a);
    }
    if (!out || !countries || !admin1 || !ncities) die("%s", "usage: gazetteer -o OUT --countries F --admin1 F --cities F ...");
    pool_add(&pool, "", 0);

    /* Countries, sorted by ISO code (the file is, but do not rely on it). */
    size_t len;
    char *ctext = slurp(countries, &len);
    for (char *line = strtok(ctext, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        char *f[20];
        if (split_tabs(line, f, 20) < 17 || strlen(f[0]) != 2) continue;
        if (nplaces >= NG_GAZ_NO_COUNTRY) die("%s", "too many countries");
        place_t *p = new_place();
        memcpy(p->cc, f[0], 2);
        p->p.geonameid = (uint32_t)strtoul(f[16], NULL, 10);
        p->p.population = (uint32_t)strtoul(f[7], NULL, 10);
        p->p.name_off = pool_add(&pool, f[4], strlen(f[4]));
        p->kind = NG_GAZ_COUNTRY;
        p->p.feature = (uint8_t)feature_index("PCLI");
        snprintf(p->sortname, sizeof p->sortname, "%s", f[0]);
    }
    size_t n_countries = nplaces;
    for (size_t i = 0; i < n_countries; i++) places[i].p.country = (uint8_t)i;

    /* First-level regions, sorted by "CC.code". */
    char *atext = slurp(admin1, &len);
    size_t a_first = nplaces;
    for (char *line = strtok(atext, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        char *f[5];
        if (split_tabs(line, f, 5) < 4) continue;
        char *dot = strchr(f[0], '.');
        if (!dot || dot - f[0] != 2 || strlen(dot + 1) >= sizeof places[0].a1code) continue;
        int c = find_country(f[0]);
        if (c < 0) continue;
        place_t *p = new_place();
        memcpy(p->cc, f[0], 2);
        p->p.country = (uint8_t)c;
        snprintf(p->a1code, sizeof p->a1code, "%s", dot + 1);
        p->p.geonameid = (uint32_t)strtoul(f[3], NULL, 10);
        p->p.name_off = pool_add(&pool, f[1], strlen(f[1]));
        p->kind = NG_GAZ_ADMIN1;
        p->p.feature = (uint8_t)feature_index("ADM1");
        snprintf(p->sortname, sizeof p->sortname, "%s", f[0]);
    }
    size_t n_admin1 = nplaces - a_first;
    a1keys = xrealloc(NULL, n_admin1 * sizeof *a1keys);
    for (size_t i = 0; i < n_admin1; i++) {
        place_t *p = &places[a_first + i];
        snprintf(a1keys[i].key, sizeof a1keys[i].key, "%.2s.%s", p->cc, p->a1code);
        p->p.admin1 = (uint16_t)(a_first + i);
        a1keys[i].idx = (int)(a_first + i);
    }
    na1keys = n_admin1;
    qsort(a1keys, na1keys, sizeof *a1keys, cmp_a1);

    /* Cities, in geonameid order; names are added after all places exist. */
    row_t *rows = NULL;
    size_t nrows = 0, caprows = 0;
    for (int k = 0; k < ncities; k++) {
        char *t = slurp(cities[k], &len);
        for (char *line = t, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next) *next++ = '\0';
            row_t r;
            if (split_tabs(line, r.f, 19) < 15) continue;
            if (nrows == caprows) rows = xrealloc(rows, (caprows = caprows ? caprows * 2 : 65536) * sizeof *rows);
            rows[nrows++] = r;
        }
    }
    city_order *order = xrealloc(NULL, nrows * sizeof *order);
    for (size_t i = 0; i < nrows; i++) order[i] = (city_order){(uint32_t)strtoul(rows[i].f[0], NULL, 10), i};
    qsort(order, nrows, sizeof *order, cmp_city);
    size_t c_first = nplaces;
    uint32_t last_id = 0;
    for (size_t oi = 0; oi < nrows; oi++) {
        char **f = rows[order[oi].row].f;
        if (order[oi].geonameid == last_id) continue; /* the same city in two files */
        last_id = order[oi].geonameid;
        int fi = feature_index(f[7]);
        int c = find_country(f[8]);
        if (fi < 0 || c < 0) continue;
        long pop = atol(f[14]);
        /* Capitals and first-level seats stay whatever their size. */
        bool seat = !strcmp(f[7], "PPLA") || !strcmp(f[7], "PPLC");
        int a = find_admin1(f[8], f[10]);
        double lat = atof(f[4]), lon = atof(f[5]);
        /* Every city counts for its region's centre, even one left out. */
        place_t *targets[2] = {a >= 0 ? &places[a] : NULL, &places[c]};
        for (int t = 0; t < 2; t++) {
            place_t *q = targets[t];
            if (!q) continue;
            if (q->ncoord == q->capcoord) {
                q->capcoord = q->capcoord ? q->capcoord * 2 : 16;
                q->lats = xrealloc(q->lats, q->capcoord * sizeof(double));
                q->lons = xrealloc(q->lons, q->capcoord * sizeof(double));
            }
            q->lats[q->ncoord] = lat;
            q->lons[q->ncoord++] = lon;
            q->popsum += (double)pop;
        }
        if (pop < min_pop && !seat) continue;
        place_t *p = new_place();
        p->p.geonameid = order[oi].geonameid;
        p->p.lat_e5 = (int32_t)(lat * 1e5 + (lat < 0 ? -0.5 : 0.5));
        p->p.lon_e5 = (int32_t)(lon * 1e5 + (lon < 0 ? -0.5 : 0.5));
        p->p.population = pop > 0 && pop < (long)UINT32_MAX ? (uint32_t)pop : 0;
        p->p.name_off = pool_add(&pool, f[1], strlen(f[1]));
        p->p.country = (uint8_t)c;
        if (a >= 0) p->p.admin1 = (uint16_t)a;
        memcpy(p->cc, f[8], 2);
        p->p.feature = (uint8_t)fi;
        p->kind = NG_GAZ_CITY;
        /* Stash the row index for the name pass. */
        p->ncoord = order[oi].row;
    }
    if (admin2) add_counties(admin2, rows, order, nrows);
    if (nplaces >= 0x3FFFFFFF) die("%s", "too many places");
    int *label = xrealloc(NULL, GRID_N * sizeof *label);
    for (size_t i = 0; i < c_first; i++) {
        place_t *p = &places[i];
        if (i == 0) label_territory(places, 0, n_countries, label);
        if (i == a_first) label_territory(places, a_first, a_first + n_admin1, label);
        double la, lo;
        if (!territory_centre(p, (int)i, label, &la, &lo)) area_centre(p->lats, p->lons, p->ncoord, &la, &lo);
        p->p.lat_e5 = (int32_t)(la * 1e5 + (la < 0 ? -0.5 : 0.5));
        p->p.lon_e5 = (int32_t)(lo * 1e5 + (lo < 0 ? -0.5 : 0.5));
        if (p->kind == NG_GAZ_ADMIN1) p->p.population = p->popsum < 4e9 ? (uint32_t)p->popsum : 4000000000u;
    }
    free(label);

    /* Names. */
    for (size_t i = 0; i < nplaces; i++) {
        place_t *p = &places[i];
        const char *nm = pool.data + p->p.name_off;
        add_name(nm, strlen(nm), (uint32_t)i, NG_GAZ_NAME_MAIN);
        if (p->kind != NG_GAZ_CITY || p->p.feature == feature_index("ADM2")) continue;
        char **f = rows[p->ncoord].f;
        add_name(f[2], strlen(f[2]), (uint32_t)i, NG_GAZ_NAME_MAIN);
        if (p->p.population < alt_min_pop && strncmp(f[7], "PPLA", 4) && strncmp(f[7], "PPLC", 4)) continue;
        for (char *s = f[3]; s && *s;) {
            char *comma = strchr(s, ',');
            size_t n = comma ? (size_t)(comma - s) : strlen(s);
            if (latin_name(s, n)) add_name(s, n, (uint32_t)i, NG_GAZ_NAME_ALT);
            s = comma ? comma + 1 : NULL;
        }
    }
    /* Regions: also without their generic word ("Kursk Oblast" -> "Kursk",
     * "Republic of Tyva" -> "Tyva"), since news writes "the Kursk region". */
    static const char *const generic[] = {" Oblast", " Krai", " Kray", " Province", " Region", " Governorate",
                                          " Prefecture", " State", " Voivodeship", " County", " District",
                                          " Department", " Autonomous Okrug", " Republic", " Oblysy", " Viloyati"};
    static const char *const generic_pre[] = {"Republic of ", "Province of ", "State of ", "Región de ",
                                              "Provincia di ", "Provincia de ", "Departamento de "};
    for (size_t i = a_first; i < a_first + n_admin1; i++) {
        const char *nm = pool.data + places[i].p.name_off;
        size_t n = strlen(nm);
        for (size_t g = 0; g < sizeof generic / sizeof *generic; g++) {
            size_t gl = strlen(generic[g]);
            if (n > gl + 2 && !strcmp(nm + n - gl, generic[g])) add_name(nm, n - gl, (uint32_t)i, NG_GAZ_NAME_ALT);
        }
        for (size_t g = 0; g < sizeof generic_pre / sizeof *generic_pre; g++) {
            size_t gl = strlen(generic_pre[g]);
            if (n > gl + 2 && !strncmp(nm, generic_pre[g], gl)) add_name(nm + gl, n - gl, (uint32_t)i, NG_GAZ_NAME_ALT);
        }
    }
    /* Demonyms and common English country names. */
    if (demonyms) {
        char *t = slurp(demonyms, &len);
        for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
            if (line[0] == '#') continue;
            char *f[4];
            if (split_tabs(line, f, 4) < 3) continue;
            int c = find_country(f[0]);
            if (c < 0) continue;
            add_name(f[1], strlen(f[1]), (uint32_t)c, NG_GAZ_NAME_ALT);
            for (char *s = f[2]; s && *s;) {
                char *comma = strchr(s, ',');
                size_t n = comma ? (size_t)(comma - s) : strlen(s);
                while (n && s[n - 1] == ' ') n--;
                while (n && *s == ' ') { s++; n--; }
                add_name(s, n, (uint32_t)c, NG_GAZ_NAME_DEMONYM);
                s = comma ? comma + 1 : NULL;
            }
        }
    }
    /* Aliases: "CC[.admin1]<TAB>name[,name...]" for English names GeoNames'
     * ASCII region file lacks ("Tuva", "Chechnya") and country short forms. */
    if (aliases) {
        char *t = slurp(aliases, &len);
        for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
            if (line[0] == '#') continue;
            char *f[3];
            if (split_tabs(line, f, 3) < 2) continue;
            int idx = strlen(f[0]) == 2 ? find_country(f[0]) : (strlen(f[0]) > 3 ? find_admin1(f[0], f[0] + 3) : -1);
            if (idx < 0) { fprintf(stderr, "gazetteer: alias target %s not found\n", f[0]); continue; }
            for (char *s = f[1]; s && *s;) {
                char *comma = strchr(s, ',');
                size_t n = comma ? (size_t)(comma - s) : strlen(s);
                add_name(s, n, (uint32_t)idx, NG_GAZ_NAME_ALT);
                s = comma ? comma + 1 : NULL;
            }
        }
    }
    qsort(names, nnames, sizeof *names, cmp_name);
    size_t w = 0;
    for (size_t i = 0; i < nnames; i++) /* one entry per (key, place): keep the strongest kind */
        if (!w || strcmp(names[w - 1].key, names[i].key) || (names[w - 1].place & 0x3FFFFFFF) != (names[i].place & 0x3FFFFFFF))
            names[w++] = names[i];
    nnames = w;
    uint32_t *key_offs = xrealloc(NULL, nnames * sizeof *key_offs);
    for (size_t i = 0; i < nnames; i++) key_offs[i] = pool_add(&pool, names[i].key, strlen(names[i].key));
    size_t n_codes = c_first;
    uint32_t *codes = xrealloc(NULL, (n_codes + 1) * sizeof *codes);
    for (size_t i = 0; i < n_codes; i++)
        codes[i] = places[i].kind == NG_GAZ_COUNTRY ? pool_add(&pool, places[i].cc, 2)
                                                    : pool_add(&pool, places[i].a1code, strlen(places[i].a1code));
    codes[n_codes] = 0;
    size_t codes_bytes = (n_codes + (n_codes & 1)) * 4;
    while (pool.len % 4) pool.data[pool.len++] = '\0';

    /* Write: header placeholder, sections, then the checksum. */
    size_t places_off = NG_GAZ_HEADER, codes_off = places_off + nplaces * sizeof(ng_gaz_place);
    size_t names_off = codes_off + codes_bytes;
    size_t pool_off = names_off + nnames * sizeof(ng_gaz_name), file_len = pool_off + pool.len;
    if (file_len > UINT32_MAX) die("%s", "output too large");
    unsigned char *img = calloc(1, file_len);
    if (!img) die("%s", "out of memory");
    for (size_t i = 0; i < nplaces; i++) memcpy(img + places_off + i * sizeof(ng_gaz_place), &places[i].p, sizeof(ng_gaz_place));
    memcpy(img + codes_off, codes, codes_bytes);
    for (size_t i = 0; i < nnames; i++) {
        ng_gaz_name nm = {key_offs[i], names[i].place};
        memcpy(img + names_off + i * sizeof nm, &nm, sizeof nm);
    }
    memcpy(img + pool_off, pool.data, pool.len);
    uint64_t sum = ng_checksum64(img + NG_GAZ_HEADER, file_len - NG_GAZ_HEADER);
    FILE *f = fopen(out, "wb");
    if (!f) die("cannot write %s", out);
    fwrite(NG_GAZ_MAGIC, 1, 8, f);
    uint32_t hdr[] = {NG_GAZ_VERSION, (uint32_t)nplaces, (uint32_t)n_countries, (uint32_t)n_admin1, (uint32_t)nnames,
                      (uint32_t)places_off, (uint32_t)codes_off, (uint32_t)names_off, (uint32_t)pool_off, (uint32_t)pool.len, (uint32_t)file_len};
    for (size_t i = 0; i < sizeof hdr / sizeof *hdr; i++) put32(f, hdr[i]);
    put32(f, (uint32_t)sum);
    put32(f, (uint32_t)(sum >> 32));
    for (int i = 0; i < 4; i++) fputc(0, f);
    fwrite(img + NG_GAZ_HEADER, 1, file_len - NG_GAZ_HEADER, f);
    if (fclose(f) != 0) die("write error on %s", out);
    fprintf(stderr, "gazetteer: %zu countries, %zu regions, %zu cities, %zu names, %zu bytes -> %s\n", n_countries,
            n_admin1, nplaces - c_first, nnames, file_len, out);
    return 0;
}
