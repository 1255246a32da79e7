/* Unit tests for metadata.c: each source of each field, their precedence,
 * broken JSON-LD, bylines and title cleanup, on small hand-written pages. */
#include "check.h"
#include "dom.h"

static ng_arena A;

static ng_article meta(const char *html, const char *url)
{
    ng_article art;
    memset(&art, 0, sizeof art);
    ng_dom dom;
    if (ng_html_parse(&A, html, strlen(html), &dom)) return art;
    CHECK(ng_html_metadata(&A, &dom, url, &art) == NULL);
    return art;
}

static const char *author(const ng_article *art, size_t i)
{
    return i < art->authors.len ? art->authors.items[i].ptr : NULL;
}

TEST(jsonld_article)
{
    ng_article a = meta("<html><head><script type=\"application/ld+json\">"
                        "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Big News Today\","
                        "\"datePublished\":\"2016-11-29T10:39:35Z\",\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},"
                        "{\"@type\":\"Person\",\"name\":\"John Roe\"},{\"@type\":\"Organization\",\"name\":\"Wire Service\"}],"
                        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"The Daily\"},\"articleSection\":[\"World\"],"
                        "\"description\":\"What happened.\",\"url\":\"https://daily.example/a\",\"inLanguage\":\"en-GB\"}"
                        "</script></head><body><p>x</p></body></html>", NULL);
    CHECK_STR(a.title.ptr, "Big News Today");
    CHECK_INT(a.authors.len, 2);
    CHECK_STR(author(&a, 0), "Jane Doe");
    CHECK_STR(author(&a, 1), "John Roe");
    CHECK_STR(a.published.ptr, "2016-11-29T10:39:35Z");
    CHECK_STR(a.outlet.ptr, "The Daily");
    CHECK_STR(a.section.ptr, "World");
    CHECK_STR(a.description.ptr, "What happened.");
    CHECK_STR(a.canonical_url.ptr, "https://daily.example/a");
    CHECK_STR(a.language.ptr, "en-GB");
}

