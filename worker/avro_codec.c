/* avro_codec.c - Avro encoding of extraction results and decoding to JSON (see avro_codec.h;
 * the record layouts are schemas/entities.avsc and schemas/claims.avsc). Encoding fills one
 * reusable avro-c generic value per schema and writes it into a reusable memory writer;
 * decoding walks the schema over the bytes itself, checking every length against the input. */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include "avro_canon.h"
#include "avro_codec.h"
#include "cw_alloc.h"
#include "cw_utf8.h"
#include "schemas.h"

/* Nesting of our schemas is 5; anything near this limit is hostile input or a broken schema. */
#define DEC_MAX_DEPTH 32
/* First size of the encode scratch buffer; grows by doubling up to the output's maximum. */
#define ENC_SCRATCH_INITIAL 4096u

/* ==== Field positions, checked against the schemas at create time ==== */

enum { AE_ARTICLE_ID, AE_URL, AE_SOURCE, AE_TITLE, AE_LANGUAGE, AE_PUBLISHED_AT, AE_INGESTED_AT,
       AE_PROCESSED_AT, AE_ORIGIN_TOPIC, AE_ORIGIN_PARTITION, AE_ORIGIN_OFFSET,
       AE_EXTRACTOR_VERSION, AE_ENTITIES, AE_CAPPED, AE__COUNT };
static const char *const AE_NAMES[] = {"article_id", "url", "source", "title", "language",
  "published_at", "ingested_at", "processed_at", "origin_topic", "origin_partition",
  "origin_offset", "extractor_version", "entities", "capped", NULL};

enum { EN_CANONICAL, EN_TYPE, EN_SALIENCE, EN_NORMALIZED, EN_QUALIFIER, EN_MENTIONS,
       EN_ENTITY_ID, EN_ISO_CODE, EN_LATITUDE, EN_LONGITUDE, EN__COUNT };
static const char *const EN_NAMES[] = {"canonical", "type", "salience", "normalized",
                                       "qualifier", "mentions", "entity_id", "iso_code",
                                       "latitude", "longitude", NULL};

enum { MN_START, MN_END, MN_TEXT, MN_SENTENCE, MN__COUNT };
static const char *const MN_NAMES[] = {"start", "end", "text", "sentence", NULL};

enum { CL_CLAIM_ID, CL_ARTICLE_ID, CL_CLAIM_INDEX, CL_PUBLISHED_AT, CL_PROCESSED_AT,
       CL_EXTRACTOR_VERSION, CL_KIND, CL_CONTENT, CL_CUE, CL_SPEAKER, CL_SPEAKER_ENTITY,
       CL_ENTITIES, CL_NUMBERS, CL_CONTENT_TRUNCATED, CL_CAPPED, CL_URL, CL_TITLE, CL_SOURCE,
       CL_LANGUAGE, CL_SPEAKER_RESOLUTION, CL__COUNT };
static const char *const CL_NAMES[] = {"claim_id", "article_id", "claim_index", "published_at",
  "processed_at", "extractor_version", "kind", "content", "cue", "speaker", "speaker_entity",
  "entities", "numbers", "content_truncated", "capped", "url", "title", "article_source", "language",
  "speaker_resolution", NULL};

enum { SP_START, SP_END, SP_TEXT, SP__COUNT };
static const char *const SP_NAMES[] = {"start", "end", "text", NULL};

enum { CU_START, CU_END, CU_TEXT, CU_LEMMA, CU__COUNT };
static const char *const CU_NAMES[] = {"start", "end", "text", "lemma", NULL};

enum { ER_INDEX, ER_CANONICAL, ER_TYPE, ER_ENTITY_ID, ER__COUNT };
static const char *const ER_NAMES[] = {"index", "canonical", "type", "entity_id", NULL};

enum { NU_INDEX, NU_TYPE, NU_TEXT, NU_NORMALIZED, NU_QUALIFIER, NU__COUNT };
static const char *const NU_NAMES[] = {"index", "type", "text", "normalized", "qualifier", NULL};

enum { SCH_ENTITIES, SCH_CLAIMS, SCH__COUNT };
static const char *const SCHEMA_FILES[SCH__COUNT] = {CW_AVRO_SCHEMA_ENTITIES,
                                                     CW_AVRO_SCHEMA_CLAIMS};

typedef struct {
  avro_schema_t schema;
  avro_value_iface_t *iface;
  avro_value_t value;       /* reused for every record: reset, never recreated */
  int has_value;
  uint64_t fingerprint;     /* CRC-64-AVRO of the Parsing Canonical Form */
  int32_t registry_id;      /* Confluent schema id, when that framing is selected */
} codec_schema_t;

struct cw_avro_codec_s {
  codec_schema_t sch[SCH__COUNT];
  avro_writer_t writer;
  char *scratch;
  size_t scratch_cap;
  cw_avro_frame_t frame;
  const char *extractor_version; /* not owned; CW_EXTRACTOR_VERSION until set */
};

static const char *version_of(const cw_avro_codec_t *c) {
  return c->extractor_version ? c->extractor_version : CW_EXTRACTOR_VERSION;
}

/* ==== Create / destroy ==== */

static void copy_avro_error(char *errstr, size_t errstr_size, const char *what) {
  /* avro_strerror() may be one static buffer shared by all threads: copy it at once. */
  snprintf(errstr, errstr_size, "%s: %s", what, avro_strerror());
}

static avro_schema_t resolve(avro_schema_t s) {
  while (s && is_avro_link(s))
    s = avro_schema_link_target(s);
  return s;
}

/* The record behind field @p name of @p rec: through nullable unions and arrays. */
static avro_schema_t inner_record(avro_schema_t rec, const char *name) {
  avro_schema_t s = resolve(avro_schema_record_field_get(rec, name));
  for (int hops = 0; s && hops < 4 && !is_avro_record(s); hops++) {
    if (is_avro_union(s) && avro_schema_union_size(s) == 2)
      s = resolve(avro_schema_union_branch(s, 1));
    else if (is_avro_array(s))
      s = resolve(avro_schema_array_items(s));
    else
      return NULL;
  }
  return s && is_avro_record(s) ? s : NULL;
}

