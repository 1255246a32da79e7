/* Tests of the POS tagger: the CoNLL-U reader, training a tiny model on
 * hand-written sentences, tagging, determinism, the model file's checks,
 * the resources and the public ng_pos_tag_words. */
#include "check.h"
#include "pos_learn.h"
#include "resources.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char tiny[] =
    "# sent_id = 1\n"
    "# text = The dog barks.\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
    "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# sent_id = 2\n"
    "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\tsleeps\tsleep\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
    "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n"
    "2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
    "3\trun\trun\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t_\t_\n"
    "4\t!\t!\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "1\tJohn\tJohn\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\tdogs\tdog\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n";

static char dir[256], model_path[300];

TEST(names)
{
    CHECK_STR(ng_upos_name(0), "ADJ");
    CHECK_STR(ng_upos_name(NG_POS_N_UPOS - 1), "X");
    CHECK(ng_upos_name(NG_POS_N_UPOS) == NULL);
    CHECK_STR(ng_xpos_name(0), "NN");
    CHECK(ng_xpos_name(NG_POS_N_XPOS) == NULL);
    for (unsigned i = 0; i < NG_POS_N_UPOS; i++) CHECK_INT(ng_upos_find(ng_upos_name(i), strlen(ng_upos_name(i))), i);
    for (unsigned i = 0; i < NG_POS_N_XPOS; i++) CHECK_INT(ng_xpos_find(ng_xpos_name(i), strlen(ng_xpos_name(i))), i);
    CHECK_INT(ng_upos_find("NOPE", 4), -1);
}

TEST(read_conllu)
{
    pos_corpus c;
    char err[200];
    CHECK(pos_corpus_read(tiny, sizeof tiny - 1, &c, err, sizeof err));
    CHECK_INT(c.n_sent, 4);
    CHECK_INT(c.n_words, 17); /* the range 1-2 and the empty node 3.1 are not words */
    CHECK_INT(c.sent_start[2], 8);
    CHECK(c.words[8].len == 2 && !memcmp(c.words[8].ptr, "do", 2));
    CHECK_STR(ng_upos_name(c.upos[9]), "PART");
    CHECK_STR(ng_xpos_name(c.xpos[12]), "NNP");
    pos_corpus_free(&c);
    const char bad[] = "1\tx\tx\tNOTATAG\tNN\t_\t0\troot\t_\t_\n";
    CHECK(!pos_corpus_read(bad, sizeof bad - 1, &c, err, sizeof err));
    CHECK(strstr(err, "line 1") && strstr(err, "NOTATAG"));
}

static bool train_tiny(uint32_t bits, pos_trained *t)
{
    pos_corpus c;
    char err[200];
    if (!pos_corpus_read(tiny, sizeof tiny - 1, &c, err, sizeof err)) return false;
    pos_train_options o = {.xbits = bits, .ubits = bits - 2, .epochs = 8, .seed = 1, .log = NULL};
    bool ok = pos_train(&c, NULL, &o, t);
    pos_corpus_free(&c);
    return ok;
}

