/*
 * html.c: the HTML tokenizer and tree builder behind dom.h.
 *
 * One pass over the input, no recursion, no backtracking beyond a tag.
 * The tokenizer follows the HTML5 spec wherever it changes which bytes
 * are text: tag and attribute syntax, comments (including "<!-->" and
 * "--!>"; an unclosed comment swallows the rest, as in browsers), bogus
 * comments, raw text (script, style...), RCDATA (title, textarea),
 * plaintext, character references with the legacy no-';' names and the
 * windows-1252 remap of &#128;-&#159;. It does not implement the script
 * data escape states: "</script" always ends a script.
 *
 * The tree builder is a simplified HTML5 one. It keeps the implied
 * html/head/body structure, the implied end tags that matter for text
 * blocks (p, li, dd/dt, option, table parts, headings) and the spec's
 * scope rules for end tags, so a stray end tag is ignored instead of
 * closing half the page. It has no adoption agency, no foster parenting
 * and no active formatting list: a misnested end tag simply closes the
 * element and whatever is open inside it. Text is never dropped and
 * always stays in source order; the exceptions are the spec's own (an
 * unclosed comment, a tag cut off by the end of input), white space
 * before <body>, and the content of script (but JSON-LD), style, iframe,
 * noembed, noframes and template, which carry no article text.
 *
 * The open-element stack is a fixed array of NG_DOM_MAX_DEPTH entries;
 * an element that would sit at the cap is appended but not pushed, so
 * its would-be children land beside it. Every scan of the stack is
 * bounded by that cap and most are skipped outright thanks to a count of
 * open elements per tag, which keeps hostile nesting linear.
 *
 * Text is accumulated as "pending" and becomes a node only when the tree
 * changes, which merges text split by comments or ignored tags. While the
 * pending text is one contiguous run of the input (the common case) it is
 * not copied until then, so each text byte is copied once.
 */
#include "dom.h"
#include "html_entities.h"

/* ---- tags ---------------------------------------------------------------- */

static const char *const tag_names[NG_TAG_COUNT] = {
#define NG_TAG_NAME(id, name) name,
    NG_TAGS(NG_TAG_NAME)
#undef NG_TAG_NAME
};

