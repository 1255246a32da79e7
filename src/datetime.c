/*
 * datetime.c: dates and date-times in the forms news pages use, to ISO 8601.
 *
 * The input is cut into tokens (digit runs, letter runs, punctuation) and
 * the first date pattern found anywhere is taken, so "Updated 10:39 AM EST,
 * Tue November 29, 2016" works as well as "2016-11-29T10:39:35Z". A time is
 * looked for after the date, then before it; a zone only counts right after
 * a time. Outputs:
 *   "YYYY-MM-DD"            a date without a time
 *   "YYYY-MM-DDTHH:MM:SS"   a time without a zone (local, as given)
 *   "YYYY-MM-DDTHH:MM:SSZ"  a time with a zone or offset, converted to UTC
 *
 * Numeric orders: Y-M-D when the year comes first; "29.11.2016" is D.M.Y;
 * with slashes or dashes and the year last, D/M/Y only when the first number
 * cannot be a month (> 12), otherwise M/D/Y (US order for ambiguous dates).
 * Years: 1900-2100 for ISO forms (year first, four digits), 1990-2100 for
 * the rest, since a two-digit or prose year far outside that is more often
 * a misread than a real publication date.
 *
 * Only the first NG_DT_SCAN bytes are looked at: this is for short strings
 * (meta values, bylines), and a bound keeps hostile input cheap.
 */
#include "internal.h"

#include <stdio.h>

#define NG_DT_SCAN 512
#define NG_DT_TOKENS 160

enum { T_NUM, T_WORD, T_PUNCT };

typedef struct dt_tok {
    uint8_t kind;
    char c;          /* T_PUNCT: the character */
    uint8_t ndig;    /* T_NUM: number of digits */
    bool space_before;
    int64_t val;     /* T_NUM: value (capped) */
    uint8_t wlen;    /* T_WORD: length, 0xFF if too long to be a keyword */
    char w[24];      /* T_WORD: ASCII-lowercased, NUL-terminated */
} dt_tok;

typedef struct dt_toks {
    dt_tok t[NG_DT_TOKENS];
    int n;
} dt_toks;

/* Unicode spaces that would otherwise glue a month name to its number
 * (NBSP and friends are common between "29" and "novembre"). Returns the
 * byte length of the space at s, or 0. */
static size_t uspace(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF)) return 3;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    return 0;
}

static void tokenize(const char *src, size_t n, dt_toks *out)
{
    const unsigned char *s = (const unsigned char *)src;
    if (n > NG_DT_SCAN) n = NG_DT_SCAN;
    out->n = 0;
    bool space = true;
    size_t i = 0;
    while (i < n && out->n < NG_DT_TOKENS) {
        unsigned char c = s[i];
        size_t sp;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { space = true; i++; continue; }
        if ((sp = uspace(s + i, n - i))) { space = true; i += sp; continue; }
        dt_tok *t = &out->t[out->n++];
        memset(t, 0, sizeof *t);
        t->space_before = space;
        space = false;
        if (c >= '0' && c <= '9') {
            t->kind = T_NUM;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (t->ndig < 18) t->val = t->val * 10 + (s[i] - '0');
                if (t->ndig < 255) t->ndig++;
                i++;
            }
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            t->kind = T_WORD;
            size_t k = 0;
            while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
                             (s[i] >= 0x80 && !uspace(s + i, n - i)))) {
                if (k < sizeof t->w - 1) t->w[k] = (char)(s[i] < 0x80 ? (s[i] | 0x20) : s[i]);
                k++;
                i++;
            }
            t->wlen = k < sizeof t->w ? (uint8_t)k : 0xFF;
            t->w[k < sizeof t->w - 1 ? k : sizeof t->w - 1] = '\0';
        } else if (c >= 0x80) {
            /* A non-ASCII run (CJK date markers like 年, or accented words
             * starting with a non-ASCII letter) is a word. */
            t->kind = T_WORD;
            size_t k = 0;
            while (i < n && s[i] >= 0x80 && !uspace(s + i, n - i)) {
                if (k < sizeof t->w - 1) t->w[k] = (char)s[i];
                k++;
                i++;
            }
            t->wlen = k < sizeof t->w ? (uint8_t)k : 0xFF;
            t->w[k < sizeof t->w - 1 ? k : sizeof t->w - 1] = '\0';
        } else {
            t->kind = T_PUNCT;
            t->c = (char)c;
            i++;
        }
    }
}

