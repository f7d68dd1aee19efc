/* avro_canon.c - Avro Parsing Canonical Form and fingerprint (see avro_canon.h). The JSON is
 * parsed with jansson; the form is written by walking the schema once, tracking the
 * enclosing namespace and the names defined so far. */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "avro_canon.h"
#include "cw_hash.h"

/* Deeper nesting than this is refused rather than risking the stack on hostile input. */
#define CANON_MAX_DEPTH 64
/* Room for a full name (namespace + '.' + name). */
#define CANON_NAME_MAX 1024

typedef struct {
  json_t *names;   /* set of full names defined so far (object used as a set) */
  cw_buf_t *out;
  char *errstr;
  size_t errstr_size;
} canon_t;

static const char *const PRIMITIVES[] = {"null", "boolean", "int", "long", "float", "double",
                                         "bytes", "string", NULL};

static int is_primitive(const char *s) {
  for (int i = 0; PRIMITIVES[i]; i++)
    if (strcmp(PRIMITIVES[i], s) == 0)
      return 1;
  return 0;
}

/* Names and symbols: [A-Za-z_][A-Za-z0-9_]*, and for full names such parts joined by dots. The
 * canonical form writes them without escaping, which is only sound because of this check. */
static int valid_name(const char *s, int dotted) {
  int at_start = 1;
  if (!*s)
    return 0;
  for (; *s; s++) {
    char c = *s;
    if (c == '.' && dotted && !at_start) {
      at_start = 1;
      continue;
    }
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
          (!at_start && c >= '0' && c <= '9')))
      return 0;
    at_start = 0;
  }
  return !at_start;
}

static cw_err_t fail(canon_t *cx, const char *what, const char *detail) {
  snprintf(cx->errstr, cx->errstr_size, "avro schema: %s%s%s", what, detail ? ": " : "",
           detail ? detail : "");
  return CW_ERR_FORMAT;
}

static cw_err_t put_quoted(canon_t *cx, const char *s) {
  cw_err_t err = cw_buf_putc(cx->out, '"');
  if (!err)
    err = cw_buf_puts(cx->out, s);
  if (!err)
    err = cw_buf_putc(cx->out, '"');
  if (err)
    snprintf(cx->errstr, cx->errstr_size, "avro schema: canonical form too large");
  return err;
}

static cw_err_t put(canon_t *cx, const char *s) {
  cw_err_t err = cw_buf_puts(cx->out, s);
  if (err)
    snprintf(cx->errstr, cx->errstr_size, "avro schema: canonical form too large");
  return err;
}

/* Joins @p ns and @p name into @p full unless @p name is already dotted. */
static cw_err_t full_name(canon_t *cx, const char *ns, const char *name, char *full) {
  int n;
  if (strchr(name, '.') || !ns || !*ns)
    n = snprintf(full, CANON_NAME_MAX, "%s", name);
  else
    n = snprintf(full, CANON_NAME_MAX, "%s.%s", ns, name);
  if (n < 0 || n >= CANON_NAME_MAX)
    return fail(cx, "name too long", name);
  return CW_OK;
}

/* A reference by name resolves in the enclosing namespace first, then in the null namespace. */
static cw_err_t put_reference(canon_t *cx, const char *ns, const char *name) {
  char full[CANON_NAME_MAX];
  cw_err_t err;
  if (is_primitive(name))
    return put_quoted(cx, name);
  if (!valid_name(name, 1))
    return fail(cx, "invalid type name", name);
  err = full_name(cx, ns, name, full);
  if (err)
    return err;
  if (!json_object_get(cx->names, full)) {
    if (!json_object_get(cx->names, name))
      return fail(cx, "undefined name", name);
    return put_quoted(cx, name);
  }
  return put_quoted(cx, full);
}

static cw_err_t canon_node(canon_t *cx, json_t *node, const char *ns, int depth);

/* Writes "name":"<full>" of a named type and registers it; @p inner_ns receives the namespace
 * its nested definitions resolve in. */
