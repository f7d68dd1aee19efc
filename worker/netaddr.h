/* netaddr.h - a listen address "HOST:PORT" resolved to a socket address: IPv4 ("0.0.0.0:9464",
 * "127.0.0.1:9464"), IPv6 in brackets ("[::]:9464", "[::1]:9464"), a host name
 * ("localhost:9464"), or an empty host (":9464", all IPv4 interfaces). Port 0 lets the kernel
 * pick one. Used by the HTTP server and by `config check`, so that a configuration check
 * accepts exactly what `run` can bind. */
#ifndef CW_NETADDR_H
#define CW_NETADDR_H
#include <sys/socket.h>
#include "cw_err.h"

/**
 * @brief Parses and resolves @p hostport (a host name: its first address).
 * @returns CW_OK and *@p out / *@p outlen, or CW_ERR_CONFIG with the reason in @p errstr.
 */
cw_err_t cw_netaddr_resolve(const char *hostport, struct sockaddr_storage *out,
                            socklen_t *outlen, char *errstr, size_t errstr_size) CW_WUR;

#endif
