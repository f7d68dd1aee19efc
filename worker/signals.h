/* signals.h - the process's one piece of global state: the shutdown request flag. SIGTERM and
 * SIGINT set it; a second one exits at once; SIGPIPE is ignored. */
#ifndef CW_SIGNALS_H
#define CW_SIGNALS_H
#include <signal.h>
#include <stdatomic.h>

/* Lock-free (checked in signals.c), so the handler may set it and any thread may read it. */
extern atomic_int cw_shutdown_requested;

/** Installs the handlers with sigaction(). */
void cw_signals_install(void);

#endif