/* The non-null branch of a ["null", T] union, or @p s itself when it is no such union. */
static avro_schema_t nullable_branch(avro_schema_t s) {
  s = resolve(s);
  if (s && is_avro_union(s) && avro_schema_union_size(s) == 2)
    return resolve(avro_schema_union_branch(s, 1));
  return s;
}

/* The code below addresses fields by position; a schema edit that moves a field must fail here,
 * at start-up, rather than write a field into the wrong slot. */
static cw_err_t check_fields(avro_schema_t rec, const char *what, const char *const *names,
                             size_t count, char *errstr, size_t errstr_size) {
  if (!rec || !is_avro_record(rec) || avro_schema_record_size(rec) != count) {
    snprintf(errstr, errstr_size, "avro schema: record %s missing or has %zu fields, expected %zu",
             what, rec && is_avro_record(rec) ? avro_schema_record_size(rec) : 0, count);
    return CW_ERR_FORMAT;
  }
  for (size_t i = 0; i < count; i++) {
    const char *n = avro_schema_record_field_name(rec, (int)i);
    if (!n || strcmp(n, names[i]) != 0) {
      snprintf(errstr, errstr_size, "avro schema: record %s field %zu is \"%s\", expected \"%s\"",
               what, i, n ? n : "?", names[i]);
      return CW_ERR_FORMAT;
    }
  }
  return CW_OK;
}

/* Enum symbols must be the engine's enum names in the engine's order: the encoder writes the C
 * enum value as the Avro index. */
static cw_err_t check_enum(avro_schema_t e, const char *what, int count,
                           const char *(*name_of)(int), char *errstr, size_t errstr_size) {
  e = resolve(e);
  if (!e || !is_avro_enum(e) || avro_schema_enum_number_of_symbols(e) != count) {
    snprintf(errstr, errstr_size, "avro schema: enum %s missing or of the wrong size", what);
    return CW_ERR_FORMAT;
  }
  for (int i = 0; i < count; i++) {
    const char *sym = avro_schema_enum_get(e, i);
    if (!sym || strcmp(sym, name_of(i)) != 0) {
      snprintf(errstr, errstr_size, "avro schema: enum %s symbol %d is %s, expected %s", what, i,
               sym ? sym : "?", name_of(i));
      return CW_ERR_FORMAT;
    }
  }
  return CW_OK;
}

static const char *entity_type_name_int(int i) { return cw_entity_type_name((cw_entity_type_t)i); }
static const char *claim_kind_name_int(int i) { return cw_claim_kind_name((cw_claim_kind_t)i); }
static const char *spkres_name_int(int i) {
  return cw_speaker_resolution_name((cw_speaker_resolution_t)i);
}

static cw_err_t check_layout(cw_avro_codec_t *c, char *errstr, size_t errstr_size) {
  avro_schema_t ae = c->sch[SCH_ENTITIES].schema, cl = c->sch[SCH_CLAIMS].schema;
  avro_schema_t en = inner_record(ae, "entities");
  avro_schema_t er = inner_record(cl, "speaker_entity");
  cw_err_t err = check_fields(ae, "ArticleEntities", AE_NAMES, AE__COUNT, errstr, errstr_size);
  if (!err) err = check_fields(en, "Entity", EN_NAMES, EN__COUNT, errstr, errstr_size);
  if (!err) err = check_fields(inner_record(en, "mentions"), "Mention", MN_NAMES, MN__COUNT,
                               errstr, errstr_size);
  if (!err) err = check_enum(avro_schema_record_field_get(en, "type"), "Entity.type",
                             CW_ENT__COUNT, entity_type_name_int, errstr, errstr_size);
  if (!err) err = check_fields(cl, "Claim", CL_NAMES, CL__COUNT, errstr, errstr_size);
  if (!err) err = check_fields(inner_record(cl, "content"), "Span", SP_NAMES, SP__COUNT,
                               errstr, errstr_size);
  if (!err) err = check_fields(inner_record(cl, "speaker"), "Span", SP_NAMES, SP__COUNT,
                               errstr, errstr_size);
  if (!err) err = check_fields(inner_record(cl, "cue"), "Cue", CU_NAMES, CU__COUNT, errstr,
                               errstr_size);
  if (!err) err = check_fields(er, "EntityRef", ER_NAMES, ER__COUNT, errstr, errstr_size);
  if (!err) err = check_fields(inner_record(cl, "entities"), "EntityRef", ER_NAMES, ER__COUNT,
                               errstr, errstr_size);
  if (!err) err = check_fields(inner_record(cl, "numbers"), "Number", NU_NAMES, NU__COUNT,
                               errstr, errstr_size);
  if (!err) err = check_enum(avro_schema_record_field_get(er, "type"), "EntityRef.type",
                             CW_ENT__COUNT, entity_type_name_int, errstr, errstr_size);
  if (!err) err = check_enum(avro_schema_record_field_get(cl, "kind"), "Claim.kind",
                             CW_CLAIM__COUNT, claim_kind_name_int, errstr, errstr_size);
  if (!err) err = check_enum(nullable_branch(avro_schema_record_field_get(cl, "speaker_resolution")),
                             "Claim.speaker_resolution", CW_SPKRES__COUNT, spkres_name_int, errstr,
                             errstr_size);
  return err;
}

