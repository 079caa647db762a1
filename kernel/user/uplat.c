/*
 * libcore's platform hooks (core/platform.h) for the part of libcore linked
 * into the user image (the secure channel: ML-KEM, SHAKE, the AEAD).
 * Randomness comes from the kernel's entropy pool through SYS_RANDOM; a
 * libcore panic prints and ends the domain with status 99; there are no
 * trace records from ring 3.
 */
#include "core/platform.h"
#include "ulib.h"

_Noreturn void plat_panic(const char *msg)
{
    phx_printf("libcore panic in domain %u: %s\n", phx_self->id, msg);
    phx_exit(99);
}

void plat_log(const char *msg)
{
    phx_printf("libcore: %s\n", msg);
}

uint64_t plat_now_ns(void)
{
    return phx_time();
}

void plat_random_bytes(uint8_t *buf, size_t len)
{
    while (len) {
        uint64_t n = len < PHX_RANDOM_MAX ? len : PHX_RANDOM_MAX;
        if (phx_random(buf, n) != (int64_t)n)
            plat_panic("no randomness from the kernel");
        buf += n;
        len -= n;
    }
}

void plat_trace(const struct core_trace_rec *rec)
{
    (void)rec;
}
