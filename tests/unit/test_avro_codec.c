/* test_avro_codec.c - encodes hand-built results as entities and claims records, checks the
 * single-object framing, decodes them back (our decoder and avro-c's reader), and feeds the
 * decoder broken input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include <jansson.h>
#include "avro_canon.h"
#include "avro_codec.h"
#include "schemas.h"
#include "testhelp.h"

/* ASCII body, so byte offsets equal code-point offsets. */
static const char BODY[] =
  "Xiao Xinguang said on Sunday that at least 40 people died in Zurich. "
  "\"It is a sad day,\" he told reporters. Prices rose 3.5 percent.";

static cw_span_t span_of(const char *needle) {
  const char *p = strstr(BODY, needle);
  cw_span_t s = {0, 0};
  if (p) {
    s.start = (uint32_t)(p - BODY);
    s.end = s.start + (uint32_t)strlen(needle);
  }
  return s;
}

typedef struct {
  cw_mention_t mentions[5];
  cw_entity_t entities[5];
  int32_t claim_ents[2][3];
  cw_claim_t claims[3];
  cw_result_t result;
  cw_article_t article;
} fixture_t;

static void build(fixture_t *f) {
  memset(f, 0, sizeof *f);
  f->mentions[0] = (cw_mention_t){span_of("Xiao Xinguang"), "Xiao Xinguang", 0};
  f->mentions[1] = (cw_mention_t){span_of("Sunday"), "Sunday", 0};
  f->mentions[2] = (cw_mention_t){span_of("at least 40"), "at least 40", 0};
  f->mentions[3] = (cw_mention_t){span_of("Zurich"), "Zurich", 0};
  f->mentions[4] = (cw_mention_t){span_of("he told") , "he", 1};
  f->mentions[4].span.end = f->mentions[4].span.start + 2;
  f->entities[0] = (cw_entity_t){"Xiao Xinguang", CW_ENT_PER, 0.75, NULL, NULL, 1, &f->mentions[0],
                                 NULL, 0, 0, 0, NULL};
  f->entities[1] = (cw_entity_t){"Sunday", CW_ENT_DATE, 0.25, "2021-03-07", NULL, 1, &f->mentions[1],
                                 NULL, 0, 0, 0, NULL};
  f->entities[2] = (cw_entity_t){"40", CW_ENT_NUMBER, 0.5, "40", "at least", 1, &f->mentions[2],
                                 NULL, 0, 0, 0, NULL};
  f->entities[3] = (cw_entity_t){"Zürich", CW_ENT_LOC, 0.125, NULL, NULL, 1, &f->mentions[3],
                                 "CH", 1, 47.3667, 8.55, NULL};

  cw_claim_t *c = &f->claims[0];
  strcpy(c->id, "0123456789abcdef0123456789abcdef");
  c->kind = CW_CLAIM_INDIRECT;
  c->content = span_of("at least 40 people died in Zurich");
  c->content_text = "at least 40 people died in Zurich";
  c->has_cue = 1;
  c->cue = span_of("said");
  c->cue_text = "said";
  c->cue_lemma = "say";
  c->has_source = 1;
  c->source = span_of("Xiao Xinguang");
  c->source_text = "Xiao Xinguang";
  c->speaker_entity = 0;
  f->claim_ents[0][0] = 2;
  f->claim_ents[0][1] = 3;
  c->n_entities = 2;
  c->entities = f->claim_ents[0];

  c = &f->claims[1];
  strcpy(c->id, "fedcba9876543210fedcba9876543210");
  c->kind = CW_CLAIM_DIRECT;
  c->content = span_of("It is a sad day,");
  c->content_text = "It is a sad day,";
  c->has_cue = 1;
  c->cue = span_of("told");
  c->cue_text = "told";
  c->cue_lemma = NULL; /* falls back to the text */
  c->has_source = 1;
  c->source = f->mentions[4].span;
  c->source_text = "he";
  c->speaker_entity = 0;
  c->speaker_resolution = CW_SPKRES_PRONOUN;

  c = &f->claims[2];
  strcpy(c->id, "00000000000000000000000000000002");
  c->kind = CW_CLAIM_UNATTRIBUTED;
  c->content = span_of("Prices rose 3.5 percent.");
  c->content_text = "Prices rose 3.5 percent.";
  c->speaker_entity = -1;

  f->result.n_entities = 4;
  f->result.entities = f->entities;
  f->result.n_claims = 3;
  f->result.claims = f->claims;

  f->article.id = "gt-2021-03-07-1";
  f->article.url = "https://example.org/a/1";
  f->article.source = NULL;
  f->article.title = "Zürich: a \"test\" title";
  f->article.body = (char *)BODY;
  f->article.body_len = strlen(BODY);
  f->article.published_at = "2021-03-07T10:00:00Z";
  f->article.published_at_ms = 1615111200000LL;
  f->article.language = "en";
  f->article.origin = (cw_origin_t){"articles", 3, 123456789012LL, 1615111300000LL};
}

