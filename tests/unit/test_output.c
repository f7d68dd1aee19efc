/* test_output.c - what the worker writes: worker.output_format chosen (or warned about) and
 * checked against the registry URL, worker.claims_key, the records and keys of one article in
 * each format (JSON exactly the Avro record as the decoder renders it), entity ids stable across
 * articles, and ISO codes and coordinates of gazetteer places on LOC entities. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "claimwire/extract.h"
#include "config.h"
#include "output.h"
#include "testhelp.h"

#define MODELS CW_DEFAULT_MODEL_DIR

static const char BODY[] = "Anna Berg said the bridge in Oslo will reopen. \"It is safe,\" she said.";

/* ==== Configuration ==== */

static cw_err_t load(const char *text, cw_config_t **c, char *err, size_t n) {
  char path[64];
  snprintf(path, sizeof(path), "/tmp/cw-test-output-%d.cfg", (int)getpid());
  FILE *f = fopen(path, "w");
  if (!f)
    return CW_ERR_IO;
  fputs(text, f);
  fclose(f);
  cw_err_t rc = cw_config_load(path, c, err, n);
  unlink(path);
  return rc;
}

static void test_config(void) {
  char err[1024];
  cw_config_t *c = NULL;

  /* Not chosen: today's behaviour, with a warning naming the setting. */
  CHECK_INT(load("worker: { group_id = \"g\"; };\n", &c, err, sizeof(err)), CW_OK);
  CHECK_INT(c->format, CW_FORMAT_SINGLE_OBJECT);
  CHECK_MSG(c->warning && strstr(c->warning, "worker.output_format is not set"), "%s",
            c->warning ? c->warning : "(no warning)");
  CHECK_INT(c->claims_by_article, 0);
  CHECK_STR(c->claims_key, "claim_id");
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { schema_registry_url = \"http://r:8081\"; };\n", &c, err,
                 sizeof(err)), CW_OK);
  CHECK_INT(c->format, CW_FORMAT_CONFLUENT);
  CHECK(c->warning != NULL);
  cw_config_destroy(&c);

  /* Chosen: no warning. */
  CHECK_INT(load("worker: { output_format = \"json\"; claims_key = \"article_id\"; };\n", &c,
                 err, sizeof(err)), CW_OK);
  CHECK_INT(c->format, CW_FORMAT_JSON);
  CHECK(c->warning == NULL);
  CHECK_INT(c->claims_by_article, 1);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { output_format = \"single_object\"; };\n", &c, err, sizeof(err)),
            CW_OK);
  CHECK_INT(c->format, CW_FORMAT_SINGLE_OBJECT);
  CHECK(c->warning == NULL);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { output_format = \"confluent\"; "
                 "schema_registry_url = \"http://r:8081\"; };\n", &c, err, sizeof(err)), CW_OK);
  CHECK_INT(c->format, CW_FORMAT_CONFLUENT);
  CHECK(c->warning == NULL);
  cw_config_destroy(&c);

  /* confluent needs the registry; the others refuse one; unknown values are refused. */
  CHECK_INT(load("worker: { output_format = \"confluent\"; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "output_format confluent needs worker.schema_registry_url"), "%s", err);
  CHECK_INT(load("worker: { output_format = \"json\"; schema_registry_url = \"http://r\"; };\n",
                 &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "schema_registry_url is set but worker.output_format is json"), "%s",
            err);
  CHECK_INT(load("worker: { output_format = \"avro\"; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "'avro' is not confluent, single_object or json"), "%s", err);
  CHECK_INT(load("worker: { claims_key = \"url\"; };\n", &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "worker.claims_key 'url' is not claim_id or article_id"), "%s", err);
  /* The environment chooses too. */
  setenv("CLAIMWIRE_WORKER_OUTPUT_FORMAT", "json", 1);
  CHECK_INT(load("worker: { group_id = \"g\"; };\n", &c, err, sizeof(err)), CW_OK);
  CHECK_INT(c->format, CW_FORMAT_JSON);
  cw_config_destroy(&c);
  unsetenv("CLAIMWIRE_WORKER_OUTPUT_FORMAT");
}

/* ==== Entity ids ==== */

static void test_entity_id(void) {
  char a[CW_ENTITY_ID_MAX], b[CW_ENTITY_ID_MAX];
  /* The documented rule, pinned: "PER:" + sha256("PER:anna berg")[:16] (Python hashlib). */
  CHECK_INT(cw_entity_id(CW_ENT_PER, "Anna Berg", NULL, a, sizeof a), 20);
  CHECK_STR(a, "PER:db052f96c9a77f52");
  cw_entity_id(CW_ENT_LOC, "St. Petersburg", NULL, a, sizeof a);
  CHECK_STR(a, "LOC:3a3ae5c724cdd28f");
  /* Case, spacing and punctuation do not matter. */
  cw_entity_id(CW_ENT_LOC, "  st petersburg ", NULL, b, sizeof b);
  CHECK_STR(b, a);
  cw_entity_id(CW_ENT_LOC, "ST-PETERSBURG", NULL, b, sizeof b);
  CHECK_STR(b, a);
  /* The type does; so do letters beyond ASCII. */
  cw_entity_id(CW_ENT_PER, "Apple", NULL, a, sizeof a);
  cw_entity_id(CW_ENT_ORG, "Apple", NULL, b, sizeof b);
  CHECK(strcmp(a, b) != 0 && strncmp(b, "ORG:", 4) == 0);
  cw_entity_id(CW_ENT_LOC, "Zürich", NULL, a, sizeof a);
  cw_entity_id(CW_ENT_LOC, "Zurich", NULL, b, sizeof b);
  CHECK(strcmp(a, b) != 0);
  /* Values are identified by their normalized value: two Sundays are two dates. */
  cw_entity_id(CW_ENT_DATE, "Sunday", "2021-03-07", a, sizeof a);
  cw_entity_id(CW_ENT_DATE, "7 March", "2021-03-07", b, sizeof b);
  CHECK_STR(a, b);
  cw_entity_id(CW_ENT_DATE, "Sunday", "2021-03-14", b, sizeof b);
  CHECK(strcmp(a, b) != 0);
  CHECK_INT(cw_entity_id(CW_ENT_NUMBER, "40", "40", a, sizeof a), 23);
  CHECK_INT(cw_entity_id(CW_ENT_PER, "x", NULL, a, CW_ENTITY_ID_MAX - 1), 0);
}

/* ==== Records and keys ==== */

typedef struct {
  cw_engine_t *engine;
  cw_extractor_t *ex;
  cw_article_t art;
  const cw_result_t *r;
} run_t;

/* Extracts @p body as article @p id with the repository's models. */
static int extract(run_t *x, const char *id, const char *body) {
  char err[256];
  cw_doc_t doc = {id, body, strlen(body), "2024-05-06T08:00:00Z"};
  memset(&x->art, 0, sizeof x->art);
  x->art.id = (char *)id;
  x->art.url = "https://example.org/bridge";
  x->art.title = "Oslo bridge to reopen";
  x->art.source = "Example News";
  x->art.language = "en";
  x->art.body = (char *)body;
  x->art.body_len = strlen(body);
  x->art.published_at = "2024-05-06T08:00:00Z";
  x->art.published_at_ms = 1714982400000LL;
  x->art.origin = (cw_origin_t){"articles", 0, 7, 1714982500000LL};
  CHECK_MSG(cw_extractor_run(x->ex, &doc, &x->r, err, sizeof err) == CW_OK, "%s", err);
  return x->r != NULL;
}

static json_t *parse_json(const cw_buf_t *b) {
  json_error_t je;
  json_t *j = json_loadb(b->p, b->len, 0, &je);
  CHECK_MSG(j != NULL, "%s", je.text);
  return j;
}

static const json_t *entity_named(const json_t *ents, const char *canonical) {
  size_t i;
  json_t *e;
  json_array_foreach(ents, i, e)
    if (!strcmp(json_string_value(json_object_get(e, "canonical")), canonical))
      return e;
  return NULL;
}

static void test_records(run_t *x) {
  char err[256];
  cw_config_t *cfg = cw_config_new_defaults();
  cw_output_t *out = NULL;
  cw_avro_codec_t *soe = NULL, *js = NULL;
  cw_output_rec_t *recs = NULL, *jrecs = NULL;
  size_t n = 0, jn = 0;
  if (!extract(x, "bridge-1", BODY))
    goto done;
  CHECK_MSG(x->r->n_claims >= 2, "%zu claims", x->r->n_claims);
  if (x->r->n_claims < 2)
    goto done;

  /* single_object, claims by claim id (the default). */
  cfg->format = CW_FORMAT_SINGLE_OBJECT;
  CHECK(cw_output_create(cfg, &out, err, sizeof err) == CW_OK);
  CHECK(cw_output_codec_create(out, NULL, &soe, err, sizeof err) == CW_OK);
  CHECK_MSG(cw_output_encode(out, soe, &x->art, x->r, 1000, 1 << 20, &recs, &n, err,
                             sizeof err) == CW_OK, "%s", err);
  CHECK_INT(n, x->r->n_claims + 1);
  CHECK_STR(recs[0].topic, "claimwire.entities");
  CHECK(recs[0].key.len == 8 && memcmp(recs[0].key.p, "bridge-1", 8) == 0);
  for (size_t i = 1; i < n; i++) {
    CHECK_STR(recs[i].topic, "claimwire.claims");
    CHECK(recs[i].key.len == 32 && memcmp(recs[i].key.p, x->r->claims[i - 1].id, 32) == 0);
    CHECK((unsigned char)recs[i].value.p[0] == 0xC3 && recs[i].value.p[1] == 0x01);
  }
  cw_output_destroy(&out);

  /* json: each value is the record as the decoder renders the single-object one. */
  cfg->format = CW_FORMAT_JSON;
  CHECK(cw_output_create(cfg, &out, err, sizeof err) == CW_OK);
  CHECK(cw_output_codec_create(out, NULL, &js, err, sizeof err) == CW_OK);
  CHECK(cw_output_encode(out, js, &x->art, x->r, 1000, 1 << 20, &jrecs, &jn, err,
                         sizeof err) == CW_OK);
  CHECK_INT(jn, n);
  for (size_t i = 0; i < n && i < jn; i++) {
    cw_buf_t dec;
    cw_buf_init(&dec, 1 << 20);
    CHECK(cw_avro_decode_to_json(soe, recs[i].value.p, recs[i].value.len, &dec, err,
                                 sizeof err) == CW_OK);
    CHECK_MSG(jrecs[i].value.len == dec.len && memcmp(jrecs[i].value.p, dec.p, dec.len) == 0,
              "record %zu: %.*s", i, (int)jrecs[i].value.len, jrecs[i].value.p);
    CHECK(jrecs[i].key.len == recs[i].key.len &&
          memcmp(jrecs[i].key.p, recs[i].key.p, recs[i].key.len) == 0);
    cw_buf_free(&dec);
  }
  /* A claim carries its article's metadata and its speaker's entity id. */
  json_t *claim = parse_json(&jrecs[1].value), *ents = parse_json(&jrecs[0].value);
  CHECK_STR(json_string_value(json_object_get(claim, "title")), "Oslo bridge to reopen");
  CHECK_STR(json_string_value(json_object_get(claim, "url")), "https://example.org/bridge");
  CHECK_STR(json_string_value(json_object_get(claim, "source")), "Example News");
  CHECK_STR(json_string_value(json_object_get(claim, "language")), "en");
  CHECK(json_integer_value(json_object_get(claim, "published_at")) == 1714982400000LL);
  const json_t *spk = json_object_get(claim, "speaker_entity");
  CHECK_STR(json_string_value(json_object_get(spk, "canonical")), "Anna Berg");
  CHECK_STR(json_string_value(json_object_get(spk, "entity_id")), "PER:db052f96c9a77f52");
  /* Oslo: the gazetteer's ISO code and coordinates; a person has none. */
  const json_t *oslo = entity_named(json_object_get(ents, "entities"), "Oslo");
  const json_t *anna = entity_named(json_object_get(ents, "entities"), "Anna Berg");
  CHECK(oslo && anna);
  if (oslo && anna) {
    CHECK_STR(json_string_value(json_object_get(oslo, "iso_code")), "NO");
    CHECK(fabs(json_real_value(json_object_get(oslo, "latitude")) - 59.91) < 0.1);
    CHECK(fabs(json_real_value(json_object_get(oslo, "longitude")) - 10.75) < 0.1);
    CHECK(json_is_null(json_object_get(anna, "iso_code")));
    CHECK(json_is_null(json_object_get(anna, "latitude")));
    CHECK_STR(json_string_value(json_object_get(anna, "entity_id")), "PER:db052f96c9a77f52");
  }
  json_decref(claim);
  json_decref(ents);
  cw_output_recs_free(&jrecs, jn);
  cw_output_destroy(&out);

  /* claims_key = article_id: claims keyed as before. */
  cfg->claims_by_article = 1;
  CHECK(cw_output_create(cfg, &out, err, sizeof err) == CW_OK);
  CHECK(cw_output_encode(out, js, &x->art, x->r, 1000, 1 << 20, &jrecs, &jn, err,
                         sizeof err) == CW_OK);
  for (size_t i = 0; i < jn; i++)
    CHECK(jrecs[i].key.len == 8 && memcmp(jrecs[i].key.p, "bridge-1", 8) == 0);
  cw_output_recs_free(&jrecs, jn);

  /* A record over the size limit is reported as such. */
  CHECK_INT(cw_output_encode(out, js, &x->art, x->r, 1000, 64, &jrecs, &jn, err, sizeof err),
            CW_ERR_TOO_LARGE);
  cw_output_recs_free(&jrecs, jn);
done:
  cw_output_recs_free(&recs, n);
  cw_output_destroy(&out);
  cw_avro_codec_destroy(&soe);
  cw_avro_codec_destroy(&js);
  cw_config_destroy(&cfg);
}

/* The same entity in another article, worded otherwise, has the same id; its place data too. */
static void test_across_articles(run_t *x) {
  char id1[CW_ENTITY_ID_MAX] = "", id2[CW_ENTITY_ID_MAX] = "";
  const char *iso1 = NULL, *iso2 = NULL;
  static const char *const bodies[] = {
      "The mayor of Paris said the river would be cleaned by 2030.",
      "Officials in France and PARIS disagreed on Tuesday, a report said."};
  for (int k = 0; k < 2; k++) {
    if (!extract(x, k ? "paris-2" : "paris-1", bodies[k]))
      return;
    for (size_t i = 0; i < x->r->n_entities; i++) {
      const cw_entity_t *e = &x->r->entities[i];
      if (e->type == CW_ENT_LOC && !strcmp(e->canonical, k ? "France" : "Paris")) {
        cw_entity_id(e->type, e->canonical, e->normalized, k ? id2 : id1, CW_ENTITY_ID_MAX);
        CHECK_STR(e->id, k ? id2 : id1); /* the engine's own, computed once per entity */
        if (k)
          iso2 = e->iso_code;
        else
          iso1 = e->iso_code;
        CHECK(e->has_coords && e->latitude > 40 && e->latitude < 50);
      }
    }
  }
  CHECK_STR(iso1, "FR");
  CHECK_STR(iso2, "FR");
  char paris[CW_ENTITY_ID_MAX];
  cw_entity_id(CW_ENT_LOC, "PARIS", NULL, paris, sizeof paris);
  CHECK_STR(id1, paris);
  CHECK(id2[0] && strcmp(id1, id2) != 0);
}

int main(void) {
  char err[256];
  run_t x = {0};
  test_config();
  test_entity_id();
  CHECK_MSG(cw_engine_load(MODELS, &x.engine, err, sizeof err) == CW_OK, "%s", err);
  if (x.engine) {
    x.ex = cw_extractor_create(x.engine);
    test_records(&x);
    test_across_articles(&x);
    cw_extractor_destroy(&x.ex);
    cw_engine_destroy(&x.engine);
  }
  return TEST_REPORT();
}
