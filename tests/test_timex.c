/* Unit tests for the timex stage (dates[]). Most tests render the dates of
 * a text as "text=TYPE:value; ..." so a failure shows the whole result. The
 * issue's examples are checked against a story published on Saturday
 * 2025-01-11. */
#include "check.h"
#include "internal.h"
#include "timex.h"

static ng_arena A;
static const char *type_name[] = {"DATE", "TIME", "DURATION", "SET"};

static const char *dates_of(const char *text, const char *published)
{
    ng_date *d;
    size_t n = ng_timex_text(&A, text, strlen(text), published, &d);
    ng_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i) ng_buf_puts(&b, "; ");
        ng_buf_printf(&b, "%s=%s:%s", d[i].text.ptr, type_name[d[i].type], d[i].value.ptr);
    }
    ng_str r = ng_strndup(&A, b.data ? b.data : "", b.len);
    ng_buf_free(&b);
    return r.ptr;
}

#define PUB "2025-01-11"

TEST(table_sorted)
{
    CHECK(ng_timex_table_ok());
    CHECK(ng_timex_cues_ok());
}

TEST(issue_weekdays_take_the_tense)
{
    CHECK_STR(dates_of("Ukraine's military said on Tuesday that it had struck.", PUB), "Tuesday=DATE:2025-01-07");
    CHECK_STR(dates_of("Zelensky said on Sunday the offensive was important.", PUB), "Sunday=DATE:2025-01-05");
    CHECK_STR(dates_of("The leaders will meet on Sunday.", PUB), "Sunday=DATE:2025-01-12");
    CHECK_STR(dates_of("In his daily address on Monday, Zelensky said the push mattered.", PUB),
              "daily=SET:P1D; Monday=DATE:2025-01-06");
    /* the publication day itself */
    CHECK_STR(dates_of("Zelensky said Saturday in a statement.", PUB), "Saturday=DATE:2025-01-11");
    CHECK_STR(dates_of("Saturday's capture is the first.", PUB), "Saturday=DATE:2025-01-11");
    CHECK_STR(dates_of("They met last Saturday.", PUB), "last Saturday=DATE:2025-01-04");
    CHECK_STR(dates_of("They meet next Saturday.", PUB), "next Saturday=DATE:2025-01-18");
}

TEST(tense_cues_read_the_next_word)
{
    /* "next to" is a place, not the future; "plans" as a noun says nothing */
    CHECK_STR(dates_of("Dozens were killed in the blast next to the embassy on Friday.", PUB),
              "Friday=DATE:2025-01-10");
    CHECK_STR(dates_of("On Friday, when she set aside vacation plans, aides met.", PUB), "Friday=DATE:2025-01-10");
    /* "planned to", "set to" and "would" look ahead */
    CHECK_STR(dates_of("The team planned to leave on Thursday.", PUB), "Thursday=DATE:2025-01-16");
    CHECK_STR(dates_of("Talks are set to resume Monday.", PUB), "Monday=DATE:2025-01-13");
    CHECK_STR(dates_of("He said the father would be traveling Thursday.", PUB), "Thursday=DATE:2025-01-16");
}

TEST(durations_with_a_half)
{
    CHECK_STR(dates_of("The talks lasted 5 1/2 hours.", PUB), "5 1/2 hours=DURATION:PT5H30M");
    CHECK_STR(dates_of("He served two and a half years.", PUB), "two and a half years=DURATION:P2Y6M");
    CHECK_STR(dates_of("It took a minute and a half.", PUB), "a minute and a half=DURATION:PT1M30S");
    CHECK_STR(dates_of("They waited half an hour.", PUB), "half an hour=DURATION:PT30M");
    CHECK_STR(dates_of("They waited a half hour.", PUB), "a half hour=DURATION:PT30M");
    CHECK_STR(dates_of("It closed a year and a half ago.", PUB), "a year and a half ago=DATE:2023-07");
}

