/* avro_tree.c - a datum as a flat tree of typed nodes, written by avro-c through a read-only
 * value interface (avro_tree.h). */
#include "avro_tree.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"

#define NONE UINT32_MAX

typedef struct {
  avro_type_t type;
  uint32_t first; /* record: first slot of its fields in kids; array: first element; union:
                     its branch */
  uint32_t n;     /* record: fields; array: elements */
  uint32_t next;  /* the next element of the array this node is in */
  uint32_t last;  /* array: last element */
  uint32_t at_i, at_node; /* array: the element get_by_index() gave last, for the next one */
  size_t len;     /* string: bytes without the NUL */
  union {
    int64_t l;
    double d;
    const char *s;
  } v;
} node_t;

struct cw_avro_tree_s {
  avro_value_iface_t iface; /* first: a node's interface leads back to its tree */
  node_t *node;
  size_t n, cap;
  uint32_t *kid; /* the records' field slots */
  size_t nkid, kidcap;
  const char *bad; /* the first building mistake, reported by the write */
};

static cw_avro_tree_t *tree_of(const avro_value_iface_t *iface) {
  return (cw_avro_tree_t *)((char *)iface - offsetof(cw_avro_tree_t, iface));
}

static const node_t *self_node(const void *self) { return self; }

static void child_value(const avro_value_iface_t *iface, uint32_t k, avro_value_t *out) {
  out->iface = (avro_value_iface_t *)iface;
  out->self = &tree_of(iface)->node[k];
}

/* ==== The value interface: what avro_value_write() reads ==== */

static avro_type_t v_get_type(const avro_value_iface_t *iface, const void *self) {
  (void)iface;
  return self_node(self)->type;
}

static int v_get_boolean(const avro_value_iface_t *iface, const void *self, int *out) {
  (void)iface;
  *out = self_node(self)->v.l != 0;
  return 0;
}

static int v_get_double(const avro_value_iface_t *iface, const void *self, double *out) {
  (void)iface;
  *out = self_node(self)->v.d;
  return 0;
}

static int v_get_int(const avro_value_iface_t *iface, const void *self, int32_t *out) {
  (void)iface;
  *out = (int32_t)self_node(self)->v.l;
  return 0;
}

static int v_get_long(const avro_value_iface_t *iface, const void *self, int64_t *out) {
  (void)iface;
  *out = self_node(self)->v.l;
  return 0;
}

static int v_get_null(const avro_value_iface_t *iface, const void *self) {
  (void)iface;
  (void)self;
  return 0;
}

/* avro-c's string size counts the NUL */
static int v_get_string(const avro_value_iface_t *iface, const void *self, const char **str,
                        size_t *size) {
  (void)iface;
  *str = self_node(self)->v.s;
  *size = self_node(self)->len + 1;
  return 0;
}

static int v_get_enum(const avro_value_iface_t *iface, const void *self, int *out) {
  (void)iface;
  *out = (int)self_node(self)->v.l;
  return 0;
}

static int v_get_size(const avro_value_iface_t *iface, const void *self, size_t *size) {
  (void)iface;
  *size = self_node(self)->n;
  return 0;
}

static int v_get_by_index(const avro_value_iface_t *iface, const void *self, size_t index,
                          avro_value_t *child, const char **name) {
  cw_avro_tree_t *t = tree_of(iface);
  node_t *x = (node_t *)self; /* an array remembers where the last lookup ended */
  uint32_t k;
  if (name)
    *name = NULL;
  if (index >= x->n)
    return EINVAL;
  if (x->type == AVRO_RECORD) {
    k = t->kid[x->first + index];
  } else {
    uint32_t i = 0;
    k = x->first;
    if (x->at_node != NONE && x->at_i <= index) {
      i = x->at_i;
      k = x->at_node;
    }
    for (; i < index; i++)
      k = t->node[k].next;
    x->at_i = (uint32_t)index;
    x->at_node = k;
  }
  child_value(iface, k, child);
  return 0;
}

static int v_get_discriminant(const avro_value_iface_t *iface, const void *self, int *out) {
  (void)iface;
  *out = (int)self_node(self)->v.l;
  return 0;
}

static int v_get_current_branch(const avro_value_iface_t *iface, const void *self,
                                avro_value_t *branch) {
  child_value(iface, self_node(self)->first, branch);
  return 0;
}

static const avro_value_iface_t TREE_IFACE = {
    .get_type = v_get_type,
    .get_boolean = v_get_boolean,
    .get_double = v_get_double,
    .get_int = v_get_int,
    .get_long = v_get_long,
    .get_null = v_get_null,
    .get_string = v_get_string,
    .get_enum = v_get_enum,
    .get_size = v_get_size,
    .get_by_index = v_get_by_index,
    .get_discriminant = v_get_discriminant,
    .get_current_branch = v_get_current_branch,
};

/* ==== Building ==== */

cw_avro_tree_t *cw_avro_tree_create(void) {
  cw_avro_tree_t *t = cw_calloc(1, sizeof *t);
  t->iface = TREE_IFACE;
  return t;
}

void cw_avro_tree_destroy(cw_avro_tree_t **tp) {
  if (!tp || !*tp)
    return;
  free((*tp)->node);
  free((*tp)->kid);
  free(*tp);
  *tp = NULL;
}

