/* cli_common.h - what several subcommands share: loading the config with logging set up. */
#ifndef CW_CLI_COMMON_H
#define CW_CLI_COMMON_H
#include "config.h"

/**
 * @brief Loads @p path (NULL = defaults + environment), applies @p bootstrap (NULL = keep) to
 * kafka bootstrap.servers, and sets up logging from the config. Prints "file:line: problem" on
 * stderr on error.
 * @returns the config, or NULL on error (exit with CW_EXIT_USAGE).
 */
cw_config_t *cli_load_config(const char *path, const char *bootstrap);

#endif
