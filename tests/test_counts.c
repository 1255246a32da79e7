/* Unit tests for counts and amounts (src/counts.c). Each case runs the
 * record's text layer (tokens, sentences) and the counts stage on one text. */
#include "check.h"
#include "counts.h"

#include <math.h>
#include <stdlib.h>

static ng_arena A;
static ng_record R;

static void run(const char *text)
{
    ng_arena_reset(&A);
    memset(&R, 0, sizeof R);
    R.text = ng_strdup(&A, text);
    R.n_tokens = ng_tokenize_text(&A, R.text.ptr, R.text.len, &R.tokens);
    R.n_sentences = ng_split_sentences(&A, R.text.ptr, R.text.len, R.tokens, R.n_tokens, &R.sentences);
    if (ng_counts_extract(&A, &R, NULL)) abort();
}

/* The count whose text is `text`, or NULL. */
static const ng_count *find(const char *text)
{
    for (size_t i = 0; i < R.n_counts; i++)
        if (R.counts[i].text.ptr && !strcmp(R.counts[i].text.ptr, text)) return &R.counts[i];
    return NULL;
}

static const char *s_or_null(ng_str s) { return s.ptr ? s.ptr : "(null)"; }

/* Checks one count: value, approx name ("" for exact), type, unit, object
 * and kind ("" for none). */
#define CHECK_COUNT(txt, val, appr, typ, unt, obj, knd) do { \
    const ng_count *c_ = find(txt); CHECK(c_ != NULL); \
    if (c_) { \
        CHECK(fabs(c_->value - (val)) < 1e-6 * fabs((double)(val)) + 1e-9); \
        const char *a_ = ng_count_approx_name((ng_count_approx)c_->approx); CHECK_STR(a_ ? a_ : "", appr); \
        CHECK_STR(ng_count_type_name((ng_count_type)c_->type), typ); \
        CHECK_STR(s_or_null(c_->unit), unt); \
        CHECK_STR(s_or_null(c_->object), obj); \
        const char *k_ = ng_count_kind_name((ng_count_kind)c_->kind); CHECK_STR(k_ ? k_ : "", knd); \
    } } while (0)

TEST(seed_sentences)
{
    run("Ukrainian President Volodymyr Zelensky has said forces operating in the Kursk region of Russia have "
        "captured two North Korean soldiers, marking the first time that Kyiv has captured alive soldiers.");
    CHECK_INT(R.n_counts, 1);
    CHECK_COUNT("two", 2, "", "count", "(null)", "North Korean soldiers", "CAPTURE");

    run("According to Ukrainian and Western assessments, some 11,000 North Korean troops are deployed in the "
        "Kursk region, where Ukrainian forces occupy several hundred square kilometers after staging a "
        "cross-border incursion in August last year.");
    CHECK_INT(R.n_counts, 2);
    CHECK_COUNT("some 11,000", 11000, "about", "count", "(null)", "North Korean troops", "DEPLOY");
    CHECK_COUNT("several hundred square kilometers", 200, "indefinite", "area", "km2", "(null)", "");

    run("Last week, US Secretary of State Antony Blinken said more than 1,000 North Korean soldiers had been "
        "killed or wounded in Kursk in the last week of December.");
    CHECK_INT(R.n_counts, 1);
    CHECK_COUNT("more than 1,000", 1000, "more_than", "count", "(null)", "North Korean soldiers", "KILL");
    CHECK_INT(R.counts[0].kind2, NG_COUNT_WOUND);

    run("Zelensky said of the two Korean soldiers who had been captured: \xe2\x80\x9cThis was not easy.\xe2\x80\x9d");
    CHECK_COUNT("two", 2, "", "count", "(null)", "Korean soldiers", "CAPTURE");
}

