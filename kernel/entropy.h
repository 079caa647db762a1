/*
 * The kernel's entropy pool: what plat_random_bytes (libcore: ML-KEM keys,
 * lottery tickets) and the random system call hand out. See entropy.c for
 * the sources and for why runs under -icount are reproducible.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Seed the pool (after arch_cpu_init): RDSEED/RDRAND when the CPU has them,
 * timing jitter, and the command line's seed=N. Prints the sources used. */
void entropy_init(uint64_t seed);
void entropy_bytes(uint8_t *out, size_t len);
/* 1 if the CPU's RDRAND is mixed into every output block. */
int entropy_has_rdrand(void);
