/*
 * core_rng (core/rng.h): xoshiro256** by Blackman and Vigna, seeded by
 * splitmix64 so that nearby seeds give unrelated streams. Every host's
 * deterministic random hook and the simulator's workload draws use this one
 * generator, so a seed means the same stream everywhere.
 */
#include "core/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void core_rng_seed(struct core_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t core_rng_next(struct core_rng *r)
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

uint64_t core_rng_below(struct core_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Lemire's multiply-shift with rejection: the high word of x * n is
     * uniform in [0, n) once the low word's biased band is rejected. Only a
     * 128-bit multiply, no division except for the rare threshold. */
    unsigned __int128 m = (unsigned __int128)core_rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t threshold = (0 - n) % n;
        while (lo < threshold) {
            m = (unsigned __int128)core_rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

void core_rng_fill(struct core_rng *r, uint8_t *buf, size_t len)
{
    while (len) {
        uint64_t w = core_rng_next(r);
        for (int i = 0; i < 8 && len; i++, len--) {
            *buf++ = (uint8_t)w;
            w >>= 8;
        }
    }
}