TEST(not_counts)
{
    const char *texts[] = {
        "Moscow and Kyiv appear to be making an 11th-hour push.",
        "It was the 11th attempt.",
        "The war began in 2022 and the talks in 1999.",
        "One of the North Koreans was captured on January 9 by special forces.",
        "It happened on 9 January and again on the 3rd of March.",
        "Music of the 1990s.",
        "The meeting starts at 10:30 and ends at 5 pm.",
        "Despite both sides being drained after nearly three years of war.",
        "Some units had just one week of training.",
        "One has a wound to his jaw.",
        "See No. 5 on page 3.",
        "The price was roughly three times that of wind.",
        "Arsenal won 2-1 on the night.",
        "No one was hurt.",
        "He told Radio 4 and BBC Two about Formula One.",
        "The Apollo 11 crew returned.",
        "BBC Two will run it.",
        "It streams in 4k and sells 2B units.",
        "| Busch | 5040 | 5 | 1 |",
        "Hunger fell (18).",
        "4. Eat your vegetables.",
        "He joined the Six Nations squad.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        run(texts[i]);
        if (R.n_counts) fprintf(stderr, "  unexpected count \"%s\" in: %s\n", R.counts[0].text.ptr, texts[i]);
        CHECK_INT(R.n_counts, 0);
    }
}

TEST(digits_and_scales)
{
    run("Officials counted 11,000 votes, 1.2 million ballots and 3 billion messages.");
    CHECK_COUNT("11,000", 11000, "", "count", "(null)", "votes", "");
    CHECK_COUNT("1.2 million", 1.2e6, "", "count", "(null)", "ballots", "");
    CHECK_COUNT("3 billion", 3e9, "", "count", "(null)", "messages", "");
    run("Only 7 boats came.");
    CHECK_COUNT("7", 7, "", "count", "(null)", "boats", "");
    run("A 2000 soldiers strong force.");  /* documented: a bare year-like number is a year */
    CHECK_INT(R.n_counts, 0);
    /* absurd scales do not overflow */
    ng_buf big = {0};
    ng_buf_puts(&big, "It cost 5");
    for (int i = 0; i < 40; i++) ng_buf_puts(&big, " trillion");
    ng_buf_puts(&big, " dollars and two");
    for (int i = 0; i < 200; i++) ng_buf_puts(&big, " hundred");
    ng_buf_puts(&big, " men.");
    run(big.data);
    for (size_t i = 0; i < R.n_counts; i++) CHECK(isfinite(R.counts[i].value) && R.counts[i].value <= 1e15);
    ng_buf_free(&big);
    run("The fund holds 2000 million dollars.");
    CHECK_COUNT("2000 million dollars", 2e9, "", "money", "USD", "(null)", "");
}

TEST(number_words)
{
    run("Two soldiers survived.");
    CHECK_COUNT("Two", 2, "", "count", "(null)", "soldiers", "");
    run("Twenty-one candidates ran and three hundred delegates voted.");
    CHECK_COUNT("Twenty-one", 21, "", "count", "(null)", "candidates", "");
    CHECK_COUNT("three hundred", 300, "", "count", "(null)", "delegates", "");
    run("They built two thousand five hundred homes.");
    CHECK_COUNT("two thousand five hundred", 2500, "", "count", "(null)", "homes", "");
    run("They built two hundred and fifty homes.");
    CHECK_COUNT("two hundred and fifty", 250, "", "count", "(null)", "homes", "");
    run("A dozen villages were evacuated.");
    CHECK_COUNT("A dozen", 12, "about", "count", "(null)", "villages", "EVACUATE");
    run("A million people marched.");
    CHECK_COUNT("A million", 1e6, "", "count", "(null)", "people", "PROTEST");
    run("There were one soldier and one medic.");
    CHECK_COUNT("one", 1, "", "count", "(null)", "soldier", "");
}

