/* engine.c - the extraction engine (claimwire/extract.h): checks the model directory against
 * its SHA256SUMS, loads gazetteers and models once, and runs the per-article pipeline on a
 * per-thread extractor: tokenize, split sentences, tag (unless rules only), find rule and
 * gazetteer mentions, resolve entities, find claims. Everything per-article lives in the
 * extractor's arena, reset each run. */
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "attr.h"
#include "attr_model.h"
#include "cw_alloc.h"
#include "cw_arena.h"
#include "cw_limits.h"
#include "cw_time.h"
#include "docview.h"
#include "engine_train.h"
#include "gaz.h"
#include "geo.h"
#include "modelset.h"
#include "resolve.h"
#include "rules_date.h"
#include "rules_num.h"
#include "sent.h"
#include "speaker.h"
#include "tagger.h"
#include "tok.h"

struct cw_engine_s {
  char *model_dir;
  gaz_t *gaz;
  geo_t *geo;             /* ISO codes and coordinates of gazetteer places */
  tagger_t *tagger;       /* NULL: rules only (opt-in); entities from rules and gazetteers */
  cw_attr_model_t *attr;  /* NULL: attribution by rules only */
  char version[96];       /* CW_EXTRACTOR_VERSION "+m.<hash>" or "+rules-only.m.<hash>" */
  char desc[1024];
};

struct cw_extractor_s {
  const cw_engine_t *engine;
  cw_arena_t *arena;
  tagger_scratch_t *scratch;  /* NULL without models */
  cw_result_t result;
  const cw_attr_model_t *attr;     /* training: the model to use instead of the engine's */
  const cw_attr_observer_t *obs;   /* training: NULL in normal runs */
  int64_t deadline_ns;             /* CLOCK_MONOTONIC; 0 = no budget */
  int profiling;                   /* cw_extractor_set_profiling */
  uint64_t stage_ns[CW_STAGE_COUNT];
};

const char *cw_stage_name(cw_stage_t stage) {
  static const char *const names[CW_STAGE_COUNT] = {
      "tokenize", "sentences", "tagging", "ner-doc", "mentions", "rules", "resolve",
      "attribution"};
  return (unsigned)stage < CW_STAGE_COUNT ? names[stage] : "?";
}

void cw_extractor_set_profiling(cw_extractor_t *ex, int on) {
  if (!ex)
    return;
  ex->profiling = on != 0;
  if (on)
    memset(ex->stage_ns, 0, sizeof(ex->stage_ns));
}

void cw_extractor_stage_ns(const cw_extractor_t *ex, uint64_t ns[CW_STAGE_COUNT]) {
  for (int i = 0; i < CW_STAGE_COUNT; i++)
    ns[i] = ex ? ex->stage_ns[i] : 0;
}

/* With profiling on, charges the time since *@p t to @p stage and moves *@p t to now. */
static void stage_mark(cw_extractor_t *ex, int64_t *t, cw_stage_t stage) {
  if (!ex->profiling)
    return;
  int64_t now = cw_time_mono_ns();
  ex->stage_ns[stage] += (uint64_t)(now - *t);
  *t = now;
}

void cw_extractor_set_deadline(cw_extractor_t *ex, int64_t deadline_ns) {
  if (ex)
    ex->deadline_ns = deadline_ns;
}

/* CW_ERR_BUDGET (with a reason naming @p stage) once the extractor's deadline has passed. */
static cw_err_t budget_check(const cw_extractor_t *ex, const char *stage, char *errstr,
                             size_t errstr_size) {
  if (!ex->deadline_ns)
    return CW_OK;
  if (cw_time_mono_ns() < ex->deadline_ns)
    return CW_OK;
  snprintf(errstr, errstr_size, "extraction time budget used up before %s", stage);
  return CW_ERR_BUDGET;
}

const cw_attr_model_t *cw_engine_attr_model(const cw_engine_t *e) {
  return e->attr;
}

void cw_extractor_observe_attr(cw_extractor_t *ex, const cw_attr_model_t *m,
                               const cw_attr_observer_t *obs) {
  ex->attr = obs ? m : NULL;
  ex->obs = obs;
}

