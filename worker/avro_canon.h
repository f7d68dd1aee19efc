/* avro_canon.h - Avro Parsing Canonical Form of a schema and its CRC-64-AVRO fingerprint
 * (Avro 1.11 specification, "Parsing Canonical Form for Schemas" and "Schema Fingerprints"). */
#ifndef CW_AVRO_CANON_H
#define CW_AVRO_CANON_H
#include <stddef.h>
#include <stdint.h>
#include "cw_buf.h"
#include "cw_err.h"

/**
 * @brief Appends the Parsing Canonical Form of schema @p json (@p len bytes) to @p out:
 * primitives in simple form, full names, only the attributes relevant to parsing (name, type,
 * fields, symbols, items, values, size) in that order, no whitespace.
 * @returns CW_OK, CW_ERR_FORMAT (not JSON, not a valid schema, undefined or redefined name),
 *          or CW_ERR_TOO_LARGE (@p out full), with a reason in @p errstr.
 */
cw_err_t cw_avro_canon(const char *json, size_t len, cw_buf_t *out, char *errstr,
                       size_t errstr_size) CW_WUR;

/**
 * @brief Computes the CRC-64-AVRO fingerprint of the canonical form of schema @p json.
 * @returns CW_OK and *@p fp, or an error as cw_avro_canon().
 */
cw_err_t cw_avro_fingerprint(const char *json, size_t len, uint64_t *fp, char *errstr,
                             size_t errstr_size) CW_WUR;

#endif
