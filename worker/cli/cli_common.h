/* cli_common.h - what several subcommands share: loading the config with logging set up. */
#ifndef CW_CLI_COMMON_H
#define CW_CLI_COMMON_H
#include "claimwire/extract.h"
#include "config.h"

/**
 * @brief Loads @p path (NULL = defaults + environment), applies @p bootstrap (NULL = keep) to
 * kafka bootstrap.servers, and sets up logging from the config. Prints "file:line: problem" on
 * stderr on error.
 * @returns the config, or NULL on error (exit with CW_EXIT_USAGE).
 */
cw_config_t *cli_load_config(const char *path, const char *bootstrap);

/**
 * @brief Reads option @p opt's argument @p arg as a whole decimal number in [@p min, @p max].
 * @returns 0 and *@p out, or -1 after printing "PROG: OPT must be a number from MIN to MAX".
 */
int cli_parse_long(const char *prog, const char *opt, const char *arg, long min, long max,
                   long *out);

/**
 * @brief Opens the extraction engine as `run` does: the config @p config_path (NULL = defaults
 * and environment) gives worker.model_dir and worker.rules_only, @p model_dir (NULL = none)
 * overrides the directory (precedence in models.h). Prints "claimwire @p prog: reason" on
 * stderr on error.
 * @returns CW_EXIT_OK and *@p out, or CW_EXIT_USAGE (configuration or model error).
 */
int cli_open_engine(const char *prog, const char *config_path, const char *model_dir,
                    cw_engine_t **out);

#endif
