/* registry.c - Confluent Schema Registry client over libcurl, with caches and bounded retries. */
#include "registry.h"
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "avro_codec.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_log.h"
#include "cw_time.h"
#include "schemas.h"

/* Registry answers are small JSON documents; anything bigger is not a registry. */
#define REG_MAX_ANSWER (4u * 1024 * 1024)
#define REG_BACKOFF_FIRST_MS 100
#define REG_BACKOFF_MAX_MS 5000
#define REG_DEFAULT_TIMEOUT_MS 30000
#define REG_CONTENT_TYPE "application/vnd.schemaregistry.v1+json"

typedef struct {
  int32_t id;
  char *schema;
} id_entry_t;

typedef struct {
  char *subject;
  char *schema;
  int32_t id;
} reg_entry_t;

struct cw_registry_s {
  char *url;      /* without trailing '/' */
  char *url_shown; /* url without credentials, for messages */
  char *user;
  char *password;
  char *ca_location;
  cw_registry_strategy_t strategy;
  int64_t timeout_ms;
  CURL *curl;
  struct curl_slist *headers;
  char curl_err[CURL_ERROR_SIZE];
  cw_buf_t answer;
  id_entry_t *ids;
  size_t n_ids, cap_ids;
  reg_entry_t *regs;
  size_t n_regs, cap_regs;
  uint64_t requests;
};

static const char *const STRATEGY_NAMES[] = {"topic", "record", "topic_record"};

static int64_t now_ms(void) { return cw_time_mono_ns() / 1000000; }

static void sleep_ms(int64_t ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

/* A copy of @p url with any "user:password@" replaced by "***@": errors get logged. */
static char *redact_url(const char *url) {
  const char *host = strstr(url, "://");
  host = host ? host + 3 : url;
  size_t hostlen = strcspn(host, "/?#");
  const char *at = memchr(host, '@', hostlen);
  if (!at)
    return cw_strdup(url);
  size_t pre = (size_t)(host - url);
  char *out = cw_malloc(strlen(url) + 4);
  memcpy(out, url, pre);
  memcpy(out + pre, "***", 3);
  memcpy(out + pre + 3, at, strlen(at) + 1);
  return out;
}

static char *dup_opt(const char *s) {
  return s && *s ? cw_strdup(s) : NULL;
}

cw_err_t cw_registry_parse_strategy(const char *name, cw_registry_strategy_t *out,
                                    char *errstr, size_t errstr_size) {
  for (size_t i = 0; name && i < sizeof(STRATEGY_NAMES) / sizeof(STRATEGY_NAMES[0]); i++) {
    if (strcmp(name, STRATEGY_NAMES[i]) == 0) {
      *out = (cw_registry_strategy_t)i;
      return CW_OK;
    }
  }
  snprintf(errstr, errstr_size,
           "schema registry: unknown subject strategy \"%s\" (topic, record or topic_record)",
           name ? name : "(null)");
  return CW_ERR_CONFIG;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud) {
  cw_buf_t *b = ud;
  size_t n = size * nmemb;
  /* A short count makes curl fail the transfer with CURLE_WRITE_ERROR. */
  return cw_buf_append(b, ptr, n) == CW_OK ? n : 0;
}

cw_err_t cw_registry_create(cw_registry_t **out, const cw_registry_opts_t *opts, char *errstr,
                            size_t errstr_size) {
  cw_registry_t *r = NULL;
  cw_err_t err = CW_OK;
  *out = NULL;
  if (!opts || !opts->url || !*opts->url) {
    snprintf(errstr, errstr_size, "schema registry: no URL");
    return CW_ERR_CONFIG;
  }
  if (strncmp(opts->url, "http://", 7) != 0 && strncmp(opts->url, "https://", 8) != 0) {
    snprintf(errstr, errstr_size, "schema registry: URL \"%s\" is not http:// or https://",
             opts->url);
    return CW_ERR_CONFIG;
  }
  if ((unsigned)opts->strategy > CW_REGISTRY_SUBJECT_TOPIC_RECORD) {
    snprintf(errstr, errstr_size, "schema registry: invalid subject strategy %d",
             (int)opts->strategy);
    return CW_ERR_CONFIG;
  }
  /* Reference-counted by libcurl; paired with curl_global_cleanup() in destroy. */
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(errstr, errstr_size, "schema registry: curl_global_init failed");
    return CW_ERR_FATAL;
  }
  r = cw_calloc(1, sizeof(*r));
  r->url = cw_strdup(opts->url);
  for (size_t n = strlen(r->url); n > 0 && r->url[n - 1] == '/'; n--)
    r->url[n - 1] = '\0';
  r->url_shown = redact_url(r->url);
  r->user = dup_opt(opts->user);
  r->password = dup_opt(opts->password);
  r->ca_location = dup_opt(opts->ca_location);
  r->strategy = opts->strategy;
  r->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : REG_DEFAULT_TIMEOUT_MS;
  cw_buf_init(&r->answer, REG_MAX_ANSWER);
  r->curl = curl_easy_init();
  if (!r->curl) {
    snprintf(errstr, errstr_size, "schema registry: curl_easy_init failed");
    err = CW_ERR_FATAL;
    goto done;
  }
  r->headers = curl_slist_append(r->headers, "Accept: " REG_CONTENT_TYPE
                                             ", application/vnd.schemaregistry+json"
                                             ", application/json");
  r->headers = curl_slist_append(r->headers, "Content-Type: " REG_CONTENT_TYPE);
  if (!r->headers) {
    snprintf(errstr, errstr_size, "schema registry: out of memory for headers");
    err = CW_ERR_NOMEM;
    goto done;
  }
  CURL *h = r->curl;
  int bad = 0;
  bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
  bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
#endif
  bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->headers) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, &r->answer) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->curl_err) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_USERAGENT, "claimwire") != CURLE_OK;
  if (r->user) {
    bad |= curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_USERNAME, r->user) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_PASSWORD, r->password ? r->password : "") != CURLE_OK;
  }
  if (r->ca_location)
    bad |= curl_easy_setopt(h, CURLOPT_CAINFO, r->ca_location) != CURLE_OK;
  if (bad) {
    snprintf(errstr, errstr_size, "schema registry: libcurl rejected an option (built "
             "without TLS?)");
    err = CW_ERR_CONFIG;
    goto done;
  }
