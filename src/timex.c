/*
 * timex.c: temporal expressions (TimeML TIMEX3) and their normalised values.
 *
 * Design. One left-to-right pass over the record's tokens. Each word is
 * looked up once in a small sorted keyword table (binary search on the
 * lower-cased word) that gives it a class: month, weekday, number word,
 * ordinal, unit, relative word ("last", "next", "this"), deictic ("today"),
 * reference word ("now", "recently"), part of day, season, modifier,
 * approximator, set word, and so on. Words outside the table have no class,
 * so most tokens cost one lookup and the pass stays linear. At each token a
 * small recursive matcher tries the expression shapes of the TIMEX3
 * guidelines (see shapes[] for the list), keeps the longest, and the scan
 * resumes after it. No regular expressions are used.
 *
 * Extents follow TimeBank: a leading "the" and modifiers ("early", "the end
 * of", "nearly", "more than") are part of the expression; a possessive
 * "'s" is not ("Saturday's capture" -> "Saturday").
 *
 * Values are TIMEX3 values: 2025-01-09, 2025-01, 2025, 2025-W02,
 * 2025-Q1, 2024-FA, 199 (a decade), 19 (a century), 2025-01-11T15:00,
 * 2025-01-10TNI, P3Y, PT5H, PXW, XXXX-WXX-1 (every Monday), PRESENT_REF,
 * PAST_REF, FUTURE_REF. Relative expressions are resolved against the
 * record's `published` date (the document creation time). Where an
 * expression names no year ("January 9", "Sunday", "last summer"), the
 * tense of the expression's sentence picks the occurrence: the most recent
 * one for past tense, the next one for future tense, the nearest one
 * otherwise (see ng_timex_tense). Without a publication date nothing is
 * guessed: the unknown parts stay X ("XXXX-01-09", "XXXX-WXX-7").
 *
 * Memory: the token view and the results live in the article arena; the
 * keyword table is static const. No global mutable state.
 */
#include "timex.h"
#include "lexicon.h"

#include <stdlib.h>

/* ---- keyword table -------------------------------------------------------- */

enum {
    C_NONE = 0, C_MONTH, C_WDAY, C_NUM, C_ORD, C_UNIT, C_UNITS, C_REL, C_DEICTIC, C_REF, C_POD,
    C_SEASON, C_MOD, C_MODOF, C_APPROX, C_EVERY, C_SETADV, C_AGO, C_CLOCK, C_AMPM, C_TZ,
    C_HOLIDAY, C_WEEKEND, C_FEW, C_THE, C_A, C_FISCAL, C_HALF,
    C_LEAD /* may start an expression: "more (than)", "at (least)", "recent", "latest" */
};
enum { U_SEC = 1, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_QUARTER, U_YEAR, U_DECADE, U_CENTURY };
enum { REF_PRESENT = 0, REF_PAST, REF_FUTURE };
enum { POD_MO = 0, POD_AF, POD_EV, POD_NI };
enum { S_SP = 0, S_SU, S_FA, S_WI };

typedef struct kw {
    const char *word;
    uint8_t cls;
    int16_t val;
} kw;

/* Strictly sorted by strcmp (ng_timex_table_ok() checks it in the tests). */
static const kw keywords[] = {
    {"a", C_A, 1}, {"about", C_APPROX, 0}, {"afternoon", C_POD, POD_AF}, {"ago", C_AGO, -1},
    {"almost", C_APPROX, 0}, {"an", C_A, 1}, {"annually", C_SETADV, U_YEAR}, {"approximately", C_APPROX, 0},
    {"apr", C_MONTH, 4}, {"april", C_MONTH, 4}, {"around", C_APPROX, 0}, {"at", C_LEAD, 0},
    {"aug", C_MONTH, 8}, {"august", C_MONTH, 8}, {"autumn", C_SEASON, S_FA}, {"beginning", C_MODOF, 0},
    {"biweekly", C_SETADV, -U_WEEK}, {"centuries", C_UNITS, U_CENTURY}, {"century", C_UNIT, U_CENTURY},
    {"christmas", C_HOLIDAY, 1}, {"close", C_MODOF, 0}, {"coming", C_REL, 1}, {"couple", C_FEW, 2},
    {"current", C_REL, 0}, {"currently", C_REF, REF_PRESENT}, {"daily", C_SETADV, U_DAY},
    {"day", C_UNIT, U_DAY}, {"days", C_UNITS, U_DAY}, {"dec", C_MONTH, 12}, {"decade", C_UNIT, U_DECADE},
    {"decades", C_UNITS, U_DECADE}, {"december", C_MONTH, 12}, {"dozen", C_NUM, 12}, {"each", C_EVERY, 0},
    {"earlier", C_MOD, 1}, {"early", C_MOD, 0}, {"edt", C_TZ, 0}, {"eight", C_NUM, 8},
    {"eighteen", C_NUM, 18}, {"eighth", C_ORD, 8}, {"eighty", C_NUM, 80}, {"eleven", C_NUM, 11},
    {"end", C_MODOF, 0}, {"est", C_TZ, 0}, {"et", C_TZ, 0}, {"evening", C_POD, POD_EV}, {"every", C_EVERY, 0},
    {"fall", C_SEASON, S_FA}, {"feb", C_MONTH, 2}, {"february", C_MONTH, 2}, {"few", C_FEW, -1},
    {"fewer", C_LEAD, 0}, {"fifteen", C_NUM, 15}, {"fifth", C_ORD, 5}, {"fifty", C_NUM, 50},
    {"first", C_ORD, 1}, {"fiscal", C_FISCAL, 0}, {"five", C_NUM, 5}, {"following", C_REL, 1},
    {"formerly", C_REF, REF_PAST}, {"forty", C_NUM, 40}, {"four", C_NUM, 4}, {"fourteen", C_NUM, 14},
    {"fourth", C_ORD, 4}, {"fri", C_WDAY, 5}, {"friday", C_WDAY, 5}, {"future", C_REF, REF_FUTURE},
    {"gmt", C_TZ, 0}, {"half", C_HALF, 0}, {"hour", C_UNIT, U_HOUR}, {"hourly", C_SETADV, U_HOUR},
    {"hours", C_UNITS, U_HOUR}, {"hundred", C_NUM, 100}, {"jan", C_MONTH, 1}, {"january", C_MONTH, 1},
    {"jul", C_MONTH, 7}, {"july", C_MONTH, 7}, {"jun", C_MONTH, 6}, {"june", C_MONTH, 6}, {"last", C_REL, -1},
    {"late", C_MOD, 0}, {"lately", C_REF, REF_PAST}, {"later", C_MOD, 2}, {"latest", C_LEAD, 0},
    {"less", C_LEAD, 0}, {"mar", C_MONTH, 3}, {"march", C_MONTH, 3}, {"may", C_MONTH, 5}, {"mid", C_MOD, 0},
    {"midday", C_CLOCK, 12}, {"middle", C_MODOF, 0}, {"midnight", C_CLOCK, 24}, {"minute", C_UNIT, U_MIN},
    {"minutes", C_UNITS, U_MIN}, {"mon", C_WDAY, 1}, {"monday", C_WDAY, 1}, {"month", C_UNIT, U_MONTH},
    {"monthly", C_SETADV, U_MONTH}, {"months", C_UNITS, U_MONTH}, {"more", C_LEAD, 0},
    {"morning", C_POD, POD_MO}, {"nearly", C_APPROX, 0}, {"next", C_REL, 1}, {"night", C_POD, POD_NI},
    {"nightly", C_SETADV, -U_DAY}, {"nine", C_NUM, 9}, {"nineteen", C_NUM, 19}, {"ninety", C_NUM, 90},
    {"ninth", C_ORD, 9}, {"noon", C_CLOCK, 12}, {"nov", C_MONTH, 11}, {"november", C_MONTH, 11},
    {"now", C_REF, REF_PRESENT}, {"nowadays", C_REF, REF_PRESENT}, {"oct", C_MONTH, 10},
    {"october", C_MONTH, 10}, {"one", C_NUM, 1}, {"over", C_APPROX, 0}, {"past", C_REL, -2}, {"pdt", C_TZ, 0},
    {"previous", C_REL, -1}, {"pst", C_TZ, 0}, {"quarter", C_UNIT, U_QUARTER},
    {"quarters", C_UNITS, U_QUARTER}, {"recent", C_LEAD, 0}, {"recently", C_REF, REF_PAST},
    {"roughly", C_APPROX, 0}, {"sat", C_WDAY, 6}, {"saturday", C_WDAY, 6}, {"second", C_ORD, 2},
    {"seconds", C_UNITS, U_SEC}, {"sep", C_MONTH, 9}, {"sept", C_MONTH, 9}, {"september", C_MONTH, 9},
    {"seven", C_NUM, 7}, {"seventeen", C_NUM, 17}, {"seventh", C_ORD, 7}, {"seventy", C_NUM, 70},
    {"several", C_FEW, -1}, {"six", C_NUM, 6}, {"sixteen", C_NUM, 16}, {"sixth", C_ORD, 6},
    {"sixty", C_NUM, 60}, {"some", C_APPROX, 0}, {"spring", C_SEASON, S_SP}, {"start", C_MODOF, 0},
    {"summer", C_SEASON, S_SU}, {"sun", C_WDAY, 7}, {"sunday", C_WDAY, 7}, {"ten", C_NUM, 10},
    {"tenth", C_ORD, 10}, {"thanksgiving", C_HOLIDAY, 2}, {"the", C_THE, 0}, {"third", C_ORD, 3},
    {"thirteen", C_NUM, 13}, {"thirty", C_NUM, 30}, {"this", C_REL, 0}, {"three", C_NUM, 3},
    {"thu", C_WDAY, 4}, {"thur", C_WDAY, 4}, {"thurs", C_WDAY, 4}, {"thursday", C_WDAY, 4},
    {"today", C_DEICTIC, 0}, {"tomorrow", C_DEICTIC, 1}, {"tonight", C_DEICTIC, 100}, {"tue", C_WDAY, 2},
    {"tues", C_WDAY, 2}, {"tuesday", C_WDAY, 2}, {"twelfth", C_ORD, 12}, {"twelve", C_NUM, 12},
    {"twenty", C_NUM, 20}, {"two", C_NUM, 2}, {"up", C_LEAD, 0}, {"utc", C_TZ, 0}, {"wed", C_WDAY, 3},
    {"wednesday", C_WDAY, 3}, {"week", C_UNIT, U_WEEK}, {"weekend", C_WEEKEND, 0}, {"weekends", C_WEEKEND, 1},
    {"weekly", C_SETADV, U_WEEK}, {"weeks", C_UNITS, U_WEEK}, {"winter", C_SEASON, S_WI},
    {"year", C_UNIT, U_YEAR}, {"yearly", C_SETADV, U_YEAR}, {"years", C_UNITS, U_YEAR},
    {"yesterday", C_DEICTIC, -1},
};

