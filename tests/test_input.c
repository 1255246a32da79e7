/* Unit tests for the input stages: WARC and JSON Lines splitting, and the
 * conversion of documents to UTF-8. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <zlib.h>

/* ---- collecting callbacks ------------------------------------------------ */

#define MAXREC 16
typedef struct got {
    int n, nbad;
    long number[MAXREC], bad_number[MAXREC];
    char type[MAXREC][32], uri[MAXREC][128], date[MAXREC][40], ct[MAXREC][64];
    char payload[MAXREC][512];
    size_t payload_len[MAXREC];
    int status[MAXREC];
    char reason[MAXREC][200];
    char url[MAXREC][64], html[MAXREC][64], text[MAXREC][64], published[MAXREC][40], title[MAXREC][64];
    bool has_html[MAXREC], has_text[MAXREC];
} got;

static void copy(char *dst, size_t cap, ng_str s)
{
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    if (n) memcpy(dst, s.ptr, n);
    dst[n] = '\0';
}

static void on_warc(void *ud, const ng_warc_record *r)
{
    got *g = ud;
    if (g->n >= MAXREC) return;
    int i = g->n++;
    g->number[i] = r->number;
    copy(g->type[i], sizeof g->type[i], r->type);
    copy(g->uri[i], sizeof g->uri[i], r->target_uri);
    copy(g->date[i], sizeof g->date[i], r->date);
    copy(g->ct[i], sizeof g->ct[i], r->content_type);
    copy(g->payload[i], sizeof g->payload[i], (ng_str){r->payload, r->payload_len});
    g->payload_len[i] = r->payload_len;
    g->status[i] = r->http_status;
}

static void on_bad(void *ud, long number, const char *reason)
{
    got *g = ud;
    if (g->nbad >= MAXREC) return;
    int i = g->nbad++;
    g->bad_number[i] = number;
    snprintf(g->reason[i], sizeof g->reason[i], "%s", reason);
}

static void on_jsonl(void *ud, const ng_jsonl_record *r)
{
    got *g = ud;
    if (g->n >= MAXREC) return;
    int i = g->n++;
    g->number[i] = r->number;
    copy(g->url[i], sizeof g->url[i], r->url);
    copy(g->html[i], sizeof g->html[i], r->html);
    copy(g->text[i], sizeof g->text[i], r->text);
    copy(g->published[i], sizeof g->published[i], r->published);
    copy(g->title[i], sizeof g->title[i], r->title);
    g->has_html[i] = r->html.ptr != NULL;
    g->has_text[i] = r->text.ptr != NULL;
}

/* ---- WARC builders --------------------------------------------------------- */

typedef struct sb { char *p; size_t n, cap; } sb;

static void sb_put(sb *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}
static void sb_puts(sb *b, const char *s) { sb_put(b, s, strlen(s)); }

/* Appends one record; `eol` is "\r\n" or "\n". */
static void warc_add(sb *b, const char *type, const char *uri, const void *block, size_t n, const char *eol)
{
    char h[512];
    snprintf(h, sizeof h, "WARC/1.1%sWARC-Type: %s%sWARC-Date: 2025-01-11T12:00:00Z%sWARC-Record-ID: <urn:uuid:x>%s",
             eol, type, eol, eol, eol);
    sb_puts(b, h);
    if (uri) { snprintf(h, sizeof h, "WARC-Target-URI: %s%s", uri, eol); sb_puts(b, h); }
    snprintf(h, sizeof h, "Content-Type: application/http; msgtype=response%sContent-Length: %zu%s%s", eol, n, eol, eol);
    sb_puts(b, h);
    sb_put(b, block, n);
    sb_puts(b, eol);
    sb_puts(b, eol);
}

static got *run_warc(ng_arena *a, const char *data, size_t len, int *nbad)
{
    got *g = calloc(1, sizeof *g);
    *nbad = ng_warc_each(a, data, len, on_warc, on_bad, g);
    return g;
}

