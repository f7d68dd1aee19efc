/* offsets.h - which input offsets are safe to commit. Each input message is "in flight" until
 * every record it produced (outputs and dead letters) is acknowledged; a partition's committable
 * offset only advances over a contiguous run of finished messages, so nothing is committed
 * before its output is safe (at-least-once). Knows nothing about Kafka client handles.
 * @locality single thread (the pipeline thread that also serves delivery reports). */
#ifndef CW_OFFSETS_H
#define CW_OFFSETS_H
#include <stddef.h>
#include <stdint.h>

typedef struct cw_offsets_s cw_offsets_t;
typedef struct cw_inflight_s cw_inflight_t;

cw_offsets_t *cw_offsets_create(void);
void cw_offsets_destroy(cw_offsets_t **o);

/** @brief Registers input message (topic, partition, offset) with its timestamp (-1 if none),
 * offsets in increasing order per partition. It holds one "producing" reference until cw_offsets_seal(). */
cw_inflight_t *cw_offsets_begin(cw_offsets_t *o, const char *topic, int32_t partition,
                                int64_t offset, int64_t timestamp_ms);
/** @brief One more output record of @p m awaits acknowledgement. */
void cw_offsets_add_pending(cw_inflight_t *m);
/** @brief All outputs of @p m have been handed to the producer. */
void cw_offsets_seal(cw_offsets_t *o, cw_inflight_t *m);
/** @brief One output of @p m was acknowledged (@p ok) or failed for good (!@p ok). A failed
 * message blocks its partition: its offset is never committed. */
void cw_offsets_ack(cw_offsets_t *o, cw_inflight_t *m, int ok);

typedef void (*cw_offsets_cb_t)(void *opaque, const char *topic, int32_t partition,
                                int64_t next_offset);
/** Called once per finished message with the timestamp given to cw_offsets_begin(). */
typedef void (*cw_offsets_done_cb_t)(void *opaque, int64_t timestamp_ms);
/** @brief Calls @p cb for each partition whose committable offset advanced since the last call,
 * with the next offset to consume (last finished + 1), and @p done_cb (may be NULL) for each
 * finished message. @returns the number of calls. */
size_t cw_offsets_collect(cw_offsets_t *o, cw_offsets_cb_t cb, cw_offsets_done_cb_t done_cb,
                          void *opaque);

/** @brief Forgets a revoked partition. Messages still awaiting acknowledgements are orphaned
 * and freed when their last acknowledgement arrives. */
void cw_offsets_drop_partition(cw_offsets_t *o, const char *topic, int32_t partition);

/** @returns input messages in flight (begun, not yet collected). */
size_t cw_offsets_in_flight(const cw_offsets_t *o);
/** @returns messages whose output failed for good since creation. */
uint64_t cw_offsets_failures(const cw_offsets_t *o);

#endif
