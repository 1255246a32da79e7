/*
 * counts.c: counts and amounts, after GDELT's GKG counts (CountType,
 * Number, ObjectType) and amounts.
 *
 * The stage walks the tokens of each sentence once. At a token that can
 * start a number it reads, left to right:
 *
 *   [qualifier] [currency] NUMBER [scale] [unit | currency | percent] [object]
 *
 *   qualifier  "more than", "some", "at least"... -> approx
 *   NUMBER     digits ("11,000", "1.2", "50m", "3bn", "3.5km") or words
 *              ("two", "twenty-one", "three hundred", "a dozen"), or a vague
 *              quantity ("several hundred", "dozens", "hundreds of",
 *              "tens of thousands"), which gets approx "indefinite" and the
 *              smallest value its plural allows: "several hundred" and
 *              "hundreds" are 200, "dozens" 24, "scores of" 40, "tens of
 *              thousands" 20,000
 *   scale      hundred, thousand, million, billion, trillion, bn, mn
 *   unit       %, percent, km, miles, square kilometers, hectares...;
 *              currency symbols before ($ € £ ¥ ₹ ₽ ₴, "US$") or ISO codes
 *              and currency words ("dollars", "euros") around the number
 *   object     the words after the number up to a verb, a preposition or
 *              punctuation: "North Korean troops are deployed" -> "North
 *              Korean troops"
 *
 * Then the kind: a word of lexicons/verbs.tsv or lexicons/count_kinds.tsv
 * (compiled into count_kinds.h) after the object in a passive or relative clause
 * ("soldiers had been killed", "soldiers who were captured"), or before the
 * number as the governing verb ("captured two soldiers"), or, failing both,
 * in the object itself ("dozens of protesters", "two wounded soldiers"). A
 * passive verb group after the object wins over a verb before the number;
 * otherwise the verb before wins, since "killed 12 and wounded 30" puts the
 * next count's verb after this one; and a verb wins over the object's noun,
 * so "arrested 20 protesters" is ARREST. Two kinds joined by "or" / "and"
 * ("killed or wounded") give kind and kind2 (JSON "kinds": both).
 *
 * Not counts: years (a bare 1000-2100 without separators; so "in 2000
 * soldiers" is missed, a documented trade-off), days of a month next to a
 * month name, times (10:30, 5 pm), ordinals (11th, "11th-hour"), decades
 * (1990s), durations (a number whose next word is a time unit: "three
 * years" belongs to the dates stage), labels ("No. 5", "page 3", "aged
 * 35"), ranges and fractions (2-1, 3/4), "one of", and a bare "one" with no
 * object ("One has a wound"); numbers in names ("Radio 4", "BBC Two"),
 * table cells ("| 26 |"), references ("(18)") and list markers ("4.").
 *
 * Every decision looks at a bounded window of tokens around the number, so
 * the stage is linear in the number of tokens. Nothing is allocated except
 * the output.
 */
#include "counts.h"

#include <math.h>
#include <stdlib.h>

#include "count_kinds.h"
#include "lexicon.h"

#define WORD_MAX 32 /* longer tokens are never in a list */

typedef struct cx {
    const ng_record *r;
    const ng_words *w;
    size_t b, e; /* token range to look in: the sentence, after the previous count */
    size_t s0;   /* first token of the sentence */
} cx;

/* Copies token i's lexicon key (lowercase, ’ as ') to out. Returns its
 * length, 0 when it does not fit. */
static size_t lw(const cx *c, size_t i, char out[WORD_MAX])
{
    size_t n;
    const char *key = ng_word_key(c->w, i, &n);
    if (n + 1 > WORD_MAX) return 0;
    memcpy(out, key, n + 1);
    return n;
}

static bool tok_ok(const cx *c, size_t i) { return i >= c->b && i < c->e; }
static uint8_t tok_kind(const cx *c, size_t i) { return c->r->tokens[i].kind; }
static bool is_wordish(const cx *c, size_t i)
{
    uint8_t k = tok_kind(c, i);
    return k == NG_TOK_WORD || k == NG_TOK_ABBREV;
}
/* Token i (in the sentence) is the lowercase word `w`. */
static bool tok_is(const cx *c, size_t i, const char *w)
{
    char buf[WORD_MAX];
    return tok_ok(c, i) && lw(c, i, buf) && strcmp(buf, w) == 0;
}
static bool tok_upper(const cx *c, size_t i)
{
    char ch = c->r->text.ptr[c->r->tokens[i].bstart];
    return ch >= 'A' && ch <= 'Z';
}

/* ---- word lists ----------------------------------------------------------- */

