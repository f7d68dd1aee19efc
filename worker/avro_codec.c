/* avro_codec.c - the Avro codec (see avro_codec.h; the record layouts are
 * schemas/entities.avsc and schemas/claims.avsc): schemas parsed and their field positions
 * checked at create time, fingerprints, registry ids and framing. Encoding is avro_encode.c,
 * decoding to JSON avro_decode.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include "avro_canon.h"
#include "avro_codec_int.h"
#include "cw_alloc.h"
#include "schemas.h"

static const char *const AE_NAMES[] = {"article_id", "url", "source", "title", "language",
  "published_at", "ingested_at", "processed_at", "origin_topic", "origin_partition",
  "origin_offset", "extractor_version", "entities", "capped", NULL};

static const char *const EN_NAMES[] = {"canonical", "type", "salience", "normalized",
                                       "qualifier", "mentions", "entity_id", "iso_code",
                                       "latitude", "longitude", NULL};

static const char *const MN_NAMES[] = {"start", "end", "text", "sentence", NULL};

static const char *const CL_NAMES[] = {"claim_id", "article_id", "claim_index", "published_at",
  "processed_at", "extractor_version", "kind", "content", "cue", "speaker", "speaker_entity",
  "entities", "numbers", "content_truncated", "capped", "url", "title", "article_source", "language",
  "speaker_resolution", "content_parts", NULL};

static const char *const SP_NAMES[] = {"start", "end", "text", NULL};

static const char *const CU_NAMES[] = {"start", "end", "text", "lemma", NULL};

static const char *const ER_NAMES[] = {"index", "canonical", "type", "entity_id", NULL};

static const char *const NU_NAMES[] = {"index", "type", "text", "normalized", "qualifier", NULL};

static const char *const SCHEMA_FILES[SCH__COUNT] = {CW_AVRO_SCHEMA_ENTITIES,
                                                     CW_AVRO_SCHEMA_CLAIMS};

void avro_copy_error(char *errstr, size_t errstr_size, const char *what) {
  /* avro_strerror() may be one static buffer shared by all threads: copy it at once. */
  snprintf(errstr, errstr_size, "%s: %s", what, avro_strerror());
}

/* ==== Create / destroy ==== */


/* The record behind field @p name of @p rec: through nullable unions and arrays. */
static avro_schema_t inner_record(avro_schema_t rec, const char *name) {
  avro_schema_t s = avro_link_resolve(avro_schema_record_field_get(rec, name));
  for (int hops = 0; s && hops < 4 && !is_avro_record(s); hops++) {
    if (is_avro_union(s) && avro_schema_union_size(s) == 2)
      s = avro_link_resolve(avro_schema_union_branch(s, 1));
    else if (is_avro_array(s))
      s = avro_link_resolve(avro_schema_array_items(s));
    else
      return NULL;
  }
  return s && is_avro_record(s) ? s : NULL;
}

/* The non-null branch of a ["null", T] union, or @p s itself when it is no such union. */
static avro_schema_t nullable_branch(avro_schema_t s) {
  s = avro_link_resolve(s);
  if (s && is_avro_union(s) && avro_schema_union_size(s) == 2)
    return avro_link_resolve(avro_schema_union_branch(s, 1));
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
  e = avro_link_resolve(e);
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
  if (!err) err = check_fields(inner_record(cl, "content_parts"), "Span", SP_NAMES, SP__COUNT,
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
      avro_copy_error(errstr, errstr_size, what);
      s->schema = NULL;
      err = CW_ERR_AVRO;
      goto out;
    }
    s->registry_id = -1;
  }
  err = check_layout(c, errstr, errstr_size);
  if (err)
    goto out;
  c->tree = cw_avro_tree_create();
  c->scratch_cap = ENC_SCRATCH_INITIAL;
  c->scratch = cw_malloc(c->scratch_cap);
  c->writer = avro_writer_memory(c->scratch, (int64_t)c->scratch_cap);
  if (!c->writer) {
    avro_copy_error(errstr, errstr_size, "avro memory writer");
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
    if (c->sch[i].schema)
      avro_schema_decref(c->sch[i].schema);
  }
  if (c->writer)
    avro_writer_free(c->writer);
  cw_avro_tree_destroy(&c->tree);
  free(c->ids);
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
