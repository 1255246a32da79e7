/* Unit tests for quotes.c: direct quotes, indirect attributions, speakers. */
#include "check.h"
#include "internal.h"
#include "quotes.h"

#include <stdlib.h>

#define LQ "\xE2\x80\x9C"  /* “ */
#define RQ "\xE2\x80\x9D"  /* ” */
#define LSQ "\xE2\x80\x98" /* ‘ */
#define RSQ "\xE2\x80\x99" /* ’ */

static ng_arena arena;
static ng_record rec;

/* Builds a record from paragraphs separated by "\n\n" (as the readers
 * do), optionally adds entities, and runs the quote stage. */
static void build(const char *text)
{
    ng_arena_reset(&arena);
    ng_article art;
    memset(&art, 0, sizeof art);
    art.is_article = true;
    const char *p = text;
    for (;;) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        ng_article_add_block(&arena, &art, ng_strndup(&arena, p, n), NG_BLOCK_PARAGRAPH);
        if (!e) break;
        p = e + 2;
    }
    memset(&rec, 0, sizeof rec);
    CHECK(ng_record_build(&arena, &art, &rec) == NULL);
}

static void find(void) { CHECK(ng_quotes_find(&arena, &rec, NULL, 0) == NULL); }

static void run(const char *text)
{
    build(text);
    find();
}

/* The record text between code points [s, e), in a static buffer. */
static const char *cp_slice(uint32_t s, uint32_t e)
{
    static char buf[4096];
    const char *t = rec.text.ptr;
    size_t i = 0, cp = 0, bs = 0, be = 0;
    for (; i <= rec.text.len; cp++) {
        if (cp == s) bs = i;
        if (cp == e) { be = i; break; }
        if (i == rec.text.len) break;
        uint32_t c;
        i += ng_utf8_decode((const unsigned char *)t + i, rec.text.len - i, &c);
    }
    size_t n = be > bs ? be - bs : 0;
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, t + bs, n);
    buf[n] = '\0';
    return buf;
}

/* The quote whose content starts with `prefix`, or NULL; also checks that
 * every span of it points at the words it claims. */
static const ng_quote *quote(const char *prefix)
{
    for (size_t i = 0; i < rec.n_quotes; i++) {
        const ng_quote *q = &rec.quotes[i];
        if (q->text.len >= strlen(prefix) && !memcmp(q->text.ptr, prefix, strlen(prefix))) {
            CHECK_STR(cp_slice(q->start, q->end), q->text.ptr);
            if (q->cue.ptr) CHECK_STR(cp_slice(q->cue_span.start, q->cue_span.end), q->cue.ptr);
            if (q->speaker_via == NG_SPEAKER_NAME || q->speaker_via == NG_SPEAKER_DESCRIPTION)
                CHECK_STR(cp_slice(q->speaker_span.start, q->speaker_span.end), q->speaker.ptr);
            return q;
        }
    }
    fprintf(stderr, "  no quote starting with \"%s\"\n", prefix);
    return NULL;
}

static size_t count_direct(void)
{
    size_t n = 0;
    for (size_t i = 0; i < rec.n_quotes; i++) n += rec.quotes[i].direct;
    return n;
}

#define SPEAKER(q, want) CHECK_STR((q) ? (q)->speaker.ptr : NULL, want)

TEST(straight_quotes_name_before_cue)
{
    run("\"We will rebuild the bridge,\" Mayor Anne Hidalgo said on Tuesday.");
    const ng_quote *q = quote("We will rebuild the bridge");
    CHECK(q && q->direct && !q->partial);
    CHECK_STR(q ? q->text.ptr : NULL, "We will rebuild the bridge");
    CHECK_STR(q ? q->cue.ptr : NULL, "said");
    SPEAKER(q, "Mayor Anne Hidalgo");
    CHECK(q && q->speaker_via == NG_SPEAKER_NAME);
    CHECK_INT(rec.n_quotes, 1);
}

TEST(curly_quotes_cue_before_name)
{
    run("" LQ "It is over for them," RQ " said Zelensky.");
    const ng_quote *q = quote("It is over for them");
    SPEAKER(q, "Zelensky");
}

