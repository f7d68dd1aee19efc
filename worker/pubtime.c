/* pubtime.c - publication times in the forms feeds send (see pubtime.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "pubtime.h"

/* Years 0001-9999 in epoch milliseconds: what RFC 3339 can write. */
#define MIN_MS (-62135596800000LL)
#define MAX_MS 253402300799999LL

cw_err_t cw_pubtime_from_epoch(double epoch, cw_datetime_t *dt) {
  memset(dt, 0, sizeof(*dt));
  if (!isfinite(epoch))
    return CW_ERR_INVALID;
  double msd = fabs(epoch) < (double)CW_PUBTIME_MS_THRESHOLD ? epoch * 1000.0 : epoch;
  msd = floor(msd);
  if (msd < (double)MIN_MS || msd > (double)MAX_MS)
    return CW_ERR_INVALID;
  int64_t ms = (int64_t)msd;
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t rest = ms - days * 86400000; /* 0 .. 86399999 */
  cw_civil_from_days(days, &dt->year, &dt->month, &dt->day);
  dt->hour = (int)(rest / 3600000);
  dt->min = (int)(rest / 60000 % 60);
  dt->sec = (int)(rest / 1000 % 60);
  dt->nanos = (int)(rest % 1000) * 1000000;
  return CW_OK;
}

void cw_pubtime_format(const cw_datetime_t *dt, char *buf, size_t size) {
  char frac[8] = "", zone[8] = "Z";
  if (dt->nanos)
    snprintf(frac, sizeof(frac), ".%03d", dt->nanos / 1000000 % 1000);
  if (dt->tz_offset_min) {
    int off = dt->tz_offset_min < 0 ? -dt->tz_offset_min : dt->tz_offset_min;
    snprintf(zone, sizeof(zone), "%c%02d:%02d", dt->tz_offset_min < 0 ? '-' : '+',
             off / 60 % 100, off % 60);
  }
  snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", dt->year % 10000, dt->month % 100,
           dt->day % 100, dt->hour % 100, dt->min % 100, dt->sec % 100, frac, zone);
}

/* "1717670700", "-5", "1717670700.25": an optional sign, digits, an optional fraction. */
static int is_number(const char *s) {
  const char *p = s + (*s == '-' || *s == '+');
  size_t digits = strspn(p, "0123456789");
  if (!digits)
    return 0;
  p += digits;
  if (*p == '.') {
    size_t f = strspn(p + 1, "0123456789");
    if (!f)
      return 0;
    p += 1 + f;
  }
  return *p == '\0';
}

/* ISO 8601 date-times RFC 3339 refuses, rewritten into RFC 3339: no zone (UTC), no seconds,
 * and a zone without a colon ("+0200"). */
static cw_err_t parse_iso(const char *s, cw_datetime_t *dt) {
  char buf[160]; /* n <= 40: room for any rewrite */
  size_t n = strlen(s);
  if (n < 16 || n > 40 || s[13] != ':')
    return CW_ERR_INVALID;
  size_t t = 16; /* end of HH:MM */
  size_t body = n;
  const char *zone = "Z";
  char zbuf[8];
  /* A trailing zone: Z, +hh:mm, +hhmm, +hh. */
  for (size_t i = t; i < n; i++) {
    if (s[i] == 'Z' || s[i] == 'z') {
      body = i;
      zone = s + i;
      break;
    }
    if (s[i] == '+' || s[i] == '-') {
      const char *z = s + i + 1;
      size_t zl = strlen(z);
      if (zl == 4 && strspn(z, "0123456789") == 4)
        snprintf(zbuf, sizeof(zbuf), "%c%.2s:%.2s", s[i], z, z + 2);
      else if (zl == 2 && strspn(z, "0123456789") == 2)
        snprintf(zbuf, sizeof(zbuf), "%c%.2s:00", s[i], z);
      else if (zl == 5 && z[2] == ':')
        snprintf(zbuf, sizeof(zbuf), "%c%.5s", s[i], z);
      else
        return CW_ERR_INVALID;
      body = i;
      zone = zbuf;
      break;
    }
  }
  if (body == t)
    snprintf(buf, sizeof(buf), "%.*s:00%s", (int)body, s, zone);
  else
    snprintf(buf, sizeof(buf), "%.*s%s", (int)body, s, zone);
  return cw_time_parse_rfc3339(buf, dt);
}

/* Reads 1..max digits at *p. @returns the number of digits read (0: none). */
static int read_num(const char **p, int max, int *out) {
  int v = 0, k = 0;
  while (k < max && isdigit((unsigned char)(*p)[k])) {
    v = v * 10 + ((*p)[k] - '0');
    k++;
  }
  if (k && !isdigit((unsigned char)(*p)[k])) {
    *p += k;
    *out = v;
    return k;
  }
  return 0;
}

