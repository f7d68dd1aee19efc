/* avro_decode.c - Avro records to JSON: walks the schema over the bytes itself, checking every
 * length against the input, for `tail`, `extract` and the json output format. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include "avro_codec_int.h"
#include "cw_utf8.h"

/* Nesting of our schemas is 5; anything near this limit is hostile input or a broken schema. */
#define DEC_MAX_DEPTH 32

/* ==== Decoding ==== */

typedef struct {
  const unsigned char *p, *end;
  cw_buf_t *json;
  char *errstr;
  size_t errstr_size;
} dec_t;

static cw_err_t dec_fail(dec_t *d, const char *why) {
  snprintf(d->errstr, d->errstr_size, "avro decode: %s", why);
  return CW_ERR_FORMAT;
}

static cw_err_t dec_out(dec_t *d, cw_err_t err) {
  if (err)
    snprintf(d->errstr, d->errstr_size, "avro decode: JSON output larger than %zu bytes",
             d->json->max);
  return err;
}

/* Zig-zag varint of at most 10 bytes (the Avro long). */
static cw_err_t read_long(dec_t *d, int64_t *v) {
  uint64_t u = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    unsigned char b;
    if (d->p >= d->end)
      return dec_fail(d, "truncated varint");
    b = *d->p++;
    if (shift == 63 && (b & 0x7e))
      return dec_fail(d, "varint overflows 64 bits");
    u |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
      return CW_OK;
    }
  }
  return dec_fail(d, "varint longer than 10 bytes");
}

/* Length prefix of bytes/string: non-negative and within the remaining input. */
static cw_err_t read_len(dec_t *d, size_t *n) {
  int64_t v;
  cw_err_t err = read_long(d, &v);
  if (err)
    return err;
  if (v < 0 || (uint64_t)v > (uint64_t)(d->end - d->p))
    return dec_fail(d, "length out of range");
  *n = (size_t)v;
  return CW_OK;
}

/* Bytes and fixed are written as JSON strings of code points U+0000..U+00FF (Avro JSON encoding). */
static cw_err_t put_bytes(dec_t *d, const unsigned char *s, size_t n) {
  cw_err_t err = cw_buf_putc(d->json, '"');
  for (size_t i = 0; !err && i < n; i++)
    err = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
              ? cw_buf_putc(d->json, (char)s[i])
              : cw_buf_printf(d->json, "\\u%04x", s[i]);
  if (!err)
    err = cw_buf_putc(d->json, '"');
  return dec_out(d, err);
}

/* Shortest form that reads back to the same double; non-finite values have no JSON form. */
static cw_err_t put_double(dec_t *d, double v) {
  char tmp[40];
  if (!isfinite(v))
    return dec_out(d, cw_buf_puts(d->json, "null"));
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (strtod(tmp, NULL) == v)
      break;
  }
  return dec_out(d, cw_buf_puts(d->json, tmp));
}

static cw_err_t dec_value(dec_t *d, avro_schema_t s, int depth);

