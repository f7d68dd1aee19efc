/* models.h - where the worker finds its model directory, and opening the extraction engine
 * the configuration asks for. The same for `run`, `config check`, `extract`, `eval`, `bench`.
 *
 * Precedence (the first that applies wins):
 *   1. a --model-dir option of the command;
 *   2. worker.model_dir, with CLAIMWIRE_WORKER_MODEL_DIR in the environment over the file;
 *   3. <directory of the executable>/../share/claimwire/models (found through
 *      /proc/self/exe): the installed layout, /usr/bin/claimwire ->
 *      /usr/share/claimwire/models; the relative path follows GNUInstallDirs;
 *   4. in a build tree only: the directory named in claimwire-models.path next to the
 *      executable, a file the build writes (it is never installed).
 * Nothing else: no absolute path is compiled into the binary. */
#ifndef CW_MODELS_H
#define CW_MODELS_H
#include <stddef.h>
#include "claimwire/extract.h"
#include "config.h"

/** The build-tree file naming the source model directory (precedence 4). */
#define CW_MODELS_PATH_FILE "claimwire-models.path"

/**
 * @brief Finds the model directory for @p cfg (may be NULL) and @p override (NULL = none).
 * @param how receives where it came from ("--model-dir", "worker.model_dir", ...).
 * @returns CW_OK and the directory in @p out; CW_ERR_CONFIG with the places looked at.
 */
cw_err_t cw_models_locate(const cw_config_t *cfg, const char *override, char *out,
                          size_t out_size, const char **how, char *errstr,
                          size_t errstr_size) CW_WUR;

/**
 * @brief Locates the models and opens the engine (worker.rules_only honoured).
 * @returns CW_OK and *@p out; CW_ERR_CONFIG with "path: reason" (the process must not start:
 * it would produce records from part of its models).
 */
cw_err_t cw_models_open(const cw_config_t *cfg, const char *override, cw_engine_t **out,
                        char *errstr, size_t errstr_size) CW_WUR;

#endif