static bool is_num(const dt_toks *T, int i, int min_dig, int max_dig)
{
    return i >= 0 && i < T->n && T->t[i].kind == T_NUM && T->t[i].ndig >= min_dig && T->t[i].ndig <= max_dig;
}
static bool is_punct(const dt_toks *T, int i, char c)
{
    return i >= 0 && i < T->n && T->t[i].kind == T_PUNCT && T->t[i].c == c;
}
static bool is_word(const dt_toks *T, int i, const char *w)
{
    return i >= 0 && i < T->n && T->t[i].kind == T_WORD && strcmp(T->t[i].w, w) == 0;
}

/* Month names: English, German, French, Spanish, Italian, Portuguese,
 * with their usual abbreviations (a trailing '.' is a separate token). */
static const struct { const char *name; int month; } months[] = {
    {"january", 1}, {"jan", 1}, {"januar", 1}, {"jänner", 1}, {"janvier", 1}, {"janv", 1}, {"enero", 1},
    {"ene", 1}, {"gennaio", 1}, {"janeiro", 1},
    {"february", 2}, {"feb", 2}, {"febr", 2}, {"februar", 2}, {"février", 2}, {"fevrier", 2}, {"févr", 2},
    {"fév", 2}, {"fev", 2}, {"febrero", 2}, {"febbraio", 2}, {"fevereiro", 2},
    {"march", 3}, {"mar", 3}, {"märz", 3}, {"maerz", 3}, {"mrz", 3}, {"mars", 3}, {"marzo", 3}, {"março", 3},
    {"april", 4}, {"apr", 4}, {"avril", 4}, {"avr", 4}, {"abril", 4}, {"abr", 4}, {"aprile", 4},
    {"may", 5}, {"mai", 5}, {"mayo", 5}, {"maggio", 5}, {"maio", 5},
    {"june", 6}, {"jun", 6}, {"juni", 6}, {"juin", 6}, {"junio", 6}, {"giugno", 6}, {"junho", 6},
    {"july", 7}, {"jul", 7}, {"juli", 7}, {"juillet", 7}, {"juil", 7}, {"julio", 7}, {"luglio", 7},
    {"julho", 7},
    {"august", 8}, {"aug", 8}, {"août", 8}, {"aout", 8}, {"agosto", 8}, {"ago", 8},
    {"september", 9}, {"sep", 9}, {"sept", 9}, {"septembre", 9}, {"septiembre", 9}, {"setiembre", 9},
    {"settembre", 9}, {"setembro", 9}, {"set", 9},
    {"october", 10}, {"oct", 10}, {"oktober", 10}, {"okt", 10}, {"octobre", 10}, {"octubre", 10},
    {"ottobre", 10}, {"outubro", 10}, {"out", 10},
    {"november", 11}, {"nov", 11}, {"novembre", 11}, {"noviembre", 11}, {"novembro", 11},
    {"december", 12}, {"dec", 12}, {"dezember", 12}, {"dez", 12}, {"décembre", 12}, {"decembre", 12},
    {"déc", 12}, {"diciembre", 12}, {"dic", 12}, {"dicembre", 12}, {"dezembro", 12},
};

static int month_of(const dt_toks *T, int i)
{
    if (i < 0 || i >= T->n || T->t[i].kind != T_WORD || T->t[i].wlen == 0xFF) return 0;
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++)
        if (strcmp(T->t[i].w, months[k].name) == 0) return months[k].month;
    return 0;
}

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int64_t y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

static bool valid_date(int64_t y, int64_t m, int64_t d, int ymin)
{
    return y >= ymin && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, (int)m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm: exact, no tables, no floating point). */
int64_t ng_days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ng_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* 0 = Sunday. */
static int weekday(int64_t y, int m, int d)
{
    int64_t z = ng_days_from_civil(y, m, d);
    return (int)(((z % 7) + 11) % 7);
}

/* Day of month of the nth (1-based) Sunday of y-m; n = -1 for the last. */
static int nth_sunday(int64_t y, int m, int nth)
{
    if (nth < 0) {
        int last = mdays(y, m);
        return last - weekday(y, m, last);
    }
    int first = 1 + (7 - weekday(y, m, 1)) % 7;
    return first + 7 * (nth - 1);
}

/* Whether US daylight time is in effect at a local standard-time moment:
 * since 2007 from the second Sunday of March to the first Sunday of
 * November, before that from the first Sunday of April to the last Sunday
 * of October, switching at 02:00 local. */
