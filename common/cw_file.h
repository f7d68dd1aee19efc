/* cw_file.h - reading whole files with a size limit and listing the files of a directory
 * (sorted, optionally recursive): what the train, eval, bench, extract and produce commands
 * share to read a corpus directory. */
#ifndef CW_FILE_H
#define CW_FILE_H
#include <stddef.h>
#include "cw_err.h"

/** A growable list of owned strings. Zero-initialize; free with cw_strlist_free(). */
typedef struct {
  char **v;
  size_t n, cap;
} cw_strlist_t;

/** @brief Appends a copy of @p s to @p l; aborts on out-of-memory. */
void cw_strlist_push(cw_strlist_t *l, const char *s);

/** @brief Frees the strings and the array of @p l; it is empty and reusable afterwards. */
void cw_strlist_free(cw_strlist_t *l);

/**
 * @brief Reads the whole file @p path into a new NUL-terminated buffer (*@p out, *@p len bytes
 * without the NUL; the caller frees it).
 * @returns CW_OK; CW_ERR_IO with "path: reason" in @p errstr (also when it cannot be opened:
 *          errno is kept); CW_ERR_TOO_LARGE when it holds more than @p max bytes.
 */
cw_err_t cw_file_read(const char *path, size_t max, char **out, size_t *len, char *errstr,
                      size_t errstr_size) CW_WUR;

enum {
  CW_DIR_RECURSIVE = 1u << 0, /* descend into subdirectories (at most 16 levels) */
  CW_DIR_NAMES = 1u << 1,     /* list bare names instead of "dir/name" paths (not recursive) */
};

/**
 * @brief Appends to @p out the entries of @p dir whose name ends with @p suffix (NULL or "":
 * every entry; a name must be longer than the suffix), names starting with '.' left out, in
 * strcmp order of the names. Without CW_DIR_RECURSIVE subdirectories are listed like files;
 * with it, each is replaced in place by its own sorted listing.
 * @returns CW_OK; CW_ERR_IO with "dir: reason" in @p errstr (errno kept) when @p dir or a
 *          subdirectory cannot be read (@p out then holds what was listed before).
 */
cw_err_t cw_dir_list(const char *dir, const char *suffix, unsigned flags, cw_strlist_t *out,
                     char *errstr, size_t errstr_size) CW_WUR;

/** @returns nonzero when @p s ends with @p suffix and is longer than it. */
int cw_has_suffix(const char *s, const char *suffix);

/** @brief The file name of @p path without its directory and last extension ("a/b.json" ->
 * "b"; a leading dot is kept: ".env" stays ".env"), as a new string the caller frees. */
char *cw_path_stem(const char *path);

/** Called with one line (NUL-terminated, its line end removed, never blank, never a comment);
 * may modify the line in place. Returns NULL, or the reason the line is refused. */
typedef const char *(*cw_line_fn)(char *line, size_t len, void *ctx);

/**
 * @brief Calls @p fn for each line of the text file @p path, skipping empty lines and lines
 * starting with '#'. Lines hold at most CW_FILE_LINE_MAX - 2 bytes.
 * @returns CW_OK; CW_ERR_IO with "path: reason" when the file cannot be opened (errno kept,
 *          so ENOENT can be told apart) or read; CW_ERR_FORMAT with "path:line: reason" for a
 *          line too long or one @p fn refused (the reading stops there).
 */
#define CW_FILE_LINE_MAX 1024
cw_err_t cw_file_lines(const char *path, cw_line_fn fn, void *ctx, char *errstr,
                       size_t errstr_size) CW_WUR;

#endif
