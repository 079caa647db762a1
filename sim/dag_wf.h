/*
 * WfCommons WfFormat (1.x) workflow instances, read with jansson. One time
 * unit is one millisecond: a task's cost is runtimeInSeconds * 1000, rounded
 * to the nearest integer. An edge u->v carries the files in
 * outputFiles(u) ∩ inputFiles(v); its communication cost is their total size
 * divided by the bandwidth (bytes per time unit), rounded up.
 */
#pragma once

#include "dag_input.h"

/* Default bandwidth: 125,000 bytes per millisecond = 1 Gbit/s. */
#define DAG_WF_BANDWIDTH 125000ull

int dag_wf_load(const char *path, struct dag_input *in, struct dag_errbuf *err,
                uint64_t bytes_per_unit);