/* Arrays and maps: blocks of items, a negative count announcing a byte size, 0 ending. */
static cw_err_t dec_blocks(dec_t *d, avro_schema_t s, int is_map, int depth) {
  avro_schema_t items = is_map ? avro_schema_map_values(s) : avro_schema_array_items(s);
  size_t n_total = 0;
  cw_err_t err = dec_out(d, cw_buf_putc(d->json, is_map ? '{' : '['));
  for (;;) {
    int64_t count, bytes = -1;
    const unsigned char *block_start;
    if (err)
      return err;
    err = read_long(d, &count);
    if (err || count == 0)
      break;
    if (count < 0) {
      if (count == INT64_MIN)
        return dec_fail(d, "block count out of range");
      count = -count;
      err = read_long(d, &bytes);
      if (err)
        return err;
      if (bytes < 0 || (uint64_t)bytes > (uint64_t)(d->end - d->p))
        return dec_fail(d, "block size out of range");
    }
    /* Every item of a non-null type takes at least one byte: a larger count is a lie that would
     * otherwise spin for a long time. */
    if ((uint64_t)count > (uint64_t)(d->end - d->p) + (is_avro_null(avro_link_resolve(items)) ? 1u << 20 : 0))
      return dec_fail(d, "block count larger than the input");
    block_start = d->p;
    for (int64_t i = 0; !err && i < count; i++, n_total++) {
      if (n_total)
        err = dec_out(d, cw_buf_putc(d->json, ','));
      if (!err && is_map) {
        size_t n;
        err = read_len(d, &n);
        if (!err && cw_utf8_validate((const char *)d->p, n, NULL, NULL) != CW_OK)
          err = dec_fail(d, "map key is not UTF-8");
        if (!err)
          err = dec_out(d, cw_buf_json_str(d->json, (const char *)d->p, n));
        if (!err)
          err = dec_out(d, cw_buf_putc(d->json, ':'));
        d->p += err ? 0 : n;
      }
      if (!err)
        err = dec_value(d, items, depth + 1);
    }
    if (!err && bytes >= 0 && d->p - block_start != bytes)
      return dec_fail(d, "block size does not match its items");
  }
  if (!err)
    err = dec_out(d, cw_buf_putc(d->json, is_map ? '}' : ']'));
  return err;
}

static cw_err_t dec_value(dec_t *d, avro_schema_t s, int depth) {
  int64_t v;
  size_t n;
  cw_err_t err = CW_OK;
  s = avro_link_resolve(s);
  if (depth > DEC_MAX_DEPTH)
    return dec_fail(d, "nested too deeply");
  switch (avro_typeof(s)) {
  case AVRO_NULL:
    return dec_out(d, cw_buf_puts(d->json, "null"));
  case AVRO_BOOLEAN:
    if (d->p >= d->end || *d->p > 1)
      return dec_fail(d, "bad boolean");
    return dec_out(d, cw_buf_puts(d->json, *d->p++ ? "true" : "false"));
  case AVRO_INT32:
  case AVRO_INT64:
    err = read_long(d, &v);
    if (!err && avro_typeof(s) == AVRO_INT32 && (v < INT32_MIN || v > INT32_MAX))
      err = dec_fail(d, "int out of range");
    return err ? err : dec_out(d, cw_buf_printf(d->json, "%" PRId64, v));
  case AVRO_FLOAT:
  case AVRO_DOUBLE: {
    size_t w = avro_typeof(s) == AVRO_FLOAT ? 4 : 8;
    uint64_t bits = 0;
    if ((size_t)(d->end - d->p) < w)
      return dec_fail(d, "truncated floating-point value");
    for (size_t i = 0; i < w; i++)
      bits |= (uint64_t)d->p[i] << (8 * i);
    d->p += w;
    if (w == 4) {
      uint32_t b32 = (uint32_t)bits;
      float f;
      memcpy(&f, &b32, 4);
      return put_double(d, f);
    }
    double dv;
    memcpy(&dv, &bits, 8);
    return put_double(d, dv);
  }
  case AVRO_BYTES:
    err = read_len(d, &n);
    if (!err)
      err = put_bytes(d, d->p, n);
    d->p += err ? 0 : n;
    return err;
  case AVRO_STRING:
    err = read_len(d, &n);
    if (!err && cw_utf8_validate((const char *)d->p, n, NULL, NULL) != CW_OK)
      err = dec_fail(d, "string is not UTF-8");
    if (!err)
      err = dec_out(d, cw_buf_json_str(d->json, (const char *)d->p, n));
    d->p += err ? 0 : n;
    return err;
  case AVRO_FIXED:
    n = (size_t)avro_schema_fixed_size(s);
    if ((size_t)(d->end - d->p) < n)
      return dec_fail(d, "truncated fixed");
    err = put_bytes(d, d->p, n);
    d->p += err ? 0 : n;
    return err;
  case AVRO_ENUM: {
    const char *sym;
    err = read_long(d, &v);
    if (err)
      return err;
    if (v < 0 || v >= avro_schema_enum_number_of_symbols(s))
      return dec_fail(d, "enum index out of range");
    sym = avro_schema_enum_get(s, (int)v);
    return dec_out(d, cw_buf_json_str(d->json, sym, strlen(sym)));
  }
  case AVRO_UNION:
    err = read_long(d, &v);
    if (err)
      return err;
    if (v < 0 || (uint64_t)v >= avro_schema_union_size(s))
      return dec_fail(d, "union index out of range");
    return dec_value(d, avro_schema_union_branch(s, (int)v), depth + 1);
  case AVRO_RECORD:
    err = dec_out(d, cw_buf_putc(d->json, '{'));
    for (size_t i = 0; !err && i < avro_schema_record_size(s); i++) {
      const char *name = avro_schema_record_field_name(s, (int)i);
      if (i)
        err = dec_out(d, cw_buf_putc(d->json, ','));
      if (!err)
        err = dec_out(d, cw_buf_json_str(d->json, name, strlen(name)));
      if (!err)
        err = dec_out(d, cw_buf_putc(d->json, ':'));
      if (!err)
        err = dec_value(d, avro_schema_record_field_get_by_index(s, (int)i), depth + 1);
    }
    return err ? err : dec_out(d, cw_buf_putc(d->json, '}'));
  case AVRO_ARRAY:
    return dec_blocks(d, s, 0, depth);
  case AVRO_MAP:
    return dec_blocks(d, s, 1, depth);
  default:
    return dec_fail(d, "unsupported schema type");
  }
}

