/* bench_pipeline.h - `claimwire bench pipeline`: the worker end to end through Kafka. */
#ifndef CW_BENCH_PIPELINE_H
#define CW_BENCH_PIPELINE_H

int bench_pipeline(int argc, char **argv);

#endif
