/* http.c - /metrics, /healthz and /readyz over libmicrohttpd (see http.h). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cw_alloc.h"
#include "cw_time.h"
#include "http.h"
#include "netaddr.h"

/* The pipeline loop iterates at least every ~100 ms; a loop silent for this long is stuck. */
#define LIVENESS_LIMIT_MS 60000

struct cw_http_s {
  struct MHD_Daemon *d;
  cw_metrics_t *m;
  int port;
};

static int64_t mono_ms(void) { return cw_time_mono_ns() / 1000000; }

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
                             const char *body, size_t len) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  MHD_add_response_header(r, "Content-Type", type);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls) {
  cw_http_t *h = cls;
  (void)version;
  (void)upload;
  (void)upload_size;
  (void)con_cls;
  if (strcmp(method, "GET") && strcmp(method, "HEAD"))
    return reply(c, 405, "text/plain", "method not allowed\n", 19);
  if (!strcmp(url, "/metrics")) {
    cw_buf_t b;
    cw_buf_init(&b, 16u * 1024 * 1024);
    enum MHD_Result ret;
    if (cw_metrics_render(h->m, &b) == CW_OK)
      ret = reply(c, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
    else
      ret = reply(c, 500, "text/plain", "metrics too large\n", 18);
    cw_buf_free(&b);
    return ret;
  }
  /* Alive: the pipeline loop has started (models loaded, clients created) and iterated
   * within LIVENESS_LIMIT_MS. */
  int64_t last = cw_metrics_gauge(h->m, CW_G_LAST_LOOP_MS);
  const char *dead = last == 0                                ? "starting: main loop not running\n"
                     : mono_ms() - last >= LIVENESS_LIMIT_MS ? "pipeline loop stalled\n"
                                                              : NULL;
  if (!strcmp(url, "/healthz"))
    return dead ? reply(c, 503, "text/plain", dead, strlen(dead))
                : reply(c, 200, "text/plain", "ok\n", 3);
  if (!strcmp(url, "/readyz")) {
    /* Ready: alive, and the pipeline's own conditions (metrics.h, CW_G_NOT_READY). */
    char why[160];
    int64_t bits = cw_metrics_gauge(h->m, CW_G_NOT_READY);
    if (dead)
      snprintf(why, sizeof(why), "not ready: %s", dead);
    else if (bits || !cw_metrics_gauge(h->m, CW_G_READY))
      snprintf(why, sizeof(why), "not ready:%s%s%s\n",
               bits & CW_NOT_READY_GROUP ? " consumer group not joined (no assignment)" : "",
               bits & CW_NOT_READY_BROKERS ? " brokers unreachable" : "",
               bits & CW_NOT_READY_STOPPING ? " stopping" : "");
    else
      return reply(c, 200, "text/plain", "ready\n", 6);
    return reply(c, 503, "text/plain", why, strlen(why));
  }
  return reply(c, 404, "text/plain", "not found\n", 10);
}

cw_err_t cw_http_start(const char *listen, cw_metrics_t *m, cw_http_t **out, char *errstr,
                       size_t errsz) {
  struct sockaddr_storage sa;
  socklen_t salen = 0;
  char why[256];
  *out = NULL;
  if (cw_netaddr_resolve(listen, &sa, &salen, why, sizeof(why)) != CW_OK) {
    snprintf(errstr, errsz, "http_listen %s", why);
    return CW_ERR_CONFIG;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
  if (sa.ss_family == AF_INET6) {
    /* "[::]" also takes IPv4 connections; a specific IPv6 address only its own. */
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&sa;
    flags |= IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr) ? MHD_USE_DUAL_STACK : MHD_USE_IPv6;
  }
  cw_http_t *h = cw_calloc(1, sizeof(*h));
  h->m = m;
  h->d = MHD_start_daemon(flags, 0, NULL, NULL, handler, h, MHD_OPTION_SOCK_ADDR,
                          (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                          MHD_OPTION_END);
  if (!h->d) {
    snprintf(errstr, errsz, "cannot listen on %s", listen);
    free(h);
    return CW_ERR_IO;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
  h->port = info ? info->port : 0;
  *out = h;
  return CW_OK;
}

int cw_http_port(const cw_http_t *h) { return h->port; }

void cw_http_stop(cw_http_t **ph) {
  if (!ph || !*ph)
    return;
  MHD_stop_daemon((*ph)->d);
  free(*ph);
  *ph = NULL;
}
