/*
 * content.c: find the main content (the article body) of an HTML page.
 *
 * The algorithm is Readability's candidate scoring with trafilatura-style
 * pruning, run on a flat copy of the tree:
 *
 *   1. Flatten. One iterative walk puts every node in an array in document
 *      (pre-order) order, with its parent's index and the end of its
 *      subtree, so a subtree is the index range [i, end). Reverse order
 *      then visits children before parents, which makes every bottom-up
 *      count (text, link text, commas, paragraphs) a single loop, with no
 *      recursion and no hash table.
 *   2. Prune. Each element gets a drop level: HARD for what is never
 *      content (script, nav, form controls, iframes, role=navigation...),
 *      SOFT for what usually is not (header, footer, aside, class/id like
 *      "comments", "cookie", "share", or "sidebar", "menu" unless the same
 *      attribute also says "article", "content"...), LAST for hidden
 *      elements and <noscript>. Counts skip dropped subtrees, so pruning
 *      costs nothing beyond a flag.
 *   3. Score. Every paragraph-like element (p, pre, td, a div with text
 *      and no block children) of 25+ characters scores
 *      1 + commas + min(len/100, 3); its parent gets it all, its
 *      grandparent half, further ancestors less. Ancestors start from a
 *      tag prior and a class/id weight (+25 "article|content|...", -25
 *      "comment|share|..."), and end scaled by (1 - link density). The
 *      best one, moved up when several near-best candidates share an
 *      ancestor, plus its qualifying siblings, is the content.
 *      An element marked as the article body (itemprop=articleBody) with
 *      enough text is taken directly.
 *   4. Emit. The chosen subtrees are walked in order; block elements
 *      start new blocks, inline text flows into the current one, <br>
 *      becomes "\n" and <br><br> a new block. Containers that look like
 *      widgets (link-heavy, list-of-links, form-like: Readability's
 *      "clean conditionally") are skipped, and so are link-only blocks,
 *      short boilerplate lines and a heading that repeats the title.
 *   5. If the strict pruning left too little text, steps 3-4 run again
 *      without the SOFT drops, then once more keeping hidden elements and
 *      <noscript> and without the widget test, as Readability retries
 *      with fewer flags; a later attempt wins only if clearly longer.
 *   6. Under 100 bytes of text, the page is not an article.
 *
 * Lengths are in bytes of visible text (runs of white space count one):
 * cheap to compute, and the thresholds are ratios or generous enough that
 * multi-byte scripts are not penalised.
 */
#include "dom.h"
#include "pagekind.h"

#include <math.h>

/* Drop levels, and the modes of the successive attempts: an attempt in
 * mode M skips elements with drop >= M. */
enum { DROP_NONE = 0, DROP_SOFT = 1, DROP_LAST = 2, DROP_HARD = 3 };

typedef struct info {
    ng_node *n;
    uint32_t parent;  /* index, NONE for the root */
    uint32_t end;     /* one past the last descendant */
    uint32_t text;    /* visible text bytes, under the current drop mode */
    uint32_t link;    /* of which inside <a> */
    uint32_t commas;
    uint16_t paras, imgs, lis, inputs, embeds;
    int16_t weight;   /* class/id weight */
    uint8_t drop;     /* DROP_* */
    bool block_desc;  /* has a block-level element below it */
    bool scored;
    float score;
} info;

#define NONE UINT32_MAX

typedef struct ctx {
    ng_arena *a;
    info *v;
    uint32_t n;
    uint32_t body;      /* index of <body>, or the root */
    ng_str title;       /* <title> or og:title, to drop a repeated headline */
    uint8_t mode;       /* counts skip nodes with drop >= mode */
} ctx;

/* ---- tags ---------------------------------------------------------------- */

/* Elements whose subtree is never article text. */
static bool tag_hard_drop(unsigned t)
{
    switch (t) {
    case NG_TAG_SCRIPT: case NG_TAG_STYLE: case NG_TAG_TEMPLATE: case NG_TAG_SVG:
    case NG_TAG_CANVAS: case NG_TAG_IFRAME: case NG_TAG_BUTTON: case NG_TAG_SELECT:
    case NG_TAG_INPUT: case NG_TAG_TEXTAREA: case NG_TAG_NAV: case NG_TAG_DIALOG: case NG_TAG_HEAD:
    case NG_TAG_OBJECT: case NG_TAG_EMBED: case NG_TAG_VIDEO: case NG_TAG_AUDIO: case NG_TAG_MATH:
    case NG_TAG_OPTION: case NG_TAG_LABEL: case NG_TAG_FIGCAPTION: case NG_TAG_MAP: case NG_TAG_TITLE:
    case NG_TAG_FRAME: case NG_TAG_MENU:
        return true;
    default:
        return false;
    }
}

/* Elements that usually frame the article rather than hold it. */
static bool tag_soft_drop(unsigned t)
{
    return t == NG_TAG_HEADER || t == NG_TAG_FOOTER || t == NG_TAG_ASIDE;
}

