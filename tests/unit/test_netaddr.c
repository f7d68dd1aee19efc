/* test_netaddr.c - listen addresses: what cw_netaddr_resolve accepts (IPv4, bracketed IPv6,
 * host names, empty host) and refuses, and that `config check` (cw_config_load) refuses a
 * worker.http_listen the worker could not bind. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "config.h"
#include "netaddr.h"
#include "testhelp.h"

int main(void) {
  struct sockaddr_storage sa;
  socklen_t len;
  char err[300];
  CHECK_INT(cw_netaddr_resolve("0.0.0.0:9464", &sa, &len, err, sizeof(err)), CW_OK);
  CHECK_INT(sa.ss_family, AF_INET);
  CHECK_INT(ntohs(((struct sockaddr_in *)&sa)->sin_port), 9464);
  CHECK_INT(cw_netaddr_resolve(":9464", &sa, &len, err, sizeof(err)), CW_OK);
  CHECK_INT(sa.ss_family, AF_INET);
  CHECK_INT(cw_netaddr_resolve("[::]:9464", &sa, &len, err, sizeof(err)), CW_OK);
  CHECK_INT(sa.ss_family, AF_INET6);
  CHECK_INT(ntohs(((struct sockaddr_in6 *)&sa)->sin6_port), 9464);
  CHECK_INT(cw_netaddr_resolve("[::1]:0", &sa, &len, err, sizeof(err)), CW_OK);
  CHECK_INT(sa.ss_family, AF_INET6);
  CHECK_INT(cw_netaddr_resolve("localhost:9464", &sa, &len, err, sizeof(err)), CW_OK);
  const char *bad[] = {"not-an-address", "::1:9464", "[::1]9464", "[::1", "127.0.0.1:",
                       "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:http", "300.1.1.1:9464",
                       "no-such-host.invalid:9464"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    CHECK_MSG(cw_netaddr_resolve(bad[i], &sa, &len, err, sizeof(err)) == CW_ERR_CONFIG, "%s",
              bad[i]);

  cw_config_t *c = NULL;
  const char *good_cfg[] = {"0.0.0.0:9464", "[::]:9464", "[::1]:9464", "localhost:9464", ""};
  for (size_t i = 0; i < sizeof(good_cfg) / sizeof(good_cfg[0]); i++) {
    setenv("CLAIMWIRE_WORKER_HTTP_LISTEN", good_cfg[i], 1);
    CHECK_MSG(cw_config_load(NULL, &c, err, sizeof(err)) == CW_OK, "%s: %s", good_cfg[i], err);
    cw_config_destroy(&c);
  }
  const char *bad_cfg[] = {"::9464", "[::1]", "localhost:99999", "no-such-host.invalid:9464"};
  for (size_t i = 0; i < sizeof(bad_cfg) / sizeof(bad_cfg[0]); i++) {
    setenv("CLAIMWIRE_WORKER_HTTP_LISTEN", bad_cfg[i], 1);
    CHECK_MSG(cw_config_load(NULL, &c, err, sizeof(err)) == CW_ERR_CONFIG, "%s", bad_cfg[i]);
    CHECK_MSG(strstr(err, "worker.http_listen") != NULL, "%s: %s", bad_cfg[i], err);
    cw_config_destroy(&c);
  }
  unsetenv("CLAIMWIRE_WORKER_HTTP_LISTEN");
  return TEST_REPORT();
}
