/* train_attribution.h - `claimwire train attribution`: learns attr.model (the cue table) from a
 * PolNeAR-style directory (text/<stem>.txt, attributions/<stem>_<annotator>.ann). */
#ifndef CW_TRAIN_ATTRIBUTION_H
#define CW_TRAIN_ATTRIBUTION_H

/** @brief Runs the command; argv[0] is "attribution". @returns the process exit code. */
int train_attribution(int argc, char **argv);

#endif