done:
  if (err)
    cw_registry_destroy(&r);
  *out = r;
  return err;
}

void cw_registry_destroy(cw_registry_t **rp) {
  if (!rp || !*rp)
    return;
  cw_registry_t *r = *rp;
  if (r->curl)
    curl_easy_cleanup(r->curl);
  curl_slist_free_all(r->headers);
  for (size_t i = 0; i < r->n_ids; i++)
    free(r->ids[i].schema);
  free(r->ids);
  for (size_t i = 0; i < r->n_regs; i++) {
    free(r->regs[i].subject);
    free(r->regs[i].schema);
  }
  free(r->regs);
  cw_buf_free(&r->answer);
  if (r->password) /* a secret: don't leave it in freed memory */
    memset(r->password, 0, strlen(r->password));
  free(r->url);
  free(r->url_shown);
  free(r->user);
  free(r->password);
  free(r->ca_location);
  free(r);
  curl_global_cleanup();
  *rp = NULL;
}

uint64_t cw_registry_requests(const cw_registry_t *r) {
  return r ? r->requests : 0;
}

/* Transport failures that may heal by themselves (registry starting, DNS not yet published,
 * connection reset); everything else (bad URL, TLS setup) will fail the same way again. */
static int transient_curl(CURLcode rc) {
  switch (rc) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
    return 1;
  default:
    return 0;
  }
}

/* The registry's error message: {"error_code": N, "message": "..."}, or the answer's text. */
static void answer_message(const cw_buf_t *a, char *out, size_t out_size) {
  json_t *j = a->len ? json_loadb(a->p, a->len, 0, NULL) : NULL;
  const char *msg = j ? json_string_value(json_object_get(j, "message")) : NULL;
  if (msg)
    snprintf(out, out_size, "%s", msg);
  else if (a->len)
    snprintf(out, out_size, "%.*s", a->len > 300 ? 300 : (int)a->len, a->p);
  else
    snprintf(out, out_size, "(empty answer)");
  json_decref(j);
}

