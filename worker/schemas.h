/* schemas.h - the Avro schemas of schemas/ (*.avsc), embedded at build time. */
#ifndef CW_SCHEMAS_H
#define CW_SCHEMAS_H

typedef struct {
  const char *name; /* file name, e.g. "entities.avsc" */
  const char *json; /* schema text, NUL-terminated */
} cw_schema_file_t;

/** Table of embedded schemas, terminated by {NULL, NULL}. */
extern const cw_schema_file_t cw_schema_files[];

/** @returns the schema text of file @p name, or NULL if not embedded. */
const char *cw_schema_text(const char *name);

#endif
