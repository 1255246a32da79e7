/*
 * quotes.c: direct quotes, indirect attributions and their speakers.
 *
 * Works on the tokens, sentences and paragraphs of a record, in passes
 * that each visit every token a bounded number of times, so the stage is
 * linear in the text (no regular expressions, no backtracking).
 *
 * 1. Direct quotes. Double quotation marks (straight, curly, guillemets)
 *    are paired left to right. Whether a mark opens or closes comes from
 *    its flanks (space or start before it: opens; space, punctuation or end
 *    after it: closes), then from its shape, so a straight quote and a
 *    curly quote typed the wrong way round still pair. Single quotes are
 *    left alone: inside a double quote they are nested quotes, elsewhere
 *    they are far more often apostrophes and scare quotes. A quote still
 *    open at the end of a paragraph continues when the next paragraph
 *    starts with an opening mark (the news convention for long quotes);
 *    each paragraph's piece becomes its own entry. Otherwise it is kept
 *    only when it started the paragraph or followed ':' or ',' (a missing
 *    closing mark), else dropped as a stray mark.
 *
 *    A quote led into by the writer's own words in the sentence ("called
 *    it "a disaster"") is marked partial. Short quotes without a cue and
 *    titles in marks ("Good Morning America") are not quotes of anyone.
 *
 * 2. Cues and speakers of direct quotes. The cue is looked for right
 *    after the closing mark ("...," Zelensky said) when the quote ends with
 *    a comma, '?' or '!' or is followed by one, else before the opening
 *    mark within the sentence (Zelensky said: "..."), or at the end of the
 *    previous paragraph when that ends with ':', then on the other side
 *    (never past a quote's own full stop or its paragraph). Cues come from
 *    lexicons/verbs.tsv (the verbs) and lexicons/cues.tsv (the others),
 *    compiled into cues_table.h by `make lexicons` and looked up once per
 *    token. The speaker is the noun phrase before the cue (skipping "has",
 *    "also", "on Tuesday"), or after it ("said Zelensky"); appositives
 *    give the name ("X, the SBU spokesman, said", "her adviser, Jake
 *    Sullivan, said"); a participle ("..., saying") takes the sentence's
 *    subject. Without a cue, a quote takes the previous quote's speaker
 *    when it continues it or comes right after it (same or next
 *    paragraph): a speaker stays until another is named.
 *
 * 3. Indirect attributions without quotation marks, every cue of a
 *    sentence that a whole direct quote did not take:
 *    "X said (that) CLAUSE", "X, who ..., said CLAUSE", "CLAUSE, X said",
 *    "CLAUSE, said X", "According to X, CLAUSE", "CLAUSE, according to X",
 *    "X ... and said CLAUSE", "..., adding that CLAUSE" (the speaker of the
 *    sentence's earlier attribution), "Asked about X," (a question, no
 *    speaker). Clauses nest: "Aides say the senator believes the bill will
 *    pass" gives two. A subject may end in prepositional phrases or be a
 *    share ("Some delegates at the convention said", "Six in 10 say"); its
 *    head is the speaker. Base forms of cue verbs ("think", "argue") count
 *    only where a verb stands: after a subject pronoun, a plural noun, a
 *    modal or auxiliary, or "to". The content never covers a whole direct
 *    quote. Negated cues ("did not say") report nothing.
 *
 * Direct and indirect attributions are found in one pass in text order,
 * sentence by sentence, so a pronoun sees every speaker named before it.
 *
 * 4. Speakers are classified as names, descriptions (a determiner or a
 *    lower-case head: "the SBU spokesman") or pronouns. A pronoun takes the
 *    nearest earlier fitting speaker or tagged mention: he/she a person
 *    (a tagged PER, or an untagged name or lower-case description), it an
 *    organisation (a tagged ORG, or "the" + capitalised head), they
 *    anyone. Types come from rec->entities or the tagger's mentions when
 *    present. Links to entities go through mention overlap, then a name or
 *    alias equal to the speaker's last capitalised word; a description
 *    links to the organisation named inside it.
 *
 * Hedges ("claims", "according to", "purportedly") are recorded so later
 * stages can keep the writer's distance from the claim; every indirect
 * attribution says what it reports (speech, a belief, a document's finding).
 *
 * Precision guards: "she"/"he" take only a person of that gender or of none
 * known (titles, gendered nouns, given names, per entity); names in photo
 * captions are no antecedents; a quote without a cue does not continue a
 * speaker across another speaker's statement; headline-case quotes without
 * a cue (related links, player titles) are nobody's; a cue form after a
 * determiner or possessive is a noun ("the claim"); finding verbs ("shows",
 * "found") report only after a word for a document or before "that".
 */
#include "quotes.h"
#include "lexicon.h"

#include <utf8proc.h>

typedef enum { NG_CUE_VERB, NG_CUE_SOURCE_AFTER, NG_CUE_HEDGE_ADVERB } ng_cue_kind;
enum { NG_CUE_HEDGE = 1, NG_CUE_OBJECT = 2, NG_CUE_BELIEF = 4, NG_CUE_CONTINUE = 8, NG_CUE_FINDING = 16, NG_CUE_BASE = 32 };
typedef struct ng_cue_entry {
    const char *form, *lemma;
    int kind, flags;
} ng_cue_entry;
#include "cues_table.h"

#define MAX_NP 10        /* tokens in a speaker noun phrase */
#define LEFT_CUE_GAP 12  /* most tokens between a cue and the opening mark after it */
#define RIGHT_WINDOW 30  /* tokens after a closing mark searched for the cue */
#define LEFT_WINDOW 30   /* tokens before an opening mark searched for the cue */

typedef struct quote_piece {
    size_t open, close;  /* token indexes of the marks (close == n: none) */
    size_t first, last;  /* content tokens [first, last] */
    bool cont_prev, cont_next;
} quote_piece;

typedef NG_VEC(quote_piece) piece_vec;

typedef struct span_t {
    size_t a, b; /* tokens [a, b); empty when a == b */
} tspan;

/* A last word of an entity's name, or an alias, and the first entity
 * (PER, ORG or NORP) that has it. */
typedef struct name_slot {
    ng_str key; /* ptr NULL: empty */
    uint32_t id;
} name_slot;

typedef struct ctx {
    ng_arena *arena;   /* the record's: what the quotes keep */
    ng_arena *scratch; /* the stage's working memory, freed at its end */
    ng_record *rec;
    const char *s;
    const ng_token *t;
    size_t n;
    uint32_t *para;  /* paragraph of each token */
    uint32_t *sent;  /* sentence of each token */
    uint32_t *ent;   /* entity id of each token (0: none) */
    uint8_t *ne;     /* ng_ne_type of each token, from entities or tagger mentions */
    const ng_cue_entry **cue; /* the cue starting at each token, or NULL */
    uint8_t *cue_n;           /* its length in tokens */
    NG_VEC(ng_quote) out;
    NG_VEC(bool) cont_next; /* parallel to out: the quote goes on in the next paragraph */
    name_slot *names;       /* open addressing, names_mask + 1 slots; NULL without entities */
    size_t names_mask;
    /* the last speaker named (not a pronoun), for pronouns */
    struct antecedent { ng_str name; ng_span span; uint32_t entity; char gender; } last_org, last_any;
    struct antecedent persons[4]; /* the latest person-like speakers, newest first */
    const uint8_t *in_quote; /* per token: inside a direct quote's marks */
    uint8_t *whole;          /* per token: inside a whole (not partial) direct quote's marks */
    uint8_t *cue_used;       /* per token: the cue of an attribution already found */
    uint8_t *caption;        /* per paragraph: a photo caption (has a photo credit) */
    char *ent_gender;        /* per entity id: 'f', 'm' or 0, from titles and given names */
} ctx;

/* ---- token helpers ---------------------------------------------------- */

static const char *tok_ptr(const ctx *c, size_t i) { return c->s + c->t[i].bstart; }
static size_t tok_len(const ctx *c, size_t i) { return c->t[i].bend - c->t[i].bstart; }

static bool is_word(const ctx *c, size_t i)
{
    return i < c->n && (c->t[i].kind == NG_TOK_WORD || c->t[i].kind == NG_TOK_ABBREV);
}

static bool tok_is(const ctx *c, size_t i, const char *w)
{
    if (i >= c->n) return false;
    char first = tok_ptr(c, i)[0];
    if (first >= 'A' && first <= 'Z') first = (char)(first - 'A' + 'a');
    if (first != w[0]) return false; /* most calls end here, before strlen */
    size_t n = tok_len(c, i), k = strlen(w);
    if (n != k) return false;
    const char *p = tok_ptr(c, i);
    for (size_t j = 0; j < n; j++) {
        char ch = p[j];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if (ch != w[j]) return false;
    }
    return true;
}

/* Token i, ASCII-lowercased, is one of the NULL-terminated lowercase list. */
static bool tok_in(const ctx *c, size_t i, const char *const *list)
{
    return i < c->n && ng_lex_has_ci(tok_ptr(c, i), tok_len(c, i), list, NG_LEX_UNTIL_NULL);
}

static bool tok_punct(const ctx *c, size_t i, char ch)
{
    return i < c->n && c->t[i].kind == NG_TOK_PUNCT && tok_len(c, i) == 1 && tok_ptr(c, i)[0] == ch;
}

static bool is_dash(const ctx *c, size_t i)
{
    if (i >= c->n || c->t[i].kind != NG_TOK_PUNCT) return false;
    const char *p = tok_ptr(c, i);
    size_t n = tok_len(c, i);
    /* -, em dash, en dash, horizontal bar (the attribution dash: "..." ― Name) */
    return (n == 1 && p[0] == '-') || (n == 3 && (!memcmp(p, "\xE2\x80\x94", 3) || !memcmp(p, "\xE2\x80\x93", 3) ||
                                                  !memcmp(p, "\xE2\x80\x95", 3)));
}

static bool tok_punct(const ctx *c, size_t i, char ch);

/* ., !, ?, ; and … end the window of a cue search; but a full stop right
 * before a comma or a closing parenthesis ends an abbreviation, not a
 * sentence ("Mitch McConnell, R-Ky., said", "(D-Md.) said"). */
static bool is_stop_punct(const ctx *c, size_t i)
{
    if (i >= c->n || c->t[i].kind != NG_TOK_PUNCT) return false;
    const char *p = tok_ptr(c, i);
    size_t n = tok_len(c, i);
    if (n == 1 && p[0] == '.' && (tok_punct(c, i + 1, ',') || tok_punct(c, i + 1, ')'))) return false;
    if (n == 1) return p[0] == '.' || p[0] == '!' || p[0] == '?' || p[0] == ';';
    return n == 3 && !memcmp(p, "\xE2\x80\xA6", 3);
}

static bool is_cap(const ctx *c, size_t i)
{
    if (!is_word(c, i)) return false;
    uint32_t cp;
    ng_utf8_decode((const unsigned char *)tok_ptr(c, i), tok_len(c, i), &cp);
    return utf8proc_isupper((utf8proc_int32_t)cp);
}

