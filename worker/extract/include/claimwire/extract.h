/* extract.h - the public API of claimwire's extraction engine.
 *
 * A read-only engine (models, gazetteers; loaded once, shared by all threads) and a per-thread
 * extractor (scratch memory) that turns one article into sentences, tokens, entities with
 * mentions, and claims (attribution relations: source, cue, content).
 *
 * All offsets are code-point offsets into the article body, [start, end).
 * Everything a result points to lives in the extractor's per-article arena and stays valid until
 * the next cw_extractor_run() or cw_extractor_destroy() on the same extractor.
 */
#ifndef CLAIMWIRE_EXTRACT_H
#define CLAIMWIRE_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the extraction logic; records carry cw_engine_version(), which adds the models. */
#define CW_EXTRACTOR_VERSION "claimwire-extract/0.1.0"

typedef struct cw_engine_s cw_engine_t;
typedef struct cw_extractor_s cw_extractor_t;

/** A half-open range of code points [start, end) in the body. */
typedef struct {
  uint32_t start;
  uint32_t end;
} cw_span_t;

/* Entity types: CoNLL-2003 classes plus rule-based types. Order is part of the Avro enum. */
typedef enum {
  CW_ENT_PER = 0,
  CW_ENT_ORG,
  CW_ENT_LOC,
  CW_ENT_MISC,
  CW_ENT_DATE,
  CW_ENT_MONEY,
  CW_ENT_PERCENT,
  CW_ENT_NUMBER,
  CW_ENT__COUNT
} cw_entity_type_t;

/** @returns "PER", "ORG", ... for @p t. */
const char *cw_entity_type_name(cw_entity_type_t t);

typedef struct {
  cw_span_t span;        /* code points into the body */
  const char *text;      /* the mention's text, UTF-8, NUL-terminated */
  uint32_t sentence;     /* index of the sentence holding the mention */
} cw_mention_t;

typedef struct {
  const char *canonical;  /* canonical name, e.g. "Xiao Xinguang" for mentions "Xiao" too */
  cw_entity_type_t type;
  double salience;        /* 0..1, higher = more central to the article */
  /* DATE: ISO 8601 ("2021-03-07", "2020", "2021-03"); MONEY: "<amount> <ISO 4217>";
   * PERCENT and NUMBER: the value as a decimal string ("2700", "3.5"); NULL otherwise
   * or when it cannot be normalized. */
  const char *normalized;
  /* NUMBER/MONEY/PERCENT: qualifier as written ("at least", "more than"), else NULL. */
  const char *qualifier;
  size_t n_mentions;
  const cw_mention_t *mentions; /* in text order; n_mentions >= 1 */
  /* LOC naming a country or city of the gazetteers (gaz/places.tsv): the ISO 3166-1 alpha-2
   * code of the country ("FR" for "France" and for "Paris"), else NULL. */
  const char *iso_code;
  int has_coords;          /* 1: latitude and longitude hold the place's WGS 84 degrees */
  double latitude, longitude;
  /* cw_entity_id() of this entity, set by the engine; NULL in entities built elsewhere (the
   * encoder then computes it). */
  const char *id;
} cw_entity_t;

/** Hex digits of the hash in an entity id, and the longest id with its NUL ("NUMBER:" + 16). */
#define CW_ENTITY_ID_HEX 16
#define CW_ENTITY_ID_MAX 32

/**
 * @brief Writes the entity id of an entity of type @p type: the same for the same type and
 * normalized name in every article. The name is @p normalized for DATE, MONEY, PERCENT and
 * NUMBER when not NULL (so "Sunday" in two articles is two dates), else @p canonical;
 * normalized by lower-casing ASCII letters and turning every run of ASCII spaces, punctuation
 * and control characters into one space, none at either end ("St. Petersburg" and
 * "St Petersburg" are one). The id is "<TYPE>:" and the first 16 hex digits of the SHA-256 of
 * "<TYPE>:<normalized name>", e.g. "PER:1a2b3c4d5e6f7081".
 * @returns the id's length, or 0 if @p out_size < CW_ENTITY_ID_MAX.
 * @locality any thread.
 */
size_t cw_entity_id(cw_entity_type_t type, const char *canonical, const char *normalized,
                    char *out, size_t out_size);

typedef enum {
  CW_CLAIM_DIRECT = 0,    /* content is a quotation */
  CW_CLAIM_INDIRECT,      /* reported speech, no quotation marks */
  CW_CLAIM_MIXED,         /* reported clause containing a partial quotation */
  CW_CLAIM_UNATTRIBUTED,  /* quoted or asserted content with no source found */
  CW_CLAIM__COUNT
} cw_claim_kind_t;

