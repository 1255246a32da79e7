/* Tests of the event coder: the argument finder over hand-built parses and
 * over tags alone, the compiled lexicons, and the events stage through the
 * public pipeline on sentences written here (the constructions of the seed
 * article, with other names), sentences with no event, and hostile input.
 * Needs the committed POS model (models/pos.bin) and gazetteer
 * (data/gazetteer.bin); the NER model is used when build/models has one. */
#include "check.h"
#include "event_args.h"
#include "events.h"
#include "lexicon.h"
#include "pos.h"

#include <stdlib.h>
#include <unistd.h>

/* ---- the argument finder -------------------------------------------------------- */

enum { A = NG_UPOS_ADJ, P = NG_UPOS_ADP, X = NG_UPOS_AUX, D = NG_UPOS_DET, N = NG_UPOS_NOUN, M = NG_UPOS_NUM,
       R = NG_UPOS_PRON, Q = NG_UPOS_PROPN, U = NG_UPOS_PUNCT, V = NG_UPOS_VERB, S = NG_UPOS_SCONJ };

typedef struct sentence {
    ng_str word[16];
    uint8_t upos[16];
    uint8_t xpos[16]; /* Penn tags when has_xpos */
    bool has_xpos;
    int32_t head[16];
    uint8_t deprel[16];
    size_t n;
} sentence;

static void words(sentence *s, const char *const *w, const uint8_t *u, size_t n)
{
    s->n = n;
    s->has_xpos = false;
    for (size_t i = 0; i < n; i++) {
        s->word[i] = (ng_str){w[i], strlen(w[i])};
        s->upos[i] = u[i];
    }
}

static void parse(sentence *s, const int32_t *head, const char *const *rel)
{
    for (size_t i = 0; i < s->n; i++) {
        s->head[i] = head[i];
        s->deprel[i] = (uint8_t)ng_ev_dep_from_name(rel[i], strlen(rel[i]));
    }
}

static ng_ev_view view(const sentence *s, bool parsed)
{
    return (ng_ev_view){s->word, s->upos, s->has_xpos ? s->xpos : NULL, parsed ? s->head : NULL, parsed ? s->deprel : NULL, s->n};
}

/* Penn tags by name ("" for one that does not matter). */
static void tags(sentence *s, const char *const *x)
{
    for (size_t i = 0; i < s->n; i++) s->xpos[i] = x[i][0] ? (uint8_t)ng_xpos_find(x[i], strlen(x[i])) : 0;
    s->has_xpos = true;
}

TEST(upos_numbers_match_the_tagger)
{
    CHECK_INT(ng_upos_find("NOUN", 4), NG_UPOS_NOUN);
    CHECK_INT(ng_upos_find("VERB", 4), NG_UPOS_VERB);
    CHECK_INT(ng_upos_find("PROPN", 5), NG_UPOS_PROPN);
    CHECK_INT(ng_upos_find("SCONJ", 5), NG_UPOS_SCONJ);
    CHECK_INT(ng_xpos_find("VBN", 3), 16);
    CHECK_INT(ng_xpos_find("PRP$", 4), 20);
}

TEST(dependency_labels)
{
    CHECK_INT(ng_ev_dep_from_name("nsubj", 5), NG_DEP_NSUBJ);
    CHECK_INT(ng_ev_dep_from_name("nsubj:pass", 10), NG_DEP_NSUBJ_PASS);
    CHECK_INT(ng_ev_dep_from_name("obl:agent", 9), NG_DEP_OBL_AGENT);
    CHECK_INT(ng_ev_dep_from_name("obl:tmod", 8), NG_DEP_OBL);
    CHECK_INT(ng_ev_dep_from_name("iobj", 4), NG_DEP_OBJ);
    CHECK_INT(ng_ev_dep_from_name("nmod:poss", 9), NG_DEP_OTHER);
    CHECK_INT(ng_ev_dep_from_name("acl:relcl", 9), NG_DEP_ACL);
    CHECK_INT(ng_ev_dep_from_name("punct", 5), NG_DEP_OTHER);
}

/* The parser's known misses, each in the form it comes out: a "by" agent
 * labelled plain obl and the passive subject labelled nsubj. */
