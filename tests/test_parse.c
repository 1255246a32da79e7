/* Tests of the dependency parser: the transition system yields a tree
 * whatever the moves, the trainer's dynamic oracle learns a tiny treebank,
 * the model file's checks, hostile sentences (10,000 words without a
 * period, 5,000 commas, 1,000 nested brackets) in exactly 2n moves and
 * linear memory, and the syntax stage through the public API. */
#include "check.h"
#include "parse_learn.h"

#include <stdlib.h>

static const char tiny[] =
    "# sent_id = 1\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
    "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "1\tSoldiers\tsoldier\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_\n"
    "2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n"
    "3\tcaptured\tcapture\tVERB\tVBN\t_\t0\troot\t_\t_\n"
    "4\tby\tby\tADP\tIN\t_\t5\tcase\t_\t_\n"
    "5\tparatroopers\tparatrooper\tNOUN\tNNS\t_\t3\tobl:agent\t_\t_\n"
    "6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
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
    "5\tthat\tthat\tPRON\tWDT\t_\t6\tnsubj\t_\t_\n"
    "6\tbarked\tbark\tVERB\tVBD\t_\t4\tacl:relcl\t_\t_\n"
    "7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n";

/* Word i's head is in 0..n, exactly one word has the root, and following
 * heads from any word reaches the root (no cycle). */
static bool is_tree(const uint32_t *head, size_t n)
{
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        if (head[i] > n || head[i] == i + 1) return false;
        roots += head[i] == 0;
        uint32_t h = head[i];
        for (size_t steps = 0; h && steps <= n; steps++) h = head[h - 1];
        if (h) return false;
    }
    return n == 0 || roots == 1;
}

static uint64_t rng_state = 12345;
static unsigned next_random(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng_state >> 33);
}

/* Random weights: the parser's moves are then arbitrary but valid. */
static ng_parse_weights random_weights(int16_t **trans, int16_t **label)
{
    ng_parse_weights w = {NULL, NULL, 10, 8};
    size_t tn = ((size_t)1 << w.trans_bits) * NG_PARSE_TRANS_ROW, ln = ((size_t)1 << w.label_bits) * NG_PARSE_LABEL_ROW;
    *trans = malloc(tn * 2), *label = malloc(ln * 2);
    for (size_t i = 0; *trans && i < tn; i++) (*trans)[i] = (int16_t)(next_random() % 2001) - 1000;
    for (size_t i = 0; *label && i < ln; i++) (*label)[i] = (int16_t)(next_random() % 2001) - 1000;
    w.trans = *trans, w.label = *label;
    return w;
}

TEST(any_valid_moves_make_a_tree_in_2n)
{
    enum { N = 40 };
    ng_str words[N];
    uint8_t upos[N], xpos[N];
    for (size_t i = 0; i < N; i++) words[i] = (ng_str){"w", 1}, upos[i] = (uint8_t)(i % 17), xpos[i] = (uint8_t)(i % 50);
    void *work = malloc(ng_parse_work_size(N));
    for (int trial = 0; trial < 200; trial++) {
        size_t n = (size_t)trial % N + 1, moves = 0;
        ng_parse_state s;
        ng_parse_state_init(&s, work, words, n, upos, xpos);
        while (!ng_parse_done(&s)) {
            unsigned m;
            do m = next_random() % NG_PARSE_N_MOVES; while (!ng_parse_valid(&s, m));
            ng_parse_apply(&s, m, 1);
            moves++;
            if (moves > 2 * n) break;
        }
        CHECK_INT(moves, 2 * n);
        uint32_t head[N];
        for (size_t i = 0; i < n; i++) head[i] = s.head[i + 1];
        CHECK(is_tree(head, n));
    }
    free(work);
}

TEST(dep_names)
{
    CHECK_STR(ng_dep_name(NG_DEP_ROOT), "root");
    CHECK(ng_dep_name(NG_DEP_N) == NULL);
    CHECK_INT(ng_dep_find("nsubj:pass", 10), ng_dep_coerce("nsubj:pass", 10));
    CHECK_STR(ng_dep_name(ng_dep_coerce("obl:xyz", 7)), "obl");
    CHECK_STR(ng_dep_name(ng_dep_coerce("nonesuch", 8)), "dep");
    CHECK_STR(ng_dep_name(parse_universal((unsigned)ng_dep_find("acl:relcl", 9))), "acl");
}

