/*
 * Workload randomness (see dist.h): xoshiro256** seeded through splitmix64,
 * inverse-transform exponential and Box-Muller normal samples rounded to
 * whole nanoseconds.
 */
#include "dist.h"

#include <math.h>

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rng_u64(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

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
