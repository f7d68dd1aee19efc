/* entity_id.c - identifiers of entities that are the same in every article: the type and a
 * normalized name, hashed (SHA-256, FIPS 180-4). The rule is part of the output contract
 * (schemas/README.md, "Entity ids"): downstream tools may recompute it. */
#include <string.h>
#include "claimwire/extract.h"
#include "cw_sha256.h"

static int is_value_type(cw_entity_type_t t) {
  return t == CW_ENT_DATE || t == CW_ENT_MONEY || t == CW_ENT_PERCENT || t == CW_ENT_NUMBER;
}

static int is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t cw_entity_id(cw_entity_type_t type, const char *canonical, const char *normalized,
                    char *out, size_t out_size) {
  const char *tname = cw_entity_type_name(type);
  const char *name = is_value_type(type) && normalized ? normalized : canonical;
  size_t tlen = strlen(tname), n = 0;
  cw_sha256_t sh;
  uint8_t digest[32];
  unsigned char buf[256];
  char hex[65];
  int pending_space = 0, started = 0;
  if (!out || out_size < CW_ENTITY_ID_MAX)
    return 0;
  cw_sha256_init(&sh);
  cw_sha256_update(&sh, tname, tlen);
  cw_sha256_update(&sh, ":", 1);
  /* ASCII letters lower-cased; every run of ASCII spaces, punctuation and controls is one
   * space, none at either end; other (non-ASCII) bytes are kept as they are. Hashed in
   * pieces of sizeof(buf) bytes. */
  for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
    unsigned char c = *p;
    if (c < 0x80 && !is_ascii_alnum(c)) {
      pending_space = started;
      continue;
    }
    if (n + 2 > sizeof(buf)) {
      cw_sha256_update(&sh, buf, n);
      n = 0;
    }
    if (pending_space)
      buf[n++] = ' ';
    pending_space = 0;
    started = 1;
    buf[n++] = c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
  }
  cw_sha256_update(&sh, buf, n);
  cw_sha256_final(&sh, digest);
  cw_sha256_hex(digest, hex);
  memcpy(out, tname, tlen);
  out[tlen] = ':';
  memcpy(out + tlen + 1, hex, CW_ENTITY_ID_HEX);
  out[tlen + 1 + CW_ENTITY_ID_HEX] = '\0';
  return tlen + 1 + CW_ENTITY_ID_HEX;
}
