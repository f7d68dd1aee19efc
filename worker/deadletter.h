/* deadletter.h - the headers a dead-lettered message carries: why it was refused and where it
 * came from, on top of its original headers. The value and key stay the original bytes. */
#ifndef CW_DEADLETTER_H
#define CW_DEADLETTER_H
#include <librdkafka/rdkafka.h>
#include "cw_err.h"

#define CW_DLQ_HDR_REASON "claimwire.error"
#define CW_DLQ_HDR_CODE "claimwire.error.code"
#define CW_DLQ_HDR_TOPIC "claimwire.source.topic"
#define CW_DLQ_HDR_PARTITION "claimwire.source.partition"
#define CW_DLQ_HDR_OFFSET "claimwire.source.offset"
#define CW_DLQ_HDR_TIMESTAMP "claimwire.source.timestamp"
/* Present when the original value was too large for the producer to send whole: the dead
 * letter then carries its first CW_DLQ_TRUNCATED_BYTES bytes, and this header the full size. */
#define CW_DLQ_HDR_ORIGINAL_SIZE "claimwire.value.original_size"
#define CW_DLQ_TRUNCATED_BYTES (64u * 1024u)

/** @returns the machine-readable code written to CW_DLQ_HDR_CODE for @p err
 * ("invalid_input", "invalid_utf8", "too_large", ...). */
const char *cw_dlq_code(cw_err_t err);

/**
 * @brief Builds the headers of the dead letter for @p rkm: a copy of its own headers plus the
 * claimwire.* headers above.
 * @returns new headers owned by the caller (rd_kafka_producev takes them on success).
 */
rd_kafka_headers_t *cw_dlq_headers(const rd_kafka_message_t *rkm, cw_err_t err,
                                   const char *reason);

#endif