/* Elements that start a new block of text. */
static bool tag_is_block(unsigned t)
{
    switch (t) {
    case NG_TAG_P: case NG_TAG_DIV: case NG_TAG_SECTION: case NG_TAG_ARTICLE: case NG_TAG_MAIN:
    case NG_TAG_H1: case NG_TAG_H2: case NG_TAG_H3: case NG_TAG_H4: case NG_TAG_H5: case NG_TAG_H6:
    case NG_TAG_LI: case NG_TAG_UL: case NG_TAG_OL: case NG_TAG_DL: case NG_TAG_DT: case NG_TAG_DD:
    case NG_TAG_BLOCKQUOTE: case NG_TAG_PRE: case NG_TAG_TABLE: case NG_TAG_TR: case NG_TAG_TBODY:
    case NG_TAG_THEAD: case NG_TAG_TFOOT: case NG_TAG_CAPTION: case NG_TAG_FIGURE: case NG_TAG_HEADER:
    case NG_TAG_FOOTER: case NG_TAG_ASIDE: case NG_TAG_ADDRESS: case NG_TAG_CENTER: case NG_TAG_HR:
    case NG_TAG_FORM: case NG_TAG_FIELDSET: case NG_TAG_DETAILS: case NG_TAG_SUMMARY: case NG_TAG_BODY:
    case NG_TAG_HTML: case NG_TAG_NAV: case NG_TAG_FIGCAPTION:
        return true;
    default:
        return false;
    }
}

static bool tag_is_heading(unsigned t) { return t >= NG_TAG_H1 && t <= NG_TAG_H6; }

/* The block kind an element gives the text directly inside it. */
static int tag_kind(unsigned t)
{
    if (tag_is_heading(t)) return NG_BLOCK_HEADING;
    switch (t) {
    case NG_TAG_LI: case NG_TAG_DD: case NG_TAG_DT: return NG_BLOCK_LIST_ITEM;
    case NG_TAG_BLOCKQUOTE: return NG_BLOCK_QUOTE;
    case NG_TAG_PRE: return NG_BLOCK_PRE;
    case NG_TAG_TR: return NG_BLOCK_TABLE_ROW;
    default: return NG_BLOCK_PARAGRAPH;
    }
}

/* Readability's prior for a candidate, by tag. */
static float tag_prior(unsigned t)
{
    switch (t) {
    case NG_TAG_DIV: return 5;
    case NG_TAG_PRE: case NG_TAG_TD: case NG_TAG_BLOCKQUOTE: return 3;
    case NG_TAG_ADDRESS: case NG_TAG_OL: case NG_TAG_UL: case NG_TAG_DL: case NG_TAG_DD: case NG_TAG_DT:
    case NG_TAG_LI: case NG_TAG_FORM: return -3;
    case NG_TAG_H1: case NG_TAG_H2: case NG_TAG_H3: case NG_TAG_H4: case NG_TAG_H5: case NG_TAG_H6:
    case NG_TAG_TH: return -5;
    default: return 0;
    }
}

/* ---- class / id patterns --------------------------------------------------
 * Matched against the lowercased class and id split into words at every
 * character that is not a letter or digit ("article-share_box" gives
 * "article", "share", "box"). WORD patterns must equal a word, PREFIX ones
 * start a word, SUB ones may appear anywhere (for compounds like
 * "sharebar"). Short patterns are WORD so "ad" never matches "head". */
enum { WORD, PREFIX, SUB };
typedef struct pattern { const char *s; uint8_t len, how; } pattern;
/* Two bytes at least (match_any's pair test): a shorter literal does not compile. */
#define P(s, how) {s, sizeof(s) - 1 + 0 * sizeof(char[sizeof(s) >= 3 ? 1 : -1]), how}

/* Never content, whatever else the attribute says. */
static const pattern strong_bad[] = {
    P("comment", SUB), P("disqus", SUB), P("cookie", SUB), P("consent", SUB), P("gdpr", SUB),
    P("newsletter", SUB), P("outbrain", SUB), P("taboola", SUB), P("share", PREFIX), P("sharing", SUB),
    P("social", SUB), P("related", SUB), P("recommend", SUB), P("breadcrumb", SUB), P("popup", SUB),
    P("modal", WORD), P("subscribe", SUB), P("signup", SUB), P("paywall", SUB), P("advert", SUB),
    P("ad", WORD), P("ads", WORD), P("adslot", SUB), P("adunit", SUB), P("ad-slot", SUB), P("ad-container", SUB),
    P("ad-wrap", SUB), P("ad-unit", SUB), P("ad-box", SUB), P("more-stories", SUB), P("morestories", SUB),
    P("author-bio", SUB), P("authorbio", SUB), P("sr-only", SUB), P("visually-hidden", SUB),
    P("screen-reader", SUB), P("hidden", WORD), P("skip", WORD),
};
/* Usually not content, unless a good word is there too (Readability's
 * unlikelyCandidates / okMaybeItsACandidate). */