/* Bytes of an Avro ["null","string"] holding @p s: branch, length varint, the bytes. */
static size_t opt_str_bytes(const char *s) {
  if (!s)
    return 1;
  size_t n = strlen(s), v = 1;
  for (uint64_t z = (uint64_t)n << 1; z >= 0x80; z >>= 7)
    v++;
  return 1 + v + n;
}

static json_t *decode(cw_avro_codec_t *c, const cw_buf_t *rec) {
  char errstr[256];
  cw_buf_t js;
  json_t *j = NULL;
  json_error_t jerr;
  cw_buf_init(&js, 1 << 20);
  cw_err_t err = cw_avro_decode_to_json(c, rec->p, rec->len, &js, errstr, sizeof errstr);
  CHECK_MSG(err == CW_OK, "%s", errstr);
  if (!err) {
    j = json_loads(js.p, 0, &jerr);
    CHECK_MSG(j != NULL, "decoder wrote invalid JSON: %s", jerr.text);
    CHECK(strchr(js.p, '\n') == NULL);
  }
  cw_buf_free(&js);
  return j;
}

#define JS(obj, key) json_string_value(json_object_get((obj), (key)))
#define JI(obj, key) json_integer_value(json_object_get((obj), (key)))

static void check_header(const cw_buf_t *rec, uint64_t fp) {
  const unsigned char *p = (const unsigned char *)rec->p;
  uint64_t got = 0;
  CHECK(rec->len > CW_AVRO_SOE_HEADER_LEN);
  CHECK_INT(p[0], 0xC3);
  CHECK_INT(p[1], 0x01);
  for (int i = 0; i < 8; i++)
    got |= (uint64_t)p[2 + i] << (8 * i);
  CHECK(got == fp);
}

/* Reads the datum back with avro-c's own reader, independently of our decoder. */
static void check_with_avro_c(const cw_buf_t *rec, const char *schema_file, const char *field,
                              const char *expect) {
  const char *text = cw_schema_text(schema_file);
  avro_schema_t schema = NULL;
  avro_value_iface_t *iface = NULL;
  avro_value_t v, f;
  avro_reader_t rd;
  const char *s = NULL;
  size_t n = 0;
  CHECK(avro_schema_from_json_length(text, strlen(text), &schema) == 0);
  iface = avro_generic_class_from_schema(schema);
  CHECK(avro_generic_value_new(iface, &v) == 0);
  rd = avro_reader_memory(rec->p + CW_AVRO_SOE_HEADER_LEN,
                          (int64_t)(rec->len - CW_AVRO_SOE_HEADER_LEN));
  CHECK_MSG(avro_value_read(rd, &v) == 0, "%s", avro_strerror());
  CHECK(avro_value_get_by_name(&v, field, &f, NULL) == 0);
  CHECK(avro_value_get_string(&f, &s, &n) == 0);
  CHECK_STR(s, expect);
  avro_reader_free(rd);
  avro_value_decref(&v);
  avro_value_iface_decref(iface);
  avro_schema_decref(schema);
}

