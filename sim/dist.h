/*
 * The workload's random stream and distribution sampling. Each run owns one
 * stream seeded from the experiment seed, separate from the platform stream
 * libcore's lottery draws from, so every scheduler in a comparison sees the
 * very same workload (common random numbers).
 */
#pragma once

#include <stdint.h>

#include "core/rng.h"
#include "exp.h"

/* The stream is libcore's seeded generator, so a seed means the same
 * numbers in the simulator, the kernel and the tests. */
struct rng {
    struct core_rng c;
};

static inline void rng_seed(struct rng *r, uint64_t seed)
{
    core_rng_seed(&r->c, seed);
}

static inline uint64_t rng_u64(struct rng *r)
{
    return core_rng_next(&r->c);
}
/* Uniform in (0, 1]. */
double rng_unit(struct rng *r);
/* A sample of d in whole nanoseconds (never negative). */
uint64_t dist_sample(const struct dist *d, struct rng *r);
/* The distribution's mean in ns (normal: of the uncut law). */
double dist_mean(const struct dist *d);
