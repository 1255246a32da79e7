/* Unit tests for the plain-text reader (ng_read_text): headline, byline,
 * dateline, contributors, furniture, blocks, and above all that no body
 * word is lost or invented. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>

/* ---- helpers ------------------------------------------------------------ */

typedef struct doc {
    ng_arena a;
    ng_article art;
    const char *err;
} doc;

static void doc_read(doc *d, const char *text)
{
    ng_arena_init(&d->a, 0);
    memset(&d->art, 0, sizeof d->art);
    d->art.is_article = true; /* as the pipeline does */
    d->err = ng_read_text(&d->a, text, strlen(text), &d->art);
}

static void doc_free(doc *d) { ng_arena_free(&d->a); }

static const char *cstr(ng_str s) { return s.ptr ? s.ptr : NULL; }

/* Block i as a NUL-terminated copy in the arena. */
static const char *block(doc *d, size_t i)
{
    if (i >= d->art.blocks.len) return NULL;
    ng_str t = d->art.blocks.items[i].text;
    return ng_strndup(&d->a, t.ptr, t.len).ptr;
}

static int kind(doc *d, size_t i) { return i < d->art.blocks.len ? d->art.blocks.items[i].kind : -1; }

static const char *author(doc *d, size_t i) { return i < d->art.authors.len ? d->art.authors.items[i].ptr : NULL; }
static const char *contrib(doc *d, size_t i)
{
    return i < d->art.contributors.len ? d->art.contributors.items[i].ptr : NULL;
}

/* Words for comparison: runs of letters and digits. ASCII punctuation and
 * the General Punctuation block (dashes, curly quotes, thin spaces) and
 * NBSP separate words, so stripping a dateline dash or a list bullet, or
 * joining wrapped lines, does not change the word sequence. */
typedef struct words {
    char buf[1 << 16];
    size_t off[1 << 13];
    size_t n, used;
} words;

static bool sep_at(const unsigned char *s, size_t i, size_t n, size_t *k)
{
    *k = 1;
    if (s[i] < 0x80) return !((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'));
    if (s[i] == 0xC2 && i + 1 < n && (s[i + 1] == 0xA0 || s[i + 1] == 0xAB || s[i + 1] == 0xBB || s[i + 1] == 0xA9)) { *k = 2; return true; }
    if (s[i] == 0xE2 && i + 2 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81)) { *k = 3; return true; }
    if (s[i] == 0xEF && i + 2 < n && s[i + 1] == 0xBB && s[i + 2] == 0xBF) { *k = 3; return true; }
    return false;
}

static void words_add(words *w, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, k;
    while (i < n) {
        if (sep_at(s, i, n, &k)) { i += k; continue; }
        size_t st = i;
        while (i < n && !sep_at(s, i, n, &k)) i++;
        if (w->used + (i - st) + 1 > sizeof w->buf || w->n == sizeof w->off / sizeof *w->off) return;
        w->off[w->n++] = w->used;
        memcpy(w->buf + w->used, text + st, i - st);
        w->used += i - st;
        w->buf[w->used++] = '\0';
    }
}

static void words_add_str(words *w, ng_str s) { if (s.ptr) words_add(w, s.ptr, s.len); }

static const char *word(const words *w, size_t i) { return w->buf + w->off[i]; }

static words *words_new(void) { return calloc(1, sizeof(words)); }

static void body_words(doc *d, words *w)
{
    for (size_t i = 0; i < d->art.blocks.len; i++) words_add_str(w, d->art.blocks.items[i].text);
}

static void field_words(doc *d, words *w)
{
    words_add_str(w, d->art.title);
    words_add_str(w, d->art.section);
    words_add_str(w, d->art.outlet);
    words_add_str(w, d->art.dateline);
    for (size_t i = 0; i < d->art.authors.len; i++) words_add_str(w, d->art.authors.items[i]);
    for (size_t i = 0; i < d->art.contributors.len; i++) words_add_str(w, d->art.contributors.items[i]);
}

static bool same_words(const words *a, const words *b)
{
    if (a->n != b->n) {
        fprintf(stderr, "  word count %zu vs %zu\n", a->n, b->n);
        return false;
    }
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(word(a, i), word(b, i)) != 0) {
            fprintf(stderr, "  word %zu: \"%s\" vs \"%s\"\n", i, word(a, i), word(b, i));
            return false;
        }
    return true;
}

