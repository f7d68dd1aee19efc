/* backpressure.h - when to pause and resume fetching. The worker holds every consumed message
 * until its records are handed to the producer; caps bound what it holds per input partition
 * and in total. A partition over its own cap is paused alone; past the total caps every
 * assigned partition is paused. Each scope resumes once it is back at half its caps
 * (hysteresis, so a partition does not flap at the cap).
 * Pure bookkeeping: no Kafka handles. The pipeline feeds the load, asks for a plan and applies
 * it with rd_kafka_pause_partitions / rd_kafka_resume_partitions.
 * @locality single thread (the pipeline thread). */
#ifndef CW_BACKPRESSURE_H
#define CW_BACKPRESSURE_H
#include <stddef.h>
#include <stdint.h>

/** Messages and input bytes of one scope (a partition, or the whole worker). */
typedef struct {
  int64_t msgs;
  int64_t bytes;
} cw_bp_load_t;

/** @returns the next paused state of a scope: paused once either count reaches its cap,
 * resumed only once both are at most half their cap; otherwise @p paused unchanged. */
int cw_bp_next_paused(int paused, cw_bp_load_t load, cw_bp_load_t cap);

/** @returns @p cap, or half of @p total (at least 1) when @p cap is 0 ("automatic"). */
int64_t cw_bp_partition_cap(int64_t cap, int64_t total);

typedef struct cw_bp_s cw_bp_t;

/** @param total caps of the whole worker; @param part caps of each partition. */
cw_bp_t *cw_bp_create(cw_bp_load_t total, cw_bp_load_t part);
void cw_bp_destroy(cw_bp_t **bp);

/** A message of @p bytes from (topic, partition) is now held / is no longer held. */
void cw_bp_add(cw_bp_t *bp, const char *topic, int32_t partition, int64_t bytes);
void cw_bp_remove(cw_bp_t *bp, const char *topic, int32_t partition, int64_t bytes);

/** The partition was assigned / revoked. Only assigned partitions are paused or resumed. After
 * an assignment the next plan states the partition's state explicitly if it must be paused, or
 * if this worker had left it paused when it was revoked (librdkafka keeps an application's
 * pause across a revoke and re-assignment). */
void cw_bp_assign(cw_bp_t *bp, const char *topic, int32_t partition);
void cw_bp_revoke(cw_bp_t *bp, const char *topic, int32_t partition);

/** One partition to pause or resume, as cw_bp_plan() reports it. */
typedef struct {
  const char *topic;
  int32_t partition;
  int pause;          /* 1 = pause, 0 = resume */
  cw_bp_load_t load;  /* what it holds */
  int consumed;       /* a message was consumed from it since its latest assignment */
} cw_bp_change_t;

/** Called by cw_bp_plan() for each assigned partition to pause or resume. */
typedef void (*cw_bp_apply_cb_t)(void *opaque, const cw_bp_change_t *change);

/**
 * @brief Updates every scope's state and reports the changes to apply. A partition is paused
 * while it is over its cap, while the worker is over its total caps, or while @p stop_all.
 * @param total_msgs the messages in flight as the total cap counts them (the pipeline counts a
 *        message until its records are acknowledged); the total bytes are the held bytes.
 * @returns the number of @p cb calls.
 */
size_t cw_bp_plan(cw_bp_t *bp, int64_t total_msgs, int stop_all, cw_bp_apply_cb_t cb,
                  void *opaque);

/** @returns non-zero while the total caps pause every partition (as of the last plan). */
int cw_bp_total_paused(const cw_bp_t *bp);
/** @returns assigned partitions currently paused, for any reason (as of the last plan). */
size_t cw_bp_paused_partitions(const cw_bp_t *bp);
/** @returns times a partition went over its own cap / the worker over its total caps. */
uint64_t cw_bp_partition_pauses(const cw_bp_t *bp);
uint64_t cw_bp_total_pauses(const cw_bp_t *bp);
/** @returns the held load of one partition (zero if unknown) and of the whole worker. */
cw_bp_load_t cw_bp_partition_load(const cw_bp_t *bp, const char *topic, int32_t partition);
cw_bp_load_t cw_bp_held(const cw_bp_t *bp);

#endif
