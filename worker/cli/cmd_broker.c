/* cmd_broker.c - placeholder until the command is implemented. */
#include <stdio.h>
#include "cli.h"

int cmd_broker(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "claimwire broker: not implemented in this build\n");
  return CW_EXIT_FAILURE;
}