TEST(reader_skips_ranges_and_empty_nodes)
{
    parse_corpus c;
    char err[128];
    CHECK(parse_corpus_read(tiny, strlen(tiny), &c, err, sizeof err));
    CHECK_INT(c.n_sent, 4);
    CHECK_INT(c.n_words, 4 + 6 + 4 + 7);
    CHECK_INT(c.head[c.sent_start[2] + 1], 3);
    parse_corpus_free(&c);
    const char *cycle = "1\ta\ta\tX\tXX\t_\t2\tdep\t_\t_\n2\tb\tb\tX\tXX\t_\t1\tdep\t_\t_\n";
    CHECK(!parse_corpus_read(cycle, strlen(cycle), &c, err, sizeof err));
    CHECK(strstr(err, "not a tree") != NULL);
}

TEST(oracle_learns_a_tiny_treebank)
{
    parse_corpus c;
    char err[128];
    CHECK(parse_corpus_read(tiny, strlen(tiny), &c, err, sizeof err));
    parse_train_options o = {.trans_bits = 14, .label_bits = 10, .epochs = 20, .seed = 3, .explore = 0.9, .log = NULL};
    parse_trained t;
    CHECK(parse_train(&c, NULL, &o, &t));
    ng_parse_weights w = {t.trans, t.label, t.trans_bits, t.label_bits};
    parse_scores s = parse_evaluate(&w, &c);
    CHECK(s.uas == 1.0);
    CHECK(s.las == 1.0);
    /* the model file round trip parses the same, and a flipped byte is refused */
    size_t len;
    unsigned char *img = parse_model_image(&t, &len);
    CHECK(img != NULL);
    ng_parse_model *m = ng_parse_open_memory(img, len, "tiny", err, sizeof err);
    CHECK(m != NULL);
    if (m) {
        parse_scores s2 = parse_evaluate(ng_parse_model_weights(m), &c);
        CHECK(s2.las == 1.0);
        CHECK_INT(ng_parse_size(m), len);
    }
    ng_parse_close(m);
    img[len - 1] ^= 1;
    CHECK(ng_parse_open_memory(img, len, "tiny", err, sizeof err) == NULL);
    CHECK(strstr(err, "checksum") != NULL);
    CHECK(ng_parse_open_memory(img, 10, "tiny", err, sizeof err) == NULL);
    memcpy(img, "NGPOS\r\n\032", 8);
    CHECK(ng_parse_open_memory(img, len, "tiny", err, sizeof err) == NULL);
    CHECK(strstr(err, "bad magic") != NULL);
    free(img);
    parse_trained_free(&t);
    parse_corpus_free(&c);
}

/* Parses words[0..n) with w, counting moves; true when a tree in 2n. */
static bool parse_counts_moves(const ng_parse_weights *w, const ng_str *words, size_t n)
{
    uint8_t *upos = calloc(n + 1, 1), *xpos = calloc(n + 1, 1), *dep = malloc(n + 1);
    uint32_t *head = malloc((n + 1) * sizeof *head);
    size_t work_size = ng_parse_work_size(n);
    void *work = malloc(work_size);
    bool ok = upos && xpos && dep && head && work && work_size <= 128 * (n + 2);
    for (size_t i = 0; ok && i < n; i++) {
        bool punct = words[i].len == 1 && strchr(",.()", words[i].ptr[0]);
        xpos[i] = (uint8_t)(punct ? 10 : 0), upos[i] = (uint8_t)(punct ? 12 : 7);
    }
    size_t moves = 0;
    if (ok) {
        ng_parse_state s;
        ng_parse_state_init(&s, work, words, n, upos, xpos);
        uint64_t f[NG_PARSE_MAX_FEATURES];
        while (!ng_parse_done(&s) && moves <= 2 * n) {
            size_t nf = ng_parse_features(&s, f);
            ok &= nf <= NG_PARSE_MAX_FEATURES;
            unsigned m = 0;
            while (!ng_parse_valid(&s, m)) m++;
            ng_parse_apply(&s, m, 0);
            moves++;
        }
        ng_parse_weights_run(w, words, n, upos, xpos, head, dep, work);
        ok &= is_tree(head, n);
    }
    free(upos), free(xpos), free(dep), free(head), free(work);
    return ok && moves == 2 * n;
}

