/* test_sha256.c - SHA-256 against the FIPS 180-4 example vectors and sha256sum, in one call
 * and fed in pieces that straddle the 64-byte blocks; the portable and the SHA-extension
 * compression functions against each other on the same vectors and on random blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_sha256.h"
#include "cw_sha256_blocks.h"
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

/* The digest of @p n bytes (n < 56 + 64) padded by hand and compressed by @p fn, so that each
 * compression function is checked alone whichever one cw_sha256_update picks. */
static void hex_by(void (*fn)(uint32_t *, const uint8_t *, size_t), const char *in, size_t n,
                   char hex[65]) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint8_t buf[128] = {0}, d[32];
  size_t total = n + 9 <= 64 ? 64 : 128;
  memcpy(buf, in, n);
  buf[n] = 0x80;
  for (int i = 0; i < 8; i++)
    buf[total - 1 - i] = (uint8_t)((uint64_t)n * 8 >> (8 * i));
  fn(h, buf, total / 64);
  for (int i = 0; i < 8; i++) {
    d[4 * i] = (uint8_t)(h[i] >> 24);
    d[4 * i + 1] = (uint8_t)(h[i] >> 16);
    d[4 * i + 2] = (uint8_t)(h[i] >> 8);
    d[4 * i + 3] = (uint8_t)h[i];
  }
  cw_sha256_hex(d, hex);
}

/* Random states and 1..8 random blocks: both compression functions give the same state. */
static void random_blocks_agree(void) {
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  uint8_t data[8 * 64];
  for (int round = 0; round < 2000; round++) {
    uint32_t a[8], b[8];
    size_t nb = 1 + (size_t)round % 8;
    for (int i = 0; i < 8; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      a[i] = b[i] = (uint32_t)(x >> 32);
    }
    for (size_t i = 0; i < nb * 64; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      data[i] = (uint8_t)(x >> 56);
    }
    cw_sha256_blocks_portable(a, data, nb);
    cw_sha256_blocks_shani(b, data, nb);
    CHECK(memcmp(a, b, sizeof(a)) == 0);
  }
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
  /* Each compression function alone on the one- and two-block vectors. */
  for (size_t i = 0; i < 3; i++) {
    hex_by(cw_sha256_blocks_portable, v[i].in, strlen(v[i].in), hex);
    CHECK_STR(hex, v[i].hex);
    hex_by(cw_sha256_blocks_shani, v[i].in, strlen(v[i].in), hex);
    CHECK_STR(hex, v[i].hex);
  }
  /* The SHA-extension form runs here only when the processor has it; elsewhere the call
   * above fell back to the portable form and the comparison below is trivially equal. */
  if (!cw_sha256_have_shani())
    fprintf(stderr, "note: no SHA extensions on this processor, portable form only\n");
  random_blocks_agree();
  /* One million 'a' (FIPS 180-2 appendix B.3). */
  char *a = malloc(1000000);
  memset(a, 'a', 1000000);
  hex_of(a, 1000000, 4093, hex);
  CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
  return TEST_REPORT();
}
