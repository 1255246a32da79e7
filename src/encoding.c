/*
 * encoding.c: find a document's character encoding and convert it to UTF-8.
 *
 * The decision follows the WHATWG Encoding and HTML standards, which is
 * what the pages were written against: a byte order mark wins, then the
 * HTTP charset, then (HTML only) a prescan of the first 4096 bytes for
 * <meta charset>, <meta http-equiv content="...charset=..."> or an XML
 * declaration, then sniffing. Labels map to encodings through the
 * standard's label table, so "latin1", "ascii" and "iso-8859-1" all mean
 * windows-1252 and "x-sjis" means Shift_JIS (decoded as windows-31j,
 * which is what the standard's Shift_JIS is). An unknown label is not an
 * error: the next source of information is consulted.
 *
 * Two deliberate departures from a browser, both for crawled news:
 *   - Sniffing reads the whole document. Bytes that are valid UTF-8 are
 *     UTF-8; bytes that are mostly UTF-8 (valid multi-byte sequences
 *     outnumber broken ones 4:1, or the only damage is a sequence cut at
 *     the end, as in a truncated WARC payload) are UTF-8 with U+FFFD;
 *     anything else is windows-1252.
 *   - A windows-1252 label (in practice "iso-8859-1", the old Apache
 *     default charset) on a document that is strictly valid UTF-8 with
 *     non-ASCII characters is overridden to UTF-8. Real windows-1252 text
 *     essentially never forms valid UTF-8 throughout, while mislabelled
 *     UTF-8 is common; a browser would show mojibake here.
 * A declared UTF-8 on invalid bytes stays UTF-8 with U+FFFD, as browsers do.
 *
 * UTF-8, windows-1252, UTF-16 and UTF-32 have built-in decoders (the
 * common cases, no iconv_open per document); everything else goes through
 * glibc iconv, opened per call because a cached descriptor would be global
 * state (measured: iconv_open + iconv_close take 0.2 us once the gconv
 * module is loaded, nothing next to an article). If iconv lacks the
 * encoding we fall back to sniffing. Rough speeds: clean UTF-8 1.7 GB/s
 * (a scan, no copy), UTF-8 needing cleanup 660 MB/s, windows-1252
 * 500 MB/s, iconv 300 MB/s.
 *
 * Every decoder emits through put_cp(), which also produces the output
 * guarantees: NUL and other C0 controls except \t and \n are dropped,
 * \r\n and lone \r become \n, \f becomes \n. Invalid input becomes U+FFFD
 * using the "maximal subpart" rule. The output is allocated at the worst
 * case (3 bytes per input byte) and shrunk in place afterwards, since it is
 * the arena's last allocation. Input that is already clean UTF-8 is
 * returned as is, without a copy.
 */
#include "internal.h"

#include <errno.h>
#include <iconv.h>

#define PRESCAN_BYTES 4096

/* ---- labels ---------------------------------------------------------------- */

/* WHATWG Encoding Standard labels, per encoding, space separated. The
 * name is what iconv calls it, or one of the built-in decoders. The
 * "replacement" labels (iso-2022-kr, iso-2022-cn...) are decoded for real
 * with iconv: we are not rendering, so the XSS concern behind
 * "replacement" does not apply and the text is worth having. */
