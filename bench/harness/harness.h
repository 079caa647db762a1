/*
 * The benchmark harness shared by every phoenix-bench area: cycle and
 * nanosecond clocks, a median-of-repetitions timer, and a small streaming
 * JSON writer so every area prints one well-formed JSON document on stdout.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Time-stamp counter (serialised enough for medians of many iterations). */
uint64_t bh_rdtsc(void);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bh_now_ns(void);

/* A measured cost per operation: medians over repetitions. */
struct bh_result {
    double cycles;   /* median cycles per operation */
    double ns;       /* median nanoseconds per operation */
    double min_cycles;
    unsigned reps;
    uint64_t ops_per_rep;
};

/* Run fn(ctx, ops) `reps` times, each doing `ops` operations, and return the
 * median per-operation cost. fn returns a value that is folded into a sink so
 * the compiler cannot drop the work. */
typedef uint64_t (*bh_fn)(void *ctx, uint64_t ops);
struct bh_result bh_measure(bh_fn fn, void *ctx, uint64_t ops, unsigned reps);

/* Median of n doubles (sorts v in place). */
double bh_median(double *v, size_t n);

/* Streaming JSON writer to stdout. Keys and strings are written as given
 * (callers pass plain identifiers). Nesting is tracked so commas are right. */
void bh_json_begin_obj(const char *key);   /* key NULL at top level or in arrays */
void bh_json_end_obj(void);
void bh_json_begin_arr(const char *key);
void bh_json_end_arr(void);
void bh_json_str(const char *key, const char *v);
void bh_json_num(const char *key, double v);
void bh_json_int(const char *key, int64_t v);
void bh_json_result(const char *key, const struct bh_result *r);
/* Finish the document with a newline; returns 0. */
int bh_json_done(void);

/* Parse "--name value" style options: returns value or def. */
const char *bh_opt(int argc, char **argv, const char *name, const char *def);