static void test_entities(cw_avro_codec_t *c, fixture_t *f) {
  char errstr[256];
  cw_buf_t rec;
  cw_buf_init(&rec, 1 << 20);
  CHECK_INT(cw_avro_encode_entities(c, &f->article, &f->result, 1615111400123LL, &rec, errstr,
                                    sizeof errstr), CW_OK);
  check_header(&rec, cw_avro_codec_fingerprint(c, CW_AVRO_SCHEMA_ENTITIES));
  check_with_avro_c(&rec, CW_AVRO_SCHEMA_ENTITIES, "article_id", "gt-2021-03-07-1");
  json_t *j = decode(c, &rec);
  if (j) {
    CHECK_STR(JS(j, "article_id"), "gt-2021-03-07-1");
    CHECK_STR(JS(j, "url"), "https://example.org/a/1");
    CHECK(json_is_null(json_object_get(j, "source")));
    CHECK_STR(JS(j, "title"), "Zürich: a \"test\" title");
    CHECK_STR(JS(j, "language"), "en");
    CHECK_INT(JI(j, "published_at"), 1615111200000LL);
    CHECK_INT(JI(j, "ingested_at"), 1615111300000LL);
    CHECK_INT(JI(j, "processed_at"), 1615111400123LL);
    CHECK_STR(JS(j, "origin_topic"), "articles");
    CHECK_INT(JI(j, "origin_partition"), 3);
    CHECK_INT(JI(j, "origin_offset"), 123456789012LL);
    CHECK_STR(JS(j, "extractor_version"), CW_EXTRACTOR_VERSION);
    json_t *ents = json_object_get(j, "entities");
    CHECK_INT(json_array_size(ents), 4);
    json_t *e0 = json_array_get(ents, 0), *e2 = json_array_get(ents, 2);
    CHECK_STR(JS(e0, "canonical"), "Xiao Xinguang");
    CHECK_STR(JS(e0, "type"), "PER");
    CHECK(json_real_value(json_object_get(e0, "salience")) == 0.75);
    CHECK(json_is_null(json_object_get(e0, "normalized")));
    json_t *m0 = json_array_get(json_object_get(e0, "mentions"), 0);
    CHECK_INT(JI(m0, "start"), 0);
    CHECK_INT(JI(m0, "end"), 13);
    CHECK_STR(JS(m0, "text"), "Xiao Xinguang");
    CHECK_INT(JI(m0, "sentence"), 0);
    CHECK_STR(JS(json_array_get(ents, 1), "type"), "DATE");
    CHECK_STR(JS(json_array_get(ents, 1), "normalized"), "2021-03-07");
    CHECK_STR(JS(e2, "type"), "NUMBER");
    CHECK_STR(JS(e2, "qualifier"), "at least");
    CHECK_STR(JS(json_array_get(ents, 3), "canonical"), "Zürich");
    json_decref(j);
  }

  /* The value is reused: a second, smaller article carries nothing over from the first. */
  cw_result_t small = f->result;
  cw_article_t a2 = f->article;
  small.n_entities = 1;
  a2.url = NULL;
  a2.published_at_ms = INT64_MIN;
  a2.origin = (cw_origin_t){NULL, 0, 0, -1};
  CHECK_INT(cw_avro_encode_entities(c, &a2, &small, 1, &rec, errstr, sizeof errstr), CW_OK);
  j = decode(c, &rec);
  if (j) {
    CHECK_INT(json_array_size(json_object_get(j, "entities")), 1);
    CHECK(json_is_null(json_object_get(j, "url")));
    CHECK(json_is_null(json_object_get(j, "published_at")));
    CHECK(json_is_null(json_object_get(j, "ingested_at")));
    CHECK(json_is_null(json_object_get(j, "origin_topic")));
    CHECK(json_is_null(json_object_get(j, "origin_partition")));
    CHECK(json_is_null(json_object_get(j, "origin_offset")));
    json_decref(j);
  }

  /* Records carry the version of the engine that made them (models included). */
  cw_avro_codec_set_extractor_version(c, CW_EXTRACTOR_VERSION "+m.1a2b3c4d");
  CHECK_INT(cw_avro_encode_entities(c, &a2, &small, 1, &rec, errstr, sizeof errstr), CW_OK);
  j = decode(c, &rec);
  if (j) {
    CHECK_STR(JS(j, "extractor_version"), CW_EXTRACTOR_VERSION "+m.1a2b3c4d");
    json_decref(j);
  }
  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 0, 42, &rec, errstr, sizeof errstr),
            CW_OK);
  j = decode(c, &rec);
  if (j) {
    CHECK_STR(JS(j, "extractor_version"), CW_EXTRACTOR_VERSION "+m.1a2b3c4d");
    json_decref(j);
  }
  cw_avro_codec_set_extractor_version(c, NULL);
  cw_buf_free(&rec);
}