TEST(passive_agent_whatever_its_label)
{
    static const char *const w[] = {"two", "soldiers", "were", "captured", "by", "ukrainian", "paratroopers", "."};
    static const uint8_t u[] = {M, N, X, V, P, A, N, U};
    static const char *const x[] = {"CD", "NNS", "VBD", "VBN", "IN", "JJ", "NNS", "."};
    static const int32_t head[] = {1, 3, 3, -1, 6, 6, 3, 3};
    static const char *const rel[] = {"nummod", "nsubj", "aux:pass", "root", "case", "amod", "obl", "punct"};
    sentence s;
    words(&s, w, u, 8);
    tags(&s, x);
    parse(&s, head, rel);
    ng_ev_view v = view(&s, true);
    ng_ev_args a;
    ng_ev_args_find(&v, 3, 4, -1, &a);
    CHECK(a.passive);
    CHECK_INT(a.source.first, 5);
    CHECK_INT(a.source.last, 6);
    CHECK_INT(a.target.first, 0);
    CHECK_INT(a.target.last, 1);
}

/* "Two Koreans held by Ukraine .": a participle after its noun, with a
 * "by" phrase and no auxiliary, over the parse and without it (where "by"
 * is the particle of the lexicon row "hold by"). */
TEST(reduced_relative_held_by)
{
    static const char *const w[] = {"two", "koreans", "held", "by", "ukraine", "."};
    static const uint8_t u[] = {M, Q, V, P, Q, U};
    static const char *const x[] = {"CD", "NNPS", "VBN", "IN", "NNP", "."};
    static const int32_t head[] = {1, -1, 1, 4, 2, 1};
    static const char *const rel[] = {"nummod", "root", "acl", "case", "obl", "punct"};
    sentence s;
    words(&s, w, u, 6);
    tags(&s, x);
    parse(&s, head, rel);
    for (int parsed = 0; parsed < 2; parsed++) {
        ng_ev_view v = view(&s, parsed);
        ng_ev_args a;
        ng_ev_args_find(&v, 2, 4, -1, &a);
        CHECK(a.passive);
        CHECK_INT(a.source.first, 4);
        CHECK_INT(a.target.first, 0);
        CHECK_INT(a.target.last, 1);
    }
}

/* obl:agent without "by" is a misread object; a date read as the subject
 * is no subject, and the shallow rules fill the gap. */
TEST(misread_labels_fall_back)
{
    static const char *const w[] = {"rebels", "captured", "two", "soldiers", "monday", "."};
    static const uint8_t u[] = {N, V, M, N, Q, U};
    static const int32_t head[] = {1, -1, 3, 1, 1, 1};
    static const char *const rel[] = {"dep", "root", "nummod", "obl:agent", "nsubj", "punct"};
    sentence s;
    words(&s, w, u, 6);
    parse(&s, head, rel);
    ng_ev_view v = view(&s, true);
    ng_ev_args a;
    ng_ev_args_find(&v, 1, 2, -1, &a);
    CHECK(!a.passive);
    CHECK_INT(a.source.first, 0); /* from the shallow rules */
    CHECK_INT(a.source.last, 0);
    CHECK_INT(a.target.first, 2);
    CHECK_INT(a.target.last, 3);
    CHECK_INT(a.shallow_source.first, 0);
}

/* "the soldiers who had been captured": the relative pronoun stands for its noun. */
TEST(relative_pronoun_stands_for_its_noun)
{
    static const char *const w[] = {"the", "soldiers", "who", "had", "been", "captured", "."};
    static const uint8_t u[] = {D, N, R, X, X, V, U};
    static const int32_t head[] = {1, -1, 5, 5, 5, 1, 1};
    static const char *const rel[] = {"det", "root", "nsubj:pass", "aux", "aux:pass", "acl:relcl", "punct"};
    sentence s;
    words(&s, w, u, 7);
    parse(&s, head, rel);
    for (int parsed = 0; parsed < 2; parsed++) {
        ng_ev_view v = view(&s, parsed);
        ng_ev_args a;
        ng_ev_args_find(&v, 5, 6, -1, &a);
        CHECK(a.passive);
        CHECK_INT(a.target.first, 0);
        CHECK_INT(a.target.last, 1);
    }
}