/* Per first letter: the keywords' index range and a bit mask of their
 * lengths, so most words are rejected without a comparison. Derived from
 * keywords[]; ng_timex_table_ok() checks that they agree. */
typedef struct kw_bucket { uint16_t lo, hi; uint32_t lengths; } kw_bucket;
static const kw_bucket buckets[26] = {
    {0, 15, 0x236eu}, {15, 17, 0x300u}, {17, 25, 0x2e0u}, {25, 33, 0x1f8u}, {33, 47, 0x1fcu}, {47, 67, 0x3f8u},
    {67, 68, 0x8u}, {68, 73, 0xf0u}, {0, 0, 0x0u}, {73, 79, 0x98u}, {0, 0, 0x0u}, {79, 85, 0x70u},
    {85, 101, 0x1f8u}, {101, 114, 0x1f8u}, {114, 118, 0x98u}, {118, 122, 0x118u}, {122, 124, 0x180u}, {124, 127, 0x1c0u},
    {127, 149, 0x3f8u}, {149, 172, 0x11f8u}, {172, 174, 0xcu}, {0, 0, 0x0u}, {174, 182, 0x3f8u}, {0, 0, 0x0u},
    {182, 186, 0x270u}, {0, 0, 0x0u}};

bool ng_timex_table_ok(void)
{
    size_t n = sizeof keywords / sizeof *keywords;
    if (!ng_lex_sorted(keywords, n, sizeof *keywords)) return false;
    for (int c = 0; c < 26; c++) {
        uint32_t lengths = 0;
        size_t lo = n, hi = 0;
        for (size_t i = 0; i < n; i++)
            if (keywords[i].word[0] == 'a' + c) {
                if (lo == n) lo = i;
                hi = i + 1;
                lengths |= 1u << strlen(keywords[i].word);
            }
        if (lo == n) lo = hi = 0;
        if (buckets[c].lo != lo || buckets[c].hi != hi || buckets[c].lengths != lengths) return false;
    }
    return true;
}

static const kw *lookup(const char *w)
{
    if (w[0] < 'a' || w[0] > 'z') return NULL;
    const kw_bucket *b = &buckets[w[0] - 'a'];
    size_t len = strlen(w);
    if (len >= 32 || !(b->lengths >> len & 1)) return NULL;
    return ng_lex_search(w, len, keywords + b->lo, b->hi - b->lo, sizeof *keywords);
}

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) ------ */

static long days_from_civil(int y, int m, int d) { return (long)ng_days_from_civil(y, m, d); }

static void civil_from_days(long z, int *y, int *m, int *d)
{
    int64_t y64;
    ng_civil_from_days(z, &y64, m, d);
    *y = (int)y64;
}

static int weekday_of(long z) /* ISO: 1 = Monday ... 7 = Sunday */
{
    long w = (z + 3) % 7; /* 1970-01-01 was a Thursday */
    if (w < 0) w += 7;
    return (int)w + 1;
}

