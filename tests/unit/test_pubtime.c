/* test_pubtime.c - publication times in every accepted form, and the ones refused. */
#include <stdint.h>
#include <string.h>
#include "pubtime.h"
#include "testhelp.h"

/* 2024-06-06T10:45:00Z */
#define T0 1717670700000LL

static int64_t ms_of(const char *s) {
  cw_datetime_t dt;
  if (cw_pubtime_parse(s, &dt) != CW_OK)
    return INT64_MIN;
  return cw_time_to_epoch_ms(&dt);
}

static const char *fmt(const char *s, char *buf) {
  cw_datetime_t dt;
  if (cw_pubtime_parse(s, &dt) != CW_OK)
    return "(refused)";
  cw_pubtime_format(&dt, buf, 64);
  return buf;
}

int main(void) {
  char buf[64];
  static const struct {
    const char *in;
    int64_t ms;
  } ok[] = {
    /* RFC 3339 */
    {"2024-06-06T10:45:00Z", T0},
    {"2024-06-06T12:45:00+02:00", T0},
    {"2024-06-06 10:45:00.250z", T0 + 250},
    /* RFC 2822 (RSS pubDate) */
    {"Thu, 06 Jun 2024 10:45:00 GMT", T0},
    {"Thu, 06 Jun 2024 12:45:00 +0200", T0},
    {"Thu, 06 Jun 2024 05:45:00 -0500", T0},
    {"Thu, 6 Jun 2024 06:45:00 EDT", T0},
    {"6 Jun 2024 10:45 UT", T0},
    {"Thu, 06 June 2024 12:45:00 +02:00", T0},
    {"Thu, 06 Jun 24 10:45:00 Z", T0},
    {"Thu, 06 Jun 2024 12:45:00 +0200 (CEST)", T0},
    {"  thu, 06 jun 2024 10:45:00 gmt  ", T0},
    {"Thu, 06 Jun 2024 10:45:00", T0},  /* no zone: UTC */
    /* ISO 8601 without a zone: UTC */
    {"2024-06-06T10:45:00", T0},
    {"2024-06-06 10:45:00", T0},
    {"2024-06-06T10:45", T0},
    {"2024-06-06T10:45:00.5", T0 + 500},
    {"2024-06-06T12:45:00+0200", T0},
    {"2024-06-06T12:45+02", T0},
    /* Epochs: seconds and milliseconds told apart by magnitude */
    {"1717670700", T0},
    {"1717670700000", T0},
    {"1717670700.25", T0 + 250},
    {"99999999999", 99999999999000LL},     /* just under 1e11: seconds (year 5138) */
    {"100000000000", 100000000000LL},      /* 1e11: milliseconds (1973-03-03) */
    {"0", 0},
    /* Padding is no part of a time */
    {" 2024-06-06T10:45:00Z\n", T0},
    {"\t1717670700 ", T0},
    {" 2024-06-06 10:45 ", T0},
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
    CHECK_MSG(ms_of(ok[i].in) == ok[i].ms, "'%s' -> %lld, expected %lld", ok[i].in,
              (long long)ms_of(ok[i].in), (long long)ok[i].ms);

  static const char *bad[] = {
    "", "last tuesday", "Thu, 31 Jun 2024 10:45:00 GMT", "Thu, 06 Jux 2024 10:45:00 GMT",
    "Thu, 06 Jun 2024 25:45:00 GMT", "Thu, 06 Jun 2024 10:45:00 XYZ", "06/06/2024",
    "Thu, 06 Jun 2024 10:45:00 +02000", "2024-06-06T10", "2024-13-06T10:45:00", "12abc",
    "1e12", "-", "99999999999999999999", "2024-06-06T10:45:00+2", "Thu, 06 Jun 2024 10:45:00 (x",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    CHECK_MSG(ms_of(bad[i]) == INT64_MIN, "'%s' accepted as %lld", bad[i],
              (long long)ms_of(bad[i]));

  /* Numbers: the same rule as numeric strings. */
  cw_datetime_t dt;
  CHECK_INT(cw_pubtime_from_epoch(1717670700.0, &dt), CW_OK);
  CHECK_INT(cw_time_to_epoch_ms(&dt), T0);
  CHECK_INT(cw_pubtime_from_epoch(1717670700000.0, &dt), CW_OK);
  CHECK_INT(cw_time_to_epoch_ms(&dt), T0);
  CHECK_INT(cw_pubtime_from_epoch(-86400.5, &dt), CW_OK); /* before 1970 */
  CHECK_INT(cw_time_to_epoch_ms(&dt), -86400500LL);
  CHECK_INT(cw_pubtime_from_epoch(1e300, &dt), CW_ERR_INVALID);
  CHECK_INT(cw_pubtime_from_epoch(-1e15, &dt), CW_ERR_INVALID);

  /* Normalised to RFC 3339, keeping the zone the time was written in. */
  CHECK_STR(fmt("Thu, 06 Jun 2024 12:45:00 +0200", buf), "2024-06-06T12:45:00+02:00");
  CHECK_STR(fmt("Thu, 06 Jun 2024 05:45:00 -0530", buf), "2024-06-06T05:45:00-05:30");
  CHECK_STR(fmt("Thu, 06 Jun 2024 10:45:00 GMT", buf), "2024-06-06T10:45:00Z");
  CHECK_STR(fmt("2024-06-06 10:45", buf), "2024-06-06T10:45:00Z");
  CHECK_STR(fmt("1717670700123", buf), "2024-06-06T10:45:00.123Z");
  CHECK_STR(fmt("-1", buf), "1969-12-31T23:59:59Z");
  return TEST_REPORT();
}
