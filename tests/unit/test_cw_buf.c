/* test_cw_buf.c - the growable buffer: appends up to its maximum and no further, a reservation
 * makes the room at once (later appends within it do not move the bytes), reset keeps memory. */
#include <stdlib.h>
#include <string.h>
#include "cw_buf.h"
#include "testhelp.h"

int main(void) {
  cw_buf_t b;
  cw_buf_init(&b, 100);
  CHECK_INT(cw_buf_append(&b, "abc", 3), CW_OK);
  CHECK_INT(b.len, 3);
  CHECK_STR(b.p, "abc");

  /* room for 90 more at once: the next appends within it keep the same memory */
  CHECK_INT(cw_buf_reserve(&b, 90), CW_OK);
  CHECK(b.cap >= 3 + 90 + 1);
  CHECK_INT(b.len, 3);
  const char *p = b.p;
  char fill[90];
  memset(fill, 'x', sizeof fill);
  CHECK_INT(cw_buf_append(&b, fill, 45), CW_OK);
  CHECK_INT(cw_buf_append(&b, fill, 45), CW_OK);
  CHECK(b.p == p);
  CHECK_INT(b.len, 93);
  CHECK_INT(b.p[93], '\0');

  /* past the maximum: refused, the contents unchanged */
  CHECK_INT(cw_buf_reserve(&b, 8), CW_ERR_TOO_LARGE);
  CHECK_INT(cw_buf_append(&b, fill, 8), CW_ERR_TOO_LARGE);
  CHECK_INT(cw_buf_append(&b, fill, 7), CW_OK);
  CHECK_INT(b.len, 100);
  CHECK_INT(cw_buf_reserve(&b, 1), CW_ERR_TOO_LARGE);
  CHECK_INT(cw_buf_reserve(&b, (size_t)-1), CW_ERR_TOO_LARGE);

  /* reset keeps the memory */
  size_t cap = b.cap;
  cw_buf_reset(&b);
  CHECK_INT(b.len, 0);
  CHECK_INT(b.cap, cap);
  CHECK_STR(b.p, "");
  cw_buf_free(&b);
  CHECK(b.p == NULL && b.len == 0);
  return TEST_REPORT();
}