ng_tag ng_tag_lookup(const char *s, size_t len)
{
    /* Generated: a switch on length and first byte, then one memcmp. */
    switch (len) {
    case 1:
        switch (s[0]) {
        case 'a': return NG_TAG_A;
        case 'b': return NG_TAG_B;
        case 'i': return NG_TAG_I;
        case 'p': return NG_TAG_P;
        case 'q': return NG_TAG_Q;
        case 's': return NG_TAG_S;
        case 'u': return NG_TAG_U;
        }
        break;
    case 2:
        switch (s[0]) {
        case 'b':
            if (s[1] == 'r') return NG_TAG_BR;
            break;
        case 'd':
            if (s[1] == 'd') return NG_TAG_DD;
            if (s[1] == 'l') return NG_TAG_DL;
            if (s[1] == 't') return NG_TAG_DT;
            break;
        case 'e':
            if (s[1] == 'm') return NG_TAG_EM;
            break;
        case 'h':
            if (s[1] == '1') return NG_TAG_H1;
            if (s[1] == '2') return NG_TAG_H2;
            if (s[1] == '3') return NG_TAG_H3;
            if (s[1] == '4') return NG_TAG_H4;
            if (s[1] == '5') return NG_TAG_H5;
            if (s[1] == '6') return NG_TAG_H6;
            if (s[1] == 'r') return NG_TAG_HR;
            break;
        case 'l':
            if (s[1] == 'i') return NG_TAG_LI;
            break;
        case 'o':
            if (s[1] == 'l') return NG_TAG_OL;
            break;
        case 't':
            if (s[1] == 'd') return NG_TAG_TD;
            if (s[1] == 'h') return NG_TAG_TH;
            if (s[1] == 'r') return NG_TAG_TR;
            if (s[1] == 't') return NG_TAG_TT;
            break;
        case 'u':
            if (s[1] == 'l') return NG_TAG_UL;
            break;
        }
        break;
    case 3:
        switch (s[0]) {
        case 'c':
            if (!memcmp(s + 1, "ol", 2)) return NG_TAG_COL;
            break;
        case 'd':
            if (!memcmp(s + 1, "el", 2)) return NG_TAG_DEL;
            if (!memcmp(s + 1, "iv", 2)) return NG_TAG_DIV;
            break;
        case 'i':
            if (!memcmp(s + 1, "mg", 2)) return NG_TAG_IMG;
            if (!memcmp(s + 1, "ns", 2)) return NG_TAG_INS;
            break;
        case 'm':
            if (!memcmp(s + 1, "ap", 2)) return NG_TAG_MAP;
            break;
        case 'n':
            if (!memcmp(s + 1, "av", 2)) return NG_TAG_NAV;
            break;
        case 'p':
            if (!memcmp(s + 1, "re", 2)) return NG_TAG_PRE;
            break;
        case 's':
            if (!memcmp(s + 1, "ub", 2)) return NG_TAG_SUB;
            if (!memcmp(s + 1, "up", 2)) return NG_TAG_SUP;
            if (!memcmp(s + 1, "vg", 2)) return NG_TAG_SVG;
            break;
        case 'w':
            if (!memcmp(s + 1, "br", 2)) return NG_TAG_WBR;
            break;
        }
        break;
    case 4:
        switch (s[0]) {
        case 'a':
            if (!memcmp(s + 1, "bbr", 3)) return NG_TAG_ABBR;
            if (!memcmp(s + 1, "rea", 3)) return NG_TAG_AREA;
            break;
        case 'b':
            if (!memcmp(s + 1, "ase", 3)) return NG_TAG_BASE;
            if (!memcmp(s + 1, "ody", 3)) return NG_TAG_BODY;
            break;
        case 'c':
            if (!memcmp(s + 1, "ite", 3)) return NG_TAG_CITE;
            if (!memcmp(s + 1, "ode", 3)) return NG_TAG_CODE;
            break;
        case 'f':
            if (!memcmp(s + 1, "ont", 3)) return NG_TAG_FONT;
            if (!memcmp(s + 1, "orm", 3)) return NG_TAG_FORM;
            break;
        case 'h':
            if (!memcmp(s + 1, "ead", 3)) return NG_TAG_HEAD;
            if (!memcmp(s + 1, "tml", 3)) return NG_TAG_HTML;
            break;
        case 'l':
            if (!memcmp(s + 1, "ink", 3)) return NG_TAG_LINK;
            break;
        case 'm':
            if (!memcmp(s + 1, "ain", 3)) return NG_TAG_MAIN;
            if (!memcmp(s + 1, "ark", 3)) return NG_TAG_MARK;
            if (!memcmp(s + 1, "ath", 3)) return NG_TAG_MATH;
            if (!memcmp(s + 1, "enu", 3)) return NG_TAG_MENU;
            if (!memcmp(s + 1, "eta", 3)) return NG_TAG_META;
            break;
        case 's':
            if (!memcmp(s + 1, "pan", 3)) return NG_TAG_SPAN;
            break;
        case 't':
            if (!memcmp(s + 1, "ime", 3)) return NG_TAG_TIME;
            break;
        }
        break;
    case 5:
        switch (s[0]) {
        case 'a':
            if (!memcmp(s + 1, "side", 4)) return NG_TAG_ASIDE;
            if (!memcmp(s + 1, "udio", 4)) return NG_TAG_AUDIO;
            break;
        case 'e':
            if (!memcmp(s + 1, "mbed", 4)) return NG_TAG_EMBED;
            break;
        case 'f':
            if (!memcmp(s + 1, "rame", 4)) return NG_TAG_FRAME;
            break;
        case 'i':
            if (!memcmp(s + 1, "nput", 4)) return NG_TAG_INPUT;
            break;
        case 'l':
            if (!memcmp(s + 1, "abel", 4)) return NG_TAG_LABEL;
            break;
        case 'p':
            if (!memcmp(s + 1, "aram", 4)) return NG_TAG_PARAM;
            break;
        case 's':
            if (!memcmp(s + 1, "mall", 4)) return NG_TAG_SMALL;
            if (!memcmp(s + 1, "tyle", 4)) return NG_TAG_STYLE;
            break;
        case 't':
            if (!memcmp(s + 1, "able", 4)) return NG_TAG_TABLE;
            if (!memcmp(s + 1, "body", 4)) return NG_TAG_TBODY;
            if (!memcmp(s + 1, "foot", 4)) return NG_TAG_TFOOT;
            if (!memcmp(s + 1, "head", 4)) return NG_TAG_THEAD;
            if (!memcmp(s + 1, "itle", 4)) return NG_TAG_TITLE;
            if (!memcmp(s + 1, "rack", 4)) return NG_TAG_TRACK;
            break;
        case 'v':
            if (!memcmp(s + 1, "ideo", 4)) return NG_TAG_VIDEO;
            break;
        }
        break;
    case 6:
        switch (s[0]) {
        case 'b':
            if (!memcmp(s + 1, "utton", 5)) return NG_TAG_BUTTON;
            break;
        case 'c':
            if (!memcmp(s + 1, "anvas", 5)) return NG_TAG_CANVAS;
            if (!memcmp(s + 1, "enter", 5)) return NG_TAG_CENTER;
            break;
        case 'd':
            if (!memcmp(s + 1, "ialog", 5)) return NG_TAG_DIALOG;
            break;
        case 'f':
            if (!memcmp(s + 1, "igure", 5)) return NG_TAG_FIGURE;
            if (!memcmp(s + 1, "ooter", 5)) return NG_TAG_FOOTER;
            break;
        case 'h':
            if (!memcmp(s + 1, "eader", 5)) return NG_TAG_HEADER;
            break;
        case 'i':
            if (!memcmp(s + 1, "frame", 5)) return NG_TAG_IFRAME;
            break;
        case 'o':
            if (!memcmp(s + 1, "bject", 5)) return NG_TAG_OBJECT;
            if (!memcmp(s + 1, "ption", 5)) return NG_TAG_OPTION;
            break;
        case 's':
            if (!memcmp(s + 1, "cript", 5)) return NG_TAG_SCRIPT;
            if (!memcmp(s + 1, "elect", 5)) return NG_TAG_SELECT;
            if (!memcmp(s + 1, "ource", 5)) return NG_TAG_SOURCE;
            if (!memcmp(s + 1, "trong", 5)) return NG_TAG_STRONG;
            break;
        }
        break;
    case 7:
        switch (s[0]) {
        case 'a':
            if (!memcmp(s + 1, "ddress", 6)) return NG_TAG_ADDRESS;
            if (!memcmp(s + 1, "rticle", 6)) return NG_TAG_ARTICLE;
            break;
        case 'c':
            if (!memcmp(s + 1, "aption", 6)) return NG_TAG_CAPTION;
            break;
        case 'd':
            if (!memcmp(s + 1, "etails", 6)) return NG_TAG_DETAILS;
            break;
        case 'p':
            if (!memcmp(s + 1, "icture", 6)) return NG_TAG_PICTURE;
            break;
        case 's':
            if (!memcmp(s + 1, "ection", 6)) return NG_TAG_SECTION;
            if (!memcmp(s + 1, "ummary", 6)) return NG_TAG_SUMMARY;
            break;
        }
        break;
    case 8:
        switch (s[0]) {
        case 'f':
            if (!memcmp(s + 1, "ieldset", 7)) return NG_TAG_FIELDSET;
            break;
        case 'n':
            if (!memcmp(s + 1, "oscript", 7)) return NG_TAG_NOSCRIPT;
            break;
        case 't':
            if (!memcmp(s + 1, "emplate", 7)) return NG_TAG_TEMPLATE;
            if (!memcmp(s + 1, "extarea", 7)) return NG_TAG_TEXTAREA;
            break;
        }
        break;
    case 10:
        switch (s[0]) {
        case 'b':
            if (!memcmp(s + 1, "lockquote", 9)) return NG_TAG_BLOCKQUOTE;
            break;
        case 'f':
            if (!memcmp(s + 1, "igcaption", 9)) return NG_TAG_FIGCAPTION;
            break;
        }
        break;
    }
    return NG_TAG_OTHER;
}

/* What the tree builder needs to know about an element. The spec's
 * "special" category limits how far an end tag for an ordinary element
 * may reach; SCOPE elements (html, table, td...) bound every scope. */
enum {
    F_VOID = 1 << 0,     /* never has children */
    F_SPECIAL = 1 << 1,  /* the spec's special category */
    F_SCOPE = 1 << 2,    /* bounds "has an element in scope" */
    F_CLOSES_P = 1 << 3, /* start tag closes an open <p> in button scope */
    F_FORMAT = 1 << 4,   /* formatting element (b, i, a...) */
    F_HEAD = 1 << 5,     /* belongs in <head> when seen before <body> */
    F_RAW_DROP = 1 << 6, /* raw text, content dropped */
    F_RAW_KEEP = 1 << 7, /* raw text, content kept as text (xmp) */
    F_RCDATA = 1 << 8,   /* RCDATA: text with character references */
    F_PLAINTEXT = 1 << 9,
    F_TEMPLATE = 1 << 10, /* content parsed but dropped */
    F_TABLE_PART = 1 << 11, /* end tag uses table scope */
};

