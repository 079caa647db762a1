/*
 * Kernel-wide helpers: console printing (COM1), the trace port (COM2), panic
 * and the command line. Portable code; the bytes leave through arch.h.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/fmt.h"

/* Exit statuses written to QEMU's isa-debug-exit (QEMU exits (v << 1) | 1). */
#define EXIT_PASS 0x10  /* scenario passed: QEMU status 33 */
#define EXIT_FAIL 0x11  /* scenario checks failed: 35 */
#define EXIT_PANIC 0x12 /* kernel panic: 37 */

void console_write(const char *s, size_t n);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line on the trace port (COM2); a newline is appended. */
void trace_line(const char *s, size_t n);
/* The trace port's mode (trace=on|all|off) and the write-out of the records
 * plat_trace keeps in its ring (platform.c); flushing an empty ring is free. */
void kplat_trace_mode(const char *mode);
/* What the mode keeps: KPLAT_TRACE_OFF nothing, _DEFAULT every record but
 * the per-operation gas charges, _ALL everything. The kernel sets libcore's
 * trace switches from it at init, so a record the sink would drop is never
 * built. */
enum { KPLAT_TRACE_OFF = 0, KPLAT_TRACE_DEFAULT = 1, KPLAT_TRACE_ALL = 2 };
int kplat_trace_level(void);
void kplat_trace_flush(void);
/* Stop the kernel: print the message and leave QEMU with EXIT_PANIC. */
_Noreturn void panic(const char *msg);

/* The value of key=value in the kernel command line, copied into out; false
 * if the key is absent or the value does not fit. */
bool cmdline_get(const char *key, char *out, size_t n);
void cmdline_set(const char *s);
bool kstreq(const char *a, const char *b);