static const struct { const char *name, *labels; } encodings[] = {
    {"UTF-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"WINDOWS-1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
                     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 "
                     "x-user-defined"},
    {"UTF-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"UTF-16BE", "unicodefffe utf-16be"},
    {"UTF-32LE", "utf-32 utf-32le"},
    {"UTF-32BE", "utf-32be"},
    {"IBM866", "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
                   "iso_8859-5:1988"},
    {"ISO-8859-6", "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                   "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"ISO-8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                   "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                   "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical"},
    {"ISO-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"ISO-8859-16", "iso-8859-16"},
    {"KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "koi8-ru koi8-u"},
    {"MACINTOSH", "csmacintosh mac macintosh x-mac-roman"},
    {"CP874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"CP1250", "cp1250 windows-1250 x-cp1250"},
    {"CP1251", "cp1251 windows-1251 x-cp1251"},
    {"CP1253", "cp1253 windows-1253 x-cp1253"},
    {"CP1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
               "latin5 windows-1254 x-cp1254"},
    {"CP1255", "cp1255 windows-1255 x-cp1255"},
    {"CP1256", "cp1256 windows-1256 x-cp1256"},
    {"CP1257", "cp1257 windows-1257 x-cp1257"},
    {"CP1258", "cp1258 windows-1258 x-cp1258"},
    {"MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian"},
    /* The standard's GBK decoder is its gb18030 decoder. */
    {"GB18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030"},
    {"BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {"WINDOWS-31J", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"CP949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
              "ksc_5601 windows-949"},
    {"ISO-2022-KR", "csiso2022kr iso-2022-kr"},
    {"ISO-2022-CN-EXT", "iso-2022-cn iso-2022-cn-ext"},
};

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* The encoding a label names (trimmed, case-insensitive), or NULL. */
static const char *lookup_label(const char *s, size_t n)
{
    while (n && is_space((unsigned char)*s)) s++, n--;
    while (n && is_space((unsigned char)s[n - 1])) n--;
    char label[48];
    if (n == 0 || n >= sizeof label) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        label[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (size_t e = 0; e < sizeof encodings / sizeof *encodings; e++) {
        const char *l = encodings[e].labels;
        while (*l) {
            size_t k = strcspn(l, " ");
            if (k == n && memcmp(l, label, n) == 0) return encodings[e].name;
            l += k;
            while (*l == ' ') l++;
        }
    }
    return NULL;
}

static bool same(const char *a, const char *b) { return a && strcmp(a, b) == 0; }


static bool starts_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (ng_ascii_lower((unsigned char)s[i]) != (unsigned char)w[i]) return false;
    return true;
}

/* The HTML standard's "extract a character encoding from a meta element",
 * also good enough for an HTTP Content-Type header. Returns the encoding
 * or NULL. */
static const char *charset_from_content(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        while (i + 7 <= n && !starts_ci(s + i, n - i, "charset")) i++;
        if (i + 7 > n) return NULL;
        i += 7;
        while (i < n && is_space((unsigned char)s[i])) i++;
        if (i < n && s[i] == '=') break;
        /* "charset" without "=": keep looking after it. */
    }
    i++;
    while (i < n && is_space((unsigned char)s[i])) i++;
    if (i >= n) return NULL;
    if (s[i] == '"' || s[i] == '\'') {
        char q = s[i++];
        size_t start = i;
        while (i < n && s[i] != q) i++;
        if (i >= n) return NULL;
        return lookup_label(s + start, i - start);
    }
    size_t start = i;
    while (i < n && !is_space((unsigned char)s[i]) && s[i] != ';') i++;
    return lookup_label(s + start, i - start);
}

/* ---- HTML prescan ------------------------------------------------------------ */

typedef struct attr {
    char name[32];
    char value[512]; /* long content values are truncated, which is harmless */
    size_t name_len, value_len;
} attr;

static void attr_add(char *buf, size_t *len, size_t cap, unsigned char c)
{
    if (*len + 1 < cap) buf[(*len)++] = (char)ng_ascii_lower(c);
}

/* The prescan's "get an attribute": false at '>' or the end of the data. */
static bool get_attr(const char *s, size_t n, size_t *pos, attr *at)
{
    size_t i = *pos;
    at->name_len = at->value_len = 0;
    while (i < n && (is_space((unsigned char)s[i]) || s[i] == '/')) i++;
    if (i >= n || s[i] == '>') { *pos = i; return false; }
    for (;; i++) {
        if (i >= n) { *pos = i; return false; }
        unsigned char c = (unsigned char)s[i];
        if (c == '=' && at->name_len) break;
        if (is_space(c)) {
            while (i < n && is_space((unsigned char)s[i])) i++;
            if (i < n && s[i] == '=') break;
            *pos = i;
            return true;
        }
        if (c == '/' || c == '>') { *pos = i; return true; }
        attr_add(at->name, &at->name_len, sizeof at->name, c);
    }
    i++; /* past '=' */
    while (i < n && is_space((unsigned char)s[i])) i++;
    if (i >= n) { *pos = i; return false; }
    if (s[i] == '"' || s[i] == '\'') {
        char q = s[i++];
        while (i < n && s[i] != q) attr_add(at->value, &at->value_len, sizeof at->value, (unsigned char)s[i++]);
        if (i >= n) { *pos = i; return false; }
        *pos = i + 1;
        return true;
    }
    if (s[i] == '>') { *pos = i; return true; }
    while (i < n && !is_space((unsigned char)s[i]) && s[i] != '>')
        attr_add(at->value, &at->value_len, sizeof at->value, (unsigned char)s[i++]);
    *pos = i;
    return i < n;
}

static bool attr_is(const attr *at, const char *name) { return strlen(name) == at->name_len && memcmp(at->name, name, at->name_len) == 0; }

/* A charset a <meta> declares in a byte stream that we read as ASCII:
 * UTF-16 there is a lie (the bytes would not be readable as ASCII) and
 * means UTF-8, per the standard. */
static const char *meta_encoding(const char *e)
{
    if (same(e, "UTF-16LE") || same(e, "UTF-16BE") || same(e, "UTF-32LE") || same(e, "UTF-32BE")) return "UTF-8";
    return e;
}

/* The XML declaration, when the document starts with one. */
static const char *xml_declaration(const char *s, size_t n)
{
    if (!starts_ci(s, n, "<?xml")) return NULL;
    size_t end = 5;
    while (end + 1 < n && end < 1024 && !(s[end] == '?' && s[end + 1] == '>')) end++;
    for (size_t i = 5; i + 8 <= end; i++) {
        if (memcmp(s + i, "encoding", 8) != 0) continue;
        size_t j = i + 8;
        while (j < end && is_space((unsigned char)s[j])) j++;
        if (j >= end || s[j] != '=') continue;
        j++;
        while (j < end && is_space((unsigned char)s[j])) j++;
        if (j >= end || (s[j] != '"' && s[j] != '\'')) return NULL;
        char q = s[j++];
        size_t start = j;
        while (j < end && s[j] != q) j++;
        return j < end ? lookup_label(s + start, j - start) : NULL;
    }
    return NULL;
}

static bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* The HTML standard's "prescan a byte stream to determine its encoding". */
static const char *prescan(const char *s, size_t n)
{
    if (n > PRESCAN_BYTES) n = PRESCAN_BYTES;
    const char *xml = xml_declaration(s, n);
    if (xml) return meta_encoding(xml);
    attr at;
    size_t i = 0;
    while (i < n) {
        if (s[i] != '<') { i++; continue; }
        if (starts_ci(s + i, n - i, "<!--")) {
            size_t j = i + 2;
            while (j + 3 <= n && memcmp(s + j, "-->", 3) != 0) j++;
            if (j + 3 > n) return NULL;
            i = j + 3;
        } else if (starts_ci(s + i, n - i, "<meta") && i + 5 < n && (is_space((unsigned char)s[i + 5]) || s[i + 5] == '/')) {
            i += 6;
            bool got_pragma = false, seen_he = false, seen_content = false, seen_charset = false;
            int need_pragma = -1; /* -1: not known yet */
            const char *charset = NULL;
            while (get_attr(s, n, &i, &at)) {
                if (attr_is(&at, "http-equiv")) {
                    if (seen_he) continue;
                    seen_he = true;
                    if (at.value_len == 12 && memcmp(at.value, "content-type", 12) == 0) got_pragma = true;
                } else if (attr_is(&at, "content")) {
                    if (seen_content) continue;
                    seen_content = true;
                    if (!charset) {
                        charset = charset_from_content(at.value, at.value_len);
                        if (charset) need_pragma = 1;
                    }
                } else if (attr_is(&at, "charset")) {
                    if (seen_charset) continue;
                    seen_charset = true;
                    charset = lookup_label(at.value, at.value_len);
                    need_pragma = 0;
                }
            }
            if (i >= n) return NULL; /* the tag runs past the prescan window */
            if (charset && need_pragma != -1 && !(need_pragma == 1 && !got_pragma)) return meta_encoding(charset);
        } else if (i + 2 < n && (is_alpha((unsigned char)s[i + 1]) || (s[i + 1] == '/' && is_alpha((unsigned char)s[i + 2])))) {
            i += 2;
            while (i < n && !is_space((unsigned char)s[i]) && s[i] != '>') i++;
            while (get_attr(s, n, &i, &at)) {}
            i++;
        } else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '/' || s[i + 1] == '?')) {
            while (i < n && s[i] != '>') i++;
            i++;
        } else {
            i++;
        }
    }
    return NULL;
}

/* ---- output -------------------------------------------------------------------- */

typedef struct out {
    char *p;
    size_t n;
    bool cr; /* the last code point was \r, so a following \n is dropped */
} out;

static inline void put_cp(out *o, uint32_t cp)
{
    if (cp < 0x20) {
        if (cp == '\r') { o->p[o->n++] = '\n'; o->cr = true; return; }
        if (cp == '\n') {
            if (o->cr) { o->cr = false; return; }
        } else if (cp == '\f') {
            cp = '\n';
        } else if (cp != '\t') {
            return; /* NUL and other controls */
        }
    }
    o->cr = false;
    if (cp < 0x80) o->p[o->n++] = (char)cp;
    else o->n += ng_utf8_encode(cp, o->p + o->n);
}

/* Worst case output: 3 bytes (U+FFFD or a BMP character) per input byte. */
static bool out_begin(ng_arena *a, out *o, size_t len)
{
    o->n = 0;
    o->cr = false;
    o->p = len > (SIZE_MAX - 16) / 3 ? NULL : ng_alloc(a, len * 3 + 1);
    return o->p != NULL;
}

static ng_str out_end(ng_arena *a, out *o, size_t len)
{
    o->p[o->n] = '\0';
    ng_realloc(a, o->p, len * 3 + 1, o->n + 1); /* shrinks in place: the last allocation */
    return (ng_str){o->p, o->n};
}

/* ---- UTF-8 ----------------------------------------------------------------------- */

/* Decodes one sequence per the Encoding Standard: an invalid sequence
 * decodes as BAD_CP (which put_cp writes as U+FFFD) and consumes its
 * maximal valid prefix. Sets *cut when the sequence was valid so far but
 * the data ended. */
#define BAD_CP 0x110000u /* above Unicode: ng_utf8_encode writes U+FFFD */

static inline size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp, bool *cut)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t need;
    uint32_t v;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; v = c & 0x0F; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; v = c & 0x07; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else { *cp = BAD_CP; return 1; }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= n) { *cut = true; *cp = BAD_CP; return i; }
        if (s[i] < lo || s[i] > hi) { *cp = BAD_CP; return i; }
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return i;
}

