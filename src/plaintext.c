/*
 * plaintext.c: reading plain-text wire copy into an article.
 *
 * Wire copy has a loose but recognisable shape: an optional section line,
 * a headline, a byline, an optional date line, a dateline ("KYIV, Ukraine
 * (AP) — ") in front of the first paragraph, the body as blank-line
 * separated paragraphs, and at the end contributor lines and page
 * furniture ("Related Articles", "Back to top button").
 *
 * The reader works on lines (trimmed, blank lines dropped) grouped into
 * paragraphs, and peels the header off the front and the furniture off the
 * back; what is left is the body. The governing rule is that only clear
 * patterns leave the body: a text the reader does not understand (a poem,
 * a list, one long paragraph, prose with no headline) must come out with
 * every word in the body, in order. So each header element is accepted
 * only with evidence from its neighbours: a headline only when a byline, a
 * dateline or a prose paragraph follows it, a section line only when a
 * headline follows it, a heading inside the body only between two
 * paragraphs, and furniture only at the very end. Names (authors,
 * contributors) must all look like person names, or the whole line stays
 * in the body.
 *
 * Blocks point into `text` when a paragraph is one line; paragraphs of
 * several lines are joined into arena copies. Metadata strings are arena
 * copies, so they are NUL-terminated.
 */
#include "internal.h"
#include "lexicon.h"

#include <utf8proc.h>

typedef struct para {
    size_t first, count; /* a run of lines in reader.lines */
} para;

typedef struct reader {
    ng_arena *a;
    ng_article *art;
    NG_VEC(ng_str) lines; /* trimmed, non-blank */
    NG_VEC(para) paras;
    /* The line whose dateline was cut off, and the width of the cut: the
     * wrap test must see the line as it was typed. */
    size_t cut_line, cut_width;
} reader;

#define NOT_FOUND ((size_t)-1)
#define MAX_NAMES 24

/* ---- characters and words --------------------------------------------- */

/* Byte length of the white-space character at s (n bytes left), else 0.
 * Wire copy is full of NBSPs and thin spaces around dashes, so Unicode
 * spaces count as spaces everywhere. */
static size_t space_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!n) return 0;
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r' || u[0] == '\f' || u[0] == '\v') return 1;
    if (u[0] == 0xC2 && n >= 2 && u[1] == 0xA0) return 2;
    if (n < 3) return 0;
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8B || u[2] == 0xAF)) return 3;
    if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) return 3;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;
    if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return 3;
    return 0;
}

static ng_str mk(const char *p, size_t n) { return (ng_str){p, n}; }

/* Start of the last character of s (s.len > 0). */
static size_t last_char_start(ng_str s)
{
    size_t b = s.len - 1;
    while (b > 0 && ((unsigned char)s.ptr[b] & 0xC0) == 0x80 && s.len - b < 4) b--;
    return b;
}

static ng_str trim(ng_str s)
{
    size_t k;
    while (s.len && (k = space_at(s.ptr, s.len)) > 0) { s.ptr += k; s.len -= k; }
    while (s.len) {
        size_t b = last_char_start(s);
        if (space_at(s.ptr + b, s.len - b) != s.len - b) break;
        s.len = b;
    }
    return s;
}

static bool next_word(ng_str s, size_t *pos, ng_str *w)
{
    size_t i = *pos, k;
    while (i < s.len && (k = space_at(s.ptr + i, s.len - i)) > 0) i += k;
    if (i >= s.len) { *pos = i; return false; }
    size_t st = i;
    while (i < s.len && !space_at(s.ptr + i, s.len - i)) i++;
    *w = mk(s.ptr + st, i - st);
    *pos = i;
    return true;
}

static size_t count_words(ng_str s)
{
    size_t pos = 0, n = 0;
    ng_str w;
    while (next_word(s, &pos, &w)) n++;
    return n;
}

static ng_str first_word(ng_str s)
{
    size_t pos = 0;
    ng_str w = {s.ptr, 0};
    next_word(s, &pos, &w);
    return w;
}

static uint32_t cp_at(ng_str s, size_t i, size_t *adv)
{
    uint32_t cp = 0;
    size_t k = ng_utf8_decode((const unsigned char *)s.ptr + i, s.len - i, &cp);
    if (adv) *adv = k;
    return cp;
}

static uint32_t first_cp(ng_str s) { return s.len ? cp_at(s, 0, NULL) : 0; }
static uint32_t last_cp(ng_str s) { return s.len ? cp_at(s, last_char_start(s), NULL) : 0; }

static int cp_cat(uint32_t cp) { return (int)utf8proc_category((utf8proc_int32_t)cp); }
static bool cp_upper(uint32_t cp) { return cp_cat(cp) == UTF8PROC_CATEGORY_LU || cp_cat(cp) == UTF8PROC_CATEGORY_LT; }
static bool cp_lower(uint32_t cp) { return cp_cat(cp) == UTF8PROC_CATEGORY_LL; }
static bool cp_letter(uint32_t cp) { int c = cp_cat(cp); return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO; }
static bool cp_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }
static bool cp_open_quote(uint32_t cp) { return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0xAB; }
static bool cp_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0xBB;
}

static size_t cp_count(ng_str s) { return ng_utf8_count(s.ptr, s.len); }

/* s without trailing quotes and brackets, so "…said.”" ends with '.'. */
static ng_str strip_closers(ng_str s)
{
    while (s.len && cp_closer(last_cp(s))) s.len = last_char_start(s);
    return s;
}

static bool ends_sentence(ng_str s)
{
    uint32_t c = last_cp(strip_closers(trim(s)));
    return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

static bool ends_punct(ng_str s)
{
    uint32_t c = last_cp(strip_closers(trim(s)));
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == 0x2026;
}

static bool has_letter(ng_str s)
{
    for (size_t i = 0, k; i < s.len; i += k)
        if (cp_letter(cp_at(s, i, &k))) return true;
    return false;
}

static bool has_digit(ng_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] >= '0' && s.ptr[i] <= '9') return true;
    return false;
}


