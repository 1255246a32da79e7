/*
 * check.h: a minimal unit-test harness.
 *
 *     TEST(name) { CHECK(x == 1); CHECK_STR(s, "abc"); }
 *     int main(void) { RUN(name); return check_report("tokenize"); }
 *
 * Each failed check prints file:line and the expression; check_report()
 * prints "SUITE: N passed, N failed" (the closing line CI reads) and
 * returns the exit status.
 */
#ifndef NG_CHECK_H
#define NG_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed, check_current_failed;

#define TEST(name) static void test_##name(void)
#define RUN(name) do { check_current_failed = 0; test_##name(); \
    if (check_current_failed) { check_failed++; fprintf(stderr, "  FAIL %s\n", #name); } else check_passed++; } while (0)
#define CHECK(expr) do { if (!(expr)) { check_current_failed = 1; \
    fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #expr); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
    if (!g_ || !w_ || strcmp(g_, w_) != 0) { check_current_failed = 1; \
        fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } } while (0)
#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ != w_) { check_current_failed = 1; \
        fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); } } while (0)

static int check_report(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
