/*
 * normalize.c: NFC normalisation and white-space cleanup of block text.
 *
 * Both run on every block of every article, so both are built around the
 * common case. News text is nearly always NFC already: ng_nfc() proves that
 * with a quick check and returns its input untouched, with no allocation.
 * The check is conservative (it may flag text that turns out to be NFC),
 * never the other way round: a code point passes only when it has
 * canonical combining class 0, cannot be the second half of a canonical
 * composition, and maps to itself under NFC on its own. Text made only of
 * such code points is NFC, because nothing in it can reorder, decompose or
 * compose. When something is flagged, utf8proc normalises the rest of the
 * string, starting at the last code point known to be a normalisation
 * boundary, so a stray accent at the end of a long paragraph does not cost
 * a full pass; if the result equals the input we still return the input.
 *
 * ng_clean_space() always copies (block text need not be NUL-terminated)
 * and works as a small state machine: visible characters are copied, and
 * white space only sets a pending separator that is written before the
 * next visible character. A pending line break wins over a pending space,
 * which collapses "  \n \n  " to one "\n" and trims both ends for free.
 */
#include "internal.h"

#include <stdlib.h>
#include <utf8proc.h>

/* True if NFC maps cp, taken alone, to itself. Needed only for code points
 * with a canonical decomposition: most (é, ñ) compose straight back, but
 * singletons (U+212B ANGSTROM SIGN) and composition exclusions do not. */
static bool nfc_fixed_point(uint32_t cp)
{
    utf8proc_int32_t buf[32];
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 32,
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_STABLE, &boundclass);
    if (n < 1 || n > 32) return false;
    n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    return n == 1 && (uint32_t)buf[0] == cp;
}

/* True if cp might change under NFC, or might change its neighbours. */
static bool nfc_suspect(uint32_t cp)
{
    /* Nothing below the combining diacritics block decomposes into
     * something that fails to recompose, and nothing there combines. */
    if (cp < 0x300) return false;
    /* Precomposed Hangul is NFC; the jamo that could attach to it are
     * caught below, so skip the algorithmic decomposition check. */
    if (cp >= 0xAC00 && cp <= 0xD7A3) return false;
    if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2)) return true;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (p->combining_class) return true;
    /* utf8proc marks code points that can be the second of a composition
     * pair with the high bit of comb_index (0xFFFF means "none"). */
    if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000)) return true;
    if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) return !nfc_fixed_point(cp);
    return false;
}

ng_str ng_nfc(ng_arena *a, ng_str s)
{
    if (!s.ptr || !s.len) return s;
    const unsigned char *u = (const unsigned char *)s.ptr;
    size_t n = s.len, i = 0;
    size_t boundary = 0; /* start of the last code point that passed the check */
    uint32_t last_ok = 0;  /* a one-entry cache: accented text repeats letters */
    for (;;) {
        /* ASCII eight bytes at a time: it is the bulk of most text. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        while (i < n && u[i] < 0x80) i++;
        if (i >= n) return s;
        uint32_t cp;
        size_t l = ng_utf8_decode(u + i, n - i, &cp);
        if (cp != last_ok && nfc_suspect(cp)) break;
        last_ok = cp;
        i += l;
    }
    /* u[i] is suspect. The code point before it passed, so it is a starter
     * that nothing before it can combine with: a safe place to restart. */
    if (i > 0) {
        boundary = i - 1;
        while (boundary > 0 && (u[boundary] & 0xC0) == 0x80) boundary--;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map(u + boundary, (utf8proc_ssize_t)(n - boundary), &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) { /* invalid UTF-8: the contract excludes it; leave it alone */
        free(out);
        return s;
    }
    size_t rn = (size_t)r;
    if (boundary + rn == n && memcmp(u + boundary, out, rn) == 0) {
        free(out);
        return s;
    }
    char *dst = ng_alloc(a, boundary + rn + 1);
    if (dst) {
        memcpy(dst, u, boundary);
        memcpy(dst + boundary, out, rn);
        dst[boundary + rn] = '\0';
    }
    free(out);
    return dst ? (ng_str){dst, boundary + rn} : (ng_str){NULL, 0};
}

enum { KEEP, SPACE, NEWLINE, DROP };

/* What cleanup does with a non-ASCII code point. C1 controls are noise
 * from mis-decoded pages; NEL and the Unicode line/paragraph separators
 * are line breaks; zero-width characters that only hint at line breaking
 * or hyphenation are dropped so that "inter\u00ADnational" stays a word. */
static int space_class(uint32_t cp)
{
    if (cp < 0xA0) return cp == 0x85 ? NEWLINE : SPACE;
    switch (cp) {
    case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return SPACE;
    case 0x2028: case 0x2029:
        return NEWLINE;
    case 0xAD: case 0x200B: case 0x2060: case 0xFEFF:
        return DROP;
    default:
        return cp >= 0x2000 && cp <= 0x200A ? SPACE : KEEP;
    }
}

ng_str ng_clean_space(ng_arena *a, const char *str, size_t n)
{
    char *o = ng_alloc(a, n + 1);
    if (!o) return (ng_str){NULL, 0};
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, k = 0;
    int pending = KEEP;
    while (i < n) {
        unsigned c = s[i];
        if (c > 0x20 && c < 0x7F) {
            if (pending != KEEP) {
                if (k) o[k++] = pending == NEWLINE ? '\n' : ' ';
                pending = KEEP;
            }
            do o[k++] = (char)s[i++];
            while (i < n && s[i] > 0x20 && s[i] < 0x7F);
            continue;
        }
        if (c < 0x80) { /* white space, and the C0 controls and DEL with it */
            if (c == '\n') pending = NEWLINE;
            else if (pending == KEEP) pending = SPACE;
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = ng_utf8_decode(s + i, n - i, &cp);
        int sc = space_class(cp);
        if (sc == SPACE) {
            if (pending == KEEP) pending = SPACE;
        } else if (sc == NEWLINE) {
            pending = NEWLINE;
        } else if (sc == KEEP) {
            if (pending != KEEP) {
                if (k) o[k++] = pending == NEWLINE ? '\n' : ' ';
                pending = KEEP;
            }
            memcpy(o + k, s + i, l);
            k += l;
        }
        i += l;
    }
    o[k] = '\0';
    return (ng_str){o, k};
}
