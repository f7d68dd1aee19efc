/* deadletter.c - dead-letter headers (see deadletter.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "deadletter.h"

const char *cw_dlq_code(cw_err_t err) {
  switch (err) {
  case CW_ERR_UTF8: return "invalid_utf8";
  case CW_ERR_TOO_LARGE: return "too_large";
  case CW_ERR_INVALID: return "invalid_input";
  case CW_ERR_AVRO: return "encoding_failed";
  case CW_ERR_BUDGET: return "extraction_budget";
  case CW_ERR_LANGUAGE: return "unsupported_language";
  default: return "processing_failed";
  }
}

rd_kafka_headers_t *cw_dlq_headers(const rd_kafka_message_t *rkm, cw_err_t err,
                                   const char *reason) {
  rd_kafka_headers_t *orig = NULL, *h;
  char num[32];
  if (rd_kafka_message_headers(rkm, &orig) == RD_KAFKA_RESP_ERR_NO_ERROR && orig)
    h = rd_kafka_headers_copy(orig);
  else
    h = rd_kafka_headers_new(6);
  rd_kafka_header_add(h, CW_DLQ_HDR_REASON, -1, reason, -1);
  rd_kafka_header_add(h, CW_DLQ_HDR_CODE, -1, cw_dlq_code(err), -1);
  rd_kafka_header_add(h, CW_DLQ_HDR_TOPIC, -1, rd_kafka_topic_name(rkm->rkt), -1);
  snprintf(num, sizeof(num), "%" PRId32, rkm->partition);
  rd_kafka_header_add(h, CW_DLQ_HDR_PARTITION, -1, num, -1);
  snprintf(num, sizeof(num), "%" PRId64, rkm->offset);
  rd_kafka_header_add(h, CW_DLQ_HDR_OFFSET, -1, num, -1);
  rd_kafka_timestamp_type_t tstype;
  int64_t ts = rd_kafka_message_timestamp(rkm, &tstype);
  if (ts >= 0) {
    snprintf(num, sizeof(num), "%" PRId64, ts);
    rd_kafka_header_add(h, CW_DLQ_HDR_TIMESTAMP, -1, num, -1);
  }
  return h;
}