TEST(cue_before_quote_with_colon)
{
    run("Zelensky said of the two captured soldiers: " LQ "This was not an easy task." RQ "");
    const ng_quote *q = quote("This was not an easy task");
    SPEAKER(q, "Zelensky");
    CHECK_STR(q ? q->cue.ptr : NULL, "said");
    CHECK(q && !q->partial);
}

TEST(appositive_gives_the_name)
{
    run("" LQ "We are ready for talks," RQ " Oleksandr Ivanov, the SBU spokesman, said.");
    SPEAKER(quote("We are ready"), "Oleksandr Ivanov");
    run("In a statement, her senior adviser, Jake Sullivan, said: " LQ "We are ready for talks." RQ "");
    SPEAKER(quote("We are ready"), "Jake Sullivan");
}

TEST(pronoun_after_a_reported_speaker)
{
    /* the soldier speaks inside the SBU's account; "He" is the soldier */
    run("The SBU spokesman said the men were held in a cell. According to the SBU, the soldier said he had been "
        "issued the document in Russia. He also said that some units had just one week of training.");
    SPEAKER(quote("the soldier said"), "the SBU");
    SPEAKER(quote("some units had"), "the soldier");
}

TEST(party_and_state_after_the_name)
{
    run("" LQ "We cannot have people deny the right to question them," RQ " Rep. John Mica (R-Fla.) said.");
    SPEAKER(quote("We cannot have"), "Rep. John Mica");
    run("" LQ "Our assumption is that the veto will be overridden," RQ
        " Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday.");
    SPEAKER(quote("Our assumption"), "Senate Majority Leader Mitch McConnell");
}

TEST(attribution_dash_after_the_quote)
{
    run("" LQ "The most unqualified candidate ever to run for office." RQ " \xE2\x80\x95 Francisco Herrero\n\n"
        LQ "Maybe we can build a wall around him." RQ " \xE2\x80\x94 Steve Quinlan.");
    const ng_quote *q = quote("The most unqualified");
    SPEAKER(q, "Francisco Herrero");
    CHECK(q && q->speaker_via == NG_SPEAKER_NAME && !q->cue.ptr);
    SPEAKER(quote("Maybe we can"), "Steve Quinlan");
    /* reader quotes separated by line breaks only */
    run("" LQ "He has said hateful things time and again." RQ " \xE2\x80\x95 Carlos Raul\n" LQ
        "He is ignorant of our culture and lives." RQ " \xE2\x80\x95 Pamela Padilla");
    SPEAKER(quote("He has said"), "Carlos Raul");
    SPEAKER(quote("He is ignorant"), "Pamela Padilla");
    /* a dash that starts a sentence is not an attribution */
    run("" LQ "It is all over now." RQ " \xE2\x80\x94 Talks then broke down in the capital after midnight.");
    q = quote("It is all over");
    CHECK(q && !q->speaker.ptr);
}

TEST(asides_and_participles)
{
    run("Fiorina, speaking to Iowans, said, " LQ "Last time I looked, you had not started voting yet." RQ);
    SPEAKER(quote("Last time I looked"), "Fiorina");
    run("Speaking in Columbia on Monday, Sanders stepped up his criticism, saying, " LQ "We have got to do better." RQ);
    SPEAKER(quote("We have got to do better"), "Sanders");
    run("Clinton, exasperated, famously responded: " LQ "What difference does it make?" RQ);
    SPEAKER(quote("What difference"), "Clinton");
    run("Lazar said he welcomed extradition to the United States and added, " LQ "I will plead guilty." RQ);
    SPEAKER(quote("I will plead guilty"), "Lazar");
    run(LQ "Is he going to resign?" RQ " the nominee tweeted Sunday.");
    SPEAKER(quote("Is he going to resign"), "the nominee");
}

