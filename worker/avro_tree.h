/* avro_tree.h - one Avro datum built as a flat tree of typed nodes in reusable arrays, and
 * written by avro-c (avro_value_write) through a value interface over those nodes.
 *
 * The encoder fills a tree per record instead of an avro-c generic value: a generic value
 * allocates and frees per string, per array element and per named-type reference each time it
 * is reset and refilled; the tree's arrays are kept from record to record, and its strings
 * point to the caller's text (which must outlive cw_avro_tree_write()). The bytes are avro-c's
 * own binary encoding of the same datum.
 *
 * Building: a node is placed under its parent at field index ix (a record: the field's
 * position in the schema), at the end (an array: ix is ignored) or as the branch (a union: ix
 * is ignored); the first node has parent CW_AVT_ROOT. A record is created with its field count
 * and every field must be placed before the write. The tree does not check the types against a
 * schema: the encoder's tests read its records back with avro-c's and other decoders. */
#ifndef CW_AVRO_TREE_H
#define CW_AVRO_TREE_H
#include <stddef.h>
#include <stdint.h>
#include <avro.h>
#include "cw_err.h"

typedef struct cw_avro_tree_s cw_avro_tree_t;
typedef uint32_t cw_avt_node_t;

#define CW_AVT_ROOT UINT32_MAX

cw_avro_tree_t *cw_avro_tree_create(void);
void cw_avro_tree_destroy(cw_avro_tree_t **t);

/** Empties the tree, keeping its memory. */
void cw_avro_tree_reset(cw_avro_tree_t *t);

cw_avt_node_t cw_avt_record(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int nfields);
cw_avt_node_t cw_avt_array(cw_avro_tree_t *t, cw_avt_node_t parent, int ix);
/** A union holding branch @p discriminant; its branch is the next node placed under it. */
cw_avt_node_t cw_avt_union(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int discriminant);
/** A string: @p s itself (@p len bytes, NUL-terminated at s[len]), not a copy. */
void cw_avt_string(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, const char *s, size_t len);
void cw_avt_int(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int32_t v);
void cw_avt_long(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int64_t v);
void cw_avt_double(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, double v);
void cw_avt_boolean(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int v);
void cw_avt_enum(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int v);
void cw_avt_null(cw_avro_tree_t *t, cw_avt_node_t parent, int ix);

/**
 * Writes the tree's datum with @p w. @returns CW_OK; CW_ERR_INVALID when the tree is not whole
 * (a field not placed, a union without its branch, a placement outside its parent), with the
 * reason; ENOSPC from the writer as CW_ERR_TOO_LARGE; other writer errors as CW_ERR_AVRO.
 */
cw_err_t cw_avro_tree_write(cw_avro_tree_t *t, avro_writer_t w, char *errstr,
                            size_t errstr_size);

#endif