static void test_claims(cw_avro_codec_t *c, fixture_t *f) {
  char errstr[256];
  cw_buf_t rec;
  json_t *j;
  cw_buf_init(&rec, 1 << 20);

  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 0, 42, &rec, errstr, sizeof errstr),
            CW_OK);
  check_header(&rec, cw_avro_codec_fingerprint(c, CW_AVRO_SCHEMA_CLAIMS));
  check_with_avro_c(&rec, CW_AVRO_SCHEMA_CLAIMS, "claim_id", "0123456789abcdef0123456789abcdef");
  j = decode(c, &rec);
  if (j) {
    CHECK_STR(JS(j, "claim_id"), "0123456789abcdef0123456789abcdef");
    CHECK_STR(JS(j, "article_id"), "gt-2021-03-07-1");
    CHECK_INT(JI(j, "claim_index"), 0);
    CHECK_INT(JI(j, "published_at"), 1615111200000LL);
    CHECK_INT(JI(j, "processed_at"), 42);
    CHECK_STR(JS(j, "kind"), "INDIRECT");
    json_t *content = json_object_get(j, "content");
    CHECK_STR(JS(content, "text"), "at least 40 people died in Zurich");
    CHECK_INT(JI(content, "start"), f->claims[0].content.start);
    CHECK_INT(JI(content, "end"), f->claims[0].content.end);
    json_t *cue = json_object_get(j, "cue");
    CHECK_STR(JS(cue, "text"), "said");
    CHECK_STR(JS(cue, "lemma"), "say");
    CHECK_INT(JI(cue, "start"), 14);
    CHECK_STR(JS(json_object_get(j, "speaker"), "text"), "Xiao Xinguang");
    json_t *se = json_object_get(j, "speaker_entity");
    CHECK_INT(JI(se, "index"), 0);
    CHECK_STR(JS(se, "canonical"), "Xiao Xinguang");
    CHECK_STR(JS(se, "type"), "PER");
    /* The LOC goes to entities, the NUMBER to numbers with the text inside the content. */
    json_t *ents = json_object_get(j, "entities"), *nums = json_object_get(j, "numbers");
    CHECK_INT(json_array_size(ents), 1);
    CHECK_STR(JS(json_array_get(ents, 0), "canonical"), "Zürich");
    CHECK_STR(JS(json_array_get(ents, 0), "type"), "LOC");
    CHECK_INT(JI(json_array_get(ents, 0), "index"), 3);
    CHECK_INT(json_array_size(nums), 1);
    json_t *n0 = json_array_get(nums, 0);
    CHECK_INT(JI(n0, "index"), 2);
    CHECK_STR(JS(n0, "type"), "NUMBER");
    CHECK_STR(JS(n0, "text"), "at least 40");
    CHECK_STR(JS(n0, "normalized"), "40");
    CHECK_STR(JS(n0, "qualifier"), "at least");
    json_decref(j);
  }

  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 1, 42, &rec, errstr, sizeof errstr),
            CW_OK);
  j = decode(c, &rec);
  if (j) {
    CHECK_STR(JS(j, "kind"), "DIRECT");
    CHECK_STR(JS(json_object_get(j, "cue"), "lemma"), "told");
    CHECK_STR(JS(json_object_get(j, "speaker"), "text"), "he");
    CHECK_STR(JS(json_object_get(j, "speaker_entity"), "canonical"), "Xiao Xinguang");
    CHECK_STR(JS(j, "speaker_resolution"), "PRONOUN");
    CHECK_INT(json_array_size(json_object_get(j, "entities")), 0);
    CHECK_INT(json_array_size(json_object_get(j, "numbers")), 0);
    json_decref(j);
  }

  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 2, 42, &rec, errstr, sizeof errstr),
            CW_OK);
  j = decode(c, &rec);
  if (j) {
    CHECK_STR(JS(j, "kind"), "UNATTRIBUTED");
    CHECK(json_is_null(json_object_get(j, "cue")));
    CHECK(json_is_null(json_object_get(j, "speaker")));
    CHECK(json_is_null(json_object_get(j, "speaker_entity")));
    CHECK_STR(JS(j, "speaker_resolution"), "NONE");
    json_decref(j);
  }

  /* Bad input from the engine is an error with a reason, never a crash. */
  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 3, 42, &rec, errstr, sizeof errstr),
            CW_ERR_INVALID);
  f->claims[2].speaker_entity = 9;
  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 2, 42, &rec, errstr, sizeof errstr),
            CW_ERR_INVALID);
  CHECK(strstr(errstr, "speaker_entity") != NULL);
  f->claims[2].speaker_entity = -1;
  f->claims[2].kind = (cw_claim_kind_t)7;
  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 2, 42, &rec, errstr, sizeof errstr),
            CW_ERR_INVALID);
  f->claims[2].kind = CW_CLAIM_UNATTRIBUTED;
  f->claims[2].content_text = NULL;
  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 2, 42, &rec, errstr, sizeof errstr),
            CW_ERR_INVALID);
  f->claims[2].content_text = "Prices rose 3.5 percent.";
  cw_buf_free(&rec);
}

