/* test_avro_tree.c - a datum built as an avro_tree and written by avro-c gives the same bytes
 * as the same datum in an avro-c generic value, reads back with avro-c's reader, and an
 * incomplete or misbuilt tree is refused with a reason. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include "avro_tree.h"
#include "testhelp.h"

static const char SCHEMA[] =
    "{\"type\":\"record\",\"name\":\"T\",\"fields\":["
    "{\"name\":\"i\",\"type\":\"int\"},"
    "{\"name\":\"l\",\"type\":\"long\"},"
    "{\"name\":\"s\",\"type\":\"string\"},"
    "{\"name\":\"b\",\"type\":\"boolean\"},"
    "{\"name\":\"d\",\"type\":\"double\"},"
    "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}},"
    "{\"name\":\"o\",\"type\":[\"null\",\"string\"]},"
    "{\"name\":\"n\",\"type\":[\"null\",\"long\"]},"
    "{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"P\","
    "\"fields\":[{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"t\",\"type\":\"string\"}]}}},"
    "{\"name\":\"r\",\"type\":[\"null\",\"P\"]}]}";

enum { F_I, F_L, F_S, F_B, F_D, F_E, F_O, F_N, F_A, F_R, F__COUNT };

static char TEXT[64][16];

/* The datum with @p nelem array elements, as a tree. */
static void build_tree(cw_avro_tree_t *t, size_t nelem) {
  cw_avro_tree_reset(t);
  cw_avt_node_t root = cw_avt_record(t, CW_AVT_ROOT, 0, F__COUNT);
  /* fields out of schema order: each goes to its position */
  cw_avt_string(t, root, F_S, "héllo", strlen("héllo"));
  cw_avt_int(t, root, F_I, -42);
  cw_avt_long(t, root, F_L, INT64_C(1) << 40);
  cw_avt_boolean(t, root, F_B, 1);
  cw_avt_double(t, root, F_D, 0.1);
  cw_avt_enum(t, root, F_E, 2);
  cw_avt_null(t, cw_avt_union(t, root, F_O, 0), 0);
  cw_avt_long(t, cw_avt_union(t, root, F_N, 1), 0, -7);
  cw_avt_node_t arr = cw_avt_array(t, root, F_A);
  for (size_t k = 0; k < nelem; k++) {
    cw_avt_node_t p = cw_avt_record(t, arr, 0, 2);
    cw_avt_int(t, p, 0, (int32_t)k);
    cw_avt_string(t, p, 1, TEXT[k % 64], strlen(TEXT[k % 64]));
  }
  cw_avt_node_t p = cw_avt_record(t, cw_avt_union(t, root, F_R, 1), 0, 2);
  cw_avt_int(t, p, 0, 99);
  cw_avt_string(t, p, 1, "", 0);
}

/* The same datum in an avro-c generic value. */
static int build_generic(avro_value_t *v, size_t nelem) {
  avro_value_t f, b, arr, p;
  int rc = 0;
  avro_value_reset(v);
  rc |= avro_value_get_by_index(v, F_I, &f, NULL) || avro_value_set_int(&f, -42);
  rc |= avro_value_get_by_index(v, F_L, &f, NULL) || avro_value_set_long(&f, INT64_C(1) << 40);
  rc |= avro_value_get_by_index(v, F_S, &f, NULL) || avro_value_set_string(&f, "héllo");
  rc |= avro_value_get_by_index(v, F_B, &f, NULL) || avro_value_set_boolean(&f, 1);
  rc |= avro_value_get_by_index(v, F_D, &f, NULL) || avro_value_set_double(&f, 0.1);
  rc |= avro_value_get_by_index(v, F_E, &f, NULL) || avro_value_set_enum(&f, 2);
  rc |= avro_value_get_by_index(v, F_O, &f, NULL) || avro_value_set_branch(&f, 0, &b) ||
        avro_value_set_null(&b);
  rc |= avro_value_get_by_index(v, F_N, &f, NULL) || avro_value_set_branch(&f, 1, &b) ||
        avro_value_set_long(&b, -7);
  rc |= avro_value_get_by_index(v, F_A, &arr, NULL);
  for (size_t k = 0; k < nelem; k++) {
    rc |= avro_value_append(&arr, &p, NULL);
    rc |= avro_value_get_by_index(&p, 0, &f, NULL) || avro_value_set_int(&f, (int32_t)k);
    rc |= avro_value_get_by_index(&p, 1, &f, NULL) || avro_value_set_string(&f, TEXT[k % 64]);
  }
  rc |= avro_value_get_by_index(v, F_R, &f, NULL) || avro_value_set_branch(&f, 1, &p);
  rc |= avro_value_get_by_index(&p, 0, &f, NULL) || avro_value_set_int(&f, 99);
  rc |= avro_value_get_by_index(&p, 1, &f, NULL) || avro_value_set_string(&f, "");
  return rc;
}

static size_t write_tree(cw_avro_tree_t *t, char *buf, size_t cap, cw_err_t *err) {
  char why[200] = "";
  avro_writer_t w = avro_writer_memory(buf, (int64_t)cap);
  *err = cw_avro_tree_write(t, w, why, sizeof why);
  size_t len = (size_t)avro_writer_tell(w);
  avro_writer_free(w);
  return len;
}

