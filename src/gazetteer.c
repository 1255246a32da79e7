/*
 * gazetteer.c: loading and searching the compiled gazetteer.
 *
 * The file (format in gazetteer.h, written by tools/gazetteer.c) is mapped
 * read-only and shared by every pipeline of a process that opens it; the
 * structures point straight into the mapping, so opening costs one mmap
 * and one validation pass (checksum, offsets, indexes, sort order of the
 * name table is trusted only after its bounds are checked).
 *
 * Key folding is shared by the compiler and the runtime, so both sides
 * agree byte for byte: ASCII is lowercased inline; other letters go through
 * utf8proc (case fold, strip marks). Lookups are binary searches over
 * fixed-width name records, comparing pool strings.
 */
#include "gazetteer.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

const char *const ng_gaz_features[] = {
    "PCLI", "ADM1", "PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLC", "PPLX", "PPLL",
    "PPLQ", "PPLG", "PPLS", "PPLH", "PPLF", "PPLW", "STLMT", "PPLR", "PPLCH", "PCLD", "PCLS",
    "PCLF", "PCLIX", "TERR", "PCLH", "PCL", "ADM2",
};
const size_t ng_gaz_n_features = sizeof ng_gaz_features / sizeof ng_gaz_features[0];

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static bool is_little_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

const char *ng_gaz_from_memory(ng_gazetteer *g, const void *data, size_t len)
{
    memset(g, 0, sizeof *g);
    const unsigned char *b = data;
    if (!is_little_endian()) return "gazetteer: big-endian hosts are not supported";
    if (len < NG_GAZ_HEADER) return "gazetteer: file too short for its header";
    if (memcmp(b, NG_GAZ_MAGIC, 8) != 0) return "gazetteer: not a newsgraph gazetteer (bad magic)";
    if (rd32(b + 8) != NG_GAZ_VERSION) return "gazetteer: unsupported format version";
    if (((uintptr_t)b & 7) != 0) return "gazetteer: data not aligned";
    uint32_t n_places = rd32(b + 12), n_countries = rd32(b + 16), n_admin1 = rd32(b + 20);
    uint32_t n_names = rd32(b + 24), places_off = rd32(b + 28), codes_off = rd32(b + 32), names_off = rd32(b + 36);
    uint32_t pool_off = rd32(b + 40), pool_len = rd32(b + 44), file_len = rd32(b + 48);
    if (file_len != len) return "gazetteer: truncated or padded (length mismatch)";
    if (ng_checksum64(b + NG_GAZ_HEADER, len - NG_GAZ_HEADER) != rd64(b + 52))
        return "gazetteer: checksum mismatch (corrupt file)";
    uint64_t n_codes = (uint64_t)n_countries + n_admin1;
    if (n_codes > n_places || n_countries >= NG_GAZ_NO_COUNTRY || n_codes >= NG_GAZ_NONE ||
        n_places > 0x3FFFFFFFu)
        return "gazetteer: bad place counts";
    if (places_off != NG_GAZ_HEADER || (uint64_t)places_off + (uint64_t)n_places * sizeof(ng_gaz_place) != codes_off ||
        codes_off + n_codes * 4 + ((n_codes & 1) ? 4 : 0) != names_off ||
        (uint64_t)names_off + (uint64_t)n_names * sizeof(ng_gaz_name) != pool_off ||
        (uint64_t)pool_off + pool_len != len || pool_len == 0)
        return "gazetteer: bad section offsets";
    const char *pool = (const char *)b + pool_off;
    if (pool[0] != '\0' || pool[pool_len - 1] != '\0') return "gazetteer: string pool not terminated";
    const ng_gaz_place *places = (const ng_gaz_place *)(b + places_off);
    for (uint32_t i = 0; i < n_places; i++) {
        const ng_gaz_place *p = &places[i];
        if (p->name_off >= pool_len) return "gazetteer: place string out of range";
        if (p->feature >= ng_gaz_n_features) return "gazetteer: bad place feature";
        if (p->country != NG_GAZ_NO_COUNTRY && p->country >= n_countries) return "gazetteer: bad country index";
        if (p->admin1 != NG_GAZ_NONE && (p->admin1 < n_countries || p->admin1 >= n_countries + n_admin1))
            return "gazetteer: bad region index";
    }
    const uint32_t *codes = (const uint32_t *)(b + codes_off);
    for (uint64_t i = 0; i < n_codes; i++)
        if (codes[i] >= pool_len) return "gazetteer: code string out of range";
    const ng_gaz_name *names = (const ng_gaz_name *)(b + names_off);
    for (uint32_t i = 0; i < n_names; i++) {
        if (names[i].key_off >= pool_len) return "gazetteer: name key out of range";
        if ((names[i].place & 0x3FFFFFFFu) >= n_places || (names[i].place >> 30) > NG_GAZ_NAME_DEMONYM)
            return "gazetteer: bad name place";
        /* Binary search needs sorted keys; an unsorted table would only give
         * wrong answers, but we refuse it so corruption is visible. */
        if (i && strcmp(pool + names[i - 1].key_off, pool + names[i].key_off) > 0)
            return "gazetteer: name table not sorted";
    }
    g->base = b;
    g->len = len;
    g->places = places;
    g->codes = codes;
    g->names = names;
    g->pool = pool;
    g->n_places = n_places;
    g->n_countries = n_countries;
    g->n_admin1 = n_admin1;
    g->n_names = n_names;
    g->pool_len = pool_len;
    return NULL;
}

