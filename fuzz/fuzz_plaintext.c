/* libFuzzer target for ng_read_text. Beyond not crashing, it checks the
 * reader's promises: blocks are non-empty and never hold a blank line,
 * and the body's words appear in the input in the same order (the reader
 * may drop header and furniture words, but never invents or reorders). */
#include "internal.h"

#include <stdlib.h>

static bool word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Next ASCII-alphanumeric word at or after *pos (non-ASCII bytes are
 * separators here, so trimming Unicode spaces cannot split a word). */
static bool next(const char *s, size_t n, size_t *pos, const char **w, size_t *wl)
{
    size_t i = *pos;
    while (i < n && !word_byte((unsigned char)s[i])) i++;
    if (i >= n) return false;
    size_t st = i;
    while (i < n && word_byte((unsigned char)s[i])) i++;
    *w = s + st;
    *wl = i - st;
    *pos = i;
    return true;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *text = (const char *)data;
    if (!ng_utf8_valid(text, size) || memchr(text, '\r', size)) return 0; /* the reader's contract */
    ng_arena a;
    ng_arena_init(&a, (size_t)64 << 20);
    ng_article art;
    memset(&art, 0, sizeof art);
    const char *err = ng_read_text(&a, text, size, &art);
    if (err && strcmp(err, "out of memory") != 0) abort();
    if (!err) {
        size_t ipos = 0;
        for (size_t b = 0; b < art.blocks.len; b++) {
            ng_str t = art.blocks.items[b].text;
            if (!t.len || !ng_utf8_valid(t.ptr, t.len)) abort();
            for (size_t i = 0; i + 1 < t.len; i++)
                if (t.ptr[i] == '\n' && t.ptr[i + 1] == '\n') abort();
            size_t bpos = 0, wl, il;
            const char *w, *iw;
            while (next(t.ptr, t.len, &bpos, &w, &wl)) {
                bool found = false;
                while (next(text, size, &ipos, &iw, &il))
                    if (il == wl && memcmp(iw, w, wl) == 0) { found = true; break; }
                if (!found) abort(); /* a body word not in the input, in order */
            }
        }
        if (!art.is_article && !art.not_article_reason.ptr) abort();
    }
    ng_arena_free(&a);
    return 0;
}