/* Token i is an apostrophe glued to the apostrophe before it. */
static bool second_apostrophe(const ctx *c, size_t i)
{
    return i > 0 && i < c->n && c->t[i].kind == NG_TOK_QUOTE && c->t[i - 1].kind == NG_TOK_QUOTE &&
           c->t[i - 1].bend == c->t[i].bstart && c->s[c->t[i].bstart] == '\'' && c->s[c->t[i - 1].bstart] == '\'';
}

/* Tokens a double mark at i takes: 2 for two apostrophes ('' in the
 * typewriter style of some archives: ''It has virtue,'' he said), else 1. */
static size_t mark_len(const ctx *c, size_t i) { return second_apostrophe(c, i + 1) && !second_apostrophe(c, i) ? 2 : 1; }

/* Quotation marks: 'o' opens, 'c' closes, 'e' either (straight), 0 not a
 * double quotation mark. */
static char dquote_shape(const ctx *c, size_t i)
{
    if (i >= c->n || c->t[i].kind != NG_TOK_QUOTE) return 0;
    if (c->s[c->t[i].bstart] == '\'') return mark_len(c, i) == 2 ? 'e' : 0;
    uint32_t cp;
    ng_utf8_decode((const unsigned char *)tok_ptr(c, i), tok_len(c, i), &cp);
    switch (cp) {
    case 0x22: case 0xFF02: return 'e';
    case 0x201C: case 0x201E: case 0xAB: return 'o';
    case 0x201D: case 0xBB: return 'c';
    default: return 0;
    }
}

static bool space_at(const ctx *c, size_t byte)
{
    if (byte >= c->rec->text.len) return true;
    char ch = c->s[byte];
    return ch == ' ' || ch == '\n';
}

/* Decides whether the double mark at token i opens (true) or closes. */
static bool mark_opens(const ctx *c, size_t i, bool open_now)
{
    const ng_token *k = &c->t[i];
    size_t after = i + mark_len(c, i); /* the token after the mark */
    bool space_before = k->bstart == 0 || space_at(c, k->bstart - 1);
    bool space_after = space_at(c, c->t[after - 1].bend);
    bool punct_after = after < c->n && c->t[after].bstart == c->t[after - 1].bend && c->t[after].kind == NG_TOK_PUNCT &&
                       !is_dash(c, after) && !tok_punct(c, after, '(');
    bool punct_before = i > 0 && c->t[i - 1].bend == k->bstart && c->t[i - 1].kind == NG_TOK_PUNCT;
    if (space_before && !space_after) return true;
    if ((space_after || punct_after) && !space_before) return false;
    if (punct_before && !space_after && !open_now) return true; /* (“quoted”) or —“ */
    char shape = dquote_shape(c, i);
    if (shape == 'o') return true;
    if (shape == 'c') return false;
    return !open_now;
}

/* ---- cue lexicon ------------------------------------------------------ */

/* Compares token i (ASCII-lowercased) with the first word of form. */
static int cmp_first_word(const ctx *c, size_t i, const char *form)
{
    const char *p = tok_ptr(c, i);
    size_t n = tok_len(c, i), j = 0;
    for (; j < n; j++) {
        unsigned char a = (unsigned char)p[j];
        if (a >= 'A' && a <= 'Z') a = (unsigned char)(a - 'A' + 'a');
        unsigned char b = (unsigned char)(form[j] == ' ' ? 0 : form[j]);
        if (a != b) return a < b ? -1 : 1;
    }
    return (form[j] == '\0' || form[j] == ' ') ? 0 : -1;
}

/* The longest cue starting at token i, or NULL; *ntok gets its length.
 * Searches the entries of the token's initial letter only. */
static const ng_cue_entry *lookup_cue(const ctx *c, size_t i, size_t *ntok)
{
    *ntok = 0;
    if (!is_word(c, i)) return NULL;
    unsigned char initial = (unsigned char)tok_ptr(c, i)[0];
    if (initial >= 'A' && initial <= 'Z') initial = (unsigned char)(initial - 'A' + 'a');
    if (initial < 'a' || initial > 'z' || tok_len(c, i) < 2 || tok_len(c, i) > 16) return NULL;
    unsigned char second = (unsigned char)tok_ptr(c, i)[1];
    if (second >= 'A' && second <= 'Z') second = (unsigned char)(second - 'A' + 'a');
    if (second < 'a' || second > 'z' || !(ng_cue_second[initial - 'a'] >> (second - 'a') & 1)) return NULL;
    size_t lo = ng_cue_letter[initial - 'a'], hi = ng_cue_letter[initial - 'a' + 1];
    const size_t end = hi;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_first_word(c, i, ng_cues[mid].form) > 0) lo = mid + 1;
        else hi = mid;
    }
    const ng_cue_entry *best = NULL;
    size_t best_n = 0;
    for (size_t k = lo; k < end && cmp_first_word(c, i, ng_cues[k].form) == 0; k++) {
        /* match the remaining words of the form */
        const char *f = strchr(ng_cues[k].form, ' ');
        size_t m = 1;
        bool ok = true;
        while (f && ok) {
            f++;
            const char *e = strchr(f, ' ');
            size_t wl = e ? (size_t)(e - f) : strlen(f);
            size_t j = i + m;
            if (!is_word(c, j) || tok_len(c, j) != wl) ok = false;
            else
                for (size_t q = 0; q < wl && ok; q++) {
                    char ch = tok_ptr(c, j)[q];
                    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
                    if (ch != f[q]) ok = false;
                }
            m++;
            f = e;
        }
        if (ok && m > best_n) { best = &ng_cues[k]; best_n = m; }
    }
    *ntok = best_n;
    return best;
}

/* Token i, a cue verb's form, reads as a noun here: right after a
 * determiner, a possessive or an adjective of claims ("the claim", "Trump's
 * claims", "false claims"). */
static bool noun_reading(const ctx *c, size_t i)
{
    static const char *const before_noun[] = {
        "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those", "such",
        "many", "some", "no", "any", "false", "unfounded", "baseless", "dubious", "unsubstantiated", "wild",
        "repeated", "similar", "earlier", "recent", "previous", "conflicting", "competing", "new", NULL};
    static const char *const counting[] = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                           "several", "both", "other", NULL};
    if (i == 0 || c->t[i - 1].bend + 1 < c->t[i].bstart) return false;
    if (c->t[i - 1].kind == NG_TOK_POSSESSIVE) return true;
    bool plural = tok_ptr(c, i)[tok_len(c, i) - 1] == 's';
    /* "in 50 states", "two reports"; not "52 percent say" */
    if (plural && (c->t[i - 1].kind == NG_TOK_NUMBER || tok_in(c, i - 1, counting))) return true;
    return is_word(c, i - 1) && tok_in(c, i - 1, before_noun);
}

/* A base form at token i stands where a verb does: after a subject
 * pronoun ("they believe"), a plural noun ("critics argue", "52 percent
 * think"), a modal or auxiliary ("would argue", "don't think") or "to"
 * ("wants to insist"), adverbs between them skipped. Elsewhere such forms
 * are mostly nouns or imperatives ("Respond here", "a reckon"). */
static bool adverb(const ctx *c, size_t i);

static bool verb_position(const ctx *c, size_t i)
{
    static const char *const before_verb[] = {
        "i", "we", "they", "you", "to", "do", "did", "does", "don't", "didn't", "doesn't", "don’t", "didn’t",
        "doesn’t", "would", "will", "could", "can", "should", "may", "might", "must", "also", "still", "who",
        "percent", "people", "many", "most", "some", "others", "few", "both", "n't", "wouldn't", "won't",
        "wouldn’t", "won’t", "not", NULL};
    size_t j = i;
    while (j > 0 && i - j < 3 && is_word(c, j - 1) && adverb(c, j - 1)) j--;
    if (j == 0 || !is_word(c, j - 1)) return false;
    if (tok_in(c, j - 1, before_verb)) return true;
    /* a plural noun: "officials", "Democrats"; not "is", "was", "this" */
    size_t n = tok_len(c, j - 1);
    const char *w = tok_ptr(c, j - 1);
    return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i';
}

/* The cue at token i, from the table filled once per record. */
static const ng_cue_entry *cue_at(const ctx *c, size_t i, size_t *ntok)
{
    if (i >= c->n || !c->cue[i]) { *ntok = 0; return NULL; }
    *ntok = c->cue_n[i];
    return c->cue[i];
}

static const ng_cue_entry *speech_cue_at(const ctx *c, size_t i, size_t *ntok)
{
    const ng_cue_entry *e = cue_at(c, i, ntok);
    return e && e->kind != NG_CUE_HEDGE_ADVERB ? e : NULL;
}

/* ---- noun phrases ----------------------------------------------------- */

static const char *const determiners[] = {"the", "a", "an", "this", "that", "these", "those", "one", "another",
                                          "his", "her", "their", "its", "our", "some", "many", "several", "two",
                                          "three", "other", "both", "each", "most", "all", "no", "any", NULL};
/* Determiners that may start a speaker after its cue ("said the official"). */
static const char *const right_determiners[] = {"the", "a", "an", "his", "her", "their", "its", "our", "one",
                                                "another", NULL};
static const char *const pronouns[] = {"he", "she", "they", "it", "i", "we", "you", NULL};
static const char *const person_pronouns[] = {"he", "she", NULL};
/* Words between a subject and its cue verb: auxiliaries, adverbs, time. */
static const char *const skip_before_cue[] = {
    "has", "have", "had", "was", "were", "is", "are", "also", "then", "later", "previously", "again", "once",
    "would", "will", "could", "might", "may", "had", "recently", "repeatedly", "publicly", "privately", "reportedly",
    "allegedly", "purportedly", "earlier", "often", "frequently", "always", "never", "simply", "flatly", "only",
    "just", "even", "now", "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "on", "last", "this", "week", "month", "year", "night", "morning", "afternoon",
    "evening", "has", "been", "being", "did", "does", "do", "not", "never", "quickly", "later", "first", NULL};
static const char *const time_words[] = {"on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday", "today", "yesterday", "last", "week", "night", "earlier",
                                         "later", "this", "morning", "afternoon", "evening", NULL};
/* Sentence openers that are not part of a subject: "And Ada Fisher said". */
static const char *const leading_junk[] = {"and", "but", "so", "yet", "still", "now", "then", "later", "meanwhile",
                                           "however", "instead", "also", NULL};
/* Words that end a noun phrase scanned leftwards. */
static const char *const np_stop[] = {
    "that", "which", "who", "whom", "whose", "and", "but", "or", "nor", "when", "because", "if", "as", "while",
    "after", "before", "so", "than", "where", "though", "although", "since", "until", "whether", "what", "how",
    "why", "said", "says", "told", "not", "is", "was", "are", "were", "has", "have", "had", "be", "been", "to",
    "in", "on", "at", "for", "with", "by", "from", "about", "into", "over", "there", "here", "yet", "once",
    "also", "then", "would", "could", "will", "can", "should", "must", "may", "might", "do", "does", "did", NULL};
