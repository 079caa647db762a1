/*
 * Simulator platform hooks (see platform.h). Deterministic by construction:
 * time is whatever the engine says, randomness comes from a seeded
 * xoshiro256** stream, and the trace is written in record order.
 */
#include "platform.h"

#include <stdlib.h>

#include "core/platform.h"
#include "core/trace.h"

static uint64_t now_ns;
static uint64_t s[4] = {0x9e3779b97f4a7c15ull, 1, 2, 3};
static FILE *trace_file;
static uint64_t trace_count;

void simplat_set_time(uint64_t ns)
{
    now_ns = ns;
}

uint64_t simplat_time(void)
{
    return now_ns;
}

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void simplat_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t simplat_random_u64(void)
{
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

void simplat_trace_to(FILE *f)
{
    trace_file = f;
    trace_count = 0;
}

uint64_t simplat_trace_written(void)
{
    return trace_count;
}

void plat_panic(const char *msg)
{
    fprintf(stderr, "phoenix: libcore panic: %s\n", msg);
    abort();
}

void plat_log(const char *msg)
{
    fprintf(stderr, "phoenix: %s\n", msg);
}

uint64_t plat_now_ns(void)
{
    return now_ns;
}

void plat_random_bytes(uint8_t *buf, size_t len)
{
    while (len) {
        uint64_t r = simplat_random_u64();
        for (int i = 0; i < 8 && len; i++, len--) {
            *buf++ = (uint8_t)r;
            r >>= 8;
        }
    }
}

void plat_trace(const struct core_trace_rec *rec)
{
    char line[256];
    if (!trace_file || core_trace_format(line, sizeof line, rec) < 0)
        return;
    fputs(line, trace_file);
    fputc('\n', trace_file);
    trace_count++;
}
