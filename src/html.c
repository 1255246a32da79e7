/* html.c: STUB (to be replaced by the HTML5 tokenizer and tree builder).
 * This stub makes one text node per run of text outside tags. */
#include "dom.h"

ng_tag ng_tag_lookup(const char *name, size_t len) { (void)name; (void)len; return NG_TAG_OTHER; }

ng_str ng_node_attr(const ng_node *n, const char *name)
{
    for (uint32_t i = 0; i < n->n_attrs; i++)
        if (!strcmp(n->attrs[i].name.ptr, name)) return n->attrs[i].value;
    return (ng_str){NULL, 0};
}

ng_node *ng_dom_next(const ng_node *root, const ng_node *n, bool skip_children)
{
    if (!skip_children && n->first_child) return n->first_child;
    while (n && n != root) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

ng_str ng_node_text(ng_arena *a, const ng_node *n)
{
    ng_buf b = {0};
    for (const ng_node *c = n; c; c = ng_dom_next(n, c, false))
        if (c->type == NG_NODE_TEXT) ng_buf_put(&b, c->text.ptr, c->text.len);
    ng_str s = ng_strndup(a, b.data ? b.data : "", b.len);
    ng_buf_free(&b);
    return s;
}

const char *ng_html_parse(ng_arena *a, const char *html, size_t len, ng_dom *out)
{
    ng_node *root = ng_calloc(a, 1, sizeof *root);
    if (!root) return "out of memory";
    root->type = NG_NODE_DOCUMENT;
    memset(out, 0, sizeof *out);
    out->root = root;
    size_t i = 0;
    while (i < len) {
        if (html[i] == '<') { while (i < len && html[i] != '>') i++; i++; continue; }
        size_t s = i;
        while (i < len && html[i] != '<') i++;
        ng_node *t = ng_calloc(a, 1, sizeof *t);
        if (!t) return "out of memory";
        t->type = NG_NODE_TEXT;
        t->text = ng_strndup(a, html + s, i - s);
        t->parent = root;
        t->prev = root->last_child;
        if (root->last_child) root->last_child->next = t; else root->first_child = t;
        root->last_child = t;
        out->n_nodes++;
    }
    return NULL;
}