static void iso_week(long z, int *wy, int *wn)
{
    long thursday = z + 4 - weekday_of(z);
    int y, m, d;
    civil_from_days(thursday, &y, &m, &d);
    *wy = y;
    *wn = (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}

static int days_in_month(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    return n[(m - 1) % 12];
}

/* ---- tokens ---------------------------------------------------------------- */

typedef struct tx_tok {
    const char *s;
    uint32_t n;
    uint8_t kind;
    uint8_t cls;
    int16_t val;
    bool cap;      /* first letter upper case */
    long num;      /* NUMBER token: integer value; -1 if not a plain integer */
    char lw[20];   /* lower-cased word without a trailing period ("" if longer) */
} tx_tok;

typedef struct tx {
    ng_arena *a;
    const char *text;
    const ng_token *rt; /* the record's tokens from the view's first one */
    tx_tok *t;          /* the view: t[0..n) are tokens base..base+n of the record */
    size_t n, base;
    uint32_t *sent_of;  /* per view token: its sentence's first and end token in the view */
    uint32_t *sent_end;
    bool dct;
    int y, m, d;
    long dz; /* the publication day */
    NG_VEC(ng_date) out;
} tx;

typedef struct tx_match {
    size_t end;      /* one past the last token */
    uint8_t type;    /* ng_date_type */
    bool takes_the;  /* a leading "the" belongs to the expression */
    bool duration_like; /* may take an approximator ("nearly") */
    char value[40];
} tx_match;

static bool is(const tx *x, size_t i, const char *w) { return i < x->n && !strcmp(x->t[i].lw, w); }
static int cls(const tx *x, size_t i) { return i < x->n ? x->t[i].cls : C_NONE; }

static long parse_int(const char *s, size_t n)
{
    long v = 0;
    if (!n || n > 9) return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Number of a token: digits, a number word, or "twenty-five". -1 if none. */
static long number_of(const tx *x, size_t i)
{
    if (i >= x->n) return -1;
    const tx_tok *t = &x->t[i];
    if (t->kind == NG_TOK_NUMBER) {
        /* "11,000" */
        long v = 0;
        size_t digits = 0;
        for (size_t k = 0; k < t->n; k++) {
            char c = t->s[k];
            if (c >= '0' && c <= '9') { if (++digits > 9) return -1; v = v * 10 + (c - '0'); }
            else if (c != ',') return -1;
        }
        return digits ? v : -1;
    }
    if (t->cls == C_NUM) return t->val;
    /* twenty-five */
    const char *h = memchr(t->lw, '-', strlen(t->lw));
    if (h && t->kind == NG_TOK_WORD) {
        char left[20];
        size_t ln = (size_t)(h - t->lw);
        memcpy(left, t->lw, ln);
        left[ln] = 0;
        const kw *a = lookup(left), *b = lookup(h + 1);
        if (a && b && a->cls == C_NUM && b->cls == C_NUM && a->val >= 20 && a->val % 10 == 0 && b->val < 10)
            return a->val + b->val;
    }
    return -1;
}

/* ---- tense ----------------------------------------------------------------- */

static bool word_eq(const char *s, size_t n, const char *w) { return strlen(w) == n && !memcmp(s, w, n); }

/* Sorted tense cues from lexicons/verbs.tsv and lexicons/tense_words.tsv. */
#include "tense_cues.h"

bool ng_timex_cues_ok(void)
{
    return ng_lex_sorted(tense_cue_table, NG_LEX_COUNT(tense_cue_table), sizeof *tense_cue_table);
}

/* The tense cue of token i (tokens end before `last`): the table's, read as
 * the word before "to" when "to" follows ("next to the embassy" says nothing
 * of the future, "plans to leave" does); for a word not in the table, past
 * when it is a lower-case word ending in -ed, else none. */
static ng_tense cue_of(const char *text, const ng_token *tok, size_t i, size_t last)
{
    const char *s = text + tok[i].bstart;
    size_t n = tok[i].bend - tok[i].bstart;
    char w[24];
    if (n == 0 || n >= sizeof w) return NG_TENSE_NONE;
    for (size_t k = 0; k < n; k++) w[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
    w[n] = 0;
    const struct tense_cue_entry *e = NG_LEX_SEARCH(w, n, tense_cue_table);
    if (e) {
        bool to_next = i + 1 < last && word_eq(text + tok[i + 1].bstart, tok[i + 1].bend - tok[i + 1].bstart, "to");
        return (ng_tense)(to_next ? e->before_to : e->tense);
    }
    if (n >= 4 && w[n - 2] == 'e' && w[n - 1] == 'd' && s[0] >= 'a' && s[0] <= 'z') return NG_TENSE_PAST;
    return NG_TENSE_NONE;
}

/*
 * The tense of the sentence at token `at`: each token of the sentence is a
 * cue or not (past: "said", "was", "had", -ed verbs; present: "is", "says";
 * future: "will", "going (to)", "next", "scheduled"). A modal future ("will",
 * "shall") governs the verb group after it, so "will be released" is future
 * although "released" ends in -ed. The cue nearest to `at` wins (ties go to
 * the earlier one), because a sentence such as "X said on Sunday that they
 * will meet on Monday" has both, each near its own expression.
 */
#define TENSE_REACH 40
ng_tense ng_timex_tense(const char *text, const ng_token *tok, size_t first, size_t last, size_t at)
{
    ng_tense best = NG_TENSE_NONE;
    size_t best_dist = (size_t)-1;
    size_t modal_until = 0;
    /* cues further than TENSE_REACH tokens away do not count, so the cost per
     * expression is bounded in very long sentences */
    if (at > first + TENSE_REACH) first = at - TENSE_REACH;
    if (last > at + TENSE_REACH + 1) last = at + TENSE_REACH + 1;
    for (size_t i = first; i < last; i++) {
        if (tok[i].kind != NG_TOK_WORD && tok[i].kind != NG_TOK_POSSESSIVE) continue;
        const char *s = text + tok[i].bstart;
        size_t n = tok[i].bend - tok[i].bstart;
        ng_tense c = cue_of(text, tok, i, last);
        if (c == NG_TENSE_FUTURE && (word_eq(s, n, "will") || word_eq(s, n, "shall") || word_eq(s, n, "Will") ||
                                     word_eq(s, n, "would") || word_eq(s, n, "Would")))
            modal_until = i + 4;
        else if (c != NG_TENSE_NONE && i < modal_until)
            c = NG_TENSE_FUTURE;
        if (c == NG_TENSE_NONE || i == at) continue;
        size_t dist = i > at ? i - at : at - i;
        if (dist < best_dist) { best_dist = dist; best = c; }
    }
    return best;
}

static ng_tense tense_at(const tx *x, size_t i)
{
    return ng_timex_tense(x->text, x->rt, x->sent_of[i], x->sent_end[i], i);
}

/* ---- resolution helpers ---------------------------------------------------- */

/* Year for a month (day 0: the whole month) named without one: the
 * occurrence nearest to the publication date, but a past-tense sentence
 * does not look more than a quarter (92 days) ahead, nor a future-tense one
 * more than a quarter back. (Strict "most recent past" for past tense scores worse on
 * TimeBank: news say "the Dec. 15 deadline" in past-tense sentences.) */
static int year_for(const tx *x, int month, int day, ng_tense tense)
{
    long best = x->y, bestd = -1;
    for (int y = x->y - 1; y <= x->y + 1; y++) {
        long first = days_from_civil(y, month, day ? day : 1);
        long last = day ? first : days_from_civil(y, month, days_in_month(y, month));
        if (tense == NG_TENSE_PAST && first > x->dz + 92) continue;
        if (tense == NG_TENSE_FUTURE && last < x->dz - 92) continue;
        long dist = x->dz < first ? first - x->dz : x->dz > last ? x->dz - last : 0;
        if (bestd < 0 || dist < bestd) { bestd = dist; best = y; }
    }
    return (int)best;
}

static void put_day(char *v, long z)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    snprintf(v, 40, "%04d-%02d-%02d", y, m, d);
}

static void put_week(char *v, long z)
{
    int wy, wn;
    iso_week(z, &wy, &wn);
    snprintf(v, 40, "%04d-W%02d", wy, wn);
}

/* Weekday by tense: future -> the next one (today included), otherwise the
 * most recent one (today included). "last"/"next" exclude today. */
static long weekday_day(const tx *x, int wd, ng_tense tense, int rel)
{
    int today = weekday_of(x->dz);
    int back = (today - wd + 7) % 7, fwd = (wd - today + 7) % 7;
    if (rel < 0) return x->dz - (back ? back : 7);
    if (rel > 0) return x->dz + (fwd ? fwd : 7);
    if (tense == NG_TENSE_FUTURE) return x->dz + fwd;
    return x->dz - back; /* past, present and none: news report what happened */
}

static const char *const pod_code[] = {"MO", "AF", "EV", "NI"};
static const char *const season_code[] = {"SP", "SU", "FA", "WI"};

/* Month index (year*12 + month-1) where a season of year y starts. */
static long season_start(int y, int s) { return (long)y * 12 + 2 + 3 * s; }

static int season_year(const tx *x, int s, int rel, ng_tense tense)
{
    long now = (long)x->y * 12 + x->m - 1;
    if (rel == 2) rel = 0, tense = NG_TENSE_PRESENT; /* "this summer" */
    if (rel < 0 || (rel == 0 && tense == NG_TENSE_PAST)) {
        /* last: the most recent season s that started before now (and is not the current one for "last") */
        for (int y = x->y + 1; y >= x->y - 2; y--) {
            long st = season_start(y, s);
            if (st <= now && (rel == 0 || st + 3 <= now)) return y;
        }
        return x->y - 1;
    }
    if (rel > 0 || tense == NG_TENSE_FUTURE) {
        for (int y = x->y - 1; y <= x->y + 1; y++)
            if (season_start(y, s) + (rel > 0 ? 0 : 3) > now) return y;
        return x->y + 1;
    }
    for (int y = x->y - 1; y <= x->y; y++) /* this: the season that contains now, else this calendar year */
        if (season_start(y, s) <= now && now < season_start(y, s) + 3) return y;
    return x->y;
}

static void put_duration(char *v, int unit, long n);

/* n units and a half, as TimeML writes it: P2Y6M, PT5H30M, PT1M30S, P1DT12H. */
static void put_duration_half(char *v, int unit, long n)
{
    if (n == 0) {
        switch (unit) {
        case U_YEAR: snprintf(v, 40, "P6M"); return;
        case U_HOUR: snprintf(v, 40, "PT30M"); return;
        case U_DAY: snprintf(v, 40, "PT12H"); return;
        case U_MIN: snprintf(v, 40, "PT30S"); return;
        default: break;
        }
    }
    switch (unit) {
    case U_YEAR: snprintf(v, 40, "P%ldY6M", n); return;
    case U_HOUR: snprintf(v, 40, "PT%ldH30M", n); return;
    case U_DAY: snprintf(v, 40, "P%ldDT12H", n); return;
    case U_MIN: snprintf(v, 40, "PT%ldM30S", n); return;
    case U_DECADE: snprintf(v, 40, "P%ldY", n * 10 + 5); return;
    case U_CENTURY: snprintf(v, 40, "P%ldY", n * 100 + 50); return;
    default: put_duration(v, unit, n ? n : 1); return;
    }
}

static void put_duration(char *v, int unit, long n)
{
    char num[24];
    if (n < 0) snprintf(num, sizeof num, "X");
    else snprintf(num, sizeof num, "%ld", n);
    switch (unit) {
    case U_SEC: snprintf(v, 40, "PT%sS", num); break;
    case U_MIN: snprintf(v, 40, "PT%sM", num); break;
    case U_HOUR: snprintf(v, 40, "PT%sH", num); break;
    case U_DAY: snprintf(v, 40, "P%sD", num); break;
    case U_WEEK: snprintf(v, 40, "P%sW", num); break;
    case U_MONTH: snprintf(v, 40, "P%sM", num); break;
    case U_QUARTER: snprintf(v, 40, "P%sQ", num); break;
    case U_YEAR: snprintf(v, 40, "P%sY", num); break;
    case U_DECADE:
        if (n < 0) snprintf(v, 40, "PXDE");
        else snprintf(v, 40, "P%ldY", n * 10);
        break;
    default:
        if (n < 0) snprintf(v, 40, "PXCE");
        else snprintf(v, 40, "P%ldY", n * 100);
        break;
    }
}

/* The DCT shifted by n units (n may be negative), at the unit's grain. */
static void put_shifted(const tx *x, char *v, int unit, long n)
{
    if (!x->dct) {
        const char *u = unit == U_YEAR || unit == U_DECADE || unit == U_CENTURY ? "XXXX"
                        : unit == U_MONTH ? "XXXX-XX" : unit == U_WEEK ? "XXXX-WXX"
                        : unit == U_QUARTER ? "XXXX-QX" : "XXXX-XX-XX";
        snprintf(v, 40, "%s", u);
        return;
    }
    switch (unit) {
    case U_YEAR: case U_DECADE: case U_CENTURY: {
        long k = unit == U_YEAR ? 1 : unit == U_DECADE ? 10 : 100;
        snprintf(v, 40, "%04ld", x->y + n * k);
        break;
    }
    case U_QUARTER: {
        long q = (long)x->y * 4 + (x->m - 1) / 3 + n;
        snprintf(v, 40, "%04ld-Q%ld", q / 4, q % 4 + 1);
        break;
    }
    case U_MONTH: {
        long mm = (long)x->y * 12 + x->m - 1 + n;
        snprintf(v, 40, "%04ld-%02ld", mm / 12, mm % 12 + 1);
        break;
    }
    case U_WEEK: put_week(v, x->dz + 7 * n); break;
    case U_DAY: put_day(v, x->dz + n); break;
    default: put_day(v, x->dz); break; /* hours, minutes: the day is what is known */
    }
}

/* ---- the matcher ------------------------------------------------------------ */

static bool month_ok(const tx *x, size_t i)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_MONTH || !t->cap) return false;
    /* "May" the modal and "Mar"/"Sun"-like abbreviations need support:
     * a following number, or a period on the abbreviation. */
    bool abbrev = strlen(t->lw) <= 4 && strcmp(t->lw, "june") && strcmp(t->lw, "july");
    if (!strcmp(t->lw, "may")) {
        if (i + 1 < x->n && x->t[i + 1].kind == NG_TOK_NUMBER) return true;
        if (i == 0) return false;
        static const char *const before_month[] = {"in", "since", "until", "last", "next", "this",
                                                   "early", "late", "of", "mid", "by", "during"};
        return NG_LEX_IN(x->t[i - 1].lw, before_month);
    }
    if (abbrev && t->kind != NG_TOK_ABBREV) return i + 1 < x->n && x->t[i + 1].kind == NG_TOK_NUMBER;
    return true;
}

static bool wday_ok(const tx *x, size_t i)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_WDAY || !t->cap) return false;
    return strlen(t->lw) > 5 || t->kind == NG_TOK_ABBREV;
}

/* A year token: 4 digits, 1000..2199, not an amount ("$2000", "2000 people"). */
static bool year_tok(const tx *x, size_t i, long *y)
{
    if (i >= x->n || x->t[i].kind != NG_TOK_NUMBER || x->t[i].n != 4) return false;
    long v = parse_int(x->t[i].s, 4);
    if (v < 1000 || v > 2199) return false;
    if (i > 0 && x->t[i - 1].kind == NG_TOK_SYMBOL) return false;
    /* "some 2000 people", "more than 1500" */
    if (i > 0 && (x->t[i - 1].cls == C_APPROX || is(x, i - 1, "than") || is(x, i - 1, "least"))) return false;
    if (i + 1 < x->n && x->t[i + 1].kind == NG_TOK_SYMBOL) return false;
    if (i + 1 < x->n && x->t[i + 1].kind == NG_TOK_WORD && !x->t[i + 1].cap) {
        const char *w = x->t[i + 1].lw;
        size_t wl = strlen(w);
        /* "2000 people", "1500 troops": a plural noun right after */
        if (wl > 3 && w[wl - 1] == 's' && w[wl - 2] != 's' && strcmp(w, "was") && strcmp(w, "has") &&
            strcmp(w, "as") && strcmp(w, "is") && !x->t[i + 1].cls)
            return false;
    }
    *y = v;
    return true;
}

/* "9", "9th", "31st" as a day of month. */
static int day_tok(const tx *x, size_t i)
{
    if (i >= x->n || x->t[i].kind != NG_TOK_NUMBER) return 0;
    const tx_tok *t = &x->t[i];
    size_t n = t->n;
    if (n > 4) return 0; /* at most "31st"; longer tokens have no lower-cased copy */
    if (n > 2 && (!strcmp(t->lw + n - 2, "th") || !strcmp(t->lw + n - 2, "st") || !strcmp(t->lw + n - 2, "nd") ||
                  !strcmp(t->lw + n - 2, "rd")))
        n -= 2;
    long v = parse_int(t->s, n);
    return v >= 1 && v <= 31 ? (int)v : 0;
}

static void put_ymd(const tx *x, char *v, int y, int m, int d)
{
    (void)x;
    char ys[24];
    if (y < 0) snprintf(ys, sizeof ys, "XXXX");
    else snprintf(ys, sizeof ys, "%04d", y);
    if (d) snprintf(v, 40, "%s-%02d-%02d", ys, m, d);
    else snprintf(v, 40, "%s-%02d", ys, m);
}