typedef struct utf8_stats {
    size_t multi;   /* valid multi-byte sequences */
    size_t invalid; /* invalid sequences, not counting one cut at the end */
    bool cut;       /* the data ends inside a sequence */
    bool clean;     /* valid, and no byte that put_cp would change */
} utf8_stats;

/* Whether the 8 bytes at s are all printable ASCII (0x20..0x7F): then
 * no byte is below 0x20 (subtracting 0x20 from each borrows into its top
 * bit) and none has its top bit set. */
static bool printable_ascii8(const unsigned char *s)
{
    uint64_t x;
    memcpy(&x, s, 8);
    return ((x | (x - 0x2020202020202020ULL)) & 0x8080808080808080ULL) == 0;
}

static utf8_stats utf8_scan(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    utf8_stats st = {0, 0, false, true};
    size_t i = 0;
    while (i < n) {
        /* HTML is mostly ASCII: skip it a word at a time (a byte at a time
         * was 2% of an extract) */
        while (i + 8 <= n && printable_ascii8(s + i)) i += 8;
        if (i >= n) break;
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80) { i++; continue; }
        if (c < 0x20) {
            if (c != '\n' && c != '\t') st.clean = false;
            i++;
            continue;
        }
        uint32_t cp;
        bool cut = false;
        size_t k = utf8_next(s + i, n - i, &cp, &cut);
        if (cp == BAD_CP) {
            st.clean = false;
            if (cut) st.cut = true;
            else st.invalid++;
        } else {
            st.multi++;
        }
        i += k;
    }
    return st;
}

