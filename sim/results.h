/*
 * One run's results folder: summary.json (every metric, the experiment, the
 * seed, the Phoenix version), tasks.csv (per-task metrics), latency.csv
 * (every wake-up latency and response time sample), trace.txt (the text
 * trace) and trace.json (Chrome trace events for Perfetto). run_to_dir()
 * builds it in a temporary folder and renames it into place at the end.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "exp.h"
#include "metrics.h"

struct run_opts {
    int trace;   /* write trace.txt and trace.json */
    int latency; /* write latency.csv */
};

/* Run e under sched and seed; publish the folder at dir. Fills *m.
 * Returns 0, or -1 with the reason in err. */
int run_to_dir(const struct exp *e, const char *sched, uint64_t seed, const char *dir,
               const struct run_opts *o, struct metrics *m, char *err, size_t errlen);

/* Read the metrics object back from a published run's summary.json. */
int results_read_metrics(const char *dir, struct metrics *m);
