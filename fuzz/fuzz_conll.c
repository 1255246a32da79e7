/*
 * fuzz_conll.c: libFuzzer target for the CoNLL-2003 column reader and
 * writer (what `newsgraph tag --conll` reads from stdin).
 *
 * Every document is written back with its own gold labels: the output
 * must have exactly one line per input line, and scoring the gold
 * against itself must be perfect.
 */
#include "ner_train.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ng_arena a;
    ng_arena_init(&a, 0);
    ng_conll_corpus c;
    if (ng_conll_parse(&a, (const char *)data, size, &c)) {
        ng_buf out = {0};
        size_t lines = 0, words = 0;
        for (size_t d = 0; d < c.n_docs; d++) {
            const ng_conll_doc *doc = &c.docs[d];
            for (size_t i = 0; i < doc->n_words; i++)
                if (doc->gold[i] >= NG_N_LABELS || !doc->words[i].len) abort();
            for (size_t k = 0; k < doc->n_sent; k++)
                if (doc->sent_start[k] >= doc->n_words || (k && doc->sent_start[k] <= doc->sent_start[k - 1])) abort();
            ng_buf_clear(&out);
            ng_conll_write(&out, doc, doc->gold);
            size_t nl = 0;
            for (size_t i = 0; i < out.len; i++) nl += out.data[i] == '\n';
            if (!out.failed && nl != doc->n_lines) abort();
            ng_ner_counts counts;
            memset(&counts, 0, sizeof counts);
            ng_ner_count(doc->gold, doc->gold, doc->n_words, doc->sent_start, doc->n_sent, &counts);
            if (counts.correct[0] != counts.gold[0] || counts.pred[0] != counts.gold[0]) abort();
            lines += doc->n_lines;
            words += doc->n_words;
        }
        if (words != c.n_words) abort();
        (void)lines;
        ng_buf_free(&out);
    }
    ng_arena_free(&a);
    return 0;
}