TEST(warc_mixed_records)
{
    sb b = {0};
    warc_add(&b, "warcinfo", NULL, "software: test\r\n", 16, "\r\n");
    const char *req = "GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n";
    warc_add(&b, "request", "http://example.com/a", req, strlen(req), "\r\n");
    const char *r1 = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>One</p>";
    warc_add(&b, "response", "http://example.com/a", r1, strlen(r1), "\r\n");
    const char *r2 = "HTTP/1.0 404 Not Found\r\ncontent-type: text/html\r\n\r\n<p>Two</p>";
    warc_add(&b, "response", "<http://example.com/b>", r2, strlen(r2), "\r\n");
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    got *g = run_warc(&a, b.p, b.n, &nbad);
    CHECK_INT(nbad, 0);
    CHECK_INT(g->n, 4);
    CHECK_STR(g->type[0], "warcinfo");
    CHECK_STR(g->payload[0], "software: test\r\n");
    CHECK_STR(g->type[1], "request");
    CHECK_INT(g->status[1], 0);
    CHECK_STR(g->type[2], "response");
    CHECK_INT(g->number[2], 3);
    CHECK_STR(g->uri[2], "http://example.com/a");
    CHECK_STR(g->date[2], "2025-01-11T12:00:00Z");
    CHECK_STR(g->ct[2], "text/html; charset=utf-8");
    CHECK_STR(g->payload[2], "<p>One</p>");
    CHECK_INT(g->status[2], 200);
    CHECK_STR(g->uri[3], "http://example.com/b"); /* WARC 1.0 angle brackets dropped */
    CHECK_STR(g->ct[3], "text/html");
    CHECK_INT(g->status[3], 404);
    CHECK_INT(g->number[3], 4);
    free(g);
    free(b.p);
    ng_arena_free(&a);
}

TEST(warc_bare_newlines)
{
    sb b = {0};
    const char *r1 = "HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>LF</p>";
    warc_add(&b, "response", "http://example.com/lf", r1, strlen(r1), "\n");
    warc_add(&b, "response", "http://example.com/lf2", r1, strlen(r1), "\n");
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    got *g = run_warc(&a, b.p, b.n, &nbad);
    CHECK_INT(nbad, 0);
    CHECK_INT(g->n, 2);
    CHECK_STR(g->payload[0], "<p>LF</p>");
    CHECK_STR(g->ct[0], "text/html");
    CHECK_STR(g->uri[1], "http://example.com/lf2");
    free(g);
    free(b.p);
    ng_arena_free(&a);
}

TEST(warc_chunked)
{
    sb b = {0};
    const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"
                    "5\r\n<p>He\r\n7;ext=1\r\nllo</p>\r\n0\r\n\r\n";
    warc_add(&b, "response", "http://example.com/c", r, strlen(r), "\r\n");
    /* Stored dechunked with the header kept: passed on as it is. */
    const char *r2 = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>Plain</p>";
    warc_add(&b, "response", "http://example.com/d", r2, strlen(r2), "\r\n");
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    got *g = run_warc(&a, b.p, b.n, &nbad);
    CHECK_INT(nbad, 0);
    CHECK_INT(g->n, 2);
    CHECK_STR(g->payload[0], "<p>Hello</p>");
    CHECK_STR(g->payload[1], "<p>Plain</p>");
    free(g);
    free(b.p);
    ng_arena_free(&a);
}

static size_t gzip_bytes(const char *s, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)s;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    size_t len = z.total_out;
    deflateEnd(&z);
    return len;
}

