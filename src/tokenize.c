/*
 * tokenize.c: the tokenizer, tuned for news English but safe on any script.
 *
 * One left-to-right pass. Each code point gets a class (a table for ASCII,
 * utf8proc's general category plus a few special cases beyond it); the
 * class of the first code point of a token picks a scanner, and scanners
 * look ahead a few bytes at most, so the whole pass is linear. Byte
 * offsets are produced by the scanners; code point offsets are filled in
 * when a token is emitted, by counting lead bytes from the end of the
 * previous token, which is cheap because tokens come in order.
 *
 * Decisions worth knowing (tests/test_text.c pins them down):
 *   - Words are runs of letters, digits and marks of any script. Inner
 *     hyphens join compounds ("well-known", "11th-hour", "COVID-19") and
 *     inner apostrophes stay in the word ("don't", "O'Brien",
 *     "rock'n'roll"). "'s"/"’s" at the end of a word, and a lone
 *     apostrophe after a word ending in s ("soldiers'"), are split off as
 *     possessives, Penn Treebank style, so the contraction "it's" gives
 *     "it" + "'s" as well. A closing single quote is told from a plural
 *     possessive by whether a single quote is open in the current line.
 *   - Numbers start with a digit (or a sign or "." right before one) and
 *     take thousands groups ("11,000"), decimals ("1,000.50"), times
 *     ("12:30"), fractions and slashed dates ("24/7"), and attached
 *     letters ("11th", "1990s", "5bn"). A hyphenated token that starts
 *     with a digit stays a number unless a letter follows a hyphen:
 *     "2025-01-11" is a number, "10-year-old" a word. "5%" and "$5bn"
 *     are split: the symbol is its own token.
 *   - Abbreviations keep their period: a known list ("Dr.", "Jan.",
 *     "etc."), dotted acronyms ("U.S.", "e.g.", "p.m.", "Ph.D.") and
 *     single capital initials ("F."). Deciding whether such a period also
 *     ends a sentence is left to sentences.c.
 *   - Han ideographs are one token each (no dictionary here); runs of
 *     hiragana or of katakana are one token; scripts written without
 *     spaces (Thai, Khmer...) come out as one word per run.
 *   - URLs (scheme:// or www., or a bare domain with a known top-level
 *     domain such as "bbc.co.uk"), e-mail addresses, @handles and
 *     #hashtags are single tokens; trailing sentence punctuation and an
 *     unbalanced closing bracket are left out of URLs.
 *   - Emoji with their modifiers, variation selectors, ZWJ sequences and
 *     flag pairs are one symbol token.
 */
#include "internal.h"
#include "lexicon.h"

#include <utf8proc.h>

