/*
 * warc.c: split a WARC file (1.0 or 1.1, already decompressed) into records.
 *
 * A record is a "WARC/1.x" line, header lines, a blank line, exactly
 * Content-Length bytes of block, and "\r\n\r\n". We walk the file once,
 * in place: header values and payloads point into `data`, so a record
 * costs no copy unless its HTTP payload has to be decoded. Line ends may
 * be bare "\n" and the separator between records may be any run of CR/LF
 * (or missing), because real writers get both wrong; the Content-Length,
 * on the other hand, is trusted exactly, since it is the only thing that
 * says where the next record starts. A record whose framing is broken
 * (no Content-Length, a block that runs past the end, junk where a
 * record should start) is reported and ends the walk: after it we cannot
 * know where records begin.
 *
 * For a block that is an HTTP response we parse the status line and
 * headers and hand on the body, decoded the way a browser would see it:
 * "Transfer-Encoding: chunked" is undone (into the scratch arena, as the
 * result is never larger than the input), then "Content-Encoding: gzip"
 * (or zstd) through ng_decompress into a buffer owned by this walk, reused
 * from record to record and dropped when a huge payload has made it big.
 * Both are lenient in the direction crawlers err: a body labelled chunked
 * or gzip that is not (some tools store it decoded but keep the header) is
 * passed on as it is, and a body cut short (WARC-Truncated) keeps what
 * could be decoded. A payload that cannot be decoded at all is reported
 * as a bad record, but the walk goes on, since the framing is intact.
 *
 * The contract gives us no size limit, so decompression is bounded by
 * 100 times the compressed size (at least 1 MiB, at most 256 MiB), which
 * no real page reaches and which keeps a gzip bomb cheap.
 *
 * Memory: the scratch arena is reset before each record and the decode
 * buffer is bounded, so a WARC with any number of records runs in
 * constant memory beyond the input itself.
 */
#include "internal.h"

#define DECODE_MIN ((size_t)1 << 20)
#define DECODE_MAX ((size_t)256 << 20)
#define DECODE_RATIO 100
/* A decode buffer this big is freed after its record rather than kept. */
#define DECODE_KEEP ((size_t)16 << 20)

typedef struct line {
    const char *p;
    size_t n;      /* without the line end */
    size_t next;   /* offset of the next line */
    bool complete; /* a line end was found */
} line;

static line get_line(const char *data, size_t pos, size_t end)
{
    const char *nl = pos < end ? memchr(data + pos, '\n', end - pos) : NULL;
    line l;
    l.p = data + pos;
    l.complete = nl != NULL;
    l.n = nl ? (size_t)(nl - l.p) : end - pos;
    l.next = nl ? (size_t)(nl - data) + 1 : end;
    if (l.n && l.p[l.n - 1] == '\r') l.n--;
    return l;
}


static bool eq_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n != k) return false;
    for (size_t i = 0; i < k; i++)
        if (ng_ascii_lower((unsigned char)s[i]) != (unsigned char)w[i]) return false;
    return true;
}

static bool contains_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && ng_ascii_lower((unsigned char)s[i + j]) == (unsigned char)w[j]) j++;
        if (j == k) return true;
    }
    return false;
}

/* Splits "Name: value" and trims both; false if there is no colon. */
static bool header(line l, ng_str *name, ng_str *value)
{
    const char *colon = memchr(l.p, ':', l.n);
    if (!colon) return false;
    size_t nn = (size_t)(colon - l.p);
    while (nn && (l.p[nn - 1] == ' ' || l.p[nn - 1] == '\t')) nn--;
    const char *v = colon + 1, *e = l.p + l.n;
    while (v < e && (*v == ' ' || *v == '\t')) v++;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t')) e--;
    *name = (ng_str){l.p, nn};
    *value = (ng_str){v, (size_t)(e - v)};
    return true;
}

