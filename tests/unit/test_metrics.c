/* test_metrics.c - Prometheus rendering (worker, build and process metrics), librdkafka
 * statistics parsing, and the HTTP endpoints served on ephemeral loopback
 * ports (IPv4 and IPv6). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "http.h"
#include "metrics.h"
#include "testhelp.h"

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Minimal HTTP GET over loopback (IPv4, or IPv6 ::1 if @p v6); @returns the status code and the
 * response in buf. */
static int http_get6(int v6, int port, const char *path, char *buf, size_t n) {
  int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {0};
  struct sockaddr_in6 sa6 = {0};
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  sa6.sin6_family = AF_INET6;
  sa6.sin6_port = htons((uint16_t)port);
  inet_pton(AF_INET6, "::1", &sa6.sin6_addr);
  if (v6 ? connect(fd, (struct sockaddr *)&sa6, sizeof(sa6))
         : connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
    close(fd);
    return -1;
  }
  char req[256];
  int len = snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: x\r\n\r\n", path);
  if (write(fd, req, (size_t)len) != len) {
    close(fd);
    return -1;
  }
  size_t got = 0;
  ssize_t r;
  while (got + 1 < n && (r = read(fd, buf + got, n - 1 - got)) > 0)
    got += (size_t)r;
  buf[got] = '\0';
  close(fd);
  int status = -1;
  if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
    return -1;
  return status;
}

static int ipv6_loopback(void) {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 sa6 = {0};
  sa6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::1", &sa6.sin6_addr);
  int ok = fd >= 0 && bind(fd, (struct sockaddr *)&sa6, sizeof(sa6)) == 0;
  if (fd >= 0)
    close(fd);
  return ok;
}

static int http_get(int port, const char *path, char *buf, size_t n) {
  return http_get6(0, port, path, buf, n);
}

/* A metric line "NAME VALUE" of @p text: its value, or -1 if absent. */
static double metric_value(const char *text, const char *name) {
  char pat[128];
  snprintf(pat, sizeof(pat), "\n%s ", name);
  const char *at = strstr(text, pat);
  return at ? strtod(at + strlen(pat), NULL) : -1;
}

/* claimwire_build_info and process_* describe this process. */
static void test_process_metrics(cw_metrics_t *m) {
  cw_buf_t b;
  cw_buf_init(&b, 1 << 20);
  CHECK_INT(cw_metrics_render(m, &b), CW_OK);
  CHECK(strstr(b.p, "# TYPE claimwire_build_info gauge\nclaimwire_build_info{version=\"") != NULL);
  CHECK(strstr(b.p, "\",librdkafka=\"") != NULL);
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long long vsz = 0, rss = 0;
  CHECK(f && fscanf(f, "%llu %llu", &vsz, &rss) == 2);
  if (f)
    fclose(f);
  double rss_b = metric_value(b.p, "process_resident_memory_bytes");
  double page = (double)sysconf(_SC_PAGESIZE);
  CHECK_MSG(rss_b > 0 && rss_b > (double)rss * page * 0.5 && rss_b < (double)rss * page * 2,
            "rss %.0f vs %llu pages", rss_b, rss);
  CHECK(strstr(b.p, "# TYPE process_cpu_seconds_total counter\n") != NULL);
  double cpu = metric_value(b.p, "process_cpu_seconds_total");
  CHECK_MSG(cpu >= 0 && cpu < 3600, "cpu %f", cpu);
  double start = metric_value(b.p, "process_start_time_seconds");
  double now = (double)time(NULL);
  CHECK_MSG(start > now - 600 && start <= now + 2, "start %.2f, now %.0f", start, now);
  /* Two more descriptors open: the count follows. */
  double fds = metric_value(b.p, "process_open_fds");
  int p2[2];
  CHECK(pipe(p2) == 0);
  cw_buf_t b2;
  cw_buf_init(&b2, 1 << 20);
  CHECK_INT(cw_metrics_render(m, &b2), CW_OK);
  CHECK_MSG(fds >= 3 && metric_value(b2.p, "process_open_fds") == fds + 2, "fds %.0f -> %.0f",
            fds, metric_value(b2.p, "process_open_fds"));
  close(p2[0]);
  close(p2[1]);
  CHECK(metric_value(b.p, "process_max_fds") > 0);
  cw_buf_free(&b);
  cw_buf_free(&b2);
}