/* Prepositions that end a noun phrase scanned rightwards, unless a
 * capitalised word or determiner follows ("head of the agency"). */
static const char *const np_right_stop[] = {"in", "on", "at", "during", "to", "for", "with", "by", "after",
                                            "before", "about", "from", "that", "who", "which", "and", "when",
                                            "while", "as", "but", "said", "says", "told", "added", "would", "could",
                                            "will", "was", "is", "were", "are", "has", "had", "have", "if",
                                            "because", "not", "can", "should", "may", "might", "did", "do", NULL};

static bool np_token(const ctx *c, size_t i)
{
    if (i >= c->n) return false;
    uint8_t k = c->t[i].kind;
    if (k == NG_TOK_WORD || k == NG_TOK_ABBREV || k == NG_TOK_POSSESSIVE || k == NG_TOK_HANDLE) return true;
    return false;
}

/* A lower-case word in -ly: an adverb between subject and cue ("Clinton
 * famously responded"). */
static bool adverb(const ctx *c, size_t i)
{
    size_t n = tok_len(c, i);
    const char *w = tok_ptr(c, i);
    return n > 4 && w[0] >= 'a' && w[0] <= 'z' && w[n - 2] == 'l' && w[n - 1] == 'y';
}

/* Token i is the number of a share of people ("52 percent", "nine in
 * 10"): part of a subject noun phrase. */
static bool share_number(const ctx *c, size_t i)
{
    return i + 1 < c->n && c->t[i].kind == NG_TOK_NUMBER &&
           (tok_is(c, i + 1, "percent") || (i > 0 && tok_is(c, i - 1, "in")));
}

/* The subject noun phrase ending right before token `end` (exclusive),
 * not reaching before `lo`. */
static tspan np_left(const ctx *c, size_t end, size_t lo)
{
    size_t j = end;
    size_t skipped = 0;
    while (j > lo && skipped < 4 && is_word(c, j - 1) && (tok_in(c, j - 1, skip_before_cue) || adverb(c, j - 1))) {
        /* "did not say" reports no speech */
        if (tok_is(c, j - 1, "not") || tok_is(c, j - 1, "never")) return (tspan){end, end};
        j--;
        skipped++;
    }
    if (j > lo && (tok_is(c, j - 1, "n't") || tok_is(c, j - 1, "didn't") || tok_is(c, j - 1, "didn’t")))
        return (tspan){end, end};
    /* a short parenthesis after the name: "Rep. John Mica (R-Fla.) said" */
    if (j > lo + 2 && tok_punct(c, j - 1, ')')) {
        size_t o = j - 1;
        while (o > lo && j - o < 8 && !tok_punct(c, o - 1, '(') && !tok_punct(c, o - 1, ')')) o--;
        if (o > lo + 1 && tok_punct(c, o - 1, '(') && c->para[o - 1] == c->para[j - 1]) j = o - 1;
    }
    size_t b = j;
    if (j > lo && tok_in(c, j - 1, pronouns)) return (tspan){j - 1, j}; /* "Later he said" */
    while (j > lo && b - j < MAX_NP && (np_token(c, j - 1) || share_number(c, j - 1))) {
        if (tok_in(c, j - 1, np_stop)) {
            /* "of" and "for" inside a title belong to it: "Secretary of State" */
            break;
        }
        if (tok_in(c, j - 1, determiners)) { j--; break; }
        j--;
    }
    /* "of": keep going when the word before it is capitalised */
    while (j > lo + 1 && tok_is(c, j - 1, "of") && is_cap(c, j - 2) && b - j < MAX_NP) {
        j--;
        while (j > lo && b - j < MAX_NP && np_token(c, j - 1) && !tok_in(c, j - 1, np_stop)) {
            if (tok_in(c, j - 1, determiners)) { j--; break; }
            j--;
        }
    }
    /* a lone determiner is not a subject */
    if (b - j == 1 && tok_in(c, j, determiners)) return (tspan){b, b};
    while (j < b && (c->t[j].kind == NG_TOK_POSSESSIVE || tok_in(c, j, leading_junk))) j++;
    return (tspan){j, b};
}

/* The noun phrase starting at token `start`, not reaching `hi`. */
static tspan np_right(const ctx *c, size_t start, size_t hi)
{
    size_t j = start;
    if (j < hi && tok_in(c, j, pronouns)) return (tspan){j, j + 1};
    bool name = false;
    if (j < hi && tok_in(c, j, time_words)) return (tspan){start, start}; /* "tweeted Sunday" */
    if (j < hi && is_word(c, j) && tok_in(c, j, right_determiners)) j++;
    else if (!is_cap(c, j)) return (tspan){start, start};
    else name = true;
    while (j < hi && j - start < MAX_NP && np_token(c, j)) {
        /* a name goes on through capitalised words only: "Trump then said" */
        if (name && c->t[j].kind != NG_TOK_POSSESSIVE && !is_cap(c, j) && !tok_is(c, j, "of") &&
            !tok_is(c, j, "and")) {
            /* except a final head noun: "according to Ukrainian officials," */
            bool head = (j + 1 >= hi || !np_token(c, j + 1)) && !tok_in(c, j, np_right_stop) &&
                        !tok_in(c, j, skip_before_cue);
            if (!head) break;
        }
        if (tok_in(c, j, np_right_stop) || tok_is(c, j, "of")) {
            /* "head of the agency", "Ukrainian and Western officials",
             * "a spokeswoman for the firm" (after a lower-case head) */
            bool joins = tok_is(c, j, "of") || tok_is(c, j, "and") ||
                         (tok_is(c, j, "for") && j > start && !is_cap(c, j - 1));
            bool more = joins && j + 1 < hi && (is_cap(c, j + 1) || tok_in(c, j + 1, determiners));
            if (!more) break;
        }
        j++;
    }
    if (j == start + 1 && tok_in(c, start, right_determiners)) return (tspan){start, start};
    return (tspan){start, j};
}

/* ---- speakers ---------------------------------------------------------- */

static ng_span cp_span(const ctx *c, tspan s)
{
    if (s.a >= s.b) return (ng_span){0, 0};
    return (ng_span){c->t[s.a].start, c->t[s.b - 1].end};
}

static ng_str text_of(const ctx *c, tspan s)
{
    if (s.a >= s.b) return (ng_str){NULL, 0};
    return ng_strndup(c->arena, c->s + c->t[s.a].bstart, c->t[s.b - 1].bend - c->t[s.a].bstart);
}

static name_slot *name_find(const ctx *c, ng_str k)
{
    if (!c->names) return NULL;
    size_t i = (size_t)ng_hash64(k.ptr, k.len, 5) & c->names_mask;
    while (c->names[i].key.ptr && !(c->names[i].key.len == k.len && memcmp(c->names[i].key.ptr, k.ptr, k.len) == 0))
        i = (i + 1) & c->names_mask;
    return &c->names[i];
}

/* Indexes the last word of each PER, ORG and NORP entity's name and its
 * aliases, the first entity winning, so that a speaker's last word finds
 * its entity in one look-up instead of a scan over all entities. (No
 * token holds a space, so a token equal to a suffix of the name after a
 * space is what follows its last space.) False when out of memory. */
static bool index_names(ctx *c)
{
    const ng_record *r = c->rec;
    size_t keys = 0;
    for (size_t k = 0; k < r->n_entities; k++) keys += 1 + r->entities[k].aliases.count;
    size_t cap = 16;
    while (cap < 2 * keys) cap *= 2;
    c->names = ng_calloc(c->scratch, cap, sizeof *c->names);
    if (!c->names) return false;
    c->names_mask = cap - 1;
    for (size_t k = 0; k < r->n_entities; k++) {
        const ng_entity *e = &r->entities[k];
        if (e->type != NG_ENTITY_PER && e->type != NG_ENTITY_ORG && e->type != NG_ENTITY_NORP) continue;
        ng_str last = e->name;
        for (size_t b = last.len; b > 0; b--)
            if (last.ptr[b - 1] == ' ') { last = (ng_str){last.ptr + b, last.len - b}; break; }
        for (size_t a = 0; a <= e->aliases.count; a++) {
            ng_str key = a ? e->aliases.items[a - 1] : last;
            if (!key.ptr) continue;
            name_slot *n = name_find(c, key);
            if (!n->key.ptr) *n = (name_slot){key, e->id};
        }
    }
    return true;
}

/* The entity of a speaker span: a mention inside it (for a description,
 * an organisation there), else a name or alias equal to its last
 * capitalised word. */
static uint32_t link_entity(const ctx *c, tspan s, bool description)
{
    const ng_record *r = c->rec;
    if (!r->n_entities || s.a >= s.b) return 0;
    uint32_t found = 0;
    for (size_t i = s.a; i < s.b; i++) {
        uint32_t id = c->ent[i];
        if (!id) continue;
        const ng_entity *e = &r->entities[id - 1];
        if (description && e->type == NG_ENTITY_ORG) return id;
        if (!found) found = id;
    }
    if (found) return found;
    size_t last = s.b;
    for (size_t i = s.b; i > s.a; i--)
        if (is_cap(c, i - 1)) { last = i - 1; break; }
    if (last == s.b) return 0;
    const name_slot *n = name_find(c, (ng_str){tok_ptr(c, last), tok_len(c, last)});
    return n && n->key.ptr ? n->id : 0;
}

/* The nearest tagged person before token i, as a span, or empty. */
static char span_gender(const ctx *c, tspan s);

/* The nearest tagged person (or organisation, unless person_only) before
 * token i, of a gender that fits `want` ('f', 'm' or 0: any), outside
 * photo captions. */
static tspan entity_before(const ctx *c, size_t i, bool person_only, size_t lo, char want)
{
    for (size_t j = i; j > lo && i - j < 200; j--) {
        /* a name inside quotation marks is what someone said, not who */
        if (c->in_quote[j - 1]) continue;
        uint8_t t = c->ne[j - 1];
        if (t == NG_NE_PER || (!person_only && t == NG_NE_ORG)) {
            size_t b = j;
            while (j > lo && c->ne[j - 1] == t && c->ent[j - 1] == c->ent[b - 1]) j--;
            char g = t == NG_NE_PER ? span_gender(c, (tspan){j, b}) : 0;
            if (c->caption[c->para[j]] || (want && g && g != want)) continue;
            return (tspan){j, b};
        }
    }
    return (tspan){i, i};
}

/* ---- gender of persons, for he and she -------------------------------- */

