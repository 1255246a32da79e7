/*
 * test_pagekind.c: pages that are not articles (src/pagekind.c), junk left
 * in the text (src/junk.c), the wire-copy rules on HTML blocks
 * (ng_wire_blocks) and the metadata fixes of issue 17, through the
 * pipeline as a user sees them.
 */
#include "check.h"
#include "internal.h"
#include "pagekind.h"

#include <stdlib.h>

TEST(site_files_by_name)
{
    CHECK(ng_file_not_article("mirror/style.css", NULL) != NULL);
    CHECK(ng_file_not_article("mirror/js/app.js", NULL) != NULL);
    CHECK(ng_file_not_article("mirror/robots.txt", NULL) != NULL);
    CHECK(ng_file_not_article("mirror/data.json.gz", NULL) != NULL);
    CHECK(ng_file_not_article("samples/story.txt", NULL) == NULL);
    CHECK(ng_file_not_article("page.html.gz", NULL) == NULL);
    CHECK(ng_file_not_article("crawl.warc.gz", NULL) == NULL);
    CHECK(ng_file_not_article(NULL, "https://example.com/static/site.css?v=3") != NULL);
    /* the URL, when there is one, says what the document is */
    CHECK(ng_file_not_article("saved.css", "https://example.com/news/2024/story") == NULL);
    CHECK(ng_file_not_article(NULL, NULL) == NULL);
}

static ng_article text_article(ng_arena *a, const char *text)
{
    ng_article art;
    memset(&art, 0, sizeof art);
    ng_article_add_block(a, &art, ng_strdup(a, text), NG_BLOCK_PARAGRAPH);
    return art;
}

TEST(code_and_directives_are_not_prose)
{
    ng_arena a;
    ng_arena_init(&a, 1 << 20);
    ng_article css = text_article(&a, "body { margin: 0; }\n.nav a { color: #333; }\n@media print {\n  .ad { display: none; }\n}");
    CHECK(ng_text_not_article(&css) != NULL);
    ng_article robots = text_article(&a, "User-agent: *\nDisallow: /admin/\nDisallow: /search\nAllow: /news/");
    CHECK(ng_text_not_article(&robots) != NULL);
    ng_article prose = text_article(&a, "The council met on Monday.\nIt voted to close the bridge for repairs.\n"
                                        "Residents said they were not consulted about the plan at all.");
    CHECK(ng_text_not_article(&prose) == NULL);
    ng_arena_free(&a);
}

typedef struct seen { char *json; } seen;

static void keep(void *ud, const ng_record *rec)
{
    seen *s = ud;
    ng_buf b = {0};
    ng_record_json(&b, rec, false);
    free(s->json);
    s->json = b.data ? strndup(b.data, b.len) : NULL;
    ng_buf_free(&b);
}

/* The JSON record of one document named `name`. Caller frees. */
static char *extract(const char *name, const char *doc)
{
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, NULL);
    seen s = {NULL};
    ng_sink sink = {keep, NULL, &s};
    ng_process_memory(p, name, doc, strlen(doc), &sink);
    ng_pipeline_free(p);
    return s.json ? s.json : strdup("");
}

static const char *STORY =
    "<p>The city council voted on Monday to close the old harbour bridge for repairs, after engineers found "
    "cracks in two of its supports during a routine inspection earlier this month.</p>"
    "<p>The closure will last at least six weeks, officials said, and ferries will run every half hour "
    "between the two banks while the work goes on, at no cost to passengers.</p>"
    "<p>Shop owners near the bridge said they feared losing customers during the busiest weeks of the year, "
    "and asked the council to speed up the work where it could.</p>";

static char *page(const char *head, const char *body)
{
    size_t n = strlen(head) + strlen(body) + 128;
    char *s = malloc(n);
    snprintf(s, n, "<html><head><title>T</title>%s</head><body>%s</body></html>", head, body);
    return s;
}

