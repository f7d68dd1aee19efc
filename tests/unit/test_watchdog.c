/* test_watchdog.c - the shutdown watchdog ends a process whose shutdown outlives its limit,
 * leaves alone one that finishes in time, and counts from cw_watchdog_arm() without a signal. */
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testhelp.h"
#include "watchdog.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

/* In a child: starts a watchdog of @p limit_ms, requests the stop (or arms it), then "shuts
 * down" for @p work_ms and exits 0 after destroying it. @returns the child's exit status;
 * *@p secs gets how long it ran. */
static int child(int use_arm, long limit_ms, long work_ms, double *secs) {
  double t0 = now_s();
  pid_t pid = fork();
  if (pid == 0) {
    atomic_int stop = 0;
    char err[256];
    cw_watchdog_t *w = NULL;
    if (cw_watchdog_start(&stop, limit_ms, 7, &w, err, sizeof(err)) != CW_OK)
      _exit(3);
    sleep_ms(50); /* nothing happens before the stop */
    if (use_arm)
      cw_watchdog_arm(w);
    else
      atomic_store(&stop, 1);
    sleep_ms(work_ms);
    cw_watchdog_destroy(&w);
    _exit(w == NULL ? 0 : 4);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  *secs = now_s() - t0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void) {
  double s;
  /* A shutdown that outlives the limit is ended with the given status, at the limit. */
  CHECK_INT(child(0, 200, 5000, &s), 7);
  CHECK_MSG(s >= 0.2 && s < 4.0, "ran %.2f s", s);
  /* One that finishes in time exits by itself. */
  CHECK_INT(child(0, 3000, 100, &s), 0);
  CHECK_MSG(s < 2.9, "ran %.2f s", s);
  /* Armed without a stop request (the pipeline stopped on its own): the same bound. */
  CHECK_INT(child(1, 200, 5000, &s), 7);
  CHECK_MSG(s >= 0.2 && s < 4.0, "ran %.2f s", s);
  /* Never stopped: destroying it is enough. */
  atomic_int stop = 0;
  char err[256];
  cw_watchdog_t *w = NULL;
  CHECK_INT(cw_watchdog_start(&stop, 100, 7, &w, err, sizeof(err)), CW_OK);
  sleep_ms(200);
  cw_watchdog_destroy(&w);
  CHECK(w == NULL);
  return TEST_REPORT();
}