/* "the government has ordered patrols after protests by groups": a perfect
 * is active; a "by" phrase the parser hung on its verb as obl:agent is no
 * agent of it, and the subject stays the source. "has been ordered by" is
 * still passive. */
TEST(perfect_is_active_whatever_by_phrase)
{
    static const char *const w[] = {"the", "government", "has", "ordered", "patrols", "after", "protests", "by",
                                    "groups", "."};
    static const uint8_t u[] = {D, N, X, V, N, P, N, P, N, U};
    static const char *const x[] = {"DT", "NN", "VBZ", "VBN", "NNS", "IN", "NNS", "IN", "NNS", "."};
    static const int32_t head[] = {1, 3, 3, -1, 3, 6, 3, 8, 3, 3};
    static const char *const rel[] = {"det", "nsubj", "aux", "root", "obj", "case", "obl", "case", "obl:agent", "punct"};
    sentence s;
    words(&s, w, u, 10);
    tags(&s, x);
    parse(&s, head, rel);
    ng_ev_view v = view(&s, true);
    ng_ev_args a;
    ng_ev_args_find(&v, 3, 4, -1, &a);
    CHECK(!a.passive);
    CHECK_INT(a.source.first, 0);
    CHECK_INT(a.source.last, 1);
    CHECK_INT(a.target.first, 4);
    /* "the patrols have been ordered by the government": passive */
    static const char *const w2[] = {"the", "patrols", "have", "been", "ordered", "by", "the", "government", "."};
    static const uint8_t u2[] = {D, N, X, X, V, P, D, N, U};
    static const char *const x2[] = {"DT", "NNS", "VBP", "VBN", "VBN", "IN", "DT", "NN", "."};
    static const int32_t head2[] = {1, 4, 4, 4, -1, 7, 7, 4, 4};
    static const char *const rel2[] = {"det", "nsubj:pass", "aux", "aux:pass", "root", "case", "det", "obl:agent", "punct"};
    sentence p;
    words(&p, w2, u2, 9);
    tags(&p, x2);
    parse(&p, head2, rel2);
    v = view(&p, true);
    ng_ev_args_find(&v, 4, 5, -1, &a);
    CHECK(a.passive);
    CHECK_INT(a.source.first, 6);
    CHECK_INT(a.source.last, 7);
    CHECK_INT(a.target.first, 0);
}

/* "Two soldiers who were fighting alongside Russian troops have been
 * captured .": a relative clause between the subject and its verb group
 * (and a preposition tagged as an adverb), without a parse. */
TEST(relative_clause_before_the_verb)
{
    static const char *const w[] = {"two", "soldiers", "who", "were", "fighting", "alongside", "russian", "troops",
                                    "have", "been", "captured", "."};
    static const uint8_t u[] = {M, N, R, X, V, NG_UPOS_ADV, A, N, X, X, V, U};
    static const char *const x[] = {"CD", "NNS", "WP", "VBD", "VBG", "RB", "JJ", "NNS", "VBP", "VBN", "VBN", "."};
    sentence s;
    words(&s, w, u, 12);
    tags(&s, x);
    ng_ev_view v = view(&s, false);
    ng_ev_args a;
    ng_ev_args_find(&v, 10, 11, -1, &a);
    CHECK(a.passive);
    CHECK_INT(a.target.first, 0);
    CHECK_INT(a.target.last, 1);
    CHECK_INT(a.source.first, -1);
}

/* "Ukrainian forces captured two soldiers near Kursk ." */
static const char *const active_w[] = {"ukrainian", "forces", "captured", "two", "soldiers", "near", "kursk", "."};
static const uint8_t active_u[] = {A, N, V, M, N, P, Q, U};

TEST(active_clause_with_and_without_a_parse)
{
    sentence s;
    words(&s, active_w, active_u, 8);
    static const int32_t head[] = {1, 2, -1, 4, 2, 6, 2, 2};
    static const char *const rel[] = {"amod", "nsubj", "root", "nummod", "obj", "case", "obl", "punct"};
    parse(&s, head, rel);
    for (int parsed = 0; parsed < 2; parsed++) {
        ng_ev_view v = view(&s, parsed);
        ng_ev_args a;
        ng_ev_args_find(&v, 2, 3, -1, &a);
        CHECK_INT(a.from_parse, parsed);
        CHECK_INT(a.source.first, 0);
        CHECK_INT(a.source.last, 1);
        CHECK_INT(a.target.first, 3);
        CHECK_INT(a.target.last, 4);
        CHECK(!a.passive && !a.negated && a.modal == -1);
    }
}

