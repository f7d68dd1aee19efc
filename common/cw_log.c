/* cw_log.c - line-oriented logging to stderr (see cw_log.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "cw_buf.h"
#include "cw_log.h"

static cw_log_level_t log_level = CW_LOG_INFO;
static int log_json;

static const char *level_names[] = {"error", "warn", "info", "debug"};

void cw_log_setup(cw_log_level_t level, int json) {
  log_level = level;
  log_json = json;
}

cw_log_level_t cw_log_level(void) { return log_level; }

int cw_log_level_parse(const char *s) {
  for (int i = 0; i < 4; i++)
    if (strcasecmp(s, level_names[i]) == 0)
      return i;
  if (strcasecmp(s, "warning") == 0)
    return CW_LOG_WARN;
  return -1;
}

void cw_log_write(cw_log_level_t level, const char *module, const char *fmt, ...) {
  char ts[40], msg[2048];
  struct timespec now;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &now);
  gmtime_r(&now.tv_sec, &tm);
  size_t n = strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(ts + n, sizeof(ts) - n, ".%03ldZ", now.tv_nsec / 1000000);

  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);

  cw_buf_t b;
  cw_buf_init(&b, sizeof(msg) * 2 + 256);
  cw_err_t err;
  if (log_json) {
    err = cw_buf_printf(&b, "{\"ts\":\"%s\",\"level\":\"%s\",\"module\":", ts, level_names[level]);
    if (!err)
      err = cw_buf_json_str(&b, module, strlen(module));
    if (!err)
      err = cw_buf_puts(&b, ",\"msg\":");
    if (!err)
      err = cw_buf_json_str(&b, msg, strlen(msg));
    if (!err)
      err = cw_buf_puts(&b, "}\n");
  } else {
    err = cw_buf_printf(&b, "%s %-5s [%s] %s\n", ts, level_names[level], module, msg);
  }
  /* One write() per line keeps lines whole when threads log at once. */
  if (!err && write(STDERR_FILENO, b.p, b.len) < 0) {
    /* nothing sensible left to do */
  }
  cw_buf_free(&b);
}

void cw_log_raw_from_handler(const char *msg) {
  if (write(STDERR_FILENO, msg, strlen(msg)) < 0) {
    /* ignore */
  }
}