TEST(issue_examples)
{
    CHECK_STR(dates_of("One was captured on January 9 by special forces.", PUB), "January 9=DATE:2025-01-09");
    CHECK_STR(dates_of("Ukraine staged an incursion in August last year.", PUB), "August last year=DATE:2024-08");
    CHECK_STR(dates_of("More than 1,000 were killed in the last week of December.", PUB),
              "the last week of December=DATE:2024-W52");
    CHECK_STR(dates_of("He was issued the document last autumn.", PUB), "last autumn=DATE:2024-FA");
    CHECK_STR(dates_of("After last summer's incursion, troops held on.", PUB), "last summer=DATE:2024-SU");
    CHECK_STR(dates_of("Trump is set to return to the White House this month.", PUB), "this month=DATE:2025-01");
    CHECK_STR(dates_of("Both sides were drained after nearly three years of war.", PUB),
              "nearly three years=DURATION:P3Y");
    CHECK_STR(dates_of("The lines had been static for weeks.", PUB), "weeks=DURATION:PXW");
    CHECK_STR(dates_of("Fighting has ramped up in recent weeks.", PUB), "recent weeks=DURATION:PXW");
    CHECK_STR(dates_of("They talk every Monday.", PUB), "every Monday=SET:XXXX-WXX-1");
    CHECK_STR(dates_of("Last week, Blinken said so.", PUB), "Last week=DATE:2025-W01");
}

TEST(deictic_and_relative)
{
    CHECK_STR(dates_of("He said yesterday it was over.", PUB), "yesterday=DATE:2025-01-10");
    CHECK_STR(dates_of("They arrive tomorrow.", PUB), "tomorrow=DATE:2025-01-12");
    CHECK_STR(dates_of("Officials met today.", PUB), "today=DATE:2025-01-11");
    CHECK_STR(dates_of("It rained tonight.", PUB), "tonight=TIME:2025-01-11TNI");
    CHECK_STR(dates_of("He spoke yesterday morning.", PUB), "yesterday morning=TIME:2025-01-10TMO");
    CHECK_STR(dates_of("It happened last night.", PUB), "last night=TIME:2025-01-10TNI");
    CHECK_STR(dates_of("Talks resume next week.", PUB), "next week=DATE:2025-W03");
    CHECK_STR(dates_of("Prices rose last month.", PUB), "last month=DATE:2024-12");
    CHECK_STR(dates_of("Sales fell last year.", PUB), "last year=DATE:2024");
    CHECK_STR(dates_of("Elections are due next year.", PUB), "next year=DATE:2026");
    CHECK_STR(dates_of("It closed two years ago.", PUB), "two years ago=DATE:2023");
    CHECK_STR(dates_of("It opened three days ago.", PUB), "three days ago=DATE:2025-01-08");
    /* in a quarterly comparison "a year earlier" is that quarter a year before */
    CHECK_STR(dates_of("Fourth-quarter profit rose from a year earlier.", PUB),
              "Fourth-quarter=DATE:2024-Q4; a year earlier=DATE:2023-Q4");
    CHECK_STR(dates_of("Profit rose in the third quarter.", PUB), "the third quarter=DATE:2024-Q3");
    CHECK_STR(dates_of("They will vote this summer.", PUB), "this summer=DATE:2025-SU");
    CHECK_STR(dates_of("It grew early next year.", PUB), "early next year=DATE:2026");
    CHECK_STR(dates_of("Rates rose during the weekend.", PUB), "the weekend=DATE:2025-W02-WE");
}

