/* cmd_eval.c - placeholder until the command is implemented. */
#include <stdio.h>
#include "cli.h"

int cmd_eval(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "claimwire eval: not implemented in this build\n");
  return CW_EXIT_FAILURE;
}