TEST(vague_quantities)
{
    run("Dozens of protesters gathered outside.");
    CHECK_COUNT("Dozens of", 24, "indefinite", "count", "(null)", "protesters", "PROTEST");
    run("Hundreds of families fled the fighting.");
    CHECK_COUNT("Hundreds of", 200, "indefinite", "count", "(null)", "families", "DISPLACE");
    run("Tens of thousands of people were displaced.");
    CHECK_COUNT("Tens of thousands of", 20000, "indefinite", "count", "(null)", "people", "DISPLACE");
    run("Hundreds of thousands of residents were affected by floods.");
    CHECK_COUNT("Hundreds of thousands of", 200000, "indefinite", "count", "(null)", "residents", "AFFECT");
    run("Police tortured scores of refugees.");
    CHECK_COUNT("scores of", 40, "indefinite", "count", "(null)", "refugees", "DISPLACE");
    run("The scores of the games were close.");
    CHECK_INT(R.n_counts, 0);
    run("A few hundred supporters cheered.");
    CHECK_COUNT("A few hundred", 200, "indefinite", "count", "(null)", "supporters", "");
    run("Several thousand troops were stationed there.");
    CHECK_COUNT("Several thousand", 2000, "indefinite", "count", "(null)", "troops", "DEPLOY");
}

TEST(qualifiers)
{
    struct { const char *text, *count, *approx; double value; } q[] = {
        {"More than 40 people were hurt.", "More than 40", "more_than", 40},
        {"Some 300 people came.", "Some 300", "about", 300},
        {"About 140 parents came.", "About 140", "about", 140},
        {"At least 12 people were killed.", "At least 12", "at_least", 12},
        {"Up to 50 boats sank.", "Up to 50", "up_to", 50},
        {"Nearly 90 homes burned.", "Nearly 90", "nearly", 90},
        {"Around 7,000 fans waited.", "Around 7,000", "about", 7000},
        {"Over 200 flights were cancelled.", "Over 200", "more_than", 200},
        {"Fewer than 10 ships arrived.", "Fewer than 10", "less_than", 10},
        {"Almost 1,500 workers struck.", "Almost 1,500", "nearly", 1500},
        {"As many as 60 miners were trapped.", "As many as 60", "up_to", 60},
        {"An estimated 3,000 people were evacuated.", "An estimated 3,000", "about", 3000},
        {"Roughly 25 cars burned.", "Roughly 25", "about", 25},
        {"Less than 5 percent voted.", "Less than 5 percent", "less_than", 5},
    };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        run(q[i].text);
        const ng_count *c = find(q[i].count);
        if (!c) fprintf(stderr, "  no count \"%s\" in: %s\n", q[i].count, q[i].text);
        CHECK(c != NULL);
        if (!c) continue;
        CHECK_STR(ng_count_approx_name((ng_count_approx)c->approx), q[i].approx);
        CHECK(c->value == q[i].value);
    }
}