/* The files a model directory must hold, relative to it; the rules-only engine needs the
 * gazetteers alone. Each is checked against SHA256SUMS before anything is loaded. */
#define MODEL_FILES_MAX 16
static size_t model_files(int rules_only, char names[][32]) {
  size_t n = 0;
  for (size_t i = 0; i < gaz_file_count() && n < MODEL_FILES_MAX; i++)
    snprintf(names[n++], 32, "gaz/%s", gaz_file_name(i));
  if (n < MODEL_FILES_MAX)
    snprintf(names[n++], 32, "%s", GEO_FILE);
  if (!rules_only) {
    static const char *const stat_models[] = {"pos.model", "ner.model", "clusters.txt",
                                              "attr.model"};
    for (size_t i = 0; i < 4 && n < MODEL_FILES_MAX; i++)
      snprintf(names[n++], 32, "%s", stat_models[i]);
  }
  return n;
}

/* The models parsed from the bytes modelset_verify() read. */
typedef struct {
  char (*names)[32];
  perc_model_t *pos, *ner;
  cw_attr_model_t *attr;
} parsed_t;

static cw_err_t parse_model(void *ud, size_t i, const uint8_t *data, size_t len, char *why,
                            size_t why_size) {
  parsed_t *p = ud;
  const char *name = p->names[i];
  if (strcmp(name, "attr.model") == 0)
    return attr_model_load_from_memory(data, len, &p->attr, why, why_size);
  return perc_model_load_from_memory(data, len, strcmp(name, "pos.model") == 0 ? &p->pos : &p->ner,
                                     why, why_size);
}

cw_err_t cw_engine_open(const cw_engine_opts_t *opts, cw_engine_t **out, char *errstr,
                        size_t errstr_size) {
  cw_err_t err = CW_OK;
  cw_engine_t *e = NULL;
  char path[4096];
  char names[MODEL_FILES_MAX][32];
  const char *files[MODEL_FILES_MAX];
  parsed_t pm = {names, NULL, NULL, NULL};
  char hash[9];
  *out = NULL;
  if (!opts || !opts->model_dir || !opts->model_dir[0]) {
    snprintf(errstr, errstr_size, "no model directory given");
    return CW_ERR_INVALID;
  }
  e = cw_calloc(1, sizeof(*e));
  e->model_dir = cw_strdup(opts->model_dir);
  int n = snprintf(path, sizeof(path), "%s/gaz", e->model_dir);
  if (n < 0 || (size_t)n >= sizeof(path) - 64) {
    snprintf(errstr, errstr_size, "model directory path too long");
    err = CW_ERR_INVALID;
    goto out;
  }
  /* Nothing runs on part of its models: every file is present and matches SHA256SUMS, or
   * the load fails naming the file. */
  size_t nf = model_files(opts->rules_only, names);
  /* The model files are read once: each is parsed from the bytes its check read. */
  unsigned char want[MODEL_FILES_MAX] = {0};
  for (size_t i = 0; i < nf; i++) {
    files[i] = names[i];
    want[i] = strcmp(names[i], "pos.model") == 0 || strcmp(names[i], "ner.model") == 0 ||
              strcmp(names[i], "attr.model") == 0;
  }
  modelset_parse_t parse = {want, parse_model, &pm};
  err = modelset_verify(e->model_dir, files, nf, hash, &parse, errstr, errstr_size);
  e->attr = pm.attr;
  if (err)
    goto out;
  snprintf(e->version, sizeof(e->version), "%s+%sm.%s", CW_EXTRACTOR_VERSION,
           opts->rules_only ? "rules-only." : "", hash);

  err = gaz_load(path, &e->gaz, errstr, errstr_size);
  if (err)
    goto out;
  snprintf(path, sizeof(path), "%s/%s", e->model_dir, GEO_FILE);
  err = geo_load(path, &e->geo, errstr, errstr_size);
  if (err)
    goto out;
  char attr_desc[256] = "none (rules only)";
  if (!opts->rules_only) {
    err = tagger_load_models(e->model_dir, &pm.pos, &pm.ner, &e->tagger, errstr, errstr_size);
    if (err)
      goto out;
    cw_attr_model_describe(e->attr, attr_desc, sizeof(attr_desc));
  }

  snprintf(e->desc, sizeof(e->desc),
           "%s; model_dir=%s; pos=%s; ner=%s; attr=%s; gazetteers: %zu countries, "
           "%zu cities, %zu demonyms, %zu organizations, %zu given names, %zu places",
           e->version, e->model_dir,
           e->tagger ? "pos.model" : "none (rules only)",
           e->tagger ? "ner.model" : "none (rules only: rules and gazetteers)", attr_desc,
           gaz_count(e->gaz, GAZ_COUNTRY), gaz_count(e->gaz, GAZ_CITY),
           gaz_count(e->gaz, GAZ_DEMONYM), gaz_count(e->gaz, GAZ_ORG),
           gaz_count(e->gaz, GAZ_FIRSTNAME), geo_count(e->geo));
  *out = e;
  e = NULL;
out:
  perc_model_destroy(&pm.pos);
  perc_model_destroy(&pm.ner);
  cw_engine_destroy(&e);
  return err;
}

