/* plaintext.c: STUB (to be replaced): one block per blank-line paragraph */
#include "internal.h"
const char *ng_read_text(ng_arena *a, const char *text, size_t len, ng_article *art)
{
    size_t s = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || (text[i] == '\n' && i + 1 < len && text[i + 1] == '\n')) {
            if (i > s) ng_article_add_block(a, art, (ng_str){text + s, i - s}, NG_BLOCK_PARAGRAPH);
            s = i + 1;
        }
    return NULL;
}
