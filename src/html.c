/* html.c: STUB (to be replaced): strips tags, one block per line */
#include "internal.h"
const char *ng_read_html(ng_arena *a, const char *html, size_t len, const char *url, ng_article *art)
{
    (void)url;
    char *o = ng_alloc(a, len + 1);
    if (!o) return "out of memory";
    size_t n = 0; bool in_tag = false;
    for (size_t i = 0; i < len; i++) {
        if (html[i] == '<') in_tag = true;
        else if (html[i] == '>') in_tag = false;
        else if (!in_tag) o[n++] = html[i];
    }
    o[n] = 0;
    size_t s = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || o[i] == '\n') {
            if (i > s) ng_article_add_block(a, art, (ng_str){o + s, i - s}, NG_BLOCK_PARAGRAPH);
            s = i + 1;
        }
    return NULL;
}