static bool eq_ci(ng_str s, const char *p)
{
    size_t n = strlen(p);
    if (s.len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (ng_ascii_lower((unsigned char)s.ptr[i]) != ng_ascii_lower((unsigned char)p[i])) return false;
    return true;
}

static bool eq(ng_str s, const char *p) { return s.len == strlen(p) && memcmp(s.ptr, p, s.len) == 0; }

static bool starts(ng_str s, const char *p)
{
    size_t n = strlen(p);
    return s.len >= n && memcmp(s.ptr, p, n) == 0;
}

static bool ends(ng_str s, const char *p)
{
    size_t n = strlen(p);
    return s.len >= n && memcmp(s.ptr + s.len - n, p, n) == 0;
}

static size_t find(ng_str s, const char *p, size_t from)
{
    size_t n = strlen(p);
    for (size_t i = from; i + n <= s.len; i++)
        if (memcmp(s.ptr + i, p, n) == 0) return i;
    return NOT_FOUND;
}

static size_t find_ci(ng_str s, const char *p, size_t from)
{
    size_t n = strlen(p);
    for (size_t i = from; i + n <= s.len; i++)
        if (eq_ci(mk(s.ptr + i, n), p)) return i;
    return NOT_FOUND;
}

static size_t rfind(ng_str s, const char *p)
{
    size_t n = strlen(p);
    for (size_t i = s.len; i >= n; i--)
        if (memcmp(s.ptr + i - n, p, n) == 0) return i - n;
    return NOT_FOUND;
}

/* A word stripped of the punctuation that sticks to it in running text. */
static ng_str bare(ng_str w)
{
    while (w.len && (w.ptr[w.len - 1] == ',' || w.ptr[w.len - 1] == '.' || w.ptr[w.len - 1] == ';' ||
                     w.ptr[w.len - 1] == ':'))
        w.len--;
    return w;
}

static bool allcaps(ng_str s)
{
    size_t letters = 0;
    for (size_t i = 0, k; i < s.len; i += k) {
        uint32_t c = cp_at(s, i, &k);
        if (cp_lower(c)) return false;
        letters += cp_letter(c);
    }
    return letters >= 2;
}

/* ---- word lists ---------------------------------------------------------- */

static const char *const known_outlets[] = {
    "CNN", "Reuters", "Associated Press", "The Associated Press", "AP", "AFP", "Agence France-Presse",
    "BBC", "BBC News", "Bloomberg", "Bloomberg News", "NPR", "UPI", "dpa", "DPA", "ANSA", "EFE", "Xinhua",
    "Kyodo", "Kyodo News", "Yonhap", "PA", "PA Media", "TASS", "Interfax", "Al Jazeera", "CBS News",
    "NBC News", "ABC News", "Fox News", "CNBC", "USA TODAY", "USA Today", "The Guardian",
    "The New York Times", "The Washington Post", "Politico", "POLITICO", "Axios", "Sky News",
    "PRNewswire", "PR Newswire", "Business Wire", "GlobeNewswire", "RFE/RL", "Voice of America", "VOA",
    "Anadolu", "ANI", "PTI", "IANS", NULL};

/* A capitalised phrase with one of these words names a publication. */
static const char *const outlet_words[] = {
    "News", "Press", "Times", "Post", "Agency", "Wire", "Newswire", "Journal", "Herald", "Tribune",
    "Media", "Radio", "Television", "TV", "Gazette", "Telegraph", "Chronicle", "Network", "Broadcasting",
    "Magazine", "Daily", "Observer", NULL};

static const char *const role_words[] = {
    "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor", "editors",
    "staff", "contributor", "columnist", "producer", "analyst", "bureau", "chief", "photographer",
    "senior", "special", "contributing", NULL};

static const char *const particles[] = {
    "de", "da", "del", "della", "der", "den", "di", "du", "dos", "das", "do", "la", "le", "van", "von",
    "bin", "bint", "ibn", "al", "el", "ter", "ten", "y", "zu", NULL};

/* Capitalised words that start sentences and headlines, not names. */
static const char *const not_name_words[] = {
    "The", "A", "An", "This", "That", "These", "Those", "In", "On", "At", "For", "With", "From", "Our",
    "Its", "His", "Her", "Their", "My", "Your", "It", "We", "They", "He", "She", "I", "And", "But", "Or",
    "If", "When", "Why", "How", "What", "Who", "Is", "Are", "Was", "Not", "No", "All", "More",
    "Report", "Reporting", "Editing", "Updated", "Published", "Posted", "Staff", "Writer", "Reporter",
    "Correspondent", "Editor", "Press", "News", "Agency", "Media", "Photo", "Video", NULL};

static const char *const months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", NULL};

static const char *const date_words[] = {
    "published", "updated", "posted", "last", "on", "at", "and", "|", "-", "\xe2\x80\x93", "\xe2\x80\x94",
    "am", "pm", "a.m", "p.m", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "utc", "gmt", "et", "est", "edt", "pt",
    "pst", "pdt", "bst", "cet", "cest", NULL};

/* Whole trailing paragraphs that are page furniture (compared without
 * case and without final punctuation). */
static const char *const furniture_exact[] = {
    "related articles", "related stories", "related", "related content", "related coverage",
    "related news", "more stories", "you may also like", "read more", "see also", "most read",
    "recommended", "back to top", "back to top button", "advertisement", "advertising",
    "skip advertisement", "share this article", "share this story", "share", "share this", "print",
    "comments", "this story has been updated", "this story has been corrected",
    "this article has been updated", "this article has been corrected", "all rights reserved",
    "sign up for our newsletter", "subscribe", "top of page", NULL};

static const char *const furniture_prefix[] = {
    "copyright ", "copyright\xc2\xa9", "\xc2\xa9", "(c) ", "all rights reserved", "read more:", "related:",
    "see also:", "more from ", "this story has been updated ", "this story has been corrected ",
    "this article has been updated ", "this story was originally published",
    "this article was originally published", "this article originally appeared", NULL};

/* Furniture lines after which a short list of linked headlines follows. */
static const char *const related_markers[] = {
    "related articles", "related stories", "related", "related content", "related coverage",
    "related news", "more stories", "you may also like", "read more", "see also", "most read",
    "recommended", NULL};

/* ---- names, outlets, dates ------------------------------------------------ */

static bool known_outlet(ng_str s) { return NG_LEX_STR_IN(s, known_outlets); }

static bool outlet_like(ng_str s)
{
    s = trim(s);
    if (!s.len || s.len > 60) return false;
    if (known_outlet(s)) return true;
    size_t n = count_words(s);
    if (n == 0 || n > 5) return false;
    if (n == 1 && allcaps(s) && cp_count(s) <= 6) return true;
    bool keyword = false;
    size_t pos = 0;
    ng_str w;
    while (next_word(s, &pos, &w)) {
        if (eq(w, "of") || eq(w, "the") || eq(w, "&")) continue;
        if (!cp_upper(first_cp(w))) return false;
        keyword |= NG_LEX_STR_IN(w, outlet_words);
    }
    return keyword;
}

static bool role_like(ng_str s)
{
    size_t pos = 0;
    ng_str w;
    while (next_word(s, &pos, &w))
        if (NG_LEX_STR_IN_CI(bare(w), role_words)) return true;
    return false;
}

static bool month_word(ng_str w) { return NG_LEX_STR_IN_CI(bare(w), months); }

/* A line that is only a date or time ("Updated 10:32 AM EST, Sat January
 * 11, 2025"): every word is a number, a month or date vocabulary. */
static bool date_like(ng_str s)
{
    s = trim(s);
    size_t n = count_words(s);
    if (n == 0 || n > 14 || !has_digit(s)) return false;
    bool month = false, iso = false;
    size_t pos = 0;
    ng_str w;
    while (next_word(s, &pos, &w)) {
        ng_str b = bare(w);
        if (!b.len) continue;
        if (month_word(b)) { month = true; continue; }
        if (NG_LEX_STR_IN_CI(b, date_words)) continue;
        bool numeric = true;
        for (size_t i = 0; i < b.len; i++) {
            char c = b.ptr[i];
            if (!((c >= '0' && c <= '9') || c == ':' || c == '-' || c == '/' || c == '.' || c == 'T' || c == 'Z' || c == '+'))
                numeric = false;
        }
        if (!numeric) return false;
        if (b.len >= 10 && b.ptr[4] == '-' && b.ptr[7] == '-') iso = true;
    }
    return month || iso;
}

/* One word of a person name: "Tarasova-Markina", "O’Brien", "J.", "J.R.",
 * "al-Sharif". Particles ("de", "van", "bin") are accepted but reported,
 * since a name cannot consist of them or end with one. */
static bool name_word(ng_str w, bool *particle)
{
    *particle = false;
    if (NG_LEX_STR_IN(w, particles)) { *particle = true; return true; }
    if (starts(w, "al-") || starts(w, "el-")) w = mk(w.ptr + 3, w.len - 3);
    else if (starts(w, "d'")) w = mk(w.ptr + 2, w.len - 2);
    else if (starts(w, "d\xe2\x80\x99")) w = mk(w.ptr + 4, w.len - 4);
    if (!w.len || !cp_upper(first_cp(w)) || NG_LEX_STR_IN(w, not_name_words)) return false;
    size_t letters = 0;
    for (size_t i = 0, k; i < w.len; i += k) {
        uint32_t c = cp_at(w, i, &k);
        if (cp_letter(c)) letters++;
        else if (c != '-' && c != '\'' && c != 0x2019 && c != '.') return false;
    }
    if (!letters) return false;
    /* A final period only after an initial or an abbreviation ("Jr."). */
    return w.ptr[w.len - 1] != '.' || letters <= 3;
}

static bool person_name(ng_str s)
{
    s = trim(s);
    size_t pos = 0, n = 0, real = 0;
    ng_str w;
    bool particle = false;
    while (next_word(s, &pos, &w)) {
        if (++n > 6 || !name_word(w, &particle)) return false;
        real += !particle;
    }
    return real >= 2 && !particle;
}

/* Splits a list of names at commas, semicolons, " and " and " & ".
 * Returns the number of chunks, or NOT_FOUND if there are too many. */
static size_t split_list(ng_str s, ng_str *out, size_t max)
{
    size_t n = 0, pos = 0;
    while (pos <= s.len) {
        size_t best = s.len, skip = 0;
        static const char *const seps[] = {",", ";", " and ", " & "};
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            size_t at = find(s, seps[k], pos);
            if (at != NOT_FOUND && at < best) { best = at; skip = strlen(seps[k]); }
        }
        ng_str chunk = trim(mk(s.ptr + pos, best - pos));
        if (starts(chunk, "and ")) chunk = trim(mk(chunk.ptr + 4, chunk.len - 4));
        if (chunk.len) {
            if (n == max) return NOT_FOUND;
            out[n++] = chunk;
        }
        if (best == s.len) break;
        pos = best + skip;
    }
    return n;
}

