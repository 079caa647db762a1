/*
 * Byte-memory helpers for a library that may not call libc. The kernel build
 * forbids memcpy/memset symbols, so every module copies, clears and compares
 * through these. core_wipe and core_ct_equal are the security primitives:
 * the first cannot be optimised away, the second takes time independent of
 * the contents.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

void core_memcpy(void *dst, const void *src, size_t n);
void core_memmove(void *dst, const void *src, size_t n);
void core_memset(void *dst, int byte, size_t n);
/* Ordinary (variable-time) comparison: <0, 0, >0 like memcmp. */
int core_memcmp(const void *a, const void *b, size_t n);

/* Clear secrets through a volatile path so the stores are never elided. */
void core_wipe(void *p, size_t n);
/* 1 if the n bytes are equal, else 0, in time that depends only on n. */
int core_ct_equal(const void *a, const void *b, size_t n);