const char *ng_token_kind_name(ng_token_kind k)
{
    static const char *const names[] = {"word", "number", "punct", "quote", "possessive", "abbrev",
                                        "url", "email", "handle", "hashtag", "symbol"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "word";
}

/* Character classes. */
enum {
    SP,  /* white space, controls, invisible format characters */
    NL,  /* '\n': also ends an open single quote */
    LE,  /* letter (any script), or a number that is not a decimal digit */
    DI,  /* decimal digit */
    MK,  /* combining mark: extends whatever precedes it */
    JN,  /* ZWJ, ZWNJ, soft hyphen: joins inside words and emoji */
    HAN, /* Han ideograph */
    HIR, /* hiragana */
    KAT, /* katakana */
    PU,  /* other punctuation */
    QU,  /* quotation mark */
    OQ,  /* opening single quote ‘ ‚ */
    AP,  /* ' or ’: apostrophe or single quote */
    HY,  /* - and the Unicode hyphens */
    DT,  /* . */
    CM,  /* , */
    CO,  /* : */
    SL,  /* / */
    AM,  /* & */
    US,  /* _ */
    AT,  /* @ */
    HS,  /* # */
    PL,  /* + */
    MI,  /* − (minus sign) */
    SY   /* symbol */
};

static const unsigned char ascii_class[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, NL, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, PU, QU, HS, SY, SY, AM, AP, PU, PU, SY, PL, CM, HY, DT, SL,
    DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, CO, PU, SY, SY, SY, PU,
    AT, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE,
    LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, PU, SY, PU, SY, US,
    QU, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE,
    LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, PU, SY, PU, SY, SP,
};

static int uclass(uint32_t cp)
{
    switch (cp) {
    case 0x2019: return AP;
    case 0x2018: case 0x201A: return OQ;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x201B: case 0xAB: case 0xBB:
    case 0x2039: case 0x203A: case 0x300C: case 0x300D: case 0x300E: case 0x300F:
    case 0x301D: case 0x301E: case 0x301F: case 0xFF02: case 0xFE41: case 0xFE42: case 0xFE43: case 0xFE44:
        return QU;
    case 0x2010: case 0x2011: return HY;
    case 0x2212: return MI;
    case 0x200C: case 0x200D: case 0xAD: return JN;
    case 0x3005: return HAN;
    case 0x30FB: return PU; /* katakana middle dot separates words */
    case 0x30FC: return KAT; /* prolonged sound mark, also used with hiragana */
    default: break;
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x20000 && cp <= 0x3FFFF))
        return HAN;
    if (cp == 0x3099 || cp == 0x309A) return MK; /* combining voiced sound marks */
    if (cp >= 0x3041 && cp <= 0x309F) return HIR;
    if ((cp >= 0x30A1 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F))
        return KAT;
    if (cp >= 0xE0020 && cp <= 0xE007F) return JN; /* emoji tag sequences */
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return LE;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return MK;
    case UTF8PROC_CATEGORY_ND:
        return DI;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return cp == 0x2028 || cp == 0x2029 || cp == 0x85 ? NL : SP;
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
        return QU;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PO:
        return PU;
    default:
        return SY;
    }
}

typedef struct tk {
    const unsigned char *s;
    size_t n;
    ng_arena *a;
    ng_token *items;
    size_t len, cap;
    size_t cur_b;    /* byte offset up to which code points are counted */
    uint32_t cur_cp; /* code points before cur_b */
    bool squote;     /* a single quote is open in this line */
    bool oom;
} tk;

/* Class of the code point at i, with its length and value. */
static inline int cls_at(const tk *t, size_t i, size_t *len, uint32_t *cpp)
{
    unsigned c = t->s[i];
    if (c < 0x80) {
        *len = 1;
        if (cpp) *cpp = c;
        return ascii_class[c];
    }
    uint32_t cp;
    *len = ng_utf8_decode(t->s + i, t->n - i, &cp);
    if (cpp) *cpp = cp;
    return uclass(cp);
}

static inline int cls_next(const tk *t, size_t i)
{
    size_t l;
    return i < t->n ? cls_at(t, i, &l, NULL) : SP;
}

static inline bool is_wordc(int c) { return c == LE || c == DI || c == MK || c == JN; }
static inline bool is_digit_ascii(unsigned c) { return c - '0' < 10u; }
static inline bool is_upper_ascii(unsigned c) { return c - 'A' < 26u; }
static inline bool is_alnum_ascii(unsigned c) { return (c | 0x20) - 'a' < 26u || c - '0' < 10u; }

static inline uint32_t count_cps(const unsigned char *s, size_t from, size_t to)
{
    uint32_t n = 0;
    for (size_t p = from; p < to; p++) n += (s[p] & 0xC0) != 0x80;
    return n;
}

static void emit(tk *t, size_t bs, size_t be, int kind)
{
    if (t->oom) return;
    if (t->len == t->cap &&
        !ng_vec_reserve(t->a, (void **)&t->items, &t->cap, t->len + 1, sizeof *t->items)) {
        t->oom = true;
        return;
    }
    uint32_t cs = t->cur_cp + count_cps(t->s, t->cur_b, bs);
    uint32_t ce = cs + count_cps(t->s, bs, be);
    t->items[t->len++] = (ng_token){cs, ce, (uint32_t)bs, (uint32_t)be, (uint8_t)kind};
    t->cur_b = be;
    t->cur_cp = ce;
}