/* "Two soldiers were captured on Monday by Ukrainian paratroopers ." */
static const char *const passive_w[] = {"two", "soldiers", "were", "captured", "on", "monday", "by", "ukrainian",
                                        "paratroopers", "."};
static const uint8_t passive_u[] = {M, N, X, V, P, Q, P, A, N, U};

TEST(passive_with_a_by_agent)
{
    sentence s;
    words(&s, passive_w, passive_u, 10);
    static const int32_t head[] = {1, 3, 3, -1, 5, 3, 8, 8, 3, 3};
    static const char *const rel[] = {"nummod", "nsubj:pass", "aux:pass", "root", "case", "obl", "case", "amod",
                                      "obl:agent", "punct"};
    parse(&s, head, rel);
    for (int parsed = 0; parsed < 2; parsed++) {
        ng_ev_view v = view(&s, parsed);
        ng_ev_args a;
        ng_ev_args_find(&v, 3, 4, -1, &a);
        CHECK(a.passive);
        CHECK_INT(a.source.first, 7);
        CHECK_INT(a.source.last, 8);
        CHECK_INT(a.target.first, 0);
        CHECK_INT(a.target.last, 1);
    }
}

/* "The troops that the rebels attacked did not retreat ." The parse knows
 * the relative clause; the shallow rules take the nearest phrase, and the
 * parse is what decides when it is there. */
TEST(the_parse_decides_when_there)
{
    static const char *const w[] = {"the", "troops", "that", "the", "rebels", "attacked", "did", "not", "retreat", "."};
    static const uint8_t u[] = {D, N, R, D, N, V, X, NG_UPOS_PART, V, U};
    sentence s;
    words(&s, w, u, 10);
    static const int32_t head[] = {1, 8, 5, 4, 5, 1, 8, 8, -1, 8};
    static const char *const rel[] = {"det", "nsubj", "obj", "det", "nsubj", "acl:relcl", "aux", "advmod", "root", "punct"};
    parse(&s, head, rel);
    ng_ev_view v = view(&s, true);
    ng_ev_args a;
    ng_ev_args_find(&v, 8, 9, -1, &a); /* retreat: its subject is the troops */
    CHECK(a.from_parse);
    CHECK_INT(a.source.first, 0);
    CHECK_INT(a.source.last, 1);
    CHECK(a.negated);
    ng_ev_args_find(&v, 5, 6, -1, &a); /* attacked: by the rebels */
    CHECK_INT(a.source.first, 3);
    CHECK_INT(a.source.last, 4);
    v = view(&s, false);
    ng_ev_args_find(&v, 8, 9, -1, &a);
    CHECK(!a.from_parse && a.negated);
}

/* "Russia said it will launch an offensive on Kharkiv ." with the event
 * noun governed by a support verb. */
TEST(event_noun_of_a_support_verb)
{
    static const char *const w[] = {"russia", "said", "it", "will", "launch", "an", "offensive", "on", "kharkiv", "."};
    static const uint8_t u[] = {Q, V, R, X, V, D, N, P, Q, U};
    sentence s;
    words(&s, w, u, 10);
    static const int32_t head[] = {1, -1, 4, 4, 1, 6, 4, 8, 6, 1};
    static const char *const rel[] = {"nsubj", "root", "nsubj", "aux", "ccomp", "det", "obj", "case", "nmod", "punct"};
    parse(&s, head, rel);
    for (int parsed = 0; parsed < 2; parsed++) {
        ng_ev_view v = view(&s, parsed);
        ng_ev_args a;
        ng_ev_args_find(&v, 6, 7, 4, &a);
        CHECK_INT(a.source.first, 2); /* "it": the coder resolves it to the speaker */
        CHECK_INT(a.target.first, 8);
        CHECK_INT(a.modal, 3);
        ng_ev_span who = ng_ev_subject_of(&v, 1);
        CHECK_INT(who.first, 0);
    }
}