TEST(jsonld_graph_and_several_scripts)
{
    ng_article a = meta("<head><script type=\"application/ld+json\">{\"@type\":\"Organization\",\"name\":\"Org\"}</script>"
                        "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},"
                        "{\"@type\":\"WebPage\",\"name\":\"Page name\"},"
                        "{\"@type\":[\"Article\",\"Thing\"],\"headline\":\"Graph Headline\",\"author\":\"By Ann Lee\","
                        "\"datePublished\":\"2020-01-02\"}]}</script></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "Graph Headline"); /* Article beats WebPage */
    CHECK_STR(author(&a, 0), "Ann Lee");
    CHECK_STR(a.published.ptr, "2020-01-02");
}

TEST(jsonld_malformed)
{
    /* a trailing comma and a raw newline inside a string, in an HTML comment: repaired */
    ng_article a = meta("<head><script type=\"application/ld+json\"><!--\n{\"@type\":\"NewsArticle\",\"headline\":\"Line\none\","
                        "\"author\":{\"name\":\"Kim Park\"},}\n--></script></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "Line one");
    CHECK_STR(author(&a, 0), "Kim Park");
    /* hopeless: skipped, the meta tags still count, nothing crashes */
    a = meta("<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":</script>"
             "<script type=\"application/ld+json\">[[[[[[[[[[</script>"
             "<script type=\"application/ld+json\"></script>"
             "<meta property=\"og:title\" content=\"From OG\"></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "From OG");
    CHECK_INT(a.authors.len, 0);
}

TEST(deep_jsonld)
{
    /* nesting at the parser's cap: walked with a stack, no recursion */
    char *buf = ng_alloc(&A, 4096);
    strcpy(buf, "<script type=\"application/ld+json\">");
    size_t n = strlen(buf);
    for (int i = 0; i < 600; i++) buf[n++] = '[';
    for (int i = 0; i < 600; i++) buf[n++] = ']';
    strcpy(buf + n, "</script><title>T</title>");
    ng_article a = meta(buf, NULL);
    CHECK_STR(a.title.ptr, "T");
}

TEST(opengraph_and_meta)
{
    ng_article a = meta("<html lang=\"de\"><head><title>Ignored | Site</title>"
                        "<meta property=\"og:title\" content=\"OG Title Here\">"
                        "<meta property=\"og:site_name\" content=\"Beispiel\">"
                        "<meta property=\"og:description\" content=\"OG description\">"
                        "<meta name=\"description\" content=\"Plain description\">"
                        "<meta property=\"article:published_time\" content=\"2017-03-03T08:00:00+01:00\">"
                        "<meta property=\"article:section\" content=\"Politik\">"
                        "<meta property=\"article:author\" content=\"https://www.facebook.com/someone\">"
                        "<meta name=\"author\" content=\"Max Mustermann\">"
                        "<link rel=\"canonical\" href=\"https://bsp.example/x\">"
                        "</head><body></body></html>", NULL);
    CHECK_STR(a.title.ptr, "OG Title Here");
    CHECK_STR(a.outlet.ptr, "Beispiel");
    CHECK_STR(a.description.ptr, "OG description");
    CHECK_STR(a.published.ptr, "2017-03-03T08:00:00+01:00"); /* raw; the pipeline normalises */
    CHECK_STR(a.section.ptr, "Politik");
    CHECK_INT(a.authors.len, 1);
    CHECK_STR(author(&a, 0), "Max Mustermann"); /* the facebook URL is not a name */
    CHECK_STR(a.canonical_url.ptr, "https://bsp.example/x");
    CHECK_STR(a.language.ptr, "de");
}

TEST(meta_value_attribute_and_locale)
{
    ng_article a = meta("<head><meta name=\"byl\" value=\"By JOHN SMITH and Mary Jones\">"
                        "<meta property=\"og:locale\" content=\"fr_FR\">"
                        "<meta name=\"parsely-pub-date\" value=\"not a date\">"
                        "<meta name=\"sailthru.date\" value=\"2016-12-01 10:00:00\"></head><body></body>", NULL);
    CHECK_INT(a.authors.len, 2);
    CHECK_STR(author(&a, 0), "John Smith");
    CHECK_STR(author(&a, 1), "Mary Jones");
    CHECK_STR(a.language.ptr, "fr-FR");
    CHECK_STR(a.published.ptr, "2016-12-01 10:00:00"); /* the unreadable candidate is passed over */
}

TEST(date_precedence)
{
    ng_article a = meta("<head><meta name=\"date\" content=\"2016-01-01\">"
                        "<meta itemprop=\"datePublished\" content=\"2016-02-02\">"
                        "<meta property=\"article:published_time\" content=\"2016-03-03\">"
                        "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":\"2016-04-04\"}</script>"
                        "</head><body><time datetime=\"2016-05-05\" pubdate>May 5</time></body>", NULL);
    CHECK_STR(a.published.ptr, "2016-04-04");
    a = meta("<head><meta name=\"date\" content=\"2016-01-01\"><meta itemprop=\"datePublished\" content=\"2016-02-02\">"
             "</head><body></body>", NULL);
    CHECK_STR(a.published.ptr, "2016-02-02");
    a = meta("<body><article><time class=\"x\" datetime=\"junk\">x</time>"
             "<time class=\"published-date\" datetime=\"2016-05-05T10:00:00Z\">May 5</time></article></body>", NULL);
    CHECK_STR(a.published.ptr, "2016-05-05T10:00:00Z");
    a = meta("<body><div class=\"byline\">By Jo Bloggs, Updated 10:39 AM EST, Tue November 29, 2016</div></body>", NULL);
    CHECK_STR(author(&a, 0), "Jo Bloggs");
    CHECK(a.published.ptr && ng_normalize_datetime(&A, a.published.ptr, a.published.len).ptr);
}

TEST(visible_bylines)
{
    ng_article a = meta("<body><p class=\"byline\">By Jane Doe, CNN</p></body>", NULL);
    CHECK_INT(a.authors.len, 1);
    CHECK_STR(author(&a, 0), "Jane Doe");
    a = meta("<head><meta property=\"og:site_name\" content=\"CNN\"></head>"
             "<body><p class=\"byline\">By Jane Doe, CNN</p></body>", NULL);
    CHECK_INT(a.authors.len, 1);
    a = meta("<body><span>By</span><div><a href=\"/author/x\">Chris Thompson</a></div></body>", NULL);
    CHECK_STR(author(&a, 0), "Chris Thompson");
    a = meta("<body><div class=\"author-name\">By Ann Smith, Bob Jones and Cy Young</div></body>", NULL);
    CHECK_INT(a.authors.len, 3);
    CHECK_STR(author(&a, 2), "Cy Young");
    a = meta("<body><div class=\"byline\">Jane Doe, Staff Writer</div></body>", NULL);
    CHECK_INT(a.authors.len, 1);
    CHECK_STR(author(&a, 0), "Jane Doe");
    a = meta("<body><a rel=\"author\" href=\"/a\">Sam Lee</a> <a rel=\"author\" href=\"/b\">sam lee</a></body>", NULL);
    CHECK_INT(a.authors.len, 1); /* deduplicated without regard to case */
    a = meta("<body><div class=\"byline\">By\n<a>Ed Ward</a>\nDecember 15, 2016 3:33 PM ET</div></body>", NULL);
    CHECK_STR(author(&a, 0), "Ed Ward");
    a = meta("<head><meta name=\"author\" content=\"Gillman, Steve\"></head><body></body>", NULL);
    CHECK_STR(author(&a, 0), "Steve Gillman");
    a = meta("<head><meta name=\"author\" content=\"Big Media Co\"><meta name=\"copyright\" content=\"(c) Big Media Co 2022\">"
             "<meta property=\"article:author\" content=\"Emma Grey Ellis\"></head><body></body>", NULL);
    CHECK_INT(a.authors.len, 1);
    CHECK_STR(author(&a, 0), "Emma Grey Ellis"); /* the copyright holder is not the author */
    a = meta("<head><meta name=\"author\" content=\"Cond&#xE9; Nast\"><meta name=\"copyright\" content=\"Cond&#xE9; Nast\">"
             "<meta property=\"article:author\" content=\"Emma Grey Ellis\"></head><body></body>", NULL);
    CHECK_STR(author(&a, 0), "Emma Grey Ellis"); /* non-ASCII bytes compare too */
    a = meta("<body><div class=\"byline\">jane@example.com</div><div class=\"author\">"
             "This is a very long sentence that is not a name at all</div></body>", NULL);
    CHECK_INT(a.authors.len, 0);
}

TEST(title_cleanup)
{
    ng_article a = meta("<head><title>Why Trump won\xe2\x80\x99t change - CNN</title></head><body></body>",
                        "https://www.cnn.com/2016/11/29/x");
    CHECK_STR(a.title.ptr, "Why Trump won\xe2\x80\x99t change");
    a = meta("<head><title>A Long Story About Things | The Guardian</title>"
             "<meta property=\"og:site_name\" content=\"The Guardian\"></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "A Long Story About Things");
    a = meta("<head><title>Story headline here \xe2\x80\x94 Site Name</title></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "Story headline here");
    a = meta("<head><title>Box Office: It's Good</title></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "Box Office: It's Good"); /* a colon is the title's own */
    a = meta("<head><title>  Spaced \n  out   title </title></head><body></body>", NULL);
    CHECK_STR(a.title.ptr, "Spaced out title");
    /* one clear <h1> beats the social title */
    a = meta("<head><meta property=\"og:title\" content=\"Short social\"></head>"
             "<body><h1>The Real Visible <em>Headline</em></h1></body>", NULL);
    CHECK_STR(a.title.ptr, "The Real Visible Headline");
}

TEST(keeps_what_is_set)
{
    ng_article art;
    memset(&art, 0, sizeof art);
    art.title = ng_strdup(&A, "Given");
    art.published = ng_strdup(&A, "2001-01-01");
    const char *html = "<head><title>Other</title><meta name=\"date\" content=\"2016-01-01\"></head>";
    ng_dom dom;
    CHECK(ng_html_parse(&A, html, strlen(html), &dom) == NULL);
    CHECK(ng_html_metadata(&A, &dom, NULL, &art) == NULL);
    CHECK_STR(art.title.ptr, "Given");
    CHECK_STR(art.published.ptr, "2001-01-01");
}

TEST(empty_page)
{
    ng_article a = meta("", NULL);
    CHECK(a.title.ptr == NULL);
    CHECK_INT(a.authors.len, 0);
    a = meta("<meta><link><time><script type=application/ld+json>", "not a url");
    CHECK(a.title.ptr == NULL);
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(jsonld_article);
    RUN(jsonld_graph_and_several_scripts);
    RUN(jsonld_malformed);
    RUN(deep_jsonld);
    RUN(opengraph_and_meta);
    RUN(meta_value_attribute_and_locale);
    RUN(date_precedence);
    RUN(visible_bylines);
    RUN(title_cleanup);
    RUN(keeps_what_is_set);
    RUN(empty_page);
    ng_arena_free(&A);
    return check_report("metadata");
}
