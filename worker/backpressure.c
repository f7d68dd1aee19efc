/* backpressure.c - per-partition and total caps with hysteresis (see backpressure.h). */
#include <stdlib.h>
#include <string.h>
#include "backpressure.h"
#include "cw_alloc.h"

typedef struct {
  char *topic;
  int32_t partition;
  cw_bp_load_t load;
  int over;      /* over its own cap (hysteresis state) */
  int applied;   /* the state last asked of librdkafka: 1 = paused */
  int assigned;
  int fresh;     /* assigned since the last plan */
  int consumed;  /* a message added since the latest assignment */
} part_t;

struct cw_bp_s {
  cw_bp_load_t total_cap, part_cap;
  cw_bp_load_t held;  /* sum over the partitions */
  part_t *parts;
  size_t n_parts;
  int total_paused;
  size_t paused_parts;
  uint64_t partition_pauses, total_pauses;
};

int cw_bp_next_paused(int paused, cw_bp_load_t load, cw_bp_load_t cap) {
  if (load.msgs >= cap.msgs || load.bytes >= cap.bytes)
    return 1;
  if (load.msgs <= cap.msgs / 2 && load.bytes <= cap.bytes / 2)
    return 0;
  return paused;
}

int64_t cw_bp_partition_cap(int64_t cap, int64_t total) {
  if (cap > 0)
    return cap;
  return total / 2 > 0 ? total / 2 : 1;
}

cw_bp_t *cw_bp_create(cw_bp_load_t total, cw_bp_load_t part) {
  cw_bp_t *bp = cw_calloc(1, sizeof(*bp));
  bp->total_cap = total;
  bp->part_cap = part;
  return bp;
}

void cw_bp_destroy(cw_bp_t **pbp) {
  if (!pbp || !*pbp)
    return;
  cw_bp_t *bp = *pbp;
  for (size_t i = 0; i < bp->n_parts; i++)
    free(bp->parts[i].topic);
  free(bp->parts);
  free(bp);
  *pbp = NULL;
}

static part_t *find(const cw_bp_t *bp, const char *topic, int32_t partition) {
  for (size_t i = 0; i < bp->n_parts; i++)
    if (bp->parts[i].partition == partition && !strcmp(bp->parts[i].topic, topic))
      return &bp->parts[i];
  return NULL;
}

static part_t *get(cw_bp_t *bp, const char *topic, int32_t partition) {
  part_t *p = find(bp, topic, partition);
  if (p)
    return p;
  bp->parts = cw_realloc(bp->parts, (bp->n_parts + 1) * sizeof(*bp->parts));
  p = &bp->parts[bp->n_parts++];
  memset(p, 0, sizeof(*p));
  p->topic = cw_strdup(topic);
  p->partition = partition;
  return p;
}

void cw_bp_add(cw_bp_t *bp, const char *topic, int32_t partition, int64_t bytes) {
  part_t *p = get(bp, topic, partition);
  p->load.msgs++;
  p->load.bytes += bytes;
  p->consumed = 1;
  bp->held.msgs++;
  bp->held.bytes += bytes;
}

void cw_bp_remove(cw_bp_t *bp, const char *topic, int32_t partition, int64_t bytes) {
  part_t *p = find(bp, topic, partition);
  if (!p)
    return;
  p->load.msgs--;
  p->load.bytes -= bytes;
  bp->held.msgs--;
  bp->held.bytes -= bytes;
}

void cw_bp_assign(cw_bp_t *bp, const char *topic, int32_t partition) {
  part_t *p = get(bp, topic, partition);
  p->assigned = 1;
  p->fresh = 1;
  p->consumed = 0;
}

void cw_bp_revoke(cw_bp_t *bp, const char *topic, int32_t partition) {
  part_t *p = find(bp, topic, partition);
  if (p)
    p->assigned = 0; /* .applied stays: librdkafka keeps the pause flag */
}

size_t cw_bp_plan(cw_bp_t *bp, int64_t total_msgs, int stop_all, cw_bp_apply_cb_t cb,
                  void *opaque) {
  cw_bp_load_t total = {total_msgs, bp->held.bytes};
  int was = bp->total_paused;
  bp->total_paused = cw_bp_next_paused(was, total, bp->total_cap);
  bp->total_pauses += !was && bp->total_paused;
  size_t calls = 0, paused = 0;
  for (size_t i = 0; i < bp->n_parts; i++) {
    part_t *p = &bp->parts[i];
    int was_over = p->over;
    p->over = cw_bp_next_paused(p->over, p->load, bp->part_cap);
    bp->partition_pauses += !was_over && p->over;
    if (!p->assigned)
      continue;
    int want = stop_all || bp->total_paused || p->over;
    if (want != p->applied || (p->fresh && want)) {
      cw_bp_change_t c = {p->topic, p->partition, want, p->load, p->consumed};
      cb(opaque, &c);
      p->applied = want;
      calls++;
    }
    p->fresh = 0;
    paused += (size_t)want;
  }
  bp->paused_parts = paused;
  return calls;
}

int cw_bp_total_paused(const cw_bp_t *bp) { return bp->total_paused; }
size_t cw_bp_paused_partitions(const cw_bp_t *bp) { return bp->paused_parts; }
uint64_t cw_bp_partition_pauses(const cw_bp_t *bp) { return bp->partition_pauses; }
uint64_t cw_bp_total_pauses(const cw_bp_t *bp) { return bp->total_pauses; }

cw_bp_load_t cw_bp_partition_load(const cw_bp_t *bp, const char *topic, int32_t partition) {
  const part_t *p = find(bp, topic, partition);
  cw_bp_load_t zero = {0, 0};
  return p ? p->load : zero;
}

cw_bp_load_t cw_bp_held(const cw_bp_t *bp) { return bp->held; }
