/*
 * metadata.c: title, authors, date, outlet, section, canonical URL,
 * language and description of an HTML page.
 *
 * One iterative pass over the DOM collects the candidates (meta tags,
 * JSON-LD scripts, <title>, <h1>, <time>, byline elements, <link
 * rel=canonical>); then each field takes the first usable source in its
 * priority order:
 *   title      og:title, JSON-LD headline, twitter:title, the <h1> that
 *              starts the <title>, the <title> without its site suffix
 *   authors    JSON-LD persons, author meta tags, the visible byline
 *   published  JSON-LD datePublished, article:published_time, itemprop
 *              datePublished, other date meta tags, <time>, byline text;
 *              a candidate counts only if ng_normalize_datetime reads it
 *   outlet     og:site_name, JSON-LD publisher, application-name, an
 *              organisation given as author. Never the domain: a host
 *              name is not the outlet's name, and the URL is in the record.
 * Fields already set in the article are left alone.
 *
 * JSON-LD is often broken; a script that ng_json_parse rejects is retried
 * once after a cheap repair (HTML comments, raw newlines, trailing commas)
 * and otherwise skipped. JSON trees are walked with an explicit stack.
 */
#include "dom.h"
#include "lexicon.h"

#include <ctype.h>

/* Meta keys we read (property, name, itemprop or http-equiv, lowercased). */
#define META_KEYS(X) \
    X(OG_TITLE, "og:title") X(OG_SITE, "og:site_name") X(OG_DESC, "og:description") X(OG_URL, "og:url") \
    X(OG_LOCALE, "og:locale") X(ART_PUB, "article:published_time") X(ART_SECTION, "article:section") \
    X(ART_AUTHOR, "article:author") X(AUTHOR, "author") X(BYL, "byl") X(DC_CREATOR, "dc.creator") \
    X(SAIL_AUTHOR, "sailthru.author") X(PARSELY_AUTHOR, "parsely-author") X(DATE, "date") \
    X(PUBDATE, "pubdate") X(PUBLISHDATE, "publishdate") X(DC_DATE, "dc.date") X(DC_ISSUED, "dc.date.issued") \
    X(SAIL_DATE, "sailthru.date") X(ITEM_PUB, "datepublished") X(TW_TITLE, "twitter:title") \
    X(DESC, "description") X(PARSELY_DATE, "parsely-pub-date") X(APP_NAME, "application-name") \
    X(CONTENT_LANG, "content-language") X(OG_PUB, "og:article:published_time") \
    X(PUBLISH_DATE, "publish-date") X(DCTERMS_CREATED, "dcterms.created") X(ITEM_AUTHOR, "author-item") \
    X(COPYRIGHT, "copyright") X(ART_PUBLISHER, "article:publisher")

enum {
#define META_ENUM(id, key) M_##id,
    META_KEYS(META_ENUM)
#undef META_ENUM
    M_COUNT
};

static const char *const meta_keys[M_COUNT] = {
#define META_NAME(id, key) key,
    META_KEYS(META_NAME)
#undef META_NAME
};

#define MAX_BYLINES 32
#define MAX_SCRIPTS 16

typedef struct cands {
    ng_str meta[M_COUNT];
    ng_str title, h1[4], canonical, html_lang, time_dt, time_any;
    size_t n_h1;
    ng_str byline[MAX_BYLINES];
    size_t n_byline;
    ng_str by_sib[16], rel_author[16];  /* after a lone "By"; rel/itemprop=author */
    size_t n_by_sib, n_rel_author;
    ng_str script[MAX_SCRIPTS];
    size_t n_script;
} cands;

typedef struct ld {
    ng_str headline, date, publisher, section, description, url, language, org_author;
    NG_VEC(ng_str) persons;
    int rank; /* of the chosen object's @type; 0 = none yet */
} ld;

static bool ieq(ng_str s, const char *w)
{
    size_t n = strlen(w);
    if (s.len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s.ptr[i]) != tolower((unsigned char)w[i])) return false;
    return true;
}

static bool icontains(ng_str s, const char *w)
{
    /* ASCII folding, as HTML compares attribute values; tolower() (the
     * locale's, a call per byte) made this 3.5% of reading a page. */
    size_t n = strlen(w);
    if (!n) return true;
    unsigned char first = (unsigned char)w[0];
    for (size_t i = 0; i + n <= s.len; i++) {
        if (ng_ascii_lower((unsigned char)s.ptr[i]) != first) continue;
        size_t k = 1;
        while (k < n && ng_ascii_lower((unsigned char)s.ptr[i + k]) == (unsigned char)w[k]) k++;
        if (k == n) return true;
    }
    return false;
}

/* An ASCII-lowercased copy, for icontains(). */
static ng_str lower(ng_arena *a, ng_str s)
{
    ng_str c = ng_strndup(a, s.ptr, s.len);
    if (!c.ptr) return (ng_str){"\x01", 1}; /* matches nothing */
    for (size_t i = 0; i < c.len; i++) ((char *)c.ptr)[i] = (char)tolower((unsigned char)c.ptr[i]);
    return c;
}

static ng_str clean(ng_arena *a, ng_str s)
{
    if (!s.len) return (ng_str){NULL, 0};
    ng_str c = ng_clean_space(a, s.ptr, s.len);
    if (!c.len) return (ng_str){NULL, 0};
    /* metadata fields are single lines (ng_clean_space keeps '\n') */
    for (size_t i = 0; i < c.len; i++)
        if (c.ptr[i] == '\n') ((char *)c.ptr)[i] = ' ';
    return c;
}