static const pattern weak_bad[] = {
    P("header", SUB), P("widget", SUB), P("meta", WORD), P("community", SUB), P("extra", WORD),
    P("supplemental", SUB), P("rss", WORD), P("sidebar", SUB), P("aside", WORD), P("combx", SUB),
    P("agegate", SUB), P("cover-wrap", SUB), P("legends", SUB), P("remark", SUB), P("foot", WORD),
    P("promo", PREFIX), P("sponsor", SUB), P("banner", SUB), P("read-more", SUB), P("readmore", SUB),
    P("toolbar", SUB), P("rating", WORD), P("print", WORD), P("replies", SUB), P("shoutbox", SUB),
    P("skyscraper", SUB), P("pagination", SUB), P("pager", WORD), P("login", WORD), P("byline", SUB),
    P("dateline", WORD), P("caption", SUB), P("credit", PREFIX), P("tags", WORD), P("tag", WORD),
    P("keywords", WORD), P("trending", SUB), P("most-popular", SUB), P("mostpopular", SUB),
    P("teaser", SUB), P("nav", WORD), P("navbar", SUB), P("navigation", SUB), P("menu", PREFIX),
    P("masthead", SUB), P("footer", SUB),
};
static const pattern good[] = {
    P("article", SUB), P("body", SUB), P("content", SUB), P("entry", SUB), P("hentry", WORD), P("main", SUB),
    P("page", WORD), P("post", PREFIX), P("text", SUB), P("blog", SUB), P("story", SUB), P("column", SUB),
};
/* Readability's negative weight list, for scoring only (not pruning). */
static const pattern negative[] = {
    P("comment", SUB), P("com", WORD), P("contact", SUB), P("footer", SUB), P("footnote", SUB),
    P("masthead", SUB), P("media", WORD), P("meta", SUB), P("outbrain", SUB), P("promo", SUB),
    P("related", SUB), P("scroll", SUB), P("share", SUB), P("shoutbox", SUB), P("sidebar", SUB),
    P("skyscraper", SUB), P("sponsor", SUB), P("shopping", SUB), P("tags", WORD), P("widget", SUB),
    P("banner", SUB), P("ad", WORD), P("hidden", WORD), P("social", SUB),
};

static bool is_alnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* True if any word of the lowercased s[0..n) matches p. */
static bool match_one(const char *s, size_t n, const pattern *p)
{
    size_t k = p->len;
    char first = p->s[0];
    for (size_t i = 0; i + k <= n; i++) {
        if (s[i] != first || memcmp(s + i, p->s, k) != 0) continue;
        if (p->how == SUB) return true;
        bool starts = i == 0 || !is_alnum((unsigned char)s[i - 1]);
        bool ends = i + k == n || !is_alnum((unsigned char)s[i + k]);
        /* The first part of a compound is often a taxonomy prefix
         * (WordPress "tag-economy", "ad-free"), not what the element is. */
        bool token_start = i == 0 || s[i - 1] == ' ';
        bool token_end = i + k == n || s[i + k] == ' ';
        if (p->how == WORD && token_start && !token_end) continue;
        if (starts && (ends || p->how == PREFIX)) return true;
    }
    return false;
}

/* The byte pairs present in a class string, as a 1024-bit set: a pattern
 * whose first two bytes are not in it cannot match, so most of the ~120
 * patterns are ruled out without a scan of the string (the scans were the
 * costliest part of reading a page). */
typedef struct pair_set { uint64_t bits[16]; } pair_set;

static unsigned pair_slot(unsigned char a, unsigned char b) { return ((unsigned)a * 31u + b) & 1023u; }

static void pair_set_build(pair_set *ps, const char *s, size_t n)
{
    memset(ps, 0, sizeof *ps);
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned k = pair_slot((unsigned char)s[i], (unsigned char)s[i + 1]);
        ps->bits[k >> 6] |= (uint64_t)1 << (k & 63);
    }
}

static bool pair_set_has(const pair_set *ps, const char *p)
{
    unsigned k = pair_slot((unsigned char)p[0], (unsigned char)p[1]);
    return ps->bits[k >> 6] >> (k & 63) & 1;
}

/* Every pattern is at least two bytes long (pair_set_has reads p[1]). */
static bool match_any(const char *s, size_t n, const pair_set *pairs, const pattern *ps, size_t np)
{
    for (size_t i = 0; i < np; i++)
        if (pair_set_has(pairs, ps[i].s) && match_one(s, n, &ps[i])) return true;
    return false;
}
#define MATCH(s, n, pairs, table) match_any((s), (n), (pairs), (table), sizeof(table) / sizeof(*(table)))