/* ---- paragraphs ------------------------------------------------------------ */

static ng_str line(const reader *r, size_t i) { return r->lines.items[i]; }
static ng_str para_line(const reader *r, const para *p) { return line(r, p->first); }

/* "- ", "* ", "• " in front of a line: the marker's length, else 0. */
static size_t list_marker(ng_str l)
{
    if (l.len >= 2 && (l.ptr[0] == '-' || l.ptr[0] == '*') && space_at(l.ptr + 1, l.len - 1)) return 1;
    if (starts(l, "\xe2\x80\xa2")) return 3;
    return 0;
}

static size_t typed_width(const reader *r, size_t i)
{
    return cp_count(line(r, i)) + (i == r->cut_line ? r->cut_width : 0);
}

/* Joins the lines of a paragraph. Wrapped wire copy becomes one line; lines
 * that were broken on purpose keep their '\n'. A break is a soft wrap when
 * the next word would not have fitted on the line within the paragraph's
 * widest line: a wrapping editor fills lines greedily, so a break before a
 * word that fits was made by hand. Short-lined texts (verse, addresses) are
 * never wrapped copy. */
static ng_str join_lines(reader *r, size_t first, size_t count, bool force_space)
{
    if (count == 1) return line(r, first);
    size_t total = 0, width = 0;
    for (size_t i = 0; i < count; i++) {
        ng_str l = line(r, first + i);
        total += l.len + 1;
        size_t w = typed_width(r, first + i);
        if (w > width) width = w;
    }
    char *out = ng_alloc(r->a, total + 1);
    if (!out) return (ng_str){NULL, 0};
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        ng_str l = line(r, first + i);
        if (i) {
            ng_str prev = line(r, first + i - 1);
            bool soft = force_space ||
                        (width >= 40 && typed_width(r, first + i - 1) + 1 + cp_count(first_word(l)) > width);
            /* "well-\nknown": a hyphen at the wrap belongs to the word. */
            bool glue = soft && prev.len >= 2 && prev.ptr[prev.len - 1] == '-' &&
                        cp_letter(last_cp(mk(prev.ptr, prev.len - 1))) && cp_lower(first_cp(l));
            if (!glue) out[n++] = soft ? ' ' : '\n';
        }
        memcpy(out + n, l.ptr, l.len);
        n += l.len;
    }
    out[n] = '\0';
    return mk(out, n);
}

