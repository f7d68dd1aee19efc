/* engine_train.h - training access to the extractor: runs the attribution stage with a model
 * other than the engine's and reports what it sees, so that learned parts train on exactly the
 * tokens, tags and entities that extraction produces. Internal to the engine library and the
 * training commands. */
#ifndef CW_ENGINE_TRAIN_H
#define CW_ENGINE_TRAIN_H
#include "attr.h"
#include "claimwire/extract.h"

/**
 * @brief From the next cw_extractor_run() on, finds claims with @p m (NULL: rules only) and
 * reports to @p obs; @p obs NULL restores the engine's own model. Both must outlive the runs.
 */
void cw_extractor_observe_attr(cw_extractor_t *ex, const cw_attr_model_t *m,
                               const cw_attr_observer_t *obs);

/** @returns the engine's attribution model (NULL: rules only). */
const cw_attr_model_t *cw_engine_attr_model(const cw_engine_t *e);

/** @returns the bytes the extractor's per-article arena holds from the system now. */
size_t cw_extractor_footprint(const cw_extractor_t *ex);

#endif