/* Lowercased "class id" of an element into buf (at most cap bytes). */
static size_t class_id(const ng_node *e, char *buf, size_t cap)
{
    size_t k = 0;
    for (uint32_t i = 0; i < e->n_attrs; i++) {
        const ng_attr *at = &e->attrs[i];
        if (!((at->name.len == 5 && memcmp(at->name.ptr, "class", 5) == 0) ||
              (at->name.len == 2 && memcmp(at->name.ptr, "id", 2) == 0)))
            continue;
        if (k && k < cap) buf[k++] = ' ';
        for (size_t j = 0; j < at->value.len && k < cap; j++) {
            unsigned char c = (unsigned char)at->value.ptr[j];
            buf[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    return k;
}

static bool ieq(ng_str s, const char *lit)
{
    size_t k = strlen(lit);
    if (s.len != k) return false;
    for (size_t i = 0; i < k; i++)
        if ((s.ptr[i] | (s.ptr[i] >= 'A' && s.ptr[i] <= 'Z' ? 0x20 : 0)) != lit[i]) return false;
    return true;
}

/* Case-insensitive substring test for an ASCII needle. */
static bool icontains(ng_str h, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= h.len; i++) {
        size_t j = 0;
        while (j < k && (char)(h.ptr[i + j] >= 'A' && h.ptr[i + j] <= 'Z' ? h.ptr[i + j] + 32 : h.ptr[i + j]) == needle[j])
            j++;
        if (j == k) return true;
    }
    return false;
}

/* Hidden by attribute or inline style: never rendered, so never content. */
static bool is_hidden(const ng_node *e)
{
    if (ng_node_attr(e, "hidden").ptr) return true;
    if (ieq(ng_node_attr(e, "aria-hidden"), "true")) return true;
    ng_str st = ng_node_attr(e, "style");
    if (st.len) {
        /* remove spaces so "display: none" matches */
        char buf[256];
        size_t k = 0;
        for (size_t i = 0; i < st.len && k < sizeof buf; i++)
            if (st.ptr[i] != ' ') buf[k++] = (char)(st.ptr[i] >= 'A' && st.ptr[i] <= 'Z' ? st.ptr[i] + 32 : st.ptr[i]);
        ng_str s = {buf, k};
        if (icontains(s, "display:none") || icontains(s, "visibility:hidden")) return true;
    }
    return false;
}

static bool is_body_marker(const ng_node *e)
{
    return ieq(ng_node_attr(e, "itemprop"), "articlebody") || ieq(ng_node_attr(e, "property"), "articlebody");
}

/* The drop level and class weight of one element. */
static void classify(info *f)
{
    const ng_node *e = f->n;
    unsigned t = e->tag;
    if (tag_hard_drop(t)) { f->drop = DROP_HARD; return; }
    /* Hidden and <noscript> are only dropped until the last attempt:
     * pages saved without JavaScript often hide the whole page wrapper
     * until a script reveals it, or keep the article in <noscript>. */
    if (is_hidden(e) || t == NG_TAG_NOSCRIPT) { f->drop = DROP_LAST; return; }
    ng_str role = ng_node_attr(e, "role");
    if (role.len && (ieq(role, "navigation") || ieq(role, "banner") || ieq(role, "contentinfo") ||
                     ieq(role, "complementary") || ieq(role, "dialog") || ieq(role, "alertdialog") ||
                     ieq(role, "menu") || ieq(role, "menubar") || ieq(role, "search"))) {
        f->drop = DROP_HARD;
        return;
    }
    if (tag_soft_drop(t)) f->drop = DROP_SOFT;
    char buf[512];
    size_t k = class_id(e, buf, sizeof buf);
    if (!k || t == NG_TAG_BODY || t == NG_TAG_HTML) return;
    if (is_body_marker(e)) { f->weight = 25; f->drop = DROP_NONE; return; }
    /* Text-level elements are judged by their text, and only containers
     * are candidates or widgets (weight): this keeps pattern matching, the
     * costly part of this pass, to where it can matter. */
    if (t == NG_TAG_A || t == NG_TAG_P || tag_is_heading(t)) return;
    pair_set pairs;
    pair_set_build(&pairs, buf, k);
    bool pos = MATCH(buf, k, &pairs, good);
    if (pos) f->weight += 25;
    if ((tag_is_block(t) || t == NG_TAG_TD) && MATCH(buf, k, &pairs, negative)) f->weight -= 25;
    if (MATCH(buf, k, &pairs, strong_bad) && !(pos && t == NG_TAG_ARTICLE)) f->drop = DROP_SOFT;
    else if (!pos && MATCH(buf, k, &pairs, weak_bad)) f->drop = DROP_SOFT;
}

/* ---- flattening ------------------------------------------------------------ */

/* Visible length of text (runs of white space count one) and its commas. */
static void measure_text(ng_str s, uint32_t *len, uint32_t *commas)
{
    uint32_t n = 0, c = 0;
    bool space = true;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.ptr[i];
        bool sp = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
        if (sp) { if (!space) n++; space = true; continue; }
        space = false;
        n++;
        if (ch == ',') c++;
        /* U+FF0C fullwidth and U+060C Arabic comma */
        else if (ch == 0xEF && i + 2 < s.len && (unsigned char)s.ptr[i + 1] == 0xBC && (unsigned char)s.ptr[i + 2] == 0x8C) c++;
        else if (ch == 0xD8 && i + 1 < s.len && (unsigned char)s.ptr[i + 1] == 0x8C) c++;
    }
    *len = n;
    *commas = c;
}

/* Fills c->v with the tree in pre-order. Returns false when out of memory. */
static bool flatten(ctx *c, const ng_dom *dom)
{
    size_t cap = dom->n_nodes + 1;
    c->v = ng_calloc(c->a, cap, sizeof *c->v);
    uint32_t *stack = ng_alloc(c->a, (NG_DOM_MAX_DEPTH + 2) * sizeof *stack);
    if (!c->v || !stack) return false;
    uint32_t n = 0, sp = 0;
    c->body = 0;
    ng_node *node = dom->root;
    while (node) {
        if (n == cap) { /* n_nodes was short: grow (arena realloc) */
            info *nv = ng_realloc(c->a, c->v, cap * sizeof *nv, cap * 2 * sizeof *nv);
            if (!nv) return false;
            memset(nv + cap, 0, cap * sizeof *nv);
            c->v = nv;
            cap *= 2;
        }
        /* close the elements this node is not inside */
        while (sp && c->v[stack[sp - 1]].n != node->parent) c->v[stack[--sp]].end = n;
        info *f = &c->v[n];
        f->n = node;
        f->parent = sp ? stack[sp - 1] : NONE;
        f->end = n + 1;
        if (node->type == NG_NODE_ELEMENT) {
            classify(f);
            if (node == dom->body) c->body = n;
        }
        bool descend = node->first_child && sp < NG_DOM_MAX_DEPTH + 1;
        if (descend) stack[sp++] = n;
        n++;
        node = ng_dom_next(dom->root, node, !descend);
    }
    while (sp) c->v[stack[--sp]].end = n;
    c->n = n;
    return true;
}

/* Bottom-up counts under the current drop mode. */
static void count(ctx *c)
{
    for (uint32_t i = 0; i < c->n; i++) {
        info *f = &c->v[i];
        f->text = f->link = f->commas = 0;
        f->paras = f->imgs = f->lis = f->inputs = f->embeds = 0;
        f->block_desc = false;
        f->scored = false;
        f->score = 0;
    }
    for (uint32_t i = c->n; i-- > 0;) {
        info *f = &c->v[i];
        const ng_node *e = f->n;
        if (e->type == NG_NODE_TEXT) {
            measure_text(e->text, &f->text, &f->commas);
        } else if (e->type == NG_NODE_ELEMENT) {
            if (f->drop >= c->mode) {
                /* still counted as "inputs"/"embeds" for the widget test */
                if (f->parent != NONE) {
                    if (e->tag == NG_TAG_INPUT || e->tag == NG_TAG_SELECT || e->tag == NG_TAG_TEXTAREA) c->v[f->parent].inputs++;
                    if (e->tag == NG_TAG_IFRAME || e->tag == NG_TAG_EMBED || e->tag == NG_TAG_OBJECT || e->tag == NG_TAG_VIDEO)
                        c->v[f->parent].embeds++;
                }
                f->text = f->link = f->commas = 0;
                continue;
            }
            unsigned t = e->tag;
            if (t == NG_TAG_A) f->link = f->text;
            if (t == NG_TAG_P) f->paras++;
            if (t == NG_TAG_IMG) f->imgs++;
            if (t == NG_TAG_LI) f->lis++;
        }
        if (f->parent == NONE) continue;
        info *p = &c->v[f->parent];
        p->text += f->text;
        p->link += f->link;
        p->commas += f->commas;
        p->paras += f->paras;
        p->imgs += f->imgs;
        p->lis += f->lis;
        p->inputs += f->inputs;
        p->embeds += f->embeds;
        if (e->type == NG_NODE_ELEMENT && (f->block_desc || tag_is_block(e->tag))) p->block_desc = true;
    }
}

/* ---- scoring --------------------------------------------------------------- */

static float link_density(const info *f) { return f->text ? (float)f->link / (float)f->text : 0; }

static void add_score(ctx *c, uint32_t i, float s)
{
    info *f = &c->v[i];
    if (!f->scored) {
        f->scored = true;
        f->score = tag_prior(f->n->tag) + f->weight;
    }
    f->score += s;
}

/* True if some ancestor of i (or i) is dropped under the current mode. */
static bool inside_dropped(const ctx *c, uint32_t i)
{
    for (uint32_t k = i; k != NONE; k = c->v[k].parent)
        if (c->v[k].n->type == NG_NODE_ELEMENT && c->v[k].drop >= c->mode) return true;
    return false;
}

/* Index of the best candidate under body, or NONE. */
static uint32_t best_candidate(ctx *c)
{
    const info *b = &c->v[c->body];
    for (uint32_t i = c->body + 1; i < b->end; i++) {
        info *f = &c->v[i];
        if (f->n->type != NG_NODE_ELEMENT) continue;
        if (f->drop >= c->mode) { i = f->end - 1; continue; }
        unsigned t = f->n->tag;
        bool para = t == NG_TAG_P || t == NG_TAG_PRE || t == NG_TAG_TD ||
                    ((t == NG_TAG_DIV || t == NG_TAG_SECTION || t == NG_TAG_ARTICLE) && !f->block_desc);
        if (!para || f->text < 25) continue;
        float s = 1.0f + (float)f->commas + fminf((float)f->text / 100.0f, 3.0f);
        uint32_t anc = f->parent;
        for (int level = 0; level < 5 && anc != NONE && anc >= c->body; level++, anc = c->v[anc].parent) {
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            add_score(c, anc, s / div);
        }
    }
    /* scale by link density; keep the top 5 */
    enum { TOP = 5 };
    uint32_t top[TOP];
    int ntop = 0;
    for (uint32_t i = c->body; i < b->end; i++) {
        info *f = &c->v[i];
        if (!f->scored) continue;
        f->score *= 1.0f - link_density(f);
        int k;
        if (ntop < TOP) k = ntop++;
        else if (c->v[top[TOP - 1]].score < f->score) k = TOP - 1;
        else continue;
        top[k] = i;
        while (k > 0 && c->v[top[k - 1]].score < c->v[top[k]].score) {
            uint32_t t = top[k]; top[k] = top[k - 1]; top[k - 1] = t;
            k--;
        }
    }
    if (!ntop) return NONE;
    uint32_t best = top[0];
    float bs = c->v[best].score;
    /* Several close runners-up under one ancestor: the article is split
     * across them, so take the ancestor. */
    int close = 0;
    for (int k = 1; k < ntop; k++) close += c->v[top[k]].score >= 0.75f * bs;
    if (close >= 2) {
        for (uint32_t anc = c->v[best].parent; anc != NONE && anc > c->body; anc = c->v[anc].parent) {
            int in = 0;
            for (int k = 1; k < ntop; k++)
                if (c->v[top[k]].score >= 0.75f * bs && top[k] >= anc && top[k] < c->v[anc].end) in++;
            if (in >= 2) { best = anc; break; }
        }
    }
    /* climb while the parent scores higher (the content sits one level up) */
    float last = c->v[best].score, threshold = last / 3;
    for (uint32_t p = c->v[best].parent; p != NONE && p > c->body; p = c->v[p].parent) {
        if (!c->v[p].scored) continue;
        if (c->v[p].score < threshold) break;
        if (c->v[p].score > last) { best = p; break; }
        last = c->v[p].score;
    }
    /* an only child stands for its parent */
    for (;;) {
        uint32_t p = c->v[best].parent;
        if (p == NONE || p <= c->body) break;
        if (c->v[p].text != c->v[best].text) break;
        best = p;
    }
    return best;
}

/* The element explicitly marked as the article body, if it has text. */
static uint32_t marked_body(ctx *c)
{
    uint32_t found = NONE;
    for (uint32_t i = c->body; i < c->n; i++) {
        info *f = &c->v[i];
        if (f->n->type != NG_NODE_ELEMENT || !is_body_marker(f->n)) continue;
        if (inside_dropped(c, i)) continue;
        if (found == NONE || f->text > c->v[found].text) found = i;
    }
    return found;
}

/* ---- emitting blocks ------------------------------------------------------- */

typedef struct emitter {
    ctx *c;
    char *buf;
    size_t len, cap;
    size_t start;       /* start of the current block in buf */
    size_t link_bytes;  /* of the current block, inside <a> */
    int brs;            /* consecutive <br> with nothing visible between */
    NG_VEC(ng_block) blocks;
    bool oom;
} emitter;

static void put(emitter *m, const char *s, size_t n)
{
    if (m->len + n > m->cap) { m->oom = true; return; }
    memcpy(m->buf + m->len, s, n);
    m->len += n;
}

/* Short lines that are furniture wherever they appear, lowercase prefixes. */
static const char *const boiler_lines[] = {
    "advertisement", "advertisements", "anzeige", "werbung", "share this", "share on", "share:",
    "read more", "read next", "related:", "related articles", "related stories", "sign up",
    "subscribe", "follow us", "click here", "copyright", "\xc2\xa9", "all rights reserved",
    "you may also like", "recommended", "more from", "loading", "this article is more than",
    "skip to", "jump to", "image:", "photo:", "getty images", "story continues below",
    "continue reading", "scroll to continue", "tap here", "login", "log in", "mehr zum thema",
    "weitere artikel", "lesen sie auch", "auch interessant", "teilen", "zum thema",
    "lea también", "lea más", "le puede interesar", "vea también", "mira:", "lire aussi",
    "à lire aussi", "leggi anche", "czytaj też", "czytaj także", "follow the", "follow @",
    "war der artikel", "war dieser artikel", "möchten sie den artikel", "vorschau auf",
    "download the", "download our", "sie wollen mehr", "hazte miembro",
};

/* Lowercase ASCII copy of the start of s, for prefix tests. */
static bool starts_ci(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++) {
        char ch = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        if (ch != lit[i]) return false;
    }
    return true;
}

