/* avro_encode.c - an article's extraction result to Avro records (entities, then one claim
 * at a time): builds the record as the codec's node tree (avro_tree.h), has avro-c write it
 * into a reusable memory writer, then frames it (single object, Confluent, or JSON through the
 * decoder). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include "avro_codec_int.h"
#include "avro_tree.h"
#include "cw_alloc.h"

/* ==== Encoding ==== */

/* Every setter below places one field into the record's tree and reports through this. */
typedef struct {
  cw_avro_codec_t *c;
  cw_avro_tree_t *t;
  char *errstr;
  size_t errstr_size;
  cw_err_t err;
} enc_t;

static int enc_fail(enc_t *e, cw_err_t err, const char *field, const char *why) {
  if (!e->err) {
    snprintf(e->errstr, e->errstr_size, "avro encode: %s: %s", field, why);
    e->err = err;
  }
  return -1;
}

static int set_str(enc_t *e, cw_avt_node_t rec, int ix, const char *s, const char *name) {
  if (!s)
    return enc_fail(e, CW_ERR_INVALID, name, "required string is missing");
  cw_avt_string(e->t, rec, ix, s, strlen(s));
  return 0;
}

/* A nullable string: the null branch when @p s is NULL. */
static int set_opt_str(enc_t *e, cw_avt_node_t rec, int ix, const char *s, const char *name) {
  (void)name;
  cw_avt_node_t u = cw_avt_union(e->t, rec, ix, s ? 1 : 0);
  if (s)
    cw_avt_string(e->t, u, 0, s, strlen(s));
  else
    cw_avt_null(e->t, u, 0);
  return 0;
}

static int set_int(enc_t *e, cw_avt_node_t rec, int ix, int64_t v, const char *name) {
  if (v < INT32_MIN || v > INT32_MAX)
    return enc_fail(e, CW_ERR_INVALID, name, "value out of the range of an Avro int");
  cw_avt_int(e->t, rec, ix, (int32_t)v);
  return 0;
}

static int set_bool(enc_t *e, cw_avt_node_t rec, int ix, int v, const char *name) {
  (void)name;
  cw_avt_boolean(e->t, rec, ix, v);
  return 0;
}

static int set_long(enc_t *e, cw_avt_node_t rec, int ix, int64_t v, const char *name) {
  (void)name;
  cw_avt_long(e->t, rec, ix, v);
  return 0;
}

/* A nullable int or long: @p present selects the branch. */
static int set_opt_num(enc_t *e, cw_avt_node_t rec, int ix, int present, int64_t v, int is_long,
                       const char *name) {
  if (present && !is_long && (v < INT32_MIN || v > INT32_MAX))
    return enc_fail(e, CW_ERR_INVALID, name, "value out of the range of an Avro int");
  cw_avt_node_t u = cw_avt_union(e->t, rec, ix, present ? 1 : 0);
  if (!present)
    cw_avt_null(e->t, u, 0);
  else if (is_long)
    cw_avt_long(e->t, u, 0, v);
  else
    cw_avt_int(e->t, u, 0, (int32_t)v);
  return 0;
}

/* A nullable double. */
static int set_opt_double(enc_t *e, cw_avt_node_t rec, int ix, int present, double v,
                          const char *name) {
  (void)name;
  cw_avt_node_t u = cw_avt_union(e->t, rec, ix, present ? 1 : 0);
  if (present)
    cw_avt_double(e->t, u, 0, v);
  else
    cw_avt_null(e->t, u, 0);
  return 0;
}

/* The entity id of entity @p ix into @p rec's field @p ix_field: the engine's, else computed
 * (cw_entity_id()) into the codec's table, which outlives the write. */
static int set_entity_id(enc_t *e, cw_avt_node_t rec, int ix_field, const cw_result_t *r,
                         size_t ix, const char *name) {
  const cw_entity_t *en = &r->entities[ix];
  if (en->id)
    return set_opt_str(e, rec, ix_field, en->id, name);
  cw_avro_codec_t *c = e->c;
  if (c->ids_cap < r->n_entities) {
    c->ids_cap = r->n_entities;
    c->ids = cw_realloc(c->ids, c->ids_cap * sizeof *c->ids);
  }
  return set_opt_str(
      e, rec, ix_field,
      cw_entity_id(en->type, en->canonical, en->normalized, c->ids[ix], CW_ENTITY_ID_MAX)
          ? c->ids[ix]
          : NULL,
      name);
}