/* Month [day][,] [year] | Month "last/this/next year". At i: the month. */
static bool match_month(const tx *x, size_t i, int rel, tx_match *m, int forced_day)
{
    int mon = x->t[i].val;
    size_t j = i + 1;
    int day = forced_day;
    long year = -1;
    if (!day && (day = day_tok(x, j))) {
        j++;
        if (j < x->n && x->t[j].kind == NG_TOK_NUMBER && x->t[j].num < 0 && day) { /* "9.5": not a day */
        }
    }
    size_t k = j;
    if (is(x, k, ",")) k++;
    else if (is(x, k, "of") && !day) k++;
    long yv;
    if (year_tok(x, k, &yv)) { year = yv; j = k + 1; }
    else if (day && is(x, j, ",") && x->t[j + 1 < x->n ? j + 1 : j].kind == NG_TOK_NUMBER && x->t[j + 1 < x->n ? j + 1 : j].n == 2) {
        /* "Jan. 9, '25" is rare; ignore */
    }
    if (year < 0 && j + 1 < x->n && x->t[j + 1].cls == C_UNIT && x->t[j + 1].val == U_YEAR &&
        x->t[j].cls == C_REL && x->t[j].val != -2) {
        /* "August last year" */
        int r = x->t[j].val;
        if (x->dct) year = x->y + r;
        else year = -1;
        j += 2;
        m->end = j;
        m->type = NG_DATE_DATE;
        put_ymd(x, m->value, (int)year, mon, day);
        return true;
    }
    if (year < 0 && x->dct) {
        if (rel < 0) year = (mon * 100 + (day ? day : 0)) < (x->m * 100 + (day ? x->d : 0)) && mon != x->m ? x->y
                                                                                                      : (mon < x->m ? x->y : x->y - 1);
        else if (rel > 0) year = mon > x->m ? x->y : x->y + 1;
        else if (rel == 0 && !day) year = year_for(x, mon, 0, tense_at(x, i));
        else year = year_for(x, mon, day, tense_at(x, i));
        if (rel == 3) year = x->y; /* "this August" */
    }
    m->end = j;
    m->type = NG_DATE_DATE;
    if (day && day > days_in_month(year > 0 ? (int)year : 2000, mon)) return false;
    put_ymd(x, m->value, (int)year, mon, day);
    return true;
}

static bool match_time(const tx *x, size_t i, tx_match *m);

/* Part of day after a day: "Friday morning" -> TIME ...TMO. */
static void add_pod(const tx *x, tx_match *m)
{
    if (cls(x, m->end) == C_POD) {
        size_t L = strlen(m->value);
        snprintf(m->value + L, 40 - L, "T%s", pod_code[x->t[m->end].val]);
        m->type = NG_DATE_TIME;
        m->end++;
    }
}

/* A part of day after a weekday. "Friday night" keeps the day's plain value:
 * TimeBank-style news annotation marks the day (1998-02-13), not the night
 * (...TNI), for "<weekday> night"; other parts of day keep their code. */
static void add_wday_pod(const tx *x, tx_match *m)
{
    if (cls(x, m->end) == C_POD && x->t[m->end].val == POD_NI) { m->end++; return; }
    add_pod(x, m);
}

static void put_weekday(const tx *x, char *v, int wd, ng_tense tense, int rel)
{
    if (!x->dct) snprintf(v, 40, "XXXX-WXX-%d", wd);
    else put_day(v, weekday_day(x, wd, tense, rel));
}

/* A count with a half: n units and a half of the unit (n may be 0). */
static bool half_units(int unit, long n, bool *half, int *unit_out, long *n_out)
{
    if (half) { *half = true; *unit_out = unit; *n_out = n; return true; }
    /* Callers that cannot write a half get the count in the next smaller unit. */
    switch (unit) {
    case U_YEAR: *unit_out = U_MONTH; *n_out = n * 12 + 6; return true;
    case U_HOUR: *unit_out = U_MIN; *n_out = n * 60 + 30; return true;
    case U_DAY: *unit_out = U_HOUR; *n_out = n * 24 + 12; return true;
    case U_MIN: *unit_out = U_SEC; *n_out = n * 60 + 30; return true;
    default: *unit_out = unit; *n_out = n ? n : 1; return true;
    }
}

/* Counted units: [a|an|N|few|several] unit(s) or "three-year". Sets *unit and *n (-1 unknown).
 * Halves ("two and a half years", "5 1/2 hours", "a minute and a half", "half
 * an hour", "a half hour") set *half when the caller passes it, else they are
 * counted in the next smaller unit. */
static bool count_units_h(const tx *x, size_t i, size_t *end, int *unit, long *n, bool *half)
{
    if (half) *half = false;
    if (i >= x->n) return false;
    const tx_tok *t = &x->t[i];
    /* "three-year", "24-hour", "decades-long", "day-long" */
    if (t->kind == NG_TOK_WORD || t->kind == NG_TOK_NUMBER) {
        const char *h = memchr(t->lw, '-', strlen(t->lw));
        if (h) {
            char left[20];
            size_t ln = (size_t)(h - t->lw);
            memcpy(left, t->lw, ln);
            left[ln] = 0;
            const char *right = h + 1;
            const kw *ru = lookup(right), *lu = lookup(left);
            long lv = parse_int(left, ln);
            if (lv < 0 && lu && lu->cls == C_NUM) lv = lu->val;
            if (ru && ru->cls == C_UNIT && lv > 0) {
                /* "44-year-old" is an age, not a duration: the tokenizer keeps it one word */
                *unit = ru->val;
                *n = lv;
                *end = i + 1;
                return true;
            }
            if (lu && (lu->cls == C_UNIT || lu->cls == C_UNITS) && !strcmp(right, "long")) {
                *unit = lu->val;
                *n = lu->cls == C_UNIT ? 1 : -1;
                *end = i + 1;
                return true;
            }
        }
    }
    long v = -1;
    size_t j = i;
    if (t->cls == C_HALF && cls(x, i + 1) == C_A && cls(x, i + 2) == C_UNIT) { /* "half an hour" */
        int u = x->t[i + 2].val;
        if (u != U_YEAR && u != U_HOUR && u != U_DAY && u != U_MIN) return false;
        *end = i + 3;
        return half_units(u, 0, half, unit, n);
    }
    if (t->cls == C_A) {
        if (cls(x, i + 1) == C_FEW) { v = x->t[i + 1].val; j = i + 2; if (is(x, j, "of")) j++; }
        else if (is(x, i + 1, "half") && (cls(x, i + 2) == C_UNIT)) {
            int u = x->t[i + 2].val;
            if (u != U_YEAR && u != U_HOUR && u != U_DAY && u != U_MIN) return false;
            *end = i + 3;
            return half_units(u, 0, half, unit, n);
        } else { v = 1; j = i + 1; }
        if (cls(x, j) != C_UNIT && cls(x, j) != C_UNITS) return false;
        if (v == 1 && cls(x, j) != C_UNIT) return false;
        /* "a year and a half" */
        if (v == 1 && is(x, j + 1, "and") && is(x, j + 2, "a") && is(x, j + 3, "half")) {
            *end = j + 4;
            return half_units(x->t[j].val, 1, half, unit, n);
        }
    } else if (t->cls == C_FEW) {
        v = t->val;
        j = i + 1;
        if (is(x, j, "of")) j++;
    } else {
        v = number_of(x, i);
        if (v < 0) return false;
        j = i + 1;
        if (t->kind == NG_TOK_NUMBER && t->n == 4 && v >= 1000) return false; /* a year */
        /* "one and a half years", "5 1/2 hours" */
        if (is(x, j, "and") && is(x, j + 1, "a") && is(x, j + 2, "half") && cls(x, j + 3) == C_UNITS) {
            *end = j + 4;
            return half_units(x->t[j + 3].val, v, half, unit, n);
        }
        if ((is(x, j, "1/2") || is(x, j, "\xc2\xbd")) && cls(x, j + 1) == C_UNITS) {
            *end = j + 2;
            return half_units(x->t[j + 1].val, v, half, unit, n);
        }
        if (is(x, j, "more") && (cls(x, j + 1) == C_UNITS || cls(x, j + 1) == C_UNIT)) j++; /* "two more weeks" */
    }
    if (cls(x, j) != C_UNIT && cls(x, j) != C_UNITS) return false;
    /* "a quarter of the fleet", "three quarters of them": fractions */
    if (x->t[j].val == U_QUARTER && is(x, j + 1, "of")) return false;
    *unit = x->t[j].val;
    *n = v;
    *end = j + 1;
    return true;
}

static bool count_units(const tx *x, size_t i, size_t *end, int *unit, long *n)
{
    return count_units_h(x, i, end, unit, n, NULL);
}

/* "ago", "earlier", "later", "from now", "before", "after" after a count. Returns -1/+1 or 0. */
static int direction_after(const tx *x, size_t j, size_t *end)
{
    if (is(x, j, "ago") || is(x, j, "earlier")) { *end = j + 1; return -1; }
    if (is(x, j, "later") || is(x, j, "hence")) { *end = j + 1; return 1; }
    if (is(x, j, "from") && is(x, j + 1, "now")) { *end = j + 2; return 1; }
    return 0;
}

/* The ISO week of a month that holds its first/last Thursday. */
static long week_of_month(int y, int mon, int ord)
{
    if (ord < 0) {
        long last = days_from_civil(y, mon, days_in_month(y, mon));
        return last - ((weekday_of(last) - 4 + 7) % 7);
    }
    long first = days_from_civil(y, mon, 1);
    return first + ((4 - weekday_of(first) + 7) % 7) + 7L * (ord - 1);
}

/* True when the sentence of token i speaks of a quarter ("third-quarter
 * profit", "the quarter"). */
#ifndef QUARTER_BACK
#define QUARTER_BACK 1
#endif
static bool sentence_has_quarter(const tx *x, size_t i)
{
    /* also the sentence before: "Net rose in the third quarter. A year earlier, ..." */
    size_t from = x->sent_of[i];
    for (int back = 0; back < QUARTER_BACK && from > 0; back++) from = x->sent_of[from - 1];
    for (size_t k = from; k < x->sent_end[i]; k++) {
        const char *w = x->t[k].lw;
        size_t n = strlen(w);
        if (n >= 7 && !strcmp(w + n - 7, "quarter")) return true;
    }
    return false;
}

/* ---- the core shapes ---------------------------------------------------------
 * core() tries the TIMEX3 shapes below in order at one token (no leading
 * "the" or modifier: match_at() handles those). Each shape either does not
 * apply (the next one is tried), matches (and fills the tx_match), or
 * rejects the token outright, so that a later, looser shape cannot claim
 * what an earlier one turned down ("May" the modal is not a count). */

typedef enum shape_verdict { SHAPE_ABSENT, SHAPE_MATCHED, SHAPE_REJECTED } shape_verdict;

typedef shape_verdict shape_fn(const tx *x, size_t i, bool after_the, tx_match *m);