static bool us_dst(int64_t y, int m, int d, int hh)
{
    int sm, sd, em, ed;
    if (y >= 2007) { sm = 3; sd = nth_sunday(y, 3, 2); em = 11; ed = nth_sunday(y, 11, 1); }
    else { sm = 4; sd = nth_sunday(y, 4, 1); em = 10; ed = nth_sunday(y, 10, -1); }
    int key = m * 10000 + d * 100 + hh, start = sm * 10000 + sd * 100 + 2, end = em * 10000 + ed * 100 + 2;
    return key >= start && key < end;
}

/* Zone abbreviations, as offsets in minutes. US "generic" zones (ET, CT,
 * MT, PT) are resolved from the date; 'us' holds their standard offset. */
static const struct { const char *name; int off; bool us; } zones[] = {
    {"z", 0, false}, {"gmt", 0, false}, {"utc", 0, false}, {"ut", 0, false}, {"wet", 0, false},
    {"bst", 60, false}, {"cet", 60, false}, {"mez", 60, false}, {"west", 60, false},
    {"cest", 120, false}, {"mesz", 120, false}, {"eet", 120, false}, {"eest", 180, false},
    {"msk", 180, false}, {"jst", 540, false}, {"kst", 540, false}, {"aest", 600, false},
    {"aedt", 660, false}, {"hst", -600, false}, {"akst", -540, false}, {"akdt", -480, false},
    {"est", -300, false}, {"edt", -240, false}, {"cst", -360, false}, {"cdt", -300, false},
    {"mst", -420, false}, {"mdt", -360, false}, {"pst", -480, false}, {"pdt", -420, false},
    {"et", -300, true}, {"ct", -360, true}, {"mt", -420, true}, {"pt", -480, true},
};

typedef struct dt_time {
    int hh, mm, ss;
    bool has_zone;
    bool us_generic;  /* offset is standard time; add an hour in US DST */
    int off;          /* minutes east of UTC */
    int end;          /* token after the time and zone */
} dt_time;

/* A numeric offset at token i: "+0100", "-05:00", "+01", "+1". Returns the
 * token after it, or -1. */
static int parse_offset(const dt_toks *T, int i, int *off)
{
    if (!(is_punct(T, i, '+') || is_punct(T, i, '-'))) return -1;
    int sign = T->t[i].c == '-' ? -1 : 1;
    int h, m = 0, j = i + 1;
    if (is_num(T, j, 4, 4)) {
        h = (int)(T->t[j].val / 100);
        m = (int)(T->t[j].val % 100);
        j++;
    } else if (is_num(T, j, 1, 2)) {
        h = (int)T->t[j].val;
        j++;
        if (is_punct(T, j, ':') && is_num(T, j + 1, 2, 2)) { m = (int)T->t[j + 1].val; j += 2; }
    } else {
        return -1;
    }
    if (h > 14 || m > 59) return -1;
    *off = sign * (h * 60 + m);
    return j;
}

/* A time starting at token i: "10:39", "10:39:35.000", "10:39 AM",
 * "10:39 a.m.", "103935" (after an ISO basic date only: basic = true),
 * with an optional zone. */
static bool parse_time(const dt_toks *T, int i, bool basic, dt_time *out)
{
    memset(out, 0, sizeof *out);
    int j;
    if (basic && is_num(T, i, 4, 6) && T->t[i].ndig != 5) {
        int64_t v = T->t[i].val;
        if (T->t[i].ndig == 6) { out->ss = (int)(v % 100); v /= 100; }
        out->mm = (int)(v % 100);
        out->hh = (int)(v / 100);
        j = i + 1;
    } else {
        if (!is_num(T, i, 1, 2) || !is_punct(T, i + 1, ':') || !is_num(T, i + 2, 2, 2)) return false;
        out->hh = (int)T->t[i].val;
        out->mm = (int)T->t[i + 2].val;
        j = i + 3;
        if (is_punct(T, j, ':') && is_num(T, j + 1, 2, 2)) {
            out->ss = (int)T->t[j + 1].val;
            j += 2;
        }
    }
    if ((is_punct(T, j, '.') || is_punct(T, j, ',')) && is_num(T, j + 1, 1, 9) && !T->t[j + 1].space_before) j += 2;
    /* AM / PM, "a.m." / "p.m." */
    int ampm = 0;
    if (is_word(T, j, "am") || is_word(T, j, "pm")) {
        ampm = T->t[j].w[0] == 'a' ? 1 : 2;
        j++;
    } else if ((is_word(T, j, "a") || is_word(T, j, "p")) && is_punct(T, j + 1, '.') && is_word(T, j + 2, "m")) {
        ampm = T->t[j].w[0] == 'a' ? 1 : 2;
        j += 3;
        if (is_punct(T, j, '.')) j++;
    }
    if (ampm) {
        if (out->hh < 1 || out->hh > 12) return false;
        if (out->hh == 12) out->hh = 0;
        if (ampm == 2) out->hh += 12;
    }
    if (out->hh > 23 || out->mm > 59 || out->ss > 59) return false;
    /* zone: a name, optionally with an offset ("GMT-0500"), or an offset */
    int k = j;
    if (is_punct(T, k, '(')) k++;
    if (k < T->n && T->t[k].kind == T_WORD && T->t[k].wlen != 0xFF) {
        for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
            if (strcmp(T->t[k].w, zones[z].name) != 0) continue;
            out->has_zone = true;
            out->off = zones[z].off;
            out->us_generic = zones[z].us;
            j = k + 1;
            int off, e = out->off == 0 ? parse_offset(T, j, &off) : -1;
            if (e > 0) { out->off = off; j = e; }
            if (is_punct(T, j, ')')) j++;
            break;
        }
    } else {
        int off, e = parse_offset(T, j, &off);
        if (e > 0) {
            out->has_zone = true;
            out->off = off;
            j = e;
        }
    }
    out->end = j;
    return true;
}