TEST(train_and_tag)
{
    pos_trained t;
    CHECK(train_tiny(12, &t));
    if (!t.data) return;
    pos_corpus c;
    char err[200];
    CHECK(pos_corpus_read(tiny, sizeof tiny - 1, &c, err, sizeof err));
    double u, x;
    pos_accuracy(&t.w, &c, &u, &x);
    CHECK(u == 1.0 && x == 1.0); /* the training sentences themselves */
    ng_str s[] = {{"The", 3}, {"cat", 3}, {"barks", 5}, {".", 1}};
    uint8_t up[4], xp[4];
    ng_pos_tag_weights(&t.w, s, 4, up, xp);
    CHECK_STR(ng_upos_name(up[0]), "DET");
    CHECK_STR(ng_upos_name(up[1]), "NOUN");
    CHECK_STR(ng_xpos_name(xp[2]), "VBZ");
    CHECK_STR(ng_upos_name(up[3]), "PUNCT");
    /* sentences shorter than the UPOS head's lag still get both tags */
    memset(up, 0xff, sizeof up), memset(xp, 0xff, sizeof xp);
    ng_pos_tag_weights(&t.w, s, 1, up, xp);
    CHECK(up[0] < NG_POS_N_UPOS && xp[0] < NG_POS_N_XPOS && up[1] == 0xff && xp[1] == 0xff);
    ng_pos_tag_weights(&t.w, s + 2, 2, up, xp);
    CHECK_STR(ng_xpos_name(xp[0]), "VBZ");
    CHECK_STR(ng_upos_name(up[1]), "PUNCT");
    CHECK(up[2] == 0xff);
    ng_pos_tag_weights(&t.w, s, 0, up, xp); /* nothing to do, nothing written */
    CHECK(up[2] == 0xff);
    pos_corpus_free(&c);
    pos_trained_free(&t);
}

TEST(training_is_deterministic)
{
    pos_trained a, b;
    CHECK(train_tiny(10, &a) && train_tiny(10, &b));
    CHECK(a.data && b.data && a.bytes == b.bytes && memcmp(a.data, b.data, a.bytes) == 0);
    pos_trained_free(&a), pos_trained_free(&b);
}

/* A word's features come from its hashes, computed once: prefixes and
 * suffixes are whole code points, and an affix that is the whole word is
 * none. */
TEST(word_info)
{
    ng_pos_word a, b, c;
    ng_pos_word_info((ng_str){"Cats", 4}, &a);
    ng_pos_word_info((ng_str){"cats", 4}, &b);
    CHECK(a.lower == b.lower && a.form != b.form);
    CHECK(a.flags == NG_POS_UPPER && b.flags == 0);
    CHECK(a.pre[0] && a.pre[2] && !a.pre[3] && a.suf[2] && !a.suf[3] && a.suf3 == a.suf[2]);
    ng_pos_word_info((ng_str){"bats", 4}, &c);
    CHECK(c.suf[2] == b.suf[2] && c.pre[0] != b.pre[0]); /* "ats" shared, "b" vs "c" */
    ng_pos_word_info((ng_str){"caf\xc3\xa9", 5}, &c); /* café: 4 code points */
    CHECK(c.pre[2] && !c.pre[3] && c.suf[2] && !c.suf[3]);
    ng_pos_word_info((ng_str){"x-1", 3}, &c);
    CHECK(c.flags == (NG_POS_HYPHEN | NG_POS_DIGIT) && c.suf3 && !c.suf[2]);
    ng_pos_word_info((ng_str){"", 0}, &c);
    CHECK(!c.pre[0] && !c.suf[0] && !c.suf3);
}

