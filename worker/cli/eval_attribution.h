/* eval_attribution.h - `claimwire eval attribution`: scores the engine's claims against a
 * PolNeAR-style directory (text/<stem>.txt, attributions/<stem>_<annotator>.ann). */
#ifndef CW_EVAL_ATTRIBUTION_H
#define CW_EVAL_ATTRIBUTION_H

/** @brief Runs the command; argv[0] is "attribution". @returns the process exit code. */
int eval_attribution(int argc, char **argv);

#endif