TEST(absolute_dates)
{
    CHECK_STR(dates_of("Signed on 9 January 2025 in Kyiv.", PUB), "9 January 2025=DATE:2025-01-09");
    CHECK_STR(dates_of("Signed Jan. 9, 2025 in Kyiv.", PUB), "Jan. 9, 2025=DATE:2025-01-09");
    CHECK_STR(dates_of("Filed on 2025-01-09.", PUB), "2025-01-09=DATE:2025-01-09");
    CHECK_STR(dates_of("Built in 1990.", PUB), "1990=DATE:1990");
    CHECK_STR(dates_of("Music of the 1990s.", PUB), "the 1990s=DATE:199X");
    CHECK_STR(dates_of("It opened in March 2019.", PUB), "March 2019=DATE:2019-03");
    CHECK_STR(dates_of("It closed in mid-November.", PUB), "mid-November=DATE:2024-11");
    CHECK_STR(dates_of("He was born on Monday, Oct. 6, 1980.", PUB), "Monday, Oct. 6, 1980=DATE:1980-10-06");
    CHECK_STR(dates_of("It ends in fiscal 2026.", PUB), "fiscal 2026=DATE:2026");
    CHECK_STR(dates_of("Tensions rose in the summer of 2023.", PUB), "the summer of 2023=DATE:2023-SU");
    CHECK_STR(dates_of("They met on Christmas Eve.", PUB), "Christmas Eve=DATE:2024-12-24");
    CHECK_STR(dates_of("Sales rose in nineteen ninety-six.", PUB), "nineteen ninety-six=DATE:1996");
    CHECK_STR(dates_of("He has nineteen children.", PUB), "");
    CHECK_STR(dates_of("It ends at the end of the month.", PUB), "the end of the month=DATE:2025-01");
}

TEST(times)
{
    CHECK_STR(dates_of("The vote was at 3 p.m. and ended at noon.", PUB),
              "3 p.m.=TIME:2025-01-11T15:00; noon=TIME:2025-01-11T12:00");
    CHECK_STR(dates_of("It starts at 10:30 a.m. Monday.", PUB), "10:30 a.m. Monday=TIME:2025-01-06T10:30");
    CHECK_STR(dates_of("Doors open at 7pm.", PUB), "7pm=TIME:2025-01-11T19:00");
    CHECK_STR(dates_of("Shops close at midnight.", PUB), "midnight=TIME:2025-01-11T24:00");
}

TEST(durations_and_sets)
{
    CHECK_STR(dates_of("The siege lasted 11 days.", PUB), "11 days=DURATION:P11D");
    CHECK_STR(dates_of("He waited an hour.", PUB), "an hour=DURATION:PT1H");
    CHECK_STR(dates_of("It took about five hours.", PUB), "about five hours=DURATION:PT5H");
    CHECK_STR(dates_of("He signed a three-year deal.", PUB), "three-year=DURATION:P3Y");
    CHECK_STR(dates_of("It fell over the past three years.", PUB), "the past three years=DURATION:P3Y");
    CHECK_STR(dates_of("They have waited more than two decades.", PUB), "more than two decades=DURATION:P20Y");
    CHECK_STR(dates_of("Talks ran for several months.", PUB), "several months=DURATION:PXM");
    CHECK_STR(dates_of("The paper is published weekly.", PUB), "weekly=SET:P1W");
    CHECK_STR(dates_of("They check every day.", PUB), "every day=SET:P1D");
}

TEST(references)
{
    CHECK_STR(dates_of("They are now talking.", PUB), "now=DATE:PRESENT_REF");
    CHECK_STR(dates_of("He recently moved.", PUB), "recently=DATE:PAST_REF");
    CHECK_STR(dates_of("That was in the past.", PUB), "the past=DATE:PAST_REF");
    CHECK_STR(dates_of("We will see in the future.", PUB), "the future=DATE:FUTURE_REF");
}

TEST(underspecified_without_published)
{
    CHECK_STR(dates_of("One was captured on January 9 by special forces.", NULL), "January 9=DATE:XXXX-01-09");
    CHECK_STR(dates_of("Zelensky said on Sunday the offensive was important.", NULL), "Sunday=DATE:XXXX-WXX-7");
    CHECK_STR(dates_of("He said yesterday it was over.", NULL), "yesterday=DATE:XXXX-XX-XX");
    CHECK_STR(dates_of("Sales fell last year.", NULL), "last year=DATE:XXXX");
    CHECK_STR(dates_of("He was issued the document last autumn.", NULL), "last autumn=DATE:XXXX-FA");
    CHECK_STR(dates_of("The vote was at 3 p.m.", NULL), "3 p.m.=TIME:XXXX-XX-XXT15:00");
    /* what needs no anchor is still resolved */
    CHECK_STR(dates_of("Signed on 9 January 2025 after nearly three years.", NULL),
              "9 January 2025=DATE:2025-01-09; nearly three years=DURATION:P3Y");
    /* a malformed published date counts as none */
    CHECK_STR(dates_of("He said yesterday it was over.", "2025-13-45"), "yesterday=DATE:XXXX-XX-XX");
}