TEST(description_speaker)
{
    run("" LQ "They are being held in good conditions," RQ " the SBU spokesman said.");
    const ng_quote *q = quote("They are being held");
    SPEAKER(q, "the SBU spokesman");
    CHECK(q && q->speaker_via == NG_SPEAKER_DESCRIPTION);
    run("An unidentified doctor says that the second soldier has a fractured leg.");
    q = quote("the second soldier");
    SPEAKER(q, "An unidentified doctor");
    CHECK(q && !q->direct);
}

TEST(pronoun_resolves_to_previous_speaker)
{
    run("Zelensky said the talks had failed.\n\n" LQ "We will win this war," RQ " he said.");
    const ng_quote *q = quote("We will win");
    SPEAKER(q, "Zelensky");
    CHECK(q && q->speaker_via == NG_SPEAKER_PRONOUN);
    CHECK_STR(q ? cp_slice(q->speaker_span.start, q->speaker_span.end) : NULL, "he");
    CHECK_STR(q ? cp_slice(q->antecedent.start, q->antecedent.end) : NULL, "Zelensky");
}

TEST(pronoun_it_prefers_an_organisation)
{
    run("The SBU said the soldiers were captured.\n\nAn unidentified doctor says that one has a broken leg.\n\n"
        "It said the card was carried by a soldier.");
    SPEAKER(quote("the card was"), "The SBU");
    run("The SBU said the soldiers were captured.\n\nAn unidentified doctor says that one has a broken leg.\n\n"
        "She said the other was unhurt.");
    SPEAKER(quote("the other was"), "An unidentified doctor");
}

TEST(multi_paragraph_quote)
{
    run("" LQ "The first part of a long statement goes here.\n\n"
        "" LQ "And the second part ends it," RQ " Smith said.");
    CHECK_INT(count_direct(), 2);
    const ng_quote *a = quote("The first part"), *b = quote("And the second part");
    SPEAKER(a, "Smith");
    SPEAKER(b, "Smith");
    CHECK(a && a->speaker_via == NG_SPEAKER_CONTINUATION);
    CHECK(b && b->speaker_via == NG_SPEAKER_NAME);
    /* cue in the first paragraph, continued in the next */
    run("" LQ "We never gave up," RQ " Smith said. " LQ "The first part goes on here.\n\n"
        "" LQ "And the second part ends it." RQ "");
    CHECK_INT(count_direct(), 3);
    SPEAKER(quote("And the second part"), "Smith");
}

TEST(cue_ends_the_previous_paragraph)
{
    run("The debate ran late. Cruz continued:\n\n" LQ "You look at the questions asked tonight." RQ);
    const ng_quote *q = quote("You look at the questions");
    SPEAKER(q, "Cruz");
    CHECK_STR(q ? q->cue.ptr : NULL, "continued");
}

TEST(next_quote_without_cue_continues)
{
    run("" LQ "The plan is sound," RQ " Smith said.\n\n" LQ "We have checked every number twice." RQ "");
    const ng_quote *q = quote("We have checked");
    SPEAKER(q, "Smith");
    CHECK(q && q->speaker_via == NG_SPEAKER_CONTINUATION);
    /* and in the same sentence after the cue */
    run("" LQ "The plan is sound," RQ " Smith said, " LQ "and we have checked it." RQ "");
    SPEAKER(quote("and we have checked"), "Smith");
}

TEST(partial_quote_in_sentence)
{
    run("Johnson called the plan " LQ "a disaster for the city" RQ " on Monday.");
    const ng_quote *q = quote("a disaster for the city");
    CHECK(q && q->direct && q->partial);
    SPEAKER(q, "Johnson");
    CHECK_STR(q ? q->cue.ptr : NULL, "called");
    run("The SBU spokesman said that " LQ "communication with them is carried out through interpreters,"
        "" RQ " in cooperation with South Korea.");
    SPEAKER(quote("communication with them"), "The SBU spokesman");
}

TEST(nested_single_quotes_stay_inside)
{
    run("" LQ "He told me " LSQ "never again" RSQ " and left the room," RQ " Lee said.");
    CHECK_INT(count_direct(), 1);
    const ng_quote *q = quote("He told me");
    CHECK(q && strstr(q->text.ptr, "never again") != NULL);
    SPEAKER(q, "Lee");
}

