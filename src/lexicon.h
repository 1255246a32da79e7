/*
 * lexicon.h: looking a word up in a fixed word list (lexicon.c).
 *
 * A list is an array of NUL-terminated strings. The word is given as a
 * pointer and a length, so a token is looked up where it lies in the text,
 * without a NUL-terminated copy. "Case-insensitive" means ASCII letters
 * only: other bytes, UTF-8 included, compare exactly.
 *
 * Short lists are searched in order (ng_lex_index and friends); long ones
 * are sorted tables searched by halving (ng_lex_search), such as the tables
 * tools/gen_lexicons.py generates from lexicons/.
 */
#ifndef NG_LEXICON_H
#define NG_LEXICON_H

#include "newsgraph.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The number of entries of a list defined as an array. Given a pointer
 * instead, gcc and clang warn (-Wsizeof-pointer-div). */
#define NG_LEX_COUNT(array) (sizeof(array) / sizeof *(array))

/* The count to pass for a NULL-terminated list whose length is not at hand. */
#define NG_LEX_UNTIL_NULL SIZE_MAX

/* What the index lookups return for a word not in the list. */
#define NG_LEX_NONE SIZE_MAX

/* The index of the first entry of list[0..count) that equals the n bytes
 * at w, or NG_LEX_NONE. A NULL entry ends the list before count. */
size_t ng_lex_index(const char *w, size_t n, const char *const *list, size_t count);

/* ng_lex_index, ASCII case-insensitive. */
size_t ng_lex_index_ci(const char *w, size_t n, const char *const *list, size_t count);

/* Whether the word is in the list: ng_lex_index(...) != NG_LEX_NONE. */
bool ng_lex_has(const char *w, size_t n, const char *const *list, size_t count);

/* ng_lex_has, ASCII case-insensitive. */
bool ng_lex_has_ci(const char *w, size_t n, const char *const *list, size_t count);

/* ng_lex_has and ng_lex_has_ci for a word held as an ng_str. */
static inline bool ng_lex_has_str(ng_str w, const char *const *list, size_t count)
{
    return ng_lex_has(w.ptr, w.len, list, count);
}
static inline bool ng_lex_has_str_ci(ng_str w, const char *const *list, size_t count)
{
    return ng_lex_has_ci(w.ptr, w.len, list, count);
}

/* Whether a word is in `array`, a list defined as an array (see
 * NG_LEX_COUNT): w a NUL-terminated word, s an ng_str. */
#define NG_LEX_IN(w, array) ng_lex_has((w), strlen(w), (array), NG_LEX_COUNT(array))
#define NG_LEX_STR_IN(s, array) ng_lex_has_str((s), (array), NG_LEX_COUNT(array))
#define NG_LEX_STR_IN_CI(s, array) ng_lex_has_str_ci((s), (array), NG_LEX_COUNT(array))

/* The index of the first entry of list[0..count) that the n bytes at s
 * start with, ASCII case-insensitive, or NG_LEX_NONE. A NULL entry ends the
 * list before count. */
size_t ng_lex_prefix_ci(const char *s, size_t n, const char *const *list, size_t count);

/* The entry of a sorted table whose key equals the n bytes at w, or NULL.
 * The table holds count entries entry_size bytes apart, each starting
 * with its key, a `const char *` member (a plain `const char *const []` is
 * such a table), and its keys are strictly increasing in byte order (the
 * order of strcmp; ng_lex_sorted checks it). O(log count). */
const void *ng_lex_search(const char *w, size_t n, const void *table, size_t count, size_t entry_size);

/* ng_lex_search in `table`, a sorted table defined as an array. */
#define NG_LEX_SEARCH(w, n, table) ng_lex_search((w), (n), (table), NG_LEX_COUNT(table), sizeof *(table))

/* Whether a table laid out as for ng_lex_search has strictly increasing
 * keys, so that ng_lex_search finds every entry (for the tests). */
bool ng_lex_sorted(const void *table, size_t count, size_t entry_size);

#endif /* NG_LEXICON_H */