static const char *const female_words[] = {
    "mrs.", "mrs", "ms.", "ms", "miss", "madam", "lady", "spokeswoman", "chairwoman", "congresswoman",
    "councilwoman", "businesswoman", "woman", "girl", "mother", "wife", "daughter", "sister", "grandmother",
    "aunt", "queen", "princess", "actress", "widow", "abigail", "alexandria", "alicia", "amy", "angela", "ann",
    "anna", "anne", "barbara", "betsy", "carly", "catherine", "chelsea", "christine", "claire", "condoleezza",
    "debbie", "diane", "donna", "elaine", "elizabeth", "ellen", "elena", "elise", "emily", "fiona", "gina",
    "hillary", "huma", "ilhan", "ivanka", "jane", "janet", "jennifer", "jill", "joni", "julia", "kamala",
    "karen", "kate", "katherine", "kathleen", "kellyanne", "kelly", "kirsten", "kristen", "laura", "linda",
    "lisa", "loretta", "lucy", "madeleine", "maria", "marine", "mary", "maxine", "megan", "megyn", "melania",
    "michelle", "nancy", "nikki", "olivia", "patricia", "rachel", "rebecca", "rosa", "samantha", "sarah",
    "sheryl", "sonia", "susan", "susana", "tammy", "theresa", "tulsi", "ursula", "valerie", "victoria", NULL};
static const char *const male_words[] = {
    "mr.", "mr", "sir", "spokesman", "chairman", "congressman", "councilman", "businessman", "man", "boy",
    "father", "husband", "son", "brother", "grandfather", "uncle", "king", "prince", "actor", "barack", "ben",
    "bernie", "bill", "boris", "chris", "chuck", "dan", "david", "donald", "emmanuel", "eric", "george",
    "harry", "jeb", "jim", "joe", "john", "jon", "joseph", "justin", "kevin", "lindsey", "marco", "mark",
    "michael", "mike", "mitch", "mitt", "newt", "paul", "reince", "richard", "robert", "rudy", "steve",
    "ted", "tim", "tom", "vladimir", "william", "xi", NULL};

/* 'f' or 'm' for a gendered title, noun or given name at token i, else 0. */
static char word_gender(const ctx *c, size_t i)
{
    if (i >= c->n || !is_word(c, i)) return 0;
    if (tok_in(c, i, female_words)) return 'f';
    if (tok_in(c, i, male_words)) return 'm';
    return 0;
}

/* The gender of the person the phrase s names: its entity's, else a title
 * or given name in it or right before it ("Mrs. Clinton"). */
static char span_gender(const ctx *c, tspan s)
{
    for (size_t i = s.a; i < s.b; i++)
        if (c->ent[i] && c->ent_gender[c->ent[i]]) return c->ent_gender[c->ent[i]];
    for (size_t i = s.a; i < s.b; i++) {
        char g = word_gender(c, i);
        if (g) return g;
    }
    return s.a > 0 ? word_gender(c, s.a - 1) : 0;
}

/* The tagged type of a speaker phrase: PER or ORG when a token of it is
 * tagged so (PER wins), else NONE. */
static uint8_t phrase_type(const ctx *c, tspan s)
{
    uint8_t t = NG_NE_NONE;
    for (size_t i = s.a; i < s.b; i++) {
        if (c->ne[i] == NG_NE_PER) return NG_NE_PER;
        if (c->ne[i] == NG_NE_ORG) t = NG_NE_ORG;
    }
    return t;
}

static void note_antecedent(ctx *c, tspan s, uint32_t entity, bool description);

/* Fills q's speaker from the phrase s. */
static void set_speaker(ctx *c, ng_quote *q, tspan s)
{
    if (s.a >= s.b) return;
    q->speaker_span = cp_span(c, s);
    q->speaker = text_of(c, s);
    if (s.b - s.a == 1 && tok_in(c, s.a, pronouns)) {
        bool person = tok_in(c, s.a, person_pronouns);
        q->speaker_via = NG_SPEAKER_PRONOUN;
        if (tok_is(c, s.a, "i") || tok_is(c, s.a, "we") || tok_is(c, s.a, "you")) return;
        /* the nearest of: the last fitting speaker, a tagged entity; "she"
         * and "he" only someone of that gender or of none known */
        char want = !person ? 0 : tok_is(c, s.a, "she") ? 'f' : 'm';
        struct antecedent ant = tok_is(c, s.a, "it") ? c->last_org : c->last_any;
        if (person) {
            memset(&ant, 0, sizeof ant);
            for (size_t k = 0; k < sizeof c->persons / sizeof *c->persons && !ant.name.ptr; k++)
                if (c->persons[k].name.ptr && (!c->persons[k].gender || c->persons[k].gender == want)) ant = c->persons[k];
        }
        if (!ant.name.ptr) ant = person ? ant : c->last_any;
        tspan e = entity_before(c, s.a, person, 0, want);
        if (e.a < e.b && (!ant.name.ptr || c->t[e.a].start > ant.span.start)) {
            ant.name = text_of(c, e);
            ant.span = cp_span(c, e);
            ant.entity = c->ent[e.a];
        }
        if (ant.name.ptr) {
            q->speaker = ant.name;
            q->antecedent = ant.span;
            q->speaker_entity = ant.entity;
        }
        return;
    }
    /* "the SBU spokesman", "officials": a determiner or a lower-case head;
     * "board president Linda Kowalski" is a name with its title */
    bool description = tok_in(c, s.a, determiners) || !is_cap(c, s.b - 1);
    q->speaker_via = description ? NG_SPEAKER_DESCRIPTION : NG_SPEAKER_NAME;
    q->speaker_entity = link_entity(c, s, description);
    note_antecedent(c, s, q->speaker_entity, description);
}

/* Remembers the phrase s as the latest speaker, for the pronouns after it. */
static void note_antecedent(ctx *c, tspan s, uint32_t entity, bool description)
{
    if (c->caption[c->para[s.a]]) return; /* a caption's names are not the text's speakers */
    struct antecedent me = {text_of(c, s), cp_span(c, s), entity, span_gender(c, s)};
    c->last_any = me;
    /* Without a tagged type, a capitalised head ("the SBU", "Ukraine's
     * military" aside) is taken for an organisation when it follows a
     * determiner, and a lower-case head ("the spokesman") for a person. */
    bool org;
    uint8_t tagged = phrase_type(c, s);
    if (entity) org = c->rec->entities[entity - 1].type != NG_ENTITY_PER;
    else if (tagged != NG_NE_NONE && !(description && !is_cap(c, s.b - 1))) org = tagged == NG_NE_ORG;
    else org = description && tok_in(c, s.a, determiners) && is_cap(c, s.b - 1);
    if (org) {
        c->last_org = me;
        return;
    }
    memmove(c->persons + 1, c->persons, sizeof c->persons - sizeof *c->persons);
    c->persons[0] = me;
}

static void set_cue(ctx *c, ng_quote *q, const ng_cue_entry *e, size_t at, size_t ntok)
{
    tspan s = {at, at + ntok};
    /* a partial quote's cue reports the writer's whole clause, which the
     * indirect pass takes too */
    if (!(q->direct && q->partial)) c->cue_used[at] = 1;
    q->attribution = e->flags & NG_CUE_BELIEF    ? NG_ATTRIBUTION_BELIEF
                     : e->flags & NG_CUE_FINDING ? NG_ATTRIBUTION_FINDING
                                                 : NG_ATTRIBUTION_SPEECH;
    q->cue = text_of(c, s);
    q->cue_span = cp_span(c, s);
    if (e->flags & NG_CUE_HEDGE) q->hedge = q->cue;
}

/* A subject before the cue at k (lo: window start); handles "X, the SBU
 * spokesman, said". */
/* A sentence opening that is not its subject: "Speaking ...,", "Asked
 * ...,", "In a statement,", "Here in Columbia,". */
static bool intro_phrase(const ctx *c, size_t i)
{
    static const char *const intro[] = {"in", "on", "at", "after", "before", "when", "while", "during", "with",
                                        "for", "as", "here", "there", "even", "asked", "earlier", "later",
                                        "speaking", "since", "despite", "from", "following", NULL};
    if (!is_word(c, i)) return false;
    size_t n = tok_len(c, i);
    const char *w = tok_ptr(c, i);
    return tok_in(c, i, intro) || (n > 4 && !memcmp(w + n - 3, "ing", 3));
}

/* Tokens [a, b) read as a noun phrase set off by commas ("chief executive
 * of the firm", "director of the Center for X"): words only, at most 12,
 * without a verb form or a conjunction that would make them a clause. */
static bool appositive(const ctx *c, size_t a, size_t b)
{
    static const char *const clause_words[] = {
        "that", "which", "who", "when", "because", "if", "as", "while", "but", "so", "than", "where", "though",
        "although", "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "could",
        "can", "should", "may", "might", "must", "do", "does", "did", "not", "he", "she", "they", "it", "we", "i", "you", NULL};
    if (b <= a || b - a > 12) return false;
    for (size_t i = a; i < b; i++) {
        if (!np_token(c, i) && c->t[i].kind != NG_TOK_NUMBER) return false;
        if (tok_in(c, i, clause_words) || c->cue[i]) return false;
        if (!is_cap(c, i) && tok_len(c, i) > 3 && !memcmp(tok_ptr(c, i) + tok_len(c, i) - 2, "ed", 2)) return false;
    }
    return true;
}

static bool name_like(const ctx *c, tspan s)
{
    return s.a < s.b && is_cap(c, s.a) && !tok_in(c, s.a, determiners) && !tok_in(c, s.a, pronouns);
}

static tspan subject_before(const ctx *c, size_t k, size_t lo)
{
    tspan s = np_left(c, k, lo);
    if (s.a < s.b) return s;
    while (k > lo + 1 && is_word(c, k - 1) && adverb(c, k - 1)) k--; /* "X, exasperated, famously said" */
    /* appositives: "X, the SBU spokesman, said", "her adviser, Jake Sullivan, said" */
    if (k > lo + 1 && tok_punct(c, k - 1, ',')) {
        tspan d = np_left(c, k - 1, lo);
        if (d.a == d.b) return (tspan){k, k};
        if (d.a > lo + 1 && tok_punct(c, d.a - 1, ',')) {
            tspan x = np_left(c, d.a - 1, lo);
            if (name_like(c, x) || (x.a < x.b && !name_like(c, d))) return x;
        }
        /* "Fiorina, speaking to Iowans, said": the name before the aside */
        size_t pc = d.a;
        while (pc > lo && d.a - pc < 12 && !tok_punct(c, pc - 1, ',') && !is_stop_punct(c, pc - 1)) pc--;
        if (pc > lo + 1 && tok_punct(c, pc - 1, ',') && !tok_in(c, pc, determiners)) {
            tspan x = np_left(c, pc - 1, lo);
            if (name_like(c, x)) return x;
        }
        return d;
    }
    return (tspan){k, k};
}

/* Finds a cue and speaker in tokens [lo, hi) for a quote; true when one
 * was found. `right`: the window follows the quote. */