TEST(noun_phrases)
{
    static const char *const w[] = {"senior", "hungarian", "and", "romanian", "officials", "met", "one", "of", "the", "rebels"};
    static const uint8_t u[] = {A, A, NG_UPOS_CCONJ, A, N, V, M, P, D, N};
    sentence s;
    words(&s, w, u, 10);
    ng_ev_view v = view(&s, false);
    ng_ev_span np = ng_ev_np(&v, 4);
    CHECK_INT(np.first, 0);
    CHECK_INT(np.last, 4);
    ng_ev_args a;
    ng_ev_args_find(&v, 5, 6, -1, &a);
    CHECK_INT(a.target.last, 9); /* one of the rebels: the rebels */
    CHECK(ng_ev_is_pronoun(&v, 0) == false);
}

/* ---- the stage, through the public pipeline ---------------------------------- */

static ng_resources *resources;

typedef struct got {
    size_t n;
    char type[16][16], cameo[16][5], src[16][64], src_country[16][4], src_sector[16][4], tgt[16][64],
        tgt_country[16][4], tgt_sector[16][4], where[16][48], where_how[16][12], when[16][16], when_how[16][12],
        modality[16][12], attributed[16][64], hedge[16][24];
    bool hedged[16], negated[16];
    size_t n_counts[16];
    double count_value[16];
    size_t sentences, max_per_sentence;
    bool valid;
} got;

static got g;

static void copy(char *dst, size_t size, ng_str s) { snprintf(dst, size, "%.*s", (int)s.len, s.ptr ? s.ptr : ""); }

static void on_record(void *ud, const ng_record *r)
{
    got *o = ud;
    char why[256];
    o->valid = ng_record_check(r, why, sizeof why);
    if (!o->valid) fprintf(stderr, "test_events: %s\n", why);
    o->n = r->n_events < 16 ? r->n_events : 16;
    o->sentences = r->n_sentences;
    size_t run = 0;
    for (size_t i = 0; i < r->n_events; i++) {
        run = i && r->events[i].sentence == r->events[i - 1].sentence ? run + 1 : 1;
        if (run > o->max_per_sentence) o->max_per_sentence = run;
    }
    for (size_t i = 0; i < o->n; i++) {
        const ng_event *e = &r->events[i];
        snprintf(o->type[i], 16, "%s", e->type);
        snprintf(o->cameo[i], 5, "%s", e->cameo);
        copy(o->src[i], 64, e->source.text);
        copy(o->tgt[i], 64, e->target.text);
        snprintf(o->src_country[i], 4, "%s", e->source.country);
        snprintf(o->tgt_country[i], 4, "%s", e->target.country);
        snprintf(o->src_sector[i], 4, "%s", e->source.sector);
        snprintf(o->tgt_sector[i], 4, "%s", e->target.sector);
        copy(o->where[i], 48, e->where.name);
        snprintf(o->where_how[i], 12, "%s", e->where.how ? e->where.how : "");
        copy(o->when[i], 16, e->when.value);
        snprintf(o->when_how[i], 12, "%s", e->when.how ? e->when.how : "");
        snprintf(o->modality[i], 12, "%s", ng_event_modality_name((ng_event_modality)e->modality));
        copy(o->attributed[i], 64, e->attributed_text);
        copy(o->hedge[i], 24, e->hedge);
        o->hedged[i] = e->hedged;
        o->negated[i] = e->negated;
        o->n_counts[i] = e->n_counts;
        o->count_value[i] = e->n_counts ? r->counts[e->counts[0]].value : 0;
    }
}

static void extract(const char *text, const char *published)
{
    memset(&g, 0, sizeof g);
    ng_options o;
    ng_options_init(&o);
    o.format = NG_FORMAT_TEXT;
    ng_pipeline *p = ng_pipeline_new(&o, resources);
    ng_sink sink = {on_record, NULL, &g};
    ng_document d;
    ng_document_init(&d);
    d.name = "t";
    d.data = text;
    d.len = strlen(text);
    d.format = NG_FORMAT_TEXT;
    d.published = published;
    CHECK(ng_process_document(p, &d, &sink) == 0);
    CHECK(g.valid);
    ng_pipeline_free(p);
}