TEST(indirect_forms)
{
    run("The minister said that the border would stay closed.");
    const ng_quote *q = quote("the border would stay closed");
    CHECK(q && !q->direct);
    SPEAKER(q, "The minister");
    CHECK_STR(q ? q->text.ptr : NULL, "the border would stay closed");

    run("The plant will close next year, the company said.");
    SPEAKER(quote("The plant will close next year"), "the company");

    run("The plant will close next year, said a spokeswoman for the firm.");
    SPEAKER(quote("The plant will close next year"), "a spokeswoman for the firm");

    run("Officials told reporters that the road was reopened.");
    q = quote("the road was reopened");
    SPEAKER(q, "Officials");
    CHECK_STR(q ? q->cue.ptr : NULL, "told");

    run("Ukraine's military said on Tuesday that it had hit a command post.");
    SPEAKER(quote("it had hit a command post"), "Ukraine's military");

    run("Zelensky says the offensive is going well.");
    SPEAKER(quote("the offensive is going well"), "Zelensky");

    run("Fishermen's groups, who had raised concerns, said they would study the data.");
    SPEAKER(quote("they would study the data"), "Fishermen's groups");
}

TEST(according_to_is_hedged)
{
    run("According to the SBU, the soldier was captured on Monday.");
    const ng_quote *q = quote("the soldier was captured");
    SPEAKER(q, "the SBU");
    CHECK_STR(q ? q->hedge.ptr : NULL, "According to");
    run("The soldier had no papers, according to Ukrainian officials.");
    q = quote("The soldier had no papers");
    SPEAKER(q, "Ukrainian officials");
    CHECK(q && q->hedge.ptr != NULL);
}

TEST(claims_and_adverbs_are_hedges)
{
    run("Ukraine claims the card was carried by a North Korean soldier.");
    const ng_quote *q = quote("the card was carried");
    SPEAKER(q, "Ukraine");
    CHECK_STR(q ? q->hedge.ptr : NULL, "claims");
    run("Officials said the video purportedly shows the soldiers.");
    q = quote("the video purportedly");
    CHECK_STR(q ? q->hedge.ptr : NULL, "purportedly");
    run(LQ "He allegedly took the money," RQ " the prosecutor said.");
    q = quote("He allegedly took");
    CHECK(q && q->hedge.ptr == NULL); /* the speaker's word, not the writer's */
    run("Officials said the video shows the soldiers.");
    q = quote("the video shows");
    CHECK(q && q->hedge.ptr == NULL);
}

TEST(no_attribution_without_speech)
{
    run("The company did not say when it would reopen the mine.");
    CHECK_INT(rec.n_quotes, 0);
    run("He appeared on " LQ "Good Morning America" RQ " on Monday.");
    CHECK_INT(rec.n_quotes, 0);
    run("The word " LQ "soon" RQ " was everywhere.");
    CHECK_INT(rec.n_quotes, 0);
    run("");
    CHECK_INT(rec.n_quotes, 0);
}

TEST(unbalanced_marks)
{
    /* a stray mark in mid-sentence opens nothing */
    run("He said the \"plan was wrong and then left.\n\nThe board met again on Friday.");
    CHECK_INT(count_direct(), 0);
    /* a closing mark with nothing open is ignored */
    run("The plan" RQ " was wrong.");
    CHECK_INT(count_direct(), 0);
    /* an opening mark that starts a paragraph runs to its end */
    run("" LQ "This statement has no closing mark at all\n\nThe board met on Friday.");
    CHECK_INT(count_direct(), 1);
    CHECK(quote("This statement has no closing mark at all") != NULL);
}

TEST(quote_at_end_of_text)
{
    run("Smith said: " LQ "We are done here");
    const ng_quote *q = quote("We are done here");
    SPEAKER(q, "Smith");
    run("Smith said: " LQ "");
    CHECK_INT(count_direct(), 0);
}