/* Every word of `sub` occurs in `all` (as a multiset). */
static bool contained(const words *sub, const words *all)
{
    bool *used = calloc(all->n + 1, 1);
    bool ok = true;
    for (size_t i = 0; i < sub->n && ok; i++) {
        size_t j = 0;
        while (j < all->n && (used[j] || strcmp(word(sub, i), word(all, j)) != 0)) j++;
        if (j == all->n) { fprintf(stderr, "  stray word \"%s\"\n", word(sub, i)); ok = false; }
        else used[j] = true;
    }
    free(used);
    return ok;
}

/* Reads `text` and checks that the body holds every word of it, in order,
 * and nothing was taken out into the header fields. */
static bool keeps_everything(const char *text)
{
    doc d;
    doc_read(&d, text);
    words *in = words_new(), *out = words_new();
    words_add(in, text, strlen(text));
    body_words(&d, out);
    bool ok = !d.err && same_words(in, out) && !d.art.title.ptr && !d.art.section.ptr && !d.art.authors.len &&
              !d.art.dateline.ptr && !d.art.contributors.len;
    if (!ok) fprintf(stderr, "  in: %.60s...\n", text);
    free(in);
    free(out);
    doc_free(&d);
    return ok;
}

/* An input built from labelled pieces: the body must be exactly the BODY
 * pieces' words, in order; header fields may only use words of the other
 * pieces. Together: header + body + furniture == the input's words. */
enum { H, B, F }; /* header, body, furniture */
typedef struct piece {
    int role;
    const char *text;
} piece;