/* The event whose trigger-coded type is `type` and whose source contains `src`, or -1. */
static int find(const char *type, const char *src)
{
    for (size_t i = 0; i < g.n; i++)
        if (!strcmp(g.type[i], type) && (!src || strstr(g.src[i], src))) return (int)i;
    return -1;
}

/* The seed article's constructions, with other names and places. */
static const char article[] =
    "Ukrainian President Olena Marchenko said on Friday that Ukrainian forces operating in the Belgorod region "
    "of Russia had captured three Russian soldiers.\n\n"
    "In a video, the army spokesman said one of the soldiers was captured on Wednesday by Ukrainian paratroopers.\n\n"
    "Ukraine's military said on Tuesday that it had conducted a precision strike on a Russian military command "
    "post near the town of Sudzha.\n\n"
    "Russia on Sunday renewed its offensive on Kharkiv, where its troops have been massing since the spring.\n\n"
    "The ministry released a photograph of a Russian identity card which Ukraine claims was carried by a soldier "
    "taken captive by Ukrainian forces.\n";

TEST(seed_constructions)
{
    extract(article, "2025-03-15"); /* a Saturday */
    int capture = find("FIGHT", "forces");
    CHECK(capture >= 0);
    if (capture >= 0) {
        CHECK_STR(g.src_country[capture], "UKR");
        CHECK_STR(g.src_sector[capture], "MIL");
        CHECK(strstr(g.tgt[capture], "Russian soldiers") != NULL);
        CHECK_STR(g.tgt_country[capture], "RUS");
        CHECK_STR(g.tgt_sector[capture], "MIL");
        CHECK(strstr(g.where[capture], "Belgorod") != NULL);
        CHECK_STR(g.where_how[capture], "sentence");
        CHECK(strstr(g.attributed[capture], "Marchenko") != NULL);
        CHECK_INT(g.n_counts[capture], 1);
        CHECK(g.count_value[capture] == 3);
        CHECK_STR(g.modality[capture], "asserted");
    }
    int passive = find("FIGHT", "paratroopers");
    CHECK(passive >= 0);
    if (passive >= 0) {
        CHECK_STR(g.src_country[passive], "UKR");
        CHECK(strstr(g.tgt[passive], "soldiers") != NULL);
        CHECK_STR(g.when[passive], "2025-03-12");
        CHECK_STR(g.when_how[passive], "sentence");
    }
    int strike = find("FIGHT", "military");
    CHECK(strike >= 0);
    if (strike >= 0) {
        CHECK(strstr(g.src[strike], "Ukraine") != NULL); /* "it" is the speaker */
        CHECK_STR(g.src_country[strike], "UKR");
        CHECK(strstr(g.tgt[strike], "command post") != NULL);
        CHECK_STR(g.tgt_country[strike], "RUS");
        CHECK_STR(g.when[strike], "2025-03-11");
        CHECK(strstr(g.where[strike], "Sudzha") != NULL);
    }
    int offensive = find("FIGHT", "Russia");
    CHECK(offensive >= 0);
    if (offensive >= 0) {
        CHECK_STR(g.src_country[offensive], "RUS");
        CHECK(strstr(g.tgt[offensive], "Kharkiv") != NULL);
        CHECK_STR(g.when[offensive], "2025-03-09");
    }
    int claimed = -1;
    for (size_t i = 0; i < g.n; i++)
        if (g.hedged[i]) claimed = (int)i;
    CHECK(claimed >= 0);
    if (claimed >= 0) CHECK(strstr(g.hedge[claimed], "claims") != NULL);
    CHECK(g.max_per_sentence <= 2);
}

/* A capital named alone stands for its government ("Kyiv" is UKR GOV), in
 * a mention the place layer did not mark as well as in one it did. */
TEST(capital_stands_for_its_government)
{
    extract("Two wounded soldiers were flown to Kyiv on Monday.\n\n"
            "Kyiv has captured forty soldiers since August, officials said.\n", "2025-03-15");
    int capture = find("FIGHT", "Kyiv");
    CHECK(capture >= 0);
    if (capture >= 0) {
        CHECK_STR(g.src_country[capture], "UKR");
        CHECK_STR(g.src_sector[capture], "GOV");
    }
}

