/* test_config.c - config file parsing, file:line errors, environment overrides (unknown names
 * refused, _FILE secrets), redaction, enable.auto.commit refused at least once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "testhelp.h"

static const char *write_tmp(const char *text) {
  static char path[64];
  snprintf(path, sizeof(path), "/tmp/cw-test-config-%d.cfg", (int)getpid());
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

static cw_err_t load(const char *text, cw_config_t **c, char *err, size_t n) {
  return cw_config_load(write_tmp(text), c, err, n);
}

int main(void) {
  char err[1024];
  cw_config_t *c = NULL;

  /* Defaults. */
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c->group_id, "claimwire");
  CHECK_STR(c->input_topic, "articles");
  CHECK_STR(cw_kvlist_get(&c->kafka_consumer, "partition.assignment.strategy"),
            "cooperative-sticky");
  CHECK_INT(c->n_topics, 4);
  /* Records are batched for 20 ms (librdkafka's 5 ms sends twice the produce requests). */
  CHECK_STR(cw_kvlist_get(&c->kafka_producer, "linger.ms"), "20");
  cw_config_destroy(&c);
  CHECK(c == NULL);

  /* The shipped files are valid, and the example says what the default is. */
  CHECK_INT(cw_config_load(CW_SOURCE_DIR "/config/claimwire.cfg", &c, err, sizeof(err)), CW_OK);
  CHECK_STR(cw_kvlist_get(&c->kafka_producer, "linger.ms"), "20");
  cw_config_destroy(&c);
  CHECK_INT(cw_config_load(CW_SOURCE_DIR "/config/demo.cfg", &c, err, sizeof(err)), CW_OK);
  CHECK_INT(c->broker_count, 1);
  cw_config_destroy(&c);

  /* Values, kafka '_' -> '.', topics. */
  CHECK_INT(load("worker: { group_id = \"g1\"; max_in_flight = 50; log_json = true; };\n"
                 "kafka: { common: { bootstrap_servers = \"h:1\"; socket_timeout_ms = 1000; }; };\n"
                 "broker: { topics = ( { name = \"t\"; partitions = 2; } ); };\n",
                 &c, err, sizeof(err)),
            CW_OK);
  CHECK_STR(c->group_id, "g1");
  CHECK_INT(c->max_in_flight, 50);
  CHECK_INT(c->log_json, 1);
  CHECK_STR(cw_kvlist_get(&c->kafka_common, "bootstrap.servers"), "h:1");
  CHECK_STR(cw_kvlist_get(&c->kafka_common, "socket.timeout.ms"), "1000");
  CHECK_INT(c->n_topics, 1);
  CHECK_INT(c->topics[0].partitions, 2);
  cw_config_destroy(&c);

  /* Extraction budget: per 100 KiB of body, never under the minimum; 0 per 100 KiB = none. */
  c = cw_config_new_defaults();
  CHECK_INT(c->extract_budget_ms_per_100kb, 3000);
  CHECK_INT(c->extract_budget_min_ms, 2000);
  CHECK_INT(c->commit_interval_ms, 200);
  CHECK_INT(cw_config_extract_budget_ms(c, 3000), 2000);
  CHECK_INT(cw_config_extract_budget_ms(c, 102400), 3000);
  CHECK_INT(cw_config_extract_budget_ms(c, 1024 * 1024), 30720);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { extract_budget_ms_per_100kb = 1; extract_budget_min_ms = 1; };\n",
                 &c, err, sizeof(err)), CW_OK);
  CHECK_INT(cw_config_extract_budget_ms(c, 10), 1);
  CHECK_INT(cw_config_extract_budget_ms(c, 300 * 1024), 3);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { extract_budget_ms_per_100kb = 0; };\n", &c, err, sizeof(err)), CW_OK);
  CHECK_INT(cw_config_extract_budget_ms(c, 1024 * 1024), 0);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { extract_budget_min_ms = 0; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_INT(load("worker: { commit_interval_ms = 5; };\n", &c, err, sizeof(err)), CW_ERR_CONFIG);

  /* Avro keys: a known format, and only with a registry. */
  CHECK_INT(load("worker: { schema_registry_key_format = \"json\"; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "is not string or avro") != NULL, "%s", err);
  CHECK_INT(load("worker: { schema_registry_key_format = \"avro\"; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "needs worker.schema_registry_url") != NULL, "%s", err);
  CHECK_INT(load("worker: { schema_registry_key_format = \"avro\"; "
                 "schema_registry_url = \"http://r:8081\"; };\n", &c, err, sizeof(err)),
            CW_OK);
  CHECK_STR(c->schema_registry_key_format, "avro");
  CHECK_INT(c->key_format_avro, 1);
  CHECK_INT(c->subject_strategy, CW_REGISTRY_SUBJECT_TOPIC);
  cw_config_destroy(&c);

  /* Subject strategies are parsed once, by the registry's parser, into the config. */
  CHECK_INT(load("worker: { schema_registry_subject_strategy = \"topic_record\"; };\n", &c, err,
                 sizeof(err)), CW_OK);
  CHECK_INT(c->subject_strategy, CW_REGISTRY_SUBJECT_TOPIC_RECORD);
  CHECK_INT(c->key_format_avro, 0);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { schema_registry_subject_strategy = \"TopicNameStrategy\"; };\n", &c,
                 err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "schema_registry_subject_strategy") && strstr(err, "topic_record"), "%s",
            err);

  /* Errors point at file:line. */
  CHECK_INT(load("worker:\n{\n  bogus = 1;\n};\n", &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ".cfg:3: unknown setting 'worker.bogus'") != NULL, "%s", err);
  CHECK(c == NULL);
  CHECK_INT(load("worker: {\n max_in_flight = 0;\n};\n", &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ":2: worker.max_in_flight = 0 is out of range") != NULL, "%s", err);
  CHECK_INT(load("kafka: { producer: {\n\n acks = \"most\"; }; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ":3: kafka property 'acks'") != NULL, "%s", err);
  CHECK_INT(load("worker: { group_id = \"x\" \n", &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ".cfg:2:") != NULL, "%s", err);
  CHECK_INT(load("worker: { claims_topic = \"articles\"; };\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "two roles") != NULL, "%s", err);
  CHECK_INT(load("worker: { log_level = \"loud\"; };\n", &c, err, sizeof(err)), CW_ERR_CONFIG);

  /* Per-partition caps: 0 (default) = half the total; never above the total. */
  CHECK_INT(load("worker: { max_in_flight = 200; max_in_flight_per_partition = 20;\n"
                 " max_in_flight_bytes_per_partition = 1048576; };\n", &c, err, sizeof(err)),
            CW_OK);
  CHECK_INT(c->max_in_flight_per_partition, 20);
  CHECK_INT(c->max_in_flight_bytes_per_partition, 1048576);
  cw_config_destroy(&c);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_INT(c->max_in_flight_per_partition, 0);
  CHECK_INT(c->max_in_flight_bytes_per_partition, 0);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { max_in_flight = 100; max_in_flight_per_partition = 101; };\n", &c,
                 err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "worker.max_in_flight_per_partition = 101 exceeds worker.max_in_flight "
                        "= 100") != NULL, "%s", err);
  CHECK(c == NULL);
  CHECK_INT(load("worker: { max_in_flight_bytes_per_partition = 100000000; };\n", &c, err,
                 sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "worker.max_in_flight_bytes_per_partition = 100000000 exceeds "
                        "worker.max_in_flight_bytes = 67108864") != NULL, "%s", err);
  CHECK_INT(load("worker: {\n max_in_flight_per_partition = -1;\n};\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ":2: worker.max_in_flight_per_partition = -1 is out of range") != NULL,
            "%s", err);

  /* input { }: field-name lists, invalid_utf8, language; each bad value one clear line. */
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c->input_fields[CW_FIELD_BODY], "body,text,content");
  CHECK_STR(c->input_fields[CW_FIELD_ID], "id");
  CHECK_INT(cw_input_windows_1252(c->input), 0);
  cw_config_destroy(&c);
  CHECK_INT(load("input: {\n  body_fields = [\"description\", \"summary\"];\n"
                 "  title_fields = \"name, title\";\n  invalid_utf8 = \"windows_1252\";\n"
                 "  detect_language = false;\n  unsupported_language = \"dead_letter\";\n};\n",
                 &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c ? c->input_fields[CW_FIELD_BODY] : NULL, "description,summary");
  CHECK_STR(c ? c->input_fields[CW_FIELD_TITLE] : NULL, "name,title");
  CHECK_INT(c ? cw_input_windows_1252(c->input) : 0, 1);
  CHECK_INT(c ? c->input_detect_language : 1, 0);
  if (c) {
    const char *const *names;
    CHECK_INT(cw_input_names(c->input, CW_FIELD_BODY, &names), 2);
    CHECK_STR(names[1], "summary");
    char *dump = NULL;
    size_t dump_len = 0;
    FILE *mem = open_memstream(&dump, &dump_len);
    cw_config_dump(c, mem);
    fclose(mem);
    CHECK_MSG(strstr(dump, "input: {\n  id_fields = [\"id\"];\n  body_fields = [\"description\", "
                           "\"summary\"];\n") != NULL, "%s", dump);
    CHECK_MSG(strstr(dump, "  unsupported_language = \"dead_letter\";\n") != NULL, "%s", dump);
    free(dump);
  }
  cw_config_destroy(&c);
  static const char *const bad_input[][2] = {
    {"input: {\n  invalid_utf8 = \"latin1\";\n};\n",
     ": input.invalid_utf8 \"latin1\" is not dead_letter or windows_1252"},
    {"input: {\n  unsupported_language = \"drop\";\n};\n",
     ": input.unsupported_language \"drop\" is not empty_record or dead_letter"},
    {"input: {\n  body_fields = [];\n};\n", ": input.body_fields: an empty field name"},
    {"input: {\n  body_fields = [\"a\", \"\"];\n};\n",
     ":2: input.body_fields must be a list of non-empty names without ','"},
    {"input: {\n  body_fields = [\"a,b\"];\n};\n",
     ":2: input.body_fields must be a list of non-empty names without ','"},
    {"input: {\n  url_fields = [\"u\", \"u\"];\n};\n", ": input.url_fields: field name \"u\" given twice"},
    {"input: {\n  time_fields = 5;\n};\n", ":2: input.time_fields must be a list of names"},
    {"input: {\n  detect_language = \"yes\";\n};\n", ":2: input.detect_language must be true or false"},
    {"input: {\n  body_field = [\"a\"];\n};\n", ":2: unknown setting 'input.body_field'"},
  };
  for (size_t i = 0; i < sizeof(bad_input) / sizeof(bad_input[0]); i++) {
    CHECK_INT(load(bad_input[i][0], &c, err, sizeof(err)), CW_ERR_CONFIG);
    CHECK_MSG(strstr(err, bad_input[i][1]) != NULL && !strchr(err, '\n'), "%s", err);
  }
  /* Environment: CLAIMWIRE_INPUT_<KEY>, lists comma-separated; bad values name the variable. */
  setenv("CLAIMWIRE_INPUT_BODY_FIELDS", "text , body", 1);
  setenv("CLAIMWIRE_INPUT_INVALID_UTF8", "windows_1252", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c ? c->input_fields[CW_FIELD_BODY] : NULL, "text,body");
  CHECK_INT(c ? cw_input_windows_1252(c->input) : 0, 1);
  cw_config_destroy(&c);
  setenv("CLAIMWIRE_INPUT_INVALID_UTF8", "cp1252", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "environment CLAIMWIRE_INPUT_INVALID_UTF8: input.invalid_utf8 \"cp1252\"")
            == err, "%s", err);
  unsetenv("CLAIMWIRE_INPUT_INVALID_UTF8");
  unsetenv("CLAIMWIRE_INPUT_BODY_FIELDS");
  setenv("CLAIMWIRE_INPUT_BODYFIELDS", "x", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "environment CLAIMWIRE_INPUT_BODYFIELDS: unknown setting") != NULL, "%s",
            err);
  unsetenv("CLAIMWIRE_INPUT_BODYFIELDS");

  /* Environment overrides, including secrets from files, and redaction. */
  setenv("CLAIMWIRE_WORKER_GROUP_ID", "from-env", 1);
  setenv("CLAIMWIRE_BOOTSTRAP_SERVERS", "b1:9092", 1);
  /* A file of this run's own: two suites on one machine must not share it. */
  char secret[] = "/tmp/cw-test-secret.XXXXXX";
  int sfd = mkstemp(secret);
  CHECK(sfd >= 0);
  FILE *f = sfd >= 0 ? fdopen(sfd, "w") : NULL;
  CHECK(f != NULL);
  if (!f)
    return TEST_REPORT();
  fputs("s3cr3t\n", f);
  fclose(f);
  setenv("CLAIMWIRE_KAFKA_COMMON_SASL_PASSWORD_FILE", secret, 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c->group_id, "from-env");
  CHECK_STR(cw_kvlist_get(&c->kafka_common, "bootstrap.servers"), "b1:9092");
  CHECK_STR(cw_kvlist_get(&c->kafka_common, "sasl.password"), "s3cr3t");
  char *dump = NULL;
  size_t dlen = 0;
  FILE *mem = open_memstream(&dump, &dlen);
  cw_config_dump(c, mem);
  fclose(mem);
  CHECK(strstr(dump, "s3cr3t") == NULL);
  CHECK(strstr(dump, "sasl_password = \"<redacted>\"") != NULL);
  free(dump);
  cw_config_destroy(&c);
  setenv("CLAIMWIRE_WORKER_MAX_IN_FLIGHT", "lots", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "CLAIMWIRE_WORKER_MAX_IN_FLIGHT") != NULL, "%s", err);
  unsetenv("CLAIMWIRE_WORKER_MAX_IN_FLIGHT");
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  cw_config_destroy(&c);

  /* An unknown CLAIMWIRE_WORKER_* or CLAIMWIRE_BROKER_* variable is an error, as an unknown key
   * is in the file; _FILE goes with string settings only. */
  setenv("CLAIMWIRE_WORKER_MAX_INFLIGHT", "5", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "environment CLAIMWIRE_WORKER_MAX_INFLIGHT: unknown setting") != NULL,
            "%s", err);
  unsetenv("CLAIMWIRE_WORKER_MAX_INFLIGHT");
  setenv("CLAIMWIRE_BROKER_COUNTS", "2", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "CLAIMWIRE_BROKER_COUNTS: unknown setting") != NULL, "%s", err);
  unsetenv("CLAIMWIRE_BROKER_COUNTS");
  setenv("CLAIMWIRE_WORKER_THREADS_FILE", secret, 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "CLAIMWIRE_WORKER_THREADS_FILE: unknown setting") != NULL, "%s", err);
  unsetenv("CLAIMWIRE_WORKER_THREADS_FILE");
  setenv("CLAIMWIRE_WORKER_", "x", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  unsetenv("CLAIMWIRE_WORKER_");
  setenv("CLAIMWIRE_WORKERS", "x", 1); /* not a CLAIMWIRE_WORKER_ variable */
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  cw_config_destroy(&c);
  unsetenv("CLAIMWIRE_WORKERS");

  /* _FILE for every secret: the registry password too; not together with the plain one. */
  setenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD_FILE", secret, 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c ? c->schema_registry_password : NULL, "s3cr3t");
  mem = open_memstream(&dump, &dlen);
  cw_config_dump(c, mem);
  fclose(mem);
  CHECK(strstr(dump, "s3cr3t") == NULL);
  free(dump);
  cw_config_destroy(&c);
  setenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD", "plain", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "set one or the other") != NULL, "%s", err);
  unsetenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD");
  setenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD_FILE", "/nonexistent/secret", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "cannot read file '/nonexistent/secret'") != NULL, "%s", err);
  unsetenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD_FILE");
  setenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_USER_FILE", secret, 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_OK);
  CHECK_STR(c ? c->schema_registry_user : NULL, "s3cr3t");
  cw_config_destroy(&c);
  unsetenv("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_USER_FILE");

  /* At least once, enable.auto.commit = false would commit nothing: refused where it is set. */
  CHECK_INT(load("worker: { group_id = \"g\"; };\nkafka: {\n  consumer: {\n"
                 "    enable_auto_commit = false;\n  };\n};\n", &c, err, sizeof(err)),
            CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ":4: kafka property 'enable.auto.commit' = false") != NULL, "%s", err);
  CHECK_INT(load("kafka: {\n  common: {\n    enable_auto_commit = \"0\";\n  };\n};\n", &c,
                 err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, ":3: kafka property 'enable.auto.commit'") != NULL, "%s", err);
  setenv("CLAIMWIRE_KAFKA_CONSUMER_ENABLE_AUTO_COMMIT", "false", 1);
  CHECK_INT(cw_config_load(NULL, &c, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_MSG(strstr(err, "environment CLAIMWIRE_KAFKA_CONSUMER_") != NULL, "%s", err);
  unsetenv("CLAIMWIRE_KAFKA_CONSUMER_ENABLE_AUTO_COMMIT");
  /* true is fine; so is false under exactly once (transactions commit). */
  CHECK_INT(load("kafka: { consumer: { enable_auto_commit = true; }; };\n", &c, err,
                 sizeof(err)), CW_OK);
  cw_config_destroy(&c);
  CHECK_INT(load("worker: { processing_guarantee = \"exactly_once\"; transactional_id = \"t\"; };\n"
                 "kafka: { consumer: { enable_auto_commit = false; }; };\n", &c, err,
                 sizeof(err)), CW_OK);
  cw_config_destroy(&c);
  unlink(secret);
  unlink(write_tmp(""));
  return TEST_REPORT();
}