/* ---- words and numbers ---------------------------------------------- */

typedef struct run {
    size_t end;
    bool digit_start;   /* first code point is a digit */
    bool letters_only;  /* letters and marks only, no digits or joiners */
    bool hyphen_letter; /* a letter follows some hyphen */
    bool ascii;         /* all ASCII */
    size_t cps;         /* code points */
} run;

/* Scans a word or number starting at i (a letter, digit or mark). */
static void scan_run(const tk *t, size_t i, run *r)
{
    const unsigned char *s = t->s;
    size_t n = t->n, l;
    uint32_t cp;
    int c = cls_at(t, i, &l, &cp);
    r->digit_start = c == DI;
    r->letters_only = c == LE || c == MK;
    r->hyphen_letter = false;
    r->ascii = cp < 0x80;
    r->cps = 0;
    bool numeric = c == DI; /* digits and number separators only so far */
    bool after_hyphen = false;
    for (;;) {
        /* consume the code point at i, of class c */
        if (c == LE) {
            numeric = false;
            if (after_hyphen) r->hyphen_letter = true;
        } else if (c != MK) {
            r->letters_only = false;
        }
        if (cp >= 0x80) r->ascii = false;
        int prev = c;
        i += l;
        r->cps++;
        if (i >= n) break;
        c = cls_at(t, i, &l, &cp);
        if (is_wordc(c)) continue;
        /* a connector, kept only when the run goes on after it */
        size_t l2 = 0;
        uint32_t cp2 = 0;
        int c2 = i + l < n ? cls_at(t, i + l, &l2, &cp2) : SP;
        bool keep = false;
        switch (c) {
        case HY:
            keep = c2 == LE || c2 == DI;
            if (keep) after_hyphen = true;
            break;
        case AP:
            /* "'s" + non-letter is a possessive, split off by the caller */
            if (c2 == LE && (prev == LE || prev == MK)) {
                if ((cp2 == 's' || cp2 == 'S') && !is_wordc(cls_next(t, i + l + 1))) keep = false;
                else keep = true;
            }
            break;
        case DT:
            keep = prev == DI && c2 == DI;
            break;
        case CM:
            /* thousands: exactly three digits follow */
            keep = numeric && prev == DI && i + 4 <= n && is_digit_ascii(s[i + 1]) && is_digit_ascii(s[i + 2]) &&
                   is_digit_ascii(s[i + 3]) && cls_next(t, i + 4) != DI;
            break;
        case CO:
        case SL:
            keep = r->digit_start && prev == DI && c2 == DI;
            break;
        case AM: /* AT&T, P&G */
            keep = i > 0 && is_upper_ascii(s[i - 1]) && i + 1 < n && is_upper_ascii(s[i + 1]);
            break;
        case US:
            keep = is_wordc(c2);
            break;
        default:
            break;
        }
        if (!keep) break;
        if (c != AP) r->letters_only = false;
        if (cp >= 0x80) r->ascii = false;
        i += l;
        r->cps++;
        c = c2;
        l = l2;
        cp = cp2;
    }
    r->end = i;
}

static bool is_abbrev(const unsigned char *w, size_t n)
{
    return ng_abbrev_flags((const char *)w, n) & NG_ABBR_TOKEN;
}

/* Letters in [i, ...) up to a period, at most 2; returns their byte end
 * or 0 if the segment is not 1-2 letters followed by '.'. */
static size_t dotted_segment(const tk *t, size_t i)
{
    size_t count = 0, l;
    while (i < t->n) {
        int c = cls_at(t, i, &l, NULL);
        if (c == MK && count) { i += l; continue; }
        if (c != LE) break;
        if (++count > 2) return 0;
        i += l;
    }
    return count && i < t->n && t->s[i] == '.' ? i : 0;
}

