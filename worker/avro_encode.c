/* avro_encode.c - an article's extraction result to Avro records (entities, then one claim
 * at a time): fills one reusable avro-c generic value per schema and writes it into a reusable
 * memory writer, then frames it (single object, Confluent, or JSON through the decoder). */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <avro.h>
#include "avro_codec_int.h"
#include "cw_alloc.h"
#include "cw_utf8.h"

/* ==== Encoding ==== */

/* Every setter below reports through this: the avro-c reason plus which field failed. */
typedef struct {
  char *errstr;
  size_t errstr_size;
  cw_err_t err;
} enc_t;

static int enc_fail_avro(enc_t *e, const char *field) {
  if (!e->err) {
    avro_copy_error(e->errstr, e->errstr_size, field);
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

/* Sets string value @p f to @p s without copying it: the value points into the result, which
 * outlives the write (each encoder resets its value when done, before the result goes). */
static int lend_string(avro_value_t *f, const char *s) {
  avro_wrapped_buffer_t wb;
  avro_wrapped_buffer_new(&wb, s, strlen(s) + 1); /* no free function: the value owns nothing */
  return avro_value_give_string_len(f, &wb);
}

static int set_str(enc_t *e, avro_value_t *rec, int ix, const char *s, const char *name) {
  avro_value_t f;
  if (!s)
    return enc_fail(e, CW_ERR_INVALID, name, "required string is missing");
  if (field(e, rec, ix, &f, name) || lend_string(&f, s) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

static int set_opt_str(enc_t *e, avro_value_t *rec, int ix, const char *s, const char *name) {
  avro_value_t f, b;
  if (field(e, rec, ix, &f, name))
    return -1;
  if (avro_value_set_branch(&f, s ? 1 : 0, &b) != 0 ||
      (s ? lend_string(&b, s) : avro_value_set_null(&b)) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

/* set_opt_str() for a string that does not outlive the call (a buffer on the stack): copied. */
static int set_opt_str_copy(enc_t *e, avro_value_t *rec, int ix, const char *s,
                            const char *name) {
  avro_value_t f, b;
  if (field(e, rec, ix, &f, name))
    return -1;
  if (avro_value_set_branch(&f, s ? 1 : 0, &b) != 0 ||
      (s ? avro_value_set_string_len(&b, s, strlen(s) + 1) : avro_value_set_null(&b)) != 0)
    return enc_fail_avro(e, name);
  return 0;
}

/* The entity id of @p en into @p rec's field @p ix: the engine's (lent), else computed here
 * (cw_entity_id(), copied). */
static int set_entity_id(enc_t *e, avro_value_t *rec, int ix, const cw_entity_t *en,
                         const char *name) {
  char buf[CW_ENTITY_ID_MAX];
  if (en->id)
    return set_opt_str(e, rec, ix, en->id, name);
  return set_opt_str_copy(
      e, rec, ix,
      cw_entity_id(en->type, en->canonical, en->normalized, buf, sizeof buf) ? buf : NULL, name);
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
    avro_copy_error(errstr, errstr_size, "avro encode");
    return CW_ERR_AVRO;
  }
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
      set_str(&e, root, AE_EXTRACTOR_VERSION, avro_version_of(c), "extractor_version") ||
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
    if (set_entity_id(&e, &ent, EN_ENTITY_ID, en, "entities.entity_id") ||
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
  avro_value_reset(root); /* it points into @p a and @p r */
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
  if (set_int(e, rec, ER_INDEX, ix, "entity.index") ||
      set_str(e, rec, ER_CANONICAL, en->canonical, "entity.canonical") ||
      set_enum(e, rec, ER_TYPE, (int)en->type, CW_ENT__COUNT, "entity.type"))
    return -1;
  return set_entity_id(e, rec, ER_ENTITY_ID, en, "entity.entity_id");
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
      set_str(&e, root, CL_EXTRACTOR_VERSION, avro_version_of(c), "extractor_version") ||
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
                     "speaker_resolution") ||
      field(&e, root, CL_CONTENT_PARTS, &f, "content_parts"))
    goto out;
  for (size_t i = 0; i < cl->n_content_parts; i++) {
    if (avro_value_append(&f, &item, NULL) != 0) {
      enc_fail_avro(&e, "content_parts");
      goto out;
    }
    if (set_span_rec(&e, &item, cl->content_parts[i], cl->content_part_texts[i],
                     "content_parts"))
      goto out;
  }
  e.err = finish(c, s, out, errstr, errstr_size);
out:
  avro_value_reset(root); /* it points into @p a and @p r */
  return e.err;
}
