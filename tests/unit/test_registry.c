/* test_registry.c - the Schema Registry client against the test registry
 * (tests/integration/registry_server.py, run with /usr/bin/python3 on a free port): retries
 * while the registry is not up yet, registration and caches, lookups, refusals (409, 422, 401),
 * transient 5xx answers, subject strategies, and a new schema version under the same subject. */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "avro_codec.h"
#include "registry.h"
#include "schemas.h"
#include "testhelp.h"

#define SERVER CW_SOURCE_DIR "/tests/integration/registry_server.py"

static char tmpdir[] = "/tmp/cw-test-registry-XXXXXX";

typedef struct {
  pid_t pid;
  int port;
  char url[64];
} server_t;

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A port nobody listens on right now (the kernel's choice for an ephemeral bind). */
static int free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t n = sizeof(a);
  if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
      getsockname(fd, (struct sockaddr *)&a, &n) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0)
    close(fd);
  return port;
}

/* Starts the test registry on a free port after @p delay_ms, with extra options (NULL-ended).
 * Does not wait for it; see wait_ready(). */
static int start_server(server_t *s, const char *name, int delay_ms, const char *const *extra) {
  char port[16], ready[512], log[512];
  const char *argv[24];
  int n = 0;
  s->port = free_port();
  if (s->port < 0)
    return -1;
  snprintf(port, sizeof(port), "%d", s->port);
  snprintf(ready, sizeof(ready), "%s/%s.ready", tmpdir, name);
  snprintf(log, sizeof(log), "%s/%s.log", tmpdir, name);
  snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d", s->port);
  argv[n++] = "/usr/bin/python3";
  argv[n++] = SERVER;
  argv[n++] = "--port";
  argv[n++] = port;
  argv[n++] = "--ready-file";
  argv[n++] = ready;
  argv[n++] = "--log";
  argv[n++] = log;
  for (int i = 0; extra && extra[i] && n < 23; i++)
    argv[n++] = extra[i];
  argv[n] = NULL;
  fflush(NULL);
  s->pid = fork();
  if (s->pid < 0)
    return -1;
  if (s->pid == 0) {
    if (delay_ms > 0)
      usleep((useconds_t)delay_ms * 1000);
    if (!freopen("/dev/null", "w", stdout)) {
      /* keep the inherited stdout */
    }
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  return 0;
}

/* Waits until the server wrote its ready file, for at most @p deadline_ms. */
static int wait_ready(const char *name, int deadline_ms) {
  char ready[512];
  struct stat st;
  snprintf(ready, sizeof(ready), "%s/%s.ready", tmpdir, name);
  for (int64_t end = mono_ms() + deadline_ms; mono_ms() < end;) {
    if (stat(ready, &st) == 0)
      return 0;
    usleep(20 * 1000);
  }
  return -1;
}

static void stop_server(server_t *s) {
  if (s->pid > 0) {
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
  }
}

static cw_registry_t *client(const char *url, cw_registry_strategy_t st, int64_t timeout_ms,
                             const char *user, const char *password) {
  cw_registry_opts_t o = {url, user, password, NULL, st, timeout_ms};
  cw_registry_t *r = NULL;
  char err[512] = "";
  cw_err_t e = cw_registry_create(&r, &o, err, sizeof(err));
  CHECK_MSG(e == CW_OK && r, "%s", err);
  return r;
}

/* entities.avsc with one more optional field: a compatible new version of the schema. */
static char *evolved_entities(void) {
  json_t *j = json_loads(cw_schema_text(CW_AVRO_SCHEMA_ENTITIES), 0, NULL);
  json_t *f = json_pack("{s:s, s:[s,s], s:n}", "name", "sentiment", "type", "null", "double",
                        "default");
  json_array_append_new(json_object_get(j, "fields"), f);
  char *s = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  return s;
}

static void test_parse_and_subjects(void) {
  cw_registry_strategy_t st = CW_REGISTRY_SUBJECT_TOPIC;
  char err[256], subj[256];
  CHECK(cw_registry_parse_strategy("record", &st, err, sizeof(err)) == CW_OK);
  CHECK_INT(st, CW_REGISTRY_SUBJECT_RECORD);
  CHECK(cw_registry_parse_strategy("topic_record", &st, err, sizeof(err)) == CW_OK);
  CHECK_INT(st, CW_REGISTRY_SUBJECT_TOPIC_RECORD);
  CHECK(cw_registry_parse_strategy("topic", &st, err, sizeof(err)) == CW_OK);
  CHECK_INT(st, CW_REGISTRY_SUBJECT_TOPIC);
  CHECK(cw_registry_parse_strategy("TopicNameStrategy", &st, err, sizeof(err)) ==
        CW_ERR_CONFIG);
  CHECK(strstr(err, "TopicNameStrategy") != NULL);

  cw_registry_t *r = NULL;
  cw_registry_opts_t bad = {"ftp://x", NULL, NULL, NULL, CW_REGISTRY_SUBJECT_TOPIC, 0};
  CHECK(cw_registry_create(&r, &bad, err, sizeof(err)) == CW_ERR_CONFIG && !r);
  bad.url = "";
  CHECK(cw_registry_create(&r, &bad, err, sizeof(err)) == CW_ERR_CONFIG && !r);
  cw_registry_destroy(&r); /* NULL is fine */

  const char *ent = cw_schema_text(CW_AVRO_SCHEMA_ENTITIES);
  const char *expect[] = {"news.entities-value", "io.claimwire.ArticleEntities",
                          "news.entities-io.claimwire.ArticleEntities"};
  for (int s = 0; s < 3; s++) {
    r = client("http://127.0.0.1:1", (cw_registry_strategy_t)s, 1000, NULL, NULL);
    CHECK(cw_registry_subject(r, "news.entities", ent, subj, sizeof(subj), err, sizeof(err)) ==
          CW_OK);
    CHECK_STR(subj, expect[s]);
    if (s != CW_REGISTRY_SUBJECT_TOPIC) {
      /* A dotted name is already the full name; a schema without a name has no subject. */
      CHECK(cw_registry_subject(r, "t", "{\"type\":\"record\",\"name\":\"a.b.R\","
                                "\"namespace\":\"ignored\",\"fields\":[]}",
                                subj, sizeof(subj), err, sizeof(err)) == CW_OK);
      CHECK_STR(subj, s == CW_REGISTRY_SUBJECT_RECORD ? "a.b.R" : "t-a.b.R");
      CHECK(cw_registry_subject(r, "t", "\"string\"", subj, sizeof(subj), err, sizeof(err)) ==
            CW_ERR_FORMAT);
    }
    CHECK(cw_registry_subject(r, "news.entities", ent, subj, 8, err, sizeof(err)) ==
          CW_ERR_TOO_LARGE);
    cw_registry_destroy(&r);
    CHECK(r == NULL);
  }
}

/* Nothing listens: the client retries with backoff and gives up after its timeout. Credentials
 * in the URL stay out of the message. */
static void test_unreachable_times_out(void) {
  char url[64], shown[64], err[512] = "";
  int32_t id = -1;
  int port = free_port();
  snprintf(url, sizeof(url), "http://reg:pw-x9@127.0.0.1:%d", port);
  snprintf(shown, sizeof(shown), "http://***@127.0.0.1:%d/subjects/t-value/versions", port);
  cw_registry_t *r = client(url, CW_REGISTRY_SUBJECT_TOPIC, 700, NULL, NULL);
  int64_t t0 = mono_ms();
  cw_err_t e = cw_registry_register_topic(r, "t", cw_schema_text(CW_AVRO_SCHEMA_CLAIMS), &id,
                                          err, sizeof(err));
  int64_t took = mono_ms() - t0;
  CHECK_INT(e, CW_ERR_TIMEOUT);
  CHECK_MSG(took >= 300 && took < 3000, "gave up after %lld ms", (long long)took);
  CHECK_MSG(cw_registry_requests(r) >= 3, "%llu attempts",
            (unsigned long long)cw_registry_requests(r));
  CHECK_MSG(strstr(err, "no answer after") && strstr(err, shown), "%s", err);
  CHECK_MSG(strstr(err, "pw-x9") == NULL, "%s", err);
  cw_registry_destroy(&r);
}

static void test_main_server(void) {
  server_t s = {0};
  char err[512] = "";
  const char *extra[] = {"--incompatible", "locked-value", NULL};
  /* The registry comes up 800 ms after the first request: the client must keep trying. */
  CHECK(start_server(&s, "main", 800, extra) == 0);
  cw_registry_t *r = client(s.url, CW_REGISTRY_SUBJECT_TOPIC, 20000, NULL, NULL);
  int32_t ent_id = -1, cl_id = -1;
  int64_t t0 = mono_ms();
  cw_err_t e = cw_registry_register_outputs(r, "news.entities", "news.claims", &ent_id, &cl_id,
                                            err, sizeof(err));
  CHECK_MSG(e == CW_OK, "%s", err);
  CHECK_MSG(mono_ms() - t0 >= 700, "registered after %lld ms, before the server started",
            (long long)(mono_ms() - t0));
  CHECK(wait_ready("main", 10000) == 0);
  CHECK(cw_registry_requests(r) > 2); /* at least one retry, then two registrations */
  CHECK(ent_id > 0 && cl_id > 0 && ent_id != cl_id);

  /* Cache hit: the same (subject, schema) again sends nothing. */
  uint64_t before = cw_registry_requests(r);
  int32_t again = -1;
  CHECK(cw_registry_register(r, "news.entities-value", cw_schema_text(CW_AVRO_SCHEMA_ENTITIES),
                             &again, err, sizeof(err)) == CW_OK);
  CHECK_INT(again, ent_id);
  CHECK_INT(cw_registry_requests(r), before);
  const char *txt = NULL;
  CHECK(cw_registry_schema_by_id(r, cl_id, &txt, err, sizeof(err)) == CW_OK);
  CHECK_STR(txt, cw_schema_text(CW_AVRO_SCHEMA_CLAIMS));
  CHECK_INT(cw_registry_requests(r), before);

  /* A fresh client: lookups by id go to the registry once, then come from the cache. */
  cw_registry_t *r2 = client(s.url, CW_REGISTRY_SUBJECT_TOPIC, 5000, NULL, NULL);
  txt = NULL;
  e = cw_registry_schema_by_id(r2, ent_id, &txt, err, sizeof(err));
  CHECK_MSG(e == CW_OK, "%s", err);
  CHECK_STR(txt, cw_schema_text(CW_AVRO_SCHEMA_ENTITIES));
  CHECK_INT(cw_registry_requests(r2), 1);
  CHECK(cw_registry_schema_by_id(r2, ent_id, &txt, err, sizeof(err)) == CW_OK);
  CHECK_INT(cw_registry_requests(r2), 1);
  CHECK(cw_registry_schema_by_id(r2, 9999, &txt, err, sizeof(err)) == CW_ERR_NOT_FOUND);
  CHECK_MSG(strstr(err, "Schema 9999 not found") != NULL, "%s", err);
  /* The registry's own answer for a schema registered elsewhere: same id under a new subject. */
  int32_t other = -1;
  CHECK(cw_registry_register(r2, "mirror-value", cw_schema_text(CW_AVRO_SCHEMA_CLAIMS), &other,
                             err, sizeof(err)) == CW_OK);
  CHECK_INT(other, cl_id);

  int32_t lid = -1, ver = -1;
  const char *ltxt = NULL;
  CHECK(cw_registry_latest(r2, "news.claims-value", &lid, &ver, &ltxt, err, sizeof(err)) ==
        CW_OK);
  CHECK_INT(lid, cl_id);
  CHECK_INT(ver, 1);
  CHECK_STR(ltxt, cw_schema_text(CW_AVRO_SCHEMA_CLAIMS));
  CHECK(cw_registry_latest(r2, "no-such-subject", &lid, NULL, NULL, err, sizeof(err)) ==
        CW_ERR_NOT_FOUND);

  /* 409: the registry says the schema is incompatible; its message reaches the caller. */
  int32_t id = -1;
  e = cw_registry_register_topic(r2, "locked", cw_schema_text(CW_AVRO_SCHEMA_CLAIMS), &id, err,
                                 sizeof(err));
  CHECK_INT(e, CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "HTTP 409") && strstr(err, "incompatible with an earlier schema"),
            "%s", err);
  /* 422: not an Avro schema. */
  before = cw_registry_requests(r2);
  e = cw_registry_register(r2, "junk-value", "{\"type\":\"record\",\"name\":\"J\","
                           "\"fields\":[{\"name\":\"x\",\"type\":\"no_such_type\"}]}",
                           &id, err, sizeof(err));
  CHECK_INT(e, CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "HTTP 422") && strstr(err, "Invalid schema"), "%s", err);
  CHECK_INT(cw_registry_requests(r2), before + 1); /* refusals are not retried */

  /* Other strategies put the same schema under other subjects, with the same global id. */
  cw_registry_t *rr = client(s.url, CW_REGISTRY_SUBJECT_RECORD, 5000, NULL, NULL);
  cw_registry_t *rt = client(s.url, CW_REGISTRY_SUBJECT_TOPIC_RECORD, 5000, NULL, NULL);
  int32_t a = -1, b = -1, c = -1, d = -1;
  CHECK(cw_registry_register_outputs(rr, "news.entities", "news.claims", &a, &b, err,
                                     sizeof(err)) == CW_OK);
  CHECK(cw_registry_register_outputs(rt, "news.entities", "news.claims", &c, &d, err,
                                     sizeof(err)) == CW_OK);
  CHECK(a == ent_id && b == cl_id && c == ent_id && d == cl_id);
  CHECK(cw_registry_latest(rr, "io.claimwire.Claim", &lid, &ver, NULL, err, sizeof(err)) ==
        CW_OK && lid == cl_id && ver == 1);
  CHECK(cw_registry_latest(rt, "news.entities-io.claimwire.ArticleEntities", &lid, &ver, NULL,
                           err, sizeof(err)) == CW_OK && lid == ent_id && ver == 1);

  /* Evolution: a new optional field is a new version under the same subject, with a new id;
   * the old version keeps its id and stays readable by id. */
  char *v2 = evolved_entities();
  int32_t v2_id = -1;
  e = cw_registry_register_topic(r2, "news.entities", v2, &v2_id, err, sizeof(err));
  CHECK_MSG(e == CW_OK, "%s", err);
  CHECK(v2_id > 0 && v2_id != ent_id && v2_id != cl_id);
  CHECK(cw_registry_latest(r2, "news.entities-value", &lid, &ver, &ltxt, err, sizeof(err)) ==
        CW_OK);
  CHECK_INT(lid, v2_id);
  CHECK_INT(ver, 2);
  CHECK_STR(ltxt, v2);
  CHECK(cw_registry_schema_by_id(r2, ent_id, &txt, err, sizeof(err)) == CW_OK);
  CHECK_STR(txt, cw_schema_text(CW_AVRO_SCHEMA_ENTITIES));
  /* The worker still registering v1 gets v1's id back, not a third version. */
  CHECK(cw_registry_register_outputs(r2, "news.entities", "news.claims", &a, &b, err,
                                     sizeof(err)) == CW_OK);
  CHECK_INT(a, ent_id);
  /* New versions under an incompatible subject are refused. */
  CHECK(cw_registry_register_topic(r2, "locked", v2, &id, err, sizeof(err)) == CW_ERR_CONFIG);
  free(v2);

  cw_registry_destroy(&rr);
  cw_registry_destroy(&rt);
  cw_registry_destroy(&r2);
  cw_registry_destroy(&r);
  stop_server(&s);
}

