/* cw_log.h - one line per event on stderr: time, level, module, message; or one JSON object per
 * line. The level is checked before formatting. The log settings are process-wide and are set
 * once by main() before any thread starts; afterwards they are read-only. */
#ifndef CW_LOG_H
#define CW_LOG_H
#include "cw_err.h"

typedef enum { CW_LOG_ERROR = 0, CW_LOG_WARN, CW_LOG_INFO, CW_LOG_DEBUG } cw_log_level_t;

void cw_log_setup(cw_log_level_t level, int json);
cw_log_level_t cw_log_level(void);
/** Parses "error", "warn", "info", "debug"; @returns -1 if unknown. */
int cw_log_level_parse(const char *s);

void cw_log_write(cw_log_level_t level, const char *module, const char *fmt, ...) CW_PRINTF(3, 4);

/** async-signal-safe: write(2) only, for signal handlers. */
void cw_log_raw_from_handler(const char *msg);

#define cw_log(level, module, ...) do { \
    if ((level) <= cw_log_level()) cw_log_write((level), (module), __VA_ARGS__); \
  } while (0)
#define CW_ERROR(mod, ...) cw_log(CW_LOG_ERROR, mod, __VA_ARGS__)
#define CW_WARN(mod, ...) cw_log(CW_LOG_WARN, mod, __VA_ARGS__)
#define CW_INFO(mod, ...) cw_log(CW_LOG_INFO, mod, __VA_ARGS__)
#define CW_DEBUG(mod, ...) cw_log(CW_LOG_DEBUG, mod, __VA_ARGS__)

#endif
