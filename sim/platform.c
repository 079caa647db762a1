/*
 * Simulator platform hooks (see platform.h). Deterministic by construction:
 * time is whatever the engine says, randomness comes from libcore's seeded
 * generator (core/rng.h), and the trace is written in record order.
 */
#include "platform.h"

#include <stdlib.h>

#include "core/platform.h"
#include "core/rng.h"
#include "core/trace.h"

static uint64_t now_ns;
static struct core_rng stream = {{0x9e3779b97f4a7c15ull, 1, 2, 3}};
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

void simplat_seed(uint64_t seed)
{
    core_rng_seed(&stream, seed);
}

uint64_t simplat_random_u64(void)
{
    return core_rng_next(&stream);
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
    core_rng_fill(&stream, buf, len);
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