static ng_str para_text(reader *r, const para *p) { return join_lines(r, p->first, p->count, true); }

/* A headline: one line of 2–25 words that does not end like a sentence. */
static bool headline_line(ng_str l)
{
    size_t n = count_words(l);
    if (n < 2 || n > 25 || l.len > 250 || list_marker(l) || !has_letter(l)) return false;
    if (starts(l, "By ") || starts(l, "BY ")) return false; /* a byline we could not read */
    /* A letter's salutation looks like a headline and is not one. */
    static const char *const salutations[] = {"Dear", "Hi", "Hello", "Greetings", NULL};
    if (NG_LEX_STR_IN(bare(first_word(l)), salutations)) return false;
    uint32_t c = first_cp(l);
    if (!(cp_upper(c) || cp_digit(c) || cp_open_quote(c))) return false;
    uint32_t e = last_cp(strip_closers(l));
    return e != '.' && e != ',' && e != ';' && e != ':' && e != 0x2026 && !date_like(l);
}

/* A heading inside the body: a short line without final punctuation. */
static bool heading_line(ng_str l)
{
    size_t n = count_words(l);
    if (n < 1 || n > 12 || list_marker(l) || !has_letter(l) || ends_punct(l)) return false;
    uint32_t c = first_cp(l);
    uint32_t e = last_cp(l);
    return (cp_upper(c) || cp_digit(c)) && (cp_letter(e) || cp_digit(e));
}

/* Body prose: enough words, a sentence ending, and long lines. */
static bool prose_like(const reader *r, const para *p)
{
    size_t words = 0, chars = 0;
    for (size_t i = 0; i < p->count; i++) {
        ng_str l = line(r, p->first + i);
        if (list_marker(l)) return false;
        words += count_words(l);
        chars += cp_count(l);
    }
    if (words < 8) return false;
    if (p->count > 1 && chars / p->count < 40) return false;
    return ends_sentence(line(r, p->first + p->count - 1)) || words >= 30;
}

/* ---- the header --------------------------------------------------------- */

typedef struct byline {
    ng_str names[MAX_NAMES];
    size_t n;
    ng_str outlet, date;
} byline;

/* Adds the names of "A, B and C" to b, or fails if one is not a name. */
static bool byline_names(byline *b, ng_str part)
{
    ng_str chunks[MAX_NAMES];
    size_t n = split_list(part, chunks, MAX_NAMES);
    if (n == NOT_FOUND || n == 0 || b->n + n > MAX_NAMES) return false;
    for (size_t i = 0; i < n; i++)
        if (!person_name(chunks[i])) return false;
    for (size_t i = 0; i < n; i++) b->names[b->n++] = chunks[i];
    return true;
}

/* "By A, B and C, OUTLET", "By A | OUTLET", "By A\nOUTLET", or, right after
 * a headline, "A and B, Reuters" (a known outlet is then required, since
 * without "By" nothing else says this is a byline). */
static bool parse_byline(const reader *r, const para *p, bool after_headline, byline *b)
{
    memset(b, 0, sizeof *b);
    if (p->count > 2) return false;
    ng_str l = para_line(r, p);
    if (count_words(l) > 30) return false;
    bool by = starts(l, "By ") || starts(l, "BY ");
    if (!by && !after_headline) return false;
    ng_str rest = by ? trim(mk(l.ptr + 3, l.len - 3)) : l;

    /* " | " separates the names from an outlet or a date. */
    size_t bar = find(rest, " | ", 0);
    ng_str names = bar == NOT_FOUND ? rest : trim(mk(rest.ptr, bar));
    while (bar != NOT_FOUND) {
        size_t from = bar + 3, next = find(rest, " | ", from);
        ng_str seg = trim(mk(rest.ptr + from, (next == NOT_FOUND ? rest.len : next) - from));
        if (outlet_like(seg) && !b->outlet.len) b->outlet = seg;
        else if (date_like(seg)) b->date = seg;
        else if (!by) return false;
        bar = next;
    }

    ng_str parts[MAX_NAMES];
    size_t m = 0, pos = 0;
    for (;;) {
        size_t c = find(names, ",", pos);
        ng_str part = trim(mk(names.ptr + pos, (c == NOT_FOUND ? names.len : c) - pos));
        if (part.len) {
            if (m == MAX_NAMES) return false;
            parts[m++] = part;
        }
        if (c == NOT_FOUND) break;
        pos = c + 1;
    }
    if (!m) return false;
    if (m > 1 && outlet_like(parts[m - 1]) && !person_name(parts[m - 1])) {
        if (!b->outlet.len) b->outlet = parts[m - 1];
        m--;
    }
    for (size_t i = 0; i < m; i++) {
        if (byline_names(b, parts[i])) continue;
        if (i == 0) {
            /* "By Reuters", "By CNN Staff": an outlet and no author. */
            if (by && m == 1 && (outlet_like(parts[0]) || role_like(parts[0]))) {
                ng_str o = parts[0];
                if (outlet_like(o) && !b->outlet.len) b->outlet = o;
                continue;
            }
            return false;
        }
        if (date_like(parts[i])) b->date = parts[i];
        else if (!by) return false; /* with "By", a role or place after a name is harmless */
    }
    if (!by && (!b->outlet.len || !known_outlet(b->outlet) || !b->n)) return false;
    if (!b->n && !b->outlet.len) return false;

    if (p->count == 2) {
        ng_str l2 = line(r, p->first + 1);
        if (outlet_like(l2)) { if (!b->outlet.len) b->outlet = l2; }
        else if (date_like(l2)) b->date = l2;
        else if (!role_like(l2) || count_words(l2) > 5) return false;
    }
    return true;
}

typedef struct dateline {
    ng_str place, outlet, rest;
} dateline;

static const char *const place_particles[] = {"of", "de", "la", "el", "al", "upon", "on", "am", "sur", "del",
                                              "do", "da", "dos", "das", "es", "en", "y", "the", NULL};

/* The place of a dateline: capitalised words with commas ("Kyiv,
 * Ukraine", "WASHINGTON", "Winston-Salem, N.C."); a trailing date
 * ("LONDON, Jan 11") is dropped. */
