/* Unit tests for main-content extraction (content.c) through ng_read_html. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>

/* A paragraph long enough to score as prose. */
#define PROSE(w) "<p>" w " said the council had approved the plan on Tuesday, after a long debate, " \
                 "and that work on the new bridge would begin in the spring, weather permitting.</p>"

typedef struct result {
    ng_arena a;
    ng_article art;
    const char *err;
} result;

static void read_page(result *r, const char *html)
{
    ng_arena_init(&r->a, 0);
    memset(&r->art, 0, sizeof r->art);
    r->art.is_article = true;
    r->err = ng_read_html(&r->a, html, strlen(html), NULL, &r->art);
}

/* The blocks joined by "|" (kinds ignored), in the arena. */
static const char *joined(result *r)
{
    size_t n = 1;
    for (size_t i = 0; i < r->art.blocks.len; i++) n += r->art.blocks.items[i].text.len + 1;
    char *s = ng_alloc(&r->a, n), *p = s;
    for (size_t i = 0; i < r->art.blocks.len; i++) {
        if (i) *p++ = '|';
        memcpy(p, r->art.blocks.items[i].text.ptr, r->art.blocks.items[i].text.len);
        p += r->art.blocks.items[i].text.len;
    }
    *p = '\0';
    return s;
}

static bool has(result *r, const char *needle) { return strstr(joined(r), needle) != NULL; }

TEST(boilerplate_removed_body_kept)
{
    result r;
    read_page(&r, "<html><head><title>Bridge plan approved</title></head><body>"
                  "<header><a href=/>Home</a> <a href=/news>News</a></header>"
                  "<nav><ul><li><a href=/a>Politics</a></li><li><a href=/b>Sport</a></li></ul></nav>"
                  "<div class=cookie-banner>We use cookies to improve your experience.</div>"
                  "<article><h1>Bridge plan approved</h1>"
                  PROSE("First, the mayor") PROSE("Second, the engineer") PROSE("Third, the resident")
                  "<div class=share-tools><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>"
                  "</article>"
                  "<section id=comments><p>Great news, finally, after all these years of waiting for it!</p></section>"
                  "<footer>Copyright 2026 The Daily Example. All rights reserved.</footer>"
                  "<script>var x = 'script text';</script></body></html>");
    CHECK(r.err == NULL);
    CHECK(r.art.is_article);
    CHECK_INT(r.art.blocks.len, 3);
    CHECK(has(&r, "First, the mayor said"));
    const char *all = joined(&r);
    CHECK(strstr(all, "Second") > strstr(all, "First")); /* document order */
    CHECK(!has(&r, "cookies"));
    CHECK(!has(&r, "Share on"));
    CHECK(!has(&r, "Great news"));
    CHECK(!has(&r, "Copyright"));
    CHECK(!has(&r, "script text"));
    CHECK(!has(&r, "Politics"));
    CHECK(!has(&r, "Bridge plan approved")); /* the headline repeats the title */
    ng_arena_free(&r.a);
}

TEST(block_kinds_and_breaks)
{
    result r;
    read_page(&r, "<body><div class=article-body>" PROSE("The mayor")
                  "<h2>What happens next</h2>"
                  "<p>Line one<br>line two</p><p>Part A<br><br>Part B</p>"
                  "<ul><li>Phase one starts in March, with the approach roads</li><li>Phase two follows in June</li></ul>"
                  "<blockquote>We waited twenty years for this bridge.</blockquote>"
                  "<pre>code  block</pre>"
                  "<table><tr><td>Cost</td><td>$40m</td></tr></table>"
                  PROSE("The engineer") "</div></body>");
    CHECK(r.err == NULL);
    const ng_block *b = r.art.blocks.items;
    size_t n = r.art.blocks.len;
    CHECK_INT(n, 11);
    if (n == 11) {
        CHECK_INT(b[1].kind, NG_BLOCK_HEADING);
        CHECK(b[2].text.len == 17 && memcmp(b[2].text.ptr, "Line one\nline two", 17) == 0);
        CHECK(b[3].text.len == 6 && memcmp(b[3].text.ptr, "Part A", 6) == 0);
        CHECK(b[4].text.len == 6 && memcmp(b[4].text.ptr, "Part B", 6) == 0);
        CHECK_INT(b[5].kind, NG_BLOCK_LIST_ITEM);
        CHECK_INT(b[6].kind, NG_BLOCK_LIST_ITEM);
        CHECK_INT(b[7].kind, NG_BLOCK_QUOTE);
        CHECK_INT(b[8].kind, NG_BLOCK_PRE);
        CHECK_INT(b[9].kind, NG_BLOCK_TABLE_ROW);
        CHECK(has(&r, "Cost | $40m"));
        CHECK_INT(b[10].kind, NG_BLOCK_PARAGRAPH);
    }
    ng_arena_free(&r.a);
}