const char *ng_gaz_open(ng_gazetteer *g, const char *path)
{
    memset(g, 0, sizeof *g);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return strerror(errno);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { close(fd); return "gazetteer: not a regular file"; }
    if (st.st_size < (off_t)NG_GAZ_HEADER || (uint64_t)st.st_size > UINT32_MAX) {
        close(fd);
        return "gazetteer: file too short or too long";
    }
    size_t len = (size_t)st.st_size;
    void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return strerror(errno);
    const char *err = ng_gaz_from_memory(g, m, len);
    if (err) { munmap(m, len); return err; }
    g->mapped = true;
    return NULL;
}

void ng_gaz_close(ng_gazetteer *g)
{
    if (g->mapped && g->base) munmap((void *)g->base, g->len);
    memset(g, 0, sizeof *g);
}

size_t ng_gaz_fold(const char *s, size_t n, char *out)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = o > 0; continue; }
            if (space) { out[o++] = ' '; space = false; }
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        uint32_t cp;
        size_t srclen = ng_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += srclen;
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) cp = '\'';
        if (cp == 0x2010 || cp == 0x2011 || cp == 0x2013) cp = '-';
        if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F) { space = o > 0; continue; }
        if (space) { out[o++] = ' '; space = false; }
        if (cp < 0x80) { out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp); continue; }
        utf8proc_int32_t buf[8];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 8,
                                                     UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &last);
        if (k < 0 || k > 8) { k = 1; buf[0] = (utf8proc_int32_t)cp; }
        /* The caller's buffer allows 3 output bytes per input byte; the rare
         * fold that expands more (a ligature into several letters) is
         * dropped rather than overflowing. */
        char tmp[32];
        size_t tl = 0;
        for (utf8proc_ssize_t j = 0; j < k; j++) {
            uint32_t f = (uint32_t)buf[j];
            tl += f < 0x80 ? (tmp[tl] = (char)f, 1) : ng_utf8_encode(f, tmp + tl);
        }
        if (tl > 3 * srclen) tl = 0;
        memcpy(out + o, tmp, tl);
        o += tl;
    }
    out[o] = '\0';
    return o;
}

/* Compares key[0..n) with the pool string z: like strcmp on the first n
 * bytes, with "key is a proper prefix" sorting first. */
static int cmp_key(const char *key, size_t n, const char *z)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)key[i], b = (unsigned char)z[i];
        if (!b) return 1;
        if (a != b) return a < b ? -1 : 1;
    }
    return z[n] ? -1 : 0;
}

/* First name index whose key is >= key[0..n). */
static size_t lower_bound(const ng_gazetteer *g, const char *key, size_t n)
{
    size_t lo = 0, hi = g->n_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key(key, n, g->pool + g->names[mid].key_off) > 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

size_t ng_gaz_find(const ng_gazetteer *g, const char *key, size_t n, size_t *first)
{
    *first = 0;
    if (!g->n_names) return 0;
    size_t i = lower_bound(g, key, n), j = i;
    while (j < g->n_names && cmp_key(key, n, g->pool + g->names[j].key_off) == 0) j++;
    *first = i;
    return j - i;
}

bool ng_gaz_has_prefix(const ng_gazetteer *g, const char *key, size_t n)
{
    if (!g->n_names) return false;
    size_t i = lower_bound(g, key, n);
    for (; i < g->n_names; i++) {
        const char *z = g->pool + g->names[i].key_off;
        if (strncmp(z, key, n) != 0) return false;
        if (z[n] == ' ') return true;
        if (z[n] > ' ') return false; /* keys with key+"x" (x > ' ') sort after all key+" ..." */
    }
    return false;
}
