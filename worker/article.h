/* article.h - parsing a raw Kafka message value into an article (PRODUCT.md "Input"):
 * a JSON object {"id","url","source","title","body","published_at","language"} with only
 * "body" required (member names configurable, input.h), or plain text (first line = title). */
#ifndef CW_ARTICLE_H
#define CW_ARTICLE_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"
#include "input.h"

/** Where a message came from; used for the id fallback and dead-letter headers. */
typedef struct {
  const char *topic;
  int32_t partition;
  int64_t offset;
  int64_t timestamp_ms;   /* message timestamp, -1 if none */
} cw_origin_t;

/** A parsed article. All strings are owned by the article, NUL-terminated UTF-8;
 * optional fields are NULL when absent. */
typedef struct {
  char *id;               /* always set: JSON id, else message key, else topic/partition/offset */
  char *url;
  char *source;
  char *title;
  char *body;             /* always set, non-empty */
  size_t body_len;        /* bytes */
  char *published_at;     /* RFC 3339: as given, or rewritten from another accepted form
                           * (pubtime.h); NULL when absent */
  int64_t published_at_ms; /* epoch ms of published_at, or INT64_MIN */
  char *language;         /* as given, else as detected (input.h), else NULL */
  int transcoded;         /* 1: bytes that were not UTF-8 were read as Windows-1252 */
  cw_origin_t origin;     /* topic pointer borrowed from the caller */
} cw_article_t;

/**
 * @brief Parses a message value.
 * @param key message key (may be NULL) used as the id fallback.
 * @param max_bytes values larger than this are refused with CW_ERR_TOO_LARGE.
 * @returns CW_OK and a new article in *@p out (free with cw_article_destroy), or an error with a
 *          one-line reason in @p errstr suitable for a dead-letter header.
 */
cw_err_t cw_article_parse(const void *value, size_t len, const void *key, size_t key_len,
                          const cw_origin_t *origin, size_t max_bytes, cw_article_t **out,
                          char *errstr, size_t errstr_size) CW_WUR;

/** cw_article_parse with the input settings @p in (field names, invalid UTF-8); NULL = the
 * defaults. */
cw_err_t cw_article_parse_with(const void *value, size_t len, const void *key, size_t key_len,
                               const cw_origin_t *origin, size_t max_bytes, const cw_input_t *in,
                               cw_article_t **out, char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief What the worker does with a message: cw_article_parse_with, then the language decision
 * of cw_input_language (the article's language, else a clear guess, is stored in it).
 * @param run_models set to 1 when the article is to go through the models, 0 when it is not
 *        English and gets an entities record without entities (input.unsupported_language =
 *        empty_record).
 * @returns CW_OK, a parse error, or CW_ERR_LANGUAGE when it is to be dead-lettered for its
 *          language (input.unsupported_language = dead_letter); on error *@p out is NULL and
 *          @p errstr holds the reason.
 */
cw_err_t cw_article_read(const void *value, size_t len, const void *key, size_t key_len,
                         const cw_origin_t *origin, size_t max_bytes, const cw_input_t *in,
                         cw_article_t **out, int *run_models, char *errstr,
                         size_t errstr_size) CW_WUR;

/** Frees the article and sets *@p a to NULL. Accepts NULL. */
void cw_article_destroy(cw_article_t **a);

#endif
