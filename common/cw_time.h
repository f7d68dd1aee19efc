/* cw_time.h - RFC 3339 parsing, civil-date arithmetic and the monotonic clock (proleptic Gregorian calendar,
 * days-from-civil after H. Hinnant's algorithms). */
#ifndef CW_TIME_H
#define CW_TIME_H
#include <stdint.h>
#include "cw_err.h"

typedef struct {
  int year, month, day;        /* month 1-12, day 1-31 */
  int hour, min, sec;
  int nanos;
  int tz_offset_min;           /* minutes east of UTC */
} cw_datetime_t;

/** @brief Parses RFC 3339 ("2021-03-07T22:33:00+08:00", "...Z", fractional seconds allowed);
 * a bare date "2021-03-07" is accepted as midnight UTC. */
cw_err_t cw_time_parse_rfc3339(const char *s, cw_datetime_t *out) CW_WUR;

/** @returns milliseconds since the Unix epoch (UTC) of @p dt. */
int64_t cw_time_to_epoch_ms(const cw_datetime_t *dt);

/** @returns days since 1970-01-01 of the civil date y-m-d. */
int64_t cw_days_from_civil(int y, int m, int d);
/** Converts days since 1970-01-01 back to a civil date. */
void cw_civil_from_days(int64_t z, int *y, int *m, int *d);
/** @returns 0 = Monday ... 6 = Sunday for days since epoch. */
int cw_weekday_from_days(int64_t z);
/** @returns days in month @p m of year @p y. */
int cw_days_in_month(int y, int m);

/** @returns CLOCK_MONOTONIC in nanoseconds (deadlines, intervals; never the wall clock). */
int64_t cw_time_mono_ns(void);

/** @returns CLOCK_MONOTONIC in seconds (progress and throughput reports). */
double cw_time_mono_s(void);

/** @returns the wall clock (CLOCK_REALTIME) in milliseconds since the Unix epoch. */
int64_t cw_time_wall_ms(void);

#endif