/* Other wordings of a capture, and of holding people: each codes its
 * event (190 captured, 173 detained) with the captives as the target. */
TEST(capture_wordings)
{
    static const struct {
        const char *text, *cameo, *captives, *captors;
    } cases[] = {
        {"Two Belarusian soldiers were taken alive near the border, officials said.\n", "190", "Belarusian soldiers", NULL},
        {"Two Belarusian soldiers who were fighting alongside Russian troops have been captured in the Belgorod region.\n",
         "190", "Belarusian soldiers", NULL},
        {"The capture of two Russian soldiers by Ukrainian forces was announced on Friday.\n", "190", "Russian soldiers",
         "Ukrainian forces"},
        {"Three Russian soldiers held by Georgian forces were shown on television.\n", "173", "Russian soldiers",
         "Georgian forces"},
        {"Two Russian soldiers in Georgian custody were shown on television.\n", "173", "Russian soldiers", "Georgian"},
        {"The prisoners remain in the custody of the Georgian army, officials said.\n", "173", "prisoners", "army"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        extract(cases[i].text, "2025-03-15");
        int hit = -1;
        for (size_t k = 0; k < g.n && hit < 0; k++)
            if (!strcmp(g.cameo[k], cases[i].cameo) && strstr(g.tgt[k], cases[i].captives)) hit = (int)k;
        if (hit < 0) fprintf(stderr, "test_events: no %s event in: %s", cases[i].cameo, cases[i].text);
        CHECK(hit >= 0);
        if (hit >= 0 && cases[i].captors) CHECK(strstr(g.src[hit], cases[i].captors) != NULL);
        if (hit >= 0 && !cases[i].captors) CHECK_STR(g.src[hit], "");
    }
    /* "held" of talks is no detention */
    extract("Talks held by the two sides ended without a deal.\n", "2025-03-15");
    CHECK_INT(g.n, 0);
}

TEST(claims_and_modalities)
{
    extract("Moldova threatened on Monday to expel Russian diplomats.\n\n"
            "Poland said Belarus must withdraw its troops from the border.\n\n"
            "Estonia will not accept the refugees, officials said.\n\n"
            "The Georgian army allegedly attacked protesters in Tbilisi.\n",
            "2024-06-07");
    int threat = find("THREATEN", "Moldova");
    CHECK(threat >= 0);
    if (threat >= 0) {
        CHECK_STR(g.modality[threat], "threatened");
        CHECK_STR(g.tgt_country[threat], "RUS");
    }
    int demand = find("DEMAND", "Poland");
    CHECK(demand >= 0);
    if (demand >= 0) {
        CHECK_STR(g.modality[demand], "demanded");
        CHECK(strstr(g.tgt[demand], "Belarus") != NULL);
    }
    int refusal = find("REJECT", "Estonia");
    CHECK(refusal >= 0);
    if (refusal >= 0) CHECK(g.negated[refusal]);
    int attack = find("FIGHT", "army");
    CHECK(attack >= 0);
    if (attack >= 0) {
        CHECK(g.hedged[attack]);
        CHECK_STR(g.hedge[attack], "allegedly");
        CHECK_STR(g.src_country[attack], "GEO");
        CHECK(strstr(g.where[attack], "Tbilisi") != NULL);
    }
}

TEST(no_events_where_nothing_happens)
{
    static const char *const texts[] = {
        "Heavy rain is expected across the north of Scotland on Thursday, with strong winds on the coast.",
        "Arsenal beat Liverpool 2-0 at the Emirates on Sunday, and Bukayo Saka scored the second goal.",
        "Preheat the oven to 180C, whisk the eggs with the sugar and bake the cake for forty minutes.",
        "Forecasters warned of snow showers moving in from the Atlantic overnight.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        extract(texts[i], NULL);
        CHECK_INT(g.n, 0);
    }
}

/* Hostile input stays harmless and bounded: the stage codes at most four
 * events a sentence, and the records keep their invariants. */
static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t n = strlen(unit), t = strlen(tail);
    char *s = malloc(n * times + t + 1);
    if (!s) return NULL;
    for (size_t i = 0; i < times; i++) memcpy(s + i * n, unit, n);
    memcpy(s + n * times, tail, t + 1);
    return s;
}

