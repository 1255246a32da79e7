/* content.c: STUB (to be replaced by main-content extraction). */
#include "dom.h"

const char *ng_read_html(ng_arena *a, const char *html, size_t len, const char *url, ng_article *art)
{
    ng_dom dom;
    const char *err = ng_html_parse(a, html, len, &dom);
    if (err) return err;
    if ((err = ng_html_metadata(a, &dom, url, art))) return err;
    for (ng_node *n = dom.root; n; n = ng_dom_next(dom.root, n, false))
        if (n->type == NG_NODE_TEXT) ng_article_add_block(a, art, n->text, NG_BLOCK_PARAGRAPH);
    return NULL;
}