static cw_err_t define_name(canon_t *cx, json_t *node, const char *ns, char *full,
                            char *inner_ns) {
  const char *name = json_string_value(json_object_get(node, "name"));
  json_t *jns = json_object_get(node, "namespace");
  const char *own_ns = ns;
  cw_err_t err;
  if (!name)
    return fail(cx, "named type without a string \"name\"", NULL);
  if (!valid_name(name, 1))
    return fail(cx, "invalid name", name);
  if (jns && !json_is_null(jns)) {
    if (!json_is_string(jns))
      return fail(cx, "\"namespace\" is not a string", name);
    own_ns = json_string_value(jns);
    if (*own_ns && !valid_name(own_ns, 1))
      return fail(cx, "invalid namespace", own_ns);
  }
  err = full_name(cx, own_ns, name, full);
  if (err)
    return err;
  if (json_object_get(cx->names, full))
    return fail(cx, "name defined twice", full);
  if (json_object_set_new(cx->names, full, json_true()) != 0)
    return fail(cx, "cannot record name", full);
  const char *dot = strrchr(full, '.');
  size_t nsl = dot ? (size_t)(dot - full) : 0;
  memcpy(inner_ns, full, nsl);
  inner_ns[nsl] = '\0';
  return CW_OK;
}

static cw_err_t canon_record(canon_t *cx, json_t *node, const char *type, const char *ns,
                             int depth) {
  char full[CANON_NAME_MAX], inner_ns[CANON_NAME_MAX];
  json_t *fields = json_object_get(node, "fields");
  cw_err_t err = define_name(cx, node, ns, full, inner_ns);
  if (err)
    return err;
  if (!json_is_array(fields))
    return fail(cx, "record without a \"fields\" array", full);
  err = put(cx, "{\"name\":");
  if (!err) err = put_quoted(cx, full);
  if (!err) err = put(cx, ",\"type\":");
  if (!err) err = put_quoted(cx, type);
  if (!err) err = put(cx, ",\"fields\":[");
  for (size_t i = 0; !err && i < json_array_size(fields); i++) {
    json_t *f = json_array_get(fields, i);
    const char *fname = json_string_value(json_object_get(f, "name"));
    json_t *ftype = json_object_get(f, "type");
    if (!json_is_object(f) || !fname || !ftype)
      return fail(cx, "field without \"name\" or \"type\" in record", full);
    if (!valid_name(fname, 0))
      return fail(cx, "invalid field name", fname);
    err = put(cx, i ? ",{\"name\":" : "{\"name\":");
    if (!err) err = put_quoted(cx, fname);
    if (!err) err = put(cx, ",\"type\":");
    if (!err) err = canon_node(cx, ftype, inner_ns, depth + 1);
    if (!err) err = put(cx, "}");
  }
  if (!err)
    err = put(cx, "]}");
  return err;
}

static cw_err_t canon_enum(canon_t *cx, json_t *node, const char *ns) {
  char full[CANON_NAME_MAX], inner_ns[CANON_NAME_MAX];
  json_t *symbols = json_object_get(node, "symbols");
  cw_err_t err = define_name(cx, node, ns, full, inner_ns);
  if (err)
    return err;
  if (!json_is_array(symbols))
    return fail(cx, "enum without a \"symbols\" array", full);
  err = put(cx, "{\"name\":");
  if (!err) err = put_quoted(cx, full);
  if (!err) err = put(cx, ",\"type\":\"enum\",\"symbols\":[");
  for (size_t i = 0; !err && i < json_array_size(symbols); i++) {
    const char *s = json_string_value(json_array_get(symbols, i));
    if (!s || !valid_name(s, 0))
      return fail(cx, "invalid enum symbol in", full);
    if (i)
      err = put(cx, ",");
    if (!err)
      err = put_quoted(cx, s);
  }
  if (!err)
    err = put(cx, "]}");
  return err;
}

