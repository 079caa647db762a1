/*
 * A hoarder for the `limits` scenario: creates endpoints, then frame
 * objects, until the kernel refuses. Each pool is shared by every domain
 * (32 of each), so the refusal must come from the per-domain quota, not
 * from an empty pool: exactly KIPC_EP_QUOTA endpoints and KIPC_FRAME_QUOTA
 * frames (8 each, kernel/kipc.h), then PHX_E_QUOTA, while a second hoarder
 * running beside it gets the same. Frees nothing: the kernel reclaims both
 * when it exits (the scenario's leak check).
 */
#include "ulib.h"

#define TRIES 40
#define QUOTA 8 /* KIPC_EP_QUOTA, KIPC_FRAME_QUOTA */

int prog_hoard(uint64_t arg)
{
    int eps = 0, frames = 0;
    int64_t r = 0, rf = 0;
    while (eps < TRIES && (r = phx_ep_create(0, 0)) >= 0)
        eps++;
    phx_yield(); /* let the other hoarder take its share meanwhile */
    while (frames < TRIES && (rf = phx_frame_alloc()) >= 0)
        frames++;
    phx_printf("hoard %lu: %d endpoints, then %ld; %d frames, then %ld\n", arg, eps, r, frames,
               rf);
    return (eps != QUOTA) + (r != PHX_E_QUOTA) + (frames != QUOTA) + (rf != PHX_E_QUOTA);
}
