/*
 * A seeded pseudo-random generator for reproducible runs: xoshiro256**
 * seeded through splitmix64. Not for keys (ML-KEM draws from
 * plat_random_bytes, which a host backs with real entropy); for workloads,
 * lottery tickets, random tests and the hosts' deterministic random hooks.
 * The state is caller-owned, so any number of independent streams exist.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct core_rng {
    uint64_t s[4];
};

/* Seed a stream; every seed (0 included) gives a valid, distinct stream. */
void core_rng_seed(struct core_rng *r, uint64_t seed);
/* The next 64 random bits. */
uint64_t core_rng_next(struct core_rng *r);
/* A uniform value in [0, n) without modulo bias; n = 0 returns 0. */
uint64_t core_rng_below(struct core_rng *r, uint64_t n);
/* Fill buf with len bytes from the stream (little-endian words). */
void core_rng_fill(struct core_rng *r, uint8_t *buf, size_t len);
