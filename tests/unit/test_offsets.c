/* test_offsets.c - committable offsets advance only over contiguous finished messages. */
#include "offsets.h"
#include "testhelp.h"

typedef struct {
  int calls;
  int64_t last[4];
  int done;
  int64_t ts_sum;
} seen_t;

static void done(void *opaque, int64_t ts) {
  seen_t *s = opaque;
  s->done++;
  s->ts_sum += ts;
}

static void cb(void *opaque, const char *topic, int32_t partition, int64_t next) {
  seen_t *s = opaque;
  (void)topic;
  s->calls++;
  s->last[partition] = next;
}

int main(void) {
  cw_offsets_t *o = cw_offsets_create();
  seen_t s = {0, {-1, -1, -1, -1}, 0, 0};

  /* Three messages on partition 0, each with two outputs. */
  cw_inflight_t *m[3];
  for (int i = 0; i < 3; i++) {
    m[i] = cw_offsets_begin(o, "articles", 0, 10 + i, 1000 + i);
    cw_offsets_add_pending(m[i]);
    cw_offsets_add_pending(m[i]);
    cw_offsets_seal(o, m[i]);
  }
  CHECK_INT(cw_offsets_in_flight(o), 3);
  /* Finishing the second message first commits nothing. */
  cw_offsets_ack(o, m[1], 1);
  cw_offsets_ack(o, m[1], 1);
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 0);
  /* One output of the first is not enough either. */
  cw_offsets_ack(o, m[0], 1);
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 0);
  cw_offsets_ack(o, m[0], 1);
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 1);
  CHECK_INT(s.last[0], 12); /* messages 10 and 11 done: next is 12 */
  CHECK_INT(s.done, 2);
  CHECK_INT(s.ts_sum, 1000 + 1001);
  CHECK_INT(cw_offsets_in_flight(o), 1);

  /* A message whose output failed blocks its partition for good. */
  cw_offsets_ack(o, m[2], 0);
  cw_offsets_ack(o, m[2], 1);
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 0);
  CHECK_INT(cw_offsets_failures(o), 1);
  CHECK_INT(s.last[0], 12);

  /* An unsealed message is not finished even with no outputs pending. */
  cw_inflight_t *u = cw_offsets_begin(o, "articles", 1, 5, -1);
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 0);
  cw_offsets_seal(o, u);
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 1);
  CHECK_INT(s.last[1], 6);

  /* Revoking a partition with a pending message orphans it; the late ack frees it. */
  cw_inflight_t *p = cw_offsets_begin(o, "articles", 2, 100, -1);
  cw_offsets_add_pending(p);
  cw_offsets_seal(o, p);
  size_t before = cw_offsets_in_flight(o);
  cw_offsets_drop_partition(o, "articles", 2);
  CHECK_INT(cw_offsets_in_flight(o), before - 1);
  cw_offsets_ack(o, p, 1); /* must not crash or leak (ASan checks) */
  CHECK_INT(cw_offsets_collect(o, cb, done, &s), 0);

  cw_offsets_destroy(&o);
  CHECK(o == NULL);
  return TEST_REPORT();
}
