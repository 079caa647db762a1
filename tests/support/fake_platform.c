/*
 * Fake platform for unit tests (see fake_platform.h): every plat_* hook of
 * core/platform.h, deterministic and inspectable.
 */
#include "fake_platform.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/platform.h"

static uint64_t now_ns;
static uint64_t rng[4] = {1, 2, 3, 4};
static struct core_trace_rec ring[FAKE_TRACE_MAX];
static size_t trace_total;
static size_t kind_count[TR_KIND_COUNT];
static int keep = 1;

jmp_buf *fake_panic_jmp;
const char *fake_panic_msg;

void fake_time_set(uint64_t ns)
{
    now_ns = ns;
}

void fake_time_advance(uint64_t ns)
{
    now_ns += ns;
}

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void fake_random_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t fake_random_u64(void)
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

void fake_trace_reset(void)
{
    trace_total = 0;
    for (size_t i = 0; i < TR_KIND_COUNT; i++)
        kind_count[i] = 0;
}

size_t fake_trace_count(void)
{
    return trace_total;
}

size_t fake_trace_count_kind(enum core_trace_kind kind)
{
    return (unsigned)kind < TR_KIND_COUNT ? kind_count[kind] : 0;
}

const struct core_trace_rec *fake_trace_at(size_t i)
{
    size_t kept = trace_total < FAKE_TRACE_MAX ? trace_total : FAKE_TRACE_MAX;
    if (!keep || i >= kept)
        return NULL;
    size_t first = trace_total - kept;
    return &ring[(first + i) % FAKE_TRACE_MAX];
}

void fake_trace_enable(int on)
{
    keep = on;
}

/* ---- the platform hooks ---- */

void plat_panic(const char *msg)
{
    fake_panic_msg = msg;
    if (fake_panic_jmp)
        longjmp(*fake_panic_jmp, 1);
    fprintf(stderr, "libcore panic: %s\n", msg);
    abort();
}

void plat_log(const char *msg)
{
    fprintf(stderr, "libcore: %s\n", msg);
}

uint64_t plat_now_ns(void)
{
    return now_ns;
}

void plat_random_bytes(uint8_t *buf, size_t len)
{
    while (len) {
        uint64_t r = fake_random_u64();
        for (int i = 0; i < 8 && len; i++, len--) {
            *buf++ = (uint8_t)r;
            r >>= 8;
        }
    }
}

void plat_trace(const struct core_trace_rec *rec)
{
    if (rec->kind < TR_KIND_COUNT)
        kind_count[rec->kind]++;
    if (keep)
        ring[trace_total % FAKE_TRACE_MAX] = *rec;
    trace_total++;
}
