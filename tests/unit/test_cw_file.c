/* test_cw_file.c - the line reader the gazetteer and places tables share, file stems, and the
 * places table's refusals with file:line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cw_file.h"
#include "geo.h"
#include "testhelp.h"

typedef struct {
  char seen[512];
  size_t n;
} lines_t;

static const char *collect(char *line, size_t len, void *vctx) {
  lines_t *l = vctx;
  CHECK_INT(strlen(line), len);
  if (!strcmp(line, "refuse me"))
    return "refused";
  size_t o = strlen(l->seen);
  snprintf(l->seen + o, sizeof(l->seen) - o, "%s|", line);
  l->n++;
  return NULL;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

int main(void) {
  char dir[] = "/tmp/cw_file_testXXXXXX", path[256], err[512];
  CHECK(mkdtemp(dir) != NULL);
  snprintf(path, sizeof(path), "%s/a.txt", dir);

  /* Blank lines and comments are skipped; LF and CRLF ends are removed. */
  write_file(path, "# comment\none\r\n\n  two words\nlast without newline");
  lines_t l = {"", 0};
  CHECK_INT(cw_file_lines(path, collect, &l, err, sizeof(err)), CW_OK);
  CHECK_STR(l.seen, "one|  two words|last without newline|");
  CHECK_INT(l.n, 3);

  /* A refused line stops the reading and is reported with its line number. */
  write_file(path, "one\n# c\nrefuse me\nnever read\n");
  memset(&l, 0, sizeof(l));
  CHECK_INT(cw_file_lines(path, collect, &l, err, sizeof(err)), CW_ERR_FORMAT);
  CHECK(strstr(err, "a.txt:3: refused") != NULL);
  CHECK_STR(l.seen, "one|");

  /* A line longer than the buffer is an error, not two lines. */
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("ok\n", f);
    for (int i = 0; i < CW_FILE_LINE_MAX + 10; i++)
      fputc('x', f);
    fputs("\n", f);
    fclose(f);
  }
  memset(&l, 0, sizeof(l));
  CHECK_INT(cw_file_lines(path, collect, &l, err, sizeof(err)), CW_ERR_FORMAT);
  CHECK(strstr(err, "a.txt:2: line too long") != NULL);
  CHECK_INT(l.n, 1);

  /* A missing file: CW_ERR_IO with errno kept, so callers can treat ENOENT as optional. */
  char missing[300];
  snprintf(missing, sizeof(missing), "%s/none.txt", dir);
  CHECK_INT(cw_file_lines(missing, collect, &l, err, sizeof(err)), CW_ERR_IO);
  CHECK_INT(errno, ENOENT);
  CHECK(strstr(err, "none.txt: ") != NULL);

  /* Stems: no directory, no last extension, a leading dot kept. */
  static const char *const stems[][2] = {{"a/b/c.json", "c"}, {"c.tar.gz", "c.tar"},
                                         {"/x/.env", ".env"}, {"plain", "plain"},
                                         {"dir.d/file", "file"}};
  for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
    char *s = cw_path_stem(stems[i][0]);
    CHECK_STR(s, stems[i][1]);
    free(s);
  }

  /* The places table refuses a bad line with file:line and the reason. */
  geo_t *g = NULL;
  write_file(path, "# name\tiso\tlat\tlon\nParis\tFR\t48.85\t2.35\nNowhere\tX1\t\t\n");
  CHECK_INT(geo_load(path, &g, err, sizeof(err)), CW_ERR_FORMAT);
  CHECK(g == NULL);
  CHECK_MSG(strstr(err, "a.txt:3: ISO code is not two capital letters") != NULL, "%s", err);
  write_file(path, "Paris\tFR\t48.85\t2.35\nLyon\tFR\t\t\n");
  CHECK_INT(geo_load(path, &g, err, sizeof(err)), CW_OK);
  CHECK(g != NULL);
  geo_destroy(&g);

  unlink(path);
  rmdir(dir);
  return TEST_REPORT();
}