TEST(hostile_sentences_are_linear)
{
    int16_t *trans, *label;
    ng_parse_weights w = random_weights(&trans, &label);
    enum { LONG = 10000, COMMAS = 5000, BRACKETS = 1000 };
    ng_str *words = malloc((LONG + 2 * BRACKETS + 1) * sizeof *words);
    for (size_t i = 0; i < LONG; i++) words[i] = (ng_str){i % 7 ? "word" : "and", i % 7 ? 4 : 3};
    CHECK(parse_counts_moves(&w, words, LONG));
    for (size_t i = 0; i < COMMAS; i++) words[i] = (ng_str){",", 1};
    CHECK(parse_counts_moves(&w, words, COMMAS));
    for (size_t i = 0; i < BRACKETS; i++) words[i] = (ng_str){"(", 1}, words[2 * BRACKETS - i] = (ng_str){")", 1};
    words[BRACKETS] = (ng_str){"x", 1};
    CHECK(parse_counts_moves(&w, words, 2 * BRACKETS + 1));
    free(words), free(trans), free(label);
}

typedef struct syntax_seen {
    int records, with_syntax, roots, checked, broken_rejected;
} syntax_seen;

static void keep_syntax(void *ud, const ng_record *r)
{
    syntax_seen *s = ud;
    char why[256];
    s->records++;
    s->checked += ng_record_check(r, why, sizeof why);
    if (!r->syntax) return;
    s->with_syntax++;
    for (size_t i = 0; i < r->n_tokens; i++) s->roots += r->syntax[i].head == NG_NO_HEAD;
    /* ng_record_check refuses a cycle and a head in another sentence */
    ng_token_syntax *copy = malloc(r->n_tokens * sizeof *copy);
    if (!copy || r->n_tokens < 12) { free(copy); return; }
    ng_record bad = *r;
    bad.syntax = copy;
    memcpy(copy, r->syntax, r->n_tokens * sizeof *copy);
    copy[0].head = 1, copy[1].head = 0;
    s->broken_rejected += !ng_record_check(&bad, why, sizeof why) && strstr(why, "cycle");
    memcpy(copy, r->syntax, r->n_tokens * sizeof *copy);
    copy[0].head = (uint32_t)r->n_tokens - 1;
    s->broken_rejected += !ng_record_check(&bad, why, sizeof why) && strstr(why, "sentence");
    free(copy);
}

/* The shipped models through the public API, when they were built. */
TEST(public_api_with_the_shipped_models)
{
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.model_dir = "build/models";
    char why[256];
    ng_resources *res = ng_resources_open(&ro, why, sizeof why);
    if (!res || !ng_resources_has_parser(res)) { ng_resources_free(res); return; }
    ng_pipeline *p = ng_pipeline_new(NULL, res);
    const char *text[] = {"Soldiers", "were", "captured", "by", "paratroopers", "."};
    ng_str words[6];
    for (size_t i = 0; i < 6; i++) words[i] = (ng_str){text[i], strlen(text[i])};
    uint8_t upos[6], xpos[6], dep[6];
    uint32_t head[6];
    CHECK(ng_parse_words(p, words, 6, upos, xpos, head, dep));
    CHECK(is_tree(head, 6));
    /* the default stages leave syntax out; asking for it fills rec->syntax */
    int syntax = ng_stage_find("syntax", 6);
    CHECK(syntax >= 0);
    CHECK(!(ng_stages_default() >> syntax & 1));
    CHECK(NG_STAGES_ALL >> syntax & 1);
    ng_pipeline_free(p);
    ng_options o;
    ng_options_init(&o);
    CHECK(o.stages == ng_stages_default());
    o.stages |= 1u << syntax;
    p = ng_pipeline_new(&o, res);
    syntax_seen seen = {0};
    ng_sink sink = {keep_syntax, NULL, &seen};
    const char *t = "Two soldiers were captured by paratroopers. \"It was hard,\" Zelensky said on Saturday.";
    CHECK_INT(ng_process_memory(p, "t", t, strlen(t), &sink), 0);
    CHECK_INT(seen.records, 1);
    CHECK_INT(seen.with_syntax, 1);
    CHECK_INT(seen.checked, 1);
    CHECK_INT(seen.roots, 2); /* one per sentence */
    CHECK_INT(seen.broken_rejected, 2);
    ng_pipeline_free(p);
    ng_resources_free(res);
}

int main(void)
{
    RUN(any_valid_moves_make_a_tree_in_2n);
    RUN(dep_names);
    RUN(reader_skips_ranges_and_empty_nodes);
    RUN(oracle_learns_a_tiny_treebank);
    RUN(hostile_sentences_are_linear);
    RUN(public_api_with_the_shipped_models);
    return check_report("parse");
}
