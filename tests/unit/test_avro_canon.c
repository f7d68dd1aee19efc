/* test_avro_canon.c - Parsing Canonical Form and CRC-64-AVRO fingerprints against the Avro
 * project's published vectors (apache/avro share/test/data/schema-tests.txt, Apache-2.0), plus
 * the errors and name resolution rules the vectors do not cover. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "avro_canon.h"
#include "cw_hash.h"
#include "schemas.h"
#include "testhelp.h"

typedef struct {
  const char *input;
  const char *canonical;
  int has_fp;
  int64_t fingerprint; /* as printed in schema-tests.txt: the 64 bits read as a signed long */
} vector_t;

static const vector_t VECTORS[] = {
  {"\"null\"", "\"null\"", 1, 7195948357588979594LL},
  {"{\"type\":\"null\"}", "\"null\"", 0, 0},
  {"\"boolean\"", "\"boolean\"", 1, -6970731678124411036LL},
  {"{\"type\":\"boolean\"}", "\"boolean\"", 0, 0},
  {"\"int\"", "\"int\"", 1, 8247732601305521295LL},
  {"{\"type\":\"int\"}", "\"int\"", 0, 0},
  {"\"long\"", "\"long\"", 1, -3434872931120570953LL},
  {"{\"type\":\"long\"}", "\"long\"", 0, 0},
  {"\"float\"", "\"float\"", 1, 5583340709985441680LL},
  {"{\"type\":\"float\"}", "\"float\"", 0, 0},
  {"\"double\"", "\"double\"", 1, -8181574048448539266LL},
  {"{\"type\":\"double\"}", "\"double\"", 0, 0},
  {"\"bytes\"", "\"bytes\"", 1, 5746618253357095269LL},
  {"{\"type\":\"bytes\"}", "\"bytes\"", 0, 0},
  {"\"string\"", "\"string\"", 1, -8142146995180207161LL},
  {"{\"type\":\"string\"}", "\"string\"", 0, 0},
  {"[  ]", "[]", 1, -1241056759729112623LL},
  {"[ \"int\"  ]", "[\"int\"]", 1, -5232228896498058493LL},
  {"[ \"int\" , {\"type\":\"boolean\"} ]", "[\"int\",\"boolean\"]", 1, 5392556393470105090LL},
  {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\"}",
   "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
  {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"namespace\":\"x.y\"}",
   "{\"name\":\"x.y.foo\",\"type\":\"record\",\"fields\":[]}", 1, 5916914534497305771LL},
  {"{\"fields\":[], \"type\":\"record\", \"name\":\"a.b.foo\", \"namespace\":\"x.y\"}",
   "{\"name\":\"a.b.foo\",\"type\":\"record\",\"fields\":[]}", 1, -4616218487480524110LL},
  {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"doc\":\"Useful info\"}",
   "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
  {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"aliases\":[\"foo\",\"bar\"]}",
   "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
  {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"doc\":\"foo\", \"aliases\":[\"foo\",\"bar\"]}",
   "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
  {"{\"fields\":[{\"type\":{\"type\":\"boolean\"}, \"name\":\"f1\"}], \"type\":\"record\", \"name\":\"foo\"}",
   "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"}]}", 1,
   7843277075252814651LL},
  {"{ \"fields\":[{\"type\":\"boolean\", \"aliases\":[], \"name\":\"f1\", \"default\":\"true\"},\n"
   "            {\"order\":\"descending\",\"name\":\"f2\",\"doc\":\"Hello\",\"type\":\"int\"}],\n"
   "  \"type\":\"record\", \"name\":\"foo\"\n}",
   "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"},"
   "{\"name\":\"f2\",\"type\":\"int\"}]}", 1, -4860222112080293046LL},
  {"{\"type\":\"enum\", \"name\":\"foo\", \"symbols\":[\"A1\"]}",
   "{\"name\":\"foo\",\"type\":\"enum\",\"symbols\":[\"A1\"]}", 1, -6342190197741309591LL},
  {"{\"namespace\":\"x.y.z\", \"type\":\"enum\", \"name\":\"foo\", \"doc\":\"foo bar\", \"symbols\":[\"A1\", \"A2\"]}",
   "{\"name\":\"x.y.z.foo\",\"type\":\"enum\",\"symbols\":[\"A1\",\"A2\"]}", 1, -4448647247586288245LL},
  {"{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}",
   "{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}", 1, 1756455273707447556LL},
  {"{\"namespace\":\"x.y.z\", \"type\":\"fixed\", \"name\":\"foo\", \"doc\":\"foo bar\", \"size\":32}",
   "{\"name\":\"x.y.z.foo\",\"type\":\"fixed\",\"size\":32}", 1, -3064184465700546786LL},
  {"{ \"items\":{\"type\":\"null\"}, \"type\":\"array\"}",
   "{\"type\":\"array\",\"items\":\"null\"}", 1, -589620603366471059LL},
  {"{ \"values\":\"string\", \"type\":\"map\"}",
   "{\"type\":\"map\",\"values\":\"string\"}", 1, -8732877298790414990LL},
  {"  {\"name\":\"PigValue\",\"type\":\"record\",\n"
   "   \"fields\":[{\"name\":\"value\", \"type\":[\"null\", \"int\", \"long\", \"PigValue\"]}]}",
   "{\"name\":\"PigValue\",\"type\":\"record\",\"fields\":[{\"name\":\"value\",\"type\":"
   "[\"null\",\"int\",\"long\",\"PigValue\"]}]}", 1, -1759257747318642341LL},
};

