/* testhelp.h - a tiny assertion harness for the unit tests.
 * CHECK(cond) records a failure and continues; TEST_REPORT() prints the tally and returns the
 * process exit code. Each test file is one executable run by CTest. */
#ifndef CW_TESTHELP_H
#define CW_TESTHELP_H

#include <stdio.h>
#include <string.h>

static int th_failed, th_checks;

#define CHECK(cond) do { th_checks++; if (!(cond)) { th_failed++; \
  fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_MSG(cond, ...) do { th_checks++; if (!(cond)) { th_failed++; \
  fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
  fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)
#define CHECK_STR(a, b) do { const char *th_a = (a), *th_b = (b); th_checks++; \
  if (!th_a || !th_b || strcmp(th_a, th_b) != 0) { th_failed++; \
  fprintf(stderr, "%s:%d: CHECK_STR failed: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
          th_a ? th_a : "(null)", th_b ? th_b : "(null)"); } } while (0)
#define CHECK_INT(a, b) do { long long th_a = (long long)(a), th_b = (long long)(b); th_checks++; \
  if (th_a != th_b) { th_failed++; \
  fprintf(stderr, "%s:%d: CHECK_INT failed: %s == %lld, expected %lld\n", __FILE__, __LINE__, \
          #a, th_a, th_b); } } while (0)
#define TEST_REPORT() (fprintf(stderr, "%d checks, %d failed\n", th_checks, th_failed), \
  (th_failed || !th_checks) ? 1 : 0)

#endif
