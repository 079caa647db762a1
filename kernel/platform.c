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
 *
 * Records are not formatted where they happen: plat_trace copies the binary
 * record (48 bytes) into a ring in kernel memory, and kplat_trace_flush
 * formats and writes them, oldest first, when the kernel has time: in the
 * idle loop, between the bench scenario's measurements, at the end of each
 * scenario, before QEMU exits (pass, fail or panic), and, as a
 * safety valve, from plat_trace itself once the ring is half full. So a
 * system call or a context switch pays only for the copy (about 30
 * instructions), never for the ~900 of formatting and port output. The
 * COM2 text is the same, line for line and in the same order, as when each
 * record was written at once: records carry their own time stamp, and
 * COM1 and COM2 are separate streams. A record that finds the ring full
 * (only possible while a flush is itself tracing) is counted, never lost
 * silently: the flush reports the count on the console.
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

void kplat_trace_mode(const char *mode)
{
    trace_mode = kstreq(mode, "off") ? TRACE_OFF : kstreq(mode, "all") ? TRACE_ALL : TRACE_DEFAULT;
}

int kplat_trace_level(void)
{
    return trace_mode == TRACE_OFF ? KPLAT_TRACE_OFF
           : trace_mode == TRACE_ALL ? KPLAT_TRACE_ALL
                                     : KPLAT_TRACE_DEFAULT;
}

/* 32768 records (1.5 MiB): the busiest stretch of any scenario between two
 * flush points (the bench's 10,000 scheduler picks, its 4,000 context
 * switches, its 1,050 IPC round trips of four records each) fits in half
 * of it, so no measured loop ever flushes. A power of two: indices wrap
 * with a mask. */
#define TRACE_RING (1u << 15)

static struct core_trace_rec trace_ring[TRACE_RING];
static uint32_t trace_head, trace_count;
static uint64_t trace_dropped;
static bool trace_flushing;

void kplat_trace_flush(void)
{
    if (trace_flushing)
        return;
    trace_flushing = true;
    char line[200];
    while (trace_count) {
        int n = core_trace_format(line, sizeof line, &trace_ring[trace_head]);
        if (n > 0)
            trace_line(line, (size_t)n);
        trace_head = (trace_head + 1) & (TRACE_RING - 1);
        trace_count--;
    }
    if (trace_dropped) {
        kprintf("trace: %lu records dropped (ring of %u full)\n", trace_dropped, TRACE_RING);
        trace_dropped = 0;
    }
    trace_flushing = false;
}

void plat_trace(const struct core_trace_rec *rec)
{
    if (trace_mode == TRACE_OFF)
        return;
    if (trace_mode == TRACE_DEFAULT && rec->kind == TR_GAS_CHARGE && rec->d != GAS_OP_TIME)
        return;
    if (trace_count == TRACE_RING) {
        trace_dropped++;
        return;
    }
    trace_ring[(trace_head + trace_count) & (TRACE_RING - 1)] = *rec;
    if (++trace_count >= TRACE_RING / 2)
        kplat_trace_flush();
}