/** @returns "DIRECT", "INDIRECT", "MIXED" or "UNATTRIBUTED". */
const char *cw_claim_kind_name(cw_claim_kind_t k);

/** How a claim's speaker entity was found (the claims record's speaker_resolution). */
typedef enum {
  CW_SPKRES_NONE = 0,            /* no speaker entity */
  CW_SPKRES_NAME,                /* a name inside the source ("Ann Kirk", "Kirk's lawyer") */
  CW_SPKRES_PRONOUN,             /* a pronoun ("he", "it") resolved to an earlier name */
  CW_SPKRES_DESCRIPTION,         /* a description ("the coach", "the company", "the report") */
  CW_SPKRES_PREVIOUS_QUOTATION,  /* a quotation paragraph with no cue of its own: the speaker
                                    of the quotation before it */
  CW_SPKRES__COUNT
} cw_speaker_resolution_t;

/** @returns "NONE", "NAME", "PRONOUN", "DESCRIPTION" or "PREVIOUS_QUOTATION". */
const char *cw_speaker_resolution_name(cw_speaker_resolution_t r);

typedef struct {
  char id[33];                 /* deterministic hex id: same article + spans -> same id */
  cw_claim_kind_t kind;
  cw_span_t content;
  const char *content_text;
  int has_cue;
  cw_span_t cue;
  const char *cue_text;        /* as written, e.g. "said", "according to"; NULL if !has_cue */
  const char *cue_lemma;       /* base form, e.g. "say"; NULL if !has_cue */
  int has_source;
  cw_span_t source;
  const char *source_text;     /* NULL if !has_source */
  int32_t speaker_entity;      /* index into result->entities, or -1 if unresolved */
  cw_speaker_resolution_t speaker_resolution; /* how speaker_entity was found (NONE if -1) */
  size_t n_entities;
  const int32_t *entities;     /* indexes into result->entities mentioned inside the content */
  int content_truncated;       /* 1 when the content was cut at CW_MAX_CONTENT_CP code points */
  /* The pieces of the content when the quotation is interrupted by its own cue and source
   * ("“A,” said Kim. “B.”": the content spans A to B, the parts are A and B), or the subject
   * and infinitive of a passive report ("Costs are expected to rise"); 0 parts when the content
   * is one piece. */
  size_t n_content_parts;
  const cw_span_t *content_parts;
  const char *const *content_part_texts;
} cw_claim_t;

typedef struct {
  cw_span_t span;
} cw_sentence_t;

typedef struct {
  cw_span_t span;
  const char *text;            /* NUL-terminated copy of the token */
  const char *pos;             /* Penn Treebank tag, or NULL if no POS model */
  uint32_t sentence;
} cw_token_t;

typedef struct {
  size_t n_sentences;
  const cw_sentence_t *sentences;
  size_t n_tokens;
  const cw_token_t *tokens;
  size_t n_entities;
  const cw_entity_t *entities; /* sorted by first mention */
  size_t n_claims;
  const cw_claim_t *claims;    /* sorted by content start */
  int capped;                  /* 1 when a per-article cap (cw_limits.h) dropped entities,
                                * mentions or claims: the result holds what fit */
  uint64_t work;               /* units of work spent (tokens visited, candidates scored);
                                * deterministic for the same input and models */
} cw_result_t;

/** One article as the engine sees it. */
typedef struct {
  const char *id;              /* article id (used for claim ids); may be NULL */
  const char *body;            /* UTF-8, need not be NUL-terminated */
  size_t body_len;             /* bytes */
  const char *published_at;    /* RFC 3339 or NULL; anchors relative dates */
} cw_doc_t;

/** How to open an engine. */
typedef struct {
  const char *model_dir; /* models and gazetteers, with their SHA256SUMS; required */
  int rules_only;        /* 1: no POS, NER or attribution model (an explicit choice); the
                          * gazetteers are still loaded and checked */
} cw_engine_opts_t;

/**
 * @brief Loads the models and gazetteers of @p opts->model_dir after checking every file (the
 * gazetteers in gaz/ and, unless rules_only, pos.model, ner.model, clusters.txt and
 * attr.model) against "<model_dir>/SHA256SUMS". A missing, unreadable, truncated or
 * corrupted file is an error: the engine never runs on part of its models.
 * @returns CW_OK and *@p out, or an error with "path: reason" in @p errstr.
 * @locality any thread; the engine is read-only afterwards and may be shared by threads.
 */