static bool place_ok(ng_str s, ng_str *place)
{
    s = trim(s);
    /* Drop trailing comma parts that hold the date. */
    for (;;) {
        size_t c = rfind(s, ",");
        ng_str tail = trim(mk(s.ptr + (c == NOT_FOUND ? 0 : c + 1), s.len - (c == NOT_FOUND ? 0 : c + 1)));
        if (c == NOT_FOUND || !(has_digit(tail) || month_word(first_word(tail)))) break;
        s = trim(mk(s.ptr, c));
    }
    /* Words up to a date without a comma ("LONDON Jan 11"). */
    size_t pos = 0, n = 0;
    ng_str w, end = {s.ptr, 0};
    while (next_word(s, &pos, &w)) {
        if (++n > 8) return false;
        ng_str b = bare(w);
        if (n > 1 && (month_word(b) || has_digit(b))) break;
        if (has_digit(b)) return false;
        if (n > 1 && NG_LEX_STR_IN(b, place_particles)) { end = mk(s.ptr, (size_t)(w.ptr + w.len - s.ptr)); continue; }
        if (!b.len || !cp_upper(first_cp(b))) return false;
        for (size_t i = 0, k; i < b.len; i += k) {
            uint32_t c = cp_at(b, i, &k);
            if (!cp_letter(c) && c != '.' && c != '-' && c != '\'' && c != 0x2019 && c != ',') return false;
        }
        end = mk(s.ptr, (size_t)(w.ptr + w.len - s.ptr));
    }
    end = trim(end);
    while (end.len && end.ptr[end.len - 1] == ',') end = trim(mk(end.ptr, end.len - 1));
    if (!end.len || NG_LEX_STR_IN(bare(first_word(end)), not_name_words)) return false;
    *place = end;
    return true;
}

/* The dash that ends a dateline: "—", "–", "--" or a spaced "-". */
static bool find_dash(ng_str s, size_t *at, size_t *after)
{
    size_t lim = s.len < 120 ? s.len : 120;
    for (size_t i = 1; i < lim; i++) {
        if (starts(mk(s.ptr + i, s.len - i), "\xe2\x80\x94") || starts(mk(s.ptr + i, s.len - i), "\xe2\x80\x93")) {
            *at = i; *after = i + 3; return true;
        }
        if (s.ptr[i] == '-' && i + 1 < s.len && s.ptr[i + 1] == '-') { *at = i; *after = i + 2; return true; }
        if (s.ptr[i] == '-' && (s.ptr[i - 1] == ' ' || (unsigned char)s.ptr[i - 1] == 0xA0) &&
            (i + 1 == s.len || space_at(s.ptr + i + 1, s.len - i - 1))) {
            *at = i; *after = i + 1; return true;
        }
    }
    return false;
}

static bool parse_dateline(ng_str l, dateline *d)
{
    memset(d, 0, sizeof *d);
    size_t at, after;
    if (!find_dash(l, &at, &after)) return false;
    ng_str left = trim(mk(l.ptr, at));
    d->rest = trim(mk(l.ptr + after, l.len - after));
    if (left.len && (left.ptr[left.len - 1] == ')' || left.ptr[left.len - 1] == '/')) {
        /* "(AP)", "/PRNewswire/" */
        char close = left.ptr[left.len - 1], open = close == ')' ? '(' : '/';
        size_t o = left.len - 1;
        while (o > 0 && left.ptr[o - 1] != open) o--;
        if (o == 0) return false;
        ng_str inside = trim(mk(left.ptr + o, left.len - 1 - o));
        if (!inside.len || count_words(inside) > 4 || !(known_outlet(inside) || cp_upper(first_cp(inside))))
            return false;
        d->outlet = inside;
        left = trim(mk(left.ptr, o - 1));
    } else {
        /* "Kyiv, Ukraine CNN": a known outlet as the last words. */
        for (size_t k = 3; k >= 1 && !d->outlet.len; k--) {
            size_t i = left.len, words = 0;
            while (i > 0 && words < k) {
                while (i > 0 && left.ptr[i - 1] == ' ') i--;
                while (i > 0 && left.ptr[i - 1] != ' ') i--;
                words++;
            }
            if (words == k && i > 0) {
                ng_str cand = trim(mk(left.ptr + i, left.len - i));
                if (known_outlet(cand)) { d->outlet = cand; left = trim(mk(left.ptr, i)); }
            }
        }
    }
    if (!place_ok(left, &d->place)) return false;
    if (d->rest.len) {
        /* In front of prose, a bare capitalised word and a dash is as
         * likely an aside ("Biden — who…"): ask for a strong sign. */
        bool strong = d->outlet.len || find(left, ",", 0) != NOT_FOUND || allcaps(first_word(d->place));
        if (!strong) return false;
        uint32_t c = first_cp(d->rest);
        if (!d->outlet.len && !(cp_upper(c) || cp_digit(c) || cp_open_quote(c))) return false;
    }
    return true;
}

/* ---- contributors and furniture ------------------------------------------ */

static const char *const credit_roles[] = {"reporting", "additional", "editing", "writing", "compiled",
                                           "and", "graphics", "photos", "video", "production",
                                           "research", "fact-checking", "translation", NULL};

/* A name in a credit line: "CNN’s Sophie Tanno" → "Sophie Tanno",
 * "Associated Press writer Jane Doe in Paris" → "Jane Doe". */
static ng_str credit_name(ng_str c)
{
    static const char *const cuts[] = {" in ", " at ", " from ", " on "};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        size_t at = find(c, cuts[k], 0);
        if (at != NOT_FOUND) c = trim(mk(c.ptr, at));
    }
    size_t ps = rfind(c, "\xe2\x80\x99s ");
    if (ps != NOT_FOUND) c = trim(mk(c.ptr + ps + 5, c.len - ps - 5));
    ps = rfind(c, "'s ");
    if (ps != NOT_FOUND) c = trim(mk(c.ptr + ps + 3, c.len - ps - 3));
    /* Drop a job title: everything up to its last lowercase or role word. */
    size_t pos = 0, start = 0;
    ng_str w;
    while (next_word(c, &pos, &w)) {
        bool particle = NG_LEX_STR_IN(w, particles);
        if ((!particle && !cp_upper(first_cp(w))) || NG_LEX_STR_IN_CI(w, role_words) ||
            NG_LEX_STR_IN(w, outlet_words) || eq(w, "Associated"))
            start = pos;
    }
    return trim(mk(c.ptr + start, c.len - start));
}

