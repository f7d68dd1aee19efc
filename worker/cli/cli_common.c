/* cli_common.c - config loading shared by the subcommands (see cli_common.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli_common.h"
#include "cli.h"
#include "cw_log.h"
#include "models.h"

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

int cli_open_engine(const char *prog, const char *config_path, const char *model_dir,
                    cw_engine_t **out) {
  char errstr[1024];
  *out = NULL;
  cw_config_t *cfg = cli_load_config(config_path, NULL);
  if (!cfg)
    return CW_EXIT_USAGE;
  cw_err_t err = cw_models_open(cfg, model_dir, out, errstr, sizeof(errstr));
  cw_config_destroy(&cfg);
  if (err) {
    fprintf(stderr, "claimwire %s: %s\n", prog, errstr);
    return CW_EXIT_USAGE;
  }
  return CW_EXIT_OK;
}

int cli_parse_long(const char *prog, const char *opt, const char *arg, long min, long max,
                   long *out) {
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (end == arg || *end || errno || v < min || v > max) {
    fprintf(stderr, "%s: %s must be a number from %ld to %ld, got '%s'\n", prog, opt, min, max,
            arg);
    return -1;
  }
  *out = v;
  return 0;
}
