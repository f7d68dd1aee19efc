/* main.c - the claimwire binary: dispatches to one subcommand per file (see cli.h). */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "claimwire/extract.h"

typedef struct {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
} command_t;

static const command_t commands[] = {
  {"run", cmd_run, "run the worker: consume articles, extract, produce Avro records"},
  {"broker", cmd_broker, "run the embedded Kafka-protocol broker (librdkafka mock cluster)"},
  {"produce", cmd_produce, "produce article files or JSON lines to a topic"},
  {"tail", cmd_tail, "print a topic's records decoded to JSON lines"},
  {"config", cmd_config, "check or print a configuration file"},
  {"extract", cmd_extract, "extract one article offline and print JSON"},
  {"train", cmd_train, "train the POS or NER model"},
  {"eval", cmd_eval, "evaluate NER or attribution on annotated data"},
  {"bench", cmd_bench, "run a benchmark"},
  {NULL, NULL, NULL},
};

static void usage(FILE *out) {
  fprintf(out, "usage: claimwire <command> [options]\n\ncommands:\n");
  for (const command_t *c = commands; c->name; c++)
    fprintf(out, "  %-9s %s\n", c->name, c->summary);
  fprintf(out, "\n'claimwire <command> --help' describes a command's options.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return CW_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("claimwire %s (%s)\n", CW_VERSION, CW_EXTRACTOR_VERSION);
    return CW_EXIT_OK;
  }
  for (const command_t *c = commands; c->name; c++)
    if (strcmp(argv[1], c->name) == 0)
      return c->fn(argc - 1, argv + 1);
  fprintf(stderr, "claimwire: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return CW_EXIT_USAGE;
}
