/* cmd_extract.c - placeholder until the command is implemented. */
#include <stdio.h>
#include "cli.h"

int cmd_extract(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "claimwire extract: not implemented in this build\n");
  return CW_EXIT_FAILURE;
}
