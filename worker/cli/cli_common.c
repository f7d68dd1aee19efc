/* cli_common.c - config loading shared by the subcommands (see cli_common.h). */
#include <stdio.h>
#include "cli_common.h"
#include "cw_log.h"

cw_config_t *cli_load_config(const char *path, const char *bootstrap) {
  char errstr[1024];
  cw_config_t *cfg = NULL;
  if (cw_config_load(path, &cfg, errstr, sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "claimwire: %s\n", errstr);
    return NULL;
  }
  if (bootstrap)
    cw_kvlist_set(&cfg->kafka_common, "bootstrap.servers", bootstrap);
  cw_log_setup((cw_log_level_t)cw_log_level_parse(cfg->log_level), cfg->log_json);
  return cfg;
}
