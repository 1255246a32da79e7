/* Unit tests for the HTML tokenizer and tree builder (html.c). Most compare
 * a serialisation of the tree ("<p a=\"1\">text</p>") so a failure shows
 * the whole structure; the document's html/head/body are left out by
 * body() when they are the implied ones. */
#include "check.h"
#include "dom.h"

#include <stdlib.h>
#include <time.h>

static ng_arena A;

/* The subtree under n (n excluded), iteratively, as markup. Text is
 * written as is; element names and attributes in source order. */
static const char *serialize(const ng_node *n)
{
    ng_buf b = {0};
    const ng_node *c = n->first_child;
    while (c) {
        if (c->type == NG_NODE_TEXT) {
            ng_buf_put(&b, c->text.ptr, c->text.len);
        } else {
            ng_buf_printf(&b, "<%s", c->name.ptr);
            for (uint32_t i = 0; i < c->n_attrs; i++)
                ng_buf_printf(&b, " %s=\"%s\"", c->attrs[i].name.ptr, c->attrs[i].value.ptr);
            ng_buf_putc(&b, '>');
            if (c->first_child) { c = c->first_child; continue; }
            ng_buf_printf(&b, "</%s>", c->name.ptr);
        }
        while (c != n && !c->next) {
            c = c->parent;
            if (c != n) ng_buf_printf(&b, "</%s>", c->name.ptr);
        }
        c = c == n ? NULL : c->next;
    }
    ng_str s = ng_strndup(&A, b.data ? b.data : "", b.len);
    ng_buf_free(&b);
    return s.ptr;
}

static ng_dom parse(const char *html)
{
    ng_dom d;
    const char *err = ng_html_parse(&A, html, strlen(html), &d);
    if (err) fprintf(stderr, "parse error: %s\n", err);
    return d;
}

/* The body's content. */
static const char *body(const char *html)
{
    ng_dom d = parse(html);
    return d.body ? serialize(d.body) : "(no body)";
}

static const char *whole(const char *html)
{
    ng_dom d = parse(html);
    return serialize(d.root);
}

TEST(tag_lookup)
{
    CHECK_INT(ng_tag_lookup("div", 3), NG_TAG_DIV);
    CHECK_INT(ng_tag_lookup("a", 1), NG_TAG_A);
    CHECK_INT(ng_tag_lookup("blockquote", 10), NG_TAG_BLOCKQUOTE);
    CHECK_INT(ng_tag_lookup("h6", 2), NG_TAG_H6);
    CHECK_INT(ng_tag_lookup("param", 5), NG_TAG_PARAM);
    CHECK_INT(ng_tag_lookup("divx", 4), NG_TAG_OTHER);
    CHECK_INT(ng_tag_lookup("", 0), NG_TAG_OTHER);
    /* every id maps back from its name */
    static const char *const names[] = {
#define N(id, name) name,
        NG_TAGS(N)
#undef N
    };
    int ok = 1;
    for (int t = 1; t < NG_TAG_COUNT; t++) ok &= ng_tag_lookup(names[t], strlen(names[t])) == (ng_tag)t;
    CHECK(ok);
}

TEST(entities_named)
{
    CHECK_STR(body("a&amp;b &lt;&gt; &quot;&apos;"), "a&b <> \"'");
    CHECK_STR(body("&nbsp;&mdash;&rsquo;&eacute;&hellip;&euro;&copy;"),
              "\xc2\xa0\xe2\x80\x94\xe2\x80\x99\xc3\xa9\xe2\x80\xa6\xe2\x82\xac\xc2\xa9");
    CHECK_STR(body("&CounterClockwiseContourIntegral;"), "\xe2\x88\xb3");
    CHECK_STR(body("&nGt;"), "\xe2\x89\xab\xe2\x83\x92"); /* two code points */
    /* legacy names without ';' */
    CHECK_STR(body("a&amp b&lt c &copy 2024&nbsp;x &eacutex"), "a& b< c \xc2\xa9 2024\xc2\xa0x \xc3\xa9x");
    CHECK_STR(body("&notit; &notin;"), "\xc2\xacit; \xe2\x88\x89");
    /* not references */
    CHECK_STR(body("&mdash &bogus; & x &; &#; &#x; &"), "&mdash &bogus; & x &; &#; &#x; &");
}