int main(void) {
  cw_metrics_t *m = cw_metrics_create();
  cw_metrics_inc(m, CW_M_CONSUMED, 3);
  cw_metrics_inc(m, CW_M_DLQ_TOO_LARGE, 1);
  cw_metrics_inc(m, CW_M_PARTITION_PAUSES, 5);
  cw_metrics_set(m, CW_G_PAUSED_PARTITIONS, 2);
  cw_metrics_observe(m, CW_H_EXTRACT, 0.003);
  cw_metrics_observe(m, CW_H_EXTRACT, 100.0);
  const char stats[] = "{\"topics\":{\"articles\":{\"partitions\":{"
                       "\"0\":{\"fetch_state\":\"active\",\"consumer_lag\":42},"
                       "\"1\":{\"fetch_state\":\"none\",\"consumer_lag\":-1},"
                       "\"-1\":{\"fetch_state\":\"none\",\"consumer_lag\":-1}}}}}";
  CHECK_INT(cw_metrics_from_rdkafka_stats(m, stats, sizeof(stats) - 1), CW_OK);
  CHECK_INT(cw_metrics_from_rdkafka_stats(m, "nope", 4), CW_ERR_INVALID);

  const char bstats[] = "{\"brokers\":{\"a:9092/1\":{\"state\":\"UP\"},"
                        "\"b:9092/bootstrap\":{\"state\":\"DOWN\"},"
                        "\"c:9092/3\":{\"state\":\"UP\"}}}";
  CHECK_INT(cw_rdkafka_stats_brokers_up(bstats, sizeof(bstats) - 1), 2);
  const char bdown[] = "{\"brokers\":{\"a:9092/1\":{\"state\":\"TRY_CONNECT\"}}}";
  CHECK_INT(cw_rdkafka_stats_brokers_up(bdown, sizeof(bdown) - 1), 0);
  CHECK_INT(cw_rdkafka_stats_brokers_up("nope", 4), -1);
  test_process_metrics(m);

  cw_buf_t b;
  cw_buf_init(&b, 1 << 20);
  CHECK_INT(cw_metrics_render(m, &b), CW_OK);
  CHECK(strstr(b.p, "claimwire_messages_consumed_total 3\n") != NULL);
  CHECK(strstr(b.p, "claimwire_dead_letters_total{code=\"too_large\"} 1\n") != NULL);
  CHECK(strstr(b.p, "# TYPE claimwire_backpressure_partition_pauses_total counter\n"
                    "claimwire_backpressure_partition_pauses_total 5\n") != NULL);
  CHECK(strstr(b.p, "# TYPE claimwire_paused_partitions gauge\nclaimwire_paused_partitions 2\n")
        != NULL);
  /* HELP/TYPE once for a labelled family. */
  const char *first = strstr(b.p, "# TYPE claimwire_dead_letters_total counter");
  CHECK(first && !strstr(first + 1, "# TYPE claimwire_dead_letters_total counter"));
  CHECK(strstr(b.p, "claimwire_extract_seconds_bucket{le=\"0.005\"} 1\n") != NULL);
  CHECK(strstr(b.p, "claimwire_extract_seconds_bucket{le=\"+Inf\"} 2\n") != NULL);
  CHECK(strstr(b.p, "claimwire_extract_seconds_count 2\n") != NULL);
  CHECK(strstr(b.p, "claimwire_consumer_lag{topic=\"articles\",partition=\"0\"} 42\n") != NULL);
  CHECK(strstr(b.p, "partition=\"1\"") == NULL);
  cw_buf_free(&b);

  char err[256], resp[65536];
  cw_http_t *h = NULL;
  CHECK_INT(cw_http_start("not-an-address", m, &h, err, sizeof(err)), CW_ERR_CONFIG);
  CHECK_INT(cw_http_start("127.0.0.1:0", m, &h, err, sizeof(err)), CW_OK);
  int port = h ? cw_http_port(h) : 0;
  CHECK(port > 0);
  CHECK_INT(http_get(port, "/metrics", resp, sizeof(resp)), 200);
  CHECK(strstr(resp, "claimwire_messages_consumed_total 3") != NULL);
  CHECK(strstr(resp, "process_resident_memory_bytes ") != NULL);
  /* Before the main loop runs: neither alive nor ready, even if the pipeline's own conditions
   * hold. */
  cw_metrics_set(m, CW_G_READY, 1);
  CHECK_INT(http_get(port, "/healthz", resp, sizeof(resp)), 503);
  CHECK(strstr(resp, "main loop not running") != NULL);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 503);
  /* The loop runs: alive; ready only while no reason holds. */
  cw_metrics_set(m, CW_G_LAST_LOOP_MS, mono_ms());
  CHECK_INT(http_get(port, "/healthz", resp, sizeof(resp)), 200);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 200);
  cw_metrics_set(m, CW_G_READY, 0);
  cw_metrics_set(m, CW_G_NOT_READY, CW_NOT_READY_GROUP | CW_NOT_READY_BROKERS);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 503);
  CHECK(strstr(resp, "consumer group not joined") && strstr(resp, "brokers unreachable"));
  cw_metrics_set(m, CW_G_NOT_READY, CW_NOT_READY_BROKERS);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 503);
  CHECK(!strstr(resp, "consumer group") && strstr(resp, "brokers unreachable"));
  cw_metrics_set(m, CW_G_NOT_READY, 0);
  cw_metrics_set(m, CW_G_READY, 1);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 200);
  /* A loop silent for over a minute: stalled, not alive, not ready. */
  cw_metrics_set(m, CW_G_LAST_LOOP_MS, mono_ms() - 61000);
  CHECK_INT(http_get(port, "/healthz", resp, sizeof(resp)), 503);
  CHECK(strstr(resp, "stalled") != NULL);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 503);
  cw_metrics_set(m, CW_G_LAST_LOOP_MS, mono_ms());
  CHECK_INT(http_get(port, "/nope", resp, sizeof(resp)), 404);
  cw_http_stop(&h);
  CHECK(h == NULL);

  /* IPv6: [::1] serves IPv6 only, [::] both families (where the machine has IPv6). */
  if (!ipv6_loopback()) {
    fprintf(stderr, "no IPv6 loopback here: IPv6 listen addresses not tested\n");
    cw_metrics_destroy(&m);
    return TEST_REPORT();
  }
  CHECK_INT(cw_http_start("[::1]:0", m, &h, err, sizeof(err)), CW_OK);
  port = h ? cw_http_port(h) : 0;
  CHECK(port > 0);
  CHECK_INT(http_get6(1, port, "/healthz", resp, sizeof(resp)), 200);
  cw_http_stop(&h);
  CHECK_INT(cw_http_start("[::]:0", m, &h, err, sizeof(err)), CW_OK);
  port = h ? cw_http_port(h) : 0;
  CHECK(port > 0);
  CHECK_INT(http_get6(1, port, "/readyz", resp, sizeof(resp)), 200);
  CHECK_INT(http_get6(0, port, "/readyz", resp, sizeof(resp)), 200);
  cw_http_stop(&h);
  CHECK_INT(cw_http_start("localhost:0", m, &h, err, sizeof(err)), CW_OK);
  CHECK(h && cw_http_port(h) > 0);
  cw_http_stop(&h);
  CHECK_INT(cw_http_start("::1:9464", m, &h, err, sizeof(err)), CW_ERR_CONFIG);
  cw_metrics_destroy(&m);
  return TEST_REPORT();
}
