/*
 * Workload randomness (see dist.h): libcore's seeded stream (core/rng.h),
 * inverse-transform exponential and Box-Muller normal samples rounded to
 * whole nanoseconds.
 */
#include "dist.h"

#include <math.h>

double rng_unit(struct rng *r)
{
    return (double)((rng_u64(r) >> 11) + 1) / 9007199254740992.0;
}

static uint64_t to_ns(double x)
{
    if (!(x > 0))
        return 0;
    if (x > 1e18)
        return (uint64_t)1e18;
    return (uint64_t)llround(x);
}

uint64_t dist_sample(const struct dist *d, struct rng *r)
{
    switch (d->kind) {
    case DIST_FIXED:
        return to_ns(d->a);
    case DIST_UNIFORM:
        return to_ns(d->a + (d->b - d->a) * (rng_unit(r) - 0x1p-53));
    case DIST_EXP:
        return to_ns(-log(rng_unit(r)) * d->a);
    case DIST_NORMAL: {
        double u1 = rng_unit(r), u2 = rng_unit(r);
        double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
        return to_ns(d->a + d->b * z);
    }
    }
    return 0;
}

double dist_mean(const struct dist *d)
{
    switch (d->kind) {
    case DIST_UNIFORM:
        return (d->a + d->b) / 2;
    default:
        return d->a;
    }
}
