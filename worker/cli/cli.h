/* cli.h - the claimwire subcommands; one file per command (cmd_<name>.c). Each returns the
 * process exit code: 0 success, 1 runtime failure, 2 usage or configuration error. */
#ifndef CW_CLI_H
#define CW_CLI_H

#define CW_EXIT_OK 0
#define CW_EXIT_FAILURE 1
#define CW_EXIT_USAGE 2

int cmd_run(int argc, char **argv);       /* cmd_run.c: the worker */
int cmd_broker(int argc, char **argv);    /* cmd_broker.c: embedded broker */
int cmd_produce(int argc, char **argv);   /* cmd_produce.c: files -> topic */
int cmd_tail(int argc, char **argv);      /* cmd_tail.c: topic -> JSON lines */
int cmd_config(int argc, char **argv);    /* cmd_config.c: config check / dump */
int cmd_extract(int argc, char **argv);   /* cmd_extract.c: offline extraction to JSON */
int cmd_train(int argc, char **argv);     /* cmd_train.c: train pos|ner models */
int cmd_eval(int argc, char **argv);      /* cmd_eval.c: eval ner|attribution */
int cmd_bench(int argc, char **argv);     /* cmd_bench.c: benchmarks */

#endif