static int set_enum(enc_t *e, cw_avt_node_t rec, int ix, int v, int count, const char *name) {
  if (v < 0 || v >= count)
    return enc_fail(e, CW_ERR_INVALID, name, "enum value out of range");
  cw_avt_enum(e->t, rec, ix, v);
  return 0;
}

static int set_span_rec(enc_t *e, cw_avt_node_t rec, cw_span_t span, const char *text,
                        const char *name) {
  if (set_int(e, rec, SP_START, span.start, name) || set_int(e, rec, SP_END, span.end, name))
    return -1;
  return set_str(e, rec, SP_TEXT, text, name);
}

/* Writes the tree's datum (a record of schema @p s) into out with the selected framing in
 * front, or as JSON. */
static cw_err_t finish(cw_avro_codec_t *c, codec_schema_t *s, cw_buf_t *out, char *errstr,
                       size_t errstr_size) {
  unsigned char hdr[CW_AVRO_SOE_HEADER_LEN];
  size_t hlen = 0;
  cw_err_t err;
  for (;;) {
    avro_writer_memory_set_dest(c->writer, c->scratch, (int64_t)c->scratch_cap);
    err = cw_avro_tree_write(c->tree, c->writer, errstr, errstr_size);
    if (err != CW_ERR_TOO_LARGE)
      break;
    /* Too big for the scratch: grow it, unless the record could not fit the output anyway. */
    if (c->scratch_cap >= out->max) {
      snprintf(errstr, errstr_size, "avro encode: record larger than %zu bytes", out->max);
      return CW_ERR_TOO_LARGE;
    }
    c->scratch_cap *= 2;
    c->scratch = cw_realloc(c->scratch, c->scratch_cap);
  }
  if (err)
    return err;
  if (c->frame == CW_AVRO_FRAME_JSON) {
    /* The datum just written, rendered by the decoder: the JSON is that record exactly. */
    cw_buf_reset(out);
    return avro_render_json(s, c->scratch, (size_t)avro_writer_tell(c->writer), out, errstr,
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
  size_t dlen = (size_t)avro_writer_tell(c->writer);
  err = cw_buf_reserve(out, hlen + dlen); /* one allocation for both */
  if (!err)
    err = cw_buf_append(out, hdr, hlen);
  if (!err)
    err = cw_buf_append(out, c->scratch, dlen);
  if (err)
    snprintf(errstr, errstr_size, "avro encode: record larger than %zu bytes", out->max);
  return err;
}

cw_err_t cw_avro_encode_entities(cw_avro_codec_t *c, const cw_article_t *a,
                                 const cw_result_t *r, int64_t processed_at_ms, cw_buf_t *out,
                                 char *errstr, size_t errstr_size) {
  codec_schema_t *s = &c->sch[SCH_ENTITIES];
  enc_t e = {c, c->tree, errstr, errstr_size, CW_OK};
  int has_origin = a->origin.topic != NULL;
  cw_avro_tree_reset(c->tree);
  cw_avt_node_t root = cw_avt_record(c->tree, CW_AVT_ROOT, 0, AE__COUNT), arr;
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
      set_str(&e, root, AE_EXTRACTOR_VERSION, avro_version_of(c), "extractor_version"))
    goto out;
  arr = cw_avt_array(c->tree, root, AE_ENTITIES);
  for (size_t i = 0; i < r->n_entities; i++) {
    const cw_entity_t *en = &r->entities[i];
    cw_avt_node_t ent = cw_avt_record(c->tree, arr, 0, EN__COUNT), mens;
    if (set_str(&e, ent, EN_CANONICAL, en->canonical, "entities.canonical") ||
        set_enum(&e, ent, EN_TYPE, (int)en->type, CW_ENT__COUNT, "entities.type"))
      goto out;
    cw_avt_double(c->tree, ent, EN_SALIENCE, en->salience);
    if (set_opt_str(&e, ent, EN_NORMALIZED, en->normalized, "entities.normalized") ||
        set_opt_str(&e, ent, EN_QUALIFIER, en->qualifier, "entities.qualifier"))
      goto out;
    mens = cw_avt_array(c->tree, ent, EN_MENTIONS);
    for (size_t m = 0; m < en->n_mentions; m++) {
      const cw_mention_t *mn = &en->mentions[m];
      cw_avt_node_t men = cw_avt_record(c->tree, mens, 0, MN__COUNT);
      if (set_int(&e, men, MN_START, mn->span.start, "mentions.start") ||
          set_int(&e, men, MN_END, mn->span.end, "mentions.end") ||
          set_str(&e, men, MN_TEXT, mn->text, "mentions.text") ||
          set_int(&e, men, MN_SENTENCE, mn->sentence, "mentions.sentence"))
        goto out;
    }
    if (set_entity_id(&e, ent, EN_ENTITY_ID, r, i, "entities.entity_id") ||
        set_opt_str(&e, ent, EN_ISO_CODE, en->iso_code, "entities.iso_code") ||
        set_opt_double(&e, ent, EN_LATITUDE, en->has_coords, en->latitude,
                       "entities.latitude") ||
        set_opt_double(&e, ent, EN_LONGITUDE, en->has_coords, en->longitude,
                       "entities.longitude"))
      goto out;
  }
  if (set_bool(&e, root, AE_CAPPED, r->capped, "capped"))
    goto out;
  e.err = finish(c, s, out, errstr, errstr_size);
out:
  cw_avro_tree_reset(c->tree); /* it points into @p a and @p r */
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

/* An EntityRef record of entity @p ix, placed under @p parent at @p ix_field. */
static int set_entity_ref(enc_t *e, cw_avt_node_t parent, int ix_field, const cw_result_t *r,
                          int32_t ix) {
  const cw_entity_t *en = &r->entities[ix];
  cw_avt_node_t rec = cw_avt_record(e->t, parent, ix_field, ER__COUNT);
  if (set_int(e, rec, ER_INDEX, ix, "entity.index") ||
      set_str(e, rec, ER_CANONICAL, en->canonical, "entity.canonical") ||
      set_enum(e, rec, ER_TYPE, (int)en->type, CW_ENT__COUNT, "entity.type"))
    return -1;
  return set_entity_id(e, rec, ER_ENTITY_ID, r, (size_t)ix, "entity.entity_id");
}

cw_err_t cw_avro_encode_claim(cw_avro_codec_t *c, const cw_article_t *a, const cw_result_t *r,
                              size_t claim_index, int64_t processed_at_ms, cw_buf_t *out,
                              char *errstr, size_t errstr_size) {
  codec_schema_t *s = &c->sch[SCH_CLAIMS];
  cw_avro_tree_t *t = c->tree;
  enc_t e = {c, t, errstr, errstr_size, CW_OK};
  const cw_claim_t *cl;
  if (claim_index >= r->n_claims) {
    snprintf(errstr, errstr_size, "avro encode: claim %zu of %zu", claim_index, r->n_claims);
    return CW_ERR_INVALID;
  }
  cl = &r->claims[claim_index];
  cw_avro_tree_reset(t);
  cw_avt_node_t root = cw_avt_record(t, CW_AVT_ROOT, 0, CL__COUNT), u, ents, nums, parts;
  if (set_str(&e, root, CL_CLAIM_ID, cl->id, "claim_id") ||
      set_str(&e, root, CL_ARTICLE_ID, a->id, "article_id") ||
      set_int(&e, root, CL_CLAIM_INDEX, (int64_t)claim_index, "claim_index") ||
      set_opt_num(&e, root, CL_PUBLISHED_AT, a->published_at_ms != INT64_MIN,
                  a->published_at_ms, 1, "published_at") ||
      set_long(&e, root, CL_PROCESSED_AT, processed_at_ms, "processed_at") ||
      set_str(&e, root, CL_EXTRACTOR_VERSION, avro_version_of(c), "extractor_version") ||
      set_enum(&e, root, CL_KIND, (int)cl->kind, CW_CLAIM__COUNT, "kind") ||
      set_span_rec(&e, cw_avt_record(t, root, CL_CONTENT, SP__COUNT), cl->content,
                   cl->content_text, "content"))
    goto out;

  u = cw_avt_union(t, root, CL_CUE, cl->has_cue ? 1 : 0);
  if (!cl->has_cue) {
    cw_avt_null(t, u, 0);
  } else {
    cw_avt_node_t cue = cw_avt_record(t, u, 0, CU__COUNT);
    if (set_int(&e, cue, CU_START, cl->cue.start, "cue.start") ||
        set_int(&e, cue, CU_END, cl->cue.end, "cue.end") ||
        set_str(&e, cue, CU_TEXT, cl->cue_text, "cue.text") ||
        set_str(&e, cue, CU_LEMMA, cl->cue_lemma ? cl->cue_lemma : cl->cue_text, "cue.lemma"))
      goto out;
  }

  u = cw_avt_union(t, root, CL_SPEAKER, cl->has_source ? 1 : 0);
  if (!cl->has_source)
    cw_avt_null(t, u, 0);
  else if (set_span_rec(&e, cw_avt_record(t, u, 0, SP__COUNT), cl->source, cl->source_text,
                        "speaker"))
    goto out;

  if (cl->speaker_entity >= 0 && (size_t)cl->speaker_entity >= r->n_entities) {
    enc_fail(&e, CW_ERR_INVALID, "speaker_entity", "index out of range");
    goto out;
  }
  u = cw_avt_union(t, root, CL_SPEAKER_ENTITY, cl->speaker_entity >= 0 ? 1 : 0);
  if (cl->speaker_entity < 0)
    cw_avt_null(t, u, 0);
  else if (set_entity_ref(&e, u, 0, r, cl->speaker_entity))
    goto out;

  ents = cw_avt_array(t, root, CL_ENTITIES);
  nums = cw_avt_array(t, root, CL_NUMBERS);
  for (size_t i = 0; i < cl->n_entities; i++) {
    int32_t ix = cl->entities[i];
    const cw_entity_t *en;
    const cw_mention_t *mn;
    if (ix < 0 || (size_t)ix >= r->n_entities) {
      enc_fail(&e, CW_ERR_INVALID, "entities", "index out of range");
      goto out;
    }
    en = &r->entities[ix];
    if (!is_number_type(en->type)) {
      if (set_entity_ref(&e, ents, 0, r, ix))
        goto out;
      continue;
    }
    mn = mention_in(en, cl->content);
    cw_avt_node_t item = cw_avt_record(t, nums, 0, NU__COUNT);
    if (set_int(&e, item, NU_INDEX, ix, "numbers.index") ||
        set_enum(&e, item, NU_TYPE, (int)en->type, CW_ENT__COUNT, "numbers.type") ||
        set_str(&e, item, NU_TEXT, mn && mn->text ? mn->text : en->canonical, "numbers.text") ||
        set_opt_str(&e, item, NU_NORMALIZED, en->normalized, "numbers.normalized") ||
        set_opt_str(&e, item, NU_QUALIFIER, en->qualifier, "numbers.qualifier"))
      goto out;
  }
  if (set_bool(&e, root, CL_CONTENT_TRUNCATED, cl->content_truncated, "content_truncated") ||
      set_bool(&e, root, CL_CAPPED, r->capped, "capped") ||
      set_opt_str(&e, root, CL_URL, a->url, "url") ||
      set_opt_str(&e, root, CL_TITLE, a->title, "title") ||
      set_opt_str(&e, root, CL_SOURCE, a->source, "article_source") ||
      set_opt_str(&e, root, CL_LANGUAGE, a->language, "language"))
    goto out;
  /* speaker_resolution: ["null", enum], always set */
  u = cw_avt_union(t, root, CL_SPEAKER_RESOLUTION, 1);
  if (set_enum(&e, u, 0, (int)cl->speaker_resolution, CW_SPKRES__COUNT, "speaker_resolution"))
    goto out;
  parts = cw_avt_array(t, root, CL_CONTENT_PARTS);
  for (size_t i = 0; i < cl->n_content_parts; i++)
    if (set_span_rec(&e, cw_avt_record(t, parts, 0, SP__COUNT), cl->content_parts[i],
                     cl->content_part_texts[i], "content_parts"))
      goto out;
  e.err = finish(c, s, out, errstr, errstr_size);
out:
  cw_avro_tree_reset(t); /* it points into @p a and @p r */
  return e.err;
}
