/* netaddr.c - listen addresses (see netaddr.h). */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netaddr.h"

cw_err_t cw_netaddr_resolve(const char *hostport, struct sockaddr_storage *out,
                            socklen_t *outlen, char *errstr, size_t errsz) {
  char host[256];
  const char *port_s;
  size_t hlen;
  if (hostport[0] == '[') {
    const char *close = strchr(hostport, ']');
    if (!close || close[1] != ':') {
      snprintf(errstr, errsz, "'%s' is not [IPV6]:PORT", hostport);
      return CW_ERR_CONFIG;
    }
    hlen = (size_t)(close - hostport - 1);
    if (hlen >= sizeof(host)) {
      snprintf(errstr, errsz, "'%s': host too long", hostport);
      return CW_ERR_CONFIG;
    }
    memcpy(host, hostport + 1, hlen);
    port_s = close + 2;
  } else {
    const char *colon = strrchr(hostport, ':');
    if (!colon || memchr(hostport, ':', (size_t)(colon - hostport))) {
      snprintf(errstr, errsz, "'%s' is not HOST:PORT (an IPv6 address goes in brackets: "
               "[::]:9464)", hostport);
      return CW_ERR_CONFIG;
    }
    hlen = (size_t)(colon - hostport);
    if (hlen >= sizeof(host)) {
      snprintf(errstr, errsz, "'%s': host too long", hostport);
      return CW_ERR_CONFIG;
    }
    memcpy(host, hostport, hlen);
    port_s = colon + 1;
  }
  host[hlen] = '\0';
  char *end;
  long port = strtol(port_s, &end, 10);
  if (!port_s[0] || *end || port < 0 || port > 65535) {
    snprintf(errstr, errsz, "'%s': port '%s' is not 0-65535", hostport, port_s);
    return CW_ERR_CONFIG;
  }
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = host[0] ? AF_UNSPEC : AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  int rc = getaddrinfo(host[0] ? host : NULL, port_s, &hints, &res);
  if (rc != 0 || !res) {
    snprintf(errstr, errsz, "'%s': cannot resolve '%s': %s", hostport, host,
             rc == EAI_SYSTEM ? "system error" : gai_strerror(rc));
    if (res)
      freeaddrinfo(res);
    return CW_ERR_CONFIG;
  }
  memcpy(out, res->ai_addr, res->ai_addrlen);
  *outlen = res->ai_addrlen;
  freeaddrinfo(res);
  return CW_OK;
}
