/*
 * tone.c: the tone of a text in the sense of GDELT V1.5 tone.
 *
 * GDELT counts words: positive = 100 * positive words / all words,
 * negative = 100 * negative words / all words, tone = positive - negative,
 * polarity = positive + negative. A word is a word token of the record
 * (NG_TOK_WORD or NG_TOK_ABBREV; numbers, punctuation and URLs are not
 * words). Its polarity comes from the VADER lexicon (Hutto and Gilbert,
 * 2014; Apache-2.0 in the vader-sentiment package), reduced to plain words
 * and their sign in lexicons/tone.tsv and compiled into tone_lexicon.h by
 * tools/gen_lexicons.py. Only the sign is used: GDELT's densities count
 * words, they do not weigh them.
 *
 * Negation, simply: a lexicon word within the three words after a negator
 * ("not", "no", "never", "without", a word ending in n't...) counts with
 * the opposite polarity ("not good" is negative, "no problem" positive).
 * Punctuation ends a negation's reach, so "not, however, ..." stays
 * untouched past the comma. A negator is never itself a tone word (VADER
 * lists "no" as negative; as in VADER, "no problem" is not negative). VADER's other rules (intensifiers, "but",
 * capitals, exclamation marks) are left out: they weigh words, and here a
 * word either counts or does not.
 *
 * Lookup is one probe run in a static hash table generated with the word
 * list (half full, so runs are short), so the stage is linear in the
 * number of tokens and allocates nothing.
 */
#include "tone.h"
#include "lexicon.h"

#include <math.h>

#include "tone_lexicon.h"

#define WORD_MAX 32

static uint32_t fnv1a(const char *w, size_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 0x01000193u;
    return h;
}

static int lookup(const char *w, size_t n)
{
    for (uint32_t h = fnv1a(w, n) & (TONE_HASH_SIZE - 1);; h = (h + 1) & (TONE_HASH_SIZE - 1)) {
        unsigned slot = tone_hash[h];
        if (!slot) return 0;
        const struct tone_entry *e = &tone_table[slot - 1];
        if (e->len == n && !memcmp(e->word, w, n)) return e->polarity;
    }
}

int ng_tone_polarity(const char *word, size_t len)
{
    char buf[WORD_MAX];
    if (len + 1 > WORD_MAX) return 0;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return lookup(buf, len);
}

static bool is_negator(const char *w, size_t n)
{
    static const char *const negators[] = {"not", "no", "never", "without", "nor", "neither", "cannot",
                                           "nothing", "none", "nobody", "hardly", "barely", "isnt", "dont"};
    if (n > 3 && w[n - 1] == 't' && w[n - 2] == '\'' && w[n - 3] == 'n') return true;
    /* most words start with a letter no negator starts with */
    if (!strchr("nwchbid", w[0]) || n > 7) return false;
    return ng_lex_has(w, n, negators, NG_LEX_COUNT(negators));
}

const char *ng_tone_score(ng_arena *a, ng_record *rec, const ng_words *wl)
{
    ng_words own;
    if (!(wl = ng_words_given_or_built(a, rec, wl, &own))) return "out of memory";
    uint32_t words = 0, pos = 0, neg = 0;
    int negated = 0; /* words left in the current negation's reach */
    for (size_t i = 0; i < rec->n_tokens; i++) {
        const ng_token *t = &rec->tokens[i];
        if (t->kind != NG_TOK_WORD && t->kind != NG_TOK_ABBREV) {
            if (t->kind == NG_TOK_PUNCT) negated = 0;
            continue;
        }
        words++;
        /* The lexicon is ASCII: a longer or non-ASCII word is in no list. */
        size_t n;
        const char *w = ng_word_key(wl, i, &n);
        if (n + 1 > WORD_MAX || (wl->shape[i] & NG_SHAPE_NON_ASCII)) n = 0;
        int p = n ? lookup(w, n) : 0;
        if (negated > 0) {
            p = -p;
            negated--;
        }
        if (n && is_negator(w, n)) { negated = 3; p = 0; } /* VADER lists "no" as negative */
        if (p > 0) pos++;
        else if (p < 0) neg++;
    }
    ng_tone *tone = &rec->tone;
    tone->word_count = words;
    tone->positive = words ? 100.0 * pos / words : 0;
    tone->negative = words ? 100.0 * neg / words : 0;
    tone->score = tone->positive - tone->negative;
    tone->polarity = tone->positive + tone->negative;
    return NULL;
}

/* Four decimals: the densities are ratios of small integers, more digits
 * would only show binary noise. */
static double round4(double v) { return round(v * 1e4) / 1e4 + 0.0; }

void ng_tone_json(ng_buf *b, const ng_record *r)
{
    const ng_tone *t = &r->tone;
    ng_buf_printf(b, ",\"tone\":{\"score\":%.10g,\"positive\":%.10g,\"negative\":%.10g,\"polarity\":%.10g,\"word_count\":%u}",
                  round4(t->score), round4(t->positive), round4(t->negative), round4(t->polarity), t->word_count);
}

static const char *score_tone(ng_stage_ctx *stage)
{
    return ng_tone_score(stage->arena, stage->rec, stage->words);
}

const ng_stage ng_stage_tone = {"tone", score_tone, ng_tone_json};