static bool is_block(const ng_node *n)
{
    switch (n->tag) {
    case NG_TAG_BR: case NG_TAG_DIV: case NG_TAG_P: case NG_TAG_LI: case NG_TAG_UL: case NG_TAG_OL:
    case NG_TAG_H1: case NG_TAG_H2: case NG_TAG_H3: case NG_TAG_H4: case NG_TAG_H5: case NG_TAG_H6:
    case NG_TAG_SECTION: case NG_TAG_HEADER: case NG_TAG_FOOTER: case NG_TAG_TD: case NG_TAG_TR:
    case NG_TAG_TIME: case NG_TAG_DD: case NG_TAG_DT: case NG_TAG_FIGURE: case NG_TAG_ADDRESS:
        return true;
    default:
        return false;
    }
}

/* The text under n with a space where a block element or <br> separates
 * two runs (ng_node_text would glue "Jane Doe" and "CNN" together). Stops
 * after `cap` bytes: bylines and titles are short. */
static ng_str node_text(ng_arena *a, const ng_node *n, size_t cap)
{
    ng_buf b = {0};
    for (const ng_node *c = n; c && b.len < cap; c = ng_dom_next(n, c, false)) {
        if (c->type == NG_NODE_TEXT) ng_buf_put(&b, c->text.ptr, c->text.len);
        else if (c != n && c->type == NG_NODE_ELEMENT && is_block(c)) ng_buf_putc(&b, ' ');
        if (c->type == NG_NODE_ELEMENT && (c->tag == NG_TAG_SCRIPT || c->tag == NG_TAG_STYLE)) {
            /* skip the JSON-LD text kept under scripts */
            const ng_node *nx = ng_dom_next(n, c, true);
            if (!nx) break;
            c = nx;
            if (c->type == NG_NODE_TEXT) ng_buf_put(&b, c->text.ptr, c->text.len);
        }
    }
    ng_str out = {NULL, 0};
    if (!b.failed && b.len) out = ng_clean_space(a, b.data, b.len < cap ? b.len : cap);
    ng_buf_free(&b);
    return out;
}

static int meta_index(ng_str key)
{
    for (int i = 0; i < M_COUNT; i++)
        if (ieq(key, meta_keys[i])) return i;
    return -1;
}

static void set_meta(cands *c, ng_str key, ng_str val)
{
    int i = meta_index(key);
    if (i >= 0 && !c->meta[i].len && val.len) c->meta[i] = val;
}

/* An element that holds a byline: class, id, rel or itemprop mentions the
 * author. */
static bool byline_like(const ng_node *n)
{
    static const char *const attrs[] = {"class", "id", "rel", "itemprop", "data-testid"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        ng_str v = ng_node_attr(n, attrs[i]);
        if (!v.len) continue;
        if (icontains(v, "author") || icontains(v, "byline") || icontains(v, "by-line") ||
            icontains(v, "contributor"))
            return !(icontains(v, "comment") || icontains(v, "avatar") || icontains(v, "image") ||
                     icontains(v, "photo") || icontains(v, "bio") || icontains(v, "description"));
    }
    return false;
}

/* A text node that is just "By": the name is in what follows it, the next
 * sibling or the parent's next sibling (<span>By</span><a>Jane Doe</a>). */
static void lone_by(ng_arena *a, const ng_node *n, cands *c)
{
    ng_str t = clean(a, n->text);
    if (!(ieq(t, "by") || ieq(t, "by:") || ieq(t, "von") || ieq(t, "par") || ieq(t, "por"))) return;
    const ng_node *x = n->next;
    while (x && x->type == NG_NODE_TEXT && !clean(a, x->text).len) x = x->next;
    if (!x && n->parent) {
        x = n->parent->next;
        while (x && x->type == NG_NODE_TEXT && !clean(a, x->text).len) x = x->next;
    }
    if (!x) return;
    ng_str name = x->type == NG_NODE_TEXT ? clean(a, x->text) : node_text(a, x, 300);
    if (name.len >= 3 && name.len < 200) c->by_sib[c->n_by_sib++] = name;
}

static void collect(ng_arena *a, const ng_dom *dom, cands *c)
{
    if (dom->html) c->html_lang = ng_node_attr(dom->html, "lang");
    bool skip = false;
    for (const ng_node *n = dom->root; n; n = ng_dom_next(dom->root, n, skip)) {
        skip = false;
        if (n->type == NG_NODE_TEXT) {
            if (c->n_by_sib < 16 && n->text.len <= 40) lone_by(a, n, c);
            continue;
        }
        if (n->type != NG_NODE_ELEMENT) continue;
        switch (n->tag) {
        case NG_TAG_META: {
            ng_str content = ng_node_attr(n, "content");
            if (!content.ptr) content = ng_node_attr(n, "value"); /* some pages (and archived copies) use value= */
            ng_str key;
            if ((key = ng_node_attr(n, "property")).len) set_meta(c, key, content);
            if ((key = ng_node_attr(n, "name")).len) set_meta(c, key, content);
            if ((key = ng_node_attr(n, "http-equiv")).len) set_meta(c, key, content);
            if ((key = ng_node_attr(n, "itemprop")).len) set_meta(c, key, content);
            continue;
        }
        case NG_TAG_LINK: {
            ng_str rel = ng_node_attr(n, "rel");
            if (!c->canonical.len && ieq(rel, "canonical")) c->canonical = ng_node_attr(n, "href");
            continue;
        }
        case NG_TAG_TITLE:
            if (!c->title.len) c->title = node_text(a, n, 2048);
            continue;
        case NG_TAG_H1:
            if (c->n_h1 < 4) {
                ng_str t = node_text(a, n, 2048);
                if (t.len) c->h1[c->n_h1++] = t;
            }
            break;
        case NG_TAG_SCRIPT:
            if (c->n_script < MAX_SCRIPTS && icontains(ng_node_attr(n, "type"), "ld+json") && n->first_child &&
                n->first_child->type == NG_NODE_TEXT)
                c->script[c->n_script++] = n->first_child->text;
            continue;
        case NG_TAG_TIME: {
            ng_str dt = ng_node_attr(n, "datetime");
            if (!dt.len) dt = ng_node_attr(n, "data-published");
            ng_str cls = ng_node_attr(n, "class");
            if (!c->time_any.len && dt.len) c->time_any = dt;
            if (!c->time_dt.len && dt.len &&
                (ng_node_attr(n, "pubdate").ptr || ng_node_attr(n, "itemprop").len || icontains(cls, "publish") ||
                 icontains(cls, "date")))
                c->time_dt = dt;
            break;
        }
        default:
            break;
        }
        ng_str ip = ng_node_attr(n, "itemprop");
        if (ip.len && n->tag != NG_TAG_META) {
            if (ieq(ip, "datePublished")) {
                ng_str v = ng_node_attr(n, "datetime");
                if (!v.len) v = ng_node_attr(n, "content");
                if (!v.len) v = node_text(a, n, 200);
                set_meta(c, (ng_str){"datepublished", 13}, v);
            }
        }
        ng_str rel = ng_node_attr(n, "rel");
        if (c->n_rel_author < 16 && (ieq(rel, "author") || ieq(ip, "author"))) {
            ng_str t = node_text(a, n, 400);
            if (t.len >= 3 && t.len < 300) c->rel_author[c->n_rel_author++] = t;
        }
        if (c->n_byline < MAX_BYLINES && byline_like(n)) {
            ng_str t = node_text(a, n, 400);
            if (t.len >= 3 && t.len < 300) c->byline[c->n_byline++] = t;
            /* children are still visited: a <time> or a "By" often sits inside */
        }
    }
}

