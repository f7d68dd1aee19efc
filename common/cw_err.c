/* cw_err.c - names of the error codes of cw_err.h. */
#include "cw_err.h"

const char *cw_err2str(cw_err_t err) {
  switch (err) {
  case CW_OK: return "ok";
  case CW_ERR_NOMEM: return "out of memory";
  case CW_ERR_INVALID: return "invalid input";
  case CW_ERR_UTF8: return "invalid UTF-8";
  case CW_ERR_TOO_LARGE: return "too large";
  case CW_ERR_IO: return "I/O error";
  case CW_ERR_FORMAT: return "bad file format";
  case CW_ERR_CONFIG: return "configuration error";
  case CW_ERR_KAFKA: return "Kafka error";
  case CW_ERR_AVRO: return "Avro error";
  case CW_ERR_NOT_FOUND: return "not found";
  case CW_ERR_TIMEOUT: return "timed out";
  case CW_ERR_BUDGET: return "extraction budget exceeded";
  case CW_ERR_FATAL: return "fatal error";
  case CW_ERR_LANGUAGE: return "unsupported language";
  }
  return "unknown error";
}