static bool credit_names(reader *r, ng_str s, bool commit)
{
    ng_str chunks[MAX_NAMES];
    size_t n = split_list(s, chunks, MAX_NAMES);
    if (n == NOT_FOUND || n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        chunks[i] = credit_name(chunks[i]);
        if (!person_name(chunks[i])) return false;
    }
    for (size_t i = 0; commit && i < n; i++) {
        ng_str d = ng_strndup(r->a, chunks[i].ptr, chunks[i].len);
        if (!d.ptr || !NG_VEC_PUSH(r->a, &r->art->contributors, d)) return false;
    }
    return true;
}

/* True if the words of s are all credit roles ("Additional
 * reporting"). */
static bool roles_only(ng_str s)
{
    size_t pos = 0, n = 0;
    ng_str w;
    while (next_word(s, &pos, &w)) {
        if (!NG_LEX_STR_IN_CI(w, credit_roles)) return false;
        n++;
    }
    return n > 0;
}

/* "Reporting by A in London; Editing by B and C": names after each
 * "<role> by", to the next role or the end. */
static bool reuters_credits(reader *r, ng_str s, bool commit)
{
    size_t pos = 0;
    bool any = false;
    while (pos < s.len) {
        size_t by = find_ci(s, " by ", pos);
        if (by == NOT_FOUND || !roles_only(mk(s.ptr + pos, by - pos))) return false;
        size_t start = by + 4, end = s.len, next = s.len;
        /* The names end where the next "; Role by" or ", Role by" begins. */
        for (size_t nb = find_ci(s, " by ", start); nb != NOT_FOUND; nb = find_ci(s, " by ", nb + 1)) {
            size_t sep = nb;
            while (sep > start && s.ptr[sep - 1] != ';' && s.ptr[sep - 1] != ',') sep--;
            if (sep > start && roles_only(mk(s.ptr + sep, nb - sep))) { end = sep - 1; next = sep; break; }
        }
        if (!credit_names(r, trim(mk(s.ptr + start, end - start)), commit)) return false;
        any = true;
        pos = next; /* at the next role words, which roles_only() checks */
    }
    return any;
}

/* A contributor line: "X, Y and Z contributed to this report.", "X
 * contributed reporting.", "Reporting by X; Editing by Y". */
static bool parse_contributors(reader *r, const para *p, bool commit)
{
    if (p->count > 3) return false;
    ng_str first = para_line(r, p), last = line(r, p->first + p->count - 1);
    bool reuters = false;
    ng_str f = first;
    if (starts(f, "(")) f = mk(f.ptr + 1, f.len - 1);
    static const char *const openers[] = {"reporting by ", "additional reporting by ", "writing by ",
                                          "editing by ", "compiled by ", "reporting and writing by ", NULL};
    reuters = ng_lex_prefix_ci(f.ptr, f.len, openers, NG_LEX_COUNT(openers)) != NG_LEX_NONE;
    if (!reuters && find(last, " contributed", 0) == NOT_FOUND) return false;

    ng_str s = trim(para_text(r, p));
    if (!s.ptr || count_words(s) > 80) return false;
    /* Credit lines are often set off by dashes or wrapped in brackets. */
    while (s.len && (s.ptr[0] == '-' || s.ptr[0] == '_' || s.ptr[0] == '*' || starts(s, "\xe2\x80\x94") ||
                     starts(s, "\xe2\x80\x93"))) {
        s = trim(mk(s.ptr + (s.ptr[0] & 0x80 ? 3 : 1), s.len - (s.ptr[0] & 0x80 ? 3 : 1)));
    }
    if (s.len >= 2 && s.ptr[0] == '(' && s.ptr[s.len - 1] == ')') s = trim(mk(s.ptr + 1, s.len - 2));
    if (reuters) {
        if (s.len && s.ptr[s.len - 1] == '.') s.len--;
        return reuters_credits(r, s, commit);
    }
    size_t at = rfind(s, " contributed");
    if (at == NOT_FOUND) return false;
    ng_str tail = mk(s.ptr + at + 12, s.len - at - 12);
    static const char *const tails[] = {".", " to this report.", " to this story.", " to this article.",
                                        " reporting.", " to the report.", " to this report",
                                        " additional reporting.", " to reporting.", NULL};
    bool ok = NG_LEX_STR_IN(tail, tails);
    if (!ok && ends(tail, ".") && count_words(tail) <= 10)
        ok = starts(tail, " reporting from ") || starts(tail, " reporting in ") || starts(tail, " from ") ||
             starts(tail, " to this report from ");
    if (!ok) return false;
    return credit_names(r, trim(mk(s.ptr, at)), commit);
}

/* The form furniture is compared in: without final punctuation, so
 * "Read more:" and "Related Articles." match their list entries. */
static ng_str furniture_key(ng_str s)
{
    s = trim(s);
    while (s.len && (s.ptr[s.len - 1] == '.' || s.ptr[s.len - 1] == ':' || s.ptr[s.len - 1] == '!' ||
                     s.ptr[s.len - 1] == ' '))
        s.len--;
    return s;
}

static bool related_marker(const reader *r, const para *p)
{
    return NG_LEX_STR_IN_CI(furniture_key(para_line(r, p)), related_markers);
}

static bool furniture(const reader *r, const para *p)
{
    ng_str l = para_line(r, p);
    if (!has_letter(l) && p->count == 1 && count_words(l) <= 3) {
        /* "___", "***", "—": rules between the story and its credits. */
        if (!has_digit(l)) return true;
    }
    ng_str key = furniture_key(l);
    if (p->count == 1 && NG_LEX_STR_IN_CI(key, furniture_exact)) return true;
    if (p->count > 2 || count_words(l) > 40) return false;
    return ng_lex_prefix_ci(key.ptr, key.len, furniture_prefix, NG_LEX_COUNT(furniture_prefix)) != NG_LEX_NONE;
}

/* A "Related Articles" block often lists linked headlines, one per line. */
static bool related_list(const reader *r, const para *p)
{
    if (p->count < 2 || !related_marker(r, &(para){p->first, 1})) return false;
    for (size_t i = 1; i < p->count; i++)
        if (!headline_line(line(r, p->first + i))) return false;
    return true;
}

/* ---- the reader ------------------------------------------------------------ */

static bool set_str(reader *r, ng_str *dst, ng_str src)
{
    *dst = ng_strndup(r->a, src.ptr, src.len);
    return dst->ptr != NULL;
}

