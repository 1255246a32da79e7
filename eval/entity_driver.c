/*
 * entity_driver.c: runs the entity resolver on given mentions, for
 * eval/entity.py (built as build/entity_driver by `make eval`).
 *
 * stdin: JSON Lines {"text": "...", "mentions": [[start, end, "PER"], ...]}
 * with code-point spans. stdout: one line per input, {"entity": [id, ...]},
 * the entity id each mention went to (0 if the resolver dropped it, e.g.
 * a title alone). Spans are mapped to the tokens they cover, as a tagger
 * would emit them. This isolates resolution from tagging.
 *
 * With --time N (bench/entity.py), each document is resolved N times and
 * the time spent in ng_entities_resolve alone goes to stderr as
 * "resolve: MENTIONS mentions DOCS docs SECONDS s".
 */
#include "entity.h"
#include "internal.h"

#include <stdlib.h>
#include <time.h>

static uint8_t ne_type(ng_str s)
{
    if (s.len == 3 && !memcmp(s.ptr, "PER", 3)) return NG_NE_PER;
    if (s.len == 3 && !memcmp(s.ptr, "ORG", 3)) return NG_NE_ORG;
    if (s.len == 3 && !memcmp(s.ptr, "LOC", 3)) return NG_NE_LOC;
    return NG_NE_MISC;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long repeat = argc == 3 && !strcmp(argv[1], "--time") ? atol(argv[2]) : 0;
    double spent = 0;
    size_t total_mentions = 0, total_docs = 0;
    ng_buf in = {0};
    if (ng_read_stream(stdin, (size_t)1 << 30, &in)) return 2;
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_buf out = {0};
    for (char *line = in.data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        size_t n = next ? (size_t)(next - line) : strlen(line);
        if (next) next++;
        if (!n) continue;
        ng_arena_reset(&a);
        const char *err;
        size_t at;
        ng_json *j = ng_json_parse(&a, line, n, &err, &at);
        const ng_json *ms = j ? ng_json_get(j, "mentions") : NULL;
        ng_record rec;
        memset(&rec, 0, sizeof rec);
        rec.text = j ? ng_json_get_str(j, "text") : (ng_str){NULL, 0};
        if (!j || !ms || !rec.text.ptr) { fprintf(stderr, "entity_driver: bad line\n"); return 2; }
        rec.n_tokens = ng_tokenize_text(&a, rec.text.ptr, rec.text.len, &rec.tokens);
        ng_mention *m = ng_alloc(&a, (ms->n + 1) * sizeof *m);
        size_t nm = 0;
        for (size_t i = 0; i < ms->n; i++) {
            const ng_json *x = ms->items[i];
            uint32_t s = (uint32_t)atol(x->items[0]->str.ptr), e = (uint32_t)atol(x->items[1]->str.ptr);
            size_t ts = 0;
            while (ts < rec.n_tokens && rec.tokens[ts].end <= s) ts++;
            size_t te = ts;
            while (te < rec.n_tokens && rec.tokens[te].start < e) te++;
            m[nm++] = (ng_mention){(uint32_t)ts, (uint32_t)te, ne_type(x->items[2]->str)};
        }
        if (ng_entities_resolve(&a, &rec, m, nm)) return 3;
        for (long r = 0; r < repeat; r++) {
            ng_record again = rec;
            double t0 = now();
            if (ng_entities_resolve(&a, &again, m, nm)) return 3;
            spent += now() - t0;
            total_mentions += nm;
            total_docs++;
        }
        ng_buf_puts(&out, "{\"entity\":[");
        for (size_t i = 0; i < ms->n; i++) {
            uint32_t s = (uint32_t)atol(ms->items[i]->items[0]->str.ptr);
            uint32_t e = (uint32_t)atol(ms->items[i]->items[1]->str.ptr);
            uint32_t id = 0;
            for (size_t k = 0; k < rec.n_entities && !id; k++)
                for (size_t q = 0; q < rec.entities[k].n_mentions; q++)
                    if (rec.entities[k].mentions[q].start >= s && rec.entities[k].mentions[q].end <= e) {
                        id = rec.entities[k].id;
                        break;
                    }
            ng_buf_printf(&out, "%s%u", i ? "," : "", id);
        }
        ng_buf_puts(&out, "]}\n");
    }
    if (repeat) fprintf(stderr, "resolve: %zu mentions %zu docs %.6f s\n", total_mentions, total_docs, spent);
    fwrite(out.data, 1, out.len, stdout);
    ng_buf_free(&out);
    ng_buf_free(&in);
    ng_arena_free(&a);
    return 0;
}