static ng_str decode_utf8(ng_arena *a, const char *data, size_t len, bool *oom)
{
    out o;
    if (!out_begin(a, &o, len)) { *oom = true; return (ng_str){NULL, 0}; }
    const unsigned char *s = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        if (s[i] >= 0x20 && s[i] < 0x80) { o.cr = false; o.p[o.n++] = (char)s[i++]; continue; }
        uint32_t cp;
        bool cut = false;
        i += utf8_next(s + i, len - i, &cp, &cut);
        put_cp(&o, cp);
    }
    return out_end(a, &o, len);
}

/* ---- windows-1252, UTF-16, UTF-32 ------------------------------------------------------ */

/* 0x80..0x9F; 0xA0..0xFF are U+00A0..U+00FF. The five undefined bytes map
 * to the C1 controls of the same value, as in the Encoding Standard. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static ng_str decode_1252(ng_arena *a, const char *data, size_t len, bool *oom)
{
    out o;
    if (!out_begin(a, &o, len)) { *oom = true; return (ng_str){NULL, 0}; }
    const unsigned char *s = (const unsigned char *)data;
    for (size_t i = 0; i < len; i++) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x80) { o.cr = false; o.p[o.n++] = (char)c; continue; }
        put_cp(&o, c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c);
    }
    return out_end(a, &o, len);
}

static ng_str decode_utf16(ng_arena *a, const char *data, size_t len, bool be, bool *oom)
{
    out o;
    if (!out_begin(a, &o, len)) { *oom = true; return (ng_str){NULL, 0}; }
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    while (i + 1 < len) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t l = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
            if (l >= 0xDC00 && l <= 0xDFFF) {
                i += 2;
                put_cp(&o, 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00));
                continue;
            }
        }
        put_cp(&o, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u); /* unpaired surrogates */
    }
    if (i < len) put_cp(&o, BAD_CP); /* odd byte at the end */
    return out_end(a, &o, len);
}

