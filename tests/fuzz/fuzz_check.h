/* fuzz_check.h - invariant checks shared by the fuzz targets and the regression replay test.
 * A broken invariant prints where and aborts, which libFuzzer records as a crash and CTest as a
 * failed test. */
#ifndef CW_FUZZ_CHECK_H
#define CW_FUZZ_CHECK_H
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond) do { if (!(cond)) { \
  fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } } while (0)

#endif