static cw_err_t canon_fixed(canon_t *cx, json_t *node, const char *ns) {
  char full[CANON_NAME_MAX], inner_ns[CANON_NAME_MAX], num[32];
  json_t *size = json_object_get(node, "size");
  long long n = -1;
  cw_err_t err = define_name(cx, node, ns, full, inner_ns);
  if (err)
    return err;
  /* [INTEGERS]: a quoted size or one with leading zeros is written as a plain integer. */
  if (json_is_integer(size)) {
    n = json_integer_value(size);
  } else if (json_is_string(size)) {
    const char *s = json_string_value(size);
    n = 0;
    if (!*s)
      n = -1;
    for (; *s && n >= 0; s++)
      n = (*s >= '0' && *s <= '9' && n < 1000000000000LL) ? n * 10 + (*s - '0') : -1;
  }
  if (n < 0)
    return fail(cx, "fixed without a non-negative integer \"size\"", full);
  snprintf(num, sizeof num, "%lld", n);
  err = put(cx, "{\"name\":");
  if (!err) err = put_quoted(cx, full);
  if (!err) err = put(cx, ",\"type\":\"fixed\",\"size\":");
  if (!err) err = put(cx, num);
  if (!err) err = put(cx, "}");
  return err;
}

static cw_err_t canon_object(canon_t *cx, json_t *node, const char *ns, int depth) {
  json_t *jtype = json_object_get(node, "type");
  const char *type;
  cw_err_t err;
  if (!jtype)
    return fail(cx, "object without \"type\"", NULL);
  if (!json_is_string(jtype))
    return canon_node(cx, jtype, ns, depth + 1);
  type = json_string_value(jtype);
  if (is_primitive(type))
    return put_quoted(cx, type);
  if (strcmp(type, "record") == 0 || strcmp(type, "error") == 0)
    return canon_record(cx, node, type, ns, depth);
  if (strcmp(type, "enum") == 0)
    return canon_enum(cx, node, ns);
  if (strcmp(type, "fixed") == 0)
    return canon_fixed(cx, node, ns);
  if (strcmp(type, "array") == 0 || strcmp(type, "map") == 0) {
    int is_array = type[0] == 'a';
    json_t *inner = json_object_get(node, is_array ? "items" : "values");
    if (!inner)
      return fail(cx, is_array ? "array without \"items\"" : "map without \"values\"", NULL);
    err = put(cx, is_array ? "{\"type\":\"array\",\"items\":" : "{\"type\":\"map\",\"values\":");
    if (!err)
      err = canon_node(cx, inner, ns, depth + 1);
    if (!err)
      err = put(cx, "}");
    return err;
  }
  return put_reference(cx, ns, type);
}

static cw_err_t canon_node(canon_t *cx, json_t *node, const char *ns, int depth) {
  cw_err_t err = CW_OK;
  if (depth > CANON_MAX_DEPTH)
    return fail(cx, "nested too deeply", NULL);
  if (json_is_string(node))
    return put_reference(cx, ns, json_string_value(node));
  if (json_is_object(node))
    return canon_object(cx, node, ns, depth);
  if (!json_is_array(node))
    return fail(cx, "a schema must be a string, object or array", NULL);
  err = put(cx, "[");
  for (size_t i = 0; !err && i < json_array_size(node); i++) {
    if (i)
      err = put(cx, ",");
    if (!err)
      err = canon_node(cx, json_array_get(node, i), ns, depth + 1);
  }
  if (!err)
    err = put(cx, "]");
  return err;
}

cw_err_t cw_avro_canon(const char *json, size_t len, cw_buf_t *out, char *errstr,
                       size_t errstr_size) {
  json_error_t jerr;
  canon_t cx = {NULL, out, errstr, errstr_size};
  cw_err_t err;
  json_t *root = json_loadb(json, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    snprintf(errstr, errstr_size, "avro schema: invalid JSON at line %d column %d: %s",
             jerr.line, jerr.column, jerr.text);
    err = CW_ERR_FORMAT;
    goto out;
  }
  cx.names = json_object();
  err = canon_node(&cx, root, "", 0);
out:
  json_decref(cx.names);
  json_decref(root);
  return err;
}

cw_err_t cw_avro_fingerprint(const char *json, size_t len, uint64_t *fp, char *errstr,
                             size_t errstr_size) {
  cw_buf_t b;
  cw_err_t err;
  cw_buf_init(&b, 1024u * 1024u);
  err = cw_avro_canon(json, len, &b, errstr, errstr_size);
  if (!err)
    *fp = cw_crc64_avro(b.p ? b.p : "", b.len);
  cw_buf_free(&b);
  return err;
}