/*
 * One REST call with retries: sends @p body (NULL: GET) to @p path, retrying transport
 * failures and 5xx/408/429 answers with exponential backoff until r->timeout_ms has passed.
 * On CW_OK *status is the final HTTP status (< 500) and r->answer holds the body.
 */
static cw_err_t call(cw_registry_t *r, const char *what, const char *path, const char *body,
                     long *status, char *errstr, size_t errstr_size) {
  int64_t t0 = now_ms(), deadline = t0 + r->timeout_ms, backoff = REG_BACKOFF_FIRST_MS;
  char reason[400] = "";
  cw_buf_t url;
  cw_err_t err = CW_OK;
  unsigned attempts = 0;
  cw_buf_init(&url, 8192);
  if (cw_buf_puts(&url, r->url) || cw_buf_puts(&url, path)) {
    snprintf(errstr, errstr_size, "schema registry: %s: URL too long", what);
    err = CW_ERR_TOO_LARGE;
    goto done;
  }
  CURL *h = r->curl;
  if (curl_easy_setopt(h, CURLOPT_URL, url.p) != CURLE_OK) {
    snprintf(errstr, errstr_size, "schema registry: %s: bad URL %s%s", what, r->url_shown,
             path);
    err = CW_ERR_CONFIG;
    goto done;
  }
  if (body) {
    (void)curl_easy_setopt(h, CURLOPT_POST, 1L);
    (void)curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    (void)curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
  } else {
    (void)curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
  for (;;) {
    int64_t left = deadline - now_ms();
    if (left < 1)
      left = 1;
    (void)curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)left);
    (void)curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)left);
    cw_buf_reset(&r->answer);
    r->curl_err[0] = '\0';
    r->requests++;
    attempts++;
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_WRITE_ERROR) {
      snprintf(errstr, errstr_size, "schema registry: %s: answer larger than %u bytes", what,
               REG_MAX_ANSWER);
      err = CW_ERR_FORMAT;
      goto done;
    }
    if (rc != CURLE_OK) {
      snprintf(reason, sizeof(reason), "%s", r->curl_err[0] ? r->curl_err :
               curl_easy_strerror(rc));
      if (!transient_curl(rc)) {
        snprintf(errstr, errstr_size, "schema registry: %s %s%s: %s", what, r->url_shown, path,
                 reason);
        err = CW_ERR_CONFIG;
        goto done;
      }
    } else {
      (void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
      if (*status < 500 && *status != 408 && *status != 429)
        goto done;
      char msg[300];
      answer_message(&r->answer, msg, sizeof(msg));
      snprintf(reason, sizeof(reason), "HTTP %ld: %s", *status, msg);
    }
    int64_t now = now_ms();
    if (now + backoff >= deadline) {
      snprintf(errstr, errstr_size,
               "schema registry: %s %s%s: no answer after %u attempts in %" PRId64
               " ms (timeout %" PRId64 " ms): %s",
               what, r->url_shown, path, attempts, now - t0, r->timeout_ms, reason);
      err = CW_ERR_TIMEOUT;
      goto done;
    }
    CW_DEBUG("registry", "%s: %s; retrying in %" PRId64 " ms", what, reason, backoff);
    sleep_ms(backoff);
    backoff = backoff * 2 > REG_BACKOFF_MAX_MS ? REG_BACKOFF_MAX_MS : backoff * 2;
  }
done:
  cw_buf_free(&url);
  return err;
}

/* Maps a non-2xx answer to an error with the registry's message. */
static cw_err_t refuse(cw_registry_t *r, const char *what, long status, char *errstr,
                       size_t errstr_size) {
  char msg[300];
  const char *why;
  answer_message(&r->answer, msg, sizeof(msg));
  switch (status) {
  case 404: why = "not found"; break;
  case 409: why = "schema incompatible with the subject's earlier versions"; break;
  case 422: why = "schema invalid"; break;
  case 401:
  case 403: why = "not authorised (check the registry user and password)"; break;
  default: why = "refused"; break;
  }
  snprintf(errstr, errstr_size, "schema registry: %s: %s (HTTP %ld): %s", what, why, status,
           msg);
  return status == 404 ? CW_ERR_NOT_FOUND : CW_ERR_CONFIG;
}