TEST(very_long_unclosed_quote_is_bounded)
{
    size_t words = 200000;
    char *big = malloc(words * 5 + 64);
    CHECK(big != NULL);
    if (!big) return;
    size_t n = 0;
    memcpy(big, LQ, 3);
    n = 3;
    for (size_t i = 0; i < words; i++) { memcpy(big + n, "said ", 5); n += 5; }
    big[n] = '\0';
    run(big);
    CHECK_INT(count_direct(), 1);
    free(big);
}

TEST(speaker_linked_to_entities)
{
    build("" LQ "We will win," RQ " Zelensky said.\n\n"
          "" LQ "They are safe," RQ " the SBU spokesman said.\n\n"
          "President Volodymyr Zelensky visited Kyiv. Later he said the war would end.");
    /* entities as the resolver would give them: PER Zelensky (two
     * mentions), ORG SBU */
    static ng_entity ents[2];
    static ng_entity_mention m_per[2], m_org[1];
    m_per[0] = (ng_entity_mention){14, 22, {"Zelensky", 8}};
    m_per[1] = (ng_entity_mention){0, 0, {NULL, 0}};
    m_org[0] = (ng_entity_mention){0, 0, {"SBU", 3}};
    /* find the offsets in the text */
    const char *t = rec.text.ptr;
    const char *sbu = strstr(t, "SBU"), *full = strstr(t, "Volodymyr Zelensky");
    m_org[0].start = (uint32_t)ng_utf8_count(t, (size_t)(sbu - t));
    m_org[0].end = m_org[0].start + 3;
    m_per[1].start = (uint32_t)ng_utf8_count(t, (size_t)(full - t));
    m_per[1].end = m_per[1].start + 18;
    ents[0] = (ng_entity){.id = 1, .type = NG_ENTITY_PER, .name = {"Volodymyr Zelensky", 18},
                          .sources = NG_ENTITY_FROM_TEXT, .mentions = m_per, .n_mentions = 2};
    ents[1] = (ng_entity){.id = 2, .type = NG_ENTITY_ORG, .name = {"Security Service of Ukraine", 27},
                          .sources = NG_ENTITY_FROM_TEXT, .mentions = m_org, .n_mentions = 1};
    rec.entities = ents;
    rec.n_entities = 2;
    find();
    const ng_quote *q = quote("We will win");
    CHECK(q && q->speaker_entity == 1);
    q = quote("They are safe");
    CHECK(q && q->speaker_entity == 2); /* a description links to the organisation in it */
    q = quote("the war would end");
    SPEAKER(q, "Volodymyr Zelensky"); /* the tagged person right before the pronoun */
    CHECK(q && q->speaker_entity == 1);
}

/* The token index starting at the first occurrence of `word`. */
static uint32_t tok_of(const char *word)
{
    const char *at = strstr(rec.text.ptr, word);
    for (size_t i = 0; at && i < rec.n_tokens; i++)
        if (rec.tokens[i].bstart == (uint32_t)(at - rec.text.ptr)) return (uint32_t)i;
    return 0;
}

TEST(tagger_mentions_type_speakers)
{
    const char *text = "Maria Smith toured the plant. Acme Steel said profits rose.\n\n"
                       "She said the new line would open in May.";
    /* without types, "Acme Steel" is the nearest person-like speaker */
    run(text);
    SPEAKER(quote("the new line"), "Acme Steel");
    /* the tagger says Acme Steel is an organisation and Maria Smith a person */
    build(text);
    ng_mention m[2] = {{tok_of("Maria"), tok_of("Maria") + 2, NG_NE_PER}, {tok_of("Acme"), tok_of("Acme") + 2, NG_NE_ORG}};
    CHECK(ng_quotes_find(&arena, &rec, m, 2) == NULL);
    const ng_quote *q = quote("the new line");
    SPEAKER(q, "Maria Smith");
    CHECK(q && q->speaker_entity == 0); /* typed, but no entity to link to */
}

