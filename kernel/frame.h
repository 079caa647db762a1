/*
 * The physical frame allocator: 4 KiB frames from the boot memory map, kept
 * on a free list threaded through the frames themselves (reached via the
 * direct map). Frames come back zeroed.
 */
#pragma once

#include <stdint.h>

/* Offer [base, base+len) of RAM; the parts below the end of the kernel image
 * or beyond the direct map are ignored. */
void frame_add_range(uint64_t base, uint64_t len);
/* A zeroed frame's physical address, or 0 when none is left. */
uint64_t frame_alloc(void);
void frame_free(uint64_t pa);
uint64_t frame_free_count(void);
