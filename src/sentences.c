/* sentences.c: STUB (to be replaced): one sentence per paragraph */
#include "internal.h"
size_t ng_split_sentences(ng_arena *a, const char *text, size_t len, const ng_token *tokens, size_t n_tokens, ng_span **out)
{
    (void)text; (void)len;
    NG_VEC(ng_span) v = {0};
    for (size_t i = 0; i < n_tokens; i++) {
        if (v.len && tokens[i].start <= v.items[v.len - 1].end + 2 && !(i && tokens[i].bstart >= 2 && text[tokens[i].bstart - 1] == '\n')) {
            v.items[v.len - 1].end = tokens[i].end;
        } else {
            ng_span s = {tokens[i].start, tokens[i].end};
            NG_VEC_PUSH(a, &v, s);
        }
    }
    *out = v.items;
    return v.len;
}