static void skip_ws(const char **p) {
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* RFC 2822 section 3.3 (and RFC 822's obsolete forms): [Day,] DD Mon YYYY HH:MM[:SS] zone. A
 * missing zone is taken as UTC; a trailing comment "(CEST)" is ignored; the weekday is not
 * checked against the date (feeds get it wrong). */
static cw_err_t parse_rfc2822(const char *s, cw_datetime_t *dt) {
  static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  static const struct {
    const char *name;
    int hours;
  } zones[] = {{"GMT", 0}, {"UT", 0}, {"UTC", 0}, {"Z", 0}, {"EST", -5}, {"EDT", -4},
               {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  const char *p = s;
  memset(dt, 0, sizeof(*dt));
  skip_ws(&p);
  if (isalpha((unsigned char)*p)) { /* day of the week */
    while (isalpha((unsigned char)*p))
      p++;
    if (*p == ',')
      p++;
    skip_ws(&p);
  }
  if (!read_num(&p, 2, &dt->day))
    return CW_ERR_INVALID;
  skip_ws(&p);
  const char *m = p;
  while (isalpha((unsigned char)*p))
    p++;
  if (p - m < 3)
    return CW_ERR_INVALID;
  for (int i = 0; i < 12 && !dt->month; i++)
    if (!strncasecmp(m, months + 3 * i, 3))
      dt->month = i + 1;
  if (!dt->month)
    return CW_ERR_INVALID;
  skip_ws(&p);
  int yd = read_num(&p, 4, &dt->year);
  if (yd == 2)
    dt->year += dt->year < 50 ? 2000 : 1900;
  else if (yd != 4)
    return CW_ERR_INVALID;
  skip_ws(&p);
  if (!read_num(&p, 2, &dt->hour) || *p++ != ':' || !read_num(&p, 2, &dt->min))
    return CW_ERR_INVALID;
  if (*p == ':' && (p++, !read_num(&p, 2, &dt->sec)))
    return CW_ERR_INVALID;
  skip_ws(&p);
  if (*p == '+' || *p == '-') {
    int sign = *p == '-' ? -1 : 1, hh, mm;
    p++;
    if (strspn(p, "0123456789") >= 4 && !isdigit((unsigned char)p[4])) {
      hh = (p[0] - '0') * 10 + (p[1] - '0');
      mm = (p[2] - '0') * 10 + (p[3] - '0');
      p += 4;
    } else if (read_num(&p, 2, &hh) == 2 && *p == ':' && (p++, read_num(&p, 2, &mm) == 2)) {
    } else {
      return CW_ERR_INVALID;
    }
    if (hh > 23 || mm > 59)
      return CW_ERR_INVALID;
    dt->tz_offset_min = sign * (hh * 60 + mm);
  } else if (isalpha((unsigned char)*p)) {
    const char *z = p;
    while (isalpha((unsigned char)*p))
      p++;
    size_t zl = (size_t)(p - z);
    int found = 0;
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]) && !found; i++)
      if (strlen(zones[i].name) == zl && !strncasecmp(z, zones[i].name, zl)) {
        dt->tz_offset_min = zones[i].hours * 60;
        found = 1;
      }
    if (!found)
      return CW_ERR_INVALID;
  }
  skip_ws(&p);
  if (*p == '(') { /* a comment, e.g. "+0200 (CEST)" */
    const char *e = strchr(p, ')');
    if (!e)
      return CW_ERR_INVALID;
    p = e + 1;
    skip_ws(&p);
  }
  if (*p)
    return CW_ERR_INVALID;
  if (dt->day < 1 || dt->day > cw_days_in_month(dt->year, dt->month) || dt->hour > 23 ||
      dt->min > 59 || dt->sec > 60 || dt->year < 1)
    return CW_ERR_INVALID;
  return CW_OK;
}

cw_err_t cw_pubtime_parse(const char *in, cw_datetime_t *dt) {
  char s[80]; /* trimmed copy: feeds pad times with spaces and newlines */
  while (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n')
    in++;
  size_t n = strlen(in);
  while (n && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\r' || in[n - 1] == '\n'))
    n--;
  memset(dt, 0, sizeof(*dt));
  if (n >= sizeof(s))
    return CW_ERR_INVALID;
  memcpy(s, in, n);
  s[n] = '\0';
  if (cw_time_parse_rfc3339(s, dt) == CW_OK)
    return CW_OK;
  if (is_number(s))
    return cw_pubtime_from_epoch(strtod(s, NULL), dt);
  if (isdigit((unsigned char)s[0]) && strlen(s) >= 10 && s[4] == '-')
    return parse_iso(s, dt);
  return parse_rfc2822(s, dt);
}
