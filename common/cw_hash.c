/* cw_hash.c - FNV-1a and CRC-64-AVRO (see cw_hash.h). */
#include "cw_hash.h"

/* Bitwise for short inputs (schema fingerprints); model files of megabytes are checked with a
 * byte table built on the stack for the call, which is eight times fewer steps per byte. */
uint64_t cw_crc64_avro(const void *data, size_t n) {
  const uint64_t empty = 0xc15d213aa4d7a795ULL;
  const unsigned char *p = data;
  uint64_t fp = empty;
  if (n >= 4096) {
    uint64_t tab[256];
    for (unsigned i = 0; i < 256; i++) {
      uint64_t b = i;
      for (int j = 0; j < 8; j++)
        b = (b >> 1) ^ (empty & (0 - (b & 1)));
      tab[i] = b;
    }
    for (size_t i = 0; i < n; i++)
      fp = (fp >> 8) ^ tab[(fp ^ p[i]) & 0xff];
    return fp;
  }
  for (size_t i = 0; i < n; i++) {
    uint64_t b = (fp ^ p[i]) & 0xff;
    for (int j = 0; j < 8; j++)
      b = (b >> 1) ^ (empty & (0 - (b & 1)));
    fp = (fp >> 8) ^ b;
  }
  return fp;
}