TEST(kinds)
{
    run("Twelve people were killed in the blast.");
    CHECK_COUNT("Twelve", 12, "", "count", "(null)", "people", "KILL");
    run("Police arrested 20 protesters on Sunday.");
    CHECK_COUNT("20", 20, "", "count", "(null)", "protesters", "ARREST");
    run("Gunmen kidnapped three aid workers.");
    CHECK_COUNT("three", 3, "", "count", "(null)", "aid workers", "KIDNAP");
    run("Russia deployed 5,000 troops to the border.");
    CHECK_COUNT("5,000", 5000, "", "count", "(null)", "troops", "DEPLOY");
    run("More than 10,000 people have been displaced by the fighting.");
    CHECK_COUNT("More than 10,000", 10000, "more_than", "count", "(null)", "people", "DISPLACE");
    run("Rescuers evacuated 300 residents.");
    CHECK_COUNT("300", 300, "", "count", "(null)", "residents", "EVACUATE");
    run("The outage affected 2 million customers.");
    CHECK_COUNT("2 million", 2e6, "", "count", "(null)", "customers", "AFFECT");
    run("The attack left 40 wounded.");
    CHECK_COUNT("40", 40, "", "count", "(null)", "(null)", "WOUND");
    run("Troops captured 15 fighters.");
    CHECK_COUNT("15", 15, "", "count", "(null)", "fighters", "CAPTURE");
    run("The strike killed at least 12 people and wounded 30 others.");
    CHECK_COUNT("at least 12", 12, "at_least", "count", "(null)", "people", "KILL");
    CHECK_COUNT("30", 30, "", "count", "(null)", "(null)", "WOUND");
    run("A fire at one cafe that killed 25 people.");
    CHECK_COUNT("one", 1, "", "count", "(null)", "cafe", "");
    CHECK_COUNT("25", 25, "", "count", "(null)", "people", "KILL");
    run("Rockets hit the camps, killing or wounding 50, sources said.");
    CHECK_COUNT("50", 50, "", "count", "(null)", "(null)", "KILL");
    CHECK_INT(R.counts[0].kind2, NG_COUNT_WOUND);
    run("Two wounded soldiers survived.");
    CHECK_COUNT("Two", 2, "", "count", "(null)", "wounded soldiers", "WOUND");
    run("Five people attended the ceremony.");
    CHECK_COUNT("Five", 5, "", "count", "(null)", "people", "");
    run("Six hostages were freed.");
    CHECK_COUNT("Six", 6, "", "count", "(null)", "hostages", "KIDNAP");
    run("Two soldiers, though wounded, survived.");
    CHECK_COUNT("Two", 2, "", "count", "(null)", "soldiers", "");
}

TEST(objects)
{
    run("About 140 parents, teachers and former students protested.");
    CHECK_COUNT("About 140", 140, "about", "count", "(null)", "parents", "");
    run("A ferry carrying 83 people ran aground.");
    CHECK_COUNT("83", 83, "", "count", "(null)", "people", "");
    run("Corrosion was found in two of its four steel supports.");
    CHECK_COUNT("two", 2, "", "count", "(null)", "steel supports", "");
    CHECK_COUNT("four", 4, "", "count", "(null)", "steel supports", "");
    run("Two of the soldiers spoke Korean.");
    CHECK_COUNT("Two", 2, "", "count", "(null)", "soldiers", "");
    run("He has 3 North Korean passports in his bag.");
    CHECK_COUNT("3", 3, "", "count", "(null)", "North Korean passports", "");
}

TEST(money)
{
    run("The deal is worth $1.2 billion.");
    CHECK_COUNT("$1.2 billion", 1.2e9, "", "money", "USD", "(null)", "");
    run("It raised \xe2\x82\xac" "50m from investors.");
    CHECK_COUNT("\xe2\x82\xac" "50m", 5e7, "", "money", "EUR", "(null)", "");
    run("The club lost \xc2\xa3" "3bn.");
    CHECK_COUNT("\xc2\xa3" "3bn", 3e9, "", "money", "GBP", "(null)", "");
    run("He paid 100 dollars for it.");
    CHECK_COUNT("100 dollars", 100, "", "money", "USD", "(null)", "");
    run("A fine of 5,000 euros was imposed.");
    CHECK_COUNT("5,000 euros", 5000, "", "money", "EUR", "(null)", "");
    run("Aid of US$5 million arrived.");
    CHECK_COUNT("US$5 million", 5e6, "", "money", "USD", "(null)", "");
    run("Costs reached USD 30 million.");
    CHECK_COUNT("USD 30 million", 3e7, "", "money", "USD", "(null)", "");
    run("The tax raised 2 billion yuan and 7 million US dollars.");
    CHECK_COUNT("2 billion yuan", 2e9, "", "money", "CNY", "(null)", "");
    CHECK_COUNT("7 million US dollars", 7e6, "", "money", "USD", "(null)", "");
    run("Repairs are expected to cost about $340,000.");
    CHECK_COUNT("about $340,000", 340000, "about", "money", "USD", "(null)", "");
    run("It cost $4k, then $2b.");
    CHECK_COUNT("$4k", 4000, "", "money", "USD", "(null)", "");
    CHECK_COUNT("$2b", 2e9, "", "money", "USD", "(null)", "");
    run("Shares rose 8.5p, or 64 pence, to 1130p.");
    CHECK_COUNT("8.5p", 0.085, "", "money", "GBP", "(null)", "");
    CHECK_COUNT("64 pence", 0.64, "", "money", "GBP", "(null)", "");
    run("Fiat is to get 1bn euros immediately.");
    CHECK_COUNT("1bn euros", 1e9, "", "money", "EUR", "(null)", "");
    run("The 12 euro zone countries agreed.");
    CHECK_COUNT("12", 12, "", "count", "(null)", "euro zone countries", "");
    run("It was fined $12 million for the leak.");
    CHECK_COUNT("$12 million", 1.2e7, "", "money", "USD", "(null)", "");
}