/* "U.S.", "e.g.", "Ph.D.": a short letter run at `start` ending in '.' at
 * `dot`, then at least one more segment. Returns the end or 0. */
static size_t scan_dotted(const tk *t, size_t dot)
{
    size_t p = dot + 1, segs = 1, e;
    while ((e = dotted_segment(t, p)) != 0) {
        segs++;
        p = e + 1;
    }
    return segs >= 2 ? p : 0;
}

/* Where a URL body starting at p ends: at white space or a quote mark,
 * less trailing punctuation and unbalanced closing brackets. */
static size_t url_end(const tk *t, size_t start, size_t p)
{
    const unsigned char *s = t->s;
    size_t n = t->n, l;
    while (p < n) {
        unsigned c = s[p];
        if (c < 0x80) {
            if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\' ||
                c == '^' || c == '{' || c == '}' || c == '|')
                break;
            p++;
            continue;
        }
        uint32_t cp;
        int k = cls_at(t, p, &l, &cp);
        if (k == SP || k == NL || k == QU || k == OQ || k == AP || cp == 0x2026 || (cp >= 0x3000 && cp <= 0x303F) ||
            (cp >= 0xFF01 && cp <= 0xFF0F) || cp == 0x2014 || cp == 0x2013)
            break;
        p += l;
    }
    int paren = 0, bracket = 0;
    for (size_t q = start; q < p; q++) {
        paren += s[q] == '(' ? 1 : s[q] == ')' ? -1 : 0;
        bracket += s[q] == '[' ? 1 : s[q] == ']' ? -1 : 0;
    }
    while (p > start) {
        unsigned c = s[p - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '*') p--;
        else if (c == ')' && paren < 0) { p--; paren++; }
        else if (c == ']' && bracket < 0) { p--; bracket++; }
        else break;
    }
    return p;
}

static bool prefix_ci(const tk *t, size_t i, const char *pre)
{
    size_t k = 0;
    for (; pre[k]; k++)
        if (i + k >= t->n || (t->s[i + k] | 0x20) != (unsigned char)pre[k]) return false;
    return true;
}

/* A URL with a scheme or "www." at i, or 0. */
static size_t scan_url(const tk *t, size_t i)
{
    static const char *const schemes[] = {"https://", "http://", "ftp://", "www."};
    for (size_t k = 0; k < sizeof schemes / sizeof *schemes; k++) {
        size_t pl = strlen(schemes[k]);
        if (prefix_ci(t, i, schemes[k]) && i + pl < t->n && (is_alnum_ascii(t->s[i + pl]) || t->s[i + pl] >= 0x80)) {
            size_t e = url_end(t, i, i + pl);
            return e > i + pl ? e : 0;
        }
    }
    return 0;
}

/* Top-level domains common enough in news to recognise bare domains by.
 * Two-letter codes that are also English words ("in", "it", "us", "me",
 * "no") are left out so that "in.It" (a missing space) stays three tokens. */
static bool known_tld(const unsigned char *w, size_t n)
{
    static const char *const tlds[] = {"com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io",
                                       "co", "uk", "eu", "de", "fr", "ru", "ua", "cn", "jp", "au", "ca", "ch",
                                       "nl", "es", "se", "pl", "tv", "ly", "news", "ai"};
    if (n < 2 || n > 4) return false;
    char low[4];
    for (size_t k = 0; k < n; k++) {
        if ((unsigned)(w[k] | 0x20) - 'a' >= 26u) return false;
        low[k] = (char)(w[k] | 0x20);
    }
    return ng_lex_has(low, n, tlds, NG_LEX_COUNT(tlds));
}

/* "bbc.co.uk/news": ASCII labels from start, the first ending exactly at
 * `dot`, the last a known TLD, then an optional path. Returns end or 0. */