/* Same text ignoring case and white space differences (ASCII folding). */
static bool same_text(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < na && (unsigned char)a[i] <= ' ') i++;
        while (j < nb && (unsigned char)b[j] <= ' ') j++;
        if (i == na || j == nb) return i == na && j == nb;
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
        char y = b[j] >= 'A' && b[j] <= 'Z' ? (char)(b[j] + 32) : b[j];
        if (x != y) return false;
        i++, j++;
    }
}

/* Ends the current block: trims, filters, and keeps it. */
static void flush(emitter *m, int kind)
{
    const char *s = m->buf + m->start;
    size_t n = m->len - m->start;
    size_t links = m->link_bytes;
    m->start = m->len;
    m->link_bytes = 0;
    m->brs = 0;
    while (n && ((unsigned char)*s <= ' ')) s++, n--;
    while (n && ((unsigned char)s[n - 1] <= ' ')) n--;
    if (!n) return;
    /* a block that is (almost) all link text is navigation or a teaser */
    if (links * 10 >= n * 9 && kind != NG_BLOCK_HEADING) return;
    /* "Read more: <a>Other story</a>" inside the body */
    if (links * 2 >= n && n < 160 && kind == NG_BLOCK_PARAGRAPH) return;
    if (n < 120) {
        for (size_t i = 0; i < sizeof boiler_lines / sizeof *boiler_lines; i++)
            if (starts_ci(s, n, boiler_lines[i])) {
                size_t k = strlen(boiler_lines[i]);
                unsigned char next = k < n ? (unsigned char)(s[k] | 0x20) : ' ';
                if (!(next >= 'a' && next <= 'z')) return; /* whole words only */
            }
    }
    if (kind == NG_BLOCK_HEADING && m->c->title.len) {
        const ng_str t = m->c->title;
        /* the headline repeats the title, or the title is "Headline | Site" */
        if (same_text(s, n, t.ptr, t.len) || (n <= t.len && same_text(s, n, t.ptr, n))) return;
    }
    ng_block b = {{s, n}, (uint8_t)kind};
    if (!NG_VEC_PUSH(m->c->a, &m->blocks, b)) m->oom = true;
}

