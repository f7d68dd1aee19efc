/* watchdog.c - the shutdown watchdog (see watchdog.h): one thread, a mutex and a condition
 * variable; the countdown starts once, at the first of the stop flag and cw_watchdog_arm(). */
#include "watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cw_alloc.h"
#include "cw_log.h"

#define WATCHDOG_POLL_MS 20

struct cw_watchdog_s {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t cond; /* CLOCK_MONOTONIC */
  atomic_int *stop;
  int64_t limit_ms;
  int exit_status;
  int armed, done;     /* under lock */
};

static struct timespec abs_after_ms(int64_t ms) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  ts.tv_sec += (time_t)(ms / 1000);
  ts.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

static void *run(void *arg) {
  cw_watchdog_t *w = arg;
  pthread_mutex_lock(&w->lock);
  /* Wait for the stop request or an explicit arm. */
  while (!w->done && !w->armed && !atomic_load(w->stop)) {
    struct timespec ts = abs_after_ms(WATCHDOG_POLL_MS);
    pthread_cond_timedwait(&w->cond, &w->lock, &ts);
  }
  if (!w->done) {
    w->armed = 1;
    struct timespec deadline = abs_after_ms(w->limit_ms);
    int rc = 0;
    while (!w->done && rc != ETIMEDOUT)
      rc = pthread_cond_timedwait(&w->cond, &w->lock, &deadline);
    if (!w->done) {
      CW_ERROR("run", "shutdown not finished %lld ms after it began (shutdown timeout plus "
               "grace): exiting now; unfinished input is reprocessed after the restart",
               (long long)w->limit_ms);
      _exit(w->exit_status);
    }
  }
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

cw_err_t cw_watchdog_start(atomic_int *stop, int64_t limit_ms, int exit_status,
                           cw_watchdog_t **out, char *errstr, size_t errstr_size) {
  cw_watchdog_t *w = cw_calloc(1, sizeof(*w));
  pthread_condattr_t ca;
  *out = NULL;
  w->stop = stop;
  w->limit_ms = limit_ms;
  w->exit_status = exit_status;
  pthread_mutex_init(&w->lock, NULL);
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&w->cond, &ca);
  pthread_condattr_destroy(&ca);
  int rc = pthread_create(&w->thread, NULL, run, w);
  if (rc != 0) {
    snprintf(errstr, errstr_size, "shutdown watchdog: cannot start a thread: %s", strerror(rc));
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w);
    return CW_ERR_IO;
  }
  *out = w;
  return CW_OK;
}

void cw_watchdog_arm(cw_watchdog_t *w) {
  if (!w)
    return;
  pthread_mutex_lock(&w->lock);
  w->armed = 1;
  pthread_cond_broadcast(&w->cond);
  pthread_mutex_unlock(&w->lock);
}

void cw_watchdog_destroy(cw_watchdog_t **pw) {
  cw_watchdog_t *w = pw ? *pw : NULL;
  if (!w)
    return;
  pthread_mutex_lock(&w->lock);
  w->done = 1;
  pthread_cond_broadcast(&w->cond);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->thread, NULL);
  pthread_cond_destroy(&w->cond);
  pthread_mutex_destroy(&w->lock);
  free(w);
  *pw = NULL;
}
