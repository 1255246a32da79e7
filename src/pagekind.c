/*
 * pagekind.c: pages that are not articles (see pagekind.h).
 *
 * Thresholds were set on news-html-corpus and the article-extraction
 * benchmark (eval/pages.py): the non-article pages of Postlight are caught
 * while fewer than 2% of the news articles are lost.
 */
#include "pagekind.h"

/* Extensions of the files a site serves besides its pages. */
static const char *const asset_extensions[] = {
    "css", "js", "mjs", "cjs", "json", "map", "xml", "rss", "atom", "svg", "csv", "tsv", "yaml", "yml",
    "ico", "png", "jpg", "jpeg", "gif", "webp", "avif", "woff", "woff2", "ttf", "otf", "eot", "swf", "wasm",
};
/* Files with a standard name at a site's root (robots exclusion,
 * ads.txt, humans.txt, security.txt): text, but directives, not prose. */
static const char *const site_files[] = {"robots.txt", "ads.txt", "app-ads.txt", "humans.txt", "security.txt"};

static bool ieq_n(const char *a, size_t n, const char *b) { return strlen(b) == n && !strncasecmp(a, b, n); }

/* The last path segment of a URL or path, without query, fragment and a
 * compression suffix. */
static ng_str last_segment(const char *s)
{
    size_t end = strcspn(s, "?#");
    size_t start = end;
    while (start > 0 && s[start - 1] != '/') start--;
    ng_str seg = {s + start, end - start};
    static const char *const packed[] = {".gz", ".zst"};
    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(packed[i]);
        if (seg.len > k && !strncasecmp(seg.ptr + seg.len - k, packed[i], k)) seg.len -= k;
    }
    return seg;
}

static const char *segment_not_article(ng_str seg)
{
    for (size_t i = 0; i < sizeof site_files / sizeof *site_files; i++)
        if (ieq_n(seg.ptr, seg.len, site_files[i])) return "a site's robots.txt or similar file, not a page";
    const char *dot = NULL;
    for (size_t i = 0; i < seg.len; i++) if (seg.ptr[i] == '.') dot = seg.ptr + i;
    if (!dot) return NULL;
    size_t n = (size_t)(seg.ptr + seg.len - dot - 1);
    for (size_t i = 0; i < sizeof asset_extensions / sizeof *asset_extensions; i++)
        if (ieq_n(dot + 1, n, asset_extensions[i])) return "a file of a site (style sheet, script, data or image), not a page";
    return NULL;
}

const char *ng_file_not_article(const char *name, const char *url)
{
    const char *why = NULL;
    if (url && *url) {
        ng_str seg = last_segment(url);
        if (seg.len) why = segment_not_article(seg);
        if (seg.len || why) return why;
    }
    return name && *name ? segment_not_article(last_segment(name)) : NULL;
}

/* ---- text shape ------------------------------------------------------------ */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* A line of code or of directives: ends in ; { } or opens with a comment
 * mark, or is "Key: value" with a one-word key (robots.txt, headers,
 * CSS properties). */