static void test_same_bytes(avro_schema_t schema, size_t nelem) {
  static char a[1 << 20], b[1 << 20];
  avro_value_iface_t *iface = avro_generic_class_from_schema(schema);
  avro_value_t gv, back;
  CHECK(iface && avro_generic_value_new(iface, &gv) == 0);
  CHECK_INT(build_generic(&gv, nelem), 0);
  avro_writer_t w = avro_writer_memory(b, sizeof b);
  CHECK_INT(avro_value_write(w, &gv), 0);
  size_t glen = (size_t)avro_writer_tell(w);
  avro_writer_free(w);

  cw_avro_tree_t *t = cw_avro_tree_create();
  cw_err_t err;
  build_tree(t, nelem);
  size_t tlen = write_tree(t, a, sizeof a, &err);
  CHECK_INT(err, CW_OK);
  CHECK_INT(tlen, glen);
  CHECK(tlen == glen && memcmp(a, b, tlen) == 0);

  /* written twice from the same tree: the arrays' positions start over */
  size_t again = write_tree(t, b, sizeof b, &err);
  CHECK_INT(err, CW_OK);
  CHECK(again == tlen && memcmp(a, b, tlen) == 0);

  /* avro-c reads it back as the generic datum */
  avro_reader_t r = avro_reader_memory(a, (int64_t)tlen);
  CHECK(avro_generic_value_new(iface, &back) == 0);
  CHECK_INT(avro_value_read(r, &back), 0);
  CHECK(avro_value_equal(&gv, &back));
  avro_value_t f;
  size_t n = 0;
  CHECK(avro_value_get_by_index(&back, F_A, &f, NULL) == 0 && avro_value_get_size(&f, &n) == 0);
  CHECK_INT(n, nelem);
  avro_reader_free(r);
  avro_value_decref(&back);
  avro_value_decref(&gv);
  avro_value_iface_decref(iface);
  cw_avro_tree_destroy(&t);
}

static void expect_refused(cw_avro_tree_t *t, const char *reason) {
  char buf[256] = "", why[200] = "";
  avro_writer_t w = avro_writer_memory(buf, sizeof buf);
  cw_err_t err = cw_avro_tree_write(t, w, why, sizeof why);
  avro_writer_free(w);
  CHECK_INT(err, CW_ERR_INVALID);
  CHECK_MSG(strstr(why, reason) != NULL, "reason \"%s\", expected \"%s\"", why, reason);
}

static void test_refused(void) {
  cw_avro_tree_t *t = cw_avro_tree_create();
  expect_refused(t, "no datum");

  cw_avt_node_t root = cw_avt_record(t, CW_AVT_ROOT, 0, 2);
  cw_avt_int(t, root, 0, 1);
  expect_refused(t, "a record field not placed");

  cw_avro_tree_reset(t);
  root = cw_avt_record(t, CW_AVT_ROOT, 0, 2);
  cw_avt_int(t, root, 0, 1);
  cw_avt_union(t, root, 1, 1);
  expect_refused(t, "a union without its branch");

  cw_avro_tree_reset(t);
  root = cw_avt_record(t, CW_AVT_ROOT, 0, 1);
  cw_avt_int(t, root, 0, 1);
  cw_avt_int(t, root, 0, 2);
  expect_refused(t, "placed twice or outside");

  cw_avro_tree_reset(t);
  root = cw_avt_record(t, CW_AVT_ROOT, 0, 1);
  cw_avt_int(t, root, 1, 1);
  expect_refused(t, "placed twice or outside");

  cw_avro_tree_reset(t);
  root = cw_avt_record(t, CW_AVT_ROOT, 0, 1);
  cw_avt_node_t u = cw_avt_union(t, root, 0, 1);
  cw_avt_int(t, u, 0, 1);
  cw_avt_int(t, u, 0, 2);
  expect_refused(t, "a second union branch");

  cw_avro_tree_reset(t);
  root = cw_avt_record(t, CW_AVT_ROOT, 0, 0);
  cw_avt_record(t, CW_AVT_ROOT, 0, 0);
  expect_refused(t, "a second root");

  /* a writer too small: CW_ERR_TOO_LARGE, and the same tree fits a larger one */
  static const char LONG[] = "a string longer than the sixteen bytes of the first writer";
  cw_avro_tree_reset(t);
  root = cw_avt_record(t, CW_AVT_ROOT, 0, 1);
  cw_avt_string(t, root, 0, LONG, strlen(LONG));
  char small[16] = "", big[128] = "", why[200] = "";
  avro_writer_t w = avro_writer_memory(small, sizeof small);
  CHECK_INT(cw_avro_tree_write(t, w, why, sizeof why), CW_ERR_TOO_LARGE);
  avro_writer_free(w);
  w = avro_writer_memory(big, sizeof big);
  CHECK_INT(cw_avro_tree_write(t, w, why, sizeof why), CW_OK);
  CHECK_INT(avro_writer_tell(w), 1 + strlen(LONG)); /* one length byte, then the bytes */
  CHECK(memcmp(big + 1, LONG, strlen(LONG)) == 0);
  avro_writer_free(w);
  cw_avro_tree_destroy(&t);
}

int main(void) {
  avro_schema_t schema;
  for (int k = 0; k < 64; k++)
    snprintf(TEXT[k], sizeof TEXT[k], "w%d", k * 37);
  CHECK(avro_schema_from_json_length(SCHEMA, strlen(SCHEMA), &schema) == 0);
  test_same_bytes(schema, 0);
  test_same_bytes(schema, 3);
  test_same_bytes(schema, 5000); /* the node and slot arrays grow while the tree is built */
  test_refused();
  avro_schema_decref(schema);
  return TEST_REPORT();
}
