/*
 * events_coder.c: the event coder's own speed on parsed text (bench/events.sh).
 *
 *   build/events_coder MODEL_DIR GAZETTEER INPUT...
 *
 * Extracts each input with every stage, then, for each record, tags every
 * sentence once with the POS tagger (standing in for the syntax stage
 * that will hand the coder its tags) and times ng_events_find() over the
 * tagged record RUNS times in a scratch arena. Prints the sentences, the
 * events and the coder's sentences per second, excluding the tagging, and
 * the tagging's own sentences per second. Reports, never asserts.
 */
#include "events.h"
#include "internal.h"
#include "pos.h"
#include "resources.h"

#include <stdlib.h>
#include <time.h>

enum { RUNS = 5 };

typedef struct totals {
    const ng_pos_model *pos;
    double coder_seconds, tag_seconds;
    size_t sentences, events, records;
} totals;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_record(void *ud, const ng_record *r)
{
    totals *t = ud;
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_record rec = *r;
    ng_words w;
    size_t n = rec.n_tokens ? rec.n_tokens : 1;
    uint8_t *upos = malloc(n), *xpos = malloc(n);
    ng_str *words = malloc(n * sizeof *words);
    if (!upos || !xpos || !words || ng_words_build(&a, &rec, &w)) goto done;
    double t0 = now();
    for (size_t s = 0; s < w.n_sentences; s++) {
        size_t first = w.sentence_first[s], len = w.sentence_first[s + 1] - first;
        for (size_t i = 0; i < len; i++) {
            const ng_token *tok = &rec.tokens[first + i];
            words[i] = (ng_str){rec.text.ptr + tok->bstart, tok->bend - tok->bstart};
        }
        if (len) ng_pos_tag(t->pos, words, len, upos + first, xpos + first);
    }
    double t1 = now();
    ng_event_parse parse = {upos, xpos, NULL, NULL};
    for (int k = 0; k < RUNS; k++) {
        ng_arena scratch;
        ng_arena_init(&scratch, 0);
        ng_events_find(&scratch, &rec, &w, NULL, &parse);
        if (k == 0) t->events += rec.n_events;
        ng_arena_free(&scratch);
    }
    double t2 = now();
    t->tag_seconds += t1 - t0;
    t->coder_seconds += (t2 - t1) / RUNS;
    t->sentences += rec.n_sentences;
    t->records++;
done:
    free(upos);
    free(xpos);
    free(words);
    ng_arena_free(&a);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL_DIR GAZETTEER INPUT...\n", argv[0]);
        return 2;
    }
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.model_dir = argv[1];
    ro.gazetteer = argv[2];
    char why[512];
    ng_resources *res = ng_resources_open(&ro, why, sizeof why);
    if (!res || !ng_resources_pos(res)) {
        fprintf(stderr, "events_coder: %s\n", res ? "no pos.bin in the model directory" : why);
        return 2;
    }
    totals t = {ng_resources_pos(res), 0, 0, 0, 0, 0};
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, res);
    ng_sink sink = {on_record, NULL, &t};
    for (int i = 3; i < argc; i++) ng_process_path(p, argv[i], &sink);
    ng_pipeline_free(p);
    ng_resources_free(res);
    printf("event coder on tagged text: %zu records, %zu sentences, %zu events; coder %.3f s = %.0f sentences/s; "
           "tagging %.3f s = %.0f sentences/s\n",
           t.records, t.sentences, t.events, t.coder_seconds, t.sentences / (t.coder_seconds > 0 ? t.coder_seconds : 1),
           t.tag_seconds, t.sentences / (t.tag_seconds > 0 ? t.tag_seconds : 1));
    return 0;
}
