/*
 * dom.h: the compact document tree built by html.c, read by content.c and
 * metadata.c.
 *
 * Only what article extraction needs is kept: elements with their tag and
 * attributes, and text (character references decoded, valid UTF-8).
 * Comments, doctype and processing instructions are dropped by the parser;
 * the contents of <script> and <style> are kept as a single text child only
 * for <script type="application/ld+json"> (metadata reads it), and dropped
 * otherwise. Everything lives in the article arena.
 *
 * The tree is built without recursion and its depth is capped (NG_DOM_MAX_DEPTH):
 * deeper elements become children of the deepest allowed element, so a
 * hostile page costs linear time and memory. Walk it iteratively with
 * ng_dom_next(); recursion over the tree is not allowed anywhere.
 */
#ifndef NG_DOM_H
#define NG_DOM_H

#include "internal.h"

#define NG_DOM_MAX_DEPTH 512

typedef enum ng_node_type { NG_NODE_DOCUMENT, NG_NODE_ELEMENT, NG_NODE_TEXT } ng_node_type;

/* Known tags, by lowercase name. NG_TAG_OTHER has its name in node->name. */
#define NG_TAGS(X) \
    X(OTHER, "") X(A, "a") X(ABBR, "abbr") X(ADDRESS, "address") X(ARTICLE, "article") X(ASIDE, "aside") \
    X(AUDIO, "audio") X(B, "b") X(BASE, "base") X(BLOCKQUOTE, "blockquote") X(BODY, "body") X(BR, "br") \
    X(BUTTON, "button") X(CANVAS, "canvas") X(CAPTION, "caption") X(CENTER, "center") X(CITE, "cite") \
    X(CODE, "code") X(COL, "col") X(DD, "dd") X(DEL, "del") X(DETAILS, "details") X(DIALOG, "dialog") \
    X(DIV, "div") X(DL, "dl") X(DT, "dt") X(EM, "em") X(EMBED, "embed") X(FIELDSET, "fieldset") \
    X(FIGCAPTION, "figcaption") X(FIGURE, "figure") X(FONT, "font") X(FOOTER, "footer") X(FORM, "form") \
    X(FRAME, "frame") X(H1, "h1") X(H2, "h2") X(H3, "h3") X(H4, "h4") X(H5, "h5") X(H6, "h6") \
    X(HEAD, "head") X(HEADER, "header") X(HR, "hr") X(HTML, "html") X(I, "i") X(IFRAME, "iframe") \
    X(IMG, "img") X(INPUT, "input") X(INS, "ins") X(LABEL, "label") X(LI, "li") X(LINK, "link") \
    X(MAIN, "main") X(MARK, "mark") X(MENU, "menu") X(META, "meta") X(NAV, "nav") X(NOSCRIPT, "noscript") \
    X(OBJECT, "object") X(OL, "ol") X(OPTION, "option") X(P, "p") X(PICTURE, "picture") X(PRE, "pre") \
    X(Q, "q") X(S, "s") X(SCRIPT, "script") X(SECTION, "section") X(SELECT, "select") X(SMALL, "small") \
    X(SOURCE, "source") X(SPAN, "span") X(STRONG, "strong") X(STYLE, "style") X(SUB, "sub") \
    X(SUMMARY, "summary") X(SUP, "sup") X(SVG, "svg") X(TABLE, "table") X(TBODY, "tbody") X(TD, "td") \
    X(TEMPLATE, "template") X(TEXTAREA, "textarea") X(TFOOT, "tfoot") X(TH, "th") X(THEAD, "thead") \
    X(TIME, "time") X(TITLE, "title") X(TR, "tr") X(TT, "tt") X(U, "u") X(UL, "ul") X(VIDEO, "video") \
    X(WBR, "wbr") X(MATH, "math") X(TRACK, "track") X(AREA, "area") X(MAP, "map") X(PARAM, "param")

typedef enum ng_tag {
#define NG_TAG_ENUM(id, name) NG_TAG_##id,
    NG_TAGS(NG_TAG_ENUM)
#undef NG_TAG_ENUM
    NG_TAG_COUNT
} ng_tag;

typedef struct ng_attr {
    ng_str name;  /* lowercase */
    ng_str value; /* character references decoded */
} ng_attr;

typedef struct ng_node ng_node;
struct ng_node {
    ng_node *parent, *first_child, *last_child, *prev, *next;
    uint8_t type;        /* ng_node_type */
    uint16_t tag;        /* ng_tag, elements only */
    uint16_t depth;      /* 0 for the document */
    uint32_t n_attrs;
    ng_attr *attrs;
    ng_str name;         /* element: lowercase tag name */
    ng_str text;         /* text node: decoded UTF-8 */
};

typedef struct ng_dom {
    ng_node *root;       /* the document node */
    ng_node *html, *head, *body; /* may be NULL for fragments */
    size_t n_nodes;
} ng_dom;

/* Parses UTF-8 HTML into a tree. Never fails on malformed HTML (it
 * recovers as the HTML5 spec does where it matters for text); returns a
 * reason only when out of memory. */
const char *ng_html_parse(ng_arena *a, const char *html, size_t len, ng_dom *out);

/* The tag id for a lowercase name, NG_TAG_OTHER if unknown. */
ng_tag ng_tag_lookup(const char *name, size_t len);

/* Attribute value, or {NULL,0} when absent. `name` is lowercase. */
ng_str ng_node_attr(const ng_node *n, const char *name);

/* Pre-order successor of n within the subtree of `root`, or NULL. With
 * skip_children, n's children are skipped. */
ng_node *ng_dom_next(const ng_node *root, const ng_node *n, bool skip_children);

/* All text under n, concatenated (no separators added beyond what the
 * source has), in the arena. */
ng_str ng_node_text(ng_arena *a, const ng_node *n);

/* ---- metadata.c ----------------------------------------------------------
 * Fills art's title, authors, published (raw string; the pipeline
 * normalises it), outlet, section, canonical_url, language and
 * description from the page: JSON-LD, OpenGraph/article:* and other meta
 * tags, <time>, <link rel=canonical>, <html lang>, bylines. `url` may be
 * NULL. Returns NULL or a reason (out of memory only). */
const char *ng_html_metadata(ng_arena *a, const ng_dom *dom, const char *url, ng_article *art);

/* ---- content.c -------------------------------------------------------------
 * ng_read_html() (declared in internal.h) lives in content.c: it parses
 * the page, calls ng_html_metadata(), then finds the main content and
 * appends its blocks to art, or sets is_article = false. */

#endif /* NG_DOM_H */
