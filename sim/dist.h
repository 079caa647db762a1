/*
 * The workload's random stream and distribution sampling. Each run owns one
 * stream seeded from the experiment seed, separate from the platform stream
 * libcore's lottery draws from, so every scheduler in a comparison sees the
 * very same workload (common random numbers).
 */
#pragma once

#include <stdint.h>

#include "exp.h"

struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_u64(struct rng *r);
/* Uniform in (0, 1]. */
double rng_unit(struct rng *r);
/* A sample of d in whole nanoseconds (never negative). */
uint64_t dist_sample(const struct dist *d, struct rng *r);
/* The distribution's mean in ns (normal: of the uncut law). */
double dist_mean(const struct dist *d);
