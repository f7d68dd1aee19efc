/* test_sha256.c - SHA-256 against the FIPS 180-4 example vectors and sha256sum, in one call
 * and fed in pieces that straddle the 64-byte blocks. */
#include <stdlib.h>
#include <string.h>
#include "cw_sha256.h"
#include "testhelp.h"

static void hex_of(const void *data, size_t n, size_t step, char hex[65]) {
  cw_sha256_t s;
  uint8_t d[32];
  const char *p = data;
  cw_sha256_init(&s);
  for (size_t off = 0; off < n; off += step)
    cw_sha256_update(&s, p + off, n - off < step ? n - off : step);
  cw_sha256_final(&s, d);
  cw_sha256_hex(d, hex);
}

int main(void) {
  static const struct {
    const char *in;
    const char *hex;
  } v[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
       "lmnopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
  };
  char hex[65];
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    size_t n = strlen(v[i].in);
    hex_of(v[i].in, n, n ? n : 1, hex);
    CHECK_STR(hex, v[i].hex);
    for (size_t step = 1; step < 70; step += 7) {
      hex_of(v[i].in, n, step, hex);
      CHECK_STR(hex, v[i].hex);
    }
  }
  /* One million 'a' (FIPS 180-2 appendix B.3). */
  char *a = malloc(1000000);
  memset(a, 'a', 1000000);
  hex_of(a, 1000000, 4093, hex);
  CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
  return TEST_REPORT();
}