TEST(hostile_sentences)
{
    static const struct { const char *unit; size_t times; const char *tail; } cases[] = {
        {"soldiers ", 10000, "attacked."},                               /* a 10,000-word sentence */
        {",", 5000, " troops attacked Kyiv."},                           /* 5,000 commas */
        {"Russian forces attacked Ukrainian troops and ", 500, "fled."}, /* 500 verbs */
        {"attacked ", 2000, "."},
        {"by ", 3000, "forces."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = repeat(cases[i].unit, cases[i].times, cases[i].tail);
        CHECK(s != NULL);
        if (!s) continue;
        extract(s, "2024-01-01");
        CHECK(g.max_per_sentence <= 4);
        free(s);
    }
}

/* The syntax stage's hook: ng_events_find with tags and a parse given per
 * record token. "Troops of Ukraine were attacked by Russian forces ." with
 * the parse marking the passive and the agent. */
static bool parse_ok;

static void on_parsed_record(void *ud, const ng_record *r)
{
    (void)ud;
    if (r->n_tokens != 9) return;
    static const uint8_t upos[] = {N, P, Q, X, V, P, A, N, U};
    static const int32_t head[] = {4, 2, 0, 4, -1, 7, 7, 4, 4};
    static const char *const rel[] = {"nsubj:pass", "case", "nmod", "aux:pass", "root", "case", "amod", "obl:agent", "punct"};
    uint8_t deprel[9];
    for (size_t i = 0; i < 9; i++) deprel[i] = (uint8_t)ng_ev_dep_from_name(rel[i], strlen(rel[i]));
    ng_event_parse parse = {upos, NULL, head, deprel};
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec = *r;
    CHECK(ng_events_find(&a, &rec, NULL, NULL, &parse) == NULL);
    CHECK_INT(rec.n_events, 1);
    if (rec.n_events == 1) {
        const ng_event *e = &rec.events[0];
        CHECK_STR(e->type, "FIGHT");
        CHECK(e->source.text.ptr && strstr(e->source.text.ptr, "Russian forces") != NULL);
        CHECK_STR(e->source.country, "RUS");
        CHECK(e->target.text.ptr && strstr(e->target.text.ptr, "Troops") != NULL);
        parse_ok = true;
    }
    ng_arena_free(&a);
}

TEST(a_given_parse_is_used)
{
    ng_options o;
    ng_options_init(&o);
    o.format = NG_FORMAT_TEXT;
    ng_pipeline *p = ng_pipeline_new(&o, resources);
    ng_sink sink = {on_parsed_record, NULL, NULL};
    const char *t = "Troops of Ukraine were attacked by Russian forces.";
    parse_ok = false;
    CHECK(ng_process_memory(p, "t", t, strlen(t), &sink) == 0);
    CHECK(parse_ok);
    ng_pipeline_free(p);
}

int main(void)
{
    RUN(upos_numbers_match_the_tagger);
    RUN(dependency_labels);
    RUN(active_clause_with_and_without_a_parse);
    RUN(passive_with_a_by_agent);
    RUN(the_parse_decides_when_there);
    RUN(event_noun_of_a_support_verb);
    RUN(noun_phrases);
    RUN(passive_agent_whatever_its_label);
    RUN(reduced_relative_held_by);
    RUN(misread_labels_fall_back);
    RUN(relative_pronoun_stands_for_its_noun);
    RUN(perfect_is_active_whatever_by_phrase);
    RUN(relative_clause_before_the_verb);

    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.gazetteer = "data/gazetteer.bin";
    ro.model_dir = access("build/models/ner.bin", R_OK) == 0 && access("build/models/pos.bin", R_OK) == 0 ? "build/models" : "models";
    char why[512];
    resources = ng_resources_open(&ro, why, sizeof why);
    if (!resources) fprintf(stderr, "test_events: %s\n", why);
    CHECK(resources != NULL);
    if (resources) {
        RUN(seed_constructions);
    RUN(capital_stands_for_its_government);
        RUN(capture_wordings);
        RUN(claims_and_modalities);
        RUN(no_events_where_nothing_happens);
        RUN(hostile_sentences);
        RUN(a_given_parse_is_used);
        ng_resources_free(resources);
    }
    return check_report("events");
}