/* Canonical form of @p in, or NULL on error (reason printed). Result lives in @p b. */
static const char *canon(cw_buf_t *b, const char *in) {
  char errstr[256];
  cw_buf_reset(b);
  if (cw_avro_canon(in, strlen(in), b, errstr, sizeof errstr) != CW_OK) {
    fprintf(stderr, "canon(%s): %s\n", in, errstr);
    return NULL;
  }
  return b->p ? b->p : "";
}

static void test_published_vectors(void) {
  cw_buf_t b;
  cw_buf_init(&b, 65536);
  for (size_t i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
    const vector_t *v = &VECTORS[i];
    char errstr[256];
    uint64_t fp = 0;
    CHECK_STR(canon(&b, v->input), v->canonical);
    CHECK_INT(cw_avro_fingerprint(v->input, strlen(v->input), &fp, errstr, sizeof errstr), CW_OK);
    /* The fingerprint of the input is that of its canonical form, and the form is a fixed point. */
    CHECK(fp == cw_crc64_avro(v->canonical, strlen(v->canonical)));
    CHECK_STR(canon(&b, v->canonical), v->canonical);
    if (v->has_fp)
      CHECK_MSG((int64_t)fp == v->fingerprint, "vector %zu: %lld != %lld", i, (long long)(int64_t)fp,
                (long long)v->fingerprint);
  }
  cw_buf_free(&b);
}

