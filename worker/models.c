/* models.c - model directory discovery and engine opening (see models.h). */
#include "models.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cw_log.h"

#ifndef CW_INSTALL_REL_MODELS /* set by cmake/install.cmake from GNUInstallDirs */
#define CW_INSTALL_REL_MODELS "../share/claimwire/models"
#endif

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding the running executable, or "" if /proc/self/exe cannot be read. */
static void exe_dir(char *out, size_t size) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  out[0] = '\0';
  if (n <= 0)
    return;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash)
    return;
  *slash = '\0';
  snprintf(out, size, "%s", buf[0] ? buf : "/");
}

/* The first line of the build tree's claimwire-models.path beside the executable, if any. */
static int build_tree_dir(const char *dir, char *out, size_t size) {
  char path[PATH_MAX + 64];
  snprintf(path, sizeof(path), "%s/" CW_MODELS_PATH_FILE, dir);
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  int ok = fgets(out, (int)size, f) != NULL;
  fclose(f);
  if (!ok)
    return 0;
  out[strcspn(out, "\r\n")] = '\0';
  return out[0] != '\0';
}

cw_err_t cw_models_locate(const cw_config_t *cfg, const char *override, char *out,
                          size_t out_size, const char **how, char *errstr,
                          size_t errstr_size) {
  char dir[PATH_MAX], installed[PATH_MAX + 64];
  if (override && override[0]) {
    snprintf(out, out_size, "%s", override);
    *how = "--model-dir";
    return CW_OK;
  }
  if (cfg && cfg->model_dir && cfg->model_dir[0]) {
    snprintf(out, out_size, "%s", cfg->model_dir);
    *how = getenv("CLAIMWIRE_WORKER_MODEL_DIR") ? "CLAIMWIRE_WORKER_MODEL_DIR"
                                               : "worker.model_dir";
    return CW_OK;
  }
  exe_dir(dir, sizeof(dir));
  if (dir[0]) {
    snprintf(installed, sizeof(installed), "%s/" CW_INSTALL_REL_MODELS, dir);
    if (is_dir(installed)) {
      char real[PATH_MAX];
      snprintf(out, out_size, "%s", realpath(installed, real) ? real : installed);
      *how = "installed beside the executable";
      return CW_OK;
    }
    if (build_tree_dir(dir, out, out_size)) {
      *how = "build tree (" CW_MODELS_PATH_FILE ")";
      return CW_OK;
    }
  }
  snprintf(errstr, errstr_size,
           "no model directory: worker.model_dir and CLAIMWIRE_WORKER_MODEL_DIR are not set "
           "and %s/" CW_INSTALL_REL_MODELS " does not exist", dir[0] ? dir : "(executable)");
  return CW_ERR_CONFIG;
}

cw_err_t cw_models_open(const cw_config_t *cfg, const char *override, cw_engine_t **out,
                        char *errstr, size_t errstr_size) {
  char dir[PATH_MAX];
  const char *how = "";
  *out = NULL;
  cw_err_t err = cw_models_locate(cfg, override, dir, sizeof(dir), &how, errstr, errstr_size);
  if (err)
    return err;
  cw_engine_opts_t opts = {.model_dir = dir, .rules_only = cfg ? cfg->rules_only : 0};
  err = cw_engine_open(&opts, out, errstr, errstr_size);
  if (err)
    return CW_ERR_CONFIG;
  CW_INFO("models", "model directory %s (%s)%s", dir, how,
          opts.rules_only ? "; worker.rules_only = true: no statistical models" : "");
  return CW_OK;
}
