/*
 * text_layer.c: micro-benchmark of the text layer.
 *
 *   cc -O2 -Iinclude -Isrc bench/text_layer.c build/libnewsgraph.a \
 *      $(pkg-config --libs libutf8proc zlib libzstd) -o build/text_layer
 *   build/text_layer FILE...
 *
 * Each file is one article: it is cleaned and NFC-normalised paragraph by
 * paragraph (blank lines separate them) and joined with "\n\n", as the
 * record builder does, then tokenized and split into sentences. The files
 * are processed repeatedly, one arena reset per article, until about
 * 200 MB have gone through; throughput is reported per phase.
 */
#include "internal.h"

#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    ng_buf *docs = calloc((size_t)argc, sizeof *docs);
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        if (ng_read_stream(f, (size_t)64 << 20, &docs[i])) return 1;
        fclose(f);
        total += docs[i].len;
    }
    if (!total) return 1;
    ng_arena a;
    ng_arena_init(&a, 0);
    double t_norm = 0, t_tok = 0, t_sent = 0;
    size_t bytes = 0, tokens = 0, sentences = 0;
    int rounds = (int)(200e6 / (double)total) + 1;
    for (int r = 0; r < rounds; r++) {
        for (int i = 1; i < argc; i++) {
            const char *d = docs[i].data;
            size_t n = docs[i].len;
            double t0 = now();
            char *text = ng_alloc(&a, n * 2 + 16);
            size_t len = 0, p = 0;
            while (p < n) {
                const char *e = strstr(d + p, "\n\n");
                size_t q = e ? (size_t)(e - d) : n;
                ng_str c = ng_clean_space(&a, d + p, q - p);
                ng_str s = ng_nfc(&a, c);
                if (s.len) {
                    if (len) { text[len++] = '\n'; text[len++] = '\n'; }
                    memcpy(text + len, s.ptr, s.len);
                    len += s.len;
                }
                p = q + 2;
            }
            text[len] = '\0';
            double t1 = now();
            ng_token *tok;
            size_t nt = ng_tokenize_text(&a, text, len, &tok);
            double t2 = now();
            ng_span *sp;
            size_t ns = ng_split_sentences(&a, text, len, tok, nt, &sp);
            double t3 = now();
            t_norm += t1 - t0;
            t_tok += t2 - t1;
            t_sent += t3 - t2;
            bytes += len;
            tokens += nt;
            sentences += ns;
            ng_arena_reset(&a);
        }
    }
    double mb = bytes / 1e6;
    printf("%d files, %.1f MB processed, %zu tokens, %zu sentences\n", argc - 1, mb, tokens, sentences);
    printf("clean+nfc:       %7.1f MB/s\n", mb / t_norm);
    printf("tokenize:        %7.1f MB/s  %6.1f M tokens/s\n", mb / t_tok, tokens / t_tok / 1e6);
    printf("sentences:       %7.1f MB/s\n", mb / t_sent);
    printf("tokenize+split:  %7.1f MB/s\n", mb / (t_tok + t_sent));
    printf("whole layer:     %7.1f MB/s\n", mb / (t_norm + t_tok + t_sent));
    ng_arena_free(&a);
    for (int i = 1; i < argc; i++) ng_buf_free(&docs[i]);
    free(docs);
    return 0;
}