static void test_rules_beyond_vectors(void) {
  cw_buf_t b;
  cw_buf_init(&b, 65536);
  /* Logical types and other attributes are stripped: a timestamp is a plain long. */
  CHECK_STR(canon(&b, "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}"), "\"long\"");
  /* Nested definitions inherit the enclosing namespace; references resolve to full names. */
  CHECK_STR(canon(&b, "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"a.b\",\"fields\":["
                      "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\"],"
                      "\"default\":\"X\"}},{\"name\":\"f\",\"type\":[\"null\",\"E\"],\"default\":null},"
                      "{\"name\":\"g\",\"type\":{\"type\":\"array\",\"items\":\"a.b.E\"}}]}"),
            "{\"name\":\"a.b.R\",\"type\":\"record\",\"fields\":[{\"name\":\"e\",\"type\":"
            "{\"name\":\"a.b.E\",\"type\":\"enum\",\"symbols\":[\"X\"]}},{\"name\":\"f\",\"type\":"
            "[\"null\",\"a.b.E\"]},{\"name\":\"g\",\"type\":{\"type\":\"array\",\"items\":\"a.b.E\"}}]}");
  /* A dotted name sets the namespace of what it contains. */
  CHECK_STR(canon(&b, "{\"type\":\"record\",\"name\":\"p.q.R\",\"fields\":[{\"name\":\"x\",\"type\":"
                      "{\"type\":\"fixed\",\"name\":\"F\",\"size\":\"016\"}}]}"),
            "{\"name\":\"p.q.R\",\"type\":\"record\",\"fields\":[{\"name\":\"x\",\"type\":"
            "{\"name\":\"p.q.F\",\"type\":\"fixed\",\"size\":16}}]}");
  /* Errors: undefined name, redefinition, bad JSON, bad names, missing parts. */
  CHECK(canon(&b, "\"Nope\"") == NULL);
  CHECK(canon(&b, "[{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[]},"
                  "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[]}]") == NULL);
  CHECK(canon(&b, "{\"type\":") == NULL);
  CHECK(canon(&b, "{\"type\":\"enum\",\"name\":\"9x\",\"symbols\":[]}") == NULL);
  CHECK(canon(&b, "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"a b\"]}") == NULL);
  CHECK(canon(&b, "{\"type\":\"record\",\"name\":\"R\"}") == NULL);
  CHECK(canon(&b, "{\"type\":\"array\"}") == NULL);
  CHECK(canon(&b, "42") == NULL);
  cw_buf_free(&b);
}

/* The project's own schemas canonicalize, and their forms drop every doc and default. */
static void test_project_schemas(void) {
  const char *files[] = {"entities.avsc", "claims.avsc"};
  cw_buf_t b;
  cw_buf_init(&b, 1024 * 1024);
  for (size_t i = 0; i < 2; i++) {
    const char *text = cw_schema_text(files[i]);
    const char *form;
    CHECK(text != NULL);
    if (!text)
      continue;
    form = canon(&b, text);
    CHECK(form != NULL);
    if (!form)
      continue;
    CHECK(strstr(form, "\"doc\"") == NULL);
    CHECK(strstr(form, "default") == NULL);
    CHECK(strstr(form, "logicalType") == NULL);
    CHECK(strstr(form, "{\"name\":\"io.claimwire.") == form);
    CHECK(strchr(form, ' ') == NULL || strstr(form, "\" ") == NULL);
  }
  cw_buf_free(&b);
}

/* The bitwise definition of CRC-64-AVRO (the Avro specification's fingerprint64). */
static uint64_t crc64_reference(const unsigned char *p, size_t n) {
  const uint64_t empty = 0xc15d213aa4d7a795ULL;
  uint64_t fp = empty;
  for (size_t i = 0; i < n; i++) {
    uint64_t b = (fp ^ p[i]) & 0xff;
    for (int j = 0; j < 8; j++)
      b = (b >> 1) ^ (empty & (0 - (b & 1)));
    fp = (fp >> 8) ^ b;
  }
  return fp;
}

/* Long inputs (model files) take a table-driven path: same checksums at every length. */
static void test_crc64_long(void) {
  enum { N = 20000 };
  unsigned char *buf = malloc(N);
  uint64_t r = 5;
  for (size_t i = 0; i < N; i++) {
    r = r * 6364136223846793005ULL + 1442695040888963407ULL;
    buf[i] = (unsigned char)(r >> 56);
  }
  static const size_t lens[] = {0, 1, 100, 4095, 4096, 4097, 8191, 12345, N};
  for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++)
    CHECK_MSG(cw_crc64_avro(buf, lens[k]) == crc64_reference(buf, lens[k]), "length %zu",
              lens[k]);
  free(buf);
}

int main(void) {
  test_crc64_long();
  test_published_vectors();
  test_rules_beyond_vectors();
  test_project_schemas();
  return TEST_REPORT();
}
