/* cw_buf.c - bounded growable byte buffer (see cw_buf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_buf.h"

void cw_buf_init(cw_buf_t *b, size_t max) {
  b->p = NULL;
  b->len = b->cap = 0;
  b->max = max;
}

void cw_buf_free(cw_buf_t *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

void cw_buf_reset(cw_buf_t *b) {
  b->len = 0;
  if (b->p)
    b->p[0] = '\0';
}

static cw_err_t reserve(cw_buf_t *b, size_t extra) {
  if (extra > b->max || b->len > b->max - extra)
    return CW_ERR_TOO_LARGE;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return CW_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  b->p = cw_realloc(b->p, cap);
  b->cap = cap;
  return CW_OK;
}

cw_err_t cw_buf_reserve(cw_buf_t *b, size_t extra) { return reserve(b, extra); }

cw_err_t cw_buf_append(cw_buf_t *b, const void *data, size_t n) {
  cw_err_t err = reserve(b, n);
  if (err)
    return err;
  if (n)
    memcpy(b->p + b->len, data, n);
  b->len += n;
  b->p[b->len] = '\0';
  return CW_OK;
}

cw_err_t cw_buf_puts(cw_buf_t *b, const char *s) { return cw_buf_append(b, s, strlen(s)); }

cw_err_t cw_buf_putc(cw_buf_t *b, char c) { return cw_buf_append(b, &c, 1); }

cw_err_t cw_buf_vprintf(cw_buf_t *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return CW_ERR_INVALID;
  cw_err_t err = reserve(b, (size_t)n);
  if (err)
    return err;
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return CW_OK;
}

cw_err_t cw_buf_printf(cw_buf_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cw_err_t err = cw_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return err;
}

cw_err_t cw_buf_json_str(cw_buf_t *b, const char *s, size_t n) {
  cw_err_t err = cw_buf_putc(b, '"');
  for (size_t i = 0; !err && i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': err = cw_buf_append(b, "\\\"", 2); break;
    case '\\': err = cw_buf_append(b, "\\\\", 2); break;
    case '\n': err = cw_buf_append(b, "\\n", 2); break;
    case '\r': err = cw_buf_append(b, "\\r", 2); break;
    case '\t': err = cw_buf_append(b, "\\t", 2); break;
    default:
      if (c < 0x20)
        err = cw_buf_printf(b, "\\u%04x", c);
      else
        err = cw_buf_putc(b, (char)c);
    }
  }
  if (!err)
    err = cw_buf_putc(b, '"');
  return err;
}
