/*
 * Physical frame allocator (frame.h). A LIFO free list: allocation and
 * release are O(1) and the order is deterministic, which keeps kernel runs
 * reproducible. Called by the paging code and the domain loader.
 */
#include "frame.h"

#include "arch.h"
#include "klib.h"

extern char __kernel_end[];

struct free_frame {
    struct free_frame *next;
};

static struct free_frame *free_list;
static uint64_t free_count;

void frame_free(uint64_t pa)
{
    if ((pa & (PAGE_SIZE - 1)) || pa < V2P(__kernel_end) || pa >= DIRECT_MAP_BYTES)
        panic("frame_free: bad frame");
    struct free_frame *f = P2V(pa);
    f->next = free_list;
    free_list = f;
    free_count++;
}

void frame_add_range(uint64_t base, uint64_t len)
{
    uint64_t lo = (base + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    uint64_t hi = (base + len) & ~(uint64_t)(PAGE_SIZE - 1);
    uint64_t kend = (V2P(__kernel_end) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    if (lo < kend)
        lo = kend;
    if (hi > DIRECT_MAP_BYTES)
        hi = DIRECT_MAP_BYTES;
    /* Push from the top down so the lowest frames are handed out first. */
    for (uint64_t pa = hi; pa > lo; pa -= PAGE_SIZE)
        frame_free(pa - PAGE_SIZE);
}

uint64_t frame_alloc(void)
{
    struct free_frame *f = free_list;
    if (!f)
        return 0;
    free_list = f->next;
    free_count--;
    uint64_t *w = (uint64_t *)f;
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        w[i] = 0;
    return V2P(f);
}

uint64_t frame_free_count(void)
{
    return free_count;
}