static shape_verdict matched_if(bool ok) { return ok ? SHAPE_MATCHED : SHAPE_REJECTED; }

/* ISO date 2025-01-09 (one NUMBER token). */
static shape_verdict shape_iso_date(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->kind == NG_TOK_NUMBER && t->n == 10 && t->s[4] == '-' && t->s[7] == '-') {
        long y = parse_int(t->s, 4), mo = parse_int(t->s + 5, 2), d = parse_int(t->s + 8, 2);
        if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month((int)y, (int)mo)) {
            snprintf(m->value, 40, "%04ld-%02ld-%02ld", y, mo, d);
            m->end = i + 1;
            return SHAPE_MATCHED;
        }
    }
    return SHAPE_ABSENT;
}

/* Clock times (match_time). */
static shape_verdict shape_clock(const tx *x, size_t i, bool after_the, tx_match *m)
{
    return match_time(x, i, m) ? SHAPE_MATCHED : SHAPE_ABSENT;
}

/* One hyphenated word: mid-November, late-1990s, mid-2024. */
static shape_verdict shape_prefixed_period(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->kind != NG_TOK_WORD ||
        (strncmp(t->lw, "mid-", 4) && strncmp(t->lw, "late-", 5) && strncmp(t->lw, "early-", 6)))
        return SHAPE_ABSENT;
    const char *rest = strchr(t->lw, '-') + 1;
    const kw *k = lookup(rest);
    if (k && k->cls == C_MONTH) {
        int y = x->dct ? year_for(x, k->val, 0, tense_at(x, i)) : -1;
        put_ymd(x, m->value, y, k->val, 0);
        m->end = i + 1;
        return SHAPE_MATCHED;
    }
    size_t rl = strlen(rest);
    long yv = rl >= 4 ? parse_int(rest, 4) : -1;
    if (yv >= 1000 && yv < 2200) {
        if (rl == 5 && rest[4] == 's') snprintf(m->value, 40, "%03ldX", yv / 10);
        else if (rl == 4) snprintf(m->value, 40, "%04ld", yv);
        else return SHAPE_REJECTED;
        m->end = i + 1;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* A weekday, or "Friday, January 9" as that date; with a part of day after it. */
static shape_verdict shape_weekday(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_WDAY || !wday_ok(x, i)) return SHAPE_ABSENT;
    size_t j = i + 1;
    if (is(x, j, ",")) j++;
    if (j < x->n && month_ok(x, j)) {
        tx_match mm;
        if (match_month(x, j, 0, &mm, 0) && strlen(mm.value) == 10) {
            *m = mm;
            m->takes_the = false;
            m->duration_like = false;
            add_pod(x, m);
            return SHAPE_MATCHED;
        }
    }
    put_weekday(x, m->value, t->val, tense_at(x, i), 0);
    m->end = i + 1;
    add_wday_pod(x, m);
    return SHAPE_MATCHED;
}

/* Month [day][,] [year] (match_month). */
static shape_verdict shape_month(const tx *x, size_t i, bool after_the, tx_match *m)
{
    if (x->t[i].cls != C_MONTH || !month_ok(x, i)) return SHAPE_ABSENT;
    return matched_if(match_month(x, i, 0, m, 0));
}

/* day Month [year]: "9 January 2025". */
static shape_verdict shape_day_month(const tx *x, size_t i, bool after_the, tx_match *m)
{
    int dd = day_tok(x, i);
    if (!dd || i + 1 >= x->n || !month_ok(x, i + 1)) return SHAPE_ABSENT;
    return matched_if(match_month(x, i + 1, 0, m, dd));
}

/* Spoken years: "nineteen ninety-six", "nineteen seventy-nine". */
static shape_verdict shape_spoken_year(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls == C_NUM && t->val >= 11 && t->val <= 20 && i + 1 < x->n && x->t[i + 1].kind == NG_TOK_WORD) {
        long tail = number_of(x, i + 1);
        if (tail >= 10 && tail <= 99) {
            snprintf(m->value, 40, "%04ld", t->val * 100 + tail);
            m->end = i + 2;
            m->takes_the = true;
            return SHAPE_MATCHED;
        }
    }
    return SHAPE_ABSENT;
}

/* "the end of the month", "the start of the year": the current one. */
static shape_verdict shape_part_of_current(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls == C_UNIT && i >= 3 && x->t[i - 1].cls == C_THE && is(x, i - 2, "of") &&
        x->t[i - 3].cls == C_MODOF && (t->val == U_MONTH || t->val == U_YEAR || t->val == U_WEEK)) {
        put_shifted(x, m->value, t->val, 0);
        m->end = i + 1;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* A year: "2025" (year_tok says which numbers are years). */
static shape_verdict shape_year(const tx *x, size_t i, bool after_the, tx_match *m)
{
    long yv;
    if (!year_tok(x, i, &yv)) return SHAPE_ABSENT;
    snprintf(m->value, 40, "%04ld", yv);
    m->end = i + 1;
    m->takes_the = false;
    return SHAPE_MATCHED;
}

/* Decades: 1990s, '90s. */
static shape_verdict shape_decade(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->kind == NG_TOK_NUMBER && t->n == 5 && t->s[4] == 's') {
        long v = parse_int(t->s, 4);
        if (v >= 1000 && v < 2200 && v % 10 == 0) {
            snprintf(m->value, 40, "%03ldX", v / 10);
            m->end = i + 1;
            m->takes_the = true;
            return SHAPE_MATCHED;
        }
    }
    if (t->kind == NG_TOK_NUMBER && t->n == 4 && (t->s[0] == '\'' ) && t->s[3] == 's') {
        long v = parse_int(t->s + 1, 2);
        if (v >= 0 && v % 10 == 0) {
            int century = 19;
            if (x->dct && v <= x->y % 100) century = x->y / 100;
            else if (!x->dct && v < 30) century = 20;
            snprintf(m->value, 40, "%02d%ldX", century, v / 10);
            m->end = i + 1;
            m->takes_the = true;
            return SHAPE_MATCHED;
        }
    }
    return SHAPE_ABSENT;
}

/* Centuries: "20th century". */
static shape_verdict shape_century(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->kind == NG_TOK_NUMBER && cls(x, i + 1) == C_UNIT && x->t[i + 1].val == U_CENTURY && t->n >= 3) {
        long v = parse_int(t->s, t->n - 2);
        if (v > 0 && v < 30) {
            snprintf(m->value, 40, "%02ld", v - 1);
            m->end = i + 2;
            m->takes_the = true;
            return SHAPE_MATCHED;
        }
    }
    return SHAPE_ABSENT;
}

/* today, yesterday, tomorrow [part of day]; tonight. */
static shape_verdict shape_deictic(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_DEICTIC) return SHAPE_ABSENT;
    if (t->val == 100) {
        if (x->dct) { put_day(m->value, x->dz); strcat(m->value, "TNI"); }
        else snprintf(m->value, 40, "XXXX-XX-XXTNI");
        m->type = NG_DATE_TIME;
        m->end = i + 1;
        return SHAPE_MATCHED;
    }
    if (x->dct) put_day(m->value, x->dz + t->val);
    else snprintf(m->value, 40, "XXXX-XX-XX");
    m->end = i + 1;
    add_pod(x, m);
    return SHAPE_MATCHED;
}

/* now, recently, formerly, (the/in the) future: PRESENT_REF, PAST_REF, FUTURE_REF. */
static shape_verdict shape_reference_word(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_REF) return SHAPE_ABSENT;
    if (t->val == REF_FUTURE && !strcmp(t->lw, "future")) {
        if (!after_the && !(i > 0 && is(x, i - 1, "in"))) return SHAPE_REJECTED;
    }
    snprintf(m->value, 40, "%s", t->val == REF_PRESENT ? "PRESENT_REF" : t->val == REF_PAST ? "PAST_REF" : "FUTURE_REF");
    m->end = i + 1;
    m->takes_the = true;
    return SHAPE_MATCHED;
}

/* Christmas [Eve|Day], Thanksgiving [Day]. */
static shape_verdict shape_holiday(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_HOLIDAY || !t->cap) return SHAPE_ABSENT;
    int mon = t->val == 1 ? 12 : 11, day = 25;
    size_t j = i + 1;
    if (t->val == 1 && is(x, j, "eve")) { day = 24; j++; }
    else if (t->val == 1 && is(x, j, "day")) j++;
    else if (t->val == 2 && is(x, j, "day")) j++;
    int y = x->dct ? year_for(x, mon, t->val == 2 ? 25 : day, tense_at(x, i)) : -1;
    if (t->val == 2 && y > 0) { /* fourth Thursday of November */
        long first = days_from_civil(y, 11, 1);
        day = 1 + (int)((4 - weekday_of(first) + 7) % 7) + 21;
    }
    if (t->val == 2 && y < 0) { snprintf(m->value, 40, "XXXX-11"); }
    else put_ymd(x, m->value, y, mon, day);
    m->end = j;
    return SHAPE_MATCHED;
}

/* Season [of] [year]. */
static shape_verdict shape_season(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_SEASON) return SHAPE_ABSENT;
    if (!strcmp(t->lw, "fall") && !after_the && !(i > 0 && (cls(x, i - 1) == C_MOD || cls(x, i - 1) == C_REL)))
        return SHAPE_REJECTED;
    if (!strcmp(t->lw, "fall") && is(x, i + 1, "of")) return SHAPE_REJECTED;
    size_t j = i + 1;
    long y = -1, yv;
    if (is(x, j, "of") && year_tok(x, j + 1, &yv)) { y = yv; j += 2; }
    else if (year_tok(x, j, &yv)) { y = yv; j++; }
    else if (x->dct) y = season_year(x, t->val, 0, tense_at(x, i));
    if (y < 0) snprintf(m->value, 40, "XXXX-%s", season_code[t->val]);
    else snprintf(m->value, 40, "%04ld-%s", y, season_code[t->val]);
    m->end = j;
    m->takes_the = true;
    return SHAPE_MATCHED;
}

/* The ordinal of "third quarter", "third-quarter", "first half" at token j:
 * sets *ord, *unit (U_QUARTER, or -1 for a half) and *after (the token
 * after it); false when there is none. */
