/* cw_time.c - RFC 3339 parsing and civil-date arithmetic (see cw_time.h). */
#include <ctype.h>
#include <string.h>
#include <time.h>
#include "cw_time.h"

int64_t cw_days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2u) / 5u + (unsigned)d - 1u;
  const unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

void cw_civil_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = (int64_t)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

int cw_weekday_from_days(int64_t z) {
  /* 1970-01-01 was a Thursday (3 with Monday = 0). */
  return (int)(z >= -3 ? (z + 3) % 7 : (z + 4) % 7 + 6);
}

int cw_days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i]))
      return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

cw_err_t cw_time_parse_rfc3339(const char *s, cw_datetime_t *dt) {
  memset(dt, 0, sizeof(*dt));
  size_t n = strlen(s);
  if (n < 10 || !digits(s, 4, &dt->year) || s[4] != '-' || !digits(s + 5, 2, &dt->month) ||
      s[7] != '-' || !digits(s + 8, 2, &dt->day))
    return CW_ERR_INVALID;
  if (dt->month < 1 || dt->month > 12 || dt->day < 1 ||
      dt->day > cw_days_in_month(dt->year, dt->month))
    return CW_ERR_INVALID;
  if (n == 10)
    return CW_OK;
  const char *p = s + 10;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return CW_ERR_INVALID;
  p++;
  if (strlen(p) < 8 || !digits(p, 2, &dt->hour) || p[2] != ':' || !digits(p + 3, 2, &dt->min) ||
      p[5] != ':' || !digits(p + 6, 2, &dt->sec))
    return CW_ERR_INVALID;
  if (dt->hour > 23 || dt->min > 59 || dt->sec > 60)
    return CW_ERR_INVALID;
  p += 8;
  if (*p == '.') {
    p++;
    int scale = 100000000, any = 0;
    while (isdigit((unsigned char)*p)) {
      dt->nanos += (*p - '0') * scale;
      scale /= 10;
      p++;
      any = 1;
    }
    if (!any)
      return CW_ERR_INVALID;
  }
  if (*p == 'Z' || *p == 'z') {
    p++;
  } else if (*p == '+' || *p == '-') {
    int hh, mm;
    if (!digits(p + 1, 2, &hh) || p[3] != ':' || !digits(p + 4, 2, &mm) || hh > 23 || mm > 59)
      return CW_ERR_INVALID;
    dt->tz_offset_min = (hh * 60 + mm) * (*p == '-' ? -1 : 1);
    p += 6;
  } else {
    return CW_ERR_INVALID;
  }
  return *p ? CW_ERR_INVALID : CW_OK;
}

int64_t cw_time_to_epoch_ms(const cw_datetime_t *dt) {
  int64_t days = cw_days_from_civil(dt->year, dt->month, dt->day);
  int64_t secs = days * 86400 + dt->hour * 3600 + dt->min * 60 + dt->sec -
                 (int64_t)dt->tz_offset_min * 60;
  return secs * 1000 + dt->nanos / 1000000;
}

int64_t cw_time_mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double cw_time_mono_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t cw_time_wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