static bool pieces_ok(const piece *p, size_t n, doc *d)
{
    static char text[1 << 15];
    size_t len = 0;
    words *body = words_new(), *rest = words_new(), *got = words_new(), *fields = words_new(),
          *in = words_new(), *all = words_new();
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(p[i].text);
        memcpy(text + len, p[i].text, k);
        len += k;
        words_add(p[i].role == B ? body : rest, p[i].text, k);
    }
    text[len] = '\0';
    words_add(in, text, len);
    doc_read(d, text);
    body_words(d, got);
    field_words(d, fields);
    words_add(all, text, len);
    bool ok = !d->err && same_words(body, got) && contained(fields, rest) && body->n + rest->n == in->n;
    if (!ok) fprintf(stderr, "  input:\n%s\n", text);
    free(body); free(rest); free(got); free(fields); free(in); free(all);
    return ok;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 17];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* ---- the shape of a CNN story (invented text, the seed's layout) -------- */

static const char cnn_like[] =
    "World\n\n"
    "Flooded river forces evacuation of three villages in western Georgia\n\n"
    "By Nino Abashidze and Tom Hartley, CNN\n\n"
    "Tbilisi, Georgia CNN \xc2\xa0\xe2\x80\x94 \xc2\xa0\n\n"
    "Emergency crews evacuated about 2,000 people from three villages in western Georgia on Sunday after the Rioni river burst its banks following days of heavy rain.\n\n"
    "\xe2\x80\x9cThe water rose a meter in two hours,\xe2\x80\x9d said Levan Kiknadze, the head of one village.\n\n"
    "Roads cut off\n\n"
    "Two main roads into the area remained closed on Monday, officials said.\n\n"
    "This story has been updated.\n\n"
    "CNN\xe2\x80\x99s Mariam Gelashvili, Anna-Lisa de Vries and Jonathan R. Kim contributed to this report.\n\n"
    "Related Articles\n\n"
    "Back to top button\n";

TEST(cnn_shape)
{
    doc d;
    doc_read(&d, cnn_like);
    CHECK(d.err == NULL);
    CHECK_STR(cstr(d.art.section), "World");
    CHECK_STR(cstr(d.art.title), "Flooded river forces evacuation of three villages in western Georgia");
    CHECK_INT(d.art.authors.len, 2);
    CHECK_STR(author(&d, 0), "Nino Abashidze");
    CHECK_STR(author(&d, 1), "Tom Hartley");
    CHECK_STR(cstr(d.art.outlet), "CNN");
    CHECK_STR(cstr(d.art.dateline), "Tbilisi, Georgia");
    CHECK_INT(d.art.contributors.len, 3);
    CHECK_STR(contrib(&d, 0), "Mariam Gelashvili");
    CHECK_STR(contrib(&d, 1), "Anna-Lisa de Vries");
    CHECK_STR(contrib(&d, 2), "Jonathan R. Kim");
    CHECK_INT(d.art.blocks.len, 4);
    CHECK(strncmp(block(&d, 0), "Emergency crews", 15) == 0);
    CHECK_STR(block(&d, 2), "Roads cut off");
    CHECK_INT(kind(&d, 2), NG_BLOCK_HEADING);
    CHECK_INT(kind(&d, 1), NG_BLOCK_PARAGRAPH);
    CHECK_STR(block(&d, 3), "Two main roads into the area remained closed on Monday, officials said.");
    CHECK(d.art.is_article);
    doc_free(&d);
}

/* The real seed article, when the shared seed directory is present. */
TEST(seed_article)
{
    const char *text = slurp("/work/shared/seed/cnn-2025-01-11-north-korean-soldiers.txt");
    if (!text) return;
    doc d;
    doc_read(&d, text);
    CHECK_STR(cstr(d.art.section), "World");
    CHECK_STR(cstr(d.art.title), "Zelensky says two North Korean soldiers fighting for Russia were captured in Kursk region");
    CHECK_INT(d.art.authors.len, 2);
    CHECK_STR(author(&d, 0), "Victoria Butenko");
    CHECK_STR(author(&d, 1), "Tim Lister");
    CHECK_STR(cstr(d.art.outlet), "CNN");
    CHECK_STR(cstr(d.art.dateline), "Kyiv, Ukraine");
    CHECK_INT(d.art.contributors.len, 4);
    CHECK_STR(contrib(&d, 0), "Sophie Tanno");
    CHECK_STR(contrib(&d, 2), "Nick Paton Walsh");
    CHECK_STR(contrib(&d, 3), "Daria Tarasova-Markina");
    CHECK_INT(d.art.blocks.len, 20);
    CHECK(strncmp(block(&d, 0), "Ukrainian President", 19) == 0);
    CHECK_STR(block(&d, 6), "Soldiers in bunk beds");
    CHECK_INT(kind(&d, 6), NG_BLOCK_HEADING);
    CHECK(strncmp(block(&d, 19), "Despite both sides", 18) == 0);
    doc_free(&d);
}

/* ---- the samples ------------------------------------------------------------ */

TEST(sample_ap)
{
    const char *text = slurp("samples/ap-harbor-ferry.txt");
    CHECK(text != NULL);
    if (!text) return;
    doc d;
    doc_read(&d, text);
    CHECK_STR(cstr(d.art.section), "U.S.");
    CHECK_STR(cstr(d.art.title), "Ferry runs aground in fog off Maine coast, all 83 passengers rescued");
    CHECK_STR(author(&d, 0), "Marcus Delaney");
    CHECK_STR(author(&d, 1), "Priya Natarajan");
    CHECK_STR(cstr(d.art.outlet), "Associated Press");
    CHECK_STR(cstr(d.art.dateline), "PORTLAND, Maine");
    CHECK_INT(d.art.contributors.len, 1);
    CHECK_STR(contrib(&d, 0), "Owen Whitcomb");
    CHECK_INT(d.art.blocks.len, 7);
    CHECK(strncmp(block(&d, 0), "A passenger ferry carrying 83 people ran aground in heavy fog off", 65) == 0);
    CHECK(strstr(block(&d, 0), "\n") == NULL); /* wrapped lines joined */
    CHECK_STR(block(&d, 4), "Investigators look at navigation");
    CHECK_INT(kind(&d, 4), NG_BLOCK_HEADING);
    CHECK(strstr(block(&d, 6), "cooperating fully.") != NULL);
    doc_free(&d);
}

TEST(sample_reuters)
{
    const char *text = slurp("samples/reuters-copper-mine.txt");
    CHECK(text != NULL);
    if (!text) return;
    doc d;
    doc_read(&d, text);
    CHECK(d.art.section.ptr == NULL);
    CHECK_STR(cstr(d.art.title), "Chile's Andes Cobre halts output at northern mine after tailings leak");
    CHECK_INT(d.art.authors.len, 1);
    CHECK_STR(author(&d, 0), "Lucia Ferrer");
    CHECK_STR(cstr(d.art.outlet), "Reuters");
    CHECK_STR(cstr(d.art.dateline), "SANTIAGO");
    CHECK_INT(d.art.contributors.len, 4);
    CHECK_STR(contrib(&d, 1), "Diego Montalvo");
    CHECK_STR(contrib(&d, 2), "Hannah Okafor");
    CHECK_STR(contrib(&d, 3), "Mark Brennan");
    CHECK_INT(d.art.blocks.len, 6);
    CHECK(strncmp(block(&d, 0), "Chilean copper miner", 20) == 0);
    CHECK_STR(block(&d, 5), "Andes Cobre did not say when it expected to restart operations.");
    doc_free(&d);
}

TEST(sample_press_release)
{
    const char *text = slurp("samples/press-release-library.txt");
    CHECK(text != NULL);
    if (!text) return;
    doc d;
    doc_read(&d, text);
    CHECK_STR(cstr(d.art.title), "Riverside County Library Opens 24-Hour Study Hall at Central Branch");
    CHECK_INT(d.art.authors.len, 0);
    CHECK_STR(cstr(d.art.outlet), "PRNewswire");
    CHECK_STR(cstr(d.art.dateline), "RIVERSIDE, Calif.");
    CHECK_INT(d.art.blocks.len, 7);
    CHECK(strncmp(block(&d, 0), "The Riverside County Library today opened", 41) == 0);
    CHECK_INT(kind(&d, 4), NG_BLOCK_HEADING);
    /* A contact block is lines, not wrapped prose. */
    CHECK_STR(block(&d, 6), "Media contact:\nJordan Reyes\nRiverside County Library");
    doc_free(&d);
}

TEST(sample_no_headline)
{
    const char *text = slurp("samples/no-headline-notice.txt");
    CHECK(text != NULL);
    if (!text) return;
    CHECK(keeps_everything(text));
    doc d;
    doc_read(&d, text);
    CHECK_INT(d.art.blocks.len, 3);
    CHECK(d.art.is_article);
    doc_free(&d);
}

/* ---- bylines ------------------------------------------------------------------ */

static const char body1[] =
    "The regional council approved the new budget on Wednesday after a debate that lasted more than six hours.\n";

static void byline_case(const char *by, const char *a0, const char *a1, const char *outlet)
{
    char text[2048];
    snprintf(text, sizeof text, "Council passes budget after marathon session\n\n%s\n\n%s", by, body1);
    doc d;
    doc_read(&d, text);
    CHECK_STR(cstr(d.art.title), "Council passes budget after marathon session");
    if (a0) CHECK_STR(author(&d, 0), a0);
    if (a1) CHECK_STR(author(&d, 1), a1);
    else CHECK_INT(d.art.authors.len, a0 ? 1 : 0);
    if (outlet) CHECK_STR(cstr(d.art.outlet), outlet);
    else CHECK(d.art.outlet.ptr == NULL);
    CHECK_INT(d.art.blocks.len, 1);
    doc_free(&d);
}

TEST(bylines)
{
    byline_case("By Jane Doe", "Jane Doe", NULL, NULL);
    byline_case("By Jane Doe and John Roe", "Jane Doe", "John Roe", NULL);
    byline_case("By Jane Doe, Associated Press", "Jane Doe", NULL, "Associated Press");
    byline_case("By Jane Doe | BBC News", "Jane Doe", NULL, "BBC News");
    byline_case("By Jane Doe\nAFP", "Jane Doe", NULL, "AFP");
    byline_case("Jane Doe and John Roe, Reuters", "Jane Doe", "John Roe", "Reuters");
    byline_case("By J. R. Smith and Ana de la Cruz, AFP", "J. R. Smith", "Ana de la Cruz", "AFP");
    byline_case("By Pieter van der Berg and Khalid bin Saleh", "Pieter van der Berg", "Khalid bin Saleh", NULL);
    byline_case("BY MARIA LOPEZ, The Riverside Gazette", "MARIA LOPEZ", NULL, "The Riverside Gazette");
    byline_case("By Sam O\xe2\x80\x99Neill, Staff Writer", "Sam O\xe2\x80\x99Neill", NULL, NULL);
    byline_case("By Reuters", NULL, NULL, "Reuters");

    /* Three names and an outlet. */
    doc d;
    doc_read(&d, "Talks resume in Geneva\n\nBy Ann Lee, Raj Patel and Olga Ivanova, CNN\n\n"
                 "Negotiators returned to the table in Geneva on Friday for a third round of talks.\n");
    CHECK_INT(d.art.authors.len, 3);
    CHECK_STR(author(&d, 2), "Olga Ivanova");
    CHECK_STR(cstr(d.art.outlet), "CNN");
    doc_free(&d);
}

/* A headline wrapped over two lines, a byline over two lines, a rule and
 * an AP credit line. */
TEST(two_line_header)
{
    doc d;
    doc_read(&d, "Officials warn of heavy snow across the northern plains as\nsecond storm in a week approaches\n\n"
                 "By Dana Whitfield\nThe Associated Press\n\n"
                 "BISMARCK, N.D. (AP) \xe2\x80\x94 Forecasters warned on Sunday that up to two feet of snow could fall.\n\n"
                 "Schools closed early.\n\n___\n\n"
                 "Associated Press writer Sam Ortiz in Fargo contributed to this report.\n");
    CHECK_STR(cstr(d.art.title), "Officials warn of heavy snow across the northern plains as second storm in a week approaches");
    CHECK_STR(author(&d, 0), "Dana Whitfield");
    CHECK_STR(cstr(d.art.outlet), "The Associated Press");
    CHECK_STR(cstr(d.art.dateline), "BISMARCK, N.D.");
    CHECK_STR(contrib(&d, 0), "Sam Ortiz");
    CHECK_INT(d.art.blocks.len, 2);
    CHECK_STR(block(&d, 1), "Schools closed early.");
    doc_free(&d);
    /* A letter's salutation is not a headline. */
    CHECK(keeps_everything("Dear Sir or Madam\n\nI am writing to complain about the noise from the building site "
                           "next to my house, which starts at six every morning.\n"));
}

/* "By" that starts a sentence is not a byline. */
TEST(by_in_prose)
{
    CHECK(keeps_everything("By the time the ferry reached the harbor, the storm had passed and the sky was clear.\n"));
    CHECK(keeps_everything("By Tuesday\n\nBy Wednesday the river had fallen by two meters, officials said on the radio.\n"));
}

/* ---- datelines ------------------------------------------------------------------ */

static void dateline_case(const char *first, const char *place, const char *outlet, const char *body)
{
    char text[2048];
    snprintf(text, sizeof text, "Storm knocks out power to thousands\n\n%s\n\nCrews expect to restore most service by Friday.\n",
             first);
    doc d;
    doc_read(&d, text);
    CHECK_STR(cstr(d.art.dateline), place);
    if (outlet) CHECK_STR(cstr(d.art.outlet), outlet);
    else CHECK(d.art.outlet.ptr == NULL);
    CHECK_STR(block(&d, 0), body);
    doc_free(&d);
}

TEST(datelines)
{
    dateline_case("KYIV, Ukraine (AP) \xe2\x80\x94 Power was cut to about 40,000 homes overnight.", "KYIV, Ukraine", "AP",
                  "Power was cut to about 40,000 homes overnight.");
    dateline_case("WASHINGTON (Reuters) - Power was cut to about 40,000 homes overnight.", "WASHINGTON", "Reuters",
                  "Power was cut to about 40,000 homes overnight.");
    dateline_case("LONDON \xe2\x80\x94 Power was cut to about 40,000 homes overnight.", "LONDON", NULL,
                  "Power was cut to about 40,000 homes overnight.");
    dateline_case("LONDON, Jan 11 (Reuters) - Power was cut to about 40,000 homes overnight.", "LONDON", "Reuters",
                  "Power was cut to about 40,000 homes overnight.");
    dateline_case("Winston-Salem, N.C. \xe2\x80\x93 Power was cut to about 40,000 homes overnight.", "Winston-Salem, N.C.",
                  NULL, "Power was cut to about 40,000 homes overnight.");
    /* Its own line: dropped. */
    dateline_case("Kyiv, Ukraine CNN \xc2\xa0\xe2\x80\x94 \xc2\xa0\nPower was cut to about 40,000 homes overnight.",
                  "Kyiv, Ukraine", "CNN", "Power was cut to about 40,000 homes overnight.");
    /* A dash in prose is not a dateline. */
    CHECK(keeps_everything("Maria \xe2\x80\x94 who had lived on the island for forty years \xe2\x80\x94 refused to leave her house.\n"));
    CHECK(keeps_everything("The mayor said \xe2\x80\x94 again \xe2\x80\x94 that the bridge would reopen in the spring of next year.\n"));
}

/* ---- contributors and furniture ---------------------------------------------- */

TEST(contributors)
{
    doc d;
    doc_read(&d, "Market rally extends into third day\n\nBy Ann Lee\n\n"
                 "Stocks rose for a third straight day on Thursday as investors cheered earnings.\n\n"
                 "Omar Haddad contributed reporting.\n\n"
                 "Bonds were little changed, while the dollar slipped against the yen.\n\n"
                 "Associated Press writers Lena Park in Seoul and Tomas Berg in Oslo contributed.\n");
    CHECK_INT(d.art.contributors.len, 3);
    CHECK_STR(contrib(&d, 0), "Omar Haddad");
    CHECK_STR(contrib(&d, 1), "Lena Park");
    CHECK_STR(contrib(&d, 2), "Tomas Berg");
    CHECK_INT(d.art.blocks.len, 2);
    doc_free(&d);

    doc_read(&d, "Market rally extends into third day\n\nBy Ann Lee\n\n"
                 "Stocks rose for a third straight day on Thursday as investors cheered earnings.\n\n"
                 "Reporting by Ann Lee in New York, Writing by Joe Bloggs; Editing by Sara Kent and Paul Weiss\n");
    CHECK_INT(d.art.contributors.len, 4);
    CHECK_STR(contrib(&d, 0), "Ann Lee");
    CHECK_STR(contrib(&d, 1), "Joe Bloggs");
    CHECK_STR(contrib(&d, 3), "Paul Weiss");
    CHECK_INT(d.art.blocks.len, 1);
    doc_free(&d);

    /* "contributed" in a sentence stays. */
    CHECK(keeps_everything("Heavy rain contributed to the collapse of the old wall, engineers said on Monday.\n\n"
                           "The grant contributed to this report.\n"));
}

TEST(furniture_only_at_end)
{
    doc d;
    doc_read(&d, "Museum reopens after renovation\n\nBy Ann Lee\n\n"
                 "The city museum reopened on Saturday after a two-year renovation costing $40 million.\n\n"
                 "Advertisement\n\n"
                 "Visitors lined up around the block before the doors opened at 10 a.m. on the first day.\n\n"
                 "Advertisement\n\n"
                 "Share this article\n\n"
                 "Read more: Why museums are getting bigger\n\n"
                 "Copyright 2025 Example Media Group. All rights reserved.\n");
    CHECK_INT(d.art.blocks.len, 3);
    CHECK_STR(block(&d, 1), "Advertisement");
    doc_free(&d);

    /* A related list of headlines under its marker. */
    doc_read(&d, "Museum reopens after renovation\n\nBy Ann Lee\n\n"
                 "The city museum reopened on Saturday after a two-year renovation costing $40 million.\n\n"
                 "Related Articles\n\nCity plans new concert hall\n\nArt school wins national award\n\nBack to top button\n");
    CHECK_INT(d.art.blocks.len, 1);
    doc_free(&d);

    /* Without a marker, short closing lines are the text's own. */
    CHECK(keeps_everything("The city museum reopened on Saturday after a two-year renovation costing $40 million.\n\n"
                           "Hours and tickets\n\nOpen daily from ten to six\n"));
}

/* ---- blocks ----------------------------------------------------------------------- */

TEST(lists_and_lines)
{
    doc d;
    doc_read(&d, "The council listed three priorities for the coming year in its annual report on Monday:\n"
                 "- fix the roads\n* open a clinic\n\xe2\x80\xa2 plant 500 trees along the river\n  and in the parks\n");
    CHECK_INT(d.art.blocks.len, 4);
    CHECK_INT(kind(&d, 0), NG_BLOCK_PARAGRAPH);
    CHECK_STR(block(&d, 1), "fix the roads");
    CHECK_INT(kind(&d, 1), NG_BLOCK_LIST_ITEM);
    CHECK_STR(block(&d, 3), "plant 500 trees along the river and in the parks");
    CHECK_INT(kind(&d, 3), NG_BLOCK_LIST_ITEM);
    doc_free(&d);

    /* Wrapped copy is joined; short lines keep their breaks. */
    doc_read(&d, "The committee met for the third time this week and again failed to agree\n"
                 "on a date for the vote, members said after the session ended late on\n"
                 "Thursday evening.\n\n"
                 "Roses are red\nViolets are blue\n");
    CHECK_STR(block(&d, 0), "The committee met for the third time this week and again failed to agree on a date "
                            "for the vote, members said after the session ended late on Thursday evening.");
    CHECK_STR(block(&d, 1), "Roses are red\nViolets are blue");
    doc_free(&d);

    /* Long lines that were broken on purpose keep their breaks. */
    doc_read(&d, "The first sentence of this paragraph is long, and it is on a line of its own.\n"
                 "So is the second sentence, which is also long enough to look like wrapped prose.\n");
    CHECK(strchr(block(&d, 0), '\n') != NULL);
    doc_free(&d);
}

TEST(too_little_text)
{
    static const char *const cases[] = {"", "\n\n\n", "  \xc2\xa0 \n", "...", "--- *** ---\n\n!!!", "Hello", "42"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        doc d;
        doc_read(&d, cases[i]);
        CHECK(d.err == NULL);
        CHECK(!d.art.is_article);
        CHECK_STR(cstr(d.art.not_article_reason), "too little text");
        doc_free(&d);
    }
    doc d;
    doc_read(&d, "Two words");
    CHECK(d.art.is_article);
    CHECK_STR(block(&d, 0), "Two words");
    doc_free(&d);
}

/* ---- the crucial rule: unclear texts keep every word --------------------------- */

TEST(unclear_texts_keep_every_word)
{
    static const char *const cases[] = {
        /* one long paragraph, unwrapped and wrapped */
        "Nobody expected the harvest festival to draw a crowd of this size, but by noon the square was full and the "
        "organisers had run out of programmes, chairs and, eventually, patience with the brass band, which played the "
        "same three marches over and over until the mayor asked them politely to take a break.",
        "Nobody expected the harvest festival to draw a crowd of this size, but by\nnoon the square was full and the "
        "organisers had run out of programmes, chairs\nand, eventually, patience with the brass band.\n",
        /* body prose, no headline */
        "The storm arrived earlier than forecast.\n\nShops closed by three in the afternoon, and the ferry "
        "to the mainland was cancelled.\n\nBy evening the power was out across most of the island.\n",
        /* a poem with a title */
        "The Lighthouse Keeper\n\nHe climbs the stair at dusk,\nhe trims the wick and waits,\n"
        "the sea below him restless,\nthe gulls above in spates.\n\nAnd when the morning finds him\n"
        "he sleeps till nearly two.\n",
        /* a list of lines, with and without blank lines */
        "Milk\nEggs\nBread\nTwo onions\n",
        "Milk\n\nEggs\n\nBread\n\nTwo onions\n",
        /* dialogue */
        "\xe2\x80\x9c" "Are you coming?\xe2\x80\x9d\n\n\xe2\x80\x9c" "Not yet.\xe2\x80\x9d\n\n\xe2\x80\x9c" "Then I will wait.\xe2\x80\x9d\n",
        /* a title-like line followed by short lines only */
        "Opening Hours\n\nMonday to Friday 9 to 5\n\nSaturday 10 to 2\n",
        /* a note without structure */
        "remember to call the plumber about the leak under the sink\n",
        /* numbers and symbols */
        "1 2 3 4\n\n5 6 7 8\n",
        /* a headline-like first line with no body after it */
        "Breaking News Tonight",
        /* CRLF-free text with tabs and NBSPs inside */
        "Tabs\tand\xc2\xa0non-breaking spaces are spaces too, said nobody in particular at the meeting.\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) CHECK(keeps_everything(cases[i]));
}

TEST(structured_texts_account_for_every_word)
{
    doc d;
    piece p1[] = {{H, "Business\n\n"}, {H, "Factory output falls for second month\n\n"},
                  {H, "By Ann Lee and Bo Chen, Reuters\n\n"}, {H, "BEIJING (Reuters) - "},
                  {B, "Factory output fell for a second month in May, official data showed on Friday.\n\n"},
                  {B, "Exports also slowed\n\n"},
                  {B, "Economists had expected a small rise after a stimulus package in March.\n\n"},
                  {F, "Reporting by Ann Lee; Editing by Sara Kent\n"}};
    CHECK(pieces_ok(p1, sizeof p1 / sizeof *p1, &d));
    CHECK_STR(cstr(d.art.section), "Business");
    CHECK_STR(cstr(d.art.dateline), "BEIJING");
    doc_free(&d);

    piece p2[] = {{H, "Ferry service resumes after strike\n\n"},
                  {B, "Ferries between the two islands resumed on Monday after a three-day strike by crews "
                      "ended with a pay deal.\n\n- Morning sailings run as normal\n- Evening sailings from Tuesday\n\n"},
                  {F, "Advertisement\n\nBack to top\n"}};
    CHECK(pieces_ok(p2, sizeof p2 / sizeof *p2, &d));
    CHECK_STR(cstr(d.art.title), "Ferry service resumes after strike");
    doc_free(&d);

    piece p3[] = {{H, "ROME \xe2\x80\x94 "},
                  {B, "The city will limit tourist groups at the Trevi Fountain to 30 people from next month.\n\n"},
                  {F, "Associated Press writer Giulia Neri contributed.\n\n"},
                  {F, "Copyright 2025 The Associated Press. All rights reserved.\n"}};
    CHECK(pieces_ok(p3, sizeof p3 / sizeof *p3, &d));
    CHECK_STR(cstr(d.art.dateline), "ROME");
    CHECK_STR(contrib(&d, 0), "Giulia Neri");
    doc_free(&d);

    /* Generated mixtures: random headers, bodies and tails. A local LCG
     * keeps the test deterministic without global state. */
    static const char *const sections[] = {"World\n\n", "Sport\n\n", "U.S. Politics\n\n"};
    static const char *const titles[] = {"Bridge closes after inspection finds cracks\n\n",
                                         "\xe2\x80\x9cWe will rebuild,\xe2\x80\x9d mayor says after fire\n\n",
                                         "Why the harbor keeps flooding\n\n"};
    static const char *const bylines[] = {"By Ann Lee\n\n", "By Ann Lee and Raj Patel, CNN\n\n",
                                          "Ann Lee, Reuters\n\n", "By Kim Young-ho | Yonhap\n\n"};
    static const char *const datelines[] = {"SEOUL (AP) \xe2\x80\x94 ", "Lagos, Nigeria \xe2\x80\x94 ",
                                            "PARIS, March 3 (Reuters) - ", "Nairobi, Kenya CNN \xe2\x80\x94 \n\n"};
    static const char *const prose[] = {
        "Engineers found cracks in two of the four supports during a routine inspection on Tuesday.\n\n",
        ("The closure adds about twenty minutes to the commute for thousands of drivers, the\ntransport "
         "department said in a statement issued late in the evening.\n\n"),
        "\xe2\x80\x9cWe had no choice,\xe2\x80\x9d said the city engineer, who asked that her name not be used.\n\n",
        "- Detours are signposted\n- Buses run every ten minutes\n\n",
        "Repairs are expected to take at least six weeks, officials said.\n\n"};
    static const char *const mids[] = {"What comes next\n\n", "A long history\n\n"};
    static const char *const tails[] = {"This story has been updated.\n\n", "Related Articles\n\n",
                                        "Back to top button\n\n", "Raj Patel contributed to this report.\n\n",
                                        "All rights reserved.\n\n", "Advertisement\n\n"};
    unsigned long long seed = 12345;
#define RND(n) ((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL), (size_t)((seed >> 33) % (n)))
    int failures = 0;
    for (int round = 0; round < 400 && failures < 3; round++) {
        piece p[24];
        size_t n = 0;
        bool title = RND(4) != 0;
        if (title && RND(3) == 0) p[n++] = (piece){H, sections[RND(3)]};
        if (title) p[n++] = (piece){H, titles[RND(3)]};
        if (RND(3)) {
            const char *b = bylines[RND(4)];
            if (!title && b[0] != 'B') b = bylines[0]; /* a name list needs a headline before it */
            p[n++] = (piece){H, b};
        }
        if (RND(2)) p[n++] = (piece){H, datelines[RND(4)]};
        p[n++] = (piece){B, prose[RND(3)]}; /* the body starts with prose */
        size_t body = 1 + RND(6);
        for (size_t k = 0; k < body; k++) {
            if (RND(4) == 0 && p[n - 1].role == B && p[n - 1].text[0] != '-')
                p[n++] = (piece){B, mids[RND(2)]};
            p[n++] = (piece){B, prose[RND(5)]};
        }
        if (p[n - 1].text[0] == '-' || p[n - 1].text == mids[0] || p[n - 1].text == mids[1])
            p[n++] = (piece){B, prose[0]};
        size_t tail = RND(4);
        for (size_t k = 0; k < tail; k++) p[n++] = (piece){F, tails[RND(6)]};
        if (!pieces_ok(p, n, &d)) failures++;
        doc_free(&d);
    }
#undef RND
    CHECK(failures == 0);
}

int main(void)
{
    RUN(cnn_shape);
    RUN(seed_article);
    RUN(sample_ap);
    RUN(sample_reuters);
    RUN(sample_press_release);
    RUN(sample_no_headline);
    RUN(bylines);
    RUN(two_line_header);
    RUN(by_in_prose);
    RUN(datelines);
    RUN(contributors);
    RUN(furniture_only_at_end);
    RUN(lists_and_lines);
    RUN(too_little_text);
    RUN(unclear_texts_keep_every_word);
    RUN(structured_texts_account_for_every_word);
    return check_report("plaintext");
}