TEST(entities_numeric)
{
    CHECK_STR(body("&#65;&#x42;&#X43;&#0068"), "ABCD");
    CHECK_STR(body("&#x1F600;"), "\xf0\x9f\x98\x80");
    CHECK_STR(body("&#150;&#x80;&#153;"), "\xe2\x80\x93\xe2\x82\xac\xe2\x84\xa2"); /* windows-1252 */
    CHECK_STR(body("&#129;"), "\xc2\x81");
    CHECK_STR(body("&#0;&#xD800;&#x110000;&#99999999999999;"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(attributes)
{
    CHECK_STR(body("<a href=\"x y\" title='t\"' data-x=raw checked id = sp CLASS=Up>z</a>"),
              "<a href=\"x y\" title=\"t\"\" data-x=\"raw\" checked=\"\" id=\"sp\" class=\"Up\">z</a>");
    CHECK_STR(body("<a id=1 id=2 ID=3>z</a>"), "<a id=\"1\">z</a>");
    CHECK_STR(body("<a href=\"?a=1&amp;b=2&copy=3&lt;\">z</a>"), "<a href=\"?a=1&b=2&copy=3<\">z</a>");
    CHECK_STR(body("<img src=a.png/><br/>x"), "<img src=\"a.png/\"></img><br></br>x");
    CHECK_STR(body("<img src=\"a.png\" />x"), "<img src=\"a.png\"></img>x");
    CHECK_STR(body("<DIV Class=\"c\">x</DiV>"), "<div class=\"c\">x</div>");
    CHECK_STR(body("<p =a b=>x</p>"), "<p =a=\"\" b=\"\">x</p>");
    CHECK_STR(body("<p a=\"caf\xc3\xa9\">\xe6\x97\xa5\xe6\x9c\xac</p>"), "<p a=\"caf\xc3\xa9\">\xe6\x97\xa5\xe6\x9c\xac</p>");
    ng_dom d = parse("<p x-y=\"1\">q</p>");
    CHECK_STR(ng_node_attr(d.body->first_child, "x-y").ptr, "1");
    CHECK(ng_node_attr(d.body->first_child, "z").ptr == NULL);
    CHECK_STR(body("<p a=\"unterminated>x</p>"), "");           /* EOF in the tag drops it */
    CHECK_STR(body("x<div class"), "x");
}

TEST(comments)
{
    CHECK_STR(body("a<!-- c -->b"), "ab");
    CHECK(parse("a<!-- c -->b").body->first_child->next == NULL); /* one merged text node */
    CHECK_STR(body("a<!-->b<!--->c"), "abc");
    CHECK_STR(body("a<!-- x --!>b"), "ab");
    CHECK_STR(body("a<!-- - -- ->b -->c"), "ac");
    CHECK_STR(body("a<!-- x <p>never closed"), "a");
    CHECK_STR(body("<!DOCTYPE html><?xml x?>a<![CDATA[x]]>b<!x>c</ x>d</>e"), "abcde");
}

TEST(script_style)
{
    CHECK_STR(body("<body><script>var s = \"</div>\"; if (a<b) {}</script>x"), "<script></script>x");
    CHECK_STR(body("<body><script>x</SCRIPT >y"), "<script></script>y");
    CHECK_STR(body("<body><script>x</scripty></script>z"), "<script></script>z");
    CHECK_STR(body("<p>a<script>never closed <p>b"), "<p>a<script></script></p>");
    CHECK_STR(body("<body><style>p{}</style>x"), "<style></style>x");
    ng_dom d = parse("<head><script type=\"Application/LD+JSON; charset=utf-8\">{\"a\":\"</p>&amp;\"}</script>"
                     "<script type=application/json>{}</script></head>");
    CHECK_STR(serialize(d.head),
              "<script type=\"Application/LD+JSON; charset=utf-8\">{\"a\":\"</p>&amp;\"}</script>"
              "<script type=\"application/json\"></script>");
    CHECK_STR(body("<body><noscript><p>Real &amp; article</p></noscript>"), "<noscript><p>Real & article</p></noscript>");
    CHECK_STR(body("a<template><p>x<template>y</template>z</p></template>b"), "a<template></template>b");
    CHECK_STR(body("<iframe><p>x</iframe>y<xmp><b>&amp;</xmp>"), "<iframe></iframe>y<xmp><b>&amp;</xmp>");
    CHECK_STR(body("<plaintext>a</plaintext><b>"), "<plaintext>a</plaintext><b></plaintext>");
}

TEST(rcdata)
{
    ng_dom d = parse("<title>A <b>bold</b> &amp; title</title><textarea>x</p>y</textarea>");
    CHECK_STR(serialize(d.head), "<title>A <b>bold</b> & title</title>");
    CHECK_STR(serialize(d.body), "<textarea>x</p>y</textarea>");
    /* An unclosed title ends at the next tag or line (not the spec's EOF):
     * such pages are spliced captures, and the body is what matters. */
    CHECK_STR(whole("<title>unclosed <p>x"), "<html><head><title>unclosed </title></head><body><p>x</p></body></html>");
    CHECK_STR(whole("<title>two\nlines<p>x"), "<html><head><title>two</title></head><body>lines<p>x</p></body></html>");
}

TEST(implied_end_tags)
{
    CHECK_STR(body("<p>a<p>b<div>c</div>d"), "<p>a</p><p>b</p><div>c</div>d");
    CHECK_STR(body("<ul><li>a<li>b<ul><li>c</ul><li>d</ul>"), "<ul><li>a</li><li>b<ul><li>c</li></ul></li><li>d</li></ul>");
    CHECK_STR(body("<li>a<div>b<li>c"), "<li>a<div>b</div></li><li>c</li>");
    CHECK_STR(body("<dl><dt>a<dd>b<dt>c</dl>"), "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>");
    CHECK_STR(body("<h1>a<h2>b</h2>c"), "<h1>a</h1><h2>b</h2>c");
    CHECK_STR(body("<h1>a</h2>b"), "<h1>a</h1>b");
    CHECK_STR(body("<select><option>a<option>b</select>"), "<select><option>a</option><option>b</option></select>");
    CHECK_STR(body("<table><tr><td>a<td>b<tr><th>c</table>d"),
              "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>d");
    CHECK_STR(body("<table><tbody><tr><td>a<tbody><tr><td>b</table>"),
              "<table><tbody><tr><td>a</td></tr></tbody><tbody><tr><td>b</td></tr></tbody></table>");
    CHECK_STR(body("<table><tr><td><p>a</table><p>b"), "<table><tr><td><p>a</p></td></tr></table><p>b</p>");
    CHECK_STR(body("<p>a<table><tr><td>b</td></tr></table>"), "<p>a</p><table><tr><td>b</td></tr></table>");
    CHECK_STR(body("<a href=1>a<a href=2>b</a>"), "<a href=\"1\">a</a><a href=\"2\">b</a>");
    CHECK_STR(body("<pre>\nx\n</pre>"), "<pre>x\n</pre>");
}

TEST(stray_end_tags)
{
    CHECK_STR(body("<div>a</div></div>b</span></p>c"), "<div>a</div>bc");
    CHECK_STR(body("<div><span>a</div>b"), "<div><span>a</span></div>b");
    CHECK_STR(body("<span><div>a</span>b</div>c"), "<span><div>ab</div>c</span>");
    CHECK_STR(body("<td>a</table>b"), "<td>ab</td>");
    CHECK_STR(body("a</br>b"), "a<br></br>b");
    CHECK_STR(body("<table><tr><td><div>a</td>b</table>"), "<table><tr><td><div>a</div></td>b</tr></table>");
    CHECK_STR(body("<x-a><x-b>a</x-a>b"), "<x-a><x-b>a</x-b></x-a>b");
    CHECK_STR(body("a</body></html>b<p>c"), "ab<p>c</p>");
}

TEST(misnested_formatting)
{
    CHECK_STR(body("<b>1<i>2</b>3</i>4"), "<b>1<i>2</i></b>34");
    ng_dom d = parse("<p><b>one <i>two</b> three</i> four</p>");
    CHECK_STR(ng_node_text(&A, d.body).ptr, "one two three four");
}

TEST(implied_structure)
{
    CHECK_STR(whole(""), "<html><head></head><body></body></html>");
    CHECK_STR(whole("x"), "<html><head></head><body>x</body></html>");
    CHECK_STR(whole("<meta charset=utf-8><title>T</title>\n<p>x"),
              "<html><head><meta charset=\"utf-8\"></meta><title>T</title></head><body><p>x</p></body></html>");
    CHECK_STR(whole("<html lang=en><head>\n<link rel=a>\n</head>\n<body class=b>\n<p>x</p>\n</body>\n</html>\n"),
              "<html lang=\"en\"><head><link rel=\"a\"></link></head><body class=\"b\">\n<p>x</p>\n\n\n</body></html>");
    CHECK_STR(whole("<head><meta a=1>text<meta b=2>"),
              "<html><head><meta a=\"1\"></meta></head><body>text<meta b=\"2\"></meta></body></html>");
    CHECK_STR(whole("<head></head><meta a=1><body>"),
              "<html><head><meta a=\"1\"></meta></head><body></body></html>");
    CHECK_STR(whole("<div>a</div><body id=x><html lang=fr><body id=y class=z>"),
              "<html lang=\"fr\"><head></head><body id=\"x\" class=\"z\"><div>a</div></body></html>");
    CHECK_STR(whole("<head><noscript><link rel=x><p>a</noscript>"),
              "<html><head><noscript><link rel=\"x\"></link></noscript></head><body><p>a</p></body></html>");
    ng_dom d = parse("<p>x");
    CHECK(d.html && d.head && d.body && d.root->first_child == d.html);
    CHECK(d.html->depth == 1 && d.body->depth == 2 && d.body->first_child->depth == 3);
    CHECK_INT(d.n_nodes, 6); /* document, html, head, body, p, text */
}

TEST(plain_lt_amp)
{
    CHECK_STR(body("a < b && c <3 <= d<"), "a < b && c <3 <= d<");
    CHECK_STR(body("1<2 x</"), "1<2 x</");
    CHECK_STR(body("\xc3\xa9t\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80"), "\xc3\xa9t\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80");
    CHECK_STR(body("a\r\nb\tc"), "a\r\nb\tc"); /* the encoding stage normalises line ends, not the parser */
}

TEST(node_text_and_walk)
{
    ng_dom d = parse("<div>a<p>b<i>c</i></p>d</div><p>e</p>");
    CHECK_STR(ng_node_text(&A, d.body).ptr, "abcde");
    const ng_node *div = d.body->first_child;
    CHECK_STR(ng_node_text(&A, div).ptr, "abcd");
    int n = 0;
    for (const ng_node *c = div; c; c = ng_dom_next(div, c, false)) n++;
    CHECK_INT(n, 7); /* div a p b i c d */
    CHECK(ng_dom_next(div, div, true) == NULL);
    CHECK(ng_dom_next(d.body, div, true) == div->next);
    CHECK_STR(ng_node_text(&A, div->first_child).ptr, "a");
}

TEST(deep_nesting)
{
    size_t depth = 300000;
    ng_buf b = {0};
    for (size_t i = 0; i < depth; i++) ng_buf_puts(&b, "<div>x");
    for (size_t i = 0; i < depth; i++) ng_buf_puts(&b, "</div>");
    ng_buf_puts(&b, "<p>end</p>");
    clock_t t0 = clock();
    ng_dom d;
    CHECK(ng_html_parse(&A, b.data, b.len, &d) == NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 1.0);
    size_t max_depth = 0, xs = 0;
    for (const ng_node *c = d.root; c; c = ng_dom_next(d.root, c, false)) {
        if (c->depth > max_depth) max_depth = c->depth;
        if (c->parent && c->depth != c->parent->depth + 1) max_depth = 99999;
    }
    CHECK(max_depth <= NG_DOM_MAX_DEPTH);
    ng_str text = ng_node_text(&A, d.body);
    for (size_t i = 0; i < text.len; i++) xs += text.ptr[i] == 'x';
    CHECK_INT(xs, depth);
    CHECK(text.len >= 3 && !strcmp(text.ptr + text.len - 3, "end"));
    CHECK(d.body->last_child->tag == NG_TAG_P); /* the end tags unwound the stack */
    ng_buf_free(&b);

    /* unclosed formatting elements and table cells, deep */
    for (size_t i = 0; i < depth; i++) ng_buf_puts(&b, "<b><td><li>y");
    CHECK(ng_html_parse(&A, b.data, b.len, &d) == NULL);
    xs = 0;
    text = ng_node_text(&A, d.body);
    for (size_t i = 0; i < text.len; i++) xs += text.ptr[i] == 'y';
    CHECK_INT(xs, depth);
    ng_buf_free(&b);
}

TEST(big_inputs)
{
    size_t n = 1 << 20;
    char *html = malloc(n + 64);
    strcpy(html, "<a title=\"");
    size_t o = strlen(html);
    memset(html + o, 'v', n);
    o += n;
    strcpy(html + o, "\">x</a>");
    ng_dom d;
    CHECK(ng_html_parse(&A, html, strlen(html), &d) == NULL);
    const ng_node *a = d.body->first_child;
    CHECK(a && a->tag == NG_TAG_A && ng_node_attr(a, "title").len == n);
    free(html);

    ng_buf b = {0};
    for (int i = 0; i < 100000; i++) ng_buf_puts(&b, "<span>s</span> ");
    CHECK(ng_html_parse(&A, b.data, b.len, &d) == NULL);
    size_t kids = 0;
    for (const ng_node *c = d.body->first_child; c; c = c->next) kids++;
    CHECK_INT(kids, 200000);
    CHECK_INT(d.n_nodes, 4 + 300000);
    ng_buf_free(&b);
}

TEST(out_of_memory)
{
    ng_arena small;
    ng_arena_init(&small, 64 << 10);
    ng_buf b = {0};
    for (int i = 0; i < 10000; i++) ng_buf_puts(&b, "<p>para</p>");
    ng_dom d;
    CHECK_STR(ng_html_parse(&small, b.data, b.len, &d), "out of memory");
    ng_arena_free(&small);
    ng_buf_free(&b);
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(tag_lookup);
    RUN(entities_named);
    RUN(entities_numeric);
    RUN(attributes);
    RUN(comments);
    RUN(script_style);
    RUN(rcdata);
    RUN(implied_end_tags);
    RUN(stray_end_tags);
    RUN(misnested_formatting);
    RUN(implied_structure);
    RUN(plain_lt_amp);
    RUN(node_text_and_walk);
    RUN(deep_nesting);
    RUN(big_inputs);
    RUN(out_of_memory);
    ng_arena_free(&A);
    return check_report("html");
}
