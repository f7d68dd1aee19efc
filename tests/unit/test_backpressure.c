/* test_backpressure.c - the pause/resume decisions: hysteresis of one scope, per-partition caps
 * pausing one partition alone, total caps pausing all, stop, and rebalances. */
#include <string.h>
#include "backpressure.h"
#include "testhelp.h"

/* What one plan asked for, per partition of topic "t" (0..7): 1 pause, 0 resume, -1 nothing;
 * and whether the partition had consumed since its assignment. */
typedef struct {
  int action[8];
  int consumed[8];
  int other_topic;
} seen_t;

static void record(void *opaque, const cw_bp_change_t *c) {
  seen_t *s = opaque;
  if (strcmp(c->topic, "t") || c->partition < 0 || c->partition > 7) {
    s->other_topic++;
  } else {
    s->action[c->partition] = c->pause;
    s->consumed[c->partition] = c->consumed;
  }
}

static seen_t plan(cw_bp_t *bp, int64_t total_msgs, int stop) {
  seen_t s;
  memset(s.action, -1, sizeof(s.action));
  memset(s.consumed, -1, sizeof(s.consumed));
  s.other_topic = 0;
  cw_bp_plan(bp, total_msgs, stop, record, &s);
  return s;
}

static void add_n(cw_bp_t *bp, int32_t partition, int n, int64_t bytes) {
  for (int i = 0; i < n; i++)
    cw_bp_add(bp, "t", partition, bytes);
}

static void remove_n(cw_bp_t *bp, int32_t partition, int n, int64_t bytes) {
  for (int i = 0; i < n; i++)
    cw_bp_remove(bp, "t", partition, bytes);
}

static void test_hysteresis(void) {
  cw_bp_load_t cap = {10, 1000};
  CHECK_INT(cw_bp_next_paused(0, (cw_bp_load_t){9, 999}, cap), 0);
  CHECK_INT(cw_bp_next_paused(0, (cw_bp_load_t){10, 0}, cap), 1);   /* messages at the cap */
  CHECK_INT(cw_bp_next_paused(0, (cw_bp_load_t){1, 1000}, cap), 1); /* bytes at the cap */
  CHECK_INT(cw_bp_next_paused(1, (cw_bp_load_t){6, 0}, cap), 1);    /* not yet at half */
  CHECK_INT(cw_bp_next_paused(1, (cw_bp_load_t){5, 501}, cap), 1);  /* bytes above half */
  CHECK_INT(cw_bp_next_paused(1, (cw_bp_load_t){5, 500}, cap), 0);  /* both at half */
  CHECK_INT(cw_bp_next_paused(0, (cw_bp_load_t){7, 700}, cap), 0);  /* between: unchanged */
  CHECK_INT(cw_bp_next_paused(1, (cw_bp_load_t){7, 700}, cap), 1);
  /* A cap of 1 pauses after one message and resumes when it is gone. */
  cw_bp_load_t one = {1, 1 << 20};
  CHECK_INT(cw_bp_next_paused(0, (cw_bp_load_t){1, 10}, one), 1);
  CHECK_INT(cw_bp_next_paused(1, (cw_bp_load_t){0, 0}, one), 0);
  /* 0 = half of the total, at least 1. */
  CHECK_INT(cw_bp_partition_cap(0, 1000), 500);
  CHECK_INT(cw_bp_partition_cap(0, 1), 1);
  CHECK_INT(cw_bp_partition_cap(30, 1000), 30);
}

/* One partition over its cap is paused alone, resumed at half; the totals are untouched. */
static void test_partition_alone(void) {
  cw_bp_t *bp = cw_bp_create((cw_bp_load_t){100, 1 << 20}, (cw_bp_load_t){10, 4096});
  for (int32_t i = 0; i < 4; i++)
    cw_bp_assign(bp, "t", i);
  seen_t s = plan(bp, 0, 0);
  for (int i = 0; i < 4; i++)
    CHECK_INT(s.action[i], -1); /* nothing to state for a fresh, unpaused partition */
  add_n(bp, 2, 9, 10);
  add_n(bp, 1, 3, 10);
  s = plan(bp, 12, 0);
  CHECK_INT(s.action[2], -1);
  add_n(bp, 2, 1, 10);
  s = plan(bp, 13, 0);
  CHECK_INT(s.action[2], 1);
  CHECK_INT(s.action[0], -1);
  CHECK_INT(s.action[1], -1);
  CHECK_INT(s.action[3], -1);
  CHECK_INT(cw_bp_paused_partitions(bp), 1);
  CHECK_INT(cw_bp_partition_pauses(bp), 1);
  CHECK_INT(cw_bp_total_paused(bp), 0);
  /* Stays paused (no repeated call) until at half. */
  s = plan(bp, 13, 0);
  CHECK_INT(s.action[2], -1);
  remove_n(bp, 2, 4, 10); /* 6 left */
  s = plan(bp, 9, 0);
  CHECK_INT(s.action[2], -1);
  CHECK_INT(cw_bp_paused_partitions(bp), 1);
  remove_n(bp, 2, 1, 10); /* 5 = half */
  s = plan(bp, 8, 0);
  CHECK_INT(s.action[2], 0);
  CHECK_INT(s.consumed[2], 1);
  CHECK_INT(cw_bp_paused_partitions(bp), 0);
  /* The byte cap works the same way. */
  cw_bp_add(bp, "t", 3, 4096);
  s = plan(bp, 9, 0);
  CHECK_INT(s.action[3], 1);
  CHECK_INT(cw_bp_partition_load(bp, "t", 3).bytes, 4096);
  cw_bp_remove(bp, "t", 3, 4096);
  s = plan(bp, 8, 0);
  CHECK_INT(s.action[3], 0);
  CHECK_INT(cw_bp_partition_pauses(bp), 2);
  CHECK_INT(cw_bp_total_pauses(bp), 0);
  CHECK_INT(cw_bp_held(bp).msgs, 8);
  CHECK_INT(cw_bp_held(bp).bytes, 80);
  cw_bp_destroy(&bp);
  CHECK(bp == NULL);
}