static bool attribute_window(ctx *c, ng_quote *q, size_t lo, size_t hi, bool right)
{
    if (right) {
        size_t first = lo;
        while (first < hi && (tok_punct(c, first, ',') || is_dash(c, first))) first++;
        for (size_t k = first; k < hi; k++) {
            size_t nt;
            const ng_cue_entry *e = speech_cue_at(c, k, &nt);
            if (!e) continue;
            if (e->kind == NG_CUE_SOURCE_AFTER) {
                tspan s = np_right(c, k + nt, hi);
                if (s.a == s.b) continue;
                set_cue(c, q, e, k, nt);
                set_speaker(c, q, s);
                return true;
            }
            tspan s = np_left(c, k, first);
            tspan after_cue = np_right(c, k + nt, hi);
            if (k > first && tok_punct(c, k - 1, ',') && after_cue.a < after_cue.b && !(e->flags & NG_CUE_OBJECT))
                s = after_cue; /* "...," about the plan, said X */
            else if (s.a != first) {
                /* something between the quote and the subject: the speaker
                 * starts the window ("Trump, the frontrunner, said") */
                tspan w = np_right(c, first, k);
                if (w.a < w.b && k > first + 1) s = w;
                else if (s.a == s.b) s = subject_before(c, k, first);
            }
            if (s.a == s.b && k == first && !(e->flags & NG_CUE_OBJECT)) s = np_right(c, k + nt, hi);
            if (s.a == s.b) continue;
            set_cue(c, q, e, k, nt);
            set_speaker(c, q, s);
            return true;
        }
        return false;
    }
    /* left: nearest cue before the quote */
    for (size_t k = hi; k > lo; k--) {
        size_t nt;
        const ng_cue_entry *e = speech_cue_at(c, k - 1, &nt);
        if (!e) continue;
        size_t at = k - 1;
        if (e->kind == NG_CUE_SOURCE_AFTER) {
            tspan s = np_right(c, at + nt, hi);
            if (s.a == s.b) continue;
            set_cue(c, q, e, at, nt);
            set_speaker(c, q, s);
            return true;
        }
        if (hi - (at + nt) > LEFT_CUE_GAP) return false; /* too far from the quote to be its cue */
        size_t fl = strlen(e->form);
        bool coordinated = at > lo && tok_is(c, at - 1, "and"); /* "X said ... and added," */
        if (coordinated || (fl > 3 && !memcmp(e->form + fl - 3, "ing", 3))) {
            /* "X shared the news, writing: "..."": the sentence's subject */
            size_t st = lo;
            while (st < at && tok_in(c, st, leading_junk)) st++;
            if (intro_phrase(c, st)) { /* "Speaking in Ohio, he ..., saying:" */
                size_t m = st;
                while (m < at && !tok_punct(c, m, ',')) m++;
                if (m < at) st = m + 1;
            }
            tspan subj = np_right(c, st, at);
            if (subj.a == subj.b || subj.b >= at) continue;
            set_cue(c, q, e, at, nt);
            set_speaker(c, q, subj);
            return true;
        }
        tspan s = subject_before(c, at, lo);
        if (s.a == s.b && !(e->flags & NG_CUE_OBJECT)) s = np_right(c, at + nt, hi);
        if (s.a == s.b) continue;
        set_cue(c, q, e, at, nt);
        set_speaker(c, q, s);
        return true;
    }
    return false;
}

/* Sentence-bounded window ends around a quote. */
static size_t window_right_end(const ctx *c, size_t from)
{
    size_t k = from;
    while (k < c->n && k - from < RIGHT_WINDOW && c->para[k] == c->para[from] && !is_stop_punct(c, k) &&
           c->t[k].kind != NG_TOK_QUOTE && !tok_punct(c, k, ':'))
        k++;
    return k;
}

static size_t window_left_start(const ctx *c, size_t before)
{
    /* `before` is exclusive: tokens [result, before) */
    size_t k = before;
    while (k > 0 && before - k < LEFT_WINDOW && c->para[k - 1] == c->para[before] && !is_stop_punct(c, k - 1) &&
           c->t[k - 1].kind != NG_TOK_QUOTE)
        k--;
    return k;
}

/* Hedging adverbs in a sentence ("purportedly"), when the cue was not one. */
static void find_hedge(ctx *c, ng_quote *q, size_t lo, size_t hi)
{
    if (q->hedge.ptr) return;
    for (size_t k = lo; k < hi; k++) {
        size_t nt;
        const ng_cue_entry *e = cue_at(c, k, &nt);
        if (e && (e->flags & NG_CUE_HEDGE)) {
            q->hedge = text_of(c, (tspan){k, k + nt});
            return;
        }
    }
}

static void fill_content(ctx *c, ng_quote *q, size_t first, size_t last_excl)
{
    tspan s = {first, last_excl};
    ng_span sp = cp_span(c, s);
    q->start = sp.start;
    q->end = sp.end;
    q->text = text_of(c, s);
}

/* ---- passes ------------------------------------------------------------ */

static bool find_pieces(ctx *c, piece_vec *pieces)
{
    size_t open = SIZE_MAX;
    bool cont = false;
    for (size_t i = 0; i < c->n; i++) {
        if (open != SIZE_MAX && c->para[i] != c->para[open] && (i == 0 || c->para[i] != c->para[i - 1])) {
            /* paragraph ended with the quote open */
            size_t last = i - 1;
            bool reopens = dquote_shape(c, i) && mark_opens(c, i, false);
            bool lead = open == 0 || c->para[open - 1] != c->para[open] || tok_punct(c, open - 1, ':') ||
                        tok_punct(c, open - 1, ',');
            if (last > open && (reopens || lead)) {
                quote_piece p = {open, c->n, open + mark_len(c, open), last, cont, reopens};
                if (!NG_VEC_PUSH(c->scratch, pieces, p)) return false;
            }
            cont = reopens;
            open = SIZE_MAX;
            if (reopens) { open = i; continue; }
        }
        if (!dquote_shape(c, i)) continue;
        if (mark_opens(c, i, open != SIZE_MAX)) {
            if (open != SIZE_MAX && i == open + 1) continue; /* a doubled mark */
            open = i;
            cont = false;
        } else if (open != SIZE_MAX) {
            if (i > open + mark_len(c, open)) {
                /* close: the mark's last token, so that close + 1 follows it */
                quote_piece p = {open, i + mark_len(c, i) - 1, open + mark_len(c, open), i - 1, cont, false};
                if (!NG_VEC_PUSH(c->scratch, pieces, p)) return false;
            }
            open = SIZE_MAX;
            cont = false;
        }
    }
    if (open != SIZE_MAX && open + mark_len(c, open) < c->n) {
        bool lead = open == 0 || c->para[open - 1] != c->para[open] || tok_punct(c, open - 1, ':') ||
                    tok_punct(c, open - 1, ',');
        if (lead) {
            quote_piece p = {open, c->n, open + mark_len(c, open), c->n - 1, cont, false};
            if (!NG_VEC_PUSH(c->scratch, pieces, p)) return false;
        }
    }
    return true;
}

static size_t words_in(const ctx *c, size_t a, size_t b)
{
    size_t w = 0;
    for (size_t i = a; i < b && w < 8; i++) w += is_word(c, i);
    return w;
}

/* A quote is partial when the writer's own words lead into it within the
 * sentence ("called it "a disaster"", "said that "..."") rather than a
 * cue and a colon or comma, or nothing (a quote that opens its sentence). */
static bool is_partial(const ctx *c, const quote_piece *p)
{
    if (p->cont_prev || p->open == 0) return false;
    size_t b = p->open - 1;
    if (c->para[b] != c->para[p->open] || c->sent[b] != c->sent[p->open]) return false;
    if (c->t[b].kind == NG_TOK_QUOTE || is_stop_punct(c, b) || tok_punct(c, b, ':') || tok_punct(c, b, ',') ||
        tok_punct(c, b, '(') || is_dash(c, b))
        return false;
    size_t nt;
    if (speech_cue_at(c, b, &nt)) return false; /* said "..." */
    return true;
}

/* A title or name in quotation marks ("Good Morning America", "Gang of
 * Eight"): every word capitalised or a small word, no punctuation. */
static bool title_like(const ctx *c, size_t a, size_t b)
{
    static const char *const small[] = {"of", "the", "a", "an", "and", "in", "on", "for", "with", "to", "at", NULL};
    size_t words = 0;
    for (size_t i = a; i < b; i++) {
        if (c->t[i].kind == NG_TOK_PUNCT && !tok_punct(c, i, ':')) return false;
        if (!is_word(c, i)) continue;
        if (!is_cap(c, i) && !tok_in(c, i, small)) return false;
        if (++words > 6) return false;
    }
    return words > 0;
}

/* Tokens [a, b) are in headline case: four words or more, every one
 * capitalised but the small words of titles. */
static bool headline_case(const ctx *c, size_t a, size_t b)
{
    static const char *const small[] = {"of", "the", "a", "an", "and", "or", "in", "on", "for", "with", "to", "at",
                                        "by", "as", "vs", "from", "after", NULL};
    size_t words = 0;
    for (size_t i = a; i < b; i++) {
        if (!is_word(c, i) || tok_in(c, i, small)) continue;
        if (!is_cap(c, i)) return false;
        words++;
    }
    return words >= 4;
}

/* Does the quote's content end with a comma, '?' or '!' (the cue then
 * usually follows), or is the closing mark followed by a comma? */
static bool cue_likely_after(const ctx *c, const quote_piece *p)
{
    if (p->close >= c->n) return false;
    size_t l = p->last;
    if (tok_punct(c, l, ',') || tok_punct(c, l, '?') || tok_punct(c, l, '!') || is_dash(c, l)) return true;
    return tok_punct(c, p->close + 1, ',') || is_dash(c, p->close + 1) ||
           (p->close + 1 < c->n && speech_cue_at(c, p->close + 1, &(size_t){0}));
}

/* Attributes the k-th piece and appends it to c->out. *prev_q is the
 * index in c->out of the previous direct quote (SIZE_MAX: none). */
