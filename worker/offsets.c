/* offsets.c - contiguous committable offsets per partition (see offsets.h). */
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "offsets.h"

struct cw_inflight_s {
  cw_inflight_t *next;
  int64_t offset;
  int64_t ts_ms;
  int pending;   /* outputs not yet acknowledged, plus 1 until sealed */
  int failed;
  int orphan;    /* its partition was revoked; free on last ack */
};

typedef struct {
  char *topic;
  int32_t partition;
  cw_inflight_t *head, *tail;
  int64_t next_offset;  /* committable position, -1 = none yet */
  int advanced;
} part_t;

struct cw_offsets_s {
  part_t *parts;
  size_t n_parts;
  size_t in_flight;
  uint64_t failures;
};

cw_offsets_t *cw_offsets_create(void) { return cw_calloc(1, sizeof(cw_offsets_t)); }

static void free_chain(cw_inflight_t *m) {
  while (m) {
    cw_inflight_t *n = m->next;
    if (m->pending > 0) {
      m->orphan = 1; /* an acknowledgement will still arrive for it */
      m->next = NULL;
    } else {
      free(m);
    }
    m = n;
  }
}

void cw_offsets_destroy(cw_offsets_t **po) {
  if (!po || !*po)
    return;
  cw_offsets_t *o = *po;
  for (size_t i = 0; i < o->n_parts; i++) {
    /* At destruction no acknowledgement can arrive any more: free everything. */
    cw_inflight_t *m = o->parts[i].head;
    while (m) {
      cw_inflight_t *n = m->next;
      free(m);
      m = n;
    }
    free(o->parts[i].topic);
  }
  free(o->parts);
  free(o);
  *po = NULL;
}

static part_t *find_part(cw_offsets_t *o, const char *topic, int32_t partition, int create) {
  for (size_t i = 0; i < o->n_parts; i++)
    if (o->parts[i].partition == partition && !strcmp(o->parts[i].topic, topic))
      return &o->parts[i];
  if (!create)
    return NULL;
  o->parts = cw_realloc(o->parts, (o->n_parts + 1) * sizeof(*o->parts));
  part_t *p = &o->parts[o->n_parts++];
  memset(p, 0, sizeof(*p));
  p->topic = cw_strdup(topic);
  p->partition = partition;
  p->next_offset = -1;
  return p;
}

cw_inflight_t *cw_offsets_begin(cw_offsets_t *o, const char *topic, int32_t partition,
                                int64_t offset, int64_t timestamp_ms) {
  part_t *p = find_part(o, topic, partition, 1);
  cw_inflight_t *m = cw_calloc(1, sizeof(*m));
  m->offset = offset;
  m->ts_ms = timestamp_ms;
  m->pending = 1;
  if (p->tail)
    p->tail->next = m;
  else
    p->head = m;
  p->tail = m;
  o->in_flight++;
  return m;
}

void cw_offsets_add_pending(cw_inflight_t *m) { m->pending++; }

void cw_offsets_ack(cw_offsets_t *o, cw_inflight_t *m, int ok) {
  if (!ok && !m->failed) {
    m->failed = 1;
    o->failures++;
  }
  m->pending--;
  if (m->pending == 0 && m->orphan)
    free(m);
}

void cw_offsets_seal(cw_offsets_t *o, cw_inflight_t *m) { cw_offsets_ack(o, m, 1); }

size_t cw_offsets_collect(cw_offsets_t *o, cw_offsets_cb_t cb, cw_offsets_done_cb_t done_cb,
                          void *opaque) {
  size_t calls = 0;
  for (size_t i = 0; i < o->n_parts; i++) {
    part_t *p = &o->parts[i];
    while (p->head && p->head->pending == 0 && !p->head->failed) {
      cw_inflight_t *m = p->head;
      p->next_offset = m->offset + 1;
      if (done_cb)
        done_cb(opaque, m->ts_ms);
      p->advanced = 1;
      p->head = m->next;
      if (!p->head)
        p->tail = NULL;
      free(m);
      o->in_flight--;
    }
    if (p->advanced) {
      p->advanced = 0;
      if (cb)
        cb(opaque, p->topic, p->partition, p->next_offset);
      calls++;
    }
  }
  return calls;
}

void cw_offsets_drop_partition(cw_offsets_t *o, const char *topic, int32_t partition) {
  part_t *p = find_part(o, topic, partition, 0);
  if (!p)
    return;
  for (cw_inflight_t *m = p->head; m; m = m->next)
    o->in_flight--;
  free_chain(p->head);
  free(p->topic);
  *p = o->parts[--o->n_parts];
}

size_t cw_offsets_in_flight(const cw_offsets_t *o) { return o->in_flight; }

uint64_t cw_offsets_failures(const cw_offsets_t *o) { return o->failures; }