TEST(json_form)
{
    run("" LQ "We will win," RQ " Zelensky said.");
    ng_buf b = {0};
    ng_quotes_json(&b, &rec);
    CHECK(b.data && strstr(b.data, ",\"quotes\":[{\"text\":\"We will win\",\"start\":1,\"end\":12,\"direct\":true,\"partial\":false,"
                                   "\"cue\":\"said\",\"cue_span\":[24,28],\"speaker\":\"Zelensky\","
                                   "\"speaker_span\":[15,23],\"speaker_via\":\"name\",\"speaker_entity\":null,"
                                   "\"hedge\":null,\"attribution\":\"quote\"}]") == b.data);
    ng_buf_free(&b);
}

TEST(pronoun_agrees_in_gender)
{
    /* "she" is not the man named last, but the nearest woman */
    const char *text = "Hillary Clinton spoke in Ohio. Donald Trump criticized her trade record.\n\n"
                       "She said the attacks were false and her plan would create jobs.";
    build(text);
    ng_mention m[2] = {{tok_of("Hillary"), tok_of("Hillary") + 2, NG_NE_PER}, {tok_of("Donald"), tok_of("Donald") + 2, NG_NE_PER}};
    CHECK(ng_quotes_find(&arena, &rec, m, 2) == NULL);
    const ng_quote *q = quote("the attacks were false");
    SPEAKER(q, "Hillary Clinton");
    CHECK(q && q->speaker_via == NG_SPEAKER_PRONOUN);
    /* a title gives the gender too */
    build("Mrs. Ellison opened the session. Mr. Okafor answered questions.\n\nShe said the budget was balanced.");
    ng_mention t[2] = {{tok_of("Ellison"), tok_of("Ellison") + 1, NG_NE_PER}, {tok_of("Okafor"), tok_of("Okafor") + 1, NG_NE_PER}};
    CHECK(ng_quotes_find(&arena, &rec, t, 2) == NULL);
    SPEAKER(quote("the budget"), "Ellison");
}

TEST(caption_names_are_not_antecedents)
{
    const char *text = "Maria Lopez said the clinic would close.\n\n"
                       "Governor Ben Hart at a rally on Monday. Photo: AP\n\n"
                       LQ "We have no choice," RQ " she said.";
    build(text);
    ng_mention m[2] = {{tok_of("Maria"), tok_of("Maria") + 2, NG_NE_PER}, {tok_of("Ben"), tok_of("Ben") + 2, NG_NE_PER}};
    CHECK(ng_quotes_find(&arena, &rec, m, 2) == NULL);
    SPEAKER(quote("We have no choice"), "Maria Lopez");
}

TEST(continuation_stops_at_another_statement)
{
    /* a quote without a cue does not go back to Smith over Jones's words */
    run(LQ "We will appeal," RQ " Smith said.\n\nJones said the ruling was fair and would stand.\n\n"
        LQ "It is a sad day for everyone in this town and for the families." RQ);
    const ng_quote *q = quote("It is a sad day");
    CHECK(!q || !q->speaker.ptr || strcmp(q->speaker.ptr, "Smith") != 0);
}

TEST(headlines_are_not_quotes)
{
    /* a related link's headline in marks, with no cue of its own, is not
     * the previous speaker's */
    run(LQ "The jury will decide," RQ " the judge said.\n\n"
        LQ "Testimony Concludes After Jury Hears From Final Witness" RQ);
    CHECK(quote("Testimony") == NULL);
    CHECK_INT(count_direct(), 1);
}

TEST(noun_claim_is_not_a_cue)
{
    run("The claims about the vaccine spread quickly online last week.");
    CHECK_INT(rec.n_quotes, 0);
    run("Trump's claims of fraud were rejected by the court in December.");
    for (size_t i = 0; i < rec.n_quotes; i++) CHECK(strcmp(rec.quotes[i].cue.ptr ? rec.quotes[i].cue.ptr : "", "claims") != 0);
}

