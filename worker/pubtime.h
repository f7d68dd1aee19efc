/* pubtime.h - publication times as feeds send them (README "Input"): RFC 3339, RFC 2822 (RSS),
 * ISO 8601 without a zone (taken as UTC) and Unix epochs in seconds or milliseconds. */
#ifndef CW_PUBTIME_H
#define CW_PUBTIME_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"
#include "cw_time.h"

/** An epoch whose magnitude is below this is in seconds, else in milliseconds: 1e11 seconds is
 * the year 5138, 1e11 milliseconds is 1973-03-03, so no news time is ambiguous. */
#define CW_PUBTIME_MS_THRESHOLD 100000000000LL

/**
 * @brief Parses a time given as text: RFC 3339 ("2024-06-06T10:45:00+02:00"), ISO 8601 without
 * a zone ("2024-06-06T10:45:00", "2024-06-06 10:45", taken as UTC), RFC 2822
 * ("Thu, 06 Jun 2024 10:45:00 GMT", "6 Jun 2024 10:45 +0200") or an epoch written as a number
 * ("1717670700", "1717670700000", "1717670700.5").
 * @returns CW_OK and the time (with its zone offset) in *@p out, or CW_ERR_INVALID.
 */
cw_err_t cw_pubtime_parse(const char *s, cw_datetime_t *out) CW_WUR;

/**
 * @brief Converts an epoch number (seconds below CW_PUBTIME_MS_THRESHOLD in magnitude, else
 * milliseconds) to a UTC time.
 * @returns CW_OK, or CW_ERR_INVALID outside the years 0001-9999 or for a non-finite number.
 */
cw_err_t cw_pubtime_from_epoch(double epoch, cw_datetime_t *out) CW_WUR;

/** Writes @p dt as RFC 3339 ("2024-06-06T10:45:00+02:00", "...Z" for UTC, milliseconds when
 * not whole) into @p buf (at least 40 bytes). */
void cw_pubtime_format(const cw_datetime_t *dt, char *buf, size_t size);

#endif
