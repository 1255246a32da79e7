/* Tests of the NER tagger: the CoNLL reader/writer, training on tiny data,
 * decoding, features and model-file validation. */
#include "check.h"
#include "ner_train.h"

#include <stdlib.h>
#include <unistd.h>

static const char tiny[] =
    "-DOCSTART- -X- O O\n"
    "\n"
    "John NNP I-NP I-PER\n"
    "Smith NNP I-NP I-PER\n"
    "visited VBD I-VP O\n"
    "Paris NNP I-NP I-LOC\n"
    ". . O O\n"
    "\n"
    "Acme NNP I-NP I-ORG\n"
    "Corp NNP I-NP I-ORG\n"
    "hired VBD I-VP O\n"
    "Anna NNP I-NP I-PER\n"
    "Berg NNP I-NP I-PER\n"
    ". . O O\n"
    "\n"
    "-DOCSTART- -X- O O\n"
    "\n"
    "Peter NNP I-NP I-PER\n"
    "Brown NNP I-NP I-PER\n"
    "visited VBD I-VP O\n"
    "London NNP I-NP I-LOC\n"
    "and CC O O\n"
    "Rome NNP I-NP I-LOC\n"
    ". . O O\n"
    "\n"
    "Globex NNP I-NP I-ORG\n"
    "Corp NNP I-NP I-ORG\n"
    "hired VBD I-VP O\n"
    "Maria NNP I-NP I-PER\n"
    "Lopez NNP I-NP I-PER\n"
    "Garcia NNP I-NP B-PER\n"
    ". . O O\n";

static char model_path[64];

TEST(conll_parse)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    CHECK(ng_conll_parse(&a, tiny, strlen(tiny), &c));
    CHECK_INT(c.n_docs, 2);
    CHECK_INT(c.n_words, 25);
    CHECK_INT(c.docs[0].n_sent, 2);
    CHECK_INT(c.docs[0].sent_start[1], 5);
    CHECK(c.docs[0].words[0].len == 4 && !memcmp(c.docs[0].words[0].ptr, "John", 4));
    /* IOB1 -> IOB2: John B-PER, Smith I-PER; "Garcia B-PER" after Lopez starts a new entity. */
    CHECK_INT(c.docs[0].gold[0], ng_label_make(NG_NE_PER, NG_PART_B));
    CHECK_INT(c.docs[0].gold[1], ng_label_make(NG_NE_PER, NG_PART_I));
    CHECK_INT(c.docs[0].gold[2], NG_LABEL_O);
    CHECK_INT(c.docs[1].gold[12], ng_label_make(NG_NE_PER, NG_PART_B));
    CHECK_INT(c.docs[1].gold[11], ng_label_make(NG_NE_PER, NG_PART_I));
    CHECK_INT(c.docs[0].lines[0].token, -1); /* -DOCSTART- */
    CHECK_INT(c.docs[0].lines[1].token, -1); /* blank */
    CHECK_INT(c.docs[0].lines[2].token, 0);
    ng_arena_free(&a);
}

TEST(conll_write_iob1)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    CHECK(ng_conll_parse(&a, tiny, strlen(tiny), &c));
    ng_buf out = {0};
    for (size_t d = 0; d < c.n_docs; d++) ng_conll_write(&out, &c.docs[d], c.docs[d].gold);
    /* Writing the gold labels reproduces the gold column as the new last column. */
    const char *p = tiny, *q = out.data;
    int lines = 0;
    while (*p) {
        const char *pe = strchr(p, '\n'), *qe = strchr(q, '\n');
        CHECK(pe && qe);
        if (!pe || !qe) break;
        size_t pl = (size_t)(pe - p);
        CHECK(!memcmp(q, p, pl));
        if (pl && strncmp(p, "-DOCSTART-", 10)) {
            const char *tag = pe;
            while (tag > p && tag[-1] != ' ') tag--;
            size_t tl = (size_t)(pe - tag);
            CHECK((size_t)(qe - q) == pl + 1 + tl && !memcmp(qe - tl, tag, tl));
        } else {
            CHECK((size_t)(qe - q) == pl);
        }
        p = pe + 1, q = qe + 1, lines++;
    }
    CHECK_INT(lines, 32);
    ng_buf_free(&out);
    ng_arena_free(&a);
}

TEST(conll_odd_input)
{
    /* Junk never crashes; a word line without a tag reads as O; CRLF is fine. */
    static const char junk[] = "x\r\n\n\n-DOCSTART-\nfoo B-\n I-PER\nbar I-LOC\r\n\t\n-DOCSTART- x\n";
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    CHECK(ng_conll_parse(&a, junk, sizeof junk - 1, &c));
    CHECK_INT(c.n_docs, 3);
    CHECK_INT(c.docs[1].n_words, 3);
    CHECK_INT(c.docs[1].gold[0], NG_LABEL_O);
    CHECK_INT(c.docs[1].gold[2], ng_label_make(NG_NE_LOC, NG_PART_B));
    CHECK(ng_conll_parse(&a, "", 0, &c));
    CHECK_INT(c.n_docs, 0);
    ng_arena_free(&a);
}