cw_err_t cw_engine_load(const char *model_dir, cw_engine_t **out, char *errstr,
                        size_t errstr_size) {
  cw_engine_opts_t opts = {.model_dir = model_dir, .rules_only = 0};
  return cw_engine_open(&opts, out, errstr, errstr_size);
}

const char *cw_engine_version(const cw_engine_t *engine) {
  return engine ? engine->version : CW_EXTRACTOR_VERSION;
}

void cw_engine_describe(const cw_engine_t *engine, char *buf, size_t size) {
  if (!buf || !size)
    return;
  snprintf(buf, size, "%s", engine ? engine->desc : "(no engine)");
}

void cw_engine_destroy(cw_engine_t **engine) {
  if (!engine || !*engine)
    return;
  cw_engine_t *e = *engine;
  gaz_destroy(&e->gaz);
  geo_destroy(&e->geo);
  tagger_destroy(&e->tagger);
  cw_attr_model_destroy(&e->attr);
  free(e->model_dir);
  free(e);
  *engine = NULL;
}

/* Arena memory an extractor keeps between articles: enough for any normal article (a 5 KB
 * article takes about 1 MB, the arena's first block), so only a huge one makes the next run allocate again. */
#define EXTRACTOR_RETAIN_BYTES (4u * 1024u * 1024u)

/* Releases the previous article's memory: the arena is reset, and when it grew past
 * EXTRACTOR_RETAIN_BYTES it is replaced by a fresh one and the freed pages go back to the
 * system, so one huge article does not leave the extractor holding hundreds of MB. */