TEST(warc_gzip_content_encoding)
{
    const char *body = "<html><body><p>Compressed body</p></body></html>";
    unsigned char gz[512];
    size_t gn = gzip_bytes(body, strlen(body), gz, sizeof gz);
    sb block = {0};
    sb_puts(&block, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n");
    sb_put(&block, gz, gn);
    sb b = {0};
    warc_add(&b, "response", "http://example.com/gz", block.p, block.n, "\r\n");
    /* gzip and chunked together, the chunk boundary inside the gzip data. */
    sb block2 = {0};
    char line[32];
    sb_puts(&block2, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
    snprintf(line, sizeof line, "%zx\r\n", (size_t)10);
    sb_puts(&block2, line);
    sb_put(&block2, gz, 10);
    snprintf(line, sizeof line, "\r\n%zx\r\n", gn - 10);
    sb_puts(&block2, line);
    sb_put(&block2, gz + 10, gn - 10);
    sb_puts(&block2, "\r\n0\r\n\r\n");
    warc_add(&b, "response", "http://example.com/gz2", block2.p, block2.n, "\r\n");
    /* Corrupt gzip: reported, and the walk goes on. */
    sb block3 = {0};
    const char corrupt[] = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00garbagegarbagegarbage";
    sb_put(&block3, corrupt, sizeof corrupt - 1);
    warc_add(&b, "response", "http://example.com/bad", block3.p, block3.n, "\r\n");
    warc_add(&b, "response", "http://example.com/after", "HTTP/1.1 200 OK\r\n\r\nok", 21, "\r\n");
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    got *g = run_warc(&a, b.p, b.n, &nbad);
    CHECK_INT(g->n, 3);
    CHECK_STR(g->payload[0], body);
    CHECK_STR(g->payload[1], body);
    CHECK_INT(nbad, 1);
    CHECK_INT(g->bad_number[0], 3);
    CHECK(strstr(g->reason[0], "gzip") != NULL);
    CHECK_STR(g->payload[2], "ok");
    CHECK_INT(g->number[2], 4);
    free(g);
    free(b.p);
    free(block.p);
    free(block2.p);
    free(block3.p);
    ng_arena_free(&a);
}

TEST(warc_truncated)
{
    sb b = {0};
    const char *r = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Good</p>";
    warc_add(&b, "response", "http://example.com/1", r, strlen(r), "\r\n");
    warc_add(&b, "response", "http://example.com/2", r, strlen(r), "\r\n");
    size_t cut = b.n - 20; /* inside the second block */
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    got *g = run_warc(&a, b.p, cut, &nbad);
    CHECK_INT(g->n, 1);
    CHECK_INT(nbad, 1);
    CHECK_INT(g->bad_number[0], 2);
    CHECK(strncmp(g->reason[0], "truncated WARC record (Content-Length 55, 39 bytes left)", 56) == 0);
    free(g);
    /* Cut inside the headers. */
    size_t first = b.n / 2;
    g = run_warc(&a, b.p, first + 40, &nbad);
    CHECK_INT(g->n, 1);
    CHECK_INT(nbad, 1);
    CHECK(strstr(g->reason[0], "truncated WARC record header") != NULL);
    free(g);
    free(b.p);
    ng_arena_free(&a);
}

TEST(warc_bad_content_length_and_junk)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    const char *w1 = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\nHTTP/1.1 200";
    got *g = run_warc(&a, w1, strlen(w1), &nbad);
    CHECK_INT(g->n, 0);
    CHECK_INT(nbad, 1);
    CHECK_INT(g->bad_number[0], 1);
    CHECK_STR(g->reason[0], "invalid Content-Length \"12x\" in WARC record");
    free(g);
    const char *w2 = "WARC/1.0\r\nWARC-Type: response\r\n\r\nabc";
    g = run_warc(&a, w2, strlen(w2), &nbad);
    CHECK_INT(nbad, 1);
    CHECK_STR(g->reason[0], "WARC record without a Content-Length header");
    free(g);
    const char *w3 = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabc\r\n\r\nGARBAGE here\r\n";
    g = run_warc(&a, w3, strlen(w3), &nbad);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->payload[0], "abc");
    CHECK_INT(nbad, 1);
    CHECK_INT(g->bad_number[0], 2);
    CHECK(strstr(g->reason[0], "not a WARC record at byte 59") != NULL);
    free(g);
    const char *w4 = "WARC/1.0\r\nContent-Length: 99999999999999999999999\r\n\r\n";
    g = run_warc(&a, w4, strlen(w4), &nbad);
    CHECK_INT(nbad, 1);
    free(g);
    /* Empty and whitespace-only data have no records and no errors. */
    g = run_warc(&a, "\r\n\r\n", 4, &nbad);
    CHECK_INT(nbad, 0);
    CHECK_INT(g->n, 0);
    free(g);
    ng_arena_free(&a);
}

TEST(warc_constant_memory)
{
    sb b = {0};
    const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n";
    for (int i = 0; i < 5000; i++) warc_add(&b, "response", "http://example.com/", r, strlen(r), "\r\n");
    ng_arena a;
    ng_arena_init(&a, 0);
    int nbad;
    got *g = run_warc(&a, b.p, b.n, &nbad);
    CHECK_INT(nbad, 0);
    CHECK(a.total <= ((size_t)64 << 10)); /* one block, reused */
    free(g);
    free(b.p);
    ng_arena_free(&a);
}

/* ---- JSON Lines -------------------------------------------------------------- */

