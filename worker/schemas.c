/* schemas.c - lookup of the embedded Avro schemas (schemas/ (*.avsc)). */
#include <string.h>
#include "schemas.h"

const char *cw_schema_text(const char *name) {
  for (const cw_schema_file_t *f = cw_schema_files; f->name; f++)
    if (strcmp(f->name, name) == 0)
      return f->json;
  return NULL;
}
