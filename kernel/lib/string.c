/*
 * The four memory functions gcc may emit calls to even in freestanding code
 * (struct copies and initialisations): the kernel and the user runtime
 * provide them. Built with -fno-tree-loop-distribute-patterns so these loops
 * are not themselves turned into calls to memcpy/memset.
 */
#include "string.h"

#include <stdint.h>

#include "core/mem.h"

/* Word at a time when both pointers are 8-byte aligned (struct copies and
 * page copies always are): a quarter of the instructions of a byte loop,
 * which counts under -icount, where one instruction is one cycle. */
void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    size_t i = 0;
    if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
        for (; i + 8 <= n; i += 8)
            *(uint64_t *)(void *)(d + i) = *(const uint64_t *)(const void *)(s + i);
    }
    for (; i < n; i++)
        d[i] = s[i];
    return dst;
}

/* The rarely used two are libcore's (core/mem.h). */
void *memmove(void *dst, const void *src, size_t n)
{
    core_memmove(dst, src, n);
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    size_t i = 0;
    if (((uintptr_t)d & 7) == 0) {
        uint64_t w = 0x0101010101010101ull * (uint8_t)c;
        for (; i + 8 <= n; i += 8)
            *(uint64_t *)(void *)(d + i) = w;
    }
    for (; i < n; i++)
        d[i] = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    return core_memcmp(a, b, n);
}