static ng_str decode_utf32(ng_arena *a, const char *data, size_t len, bool be, bool *oom)
{
    out o;
    if (!out_begin(a, &o, len)) { *oom = true; return (ng_str){NULL, 0}; }
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    for (; i + 3 < len; i += 4) {
        uint32_t u = be ? (uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 | (uint32_t)s[i + 2] << 8 | s[i + 3]
                        : (uint32_t)s[i + 3] << 24 | (uint32_t)s[i + 2] << 16 | (uint32_t)s[i + 1] << 8 | s[i];
        put_cp(&o, u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
    }
    if (i < len) put_cp(&o, 0xFFFD);
    return out_end(a, &o, len);
}

/* ---- iconv ------------------------------------------------------------------------------ */

/* Makes room for `need` more output bytes; the buffer is the arena's last
 * allocation, so this usually grows in place. */
static bool iconv_room(ng_arena *a, char **buf, size_t *cap, char **op, size_t *out_left, size_t need)
{
    if (*out_left >= need) return true;
    size_t used = (size_t)(*op - *buf);
    if (*cap > SIZE_MAX / 2) return false;
    char *nb = ng_realloc(a, *buf, *cap, *cap * 2);
    if (!nb) return false;
    *buf = nb;
    *cap *= 2;
    *op = nb + used;
    *out_left = *cap - 1 - used;
    return true;
}

/* Converts with iconv into the arena, then cleans the result like any
 * UTF-8. Returns {NULL,0} without *oom when iconv lacks the encoding. */
static ng_str decode_iconv(ng_arena *a, const char *name, const char *data, size_t len, bool *oom)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return (ng_str){NULL, 0};
    /* Enough for every encoding we map except the few that expand one
     * character to two code points; those grow on E2BIG. */
    size_t cap = len > (SIZE_MAX - 64) / 3 ? 0 : len * 3 + 64;
    char *buf = cap ? ng_alloc(a, cap) : NULL;
    char *in = (char *)data, *op = buf;
    size_t in_left = len, out_left = cap ? cap - 1 : 0;
    bool ok = buf != NULL;
    while (ok && in_left) {
        if (iconv(cd, &in, &in_left, &op, &out_left) != (size_t)-1) continue;
        if (errno == E2BIG) { ok = iconv_room(a, &buf, &cap, &op, &out_left, out_left + 64); continue; }
        if (!(ok = iconv_room(a, &buf, &cap, &op, &out_left, 3))) break;
        memcpy(op, "\xEF\xBF\xBD", 3);
        op += 3;
        out_left -= 3;
        if (errno == EILSEQ) { in++; in_left--; } /* skip one byte and resynchronise */
        else in_left = 0; /* EINVAL: the data ends inside a character */
    }
    /* A stateful encoding (ISO-2022-JP) may still owe a reset sequence. */
    while (ok && iconv(cd, NULL, NULL, &op, &out_left) == (size_t)-1 && errno == E2BIG)
        ok = iconv_room(a, &buf, &cap, &op, &out_left, out_left + 64);
    iconv_close(cd);
    if (!ok) { *oom = true; return (ng_str){NULL, 0}; }
    size_t n = (size_t)(op - buf);
    buf[n] = '\0';
    if (utf8_scan(buf, n).clean) return (ng_str){buf, n};
    return decode_utf8(a, buf, n, oom);
}

/* ---- the decision ------------------------------------------------------------------------ */

static const char *sniff(utf8_stats st)
{
    /* A sequence cut at the end is forgiven only when the rest shows UTF-8:
     * a lone "\xe9" at the end is more likely windows-1252 "é". */
    if (st.invalid == 0 && (!st.cut || st.multi > 0)) return "UTF-8";
    if (st.multi >= 4 * (st.invalid + st.cut)) return "UTF-8";
    return "WINDOWS-1252";
}

const char *ng_to_utf8(ng_arena *a, const char *data, size_t len, const char *http_content_type, bool is_html,
                       ng_str *out_str)
{
    const unsigned char *d = (const unsigned char *)data;
    const char *enc = NULL;
    bool from_bom = true;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) enc = "UTF-8", data += 3, len -= 3;
    else if (len >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0) enc = "UTF-32LE", data += 4, len -= 4;
    else if (len >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF) enc = "UTF-32BE", data += 4, len -= 4;
    else if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE) enc = "UTF-16LE", data += 2, len -= 2;
    else if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF) enc = "UTF-16BE", data += 2, len -= 2;
    else from_bom = false;

    if (!enc && http_content_type) enc = charset_from_content(http_content_type, strlen(http_content_type));
    if (!enc && is_html) enc = prescan(data, len);

    bool oom = false;
    ng_str r = {NULL, 0};
    if (same(enc, "UTF-16LE") || same(enc, "UTF-16BE")) {
        r = decode_utf16(a, data, len, same(enc, "UTF-16BE"), &oom);
    } else if (same(enc, "UTF-32LE") || same(enc, "UTF-32BE")) {
        r = decode_utf32(a, data, len, same(enc, "UTF-32BE"), &oom);
    } else {
        utf8_stats st = {0, 0, false, true};
        bool scanned = false;
        /* Any declared single- or multi-byte charset yields to bytes that
         * are valid UTF-8 with multi-byte sequences: legacy text is almost
         * never valid UTF-8 by chance, and a template's stale <meta
         * charset> (or a second, contradicting one) is common. */
        if (!from_bom || same(enc, "UTF-8")) {
            st = utf8_scan(data, len);
            scanned = true;
            if (!enc) enc = sniff(st);
            else if (!from_bom && !same(enc, "UTF-8") && st.invalid == 0 && !st.cut && st.multi > 0) enc = "UTF-8";
        }
        if (same(enc, "UTF-8")) {
            if (scanned && st.clean) {
                *out_str = (ng_str){data, len};
                return NULL;
            }
            r = decode_utf8(a, data, len, &oom);
        } else if (same(enc, "WINDOWS-1252")) {
            r = decode_1252(a, data, len, &oom);
        } else {
            r = decode_iconv(a, enc, data, len, &oom);
            if (!r.ptr && !oom) {
                /* iconv lacks it: sniff instead. */
                st = utf8_scan(data, len);
                if (same(sniff(st), "UTF-8")) {
                    if (st.clean) { *out_str = (ng_str){data, len}; return NULL; }
                    r = decode_utf8(a, data, len, &oom);
                } else {
                    r = decode_1252(a, data, len, &oom);
                }
            }
        }
    }
    if (oom) return "out of memory";
    *out_str = r;
    return NULL;
}