static bool direct_quote(ctx *c, piece_vec *pieces, size_t k, uint8_t *in_quote, size_t *prev_q_io)
{
    size_t prev_q = *prev_q_io;
    {
        quote_piece *p = &pieces->items[k];
        ng_quote q;
        memset(&q, 0, sizeof q);
        q.direct = true;
        /* content without trailing punctuation inside the marks */
        size_t last = p->last + 1;
        while (last > p->first + 1 && c->t[last - 1].kind == NG_TOK_PUNCT && !tok_punct(c, last - 1, ')') &&
               !tok_punct(c, last - 1, '?') && !tok_punct(c, last - 1, '!'))
            last--;
        fill_content(c, &q, p->first, last);
        q.partial = is_partial(c, p);
        if (!p->cont_prev && !p->cont_next && title_like(c, p->first, p->last + 1)) return true;
        for (size_t i = p->open; i <= p->last + 1 && i < c->n; i++) {
            in_quote[i] = 1;
            c->whole[i] = !q.partial;
        }

        bool found = false;
        size_t r_lo = p->close < c->n ? p->close + 1 : c->n;
        /* the right window stays in the quote's paragraph */
        bool same_para = r_lo < c->n && p->close < c->n && c->para[r_lo] == c->para[p->close];
        size_t r_hi = same_para ? window_right_end(c, r_lo) : r_lo;
        size_t l_hi = p->open, l_lo = window_left_start(c, p->open);
        bool after = cue_likely_after(c, p);
        if (after) found = r_lo < r_hi && attribute_window(c, &q, r_lo, r_hi, true);
        if (!found && !p->cont_prev) found = l_lo < l_hi && attribute_window(c, &q, l_lo, l_hi, false);
        /* "Cruz continued:" closing the paragraph before the quote */
        if (!found && !p->cont_prev && l_lo == l_hi && p->open > 0 && tok_punct(c, p->open - 1, ':')) {
            size_t lo2 = window_left_start(c, p->open - 1);
            found = lo2 < p->open - 1 && attribute_window(c, &q, lo2, p->open - 1, false);
        }
        /* "..." ― Name: an attribution dash after the closing mark, then a
         * name that ends the paragraph or comes before the next quote */
        if (!found && p->close + 2 < c->n && is_dash(c, p->close + 1) && c->para[p->close + 1] == c->para[p->close]) {
            size_t a = p->close + 2, e = a;
            while (e < c->n && c->para[e] == c->para[a] && e - a < MAX_NP + 2) e++;
            tspan s = np_right(c, a, e);
            size_t tail = s.b;
            while (tail < e && c->t[tail].kind == NG_TOK_PUNCT && !is_dash(c, tail)) tail++;
            /* the name ends the paragraph, or the next quote starts (lists of
             * reader quotes separated only by line breaks) */
            bool ends = tail == e || (c->t[tail].kind == NG_TOK_QUOTE && mark_opens(c, tail, false));
            if (name_like(c, s) && ends) {
                set_speaker(c, &q, s);
                found = true;
            }
        }
        /* "A," he said. "B." : B goes on with A's speaker */
        bool chained = prev_q != SIZE_MAX && k > 0 && pieces->items[k - 1].close < c->n &&
                       c->para[pieces->items[k - 1].close] == c->para[p->open] &&
                       p->open - pieces->items[k - 1].close <= 8 && c->out.items[prev_q].speaker.ptr;
        /* after a quote that ends with its own full stop, the next words
         * are a new sentence, not the quote's attribution */
        bool ends_sentence = p->close < c->n && is_stop_punct(c, p->last);
        if (!found && !after && !p->cont_next && !chained && !ends_sentence)
            found = r_lo < r_hi && attribute_window(c, &q, r_lo, r_hi, true);
        if (!found && prev_q != SIZE_MAX) {
            const ng_quote *pq = &c->out.items[prev_q];
            const quote_piece *pp = &pieces->items[k - 1];
            bool near = c->para[p->open] == c->para[pp->open] || c->para[p->open] == c->para[pp->open] + 1;
            /* another speaker's statement in between ends the run: the
             * quote does not jump back over it */
            bool other = false;
            for (size_t z = prev_q + 1; z < c->out.len && !other; z++)
                other = !c->out.items[z].speaker.ptr || c->out.items[z].speaker.len != pq->speaker.len ||
                        memcmp(c->out.items[z].speaker.ptr, pq->speaker.ptr, pq->speaker.len) != 0;
            if (pq->speaker.ptr && (p->cont_prev || (near && !other))) {
                q.speaker = pq->speaker;
                q.speaker_span = pq->speaker_span.start != pq->speaker_span.end ? pq->speaker_span : pq->antecedent;
                q.speaker_entity = pq->speaker_entity;
                q.speaker_via = NG_SPEAKER_CONTINUATION;
                q.hedge = pq->hedge;
                found = true;
            }
        }
        /* Headlines of related links ("Testimony Concludes After Jury
         * Hears ...") and titles of players and shows in marks: headline
         * case and no cue of their own; not quotes of anyone, not even of
         * the speaker before them. */
        if (!q.cue.ptr && !p->cont_prev && !p->cont_next && headline_case(c, p->first, p->last + 1)) {
            *prev_q_io = SIZE_MAX;
            return true;
        }
        /* Scare quotes and titles ("Saturday Night Live") have no cue and
         * few words: not quotes of anyone. */
        bool exclaims = tok_punct(c, p->last, '!') || tok_punct(c, p->last, '?'); /* "USA!", chants */
        if (!found && !p->cont_prev && !p->cont_next && !exclaims && words_in(c, p->first, p->last + 1) < 4) {
            *prev_q_io = SIZE_MAX;
            return true;
        }
        /* the writer's hedges around the quote, not the speaker's words in it */
        find_hedge(c, &q, l_lo, l_hi);
        find_hedge(c, &q, r_lo, r_hi);
        if (!NG_VEC_PUSH(c->arena, &c->out, q) || !NG_VEC_PUSH(c->scratch, &c->cont_next, p->cont_next)) return false;
        *prev_q_io = c->out.len - 1;
    }
    return true;
}

/* A multi-paragraph quote whose cue comes in a later paragraph: earlier
 * pieces take the later speaker. */
static void fill_back(ctx *c)
{
    for (size_t k = c->out.len; k > 1; k--) {
        ng_quote *q = &c->out.items[k - 2];
        const ng_quote *nx = &c->out.items[k - 1];
        if (c->cont_next.items[k - 2] && !q->speaker.ptr && nx->speaker.ptr) {
            q->speaker = nx->speaker;
            q->speaker_span = nx->speaker_span.start != nx->speaker_span.end ? nx->speaker_span : nx->antecedent;
            q->speaker_entity = nx->speaker_entity;
            q->speaker_via = NG_SPEAKER_CONTINUATION;
        }
    }
}

/* Content of an indirect attribution after the cue at [k, k+nt): skips
 * "that", a listener ("told reporters that"), and a leading comma. */
static size_t content_after_cue(const ctx *c, const ng_cue_entry *e, size_t k, size_t hi)
{
    size_t j = k;
    if (e->flags & NG_CUE_OBJECT) {
        size_t m = j;
        while (m < hi && m - j < 5 && !tok_is(c, m, "that")) m++;
        if (m < hi && tok_is(c, m, "that")) j = m;
        else if (j < hi && is_word(c, j)) j++;
    }
    /* "said on Tuesday that", "said in a statement that"; not "said the
     * attacks were false and that" */
    static const char *const lead_ins[] = {"in", "at", "during", "to", "after", "before", "through", NULL};
    if (j < hi && (tok_in(c, j, time_words) || tok_in(c, j, lead_ins)))
        for (size_t m = j; m < hi && m - j < 6 && c->t[m].kind != NG_TOK_PUNCT; m++)
            if (tok_is(c, m, "that")) { j = m + 1; break; }
    while (j < hi && (tok_punct(c, j, ',') || tok_is(c, j, "that") || tok_punct(c, j, ':'))) j++;
    return j;
}

static size_t trim_end(const ctx *c, size_t a, size_t b)
{
    while (b > a && c->t[b - 1].kind == NG_TOK_PUNCT && !tok_punct(c, b - 1, ')')) b--;
    return b;
}

static bool push_indirect(ctx *c, ng_quote *q, size_t a, size_t b, size_t s_lo, size_t s_hi)
{
    b = trim_end(c, a, b);
    if (words_in(c, a, b) < 2) return true;
    /* a whole direct quote is its speaker's own report, found already */
    for (size_t i = a; i < b; i++)
        if (c->whole[i]) return true;
    fill_content(c, q, a, b);
    q->direct = false;
    find_hedge(c, q, s_lo, s_hi);
    return NG_VEC_PUSH(c->arena, &c->out, *q) && NG_VEC_PUSH(c->scratch, &c->cont_next, false);
}

/* "According to the SBU, the soldier said he ...": the clause reports a
 * speaker of its own, whom a later "he said" means. The attribution stays
 * the outer source's; only the antecedent is noted. */
static void note_reported_speaker(ctx *c, size_t cs, size_t hi)
{
    for (size_t j = cs + 1; j < hi && j <= cs + MAX_NP; j++) {
        size_t nt;
        const ng_cue_entry *e = speech_cue_at(c, j, &nt);
        if (!e) continue;
        if (e->kind != NG_CUE_VERB) return;
        tspan s = np_left(c, j, cs);
        if (s.a == s.b || s.a > cs + 1 || (s.b - s.a == 1 && tok_in(c, s.a, pronouns))) return;
        bool description = tok_in(c, s.a, determiners) || !is_cap(c, s.b - 1);
        note_antecedent(c, s, link_entity(c, s, description), description);
        return;
    }
}

/* Words for what holds a finding: "the poll shows", "a study found". */
static const char *const document_words[] = {
    "analysis", "audit", "data", "documents", "figures", "filing", "filings", "findings", "investigation",
    "memo", "numbers", "poll", "polling", "polls", "records", "report", "reports", "research", "review",
    "statistics", "studies", "study", "survey", "surveys", "tally", "transcript", NULL};

/* The finding cue at [k, k+nt) reports a claim: "that" follows it, or a
 * word for a document heads its subject ("Polls show ..."); "police found a
 * body" is no attribution. */
static bool finding_reported(const ctx *c, size_t k, size_t nt, size_t lo)
{
    if (k + nt < c->n && tok_is(c, k + nt, "that")) return true;
    tspan s = np_left(c, k, lo);
    return s.a < s.b && tok_in(c, s.b - 1, document_words);
}

/* The head of a subject whose noun phrase s ends in prepositional phrases
 * ("Some delegates at the convention in Philadelphia said", "Six in 10
 * say"): the noun phrase the chain starts with, when the chain reaches the
 * start of the sentence or of a clause; else s. */
static tspan subject_head(const ctx *c, tspan s, size_t lo)
{
    static const char *const joins[] = {"of", "in", "at", "from", "for", "with", "on", "among", "across", "around",
                                        "near", "inside", "outside", "within", "to", "and", "or", NULL};
    static const char *const focus[] = {"even", "especially", "also", "including", "particularly", NULL};
    tspan head = s;
    /* "Politicians and even some technologists say" */
    size_t at = head.a > lo + 2 && tok_in(c, head.a - 1, focus) ? head.a - 1 : head.a;
    for (int step = 0; step < 4 && at > lo + 1 && tok_in(c, at - 1, joins); step++) {
        tspan t = np_left(c, at - 1, lo);
        if (t.a == t.b && share_number(c, head.a - 2)) t = (tspan){head.a - 2, head.a - 1};
        if (t.a == t.b || (t.b - t.a == 1 && tok_in(c, t.a, pronouns))) return s;
        head = t;
        at = head.a;
    }
    if (head.a == s.a) return s;
    bool starts = head.a <= lo + 1 || tok_punct(c, head.a - 1, ',') ||
                  tok_in(c, head.a - 1, (const char *const[]){"but", "and", "while", NULL});
    if (!starts) return s;
    /* "Nine in 10 voters": a share is nobody without what it is of */
    return head.b - head.a == 1 && s.b - head.a <= MAX_NP ? (tspan){head.a, s.b} : head;
}

/* The latest attribution with a speaker whose cue lies in tokens [lo, k),
 * or NULL. The attributions of a sentence are the last ones found. */
