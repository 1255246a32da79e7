/*
 * json.c: the response body and its JSON, hand-written because it is
 * small and because every string must be escaped for a browser (<, >, &
 * and U+2028/9 too), which the usual JSON writers do not all do.
 */
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sv_add(sv_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        if (b->max && cap > b->max) cap = b->max;
        if (b->len + n + 1 > cap) { b->failed = true; return; }
        char *d = realloc(b->data, cap);
        if (!d) { b->failed = true; return; }
        b->data = d, b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void sv_adds(sv_buf *b, const char *s) { sv_add(b, s, strlen(s)); }

void sv_printf(sv_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { b->failed = true; return; }
    sv_add(b, tmp, (size_t)n);
}

/* The length of the UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (!n) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))) return 0; /* overlong, surrogate */
    if (n == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))) return 0;
    return n;
}

bool sv_valid_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        if (!n || (n == 1 && (*p < 0x20 || *p == 0x7F))) return false;
        p += n;
    }
    return true;
}

/* Bytes that go into a JSON string as they are: whole UTF-8 sequences
 * other than the escaped ones. They are copied a run at a time (the
 * article's text is most of a response). */
void sv_json_string(sv_buf *b, const char *s)
{
    sv_add(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        while (*p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' && *p != '<' && *p != '>' && *p != '&') p++;
        if (!*p) break;
        size_t n = utf8_len(p);
        const char *escape = NULL;
        char esc[8];
        if (!n) escape = "\\ufffd", n = 1;
        else if (n == 1) {
            unsigned c = *p;
            if (c == '"' || c == '\\') esc[0] = '\\', esc[1] = (char)c, esc[2] = 0, escape = esc;
            else if (c == '\n') escape = "\\n";
            else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7F) snprintf(esc, sizeof esc, "\\u%04x", c), escape = esc;
        } else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            escape = p[2] == 0xA8 ? "\\u2028" : "\\u2029";
        }
        if (escape) {
            sv_add(b, (const char *)run, (size_t)(p - run));
            sv_adds(b, escape);
            run = p + n;
        }
        p += n;
    }
    sv_add(b, (const char *)run, (size_t)(p - run));
    sv_add(b, "\"", 1);
}

/* SQLite writes infinities as "Inf"; JSON has no such number. */
static bool json_number(const char *v)
{
    if (!*v) return false;
    for (const char *p = v; *p; p++)
        if (!strchr("0123456789-+.eE", *p)) return false;
    return true;
}

void sv_json_row(sv_buf *b, const ng_store_row *r)
{
    sv_add(b, "{", 1);
    for (size_t i = 0; i < r->n; i++) {
        if (i) sv_add(b, ",", 1);
        sv_json_string(b, r->names[i]);
        sv_add(b, ":", 1);
        if (!r->values[i]) sv_adds(b, "null");
        else if (r->numeric[i]) sv_adds(b, json_number(r->values[i]) ? r->values[i] : "null");
        else sv_json_string(b, r->values[i]);
    }
    sv_add(b, "}", 1);
}
