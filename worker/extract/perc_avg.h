/* perc_avg.h - the weight averaging both perceptrons (perceptron.c, perc_bin.c) use: a weight
 * w updated by d at step s also adds s * d to its running sum; after the last step the averaged
 * weight is w - sum / step, the mean of w over every step since the start. */
#ifndef CW_PERC_AVG_H
#define CW_PERC_AVG_H

/** @returns the averaged weight of @p w whose step-weighted update sum is @p sum. */
static inline double perc_avg(double w, double sum, double step) {
  return w - sum / step;
}

#endif