typedef struct dt_date {
    int64_t y;
    int m, d;
    int start, end; /* token range */
    bool basic;     /* ISO basic (YYYYMMDD): a following time may be basic too */
    bool iso;       /* year first: a 'T' separator may follow */
} dt_date;

static int64_t year2(const dt_tok *t)
{
    if (t->ndig == 4) return t->val;
    if (t->ndig == 2) return t->val <= 50 ? 2000 + t->val : 1900 + t->val;
    return -1;
}

/* Skips an ordinal suffix ("29th", "1er", "1º") after a day number. */
static int skip_ordinal(const dt_toks *T, int j)
{
    if (j < T->n && T->t[j].kind == T_WORD && !T->t[j].space_before &&
        (is_word(T, j, "st") || is_word(T, j, "nd") || is_word(T, j, "rd") || is_word(T, j, "th") ||
         is_word(T, j, "er") || is_word(T, j, "\xc2\xba")))
        return j + 1;
    return j;
}

/* Tries each date pattern at token i. */
static bool date_at(const dt_toks *T, int i, dt_date *out)
{
    memset(out, 0, sizeof *out);
    out->start = i;
    const dt_tok *t = &T->t[i];
    if (t->kind == T_NUM) {
        /* Y-M-D, Y/M/D, Y.M.D */
        if (t->ndig == 4 && i + 4 < T->n && T->t[i + 1].kind == T_PUNCT &&
            (T->t[i + 1].c == '-' || T->t[i + 1].c == '/' || T->t[i + 1].c == '.') &&
            is_num(T, i + 2, 1, 2) && is_punct(T, i + 3, T->t[i + 1].c) && is_num(T, i + 4, 1, 2)) {
            out->y = t->val; out->m = (int)T->t[i + 2].val; out->d = (int)T->t[i + 4].val;
            out->end = i + 5;
            out->iso = true;
            return valid_date(out->y, out->m, out->d, T->t[i + 1].c == '-' ? 1900 : 1990);
        }
        /* YYYYMMDD */
        if (t->ndig == 8) {
            out->y = t->val / 10000; out->m = (int)(t->val / 100 % 100); out->d = (int)(t->val % 100);
            out->end = i + 1;
            out->iso = out->basic = true;
            return valid_date(out->y, out->m, out->d, 1900);
        }
        /* 2019年4月21日 (Japanese, Chinese), 2019년 4월 21일 (Korean) */
        if (t->ndig == 4 && is_num(T, i + 2, 1, 2) && is_num(T, i + 4, 1, 2) &&
            ((is_word(T, i + 1, "\xe5\xb9\xb4") && is_word(T, i + 3, "\xe6\x9c\x88")) ||
             (is_word(T, i + 1, "\xeb\x85\x84") && is_word(T, i + 3, "\xec\x9b\x94")))) {
            out->y = t->val; out->m = (int)T->t[i + 2].val; out->d = (int)T->t[i + 4].val;
            out->end = i + 5;
            if (i + 5 < T->n && T->t[i + 5].kind == T_WORD) out->end = i + 6; /* 日 / 일 */
            return valid_date(out->y, out->m, out->d, 1990);
        }
        /* D.M.Y, M/D/Y, D/M/Y, M-D-Y */
        if (t->ndig <= 2 && i + 4 < T->n && T->t[i + 1].kind == T_PUNCT &&
            (T->t[i + 1].c == '.' || T->t[i + 1].c == '/' || T->t[i + 1].c == '-') &&
            is_num(T, i + 2, 1, 2) && is_punct(T, i + 3, T->t[i + 1].c) &&
            (is_num(T, i + 4, 4, 4) || (is_num(T, i + 4, 2, 2) && T->t[i + 1].c != '-'))) {
            int64_t a = t->val, b = T->t[i + 2].val;
            out->y = year2(&T->t[i + 4]);
            if (T->t[i + 1].c == '.' || a > 12) { out->d = (int)a; out->m = (int)b; }
            else { out->m = (int)a; out->d = (int)b; }
            out->end = i + 5;
            return valid_date(out->y, out->m, out->d, 1990);
        }
        /* D [.] [ordinal] [of|de] Month [.] [de] Y */
        if (t->ndig <= 2) {
            int j = skip_ordinal(T, i + 1);
            if (is_punct(T, j, '.')) j++;
            if (is_word(T, j, "of") || is_word(T, j, "de")) j++;
            int m = month_of(T, j);
            if (m) {
                j++;
                if (is_punct(T, j, '.')) j++;
                if (is_punct(T, j, ',')) j++;
                if (is_word(T, j, "de") || is_word(T, j, "del")) j++;
                if (is_num(T, j, 4, 4)) {
                    out->y = T->t[j].val; out->m = m; out->d = (int)t->val;
                    out->end = j + 1;
                    return valid_date(out->y, out->m, out->d, 1990);
                }
            }
        }
        return false;
    }
    /* Month [.] D [ordinal] [,] [time] Y */
    int m = month_of(T, i);
    if (!m) return false;
    int j = i + 1;
    if (is_punct(T, j, '.')) j++;
    if (!is_num(T, j, 1, 2)) return false;
    int d = (int)T->t[j].val;
    j = skip_ordinal(T, j + 1);
    if (is_punct(T, j, ',')) j++;
    if (!is_num(T, j, 4, 4)) {
        /* asctime: "Nov 29 10:39:35 2016" */
        dt_time tm;
        if (!parse_time(T, j, false, &tm) || !is_num(T, tm.end, 4, 4)) return false;
        j = tm.end;
    }
    out->y = T->t[j].val; out->m = m; out->d = d;
    out->end = j + 1;
    return valid_date(out->y, out->m, out->d, 1990);
}

