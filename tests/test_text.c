/* Unit tests for the text layer: NFC, white-space cleanup, tokens, sentences.
 * Token and sentence tests compare a compact rendering ("text/kind ..." and
 * "sentence|sentence") so a failure shows the whole result at once. */
#include "check.h"
#include "internal.h"

static ng_arena A;

/* "tok/kind tok/kind ..." for the tokens of s. */
static const char *toks(const char *s)
{
    ng_token *t;
    size_t n = ng_tokenize_text(&A, s, strlen(s), &t);
    ng_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i) ng_buf_putc(&b, ' ');
        ng_buf_put(&b, s + t[i].bstart, t[i].bend - t[i].bstart);
        ng_buf_putc(&b, '/');
        ng_buf_puts(&b, ng_token_kind_name((ng_token_kind)t[i].kind));
    }
    ng_str r = ng_strndup(&A, b.data ? b.data : "", b.len);
    ng_buf_free(&b);
    return r.ptr;
}

/* Byte offset of code point `cp` in s. */
static size_t cp_to_byte(const char *s, size_t len, uint32_t cp)
{
    size_t b = 0;
    for (uint32_t k = 0; b < len; b++)
        if (((unsigned char)s[b] & 0xC0) != 0x80 && k++ == cp) return b;
    return len;
}

/* Sentences of s joined with "|". */
static const char *sents(const char *s)
{
    size_t len = strlen(s);
    ng_token *t;
    size_t n = ng_tokenize_text(&A, s, len, &t);
    ng_span *sp;
    size_t m = ng_split_sentences(&A, s, len, t, n, &sp);
    ng_buf b = {0};
    for (size_t i = 0; i < m; i++) {
        if (i) ng_buf_putc(&b, '|');
        size_t b0 = cp_to_byte(s, len, sp[i].start), b1 = cp_to_byte(s, len, sp[i].end);
        ng_buf_put(&b, s + b0, b1 - b0);
    }
    ng_str r = ng_strndup(&A, b.data ? b.data : "", b.len);
    ng_buf_free(&b);
    return r.ptr;
}

static const char *clean(const char *s)
{
    ng_str r = ng_clean_space(&A, s, strlen(s));
    return r.ptr;
}

/* ---- normalize -------------------------------------------------------- */

TEST(nfc_composes)
{
    ng_str in = {"Cafe\xcc\x81 ", 7}; /* e + U+0301 */
    ng_str out = ng_nfc(&A, in);
    CHECK_STR(out.ptr, "Caf\xc3\xa9 ");
    CHECK_INT(out.len, 6);
}

TEST(nfc_passthrough_same_pointer)
{
    const char *samples[] = {"", "plain ASCII text", "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x94 ok",
                             "\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2", /* Київ, precomposed ї */
                             "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", "\xe6\x9d\xb1\xe4\xba\xac",
                             "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"};
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        ng_str in = {samples[i], strlen(samples[i])};
        ng_str out = ng_nfc(&A, in);
        CHECK(out.ptr == in.ptr);
        CHECK_INT(out.len, in.len);
    }
    ng_str none = {NULL, 0};
    CHECK(ng_nfc(&A, none).ptr == NULL);
}