/* ---- JSON-LD -------------------------------------------------------------- */

/* A copy of s with what breaks JSON-LD most often undone: an HTML comment
 * or CDATA wrapper, raw control characters inside strings, and trailing
 * commas before } or ]. */
static ng_str repair_json(ng_arena *a, ng_str s)
{
    char *o = ng_alloc(a, s.len + 1);
    if (!o) return (ng_str){NULL, 0};
    size_t i = 0, n = s.len, k = 0;
    while (i < n && s.ptr[i] != '{' && s.ptr[i] != '[') i++;
    while (n > i && s.ptr[n - 1] != '}' && s.ptr[n - 1] != ']') n--;
    bool in_str = false;
    for (; i < n; i++) {
        char ch = s.ptr[i];
        if (in_str) {
            if (ch == '\\' && i + 1 < n) { o[k++] = ch; o[k++] = s.ptr[++i]; continue; }
            if (ch == '"') in_str = false;
            o[k++] = (unsigned char)ch < 0x20 ? ' ' : ch;
            continue;
        }
        if (ch == '"') in_str = true;
        if (ch == ',') {
            size_t j = i + 1;
            while (j < n && (s.ptr[j] == ' ' || s.ptr[j] == '\n' || s.ptr[j] == '\r' || s.ptr[j] == '\t')) j++;
            if (j < n && (s.ptr[j] == '}' || s.ptr[j] == ']')) continue;
        }
        o[k++] = ch;
    }
    o[k] = '\0';
    return (ng_str){o, k};
}

static int type_rank(const ng_json *obj)
{
    const ng_json *t = ng_json_get(obj, "@type");
    if (!t) return 0;
    int best = 0;
    size_t cnt = t->type == NG_JSON_ARRAY ? t->n : 1;
    for (size_t i = 0; i < cnt; i++) {
        const ng_json *v = t->type == NG_JSON_ARRAY ? t->items[i] : t;
        if (v->type != NG_JSON_STRING) continue;
        ng_str s = v->str;
        int r = 0;
        if (ieq(s, "NewsArticle") || ieq(s, "ReportageNewsArticle") || ieq(s, "AnalysisNewsArticle") ||
            ieq(s, "OpinionNewsArticle") || ieq(s, "BackgroundNewsArticle") || ieq(s, "ReviewNewsArticle"))
            r = 5;
        else if (ieq(s, "Article") || ieq(s, "BlogPosting") || ieq(s, "Report") || ieq(s, "ScholarlyArticle") ||
                 ieq(s, "TechArticle") || ieq(s, "LiveBlogPosting") || ieq(s, "SocialMediaPosting") ||
                 ieq(s, "Posting"))
            r = 4;
        else if (ieq(s, "VideoObject") || ieq(s, "CreativeWork") || ieq(s, "Review") || ieq(s, "Recipe"))
            r = 2;
        else if (ieq(s, "WebPage") || ieq(s, "ItemPage") || ieq(s, "AboutPage"))
            r = 1;
        if (r > best) best = r;
    }
    return best;
}

static bool is_org(const ng_json *obj)
{
    const ng_json *t = ng_json_get(obj, "@type");
    if (!t) return false;
    if (t->type == NG_JSON_STRING)
        return ieq(t->str, "Organization") || ieq(t->str, "NewsMediaOrganization") || ieq(t->str, "Corporation");
    return false;
}

static ng_str json_str(const ng_json *v)
{
    if (!v) return (ng_str){NULL, 0};
    if (v->type == NG_JSON_STRING) return v->str;
    if (v->type == NG_JSON_ARRAY && v->n && v->items[0]->type == NG_JSON_STRING) return v->items[0]->str;
    if (v->type == NG_JSON_OBJECT) {
        ng_str s = ng_json_get_str(v, "name");
        if (!s.len) s = ng_json_get_str(v, "@value");
        return s;
    }
    return (ng_str){NULL, 0};
}

