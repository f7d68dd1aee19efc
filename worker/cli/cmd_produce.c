/* cmd_produce.c - placeholder until the command is implemented. */
#include <stdio.h>
#include "cli.h"

int cmd_produce(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "claimwire produce: not implemented in this build\n");
  return CW_EXIT_FAILURE;
}