TEST(jsonl_lines)
{
    const char *data =
        "{\"url\":\"http://a/1\",\"html\":\"<p>One</p>\",\"published\":\"2025-01-11\",\"title\":\"T\"}\r\n"
        "\n"
        "   \r\n"
        "{\"url\":\"http://a/2\",\"html\":\n"
        "{\"url\":\"http://a/3\",\"html\":5}\n"
        "[1,2]\n"
        "{\"url\":\"http://a/4\",\"text\":\"Plain text\",\"published\":null,\"extra\":{\"x\":[1]}}\n"
        "{\"title\":\"no body\"}";
    ng_arena a;
    ng_arena_init(&a, 0);
    got *g = calloc(1, sizeof *g);
    int nbad = ng_jsonl_each(&a, data, strlen(data), 1 << 20, on_jsonl, on_bad, g);
    CHECK_INT(nbad, 3);
    CHECK_INT(g->n, 3);
    CHECK_INT(g->number[0], 1);
    CHECK_STR(g->url[0], "http://a/1");
    CHECK_STR(g->html[0], "<p>One</p>");
    CHECK_STR(g->published[0], "2025-01-11");
    CHECK_STR(g->title[0], "T");
    CHECK(!g->has_text[0]);
    CHECK_INT(g->number[1], 7);
    CHECK_STR(g->text[1], "Plain text");
    CHECK(!g->has_html[1]);
    CHECK_STR(g->published[1], "");
    CHECK_INT(g->number[2], 8); /* neither html nor text: the pipeline decides */
    CHECK_INT(g->bad_number[0], 4);
    CHECK(strncmp(g->reason[0], "invalid JSON at byte ", 21) == 0);
    CHECK_INT(g->bad_number[1], 5);
    CHECK_STR(g->reason[1], "\"html\" must be a string, not a number");
    CHECK_INT(g->bad_number[2], 6);
    CHECK_STR(g->reason[2], "line is an array, not a JSON object");
    free(g);
    ng_arena_free(&a);
}

TEST(jsonl_limit)
{
    const char *data = "{\"text\":\"0123456789012345678901234567890123456789\"}\n{\"text\":\"ok\"}\n";
    ng_arena a;
    ng_arena_init(&a, 0);
    got *g = calloc(1, sizeof *g);
    int nbad = ng_jsonl_each(&a, data, strlen(data), 30, on_jsonl, on_bad, g);
    CHECK_INT(nbad, 1);
    CHECK_INT(g->bad_number[0], 1);
    CHECK(strstr(g->reason[0], "exceeds the size limit of 30 bytes") != NULL);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->text[0], "ok");
    free(g);
    ng_arena_free(&a);
}

/* ---- encodings ----------------------------------------------------------------- */

static ng_str conv(ng_arena *a, const char *data, size_t len, const char *ct, bool html)
{
    ng_str out = {NULL, 0};
    const char *err = ng_to_utf8(a, data, len, ct, html, &out);
    CHECK(err == NULL);
    CHECK(out.ptr != NULL);
    if (out.ptr) CHECK(ng_utf8_valid(out.ptr, out.len));
    return out;
}

/* Does the output contain `want`? (It may not be NUL-terminated.) */
static bool has(ng_str s, const char *want)
{
    size_t k = strlen(want);
    for (size_t i = 0; i + k <= s.len; i++)
        if (memcmp(s.ptr + i, want, k) == 0) return true;
    return false;
}

TEST(enc_fast_path_no_copy)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char *s = "<p>caf\xc3\xa9 \xe2\x80\x94 fine</p>\n";
    ng_str o = conv(&a, s, strlen(s), NULL, true);
    CHECK(o.ptr == s);
    CHECK_INT(o.len, strlen(s));
    ng_arena_free(&a);
}

TEST(enc_windows_1252_sniffed)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char *s = "<p>\x93Quoted\x94 caf\xe9 \x80 5</p>";
    ng_str o = conv(&a, s, strlen(s), NULL, true);
    CHECK_STR(o.ptr, "<p>\xe2\x80\x9cQuoted\xe2\x80\x9d caf\xc3\xa9 \xe2\x82\xac 5</p>");
    ng_arena_free(&a);
}

TEST(enc_latin1_meta)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char *s = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
                    "</head><body>na\xefve \xa9</body></html>";
    ng_str o = conv(&a, s, strlen(s), NULL, true);
    CHECK(has(o, "na\xc3\xafve \xc2\xa9"));
    const char *s2 = "<meta charset='latin1'><p>Z\xfcrich</p>";
    o = conv(&a, s2, strlen(s2), NULL, true);
    CHECK(has(o, "Z\xc3\xbcrich"));
    /* A latin1 label on what is clearly UTF-8: UTF-8 (mislabelled pages). */
    const char *s3 = "<meta charset=iso-8859-1><p>Z\xc3\xbcrich</p>";
    o = conv(&a, s3, strlen(s3), NULL, true);
    CHECK(has(o, "Z\xc3\xbcrich"));
    CHECK(!has(o, "\xc3\x83"));
    ng_arena_free(&a);
}

