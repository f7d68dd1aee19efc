/* signals.c - SIGTERM/SIGINT handling (see signals.h). The handler only records the request;
 * the pipeline loop notices it within one poll interval and shuts down in order. */
#include <string.h>
#include <unistd.h>
#include "cw_log.h"
#include "signals.h"

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler may only set lock-free atomics");

atomic_int cw_shutdown_requested;

static void on_signal(int sig) {
  (void)sig;
  if (atomic_exchange(&cw_shutdown_requested, 1)) {
    cw_log_raw_from_handler("claimwire: second signal received, exiting now\n");
    _exit(1);
  }
}

void cw_signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, NULL);
}