static void test_limits_and_framing(cw_avro_codec_t *c, fixture_t *f) {
  char errstr[256];
  cw_buf_t rec, tiny, js;
  cw_buf_init(&rec, 1 << 20);
  cw_buf_init(&tiny, 40);
  cw_buf_init(&js, 1 << 20);
  CHECK_INT(cw_avro_encode_entities(c, &f->article, &f->result, 1, &tiny, errstr, sizeof errstr),
            CW_ERR_TOO_LARGE);

  /* A record bigger than the scratch buffer's first size grows it. */
  static char big[20000];
  memset(big, 'x', sizeof big - 1);
  fixture_t g = *f;
  g.article.title = big;
  CHECK_INT(cw_avro_encode_entities(c, &g.article, &f->result, 1, &rec, errstr, sizeof errstr),
            CW_OK);
  CHECK(rec.len > sizeof big);

  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 0, 1, &rec, errstr, sizeof errstr),
            CW_OK);
  /* Every truncation and a trailing byte are refused; nothing half-written is left in js. */
  for (size_t n = 0; n < rec.len; n++) {
    cw_buf_reset(&js);
    CHECK(cw_avro_decode_to_json(c, rec.p, n, &js, errstr, sizeof errstr) == CW_ERR_FORMAT);
    CHECK(js.len == 0);
  }
  CHECK(cw_buf_putc(&rec, 0) == CW_OK);
  CHECK_INT(cw_avro_decode_to_json(c, rec.p, rec.len, &js, errstr, sizeof errstr), CW_ERR_FORMAT);
  CHECK(strstr(errstr, "after the record") != NULL);
  rec.len--;
  rec.p[5] ^= 0x40; /* a fingerprint bit */
  CHECK_INT(cw_avro_decode_to_json(c, rec.p, rec.len, &js, errstr, sizeof errstr), CW_ERR_FORMAT);
  CHECK(strstr(errstr, "fingerprint") != NULL);
  rec.p[5] ^= 0x40;
  /* Flipped bytes in the datum: decode may succeed or fail, but must stay in bounds. */
  srand(7);
  for (int i = 0; i < 2000; i++) {
    size_t at = CW_AVRO_SOE_HEADER_LEN + (size_t)rand() % (rec.len - CW_AVRO_SOE_HEADER_LEN);
    char old = rec.p[at];
    rec.p[at] = (char)rand();
    cw_buf_reset(&js);
    cw_err_t err = cw_avro_decode_to_json(c, rec.p, rec.len, &js, errstr, sizeof errstr);
    CHECK(err == CW_OK || err == CW_ERR_FORMAT);
    rec.p[at] = old;
  }

  /* Writers may announce a block's byte size with a negative count: rewrite the last array
   * (numbers: count 1, one 28-byte item, end; then the two booleans content_truncated and
   * capped, the article's url, title, source and language, speaker_resolution's branch and
   * symbol, and the empty content_parts array's end) that way. The item is index 2, NUMBER,
   * "at least 40", "40", "at least". */
  {
    size_t tail = 2 + opt_str_bytes(f->article.url) + opt_str_bytes(f->article.title) +
                  opt_str_bytes(f->article.source) + opt_str_bytes(f->article.language) + 2 + 1;
    size_t at = rec.len - tail - 30;
    CHECK_INT((unsigned char)rec.p[rec.len - tail], 0x00);
    CHECK_INT((unsigned char)rec.p[rec.len - tail + 1], 0x00);
    cw_buf_t alt, js2;
    CHECK_INT((unsigned char)rec.p[at], 0x02);
    CHECK_INT((unsigned char)rec.p[at + 1], 0x04);
    cw_buf_init(&alt, 1 << 20);
    cw_buf_init(&js2, 1 << 20);
    CHECK(cw_buf_append(&alt, rec.p, at) == CW_OK);
    CHECK(cw_buf_append(&alt, "\x01\x38", 2) == CW_OK); /* count -1, size 28 (zig-zag) */
    CHECK(cw_buf_append(&alt, rec.p + at + 1, rec.len - at - 1) == CW_OK);
    cw_buf_reset(&js);
    CHECK_INT(cw_avro_decode_to_json(c, rec.p, rec.len, &js, errstr, sizeof errstr), CW_OK);
    CHECK_INT(cw_avro_decode_to_json(c, alt.p, alt.len, &js2, errstr, sizeof errstr), CW_OK);
    CHECK_STR(js2.p, js.p);
    alt.p[at + 1] = 0x36; /* size 27: a lie */
    cw_buf_reset(&js2);
    CHECK_INT(cw_avro_decode_to_json(c, alt.p, alt.len, &js2, errstr, sizeof errstr), CW_ERR_FORMAT);
    cw_buf_free(&alt);
    cw_buf_free(&js2);
  }

  /* Confluent framing: magic 0 and the registry id, big-endian. */
  cw_avro_codec_set_framing(c, CW_AVRO_FRAME_CONFLUENT, 0x01020304, 77);
  CHECK_INT(cw_avro_encode_claim(c, &f->article, &f->result, 0, 1, &rec, errstr, sizeof errstr),
            CW_OK);
  CHECK(rec.len > 5 && rec.p[0] == 0 && rec.p[1] == 0 && rec.p[2] == 0 && rec.p[3] == 0 &&
        rec.p[4] == 77);
  cw_buf_reset(&js);
  CHECK_INT(cw_avro_decode_to_json(c, rec.p, rec.len, &js, errstr, sizeof errstr), CW_OK);
  CHECK(strstr(js.p, "\"claim_id\":\"0123456789abcdef0123456789abcdef\"") != NULL);
  CHECK_INT(cw_avro_encode_entities(c, &f->article, &f->result, 1, &rec, errstr, sizeof errstr),
            CW_OK);
  CHECK(rec.p[0] == 0 && rec.p[1] == 1 && rec.p[2] == 2 && rec.p[3] == 3 && rec.p[4] == 4);
  cw_avro_codec_set_framing(c, CW_AVRO_FRAME_SINGLE_OBJECT, 0, 0);
  cw_buf_reset(&js);
  CHECK_INT(cw_avro_decode_to_json(c, rec.p, rec.len, &js, errstr, sizeof errstr), CW_ERR_FORMAT);

  cw_buf_free(&rec);
  cw_buf_free(&tiny);
  cw_buf_free(&js);
}

