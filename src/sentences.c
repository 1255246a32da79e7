/*
 * sentences.c: sentence boundaries over the tokens of a text.
 *
 * Works on tokens, not characters: the tokenizer has already decided
 * which periods belong to abbreviations, numbers and URLs, so a sentence
 * can only end at a terminal punctuation token (. ! ? … and their
 * equivalents in other scripts) or after an abbreviation, and at every
 * line break (blocks hold one paragraph, and a single '\n' inside one
 * separates lines such as a poem's; a sentence never spans them).
 *
 * At a candidate end, further terminal marks ("?!") and closing quotes or
 * brackets written right after it (no space) join the sentence, so
 * `... he said.” The` keeps its quote. Then the next token decides:
 *   - after . ! ? …: split if it starts with an upper-case letter, a digit,
 *     a letter of a script without case, an opening quote or bracket, or
 *     looks like "iPhone"; a lower-case word means the sentence goes on
 *     (`“Hello!” she said.`);
 *   - after CJK and other scripts' full stops: always split;
 *   - after an abbreviation it depends on the abbreviation. Titles
 *     ("Dr.", "Gen.") and "e.g."/"vs." never end a sentence; "No.",
 *     "Jan.", "Fig." do not before a number; the others (acronyms such as
 *     "U.S." and "p.m.", initials, "Inc.", "etc.") end one only before a
 *     word that commonly starts sentences ("The", "He", "But"...) or an
 *     opening quote. Which abbreviations bind and which precede
 *     numbers is recorded in abbrev.c, beside the tokenizer's list.
 */
#include "internal.h"
#include "lexicon.h"

#include <utf8proc.h>

/* Words that often start a sentence and rarely follow an acronym or an
 * initial inside one ("the U.S. Army", "John F. Kennedy"). */
static const char *const starters[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their", "Our",
    "My", "Your", "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "So", "Yet",
    "In", "On", "At", "For", "From", "With", "By", "As", "After", "Before", "When", "While", "Where",
    "If", "Although", "Though", "Because", "Since", "However", "Meanwhile", "Moreover", "Still", "Also",
    "Now", "Then", "Today", "Yesterday", "Last", "Earlier", "Later", "Some", "Many", "Most", "All",
    "Both", "Each", "No", "One", "Two", "Mr", "Mrs", "Ms", "Dr", "Officials", "Police", "According",
    "What", "Why", "How", "Who", "Which", "During", "Despite", "Instead", "Such", "Not", "Even", "Only",
    "Another", "Other", "Thus", "Indeed", "Nevertheless", "Asked", "Under", "Over", "Until", "Once",
    "Several", "Few", "Neither", "Nor", "Our", "Let", "Do", "Did", "Does", "Is", "Are", "Was", "Were",
};

typedef struct sp {
    const char *text;
    size_t len;
    const ng_token *tok;
    size_t n;
} sp;

static uint32_t first_cp(const sp *x, const ng_token *t, size_t *l)
{
    uint32_t cp;
    *l = ng_utf8_decode((const unsigned char *)x->text + t->bstart, t->bend - t->bstart, &cp);
    return cp;
}

/* A token that ends a sentence by itself: 1 = if the next token agrees,
 * 2 = always (scripts without case), 0 = not terminal. */
static int terminal(const sp *x, const ng_token *t)
{
    if (t->kind != NG_TOK_PUNCT) return 0;
    size_t l;
    uint32_t cp = first_cp(x, t, &l);
    switch (cp) {
    case '.': case '!': case '?': case 0x2026: case 0x203C: case 0x2047: case 0x2048: case 0x2049:
        return 1;
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: case 0xFF61: case 0x0964: case 0x0965:
    case 0x061F: case 0x06D4: case 0x1362: case 0x0589: case 0x1367: case 0x104A: case 0x104B:
        return 2;
    default:
        return 0;
    }
}

static bool is_closer(const sp *x, const ng_token *t)
{
    if (t->kind == NG_TOK_QUOTE) return true;
    if (t->kind != NG_TOK_PUNCT) return false;
    size_t l;
    uint32_t cp = first_cp(x, t, &l);
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_PE;
}