static void extractor_give_back(cw_extractor_t *ex) {
  if (cw_arena_footprint(ex->arena) <= EXTRACTOR_RETAIN_BYTES) {
    cw_arena_reset(ex->arena);
    return;
  }
  cw_arena_destroy(&ex->arena);
  ex->arena = cw_arena_create(1024 * 1024);
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

size_t cw_extractor_footprint(const cw_extractor_t *ex) {
  return ex ? cw_arena_footprint(ex->arena) : 0;
}

void cw_extractor_release(cw_extractor_t *ex) {
  if (!ex)
    return;
  memset(&ex->result, 0, sizeof(ex->result));
  extractor_give_back(ex);
}

cw_extractor_t *cw_extractor_create(const cw_engine_t *engine) {
  cw_extractor_t *ex = cw_calloc(1, sizeof(*ex));
  ex->engine = engine;
  ex->arena = cw_arena_create(1024 * 1024);
  if (engine && engine->tagger) {
    ex->scratch = tagger_scratch_create();
    tagger_scratch_prepare(ex->scratch, engine->tagger);
  }
  return ex;
}

void cw_extractor_destroy(cw_extractor_t **ex) {
  if (!ex || !*ex)
    return;
  cw_arena_destroy(&(*ex)->arena);
  tagger_scratch_destroy(&(*ex)->scratch);
  free(*ex);
  *ex = NULL;
}

/* Days since the epoch of the publication date as written in its own time zone, so "on
 * Sunday" means the Sunday of the article's local calendar. */
static cw_err_t published_days(const char *s, int64_t *out, char *errstr, size_t errstr_size) {
  *out = INT64_MIN;
  if (!s || !*s)
    return CW_OK;
  cw_datetime_t dt;
  if (cw_time_parse_rfc3339(s, &dt) != CW_OK) {
    snprintf(errstr, errstr_size, "published_at is not RFC 3339: \"%.64s\"", s);
    return CW_ERR_INVALID;
  }
  *out = cw_days_from_civil(dt.year, dt.month, dt.day);
  return CW_OK;
}

/* Is the first word of the person span [t0, t1) of three or more words a description before
 * the name ("Cinematographer John Mathieson", "Blairite Alan Milburn")? It ends as a word for
 * a person's role or following does (-er, -or, -ist, -ite, -ian), is no listed given name,
 * and a listed given name of three or more letters comes after it. The list of given names
 * is short on names from outside the English-speaking world, hence the ending: "Farhat Omar
 * Ben Gadaravice" and "Arjan De Zeeuw" keep their first word. */
static int person_descriptor(const gaz_t *g, const cw_docview_t *dv, uint32_t t0, uint32_t t1) {
  static const char *const ends[] = {"er", "or", "ist", "ite", "ian", NULL};
  const char *canon;
  if (!g || t1 - t0 < 3)
    return 0;
  const char *w0 = dv->tokens[t0].text, *w1 = dv->tokens[t0 + 1].text;
  size_t n0 = strlen(w0), n1 = strlen(w1);
  if (n0 < 5 || n1 < 3 || !isupper((unsigned char)w0[0]) || strchr(w0, '.') ||
      strchr(w0, '-'))
    return 0;
  int role = 0;
  for (size_t i = 0; ends[i] && !role; i++) {
    size_t el = strlen(ends[i]);
    role = strcmp(w0 + n0 - el, ends[i]) == 0;
  }
  return role && !gaz_lookup(g, w0, GAZ_FIRSTNAME, &canon) &&
         gaz_lookup(g, w1, GAZ_FIRSTNAME, &canon);
}

/* Adds the NER mentions of tokens [t0, t0 + n) from BIO labels; I- after O or after another
 * type starts a mention too, as taggers trained on IOB1 data emit that. */
static void ner_mentions(const cw_engine_t *e, const cw_docview_t *dv, size_t t0, size_t n,
                         const uint8_t *labels, res_list_t *cands) {
  size_t start = 0;
  const char *cur = NULL;
  for (size_t i = 0; i <= n; i++) {
    char bio = 'O';
    const char *type = "";
    if (i < n)
      tagger_ner_split(e->tagger, labels[i], &bio, &type);
    int cont = cur && bio == 'I' && strcmp(type, cur) == 0;
    if (cur && !cont) {
      cw_entity_type_t t = strcmp(cur, "PER") == 0   ? CW_ENT_PER
                           : strcmp(cur, "ORG") == 0 ? CW_ENT_ORG
                           : strcmp(cur, "LOC") == 0 ? CW_ENT_LOC
                                                     : CW_ENT_MISC;
      res_mention_t m = {.t0 = (uint32_t)(t0 + start), .t1 = (uint32_t)(t0 + i), .type = t,
                         .src = RES_SRC_NER};
      if (t == CW_ENT_LOC)
        m.canon = gaz_country_canonical(e->gaz, dv, m.t0, m.t1);
      if (t == CW_ENT_PER && person_descriptor(e->gaz, dv, m.t0, m.t1))
        m.t0++;
      /* A lone sentence-opening "Meanwhile" or "The" is a known tagger slip. */
      if (!(m.t1 - m.t0 == 1 && gaz_is_common_cap(dv->tokens[m.t0].text)))
        res_list_add(cands, &m);
      cur = NULL;
    }
    if (!cont && bio != 'O' && type[0]) {
      cur = type;
      start = i;
    }
  }
}

/* The words of the sentence (or its next TAGGER_MAX_WORDS) from token k; returns how many. */
static size_t sentence_words(const cw_docview_t *dv, const cw_token_t *tokens, size_t k,
                             tagger_word_t *words) {
  size_t n = 0;
  uint32_t s = tokens[k].sentence;
  while (k + n < dv->n_tokens && tokens[k + n].sentence == s && n < TAGGER_MAX_WORDS) {
    words[n].s = tokens[k + n].text;
    words[n].len = (uint32_t)strlen(tokens[k + n].text);
    n++;
  }
  return n;
}

/* POS tags on the tokens and NER candidates, one sentence (or TAGGER_MAX_WORDS) at a time; an
 * NER model that reads the document labels every sentence a second time after the first pass
 * over the article (tagger.h). */
static cw_err_t tag(cw_extractor_t *ex, const cw_docview_t *dv, cw_token_t *tokens,
                    res_list_t *cands, char *errstr, size_t errstr_size) {
  const cw_engine_t *e = ex->engine;
  cw_err_t err = CW_OK;
  int two = tagger_ner_uses_doc(e->tagger);
  tagger_word_t *words = cw_arena_alloc(ex->arena, TAGGER_MAX_WORDS * sizeof(*words));
  uint8_t *pos = cw_arena_alloc(ex->arena, dv->n_tokens + 1);
  uint8_t *labels = cw_arena_alloc(ex->arena, dv->n_tokens + 1);
  if (two)
    tagger_doc_begin(ex->scratch);
  for (int pass = 0; pass < (two ? 2 : 1); pass++) {
    for (size_t k = 0; k < dv->n_tokens;) {
      uint32_t s = tokens[k].sentence;
      int64_t t = ex->profiling ? cw_time_mono_ns() : 0;
      if (cw_dv_expired(dv)) {
        snprintf(errstr, errstr_size,
                 "extraction time budget used up in tagging (token %zu of %zu)", k,
                 dv->n_tokens);
        err = CW_ERR_BUDGET;
        goto out;
      }
      size_t n = sentence_words(dv, tokens, k, words);
      err = pass ? tagger_ner_doc(e->tagger, ex->scratch, words, n, pos + k, labels + k)
                 : tagger_tag(e->tagger, ex->scratch, words, n, pos + k, labels + k);
      if (err) {
        snprintf(errstr, errstr_size, "tagging sentence %u failed: %s", (unsigned)s,
                 cw_err2str(err));
        goto out;
      }
      if (!pass)
        for (size_t i = 0; i < n; i++)
          tokens[k + i].pos = tagger_pos_name(e->tagger, pos[k + i]);
      if (two && !pass)
        tagger_doc_add(ex->scratch, words, n, labels + k);
      stage_mark(ex, &t, pass ? CW_STAGE_NER_DOC : CW_STAGE_TAGGING);
      if (pass + 1 == (two ? 2 : 1)) {
        ner_mentions(e, dv, k, n, labels + k, cands);
        stage_mark(ex, &t, CW_STAGE_MENTIONS);
      }
      cw_dv_work(dv, pass ? n + 1 : 2 * n + 1); /* POS and NER over the words, or NER again */
      k += n;
    }
  }
out:
  return err;
}

/* A title line is a first sentence that ends at a line break without final punctuation. */
static size_t title_sentences(const tok_result_t *tr, size_t ns) {
  if (ns < 2)
    return 0;
  size_t k = 0;
  while (k < tr->n && tr->tokens[k].sentence == 0)
    k++;
  if (k == 0 || k >= tr->n || !(tr->info[k].flags & TOK_F_NL_BEFORE) ||
      (tr->info[k - 1].flags & TOK_F_TERM))
    return 0;
  return 1;
}

cw_err_t cw_extractor_run(cw_extractor_t *ex, const cw_doc_t *doc, const cw_result_t **out,
                          char *errstr, size_t errstr_size) {
  cw_err_t err = CW_OK;
  *out = NULL;
  if (!ex || !doc || (!doc->body && doc->body_len)) {
    snprintf(errstr, errstr_size, "no extractor or document");
    return CW_ERR_INVALID;
  }
  extractor_give_back(ex);
  memset(&ex->result, 0, sizeof(ex->result));
  const char *body = doc->body ? doc->body : "";

  cw_docview_t dv = {.id = doc->id, .body = body, .body_len = doc->body_len,
                     .arena = ex->arena, .work = &ex->result.work,
                     .capped = &ex->result.capped, .deadline_ns = ex->deadline_ns};
  err = published_days(doc->published_at, &dv.published_days, errstr, errstr_size);
  if (err)
    goto out;

  /* ==== Text layer ==== */
  int64_t t = ex->profiling ? cw_time_mono_ns() : 0;
  tok_result_t tr;
  err = tok_run(body, doc->body_len, ex->arena, &tr, errstr, errstr_size);
  if (err)
    goto out;
  stage_mark(ex, &t, CW_STAGE_TOKENIZE);
  cw_sentence_t *sents;
  size_t n_sents;
  cw_dv_work(&dv, doc->body_len + tr.n);  /* bytes tokenized, tokens made */
  err = sent_split(&tr, ex->arena, &sents, &n_sents, errstr, errstr_size);
  if (err)
    goto out;
  stage_mark(ex, &t, CW_STAGE_SENTENCES);
  cw_dv_work(&dv, tr.n);
  dv.cp_byte = tr.cp_byte;
  dv.n_cp = tr.n_cp;
  dv.tokens = tr.tokens;
  dv.n_tokens = tr.n;
  dv.sentences = sents;
  dv.n_sentences = n_sents;
  err = budget_check(ex, "tagging", errstr, errstr_size);
  if (err)
    goto out;

  res_list_t cands;
  res_list_init(&cands, ex->arena);

  /* ==== POS and NER (statistical; absent models mean rules and gazetteers only) ==== */
  if (ex->engine->tagger && ex->scratch) {
    err = tag(ex, &dv, tr.tokens, &cands, errstr, errstr_size);
    if (err)
      goto out;
    if (ex->profiling)
      t = cw_time_mono_ns();  /* tag() charged its own time to tagging and mentions */
  }

  err = budget_check(ex, "rules", errstr, errstr_size);
  if (err)
    goto out;

  /* ==== Rules and gazetteers ==== */
  unsigned char *taken = cw_arena_calloc(ex->arena, tr.n + 1, 1);
  rules_date_find(&dv, tr.info, taken, &cands);
  rules_num_find(&dv, tr.info, taken, &cands);
  gaz_find(ex->engine->gaz, &dv, tr.info, taken, &cands);
  cw_dv_work(&dv, 3 * tr.n);
  stage_mark(ex, &t, CW_STAGE_RULES);
  /* ==== Entity resolution ==== */
  cw_entity_t *ents;
  size_t n_ents;
  err = res_resolve(&dv, tr.info, &cands, title_sentences(&tr, n_sents), &ents, &n_ents,
                    errstr, errstr_size);
  if (err)
    goto out;
  geo_annotate(ex->engine->geo, ex->engine->gaz, ents, n_ents);
  for (size_t i = 0; i < n_ents; i++) {
    char id[CW_ENTITY_ID_MAX];
    size_t idlen = cw_entity_id(ents[i].type, ents[i].canonical, ents[i].normalized, id,
                                sizeof(id));
    ents[i].id = cw_arena_strndup(ex->arena, id, idlen);
  }
  dv.entities = ents;
  dv.n_entities = n_ents;
  dv.entity_gender = cw_speaker_genders(ex->engine->gaz, &dv);
  stage_mark(ex, &t, CW_STAGE_RESOLVE);
  err = budget_check(ex, "attribution", errstr, errstr_size);
  if (err)
    goto out;

  /* ==== Attribution (claims) ====
   * The attribution stage reads the finished docview (tokens, sentences, resolved entities)
   * and returns claims sorted by content start, allocated in dv.arena. */
  cw_claim_t *claims = NULL;
  size_t n_claims = 0;
  if (ex->obs)
    err = cw_attr_find_ex(ex->attr, &dv, ex->obs, &claims, &n_claims, errstr, errstr_size);
  else
    err = cw_attr_find(ex->engine->attr, &dv, &claims, &n_claims, errstr, errstr_size);
  if (err)
    goto out;
  stage_mark(ex, &t, CW_STAGE_ATTRIBUTION);
  err = budget_check(ex, "output", errstr, errstr_size);
  if (err)
    goto out;

  ex->result.n_sentences = n_sents;
  ex->result.sentences = sents;
  ex->result.n_tokens = tr.n;
  ex->result.tokens = tr.tokens;
  ex->result.n_entities = n_ents;
  ex->result.entities = ents;
  ex->result.n_claims = n_claims;
  ex->result.claims = claims;
  *out = &ex->result;
out:
  return err;
}