TEST(mentions_and_scoring)
{
    uint8_t B_PER = ng_label_make(NG_NE_PER, NG_PART_B), I_PER = ng_label_make(NG_NE_PER, NG_PART_I);
    uint8_t B_LOC = ng_label_make(NG_NE_LOC, NG_PART_B);
    uint8_t lab[] = {B_PER, I_PER, 0, B_LOC, B_LOC, I_PER};
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_mention *m;
    size_t n = ng_labels_to_mentions(&a, lab, 6, &m);
    CHECK_INT(n, 4);
    CHECK(m[0].tok_start == 0 && m[0].tok_end == 2 && m[0].type == NG_NE_PER);
    CHECK(m[1].tok_start == 3 && m[1].tok_end == 4 && m[1].type == NG_NE_LOC);
    CHECK(m[2].tok_start == 4 && m[2].tok_end == 5);
    CHECK(m[3].tok_start == 5 && m[3].tok_end == 6 && m[3].type == NG_NE_PER); /* a stray I- starts a chunk */
    uint8_t gold[] = {B_PER, I_PER, 0, B_LOC, 0, 0};
    uint8_t pred[] = {B_PER, 0, 0, B_LOC, 0, B_LOC};
    uint32_t sent[] = {0};
    ng_ner_counts c;
    memset(&c, 0, sizeof c);
    ng_ner_count(gold, pred, 6, sent, 1, &c);
    CHECK_INT(c.gold[0], 2);
    CHECK_INT(c.pred[0], 3);
    CHECK_INT(c.correct[0], 1);
    CHECK_INT(c.correct[NG_NE_LOC], 1);
    CHECK(ng_ner_f1(&c, 0) > 0.39 && ng_ner_f1(&c, 0) < 0.41);
    CHECK(ng_label_allowed(0, B_PER) && !ng_label_allowed(0, I_PER) && ng_label_allowed(B_PER, I_PER));
    CHECK(!ng_label_allowed(B_LOC, I_PER));
    ng_arena_free(&a);
}

static bool train_tiny(const char *path, uint32_t seed, bool two_pass)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    bool ok = ng_conll_parse(&a, tiny, strlen(tiny), &c);
    ng_train_options o;
    memset(&o, 0, sizeof o);
    o.hash_bits = 14;
    o.max_epochs = 8;
    o.quiet = true;
    o.seed = seed;
    o.two_pass = two_pass;
    o.ensemble = two_pass ? 2 : 1;
    char err[256] = "";
    ok = ok && ng_train(&c, NULL, &o, path, err, sizeof err);
    if (!ok) fprintf(stderr, "train: %s\n", err);
    ng_arena_free(&a);
    return ok;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

TEST(train_and_tag)
{
    CHECK(train_tiny(model_path, 1, false));
    char err[256] = "";
    ng_tagger *t = ng_tagger_open(model_path, err, sizeof err);
    CHECK(t != NULL);
    if (!t) { fprintf(stderr, "%s\n", err); return; }
    /* The training data comes back right. */
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    CHECK(ng_conll_parse(&a, tiny, strlen(tiny), &c));
    for (size_t d = 0; d < c.n_docs; d++) {
        uint8_t labels[64];
        ng_tag_doc doc = {c.docs[d].words, c.docs[d].n_words, c.docs[d].sent_start, c.docs[d].n_sent};
        CHECK(ng_tagger_tag(t, &a, &doc, labels));
        CHECK(!memcmp(labels, c.docs[d].gold, c.docs[d].n_words));
    }
    /* New words in a known context: the suffix, shape and context features carry over. */
    ng_str words[] = {{"Initech", 7}, {"Corp", 4}, {"hired", 5}, {"Karl", 4}, {"Weber", 5}, {".", 1}};
    uint32_t starts[] = {0};
    ng_tag_doc doc = {words, 6, starts, 1};
    uint8_t labels[6];
    CHECK(ng_tagger_tag(t, &a, &doc, labels));
    CHECK_INT(ng_label_type(labels[0]), NG_NE_ORG);
    CHECK_INT(ng_label_type(labels[1]), NG_NE_ORG);
    CHECK_INT(labels[2], NG_LABEL_O);
    CHECK_INT(labels[3], ng_label_make(NG_NE_PER, NG_PART_B));
    CHECK_INT(labels[4], ng_label_make(NG_NE_PER, NG_PART_I));
    CHECK_INT(labels[5], NG_LABEL_O);
    /* An organisation named after its place is one ORG: the tagger stops
     * at "of", the post-pass joins "Corp of London". */
    ng_str named[] = {{"Acme", 4}, {"Corp", 4}, {"of", 2}, {"London", 6}, {"hired", 5}, {"Anna", 4}, {".", 1}};
    uint8_t nl[7];
    CHECK(ng_tagger_tag(t, &a, &(ng_tag_doc){named, 7, starts, 1}, nl));
    CHECK_INT(nl[0], ng_label_make(NG_NE_ORG, NG_PART_B));
    for (int k = 1; k < 4; k++) CHECK_INT(nl[k], ng_label_make(NG_NE_ORG, NG_PART_I));
    CHECK_INT(nl[4], NG_LABEL_O);
    /* An empty document is fine. */
    ng_tag_doc empty = {words, 0, starts, 0};
    CHECK(ng_tagger_tag(t, &a, &empty, labels));
    ng_tagger_close(t);
    ng_arena_free(&a);
}

