/*
 * libcore's platform hooks (core/platform.h) for the kernel: panic stops the
 * machine, log lines go to the console, time is the timer tick count, trace
 * records go to COM2 in core_trace_format()'s text form, and random bytes
 * come from the entropy pool (entropy.c: RDRAND where the CPU has it, else
 * timing jitter and the command line's seed=N; reproducible under -icount
 * on a CPU without RDRAND, lottery and ML-KEM keys included).
 * The trace sink writes every record except the gas charge of each single
 * system call or capability operation (one per call would dominate the port
 * and the call's cost; the balance after it shows in the next time charge).
 * `trace=all` on the command line writes those too, `trace=off` nothing.
 */
#include "core/platform.h"

#include "core/gas.h"
#include "core/trace.h"
#include "entropy.h"
#include "klib.h"
#include "ksched.h"

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
    entropy_bytes(buf, len);
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
