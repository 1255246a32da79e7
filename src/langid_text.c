/*
 * langid_text.c: what language identification reads of a text: the
 * script of each letter and the n-grams of the words (see langid.h). The
 * trainer (tools/train_langid.c) and the identifier both read text through
 * these, so a model always sees n-grams as they were counted.
 */
#include "internal.h"
#include "langid.h"

#include <utf8proc.h>

ng_script ng_script_of(uint32_t cp)
{
    if (cp < 0x80) return ((cp | 32) >= 'a' && (cp | 32) <= 'z') ? NG_SCRIPT_LATIN : NG_SCRIPT_NONE;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
    if (!letter) return NG_SCRIPT_NONE;
    if (cp <= 0x24F || (cp >= 0x1E00 && cp <= 0x1EFF)) return NG_SCRIPT_LATIN;
    if (cp >= 0x370 && cp <= 0x3FF) return NG_SCRIPT_GREEK;
    if (cp >= 0x1F00 && cp <= 0x1FFF) return NG_SCRIPT_GREEK;
    if (cp >= 0x400 && cp <= 0x52F) return NG_SCRIPT_CYRILLIC;
    if (cp >= 0x590 && cp <= 0x5FF) return NG_SCRIPT_HEBREW;
    if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF))
        return NG_SCRIPT_ARABIC;
    if (cp >= 0x900 && cp <= 0x97F) return NG_SCRIPT_DEVANAGARI;
    if (cp >= 0xE00 && cp <= 0xE7F) return NG_SCRIPT_THAI;
    if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
        return NG_SCRIPT_HANGUL;
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9D))
        return NG_SCRIPT_KANA;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF))
        return NG_SCRIPT_HAN;
    return NG_SCRIPT_OTHER;
}

/* FNV-1a over the UTF-8 bytes of cps[0..n). */
static uint32_t ngram_key(const uint32_t *cps, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        char b[4];
        size_t k = ng_utf8_encode(cps[i], b);
        for (size_t j = 0; j < k; j++) h = (h ^ (unsigned char)b[j]) * 16777619u;
    }
    return h;
}

/* Emits the n-grams ending at the newest code point of the window
 * win[0..have) (oldest first); a lone space is not an n-gram. */
static size_t emit_ending(const uint32_t *win, size_t have, ng_ngram_fn fn, void *ud)
{
    size_t n = 0;
    for (size_t len = 1; len <= have; len++) {
        if (len == 1 && win[have - 1] == ' ') continue;
        fn(ud, ngram_key(win + have - len, len));
        n++;
    }
    return n;
}

static void push(uint32_t *win, size_t *have, uint32_t cp)
{
    if (*have == 4) { memmove(win, win + 1, 3 * sizeof *win); *have = 3; }
    win[(*have)++] = cp;
}

size_t ng_langid_ngrams(const char *text, size_t len, ng_script script, size_t max_letters, ng_ngram_fn fn,
                        void *ud)
{
    uint32_t win[4];
    size_t have = 0, letters = 0, n = 0;
    bool in_word = false;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len && letters < max_letters;) {
        uint32_t cp;
        i += ng_utf8_decode(s + i, len - i, &cp);
        if (ng_script_of(cp) == script) {
            if (!in_word) { have = 0; push(win, &have, ' '); in_word = true; }
            push(win, &have, (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp));
            n += emit_ending(win, have, fn, ud);
            letters++;
        } else if (in_word && cp != '\'' && cp != 0x2019) {
            push(win, &have, ' ');
            n += emit_ending(win, have, fn, ud);
            in_word = false;
        }
    }
    if (in_word) {
        push(win, &have, ' ');
        n += emit_ending(win, have, fn, ud);
    }
    return n;
}

/* Whether a script writes words as runs of letters (counted per word)
 * or one word in one to three characters (counted per character). */
static bool counts_characters(ng_script s) { return s == NG_SCRIPT_HAN || s == NG_SCRIPT_KANA || s == NG_SCRIPT_HANGUL; }

ng_script ng_langid_script(const char *text, size_t len, size_t counts[NG_SCRIPT_COUNT])
{
    size_t own[NG_SCRIPT_COUNT] = {0};
    if (!counts) counts = own;
    memset(counts, 0, NG_SCRIPT_COUNT * sizeof *counts);
    const unsigned char *s = (const unsigned char *)text;
    ng_script prev = NG_SCRIPT_NONE;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += ng_utf8_decode(s + i, len - i, &cp);
        ng_script k = ng_script_of(cp);
        if (k != prev || counts_characters(k)) counts[k]++;
        prev = k;
    }
    /* Japanese mixes kana with Han, so the two count together as one
     * writing system. */
    size_t cjk = counts[NG_SCRIPT_HAN] + counts[NG_SCRIPT_KANA];
    ng_script best = NG_SCRIPT_NONE;
    size_t best_n = 0;
    for (int k = NG_SCRIPT_LATIN; k < NG_SCRIPT_COUNT; k++) {
        size_t n = k == NG_SCRIPT_KANA || k == NG_SCRIPT_HAN ? cjk : counts[k];
        if (n > best_n) best_n = n, best = (ng_script)k;
    }
    return best;
}