TEST(training_is_deterministic)
{
    char other[80];
    snprintf(other, sizeof other, "%s.2", model_path);
    CHECK(train_tiny(other, 1, false));
    size_t n1 = 0, n2 = 0;
    char *m1 = slurp(model_path, &n1), *m2 = slurp(other, &n2);
    CHECK(m1 && m2 && n1 == n2 && !memcmp(m1, m2, n1));
    free(m1);
    free(m2);
    unlink(other);
}

TEST(two_pass_model)
{
    char path[80], err[256];
    snprintf(path, sizeof path, "%s.2p", model_path);
    CHECK(train_tiny(path, 3, true));
    ng_tagger *t = ng_tagger_open(path, err, sizeof err);
    CHECK(t != NULL);
    if (t) {
        size_t one = 0, two = 0;
        char *m1 = slurp(model_path, &one), *m2 = slurp(path, &two);
        CHECK(two > one); /* a second weight table */
        free(m1);
        free(m2);
        ng_str words[] = {{"Globex", 6}, {"Corp", 4}, {"hired", 5}, {"Peter", 5}, {"Brown", 5}, {".", 1}};
        uint32_t starts[] = {0};
        ng_tag_doc doc = {words, 6, starts, 1};
        uint8_t labels[6];
        ng_arena a;
        ng_arena_init(&a, 0);
        CHECK(ng_tagger_tag(t, &a, &doc, labels));
        CHECK_INT(ng_label_type(labels[0]), NG_NE_ORG);
        CHECK_INT(labels[3], ng_label_make(NG_NE_PER, NG_PART_B));
        CHECK_INT(labels[4], ng_label_make(NG_NE_PER, NG_PART_I));
        ng_arena_free(&a);
        ng_tagger_close(t);
    }
    unlink(path);
}

TEST(record_tagging)
{
    char err[256];
    ng_tagger *t = ng_tagger_open(model_path, err, sizeof err);
    CHECK(t != NULL);
    if (!t) return;
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, NULL);
    static const char text[] = "Acme Corp hired Anna Berg. Peter Brown visited London.";
    ng_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = (ng_str){text, sizeof text - 1};
    rec.n_tokens = ng_tokenize(p, text, sizeof text - 1, &rec.tokens);
    rec.n_sentences = ng_sentences(p, text, sizeof text - 1, rec.tokens, rec.n_tokens, &rec.sentences);
    CHECK_INT(rec.n_sentences, 2);
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_mention *m;
    size_t n = ng_tag_record(t, &a, &rec, &m);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK(m[0].type == NG_NE_ORG && m[0].tok_start == 0 && m[0].tok_end == 2);
        CHECK(m[1].type == NG_NE_PER && m[1].tok_start == 3 && m[1].tok_end == 5);
        CHECK(m[2].type == NG_NE_PER && m[2].tok_start == 6 && m[2].tok_end == 8);
        CHECK(m[3].type == NG_NE_LOC && m[3].tok_start == 9 && m[3].tok_end == 10);
    }
    ng_arena_free(&a);
    ng_pipeline_free(p);
    ng_tagger_close(t);
}

static void expect_error(const char *data, size_t len, const char *want)
{
    char err[256] = "";
    ng_tagger *t = ng_tagger_open_memory(data, len, "m.bin", err, sizeof err);
    CHECK(t == NULL);
    ng_tagger_close(t);
    if (!strstr(err, want) || strncmp(err, "m.bin: ", 7)) {
        check_current_failed = 1;
        fprintf(stderr, "error \"%s\" does not say \"%s\"\n", err, want);
    }
}