#define SP F_SPECIAL
#define CP (F_SPECIAL | F_CLOSES_P)
static const uint16_t tag_flags[NG_TAG_COUNT] = {
    [NG_TAG_A] = F_FORMAT, [NG_TAG_ADDRESS] = CP, [NG_TAG_AREA] = F_VOID | SP,
    [NG_TAG_ARTICLE] = CP, [NG_TAG_ASIDE] = CP, [NG_TAG_B] = F_FORMAT,
    [NG_TAG_BASE] = F_VOID | SP | F_HEAD, [NG_TAG_BLOCKQUOTE] = CP, [NG_TAG_BODY] = SP,
    [NG_TAG_BR] = F_VOID | SP, [NG_TAG_BUTTON] = SP, [NG_TAG_CAPTION] = SP | F_SCOPE | F_TABLE_PART,
    [NG_TAG_CENTER] = CP, [NG_TAG_CODE] = F_FORMAT, [NG_TAG_COL] = F_VOID | SP,
    [NG_TAG_DD] = CP, [NG_TAG_DETAILS] = CP, [NG_TAG_DIALOG] = F_CLOSES_P, [NG_TAG_DIV] = CP,
    [NG_TAG_DL] = CP, [NG_TAG_DT] = CP, [NG_TAG_EM] = F_FORMAT, [NG_TAG_EMBED] = F_VOID | SP,
    [NG_TAG_FIELDSET] = CP, [NG_TAG_FIGCAPTION] = CP, [NG_TAG_FIGURE] = CP, [NG_TAG_FONT] = F_FORMAT,
    [NG_TAG_FOOTER] = CP, [NG_TAG_FORM] = CP, [NG_TAG_FRAME] = F_VOID | SP,
    [NG_TAG_H1] = CP, [NG_TAG_H2] = CP, [NG_TAG_H3] = CP, [NG_TAG_H4] = CP, [NG_TAG_H5] = CP, [NG_TAG_H6] = CP,
    [NG_TAG_HEAD] = SP, [NG_TAG_HEADER] = CP, [NG_TAG_HR] = F_VOID | CP, [NG_TAG_HTML] = SP | F_SCOPE,
    [NG_TAG_I] = F_FORMAT, [NG_TAG_IFRAME] = SP | F_RAW_DROP, [NG_TAG_IMG] = F_VOID | SP,
    [NG_TAG_INPUT] = F_VOID | SP, [NG_TAG_LI] = CP, [NG_TAG_LINK] = F_VOID | SP | F_HEAD,
    [NG_TAG_MAIN] = CP, [NG_TAG_MENU] = CP, [NG_TAG_META] = F_VOID | SP | F_HEAD, [NG_TAG_NAV] = CP,
    [NG_TAG_NOSCRIPT] = SP, [NG_TAG_OBJECT] = SP | F_SCOPE, [NG_TAG_OL] = CP, [NG_TAG_P] = CP,
    [NG_TAG_PARAM] = F_VOID | SP, [NG_TAG_PRE] = CP, [NG_TAG_S] = F_FORMAT,
    [NG_TAG_SCRIPT] = SP | F_HEAD | F_RAW_DROP, [NG_TAG_SECTION] = CP, [NG_TAG_SELECT] = SP,
    [NG_TAG_SMALL] = F_FORMAT, [NG_TAG_SOURCE] = F_VOID | SP, [NG_TAG_STRONG] = F_FORMAT,
    [NG_TAG_STYLE] = SP | F_HEAD | F_RAW_DROP, [NG_TAG_SUMMARY] = CP,
    [NG_TAG_TABLE] = CP | F_SCOPE | F_TABLE_PART, [NG_TAG_TBODY] = SP | F_TABLE_PART,
    [NG_TAG_TD] = SP | F_SCOPE | F_TABLE_PART, [NG_TAG_TEMPLATE] = SP | F_SCOPE | F_HEAD | F_TEMPLATE,
    [NG_TAG_TEXTAREA] = SP | F_RCDATA, [NG_TAG_TFOOT] = SP | F_TABLE_PART,
    [NG_TAG_TH] = SP | F_SCOPE | F_TABLE_PART, [NG_TAG_THEAD] = SP | F_TABLE_PART,
    [NG_TAG_TITLE] = SP | F_HEAD | F_RCDATA, [NG_TAG_TR] = SP | F_TABLE_PART, [NG_TAG_TT] = F_FORMAT,
    [NG_TAG_U] = F_FORMAT, [NG_TAG_UL] = CP, [NG_TAG_WBR] = F_VOID | SP, [NG_TAG_TRACK] = F_VOID | SP,
};

/* Flags for the few spec-relevant names dom.h has no id for. */
static uint16_t other_flags(const char *s, size_t n)
{
    static const struct { const char *name; uint16_t flags; } other[] = {
        {"applet", SP | F_SCOPE}, {"basefont", F_VOID | SP | F_HEAD}, {"bgsound", F_VOID | SP | F_HEAD},
        {"big", F_FORMAT}, {"colgroup", SP}, {"dir", CP}, {"frameset", SP}, {"hgroup", CP},
        {"keygen", F_VOID | SP}, {"listing", CP}, {"marquee", SP | F_SCOPE}, {"nobr", F_FORMAT},
        {"noembed", SP | F_RAW_DROP}, {"noframes", SP | F_HEAD | F_RAW_DROP},
        {"plaintext", CP | F_PLAINTEXT}, {"search", CP}, {"strike", F_FORMAT}, {"xmp", CP | F_RAW_KEEP},
    };
    if (n < 3 || n > 9) return 0;
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (other[i].name[0] == s[0] && !strncmp(other[i].name, s, n) && !other[i].name[n]) return other[i].flags;
    return 0;
}
#undef SP
#undef CP

/* ---- the parser state ---------------------------------------------------- */

typedef struct raw_attr {
    const char *name, *value;
    size_t name_len, value_len;
} raw_attr;

/* Attributes beyond this many on one tag are ignored: it bounds the
 * quadratic duplicate check, and no page needs more. */
#define MAX_ATTRS 256

#define OTHER_BUCKETS 1024

typedef struct parser {
    ng_arena *a;
    const char *s;
    size_t len;
    ng_dom *dom;
    bool oom;
    size_t skip;       /* > 0 inside dropped <template> content: its nesting */
    size_t n_open;     /* stack entries in use; stack[0] is the document */
    struct { ng_node *node; uint32_t hash; uint16_t flags; } stack[NG_DOM_MAX_DEPTH];
    uint32_t open[NG_TAG_COUNT]; /* open elements per tag, to skip hopeless scans */
    uint32_t open_other[OTHER_BUCKETS]; /* the same for unknown names, by name hash */
    bool no_end_tag[NG_TAG_COUNT]; /* no "</name" after some point: later searches fail too */
    const char *raw;   /* pending text while it is one run of the input */
    size_t raw_len;
    NG_VEC(char) pend; /* pending text once it is not */
    NG_VEC(raw_attr) attrs; /* of the current tag */
    /* Duplicate attribute detection for tags with many attributes: an
     * open-addressing set of kept indices, valid where stamp == gen. */
    uint32_t gen;
    uint32_t stamp[2 * MAX_ATTRS];
    uint16_t slot[2 * MAX_ATTRS];
} parser;

