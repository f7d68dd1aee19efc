/* cw_sha256_blocks.h - the SHA-256 compression function (FIPS 180-4, section 6.2.2) in two
 * forms that give the same state: portable C, and the x86 SHA extensions where the processor
 * has them. cw_sha256.c picks one per call; tests compare the two. */
#ifndef CW_SHA256_BLOCKS_H
#define CW_SHA256_BLOCKS_H
#include <stddef.h>
#include <stdint.h>

/** Round constants K0..K63. */
extern const uint32_t cw_sha256_k[64];

/** Compresses @p nblocks 64-byte blocks at @p p into @p h, in portable C. */
void cw_sha256_blocks_portable(uint32_t h[8], const uint8_t *p, size_t nblocks);

/** 1 when this processor runs cw_sha256_blocks_shani (SHA, SSSE3 and SSE4.1), else 0. */
int cw_sha256_have_shani(void);

/** As cw_sha256_blocks_portable with the SHA extensions; call only when
 * cw_sha256_have_shani() says 1 (elsewhere it falls back to the portable form). */
void cw_sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t nblocks);

#endif