/* Readability's "clean conditionally": a container inside the content that
 * looks like a widget rather than prose. */
static bool looks_like_widget(const ctx *c, const info *f)
{
    unsigned t = f->n->tag;
    if (!(t == NG_TAG_DIV || t == NG_TAG_SECTION || t == NG_TAG_UL || t == NG_TAG_OL || t == NG_TAG_TABLE ||
          t == NG_TAG_ASIDE || t == NG_TAG_FIGURE || t == NG_TAG_DL || t == NG_TAG_FORM))
        return false;
    /* ASP.NET pages wrap everything in one <form>: only a form without
     * prose is a form */
    if (t == NG_TAG_FORM) return f->paras < 3;
    bool list = t == NG_TAG_UL || t == NG_TAG_OL;
    float ld = link_density(f);
    /* a negative class name alone is weak evidence ("elementor-widget"
     * wraps whole articles): it needs links or shortness too */
    if (f->weight < 0 && (ld > 0.2f || f->text < 140)) return true;
    if (f->commas >= 10) return false;
    if (f->imgs > 1 && (float)f->paras / (float)f->imgs < 0.5f && t != NG_TAG_FIGURE) return true;
    if (!list && f->lis > f->paras + 3 && f->text < 2000 && ld > 0.2f) return true;
    if (f->inputs > f->paras / 3 + 1) return true;
    if (f->weight < 25 && ld > 0.35f && f->text > 0) return true;
    if (f->weight >= 25 && ld > 0.5f) return true;
    if (f->embeds > 0 && f->text < 75 && f->embeds > 1) return true;
    (void)c;
    return false;
}