static inline bool is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'; }
static inline bool is_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline bool is_alnum(unsigned char c) { return is_alpha(c) || (unsigned char)(c - '0') < 10; }

/* FNV-1a of the lowercased name. */
static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ ng_ascii_lower((unsigned char)s[i])) * 16777619u;
    return h;
}

static ng_str lower_dup(parser *p, const char *s, size_t n)
{
    char *d = ng_alloc(p->a, n + 1);
    if (!d) { p->oom = true; return (ng_str){"", 0}; }
    for (size_t i = 0; i < n; i++) d[i] = (char)ng_ascii_lower((unsigned char)s[i]);
    d[n] = '\0';
    return (ng_str){d, n};
}

/* ---- character references ------------------------------------------------ */

/* WHATWG: &#128;-&#159; mean what windows-1252 puts there (0 = itself). */
static const uint16_t win1252[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
    0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0, 0x017E, 0x0178,
};

static const ng_html_entity *entity_find(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof ng_html_entities / sizeof ng_html_entities[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *name = ng_html_entities[mid].name;
        int c = strncmp(name, s, n);
        if (c == 0) c = name[n] ? 1 : 0;
        if (c == 0) return &ng_html_entities[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* Decodes the character reference at s[0] == '&' (n bytes available) into
 * out (8 bytes room). Returns the bytes written, 0 if it is not a
 * reference (the '&' is then literal); *used gets the bytes consumed.
 * In attributes a legacy name without ';' followed by '=' or an
 * alphanumeric is not a reference, so "?a=1&copy=2" survives. */
static size_t char_ref(const char *s, size_t n, bool in_attr, char *out, size_t *used)
{
    if (n < 2) return 0;
    if (s[1] == '#') {
        size_t i = 2;
        bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex) i++;
        size_t start = i;
        uint32_t v = 0;
        for (; i < n; i++) {
            unsigned c = (unsigned char)s[i], d;
            if (c - '0' < 10) d = c - '0';
            else if (hex && (c | 0x20) - 'a' < 6) d = (c | 0x20) - 'a' + 10;
            else break;
            v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + d;
        }
        if (i == start) return 0;
        if (i < n && s[i] == ';') i++;
        *used = i;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        else if (v >= 0x80 && v <= 0x9F && win1252[v - 0x80]) v = win1252[v - 0x80];
        return ng_utf8_encode(v, out);
    }
    size_t run = 1;
    while (run < n && run <= NG_ENTITY_MAX_LEN && is_alnum((unsigned char)s[run])) run++;
    run--; /* alphanumerics after the '&' */
    if (!run) return 0;
    const ng_html_entity *e = NULL;
    size_t k = 0;
    if (run < NG_ENTITY_MAX_LEN && 1 + run < n && s[1 + run] == ';') {
        e = entity_find(s + 1, run + 1);
        k = run + 2;
    }
    if (!e) {
        for (size_t l = run < NG_ENTITY_MAX_LEGACY_LEN ? run : NG_ENTITY_MAX_LEGACY_LEN; l >= 2 && !e; l--) {
            e = entity_find(s + 1, l);
            k = 1 + l;
        }
        if (!e) return 0;
        if (in_attr && k < n && (s[k] == '=' || is_alnum((unsigned char)s[k]))) return 0;
    }
    *used = k;
    size_t w = ng_utf8_encode(e->cp[0], out);
    if (e->cp[1]) w += ng_utf8_encode(e->cp[1], out + w);
    return w;
}

/* s[0..n) with character references decoded, NUL-terminated, in the arena. */
static ng_str decode_dup(parser *p, const char *s, size_t n, bool in_attr)
{
    const char *amp = memchr(s, '&', n);
    if (!amp) {
        ng_str r = ng_strndup(p->a, s, n);
        if (!r.ptr) { p->oom = true; return (ng_str){"", 0}; }
        return r;
    }
    /* A reference never expands beyond twice its length ("&nGt;" is the worst, 5 -> 6). */
    if (n > (SIZE_MAX - 16) / 2) { p->oom = true; return (ng_str){"", 0}; }
    size_t cap = 2 * n + 8;
    char *d = ng_alloc(p->a, cap);
    if (!d) { p->oom = true; return (ng_str){"", 0}; }
    size_t o = (size_t)(amp - s), i = o;
    memcpy(d, s, o);
    while (i < n) {
        if (s[i] != '&') {
            const char *next = memchr(s + i, '&', n - i);
            size_t m = next ? (size_t)(next - (s + i)) : n - i;
            memcpy(d + o, s + i, m);
            o += m;
            i += m;
            continue;
        }
        size_t used = 0, w = char_ref(s + i, n - i, in_attr, d + o, &used);
        if (w) { o += w; i += used; }
        else d[o++] = s[i++];
    }
    d[o] = '\0';
    char *shrunk = ng_realloc(p->a, d, cap, o + 1); /* gives back the slack: d is the last allocation */
    return (ng_str){shrunk ? shrunk : d, o};
}

/* ---- tree building -------------------------------------------------------- */

static ng_node *new_node(parser *p, ng_node_type type)
{
    ng_node *n = ng_alloc(p->a, sizeof *n);
    if (!n) { p->oom = true; return NULL; }
    memset(n, 0, sizeof *n);
    n->type = (uint8_t)type;
    p->dom->n_nodes++;
    return n;
}

static void append(ng_node *parent, ng_node *child)
{
    child->parent = parent;
    child->depth = (uint16_t)(parent->depth + 1);
    child->prev = parent->last_child;
    if (parent->last_child) parent->last_child->next = child;
    else parent->first_child = child;
    parent->last_child = child;
}

static void add_text(parser *p, ng_node *parent, const char *s, size_t n)
{
    if (!n) return;
    ng_node *last = parent->last_child;
    if (last && last->type == NG_NODE_TEXT) {
        char *d = ng_alloc(p->a, last->text.len + n + 1);
        if (!d) { p->oom = true; return; }
        memcpy(d, last->text.ptr, last->text.len);
        memcpy(d + last->text.len, s, n);
        d[last->text.len + n] = '\0';
        last->text = (ng_str){d, last->text.len + n};
        return;
    }
    ng_node *t = new_node(p, NG_NODE_TEXT);
    if (!t) return;
    t->text = ng_strndup(p->a, s, n);
    if (!t->text.ptr) { p->oom = true; return; }
    append(parent, t);
}

static ng_node *top(parser *p) { return p->stack[p->n_open - 1].node; }

static void pend_put(parser *p, const char *s, size_t n)
{
    if (!ng_vec_reserve(p->a, (void **)&p->pend.items, &p->pend.cap, p->pend.len + n, 1)) { p->oom = true; return; }
    memcpy(p->pend.items + p->pend.len, s, n);
    p->pend.len += n;
}

/* Pending text from the input itself: stays a reference while contiguous. */
static void text_raw(parser *p, const char *s, size_t n)
{
    if (!n) return;
    if (!p->pend.len) {
        if (!p->raw_len) { p->raw = s; p->raw_len = n; return; }
        if (p->raw + p->raw_len == s) { p->raw_len += n; return; }
        pend_put(p, p->raw, p->raw_len);
        p->raw_len = 0;
    }
    pend_put(p, s, n);
}

static void text_bytes(parser *p, const char *s, size_t n)
{
    if (p->raw_len) { pend_put(p, p->raw, p->raw_len); p->raw_len = 0; }
    pend_put(p, s, n);
}

static void flush_text(parser *p)
{
    if (p->raw_len) add_text(p, top(p), p->raw, p->raw_len);
    else if (p->pend.len) add_text(p, top(p), p->pend.items, p->pend.len);
    p->raw_len = 0;
    p->pend.len = 0;
}

static void push(parser *p, ng_node *n, uint16_t flags, uint32_t hash)
{
    p->stack[p->n_open].node = n;
    p->stack[p->n_open].flags = flags;
    p->stack[p->n_open].hash = hash;
    p->n_open++;
    p->open[n->tag]++;
    if (n->tag == NG_TAG_OTHER) p->open_other[hash % OTHER_BUCKETS]++;
}

/* Pops stack[idx] and everything above it. */
static void pop_to(parser *p, size_t idx)
{
    flush_text(p);
    while (p->n_open > idx) {
        p->n_open--;
        ng_tag t = p->stack[p->n_open].node->tag;
        p->open[t]--;
        if (t == NG_TAG_OTHER) p->open_other[p->stack[p->n_open].hash % OTHER_BUCKETS]--;
    }
}

/* The raw attributes of the current tag, lowercased, decoded, first of
 * each name kept. */
static void make_attrs(parser *p, ng_node *n)
{
    size_t count = p->attrs.len;
    if (!count) return;
    ng_attr *out = ng_alloc(p->a, count * sizeof *out);
    if (!out) { p->oom = true; return; }
    uint32_t k = 0;
    bool hashed = count > 8; /* a linear scan is faster below that */
    if (hashed) p->gen++;
    for (size_t i = 0; i < count; i++) {
        const raw_attr *r = &p->attrs.items[i];
        bool dup = false;
        if (!hashed) {
            for (uint32_t j = 0; j < k && !dup; j++)
                if (out[j].name.len == r->name_len && !strncasecmp(out[j].name.ptr, r->name, r->name_len)) dup = true;
        } else {
            size_t at = name_hash(r->name, r->name_len) & (2 * MAX_ATTRS - 1);
            for (; p->stamp[at] == p->gen; at = (at + 1) & (2 * MAX_ATTRS - 1)) {
                const ng_str *o = &out[p->slot[at]].name;
                if (o->len == r->name_len && !strncasecmp(o->ptr, r->name, r->name_len)) { dup = true; break; }
            }
            if (!dup) { p->stamp[at] = p->gen; p->slot[at] = (uint16_t)k; }
        }
        if (dup) continue;
        out[k].name = lower_dup(p, r->name, r->name_len);
        out[k].value = decode_dup(p, r->value, r->value_len, true);
        k++;
    }
    n->attrs = out;
    n->n_attrs = k;
}

/* A second <html> or <body> adds the attributes the first one lacked. */
static void merge_attrs(parser *p, ng_node *n)
{
    if (!p->attrs.len || n->n_attrs >= MAX_ATTRS) return; /* the cap keeps repeated <body>s linear */
    ng_node tmp = {0};
    make_attrs(p, &tmp);
    if (p->oom) return;
    ng_attr *all = ng_alloc(p->a, (n->n_attrs + tmp.n_attrs) * sizeof *all);
    if (!all) { p->oom = true; return; }
    if (n->n_attrs) memcpy(all, n->attrs, n->n_attrs * sizeof *all);
    uint32_t k = n->n_attrs;
    for (uint32_t i = 0; i < tmp.n_attrs; i++) {
        if (ng_node_attr(n, tmp.attrs[i].name.ptr).ptr) continue;
        all[k++] = tmp.attrs[i];
    }
    n->attrs = all;
    n->n_attrs = k;
}

/* Appends a new element for the current tag under `parent` (the current
 * node unless given) and pushes it when `push_it` and the depth cap allow.
 * `name` is the raw tag name. */
static ng_node *insert(parser *p, ng_node *parent, ng_tag tag, uint16_t flags, const char *name, size_t name_len,
                       uint32_t hash, bool push_it)
{
    flush_text(p);
    ng_node *n = new_node(p, NG_NODE_ELEMENT);
    if (!n) return NULL;
    n->tag = (uint16_t)tag;
    if (tag != NG_TAG_OTHER) n->name = (ng_str){tag_names[tag], name_len};
    else n->name = lower_dup(p, name, name_len);
    make_attrs(p, n);
    if (!parent) parent = top(p);
    append(parent, n);
    if (push_it && parent == top(p) && !(flags & F_VOID) && n->depth < NG_DOM_MAX_DEPTH) push(p, n, flags, hash);
    return n;
}

static ng_node *make_implied(parser *p, ng_tag tag, bool push_it)
{
    size_t saved = p->attrs.len;
    p->attrs.len = 0; /* the implied element has none */
    ng_node *n = insert(p, NULL, tag, tag_flags[tag], tag_names[tag], strlen(tag_names[tag]), 0, push_it);
    p->attrs.len = saved;
    return n;
}

static void ensure_html(parser *p)
{
    if (!p->dom->html) p->dom->html = make_implied(p, NG_TAG_HTML, true);
}

static bool head_open(parser *p) { return p->n_open > 2 && p->stack[2].node == p->dom->head; }

/* Anything that belongs in body, seen before <body>: close head, imply body. */
static void start_body(parser *p)
{
    ensure_html(p);
    if (p->oom) return;
    if (!p->dom->head) p->dom->head = make_implied(p, NG_TAG_HEAD, false);
    pop_to(p, 2);
    p->dom->body = make_implied(p, NG_TAG_BODY, true);
}

/* Index of the nearest open element with `tag` (or a heading, for
 * NG_TAG_H1 with `any_heading`), searching down from the current node and
 * stopping at elements with any of `stop` flags or tags in stop_tags; 0 if
 * none. Index 2 (body) and below are never returned. */
static size_t find_open(parser *p, ng_tag tag, uint16_t stop, ng_tag stop1, ng_tag stop2)
{
    if (!p->open[tag]) return 0;
    for (size_t i = p->n_open - 1; i > 2; i--) {
        const ng_node *n = p->stack[i].node;
        if (n->tag == tag) return i;
        if ((p->stack[i].flags & stop) || n->tag == stop1 || n->tag == stop2) return 0;
    }
    return 0;
}

static void close_p(parser *p)
{
    size_t i = find_open(p, NG_TAG_P, F_SCOPE, NG_TAG_BUTTON, NG_TAG_BUTTON);
    if (i) pop_to(p, i);
}

/* <li> closes an open li, <dd>/<dt> an open dd or dt, unless a special
 * element other than address, div or p (a nested list) is in between. */
static void close_list_item(parser *p, ng_tag a, ng_tag b)
{
    if (!p->open[a] && !p->open[b]) return;
    for (size_t i = p->n_open - 1; i > 2; i--) {
        const ng_node *n = p->stack[i].node;
        if (n->tag == a || n->tag == b) { pop_to(p, i); return; }
        if ((p->stack[i].flags & F_SPECIAL) && n->tag != NG_TAG_ADDRESS && n->tag != NG_TAG_DIV &&
            n->tag != NG_TAG_P)
            return;
    }
}

/* A table part start tag closes the open parts of the same or a lower
 * level up to the nearest table: <tr> closes tr/td/th, <td> closes td/th. */
static void close_table_parts(parser *p, int level)
{
    static const ng_tag parts[] = {NG_TAG_TD, NG_TAG_TH, NG_TAG_TR, NG_TAG_TBODY, NG_TAG_THEAD, NG_TAG_TFOOT};
    static const int lv[] = {0, 0, 1, 2, 2, 2};
    bool any = false;
    for (int k = 0; k < 6; k++) any |= lv[k] <= level && p->open[parts[k]];
    if (!any) return;
    size_t found = 0;
    for (size_t i = p->n_open - 1; i > 2; i--) {
        ng_tag t = p->stack[i].node->tag;
        if (t == NG_TAG_TABLE || t == NG_TAG_TEMPLATE) break;
        for (int k = 0; k < 6; k++)
            if (t == parts[k] && lv[k] <= level) found = i;
    }
    if (found) pop_to(p, found);
}

static bool is_heading(ng_tag t) { return t >= NG_TAG_H1 && t <= NG_TAG_H6; }

/* ---- the tokenizer --------------------------------------------------------- */

typedef struct tag_token {
    const char *name;
    size_t name_len;
    ng_tag tag;
    uint16_t flags;
    uint32_t hash; /* of the lowercase name, for NG_TAG_OTHER */
    bool end, self_closing;
} tag_token;

/* Parses the tag at s[i] == '<' (followed by a letter, or '/' and a
 * letter). Attributes go to p->attrs. Returns the position after '>', or
 * 0 when the input ends inside the tag (the spec drops such a tag). */
static size_t parse_tag(parser *p, size_t i, tag_token *t)
{
    const char *s = p->s;
    size_t len = p->len;
    t->end = s[i + 1] == '/';
    size_t j = i + 1 + t->end, start = j;
    while (j < len && !is_ws((unsigned char)s[j]) && s[j] != '/' && s[j] != '>') j++;
    t->name = s + start;
    t->name_len = j - start;
    t->self_closing = false;
    p->attrs.len = 0;
    for (;;) {
        while (j < len && is_ws((unsigned char)s[j])) j++;
        if (j >= len) return 0;
        if (s[j] == '>') { j++; break; }
        if (s[j] == '/') {
            if (j + 1 < len && s[j + 1] == '>') { t->self_closing = true; j += 2; break; }
            j++;
            continue;
        }
        size_t ns = j++; /* a leading '=' belongs to the name */
        while (j < len && !is_ws((unsigned char)s[j]) && s[j] != '/' && s[j] != '>' && s[j] != '=') j++;
        size_t ne = j;
        while (j < len && is_ws((unsigned char)s[j])) j++;
        const char *val = "";
        size_t vlen = 0;
        if (j < len && s[j] == '=') {
            j++;
            while (j < len && is_ws((unsigned char)s[j])) j++;
            if (j >= len) return 0;
            if (s[j] == '"' || s[j] == '\'') {
                const char *q = memchr(s + j + 1, s[j], len - j - 1);
                if (!q) return 0;
                val = s + j + 1;
                vlen = (size_t)(q - val);
                j = (size_t)(q - s) + 1;
            } else if (s[j] != '>') {
                size_t vs = j;
                while (j < len && !is_ws((unsigned char)s[j]) && s[j] != '>') j++;
                val = s + vs;
                vlen = j - vs;
            }
        }
        if (!t->end && p->attrs.len < MAX_ATTRS) {
            raw_attr r = {s + ns, val, ne - ns, vlen};
            if (!NG_VEC_PUSH(p->a, &p->attrs, r)) { p->oom = true; return 0; }
        }
    }
    char low[16];
    t->tag = NG_TAG_OTHER;
    if (t->name_len < sizeof low) {
        for (size_t k = 0; k < t->name_len; k++) low[k] = (char)ng_ascii_lower((unsigned char)t->name[k]);
        t->tag = ng_tag_lookup(low, t->name_len);
    }
    t->flags = t->tag != NG_TAG_OTHER ? tag_flags[t->tag] : other_flags(low, t->name_len < sizeof low ? t->name_len : 0);
    t->hash = 0;
    if (t->tag == NG_TAG_OTHER) t->hash = name_hash(t->name, t->name_len);
    return j;
}

/* Where the raw text of element `name` ends: the '<' of the first
 * "</name" followed by white space, '/' or '>', or len. */
static size_t find_end_tag(const parser *p, size_t i, const char *name, size_t n)
{
    const char *s = p->s;
    while (i < p->len) {
        const char *lt = memchr(s + i, '<', p->len - i);
        if (!lt) break;
        size_t k = (size_t)(lt - s);
        if (k + 2 + n < p->len && s[k + 1] == '/' && !strncasecmp(s + k + 2, name, n)) {
            unsigned char c = (unsigned char)s[k + 2 + n];
            if (is_ws(c) || c == '/' || c == '>') return k;
        }
        i = k + 1;
    }
    return p->len;
}

static bool is_json_ld(const parser *p)
{
    for (size_t i = 0; i < p->attrs.len; i++) {
        const raw_attr *r = &p->attrs.items[i];
        if (r->name_len != 4 || strncasecmp(r->name, "type", 4)) continue;
        const char *v = r->value;
        size_t n = r->value_len;
        while (n && is_ws((unsigned char)*v)) { v++; n--; }
        if (n < 19 || strncasecmp(v, "application/ld+json", 19)) return false;
        return n == 19 || v[19] == ';' || is_ws((unsigned char)v[19]);
    }
    return false;
}

/* Text outside tags, s[i..e) (no '<' inside). */
static void text(parser *p, size_t i, size_t e)
{
    const char *s = p->s;
    if (p->skip) return;
    if (!p->dom->body) {
        while (i < e && is_ws((unsigned char)s[i])) i++; /* white space before body is dropped */
        if (i == e) return;
        start_body(p);
    }
    while (i < e) {
        const char *amp = memchr(s + i, '&', e - i);
        if (!amp) { text_raw(p, s + i, e - i); return; }
        size_t k = (size_t)(amp - s);
        text_raw(p, s + i, k - i);
        char out[8];
        size_t used = 0, w = char_ref(amp, e - k, false, out, &used);
        if (w) { text_bytes(p, out, w); i = k + used; }
        else { text_raw(p, amp, 1); i = k + 1; }
    }
}

/* Raw text / RCDATA content of element el (already inserted), from i.
 * Returns where tokenizing resumes: at the end tag, which is then
 * parsed and ignored (the element was never pushed). */
static size_t raw_content(parser *p, ng_node *el, const tag_token *t, size_t i)
{
    char name[16];
    size_t n = t->name_len < sizeof name ? t->name_len : sizeof name - 1;
    for (size_t k = 0; k < n; k++) name[k] = (char)ng_ascii_lower((unsigned char)t->name[k]);
    size_t e = p->no_end_tag[t->tag] ? p->len : find_end_tag(p, i, name, n);
    if (e == p->len && t->tag != NG_TAG_OTHER) p->no_end_tag[t->tag] = true;
    if (e == p->len && t->tag == NG_TAG_TITLE) {
        /* The spec lets an unclosed <title> swallow the rest of the page,
         * which then has no body at all. Such pages are almost always
         * spliced or truncated captures, so the title ends at the next
         * tag or line instead and the rest is parsed as markup. */
        size_t k = i;
        while (k < p->len && p->s[k] != '<' && p->s[k] != '\n') k++;
        e = k;
    }
    if (!el) return e;
    /* el may sit at the depth cap, where it cannot have children */
    ng_node *parent = el->depth < NG_DOM_MAX_DEPTH ? el : el->parent;
    if (t->flags & F_RCDATA) {
        ng_str d = decode_dup(p, p->s + i, e - i, false);
        if (!p->oom) add_text(p, parent, d.ptr, d.len);
    } else if ((t->flags & F_RAW_KEEP) || (t->tag == NG_TAG_SCRIPT && is_json_ld(p))) {
        add_text(p, parent, p->s + i, e - i);
    }
    return e;
}

/* A start tag; returns where tokenizing resumes. */
static size_t start_tag(parser *p, const tag_token *t, size_t j)
{
    ng_dom *dom = p->dom;
    uint16_t f = t->flags;
    ng_tag tag = t->tag;
    if (p->skip) {
        if (f & F_TEMPLATE) p->skip++;
        else if (f & (F_RAW_DROP | F_RAW_KEEP | F_RCDATA)) return raw_content(p, NULL, t, j);
        else if (f & F_PLAINTEXT) return p->len;
        return j;
    }
    if (tag == NG_TAG_HTML) {
        if (dom->html) merge_attrs(p, dom->html);
        else dom->html = insert(p, NULL, tag, f, t->name, t->name_len, t->hash, true);
        return j;
    }
    ensure_html(p);
    if (p->oom) return j;
    ng_node *parent = NULL;
    if (!dom->body) {
        if (tag == NG_TAG_HEAD) {
            if (!dom->head && p->n_open == 2) dom->head = insert(p, NULL, tag, f, t->name, t->name_len, t->hash, true);
            return j;
        }
        if (tag == NG_TAG_BODY) {
            if (!dom->head) dom->head = make_implied(p, NG_TAG_HEAD, false);
            pop_to(p, 2);
            dom->body = insert(p, NULL, tag, f, t->name, t->name_len, t->hash, true);
            return j;
        }
        if ((f & F_HEAD) || (tag == NG_TAG_NOSCRIPT && (head_open(p) || !dom->head))) {
            if (!dom->head) dom->head = make_implied(p, NG_TAG_HEAD, true);
            if (!head_open(p)) parent = dom->head; /* after </head>: still goes in head */
        } else {
            start_body(p);
        }
        if (p->oom) return j;
    } else {
        if (tag == NG_TAG_BODY) { merge_attrs(p, dom->body); return j; }
        if (tag == NG_TAG_HEAD) return j;
        if (f & F_CLOSES_P) close_p(p);
        switch (tag) {
        case NG_TAG_LI: close_list_item(p, NG_TAG_LI, NG_TAG_LI); break;
        case NG_TAG_DD: case NG_TAG_DT: close_list_item(p, NG_TAG_DD, NG_TAG_DT); break;
        case NG_TAG_H1: case NG_TAG_H2: case NG_TAG_H3: case NG_TAG_H4: case NG_TAG_H5: case NG_TAG_H6:
            if (is_heading(top(p)->tag) && p->n_open > 3) pop_to(p, p->n_open - 1);
            break;
        case NG_TAG_OPTION:
            if (top(p)->tag == NG_TAG_OPTION && p->n_open > 3) pop_to(p, p->n_open - 1);
            break;
        case NG_TAG_TD: case NG_TAG_TH: close_table_parts(p, 0); break;
        case NG_TAG_TR: close_table_parts(p, 1); break;
        case NG_TAG_TBODY: case NG_TAG_THEAD: case NG_TAG_TFOOT: close_table_parts(p, 2); break;
        case NG_TAG_A: case NG_TAG_BUTTON: {
            /* no nested links or buttons: the new one closes the old */
            size_t i = find_open(p, tag, F_SCOPE, tag, tag);
            if (i) pop_to(p, i);
            break;
        }
        default: break;
        }
    }
    /* Self-closing syntax counts only in foreign content (svg, math). */
    bool self = t->self_closing && (tag == NG_TAG_SVG || tag == NG_TAG_MATH || p->open[NG_TAG_SVG] ||
                                    p->open[NG_TAG_MATH]);
    bool content = f & (F_RAW_DROP | F_RAW_KEEP | F_RCDATA | F_TEMPLATE);
    ng_node *el = insert(p, parent, tag, f, t->name, t->name_len, t->hash, !self && !content);
    if (!el) return j;
    if (f & F_TEMPLATE) { p->skip = 1; return j; }
    if (content) return raw_content(p, el, t, j);
    if (f & F_PLAINTEXT) {
        ng_node *where = el->depth < NG_DOM_MAX_DEPTH ? el : el->parent;
        add_text(p, where, p->s + j, p->len - j);
        return p->len;
    }
    /* a newline right after <pre> or <listing> is not content */
    if ((tag == NG_TAG_PRE || (tag == NG_TAG_OTHER && t->name_len == 7 && !strncasecmp(t->name, "listing", 7))) &&
        j < p->len && p->s[j] == '\n')
        j++;
    return j;
}

static bool same_name(const ng_node *n, const tag_token *t)
{
    return n->name.len == t->name_len && !strncasecmp(n->name.ptr, t->name, t->name_len);
}

static void end_tag(parser *p, const tag_token *t)
{
    ng_dom *dom = p->dom;
    ng_tag tag = t->tag;
    uint16_t f = t->flags;
    if (p->skip) {
        if (f & F_TEMPLATE) p->skip--;
        return;
    }
    if (tag == NG_TAG_BR) { /* </br> is <br>, says the spec */
        tag_token br = *t;
        br.end = false;
        p->attrs.len = 0;
        start_tag(p, &br, 0);
        return;
    }
    if (!dom->body) {
        if (tag == NG_TAG_HEAD && head_open(p)) pop_to(p, 2);
        else if (tag == NG_TAG_NOSCRIPT && p->n_open > 3 && top(p)->tag == NG_TAG_NOSCRIPT) pop_to(p, p->n_open - 1);
        return;
    }
    if (tag == NG_TAG_HTML || tag == NG_TAG_BODY || tag == NG_TAG_HEAD) return;
    bool heading = is_heading(tag);
    if (heading) {
        uint32_t any = 0;
        for (int h = NG_TAG_H1; h <= NG_TAG_H6; h++) any += p->open[h];
        if (!any) return;
    } else if (!p->open[tag] || (tag == NG_TAG_OTHER && !p->open_other[t->hash % OTHER_BUCKETS])) {
        return;
    }
    /* Ordinary elements (span, custom tags) cannot close past a special
     * element; the others reach as far as their scope. */
    uint16_t stop = (f & F_TABLE_PART) ? 0 : (f & (F_SPECIAL | F_FORMAT)) ? F_SCOPE : (F_SCOPE | F_SPECIAL);
    for (size_t i = p->n_open - 1; i > 2; i--) {
        const ng_node *n = p->stack[i].node;
        bool match = heading ? is_heading(n->tag)
                             : n->tag == tag && (tag != NG_TAG_OTHER || (p->stack[i].hash == t->hash && same_name(n, t)));
        if (match) { pop_to(p, i); return; }
        if (p->stack[i].flags & stop) return;
        if ((f & F_TABLE_PART) && (n->tag == NG_TAG_TABLE || n->tag == NG_TAG_TEMPLATE)) return;
        if (tag == NG_TAG_LI && (n->tag == NG_TAG_UL || n->tag == NG_TAG_OL)) return;
    }
}

/* Skips a comment starting at s[i] == '<' of "<!--"; returns the position
 * after it, or len when it is unclosed (the rest is then dropped). */
static size_t skip_comment(const parser *p, size_t i)
{
    const char *s = p->s;
    size_t len = p->len, j = i + 4;
    if (j < len && s[j] == '>') return j + 1;                                 /* <!--> */
    if (j + 1 < len && s[j] == '-' && s[j + 1] == '>') return j + 2;          /* <!---> */
    while (j < len) {
        const char *d = memchr(s + j, '-', len - j);
        if (!d) return len;
        j = (size_t)(d - s);
        if (j + 2 < len && s[j + 1] == '-') {
            if (s[j + 2] == '>') return j + 3;
            if (s[j + 2] == '!' && j + 3 < len && s[j + 3] == '>') return j + 4;
        }
        j++;
    }
    return len;
}

/* A bogus comment, doctype or processing instruction: up to the next '>'. */
static size_t skip_to_gt(const parser *p, size_t i)
{
    const char *gt = memchr(p->s + i, '>', p->len - i);
    return gt ? (size_t)(gt - p->s) + 1 : p->len;
}

const char *ng_html_parse(ng_arena *a, const char *html, size_t len, ng_dom *out)
{
    memset(out, 0, sizeof *out);
    parser *p = ng_alloc(a, sizeof *p);
    if (!p) return "out of memory";
    memset(p, 0, sizeof *p);
    p->a = a;
    p->s = html;
    p->len = len;
    p->dom = out;
    ng_node *root = new_node(p, NG_NODE_DOCUMENT);
    if (!root) return "out of memory";
    out->root = root;
    push(p, root, F_SCOPE, 0);
    p->open[NG_TAG_OTHER] = p->open_other[0] = 0; /* the document is not an element */

    const char *s = html;
    size_t i = 0;
    while (i < len && !p->oom) {
        if (s[i] != '<') {
            const char *lt = memchr(s + i, '<', len - i);
            size_t e = lt ? (size_t)(lt - s) : len;
            text(p, i, e);
            i = e;
            continue;
        }
        unsigned char c = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        if (is_alpha(c) || (c == '/' && i + 2 < len && is_alpha((unsigned char)s[i + 2]))) {
            tag_token t;
            size_t j = parse_tag(p, i, &t);
            if (!j) break; /* EOF inside the tag */
            if (t.end) { end_tag(p, &t); i = j; }
            else i = start_tag(p, &t, j);
        } else if (c == '!') {
            i = (i + 3 < len && s[i + 2] == '-' && s[i + 3] == '-') ? skip_comment(p, i) : skip_to_gt(p, i);
        } else if (c == '?' || (c == '/' && i + 2 < len)) {
            i = skip_to_gt(p, i); /* "</>" lands here too and is ignored */
        } else {
            text(p, i, i + 1); /* a '<' that starts nothing */
            i++;
        }
    }
    if (!p->oom) {
        if (!out->body) start_body(p); /* every document has a body */
        flush_text(p);
    }
    if (p->oom) return "out of memory";
    return NULL;
}

/* ---- reading the tree ------------------------------------------------------ */

ng_str ng_node_attr(const ng_node *n, const char *name)
{
    for (uint32_t i = 0; i < n->n_attrs; i++)
        if (n->attrs[i].name.ptr[0] == name[0] && !strcmp(n->attrs[i].name.ptr, name)) return n->attrs[i].value;
    return (ng_str){NULL, 0};
}

ng_node *ng_dom_next(const ng_node *root, const ng_node *n, bool skip_children)
{
    if (!skip_children && n->first_child) return n->first_child;
    while (n && n != root) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

ng_str ng_node_text(ng_arena *a, const ng_node *n)
{
    size_t total = 0;
    for (const ng_node *c = n; c; c = ng_dom_next(n, c, false))
        if (c->type == NG_NODE_TEXT) total += c->text.len;
    char *d = ng_alloc(a, total + 1);
    if (!d) return (ng_str){NULL, 0};
    size_t o = 0;
    for (const ng_node *c = n; c; c = ng_dom_next(n, c, false))
        if (c->type == NG_NODE_TEXT) { memcpy(d + o, c->text.ptr, c->text.len); o += c->text.len; }
    d[o] = '\0';
    return (ng_str){d, o};
}