static json_t *answer_json(cw_registry_t *r, const char *what, char *errstr,
                           size_t errstr_size) {
  json_error_t je;
  json_t *j = json_loadb(r->answer.p ? r->answer.p : "", r->answer.len, 0, &je);
  if (!j || !json_is_object(j)) {
    snprintf(errstr, errstr_size, "schema registry: %s: answer is not a JSON object: %s",
             what, j ? "(other JSON value)" : je.text);
    json_decref(j);
    return NULL;
  }
  return j;
}

/* One request whose 2xx answer must be a JSON object (*ans, the caller frees it); a non-2xx
 * answer is refused with the registry's message. */
static cw_err_t request(cw_registry_t *r, const char *what, const char *path, const char *body,
                        json_t **ans, char *errstr, size_t errstr_size) {
  long status = 0;
  cw_err_t err = call(r, what, path, body, &status, errstr, errstr_size);
  *ans = NULL;
  if (err)
    return err;
  if (status / 100 != 2)
    return refuse(r, what, status, errstr, errstr_size);
  *ans = answer_json(r, what, errstr, errstr_size);
  return *ans ? CW_OK : CW_ERR_FORMAT;
}

static int get_id(json_t *j, const char *key, int32_t *out) {
  json_t *v = json_object_get(j, key);
  if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > INT32_MAX)
    return -1;
  *out = (int32_t)json_integer_value(v);
  return 0;
}

static const char *cached_schema(const cw_registry_t *r, int32_t id) {
  for (size_t i = 0; i < r->n_ids; i++)
    if (r->ids[i].id == id)
      return r->ids[i].schema;
  return NULL;
}

static const char *cache_schema(cw_registry_t *r, int32_t id, const char *schema) {
  const char *have = cached_schema(r, id);
  if (have)
    return have; /* ids are immutable in a registry: the first text stays valid */
  if (r->n_ids == r->cap_ids) {
    r->cap_ids = r->cap_ids ? r->cap_ids * 2 : 8;
    r->ids = cw_realloc(r->ids, r->cap_ids * sizeof(*r->ids));
  }
  r->ids[r->n_ids].id = id;
  r->ids[r->n_ids].schema = cw_strdup(schema);
  return r->ids[r->n_ids++].schema;
}

/* Appends "/subjects/<escaped subject>" to @p b. */
static cw_err_t subject_path(cw_registry_t *r, cw_buf_t *b, const char *subject) {
  char *esc = curl_easy_escape(r->curl, subject, 0);
  if (!esc)
    return CW_ERR_NOMEM;
  cw_err_t err = cw_buf_printf(b, "/subjects/%s", esc);
  curl_free(esc);
  return err;
}