static const ng_quote *prior_in_sentence(const ctx *c, size_t lo, size_t k)
{
    uint32_t a = c->t[lo].start, b = c->t[k].start;
    for (size_t i = c->out.len; i > 0; i--) {
        const ng_quote *q = &c->out.items[i - 1];
        if (q->cue_span.start == q->cue_span.end) {
            if (q->end <= a) return NULL;
            continue;
        }
        if (q->cue_span.start < a) return NULL;
        if (q->cue_span.end <= b && q->speaker.ptr) return q;
    }
    return NULL;
}

/* "Asked about the plan, Trump said": the question an unnamed asker put
 * to the speaker, from after "Asked" to the comma. False when out of memory. */
static bool asked_opener(ctx *c, size_t lo, size_t hi)
{
    static const char *const question_words[] = {"about", "whether", "if", "what", "how", "why", "when", "who",
                                                  "where", "to", "for", NULL};
    if (!tok_is(c, lo, "asked") || !is_cap(c, lo) || !tok_in(c, lo + 1, question_words)) return true;
    size_t end = lo + 1;
    while (end < hi && end - lo < 40 && !tok_punct(c, end, ',')) end++;
    if (end >= hi || !tok_punct(c, end, ',')) return true;
    ng_quote q;
    memset(&q, 0, sizeof q);
    size_t nt = 1;
    const ng_cue_entry *e = cue_at(c, lo, &nt);
    if (!e) return true;
    set_cue(c, &q, e, lo, 1);
    return push_indirect(c, &q, tok_is(c, lo + 1, "about") ? lo + 2 : lo + 1, end, lo, hi);
}

/* The indirect attributions in the sentence of tokens [lo, hi). */
static bool indirect_in_sentence(ctx *c, size_t lo, size_t hi)
{
    if (!c->cue_used[lo] && !asked_opener(c, lo, hi)) return false;
    for (size_t k = lo; k < hi; k++) {
        size_t nt;
        const ng_cue_entry *e = c->in_quote[k] || c->cue_used[k] ? NULL : speech_cue_at(c, k, &nt);
        if (!e) continue;
        ng_quote q;
        memset(&q, 0, sizeof q);
        if (e->kind == NG_CUE_SOURCE_AFTER) {
            tspan s = np_right(c, k + nt, hi);
            /* "according to early results of the exit poll": a description
             * without a determiner, up to the punctuation */
            for (s.b = s.a == s.b ? k + nt : s.b; s.a == k + nt && s.b < hi && s.b - s.a < MAX_NP && np_token(c, s.b);)
                s.b++;
            if (s.a == s.b || (s.b - s.a == 1 && !is_cap(c, s.a))) continue;
            /* include a possessive head: "according to the SBU's account" */
            set_cue(c, &q, e, k, nt);
            set_speaker(c, &q, s);
            size_t after = s.b;
            if (k <= lo + 1) { /* According to X, CLAUSE */
                while (after < hi && !tok_punct(c, after, ',')) after++;
                size_t cs = after + 1 < hi ? after + 1 : hi;
                note_reported_speaker(c, cs, hi);
                if (!push_indirect(c, &q, cs, hi, lo, hi)) return false;
                k += nt - 1; /* on to the next cue: a sentence may report several */
                continue;
            }
            size_t end = k; /* CLAUSE, according to X */
            while (end > lo && tok_punct(c, end - 1, ',')) end--;
            if (!push_indirect(c, &q, lo, end, lo, hi)) return false;
            k += nt - 1;
            continue;
        }
        if ((e->flags & NG_CUE_FINDING) && !finding_reported(c, k, nt, lo)) continue;
        /* "Trump, speaking in Virginia, ..., saying X": a participle after a
         * comma reports for the sentence's subject when that opens it */
        size_t fl = strlen(e->form);
        bool participle = fl > 3 && !memcmp(e->form + fl - 3, "ing", 3);
        if (participle) {
            if (k > lo + 1 && tok_punct(c, k - 1, ',')) {
                tspan subj = np_right(c, lo, k - 1);
                size_t after = content_after_cue(c, e, k + nt, hi);
                if (subj.a == lo && subj.a < subj.b && (name_like(c, subj) || tok_in(c, subj.a, pronouns)) &&
                    trim_end(c, after, hi) > after + 1) {
                    set_cue(c, &q, e, k, nt);
                    set_speaker(c, &q, subj);
                    if (!push_indirect(c, &q, after, hi, lo, hi)) return false;
                    k += nt - 1;
                    continue;
                }
                /* ""...," Trump said, adding that ...": the speaker of the
                 * sentence's attribution before the participle */
                const ng_quote *prior = prior_in_sentence(c, lo, k);
                if (prior && trim_end(c, after, hi) > after + 1) {
                    set_cue(c, &q, e, k, nt);
                    q.speaker = prior->speaker;
                    q.speaker_span = prior->speaker_span;
                    q.speaker_entity = prior->speaker_entity;
                    q.speaker_via = prior->speaker_via;
                    q.antecedent = prior->antecedent;
                    if (!push_indirect(c, &q, after, hi, lo, hi)) return false;
                    k += nt - 1;
                    continue;
                }
            }
            continue;
        }
        /* "Repairs were expected to cost", "he was told that": after a form
         * of "be" the cue is passive: still an attribution, but its subject
         * is not who speaks, and the source goes unnamed */
        static const char *const be_forms[] = {"is", "are", "was", "were", "be", "been", "being", NULL};
        size_t before = k;
        while (before > lo && k - before < 3 && adverb(c, before - 1)) before--;
        bool passive = before > lo && tok_in(c, before - 1, be_forms);
        tspan s = np_left(c, k, lo);
        /* "a contractor, who said he was stiffed": the relative pronoun's
         * noun phrase is the speaker; the clause runs to the sentence's end */
        size_t w = k;
        while (w > lo && k - w < 4 && is_word(c, w - 1) && (tok_in(c, w - 1, skip_before_cue) || adverb(c, w - 1)) &&
               !tok_is(c, w - 1, "not") && !tok_is(c, w - 1, "never"))
            w--;
        if (s.a == s.b && w > lo + 1 && tok_is(c, w - 1, "who")) {
            size_t before_who = w - 1 > lo && tok_punct(c, w - 2, ',') ? w - 2 : w - 1;
            tspan ant = np_left(c, before_who, lo);
            size_t after = content_after_cue(c, e, k + nt, hi);
            if (ant.a < ant.b && trim_end(c, after, hi) > after + 1) {
                set_cue(c, &q, e, k, nt);
                set_speaker(c, &q, ant);
                /* like a pronoun: "who" names the speaker here */
                q.antecedent = q.speaker_span;
                q.speaker_span = cp_span(c, (tspan){w - 1, w});
                q.speaker_via = NG_SPEAKER_PRONOUN;
                if (!push_indirect(c, &q, after, hi, lo, hi)) return false;
                k += nt - 1;
                continue;
            }
        }
        if (s.a < s.b) {
            /* X said (that) CLAUSE: the subject starts the sentence or a clause */
            tspan head = subject_head(c, s, lo);
            if (head.a != s.a) s = head;
            /* ... or a reported clause: "Aides say the senator believes" */
            bool clause_start = s.a <= lo + 1 || tok_punct(c, s.a - 1, ',') || c->cue[s.a - 1] || tok_is(c, s.a - 1, "that") || tok_in(c, s.a - 1, (const char *const[]){"but", "and", "while", "as", "because", "which", NULL}) ||
                                (intro_phrase(c, lo) && s.a - lo <= 16); /* "In a March meeting with the board Trump said" */
            size_t after = content_after_cue(c, e, k + nt, hi);
            size_t m = k + nt;
            while (m < hi && m - (k + nt) < 4 && tok_in(c, m, time_words)) m++;
            /* nothing after the cue, or only a comma and a participle */
            bool tail = trim_end(c, after, hi) <= after + 1 || tok_punct(c, m, ',') || m >= trim_end(c, m, hi);
            if (!tail && clause_start) {
                set_cue(c, &q, e, k, nt);
                if (!passive) set_speaker(c, &q, s);
                if (!push_indirect(c, &q, after, hi, lo, hi)) return false;
                k += nt - 1;
                continue;
            }
            if (passive) continue;
            if (tail && s.a > lo + 1 && tok_punct(c, s.a - 1, ',')) { /* CLAUSE, X said. */
                set_cue(c, &q, e, k, nt);
                set_speaker(c, &q, s);
                /* "The museum, Mr. Bush said, celebrated his heroes": the
                 * clause goes on after the cue; its words are the whole
                 * sentence's, the attribution inside them */
                bool goes_on = tok_punct(c, m, ',') && m + 1 < hi && is_word(c, m + 1) && !tok_is(c, m + 1, "and") &&
                               !(tok_len(c, m + 1) > 4 && !memcmp(tok_ptr(c, m + 1) + tok_len(c, m + 1) - 3, "ing", 3)) &&
                               words_in(c, m + 1, hi) >= 3;
                if (!push_indirect(c, &q, lo, goes_on ? hi : s.a - 1, lo, hi)) return false;
                k += nt - 1;
                continue;
            }
            continue;
        }
        /* "He expressed concern and said he hoped ...": a second verb of the
         * sentence's subject, or of its earlier attribution's speaker */
        size_t v = k;
        while (v > lo && k - v < 3 && is_word(c, v - 1) && (adverb(c, v - 1) || tok_in(c, v - 1, skip_before_cue)) &&
               !tok_is(c, v - 1, "not") && !tok_is(c, v - 1, "never"))
            v--;
        if (v > lo + 2 && tok_is(c, v - 1, "and")) {
            size_t after = content_after_cue(c, e, k + nt, hi);
            const ng_quote *prior = prior_in_sentence(c, lo, k);
            tspan subj = np_right(c, lo, v - 1);
            bool named = subj.a == lo && subj.a < subj.b && (name_like(c, subj) || tok_in(c, subj.a, pronouns));
            if ((prior || named) && trim_end(c, after, hi) > after + 1 && !passive) {
                set_cue(c, &q, e, k, nt);
                if (prior) {
                    q.speaker = prior->speaker;
                    q.speaker_span = prior->speaker_span;
                    q.speaker_entity = prior->speaker_entity;
                    q.speaker_via = prior->speaker_via;
                    q.antecedent = prior->antecedent;
                } else
                    set_speaker(c, &q, subj);
                if (!push_indirect(c, &q, after, hi, lo, hi)) return false;
                k += nt - 1;
                continue;
            }
        }
        if (k > lo + 2 && tok_punct(c, k - 1, ',')) {
            /* NP, who ..., said CLAUSE  /  NP, the spokesman, said CLAUSE */
            size_t pc = k - 1;
            while (pc > lo && k - pc < 30 && !tok_punct(c, pc - 1, ',')) pc--;
            if (pc > lo + 1 && tok_punct(c, pc - 1, ',')) {
                tspan subj = np_left(c, pc - 1, lo);
                /* the aside is a relative clause or a noun phrase: "Goodstein,
                 * its chief executive, said"; a verb of its own would make it
                 * a clause of the sentence ("Trump won, and Cruz said") */
                bool aside = tok_in(c, pc, (const char *const[]){"who", "which", "whose", NULL}) ||
                             is_cap(c, pc) || tok_in(c, pc, determiners) || appositive(c, pc, k - 1);
                size_t after = content_after_cue(c, e, k + nt, hi);
                if (subj.a == lo && subj.a < subj.b && aside && trim_end(c, after, hi) > after + 1) {
                    set_cue(c, &q, e, k, nt);
                    set_speaker(c, &q, subj);
                    if (!push_indirect(c, &q, after, hi, lo, hi)) return false;
                    k += nt - 1;
                    continue;
                }
            }
            /* CLAUSE, said X. */
            tspan r = np_right(c, k + nt, hi);
            if (r.a == r.b) continue;
            set_cue(c, &q, e, k, nt);
            set_speaker(c, &q, r);
            if (!push_indirect(c, &q, lo, k - 1, lo, hi)) return false;
            k += nt - 1;
            continue;
        }
    }
    return true;
}

