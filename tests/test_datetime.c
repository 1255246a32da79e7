/* Unit tests for datetime.c: ng_normalize_datetime and ng_date_from_url. */
#include "check.h"
#include "internal.h"

static ng_arena A;

static const char *norm(const char *s)
{
    ng_str r = ng_normalize_datetime(&A, s, strlen(s));
    return r.ptr;
}

static const char *from_url(const char *u) { return ng_date_from_url(&A, u).ptr; }

TEST(iso_forms)
{
    CHECK_STR(norm("2016-11-29T10:39:35.000Z"), "2016-11-29T10:39:35Z");
    CHECK_STR(norm("2016-11-29 10:39:35"), "2016-11-29T10:39:35");
    CHECK_STR(norm("20161129"), "2016-11-29");
    CHECK_STR(norm("2016-11-29T10:39+0100"), "2016-11-29T09:39:00Z");
    CHECK_STR(norm("2016-11-29T10:39:35-05:00"), "2016-11-29T15:39:35Z");
    CHECK_STR(norm("2016-11-29T23:30:00-05:00"), "2016-11-30T04:30:00Z");
    CHECK_STR(norm("2016-11-29"), "2016-11-29");
    CHECK_STR(norm("  2016-11-29T10:39:35+00:00 "), "2016-11-29T10:39:35Z");
    CHECK_STR(norm("20161129T103935Z"), "2016-11-29T10:39:35Z");
    CHECK_STR(norm("2016/11/29"), "2016-11-29");
    CHECK_STR(norm("1925-06-01"), "1925-06-01"); /* ISO: 1900-2100 */
    CHECK_STR(norm("2017-01-01T00:30:00+01:00"), "2016-12-31T23:30:00Z");
}

TEST(rfc2822_and_prose)
{
    CHECK_STR(norm("Tue, 29 Nov 2016 10:39:35 GMT"), "2016-11-29T10:39:35Z");
    CHECK_STR(norm("Tue, 29 Nov 2016 10:39:35 +0100"), "2016-11-29T09:39:35Z");
    CHECK_STR(norm("November 29, 2016"), "2016-11-29");
    CHECK_STR(norm("Nov. 29, 2016 10:39 AM ET"), "2016-11-29T15:39:00Z");
    CHECK_STR(norm("29 November 2016"), "2016-11-29");
    CHECK_STR(norm("November 29th, 2016"), "2016-11-29");
    CHECK_STR(norm("Updated 10:39 AM EST, Tue November 29, 2016"), "2016-11-29T15:39:00Z");
    CHECK_STR(norm("Tue Nov 29 2016 10:39:35 GMT-0500 (EST)"), "2016-11-29T15:39:35Z");
    CHECK_STR(norm("Tue Nov 29 10:39:35 2016"), "2016-11-29T10:39:35");
    CHECK_STR(norm("Dec 1, 2016 12:05 p.m. PST"), "2016-12-01T20:05:00Z");
    CHECK_STR(norm("Dec 1, 2016 12:05 a.m."), "2016-12-01T00:05:00");
    CHECK_STR(norm("Published: 29 November 2016 at 10:39 BST"), "2016-11-29T09:39:00Z");
}

TEST(numeric_orders)
{
    CHECK_STR(norm("29.11.2016"), "2016-11-29");
    CHECK_STR(norm("29.11.2016, 10:39 Uhr"), "2016-11-29T10:39:00");
    CHECK_STR(norm("11/29/2016"), "2016-11-29");  /* M/D: second > 12 */
    CHECK_STR(norm("29/11/2016"), "2016-11-29");  /* D/M: first > 12 */
    CHECK_STR(norm("03/04/2016"), "2016-03-04");  /* ambiguous: US order */
    CHECK_STR(norm("11/29/16"), "2016-11-29");
}

TEST(other_languages)
{
    CHECK_STR(norm("29. November 2016"), "2016-11-29");
    CHECK_STR(norm("3. M\xc3\xa4rz 2017"), "2017-03-03");
    CHECK_STR(norm("1. Mai 2017"), "2017-05-01");
    CHECK_STR(norm("12. Oktober 2017"), "2017-10-12");
    CHECK_STR(norm("24. Dezember 2017 14:00 MEZ"), "2017-12-24T13:00:00Z");
    CHECK_STR(norm("7 f\xc3\xa9vrier 2018"), "2018-02-07");
    CHECK_STR(norm("le 1er d\xc3\xa9" "cembre 2016"), "2016-12-01");
    CHECK_STR(norm("29\xc2\xa0novembre\xc2\xa0" "2016"), "2016-11-29");
    CHECK_STR(norm("29 de noviembre de 2016"), "2016-11-29");
    CHECK_STR(norm("5 enero 2019"), "2019-01-05");
    CHECK_STR(norm("2019\xe5\xb9\xb4" "4\xe6\x9c\x88" "21\xe6\x97\xa5 11:51"), "2019-04-21T11:51:00");
}