/* Walks [root, end) in order and emits its blocks. */
static void emit_range(emitter *m, uint32_t root)
{
    ctx *c = m->c;
    uint32_t end = c->v[root].end;
    /* open elements, to give text its kind and to close blocks in order */
    uint32_t stack[NG_DOM_MAX_DEPTH + 2];
    int kinds[NG_DOM_MAX_DEPTH + 2];
    int sp = 0;
    int anchors = 0;
    for (uint32_t i = root; i < end;) {
        info *f = &c->v[i];
        while (sp && c->v[stack[sp - 1]].end <= i) { /* leave finished elements */
            sp--;
            const ng_node *e = c->v[stack[sp]].n;
            if (e->tag == NG_TAG_A) anchors--;
            if (tag_is_block(e->tag)) flush(m, kinds[sp]);
        }
        int kind = sp ? kinds[sp - 1] : NG_BLOCK_PARAGRAPH;
        const ng_node *e = f->n;
        if (e->type == NG_NODE_TEXT) {
            size_t before = m->len;
            /* source line breaks are layout, not text (except in <pre>) */
            if (kind == NG_BLOCK_PRE) put(m, e->text.ptr, e->text.len);
            else {
                const char *s = e->text.ptr;
                for (size_t k = 0; k < e->text.len && !m->oom; k++) {
                    char ch = s[k] == '\n' || s[k] == '\r' || s[k] == '\t' ? ' ' : s[k];
                    if (m->len >= m->cap) { m->oom = true; break; }
                    m->buf[m->len++] = ch;
                }
            }
            if (f->text) m->brs = 0;
            if (anchors) m->link_bytes += m->len - before;
            i++;
            continue;
        }
        if (e->type != NG_NODE_ELEMENT || (i != root && (f->drop >= c->mode || (c->mode < DROP_HARD && looks_like_widget(c, f))))) {
            i = f->end;
            continue;
        }
        unsigned t = e->tag;
        if (t == NG_TAG_BR) {
            if (++m->brs >= 2) flush(m, kind);
            else put(m, "\n", 1);
            i++;
            continue;
        }
        if (tag_is_block(t)) flush(m, kind);
        else if ((t == NG_TAG_TD || t == NG_TAG_TH) && m->len > m->start) put(m, " | ", 3);
        else if (t == NG_TAG_IMG || t == NG_TAG_WBR) { i++; continue; }
        if (t == NG_TAG_A) anchors++;
        if (sp < NG_DOM_MAX_DEPTH + 1) {
            stack[sp] = i;
            int k = tag_kind(t);
            kinds[sp] = (k == NG_BLOCK_PARAGRAPH && t != NG_TAG_P && !tag_is_block(t)) ? kind : k;
            /* a paragraph inside a list item or quote keeps the outer kind */
            if (t == NG_TAG_P && sp && (kind == NG_BLOCK_LIST_ITEM || kind == NG_BLOCK_QUOTE)) kinds[sp] = kind;
            sp++;
        }
        i++;
    }
    while (sp) {
        sp--;
        if (tag_is_block(c->v[stack[sp]].n->tag)) flush(m, kinds[sp]);
    }
    flush(m, NG_BLOCK_PARAGRAPH);
}

/* Total text length of the emitted blocks. */
static size_t blocks_text(const emitter *m)
{
    size_t t = 0;
    for (size_t i = 0; i < m->blocks.len; i++) t += m->blocks.items[i].text.len;
    return t;
}

/* Readability's sibling test: does sibling s of the top candidate belong
 * to the article? */
