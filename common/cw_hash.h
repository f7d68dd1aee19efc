/* cw_hash.h - non-cryptographic hashes: FNV-1a 64 for tables and ids, and the Avro
 * specification's CRC-64-AVRO (Rabin) fingerprint for single-object encoding. */
#ifndef CW_HASH_H
#define CW_HASH_H
#include <stddef.h>
#include <stdint.h>

#define CW_FNV64_OFFSET 0xcbf29ce484222325ULL

/** FNV-1a over @p n bytes, continuing from @p h (start with CW_FNV64_OFFSET). Inline: most
 * calls hash a word of a few bytes, where a call costs as much as the hashing. */
static inline uint64_t cw_fnv1a64(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

/** cw_fnv1a64() over the bytes of the NUL-terminated string @p s, in one pass (no strlen()). */
static inline uint64_t cw_fnv1a64_str(uint64_t h, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    h ^= *p;
    h *= 0x100000001b3ULL;
  }
  return h;
}

/** CRC-64-AVRO fingerprint of @p n bytes (Avro 1.11 spec, "Schema Fingerprints"). */
uint64_t cw_crc64_avro(const void *data, size_t n);

#endif
