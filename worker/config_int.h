/* config_int.h - what the configuration modules share: the table of worker/input/broker keys
 * (config.c), setting one from text with its bounds, the kafka property lists and topics.
 * config_file.c reads a libconfig file, config_env.c the environment overrides and
 * config_validate.c checks the whole; none of it is part of the public config.h. */
#ifndef CW_CONFIG_INT_H
#define CW_CONFIG_INT_H
#include <stddef.h>
#include <stdint.h>
#include "config.h"

typedef enum { T_STR, T_INT, T_BOOL, T_LIST } ctype_t; /* T_LIST: char *, names joined by , */

typedef struct {
  const char *section;
  const char *name;
  ctype_t type;
  size_t off;
  const char *def_str;
  int64_t def_int, min, max;
} centry_t;

extern const centry_t cfg_table[];
extern const size_t cfg_table_n;

static inline char **cfg_str(cw_config_t *c, const centry_t *e) {
  return (char **)((char *)c + e->off);
}
static inline int64_t *cfg_int(cw_config_t *c, const centry_t *e) {
  return (int64_t *)((char *)c + e->off);
}
static inline int *cfg_bool(cw_config_t *c, const centry_t *e) {
  return (int *)((char *)c + e->off);
}

/* Sets @p e from text (a string, "true"/"false"/"1"/"0"/"yes"/"no", or a decimal integer). */
cw_err_t cfg_set_from_string(cw_config_t *c, const centry_t *e, const char *v, char *errstr,
                             size_t errsz, const char *where);
/* Refuses an integer outside the entry's [min, max]. */
cw_err_t cfg_check_bounds(cw_config_t *c, const centry_t *e, char *errstr, size_t errsz,
                          const char *where);
/* Sets @p name, remembering where the value came from (NULL: a default or a command line). */
void cfg_kv_set_at(cw_kvlist_t *l, const char *name, const char *value, const char *where);
void cfg_add_topic(cw_config_t *c, const char *name, int partitions);
/* Checks one librdkafka property against librdkafka itself, so typos fail at config check. */
cw_err_t cfg_check_kafka_prop(const char *name, const char *value, char *errstr, size_t errsz,
                              const char *where);

/* config_file.c: reads @p path into @p c, refusing unknown sections and keys. */
cw_err_t cfg_read_file(cw_config_t *c, const char *path, char *errstr, size_t errsz);
/* config_env.c: CLAIMWIRE_* environment overrides, applied after the file. */
cw_err_t cfg_apply_env(cw_config_t *c, char *errstr, size_t errsz);
/* config_validate.c: checks the whole and derives the parsed enums (guarantee, format, ...). */
cw_err_t cfg_validate(cw_config_t *c, char *errstr, size_t errsz);

#endif