static const char *const units_words[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens_words[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

static const char *const months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."};

static const char *const time_units[] = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
    "minutes", "second", "seconds", "decade", "decades", "century", "centuries", "night", "nights",
    "weekend", "weekends", "am", "pm", "a.m.", "p.m.", "gmt", "utc", "o'clock", "bst", "cet", "est", "et"};

/* Words before a number that make it a label, not a count. */
static const char *const label_words[] = {
    "no", "no.", "nos", "nos.", "number", "page", "pages", "chapter", "article", "section", "route",
    "flight", "room", "level", "grade", "phase", "aged", "age", "ages", "episode", "season", "vol",
    "vol.", "volume", "paragraph", "resolution", "category", "class", "model", "version", "line",
    "platform", "gate", "highway", "interstate", "channel", "division", "tier", "stage", "game", "week",
    "day", "round", "year", "years", "figure", "fig.", "table", "item", "act", "rule", "top"};

/* Words that end an object: function words, auxiliaries and common verbs. */
static const char *const stop_words[] = {
    "a", "about", "above", "across", "after", "against", "along", "also", "am", "among", "an", "and",
    "another", "any", "are", "around", "as", "at", "be", "became", "because", "been", "before", "being",
    "below", "between", "both", "but", "by", "came", "can", "could", "did", "do", "does", "during", "each",
    "either", "else", "ever", "every", "few", "for", "from", "get", "got", "had", "has", "have", "having",
    "he", "her", "here", "him", "his", "how", "i", "if", "in", "including", "into", "is", "it", "its",
    "just", "left", "less", "like", "made", "make", "many", "may", "me", "might", "more", "most", "much",
    "must", "my", "near", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "onto",
    "or", "other", "others", "our", "out", "over", "per", "plus", "said", "same", "say", "says", "shall",
    "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "though", "through", "to", "too", "toward", "towards",
    "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
    "would", "yet", "you", "your", "told", "took", "went", "remain", "remained", "remains", "appear",
    "appeared", "seem", "seemed", "survived", "show", "showed", "shows", "need", "needed", "want",
    "wanted", "according", "vs", "vs.", "versus", "times", "percent", "away", "ago", "apart", "ran",
    "spoke", "wrote", "fought", "gave", "met", "saw", "began", "brought", "held", "kept", "stood", "sent",
    "paid", "fell", "rose", "grew", "knew", "thought", "felt", "heard", "found", "lost", "won", "attend",
    "attended", "live", "lived", "work", "worked", "died"};

/* Plural nouns without a final s: they end an object like "soldiers" does. */
static const char *const plural_heads[] = {"people", "children", "men", "women", "police", "personnel",
                                           "staff", "cattle", "sheep", "fish", "militia", "crew", "youth"};

/* Words that end a verb group when looking for the kind after an object. */
static const char *const clause_breaks[] = {
    "in", "on", "at", "from", "to", "for", "with", "by", "near", "into", "during", "after", "since",
    "across", "because", "but", "than", "while", "when", "said", "says", "say", "told", "of"};

static const char *const aux_words[] = {
    "is", "are", "was", "were", "be", "been", "being", "had", "has", "have", "got", "get", "reportedly",
    "allegedly", "who", "that", "which", "later", "also", "all", "now", "still"};

static ng_count_kind kind_of(const char *w)
{
    const struct count_kind_entry *e = NG_LEX_SEARCH(w, strlen(w), count_kind_table);
    return e ? (ng_count_kind)e->kind : NG_COUNT_NONE;
}

ng_count_kind ng_count_kind_of(const char *word, size_t len)
{
    char buf[WORD_MAX];
    if (len + 1 > WORD_MAX) return NG_COUNT_NONE;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return kind_of(buf);
}

static int small_number(const char *w)
{
    size_t n = strlen(w);
    size_t k = ng_lex_index(w, n, units_words, NG_LEX_COUNT(units_words));
    if (k != NG_LEX_NONE) return (int)k;
    k = ng_lex_index(w, n, tens_words, NG_LEX_COUNT(tens_words));
    return k != NG_LEX_NONE ? 20 + 10 * (int)k : -1;
}

/* "one", "twenty", "twenty-one": the value, or -1. */
static int cardinal_word(const char *w)
{
    int v = small_number(w);
    if (v >= 0) return v;
    const char *dash = strchr(w, '-');
    if (!dash || dash - w >= WORD_MAX) return -1;
    char head[WORD_MAX];
    memcpy(head, w, (size_t)(dash - w));
    head[dash - w] = '\0';
    int t = small_number(head), u = small_number(dash + 1);
    if (t < 20 || t % 10 || u < 1 || u > 9) return -1;
    return t + u;
}

static double scale_word(const char *w)
{
    if (!strcmp(w, "hundred")) return 1e2;
    if (!strcmp(w, "thousand")) return 1e3;
    if (!strcmp(w, "million") || !strcmp(w, "mln") || !strcmp(w, "mn")) return 1e6;
    if (!strcmp(w, "billion") || !strcmp(w, "bn")) return 1e9;
    if (!strcmp(w, "trillion") || !strcmp(w, "tn")) return 1e12;
    if (!strcmp(w, "dozen")) return 12;
    return 0;
}

static double plural_scale(const char *w)
{
    if (!strcmp(w, "hundreds")) return 1e2;
    if (!strcmp(w, "thousands")) return 1e3;
    if (!strcmp(w, "millions")) return 1e6;
    if (!strcmp(w, "billions")) return 1e9;
    if (!strcmp(w, "dozens")) return 12;
    return 0;
}

/* ---- reading one amount ---------------------------------------------------- */

typedef struct amount {
    double value;
    size_t first, end;   /* tokens [first, end) of the expression, qualifier included */
    size_t num_first;    /* first token of the number itself */
    uint8_t approx, type;
    const char *unit;    /* static string or NULL */
    bool words;          /* written in words */
    bool no_object;      /* a currency word ends it: "5,000 euros" counts euros */
} amount;

/* Parses digits with optional thousands separators and decimals, and a
 * letter suffix. Returns false if the token is not a plain number. */
static bool parse_digits(const char *s, size_t n, double *value, char suffix[8], bool *plain_year)
{
    size_t i = 0, int_digits = 0, group = 0;
    bool commas = false, dot = false;
    double v = 0, frac = 0.1;
    for (; i < n; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            if (dot) { v += (ch - '0') * frac; frac /= 10; }
            else { v = v * 10 + (ch - '0'); int_digits++; group++; }
        } else if (ch == ',' && !dot && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            if ((commas && group != 3) || (!commas && (group < 1 || group > 3))) return false;
            commas = true;
            group = 0;
        } else if (ch == '.' && !dot && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            dot = true;
        } else {
            break;
        }
    }
    if (!int_digits || (commas && group != 3)) return false;
    size_t k = 0;
    for (; i < n; i++) {
        char ch = s[i];
        if (k >= 7) return false;
        suffix[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    suffix[k] = '\0';
    *value = v;
    *plain_year = !commas && !dot && !k && int_digits == 4 && v >= 1000 && v <= 2100;
    return true;
}

static const char *currency_symbol(const cx *c, size_t i)
{
    const ng_token *t = &c->r->tokens[i];
    if (t->kind != NG_TOK_SYMBOL) return NULL;
    const char *s = c->r->text.ptr + t->bstart;
    size_t n = t->bend - t->bstart;
    static const struct { const char *sym, *iso; } syms[] = {
        {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}, {"₽", "RUB"}, {"₴", "UAH"}};
    for (size_t k = 0; k < sizeof syms / sizeof *syms; k++)
        if (strlen(syms[k].sym) == n && !memcmp(syms[k].sym, s, n)) return syms[k].iso;
    return NULL;
}

static const char *iso_currency(const cx *c, size_t i)
{
    static const char *const codes[] = {"USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "INR", "CHF",
                                        "CAD", "AUD"};
    const ng_token *t = &c->r->tokens[i];
    if (t->kind != NG_TOK_WORD || t->bend - t->bstart != 3) return NULL;
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++)
        if (!memcmp(codes[k], c->r->text.ptr + t->bstart, 3)) return codes[k];
    return NULL;
}

static const char *currency_word(const char *w)
{
    static const struct { const char *word, *iso; } words[] = {
        {"dollar", "USD"}, {"dollars", "USD"}, {"euro", "EUR"}, {"euros", "EUR"}, {"pound", "GBP"},
        {"pounds", "GBP"}, {"sterling", "GBP"}, {"yen", "JPY"}, {"yuan", "CNY"}, {"renminbi", "CNY"},
        {"rouble", "RUB"}, {"roubles", "RUB"}, {"ruble", "RUB"}, {"rubles", "RUB"}, {"hryvnia", "UAH"},
        {"hryvnias", "UAH"}, {"rupee", "INR"}, {"rupees", "INR"}};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (!strcmp(words[k].word, w)) return words[k].iso;
    return NULL;
}

static const char *distance_unit(const char *w)
{
    if (!strcmp(w, "km") || !strcmp(w, "kilometers") || !strcmp(w, "kilometres") || !strcmp(w, "kilometer") ||
        !strcmp(w, "kilometre")) return "km";
    if (!strcmp(w, "miles") || !strcmp(w, "mile") || !strcmp(w, "mi")) return "mi";
    if (!strcmp(w, "metres") || !strcmp(w, "meters") || !strcmp(w, "metre") || !strcmp(w, "meter") ||
        !strcmp(w, "m")) return "m";
    return NULL;
}

static const char *area_unit(const char *w)
{
    if (!strcmp(w, "km2") || !strcmp(w, "km²") || !strcmp(w, "sq.km")) return "km2";
    if (!strcmp(w, "hectares") || !strcmp(w, "hectare") || !strcmp(w, "ha")) return "ha";
    if (!strcmp(w, "acres") || !strcmp(w, "acre")) return "acre";
    return NULL;
}

/* Reads the qualifier ending right before token i; returns its first token
 * (i when there is none) and sets *approx. */
static size_t read_qualifier(const cx *c, size_t i, uint8_t *approx)
{
    static const struct { const char *w1, *w2, *w3; uint8_t approx; } q[] = {
        {"as", "many", "as", NG_APPROX_UP_TO}, {"no", "fewer", "than", NG_APPROX_AT_LEAST},
        {"no", "less", "than", NG_APPROX_AT_LEAST}, {"in", "excess", "of", NG_APPROX_MORE_THAN},
        {"more", "than", NULL, NG_APPROX_MORE_THAN}, {"upwards", "of", NULL, NG_APPROX_MORE_THAN},
        {"fewer", "than", NULL, NG_APPROX_LESS_THAN}, {"less", "than", NULL, NG_APPROX_LESS_THAN},
        {"at", "least", NULL, NG_APPROX_AT_LEAST}, {"up", "to", NULL, NG_APPROX_UP_TO},
        {"at", "most", NULL, NG_APPROX_UP_TO}, {"close", "to", NULL, NG_APPROX_NEARLY},
        {"an", "estimated", NULL, NG_APPROX_ABOUT}, {"about", NULL, NULL, NG_APPROX_ABOUT},
        {"around", NULL, NULL, NG_APPROX_ABOUT}, {"some", NULL, NULL, NG_APPROX_ABOUT},
        {"roughly", NULL, NULL, NG_APPROX_ABOUT}, {"approximately", NULL, NULL, NG_APPROX_ABOUT},
        {"estimated", NULL, NULL, NG_APPROX_ABOUT}, {"approx.", NULL, NULL, NG_APPROX_ABOUT},
        {"circa", NULL, NULL, NG_APPROX_ABOUT}, {"nearly", NULL, NULL, NG_APPROX_NEARLY},
        {"almost", NULL, NULL, NG_APPROX_NEARLY}, {"over", NULL, NULL, NG_APPROX_MORE_THAN},
        {"under", NULL, NULL, NG_APPROX_LESS_THAN}};
    for (size_t k = 0; k < sizeof q / sizeof *q; k++) {
        size_t len = q[k].w3 ? 3 : q[k].w2 ? 2 : 1;
        if (i < c->b + len) continue;
        size_t s = i - len;
        if (!tok_is(c, s, q[k].w1)) continue;
        if (q[k].w2 && !tok_is(c, s + 1, q[k].w2)) continue;
        if (q[k].w3 && !tok_is(c, s + 2, q[k].w3)) continue;
        *approx = q[k].approx;
        return s;
    }
    *approx = NG_APPROX_EXACT;
    return i;
}

/* Cardinal words from token i: "two", "three hundred", "two thousand five
 * hundred", "twenty-one", "a dozen", "a million". */
static bool read_word_number(const cx *c, size_t i, double *value, size_t *end, uint8_t *approx)
{
    char w[WORD_MAX];
    double total = 0, cur = 0;
    bool any = false, last_small = false;
    size_t j = i;
    if (tok_is(c, j, "a") || tok_is(c, j, "an")) {
        char w2[WORD_MAX];
        if (!tok_ok(c, j + 1) || !lw(c, j + 1, w2) || !scale_word(w2)) return false;
        if (!strcmp(w2, "dozen")) *approx = NG_APPROX_ABOUT;
        cur = 1;
        any = true;
        j++;
    }
    for (; tok_ok(c, j) && tok_kind(c, j) == NG_TOK_WORD && lw(c, j, w); j++) {
        int v = cardinal_word(w);
        double sc;
        if (v >= 0) {
            if (last_small && !(cur >= 100 && (int)cur % 100 == 0 && v < 100)) break;
            cur += v;
            any = last_small = true;
        } else if ((sc = scale_word(w)) != 0 && any) {
            if (sc == 100 || sc == 12) cur = (cur ? cur : 1) * sc;
            else { total += (cur ? cur : 1) * sc; cur = 0; }
            last_small = false;
        } else if (!strcmp(w, "and") && any && tok_ok(c, j + 1) && lw(c, j + 1, w) && cardinal_word(w) > 0 &&
                   (total > 0 || cur >= 100)) {
            continue;
        } else {
            break;
        }
    }
    if (!any) return false;
    *value = total + cur;
    *end = j;
    return true;
}

/* Vague quantities from token i: "dozens (of)", "hundreds (of)", "tens of
 * thousands", "several hundred", "a few thousand". */
static bool read_vague(const cx *c, size_t i, double *value, size_t *end)
{
    char w[WORD_MAX], w2[WORD_MAX];
    if (!lw(c, i, w)) return false;
    size_t j = i;
    double sc;
    if (!strcmp(w, "tens") && tok_is(c, i + 1, "of") && tok_ok(c, i + 2) && lw(c, i + 2, w2) &&
        (sc = plural_scale(w2)) >= 1e3) {
        *value = 20 * sc;
        j = i + 3;
    } else if (!strcmp(w, "scores") && tok_is(c, i + 1, "of") &&
               !(i > c->b && (tok_is(c, i - 1, "the") || tok_is(c, i - 1, "their") || tok_is(c, i - 1, "its") ||
                              tok_is(c, i - 1, "his") || tok_is(c, i - 1, "her")))) {
        *value = 40; /* "scores of refugees": two score; "the scores of the games" are not counts */
        j = i + 1;
    } else if ((sc = plural_scale(w)) != 0) {
        *value = 2 * sc;
        j = i + 1;
        double sc2;
        if (sc == 100 && tok_is(c, j, "of") && tok_ok(c, j + 1) && lw(c, j + 1, w2) &&
            (sc2 = plural_scale(w2)) >= 1e3) {
            *value = 2 * sc * sc2; /* hundreds of thousands */
            j += 2;
        }
    } else if (!strcmp(w, "several") || !strcmp(w, "few") || (!strcmp(w, "a") && tok_is(c, i + 1, "few"))) {
        j = i + (w[0] == 'a' ? 2 : 1);
        if (!tok_ok(c, j) || !lw(c, j, w2) || !(sc = scale_word(w2))) return false;
        *value = 2 * sc;
        j++;
    } else {
        return false;
    }
    if (tok_is(c, j, "of")) j++;
    *end = j;
    return true;
}

static bool is_month(const cx *c, size_t i)
{
    char w[WORD_MAX];
    return tok_ok(c, i) && is_wordish(c, i) && tok_upper(c, i) && lw(c, i, w) && NG_LEX_IN(w, months);
}

static bool is_time_unit(const cx *c, size_t i)
{
    char w[WORD_MAX];
    return tok_ok(c, i) && is_wordish(c, i) && lw(c, i, w) && NG_LEX_IN(w, time_units);
}

static bool punct_is(const cx *c, size_t i, char ch)
{
    if (!tok_ok(c, i)) return false;
    const ng_token *t = &c->r->tokens[i];
    return t->bend - t->bstart == 1 && c->r->text.ptr[t->bstart] == ch;
}

/* Token i follows a capitalised word that does not start the sentence:
 * "Radio 4", "Apollo 11", "BBC Two" are names, not counts. */
static bool after_name(const cx *c, size_t i)
{
    return i > c->s0 + 1 && i > c->b && tok_kind(c, i - 1) == NG_TOK_WORD && tok_upper(c, i - 1) &&
           !is_month(c, i - 1);
}

/* Reads an amount whose number starts at token i. */
static bool read_amount(const cx *c, size_t i, amount *out)
{
    const ng_token *t = &c->r->tokens[i];
    char w[WORD_MAX];
    memset(out, 0, sizeof *out);
    out->num_first = i;
    const char *currency = NULL;
    size_t first = i;
    if (i > c->b && (currency = currency_symbol(c, i - 1)) != NULL) {
        first = i - 1;
        if (first > c->b && tok_is(c, first - 1, "us") && !strcmp(currency, "USD")) first--;
    } else if (i > c->b && (currency = iso_currency(c, i - 1)) != NULL) {
        first = i - 1;
    }
    size_t j;
    double value;
    bool scaled_suffix = false;
    if (t->kind == NG_TOK_NUMBER) {
        const char *s = c->r->text.ptr + t->bstart;
        size_t n = t->bend - t->bstart;
        if (memchr(s, ':', n)) return false;
        char suffix[8];
        bool year;
        if (!parse_digits(s, n, &value, suffix, &year)) return false;
        j = i + 1;
        if (suffix[0]) {
            /* "k" and "b" scale only money: "4k streaming", "2B Mindset" */
            if (!strcmp(suffix, "bn") || (!strcmp(suffix, "b") && currency)) { value *= 1e9; scaled_suffix = true; }
            else if (!strcmp(suffix, "mn") || !strcmp(suffix, "mln") || (!strcmp(suffix, "m") && currency)) { value *= 1e6; scaled_suffix = true; }
            else if (!strcmp(suffix, "tn") || !strcmp(suffix, "trn")) { value *= 1e12; scaled_suffix = true; }
            else if (!strcmp(suffix, "k") && currency) { value *= 1e3; scaled_suffix = true; }
            else if (distance_unit(suffix)) { out->type = NG_AMOUNT_DISTANCE; out->unit = distance_unit(suffix); }
            else if (area_unit(suffix)) { out->type = NG_AMOUNT_AREA; out->unit = area_unit(suffix); }
            else if (!strcmp(suffix, "p") && !currency) { value /= 100; currency = "GBP"; } /* 8.5p */
            else return false; /* 11th, 1990s, 5pm, 10kg... */
        }
        /* Dates and labels. */
        if (is_month(c, i - 1) || is_month(c, i + 1) || (tok_is(c, i + 1, "of") && is_month(c, i + 2)))
            return false;
        if (i > c->b && lw(c, i - 1, w) && NG_LEX_IN(w, label_words) && !currency) return false;
        if (!currency && !memchr(s, ',', n) && !memchr(s, '.', n) && after_name(c, i)) return false;
        if (i > c->b && tok_kind(c, i - 1) == NG_TOK_SYMBOL && punct_is(c, i - 1, '#')) return false;
        if ((punct_is(c, i - 1, '-') || punct_is(c, i - 1, '/')) && tok_ok(c, i - 2) && tok_kind(c, i - 2) == NG_TOK_NUMBER)
            return false;
        /* table cells "| 26 |", references "(18)", list items "4." */
        if (punct_is(c, i - 1, '|') || punct_is(c, i + 1, '|')) return false;
        if (punct_is(c, i - 1, '(') && punct_is(c, i + 1, ')')) return false;
        if (i == c->s0 && (punct_is(c, i + 1, '.') || punct_is(c, i + 1, ')'))) return false;
        if ((punct_is(c, i + 1, '-') || punct_is(c, i + 1, '/')) && tok_ok(c, i + 2) && tok_kind(c, i + 2) == NG_TOK_NUMBER)
            return false;
        if (year && !currency) {
            char nx[WORD_MAX];
            bool amount_after = tok_ok(c, j) && lw(c, j, nx) &&
                                (scale_word(nx) || !strcmp(nx, "%") || !strcmp(nx, "percent") || currency_word(nx) ||
                                 distance_unit(nx) || area_unit(nx) || !strcmp(nx, "square"));
            if (!amount_after) return false;
        }
    } else if (t->kind == NG_TOK_WORD) {
        if (!lw(c, i, w)) return false;
        out->words = true;
        /* A capitalised number word inside a sentence is a name: "BBC Two",
         * "Formula One", "the Six Nations". */
        if (tok_upper(c, i) && i > c->s0 && tok_kind(c, i - 1) != NG_TOK_QUOTE && !punct_is(c, i - 1, '(')) return false;
        uint8_t ap = NG_APPROX_EXACT;
        if (read_vague(c, i, &value, &j)) {
            out->approx = NG_APPROX_INDEFINITE;
        } else if (read_word_number(c, i, &value, &j, &ap)) {
            out->approx = ap;
            if (!strcmp(w, "one") || !strcmp(w, "zero")) {
                /* "one of the", "no one", "the one": not counts; a bare "one"
                 * needs an object, checked by the caller. */
                if (tok_is(c, j, "of") || tok_is(c, j, "another")) return false;
                static const char *const before_one[] = {"no", "any", "every", "each", "the", "this", "that",
                                                         "which", "anyone", "someone", "only"};
                char pw[WORD_MAX];
                if (i > c->b && lw(c, i - 1, pw) && NG_LEX_IN(pw, before_one)) return false;
            }
        } else {
            return false;
        }
    } else {
        return false;
    }
    /* Scale words after digits: "1.2 million", "$50 bn". */
    if (!out->words && !scaled_suffix) {
        double sc;
        for (int n = 0; n < 2 && tok_ok(c, j) && lw(c, j, w) && (sc = scale_word(w)) != 0 && sc != 12; n++) {
            value *= sc; /* "1.2 million", "5 hundred thousand" */
            j++;
        }
    }
    /* Units after. */
    if (!out->unit && tok_ok(c, j) && lw(c, j, w)) {
        const char *u;
        if (!strcmp(w, "%") || !strcmp(w, "percent") || !strcmp(w, "pct")) {
            out->type = NG_AMOUNT_PERCENT; out->unit = "%"; j++;
        } else if (!strcmp(w, "per") && tok_is(c, j + 1, "cent")) {
            out->type = NG_AMOUNT_PERCENT; out->unit = "%"; j += 2;
        } else if (!strcmp(w, "percentage") && (tok_is(c, j + 1, "points") || tok_is(c, j + 1, "point"))) {
            out->type = NG_AMOUNT_PERCENT; out->unit = "pp"; j += 2;
        } else if ((!strcmp(w, "square") || !strcmp(w, "sq") || !strcmp(w, "sq.")) && tok_ok(c, j + 1) &&
                   lw(c, j + 1, w) && (u = distance_unit(w)) != NULL) {
            out->type = NG_AMOUNT_AREA;
            out->unit = !strcmp(u, "km") ? "km2" : !strcmp(u, "mi") ? "mi2" : "m2";
            j += 2;
        } else if ((u = area_unit(w)) != NULL) {
            out->type = NG_AMOUNT_AREA; out->unit = u; j++;
        } else if (!currency && (u = distance_unit(w)) != NULL && strcmp(u, "m") != 0) {
            out->type = NG_AMOUNT_DISTANCE; out->unit = u; j++;
        } else if (!currency && !strcmp(w, "us") && tok_ok(c, j + 1) && lw(c, j + 1, w) && currency_word(w) &&
                   !strcmp(currency_word(w), "USD")) {
            currency = "USD"; j += 2;
        } else if (!currency && (!strcmp(w, "pence") || !strcmp(w, "cents"))) {
            /* pence are GBP; cents are taken as US cents, the commonest in
             * English news (euro cents are then mislabelled) */
            value /= 100; currency = w[0] == 'p' ? "GBP" : "USD"; j++;
            out->no_object = true;
        } else if (!currency && (u = currency_word(w)) != NULL && !(u[0] == 'G' && tok_is(c, j + 1, "of")) &&
                   !tok_is(c, j + 1, "zone") && !tok_is(c, j + 1, "area")) {
            currency = u; j++;
            out->no_object = true; /* "1bn euros immediately" */
        } else if (!currency && (u = iso_currency(c, j)) != NULL) {
            currency = u; j++;
        }
    }
    if (currency) { out->type = NG_AMOUNT_MONEY; out->unit = currency; }
    if (out->type == NG_AMOUNT_COUNT && is_time_unit(c, j)) return false; /* a duration or a time */
    if (out->type == NG_AMOUNT_COUNT && tok_is(c, j, "times")) return false; /* a multiplier */
    /* "two hundred hundred hundred ...": no quantity in news is that large,
     * and the value must stay finite */
    if (!isfinite(value) || value > 1e15) return false;
    uint8_t ap;
    size_t q = read_qualifier(c, first, &ap);
    if (q < first) { first = q; if (out->approx != NG_APPROX_INDEFINITE) out->approx = ap; }
    out->value = value;
    out->first = first;
    out->end = j;
    return true;
}

/* ---- object and kind ------------------------------------------------------ */

static bool ends_with(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k + 1 && !memcmp(w + n - k, suf, k);
}

/* The object: tokens [*ob, *oe) after the amount. */
static void read_object(const cx *c, const amount *am, size_t *ob, size_t *oe)
{
    char w[WORD_MAX];
    size_t j = am->end;
    /* "two of the soldiers", "45% of voters" */
    if (tok_is(c, j, "of")) {
        j++;
        static const char *const dets[] = {"the", "its", "their", "his", "her", "our", "those", "these", "all"};
        if (tok_ok(c, j) && lw(c, j, w) && NG_LEX_IN(w, dets)) j++;
        /* "two of its four steel supports": the object is the other count's */
        if (tok_ok(c, j) && (tok_kind(c, j) == NG_TOK_NUMBER || (lw(c, j, w) && cardinal_word(w) > 0))) j++;
    }
    *ob = *oe = j;
    if (am->no_object) return;
    size_t n = 0;
    for (; tok_ok(c, j) && n < 5; j++) {
        uint8_t k = tok_kind(c, j);
        if (k == NG_TOK_POSSESSIVE && n > 0) { *oe = j + 1; continue; } /* "Chile's output" */
        if (k != NG_TOK_WORD && k != NG_TOK_ABBREV) break;
        size_t len = lw(c, j, w);
        if (!len || NG_LEX_IN(w, stop_words) || is_month(c, j)) break;
        if (n == 0 && NG_LEX_IN(w, time_units)) break;
        bool lower = !tok_upper(c, j);
        if (n > 0 && lower && (ends_with(w, len, "ing") || ends_with(w, len, "ed"))) break;
        if (n == 0 && lower && ends_with(w, len, "ed")) {
            /* "$5 million arrived": a participle starts an object only before
             * the noun it modifies ("two armed men"). */
            char nx[WORD_MAX];
            if (!(tok_ok(c, j + 1) && tok_kind(c, j + 1) == NG_TOK_WORD && lw(c, j + 1, nx) &&
                  !NG_LEX_IN(nx, stop_words)))
                break;
        }
        if (kind_of(w) && lower) {
            /* "2 wounded soldiers": a participle before a noun is a modifier;
             * "2 killed", "soldiers killed": the verb ends the object. */
            bool noun_kind = !ends_with(w, len, "ed") && !ends_with(w, len, "ing");
            char nx[WORD_MAX];
            bool next_word = tok_ok(c, j + 1) && tok_kind(c, j + 1) == NG_TOK_WORD && lw(c, j + 1, nx) &&
                             !NG_LEX_IN(nx, stop_words) && !kind_of(nx);
            if (!noun_kind && !(n == 0 && next_word)) break;
        }
        if (cardinal_word(w) >= 0) break;
        n++;
        *oe = j + 1;
        /* A lowercase plural ends the noun phrase: "83 people ran aground",
         * "two children attend". */
        if (lower && (NG_LEX_IN(w, plural_heads) ||
                      (len > 3 && w[len - 1] == 's' && w[len - 2] != 's' && w[len - 2] != 'u' && w[len - 2] != 'i')))
            break;
    }
    if (!n) *ob = *oe = am->end;
}

/* The kind of the first lexicon word in [from, to) and, after it, a second
 * one joined by or/and. Returns the token index of the first or SIZE_MAX. */
static size_t find_kind_forward(const cx *c, size_t from, size_t limit, uint8_t *kind, uint8_t *kind2, bool *passive)
{
    char w[WORD_MAX];
    int others = 0;
    *passive = false;
    for (size_t j = from; tok_ok(c, j) && j < from + limit; j++) {
        uint8_t k = tok_kind(c, j);
        if (k != NG_TOK_WORD) break;
        if (!lw(c, j, w) || NG_LEX_IN(w, clause_breaks)) break;
        ng_count_kind kd = kind_of(w);
        if (kd) {
            /* "a fire at one cafe that killed 25 people": the verb has its
             * own count, so this one is its subject, not its victim. */
            char nx[WORD_MAX];
            if (tok_ok(c, j + 1) && (tok_kind(c, j + 1) == NG_TOK_NUMBER ||
                                     (lw(c, j + 1, nx) && (cardinal_word(nx) > 0 || !strcmp(nx, "at") ||
                                                           !strcmp(nx, "more") || !strcmp(nx, "some") ||
                                                           !strcmp(nx, "about") || !strcmp(nx, "nearly")))))
                return SIZE_MAX;
            *kind = (uint8_t)kd;
            *passive = j == from || (j > from && lw(c, j - 1, w) && NG_LEX_IN(w, aux_words));
            size_t n2 = j + 1;
            if (tok_is(c, n2, "or") || tok_is(c, n2, "and")) {
                n2++;
                if (tok_ok(c, n2) && lw(c, n2, w) && NG_LEX_IN(w, aux_words)) n2++;
                ng_count_kind k2;
                if (tok_ok(c, n2) && lw(c, n2, w) && (k2 = kind_of(w)) && k2 != kd) *kind2 = (uint8_t)k2;
            }
            return j;
        }
        /* One other word may stand between ("troops fighting there were
         * killed" is too far): past it, a lexicon word belongs to another
         * clause. Auxiliaries and -ly adverbs do not count. */
        if (NG_LEX_IN(w, aux_words) || ends_with(w, strlen(w), "ly")) continue;
        if (++others > 1) break;
    }
    return SIZE_MAX;
}

/* The kind of the verb before the amount; "killing or wounding 50" gives
 * both, in the order written. */
static uint8_t find_kind_backward(const cx *c, size_t before, uint8_t *kind2)
{
    char w[WORD_MAX];
    for (size_t n = 0; n < 4 && before > c->b; n++) {
        size_t j = --before;
        if (tok_kind(c, j) != NG_TOK_WORD || !lw(c, j, w)) break;
        ng_count_kind kd = kind_of(w);
        if (kd) {
            ng_count_kind k1;
            if (j >= c->b + 2 && (tok_is(c, j - 1, "or") || tok_is(c, j - 1, "and")) && lw(c, j - 2, w) &&
                (k1 = kind_of(w)) && k1 != kd) {
                *kind2 = (uint8_t)kd;
                return (uint8_t)k1;
            }
            return (uint8_t)kd;
        }
        static const char *const skippable[] = {"the", "a", "an", "of", "its", "their", "his", "her", "up",
                                                "had", "have", "has", "been", "were", "was", "reportedly",
                                                "also", "another", "all", "and", "at", "least"};
        if (!NG_LEX_IN(w, skippable)) break;
    }
    return NG_COUNT_NONE;
}

static void find_kind(const cx *c, const amount *am, size_t ob, size_t oe, uint8_t *kind, uint8_t *kind2)
{
    char w[WORD_MAX];
    uint8_t fk = 0, fk2 = 0;
    bool passive;
    *kind = *kind2 = NG_COUNT_NONE;
    size_t fwd = find_kind_forward(c, oe, 6, &fk, &fk2, &passive);
    uint8_t bk2 = 0, bk = find_kind_backward(c, am->first, &bk2);
    if (fwd != SIZE_MAX && (passive || !bk)) { *kind = fk; *kind2 = fk2; return; }
    if (bk) { *kind = bk; *kind2 = bk2; return; }
    /* No verb: a noun of the object ("dozens of protesters", "300 evacuees")
     * or a participle before it ("two wounded soldiers"). */
    for (size_t j = ob; j < oe; j++) {
        ng_count_kind kd;
        if (lw(c, j, w) && (kd = kind_of(w))) { *kind = (uint8_t)kd; return; }
    }
}

/* ---- the stage ------------------------------------------------------------ */

/* Words that can start a number in words, sorted by byte order: most word
 * tokens are rejected by one binary search here. */
static const char *const start_words[] = {
    "a", "an", "billions", "dozens", "eight", "eighteen", "eighty", "eleven", "few", "fifteen", "fifty",
    "five", "forty", "four", "fourteen", "hundreds", "millions", "nine", "nineteen", "ninety", "one",
    "scores", "seven", "seventeen", "seventy", "several", "six", "sixteen", "sixty", "ten", "tens", "thirteen",
    "thirty", "thousands", "three", "twelve", "twenty", "two", "zero"};

static bool may_start_number(const cx *c, size_t i)
{
    char w[WORD_MAX];
    const ng_token *t = &c->r->tokens[i];
    unsigned char c0 = (unsigned char)c->r->text.ptr[t->bstart] | 0x20;
    /* the first letters of start_words: a b d e f h m n o s t z */
    if (c0 < 'a' || c0 > 'z' || !((1u << (c0 - 'a')) & 0x20C70BBu) || t->bend - t->bstart > 16) return false;
    if (!lw(c, i, w)) return false;
    char *dash = strchr(w, '-');
    if (dash) *dash = '\0'; /* "twenty-one" */
    return NG_LEX_SEARCH(w, strlen(w), start_words) != NULL;
}

static ng_str dup_tokens(ng_arena *a, const ng_record *r, size_t first, size_t end)
{
    const ng_token *t = r->tokens;
    return ng_strndup(a, r->text.ptr + t[first].bstart, t[end - 1].bend - t[first].bstart);
}

static const char *scan_sentence(ng_arena *a, const cx *sentence, void *vec)
{
    NG_VEC(ng_count) *out = vec;
    const ng_record *r = sentence->r;
    /* Looking back (qualifier, currency, governing verb) stops at the end of
     * the previous count, so counts never overlap: "2 UAH 5" is 2 UAH and 5. */
    cx rest = *sentence;
    const cx *c = &rest;
    for (size_t i = c->b; i < c->e;) {
        uint8_t k = tok_kind(c, i);
        amount am;
        if ((k != NG_TOK_NUMBER && (k != NG_TOK_WORD || !may_start_number(c, i))) || !read_amount(c, i, &am)) {
            i++;
            continue;
        }
        size_t ob, oe;
        read_object(c, &am, &ob, &oe);
        bool bare_one = am.words && am.value == 1 && am.approx == NG_APPROX_EXACT && am.end == i + 1;
        if ((bare_one || am.value == 0) && ob == oe && am.type == NG_AMOUNT_COUNT) { i = am.end; continue; }
        ng_count cnt;
        memset(&cnt, 0, sizeof cnt);
        cnt.value = am.value;
        cnt.approx = am.approx;
        cnt.type = am.type;
        if (am.unit) cnt.unit = ng_strdup(a, am.unit);
        if (ob < oe) cnt.object = dup_tokens(a, r, ob, oe);
        if (am.type == NG_AMOUNT_COUNT) find_kind(c, &am, ob, oe, &cnt.kind, &cnt.kind2);
        cnt.text = dup_tokens(a, r, am.first, am.end);
        cnt.start = r->tokens[am.first].start;
        cnt.end = r->tokens[am.end - 1].end;
        if ((am.unit && !cnt.unit.ptr) || (ob < oe && !cnt.object.ptr) || !cnt.text.ptr) return "out of memory";
        if (!NG_VEC_PUSH(a, out, cnt)) return "out of memory";
        i = am.end > i ? am.end : i + 1;
        rest.b = i;
    }
    return NULL;
}

const char *ng_counts_extract(ng_arena *a, ng_record *rec, const ng_words *words)
{
    ng_words own;
    if (!(words = ng_words_given_or_built(a, rec, words, &own))) return "out of memory";
    NG_VEC(ng_count) out = {0};
    for (size_t s = 0; s < rec->n_sentences; s++) {
        size_t ti = words->sentence_first[s], te = words->sentence_first[s + 1];
        cx c = {rec, words, ti, te, ti};
        const char *err = scan_sentence(a, &c, &out);
        if (err) return err;
    }
    rec->counts = out.items;
    rec->n_counts = out.len;
    return NULL;
}

/* ---- names and JSON ------------------------------------------------------- */

const char *ng_count_kind_name(ng_count_kind kind)
{
    static const char *const names[] = {NULL, "KILL", "WOUND", "ARREST", "KIDNAP", "CAPTURE",
                                        "DEPLOY", "PROTEST", "DISPLACE", "EVACUATE", "AFFECT"};
    return (unsigned)kind < sizeof names / sizeof *names ? names[kind] : NULL;
}

const char *ng_count_approx_name(ng_count_approx approx)
{
    static const char *const names[] = {NULL, "about", "more_than", "less_than", "at_least", "up_to",
                                        "nearly", "indefinite"};
    return (unsigned)approx < sizeof names / sizeof *names ? names[approx] : NULL;
}

const char *ng_count_type_name(ng_count_type type)
{
    static const char *const names[] = {"count", "money", "percent", "distance", "area"};
    return (unsigned)type < sizeof names / sizeof *names ? names[type] : "count";
}

void ng_counts_json(ng_buf *b, const ng_record *r)
{
    ng_buf_puts(b, ",\"counts\":[");
    for (size_t i = 0; i < r->n_counts; i++) {
        const ng_count *c = &r->counts[i];
        double v = c->value;
        if (i) ng_buf_putc(b, ',');
        /* Whole values print as integers; others with up to 15 significant
         * digits, so 1.2e9 is 1200000000 and 0.5 stays 0.5. */
        if (isfinite(v) && v == floor(v) && fabs(v) < 1e15) ng_buf_printf(b, "{\"value\":%.0f", v);
        else if (isfinite(v)) ng_buf_printf(b, "{\"value\":%.15g", v);
        else ng_buf_puts(b, "{\"value\":null");
        ng_json_name_or_null(b, "approx", ng_count_approx_name((ng_count_approx)c->approx));
        ng_buf_printf(b, ",\"type\":\"%s\"", ng_count_type_name((ng_count_type)c->type));
        ng_json_str_or_null(b, "unit", c->unit);
        ng_json_str_or_null(b, "object", c->object);
        ng_json_name_or_null(b, "kind", ng_count_kind_name((ng_count_kind)c->kind));
        ng_buf_puts(b, ",\"kinds\":[");
        if (c->kind) ng_buf_printf(b, "\"%s\"", ng_count_kind_name((ng_count_kind)c->kind));
        if (c->kind2) ng_buf_printf(b, ",\"%s\"", ng_count_kind_name((ng_count_kind)c->kind2));
        ng_buf_putc(b, ']');
        ng_json_str_or_null(b, "text", c->text);
        ng_buf_printf(b, ",\"start\":%u,\"end\":%u}", c->start, c->end);
    }
    ng_buf_putc(b, ']');
}

static const char *find_counts(ng_stage_ctx *stage)
{
    return ng_counts_extract(stage->arena, stage->rec, stage->words);
}

const ng_stage ng_stage_counts = {"counts", find_counts, ng_counts_json};