cw_err_t cw_avro_codec_create(cw_avro_codec_t **out, char *errstr, size_t errstr_size) {
  cw_avro_codec_t *c = cw_calloc(1, sizeof *c);
  cw_err_t err = CW_OK;
  *out = NULL;
  for (int i = 0; i < SCH__COUNT; i++) {
    codec_schema_t *s = &c->sch[i];
    const char *text = cw_schema_text(SCHEMA_FILES[i]);
    char what[128];
    if (!text) {
      snprintf(errstr, errstr_size, "avro schema %s is not embedded in the binary",
               SCHEMA_FILES[i]);
      err = CW_ERR_NOT_FOUND;
      goto out;
    }
    err = cw_avro_fingerprint(text, strlen(text), &s->fingerprint, errstr, errstr_size);
    if (err)
      goto out;
    if (avro_schema_from_json_length(text, strlen(text), &s->schema) != 0) {
      snprintf(what, sizeof what, "avro schema %s", SCHEMA_FILES[i]);
      copy_avro_error(errstr, errstr_size, what);
      s->schema = NULL;
      err = CW_ERR_AVRO;
      goto out;
    }
    s->iface = avro_generic_class_from_schema(s->schema);
    if (!s->iface || avro_generic_value_new(s->iface, &s->value) != 0) {
      snprintf(what, sizeof what, "avro value for %s", SCHEMA_FILES[i]);
      copy_avro_error(errstr, errstr_size, what);
      err = CW_ERR_AVRO;
      goto out;
    }
    s->has_value = 1;
    s->registry_id = -1;
  }
  err = check_layout(c, errstr, errstr_size);
  if (err)
    goto out;
  c->scratch_cap = ENC_SCRATCH_INITIAL;
  c->scratch = cw_malloc(c->scratch_cap);
  c->writer = avro_writer_memory(c->scratch, (int64_t)c->scratch_cap);
  if (!c->writer) {
    copy_avro_error(errstr, errstr_size, "avro memory writer");
    err = CW_ERR_AVRO;
    goto out;
  }
  c->frame = CW_AVRO_FRAME_SINGLE_OBJECT;
  *out = c;
  c = NULL;
out:
  cw_avro_codec_destroy(&c);
  return err;
}

void cw_avro_codec_destroy(cw_avro_codec_t **cp) {
  cw_avro_codec_t *c = cp ? *cp : NULL;
  if (!c)
    return;
  for (int i = 0; i < SCH__COUNT; i++) {
    if (c->sch[i].has_value)
      avro_value_decref(&c->sch[i].value);
    if (c->sch[i].iface)
      avro_value_iface_decref(c->sch[i].iface);
    if (c->sch[i].schema)
      avro_schema_decref(c->sch[i].schema);
  }
  if (c->writer)
    avro_writer_free(c->writer);
  free(c->scratch);
  free(c);
  *cp = NULL;
}

void cw_avro_codec_set_extractor_version(cw_avro_codec_t *c, const char *version) {
  c->extractor_version = version;
}

void cw_avro_codec_set_framing(cw_avro_codec_t *c, cw_avro_frame_t frame,
                               int32_t entities_schema_id, int32_t claims_schema_id) {
  c->frame = frame;
  c->sch[SCH_ENTITIES].registry_id = frame == CW_AVRO_FRAME_CONFLUENT ? entities_schema_id : -1;
  c->sch[SCH_CLAIMS].registry_id = frame == CW_AVRO_FRAME_CONFLUENT ? claims_schema_id : -1;
}

size_t cw_avro_confluent_string_key(int32_t schema_id, const char *s, size_t n, uint8_t *out,
                                    size_t out_size) {
  size_t o = 0;
  if (out_size < CW_AVRO_KEY_MAX(n))
    return 0;
  uint32_t id = (uint32_t)schema_id;
  out[o++] = 0;
  out[o++] = (uint8_t)(id >> 24);
  out[o++] = (uint8_t)(id >> 16);
  out[o++] = (uint8_t)(id >> 8);
  out[o++] = (uint8_t)id;
  /* Avro long: zig-zag (a length is never negative, so just n << 1), then 7-bit groups. */
  uint64_t z = (uint64_t)n << 1;
  do {
    uint8_t byte = (uint8_t)(z & 0x7f);
    z >>= 7;
    out[o++] = (uint8_t)(byte | (z ? 0x80 : 0));
  } while (z);
  memcpy(out + o, s, n);
  return o + n;
}

uint64_t cw_avro_codec_fingerprint(const cw_avro_codec_t *c, const char *schema_file) {
  for (int i = 0; c && schema_file && i < SCH__COUNT; i++)
    if (strcmp(schema_file, SCHEMA_FILES[i]) == 0)
      return c->sch[i].fingerprint;
  return 0;
}

/* ==== Encoding ==== */

/* Every setter below reports through this: the avro-c reason plus which field failed. */
typedef struct {
  char *errstr;
  size_t errstr_size;
  cw_err_t err;
} enc_t;

static int enc_fail_avro(enc_t *e, const char *field) {
  if (!e->err) {
    copy_avro_error(e->errstr, e->errstr_size, field);
    e->err = CW_ERR_AVRO;
  }
  return -1;
}

static int enc_fail(enc_t *e, cw_err_t err, const char *field, const char *why) {
  if (!e->err) {
    snprintf(e->errstr, e->errstr_size, "avro encode: %s: %s", field, why);
    e->err = err;
  }
  return -1;
}

