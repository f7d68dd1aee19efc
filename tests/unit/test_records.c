/* test_records.c - an article's output records (output.h, as the worker and `extract` make
 * them): the entities record, then one claims record per claim, byte for byte what the codec
 * encodes for each, on the configured topics; an oversized record fails the whole article with
 * the reason the dead letter carries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "avro_codec.h"
#include "config.h"
#include "output.h"
#include "testhelp.h"

static const char BODY[] = "Anna Holm said the bridge was safe. \"It will reopen,\" she told us.";

static cw_span_t span_of(const char *needle) {
  const char *p = strstr(BODY, needle);
  cw_span_t s = {0, 0};
  if (p) {
    s.start = (uint32_t)(p - BODY);
    s.end = s.start + (uint32_t)strlen(needle);
  }
  return s;
}

/* Records equal to a codec encode of the same article, result and time. */
static int same(const cw_buf_t *a, const cw_buf_t *b) {
  return a->len == b->len && a->len > 0 && !memcmp(a->p, b->p, a->len);
}

int main(void) {
  char errstr[256];
  cw_avro_codec_t *c = NULL;
  cw_mention_t mention = {span_of("Anna Holm"), "Anna Holm", 0};
  cw_entity_t ent = {.canonical = "Anna Holm", .type = CW_ENT_PER, .salience = 0.5,
                     .n_mentions = 1, .mentions = &mention};
  cw_claim_t claims[2];
  memset(claims, 0, sizeof claims);
  memcpy(claims[0].id, "0123456789abcdef0123456789abcdef", 33);
  claims[0].kind = CW_CLAIM_INDIRECT;
  claims[0].content = span_of("the bridge was safe");
  claims[0].content_text = "the bridge was safe";
  claims[0].speaker_entity = 0;
  memcpy(claims[1].id, "fedcba9876543210fedcba9876543210", 33);
  claims[1].kind = CW_CLAIM_DIRECT;
  claims[1].content = span_of("It will reopen,");
  claims[1].content_text = "It will reopen,";
  claims[1].speaker_entity = 0;
  cw_result_t r = {0};
  r.n_entities = 1;
  r.entities = &ent;
  r.n_claims = 2;
  r.claims = claims;
  cw_article_t a = {0};
  a.id = "bridge-1";
  a.body = (char *)BODY;
  a.body_len = strlen(BODY);
  a.published_at_ms = INT64_MIN;
  a.origin = (cw_origin_t){NULL, -1, -1, -1};

  cw_config_t *cfg = cw_config_new_defaults();
  cw_output_t *o = NULL;
  CHECK_INT(cw_output_create(cfg, &o, errstr, sizeof errstr), CW_OK);
  if (o)
    CHECK_INT(cw_output_codec_create(o, NULL, &c, errstr, sizeof errstr), CW_OK);
  if (!c)
    return TEST_REPORT();

  cw_output_rec_t *recs = NULL;
  cw_buf_t one;
  size_t n = 0;
  cw_buf_init(&one, 1 << 20);
  CHECK_INT(cw_output_encode(o, c, &a, &r, 1234, CW_RECORD_MAX_BYTES, &recs, &n, errstr,
                             sizeof errstr), CW_OK);
  CHECK_INT(n, 3);
  if (n == 3) {
    CHECK_STR(recs[0].topic, cfg->entities_topic);
    CHECK_STR(recs[1].topic, cfg->claims_topic);
    CHECK_STR(recs[2].topic, cfg->claims_topic);
    CHECK_INT(cw_avro_encode_entities(c, &a, &r, 1234, &one, errstr, sizeof errstr), CW_OK);
    CHECK(same(&recs[0].value, &one));
    for (size_t i = 0; i < 2; i++) {
      CHECK_INT(cw_avro_encode_claim(c, &a, &r, i, 1234, &one, errstr, sizeof errstr), CW_OK);
      CHECK(same(&recs[i + 1].value, &one));
    }
    /* processed_at is the caller's: another time, another entities record. */
    CHECK_INT(cw_avro_encode_entities(c, &a, &r, 1235, &one, errstr, sizeof errstr), CW_OK);
    CHECK(!same(&recs[0].value, &one));
  }
  cw_output_recs_free(&recs, n);
  CHECK(recs == NULL);
  cw_output_recs_free(&recs, n); /* twice is harmless */

  /* No claims: the entities record alone. */
  r.n_claims = 0;
  CHECK_INT(cw_output_encode(o, c, &a, &r, 1234, CW_RECORD_MAX_BYTES, &recs, &n, errstr,
                             sizeof errstr), CW_OK);
  CHECK_INT(n, 1);
  cw_output_recs_free(&recs, n);

  /* A record over the limit fails the article, with the reason a dead letter carries. */
  r.n_claims = 2;
  CHECK_INT(cw_output_encode(o, c, &a, &r, 1234, 64, &recs, &n, errstr, sizeof errstr),
            CW_ERR_TOO_LARGE);
  CHECK_STR(errstr, "an output record exceeds 64 bytes");
  cw_output_recs_free(&recs, n);

  cw_buf_free(&one);
  cw_avro_codec_destroy(&c);
  cw_output_destroy(&o);
  cw_config_destroy(&cfg);
  return TEST_REPORT();
}