/* The total caps pause every partition; at half they resume all but the one still over its
 * own cap. */
static void test_total(void) {
  cw_bp_t *bp = cw_bp_create((cw_bp_load_t){20, 1 << 20}, (cw_bp_load_t){8, 1 << 20});
  for (int32_t i = 0; i < 3; i++)
    cw_bp_assign(bp, "t", i);
  add_n(bp, 0, 8, 1); /* partition 0 at its cap */
  seen_t s = plan(bp, 8, 0);
  CHECK_INT(s.action[0], 1);
  /* The total counts messages until acknowledged: 20 in flight although only 8 are held. */
  s = plan(bp, 20, 0);
  CHECK_INT(s.action[0], -1); /* already paused */
  CHECK_INT(s.action[1], 1);
  CHECK_INT(s.action[2], 1);
  CHECK_INT(cw_bp_total_paused(bp), 1);
  CHECK_INT(cw_bp_paused_partitions(bp), 3);
  CHECK_INT(cw_bp_total_pauses(bp), 1);
  s = plan(bp, 11, 0);
  CHECK_INT(s.action[1], -1); /* above half of the total */
  s = plan(bp, 10, 0);
  CHECK_INT(s.action[0], -1); /* still over its own cap */
  CHECK_INT(s.action[1], 0);
  CHECK_INT(s.action[2], 0);
  CHECK_INT(cw_bp_paused_partitions(bp), 1);
  /* The total bytes are the held bytes. */
  cw_bp_add(bp, "t", 1, 1 << 20);
  s = plan(bp, 11, 0);
  CHECK_INT(s.action[1], 1);
  CHECK_INT(s.action[2], 1);
  CHECK_INT(cw_bp_total_paused(bp), 1);
  cw_bp_remove(bp, "t", 1, 1 << 20);
  remove_n(bp, 0, 8, 1);
  s = plan(bp, 0, 0);
  CHECK_INT(s.action[0], 0);
  CHECK_INT(s.action[1], 0);
  CHECK_INT(s.action[2], 0);
  /* Stopping pauses everything whatever the load, and a new partition too. */
  s = plan(bp, 0, 1);
  CHECK_INT(s.action[0], 1);
  CHECK_INT(s.action[1], 1);
  CHECK_INT(s.action[2], 1);
  cw_bp_assign(bp, "t", 5);
  s = plan(bp, 0, 1);
  CHECK_INT(s.action[5], 1);
  CHECK_INT(s.action[0], -1);
  CHECK_INT(s.other_topic, 0);
  cw_bp_destroy(&bp);
}

/* Rebalances: a revoked partition is left alone; re-assigned, it is paused again if it must
 * be (the fetcher may be new) and resumed if this worker had left it paused. */
static void test_rebalance(void) {
  cw_bp_t *bp = cw_bp_create((cw_bp_load_t){100, 1 << 20}, (cw_bp_load_t){4, 1 << 20});
  cw_bp_assign(bp, "t", 0);
  cw_bp_assign(bp, "t", 1);
  add_n(bp, 0, 4, 1);
  seen_t s = plan(bp, 4, 0);
  CHECK_INT(s.action[0], 1);
  /* Revoked while paused: its held messages still count, but no action is asked for it. */
  cw_bp_revoke(bp, "t", 0);
  remove_n(bp, 0, 4, 1);
  s = plan(bp, 0, 0);
  CHECK_INT(s.action[0], -1);
  CHECK_INT(cw_bp_paused_partitions(bp), 0);
  /* Assigned again: the pause librdkafka kept is lifted; nothing consumed since. */
  cw_bp_assign(bp, "t", 0);
  s = plan(bp, 0, 0);
  CHECK_INT(s.action[0], 0);
  CHECK_INT(s.consumed[0], 0);
  CHECK_INT(s.action[1], -1);
  /* Assigned while over its cap (old messages still held): stated paused explicitly even if
   * the worker believes it already is. */
  add_n(bp, 1, 4, 1);
  s = plan(bp, 4, 0);
  CHECK_INT(s.action[1], 1);
  cw_bp_revoke(bp, "t", 1);
  cw_bp_assign(bp, "t", 1);
  s = plan(bp, 4, 0);
  CHECK_INT(s.action[1], 1);
  CHECK_INT(cw_bp_paused_partitions(bp), 1);
  /* Unknown partitions: removing is ignored, the load reads zero. */
  cw_bp_remove(bp, "other", 9, 100);
  cw_bp_revoke(bp, "other", 9);
  CHECK_INT(cw_bp_partition_load(bp, "other", 9).msgs, 0);
  CHECK_INT(cw_bp_held(bp).msgs, 4);
  cw_bp_destroy(&bp);
}

int main(void) {
  test_hysteresis();
  test_partition_alone();
  test_total();
  test_rebalance();
  return TEST_REPORT();
}