static bool code_line(const char *s, size_t n)
{
    while (n && is_space(s[n - 1])) n--;
    while (n && is_space(*s)) s++, n--;
    if (!n) return false;
    char last = s[n - 1];
    if (last == ';' || last == '{' || last == '}') return true;
    if (n >= 2 && ((s[0] == '/' && (s[1] == '/' || s[1] == '*')) || (s[0] == '<' && s[n - 1] == '>'))) return true;
    size_t k = 0;
    while (k < n && (((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z') || s[k] == '-' || s[k] == '_')) k++;
    return k > 0 && k < n && s[k] == ':' && k + 1 < n && s[k + 1] == ' ';
}

/* A sentence: at least six words, ending in sentence punctuation (a
 * closing quote or bracket may follow it). */
static bool prose_line(const char *s, size_t n)
{
    while (n && (is_space(s[n - 1]) || s[n - 1] == '"' || s[n - 1] == ')' || s[n - 1] == '\'')) n--;
    if (!n) return false;
    unsigned char last = (unsigned char)s[n - 1];
    bool ends = last == '.' || last == '!' || last == '?' ||
                (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 && last == 0x82); /* 。 */
    if (!ends) return false;
    size_t words = 0;
    for (size_t i = 0; i < n; i++) words += !is_space(s[i]) && (i == 0 || is_space(s[i - 1]));
    return words >= 6 || last == 0x82;
}

const char *ng_text_not_article(const ng_article *art)
{
    size_t lines = 0, code = 0, prose = 0;
    for (size_t b = 0; b < art->blocks.len; b++) {
        ng_str t = art->blocks.items[b].text;
        size_t i = 0;
        while (i < t.len) {
            const char *nl = memchr(t.ptr + i, '\n', t.len - i);
            size_t end = nl ? (size_t)(nl - t.ptr) : t.len;
            size_t k = i;
            while (k < end && is_space(t.ptr[k])) k++;
            if (k < end) {
                lines++;
                code += code_line(t.ptr + i, end - i);
                prose += prose_line(t.ptr + i, end - i);
            }
            i = end + 1;
        }
    }
    if (lines >= 3 && code * 10 >= lines * 6 && prose * 10 <= lines && prose <= 2)
        return "code or directives, not prose";
    return NULL;
}

/* ---- page structure -------------------------------------------------------- */

static bool attr_has(const ng_node *n, const char *attr, const char *word)
{
    ng_str v = ng_node_attr(n, attr);
    size_t k = strlen(word);
    /* strncasecmp only where the first letter matches: calling it at every
     * offset was 4% of reading a page (`word` is ASCII) */
    unsigned char first = ng_ascii_lower((unsigned char)word[0]);
    for (size_t i = 0; v.len >= k && i + k <= v.len; i++)
        if (ng_ascii_lower((unsigned char)v.ptr[i]) == first && !strncasecmp(v.ptr + i, word, k)) return true;
    return false;
}

/* An element that holds one user post: its class, id or test id says
 * "comment" or "tweet". */
static bool post_element(const ng_node *n)
{
    static const char *const attrs[] = {"class", "id", "data-testid"};
    for (size_t i = 0; i < 3; i++)
        if (attr_has(n, attrs[i], "comment") || attr_has(n, attrs[i], "tweet")) return true;
    return false;
}

static bool meta_is(const ng_node *n, const char *key)
{
    return n->tag == NG_TAG_META && (ieq_n(ng_node_attr(n, "property").ptr ? ng_node_attr(n, "property").ptr : "",
                                           ng_node_attr(n, "property").len, key) ||
                                     ieq_n(ng_node_attr(n, "name").ptr ? ng_node_attr(n, "name").ptr : "",
                                           ng_node_attr(n, "name").len, key));
}

/* Whether n lies in the subtree of `top` (NULL: no). */
static bool within(const ng_node *n, const ng_node *top)
{
    if (!top) return false;
    while (n && n->depth > top->depth) n = n->parent;
    return n == top;
}

/* Appends text to b with each run of white space as one space. */
static void put_collapsed(ng_buf *b, ng_str t)
{
    for (size_t i = 0; i < t.len; i++) {
        char c = t.ptr[i];
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && b->len && b->data[b->len - 1] == ' ') continue;
        ng_buf_putc(b, space ? ' ' : c);
    }
}

static bool contains(const ng_buf *hay, const char *needle, size_t k)
{
    for (size_t i = 0; i + k <= hay->len; i++)
        if (hay->data[i] == needle[0] && !memcmp(hay->data + i, needle, k)) return true;
    return false;
}

#define POST_PROBE 24      /* bytes of a block looked up in the posts' text */
#define POST_PROBE_BLOCKS 40 /* blocks looked up at most: bounds the work */

/* The share (0..1) of the main text's bytes in blocks whose start is
 * written inside a post, over the first POST_PROBE_BLOCKS blocks long
 * enough to look up. */
static double share_in_posts(const ng_buf *posts, const ng_block *blocks, size_t n)
{
    size_t in = 0, all = 0, probed = 0;
    for (size_t i = 0; i < n; i++) {
        ng_str t = blocks[i].text;
        if (t.len < POST_PROBE || probed >= POST_PROBE_BLOCKS) continue;
        probed++;
        all += t.len;
        char probe[POST_PROBE];
        size_t k = 0;
        for (size_t j = 0; j < t.len && k < POST_PROBE; j++) {
            bool space = t.ptr[j] == ' ' || t.ptr[j] == '\n';
            if (space && k && probe[k - 1] == ' ') continue;
            probe[k++] = space ? ' ' : t.ptr[j];
        }
        if (k == POST_PROBE && contains(posts, probe, k)) in += t.len;
    }
    return all ? (double)in / (double)all : 0;
}

typedef struct evidence {
    bool video, source_code;
    size_t posts, post_text, all_text; /* visible bytes: no white space */
} evidence;

static void read_element(const ng_node *n, evidence *e)
{
    if (meta_is(n, "og:type")) {
        ng_str v = ng_node_attr(n, "content");
        if (v.len >= 5 && !strncasecmp(v.ptr, "video", 5)) e->video = true;
    }
    if (meta_is(n, "twitter:card")) {
        ng_str v = ng_node_attr(n, "content");
        if (ieq_n(v.ptr ? v.ptr : "", v.len, "player")) e->video = true;
    }
    if (attr_has(n, "itemtype", "schema.org/VideoObject") && n->tag != NG_TAG_META) e->video = true;
    if (attr_has(n, "itemtype", "schema.org/SoftwareSourceCode")) e->source_code = true;
}

static size_t visible_bytes(ng_str t)
{
    size_t n = 0;
    for (size_t i = 0; i < t.len; i++) n += t.ptr[i] != ' ' && t.ptr[i] != '\n' && t.ptr[i] != '\t' && t.ptr[i] != '\r';
    return n;
}

/* Whether the start of the longest block is written inside the form
 * field `field`: then the page shows the text for editing or copying. */
static bool text_in_field(ng_arena *a, const ng_node *field, const ng_block *blocks, size_t n)
{
    if (!field || !n) return false;
    size_t best = 0;
    for (size_t i = 1; i < n; i++) if (blocks[i].text.len > blocks[best].text.len) best = i;
    ng_str b = blocks[best].text;
    size_t k = b.len < 64 ? b.len : 64;
    ng_str f = ng_node_text(a, field);
    if (k < 16 || !f.ptr) return false;
    for (size_t i = 0; i + k <= f.len; i++)
        if (f.ptr[i] == b.ptr[0] && !memcmp(f.ptr + i, b.ptr, k)) return true;
    return false;
}

const char *ng_html_not_article(ng_arena *a, const ng_dom *dom, const ng_block *blocks, size_t n_blocks, size_t words)
{
    evidence e = {0};
    ng_buf posts = {0};
    const ng_node *largest_field = NULL;
    size_t largest_field_bytes = 0, field_bytes = 0;
    const ng_node *post = NULL, *textarea = NULL; /* the outermost one the walk is in */
    for (const ng_node *n = dom->root; n; n = ng_dom_next(dom->root, n, false)) {
        if (post && !within(n, post)) post = NULL;
        if (textarea && !within(n, textarea)) {
            if (field_bytes > largest_field_bytes) largest_field = textarea, largest_field_bytes = field_bytes;
            textarea = NULL;
        }
        if (n->type == NG_NODE_TEXT) {
            if (n->parent && n->parent->tag == NG_TAG_SCRIPT) continue;
            size_t v = visible_bytes(n->text);
            e.all_text += v;
            if (post) e.post_text += v, put_collapsed(&posts, n->text);
            if (textarea) field_bytes += n->text.len;
        } else if (n->type == NG_NODE_ELEMENT) {
            read_element(n, &e);
            if (n->tag == NG_TAG_TEXTAREA && !textarea) textarea = n, field_bytes = 0;
            if (n != dom->body && n != dom->html && post_element(n)) {
                e.posts++;
                if (!post) post = n;
            }
        }
    }
    if ((e.video && words < 150) || e.source_code) {
        ng_buf_free(&posts);
        return e.source_code ? "a source code repository page" : "a video page";
    }
    if (textarea && field_bytes > largest_field_bytes) largest_field = textarea;
    if (text_in_field(a, largest_field, blocks, n_blocks)) {
        ng_buf_free(&posts);
        return "a paste or editor page (its text is in a form field)";
    }
    /* The article's text must come mostly from the posts: more of it than
     * all the page's text outside them. A news page with a long comment
     * section keeps its story outside the comments. */
    /* Most of the page's text is in posts, and so is most of the main
     * text (a news page with a long comment section keeps its story
     * outside the comments); or half of it is, and the main text found is
     * short (the posts were not taken for the story: a social page). */
    bool thread = e.posts >= 10 && !posts.failed &&
                  ((e.post_text * 10 >= e.all_text * 7 && share_in_posts(&posts, blocks, n_blocks) >= 0.9) ||
                   (e.post_text * 2 >= e.all_text && words < 150));
    ng_buf_free(&posts);
    if (thread) return "a forum or social thread (user posts)";
    return NULL;
}