TEST(model_file)
{
    pos_trained t;
    if (!train_tiny(12, &t)) { CHECK(0); return; }
    char err[300];
    CHECK(pos_model_write(model_path, &t, err, sizeof err));
    ng_pos_model *m = ng_pos_open(model_path, err, sizeof err);
    CHECK(m != NULL);
    CHECK_INT(ng_pos_size(m), NG_POS_HEADER + t.bytes);
    /* sparse: only the non-zero weights are stored */
    CHECK(t.w.x.n_entries > 0 && t.w.x.n_entries < 50u * NG_POS_N_XPOS && t.w.u.n_entries > 0);
    ng_str s[] = {{"A", 1}, {"dog", 3}, {"sleeps", 6}};
    uint8_t u1[3], x1[3], u2[3], x2[3];
    if (m) ng_pos_tag(m, s, 3, u1, x1);
    ng_pos_tag_weights(&t.w, s, 3, u2, x2);
    CHECK(m && !memcmp(u1, u2, 3) && !memcmp(x1, x2, 3));
    ng_pos_close(m);
    /* corruption, truncation, a wrong magic: refused, naming the file */
    size_t len;
    unsigned char *img = pos_model_image(&t, &len);
    img[NG_POS_HEADER + 100] ^= 1;
    CHECK(ng_pos_open_memory(img, len, "x.bin", err, sizeof err) == NULL && strstr(err, "x.bin: checksum"));
    img[NG_POS_HEADER + 100] ^= 1;
    CHECK(ng_pos_open_memory(img, len - 4, "x.bin", err, sizeof err) == NULL && strstr(err, "x.bin"));
    img[0] = 'X';
    CHECK(ng_pos_open_memory(img, len, "x.bin", err, sizeof err) == NULL && strstr(err, "magic"));
    img[0] = 'N';
    m = ng_pos_open_memory(img, len, "x.bin", err, sizeof err);
    CHECK(m != NULL);
    CHECK(m && ng_pos_model_weights(m)->x.n_entries == t.w.x.n_entries);
    ng_pos_close(m);
    /* a model of another version (3: dense rows) is refused, naming both versions */
    img[8] = 3;
    CHECK(ng_pos_open_memory(img, len, "old.bin", err, sizeof err) == NULL && strstr(err, "old.bin") &&
          strstr(err, "version 3") && strstr(err, "version 4"));
    img[8] = NG_POS_VERSION;
    /* a row pointing past its table is refused even under a valid
     * checksum (a hostile file) */
    uint32_t big = 0xfffffff0u;
    memcpy(img + NG_POS_HEADER + 4 * 10, &big, 4);
    uint64_t sum = ng_checksum64(img + NG_POS_HEADER, len - NG_POS_HEADER);
    for (int k = 0; k < 8; k++) img[40 + k] = (unsigned char)(sum >> 8 * k);
    CHECK(ng_pos_open_memory(img, len, "x.bin", err, sizeof err) == NULL && strstr(err, "rows outside"));
    free(img);
    pos_trained_free(&t);
}

TEST(resources_and_public_api)
{
    char err[600];
    ng_resource_options o;
    ng_resource_options_init(&o);
    o.model_dir = dir;
    /* pos.bin alone in the directory: POS without NER */
    ng_resources *r = ng_resources_open(&o, err, sizeof err);
    CHECK(r != NULL);
    CHECK(r && ng_resources_pos(r) != NULL && !ng_resources_has_model(r));
    ng_pipeline *p = ng_pipeline_new(NULL, r);
    ng_str s[] = {{"The", 3}, {"dog", 3}, {"barks", 5}, {".", 1}};
    uint8_t u[4], x[4];
    CHECK(p && ng_pos_tag_words(p, s, 4, u, x));
    CHECK_STR(ng_upos_name(u[1]), "NOUN");
    CHECK_STR(ng_xpos_name(x[2]), "VBZ");
    ng_pipeline_free(p);
    ng_resources_free(r);
    /* no model at all: ng_pos_tag_words says so */
    p = ng_pipeline_new(NULL, NULL);
    CHECK(p && !ng_pos_tag_words(p, s, 4, u, x));
    ng_pipeline_free(p);
    /* a corrupt pos.bin is an error naming it */
    FILE *f = fopen(model_path, "r+b");
    if (f) { fseek(f, 200, SEEK_SET); fputc(0x55, f); fclose(f); }
    CHECK(ng_resources_open(&o, err, sizeof err) == NULL && strstr(err, "pos.bin") && strstr(err, "checksum"));
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/ng_pos_test_%ld", (long)getpid());
    mkdir(dir, 0700);
    snprintf(model_path, sizeof model_path, "%s/pos.bin", dir);
    RUN(names);
    RUN(read_conllu);
    RUN(train_and_tag);
    RUN(training_is_deterministic);
    RUN(word_info);
    RUN(model_file);
    RUN(resources_and_public_api);
    unlink(model_path);
    rmdir(dir);
    return check_report("pos");
}