cw_err_t cw_registry_register(cw_registry_t *r, const char *subject, const char *schema_json,
                              int32_t *id, char *errstr, size_t errstr_size) {
  cw_buf_t path;
  json_t *req = NULL, *ans = NULL;
  char *body = NULL, what[300];
  cw_err_t err = CW_OK;
  cw_buf_init(&path, 4096);
  if (!subject || !*subject || !schema_json) {
    snprintf(errstr, errstr_size, "schema registry: register: no subject or schema");
    err = CW_ERR_INVALID;
    goto done;
  }
  for (size_t i = 0; i < r->n_regs; i++) {
    if (strcmp(r->regs[i].subject, subject) == 0 && strcmp(r->regs[i].schema, schema_json) == 0) {
      *id = r->regs[i].id;
      goto done;
    }
  }
  snprintf(what, sizeof(what), "register under subject \"%s\"", subject);
  if (subject_path(r, &path, subject) || cw_buf_puts(&path, "/versions")) {
    snprintf(errstr, errstr_size, "schema registry: %s: subject too long", what);
    err = CW_ERR_TOO_LARGE;
    goto done;
  }
  req = json_pack("{s:s}", "schema", schema_json);
  body = req ? json_dumps(req, JSON_COMPACT) : NULL;
  if (!body) {
    snprintf(errstr, errstr_size, "schema registry: %s: schema is not valid UTF-8", what);
    err = CW_ERR_INVALID;
    goto done;
  }
  err = request(r, what, path.p, body, &ans, errstr, errstr_size);
  if (err)
    goto done;
  if (!ans || get_id(ans, "id", id)) {
    if (ans)
      snprintf(errstr, errstr_size, "schema registry: %s: answer has no \"id\"", what);
    err = CW_ERR_FORMAT;
    goto done;
  }
  cache_schema(r, *id, schema_json);
  if (r->n_regs == r->cap_regs) {
    r->cap_regs = r->cap_regs ? r->cap_regs * 2 : 8;
    r->regs = cw_realloc(r->regs, r->cap_regs * sizeof(*r->regs));
  }
  r->regs[r->n_regs].subject = cw_strdup(subject);
  r->regs[r->n_regs].schema = cw_strdup(schema_json);
  r->regs[r->n_regs++].id = *id;
done:
  json_decref(ans);
  json_decref(req);
  free(body);
  cw_buf_free(&path);
  return err;
}

cw_err_t cw_registry_subject(const cw_registry_t *r, const char *topic,
                             const char *schema_json, char *out, size_t out_size,
                             char *errstr, size_t errstr_size) {
  json_t *j = NULL;
  char full[1024];
  cw_err_t err = CW_OK;
  int n;
  if (r->strategy == CW_REGISTRY_SUBJECT_TOPIC) {
    n = snprintf(out, out_size, "%s-value", topic);
  } else {
    json_error_t je;
    j = json_loads(schema_json ? schema_json : "", 0, &je);
    const char *name = json_string_value(json_object_get(j, "name"));
    const char *ns = json_string_value(json_object_get(j, "namespace"));
    if (!name || !*name) {
      snprintf(errstr, errstr_size, "schema registry: subject strategy %s needs a named "
               "schema%s%s", STRATEGY_NAMES[r->strategy], j ? "" : ": ", j ? "" : je.text);
      err = CW_ERR_FORMAT;
      goto done;
    }
    /* A dotted name is already full (Avro spec, "Names"); the namespace is then ignored. */
    if (strchr(name, '.') || !ns || !*ns)
      n = snprintf(full, sizeof(full), "%s", name);
    else
      n = snprintf(full, sizeof(full), "%s.%s", ns, name);
    if (n < 0 || (size_t)n >= sizeof(full)) {
      snprintf(errstr, errstr_size, "schema registry: record name too long");
      err = CW_ERR_TOO_LARGE;
      goto done;
    }
    if (r->strategy == CW_REGISTRY_SUBJECT_RECORD)
      n = snprintf(out, out_size, "%s", full);
    else
      n = snprintf(out, out_size, "%s-%s", topic, full);
  }
  if (n < 0 || (size_t)n >= out_size) {
    snprintf(errstr, errstr_size, "schema registry: subject of topic %s too long", topic);
    err = CW_ERR_TOO_LARGE;
  }
done:
  json_decref(j);
  return err;
}

cw_err_t cw_registry_register_topic(cw_registry_t *r, const char *topic,
                                    const char *schema_json, int32_t *id, char *errstr,
                                    size_t errstr_size) {
  char subject[1024];
  cw_err_t err = cw_registry_subject(r, topic, schema_json, subject, sizeof(subject), errstr,
                                     errstr_size);
  return err ? err : cw_registry_register(r, subject, schema_json, id, errstr, errstr_size);
}

cw_err_t cw_registry_schema_by_id(cw_registry_t *r, int32_t id, const char **schema_json,
                                  char *errstr, size_t errstr_size) {
  char path[64], what[64];
  json_t *ans = NULL;
  cw_err_t err = CW_OK;
  *schema_json = cached_schema(r, id);
  if (*schema_json)
    return CW_OK;
  snprintf(what, sizeof(what), "schema id %" PRId32, id);
  snprintf(path, sizeof(path), "/schemas/ids/%" PRId32, id);
  err = request(r, what, path, NULL, &ans, errstr, errstr_size);
  if (err)
    goto done;
  const char *s = ans ? json_string_value(json_object_get(ans, "schema")) : NULL;
  if (!s) {
    if (ans)
      snprintf(errstr, errstr_size, "schema registry: %s: answer has no \"schema\"", what);
    err = CW_ERR_FORMAT;
    goto done;
  }
  *schema_json = cache_schema(r, id, s);
done:
  json_decref(ans);
  return err;
}

