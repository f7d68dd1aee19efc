/* test_fuzz_regressions.c - replays the fuzz seed corpus and every saved crash input
 * (tests/fuzz/corpus/<target>/, tests/fuzz/regressions/<target>/) through the fuzz targets' own
 * entry points, so a fixed crash stays fixed. A broken invariant aborts (fuzz_check.h); memory
 * errors show in the sanitizer build (-DCW_SANITIZE=ON). */
#define CW_FUZZ_NO_MAIN
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testhelp.h"

#include "../fuzz/fuzz_utf8.c"
#include "../fuzz/fuzz_article.c"
#include "../fuzz/fuzz_extract.c"
#include "../fuzz/fuzz_model.c"

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

static const struct {
  const char *name;
  fuzz_fn fn;
} targets[] = {
    {"utf8", fuzz_utf8_one},
    {"article", fuzz_article_one},
    {"extract", fuzz_extract_one},
    {"model", fuzz_model_one},
};
#define N_TARGETS (sizeof(targets) / sizeof(targets[0]))

static int read_file(const char *path, uint8_t **data, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *nb = realloc(buf, cap *= 2);
      if (!nb) {
        free(buf);
        buf = NULL;
      }
      buf = nb;
    }
  }
  fclose(f);
  if (!buf)
    return -1;
  /* Exactly sized, like libFuzzer's input, so an over-read is caught by ASan here too. */
  uint8_t *exact = malloc(n ? n : 1);
  if (exact && n)
    memcpy(exact, buf, n);
  free(buf);
  *data = exact;
  *size = n;
  return exact ? 0 : -1;
}

/* Runs every file of @p dir through @p fn; returns how many, or -1 if there is no such dir. */
static long replay_dir(const char *dir, fuzz_fn fn) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  long count = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    uint8_t *data = NULL;
    size_t size = 0;
    CHECK_MSG(read_file(path, &data, &size) == 0, "cannot read %s", path);
    if (!data)
      continue;
    fprintf(stderr, "replay %s\n", path);
    CHECK_MSG(fn(data, size) == 0, "%s", path);
    free(data);
    count++;
  }
  closedir(d);
  return count;
}

int main(void) {
  char dir[4096];
  for (size_t t = 0; t < N_TARGETS; t++) {
    snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", CW_SOURCE_DIR, targets[t].name);
    long seeds = replay_dir(dir, targets[t].fn);
    CHECK_MSG(seeds > 0, "no seed corpus in %s", dir);
    snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/%s", CW_SOURCE_DIR, targets[t].name);
    long regressions = replay_dir(dir, targets[t].fn);
    fprintf(stderr, "%s: %ld seeds, %ld regression inputs\n", targets[t].name, seeds,
            regressions < 0 ? 0 : regressions);
  }

  /* Every regression directory must belong to a target replayed above. */
  snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions", CW_SOURCE_DIR);
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    int known = 0;
    for (size_t t = 0; t < N_TARGETS; t++)
      known |= !strcmp(e->d_name, targets[t].name);
    CHECK_MSG(known, "tests/fuzz/regressions/%s has no replaying target", e->d_name);
  }
  if (d)
    closedir(d);
  fuzz_extract_teardown();
  return TEST_REPORT();
}