static ng_str format(ng_arena *a, const dt_date *dt, const dt_time *tm)
{
    if (!tm) return ng_sprintf(a, "%04d-%02d-%02d", (int)dt->y, dt->m, dt->d);
    if (!tm->has_zone)
        return ng_sprintf(a, "%04d-%02d-%02dT%02d:%02d:%02d", (int)dt->y, dt->m, dt->d, tm->hh, tm->mm, tm->ss);
    int off = tm->off;
    if (tm->us_generic && us_dst(dt->y, dt->m, dt->d, tm->hh)) off += 60;
    int64_t t = ng_days_from_civil(dt->y, dt->m, dt->d) * 86400 + tm->hh * 3600 + tm->mm * 60 + tm->ss - off * 60;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - days * 86400;
    int64_t y;
    int m, d;
    ng_civil_from_days(days, &y, &m, &d);
    if (y < 1900 || y > 2100) return (ng_str){NULL, 0};
    return ng_sprintf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60),
                      (int)(sec % 60));
}

/* A whole string of 10 digits (seconds) or 13 (milliseconds) since 1970,
 * within 1990-2100. */
static ng_str unix_time(ng_arena *a, const dt_toks *T)
{
    if (T->n != 1 || !(is_num(T, 0, 10, 10) || is_num(T, 0, 13, 13))) return (ng_str){NULL, 0};
    int64_t v = T->t[0].val;
    if (T->t[0].ndig == 13) v /= 1000;
    if (v < 631152000 || v > 4102444800) return (ng_str){NULL, 0};
    dt_date dt = {0};
    int64_t y;
    ng_civil_from_days(v / 86400, &y, &dt.m, &dt.d);
    dt.y = y;
    dt_time tm = {.hh = (int)(v % 86400 / 3600), .mm = (int)(v % 3600 / 60), .ss = (int)(v % 60), .has_zone = true};
    return format(a, &dt, &tm);
}

