/* cw_err.h - the project's one error enum. Append-only: never renumber or remove a code. */
#ifndef CW_ERR_H
#define CW_ERR_H

typedef enum {
  CW_OK = 0,
  CW_ERR_NOMEM,       /* allocation failed */
  CW_ERR_INVALID,     /* invalid argument or malformed input */
  CW_ERR_UTF8,        /* input is not valid UTF-8 */
  CW_ERR_TOO_LARGE,   /* input exceeds a limit of cw_limits.h */
  CW_ERR_IO,          /* file or socket I/O failed */
  CW_ERR_FORMAT,      /* a file (model, schema) has the wrong format */
  CW_ERR_CONFIG,      /* configuration error */
  CW_ERR_KAFKA,       /* librdkafka reported an error */
  CW_ERR_AVRO,        /* avro-c reported an error */
  CW_ERR_NOT_FOUND,   /* a looked-up item does not exist */
  CW_ERR_TIMEOUT,     /* an operation did not finish in time */
  CW_ERR_FATAL,       /* unrecoverable; the process must stop */
  CW_ERR_BUDGET,      /* an article used up its extraction time budget */
  CW_ERR_LANGUAGE,    /* an article is in a language the models do not read */
} cw_err_t;

/** @returns a static, human-readable name of @p err. */
const char *cw_err2str(cw_err_t err);

#if defined(__GNUC__)
#define CW_WUR __attribute__((warn_unused_result))
#define CW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CW_WUR
#define CW_PRINTF(f, a)
#endif

#endif