static void take_object(ng_arena *a, const ng_json *o, int rank, ld *out)
{
    ld fresh = {0};
    fresh.rank = rank;
    fresh.headline = ng_json_get_str(o, "headline");
    if (!fresh.headline.len) fresh.headline = ng_json_get_str(o, "name");
    fresh.date = json_str(ng_json_get(o, "datePublished"));
    if (!fresh.date.len) fresh.date = json_str(ng_json_get(o, "dateCreated"));
    fresh.section = json_str(ng_json_get(o, "articleSection"));
    fresh.description = ng_json_get_str(o, "description");
    fresh.url = json_str(ng_json_get(o, "url"));
    if (!fresh.url.len) fresh.url = json_str(ng_json_get(o, "mainEntityOfPage"));
    const ng_json *mep = ng_json_get(o, "mainEntityOfPage");
    if (!fresh.url.len && mep && mep->type == NG_JSON_OBJECT) fresh.url = ng_json_get_str(mep, "@id");
    fresh.language = json_str(ng_json_get(o, "inLanguage"));
    const ng_json *pub = ng_json_get(o, "publisher");
    if (pub && pub->type == NG_JSON_ARRAY && pub->n) pub = pub->items[0];
    fresh.publisher = json_str(pub);
    const ng_json *au = ng_json_get(o, "author");
    if (!au) au = ng_json_get(o, "creator");
    if (au) {
        size_t cnt = au->type == NG_JSON_ARRAY ? au->n : 1;
        for (size_t i = 0; i < cnt && i < 32; i++) {
            const ng_json *v = au->type == NG_JSON_ARRAY ? au->items[i] : au;
            ng_str name = json_str(v);
            if (!name.len) continue;
            if (v->type == NG_JSON_OBJECT && is_org(v)) {
                if (!fresh.org_author.len) fresh.org_author = name;
                continue;
            }
            if (!NG_VEC_PUSH(a, &fresh.persons, name)) break;
        }
    }
    *out = fresh;
}

static void parse_ld(ng_arena *a, const cands *c, ld *out)
{
    memset(out, 0, sizeof *out);
    NG_VEC(const ng_json *) stack = {0};
    for (size_t s = 0; s < c->n_script; s++) {
        const char *err;
        size_t at;
        ng_json *root = ng_json_parse(a, c->script[s].ptr, c->script[s].len, &err, &at);
        if (!root) {
            ng_str fixed = repair_json(a, c->script[s]);
            if (fixed.len) root = ng_json_parse(a, fixed.ptr, fixed.len, &err, &at);
        }
        if (!root) continue;
        stack.len = 0;
        if (!NG_VEC_PUSH(a, &stack, root)) return;
        while (stack.len) {
            const ng_json *v = stack.items[--stack.len];
            if (v->type == NG_JSON_OBJECT) {
                int r = type_rank(v);
                if (r > out->rank) take_object(a, v, r, out);
            }
            if (v->type != NG_JSON_OBJECT && v->type != NG_JSON_ARRAY) continue;
            /* children in reverse, so the first one is looked at first */
            for (size_t i = v->n; i-- > 0;) {
                const ng_json *ch = v->items[i];
                if (ch->type != NG_JSON_OBJECT && ch->type != NG_JSON_ARRAY) continue;
                if (v->type == NG_JSON_OBJECT && v->keys &&
                    (ieq(v->keys[i], "author") || ieq(v->keys[i], "publisher") || ieq(v->keys[i], "creator")))
                    continue; /* a person or organisation, never the article */
                if (!NG_VEC_PUSH(a, &stack, ch)) return;
            }
        }
        if (out->rank >= 4) break;
    }
}

/* ---- names ---------------------------------------------------------------- */

static bool is_space(char ch) { return ch == ' ' || ch == '\n'; }

static ng_str trim(ng_str s)
{
    while (s.len && (is_space(s.ptr[0]) || s.ptr[0] == ',' || s.ptr[0] == ':' || s.ptr[0] == '-' ||
                     s.ptr[0] == '|' || s.ptr[0] == '/' || s.ptr[0] == '(' || s.ptr[0] == '.' ||
                     s.ptr[0] == '@'))
        s.ptr++, s.len--;
    while (s.len && (is_space(s.ptr[s.len - 1]) || s.ptr[s.len - 1] == ',' || s.ptr[s.len - 1] == ':' ||
                     s.ptr[s.len - 1] == '-' || s.ptr[s.len - 1] == '|' || s.ptr[s.len - 1] == ')' ||
                     s.ptr[s.len - 1] == '/'))
        s.len--;
    return s;
}

/* Strips a leading "By", "By:", "Von", "Par", "Por" (any case). */
static ng_str strip_by(ng_str s)
{
    static const char *const pre[] = {"by", "von", "par", "por", "written by", "posted by", "words by", "more by",
                                      "posts by", "text by", "story by", "\xe6\x8a\x95\xe7\xa8\xbf\xe8\x80\x85",
                                      "\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a", "\xe6\x96\x87\xef\xbc\x9a"};
    s = trim(s);
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        size_t n = strlen(pre[i]);
        bool cjk = (unsigned char)pre[i][0] >= 0x80;
        if (s.len > n && (cjk || is_space(s.ptr[n]) || s.ptr[n] == ':') && ieq((ng_str){s.ptr, n}, pre[i])) {
            s.ptr += n + !cjk;
            s.len -= n + !cjk;
            return trim(s);
        }
    }
    /* "ByJane Doe": the parts of the byline were separate elements */
    if (s.len > 3 && (s.ptr[0] == 'B' || s.ptr[0] == 'b') && s.ptr[1] == 'y' && s.ptr[2] >= 'A' && s.ptr[2] <= 'Z') {
        s.ptr += 2;
        s.len -= 2;
    }
    return s;
}

static size_t count_words(ng_str s)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < s.len; i++) {
        bool sp = s.ptr[i] == ' ';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Words that make a byline part a role or an organisation rather than a
 * person. */
static bool is_role(ng_str s)
{
    static const char *const roles[] = {"staff", "writer", "reporter", "correspondent", "editor", "contributor",
                                        "columnist", "associated press", "reuters", "news service", "bureau",
                                        "contributing", "senior", "producer", "updated", "published",
                                        "follow", "view all", "more from", "posts by", "email", "twitter",
                                        "minute read", "min read", "share", "comments", "photograph"};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (icontains(s, roles[i])) return true;
    return false;
}

static bool has_bad_char(ng_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        char ch = s.ptr[i];
        if ((ch >= '0' && ch <= '9') || ch == '@' || ch == '/' || ch == '=' || ch == '{' || ch == '<' || ch == '#')
            return true;
    }
    return icontains(s, "http") || icontains(s, "www.");
}