ng_str ng_normalize_datetime(ng_arena *a, const char *s, size_t n)
{
    if (!s || !n) return (ng_str){NULL, 0};
    dt_toks *T = ng_alloc(a, sizeof *T);
    if (!T) return (ng_str){NULL, 0};
    tokenize(s, n, T);
    ng_str u = unix_time(a, T);
    if (u.len) return u;
    dt_date dt;
    int i = 0;
    for (; i < T->n; i++)
        if (date_at(T, i, &dt)) break;
    if (i == T->n) return (ng_str){NULL, 0};
    dt_time tm;
    /* right after the date: "T10:39", " 10:39", ", 10:39", " at 10:39", " - 10:39" */
    int j = dt.end;
    if (dt.iso && j < T->n && T->t[j].kind == T_WORD && T->t[j].w[0] == 't' && T->t[j].wlen == 1 &&
        parse_time(T, j + 1, dt.basic, &tm))
        return format(a, &dt, &tm);
    for (j = dt.start + 1; j < T->n && j < dt.end + 4; j++) { /* inside too: asctime */
        if (parse_time(T, j, false, &tm)) return format(a, &dt, &tm);
        if (j >= dt.end && T->t[j].kind == T_NUM) break;
    }
    /* before the date (CNN: "Updated 10:39 AM EST, Tue November 29, 2016") */
    for (j = 0; j < dt.start; j++)
        if (parse_time(T, j, false, &tm) && tm.end <= dt.start) return format(a, &dt, &tm);
    return format(a, &dt, NULL);
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

static bool isdig(char c) { return c >= '0' && c <= '9'; }

ng_str ng_date_from_url(ng_arena *a, const char *url)
{
    if (!url) return (ng_str){NULL, 0};
    /* skip the scheme and host: a date in a host name is not a date */
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    while (*p && *p != '/') p++;
    size_t n = strlen(p);
    if (n > 2048) n = 2048;
    for (size_t i = 0; i + 8 <= n; i++) {
        if (!isdig(p[i]) || (i > 0 && isdig(p[i - 1])) || !digits(p + i, 4)) continue;
        int y = num(p + i, 4), m = 0, d = 0;
        if (y < 1995 || y > 2100) continue;
        const char *q = p + i + 4;
        size_t rest = n - i - 4;
        if (rest >= 4 && (q[0] == '/' || q[0] == '-' || q[0] == '_') && isdig(q[1])) {
            /* YYYY/MM/DD, YYYY-MM-DD, also one-digit parts */
            char sep = q[0];
            size_t k = 1;
            while (k < rest && k < 3 && isdig(q[k])) k++;
            if (k == 1 || (k < rest && isdig(q[k]))) continue;
            m = num(q + 1, (int)k - 1);
            if (k >= rest || q[k] != sep || !isdig(q[k + 1])) continue; /* /2016/11/ is a month, not a day */
            size_t e = k + 1;
            while (e < rest && e < k + 3 && isdig(q[e])) e++;
            if (e < rest && isdig(q[e])) continue;
            d = num(q + k + 1, (int)(e - k - 1));
        } else if (rest >= 5 && q[0] == '/' && !isdig(q[1])) {
            /* /2016/nov/29/ (The Guardian) */
            static const char mon[] = "janfebmaraprmayjunjulaugsepoctnovdec";
            size_t k = 1;
            while (k < rest && k < 5 && q[k] != '/') k++;
            if (k != 4 || k + 1 >= rest || !isdig(q[k + 1])) continue;
            for (int mm = 0; mm < 12; mm++)
                if ((q[1] | 0x20) == mon[mm * 3] && (q[2] | 0x20) == mon[mm * 3 + 1] && (q[3] | 0x20) == mon[mm * 3 + 2])
                    m = mm + 1;
            size_t e = k + 1;
            while (e < rest && e < k + 3 && isdig(q[e])) e++;
            if (e < rest && isdig(q[e])) continue;
            d = num(q + k + 1, (int)(e - k - 1));
        } else if (rest >= 4 && digits(q, 4) && (rest == 4 || !isdig(q[4]))) {
            /* YYYYMMDD bounded by non-digits */
            m = num(q, 2);
            d = num(q + 2, 2);
        } else {
            continue;
        }
        if (valid_date(y, m, d, 1995)) return ng_sprintf(a, "%04d-%02d-%02d", y, m, d);
    }
    return (ng_str){NULL, 0};
}