TEST(site_file_in_a_mirror_is_not_an_article)
{
    char *j = extract("mirror/style.css", "body { margin: 0; }\n.article p { line-height: 1.5; }\n");
    CHECK(strstr(j, "\"is_article\":false") != NULL);
    free(j);
    j = extract("mirror/notes.txt", "body { margin: 0; }\n.article p { line-height: 1.5; }\nh1 { font-size: 2em; }\n");
    CHECK(strstr(j, "\"is_article\":false") != NULL);
    free(j);
}

TEST(video_page_with_little_text)
{
    char *h = page("<meta property=\"og:type\" content=\"video.other\">",
                   "<div><p>Keynote by a speaker at a conference about programming languages, recorded live in "
                   "front of an audience of about four hundred developers.</p>"
                   "<p>The talk covers the history of the language, its new features and the plans of its "
                   "authors for the next two releases.</p></div>");
    char *j = extract("v.html", h);
    CHECK(strstr(j, "\"is_article\":false") != NULL);
    CHECK(strstr(j, "video") != NULL);
    free(j);
    free(h);
    /* a news story with a video player is still a story */
    char *body = malloc(strlen(STORY) * 4 + 64);
    strcpy(body, "<article>");
    for (int i = 0; i < 4; i++) strcat(body, STORY);
    strcat(body, "</article>");
    h = page("<meta property=\"og:type\" content=\"video.other\">", body);
    j = extract("v.html", h);
    CHECK(strstr(j, "\"is_article\":true") != NULL);
    free(j);
    free(h);
    free(body);
}

TEST(source_code_and_paste_pages)
{
    char body[4096];
    snprintf(body, sizeof body, "<div itemscope itemtype=\"http://schema.org/SoftwareSourceCode\">%s</div>", STORY);
    char *h = page("", body);
    char *j = extract("repo.html", h);
    CHECK(strstr(j, "\"is_article\":false") != NULL);
    free(j);
    free(h);
    snprintf(body, sizeof body, "<div>%s</div><textarea class=\"raw\">The city council voted on Monday to close the old "
                                "harbour bridge for repairs, after engineers found cracks.</textarea>", STORY);
    h = page("", body);
    j = extract("paste.html", h);
    CHECK(strstr(j, "\"is_article\":false") != NULL);
    free(j);
    free(h);
}

TEST(thread_of_posts_and_story_with_comments)
{
    char body[16384] = "<div class=\"thread\">";
    for (int i = 0; i < 12; i++)
        snprintf(body + strlen(body), sizeof body - strlen(body),
                 "<div class=\"comment\"><p>I think post number %d makes a fair point about the bridge, and the "
                 "council should have listened to the people who live next to it before deciding.</p></div>", i);
    strcat(body, "</div>");
    char *h = page("", body);
    char *j = extract("thread.html", h);
    CHECK(strstr(j, "\"is_article\":false") != NULL);
    CHECK(strstr(j, "forum") != NULL);
    free(j);
    free(h);
    /* the same comments under a story: the story is outside them */
    char body2[32768];
    snprintf(body2, sizeof body2, "<article>%s%s%s</article>%s", STORY, STORY, STORY, body);
    h = page("", body2);
    j = extract("story.html", h);
    CHECK(strstr(j, "\"is_article\":true") != NULL);
    free(j);
    free(h);
}

TEST(embed_code_and_widget_runs_leave_the_text)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<article>%s<p>&lt;iframe src=\"https://example.org/player/embed/1\" width=\"100%%\" title=\"embedded "
             "audio player\"&gt;&lt;/iframe&gt;</p><ul><li>DistrictCases</li><li>Kolkata184</li><li>Howrah79</li>"
             "<li>Nadia6</li><li>Hooghly12</li><li>Darjeeling4</li><li>Jalpaiguri5</li><li>Malda3</li><li>Total 293</li>"
             "</ul>%s</article>", STORY, STORY);
    char *h = page("", body);
    char *j = extract("story.html", h);
    CHECK(strstr(j, "iframe") == NULL);
    CHECK(strstr(j, "Kolkata184") == NULL);
    CHECK(strstr(j, "harbour bridge") != NULL);
    free(j);
    free(h);
}