static bool all_caps(ng_str s)
{
    bool letter = false;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.ptr[i];
        if (ch >= 'a' && ch <= 'z') return false;
        if (ch >= 'A' && ch <= 'Z') letter = true;
    }
    return letter;
}

static ng_str title_case(ng_arena *a, ng_str s)
{
    ng_str c = ng_strndup(a, s.ptr, s.len);
    if (!c.ptr) return s;
    char *p = (char *)c.ptr;
    bool start = true;
    for (size_t i = 0; i < c.len; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 'A' && ch <= 'Z' && !start) p[i] = (char)(ch | 0x20);
        start = ch == ' ' || ch == '-' || ch == '\'' || ch == '.';
    }
    return c;
}

static bool have_name(const ng_article *art, ng_str name)
{
    for (size_t i = 0; i < art->authors.len; i++)
        if (art->authors.items[i].len == name.len && ieq(art->authors.items[i], name.ptr)) return true;
    return false;
}

/* Finds the earliest of the separators in s[from..). */
static size_t find_sep(ng_str s, size_t from, size_t *sep_len)
{
    static const char *const seps[] = {" and ", ", ", " & ", "; ", " | ", " und ", " et ", " y ", " with ",
                                       "\xef\xbc\x8c", "\xe3\x80\x81", " \xc2\xb7 ", " - ", " \xe2\x80\x94 "};
    size_t best = s.len;
    *sep_len = 0;
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        size_t n = strlen(seps[k]);
        for (size_t i = from; i + n <= s.len && i < best; i++)
            if (strncasecmp(s.ptr + i, seps[k], n) == 0) { best = i; *sep_len = n; break; }
    }
    return best;
}

/* Splits a byline into names and appends the plausible ones. Returns the
 * number added; false-like 0 when none. Sets *org when a part is the
 * outlet. */
static size_t add_names(ng_arena *a, ng_article *art, ng_str s, ng_str outlet);

/* Drops a trailing month or weekday name, left over when a byline runs
 * into its date ("Jane Doe Oct 13, 2016"). */
static ng_str drop_date_word(ng_str s)
{
    static const char *const words[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
                                        "oct", "nov", "dec", "january", "february", "march", "april", "june",
                                        "july", "august", "september", "october", "november", "december",
                                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int round = 0; round < 2; round++) {
        const char *sp = NULL;
        for (size_t i = s.len; i-- > 0;)
            if (s.ptr[i] == ' ') { sp = s.ptr + i; break; }
        if (!sp) return s;
        ng_str w = {sp + 1, (size_t)(s.ptr + s.len - sp - 1)};
        while (w.len && (w.ptr[w.len - 1] == '.' || w.ptr[w.len - 1] == ',')) w.len--;
        if (!NG_LEX_STR_IN_CI(w, words)) return s;
        s = trim((ng_str){s.ptr, (size_t)(sp - s.ptr)});
    }
    return s;
}

/* Splits a byline into names and appends the plausible ones; returns how
 * many were added. Lines are tried in turn until one gives a name, since
 * a byline block often puts the date or a role on a line of its own. */
static size_t add_byline(ng_arena *a, ng_article *art, ng_str raw, ng_str outlet)
{
    if (!raw.len) return 0;
    ng_str s = ng_clean_space(a, raw.ptr, raw.len); /* keeps the line breaks */
    if (!s.len) return 0;
    s = strip_by(s); /* "By\nJane Doe" */
    size_t pos = 0;
    for (int line = 0; pos < s.len && line < 8; line++) {
        const char *nl = memchr(s.ptr + pos, '\n', s.len - pos);
        size_t end = nl ? (size_t)(nl - s.ptr) : s.len;
        ng_str seg = ng_strndup(a, s.ptr + pos, end - pos);
        if (!seg.ptr) return 0;
        size_t got = add_names(a, art, seg, outlet);
        if (got) return got;
        pos = end + 1;
    }
    return 0;
}

static size_t add_names(ng_arena *a, ng_article *art, ng_str s, ng_str outlet)
{
    /* cut at "Updated", "Published"...: the byline is before */
    static const char *const stops[] = {" updated", " last updated", " published", " posted", " on ", " in ", " | ", "\xe2\x80\xa2"};
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        for (size_t i = 1; i + strlen(stops[k]) <= s.len; i++)
            if (strncasecmp(s.ptr + i, stops[k], strlen(stops[k])) == 0) { s.len = i; break; }
    }
    /* "Wednesday January 18, 2017 10:44 am PST by Juli Clover" */
    for (size_t i = s.len; i-- > 1;)
        if (i + 4 <= s.len && strncasecmp(s.ptr + i, " by ", 4) == 0) {
            s.ptr += i + 4;
            s.len -= i + 4;
            break;
        }
    s = strip_by(s);
    /* a name has no digits: what follows is a date or a time */
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] >= '0' && s.ptr[i] <= '9') {
            s = drop_date_word(trim((ng_str){s.ptr, i}));
            if (count_words(s) < 2) return 0; /* "December 15, 2016": a date, no name */
            break;
        }
    /* "Gillman, Steve": an inverted name, not two people */
    const char *comma = memchr(s.ptr, ',', s.len);
    if (comma && count_words(s) == 2 && comma + 2 < s.ptr + s.len && comma[1] == ' ' &&
        !memchr(comma + 1, ',', (size_t)(s.ptr + s.len - comma - 1))) {
        ng_str last = {s.ptr, (size_t)(comma - s.ptr)}, first = {comma + 2, (size_t)(s.ptr + s.len - comma - 2)};
        if (!(outlet.len && (ieq(first, outlet.ptr) || ieq(last, outlet.ptr))) && !is_role(first) &&
            first.ptr[0] >= 'A' && first.ptr[0] <= 'Z') {
            ng_str swapped = ng_sprintf(a, "%.*s %.*s", (int)first.len, first.ptr, (int)last.len, last.ptr);
            if (swapped.ptr) s = swapped;
        }
    }
    size_t added = 0, pos = 0;
    for (int guard = 0; pos < s.len && guard < 16; guard++) {
        size_t sl;
        size_t e = find_sep(s, pos, &sl);
        ng_str part = strip_by(trim((ng_str){s.ptr + pos, e - pos}));
        pos = e + sl;
        if (!sl) pos = s.len;
        if (!part.len || part.len > 80) continue;
        size_t w = count_words(part);
        if (w < 1 || w > 5) continue;
        if (has_bad_char(part) || is_role(part)) continue;
        if (outlet.len && ieq(part, outlet.ptr)) continue;
        if (w == 1 && part.len >= 2 && all_caps(part)) {
            /* "By Jane Doe, CNN": an acronym is the outlet, not a person */
            if (!art->outlet.len) art->outlet = ng_strndup(a, part.ptr, part.len);
            continue;
        }
        if (part.ptr[0] >= 'a' && part.ptr[0] <= 'z') continue; /* lowercase prose, not a name */
        ng_str name = ng_strndup(a, part.ptr, part.len);
        if (!name.ptr) return added;
        if (all_caps(name) && w >= 2) name = title_case(a, name);
        if (have_name(art, name)) continue;
        if (!NG_VEC_PUSH(a, &art->authors, name)) return added;
        added++;
    }
    return added;
}