TEST(percentages_distances_areas)
{
    run("Turnout rose to 45% and support to 12 percent, or 3.5 per cent more.");
    CHECK_COUNT("45%", 45, "", "percent", "%", "(null)", "");
    CHECK_COUNT("12 percent", 12, "", "percent", "%", "(null)", "");
    CHECK_COUNT("3.5 per cent", 3.5, "", "percent", "%", "(null)", "");
    run("Rates rose 2 percentage points.");
    CHECK_COUNT("2 percentage points", 2, "", "percent", "pp", "(null)", "");
    run("Roughly 4% of Chile's output is mined here.");
    CHECK_COUNT("Roughly 4%", 4, "about", "percent", "%", "Chile's output", "");
    run("The column advanced 3.5km, then 20 kilometres and 10 miles.");
    CHECK_COUNT("3.5km", 3.5, "", "distance", "km", "(null)", "");
    CHECK_COUNT("20 kilometres", 20, "", "distance", "km", "(null)", "");
    CHECK_COUNT("10 miles", 10, "", "distance", "mi", "(null)", "");
    run("Fires burned 500 hectares, 2 sq km and 40 square miles.");
    CHECK_COUNT("500 hectares", 500, "", "area", "ha", "(null)", "");
    CHECK_COUNT("2 sq km", 2, "", "area", "km2", "(null)", "");
    CHECK_COUNT("40 square miles", 40, "", "area", "mi2", "(null)", "");
}

TEST(spans_are_code_points)
{
    run("Caf\xc3\xa9 \xe2\x80\x94 \xe2\x80\x9c" "12 people were killed.\xe2\x80\x9d");
    CHECK_INT(R.n_counts, 1);
    /* "Café — “" is 8 code points, 12 bytes */
    CHECK_INT(R.counts[0].start, 8);
    CHECK_INT(R.counts[0].end, 10);
    run("\xe2\x80\x9cMore than 1,000 soldiers\xe2\x80\x9d");
    CHECK_INT(R.counts[0].start, 1);
    CHECK_INT(R.counts[0].end, 16);
}

TEST(sentences_bound_the_search)
{
    /* The verb of the next sentence does not give this count a kind. */
    run("He saw 12 soldiers. Killed were none.");
    CHECK_COUNT("12", 12, "", "count", "(null)", "soldiers", "");
    /* A number at the very start or end of the text. */
    run("12");
    CHECK_INT(R.n_counts, 1);
    run("The total was 12");
    CHECK_INT(R.n_counts, 1);
    run("$");
    CHECK_INT(R.n_counts, 0);
    /* counts never overlap: the ISO code after one is not the next one's */
    run("They paid 2 UAH 5 times and 7 USD 3 cars.");
    for (size_t i = 1; i < R.n_counts; i++) CHECK(R.counts[i].start >= R.counts[i - 1].end);
    CHECK_COUNT("2 UAH", 2, "", "money", "UAH", "(null)", "");
    CHECK_COUNT("7 USD", 7, "", "money", "USD", "(null)", "");
    CHECK_COUNT("3", 3, "", "count", "(null)", "cars", "");
}