cw_err_t cw_engine_open(const cw_engine_opts_t *opts, cw_engine_t **out, char *errstr,
                        size_t errstr_size) CW_WUR;

/** @brief cw_engine_open() with every model of @p model_dir (rules_only = 0). */
cw_err_t cw_engine_load(const char *model_dir, cw_engine_t **out, char *errstr,
                        size_t errstr_size) CW_WUR;

/**
 * @returns the version written into every record made with @p engine: CW_EXTRACTOR_VERSION
 * with the first 8 hex digits of a hash of the loaded files' checksums,
 * "claimwire-extract/0.1.0+m.1a2b3c4d", or "claimwire-extract/0.1.0+rules-only.m.1a2b3c4d" on
 * rules alone; CW_EXTRACTOR_VERSION for NULL. Valid as long as the engine.
 */
const char *cw_engine_version(const cw_engine_t *engine);

/** @brief Writes a one-line description of the loaded models (names, versions, checksums). */
void cw_engine_describe(const cw_engine_t *engine, char *buf, size_t size);

/** @brief Frees the engine and sets *@p engine to NULL. Accepts NULL. All extractors created
 * from it must be destroyed first. */
void cw_engine_destroy(cw_engine_t **engine);

/** @brief Creates per-thread scratch state referencing @p engine (which must outlive it).
 * @returns the extractor; aborts on out-of-memory (see common/cw_alloc.h). */
cw_extractor_t *cw_extractor_create(const cw_engine_t *engine);

/** @brief Frees the extractor and sets *@p ex to NULL. Accepts NULL. */
void cw_extractor_destroy(cw_extractor_t **ex);

/**
 * @brief Releases the memory of the last result now instead of at the next run: the result is
 * invalid afterwards. Memory past a retained size (a few MB) goes back to the system; the
 * next cw_extractor_run() does the same before it starts.
 */
void cw_extractor_release(cw_extractor_t *ex);

/**
 * @brief Sets the time budget of the following cw_extractor_run() calls on @p ex: a run still
 * working at @p deadline_ns (CLOCK_MONOTONIC, nanoseconds) stops cooperatively and returns
 * CW_ERR_BUDGET. 0 removes the budget.
 */
void cw_extractor_set_deadline(cw_extractor_t *ex, int64_t deadline_ns);

/** The stages of one extraction, in the order they run (for profiling). */
typedef enum {
  CW_STAGE_TOKENIZE,     /* bytes to tokens */
  CW_STAGE_SENTENCES,    /* sentence boundaries */
  CW_STAGE_TAGGING,      /* part of speech and entity labels: the taggers' first pass */
  CW_STAGE_NER_DOC,      /* entity labels again, with what the first pass said of the document */
  CW_STAGE_MENTIONS,     /* entity labels to mention candidates */
  CW_STAGE_RULES,        /* dates, numbers, gazetteers */
  CW_STAGE_RESOLVE,      /* candidates to entities (merging, types, canonical names) */
  CW_STAGE_ATTRIBUTION,  /* claims, cues, speakers */
  CW_STAGE_COUNT
} cw_stage_t;

/** @brief The stage's name ("tokenize", "tagging", ...). */
const char *cw_stage_name(cw_stage_t stage);

/**
 * @brief Turns per-stage timing of the following runs on @p ex on (1) or off (0); turning it on
 * clears the totals. Off by default: it reads the clock twice per sentence.
 */
void cw_extractor_set_profiling(cw_extractor_t *ex, int on);

/** @brief Nanoseconds spent in each stage by the runs since profiling was turned on. */
void cw_extractor_stage_ns(const cw_extractor_t *ex, uint64_t ns[CW_STAGE_COUNT]);

/**
 * @brief Extracts one article.
 * @returns CW_OK and *@p out (valid until the next call on @p ex), or CW_ERR_UTF8 /
 *          CW_ERR_TOO_LARGE / CW_ERR_INVALID / CW_ERR_BUDGET with a reason in @p errstr; on
 *          error no result.
 * @locality the thread owning @p ex.
 */
cw_err_t cw_extractor_run(cw_extractor_t *ex, const cw_doc_t *doc, const cw_result_t **out,
                          char *errstr, size_t errstr_size) CW_WUR;

#ifdef __cplusplus
}
#endif
#endif