static bool ordinal_period(const tx *x, size_t j, int *ord, int *unit, size_t *after)
{
    const tx_tok *q = j < x->n ? &x->t[j] : NULL;
    if (q && q->cls == C_ORD && (cls(x, j + 1) == C_UNIT && x->t[j + 1].val == U_QUARTER)) {
        *ord = q->val; *unit = U_QUARTER; *after = j + 2;
    } else if (q && q->cls == C_ORD && cls(x, j + 1) == C_HALF) {
        *ord = q->val; *unit = -1; *after = j + 2;
    } else if (q && q->kind == NG_TOK_WORD && strchr(q->lw, '-')) {
        char left[20];
        const char *h = strchr(q->lw, '-');
        size_t ln = (size_t)(h - q->lw);
        memcpy(left, q->lw, ln);
        left[ln] = 0;
        const kw *a = lookup(left), *b = lookup(h + 1);
        if (a && b && a->cls == C_ORD && b->cls == C_UNIT && b->val == U_QUARTER) { *ord = a->val; *unit = U_QUARTER; *after = j + 1; }
        if (a && b && a->cls == C_ORD && b->cls == C_HALF) { *ord = a->val; *unit = -1; *after = j + 1; }
    }
    return *ord != 0;
}

/* Quarters and halves: [fiscal] third quarter [of 1998], third-quarter,
 * "the year-ago third quarter", "this year's first quarter"; "fiscal 1998". */