TEST(hidden_elements_dropped)
{
    result r;
    read_page(&r, "<body><div id=content>" PROSE("The mayor")
                  "<p hidden>Secret hidden paragraph.</p>"
                  "<p style=\"display: none\">Invisible paragraph.</p>"
                  "<div aria-hidden=true>Decorative text.</div>"
                  PROSE("The engineer") "</div></body>");
    CHECK(r.err == NULL);
    CHECK(!has(&r, "Secret"));
    CHECK(!has(&r, "Invisible"));
    CHECK(!has(&r, "Decorative"));
    CHECK_INT(r.art.blocks.len, 2);
    ng_arena_free(&r.a);
}

TEST(siblings_merged)
{
    /* The body split across sibling containers, with a link list between. */
    result r;
    read_page(&r, "<body><div class=wrap>"
                  "<div class=text-block>" PROSE("One") PROSE("Two") "</div>"
                  "<div class=teasers><a href=/1>Other story one</a><a href=/2>Other story two</a>"
                  "<a href=/3>Other story three</a></div>"
                  "<div class=text-block>" PROSE("Three") PROSE("Four") "</div>"
                  "</div><div class=sidebar>" PROSE("Sidebar") "</div></body>");
    CHECK(r.err == NULL);
    CHECK(has(&r, "One said"));
    CHECK(has(&r, "Four said"));
    CHECK(!has(&r, "Other story"));
    CHECK(!has(&r, "Sidebar said"));
    ng_arena_free(&r.a);
}

TEST(marked_article_body_preferred)
{
    result r;
    read_page(&r, "<body><div>" PROSE("Teaser one") PROSE("Teaser two") "</div>"
                  "<div itemprop=articleBody>" PROSE("Body one") PROSE("Body two") "</div></body>");
    CHECK(r.err == NULL);
    CHECK(has(&r, "Body one"));
    CHECK(!has(&r, "Teaser"));
    ng_arena_free(&r.a);
}

TEST(page_wide_form_kept)
{
    /* ASP.NET wraps the whole page in a form; a search form is dropped. */
    result r;
    read_page(&r, "<body><form method=post><div class=story>" PROSE("One") PROSE("Two") PROSE("Three")
                  "</div><form><input name=q><button>Search the archive</button></form></form></body>");
    CHECK(r.err == NULL);
    CHECK(has(&r, "Two said"));
    CHECK(!has(&r, "Search"));
    ng_arena_free(&r.a);
}

TEST(not_an_article)
{
    result r;
    read_page(&r, "<body><ul><li><a href=/1>Story one</a></li><li><a href=/2>Story two</a></li></ul></body>");
    CHECK(r.err == NULL);
    CHECK(!r.art.is_article);
    CHECK(r.art.not_article_reason.ptr != NULL);
    ng_arena_free(&r.a);

    read_page(&r, "");
    CHECK(r.err == NULL);
    CHECK(!r.art.is_article);
    CHECK_INT(r.art.blocks.len, 0);
    ng_arena_free(&r.a);
}

TEST(deep_nesting_is_linear)
{
    /* Deeper than the parser's cap, with text at the bottom: no recursion
     * anywhere, and the text is still found. */
    enum { DEPTH = 3000 };
    const char *p = PROSE("Deep") PROSE("Deeper");
    size_t n = DEPTH * 11 + strlen(p) + 64;
    char *html = malloc(n), *o = html;
    CHECK(html != NULL);
    if (!html) return;
    o += sprintf(o, "<body>");
    for (int i = 0; i < DEPTH; i++) o += sprintf(o, "<div>");
    o += sprintf(o, "%s", p);
    for (int i = 0; i < DEPTH; i++) o += sprintf(o, "</div>");
    result r;
    read_page(&r, html);
    CHECK(r.err == NULL);
    CHECK(has(&r, "Deep said"));
    CHECK(has(&r, "Deeper said"));
    ng_arena_free(&r.a);
    free(html);
}

TEST(out_of_memory_is_reported)
{
    result r;
    const char *html = "<body><div class=article>" PROSE("One") PROSE("Two") "</div></body>";
    for (size_t limit = 1024; limit <= 64 << 10; limit *= 2) {
        ng_arena_init(&r.a, limit);
        memset(&r.art, 0, sizeof r.art);
        r.err = ng_read_html(&r.a, html, strlen(html), NULL, &r.art);
        CHECK(r.err == NULL || strcmp(r.err, "out of memory") == 0);
        ng_arena_free(&r.a);
    }
}

int main(void)
{
    RUN(boilerplate_removed_body_kept);
    RUN(block_kinds_and_breaks);
    RUN(hidden_elements_dropped);
    RUN(siblings_merged);
    RUN(marked_article_body_preferred);
    RUN(page_wide_form_kept);
    RUN(not_an_article);
    RUN(deep_nesting_is_linear);
    RUN(out_of_memory_is_reported);
    return check_report("content");
}
