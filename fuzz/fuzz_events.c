/*
 * fuzz_events.c: libFuzzer target for the event coder.
 *
 * Two parts per input. First the argument finder (event_args.c) over a
 * view made from the bytes: words cut at spaces, and from the bytes too
 * each word's UPOS and, when the first byte is odd, a parse with heads
 * and relations of any value (out of range, cycles): every span it returns
 * must lie inside the sentence, first <= last. Then the whole pipeline with
 * the POS model (the committed models/pos.bin, or build/models with the NER
 * model when built) and the gazetteer, on the input as plain text: every
 * record must pass ng_record_check, which covers the events' spans, texts,
 * sentences and counts.
 */
#include "internal.h"
#include "event_args.h"

#include <stdlib.h>
#include <unistd.h>

enum { MAX_WORDS = 512 };

static void check_span(ng_ev_span s, size_t n)
{
    if (s.first < 0) return;
    if (s.first > s.last || (size_t)s.last >= n) abort();
}

static void finder(const uint8_t *data, size_t size)
{
    static ng_str word[MAX_WORDS];
    static uint8_t upos[MAX_WORDS], deprel[MAX_WORDS];
    static int32_t head[MAX_WORDS];
    size_t n = 0, i = 0;
    while (i < size && n < MAX_WORDS) {
        while (i < size && data[i] == ' ') i++;
        size_t st = i;
        while (i < size && data[i] != ' ') i++;
        if (i == st) break;
        word[n] = (ng_str){(const char *)data + st, i - st};
        uint8_t b = data[st];
        upos[n] = (uint8_t)(b % (NG_UPOS_X + 1));
        head[n] = (int32_t)(b % 7) - 1 + (int32_t)(n / 2);
        if (b & 0x80) head[n] = (int32_t)b * 3; /* out of range on purpose */
        deprel[n] = (uint8_t)(b % 20);
        n++;
    }
    bool parsed = size && (data[0] & 1);
    ng_ev_view v = {word, upos, NULL, parsed ? head : NULL, parsed ? deprel : NULL, n};
    for (size_t t = 0; t < n; t++) {
        ng_ev_args a;
        int32_t governor = t > 0 && (upos[t] & 1) ? (int32_t)t - 1 : -1;
        ng_ev_args_find(&v, t, t + 1 + (upos[t] & 1), governor, &a);
        check_span(a.source, n);
        check_span(a.target, n);
        check_span(ng_ev_np(&v, t), n);
        check_span(ng_ev_subject_of(&v, t), n);
        if (a.modal >= (int32_t)n) abort();
    }
}

static ng_resources *res;
static ng_pipeline *pipe_;

static void on_record(void *ud, const ng_record *r)
{
    char why[256];
    if (!ng_record_check(r, why, sizeof why)) {
        fprintf(stderr, "fuzz_events: %s\n", why);
        abort();
    }
    *(size_t *)ud += r->n_events;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    finder(data, size);
    if (!res) {
        ng_resource_options ro;
        ng_resource_options_init(&ro);
        ro.gazetteer = "data/gazetteer.bin";
        ro.model_dir = access("build/models/ner.bin", R_OK) == 0 ? "build/models" : "models";
        char why[256];
        if (!(res = ng_resources_open(&ro, why, sizeof why))) {
            fprintf(stderr, "fuzz_events: %s\n", why);
            abort();
        }
        ng_options o;
        ng_options_init(&o);
        o.format = NG_FORMAT_TEXT;
        pipe_ = ng_pipeline_new(&o, res);
        if (!pipe_) abort();
    }
    size_t events = 0;
    ng_sink sink = {on_record, NULL, &events};
    ng_process_memory(pipe_, "fuzz", data, size, &sink);
    return 0;
}