TEST(attributions_without_marks)
{
    /* beliefs, findings and group speakers, each the source's claim */
    run("Smith believes the merger will fail within a year.");
    const ng_quote *q = quote("the merger");
    SPEAKER(q, "Smith");
    CHECK(q && !q->direct && q->attribution == NG_ATTRIBUTION_BELIEF);
    run("Recent polls show the senator trailing in three states.");
    q = quote("the senator trailing");
    SPEAKER(q, "Recent polls");
    CHECK(q && q->attribution == NG_ATTRIBUTION_FINDING);
    run("Officials say the bridge will reopen in May.");
    q = quote("the bridge");
    SPEAKER(q, "Officials");
    CHECK(q && q->attribution == NG_ATTRIBUTION_SPEECH);
    /* a passive cue's subject is not a speaker */
    run("Repairs were expected to cost about $340,000 after the storm.");
    for (size_t i = 0; i < rec.n_quotes; i++) CHECK(!rec.quotes[i].speaker.ptr);
    run("The mayor was told the plant would close in March.");
    for (size_t i = 0; i < rec.n_quotes; i++) CHECK(!rec.quotes[i].speaker.ptr || strcmp(rec.quotes[i].speaker.ptr, "The mayor") != 0);
    /* a finding verb reports nothing without a document or "that" */
    run("Police found a car near the river on Sunday.");
    CHECK_INT(rec.n_quotes, 0);
    /* a fragment in marks inside the clause leaves the clause reported */
    run("Trump says he is making " LQ "a demand" RQ " of the president this week.");
    q = quote("he is making");
    SPEAKER(q, "Trump");
    CHECK(q && !q->direct);
    /* the attribution inside its clause reports the whole sentence */
    run("The museum, Mr. Bush said, celebrated several of his heroes.");
    q = quote("The museum");
    CHECK(q && strstr(q->text.ptr, "heroes") != NULL);
    /* a relative clause's speaker */
    run("The contractor, who said he was never paid, sued the firm.");
    q = quote("he was never paid");
    SPEAKER(q, "The contractor");
}

TEST(several_attributions_in_a_sentence)
{
    /* a reported clause that reports again: both are attributions */
    run("Aides say the senator believes the bill will pass next week.");
    const ng_quote *q = quote("the senator believes");
    SPEAKER(q, "Aides");
    q = quote("the bill will pass");
    SPEAKER(q, "the senator");
    CHECK(q && q->attribution == NG_ATTRIBUTION_BELIEF);
    /* a clause reported by one source and sourced to another */
    run("The soldier said he had been sent to Russia for training, according to the agency.");
    q = quote("he had been sent");
    SPEAKER(q, "The soldier");
    q = quote("The soldier said");
    SPEAKER(q, "the agency");
    /* beside a whole direct quote: a participle keeps the quote's speaker,
     * and the quote's own cue reports nothing twice */
    run(LQ "We will not stop," RQ " Ortiz said, adding that the union would strike on Monday.");
    q = quote("the union would strike");
    SPEAKER(q, "Ortiz");
    CHECK(q && !q->direct);
    CHECK_INT(rec.n_quotes, 2);
    /* a second verb of the subject */
    run("She also criticized the budget and said the cuts would hurt schools.");
    q = quote("the cuts would hurt");
    SPEAKER(q, "She");
}

TEST(subjects_of_indirect_attributions)
{
    /* an aside between the commas that is a noun phrase */
    run("Goodstein, its chief executive, said candidates are becoming more careful.");
    const ng_quote *q = quote("candidates are becoming");
    SPEAKER(q, "Goodstein");
    /* a subject ending in prepositional phrases, coordinated, or a share */
    run("Some delegates at the convention in Philadelphia said they welcomed the debate.");
    q = quote("they welcomed");
    SPEAKER(q, "Some delegates");
    run("Politicians and even some engineers say the rules have been toothless.");
    q = quote("the rules have been");
    CHECK(q && q->speaker.ptr && strstr(q->speaker.ptr, "Politicians") != NULL);
    run("Six in 10 say the economy is getting worse.");
    q = quote("the economy is getting");
    SPEAKER(q, "Six in 10");
    run("A mere 9 percent say they only buy local produce.");
    q = quote("they only buy");
    SPEAKER(q, "A mere 9 percent");
    /* a plural cue form after a number is a noun */
    run("Voters in six states backed the measure on Tuesday.");
    for (size_t i = 0; i < rec.n_quotes; i++) CHECK(strcmp(rec.quotes[i].cue.ptr ? rec.quotes[i].cue.ptr : "", "states") != 0);
    /* a capitalised cue that ends a name is no cue */
    run("The United States and its allies met in Brussels on Friday to discuss trade.");
    CHECK_INT(rec.n_quotes, 0);
}