static shape_verdict shape_quarter_or_half(const tx *x, size_t i, bool after_the, tx_match *m)
{
    size_t j = i;
    bool fiscal = false;
    int yshift = 0;
    bool yrel = false;
    long yv;
    if (is(x, j, "year-ago") || is(x, j, "year-earlier")) { yshift = -1; j++; }
    else if (cls(x, j) == C_REL && x->t[j].val != -2 && cls(x, j + 1) == C_UNIT && x->t[j + 1].val == U_YEAR &&
             is(x, j + 2, "'s")) {
        yshift = x->t[j].val; yrel = true; j += 3;
    }
    if (cls(x, j) == C_FISCAL) { fiscal = true; j++; }
    int ord = 0, unit = 0;
    size_t after = 0;
    if (ordinal_period(x, j, &ord, &unit, &after) && ((unit == U_QUARTER && ord <= 4) || (unit == -1 && ord <= 2))) {
        long y = -1;
        size_t k = after;
        if (is(x, k, "of") && year_tok(x, k + 1, &yv)) { y = yv; k += 2; }
        else if (year_tok(x, k, &yv)) { y = yv; k++; }
        else if (x->dct) {
            int curq = (x->m - 1) / 3 + 1, cur = unit == -1 ? (x->m <= 6 ? 1 : 2) : curq;
            ng_tense te = tense_at(x, i);
            y = x->y;
            if (te == NG_TENSE_PAST && ord > cur && !yrel) y--;
            y += yshift;
        }
        char ys[24];
        if (y < 0) snprintf(ys, sizeof ys, "XXXX");
        else snprintf(ys, sizeof ys, "%04ld", y);
        snprintf(m->value, 40, "%s-%c%d", ys, unit == -1 ? 'H' : 'Q', ord);
        m->end = k;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (fiscal && year_tok(x, i + 1, &yv)) {
        snprintf(m->value, 40, "%04ld", yv);
        m->end = i + 2;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* Business forms: "the year-ago quarter", "the year-earlier period",
 * "year-earlier results": the compared period a year back -- the last
 * reported quarter's when the text speaks of quarters, else the year. */
static shape_verdict shape_year_ago(const tx *x, size_t i, bool after_the, tx_match *m)
{
    if (!is(x, i, "year-ago") && !is(x, i, "year-earlier")) return SHAPE_ABSENT;
    bool q = sentence_has_quarter(x, i);
    if (after_the && (is(x, i + 1, "quarter") || (q && is(x, i + 1, "period")))) {
        put_shifted(x, m->value, U_QUARTER, -5);
        m->end = i + 2;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (q) put_shifted(x, m->value, U_QUARTER, -5);
    else put_shifted(x, m->value, U_YEAR, -1);
    m->end = i + 1;
    return SHAPE_MATCHED;
}

/* "the latest period" in a quarterly report: the last reported quarter. */
static shape_verdict shape_latest_period(const tx *x, size_t i, bool after_the, tx_match *m)
{
    if (after_the && is(x, i, "latest") && is(x, i + 1, "period") && sentence_has_quarter(x, i)) {
        put_shifted(x, m->value, U_QUARTER, -1);
        m->end = i + 2;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* A relative word ("last", "this", "next", "past", ...) at i, read once for
 * the relative_* steps: rel is -1, 0 or +1 ("past" counts as -1 and sets
 * past); j is the token after it. */
typedef struct relative { int rel; bool past; size_t j; } relative;

/* "the past three years", "the past years", "the coming months": durations. */
static shape_verdict relative_span(const tx *x, const relative *r, tx_match *m)
{
    size_t j = r->j;
    int unit;
    long n;
    size_t end;
    if (j < x->n && (x->t[j].cls == C_NUM || x->t[j].kind == NG_TOK_NUMBER || x->t[j].cls == C_FEW) &&
        count_units(x, j, &end, &unit, &n) && cls(x, end - 1) == C_UNITS) {
        /* the past three years */
        m->type = NG_DATE_DURATION;
        put_duration(m->value, unit, n);
        m->end = end;
        m->takes_the = true;
        m->duration_like = true;
        return SHAPE_MATCHED;
    }
    if (cls(x, j) == C_UNITS && (r->past || r->rel != 0)) { /* "the past years", "the coming months" */
        m->type = NG_DATE_DURATION;
        put_duration(m->value, x->t[j].val, -1);
        m->end = j + 1;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* last/this/next + unit: "next month", "the last week of December", "the past decade". */
static shape_verdict relative_unit(const tx *x, size_t i, bool after_the, const relative *r, tx_match *m)
{
    size_t j = r->j;
    if (cls(x, j) != C_UNIT) return SHAPE_ABSENT;
    int unit = x->t[j].val, rel = r->rel;
    /* the last week of December / the first week of March */
    if (unit == U_WEEK && is(x, j + 1, "of") && j + 2 < x->n && month_ok(x, j + 2) && rel != 0) {
        int mon = x->t[j + 2].val;
        size_t k = j + 3;
        long y = -1, yv;
        if (year_tok(x, k, &yv)) { y = yv; k++; }
        else if (x->dct) y = year_for(x, mon, 0, tense_at(x, i));
        if (y < 0) snprintf(m->value, 40, "XXXX-WXX");
        else put_week(m->value, week_of_month((int)y, mon, rel < 0 ? -1 : 1));
        m->end = k;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (r->past && after_the && (unit == U_DECADE || unit == U_CENTURY)) {
        /* "the past year" / "the past decade": a duration (TimeBank) */
        m->type = NG_DATE_DURATION;
        put_duration(m->value, unit, 1);
        m->end = j + 1;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (unit >= U_DAY) {
        if (unit == U_DAY) return SHAPE_REJECTED; /* "next day" is relative to the story, not the DCT */
        put_shifted(x, m->value, unit, rel);
        m->end = j + 1;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_REJECTED;
}

/* last/this/next + weekend | weekday | month | season. */
static shape_verdict relative_calendar(const tx *x, size_t i, const relative *r, tx_match *m)
{
    size_t j = r->j;
    int rel = r->rel;
    if (cls(x, j) == C_WEEKEND) {
        if (!x->dct) snprintf(m->value, 40, "XXXX-WXX-WE");
        else { put_week(m->value, x->dz + 7 * rel); strcat(m->value, "-WE"); }
        m->end = j + 1;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (j < x->n && wday_ok(x, j)) {
        put_weekday(x, m->value, x->t[j].val, tense_at(x, i), rel);
        m->end = j + 1;
        add_wday_pod(x, m);
        return SHAPE_MATCHED;
    }
    if (j < x->n && x->t[j].cls == C_MONTH && x->t[j].cap) return matched_if(match_month(x, j, rel == 0 ? 3 : rel, m, 0));
    if (cls(x, j) == C_SEASON) {
        long y = x->dct ? season_year(x, x->t[j].val, rel ? rel : 2, tense_at(x, i)) : -1;
        if (y < 0) snprintf(m->value, 40, "XXXX-%s", season_code[x->t[j].val]);
        else snprintf(m->value, 40, "%04ld-%s", y, season_code[x->t[j].val]);
        m->end = j + 1;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* "this morning", "last night"; "the past"; the adjective "current". */
static shape_verdict relative_rest(const tx *x, size_t i, bool after_the, const relative *r, tx_match *m)
{
    size_t j = r->j;
    int rel = r->rel;
    if (cls(x, j) == C_POD && rel <= 0 && !r->past) {
        int pod = x->t[j].val;
        long z = x->dz;
        if (rel < 0) { if (pod != POD_NI) return SHAPE_REJECTED; z--; }
        if (x->dct) { put_day(m->value, z); size_t L = strlen(m->value); snprintf(m->value + L, 40 - L, "T%s", pod_code[pod]); }
        else snprintf(m->value, 40, "XXXX-XX-XXT%s", pod_code[pod]);
        m->type = NG_DATE_TIME;
        m->end = j + 1;
        return SHAPE_MATCHED;
    }
    if (r->past && after_the) { /* "the past" */
        snprintf(m->value, 40, "PAST_REF");
        m->end = j;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (!strcmp(x->t[i].lw, "current") && !after_the && j < x->n && cls(x, j) == C_NONE && x->t[j].kind == NG_TOK_WORD) {
        /* "current levels", "its current chairman": TimeBank marks the adjective
         * itself as the present */
        snprintf(m->value, 40, "PRESENT_REF");
        m->end = i + 1;
        return SHAPE_MATCHED;
    }
    return SHAPE_REJECTED;
}

/* Relative: last/this/next + unit | weekday | month | season | part of day |
 * N units. A relative word that fits none of them is no expression. */
static shape_verdict shape_relative(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_REL) return SHAPE_ABSENT;
    relative r = {t->val == -2 ? -1 : t->val, t->val == -2, i + 1};
    shape_verdict v = relative_span(x, &r, m);
    if (v == SHAPE_ABSENT) v = relative_unit(x, i, after_the, &r, m);
    if (v == SHAPE_ABSENT) v = relative_calendar(x, i, &r, m);
    if (v == SHAPE_ABSENT) v = relative_rest(x, i, after_the, &r, m);
    return v;
}

/* "the quarter", "the latest quarter": in business news, the last reported one. */
static shape_verdict shape_the_quarter(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    int c = t->cls;
    if (after_the && ((c == C_UNIT && t->val == U_QUARTER) || (is(x, i, "latest") && cls(x, i + 1) == C_UNIT &&
                                                           x->t[i + 1].val == U_QUARTER))) {
        put_shifted(x, m->value, U_QUARTER, -1);
        m->end = c == C_UNIT ? i + 1 : i + 2;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* "the weekend": the coming one in future tense, else the last one. */
static shape_verdict shape_weekend(const tx *x, size_t i, bool after_the, tx_match *m)
{
    if (x->t[i].cls != C_WEEKEND || !after_the) return SHAPE_ABSENT;
    long z = x->dz;
    if (x->dct) {
        int wd = weekday_of(z);
        ng_tense te = tense_at(x, i);
        if (te == NG_TENSE_FUTURE) z += 0;
        else if (wd < 6) z -= 7;
        put_week(m->value, z);
        strcat(m->value, "-WE");
    } else snprintf(m->value, 40, "XXXX-WXX-WE");
    m->end = i + 1;
    m->takes_the = true;
    return SHAPE_MATCHED;
}

/* Set adverbs: daily, weekly, biweekly, nightly. */
static shape_verdict shape_set_adverb(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls != C_SETADV) return SHAPE_ABSENT;
    m->type = NG_DATE_SET;
    if (t->val == -U_WEEK) snprintf(m->value, 40, "P2W");
    else if (t->val == -U_DAY) snprintf(m->value, 40, "TNI");
    else put_duration(m->value, t->val, 1);
    m->end = i + 1;
    return SHAPE_MATCHED;
}

/* Sets: every/each [other] unit | weekday | part of day | N units. */
static shape_verdict shape_every(const tx *x, size_t i, bool after_the, tx_match *m)
{
    if (x->t[i].cls != C_EVERY) return SHAPE_ABSENT;
    size_t j = i + 1;
    long step = 1;
    if (is(x, j, "other")) { step = 2; j++; }
    int unit;
    long n;
    size_t end;
    if (cls(x, j) == C_UNIT) {
        m->type = NG_DATE_SET;
        put_duration(m->value, x->t[j].val, step);
        m->end = j + 1;
        return SHAPE_MATCHED;
    }
    if (j < x->n && wday_ok(x, j)) {
        m->type = NG_DATE_SET;
        snprintf(m->value, 40, "XXXX-WXX-%d", x->t[j].val);
        m->end = j + 1;
        add_pod(x, m);
        if (m->type == NG_DATE_TIME) m->type = NG_DATE_SET;
        return SHAPE_MATCHED;
    }
    if (cls(x, j) == C_POD) {
        m->type = NG_DATE_SET;
        snprintf(m->value, 40, "XXXX-XX-XXT%s", pod_code[x->t[j].val]);
        m->end = j + 1;
        return SHAPE_MATCHED;
    }
    if (count_units(x, j, &end, &unit, &n) && n > 0) {
        m->type = NG_DATE_SET;
        put_duration(m->value, unit, n);
        m->end = end;
        return SHAPE_MATCHED;
    }
    return SHAPE_REJECTED;
}

/* n units in direction dir (-1 "ago", +1 "later") from the DCT, into
 * m->value: the date that far away, PAST_REF/FUTURE_REF for an unknown n. */
static void put_counted_shift(const tx *x, size_t i, int unit, long n, int dir, tx_match *m)
{
    if (n < 0) {
        snprintf(m->value, 40, "%s", dir < 0 ? "PAST_REF" : "FUTURE_REF");
    } else {
        if (unit == U_YEAR && dir < 0 && sentence_has_quarter(x, i))
            /* "profit rose from a year earlier" in a quarterly report: the same
             * quarter of that year (the granularity of the compared period) */
            put_shifted(x, m->value, U_QUARTER, -1 - 4 * n);
        else
            put_shifted(x, m->value, unit, dir * n);
    }
}

/* Counted units: three years, a week, 24-hour; with ago/earlier/later, a date. */
static shape_verdict shape_counted_units(const tx *x, size_t i, bool after_the, tx_match *m)
{
    int unit;
    long n;
    size_t end;
    bool half;
    if (!count_units_h(x, i, &end, &unit, &n, &half)) return SHAPE_ABSENT;
    size_t e2;
    int dir = direction_after(x, end, &e2);
    if (dir && half) { /* "a year and a half ago": shifted by the whole count in the smaller unit */
        half_units(unit, n, NULL, &unit, &n);
        half = false;
    }
    if (dir) {
        put_counted_shift(x, i, unit, n, dir, m);
        m->end = e2;
        m->duration_like = true;
        return SHAPE_MATCHED;
    }
    /* "a day" alone is too vague to count ("in a day", "once a day") only after frequency words */
    if (x->t[i].cls == C_A && n == 1 && i > 0 && (is(x, i - 1, "once") || is(x, i - 1, "twice") ||
                                                  is(x, i - 1, "times"))) {
        m->type = NG_DATE_SET;
        put_duration(m->value, unit, 1);
        m->end = end;
        return SHAPE_MATCHED;
    }
    m->type = NG_DATE_DURATION;
    if (half) put_duration_half(m->value, unit, n);
    else put_duration(m->value, unit, n);
    m->end = end;
    m->takes_the = true;
    m->duration_like = true;
    return SHAPE_MATCHED;
}

/* Ordinal + count + units: "the first nine months". */
static shape_verdict shape_ordinal_span(const tx *x, size_t i, bool after_the, tx_match *m)
{
    if (x->t[i].cls != C_ORD || !after_the) return SHAPE_ABSENT;
    int unit;
    long n;
    size_t end;
    if (count_units(x, i + 1, &end, &unit, &n) && cls(x, end - 1) == C_UNITS) {
        m->type = NG_DATE_DURATION;
        put_duration(m->value, unit, n);
        m->end = end;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* Bare plural units: "for weeks", "years of war", "years ago"; "recent weeks". */
static shape_verdict shape_bare_units(const tx *x, size_t i, bool after_the, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    if (t->cls == C_UNITS && t->val != U_SEC && t->val != U_QUARTER) {
        size_t e2;
        int dir = direction_after(x, i + 1, &e2);
        if (dir) {
            snprintf(m->value, 40, "%s", dir < 0 ? "PAST_REF" : "FUTURE_REF");
            m->end = e2;
            return SHAPE_MATCHED;
        }
        m->type = NG_DATE_DURATION;
        put_duration(m->value, t->val, -1);
        m->end = i + 1;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    if (is(x, i, "recent") && cls(x, i + 1) == C_UNITS) {
        m->type = NG_DATE_DURATION;
        put_duration(m->value, x->t[i + 1].val, -1);
        m->end = i + 2;
        m->takes_the = true;
        return SHAPE_MATCHED;
    }
    return SHAPE_ABSENT;
}

/* In the order they are tried: the more specific shape first. */
static shape_fn *const shapes[] = {
    shape_iso_date, shape_clock, shape_prefixed_period, shape_weekday, shape_month, shape_day_month,
    shape_spoken_year, shape_part_of_current, shape_year, shape_decade, shape_century, shape_deictic,
    shape_reference_word, shape_holiday, shape_season, shape_quarter_or_half, shape_year_ago,
    shape_latest_period, shape_relative, shape_the_quarter, shape_weekend, shape_set_adverb, shape_every,
    shape_counted_units, shape_ordinal_span, shape_bare_units,
};

/* The first shape that matches at token i, into *m; false when none does
 * or one rejects the token. after_the: a "the" precedes i. */
static bool core(const tx *x, size_t i, bool after_the, tx_match *m)
{
    m->takes_the = false;
    m->duration_like = false;
    m->type = NG_DATE_DATE;
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        shape_verdict v = shapes[k](x, i, after_the, m);
        if (v != SHAPE_ABSENT) return v == SHAPE_MATCHED;
    }
    return false;
}

/* Clock times: 3 p.m., 10:30 a.m., 3pm, 15:00, noon, midnight; [time zone]
 * [today|Tuesday...]. */
static bool match_time(const tx *x, size_t i, tx_match *m)
{
    const tx_tok *t = &x->t[i];
    int h = -1, mi = 0;
    size_t j = i + 1;
    if (t->cls == C_CLOCK) {
        h = t->val;
    } else if (t->kind == NG_TOK_NUMBER) {
        const char *s = t->s;
        size_t n = t->n, k = 0;
        /* "0800 GMT": four digits are a time only with a UTC/GMT zone after them */
        if (n == 4 && t->num >= 0 && j < x->n && x->t[j].cap &&
            (!strcmp(x->t[j].lw, "utc") || !strcmp(x->t[j].lw, "gmt"))) {
            long hh = t->num / 100, mm = t->num % 100;
            if (hh > 23 || mm > 59) return false;
            h = (int)hh;
            mi = (int)mm;
            goto zone;
        }
        long hh = 0;
        while (k < n && k < 2 && s[k] >= '0' && s[k] <= '9') hh = hh * 10 + (s[k++] - '0');
        if (!k) return false;
        long mm = 0;
        bool colon = false;
        if (k < n && s[k] == ':') {
            colon = true;
            k++;
            if (k + 2 > n) return false;
            mm = parse_int(s + k, 2);
            if (mm < 0 || mm > 59) return false;
            k += 2;
        }
        int ampm = -1;
        if (k < n) {
            char suf[8];
            size_t sl = n - k;
            if (sl >= sizeof suf) return false;
            for (size_t q = 0; q < sl; q++) suf[q] = (char)(s[k + q] | 0x20);
            suf[sl] = 0;
            if (!strcmp(suf, "am") || !strcmp(suf, "a.m.")) ampm = 0;
            else if (!strcmp(suf, "pm") || !strcmp(suf, "p.m.")) ampm = 12;
            else return false;
        } else if (j < x->n) {
            const char *w = x->t[j].lw;
            if (!strcmp(w, "a.m") || !strcmp(w, "am") || !strcmp(w, "a.m.")) { ampm = 0; j++; }
            else if (!strcmp(w, "p.m") || !strcmp(w, "pm") || !strcmp(w, "p.m.")) { ampm = 12; j++; }
            else if ((x->t[j].kind == NG_TOK_ABBREV || x->t[j].kind == NG_TOK_WORD) && x->t[j].n >= 3 &&
                     (x->t[j].s[0] == 'a' || x->t[j].s[0] == 'p') && x->t[j].s[1] == '.' && x->t[j].s[2] == 'm') {
                ampm = x->t[j].s[0] == 'a' ? 0 : 12;
                j++;
            }
        }
        if (ampm < 0 && !colon) return false;
        if (ampm >= 0) {
            if (hh < 1 || hh > 12) return false;
            hh = hh % 12 + ampm;
        } else if (hh > 23) return false;
        if (colon && ampm < 0 && i > 0 && x->t[i - 1].kind == NG_TOK_NUMBER) return false;
        h = (int)hh;
        mi = (int)mm;
    } else {
        return false;
    }
zone:;
    bool zulu = false; /* TIMEX3 marks UTC with Z; other zones are left off (TimeBank) */
    if (cls(x, j) == C_TZ && x->t[j].cap) {
        zulu = !strcmp(x->t[j].lw, "utc") || !strcmp(x->t[j].lw, "gmt");
        j++;
    }
    char day[24];
    if (x->dct) put_day(day, x->dz);
    else snprintf(day, sizeof day, "XXXX-XX-XX");
    size_t k = j;
    if (cls(x, k) == C_DEICTIC && x->t[k].val != 100) {
        if (x->dct) put_day(day, x->dz + x->t[k].val);
        j = k + 1;
    } else if (k < x->n && wday_ok(x, k)) {
        put_weekday(x, day, x->t[k].val, tense_at(x, k), 0);
        j = k + 1;
    }
    snprintf(m->value, 40, "%sT%02d:%02d%s", day, h, mi, zulu ? "Z" : "");
    m->type = NG_DATE_TIME;
    m->end = j;
    return true;
}

/* [the] [modifier] [approximator] core */
static bool match_at(const tx *x, size_t i, tx_match *m)
{
    size_t j = i;
    bool the = false, mod = false, approx = false;
    if (cls(x, j) == C_THE) { the = true; j++; }
    if (cls(x, j) == C_MOD && j + 1 < x->n) {
        /* "early next year", "earlier this month", "late November"; not "later" alone */
        mod = true;
        j++;
    } else if (cls(x, j) == C_MODOF && is(x, j + 1, "of")) {
        mod = true;
        j += 2;
        if (cls(x, j) == C_THE) j++;
    }
    if (!the && !mod) {
        if (cls(x, j) == C_APPROX && j + 1 < x->n) { approx = true; j++; }
        else if ((is(x, j, "more") || is(x, j, "less") || is(x, j, "fewer")) && is(x, j + 1, "than")) { approx = true; j += 2; }
        else if ((is(x, j, "at") && (is(x, j + 1, "least") || is(x, j + 1, "most"))) ||
                 (is(x, j, "up") && is(x, j + 1, "to"))) { approx = true; j += 2; }
    }
    if (j >= x->n) return false;
    if (!core(x, j, the && !mod, m)) return false;
    if (the && !mod && !m->takes_the) return false;
    if (mod && (m->type == NG_DATE_DURATION || m->type == NG_DATE_SET || !strcmp(m->value + strlen(m->value) - (strlen(m->value) >= 4 ? 4 : 0), "_REF")))
        return false;
    if (approx && !m->duration_like) return false;
    return true;
}

/* ---- driver --------------------------------------------------------------- */

static void lower_into(char *dst, size_t cap, const char *s, size_t n)
{
    if (n && s[n - 1] == '.') n--;
    if (n >= cap) { dst[0] = 0; return; }
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        dst[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    dst[n] = 0;
}

/* The token view is a window over the text's tokens, refilled as the scan
 * advances, so memory does not grow with the text (a 10 MB one-line input
 * is one sentence). An expression spans a few tokens; the window keeps
 * VIEW_CONTEXT tokens on both sides of the scan position, which is also
 * how far the tense cues are looked for. */
#define VIEW_SIZE 1024
#define VIEW_CONTEXT 64

typedef struct view_src {
    const char *text;
    const ng_token *tok;
    size_t ntok;
    const ng_span *sent;
    size_t nsent;
} view_src;

static void fill_view(tx *x, const view_src *v, size_t base, uint32_t *sid)
{
    x->base = base;
    x->n = v->ntok - base < VIEW_SIZE ? v->ntok - base : VIEW_SIZE;
    x->rt = v->tok + base;
    /* first sentence that ends after the first token starts */
    size_t lo = 0, hi = v->nsent;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->sent[mid].end <= x->rt[0].start) lo = mid + 1;
        else hi = mid;
    }
    size_t s = lo;
    for (size_t k = 0; k < x->n; k++) {
        const ng_token *r = &x->rt[k];
        tx_tok *t = &x->t[k];
        t->s = v->text + r->bstart;
        t->n = r->bend - r->bstart;
        t->kind = r->kind;
        t->cap = t->n && t->s[0] >= 'A' && t->s[0] <= 'Z';
        lower_into(t->lw, sizeof t->lw, t->s, t->n);
        t->cls = C_NONE;
        t->val = 0;
        t->num = t->kind == NG_TOK_NUMBER ? parse_int(t->s, t->n) : -1;
        if ((t->kind == NG_TOK_WORD || t->kind == NG_TOK_ABBREV) && t->lw[0]) {
            const kw *kk = lookup(t->lw);
            if (kk) { t->cls = kk->cls; t->val = kk->val; }
        }
        while (s < v->nsent && v->sent[s].end <= r->start) s++;
        sid[k] = (uint32_t)s;
        x->sent_of[k] = k > 0 && sid[k] == sid[k - 1] ? x->sent_of[k - 1] : (uint32_t)k;
    }
    for (size_t k = x->n; k-- > 0;)
        x->sent_end[k] = k + 1 < x->n && sid[k + 1] == sid[k] ? x->sent_end[k + 1] : (uint32_t)(k + 1);
}

/* Only keywords, numbers and hyphenated words ("mid-November",
 * "three-year") can start an expression. */
static bool may_start(const tx *x, size_t i)
{
    if (i >= x->n) return false;
    const tx_tok *t = &x->t[i];
    return t->cls != C_NONE || t->kind == NG_TOK_NUMBER || (t->kind == NG_TOK_WORD && memchr(t->s, '-', t->n));
}

static const char *run(ng_arena *a, const char *text, ng_str published, const ng_token *tok, size_t ntok,
                       const ng_span *sent, size_t nsent, ng_date **out, size_t *nout)
{
    tx x;
    memset(&x, 0, sizeof x);
    x.a = a;
    x.text = text;
    *out = NULL;
    *nout = 0;
    if (!ntok) return NULL;
    size_t cap = ntok < VIEW_SIZE ? ntok : VIEW_SIZE;
    x.t = ng_alloc(a, cap * sizeof *x.t);
    x.sent_of = ng_alloc(a, cap * sizeof *x.sent_of);
    x.sent_end = ng_alloc(a, cap * sizeof *x.sent_end);
    uint32_t *sid = ng_alloc(a, cap * sizeof *sid);
    if (!x.t || !x.sent_of || !x.sent_end || !sid) return "out of memory";

    if (published.len >= 10) {
        long y = parse_int(published.ptr, 4), mo = parse_int(published.ptr + 5, 2), d = parse_int(published.ptr + 8, 2);
        if (y >= 1 && published.ptr[4] == '-' && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month((int)y, (int)mo)) {
            x.dct = true;
            x.y = (int)y;
            x.m = (int)mo;
            x.d = (int)d;
            x.dz = days_from_civil(x.y, x.m, x.d);
        }
    }

    view_src v = {text, tok, ntok, sent, nsent};
    fill_view(&x, &v, 0, sid);
    for (size_t g = 0; g < ntok;) {
        if (g - x.base + VIEW_CONTEXT > x.n && x.base + x.n < ntok)
            fill_view(&x, &v, g > VIEW_CONTEXT ? g - VIEW_CONTEXT : 0, sid);
        size_t i = g - x.base;
        tx_match m;
        memset(&m, 0, sizeof m);
        if (!may_start(&x, i)) {
            g++;
            continue;
        }
        /* function words ("the", "a", "more (than)", "end (of)") start one
         * only when what follows could */
        int c0 = x.t[i].cls;
        if ((c0 == C_THE || c0 == C_A || c0 == C_APPROX || c0 == C_MOD || c0 == C_FISCAL) && !may_start(&x, i + 1)) {
            g++;
            continue;
        }
        if ((c0 == C_LEAD || c0 == C_MODOF) && !may_start(&x, i + 1) && !may_start(&x, i + 2)) {
            g++;
            continue;
        }
        if (!match_at(&x, i, &m) || m.end <= i || m.end > x.n) { g++; continue; }
        /* trailing punctuation never ends an expression */
        size_t e = m.end;
        while (e > i + 1 && x.t[e - 1].kind == NG_TOK_PUNCT) e--;
        const ng_token *first = &x.rt[i], *last = &x.rt[e - 1];
        ng_date d;
        d.start = first->start;
        d.end = last->end;
        d.text = ng_strndup(a, text + first->bstart, last->bend - first->bstart);
        d.type = (ng_date_type)m.type;
        d.value = ng_strdup(a, m.value);
        if (!d.text.ptr || !d.value.ptr || !NG_VEC_PUSH(a, &x.out, d)) return "out of memory";
        g = x.base + m.end;
    }
    *out = x.out.items;
    *nout = x.out.len;
    return NULL;
}

const char *ng_timex_stage(ng_arena *a, ng_record *rec)
{
    return run(a, rec->text.ptr ? rec->text.ptr : "", rec->published, rec->tokens, rec->n_tokens, rec->sentences,
               rec->n_sentences, &rec->dates, &rec->n_dates);
}

size_t ng_timex_text(ng_arena *a, const char *text, size_t len, const char *published, ng_date **dates)
{
    ng_token *tok;
    ng_span *sent;
    size_t nt = ng_tokenize_text(a, text, len, &tok);
    size_t ns = ng_split_sentences(a, text, len, tok, nt, &sent);
    ng_str pub = {published, published ? strlen(published) : 0};
    size_t n = 0;
    if (run(a, text, pub, tok, nt, sent, ns, dates, &n)) return 0;
    return n;
}

const char *ng_date_type_name(ng_date_type type)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    return names[(unsigned)type & 3];
}

void ng_timex_json(ng_buf *b, const ng_record *r)
{
    ng_buf_puts(b, ",\"dates\":[");
    for (size_t i = 0; i < r->n_dates; i++) {
        const ng_date *d = &r->dates[i];
        ng_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        ng_json_string(b, d->text.ptr, d->text.len);
        ng_buf_printf(b, ",\"start\":%u,\"end\":%u,\"type\":\"%s\",\"value\":", d->start, d->end,
                      ng_date_type_name(d->type));
        ng_json_string(b, d->value.ptr, d->value.len);
        ng_buf_putc(b, '}');
    }
    ng_buf_putc(b, ']');
}

static const char *find_dates(ng_stage_ctx *stage) { return ng_timex_stage(stage->arena, stage->rec); }

const ng_stage ng_stage_dates = {"dates", find_dates, ng_timex_json};
