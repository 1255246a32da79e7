/*
 * junk.c: page furniture that content extraction lets through as text.
 *
 *   - Markup shown as text: a block that is an embed code ("<iframe
 *     src=... title=...>" written out on the page for readers to copy) is
 *     dropped; such a tag inside a block is cut out.
 *   - Data widgets: a run of many short lines that are labels and numbers
 *     ("Kolkata184", "Howrah79", "DistrictCases"), as a case tracker or a
 *     score table renders them, is dropped. Prose never looks like this:
 *     its blocks end in sentences and run longer than a few words.
 *
 * Both are judged from the text alone, so they apply to every page.
 * Linear in the text.
 */
#include "internal.h"

/* A widget run: at least this many short blocks in a row, at least
 * WIDGET_DIGIT_SHARE of them with a number. */
#define WIDGET_MIN_RUN 8
#define WIDGET_DIGIT_SHARE 0.7
#define SHORT_WORDS 6
#define SHORT_BYTES 60

static bool is_letter(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

/* Length of an HTML tag written out at s ("<iframe ...>", "</iframe>"),
 * else 0: '<', an optional '/', a tag name, then attributes up to '>'. */
static size_t tag_at(const char *s, size_t n)
{
    if (n < 3 || s[0] != '<') return 0;
    size_t i = 1 + (s[1] == '/');
    size_t name = i;
    while (i < n && is_letter(s[i])) i++;
    if (i - name < 2 && !(i - name == 1 && s[i] == '>')) return 0;
    if (i < n && s[i] != '>' && s[i] != ' ') return 0;
    bool attrs = false;
    for (; i < n && i < 4096; i++) {
        if (s[i] == '=') attrs = true;
        if (s[i] == '>') return (attrs || s[1] == '/' || i - name <= 10) ? i + 1 : 0;
        if (s[i] == '<' || s[i] == '\n') return 0;
    }
    return 0;
}

/* The block without the tags written in it; empty when it was only
 * tags. Tags are cut only when they carry attributes or close an element,
 * so "a <b> c" in prose about markup is kept unless it is all tags. */
static ng_str without_tags(ng_arena *a, ng_str t, bool *changed)
{
    *changed = false;
    size_t first = SIZE_MAX;
    for (size_t i = 0; i < t.len; i++)
        if (t.ptr[i] == '<' && tag_at(t.ptr + i, t.len - i)) { first = i; break; }
    if (first == SIZE_MAX) return t;
    char *out = ng_alloc(a, t.len + 1);
    if (!out) return t;
    size_t n = 0;
    for (size_t i = 0; i < t.len;) {
        size_t k = t.ptr[i] == '<' ? tag_at(t.ptr + i, t.len - i) : 0;
        if (k) { i += k; continue; }
        out[n++] = t.ptr[i++];
    }
    out[n] = '\0';
    *changed = true;
    size_t s = 0;
    while (s < n && (out[s] == ' ' || out[s] == '\n')) s++;
    while (n > s && (out[n - 1] == ' ' || out[n - 1] == '\n')) n--;
    return (ng_str){out + s, n - s};
}

static bool short_line(ng_str t)
{
    if (t.len > SHORT_BYTES) return false;
    size_t words = 0;
    for (size_t i = 0; i < t.len; i++) words += t.ptr[i] != ' ' && (i == 0 || t.ptr[i - 1] == ' ');
    char last = t.len ? t.ptr[t.len - 1] : 0;
    return words <= SHORT_WORDS && last != '.' && last != '?' && last != '!' && last != ':';
}

static bool has_digit(ng_str t)
{
    for (size_t i = 0; i < t.len; i++)
        if (t.ptr[i] >= '0' && t.ptr[i] <= '9') return true;
    return false;
}

void ng_drop_junk_blocks(ng_arena *a, ng_article *art)
{
    size_t n = art->blocks.len, w = 0;
    ng_block *b = art->blocks.items;
    for (size_t i = 0; i < n; i++) {
        bool changed;
        ng_str t = without_tags(a, b[i].text, &changed);
        if (changed && !t.len) continue;
        b[w] = b[i];
        b[w++].text = t;
    }
    n = w, w = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, digits = 0;
        while (j < n && short_line(b[j].text)) digits += has_digit(b[j].text), j++;
        size_t run = j - i;
        if (run >= WIDGET_MIN_RUN && (double)digits >= WIDGET_DIGIT_SHARE * (double)run) { i = j; continue; }
        if (run == 0) j = i + 1;
        for (; i < j; i++) b[w++] = b[i];
    }
    art->blocks.len = w;
}