cw_err_t cw_registry_latest(cw_registry_t *r, const char *subject, int32_t *id,
                            int32_t *version, const char **schema_json, char *errstr,
                            size_t errstr_size) {
  cw_buf_t path;
  char what[300];
  json_t *ans = NULL;
  int32_t ver = 0;
  cw_err_t err = CW_OK;
  cw_buf_init(&path, 4096);
  snprintf(what, sizeof(what), "latest version of subject \"%s\"", subject ? subject : "");
  if (!subject || !*subject) {
    snprintf(errstr, errstr_size, "schema registry: latest: no subject");
    err = CW_ERR_INVALID;
    goto done;
  }
  if (subject_path(r, &path, subject) || cw_buf_puts(&path, "/versions/latest")) {
    snprintf(errstr, errstr_size, "schema registry: %s: subject too long", what);
    err = CW_ERR_TOO_LARGE;
    goto done;
  }
  err = request(r, what, path.p, NULL, &ans, errstr, errstr_size);
  if (err)
    goto done;
  const char *s = ans ? json_string_value(json_object_get(ans, "schema")) : NULL;
  if (!s || get_id(ans, "id", id) || get_id(ans, "version", &ver)) {
    if (ans)
      snprintf(errstr, errstr_size, "schema registry: %s: answer lacks id, version or schema",
               what);
    err = CW_ERR_FORMAT;
    goto done;
  }
  if (version)
    *version = ver;
  s = cache_schema(r, *id, s);
  if (schema_json)
    *schema_json = s;
done:
  json_decref(ans);
  cw_buf_free(&path);
  return err;
}

cw_err_t cw_registry_register_key(cw_registry_t *r, const char *topic, int32_t *id,
                                  char *errstr, size_t errstr_size) {
  char subject[512], why[400];
  if ((size_t)snprintf(subject, sizeof(subject), "%s-key", topic) >= sizeof(subject)) {
    snprintf(errstr, errstr_size, "key subject for topic %.100s...: too long", topic);
    return CW_ERR_TOO_LARGE;
  }
  cw_err_t err = cw_registry_register(r, subject, "\"string\"", id, why, sizeof(why));
  if (err) {
    snprintf(errstr, errstr_size, "key schema for topic %s: %s", topic, why);
    return err;
  }
  CW_INFO("registry", "key schema \"string\" for topic %s: schema id %" PRId32, topic, *id);
  return CW_OK;
}

cw_err_t cw_registry_register_outputs(cw_registry_t *r, const char *entities_topic,
                                      const char *claims_topic, int32_t *entities_id,
                                      int32_t *claims_id, char *errstr,
                                      size_t errstr_size) {
  const struct {
    const char *file, *topic;
    int32_t *id;
  } outs[] = {{CW_AVRO_SCHEMA_ENTITIES, entities_topic, entities_id},
              {CW_AVRO_SCHEMA_CLAIMS, claims_topic, claims_id}};
  for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
    const char *schema = cw_schema_text(outs[i].file);
    char why[400];
    if (!schema) {
      snprintf(errstr, errstr_size, "schema registry: %s is not embedded", outs[i].file);
      return CW_ERR_FATAL;
    }
    cw_err_t err = cw_registry_register_topic(r, outs[i].topic, schema, outs[i].id, why,
                                              sizeof(why));
    if (err) {
      snprintf(errstr, errstr_size, "%s for topic %s: %s", outs[i].file, outs[i].topic, why);
      return err;
    }
    CW_INFO("registry", "%s for topic %s: schema id %" PRId32, outs[i].file, outs[i].topic,
            *outs[i].id);
  }
  return CW_OK;
}