/* Keys in the Confluent wire format with Avro schema "string": bytes as the spec defines them. */
static void test_string_keys(void) {
  uint8_t out[CW_AVRO_KEY_MAX(300)];
  static const uint8_t abc[] = {0x00, 0x00, 0x00, 0x01, 0x07, 0x06, 'a', 'b', 'c'};
  CHECK_INT(cw_avro_confluent_string_key(263, "abc", 3, out, sizeof(out)), sizeof(abc));
  CHECK(memcmp(out, abc, sizeof(abc)) == 0);
  /* Empty string: length 0. */
  CHECK_INT(cw_avro_confluent_string_key(5, "", 0, out, sizeof(out)), 6);
  CHECK_INT(out[4], 5);
  CHECK_INT(out[5], 0);
  /* 300 bytes: zig-zag 600 = 0xd8 0x04 as a varint. */
  char s[300];
  memset(s, 'x', sizeof(s));
  CHECK_INT(cw_avro_confluent_string_key(1, s, sizeof(s), out, sizeof(out)), 5 + 2 + 300);
  CHECK_INT(out[5], 0xd8);
  CHECK_INT(out[6], 0x04);
  CHECK(out[7] == 'x' && out[306] == 'x');
  /* Too small a buffer: nothing written. */
  CHECK_INT(cw_avro_confluent_string_key(1, s, sizeof(s), out, CW_AVRO_KEY_MAX(300) - 1), 0);
}