TEST(cue_classes_and_base_forms)
{
    /* verbs of belief and communication beyond "say" */
    run("Many economists suspect the slowdown will last into next year.");
    const ng_quote *q = quote("the slowdown will last");
    SPEAKER(q, "Many economists");
    CHECK(q && q->attribution == NG_ATTRIBUTION_BELIEF);
    run("The mayor reiterated that the library would stay open through the summer.");
    q = quote("the library would stay");
    SPEAKER(q, "The mayor");
    /* a base form is a cue after a subject pronoun, a plural noun or a modal */
    run("They think the vote will be close in the county.");
    q = quote("the vote will be close");
    SPEAKER(q, "They");
    run("Critics argue the plan would raise taxes on most families.");
    q = quote("the plan would raise");
    SPEAKER(q, "Critics");
    /* elsewhere a base form is no cue: a noun, or an imperative */
    run("Think of the children who walk along the road every morning.");
    CHECK_INT(rec.n_quotes, 0);
    run("The support for the measure grew after the storm in the valley.");
    CHECK_INT(rec.n_quotes, 0);
    /* "according to" a description without a determiner */
    run("Turnout fell by a third, according to early results of the exit poll.");
    q = quote("Turnout fell");
    CHECK(q && q->speaker.ptr && strstr(q->speaker.ptr, "early results") != NULL);
    /* "Asked about X," reports the question of an unnamed asker */
    run("Asked about the delay in the payments, the mayor said nothing at all.");
    q = quote("the delay in the payments");
    CHECK(q && !q->speaker.ptr && q->cue.ptr && strcmp(q->cue.ptr, "Asked") == 0);
}

TEST(two_apostrophes_are_a_double_mark)
{
    run("''It has the virtue of being responsible,'' said Mr. Burman.");
    const ng_quote *q = quote("It has the virtue");
    SPEAKER(q, "Mr. Burman");
    CHECK(q && q->direct);
}

int main(void)
{
    ng_arena_init(&arena, 0);
    RUN(straight_quotes_name_before_cue);
    RUN(curly_quotes_cue_before_name);
    RUN(cue_before_quote_with_colon);
    RUN(appositive_gives_the_name);
    RUN(pronoun_after_a_reported_speaker);
    RUN(party_and_state_after_the_name);
    RUN(attribution_dash_after_the_quote);
    RUN(asides_and_participles);
    RUN(description_speaker);
    RUN(pronoun_resolves_to_previous_speaker);
    RUN(pronoun_it_prefers_an_organisation);
    RUN(multi_paragraph_quote);
    RUN(cue_ends_the_previous_paragraph);
    RUN(next_quote_without_cue_continues);
    RUN(partial_quote_in_sentence);
    RUN(nested_single_quotes_stay_inside);
    RUN(indirect_forms);
    RUN(according_to_is_hedged);
    RUN(claims_and_adverbs_are_hedges);
    RUN(no_attribution_without_speech);
    RUN(unbalanced_marks);
    RUN(quote_at_end_of_text);
    RUN(very_long_unclosed_quote_is_bounded);
    RUN(speaker_linked_to_entities);
    RUN(tagger_mentions_type_speakers);
    RUN(json_form);
    RUN(pronoun_agrees_in_gender);
    RUN(caption_names_are_not_antecedents);
    RUN(continuation_stops_at_another_statement);
    RUN(headlines_are_not_quotes);
    RUN(noun_claim_is_not_a_cue);
    RUN(attributions_without_marks);
    RUN(two_apostrophes_are_a_double_mark);
    RUN(several_attributions_in_a_sentence);
    RUN(subjects_of_indirect_attributions);
    RUN(cue_classes_and_base_forms);
    ng_arena_free(&arena);
    return check_report("quotes");
}
