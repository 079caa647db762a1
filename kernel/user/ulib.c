/*
 * The user runtime (ulib.h): system-call stubs, printing and the dispatch
 * from the start code to the chosen program.
 */
#include "ulib.h"

#include <stdarg.h>

#include "lib/fmt.h"

int64_t phx_syscall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5)
{
    int64_t ret;
    register uint64_t r10 __asm__("r10") = a3;
    register uint64_t r8 __asm__("r8") = a4;
    register uint64_t r9 __asm__("r9") = a5;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

int64_t phx_write(const void *buf, uint64_t len)
{
    return phx_syscall(SYS_WRITE, (uint64_t)(uintptr_t)buf, len, 0, 0, 0, 0);
}

void phx_yield(void)
{
    phx_syscall(SYS_YIELD, 0, 0, 0, 0, 0, 0);
}

_Noreturn void phx_exit(int64_t status)
{
    phx_syscall(SYS_EXIT, (uint64_t)status, 0, 0, 0, 0, 0);
    for (;;)
        ;
}

int64_t phx_spawn(const struct phx_spawn *sp)
{
    return phx_syscall(SYS_SPAWN, (uint64_t)(uintptr_t)sp, 0, 0, 0, 0, 0);
}

int64_t phx_wait(int64_t child, struct phx_wait *out)
{
    return phx_syscall(SYS_WAIT, (uint64_t)child, (uint64_t)(uintptr_t)out, 0, 0, 0, 0);
}

int64_t phx_sleep(uint64_t ns)
{
    return phx_syscall(SYS_SLEEP, ns, 0, 0, 0, 0, 0);
}

uint64_t phx_time(void)
{
    uint64_t t = 0;
    phx_syscall(SYS_TIME, (uint64_t)(uintptr_t)&t, 0, 0, 0, 0, 0);
    return t;
}

int phx_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = (int)sizeof buf - 1;
    phx_write(buf, (uint64_t)n);
    return n;
}

struct phx_spawn phx_spawn_req(uint32_t prog, uint64_t arg)
{
    struct phx_spawn sp = {0};
    sp.prog = prog;
    sp.arg = arg;
    sp.weight = 1;
    return sp;
}

typedef int (*prog_fn)(uint64_t);
static const prog_fn programs[PROG_COUNT] = {
#define PHX_PROG_FN(name) prog_##name,
    PHX_PROGRAMS(PHX_PROG_FN)
#undef PHX_PROG_FN
};

int phx_start(uint64_t prog, uint64_t arg);
int phx_start(uint64_t prog, uint64_t arg)
{
    if (prog >= PROG_COUNT)
        return 127;
    return programs[prog](arg);
}