TEST(zones_and_dst)
{
    /* ET follows US DST: EDT (-4) from the second Sunday of March 02:00. */
    CHECK_STR(norm("March 12, 2017 01:59 ET"), "2017-03-12T06:59:00Z");
    CHECK_STR(norm("March 12, 2017 03:00 ET"), "2017-03-12T07:00:00Z");
    CHECK_STR(norm("July 4, 2016 12:00 PM ET"), "2016-07-04T16:00:00Z");
    CHECK_STR(norm("November 6, 2016 03:00 ET"), "2016-11-06T08:00:00Z"); /* first Sunday of Nov: EST */
    CHECK_STR(norm("April 1, 2006 12:00 ET"), "2006-04-01T17:00:00Z");    /* pre-2007 rules */
    CHECK_STR(norm("2016-07-04 12:00 PT"), "2016-07-04T19:00:00Z");
    CHECK_STR(norm("2016-07-04 12:00 EDT"), "2016-07-04T16:00:00Z");
    CHECK_STR(norm("2016-07-04 12:00 CEST"), "2016-07-04T10:00:00Z");
    CHECK_STR(norm("2016-07-04 12:00 CET"), "2016-07-04T11:00:00Z");
    CHECK_STR(norm("2016-07-04 12:00 UTC"), "2016-07-04T12:00:00Z");
    CHECK_STR(norm("2016-07-04 12:00 MDT"), "2016-07-04T18:00:00Z");
    CHECK_STR(norm("2016-07-04 12:00 CDT"), "2016-07-04T17:00:00Z");
}

TEST(unix_timestamps)
{
    CHECK_STR(norm("1480415975"), "2016-11-29T10:39:35Z");
    CHECK_STR(norm("1480415975000"), "2016-11-29T10:39:35Z");
    CHECK(norm("123456789") == NULL);   /* 9 digits */
    CHECK(norm("0000000001") == NULL);  /* 1970: out of range */
}

TEST(invalid)
{
    CHECK(norm("2016-02-30") == NULL);
    CHECK(norm("2015-02-29") == NULL);
    CHECK_STR(norm("2016-02-29"), "2016-02-29");
    CHECK(norm("February 30, 2016") == NULL);
    CHECK(norm("13/13/2016") == NULL);
    CHECK(norm("2016-13-01") == NULL);
    CHECK(norm("November 2016") == NULL);
    CHECK(norm("29 November 1985") == NULL); /* prose: 1990-2100 */
    CHECK(norm("1899-12-31") == NULL);
    CHECK(norm("2016-11-29T25:00:00Z") != NULL); /* the date stands, the bad time is dropped */
    CHECK_STR(norm("2016-11-29T25:00:00Z"), "2016-11-29");
    CHECK(norm("") == NULL);
    CHECK(norm("yesterday") == NULL);
    CHECK(norm("by Jane Doe") == NULL);
    CHECK(ng_normalize_datetime(&A, NULL, 0).ptr == NULL);
}

TEST(url_dates)
{
    CHECK_STR(from_url("http://www.cnn.com/2016/11/29/politics/donald-trump/index.html"), "2016-11-29");
    CHECK_STR(from_url("https://x.com/news/2016-11-29/story"), "2016-11-29");
    CHECK_STR(from_url("https://x.com/news/20161129/story"), "2016-11-29");
    CHECK_STR(from_url("https://x.com/story-title-20161129-123.html"), "2016-11-29");
    CHECK_STR(from_url("https://www.theguardian.com/world/2016/nov/29/story"), "2016-11-29");
    CHECK(from_url("https://x.com/2016/11/story") == NULL);  /* a month, not a day */
    CHECK(from_url("https://x.com/1990/11/29/story") == NULL); /* before 1995 */
    CHECK(from_url("https://x.com/2016/02/30/story") == NULL);
    CHECK(from_url("https://x.com/article/123456789012") == NULL);
    CHECK(from_url("https://20161129.example.com/story") == NULL); /* host */
    CHECK(from_url(NULL) == NULL);
    CHECK(from_url("") == NULL);
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(iso_forms);
    RUN(rfc2822_and_prose);
    RUN(numeric_orders);
    RUN(other_languages);
    RUN(zones_and_dst);
    RUN(unix_timestamps);
    RUN(invalid);
    RUN(url_dates);
    ng_arena_free(&A);
    return check_report("datetime");
}
