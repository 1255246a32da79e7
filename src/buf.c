/*
 * buf.c: a malloc'ed growable byte buffer.
 *
 * Used where data must outlive an article's arena or be reused across
 * articles: the read buffer, the decompression buffer, the JSON output.
 * An allocation failure sets `failed` and turns later puts into no-ops, so
 * callers check once at the end instead of after every put.
 */
#include "internal.h"

#include <stdlib.h>

bool ng_buf_reserve(ng_buf *b, size_t need)
{
    if (b->failed) return false;
    if (need + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need + 1) {
        if (cap > SIZE_MAX / 2) { b->failed = true; return false; }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) { b->failed = true; return false; }
    b->data = p;
    b->cap = cap;
    return true;
}

void ng_buf_put(ng_buf *b, const void *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1 || !ng_buf_reserve(b, b->len + n)) { b->failed = true; return; }
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ng_buf_putc(ng_buf *b, char c) { ng_buf_put(b, &c, 1); }

void ng_buf_puts(ng_buf *b, const char *s) { ng_buf_put(b, s, strlen(s)); }

void ng_buf_printf(ng_buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) { ng_buf_put(b, small, (size_t)n); return; }
    if (!ng_buf_reserve(b, b->len + (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void ng_buf_clear(ng_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data) b->data[0] = '\0';
}

void ng_buf_free(ng_buf *b)
{
    free(b->data);
    *b = (ng_buf){0};
}