static size_t scan_domain(const tk *t, size_t start, size_t dot)
{
    const unsigned char *s = t->s;
    size_t n = t->n, p = start, last = 0;
    int dots = 0;
    for (;;) {
        size_t ls = p;
        while (p < n && (is_alnum_ascii(s[p]) || s[p] == '-')) p++;
        if (p == ls) return 0;
        if (dots == 0 && p != dot) return 0;
        if (p + 1 < n && s[p] == '.' && is_alnum_ascii(s[p + 1])) {
            dots++;
            p++;
            last = p;
            continue;
        }
        break;
    }
    if (!dots || !known_tld(s + last, p - last)) return 0;
    if (p < n && (is_wordc(cls_next(t, p)) || s[p] == '@')) return 0;
    if (p < n && s[p] == '/') p = url_end(t, start, p);
    return p;
}

static inline bool email_local(unsigned c)
{
    return is_alnum_ascii(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* name@example.com at start, or 0. */
static size_t scan_email(const tk *t, size_t start)
{
    const unsigned char *s = t->s;
    size_t n = t->n, p = start;
    while (p < n && email_local(s[p])) p++;
    if (p == start || p >= n || s[p] != '@' || s[p - 1] == '.') return 0;
    size_t q = p + 1, end = 0;
    int labels = 0;
    for (;;) {
        size_t ls = q;
        while (q < n && (is_alnum_ascii(s[q]) || s[q] == '-')) q++;
        if (q == ls) break;
        labels++;
        if (labels >= 2) end = q;
        if (q + 1 < n && s[q] == '.' && is_alnum_ascii(s[q + 1])) { q++; continue; }
        break;
    }
    return end;
}

static void word_token(tk *t, size_t start, size_t sign_start)
{
    const unsigned char *s = t->s;
    size_t n = t->n;
    run r;
    scan_run(t, start, &r);
    size_t e = r.end;
    int kind = r.digit_start && !r.hyphen_letter ? NG_TOK_NUMBER : NG_TOK_WORD;
    if (sign_start < start) kind = NG_TOK_NUMBER;
    if (e < n && sign_start == start) {
        unsigned c = s[e];
        size_t x;
        if ((c == '@' || c == '.' || c == '%' || c == '+' || c == '-' || c == '_') && s[start] < 0x80 &&
            (x = scan_email(t, start)) > e) {
            emit(t, start, x, NG_TOK_EMAIL);
            return;
        }
        if (c == '.') {
            if (r.letters_only && r.cps <= 2 && (x = scan_dotted(t, e)) != 0) {
                emit(t, start, x, NG_TOK_ABBREV);
                return;
            }
            if (r.ascii && !r.digit_start && e + 1 < n && is_alnum_ascii(s[e + 1]) && (x = scan_domain(t, start, e)) != 0) {
                emit(t, start, x, NG_TOK_URL);
                return;
            }
            if (r.letters_only && !(e + 1 < n && s[e + 1] == '.')) {
                uint32_t cp;
                ng_utf8_decode(s + start, n - start, &cp);
                if (is_abbrev(s + start, e - start) ||
                    (r.cps == 1 && utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU)) {
                    emit(t, start, e + 1, NG_TOK_ABBREV);
                    return;
                }
            }
        }
    }
    emit(t, sign_start, e, kind);
}

/* ---- the rest --------------------------------------------------------- */

/* A symbol with what belongs to it: marks, variation selectors, skin
 * tones, ZWJ-joined parts and the second regional indicator of a flag. */
static size_t symbol_end(const tk *t, size_t i, uint32_t cp, size_t l)
{
    bool ri = cp >= 0x1F1E6 && cp <= 0x1F1FF;
    i += l;
    while (i < t->n) {
        uint32_t c2;
        size_t l2;
        int k = cls_at(t, i, &l2, &c2);
        if (k == MK || (c2 >= 0x1F3FB && c2 <= 0x1F3FF) || (c2 >= 0xE0020 && c2 <= 0xE007F)) {
            i += l2;
        } else if (ri && c2 >= 0x1F1E6 && c2 <= 0x1F1FF) {
            ri = false;
            i += l2;
        } else if (c2 == 0x200D && i + l2 < t->n) {
            size_t l3;
            int k3 = cls_at(t, i + l2, &l3, NULL);
            if (k3 != SY && k3 != LE) break;
            i += l2 + l3;
        } else {
            break;
        }
    }
    return i;
}

static bool is_space_before(const tk *t, size_t i)
{
    if (i == 0) return true;
    size_t p = i - 1;
    while (p > 0 && (t->s[p] & 0xC0) == 0x80) p--;
    size_t l;
    uint32_t cp;
    int c = cls_at(t, p, &l, &cp);
    if (c == SP || c == NL || c == QU || c == OQ) return true;
    if (c == PU) { /* after an opening bracket or a dash */
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        return cat == UTF8PROC_CATEGORY_PS || cat == UTF8PROC_CATEGORY_PD;
    }
    return c == HY;
}

/* '90s, ’80s: an elided century. Returns the end or 0. */
static size_t elided_year(const tk *t, size_t i, size_t l)
{
    const unsigned char *s = t->s;
    size_t p = i + l;
    if (p + 2 > t->n || !is_digit_ascii(s[p]) || !is_digit_ascii(s[p + 1])) return 0;
    p += 2;
    if (p < t->n && (s[p] == 's' || s[p] == 'S')) p++;
    return is_wordc(cls_next(t, p)) ? 0 : p;
}

static void apostrophe(tk *t, size_t i, size_t l)
{
    size_t e = elided_year(t, i, l);
    if (e) {
        emit(t, i, e, NG_TOK_NUMBER);
        return;
    }
    const ng_token *prev = t->len ? &t->items[t->len - 1] : NULL;
    bool attached = prev && prev->bend == i &&
                    (prev->kind == NG_TOK_WORD || prev->kind == NG_TOK_NUMBER || prev->kind == NG_TOK_ABBREV ||
                     prev->kind == NG_TOK_URL || prev->kind == NG_TOK_HANDLE || prev->kind == NG_TOK_HASHTAG);
    if (attached) {
        size_t p = i + l;
        if (p < t->n && (t->s[p] == 's' || t->s[p] == 'S') && !is_wordc(cls_next(t, p + 1))) {
            emit(t, i, p + 1, NG_TOK_POSSESSIVE);
            return;
        }
        unsigned last = t->s[prev->bend - 1];
        if ((last == 's' || last == 'S') && !t->squote && !is_wordc(cls_next(t, p))) {
            emit(t, i, p, NG_TOK_POSSESSIVE);
            return;
        }
        t->squote = false;
        emit(t, i, i + l, NG_TOK_QUOTE);
        return;
    }
    int nc = cls_next(t, i + l);
    if (is_space_before(t, i) && (is_wordc(nc) || nc == HAN || nc == HIR || nc == KAT)) t->squote = true;
    else t->squote = false;
    emit(t, i, i + l, NG_TOK_QUOTE);
}

size_t ng_tokenize_text(ng_arena *a, const char *text, size_t len, ng_token **out)
{
    if (len > UINT32_MAX) len = UINT32_MAX; /* offsets are 32-bit */
    tk t = {(const unsigned char *)text, len, a, NULL, 0, 0, 0, 0, false, false};
    size_t guess = len / 5 + 16;
    t.items = ng_alloc(a, guess * sizeof *t.items);
    t.cap = t.items ? guess : 0;
    const unsigned char *s = t.s;
    size_t n = len, i = 0;
    while (i < n && !t.oom) {
        size_t l;
        uint32_t cp;
        int c = cls_at(&t, i, &l, &cp);
        switch (c) {
        case SP:
            i += l;
            continue;
        case NL:
            t.squote = false;
            i += l;
            continue;
        case LE: case DI: case MK: case JN: {
            size_t e;
            if ((s[i] | 0x20) == 'h' || (s[i] | 0x20) == 'w' || (s[i] | 0x20) == 'f') {
                if ((e = scan_url(&t, i)) != 0) {
                    emit(&t, i, e, NG_TOK_URL);
                    i = e;
                    continue;
                }
            }
            word_token(&t, i, i);
            i = t.cur_b > i ? t.cur_b : i + l;
            continue;
        }
        case HAN: {
            size_t e = i + l, l2;
            while (e < n && cls_at(&t, e, &l2, NULL) == MK) e += l2;
            emit(&t, i, e, NG_TOK_WORD);
            i = e;
            continue;
        }
        case HIR: case KAT: {
            size_t e = i + l, l2;
            int k;
            uint32_t c2;
            /* the prolonged sound mark ー also lengthens hiragana */
            while (e < n && ((k = cls_at(&t, e, &l2, &c2)) == c || k == MK || c2 == 0x30FC)) e += l2;
            emit(&t, i, e, NG_TOK_WORD);
            i = e;
            continue;
        }
        case DT: {
            size_t e = i + 1;
            while (e < n && s[e] == '.') e++;
            if (e == i + 1 && cls_next(&t, e) == DI && is_space_before(&t, i)) {
                word_token(&t, e, i);
                i = t.cur_b;
                continue;
            }
            emit(&t, i, e, NG_TOK_PUNCT);
            i = e;
            continue;
        }
        case HY: case PL: case MI: {
            if (cls_next(&t, i + l) == DI && is_space_before(&t, i)) {
                word_token(&t, i + l, i);
                i = t.cur_b;
                continue;
            }
            size_t e = i + l;
            if (s[i] == '-')
                while (e < n && s[e] == '-') e++;
            emit(&t, i, e, c == HY ? NG_TOK_PUNCT : NG_TOK_SYMBOL);
            i = e;
            continue;
        }
        case AT: {
            size_t e = i + 1;
            while (e < n && (is_alnum_ascii(s[e]) || s[e] == '_' ||
                             (s[e] == '.' && e + 1 < n && (is_alnum_ascii(s[e + 1]) || s[e + 1] == '_') && e > i + 1)))
                e++;
            if (e > i + 1 && !is_wordc(cls_next(&t, e))) {
                emit(&t, i, e, NG_TOK_HANDLE);
            } else {
                e = i + 1;
                emit(&t, i, e, NG_TOK_SYMBOL);
            }
            i = e;
            continue;
        }
        case HS: {
            size_t e = i + 1, l2;
            bool letter = false;
            int k;
            while (e < n && ((k = cls_at(&t, e, &l2, NULL)) == LE || k == DI || k == MK || k == JN || k == US ||
                             k == HAN || k == HIR || k == KAT)) {
                letter |= k == LE || k == HAN || k == HIR || k == KAT;
                e += l2;
            }
            if (!letter) e = i + 1;
            emit(&t, i, e, letter ? NG_TOK_HASHTAG : NG_TOK_SYMBOL);
            i = e;
            continue;
        }
        case AP:
            apostrophe(&t, i, l);
            i += t.cur_b > i ? t.cur_b - i : l;
            continue;
        case OQ: {
            size_t e = elided_year(&t, i, l); /* ‘90s, with the wrong quote */
            if (e) {
                emit(&t, i, e, NG_TOK_NUMBER);
                i = e;
                continue;
            }
            t.squote = true;
            emit(&t, i, i + l, NG_TOK_QUOTE);
            i += l;
            continue;
        }
        case QU:
            emit(&t, i, i + l, NG_TOK_QUOTE);
            i += l;
            continue;
        case SY: case AM: case SL: {
            size_t e = c == SY ? symbol_end(&t, i, cp, l) : i + l;
            emit(&t, i, e, NG_TOK_SYMBOL);
            i = e;
            continue;
        }
        default: /* PU, CM, CO, US */
            emit(&t, i, i + l, NG_TOK_PUNCT);
            i += l;
            continue;
        }
    }
    *out = t.items;
    return t.len;
}