/* Whether the token after a sentence-final mark starts a new sentence. */
static bool starts_sentence(const sp *x, const ng_token *t)
{
    if (t->kind == NG_TOK_QUOTE) return true; /* not attached, so opening */
    size_t l;
    uint32_t cp = first_cp(x, t, &l);
    if (cp < 0x80) {
        if (cp - '0' < 10u || cp - 'A' < 26u || cp == '(' || cp == '[') return true;
        if (cp - 'a' < 26u && t->bstart + l < t->bend) { /* "iPhone", "eBay" */
            unsigned c2 = (unsigned char)x->text[t->bstart + 1];
            return c2 - 'A' < 26u;
        }
        return t->kind == NG_TOK_NUMBER;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PI:
        return true;
    default:
        return t->kind == NG_TOK_NUMBER;
    }
}

/* Whether the abbreviation `a` ends the sentence before token `next`. */
static bool abbrev_ends(const sp *x, const ng_token *a, const ng_token *next)
{
    const char *w = x->text + a->bstart;
    size_t n = a->bend - a->bstart;
    if (n > 1 && w[n - 1] == '.') n--;
    unsigned flags = ng_abbrev_flags(w, n);
    if (flags & NG_ABBR_BINDING) return false;
    if (next->kind == NG_TOK_NUMBER && (flags & NG_ABBR_BEFORE_NUMBER)) return false;
    if (next->kind == NG_TOK_QUOTE) return true;
    return next->kind == NG_TOK_WORD &&
           ng_lex_has(x->text + next->bstart, next->bend - next->bstart, starters, NG_LEX_COUNT(starters));
}

/* True if a line break lies between tokens a and b. */
static bool line_break(const sp *x, const ng_token *a, const ng_token *b)
{
    for (uint32_t p = a->bend; p < b->bstart; p++)
        if (x->text[p] == '\n') return true;
    return false;
}

size_t ng_split_sentences(ng_arena *a, const char *text, size_t len, const ng_token *tokens, size_t n_tokens,
                          ng_span **out)
{
    sp x = {text, len, tokens, n_tokens};
    NG_VEC(ng_span) v = {0};
    *out = NULL;
    /* about one sentence per 15 tokens in news prose */
    if (n_tokens && !ng_vec_reserve(a, (void **)&v.items, &v.cap, n_tokens / 12 + 4, sizeof *v.items)) return 0;
    size_t first = 0;
    for (size_t i = 0; i < n_tokens; i++) {
        const ng_token *t = &tokens[i];
        if (t->bend > len) break; /* tokens of some other text: stop rather than read past it */
        if (i > first && line_break(&x, &tokens[i - 1], t)) {
            ng_span s = {tokens[first].start, tokens[i - 1].end};
            if (!NG_VEC_PUSH(a, &v, s)) break;
            first = i;
        }
        int term = terminal(&x, t);
        if (!term && t->kind != NG_TOK_ABBREV) continue;
        size_t j = i;
        const ng_token *last_mark = t;
        while (j + 1 < n_tokens && tokens[j + 1].bstart == tokens[j].bend && tokens[j + 1].bend <= len) {
            int tj = terminal(&x, &tokens[j + 1]);
            if (tj) {
                if (tj > term) term = tj;
                last_mark = &tokens[j + 1];
            } else if (!is_closer(&x, &tokens[j + 1])) {
                break;
            }
            j++;
        }
        bool split;
        if (j + 1 >= n_tokens || tokens[j + 1].bend > len || line_break(&x, &tokens[j], &tokens[j + 1])) split = true;
        else if (term == 2) split = true;
        else if (last_mark->kind == NG_TOK_ABBREV) split = abbrev_ends(&x, last_mark, &tokens[j + 1]);
        else split = starts_sentence(&x, &tokens[j + 1]);
        if (split) {
            ng_span s = {tokens[first].start, tokens[j].end};
            if (!NG_VEC_PUSH(a, &v, s)) break;
            first = j + 1;
        }
        i = j;
    }
    if (first < n_tokens && tokens[n_tokens - 1].bend <= len) {
        ng_span s = {tokens[first].start, tokens[n_tokens - 1].end};
        NG_VEC_PUSH(a, &v, s);
    }
    *out = v.items;
    return v.len;
}