TEST(not_dates)
{
    CHECK_STR(dates_of("You may go. It may rain.", PUB), "");
    CHECK_STR(dates_of("Some 2000 people marched.", PUB), "");
    CHECK_STR(dates_of("It cost $2025 in all.", PUB), "");
    CHECK_STR(dates_of("The fall of the empire.", PUB), "");
    CHECK_STR(dates_of("He is 44 and won the second round.", PUB), "");
}

TEST(spans_are_code_points)
{
    const char *s = "Café “Ré” closed on Sunday, they said.";
    ng_date *d;
    size_t n = ng_timex_text(&A, s, strlen(s), PUB, &d);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(d[0].start, 20);
        CHECK_INT(d[0].end, 26);
        CHECK_STR(d[0].text.ptr, "Sunday");
    }
}

TEST(tense_function)
{
    const char *s = "Officials said the talks, which will be held on Monday, went well.";
    ng_token *t;
    size_t n = ng_tokenize_text(&A, s, strlen(s), &t);
    size_t monday = 0, talks = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strncmp(s + t[i].bstart, "Monday", 6)) monday = i;
        if (!strncmp(s + t[i].bstart, "talks", 5)) talks = i;
    }
    /* "will be held": the modal governs "held" */
    CHECK_INT(ng_timex_tense(s, t, 0, n, monday), NG_TENSE_FUTURE);
    CHECK_INT(ng_timex_tense(s, t, 0, n, talks), NG_TENSE_PAST);
    const char *p = "The office is open.";
    n = ng_tokenize_text(&A, p, strlen(p), &t);
    CHECK_INT(ng_timex_tense(p, t, 0, n, 1), NG_TENSE_PRESENT);
    const char *q = "Blue skies, green fields.";
    n = ng_tokenize_text(&A, q, strlen(q), &t);
    CHECK_INT(ng_timex_tense(q, t, 0, n, 0), NG_TENSE_NONE);
}

/* The tense of sentence s seen from its first token. */
static ng_tense tense_from_start(const char *s)
{
    ng_token *t;
    size_t n = ng_tokenize_text(&A, s, strlen(s), &t);
    return ng_timex_tense(s, t, 0, n, 0);
}

/* Cues read differently before "to" (lexicons/verbs.tsv, before_to). */
TEST(tense_before_to)
{
    CHECK_INT(tense_from_start("The board plans to meet."), NG_TENSE_FUTURE);
    CHECK_INT(tense_from_start("Her vacation plans are open."), NG_TENSE_PRESENT);
    CHECK_INT(tense_from_start("The shop next to the embassy is open."), NG_TENSE_PRESENT);
    CHECK_INT(tense_from_start("The next round starts."), NG_TENSE_FUTURE);
    CHECK_INT(tense_from_start("He planned the trip."), NG_TENSE_PAST);
    CHECK_INT(tense_from_start("He planned to leave."), NG_TENSE_FUTURE);
    CHECK_INT(tense_from_start("Officials set to meet."), NG_TENSE_FUTURE);
    CHECK_INT(tense_from_start("She would go."), NG_TENSE_FUTURE);
}