static bool split_lines(reader *r, const char *text, size_t len)
{
    bool open = false;
    size_t s = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n') continue;
        ng_str l = trim(mk(text + s, i - s));
        s = i + 1;
        if (!l.len) { open = false; continue; }
        if (!NG_VEC_PUSH(r->a, &r->lines, l)) return false;
        if (open) r->paras.items[r->paras.len - 1].count++;
        else if (!NG_VEC_PUSH(r->a, &r->paras, ((para){r->lines.len - 1, 1}))) return false;
        open = true;
    }
    return true;
}

/* A headline at paragraph h, with the evidence that follows it. A
 * two-line headline needs the strongest evidence: a byline or dateline. */
static bool headline_at(const reader *r, size_t h)
{
    if (h + 1 >= r->paras.len) return false;
    const para *p = &r->paras.items[h], *next = &r->paras.items[h + 1];
    if (p->count > 2) return false;
    byline b;
    dateline d;
    if (parse_byline(r, p, false, &b) || parse_dateline(para_line(r, p), &d)) return false;
    if (p->count == 2) {
        ng_str l1 = line(r, p->first), l2 = line(r, p->first + 1);
        if (l1.len + 1 + l2.len > 250) return false;
        char joined[256];
        memcpy(joined, l1.ptr, l1.len);
        joined[l1.len] = ' ';
        memcpy(joined + l1.len + 1, l2.ptr, l2.len);
        if (!headline_line(mk(joined, l1.len + 1 + l2.len))) return false;
    } else if (!headline_line(para_line(r, p))) {
        return false;
    }
    bool strong = parse_byline(r, next, true, &b) || parse_dateline(para_line(r, next), &d);
    if (p->count == 2) return strong;
    return strong || (next->count == 1 && date_like(para_line(r, next))) || prose_like(r, next);
}

static bool section_line(ng_str l)
{
    size_t n = count_words(l), pos = 0;
    if (n < 1 || n > 3 || l.len > 40) return false;
    ng_str w;
    while (next_word(l, &pos, &w))
        if (!(cp_upper(first_cp(w)) || eq(w, "&") || eq(w, "and"))) return false;
    uint32_t e = last_cp(l);
    if (e == '.') {
        /* "U.S.": an abbreviation, not a sentence. */
        ng_str last = mk(l.ptr + l.len - 1, 1);
        for (size_t i = l.len - 1; i > 0 && !space_at(l.ptr + i - 1, 1); i--) last = mk(l.ptr + i - 1, l.len - i + 1);
        return find(mk(last.ptr, last.len - 1), ".", 0) != NOT_FOUND && cp_count(last) <= 6;
    }
    return cp_letter(e) || cp_digit(e);
}

static bool commit_byline(reader *r, const byline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        ng_str d = ng_strndup(r->a, b->names[i].ptr, b->names[i].len);
        if (!d.ptr || !NG_VEC_PUSH(r->a, &r->art->authors, d)) return false;
    }
    if (b->outlet.len && !r->art->outlet.len && !set_str(r, &r->art->outlet, b->outlet)) return false;
    if (b->date.len && !r->art->published.len) r->art->published = ng_normalize_datetime(r->a, b->date.ptr, b->date.len);
    return true;
}

/* Peels section, headline, byline, date line and dateline off the front.
 * Returns the index of the first body paragraph, or NOT_FOUND when out
 * of memory. */
static size_t read_header(reader *r)
{
    size_t p = 0, n = r->paras.len;
    ng_article *art = r->art;
    bool title = false;
    if (n >= 3 && r->paras.items[0].count == 1 && section_line(para_line(r, &r->paras.items[0])) &&
        headline_at(r, 1)) {
        if (!set_str(r, &art->section, para_line(r, &r->paras.items[0]))) return NOT_FOUND;
        p = 1;
    }
    if (headline_at(r, p)) {
        const para *h = &r->paras.items[p];
        ng_str t = join_lines(r, h->first, h->count, true);
        if (!t.ptr || !set_str(r, &art->title, t)) return NOT_FOUND;
        title = true;
        p++;
    } else {
        p = 0;
        if (art->section.ptr) art->section = (ng_str){NULL, 0};
    }

    bool have_byline = false, have_date = false;
    for (int k = 0; k < 3 && p < n; k++) {
        byline b;
        const para *q = &r->paras.items[p];
        if (!have_byline && parse_byline(r, q, title, &b)) {
            if (!commit_byline(r, &b)) return NOT_FOUND;
            have_byline = true;
        } else if (!have_date && (title || have_byline) && q->count == 1 && date_like(para_line(r, q))) {
            ng_str l = para_line(r, q);
            if (!art->published.len) art->published = ng_normalize_datetime(r->a, l.ptr, l.len);
            have_date = true;
        } else {
            break;
        }
        p++;
    }

    if (p < n) {
        para *q = &r->paras.items[p];
        dateline d;
        if (parse_dateline(para_line(r, q), &d)) {
            if (!set_str(r, &art->dateline, d.place)) return NOT_FOUND;
            if (d.outlet.len && !art->outlet.len && !set_str(r, &art->outlet, d.outlet)) return NOT_FOUND;
            if (d.rest.len) {
                ng_str l = para_line(r, q);
                r->cut_line = q->first;
                r->cut_width = cp_count(mk(l.ptr, (size_t)(d.rest.ptr - l.ptr)));
                r->lines.items[q->first] = d.rest; /* the body starts after the dash */
            } else if (q->count > 1) {
                q->first++;
                q->count--;
            } else {
                p++;
            }
        }
    }
    return p;
}

/* The first paragraph of the trailing furniture (contributor lines count
 * as furniture here; they are collected separately). */
static size_t furniture_start(reader *r, size_t body)
{
    size_t cut = r->paras.len, pending = 0;
    for (size_t i = r->paras.len; i > body; i--) {
        const para *p = &r->paras.items[i - 1];
        if (related_marker(r, p) || related_list(r, p)) { cut = i - 1; pending = 0; continue; }
        if (furniture(r, p) || parse_contributors(r, p, false)) {
            if (pending) break;
            cut = i - 1;
            continue;
        }
        /* Headlines under a "Related" marker: only confirmed by the marker. */
        if (p->count == 1 && headline_line(para_line(r, p)) && pending < 12) { pending++; continue; }
        break;
    }
    return cut;
}

