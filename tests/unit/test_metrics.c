/* test_metrics.c - Prometheus rendering, librdkafka statistics parsing, and the HTTP endpoints
 * served on an ephemeral loopback port. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "http.h"
#include "metrics.h"
#include "testhelp.h"

/* Minimal HTTP GET over loopback; @returns the status code and the response in buf. */
static int http_get(int port, const char *path, char *buf, size_t n) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
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
  CHECK_INT(http_get(port, "/healthz", resp, sizeof(resp)), 200);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 503);
  cw_metrics_set(m, CW_G_READY, 1);
  CHECK_INT(http_get(port, "/readyz", resp, sizeof(resp)), 200);
  CHECK_INT(http_get(port, "/nope", resp, sizeof(resp)), 404);
  cw_http_stop(&h);
  CHECK(h == NULL);
  cw_metrics_destroy(&m);
  return TEST_REPORT();
}