/* ---- title ------------------------------------------------------------------ */

/* Compares ignoring case, spaces and dots ("The Guardian" ~ "theguardian.com"
 * prefix). */
static bool resembles(ng_str a, ng_str b)
{
    char x[128], y[128];
    size_t nx = 0, ny = 0;
    for (size_t i = 0; i < a.len && nx < sizeof x; i++)
        if (isalnum((unsigned char)a.ptr[i]) || (unsigned char)a.ptr[i] >= 0x80) x[nx++] = (char)tolower((unsigned char)a.ptr[i]);
    for (size_t i = 0; i < b.len && ny < sizeof y; i++)
        if (isalnum((unsigned char)b.ptr[i]) || (unsigned char)b.ptr[i] >= 0x80) y[ny++] = (char)tolower((unsigned char)b.ptr[i]);
    if (!nx || !ny) return false;
    size_t m = nx < ny ? nx : ny;
    if (m < 3) return nx == ny && memcmp(x, y, nx) == 0;
    if (memcmp(x, y, m) == 0) return true;
    const char *hay = nx <= ny ? y : x, *needle = nx <= ny ? x : y;
    size_t nh = nx <= ny ? ny : nx;
    for (size_t i = 0; i + m <= nh; i++)
        if (memcmp(hay + i, needle, m) == 0) return true;
    return false;
}

/* The host of url without "www.", for matching title suffixes. */
static ng_str host_of(const char *url)
{
    if (!url) return (ng_str){NULL, 0};
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    if (!strncmp(p, "www.", 4)) p += 4;
    size_t n = 0;
    while (p[n] && p[n] != '/' && p[n] != ':' && p[n] != '?') n++;
    return (ng_str){p, n};
}

/* Whether s names the site: it resembles the outlet, the host, or one of
 * the host's names of four or more letters ("phpspot" of phpspot.org,
 * "getnews" of getnews.jp), the top-level domain aside. */
static bool names_site(ng_str s, ng_str outlet, ng_str host)
{
    if ((outlet.len && resembles(s, outlet)) || (host.len && resembles(s, host))) return true;
    size_t end = host.len;
    while (end > 0 && host.ptr[end - 1] != '.') end--; /* the top-level domain is not a name */
    for (size_t i = 0; end > 0 && i < end - 1;) {
        size_t j = i;
        while (j < end - 1 && host.ptr[j] != '.') j++;
        if (j - i >= 4 && resembles(s, (ng_str){host.ptr + i, j - i})) return true;
        i = j + 1;
    }
    return false;
}

/* Separators that also occur inside headlines ("Box Office:", "snake_case",
 * "東京：") and so end a site's name only when what follows names the site:
 * a full-width colon, a colon, an underscore, a full-width bar. */
static ng_str strip_named_site(ng_str t, ng_str outlet, ng_str host)
{
    static const char *const seps[] = {"\xef\xbc\x9a", "\xef\xbd\x9c", "_", ":", " : "};
    for (int round = 0; round < 3; round++) {
        size_t best = 0, bl = 0;
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            size_t n = strlen(seps[k]);
            for (size_t i = t.len; i-- > 0;)
                if (i + n <= t.len && memcmp(t.ptr + i, seps[k], n) == 0) {
                    if (i > best) { best = i; bl = n; }
                    break;
                }
        }
        if (!bl) break;
        ng_str tail = {t.ptr + best + bl, t.len - best - bl};
        while (tail.len && tail.ptr[0] == ' ') tail.ptr++, tail.len--;
        /* a site's name is a few words, not the rest of a headline that
         * happens to contain it */
        if (!tail.len || count_words(tail) > 4 || !names_site(tail, outlet, host)) break;
        t.len = best;
        while (t.len && t.ptr[t.len - 1] == ' ') t.len--;
    }
    return t;
}

/* Removes a site suffix (" - CNN", " | The Guardian", " — Site") or prefix
 * ("CNN - ..."), when it resembles the outlet or host, or is short next to a
 * longer title. */