static const char *emit_body(reader *r, size_t body, size_t cut)
{
    size_t n = r->paras.len;
    bool *credit = ng_calloc(r->a, n ? n : 1, sizeof *credit);
    if (!credit) return "out of memory";
    for (size_t i = body; i < n; i++) {
        const para *p = &r->paras.items[i];
        credit[i] = parse_contributors(r, p, false);
        if (credit[i] && !parse_contributors(r, p, true)) return "out of memory";
    }
    for (size_t i = body; i < cut; i++) {
        if (credit[i]) continue;
        const para *p = &r->paras.items[i];
        ng_article *art = r->art;

        bool list = false;
        for (size_t k = 0; k < p->count; k++) list |= list_marker(line(r, p->first + k)) > 0;
        if (list) {
            /* Items start at markers; unmarked lines continue the item
             * before them, or form a paragraph before the first item. */
            size_t k = 0;
            while (k < p->count) {
                size_t j = k + 1;
                while (j < p->count && !list_marker(line(r, p->first + j))) j++;
                ng_str l = line(r, p->first + k);
                size_t mlen = list_marker(l);
                ng_str save = l;
                if (mlen) r->lines.items[p->first + k] = trim(mk(l.ptr + mlen, l.len - mlen));
                ng_str t = join_lines(r, p->first + k, j - k, mlen > 0);
                r->lines.items[p->first + k] = save;
                if (!t.ptr) return "out of memory";
                if (t.len && !ng_article_add_block(r->a, art, t, mlen ? NG_BLOCK_LIST_ITEM : NG_BLOCK_PARAGRAPH))
                    return "out of memory";
                k = j;
            }
            continue;
        }

        ng_block_kind kind = NG_BLOCK_PARAGRAPH;
        if (p->count == 1 && heading_line(para_line(r, p)) && art->blocks.len &&
            art->blocks.items[art->blocks.len - 1].kind == NG_BLOCK_PARAGRAPH &&
            ends_sentence(art->blocks.items[art->blocks.len - 1].text)) {
            size_t j = i + 1;
            while (j < cut && credit[j]) j++;
            if (j < cut && !(r->paras.items[j].count == 1 && heading_line(para_line(r, &r->paras.items[j]))))
                kind = NG_BLOCK_HEADING;
        }
        ng_str t = join_lines(r, p->first, p->count, false);
        if (!t.ptr || !ng_article_add_block(r->a, art, t, kind)) return "out of memory";
    }
    return NULL;
}

const char *ng_read_text(ng_arena *a, const char *text, size_t len, ng_article *art)
{
    reader r = {.a = a, .art = art, .cut_line = NOT_FOUND};
    if (!split_lines(&r, text, len)) return "out of memory";

    size_t body = read_header(&r);
    if (body == NOT_FOUND) return "out of memory";
    size_t cut = furniture_start(&r, body);
    const char *err = emit_body(&r, body, cut);
    if (err) return err;

    size_t words = 0;
    for (size_t i = 0; i < r.lines.len; i++) {
        size_t pos = 0;
        ng_str w;
        while (next_word(r.lines.items[i], &pos, &w)) words += has_letter(w) || has_digit(w);
    }
    art->is_article = words >= 2 && art->blocks.len > 0;
    if (!art->is_article) art->not_article_reason = ng_strdup(a, "too little text");
    return NULL;
}

/* ---- the same rules on an HTML page's blocks -------------------------------- */

/* How far from each end of an HTML body the wire-copy rules look: the
 * dateline opens the first paragraph (after a headline or kicker block at
 * most), the credits close the story. */
#define WIRE_HEAD_BLOCKS 3
#define WIRE_TAIL_BLOCKS 4

/* Drops block i of art (order kept). */
static void drop_block(ng_article *art, size_t i)
{
    memmove(art->blocks.items + i, art->blocks.items + i + 1, (art->blocks.len - i - 1) * sizeof *art->blocks.items);
    art->blocks.len--;
}

const char *ng_wire_blocks(ng_arena *a, ng_article *art)
{
    reader r = {.a = a, .art = art, .cut_line = NOT_FOUND};
    for (size_t i = 0; i < art->blocks.len; i++) {
        ng_str l = trim(art->blocks.items[i].text);
        if (!NG_VEC_PUSH(a, &r.lines, l)) return "out of memory";
    }
    /* A dateline in front of the first paragraph ("WASHINGTON (Reuters) -
     * The ..."): the place goes to `dateline`, the paragraph keeps the
     * rest. A block that is the dateline alone goes. */
    for (size_t i = 0; i < art->blocks.len && i < WIRE_HEAD_BLOCKS; i++) {
        if (art->blocks.items[i].kind != NG_BLOCK_PARAGRAPH) continue;
        /* only the story's first paragraph: further down, a place and a
         * dash open a section of a longer piece */
        dateline d;
        if (!parse_dateline(r.lines.items[i], &d) || month_word(first_word(d.place))) break;
        if (!art->dateline.len && !set_str(&r, &art->dateline, d.place)) return "out of memory";
        if (d.outlet.len && !art->outlet.len && !set_str(&r, &art->outlet, d.outlet)) return "out of memory";
        if (d.rest.len) art->blocks.items[i].text = d.rest, r.lines.items[i] = d.rest;
        else drop_block(art, i), memmove(r.lines.items + i, r.lines.items + i + 1, (r.lines.len - i - 1) * sizeof *r.lines.items), r.lines.len--;
        break;
    }
    /* Credit lines at the end: "Reporting by A; Editing by B", "X
     * contributed to this report." Their names become contributors. */
    size_t stop = art->blocks.len > WIRE_TAIL_BLOCKS ? art->blocks.len - WIRE_TAIL_BLOCKS : 0;
    for (size_t i = art->blocks.len; i-- > stop;) {
        para p = {i, 1};
        ng_str whole = r.lines.items[i];
        /* Credits in brackets at the end of the last paragraph: "... said.
         * (Reporting by A; Editing by B)". */
        size_t open = whole.len && whole.ptr[whole.len - 1] == ')' ? rfind(whole, " (") : NOT_FOUND;
        if (open != NOT_FOUND) {
            r.lines.items[i] = mk(whole.ptr + open + 1, whole.len - open - 1);
            if (parse_contributors(&r, &p, false)) {
                if (!parse_contributors(&r, &p, true)) return "out of memory";
                art->blocks.items[i].text = r.lines.items[i] = trim(mk(whole.ptr, open));
                continue;
            }
            r.lines.items[i] = whole;
        }
        if (!parse_contributors(&r, &p, false)) continue;
        if (!parse_contributors(&r, &p, true)) return "out of memory";
        drop_block(art, i);
        memmove(r.lines.items + i, r.lines.items + i + 1, (r.lines.len - i - 1) * sizeof *r.lines.items);
        r.lines.len--;
    }
    return NULL;
}
