/*
 * fuzz_html.c: libFuzzer target for the HTML parser.
 *
 * The input is first made valid UTF-8 without NULs (what the encoding
 * stage guarantees), then parsed, and the whole tree is checked, not
 * just memory safety: every link agrees with its inverse (parent/child,
 * prev/next, first/last), depths are parent + 1 and within the cap,
 * n_nodes is the number of nodes reached, html/head/body are where they
 * belong, text is valid UTF-8 and NUL-terminated, names are lowercase.
 * A violation aborts. A small arena limit makes out-of-memory paths run too.
 */
#include "dom.h"

#include <stdlib.h>

static void check_tree(const ng_dom *d)
{
    const ng_node *root = d->root;
    if (!root || root->type != NG_NODE_DOCUMENT || root->parent || root->depth) abort();
    size_t count = 0;
    for (const ng_node *n = root; n; n = ng_dom_next(root, n, false)) {
        count++;
        if (n->depth > NG_DOM_MAX_DEPTH) abort();
        if (n != root) {
            if (!n->parent || n->depth != n->parent->depth + 1) abort();
            if (n->prev ? n->prev->next != n : n->parent->first_child != n) abort();
            if (n->next ? n->next->prev != n : n->parent->last_child != n) abort();
            if (n->prev && n->prev->parent != n->parent) abort();
            if (n->parent->type == NG_NODE_TEXT) abort();
        }
        if (!n->first_child != !n->last_child) abort();
        if (n->type == NG_NODE_TEXT) {
            if (n->first_child || !n->text.ptr || !n->text.len) abort();
            if (n->text.ptr[n->text.len] != '\0' || !ng_utf8_valid(n->text.ptr, n->text.len)) abort();
            /* adjacent text is merged */
            if (n->next && n->next->type == NG_NODE_TEXT) abort();
        } else if (n->type == NG_NODE_ELEMENT) {
            if (n->tag >= NG_TAG_COUNT || !n->name.ptr || !n->name.len || n->name.ptr[n->name.len]) abort();
            for (size_t i = 0; i < n->name.len; i++)
                if (n->name.ptr[i] >= 'A' && n->name.ptr[i] <= 'Z') abort();
            if (ng_tag_lookup(n->name.ptr, n->name.len) != n->tag) abort();
            for (uint32_t i = 0; i < n->n_attrs; i++) {
                const ng_attr *at = &n->attrs[i];
                if (!at->name.ptr || !at->value.ptr || at->value.ptr[at->value.len]) abort();
                if (!ng_utf8_valid(at->value.ptr, at->value.len)) abort();
                if (ng_node_attr(n, at->name.ptr).ptr != at->value.ptr) abort(); /* first wins, no duplicates */
            }
        } else if (n->type != NG_NODE_DOCUMENT || n != root) {
            abort();
        }
    }
    if (count != d->n_nodes) abort();
    if (!d->html || d->html->parent != root || d->html->tag != NG_TAG_HTML) abort();
    if (!d->head || d->head->parent != d->html || !d->body || d->body->parent != d->html) abort();
    if (d->body->tag != NG_TAG_BODY || d->head->tag != NG_TAG_HEAD) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size * 3 + 1);
    if (!buf) return 0;
    size_t n = ng_utf8_repair(data, size, buf);
    ng_arena a;
    ng_arena_init(&a, (size_t)64 << 20);
    ng_dom d;
    const char *err = ng_html_parse(&a, buf, n, &d);
    if (!err) {
        check_tree(&d);
        ng_str t = ng_node_text(&a, d.root);
        if (t.ptr && !ng_utf8_valid(t.ptr, t.len)) abort();
    }
    ng_arena_reset(&a);
    /* and once with little memory, where the parser must fail cleanly */
    ng_arena small;
    ng_arena_init(&small, 64 << 10);
    err = ng_html_parse(&small, buf, n, &d);
    if (!err) check_tree(&d);
    ng_arena_free(&small);
    ng_arena_free(&a);
    free(buf);
    return 0;
}