/* Appends the bare datum @p datum of @p s to @p json as one JSON object. */
cw_err_t avro_render_json(const codec_schema_t *s, const void *datum, size_t len,
                           cw_buf_t *json, char *errstr, size_t errstr_size) {
  size_t mark = json->len;
  dec_t d = {datum, (const unsigned char *)datum + len, json, errstr, errstr_size};
  cw_err_t err = dec_value(&d, s->schema, 0);
  if (!err && d.p != d.end) {
    snprintf(errstr, errstr_size, "avro decode: %zu bytes after the record",
             (size_t)(d.end - d.p));
    err = CW_ERR_FORMAT;
  }
  if (err) {
    /* Leave no half-written object behind in the caller's buffer. */
    json->len = mark;
    if (json->p)
      json->p[mark] = '\0';
  }
  return err;
}

cw_err_t cw_avro_decode_to_json(cw_avro_codec_t *c, const void *data, size_t len,
                                cw_buf_t *json, char *errstr, size_t errstr_size) {
  const unsigned char *p = data;
  const codec_schema_t *s = NULL;
  size_t hlen = 0;
  if (len >= CW_AVRO_SOE_HEADER_LEN && p[0] == 0xC3 && p[1] == 0x01) {
    uint64_t fp = 0;
    for (int i = 0; i < 8; i++)
      fp |= (uint64_t)p[2 + i] << (8 * i);
    for (int i = 0; i < SCH__COUNT; i++)
      if (c->sch[i].fingerprint == fp)
        s = &c->sch[i];
    if (!s) {
      snprintf(errstr, errstr_size, "avro decode: unknown schema fingerprint %016" PRIx64, fp);
      return CW_ERR_FORMAT;
    }
    hlen = CW_AVRO_SOE_HEADER_LEN;
  } else if (len >= CW_AVRO_CONFLUENT_HEADER_LEN && p[0] == 0) {
    int32_t id = (int32_t)(((uint32_t)p[1] << 24) | ((uint32_t)p[2] << 16) |
                           ((uint32_t)p[3] << 8) | p[4]);
    for (int i = 0; i < SCH__COUNT; i++)
      if (c->sch[i].registry_id >= 0 && c->sch[i].registry_id == id)
        s = &c->sch[i];
    if (!s) {
      snprintf(errstr, errstr_size, "avro decode: schema registry id %" PRId32
               " is not one of this codec's schemas", id);
      return CW_ERR_FORMAT;
    }
    hlen = CW_AVRO_CONFLUENT_HEADER_LEN;
  } else {
    snprintf(errstr, errstr_size, "avro decode: no single-object header (C3 01) in %zu bytes",
             len);
    return CW_ERR_FORMAT;
  }
  return avro_render_json(s, p + hlen, len - hlen, json, errstr, errstr_size);
}
