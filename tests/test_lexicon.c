/* Unit tests for the shared word-list lookups (src/lexicon.c). */
#include "check.h"
#include "lexicon.h"

static const char *const counted[] = {"said", "says", "told", "Reuters", "año"};
static const char *const until_null[] = {"he", "she", "it", NULL, "hidden"};

TEST(index_exact)
{
    CHECK_INT(ng_lex_index("told", 4, counted, NG_LEX_COUNT(counted)), 2);
    CHECK_INT(ng_lex_index("said it", 4, counted, NG_LEX_COUNT(counted)), 0); /* the length bounds the word */
    CHECK_INT(ng_lex_index("sai", 3, counted, NG_LEX_COUNT(counted)), NG_LEX_NONE);
    CHECK_INT(ng_lex_index("saids", 5, counted, NG_LEX_COUNT(counted)), NG_LEX_NONE);
    CHECK_INT(ng_lex_index("Said", 4, counted, NG_LEX_COUNT(counted)), NG_LEX_NONE);
    CHECK_INT(ng_lex_index("", 0, counted, NG_LEX_COUNT(counted)), NG_LEX_NONE);
    CHECK(ng_lex_has("año", strlen("año"), counted, NG_LEX_COUNT(counted)));
    CHECK(!ng_lex_has("told", 4, counted, 2)); /* only the first count entries */
}

TEST(case_insensitive)
{
    CHECK_INT(ng_lex_index_ci("REUTERS", 7, counted, NG_LEX_COUNT(counted)), 3);
    CHECK(ng_lex_has_ci("Said", 4, counted, NG_LEX_COUNT(counted)));
    /* only ASCII letters fold */
    CHECK(!ng_lex_has_ci("AÑO", strlen("AÑO"), counted, NG_LEX_COUNT(counted)));
    CHECK(ng_lex_has_ci("AñO", strlen("AñO"), counted, NG_LEX_COUNT(counted)));
}

TEST(null_ends_list)
{
    CHECK(ng_lex_has("it", 2, until_null, NG_LEX_UNTIL_NULL));
    CHECK(!ng_lex_has("hidden", 6, until_null, NG_LEX_UNTIL_NULL));
    CHECK(!ng_lex_has("hidden", 6, until_null, NG_LEX_COUNT(until_null)));
}

TEST(prefix)
{
    static const char *const prefixes[] = {"read more", "related", "share:", NULL};
    CHECK_INT(ng_lex_prefix_ci("Read More about it", 18, prefixes, NG_LEX_UNTIL_NULL), 0);
    CHECK_INT(ng_lex_prefix_ci("RELATED", 7, prefixes, NG_LEX_UNTIL_NULL), 1);
    CHECK_INT(ng_lex_prefix_ci("relate", 6, prefixes, NG_LEX_UNTIL_NULL), NG_LEX_NONE);
    CHECK_INT(ng_lex_prefix_ci("share: x", 5, prefixes, NG_LEX_UNTIL_NULL), NG_LEX_NONE); /* bounded by n */
}

typedef struct entry { const char *form; int value; } entry;
static const entry table[] = {{"a", 1}, {"an", 2}, {"at", 3}, {"b", 4}, {"killed", 5}, {"\xc3\xa9t\xc3\xa9", 6}};

TEST(sorted_search)
{
    CHECK(ng_lex_sorted(table, NG_LEX_COUNT(table), sizeof *table));
    for (size_t i = 0; i < NG_LEX_COUNT(table); i++) {
        const entry *e = ng_lex_search(table[i].form, strlen(table[i].form), table, NG_LEX_COUNT(table), sizeof *table);
        CHECK(e == &table[i]);
    }
    const entry *e = ng_lex_search("killed by", 6, table, NG_LEX_COUNT(table), sizeof *table);
    CHECK(e && e->value == 5);
    CHECK(ng_lex_search("", 0, table, NG_LEX_COUNT(table), sizeof *table) == NULL);
    CHECK(ng_lex_search("ab", 2, table, NG_LEX_COUNT(table), sizeof *table) == NULL);
    CHECK(ng_lex_search("kill", 4, table, NG_LEX_COUNT(table), sizeof *table) == NULL);
    CHECK(ng_lex_search("zz", 2, table, NG_LEX_COUNT(table), sizeof *table) == NULL);
    CHECK(ng_lex_search("a\0", 2, table, NG_LEX_COUNT(table), sizeof *table) == NULL); /* a NUL matches no key */
    CHECK(ng_lex_search("a", 1, table, 0, sizeof *table) == NULL);

    static const char *const words[] = {"apple", "pear", "plum"};
    CHECK(ng_lex_sorted(words, NG_LEX_COUNT(words), sizeof *words));
    CHECK(ng_lex_search("pear", 4, words, NG_LEX_COUNT(words), sizeof *words) == &words[1]);

    static const char *const unsorted[] = {"b", "a"};
    static const char *const duplicate[] = {"a", "a"};
    CHECK(!ng_lex_sorted(unsorted, NG_LEX_COUNT(unsorted), sizeof *unsorted));
    CHECK(!ng_lex_sorted(duplicate, NG_LEX_COUNT(duplicate), sizeof *duplicate));
}

int main(void)
{
    RUN(index_exact);
    RUN(case_insensitive);
    RUN(null_ends_list);
    RUN(prefix);
    RUN(sorted_search);
    return check_report("lexicon");
}
