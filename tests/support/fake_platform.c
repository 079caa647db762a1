/*
 * Fake platform for unit tests (see fake_platform.h): every plat_* hook of
 * core/platform.h, deterministic and inspectable.
 */
#include "fake_platform.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/platform.h"
#include "core/rng.h"

static uint64_t now_ns;
static struct core_rng rng = {{1, 2, 3, 4}};
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

void fake_random_seed(uint64_t seed)
{
    core_rng_seed(&rng, seed);
}

uint64_t fake_random_u64(void)
{
    return core_rng_next(&rng);
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
    core_rng_fill(&rng, buf, len);
}

void plat_trace(const struct core_trace_rec *rec)
{
    if (rec->kind < TR_KIND_COUNT)
        kind_count[rec->kind]++;
    if (keep)
        ring[trace_total % FAKE_TRACE_MAX] = *rec;
    trace_total++;
}
