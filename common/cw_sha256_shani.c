/* cw_sha256_shani.c - SHA-256 block compression with the x86 SHA extensions (SHA256RNDS2,
 * SHA256MSG1, SHA256MSG2). The state is kept as the two registers the instructions expect,
 * ABEF and CDGH; the message schedule is computed four words at a time. Compiled for those
 * instructions alone (target attribute), so the rest of the program still runs anywhere. */
#include "cw_sha256_blocks.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

int cw_sha256_have_shani(void) {
  return __builtin_cpu_supports("sha") && __builtin_cpu_supports("ssse3") &&
         __builtin_cpu_supports("sse4.1");
}

__attribute__((target("sha,ssse3,sse4.1"))) void
cw_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t nblocks) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1); /* CDAB */
  __m128i st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* EFGH */
  __m128i st0 = _mm_alignr_epi8(tmp, st1, 8);                                      /* ABEF */
  st1 = _mm_blend_epi16(st1, tmp, 0xF0);                                           /* CDGH */
  for (; nblocks; nblocks--, p += 64) {
    __m128i abef = st0, cdgh = st1, w[4];
    for (int g = 0; g < 16; g++) {
      __m128i m;
      if (g < 4) {
        w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), bswap);
      } else {
        /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time: w[g&3] holds
         * W[4g-16..], w[(g+1)&3] W[4g-12..], w[(g+2)&3] W[4g-8..], w[(g+3)&3] W[4g-4..]. */
        __m128i x = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
        w[g & 3] = _mm_sha256msg2_epu32(x, w[(g + 3) & 3]);
      }
      m = _mm_add_epi32(w[g & 3], _mm_loadu_si128((const __m128i *)&cw_sha256_k[4 * g]));
      st1 = _mm_sha256rnds2_epu32(st1, st0, m);
      st0 = _mm_sha256rnds2_epu32(st0, st1, _mm_shuffle_epi32(m, 0x0E));
    }
    st0 = _mm_add_epi32(st0, abef);
    st1 = _mm_add_epi32(st1, cdgh);
  }
  tmp = _mm_shuffle_epi32(st0, 0x1B);    /* FEBA */
  st1 = _mm_shuffle_epi32(st1, 0xB1);    /* DCHG */
  st0 = _mm_blend_epi16(tmp, st1, 0xF0); /* DCBA */
  st1 = _mm_alignr_epi8(st1, tmp, 8);    /* HGFE */
  _mm_storeu_si128((__m128i *)&h[0], st0);
  _mm_storeu_si128((__m128i *)&h[4], st1);
}

#else

int cw_sha256_have_shani(void) { return 0; }

void cw_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t nblocks) {
  cw_sha256_blocks_portable(h, p, nblocks);
}

#endif