TEST(enc_meta_after_1024)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    char buf[4000];
    size_t n = 0;
    n += (size_t)sprintf(buf + n, "<html><head><!-- ");
    memset(buf + n, 'x', 1500);
    n += 1500;
    n += (size_t)sprintf(buf + n, " --><title>t</title><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body>");
    ng_str o = conv(&a, buf, n, NULL, true);
    CHECK(has(o, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82")); /* Привет */
    /* A meta inside a comment does not count. */
    const char *s = "<!-- <meta charset=koi8-r> --><p>\xcf\xf0</p>";
    o = conv(&a, s, strlen(s), NULL, true);
    CHECK(has(o, "\xc3\x8f\xc3\xb0")); /* windows-1252 */
    ng_arena_free(&a);
}

TEST(enc_utf16_bom)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    /* "<p>é😀</p>" */
    const char le[] = "\xff\xfe<\0p\0>\0\xe9\0\x3d\xd8\x00\xde<\0/\0p\0>\0";
    ng_str o = conv(&a, le, sizeof le - 1, NULL, true);
    CHECK_STR(o.ptr, "<p>\xc3\xa9\xf0\x9f\x98\x80</p>");
    const char be[] = "\xfe\xff\0<\0p\0>\0\xe9\xd8\x3d\xde\x00\0<\0/\0p\0>";
    o = conv(&a, be, sizeof be - 1, NULL, true);
    CHECK_STR(o.ptr, "<p>\xc3\xa9\xf0\x9f\x98\x80</p>");
    /* Unpaired surrogate and odd trailing byte. */
    const char bad[] = "\xff\xfe" "a\0\x00\xd8" "b\0" "c";
    o = conv(&a, bad, sizeof bad - 1, NULL, false);
    CHECK_STR(o.ptr, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    /* UTF-32LE */
    const char l32[] = "\xff\xfe\0\0h\0\0\0\xe9\0\0\0";
    o = conv(&a, l32, sizeof l32 - 1, NULL, false);
    CHECK_STR(o.ptr, "h\xc3\xa9");
    ng_arena_free(&a);
}

TEST(enc_shift_jis_http)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char *s = "<p>\x93\xfa\x96\x7b\x8c\xea</p>"; /* 日本語 */
    ng_str o = conv(&a, s, strlen(s), "text/html; charset=Shift_JIS", true);
    CHECK_STR(o.ptr, "<p>\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e</p>");
    o = conv(&a, s, strlen(s), "text/html; charset=\"x-sjis\"", true);
    CHECK_STR(o.ptr, "<p>\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e</p>");
    /* The HTTP header beats the meta. */
    const char *s2 = "<meta charset=utf-8><p>\x93\xfa</p>";
    o = conv(&a, s2, strlen(s2), "text/html;charset=sjis", true);
    CHECK(has(o, "\xe6\x97\xa5"));
    /* GB2312 means GBK/gb18030, EUC-KR means windows-949. */
    const char *s3 = "\xd6\xd0\xce\xc4"; /* 中文 */
    o = conv(&a, s3, strlen(s3), "text/plain; charset=gb2312", false);
    CHECK_STR(o.ptr, "\xe4\xb8\xad\xe6\x96\x87");
    /* Invalid bytes in an iconv encoding become U+FFFD. */
    const char *s4 = "a\x81\x20" "b\x93";
    o = conv(&a, s4, strlen(s4), "text/plain; charset=shift_jis", false);
    CHECK(has(o, "\xef\xbf\xbd"));
    CHECK(o.ptr[0] == 'a');
    ng_arena_free(&a);
}

TEST(enc_utf8_bom_and_xml)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char *s = "\xef\xbb\xbf<p>\xc3\xa9</p>";
    ng_str o = conv(&a, s, strlen(s), "text/html; charset=windows-1252", true); /* BOM wins */
    CHECK_STR(o.ptr, "<p>\xc3\xa9</p>");
    CHECK(o.ptr == s + 3);
    const char *x = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><html><p>\xa4</p></html>";
    o = conv(&a, x, strlen(x), NULL, true);
    CHECK(has(o, "\xe2\x82\xac")); /* 0xA4 is the euro sign in latin-9 */
    ng_arena_free(&a);
}