TEST(calendar_edges)
{
    /* published on a Sunday at a year boundary: ISO week of 2024-12-29 is 2024-W52 */
    CHECK_STR(dates_of("Prices rose last week.", "2025-01-05"), "last week=DATE:2024-W52");
    CHECK_STR(dates_of("It was signed on Feb. 29.", "2024-03-10"), "Feb. 29=DATE:2024-02-29");
    CHECK_STR(dates_of("It was signed on Feb. 30.", "2024-03-10"), "");
    CHECK_STR(dates_of("He said yesterday.", "2024-03-01"), "yesterday=DATE:2024-02-29");
    CHECK_STR(dates_of("The deal closes in the first quarter.", "2025-11-20"), "the first quarter=DATE:2025-Q1");
}

TEST(timebank_conventions)
{
    /* "<weekday> night" keeps the day's plain value; other parts of day keep their code */
    CHECK_STR(dates_of("The storm hit on Thursday night.", PUB), "Thursday night=DATE:2025-01-09");
    CHECK_STR(dates_of("They met last Friday night.", PUB), "last Friday night=DATE:2025-01-10");
    CHECK_STR(dates_of("The storm hit on Thursday evening.", PUB), "Thursday evening=TIME:2025-01-09TEV");
    /* business forms name a quarter of another year */
    CHECK_STR(dates_of("Sales fell from the year-ago third quarter.", "1989-10-27"),
              "the year-ago third quarter=DATE:1988-Q3");
    CHECK_STR(dates_of("Profit beat the year-earlier second quarter.", "1989-10-27"),
              "the year-earlier second quarter=DATE:1988-Q2");
    CHECK_STR(dates_of("Earnings rose in this year's third quarter.", "1989-10-27"),
              "this year's third quarter=DATE:1989-Q3");
    CHECK_STR(dates_of("The plant opens in next year's first quarter.", "1989-10-27"),
              "next year's first quarter=DATE:1990-Q1");
    CHECK_STR(dates_of("Net income rose 5% in the third quarter from the year-ago quarter.", "1989-10-27"),
              "the third quarter=DATE:1989-Q3; the year-ago quarter=DATE:1988-Q3");
    CHECK_STR(dates_of("Sales in the quarter beat the year-earlier period.", "1989-10-27"),
              "the quarter=DATE:1989-Q3; the year-earlier period=DATE:1988-Q3");
    CHECK_STR(dates_of("Third-quarter profit topped year-earlier results.", "1989-10-27"),
              "Third-quarter=DATE:1989-Q3; year-earlier=DATE:1988-Q3");
    CHECK_STR(dates_of("Sales topped year-ago levels.", "1989-10-27"), "year-ago=DATE:1988");
    CHECK_STR(dates_of("Revenue rose in the latest period, the third quarter.", "1989-10-27"),
              "the latest period=DATE:1989-Q3; the third quarter=DATE:1989-Q3");
    /* the adjective "current" is the present; "the current quarter" stays a quarter */
    CHECK_STR(dates_of("Prices stayed near current levels.", PUB), "current=DATE:PRESENT_REF");
    CHECK_STR(dates_of("Sales will rise in the current quarter.", "1989-10-27"), "the current quarter=DATE:1989-Q4");
    CHECK_STR(dates_of("The account is current.", PUB), "");
    /* "a year earlier" after a sentence about the quarter: that quarter a year back */
    CHECK_STR(dates_of("Net income rose 5% in the third quarter. A year earlier, it lost money.", "1989-10-27"),
              "the third quarter=DATE:1989-Q3; A year earlier=DATE:1988-Q3");
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(table_sorted);
    RUN(issue_weekdays_take_the_tense);
    RUN(issue_examples);
    RUN(tense_cues_read_the_next_word);
    RUN(durations_with_a_half);
    RUN(deictic_and_relative);
    RUN(absolute_dates);
    RUN(times);
    RUN(durations_and_sets);
    RUN(references);
    RUN(underspecified_without_published);
    RUN(not_dates);
    RUN(spans_are_code_points);
    RUN(tense_function);
    RUN(tense_before_to);
    RUN(calendar_edges);
    RUN(timebank_conventions);
    ng_arena_free(&A);
    return check_report("timex");
}
