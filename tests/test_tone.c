/* Unit tests for the tone stage (src/tone.c). */
#include "check.h"
#include "tone.h"

#include <math.h>
#include <stdlib.h>

static ng_arena A;
static ng_record R;

static const ng_tone *run(const char *text)
{
    ng_arena_reset(&A);
    memset(&R, 0, sizeof R);
    R.text = ng_strdup(&A, text);
    R.n_tokens = ng_tokenize_text(&A, R.text.ptr, R.text.len, &R.tokens);
    if (ng_tone_score(&A, &R, NULL)) abort();
    return &R.tone;
}

static bool near(double a, double b) { return fabs(a - b) < 1e-9; }

TEST(densities_are_percentages_of_words)
{
    const ng_tone *t = run("This is a good day.");
    CHECK_INT(t->word_count, 5);
    CHECK(near(t->positive, 20));
    CHECK(near(t->negative, 0));
    CHECK(near(t->score, 20));
    CHECK(near(t->polarity, 20));
    t = run("A good plan and a terrible, awful result.");
    CHECK_INT(t->word_count, 8);
    CHECK(near(t->positive, 12.5));
    CHECK(near(t->negative, 25));
    CHECK(near(t->score, -12.5));
    CHECK(near(t->polarity, 37.5));
}

TEST(words_only)
{
    /* numbers, punctuation, URLs and symbols are not words */
    const ng_tone *t = run("Great! 11,000 -- https://example.com/bad $ % ...");
    CHECK_INT(t->word_count, 1);
    CHECK(near(t->positive, 100));
    t = run("");
    CHECK_INT(t->word_count, 0);
    CHECK(near(t->score, 0) && near(t->positive, 0) && near(t->negative, 0) && near(t->polarity, 0));
    t = run("12 34 , .");
    CHECK_INT(t->word_count, 0);
    CHECK(near(t->polarity, 0));
}

TEST(case_and_apostrophes)
{
    CHECK(run("GOOD")->positive > 0);
    CHECK(run("Killed")->negative > 0);
    /* curly and straight apostrophes negate alike */
    CHECK(run("They don\xe2\x80\x99t like it")->negative > 0);
    CHECK(run("They don't like it")->negative > 0);
    CHECK(near(run("They don't like it")->positive, 0));
}

TEST(negation)
{
    const ng_tone *t = run("It was not good.");
    CHECK(near(t->positive, 0));
    CHECK(near(t->negative, 25));
    t = run("There is no problem.");
    CHECK(near(t->negative, 0));
    CHECK(near(t->positive, 25));
    /* the negation reaches three words */
    t = run("It was never really that good.");
    CHECK(t->negative > 0 && near(t->positive, 0));
    t = run("Not one of the very many good ideas.");
    CHECK(t->positive > 0);
    /* punctuation ends it */
    t = run("Not now, good people.");
    CHECK(t->positive > 0 && near(t->negative, 0));
    /* a negator is not a tone word itself, though VADER lists "no" */
    CHECK(near(run("No.")->polarity, 0));
    CHECK_INT(run("No.")->word_count, 1);
}

TEST(non_ascii_words)
{
    const ng_tone *t = run("Caf\xc3\xa9 na\xc3\xafve happy");
    CHECK_INT(t->word_count, 3);
    CHECK(near(t->positive, 100.0 / 3));
}

TEST(polarity_lookup)
{
    CHECK_INT(ng_tone_polarity("good", 4), 1);
    CHECK_INT(ng_tone_polarity("war", 3), -1);
    CHECK_INT(ng_tone_polarity("table", 5), 0);
    CHECK_INT(ng_tone_polarity("a-very-long-word-that-cannot-possibly-be-there", 46), 0);
}

/* Every word of lexicons/tone.tsv is found with its polarity: the compiled
 * table is sorted and matches the TSV. */
TEST(table_matches_tsv)
{
    FILE *f = fopen("lexicons/tone.tsv", "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[256];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        int want = atoi(tab + 1);
        if (ng_tone_polarity(line, strlen(line)) != want) bad++;
        n++;
    }
    fclose(f);
    CHECK(n > 7000);
    CHECK_INT(bad, 0);
}

TEST(json)
{
    ng_buf b = {0};
    run("A good plan and a terrible, awful result.");
    ng_tone_json(&b, &R);
    CHECK_STR(b.data, ",\"tone\":{\"score\":-12.5,\"positive\":12.5,\"negative\":25,\"polarity\":37.5,\"word_count\":8}");
    ng_buf_clear(&b);
    run("good good bad");
    ng_tone_json(&b, &R);
    CHECK_STR(b.data, ",\"tone\":{\"score\":33.3333,\"positive\":66.6667,\"negative\":33.3333,\"polarity\":100,\"word_count\":3}");
    ng_buf_clear(&b);
    run("");
    ng_tone_json(&b, &R);
    CHECK_STR(b.data, ",\"tone\":{\"score\":0,\"positive\":0,\"negative\":0,\"polarity\":0,\"word_count\":0}");
    ng_buf_free(&b);
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(densities_are_percentages_of_words);
    RUN(words_only);
    RUN(case_and_apostrophes);
    RUN(negation);
    RUN(non_ascii_words);
    RUN(polarity_lookup);
    RUN(table_matches_tsv);
    RUN(json);
    ng_arena_free(&A);
    return check_report("tone");
}