static ng_str strip_site(ng_str t, ng_str outlet, ng_str host, bool allow_short)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ", " \xc2\xb7 ",
                                       " \xc2\xab ", " \xc2\xbb ", " // ", "\xef\xbd\x9c", " : "};
    for (int round = 0; round < 2; round++) {
        size_t best = 0, bl = 0;
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            size_t n = strlen(seps[k]);
            for (size_t i = t.len; i-- > 0;)
                if (i + n <= t.len && memcmp(t.ptr + i, seps[k], n) == 0) {
                    if (i > best) { best = i; bl = n; }
                    break;
                }
        }
        if (!bl) break;
        ng_str head = {t.ptr, best}, tail = {t.ptr + best + bl, t.len - best - bl};
        bool site = names_site(tail, outlet, host);
        /* a colon usually belongs to the headline ("Box Office: ...") */
        bool short_tail = allow_short && count_words(tail) <= 3 && count_words(head) > count_words(tail) &&
                          memcmp(t.ptr + best, " : ", 3) != 0;
        if (site || short_tail) {
            t = head;
            continue;
        }
        /* a leading site name: "CNN - Title" */
        size_t fl = 0, fi = t.len;
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            const char *f = strstr(t.ptr, seps[k]);
            if (f && (size_t)(f - t.ptr) < fi && (size_t)(f - t.ptr) < t.len) { fi = (size_t)(f - t.ptr); fl = strlen(seps[k]); }
        }
        if (fl && fi < t.len) {
            ng_str pre = {t.ptr, fi};
            if ((outlet.len && resembles(pre, outlet)) || (host.len && resembles(pre, host))) {
                t.ptr += fi + fl;
                t.len -= fi + fl;
            }
        }
        break;
    }
    return strip_named_site(t, outlet, host);
}

static bool starts_with_ci(ng_str s, ng_str prefix)
{
    return prefix.len && s.len >= prefix.len && strncasecmp(s.ptr, prefix.ptr, prefix.len) == 0;
}

/* ---- dates -------------------------------------------------------------------- */

static bool plausible_date(ng_arena *a, ng_str s)
{
    return s.len && s.len < 200 && ng_normalize_datetime(a, s.ptr, s.len).len;
}

static ng_str lang_from_locale(ng_arena *a, ng_str s)
{
    ng_str c = ng_strndup(a, s.ptr, s.len);
    if (!c.ptr) return c;
    for (size_t i = 0; i < c.len; i++)
        if (c.ptr[i] == '_') ((char *)c.ptr)[i] = '-';
    return c;
}

static bool names_site(ng_str s, ng_str outlet, ng_str host);

/* Whether u is an absolute http(s) URL. */
static bool absolute_url(ng_str u)
{
    return (u.len > 7 && !strncasecmp(u.ptr, "http://", 7)) || (u.len > 8 && !strncasecmp(u.ptr, "https://", 8));
}

/* Lowercase letters and digits of s (at most cap of them) into out. */
static size_t alnum_key(ng_str s, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len && n < cap; i++)
        if (isalnum((unsigned char)s.ptr[i]) || (unsigned char)s.ptr[i] >= 0x80) out[n++] = (char)tolower((unsigned char)s.ptr[i]);
    return n;
}

/* Whether site begins with name (letters and digits, case aside; three
 * or more): "ITmedia" of "ITmedia PC USER", "ICI.Radio-Canada.ca" of its
 * host. A longer name ("Apartment Therapy Submissions") is a byline of its
 * own. */
static bool begins_site(ng_str name, ng_str site)
{
    char x[128], y[128];
    size_t nx = alnum_key(name, x, sizeof x), ny = alnum_key(site, y, sizeof y);
    return nx >= 3 && nx <= ny && memcmp(x, y, nx) == 0;
}

/* The name in a publisher's page URL ("https://www.facebook.com/Reuters" ->
 * "Reuters"), or the value itself when it is not a URL. */
static ng_str publisher_name(ng_str v)
{
    if (!v.len || !memchr(v.ptr, '/', v.len)) return v;
    while (v.len && v.ptr[v.len - 1] == '/') v.len--;
    size_t i = v.len;
    while (i > 0 && v.ptr[i - 1] != '/') i--;
    ng_str name = {v.ptr + i, v.len - i};
    while (name.len && (name.ptr[0] == '+' || name.ptr[0] == '@')) name.ptr++, name.len--;
    return name;
}

/* Authors as bylines leave them: a place or note glued on in brackets
 * ("Cécile Ducourtieux(Bruxelles"), stray brackets ("[田中宏昌"), the site
 * itself ("ITmedia]", "ICI.Radio-Canada.ca"), and a one-word section
 * label next to real names ("Politik" before "Jochen Bittner"). */
static void tidy_authors(ng_arena *a, ng_article *art, ng_str host)
{
    size_t w = 0, multi = 0;
    for (size_t i = 0; i < art->authors.len; i++) {
        ng_str s = art->authors.items[i];
        for (size_t k = 1; k < s.len; k++)
            if (s.ptr[k] == '(' || s.ptr[k] == '[' || !strncmp(s.ptr + k, "\xef\xbc\x88", 3)) { s.len = k; break; }
        while (s.len && (s.ptr[0] == '[' || s.ptr[0] == '(')) s.ptr++, s.len--;
        for (bool more = true; more && s.len;) {
            more = strchr(" ]),;:", s.ptr[s.len - 1]) != NULL;
            if (more) s.len--;
            else if (s.len >= 2 && (unsigned char)s.ptr[s.len - 2] == 0xC2 && (unsigned char)s.ptr[s.len - 1] == 0xB7)
                s.len -= 2, more = true; /* a middle dot */
        }
        s = trim(s);
        if (!s.len || (art->outlet.len && begins_site(s, art->outlet)) || (host.len && begins_site(s, host))) continue;
        if (s.ptr[s.len] != '\0') s = ng_strndup(a, s.ptr, s.len);
        if (!s.ptr) continue;
        art->authors.items[w++] = s;
        multi += count_words(s) >= 2;
    }
    art->authors.len = w;
    if (!multi) return;
    w = 0;
    for (size_t i = 0; i < art->authors.len; i++)
        if (count_words(art->authors.items[i]) >= 2 || !isupper((unsigned char)art->authors.items[i].ptr[0]))
            art->authors.items[w++] = art->authors.items[i];
    art->authors.len = w;
}

