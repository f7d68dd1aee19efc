/* cmd_config.c - placeholder until the command is implemented. */
#include <stdio.h>
#include "cli.h"

int cmd_config(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "claimwire config: not implemented in this build\n");
  return CW_EXIT_FAILURE;
}
