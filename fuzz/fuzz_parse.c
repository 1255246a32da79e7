/*
 * fuzz_parse.c: libFuzzer target for the dependency parser.
 *
 * The input is cut into words at spaces and newlines (any bytes, any
 * number, any length) and tagged and parsed with the built models
 * (build/models/pos.bin and parse.bin) through ng_parse_words; every
 * parse must be a tree: heads in range, one root, no cycle. The same
 * bytes are also offered to the model loader, which must refuse them
 * with a reason naming the file (they never carry a valid checksum).
 */
#include "fuzz_util.h"
#include "parse.h"

static bool is_tree(const uint32_t *head, size_t n)
{
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        if (head[i] > n) return false;
        roots += head[i] == 0;
        uint32_t h = head[i];
        for (size_t steps = 0; h && steps <= n; steps++) h = head[h - 1];
        if (h) return false;
    }
    return n == 0 || roots == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ng_resources *res;
    static ng_pipeline *p;
    if (!res) {
        res = fuzz_open_resources("fuzz_parse", true);
        p = ng_pipeline_new(NULL, res);
        if (!p) abort();
    }
    char err[256] = "";
    ng_parse_model *m = ng_parse_open_memory(data, size, "fuzz.bin", err, sizeof err);
    if (!m && strncmp(err, "fuzz.bin: ", 10) != 0) abort();
    ng_parse_close(m);
    if (!ng_resources_has_parser(res)) return 0;
    ng_str *words = malloc((size + 1) * sizeof *words);
    uint8_t *upos = malloc(size + 1), *xpos = malloc(size + 1), *dep = malloc(size + 1);
    uint32_t *head = malloc((size + 1) * sizeof *head);
    if (!words || !upos || !xpos || !dep || !head) abort();
    size_t n = 0;
    for (size_t i = 0; i < size;) {
        while (i < size && (data[i] == ' ' || data[i] == '\n')) i++;
        size_t start = i;
        while (i < size && data[i] != ' ' && data[i] != '\n') i++;
        if (i > start) words[n++] = (ng_str){(const char *)data + start, i - start};
    }
    if (!ng_parse_words(p, words, n, upos, xpos, head, dep)) abort();
    if (!is_tree(head, n)) abort();
    for (size_t i = 0; i < n; i++)
        if (!ng_upos_name(upos[i]) || !ng_xpos_name(xpos[i]) || !ng_dep_name(dep[i])) abort();
    free(words), free(upos), free(xpos), free(dep), free(head);
    return 0;
}