void cw_avro_tree_reset(cw_avro_tree_t *t) {
  t->n = t->nkid = 0;
  t->bad = NULL;
}

/* A new node of @p type placed under @p parent at @p ix. */
static uint32_t add(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, avro_type_t type) {
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 256;
    t->node = cw_realloc(t->node, t->cap * sizeof *t->node);
  }
  uint32_t k = (uint32_t)t->n++;
  t->node[k] = (node_t){.type = type, .first = NONE, .next = NONE, .last = NONE,
                        .at_node = NONE};
  if (parent == CW_AVT_ROOT) {
    if (k != 0 && !t->bad)
      t->bad = "a second root";
    return k;
  }
  node_t *p = &t->node[parent];
  if (p->type == AVRO_RECORD) {
    if (ix < 0 || (uint32_t)ix >= p->n || t->kid[p->first + (uint32_t)ix] != NONE) {
      if (!t->bad)
        t->bad = "a record field placed twice or outside the record";
    } else {
      t->kid[p->first + (uint32_t)ix] = k;
    }
  } else if (p->type == AVRO_ARRAY) {
    if (p->last == NONE)
      p->first = k;
    else
      t->node[p->last].next = k;
    p->last = k;
    p->n++;
  } else if (p->type == AVRO_UNION && p->first == NONE) {
    p->first = k;
  } else if (!t->bad) {
    t->bad = "a value placed under a value that holds none, or a second union branch";
  }
  return k;
}

cw_avt_node_t cw_avt_record(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int nfields) {
  uint32_t k = add(t, parent, ix, AVRO_RECORD);
  size_t nf = nfields > 0 ? (size_t)nfields : 0;
  if (t->nkid + nf > t->kidcap) {
    while (t->nkid + nf > t->kidcap)
      t->kidcap = t->kidcap ? 2 * t->kidcap : 256;
    t->kid = cw_realloc(t->kid, t->kidcap * sizeof *t->kid);
  }
  t->node[k].first = (uint32_t)t->nkid;
  t->node[k].n = (uint32_t)nf;
  for (size_t i = 0; i < nf; i++)
    t->kid[t->nkid++] = NONE;
  return k;
}

cw_avt_node_t cw_avt_array(cw_avro_tree_t *t, cw_avt_node_t parent, int ix) {
  return add(t, parent, ix, AVRO_ARRAY);
}

cw_avt_node_t cw_avt_union(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int discriminant) {
  uint32_t k = add(t, parent, ix, AVRO_UNION);
  t->node[k].v.l = discriminant;
  return k;
}

void cw_avt_string(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, const char *s, size_t len) {
  uint32_t k = add(t, parent, ix, AVRO_STRING);
  t->node[k].v.s = s;
  t->node[k].len = len;
}

void cw_avt_int(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int32_t v) {
  uint32_t k = add(t, parent, ix, AVRO_INT32); /* add() may move the nodes */
  t->node[k].v.l = v;
}

void cw_avt_long(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int64_t v) {
  uint32_t k = add(t, parent, ix, AVRO_INT64); /* add() may move the nodes */
  t->node[k].v.l = v;
}

void cw_avt_double(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, double v) {
  uint32_t k = add(t, parent, ix, AVRO_DOUBLE); /* add() may move the nodes */
  t->node[k].v.d = v;
}

void cw_avt_boolean(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int v) {
  uint32_t k = add(t, parent, ix, AVRO_BOOLEAN); /* add() may move the nodes */
  t->node[k].v.l = v != 0;
}

void cw_avt_enum(cw_avro_tree_t *t, cw_avt_node_t parent, int ix, int v) {
  uint32_t k = add(t, parent, ix, AVRO_ENUM); /* add() may move the nodes */
  t->node[k].v.l = v;
}

void cw_avt_null(cw_avro_tree_t *t, cw_avt_node_t parent, int ix) {
  add(t, parent, ix, AVRO_NULL);
}

/* ==== Writing ==== */

/* The first building mistake, or a record field never placed, or a union without its branch. */
static const char *whole(const cw_avro_tree_t *t) {
  if (t->bad)
    return t->bad;
  if (t->n == 0)
    return "no datum";
  for (size_t i = 0; i < t->nkid; i++)
    if (t->kid[i] == NONE)
      return "a record field not placed";
  for (size_t k = 0; k < t->n; k++)
    if (t->node[k].type == AVRO_UNION && t->node[k].first == NONE)
      return "a union without its branch";
  return NULL;
}

cw_err_t cw_avro_tree_write(cw_avro_tree_t *t, avro_writer_t w, char *errstr,
                            size_t errstr_size) {
  const char *why = whole(t);
  if (why) {
    snprintf(errstr, errstr_size, "avro tree: %s", why);
    return CW_ERR_INVALID;
  }
  for (size_t k = 0; k < t->n; k++)
    t->node[k].at_node = NONE;
  avro_value_t root;
  child_value(&t->iface, 0, &root);
  int rc = avro_value_write(w, &root);
  if (rc == ENOSPC)
    return CW_ERR_TOO_LARGE;
  if (rc != 0) {
    snprintf(errstr, errstr_size, "avro write: %s", avro_strerror());
    return CW_ERR_AVRO;
  }
  return CW_OK;
}
