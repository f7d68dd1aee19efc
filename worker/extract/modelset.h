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

/* A file's bytes as read for its checksum, kept for a loader to parse. */
typedef struct {
  int keep;      /* in: keep this file's bytes */
  uint8_t *data; /* out: malloc'd, NULL when not kept; free with modelset_images_free() */
  size_t len;
} modelset_image_t;

/**
 * @brief Checks @p files (paths relative to @p dir) against "<dir>/SHA256SUMS".
 * @param hash receives the first 8 hex digits of the SHA-256 of the checked "digest  name"
 *        lines in the order given: the identity of the loaded models.
 * @param images NULL, or one entry per file: the bytes of those with keep set are returned,
 *        so that each file is read once (all are freed when the check fails).
 * @returns CW_OK; CW_ERR_NOT_FOUND (directory, list or file missing), CW_ERR_IO (unreadable)
 * or CW_ERR_FORMAT (not listed, malformed list, checksum mismatch) with "path: reason" in
 * @p errstr.
 */
cw_err_t modelset_verify(const char *dir, const char *const *files, size_t n, char hash[9],
                         modelset_image_t *images, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees the kept bytes of @p n images. Accepts NULL. */
void modelset_images_free(modelset_image_t *img, size_t n);

#endif
