/*
 * libcore's platform hooks (core/platform.h) for the kernel: panic stops the
 * machine, log lines go to the console, time is the timer tick count, trace
 * records go to COM2 in core_trace_format()'s text form, and random bytes
 * come from a xoshiro256** stream seeded from the command line (seed=N,
 * default 1) so that a kernel run is reproducible, lottery included.
 * The trace sink writes every record except the gas charge of each single
 * system call or capability operation (one per call would dominate the port
 * and the call's cost; the balance after it shows in the next time charge).
 * `trace=all` on the command line writes those too, `trace=off` nothing.
 */
#include "core/platform.h"

#include "core/gas.h"
#include "core/trace.h"
#include "klib.h"
#include "ksched.h"

static uint64_t rng[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void kplat_seed(uint64_t seed);
void kplat_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
    uint64_t r = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 17;
    rng[2] ^= rng[0];
    rng[3] ^= rng[1];
    rng[1] ^= rng[2];
    rng[0] ^= rng[3];
    rng[2] ^= t;
    rng[3] = rotl(rng[3], 45);
    return r;
}

_Noreturn void plat_panic(const char *msg)
{
    kprintf("libcore: ");
    panic(msg);
}

void plat_log(const char *msg)
{
    kprintf("libcore: %s\n", msg);
}

uint64_t plat_now_ns(void)
{
    return kernel_now_ns();
}

void plat_random_bytes(uint8_t *buf, size_t len)
{
    while (len) {
        uint64_t r = next();
        for (int i = 0; i < 8 && len; i++, len--) {
            *buf++ = (uint8_t)r;
            r >>= 8;
        }
    }
}

static enum { TRACE_OFF, TRACE_DEFAULT, TRACE_ALL } trace_mode = TRACE_DEFAULT;

void kplat_trace_mode(const char *mode);
void kplat_trace_mode(const char *mode)
{
    trace_mode = kstreq(mode, "off") ? TRACE_OFF : kstreq(mode, "all") ? TRACE_ALL : TRACE_DEFAULT;
}

void plat_trace(const struct core_trace_rec *rec)
{
    if (trace_mode == TRACE_OFF)
        return;
    if (trace_mode == TRACE_DEFAULT && rec->kind == TR_GAS_CHARGE && rec->d != GAS_OP_TIME)
        return;
    char line[200];
    int n = core_trace_format(line, sizeof line, rec);
    if (n > 0)
        trace_line(line, (size_t)n);
}
