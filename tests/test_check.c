/*
 * test_check.c: ng_record_check, and the records of the whole pipeline
 * held to it: the bundled samples (with the gazetteer, and the NER model
 * when one was built), hostile inputs, and records broken on purpose,
 * which it must reject with a reason that says what is wrong. Also the
 * stage table: names, selection, and a stage's keys present only when it
 * ran.
 */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <unistd.h>

typedef struct seen {
    int records, bad;
    char why[256];
    char json[1 << 16];
} seen;

static void check_each(void *ud, const ng_record *r)
{
    seen *s = ud;
    s->records++;
    char why[256];
    if (!ng_record_check(r, why, sizeof why)) {
        s->bad++;
        snprintf(s->why, sizeof s->why, "%.100s: %.150s", r->source.path.ptr, why);
        fprintf(stderr, "record check: %s\n", s->why);
    }
}

static ng_resources *open_resources(void)
{
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.gazetteer = "data/gazetteer.bin";
    if (access("build/models/ner.bin", R_OK) == 0) ro.model_dir = "build/models";
    char why[512];
    ng_resources *r = ng_resources_open(&ro, why, sizeof why);
    if (!r) fprintf(stderr, "test_check: %s\n", why);
    return r;
}

static ng_resources *res;

TEST(samples_keep_the_invariants)
{
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, res);
    seen s = {0};
    ng_sink sink = {check_each, NULL, &s};
    CHECK_INT(ng_process_path(p, "samples", &sink), 0);
    CHECK(s.records >= 6);
    CHECK_INT(s.bad, 0);
    ng_pipeline_free(p);
}

TEST(hostile_inputs_keep_the_invariants)
{
    static const char *const inputs[] = {
        "\"Unclosed quote said Kim Jong Un in Pyongyang on Jan. 9, 2025 that 3,000 troops died",
        "Mr. \xc3\xa9\xcc\x81 said \"\xe2\x80\x9cx\xe2\x80\x9d\" according to ... U.S. officials.\n\n\n\nIn Kyiv.",
        "By Anna Berg and Peter Brown\n\nWASHINGTON (Reuters) - \"Yes,\" she said. 'No,' he said.\n",
        "<html><body><p>Putin met Xi in Moscow.</p><p>\"We agree,\" Xi said.</p></body></html>",
        "a\r\nb\tc\x01\x02 \xf0\x9f\x98\x80 Ukraine's SBU said 2 soldiers were captured on Thursday",
    };
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, res);
    seen s = {0};
    ng_sink sink = {check_each, NULL, &s};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) ng_process_memory(p, "hostile", inputs[i], strlen(inputs[i]), &sink);
    CHECK(s.records >= 4);
    CHECK_INT(s.bad, 0);
    ng_pipeline_free(p);
}

/* A small valid record, built by hand, then broken one way at a time. */
static const char text[] = "Kim said \"yes\" in Kyiv.";
static ng_span sentence = {0, 23};
static ng_entity_mention mention = {0, 3, {"Kim", 3}};
static ng_entity entity;
static ng_quote quote;

static ng_record valid_record(void)
{
    ng_record r;
    memset(&r, 0, sizeof r);
    r.text = (ng_str){text, sizeof text - 1};
    r.text_chars = (uint32_t)(sizeof text - 1);
    r.sentences = &sentence;
    r.n_sentences = 1;
    entity = (ng_entity){.id = 1, .type = NG_ENTITY_PER, .name = {"Kim", 3}, .mentions = &mention, .n_mentions = 1};
    r.entities = &entity;
    r.n_entities = 1;
    quote = (ng_quote){.text = {"yes", 3}, .start = 10, .end = 13, .direct = true, .cue = {"said", 4},
                       .cue_span = {4, 8}, .speaker = {"Kim", 3}, .speaker_span = {0, 3}, .speaker_entity = 1};
    r.quotes = &quote;
    r.n_quotes = 1;
    strcpy(r.id, "0123456789abcdef");
    return r;
}

static bool rejects(const ng_record *r, const char *why_part)
{
    char why[256];
    bool ok = ng_record_check(r, why, sizeof why);
    if (ok || !strstr(why, why_part)) fprintf(stderr, "  wanted a rejection with \"%s\", got %s \"%s\"\n", why_part, ok ? "ok" : "", why);
    return !ok && strstr(why, why_part);
}

TEST(broken_records_are_rejected)
{
    ng_record r = valid_record();
    char why[256];
    CHECK(ng_record_check(&r, why, sizeof why));
    r = valid_record();
    r.text_chars = 5;
    CHECK(rejects(&r, "text_chars"));
    r = valid_record();
    mention.end = 40;
    CHECK(rejects(&r, "outside the text"));
    mention.end = 3;
    r = valid_record();
    static const char kimx[] = "KimX";
    mention.text = (ng_str){kimx, 3}; /* "Kim" followed by 'X', not '\0' */
    CHECK(rejects(&r, "not NUL-terminated"));
    mention.text = (ng_str){"Kim", 3};
    r = valid_record();
    quote.text = (ng_str){"yet", 3};
    CHECK(rejects(&r, "is not the words at"));
    r = valid_record();
    quote.speaker_entity = 2;
    CHECK(rejects(&r, "speaker_entity 2"));
    r = valid_record();
    entity.id = 7;
    CHECK(rejects(&r, "id 7"));
}

/* The stage table: every stage has a name found by it, and a stage that
 * does not run leaves its key out of the JSON form. */
static void keep_json(void *ud, const ng_record *r)
{
    seen *s = ud;
    s->records++;
    ng_buf b = {0};
    ng_record_json(&b, r, false);
    snprintf(s->json, sizeof s->json, "%s", b.data ? b.data : "");
    ng_buf_free(&b);
}

TEST(stage_table)
{
    CHECK(ng_stage_count() >= 8);
    for (size_t i = 0; i < ng_stage_count(); i++) {
        const char *name = ng_stage_name(i);
        CHECK(name && ng_stage_find(name, strlen(name)) == (int)i);
    }
    CHECK(ng_stage_name(ng_stage_count()) == NULL);
    CHECK(ng_stage_find("nonesuch", 8) == -1);
    CHECK(ng_stage_find("events", 6) >= 0);

    ng_options o;
    ng_options_init(&o);
    o.stages = 1u << ng_stage_find("quotes", 6) | 1u << ng_stage_find("events", 6);
    ng_pipeline *p = ng_pipeline_new(&o, res);
    seen s = {0};
    ng_sink sink = {keep_json, NULL, &s};
    const char *t = "\"We are ready,\" Zelensky said in Kyiv on Monday.";
    CHECK_INT(ng_process_memory(p, "t", t, strlen(t), &sink), 0);
    CHECK(strstr(s.json, "\"quotes\":[{") != NULL);
    CHECK(strstr(s.json, "\"events\":[]") != NULL);
    CHECK(strstr(s.json, "\"places\"") == NULL);
    CHECK(strstr(s.json, "\"tone\"") == NULL);
    CHECK(strstr(s.json, "\"entities\"") == NULL);
    ng_pipeline_free(p);
}

int main(void)
{
    res = open_resources();
    CHECK(res != NULL);
    RUN(samples_keep_the_invariants);
    RUN(hostile_inputs_keep_the_invariants);
    RUN(broken_records_are_rejected);
    RUN(stage_table);
    ng_resources_free(res);
    return check_report("check");
}