static bool sibling_belongs(const ctx *c, uint32_t top, uint32_t s)
{
    if (s == top) return true;
    const info *f = &c->v[s], *tf = &c->v[top];
    if (f->n->type != NG_NODE_ELEMENT || f->drop >= c->mode) return false;
    float threshold = fmaxf(10.0f, tf->score * 0.2f);
    float bonus = 0;
    ng_str a = ng_node_attr(f->n, "class"), b = ng_node_attr(tf->n, "class");
    if (a.len && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0) bonus = tf->score * 0.2f;
    if (f->scored && f->score + bonus >= threshold) return true;
    if (f->n->tag == NG_TAG_P) {
        float ld = link_density(f);
        if (f->text > 80 && ld < 0.25f) return true;
        if (f->text > 0 && f->text <= 80 && ld == 0) {
            ng_str t = ng_node_text(c->a, f->n);
            for (size_t i = 0; i < t.len; i++)
                if (t.ptr[i] == '.' && (i + 1 == t.len || t.ptr[i + 1] == ' ')) return true;
        }
    }
    return false;
}

/* One attempt under c->mode: the blocks of the chosen content. */
static void extract(ctx *c, emitter *m, size_t cap)
{
    m->c = c;
    m->len = m->start = m->link_bytes = 0;
    m->brs = 0;
    m->blocks.len = 0;
    m->oom = false;
    m->cap = cap;
    count(c);
    uint32_t top = best_candidate(c);
    uint32_t mark = marked_body(c);
    if (mark != NONE && c->v[mark].text >= 200 && (top == NONE || c->v[mark].text * 3 >= c->v[top].text)) {
        emit_range(m, mark);
        return;
    }
    if (top == NONE) {
        if (c->v[c->body].text) emit_range(m, c->body);
        return;
    }
    uint32_t p = c->v[top].parent;
    if (p == NONE || top == c->body) { emit_range(m, top); return; }
    for (uint32_t s = p + 1; s < c->v[p].end; s = c->v[s].end) {
        if (c->v[s].n->type == NG_NODE_TEXT) continue;
        if (sibling_belongs(c, top, s)) emit_range(m, s);
    }
}

/* Title strings a repeated headline is compared with. */
static ng_str page_title(ng_arena *a, const ng_dom *dom, const ng_article *art)
{
    if (art->title.len) return art->title;
    const ng_node *head = dom->head ? dom->head : dom->root;
    for (ng_node *n = (ng_node *)head; n; n = ng_dom_next(head, n, false)) {
        if (n->type != NG_NODE_ELEMENT) continue;
        if (n->tag == NG_TAG_META && ieq(ng_node_attr(n, "property"), "og:title")) return ng_node_attr(n, "content");
        if (n->tag == NG_TAG_TITLE) return ng_node_text(a, n);
    }
    return (ng_str){NULL, 0};
}

const char *ng_read_html(ng_arena *a, const char *html, size_t len, const char *url, ng_article *art)
{
    ng_dom dom;
    const char *err = ng_html_parse(a, html, len, &dom);
    if (err) return err;
    if ((err = ng_html_metadata(a, &dom, url, art))) return err;

    ctx c = {.a = a};
    if (!flatten(&c, &dom)) return "out of memory";
    c.title = page_title(a, &dom, art);
    /* Emitted text never exceeds the tree's text plus 3 bytes of separator
     * per element. */
    size_t cap = 16;
    for (uint32_t i = 0; i < c.n; i++) cap += c.v[i].n->type == NG_NODE_TEXT ? c.v[i].n->text.len : 3;
    emitter m = {0};

    /* Strict pruning may remove the article with its wrapper
     * ("page-header-and-body"): retry with fewer drops while the text is
     * short, keeping a later attempt only when it is clearly longer. */
    size_t got = 0;
    for (uint8_t mode = DROP_SOFT; mode <= DROP_HARD; mode++) {
        emitter t = {0};
        t.buf = ng_alloc(a, cap);
        if (!t.buf) return "out of memory";
        c.mode = mode;
        extract(&c, &t, cap);
        if (t.oom) return "out of memory";
        size_t n = blocks_text(&t);
        if (mode == DROP_SOFT || n > got * 2 + 50) { m = t; got = n; }
        if (got >= 1000) break;
    }
    for (size_t i = 0; i < m.blocks.len; i++)
        if (!NG_VEC_PUSH(a, &art->blocks, m.blocks.items[i])) return "out of memory";
    ng_drop_junk_blocks(a, art);
    if ((err = ng_wire_blocks(a, art))) return err;
    if (got < 100) {
        art->is_article = false;
        art->not_article_reason = ng_strdup(a, got ? "too little text" : "no text");
        return NULL;
    }
    size_t words = 0;
    for (size_t i = 0; i < m.blocks.len; i++) {
        ng_str t = m.blocks.items[i].text;
        for (size_t k = 0; k < t.len; k++) words += t.ptr[k] != ' ' && t.ptr[k] != '\n' && (k == 0 || t.ptr[k - 1] == ' ' || t.ptr[k - 1] == '\n');
    }
    const char *kind = ng_html_not_article(a, &dom, m.blocks.items, m.blocks.len, words);
    if (kind) {
        art->is_article = false;
        art->not_article_reason = ng_strdup(a, kind);
    }
    return NULL;
}