/* 5xx answers are retried like an unreachable registry; basic auth failures are not. */
static void test_flaky_and_auth(void) {
  server_t s = {0};
  char err[512] = "";
  const char *extra[] = {"--fail-first", "2", "--user", "claimwire:s3cret", NULL};
  CHECK(start_server(&s, "flaky", 0, extra) == 0);
  CHECK(wait_ready("flaky", 10000) == 0);
  cw_registry_t *r = client(s.url, CW_REGISTRY_SUBJECT_TOPIC, 10000, "claimwire", "wrong");
  int32_t id = -1;
  cw_err_t e = cw_registry_register_topic(r, "t", cw_schema_text(CW_AVRO_SCHEMA_CLAIMS), &id,
                                          err, sizeof(err));
  CHECK_INT(e, CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "HTTP 401") && strstr(err, "not authorised"), "%s", err);
  CHECK_INT(cw_registry_requests(r), 3); /* 503, 503, then 401 */
  cw_registry_destroy(&r);
  r = client(s.url, CW_REGISTRY_SUBJECT_TOPIC, 10000, "claimwire", "s3cret");
  e = cw_registry_register_topic(r, "t", cw_schema_text(CW_AVRO_SCHEMA_CLAIMS), &id, err,
                                 sizeof(err));
  CHECK_MSG(e == CW_OK, "%s", err);
  CHECK_INT(id, 1);
  CHECK_INT(cw_registry_requests(r), 1);
  cw_registry_destroy(&r);
  stop_server(&s);
}

/* A registry that answers 5xx for longer than the timeout: CW_ERR_TIMEOUT with its message. */
static void test_5xx_until_timeout(void) {
  server_t s = {0};
  char err[512] = "";
  const char *extra[] = {"--fail-first", "1000", NULL};
  CHECK(start_server(&s, "down", 0, extra) == 0);
  CHECK(wait_ready("down", 10000) == 0);
  cw_registry_t *r = client(s.url, CW_REGISTRY_SUBJECT_TOPIC, 800, NULL, NULL);
  const char *txt = NULL;
  CHECK_INT(cw_registry_schema_by_id(r, 1, &txt, err, sizeof(err)), CW_ERR_TIMEOUT);
  CHECK_MSG(strstr(err, "HTTP 503") && strstr(err, "injected failure"), "%s", err);
  CHECK(cw_registry_requests(r) >= 2);
  cw_registry_destroy(&r);
  stop_server(&s);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  test_parse_and_subjects();
  test_unreachable_times_out();
  test_main_server();
  test_flaky_and_auth();
  test_5xx_until_timeout();
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tmpdir);
  return TEST_REPORT();
}