static int by_start(const void *x, const void *y)
{
    const ng_quote *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return (int)b->direct - (int)a->direct;
}

/* Paragraphs with a photo credit ("Photo: AP", "Getty Images",
 * "/Reuters") are captions: the people in them are not the text's
 * antecedents. */
static void mark_captions(ctx *c)
{
    static const char *const credit_words[] = {"photo", "photograph", "photos", "image", "credit", "pictured", NULL};
    for (size_t i = 0; i + 1 < c->n; i++) {
        bool credit = (tok_in(c, i, credit_words) && is_cap(c, i) &&
                       (tok_punct(c, i + 1, ':') || tok_punct(c, i + 1, '/') || (i > 0 && tok_punct(c, i - 1, '/')))) ||
                      (tok_is(c, i, "getty") && tok_is(c, i + 1, "images")) ||
                      (tok_is(c, i, "ap") && tok_is(c, i + 1, "photo"));
        if (credit) c->caption[c->para[i]] = 1;
    }
}

/* Token i is in a sentence written in headline case ("Clinton Hid Past
 * Health Problems, Former White House Doctor Says."), looking at most 40
 * tokens either way. */
static bool in_headline(const ctx *c, size_t i)
{
    size_t a = i, b = i + 1;
    while (a > 0 && i - a < 40 && c->sent[a - 1] == c->sent[i]) a--;
    while (b < c->n && b - i < 40 && c->sent[b] == c->sent[i]) b++;
    return headline_case(c, a, b);
}

/* The stage, with its per-token tables in c->scratch. */
static const char *find_quotes(ctx *c, const ng_mention *mentions, size_t n_mentions)
{
    ng_arena *a = c->scratch;
    ng_record *rec = c->rec;
    c->para = ng_calloc(a, c->n, sizeof *c->para);
    c->sent = ng_calloc(a, c->n, sizeof *c->sent);
    c->ent = ng_calloc(a, c->n, sizeof *c->ent);
    c->ne = ng_calloc(a, c->n, 1);
    c->cue = ng_calloc(a, c->n, sizeof *c->cue);
    c->cue_n = ng_calloc(a, c->n, 1);
    if (!c->ne || !c->cue || !c->cue_n) return "out of memory";
    for (size_t i = 0; i < c->n; i++) {
        size_t nt;
        c->cue[i] = lookup_cue(c, i, &nt);
        c->cue_n[i] = (uint8_t)nt;
        /* "the claim", "his claims", "Trump's claims", "false claims": a
         * noun after a determiner, a possessive or an adjective is no cue */
        if (c->cue[i] && c->cue[i]->kind == NG_CUE_VERB && noun_reading(c, i)) c->cue[i] = NULL;
        if (c->cue[i] && (c->cue[i]->flags & NG_CUE_BASE) && !verb_position(c, i)) c->cue[i] = NULL;
        /* "the United States and", "Reported Cases": a capitalised form after
         * a capitalised word and before a lower-case one ends a name; in a
         * headline ("Trump Says He Will") the next word is capitalised too */
        if (c->cue[i] && c->cue[i]->kind == NG_CUE_VERB && is_cap(c, i) && i > 0 && is_cap(c, i - 1) &&
            c->sent[i - 1] == c->sent[i] && !is_cap(c, i + 1) && !in_headline(c, i))
            c->cue[i] = NULL;
    }
    for (size_t m = 0; m < n_mentions; m++)
        for (size_t i = mentions[m].tok_start; i < mentions[m].tok_end && i < c->n; i++) c->ne[i] = mentions[m].type;
    uint8_t *in_quote = ng_calloc(a, c->n, 1);
    if (!c->para || !c->sent || !c->ent || !in_quote) return "out of memory";
    c->in_quote = in_quote;
    c->whole = ng_calloc(a, c->n, 1);
    c->cue_used = ng_calloc(a, c->n, 1);
    if (!c->whole || !c->cue_used) return "out of memory";
    if (rec->n_entities && !index_names(c)) return "out of memory";
    for (size_t i = 0, p = 0, s = 0; i < c->n; i++) {
        while (p + 1 < rec->n_paragraphs && rec->paragraphs[p].end <= c->t[i].start) p++;
        while (s + 1 < rec->n_sentences && rec->sentences[s].end <= c->t[i].start) s++;
        c->para[i] = (uint32_t)p;
        c->sent[i] = (uint32_t)s;
    }
    /* entity mentions onto tokens: mentions are visited once each, and a
     * binary search finds their first token */
    for (size_t k = 0; k < rec->n_entities; k++) {
        const ng_entity *e = &rec->entities[k];
        for (size_t m = 0; m < e->n_mentions; m++) {
            size_t lo = 0, hi = c->n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (c->t[mid].end <= e->mentions[m].start) lo = mid + 1;
                else hi = mid;
            }
            uint8_t t = e->type == NG_ENTITY_PER ? NG_NE_PER : e->type == NG_ENTITY_ORG ? NG_NE_ORG
                      : e->type == NG_ENTITY_LOC ? NG_NE_LOC : NG_NE_MISC;
            for (size_t i = lo; i < c->n && c->t[i].start < e->mentions[m].end; i++) {
                c->ent[i] = (uint32_t)(k + 1);
                c->ne[i] = t;
            }
        }
    }
    c->caption = ng_calloc(a, rec->n_paragraphs + 1, 1);
    c->ent_gender = ng_calloc(a, rec->n_entities + 1, 1);
    if (!c->caption || !c->ent_gender) return "out of memory";
    mark_captions(c);
    /* a person's gender from a title or given name at any of its mentions */
    for (size_t i = 0; i < c->n; i++) {
        if (!c->ent[i] || c->ne[i] != NG_NE_PER || c->ent_gender[c->ent[i]]) continue;
        char g = word_gender(c, i);
        if (!g && i > 0 && c->ent[i - 1] != c->ent[i]) g = word_gender(c, i - 1);
        c->ent_gender[c->ent[i]] = g;
    }

    piece_vec pieces = {0};
    if (!find_pieces(c, &pieces)) return "out of memory";
    /* One pass in text order, sentence by sentence, so a pronoun sees
     * every speaker named before it: the direct quotes that open in the
     * sentence, then its indirect attributions, with cues the quotes did
     * not take and contents outside whole quotes (a fragment the writer's
     * words lead into, "said he was making "a demand" of Obama", may be in
     * one). */
    size_t pk = 0, prev_q = SIZE_MAX;
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        while (j < c->n && c->sent[j] == c->sent[i]) j++;
        for (; pk < pieces.len && pieces.items[pk].open < j; pk++)
            if (!direct_quote(c, &pieces, pk, in_quote, &prev_q)) return "out of memory";
        bool open_before = i > 0 && in_quote[i - 1] && in_quote[i];
        if (!open_before && !indirect_in_sentence(c, i, j)) return "out of memory";
        i = j;
    }
    fill_back(c);
    if (c->out.len > 1) qsort(c->out.items, c->out.len, sizeof *c->out.items, by_start);
    return NULL;
}

const char *ng_quotes_find(ng_arena *a, ng_record *rec, const ng_mention *mentions, size_t n_mentions)
{
    rec->quotes = NULL;
    rec->n_quotes = 0;
    if (!rec->n_tokens) return NULL;
    ctx c;
    memset(&c, 0, sizeof c);
    ng_arena scratch;
    ng_arena_init_scratch(&scratch, a);
    c.arena = a;
    c.scratch = &scratch;
    c.rec = rec;
    c.s = rec->text.ptr;
    c.t = rec->tokens;
    c.n = rec->n_tokens;
    const char *err = find_quotes(&c, mentions, n_mentions);
    ng_arena_free(&scratch);
    if (err) return err;
    rec->quotes = c.out.items;
    rec->n_quotes = c.out.len;
    return NULL;
}

const char *ng_speaker_via_name(ng_speaker_via via)
{
    static const char *const names[] = {"none", "name", "description", "pronoun", "continuation"};
    return (unsigned)via < sizeof names / sizeof *names ? names[via] : "none";
}

void ng_quotes_json(ng_buf *b, const ng_record *r)
{
    ng_buf_puts(b, ",\"quotes\":[");
    for (size_t i = 0; i < r->n_quotes; i++) {
        const ng_quote *q = &r->quotes[i];
        ng_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        ng_json_string(b, q->text.ptr ? q->text.ptr : "", q->text.len);
        ng_buf_printf(b, ",\"start\":%u,\"end\":%u,\"direct\":%s", q->start, q->end, q->direct ? "true" : "false");
        if (q->direct) ng_buf_puts(b, q->partial ? ",\"partial\":true" : ",\"partial\":false");
        ng_json_str_or_null(b, "cue", q->cue);
        ng_json_span_or_null(b, "cue_span", q->cue_span);
        ng_json_str_or_null(b, "speaker", q->speaker);
        ng_json_span_or_null(b, "speaker_span", q->speaker_span);
        ng_json_name_or_null(b, "speaker_via", ng_speaker_via_name((ng_speaker_via)q->speaker_via));
        if (q->antecedent.start != q->antecedent.end)
            ng_buf_printf(b, ",\"antecedent\":[%u,%u]", q->antecedent.start, q->antecedent.end);
        if (q->speaker_entity) ng_buf_printf(b, ",\"speaker_entity\":%u", q->speaker_entity);
        else ng_buf_puts(b, ",\"speaker_entity\":null");
        ng_json_str_or_null(b, "hedge", q->hedge);
        /* a direct quote is the source's words; an indirect one the
         * source's claim as the writer reports it */
        static const char *const reported[] = {"speech", "belief", "finding"};
        ng_buf_printf(b, ",\"attribution\":\"%s\"",
                      q->direct ? "quote" : reported[q->attribution < 3 ? q->attribution : 0]);
        ng_buf_putc(b, '}');
    }
    ng_buf_putc(b, ']');
}

static const char *run_quotes_stage(ng_stage_ctx *stage)
{
    return ng_quotes_find(stage->arena, stage->rec, stage->mentions, stage->n_mentions);
}

const ng_stage ng_stage_quotes = {"quotes", run_quotes_stage, ng_quotes_json};