static int field(enc_t *e, avro_value_t *rec, int ix, avro_value_t *f, const char *name) {
  if (avro_value_get_by_index(rec, (size_t)ix, f, NULL) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_str(enc_t *e, avro_value_t *rec, int ix, const char *s, const char *name) {
  avro_value_t f;
  if (!s)
    return enc_fail(e, CW_ERR_INVALID, name, "required string is missing");
  if (field(e, rec, ix, &f, name) || avro_value_set_string_len(&f, s, strlen(s) + 1) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_opt_str(enc_t *e, avro_value_t *rec, int ix, const char *s, const char *name) {
  avro_value_t f, b;
  if (field(e, rec, ix, &f, name))
    return -1;
  if (avro_value_set_branch(&f, s ? 1 : 0, &b) != 0 ||
      (s ? avro_value_set_string_len(&b, s, strlen(s) + 1) : avro_value_set_null(&b)) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_int(enc_t *e, avro_value_t *rec, int ix, int64_t v, const char *name) {
  avro_value_t f;
  if (v < INT32_MIN || v > INT32_MAX)
    return enc_fail(e, CW_ERR_INVALID, name, "value out of the range of an Avro int");
  if (field(e, rec, ix, &f, name) || avro_value_set_int(&f, (int32_t)v) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_bool(enc_t *e, avro_value_t *rec, int ix, int v, const char *name) {
  avro_value_t f;
  if (field(e, rec, ix, &f, name) || avro_value_set_boolean(&f, v != 0) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_long(enc_t *e, avro_value_t *rec, int ix, int64_t v, const char *name) {
  avro_value_t f;
  if (field(e, rec, ix, &f, name) || avro_value_set_long(&f, v) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

/* A nullable int or long: @p present selects the branch. */
static int set_opt_num(enc_t *e, avro_value_t *rec, int ix, int present, int64_t v, int is_long,
                       const char *name) {
  avro_value_t f, b;
  int rc;
  if (field(e, rec, ix, &f, name))
    return -1;
  if (avro_value_set_branch(&f, present ? 1 : 0, &b) != 0)
    return enc_fail_avro(e, name);
  if (!present)
    rc = avro_value_set_null(&b);
  else if (is_long)
    rc = avro_value_set_long(&b, v);
  else if (v < INT32_MIN || v > INT32_MAX)
    return enc_fail(e, CW_ERR_INVALID, name, "value out of the range of an Avro int");
  else
    rc = avro_value_set_int(&b, (int32_t)v);
  return rc ? enc_fail_avro(e, name) : 0;
}

/* A nullable double. */
static int set_opt_double(enc_t *e, avro_value_t *rec, int ix, int present, double v,
                          const char *name) {
  avro_value_t f, b;
  if (field(e, rec, ix, &f, name))
    return -1;
  if (avro_value_set_branch(&f, present ? 1 : 0, &b) != 0 ||
      (present ? avro_value_set_double(&b, v) : avro_value_set_null(&b)) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

/* The entity id of @p en: the engine's, else computed (cw_entity_id()) into @p buf. */
static const char *entity_id_of(const cw_entity_t *en, char buf[CW_ENTITY_ID_MAX]) {
  if (en->id)
    return en->id;
  return cw_entity_id(en->type, en->canonical, en->normalized, buf, CW_ENTITY_ID_MAX) ? buf
                                                                                      : NULL;
}

static int set_enum(enc_t *e, avro_value_t *rec, int ix, int v, int count, const char *name) {
  avro_value_t f;
  if (v < 0 || v >= count)
    return enc_fail(e, CW_ERR_INVALID, name, "enum value out of range");
  if (field(e, rec, ix, &f, name) || avro_value_set_enum(&f, v) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

/* Sets the enum value @p f itself (a union's branch) to @p v. */
static int set_enum_value(enc_t *e, avro_value_t *f, int v, int count, const char *name) {
  if (v < 0 || v >= count)
    return enc_fail(e, CW_ERR_INVALID, name, "enum value out of range");
  if (avro_value_set_enum(f, v) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_span_rec(enc_t *e, avro_value_t *rec, cw_span_t span, const char *text,
                        const char *name) {
  if (set_int(e, rec, SP_START, span.start, name) || set_int(e, rec, SP_END, span.end, name))
    return -1;
  return set_str(e, rec, SP_TEXT, text, name);
}

static cw_err_t render_json(const codec_schema_t *s, const void *datum, size_t len,
                           cw_buf_t *json, char *errstr, size_t errstr_size);

/* Writes the datum of @p s into out with the selected framing in front, or as JSON. */
static cw_err_t finish(cw_avro_codec_t *c, codec_schema_t *s, cw_buf_t *out, char *errstr,
                       size_t errstr_size) {
  unsigned char hdr[CW_AVRO_SOE_HEADER_LEN];
  size_t hlen = 0;
  cw_err_t err;
  int rc;
  for (;;) {
    avro_writer_memory_set_dest(c->writer, c->scratch, (int64_t)c->scratch_cap);
    rc = avro_value_write(c->writer, &s->value);
    if (rc != ENOSPC)
      break;
    /* Too big for the scratch: grow it, unless the record could not fit the output anyway. */
    if (c->scratch_cap >= out->max) {
      snprintf(errstr, errstr_size, "avro encode: record larger than %zu bytes", out->max);
      return CW_ERR_TOO_LARGE;
    }
    c->scratch_cap *= 2;
    c->scratch = cw_realloc(c->scratch, c->scratch_cap);
  }
  if (rc != 0) {
    copy_avro_error(errstr, errstr_size, "avro encode");
    return CW_ERR_AVRO;
  }
  if (c->frame == CW_AVRO_FRAME_JSON) {
    /* The datum just written, rendered by the decoder: the JSON is that record exactly. */
    cw_buf_reset(out);
    return render_json(s, c->scratch, (size_t)avro_writer_tell(c->writer), out, errstr,
                       errstr_size);
  }
  if (c->frame == CW_AVRO_FRAME_SINGLE_OBJECT) {
    hdr[0] = 0xC3;
    hdr[1] = 0x01;
    for (int i = 0; i < 8; i++)
      hdr[2 + i] = (unsigned char)(s->fingerprint >> (8 * i));
    hlen = CW_AVRO_SOE_HEADER_LEN;
  } else if (c->frame == CW_AVRO_FRAME_CONFLUENT) {
    if (s->registry_id < 0) {
      snprintf(errstr, errstr_size, "avro encode: no registry schema id configured");
      return CW_ERR_CONFIG;
    }
    hdr[0] = 0;
    for (int i = 0; i < 4; i++)
      hdr[1 + i] = (unsigned char)((uint32_t)s->registry_id >> (24 - 8 * i));
    hlen = CW_AVRO_CONFLUENT_HEADER_LEN;
  }
  cw_buf_reset(out);
  err = cw_buf_append(out, hdr, hlen);
  if (!err)
    err = cw_buf_append(out, c->scratch, (size_t)avro_writer_tell(c->writer));
  if (err)
    snprintf(errstr, errstr_size, "avro encode: record larger than %zu bytes", out->max);
  return err;
}

cw_err_t cw_avro_encode_entities(cw_avro_codec_t *c, const cw_article_t *a,
                                 const cw_result_t *r, int64_t processed_at_ms, cw_buf_t *out,
                                 char *errstr, size_t errstr_size) {
  codec_schema_t *s = &c->sch[SCH_ENTITIES];
  avro_value_t *root = &s->value, arr, ent, mens, men;
  enc_t e = {errstr, errstr_size, CW_OK};
  int has_origin = a->origin.topic != NULL;
  avro_value_reset(root);
  if (set_str(&e, root, AE_ARTICLE_ID, a->id, "article_id") ||
      set_opt_str(&e, root, AE_URL, a->url, "url") ||
      set_opt_str(&e, root, AE_SOURCE, a->source, "source") ||
      set_opt_str(&e, root, AE_TITLE, a->title, "title") ||
      set_opt_str(&e, root, AE_LANGUAGE, a->language, "language") ||
      set_opt_num(&e, root, AE_PUBLISHED_AT, a->published_at_ms != INT64_MIN,
                  a->published_at_ms, 1, "published_at") ||
      set_opt_num(&e, root, AE_INGESTED_AT, a->origin.timestamp_ms >= 0,
                  a->origin.timestamp_ms, 1, "ingested_at") ||
      set_long(&e, root, AE_PROCESSED_AT, processed_at_ms, "processed_at") ||
      set_opt_str(&e, root, AE_ORIGIN_TOPIC, a->origin.topic, "origin_topic") ||
      set_opt_num(&e, root, AE_ORIGIN_PARTITION, has_origin, a->origin.partition, 0,
                  "origin_partition") ||
      set_opt_num(&e, root, AE_ORIGIN_OFFSET, has_origin, a->origin.offset, 1,
                  "origin_offset") ||
      set_str(&e, root, AE_EXTRACTOR_VERSION, version_of(c), "extractor_version") ||
      field(&e, root, AE_ENTITIES, &arr, "entities"))
    goto out;
  for (size_t i = 0; i < r->n_entities; i++) {
    const cw_entity_t *en = &r->entities[i];
    if (avro_value_append(&arr, &ent, NULL) != 0) {
      enc_fail_avro(&e, "entities");
      goto out;
    }
    if (set_str(&e, &ent, EN_CANONICAL, en->canonical, "entities.canonical") ||
        set_enum(&e, &ent, EN_TYPE, (int)en->type, CW_ENT__COUNT, "entities.type") ||
        field(&e, &ent, EN_SALIENCE, &men, "entities.salience"))
      goto out;
    if (avro_value_set_double(&men, en->salience) != 0) {
      enc_fail_avro(&e, "entities.salience");
      goto out;
    }
    if (set_opt_str(&e, &ent, EN_NORMALIZED, en->normalized, "entities.normalized") ||
        set_opt_str(&e, &ent, EN_QUALIFIER, en->qualifier, "entities.qualifier") ||
        field(&e, &ent, EN_MENTIONS, &mens, "entities.mentions"))
      goto out;
    for (size_t m = 0; m < en->n_mentions; m++) {
      const cw_mention_t *mn = &en->mentions[m];
      if (avro_value_append(&mens, &men, NULL) != 0) {
        enc_fail_avro(&e, "entities.mentions");
        goto out;
      }
      if (set_int(&e, &men, MN_START, mn->span.start, "mentions.start") ||
          set_int(&e, &men, MN_END, mn->span.end, "mentions.end") ||
          set_str(&e, &men, MN_TEXT, mn->text, "mentions.text") ||
          set_int(&e, &men, MN_SENTENCE, mn->sentence, "mentions.sentence"))
        goto out;
    }
    char idbuf[CW_ENTITY_ID_MAX];
    if (set_opt_str(&e, &ent, EN_ENTITY_ID, entity_id_of(en, idbuf), "entities.entity_id") ||
        set_opt_str(&e, &ent, EN_ISO_CODE, en->iso_code, "entities.iso_code") ||
        set_opt_double(&e, &ent, EN_LATITUDE, en->has_coords, en->latitude,
                       "entities.latitude") ||
        set_opt_double(&e, &ent, EN_LONGITUDE, en->has_coords, en->longitude,
                       "entities.longitude"))
      goto out;
  }
  if (set_bool(&e, root, AE_CAPPED, r->capped, "capped"))
    goto out;
  e.err = finish(c, s, out, errstr, errstr_size);
out:
  return e.err;
}

static int is_number_type(cw_entity_type_t t) {
  return t == CW_ENT_NUMBER || t == CW_ENT_MONEY || t == CW_ENT_PERCENT;
}

/* The mention of @p en that a claim's content shows: the first inside the content, else the
 * first overlapping it, else NULL. */
static const cw_mention_t *mention_in(const cw_entity_t *en, cw_span_t content) {
  const cw_mention_t *overlap = NULL;
  for (size_t m = 0; m < en->n_mentions; m++) {
    cw_span_t s = en->mentions[m].span;
    if (s.start >= content.start && s.end <= content.end)
      return &en->mentions[m];
    if (!overlap && s.start < content.end && s.end > content.start)
      overlap = &en->mentions[m];
  }
  return overlap;
}

static int set_entity_ref(enc_t *e, avro_value_t *rec, const cw_result_t *r, int32_t ix) {
  const cw_entity_t *en = &r->entities[ix];
  char idbuf[CW_ENTITY_ID_MAX];
  if (set_int(e, rec, ER_INDEX, ix, "entity.index") ||
      set_str(e, rec, ER_CANONICAL, en->canonical, "entity.canonical") ||
      set_enum(e, rec, ER_TYPE, (int)en->type, CW_ENT__COUNT, "entity.type"))
    return -1;
  return set_opt_str(e, rec, ER_ENTITY_ID, entity_id_of(en, idbuf), "entity.entity_id");
}

cw_err_t cw_avro_encode_claim(cw_avro_codec_t *c, const cw_article_t *a, const cw_result_t *r,
                              size_t claim_index, int64_t processed_at_ms, cw_buf_t *out,
                              char *errstr, size_t errstr_size) {
  codec_schema_t *s = &c->sch[SCH_CLAIMS];
  avro_value_t *root = &s->value, f, b, ents, nums, item;
  enc_t e = {errstr, errstr_size, CW_OK};
  const cw_claim_t *cl;
  if (claim_index >= r->n_claims) {
    snprintf(errstr, errstr_size, "avro encode: claim %zu of %zu", claim_index, r->n_claims);
    return CW_ERR_INVALID;
  }
  cl = &r->claims[claim_index];
  avro_value_reset(root);
  if (set_str(&e, root, CL_CLAIM_ID, cl->id, "claim_id") ||
      set_str(&e, root, CL_ARTICLE_ID, a->id, "article_id") ||
      set_int(&e, root, CL_CLAIM_INDEX, (int64_t)claim_index, "claim_index") ||
      set_opt_num(&e, root, CL_PUBLISHED_AT, a->published_at_ms != INT64_MIN,
                  a->published_at_ms, 1, "published_at") ||
      set_long(&e, root, CL_PROCESSED_AT, processed_at_ms, "processed_at") ||
      set_str(&e, root, CL_EXTRACTOR_VERSION, version_of(c), "extractor_version") ||
      set_enum(&e, root, CL_KIND, (int)cl->kind, CW_CLAIM__COUNT, "kind") ||
      field(&e, root, CL_CONTENT, &f, "content") ||
      set_span_rec(&e, &f, cl->content, cl->content_text, "content"))
    goto out;

  if (field(&e, root, CL_CUE, &f, "cue"))
    goto out;
  if (avro_value_set_branch(&f, cl->has_cue ? 1 : 0, &b) != 0) {
    enc_fail_avro(&e, "cue");
    goto out;
  }
  if (!cl->has_cue) {
    if (avro_value_set_null(&b) != 0) {
      enc_fail_avro(&e, "cue");
      goto out;
    }
  } else if (set_int(&e, &b, CU_START, cl->cue.start, "cue.start") ||
             set_int(&e, &b, CU_END, cl->cue.end, "cue.end") ||
             set_str(&e, &b, CU_TEXT, cl->cue_text, "cue.text") ||
             set_str(&e, &b, CU_LEMMA, cl->cue_lemma ? cl->cue_lemma : cl->cue_text,
                     "cue.lemma")) {
    goto out;
  }

  if (field(&e, root, CL_SPEAKER, &f, "speaker"))
    goto out;
  if (avro_value_set_branch(&f, cl->has_source ? 1 : 0, &b) != 0) {
    enc_fail_avro(&e, "speaker");
    goto out;
  }
  if (!cl->has_source) {
    if (avro_value_set_null(&b) != 0) {
      enc_fail_avro(&e, "speaker");
      goto out;
    }
  } else if (set_span_rec(&e, &b, cl->source, cl->source_text, "speaker")) {
    goto out;
  }

  if (cl->speaker_entity >= 0 && (size_t)cl->speaker_entity >= r->n_entities) {
    enc_fail(&e, CW_ERR_INVALID, "speaker_entity", "index out of range");
    goto out;
  }
  if (field(&e, root, CL_SPEAKER_ENTITY, &f, "speaker_entity"))
    goto out;
  if (avro_value_set_branch(&f, cl->speaker_entity >= 0 ? 1 : 0, &b) != 0) {
    enc_fail_avro(&e, "speaker_entity");
    goto out;
  }
  if (cl->speaker_entity < 0) {
    if (avro_value_set_null(&b) != 0) {
      enc_fail_avro(&e, "speaker_entity");
      goto out;
    }
  } else if (set_entity_ref(&e, &b, r, cl->speaker_entity)) {
    goto out;
  }

  if (field(&e, root, CL_ENTITIES, &ents, "entities") ||
      field(&e, root, CL_NUMBERS, &nums, "numbers"))
    goto out;
  for (size_t i = 0; i < cl->n_entities; i++) {
    int32_t ix = cl->entities[i];
    const cw_entity_t *en;
    const cw_mention_t *mn;
    if (ix < 0 || (size_t)ix >= r->n_entities) {
      enc_fail(&e, CW_ERR_INVALID, "entities", "index out of range");
      goto out;
    }
    en = &r->entities[ix];
    if (avro_value_append(is_number_type(en->type) ? &nums : &ents, &item, NULL) != 0) {
      enc_fail_avro(&e, "entities");
      goto out;
    }
    if (!is_number_type(en->type)) {
      if (set_entity_ref(&e, &item, r, ix))
        goto out;
      continue;
    }
    mn = mention_in(en, cl->content);
    if (set_int(&e, &item, NU_INDEX, ix, "numbers.index") ||
        set_enum(&e, &item, NU_TYPE, (int)en->type, CW_ENT__COUNT, "numbers.type") ||
        set_str(&e, &item, NU_TEXT, mn && mn->text ? mn->text : en->canonical, "numbers.text") ||
        set_opt_str(&e, &item, NU_NORMALIZED, en->normalized, "numbers.normalized") ||
        set_opt_str(&e, &item, NU_QUALIFIER, en->qualifier, "numbers.qualifier"))
      goto out;
  }
  if (set_bool(&e, root, CL_CONTENT_TRUNCATED, cl->content_truncated, "content_truncated") ||
      set_bool(&e, root, CL_CAPPED, r->capped, "capped") ||
      set_opt_str(&e, root, CL_URL, a->url, "url") ||
      set_opt_str(&e, root, CL_TITLE, a->title, "title") ||
      set_opt_str(&e, root, CL_SOURCE, a->source, "article_source") ||
      set_opt_str(&e, root, CL_LANGUAGE, a->language, "language") ||
      field(&e, root, CL_SPEAKER_RESOLUTION, &f, "speaker_resolution"))
    goto out;
  if (avro_value_set_branch(&f, 1, &b) != 0) {
    enc_fail_avro(&e, "speaker_resolution");
    goto out;
  }
  if (set_enum_value(&e, &b, (int)cl->speaker_resolution, CW_SPKRES__COUNT,
                     "speaker_resolution"))
    goto out;
  e.err = finish(c, s, out, errstr, errstr_size);
out:
  return e.err;
}

/* ==== Decoding ==== */

typedef struct {
  const unsigned char *p, *end;
  cw_buf_t *json;
  char *errstr;
  size_t errstr_size;
} dec_t;

static cw_err_t dec_fail(dec_t *d, const char *why) {
  snprintf(d->errstr, d->errstr_size, "avro decode: %s", why);
  return CW_ERR_FORMAT;
}

static cw_err_t dec_out(dec_t *d, cw_err_t err) {
  if (err)
    snprintf(d->errstr, d->errstr_size, "avro decode: JSON output larger than %zu bytes",
             d->json->max);
  return err;
}

/* Zig-zag varint of at most 10 bytes (the Avro long). */
static cw_err_t read_long(dec_t *d, int64_t *v) {
  uint64_t u = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    unsigned char b;
    if (d->p >= d->end)
      return dec_fail(d, "truncated varint");
    b = *d->p++;
    if (shift == 63 && (b & 0x7e))
      return dec_fail(d, "varint overflows 64 bits");
    u |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
      return CW_OK;
    }
  }
  return dec_fail(d, "varint longer than 10 bytes");
}

/* Length prefix of bytes/string: non-negative and within the remaining input. */
static cw_err_t read_len(dec_t *d, size_t *n) {
  int64_t v;
  cw_err_t err = read_long(d, &v);
  if (err)
    return err;
  if (v < 0 || (uint64_t)v > (uint64_t)(d->end - d->p))
    return dec_fail(d, "length out of range");
  *n = (size_t)v;
  return CW_OK;
}

/* Bytes and fixed are written as JSON strings of code points U+0000..U+00FF (Avro JSON encoding). */
static cw_err_t put_bytes(dec_t *d, const unsigned char *s, size_t n) {
  cw_err_t err = cw_buf_putc(d->json, '"');
  for (size_t i = 0; !err && i < n; i++)
    err = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
              ? cw_buf_putc(d->json, (char)s[i])
              : cw_buf_printf(d->json, "\\u%04x", s[i]);
  if (!err)
    err = cw_buf_putc(d->json, '"');
  return dec_out(d, err);
}

/* Shortest form that reads back to the same double; non-finite values have no JSON form. */
static cw_err_t put_double(dec_t *d, double v) {
  char tmp[40];
  if (!isfinite(v))
    return dec_out(d, cw_buf_puts(d->json, "null"));
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (strtod(tmp, NULL) == v)
      break;
  }
  return dec_out(d, cw_buf_puts(d->json, tmp));
}

static cw_err_t dec_value(dec_t *d, avro_schema_t s, int depth);

/* Arrays and maps: blocks of items, a negative count announcing a byte size, 0 ending. */
static cw_err_t dec_blocks(dec_t *d, avro_schema_t s, int is_map, int depth) {
  avro_schema_t items = is_map ? avro_schema_map_values(s) : avro_schema_array_items(s);
  size_t n_total = 0;
  cw_err_t err = dec_out(d, cw_buf_putc(d->json, is_map ? '{' : '['));
  for (;;) {
    int64_t count, bytes = -1;
    const unsigned char *block_start;
    if (err)
      return err;
    err = read_long(d, &count);
    if (err || count == 0)
      break;
    if (count < 0) {
      if (count == INT64_MIN)
        return dec_fail(d, "block count out of range");
      count = -count;
      err = read_long(d, &bytes);
      if (err)
        return err;
      if (bytes < 0 || (uint64_t)bytes > (uint64_t)(d->end - d->p))
        return dec_fail(d, "block size out of range");
    }
    /* Every item of a non-null type takes at least one byte: a larger count is a lie that would
     * otherwise spin for a long time. */
    if ((uint64_t)count > (uint64_t)(d->end - d->p) + (is_avro_null(resolve(items)) ? 1u << 20 : 0))
      return dec_fail(d, "block count larger than the input");
    block_start = d->p;
    for (int64_t i = 0; !err && i < count; i++, n_total++) {
      if (n_total)
        err = dec_out(d, cw_buf_putc(d->json, ','));
      if (!err && is_map) {
        size_t n;
        err = read_len(d, &n);
        if (!err && cw_utf8_validate((const char *)d->p, n, NULL, NULL) != CW_OK)
          err = dec_fail(d, "map key is not UTF-8");
        if (!err)
          err = dec_out(d, cw_buf_json_str(d->json, (const char *)d->p, n));
        if (!err)
          err = dec_out(d, cw_buf_putc(d->json, ':'));
        d->p += err ? 0 : n;
      }
      if (!err)
        err = dec_value(d, items, depth + 1);
    }
    if (!err && bytes >= 0 && d->p - block_start != bytes)
      return dec_fail(d, "block size does not match its items");
  }
  if (!err)
    err = dec_out(d, cw_buf_putc(d->json, is_map ? '}' : ']'));
  return err;
}

static cw_err_t dec_value(dec_t *d, avro_schema_t s, int depth) {
  int64_t v;
  size_t n;
  cw_err_t err = CW_OK;
  s = resolve(s);
  if (depth > DEC_MAX_DEPTH)
    return dec_fail(d, "nested too deeply");
  switch (avro_typeof(s)) {
  case AVRO_NULL:
    return dec_out(d, cw_buf_puts(d->json, "null"));
  case AVRO_BOOLEAN:
    if (d->p >= d->end || *d->p > 1)
      return dec_fail(d, "bad boolean");
    return dec_out(d, cw_buf_puts(d->json, *d->p++ ? "true" : "false"));
  case AVRO_INT32:
  case AVRO_INT64:
    err = read_long(d, &v);
    if (!err && avro_typeof(s) == AVRO_INT32 && (v < INT32_MIN || v > INT32_MAX))
      err = dec_fail(d, "int out of range");
    return err ? err : dec_out(d, cw_buf_printf(d->json, "%" PRId64, v));
  case AVRO_FLOAT:
  case AVRO_DOUBLE: {
    size_t w = avro_typeof(s) == AVRO_FLOAT ? 4 : 8;
    uint64_t bits = 0;
    if ((size_t)(d->end - d->p) < w)
      return dec_fail(d, "truncated floating-point value");
    for (size_t i = 0; i < w; i++)
      bits |= (uint64_t)d->p[i] << (8 * i);
    d->p += w;
    if (w == 4) {
      uint32_t b32 = (uint32_t)bits;
      float f;
      memcpy(&f, &b32, 4);
      return put_double(d, f);
    }
    double dv;
    memcpy(&dv, &bits, 8);
    return put_double(d, dv);
  }
  case AVRO_BYTES:
    err = read_len(d, &n);
    if (!err)
      err = put_bytes(d, d->p, n);
    d->p += err ? 0 : n;
    return err;
  case AVRO_STRING:
    err = read_len(d, &n);
    if (!err && cw_utf8_validate((const char *)d->p, n, NULL, NULL) != CW_OK)
      err = dec_fail(d, "string is not UTF-8");
    if (!err)
      err = dec_out(d, cw_buf_json_str(d->json, (const char *)d->p, n));
    d->p += err ? 0 : n;
    return err;
  case AVRO_FIXED:
    n = (size_t)avro_schema_fixed_size(s);
    if ((size_t)(d->end - d->p) < n)
      return dec_fail(d, "truncated fixed");
    err = put_bytes(d, d->p, n);
    d->p += err ? 0 : n;
    return err;
  case AVRO_ENUM: {
    const char *sym;
    err = read_long(d, &v);
    if (err)
      return err;
    if (v < 0 || v >= avro_schema_enum_number_of_symbols(s))
      return dec_fail(d, "enum index out of range");
    sym = avro_schema_enum_get(s, (int)v);
    return dec_out(d, cw_buf_json_str(d->json, sym, strlen(sym)));
  }
  case AVRO_UNION:
    err = read_long(d, &v);
    if (err)
      return err;
    if (v < 0 || (uint64_t)v >= avro_schema_union_size(s))
      return dec_fail(d, "union index out of range");
    return dec_value(d, avro_schema_union_branch(s, (int)v), depth + 1);
  case AVRO_RECORD:
    err = dec_out(d, cw_buf_putc(d->json, '{'));
    for (size_t i = 0; !err && i < avro_schema_record_size(s); i++) {
      const char *name = avro_schema_record_field_name(s, (int)i);
      if (i)
        err = dec_out(d, cw_buf_putc(d->json, ','));
      if (!err)
        err = dec_out(d, cw_buf_json_str(d->json, name, strlen(name)));
      if (!err)
        err = dec_out(d, cw_buf_putc(d->json, ':'));
      if (!err)
        err = dec_value(d, avro_schema_record_field_get_by_index(s, (int)i), depth + 1);
    }
    return err ? err : dec_out(d, cw_buf_putc(d->json, '}'));
  case AVRO_ARRAY:
    return dec_blocks(d, s, 0, depth);
  case AVRO_MAP:
    return dec_blocks(d, s, 1, depth);
  default:
    return dec_fail(d, "unsupported schema type");
  }
}

/* Appends the bare datum @p datum of @p s to @p json as one JSON object. */
static cw_err_t render_json(const codec_schema_t *s, const void *datum, size_t len,
                           cw_buf_t *json, char *errstr, size_t errstr_size) {
  size_t mark = json->len;
  dec_t d = {datum, (const unsigned char *)datum + len, json, errstr, errstr_size};
  cw_err_t err = dec_value(&d, s->schema, 0);
  if (!err && d.p != d.end) {
    snprintf(errstr, errstr_size, "avro decode: %zu bytes after the record",
             (size_t)(d.end - d.p));
    err = CW_ERR_FORMAT;
  }
  if (err) {
    /* Leave no half-written object behind in the caller's buffer. */
    json->len = mark;
    if (json->p)
      json->p[mark] = '\0';
  }
  return err;
}

cw_err_t cw_avro_decode_to_json(cw_avro_codec_t *c, const void *data, size_t len,
                                cw_buf_t *json, char *errstr, size_t errstr_size) {
  const unsigned char *p = data;
  const codec_schema_t *s = NULL;
  size_t hlen = 0;
  if (len >= CW_AVRO_SOE_HEADER_LEN && p[0] == 0xC3 && p[1] == 0x01) {
    uint64_t fp = 0;
    for (int i = 0; i < 8; i++)
      fp |= (uint64_t)p[2 + i] << (8 * i);
    for (int i = 0; i < SCH__COUNT; i++)
      if (c->sch[i].fingerprint == fp)
        s = &c->sch[i];
    if (!s) {
      snprintf(errstr, errstr_size, "avro decode: unknown schema fingerprint %016" PRIx64, fp);
      return CW_ERR_FORMAT;
    }
    hlen = CW_AVRO_SOE_HEADER_LEN;
  } else if (len >= CW_AVRO_CONFLUENT_HEADER_LEN && p[0] == 0) {
    int32_t id = (int32_t)(((uint32_t)p[1] << 24) | ((uint32_t)p[2] << 16) |
                           ((uint32_t)p[3] << 8) | p[4]);
    for (int i = 0; i < SCH__COUNT; i++)
      if (c->sch[i].registry_id >= 0 && c->sch[i].registry_id == id)
        s = &c->sch[i];
    if (!s) {
      snprintf(errstr, errstr_size, "avro decode: schema registry id %" PRId32
               " is not one of this codec's schemas", id);
      return CW_ERR_FORMAT;
    }
    hlen = CW_AVRO_CONFLUENT_HEADER_LEN;
  } else {
    snprintf(errstr, errstr_size, "avro decode: no single-object header (C3 01) in %zu bytes",
             len);
    return CW_ERR_FORMAT;
  }
  return render_json(s, p + hlen, len - hlen, json, errstr, errstr_size);
}