static bool parse_size(ng_str s, size_t *out)
{
    if (!s.len) return false;
    size_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned d = (unsigned char)s.ptr[i] - '0';
        if (d > 9 || v > (SIZE_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* Undoes chunked transfer coding. Returns false (leaving the payload
 * alone) when the body does not start like a chunked body. A body cut
 * short keeps the chunks that are there. */
static bool dechunk(ng_arena *a, const char *p, size_t n, const char **out, size_t *out_len)
{
    char *o = NULL;
    size_t len = 0, i = 0;
    for (bool first = true;; first = false) {
        size_t size = 0, digits = 0;
        while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
        for (; i < n; i++, digits++) {
            unsigned char c = ng_ascii_lower((unsigned char)p[i]);
            unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a') + 10u : 16u;
            if (d > 15) break;
            if (size > (SIZE_MAX >> 4)) return false;
            size = size << 4 | d;
        }
        if (!digits) {
            if (first) return false;
            break;
        }
        /* Only white space or a chunk extension (";name=value") may follow
         * the size: "1f<html>" is a body stored dechunked, not a chunk. */
        while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
        if (i < n && p[i] != ';' && p[i] != '\r' && p[i] != '\n') {
            if (first) return false;
            break;
        }
        while (i < n && p[i] != '\n') i++;
        if (i >= n) break;
        i++;
        if (size == 0) break; /* the last chunk; trailers are of no interest */
        if (!o) {
            o = ng_alloc(a, n + 1);
            if (!o) return false;
        }
        size_t take = size < n - i ? size : n - i;
        memcpy(o + len, p + i, take);
        len += take;
        i += take;
        if (i < n && p[i] == '\r') i++;
        if (i < n && p[i] == '\n') i++;
        if (i >= n) break;
    }
    if (!o) {
        o = ng_alloc(a, 1);
        if (!o) return false;
    }
    o[len] = '\0';
    *out = o;
    *out_len = len;
    return true;
}

typedef struct walk {
    ng_arena *a;
    ng_buf decoded;
    ng_bad_record_fn bad;
    void *ud;
    int bad_count;
} walk;

static void report(walk *w, long number, const char *reason)
{
    w->bad_count++;
    w->bad(w->ud, number, reason);
}

/* Parses the HTTP response in the block into r. Returns false if the
 * record was reported as bad (its payload cannot be decoded). */
static bool http_response(walk *w, const char *block, size_t n, ng_warc_record *r)
{
    line l = get_line(block, 0, n);
    /* "HTTP/1.1 200 OK": the status is the three digits after the version. */
    size_t i = 5;
    while (i < l.n && l.p[i] != ' ') i++;
    while (i < l.n && l.p[i] == ' ') i++;
    int status = 0, digits = 0;
    for (; i < l.n && l.p[i] >= '0' && l.p[i] <= '9' && digits < 4; i++, digits++) status = status * 10 + (l.p[i] - '0');
    r->http_status = digits == 3 ? status : 0;

    ng_str te = {NULL, 0}, ce = {NULL, 0};
    size_t pos = l.next;
    bool ended = false;
    while (pos < n) {
        l = get_line(block, pos, n);
        pos = l.next;
        if (l.n == 0 && l.complete) { ended = true; break; }
        ng_str name, value;
        if (!header(l, &name, &value)) continue;
        if (eq_ci(name.ptr, name.len, "content-type") && !r->content_type.len) r->content_type = value;
        else if (eq_ci(name.ptr, name.len, "transfer-encoding")) te = value;
        else if (eq_ci(name.ptr, name.len, "content-encoding")) ce = value;
    }
    r->payload = block + (ended ? pos : n);
    r->payload_len = ended ? n - pos : 0;

    if (te.len && contains_ci(te.ptr, te.len, "chunked")) {
        const char *p;
        size_t pn;
        if (dechunk(w->a, r->payload, r->payload_len, &p, &pn)) r->payload = p, r->payload_len = pn;
    }
    if (!ce.len || eq_ci(ce.ptr, ce.len, "identity")) return true;
    const unsigned char *b = (const unsigned char *)r->payload;
    bool gzip = eq_ci(ce.ptr, ce.len, "gzip") || eq_ci(ce.ptr, ce.len, "x-gzip");
    bool zstd = eq_ci(ce.ptr, ce.len, "zstd");
    if (!gzip && !zstd) {
        ng_str why = ng_sprintf(w->a, "unsupported HTTP Content-Encoding \"%.*s\"", (int)(ce.len > 40 ? 40 : ce.len), ce.ptr);
        report(w, r->number, why.ptr ? why.ptr : "unsupported HTTP Content-Encoding");
        return false;
    }
    bool magic = (gzip && r->payload_len >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
                 (zstd && r->payload_len >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd);
    if (!magic) return true; /* stored decoded, header kept */
    size_t limit = r->payload_len > DECODE_MAX / DECODE_RATIO ? DECODE_MAX : r->payload_len * DECODE_RATIO;
    if (limit < DECODE_MIN) limit = DECODE_MIN;
    bool done = false;
    ng_buf_clear(&w->decoded);
    const char *err = ng_decompress(w->a, r->payload, r->payload_len, limit, &w->decoded, &done);
    if (err && !(strncmp(err, "truncated", 9) == 0 && w->decoded.len > 0)) {
        ng_str why = strncmp(err, "decompressed size exceeds", 25) == 0
                         ? ng_sprintf(w->a, "%s HTTP payload expands beyond %zu bytes", gzip ? "gzip" : "zstd", limit)
                         : ng_sprintf(w->a, "HTTP payload (Content-Encoding %s): %s", gzip ? "gzip" : "zstd", err);
        report(w, r->number, why.ptr ? why.ptr : err);
        return false;
    }
    r->payload = w->decoded.data ? w->decoded.data : "";
    r->payload_len = w->decoded.len;
    return true;
}

/* A printable excerpt of the bytes at p, for error messages. */
static ng_str excerpt(ng_arena *a, const char *p, size_t n)
{
    char buf[24];
    size_t k = 0;
    for (; k < n && k < 20 && p[k] != '\n' && p[k] != '\r'; k++)
        buf[k] = p[k] >= 0x20 && p[k] < 0x7f && p[k] != '"' ? p[k] : '.';
    return ng_strndup(a, buf, k);
}

int ng_warc_each(ng_arena *a, const char *data, size_t len, ng_warc_fn fn, ng_bad_record_fn bad, void *ud)
{
    walk w = {a, {NULL, 0, 0, false}, bad, ud, 0};
    long number = 0;
    size_t pos = 0;
    for (;;) {
        while (pos < len && (data[pos] == '\r' || data[pos] == '\n')) pos++;
        if (pos >= len) break;
        number++;
        ng_arena_reset(a);
        if (len - pos < 6 || memcmp(data + pos, "WARC/", 5) != 0 || data[pos + 5] < '0' || data[pos + 5] > '9') {
            ng_str ex = excerpt(a, data + pos, len - pos);
            ng_str why = ng_sprintf(a, "not a WARC record at byte %zu (\"%s\"): expected \"WARC/1.0\" or \"WARC/1.1\"",
                                    pos, ex.ptr ? ex.ptr : "");
            report(&w, number, why.ptr ? why.ptr : "not a WARC record");
            break;
        }
        ng_warc_record r;
        memset(&r, 0, sizeof r);
        r.number = number;
        ng_str clen = {NULL, 0};
        bool have_clen = false, ended = false;
        line l = get_line(data, pos, len);
        size_t hp = l.next;
        while (l.complete && hp < len) {
            l = get_line(data, hp, len);
            hp = l.next;
            if (l.n == 0 && l.complete) { ended = true; break; }
            ng_str name, value;
            if (l.n && (l.p[0] == ' ' || l.p[0] == '\t')) continue; /* folded continuation: not for our fields */
            if (!header(l, &name, &value)) continue;
            if (eq_ci(name.ptr, name.len, "content-length")) clen = value, have_clen = true;
            else if (eq_ci(name.ptr, name.len, "warc-type")) r.type = value;
            else if (eq_ci(name.ptr, name.len, "warc-target-uri")) r.target_uri = value;
            else if (eq_ci(name.ptr, name.len, "warc-date")) r.date = value;
            else if (eq_ci(name.ptr, name.len, "content-type")) r.content_type = value;
        }
        if (!ended) {
            ng_str why = ng_sprintf(a, "truncated WARC record header (%zu bytes left, no blank line after the headers)",
                                    len - pos);
            report(&w, number, why.ptr ? why.ptr : "truncated WARC record header");
            break;
        }
        size_t n;
        if (!have_clen) {
            report(&w, number, "WARC record without a Content-Length header");
            break;
        }
        if (!parse_size(clen, &n)) {
            ng_str why = ng_sprintf(a, "invalid Content-Length \"%.*s\" in WARC record", (int)(clen.len > 40 ? 40 : clen.len), clen.ptr);
            report(&w, number, why.ptr ? why.ptr : "invalid Content-Length in WARC record");
            break;
        }
        if (n > len - hp) {
            ng_str why = ng_sprintf(a, "truncated WARC record (Content-Length %zu, %zu bytes left)", n, len - hp);
            report(&w, number, why.ptr ? why.ptr : "truncated WARC record");
            break;
        }
        /* WARC 1.0 wrote the URI in angle brackets. */
        if (r.target_uri.len >= 2 && r.target_uri.ptr[0] == '<' && r.target_uri.ptr[r.target_uri.len - 1] == '>')
            r.target_uri = (ng_str){r.target_uri.ptr + 1, r.target_uri.len - 2};
        const char *block = data + hp;
        pos = hp + n;
        bool ok = true;
        if (n >= 5 && memcmp(block, "HTTP/", 5) == 0) {
            r.content_type = (ng_str){NULL, 0}; /* the WARC one is "application/http" */
            ok = http_response(&w, block, n, &r);
        } else {
            r.payload = block;
            r.payload_len = n;
        }
        if (ok) fn(ud, &r);
        if (w.decoded.cap > DECODE_KEEP) ng_buf_free(&w.decoded);
    }
    ng_buf_free(&w.decoded);
    return w.bad_count;
}