TEST(model_validation)
{
    size_t n = 0;
    char *m = slurp(model_path, &n);
    CHECK(m != NULL && n > 200);
    if (!m) return;
    char err[256];
    ng_tagger *t = ng_tagger_open_memory(m, n, "m.bin", err, sizeof err);
    CHECK(t != NULL);
    ng_tagger_close(t);
    /* Truncated anywhere. */
    for (size_t k = 0; k < n; k += k < 256 ? 1 : 997) {
        t = ng_tagger_open_memory(m, k, "m.bin", err, sizeof err);
        CHECK(t == NULL);
        ng_tagger_close(t);
    }
    expect_error(m, 10, "too short");
    expect_error(m, n - 1, "truncated");
    /* Any flipped byte is caught. */
    for (size_t k = 0; k < n; k += k < 512 ? 1 : 4099) {
        m[k] ^= 0x5a;
        t = ng_tagger_open_memory(m, n, "m.bin", err, sizeof err);
        if (t) { check_current_failed = 1; fprintf(stderr, "flipped byte %zu accepted\n", k); }
        ng_tagger_close(t);
        m[k] ^= 0x5a;
    }
    m[n - 5] ^= 1;
    expect_error(m, n, "checksum mismatch");
    m[n - 5] ^= 1;
    m[0] = 'X';
    expect_error(m, n, "bad magic");
    m[0] = 'N';
    m[8] = 99;
    expect_error(m, n, "unsupported model version 99");
    m[8] = 1;
    free(m);
    /* A file that is not there, or not a file. */
    t = ng_tagger_open("/nonexistent/ner.bin", err, sizeof err);
    CHECK(t == NULL);
    CHECK(strstr(err, "/nonexistent/ner.bin: No such file") != NULL);
    t = ng_tagger_open("/", err, sizeof err);
    CHECK(t == NULL);
    CHECK(strstr(err, "not a regular file") != NULL);
}

TEST(cluster_section)
{
    /* A model trained with clusters carries them in its own section,
     * validated like the others. */
    char cl_path[80], m_path[80];
    snprintf(cl_path, sizeof cl_path, "%s.cl", model_path);
    snprintf(m_path, sizeof m_path, "%s.clm", model_path);
    FILE *f = fopen(cl_path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs("0001\tJohn\t5\n0001\tPeter\t4\n0010\tParis\t3\n0010\tLondon\t3\n0111\tCorp\t2\n", f);
    fclose(f);
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    CHECK(ng_conll_parse(&a, tiny, strlen(tiny), &c));
    ng_train_options o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    o.max_epochs = 3;
    o.clusters_path = cl_path;
    char err[256];
    CHECK(ng_train(&c, NULL, &o, m_path, err, sizeof err));
    size_t n = 0;
    char *m = slurp(m_path, &n);
    CHECK(m != NULL);
    if (m) {
        ng_tagger *t = ng_tagger_open_memory(m, n, "m.bin", err, sizeof err);
        CHECK(t != NULL);
        ng_tagger_close(t);
        /* The cluster table's size in META (offset 24 of the META section) must match the section. */
        uint32_t nsec;
        memcpy(&nsec, m + 12, 4);
        bool found = false;
        for (uint32_t k = 0; k < nsec; k++) {
            uint32_t id;
            memcpy(&id, m + 64 + 32 * k, 4);
            found = found || id == 5;
        }
        CHECK(found);
        free(m);
    }
    /* A malformed cluster file is a clear training error. */
    f = fopen(cl_path, "w");
    if (f) { fputs("01x\tJohn\t5\n", f); fclose(f); }
    CHECK(!ng_train(&c, NULL, &o, m_path, err, sizeof err));
    CHECK(strstr(err, "not a cluster file") != NULL);
    unlink(cl_path);
    unlink(m_path);
    ng_arena_free(&a);
}

TEST(resources_model_error)
{
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.model_dir = "/nonexistent";
    char why[256];
    CHECK(ng_resources_open(&ro, why, sizeof why) == NULL);
    CHECK(strstr(why, "/nonexistent/ner.bin") != NULL);
    ng_resource_options_init(&ro);
    ng_resources *r = ng_resources_open(&ro, why, sizeof why);
    CHECK(r != NULL && !ng_resources_has_model(r) && !ng_resources_has_gazetteer(r));
    ng_resources_free(r);
}

int main(void)
{
    snprintf(model_path, sizeof model_path, "/tmp/ng_tagger_test_%ld.bin", (long)getpid());
    RUN(conll_parse);
    RUN(conll_write_iob1);
    RUN(conll_odd_input);
    RUN(mentions_and_scoring);
    RUN(train_and_tag);
    RUN(training_is_deterministic);
    RUN(two_pass_model);
    RUN(record_tagging);
    RUN(model_validation);
    RUN(cluster_section);
    RUN(resources_model_error);
    unlink(model_path);
    return check_report("tagger");
}
