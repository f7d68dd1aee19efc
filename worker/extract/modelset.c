/* modelset.c - model directory verification against SHA256SUMS (see modelset.h). A model or
 * gazetteer cut short, corrupted or missing is refused here, by name, before any loader sees
 * it: a worker never runs silently on part of its models. */
#include "modelset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cw_alloc.h"
#include "cw_sha256.h"

typedef struct {
  char hex[65];
  char *name;
} sum_t;

typedef struct {
  sum_t *v;
  size_t n;
} sums_t;

static void sums_free(sums_t *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i].name);
  free(s->v);
  s->v = NULL;
  s->n = 0;
}

static int is_hex64(const char *p) {
  for (int i = 0; i < 64; i++)
    if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
      return 0;
  return 1;
}

/* Reads "<64 hex> <space|*><name>" lines (sha256sum's text and binary modes). */
static cw_err_t read_sums(const char *path, sums_t *s, char *errstr, size_t errstr_size) {
  FILE *f = fopen(path, "r");
  if (!f) {
    int e = errno;
    snprintf(errstr, errstr_size, "%s: %s (the checksums of the model files)", path,
             e == ENOENT ? "missing" : strerror(e));
    return e == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  cw_err_t err = CW_OK;
  char line[1200];
  size_t lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (!len || line[0] == '#')
      continue;
    if (len < 67 || !is_hex64(line) || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
      snprintf(errstr, errstr_size, "%s:%zu: expected \"<sha256 hex>  <file>\"", path, lineno);
      err = CW_ERR_FORMAT;
      goto out;
    }
    s->v = cw_realloc(s->v, (s->n + 1) * sizeof(*s->v));
    memcpy(s->v[s->n].hex, line, 64);
    s->v[s->n].hex[64] = '\0';
    s->v[s->n].name = cw_strdup(line + 66);
    s->n++;
  }
  if (ferror(f)) {
    snprintf(errstr, errstr_size, "%s: read error", path);
    err = CW_ERR_IO;
  }
out:
  fclose(f);
  return err;
}

/* Hashes one file; a missing or unreadable file is reported with its path. With @p keep, its
 * bytes are returned in *@p keep (malloc'd, *@p klen bytes) for a loader to parse. */
static cw_err_t hash_file(const char *path, char hex[65], long long *size, uint8_t **keep,
                          size_t *klen, char *errstr, size_t errstr_size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    int e = errno;
    snprintf(errstr, errstr_size, "%s: %s", path, e == ENOENT ? "missing" : strerror(e));
    return e == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  cw_err_t err = CW_OK;
  cw_sha256_t st;
  cw_sha256_init(&st);
  size_t cap = 1 << 16, len = 0, n;
  uint8_t *buf = cw_malloc(cap);
  *size = 0;
  while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
    cw_sha256_update(&st, buf + len, n);
    *size += (long long)n;
    if (!keep)
      continue;
    len += n;
    if (len == cap)
      buf = cw_realloc(buf, cap *= 2);
  }
  if (ferror(f)) {
    snprintf(errstr, errstr_size, "%s: cannot read: %s", path, strerror(errno));
    err = CW_ERR_IO;
  } else {
    uint8_t d[32];
    cw_sha256_final(&st, d);
    cw_sha256_hex(d, hex);
  }
  if (keep && !err) {
    *keep = buf;
    *klen = len;
    buf = NULL;
  }
  free(buf);
  fclose(f);
  return err;
}

cw_err_t modelset_verify(const char *dir, const char *const *files, size_t n, char hash[9],
                         const modelset_parse_t *parse, char *errstr, size_t errstr_size) {
  cw_err_t err = CW_OK;
  sums_t sums = {0};
  char path[4096];
  struct stat st;
  hash[0] = '\0';
  if (stat(dir, &st) != 0) {
    int e = errno;
    snprintf(errstr, errstr_size, "model directory %s: %s", dir,
             e == ENOENT ? "missing" : strerror(e));
    return e == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  if (!S_ISDIR(st.st_mode)) {
    snprintf(errstr, errstr_size, "model directory %s: not a directory", dir);
    return CW_ERR_NOT_FOUND;
  }
  if ((size_t)snprintf(path, sizeof path, "%s/" MODELSET_SUMS, dir) >= sizeof path) {
    snprintf(errstr, errstr_size, "model directory path too long");
    return CW_ERR_INVALID;
  }
  err = read_sums(path, &sums, errstr, errstr_size);
  if (err)
    goto out;
  /* Every file present and readable first: a missing one is named before hashing the rest. */
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    FILE *f = fopen(path, "rb");
    if (!f) {
      int e = errno;
      snprintf(errstr, errstr_size, "%s: %s", path, e == ENOENT ? "missing" : strerror(e));
      err = e == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
      goto out;
    }
    fclose(f);
  }
  cw_sha256_t id;
  cw_sha256_init(&id);
  for (size_t i = 0; i < n; i++) {
    char hex[65];
    long long size = 0;
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    uint8_t *bytes = NULL;
    size_t blen = 0;
    int keep = parse && parse->want[i];
    err = hash_file(path, hex, &size, keep ? &bytes : NULL, &blen, errstr, errstr_size);
    if (err)
      goto out;
    const sum_t *want = NULL;
    for (size_t k = 0; k < sums.n && !want; k++)
      if (strcmp(sums.v[k].name, files[i]) == 0)
        want = &sums.v[k];
    if (!want) {
      snprintf(errstr, errstr_size, "%s: not listed in %s/" MODELSET_SUMS, path, dir);
      err = CW_ERR_FORMAT;
    } else if (strcmp(want->hex, hex) != 0) {
      snprintf(errstr, errstr_size, "%s: %s (%lld bytes, SHA-256 %.12s..., " MODELSET_SUMS
               " lists %.12s...)", path,
               size == 0 ? "empty" : "checksum mismatch: truncated or corrupted", size, hex,
               want->hex);
      err = CW_ERR_FORMAT;
    }
    if (!err && bytes) {
      char why[512];
      if ((err = parse->parse(parse->ud, i, bytes, blen, why, sizeof why)) != CW_OK)
        snprintf(errstr, errstr_size, "%s: %s", path, why);
    }
    free(bytes);
    if (err)
      goto out;
    cw_sha256_update(&id, hex, 64);
    cw_sha256_update(&id, "  ", 2);
    cw_sha256_update(&id, files[i], strlen(files[i]));
    cw_sha256_update(&id, "\n", 1);
  }
  uint8_t d[32];
  char hex[65];
  cw_sha256_final(&id, d);
  cw_sha256_hex(d, hex);
  memcpy(hash, hex, 8);
  hash[8] = '\0';
out:
  sums_free(&sums);
  return err;
}
