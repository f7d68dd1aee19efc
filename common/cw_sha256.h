/* cw_sha256.h - SHA-256 (FIPS 180-4), for verifying model files against a SHA256SUMS list
 * (the format `sha256sum -c` reads). */
#ifndef CW_SHA256_H
#define CW_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t h[8];
  uint64_t len;       /* bytes hashed so far */
  uint8_t buf[64];
  size_t n;           /* bytes in buf */
} cw_sha256_t;

void cw_sha256_init(cw_sha256_t *s);
void cw_sha256_update(cw_sha256_t *s, const void *data, size_t n);
/** Finishes and writes the 32-byte digest to @p out. */
void cw_sha256_final(cw_sha256_t *s, uint8_t out[32]);
/** Writes the digest as 64 lowercase hex digits and a NUL to @p hex. */
void cw_sha256_hex(const uint8_t digest[32], char hex[65]);

#endif