TEST(json)
{
    ng_buf b = {0};
    run("Police said more than 1,000 soldiers had been killed or wounded, and \"5\" cars burned.");
    ng_counts_json(&b, &R);
    CHECK(b.data && strstr(b.data, ",\"counts\":[{\"value\":1000,\"approx\":\"more_than\",\"type\":\"count\","
                                   "\"unit\":null,\"object\":\"soldiers\",\"kind\":\"KILL\",\"kinds\":[\"KILL\",\"WOUND\"],"
                                   "\"text\":\"more than 1,000\",\"start\":12,\"end\":27}") != NULL);
    ng_buf_clear(&b);
    run("It cost $1.5 billion, 0.5 percent of output.");
    ng_counts_json(&b, &R);
    CHECK(b.data && strstr(b.data, "{\"value\":1500000000,\"approx\":null,\"type\":\"money\",\"unit\":\"USD\"") != NULL);
    CHECK(b.data && strstr(b.data, "{\"value\":0.5,\"approx\":null,\"type\":\"percent\",\"unit\":\"%\",\"object\":\"output\"") != NULL);
    ng_buf_clear(&b);
    run("Nothing here.");
    ng_counts_json(&b, &R);
    CHECK_STR(b.data, ",\"counts\":[]");
    ng_buf_free(&b);
}

/* Checks that every row of a lexicon with a count kind in column kind_column
 * (0-based; "-" for none) has that kind in the compiled table. Returns the
 * number of rows with a kind, -1 when the file is missing. */
static int check_kind_rows(const char *path, int kind_column)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *field[8] = {line};
        int nf = 1;
        for (char *p = line; (p = strchr(p, '\t')) && nf < 8; field[nf++] = ++p) *p = '\0';
        if (nf <= kind_column) { CHECK(nf > kind_column); continue; }
        const char *kind = field[kind_column];
        if (!strcmp(kind, "-")) continue;
        const char *got = ng_count_kind_name(ng_count_kind_of(line, strlen(line)));
        if (!got || strcmp(got, kind)) {
            check_current_failed = 1;
            fprintf(stderr, "  %s: %s: %s, want %s\n", path, line, got ? got : "none", kind);
        }
        n++;
    }
    fclose(f);
    return n;
}

/* Every count kind of lexicons/verbs.tsv and lexicons/count_kinds.tsv is
 * found in the compiled table, so the table is sorted and up to date. */
TEST(kind_lexicon_matches_tsv)
{
    int verbs = check_kind_rows("lexicons/verbs.tsv", 5), nouns = check_kind_rows("lexicons/count_kinds.tsv", 1);
    CHECK(verbs > 60);
    CHECK(nouns > 20);
    CHECK_INT(ng_count_kind_of("table", 5), NG_COUNT_NONE);
}

TEST(long_input)
{
    /* 20,000 counts in one text: the stage is linear and keeps them all. */
    ng_buf b = {0};
    for (int i = 0; i < 20000; i++) ng_buf_puts(&b, "Police arrested 12 men. ");
    run(b.data);
    CHECK_INT(R.n_counts, 20000);
    CHECK_INT(R.counts[19999].kind, NG_COUNT_ARREST);
    ng_buf_free(&b);
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(seed_sentences);
    RUN(not_counts);
    RUN(digits_and_scales);
    RUN(number_words);
    RUN(vague_quantities);
    RUN(qualifiers);
    RUN(kinds);
    RUN(objects);
    RUN(money);
    RUN(percentages_distances_areas);
    RUN(spans_are_code_points);
    RUN(sentences_bound_the_search);
    RUN(json);
    RUN(kind_lexicon_matches_tsv);
    RUN(long_input);
    ng_arena_free(&A);
    return check_report("counts");
}