TEST(nfc_slow_path_cases)
{
    /* a combining mark that has nothing to compose with stays, same pointer */
    ng_str in = {"x\xcc\x81y", 4};
    CHECK(ng_nfc(&A, in).ptr == in.ptr);
    /* singleton: ANGSTROM SIGN -> A with ring */
    ng_str ang = {"5 \xe2\x84\xab", 5};
    CHECK_STR(ng_nfc(&A, ang).ptr, "5 \xc3\x85");
    /* marks out of canonical order are reordered: dot below (220) before acute (230) */
    ng_str ord = {"q\xcc\x81\xcc\xa3", 5};
    CHECK_STR(ng_nfc(&A, ord).ptr, "q\xcc\xa3\xcc\x81");
    /* Hangul jamo compose */
    ng_str jamo = {"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 9};
    CHECK_STR(ng_nfc(&A, jamo).ptr, "\xed\x95\x9c");
    /* the prefix before the first change is kept */
    ng_str longer = {"Zelensky said Cafe\xcc\x81.", 21};
    CHECK_STR(ng_nfc(&A, longer).ptr, "Zelensky said Caf\xc3\xa9.");
}

TEST(clean_space)
{
    CHECK_STR(clean("  a  b\t\tc  "), "a b c");
    CHECK_STR(clean("a\xc2\xa0\xc2\xa0" "b"), "a b");                   /* NBSP */
    CHECK_STR(clean("a\xe2\x80\x89\xe3\x80\x80" "b\xe2\x80\xaf" "c"), "a b c"); /* thin, ideographic, narrow */
    CHECK_STR(clean("zero\xe2\x80\x8bwidth \xef\xbb\xbf" "bom"), "zerowidth bom");
    CHECK_STR(clean("inter\xc2\xad" "national"), "international");
    CHECK_STR(clean("a \xe2\x80\x8b b"), "a b");
    CHECK_STR(clean("line one  \n  line two"), "line one\nline two");
    CHECK_STR(clean("one\n\n\n \n two"), "one\ntwo");
    CHECK_STR(clean("\n\n  lead and trail \n "), "lead and trail");
    CHECK_STR(clean("a\r\nb"), "a\nb");
    CHECK_STR(clean("a\xe2\x80\xa8" "b"), "a\nb"); /* LINE SEPARATOR */
    CHECK_STR(clean("ctl\x01\x7f" "x"), "ctl x");
    CHECK_STR(clean("caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d"), "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
    ng_str e = ng_clean_space(&A, "", 0);
    CHECK(e.ptr != NULL);
    CHECK_INT(e.len, 0);
    ng_str w = ng_clean_space(&A, " \n\t\xc2\xa0", 5);
    CHECK(w.ptr != NULL);
    CHECK_INT(w.len, 0);
}

/* ---- tokens ----------------------------------------------------------- */

TEST(tokens_offsets_multibyte)
{
    const char *s = "\xe2\x80\x9cZelensky\xe2\x80\x99s\xe2\x80\x9d plan"; /* “Zelensky’s” plan */
    ng_token *t;
    size_t n = ng_tokenize_text(&A, s, strlen(s), &t);
    CHECK_INT(n, 5);
    if (n != 5) return;
    CHECK_INT(t[0].kind, NG_TOK_QUOTE);
    CHECK_INT(t[0].start, 0); CHECK_INT(t[0].end, 1); CHECK_INT(t[0].bstart, 0); CHECK_INT(t[0].bend, 3);
    CHECK_INT(t[1].kind, NG_TOK_WORD);
    CHECK_INT(t[1].start, 1); CHECK_INT(t[1].end, 9); CHECK_INT(t[1].bstart, 3); CHECK_INT(t[1].bend, 11);
    CHECK_INT(t[2].kind, NG_TOK_POSSESSIVE);
    CHECK_INT(t[2].start, 9); CHECK_INT(t[2].end, 11); CHECK_INT(t[2].bstart, 11); CHECK_INT(t[2].bend, 15);
    CHECK_INT(t[3].kind, NG_TOK_QUOTE);
    CHECK_INT(t[3].start, 11); CHECK_INT(t[3].end, 12); CHECK_INT(t[3].bstart, 15); CHECK_INT(t[3].bend, 18);
    CHECK_INT(t[4].kind, NG_TOK_WORD);
    CHECK_INT(t[4].start, 13); CHECK_INT(t[4].end, 17); CHECK_INT(t[4].bstart, 19); CHECK_INT(t[4].bend, 23);
}

TEST(tokens_numbers)
{
    CHECK_STR(toks("11,000 3.5 1,000.50 1,2"), "11,000/number 3.5/number 1,000.50/number 1/number ,/punct 2/number");
    CHECK_STR(toks("11th 1990s 2nd 5bn 3pm"), "11th/number 1990s/number 2nd/number 5bn/number 3pm/number");
    CHECK_STR(toks("at 12:30, on 2025-01-11 and 11/01/2025"),
              "at/word 12:30/number ,/punct on/word 2025-01-11/number and/word 11/01/2025/number");
    CHECK_STR(toks("5% $5bn \xe2\x82\xac" "10"), "5/number %/symbol $/symbol 5bn/number \xe2\x82\xac/symbol 10/number");
    CHECK_STR(toks("fell -3 to (-2.5) .5 +4"), "fell/word -3/number to/word (/punct -2.5/number )/punct .5/number +4/number");
    CHECK_STR(toks("won 3-2 and \xe2\x88\x92" "7"), "won/word 3-2/number and/word \xe2\x88\x92" "7/number");
    CHECK_STR(toks("11th-hour 10-year-old"), "11th-hour/word 10-year-old/word");
    CHECK_STR(toks("in 2024. Then"), "in/word 2024/number ./punct Then/word");
    CHECK_STR(toks("the '90s"), "the/word '90s/number");
}

TEST(tokens_abbreviations)
{
    CHECK_STR(toks("Mr. Smith and Dr. Jones"), "Mr./abbrev Smith/word and/word Dr./abbrev Jones/word");
    CHECK_STR(toks("the U.S. and U.K."), "the/word U.S./abbrev and/word U.K./abbrev");
    CHECK_STR(toks("e.g. i.e. 5 a.m. Ph.D. U.S.A."), "e.g./abbrev i.e./abbrev 5/number a.m./abbrev Ph.D./abbrev U.S.A./abbrev");
    CHECK_STR(toks("John F. Kennedy"), "John/word F./abbrev Kennedy/word");
    CHECK_STR(toks("Jan. 11, No. 5, etc. vs. Apple Inc."),
              "Jan./abbrev 11/number ,/punct No./abbrev 5/number ,/punct etc./abbrev vs./abbrev Apple/word Inc./abbrev");
    CHECK_STR(toks("said no. Then"), "said/word no/word ./punct Then/word");
    CHECK_STR(toks("wait..."), "wait/word .../punct");
}

TEST(tokens_hyphens_apostrophes)
{
    CHECK_STR(toks("well-known cross-border Tarasova-Markina"),
              "well-known/word cross-border/word Tarasova-Markina/word");
    CHECK_STR(toks("a \xe2\x80\x94 b \xe2\x80\x93 c - d -- e"),
              "a/word \xe2\x80\x94/punct b/word \xe2\x80\x93/punct c/word -/punct d/word --/punct e/word");
    CHECK_STR(toks("don't O'Brien rock'n'roll we\xe2\x80\x99ll"), "don't/word O'Brien/word rock'n'roll/word we\xe2\x80\x99ll/word");
    CHECK_STR(toks("Russia's soldiers' it's"), "Russia/word 's/possessive soldiers/word '/possessive it/word 's/possessive");
    CHECK_STR(toks("MCDONALD'S"), "MCDONALD/word 'S/possessive");
    CHECK_STR(toks("\xe2\x80\x98the soldiers\xe2\x80\x99 fate"),
              "\xe2\x80\x98/quote the/word soldiers/word \xe2\x80\x99/quote fate/word");
    CHECK_STR(toks("'Yes,' he said"), "'/quote Yes/word ,/punct '/quote he/word said/word");
    CHECK_STR(toks("1990's"), "1990/number 's/possessive");
}

TEST(tokens_quotes)
{
    CHECK_STR(toks("\"a\" \xc2\xab" "b\xc2\xbb \xe2\x80\x9e" "c\xe2\x80\x9c \xe2\x80\xb9" "d\xe2\x80\xba"),
              "\"/quote a/word \"/quote \xc2\xab/quote b/word \xc2\xbb/quote \xe2\x80\x9e/quote c/word "
              "\xe2\x80\x9c/quote \xe2\x80\xb9/quote d/word \xe2\x80\xba/quote");
    CHECK_STR(toks("said.\xe2\x80\x9d"), "said/word ./punct \xe2\x80\x9d/quote");
}

TEST(tokens_web)
{
    CHECK_STR(toks("See https://example.com/a?b=1&c=2."), "See/word https://example.com/a?b=1&c=2/url ./punct");
    CHECK_STR(toks("(https://en.wikipedia.org/wiki/Foo_(bar))"), "(/punct https://en.wikipedia.org/wiki/Foo_(bar)/url )/punct");
    CHECK_STR(toks("www.bbc.co.uk, bbc.co.uk/news. Amazon.com\xe2\x80\x99s"),
              "www.bbc.co.uk/url ,/punct bbc.co.uk/news/url ./punct Amazon.com/url \xe2\x80\x99s/possessive");
    CHECK_STR(toks("mail jane.doe+x@cnn.com."), "mail/word jane.doe+x@cnn.com/email ./punct");
    CHECK_STR(toks("@POTUS and #Ukraine #1"), "@POTUS/handle and/word #Ukraine/hashtag #/symbol 1/number");
    CHECK_STR(toks("end.The"), "end/word ./punct The/word");
    CHECK_STR(toks("AT&T & P&G"), "AT&T/word &/symbol P&G/word");
}

TEST(tokens_scripts)
{
    CHECK_STR(toks("\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2, \xd0\xa3\xd0\xba\xd1\x80\xd0\xb0\xd1\x97\xd0\xbd\xd0\xb0"),
              "\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2/word ,/punct \xd0\xa3\xd0\xba\xd1\x80\xd0\xb0\xd1\x97\xd0\xbd\xd0\xb0/word");
    /* Han: one token per ideograph; kana runs stay together */
    CHECK_STR(toks("\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82"),
              "\xe6\x9d\xb1/word \xe4\xba\xac/word \xe3\x81\xa7\xe3\x81\x99/word \xe3\x80\x82/punct");
    CHECK_STR(toks("\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x92\xe3\x83\xbc"), "\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x92\xe3\x83\xbc/word");
    /* combining marks stay in the word (Devanagari) */
    CHECK_STR(toks("\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80 x"),
              "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80/word x/word");
    /* Arabic with digits */
    CHECK_STR(toks("\xd9\x81\xd9\x8a \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa5"), "\xd9\x81\xd9\x8a/word \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa5/number");
    /* emoji with skin tone, flags, ZWJ families */
    CHECK_STR(toks("ok\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd \xf0\x9f\x87\xba\xf0\x9f\x87\xa6\xf0\x9f\x87\xac\xf0\x9f\x87\xa7"),
              "ok/word \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd/symbol \xf0\x9f\x87\xba\xf0\x9f\x87\xa6/symbol \xf0\x9f\x87\xac\xf0\x9f\x87\xa7/symbol");
    CHECK_STR(toks("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"), "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb/symbol");
}

TEST(tokens_whitespace)
{
    CHECK_STR(toks("a\xc2\xa0" "b\xe3\x80\x80" "c\n\nd\te"), "a/word b/word c/word d/word e/word");
    CHECK_STR(toks(""), "");
    CHECK_STR(toks(" \n "), "");
    ng_token *t;
    CHECK_INT(ng_tokenize_text(&A, "", 0, &t), 0);
}

/* ---- sentences -------------------------------------------------------- */

TEST(sentences_paragraph)
{
    CHECK_STR(sents("Last week, US Secretary of State Antony Blinken said more than 1,000 North Korean soldiers "
                    "had been killed. \xe2\x80\x9cThis was not an easy task,\xe2\x80\x9d Zelensky said. The U.S. Army "
                    "said so. Dr. Smith arrived at 5 p.m. He left."),
              "Last week, US Secretary of State Antony Blinken said more than 1,000 North Korean soldiers had been "
              "killed.|\xe2\x80\x9cThis was not an easy task,\xe2\x80\x9d Zelensky said.|The U.S. Army said so.|"
              "Dr. Smith arrived at 5 p.m.|He left.");
}

TEST(sentences_quotes)
{
    CHECK_STR(sents("\xe2\x80\x9cHello!\xe2\x80\x9d she said. Then she left."),
              "\xe2\x80\x9cHello!\xe2\x80\x9d she said.|Then she left.");
    CHECK_STR(sents("He said \xe2\x80\x9cit is over.\xe2\x80\x9d The next day it was."),
              "He said \xe2\x80\x9cit is over.\xe2\x80\x9d|The next day it was.");
    CHECK_STR(sents("It ended. \"We won,\" he said."), "It ended.|\"We won,\" he said.");
    CHECK_STR(sents("(He left.) Then"), "(He left.)|Then");
}

TEST(sentences_abbreviations)
{
    CHECK_STR(sents("Mr. Smith met Gen. Jones. They talked."), "Mr. Smith met Gen. Jones.|They talked.");
    CHECK_STR(sents("It was No. 5 on the list. John F. Kennedy won."), "It was No. 5 on the list.|John F. Kennedy won.");
    CHECK_STR(sents("He moved to the U.S. The move was hard."), "He moved to the U.S.|The move was hard.");
    CHECK_STR(sents("He moved to the U.S. Army base."), "He moved to the U.S. Army base.");
    CHECK_STR(sents("Fruit, e.g. Apples, etc. But not pears."), "Fruit, e.g. Apples, etc.|But not pears.");
    CHECK_STR(sents("It opened on Jan. 11 in Kyiv."), "It opened on Jan. 11 in Kyiv.");
    CHECK_STR(sents("Shares of Apple Inc. rose."), "Shares of Apple Inc. rose.");
    CHECK_STR(sents("He works at Apple Inc. He likes it."), "He works at Apple Inc.|He likes it.");
}

TEST(sentences_marks)
{
    CHECK_STR(sents("Really?! Yes. Why? because."), "Really?!|Yes.|Why? because.");
    CHECK_STR(sents("Wait... Then it came. 2024 was hard."), "Wait...|Then it came.|2024 was hard.");
    CHECK_STR(sents("It is 3.5 percent. iPhone sales rose."), "It is 3.5 percent.|iPhone sales rose.");
    CHECK_STR(sents("\xe6\x9d\xb1\xe4\xba\xac\xe3\x80\x82\xe4\xba\xac\xe9\x83\xbd\xe3\x80\x82"),
              "\xe6\x9d\xb1\xe4\xba\xac\xe3\x80\x82|\xe4\xba\xac\xe9\x83\xbd\xe3\x80\x82");
    CHECK_STR(sents("See www.bbc.co.uk. It has news."), "See www.bbc.co.uk.|It has news.");
}

TEST(sentences_lines_and_paragraphs)
{
    CHECK_STR(sents("Heading without stop\nThe body starts. It goes on\n\nNew para."),
              "Heading without stop|The body starts.|It goes on|New para.");
    CHECK_STR(sents("Roses are red\nviolets are blue"), "Roses are red|violets are blue");
    CHECK_STR(sents(""), "");
    CHECK_STR(sents("  "), "");
    CHECK_STR(sents("one"), "one");
}

TEST(sentences_spans_exact)
{
    const char *s = "\xe2\x80\x9cOk.\xe2\x80\x9d  Next one.";
    size_t len = strlen(s);
    ng_token *t;
    size_t n = ng_tokenize_text(&A, s, len, &t);
    ng_span *sp;
    size_t m = ng_split_sentences(&A, s, len, t, n, &sp);
    CHECK_INT(m, 2);
    if (m != 2) return;
    CHECK_INT(sp[0].start, 0);
    CHECK_INT(sp[0].end, 5);
    CHECK_INT(sp[1].start, 7);
    CHECK_INT(sp[1].end, 16);
}

TEST(record_pipeline_text)
{
    /* the record builder's use: clean, NFC, tokenize, split */
    const char *raw = "  Cafe\xcc\x81\xc2\xa0opens.\n\n Mr. Li  came. ";
    ng_str c = ng_clean_space(&A, raw, strlen(raw));
    ng_str s = ng_nfc(&A, c);
    CHECK_STR(s.ptr, "Caf\xc3\xa9 opens.\nMr. Li came.");
    CHECK_STR(sents(s.ptr), "Caf\xc3\xa9 opens.|Mr. Li came.");
}

int main(void)
{
    ng_arena_init(&A, 0);
    RUN(nfc_composes);
    RUN(nfc_passthrough_same_pointer);
    RUN(nfc_slow_path_cases);
    RUN(clean_space);
    RUN(tokens_offsets_multibyte);
    RUN(tokens_numbers);
    RUN(tokens_abbreviations);
    RUN(tokens_hyphens_apostrophes);
    RUN(tokens_quotes);
    RUN(tokens_web);
    RUN(tokens_scripts);
    RUN(tokens_whitespace);
    RUN(sentences_paragraph);
    RUN(sentences_quotes);
    RUN(sentences_abbreviations);
    RUN(sentences_marks);
    RUN(sentences_lines_and_paragraphs);
    RUN(sentences_spans_exact);
    RUN(record_pipeline_text);
    ng_arena_free(&A);
    return check_report("text");
}