TEST(dateline_and_credits_of_html_wire_copy)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<article><p>WASHINGTON (Reuters) - The Federal Reserve raised interest rates on Wednesday and said it "
             "expected to raise them three more times next year.</p>%s<p>(Reporting by Howard Schneider and Lindsay "
             "Dunsmuir; Editing by Paul Simao)</p></article>", STORY);
    char *h = page("", body);
    char *j = extract("fed.html", h);
    CHECK(strstr(j, "\"dateline\":{\"text\":\"WASHINGTON\"}") != NULL);
    CHECK(strstr(j, "\"text\":\"The Federal Reserve raised") != NULL);
    CHECK(strstr(j, "Reporting by") == NULL);
    CHECK(strstr(j, "\"contributors\":[\"Howard Schneider\",\"Lindsay Dunsmuir\",\"Paul Simao\"]") != NULL);
    free(j);
    free(h);
}

TEST(charset_that_disagrees_with_utf8_bytes)
{
    char *h = page("<meta charset=\"shift_jis\"><meta property=\"og:title\" content=\"東京の天気予報、週末は晴れ\">", STORY);
    char *j = extract("jp.html", h);
    CHECK(strstr(j, "\"title\":\"東京の天気予報、週末は晴れ\"") != NULL);
    free(j);
    free(h);
}

TEST(site_name_joined_to_title)
{
    char *h = page("<meta property=\"og:site_name\" content=\"朝日新聞デジタル\">"
                   "<meta property=\"og:title\" content=\"メディア芸術祭賞が受賞：朝日新聞デジタル\">", STORY);
    char *j = extract("a.html", h);
    CHECK(strstr(j, "\"title\":\"メディア芸術祭賞が受賞\"") != NULL);
    free(j);
    free(h);
    /* a colon inside a headline stays */
    h = page("<meta property=\"og:site_name\" content=\"Daily Planet\">"
             "<meta property=\"og:title\" content=\"Box Office: A Quiet Weekend for New Films\">", STORY);
    j = extract("b.html", h);
    CHECK(strstr(j, "\"title\":\"Box Office: A Quiet Weekend for New Films\"") != NULL);
    free(j);
    free(h);
}

TEST(authors_and_outlet_cleaned)
{
    char *h = page("<meta property=\"og:site_name\" content=\"U.S.\">"
                   "<meta property=\"article:publisher\" content=\"https://www.facebook.com/Reuters\">"
                   "<link rel=\"canonical\" href=\"https://www.reuters.com/article/us-fed-rates\">"
                   "<meta name=\"author\" content=\"Cécile Ducourtieux(Bruxelles, bureau européen)\">", STORY);
    char *j = extract("r.html", h);
    CHECK(strstr(j, "\"outlet\":\"Reuters\"") != NULL);
    CHECK(strstr(j, "\"authors\":[\"Cécile Ducourtieux\"]") != NULL);
    free(j);
    free(h);
}

int main(void)
{
    RUN(site_files_by_name);
    RUN(code_and_directives_are_not_prose);
    RUN(site_file_in_a_mirror_is_not_an_article);
    RUN(video_page_with_little_text);
    RUN(source_code_and_paste_pages);
    RUN(thread_of_posts_and_story_with_comments);
    RUN(embed_code_and_widget_runs_leave_the_text);
    RUN(dateline_and_credits_of_html_wire_copy);
    RUN(charset_that_disagrees_with_utf8_bytes);
    RUN(site_name_joined_to_title);
    RUN(authors_and_outlet_cleaned);
    return check_report("pagekind");
}