int main(void) {
  char errstr[256];
  cw_avro_codec_t *c = NULL;
  static fixture_t f;
  uint64_t fp = 0;
  CHECK_INT(cw_avro_codec_create(&c, errstr, sizeof errstr), CW_OK);
  if (!c) {
    fprintf(stderr, "create: %s\n", errstr);
    return TEST_REPORT();
  }
  /* The codec's fingerprints are those of the schemas' canonical forms. */
  const char *text = cw_schema_text(CW_AVRO_SCHEMA_CLAIMS);
  CHECK_INT(cw_avro_fingerprint(text, strlen(text), &fp, errstr, sizeof errstr), CW_OK);
  CHECK(fp == cw_avro_codec_fingerprint(c, CW_AVRO_SCHEMA_CLAIMS));
  CHECK(cw_avro_codec_fingerprint(c, CW_AVRO_SCHEMA_ENTITIES) != fp);
  CHECK(cw_avro_codec_fingerprint(c, "nope.avsc") == 0);
  build(&f);
  test_entities(c, &f);
  test_claims(c, &f);
  test_limits_and_framing(c, &f);
  test_string_keys();
  cw_avro_codec_destroy(&c);
  CHECK(c == NULL);
  cw_avro_codec_destroy(&c);
  return TEST_REPORT();
}