#define SET(field, value) do { if (!art->field.len) { ng_str v_ = clean(a, (value)); if (v_.len) art->field = v_; } } while (0)

const char *ng_html_metadata(ng_arena *a, const ng_dom *dom, const char *url, ng_article *art)
{
    if (!dom || !dom->root) return NULL;
    cands *c = ng_calloc(a, 1, sizeof *c);
    if (!c) return "out of memory";
    collect(a, dom, c);
    ld j;
    parse_ld(a, c, &j);
    ng_str *m = c->meta;

    /* outlet first: title and byline cleanup compare against it */
    SET(outlet, m[M_OG_SITE]);
    SET(outlet, j.publisher);
    SET(outlet, m[M_APP_NAME]);
    SET(outlet, j.org_author);
    ng_str host = host_of(url);
    /* without the page's URL, its own canonical or og:url names the host */
    ng_str own_url = c->canonical.len ? c->canonical : m[M_OG_URL];
    if (!host.len && own_url.len && own_url.ptr[own_url.len] == '\0' && absolute_url(own_url)) host = host_of(own_url.ptr);
    /* A site name that does not name the host ("U.S.": an edition) gives
     * way to the publisher's own page name when that one does. */
    ng_str publisher = publisher_name(clean(a, m[M_ART_PUBLISHER]));
    if (art->outlet.len && host.len && publisher.len && !names_site(art->outlet, (ng_str){NULL, 0}, host) &&
        names_site(publisher, (ng_str){NULL, 0}, host))
        art->outlet = ng_strndup(a, publisher.ptr, publisher.len);

    /* title */
    if (!art->title.len) {
        ng_str t = {NULL, 0};
        ng_str title = clean(a, c->title);
        ng_str stripped = title.len ? strip_site(title, art->outlet, host, true) : title;
        ng_str h1 = {NULL, 0};
        for (size_t i = 0; i < c->n_h1 && !h1.len; i++)
            if (title.len && starts_with_ci(title, c->h1[i])) h1 = c->h1[i];
        ng_str og = clean(a, m[M_OG_TITLE]);
        /* The visible headline beats the social one (og:title is often a
         * shorter or search-tuned variant), when there is one clear <h1>. */
        if (c->n_h1 == 1 && count_words(c->h1[0]) >= 3 && count_words(c->h1[0]) <= 40) t = c->h1[0];
        if (!t.len && og.len) t = strip_site(og, art->outlet, host, false);
        if (!t.len) t = strip_site(clean(a, j.headline), art->outlet, host, false);
        if (!t.len) t = strip_site(clean(a, m[M_TW_TITLE]), art->outlet, host, false);
        if (!t.len) t = h1;
        if (!t.len) t = stripped;
        if (!t.len && c->n_h1) t = c->h1[0];
        SET(title, t);
    }

    /* authors */
    if (!art->authors.len) {
        for (size_t i = 0; i < j.persons.len; i++) {
            ng_str v = clean(a, j.persons.items[i]);
            if (v.len && m[M_COPYRIGHT].len && icontains(m[M_COPYRIGHT], lower(a, v).ptr)) continue;
            add_byline(a, art, v, art->outlet);
        }
        static const int author_keys[] = {M_AUTHOR, M_BYL, M_DC_CREATOR, M_SAIL_AUTHOR, M_PARSELY_AUTHOR,
                                          M_ART_AUTHOR};
        for (size_t k = 0; k < sizeof author_keys / sizeof author_keys[0] && !art->authors.len; k++) {
            /* name=author is often the company, the one in the copyright line */
            ng_str v = clean(a, m[author_keys[k]]);
            if (v.len && m[M_COPYRIGHT].len && icontains(m[M_COPYRIGHT], lower(a, v).ptr)) continue;
            add_byline(a, art, v, art->outlet);
        }
        for (size_t i = 0; i < c->n_by_sib && !art->authors.len; i++) add_byline(a, art, c->by_sib[i], art->outlet);
        for (size_t i = 0; i < c->n_byline && !art->authors.len; i++) add_byline(a, art, c->byline[i], art->outlet);
        for (size_t i = 0; i < c->n_rel_author && !art->authors.len; i++)
            add_byline(a, art, c->rel_author[i], art->outlet);
    }

    tidy_authors(a, art, host);

    /* published */
    if (!art->published.len) {
        ng_str order[] = {j.date, m[M_ART_PUB], m[M_OG_PUB], m[M_ITEM_PUB], m[M_PARSELY_DATE], m[M_SAIL_DATE],
                          m[M_PUBDATE], m[M_PUBLISHDATE], m[M_PUBLISH_DATE], m[M_DC_ISSUED], m[M_DC_DATE],
                          m[M_DCTERMS_CREATED], m[M_DATE], c->time_dt, c->time_any};
        for (size_t k = 0; k < sizeof order / sizeof order[0] && !art->published.len; k++)
            if (plausible_date(a, order[k])) SET(published, order[k]);
        for (size_t i = 0; i < c->n_byline && !art->published.len; i++)
            if (plausible_date(a, c->byline[i])) SET(published, c->byline[i]);
    }

    SET(section, m[M_ART_SECTION]);
    SET(section, j.section);
    SET(canonical_url, c->canonical);
    SET(canonical_url, m[M_OG_URL]);
    SET(canonical_url, j.url);
    SET(description, m[M_OG_DESC]);
    SET(description, j.description);
    SET(description, m[M_DESC]);
    SET(language, c->html_lang);
    SET(language, m[M_CONTENT_LANG]);
    SET(language, j.language);
    if (!art->language.len && m[M_OG_LOCALE].len) SET(language, lang_from_locale(a, m[M_OG_LOCALE]));
    return NULL;
}
