/*
 * sniff.c: which format is an input?
 *
 * Content decides; the file name only breaks ties. A ".txt" file that
 * starts with "<!DOCTYPE html" is HTML, and a file called "page" that
 * starts with "WARC/1.0" is WARC. JSON Lines is recognised by a first
 * non-blank line that is a JSON object with one of our keys, so a text
 * article that merely begins with "{" stays text.
 */
#include "internal.h"

#include <strings.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Strips compression suffixes: "a.warc.gz" -> checks on "a.warc". */
static bool name_has(const char *name, const char *ext)
{
    if (!name) return false;
    static const char *const comp[] = {"", ".gz", ".zst", ".zstd"};
    char buf[32];
    for (size_t i = 0; i < sizeof comp / sizeof *comp; i++) {
        snprintf(buf, sizeof buf, "%s%s", ext, comp[i]);
        if (ends_with(name, buf)) return true;
    }
    return false;
}

static bool starts_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && strncasecmp(s, w, k) == 0;
}

/* True when the data looks like binary rather than text: many control
 * bytes in the first 4 KiB (NULs in UTF-16 are accounted for by the BOM
 * check before this is called). */
static bool looks_binary(const unsigned char *d, size_t n)
{
    size_t m = n < 4096 ? n : 4096, bad = 0;
    for (size_t i = 0; i < m; i++)
        if ((d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' && d[i] != '\t' && d[i] != '\f') || d[i] == 0x7f) bad++;
    return bad * 10 > m; /* over 10% control bytes */
}

static bool looks_html(const char *s, size_t n)
{
    size_t m = n < 2048 ? n : 2048;
    for (size_t i = 0; i < m; i++) {
        if (s[i] != '<') continue;
        const char *t = s + i + 1;
        size_t r = n - i - 1;
        if (starts_ci(t, r, "!doctype html") || starts_ci(t, r, "html") || starts_ci(t, r, "head") ||
            starts_ci(t, r, "body") || starts_ci(t, r, "meta") || starts_ci(t, r, "title") ||
            starts_ci(t, r, "div") || starts_ci(t, r, "p>") || starts_ci(t, r, "article") ||
            starts_ci(t, r, "!--") || starts_ci(t, r, "?xml") || starts_ci(t, r, "script") ||
            starts_ci(t, r, "link") || starts_ci(t, r, "table") || starts_ci(t, r, "style"))
            return true;
    }
    return false;
}

static bool looks_jsonl(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i >= n || s[i] != '{') return false;
    size_t end = i;
    while (end < n && s[end] != '\n' && end - i < 4096) end++;
    /* One of our keys near the start of the first object. */
    static const char *const keys[] = {"\"html\"", "\"text\"", "\"url\""};
    for (size_t k = 0; k < 3; k++) {
        size_t kl = strlen(keys[k]);
        for (size_t j = i; j + kl <= end; j++)
            if (memcmp(s + j, keys[k], kl) == 0) return true;
    }
    return false;
}

ng_format ng_sniff(const char *name, const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    if (len >= 8 && (memcmp(data, "WARC/1.0", 8) == 0 || memcmp(data, "WARC/1.1", 8) == 0)) return NG_FORMAT_WARC;
    bool utf16 = len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF));
    if (utf16) {
        /* Look for "<" as the first non-space UTF-16 character. */
        size_t lo = d[0] == 0xFF ? 0 : 1;
        for (size_t i = 2; i + 1 < len && i < 400; i += 2) {
            unsigned char c = d[i + lo], z = d[i + 1 - lo];
            if (z != 0) break;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
            return c == '<' ? NG_FORMAT_HTML : NG_FORMAT_TEXT;
        }
        return name_has(name, ".html") || name_has(name, ".htm") ? NG_FORMAT_HTML : NG_FORMAT_TEXT;
    }
    size_t off = (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) ? 3 : 0;
    if (looks_binary(d + off, len - off)) return NG_FORMAT_AUTO;
    if (looks_jsonl(data + off, len - off) && !name_has(name, ".html") && !name_has(name, ".htm")) return NG_FORMAT_JSONL;
    if (looks_html(data + off, len - off)) return NG_FORMAT_HTML;
    if (name_has(name, ".html") || name_has(name, ".htm") || name_has(name, ".xhtml")) return NG_FORMAT_HTML;
    if (name_has(name, ".warc")) return NG_FORMAT_WARC; /* will fail with a clear WARC error */
    if (name_has(name, ".jsonl") || name_has(name, ".ndjson")) return NG_FORMAT_JSONL;
    return NG_FORMAT_TEXT;
}