TEST(enc_invalid_utf8)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    /* Declared UTF-8 stays UTF-8; one U+FFFD per maximal subpart. */
    const char *s = "ok \xe2\x80 x \xff \xc3\xa9 \xed\xa0\x80";
    ng_str o = conv(&a, s, strlen(s), "text/plain; charset=utf-8", false);
    CHECK_STR(o.ptr, "ok \xef\xbf\xbd x \xef\xbf\xbd \xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    /* Undeclared, mostly UTF-8 with one stray byte: UTF-8 with U+FFFD. */
    const char *s2 = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \x93";
    o = conv(&a, s2, strlen(s2), NULL, false);
    CHECK_STR(o.ptr, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xef\xbf\xbd");
    /* Cut in the middle of the last character (a truncated payload). */
    const char *s3 = "caf\xc3\xa9 \xe2\x80";
    o = conv(&a, s3, strlen(s3), NULL, false);
    CHECK_STR(o.ptr, "caf\xc3\xa9 \xef\xbf\xbd");
    /* An unknown label falls back to sniffing. */
    o = conv(&a, "caf\xe9", 4, "text/html; charset=bogus-enc", true);
    CHECK_STR(o.ptr, "caf\xc3\xa9");
    ng_arena_free(&a);
}

TEST(enc_controls)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    const char s[] = "a\0b\r\nc\rd\fe\x01\x1b\tf\n";
    ng_str o = conv(&a, s, sizeof s - 1, NULL, false);
    CHECK_STR(o.ptr, "ab\nc\nd\ne\tf\n");
    CHECK_INT(o.len, 11);
    /* Also in windows-1252 and UTF-16. */
    const char w[] = "\x93q\0\x94\r\n";
    o = conv(&a, w, sizeof w - 1, NULL, false);
    CHECK_STR(o.ptr, "\xe2\x80\x9cq\xe2\x80\x9d\n");
    const char u[] = "\xff\xfe" "a\0\0\0\r\0\n\0";
    o = conv(&a, u, sizeof u - 1, NULL, false);
    CHECK_STR(o.ptr, "a\n");
    ng_arena_free(&a);
}

TEST(enc_labels)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    /* ascii and us-ascii are windows-1252 */
    ng_str o = conv(&a, "\x93x\x94", 3, "text/plain; charset=US-ASCII", false);
    CHECK_STR(o.ptr, "\xe2\x80\x9cx\xe2\x80\x9d");
    o = conv(&a, "\xe4", 1, "text/plain; charset=koi8-r", false);
    CHECK_STR(o.ptr, "\xd0\x94"); /* Д */
    o = conv(&a, "\xe9", 1, "text/plain; charset=\" UTF8 \"", false);
    CHECK_STR(o.ptr, "\xef\xbf\xbd");
    /* ISO-2022-JP is stateful. */
    o = conv(&a, "\x1b$B$\"\x1b(B!", 9, "text/plain; charset=iso-2022-jp", false);
    CHECK_STR(o.ptr, "\xe3\x81\x82!");
    /* A meta that says UTF-16 in a byte stream means UTF-8. */
    const char *m = "<meta charset=utf-16><p>\xc3\xa9</p>";
    o = conv(&a, m, strlen(m), NULL, true);
    CHECK(has(o, "\xc3\xa9"));
    ng_arena_free(&a);
}

TEST(enc_empty)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_str o = {NULL, 1};
    CHECK(ng_to_utf8(&a, "", 0, NULL, true, &o) == NULL);
    CHECK_INT(o.len, 0);
    CHECK(ng_to_utf8(&a, "\xff\xfe", 2, NULL, true, &o) == NULL);
    CHECK_INT(o.len, 0);
    ng_arena_free(&a);
}

int main(void)
{
    RUN(warc_mixed_records);
    RUN(warc_bare_newlines);
    RUN(warc_chunked);
    RUN(warc_gzip_content_encoding);
    RUN(warc_truncated);
    RUN(warc_bad_content_length_and_junk);
    RUN(warc_constant_memory);
    RUN(jsonl_lines);
    RUN(jsonl_limit);
    RUN(enc_fast_path_no_copy);
    RUN(enc_windows_1252_sniffed);
    RUN(enc_latin1_meta);
    RUN(enc_meta_after_1024);
    RUN(enc_utf16_bom);
    RUN(enc_shift_jis_http);
    RUN(enc_utf8_bom_and_xml);
    RUN(enc_invalid_utf8);
    RUN(enc_controls);
    RUN(enc_labels);
    RUN(enc_empty);
    return check_report("input");
}
