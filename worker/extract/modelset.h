/* modelset.h - checks the files of a model directory against its SHA256SUMS (the format
 * `sha256sum -c` reads) before anything is loaded from them: each file must be present,
 * readable and hash to the digest listed for it. */
#ifndef CW_MODELSET_H
#define CW_MODELSET_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"

/** The list of checksums in a model directory. */
#define MODELSET_SUMS "SHA256SUMS"

/* Hands the bytes of chosen files to a loader right after they matched SHA256SUMS, so that
 * each is read once. */
typedef struct {
  const unsigned char *want; /* per file: nonzero to pass its bytes to parse */
  /* Parses file @p i (@p data, @p len bytes: freed when it returns); CW_OK, or an error with
   * the reason in @p why (the path is put before it). */
  cw_err_t (*parse)(void *ud, size_t i, const uint8_t *data, size_t len, char *why,
                    size_t why_size);
  void *ud;
} modelset_parse_t;

/**
 * @brief Checks @p files (paths relative to @p dir) against "<dir>/SHA256SUMS".
 * @param hash receives the first 8 hex digits of the SHA-256 of the checked "digest  name"
 *        lines in the order given: the identity of the loaded models.
 * @param parse NULL, or what to do with the bytes of the files it wants, each as soon as it
 *        is checked (an earlier file's parse has run when a later file fails its check).
 * @returns CW_OK; CW_ERR_NOT_FOUND (directory, list or file missing), CW_ERR_IO (unreadable)
 * or CW_ERR_FORMAT (not listed, malformed list, checksum mismatch) with "path: reason" in
 * @p errstr.
 */
cw_err_t modelset_verify(const char *dir, const char *const *files, size_t n, char hash[9],
                         const modelset_parse_t *parse, char *errstr, size_t errstr_size) CW_WUR;

#endif
