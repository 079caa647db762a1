/*
 * The user runtime (ulib.h): system-call stubs, printing and the dispatch
 * from the start code to the chosen program.
 */
#include "ulib.h"

#include <stdarg.h>

#include "lib/fmt.h"
#include "lib/string.h"

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

const struct phx_start *phx_self;

int64_t phx_write(const void *buf, uint64_t len)
{
    return phx_syscall(SYS_WRITE, phx_console(), (uint64_t)(uintptr_t)buf, len, 0, 0, 0);
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

int64_t phx_wait(uint64_t child, struct phx_wait *out)
{
    return phx_syscall(SYS_WAIT, child, (uint64_t)(uintptr_t)out, 0, 0, 0, 0);
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

int64_t phx_cap_copy(uint64_t cap, uint64_t dst)
{
    return phx_syscall(SYS_CAP_COPY, cap, dst, 0, 0, 0, 0);
}

int64_t phx_cap_derive(uint64_t cap, uint64_t dst, uint32_t rights, uint64_t badge)
{
    return phx_syscall(SYS_CAP_DERIVE, cap, dst, rights, badge, 0, 0);
}

int64_t phx_cap_revoke(uint64_t cap)
{
    return phx_syscall(SYS_CAP_REVOKE, cap, 0, 0, 0, 0, 0);
}

int64_t phx_cap_delete(uint64_t cap)
{
    return phx_syscall(SYS_CAP_DELETE, cap, 0, 0, 0, 0, 0);
}

int64_t phx_gas_balance(uint64_t gas, uint64_t *out)
{
    return phx_syscall(SYS_GAS_BALANCE, gas, (uint64_t)(uintptr_t)out, 0, 0, 0, 0);
}

int64_t phx_gas_donate(uint64_t from, uint64_t to, uint64_t amount)
{
    return phx_syscall(SYS_GAS_DONATE, from, to, amount, 0, 0, 0);
}

int64_t phx_gas_watch(uint64_t gas, uint64_t ep, uint64_t bits)
{
    return phx_syscall(SYS_GAS_WATCH, gas, ep, bits, 0, 0, 0);
}

int64_t phx_sched_set(uint64_t sched, uint32_t policy)
{
    return phx_syscall(SYS_SCHED_SET, sched, policy, 0, 0, 0, 0);
}

int64_t phx_kill(uint64_t domain)
{
    return phx_syscall(SYS_KILL, domain, 0, 0, 0, 0, 0);
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
    sp.prio = 32;
    sp.self = phx_self->self;
    sp.self_rights = CAP_R_READ;
    sp.gas_from = phx_self->gas;
    sp.gas_initial = sp.gas_max = 10000000;
    sp.label_level = phx_self->label_level; /* a child starts at its creator's label */
    sp.label_cats = phx_self->label_cats;
    if (phx_self->ncaps) {
        sp.ncaps = 1;
        sp.caps[0].handle = phx_console();
        sp.caps[0].rights = CAP_R_WRITE | CAP_R_DERIVE | CAP_R_GRANT;
    }
    return sp;
}

typedef int (*prog_fn)(uint64_t);
static const prog_fn programs[PROG_COUNT] = {
#define PHX_PROG_FN(name) prog_##name,
    PHX_PROGRAMS(PHX_PROG_FN)
#undef PHX_PROG_FN
};

int phx_start(uint64_t prog, uint64_t arg, const struct phx_start *start);
int phx_start(uint64_t prog, uint64_t arg, const struct phx_start *start)
{
    phx_self = start;
    if (prog >= PROG_COUNT)
        return 127;
    return programs[prog](arg);
}

int64_t phx_ep_create(uint32_t level, uint64_t cats)
{
    return phx_syscall(SYS_EP_CREATE, phx_self->self, level, cats, 0, 0, 0);
}

int64_t phx_send(uint64_t ep, const struct ipc_msg *m)
{
    return phx_syscall(SYS_SEND, ep, (uint64_t)(uintptr_t)m, 0, 0, 0, 0);
}

int64_t phx_call(uint64_t ep, const struct ipc_msg *m, struct ipc_msg *reply)
{
    return phx_syscall(SYS_CALL, ep, (uint64_t)(uintptr_t)m, (uint64_t)(uintptr_t)reply, 0, 0, 0);
}

int64_t phx_recv(uint64_t ep, struct ipc_msg *out)
{
    return phx_syscall(SYS_RECV, ep, (uint64_t)(uintptr_t)out, 0, 0, 0, 0);
}

int64_t phx_reply(const struct ipc_msg *m)
{
    return phx_syscall(SYS_REPLY, (uint64_t)(uintptr_t)m, 0, 0, 0, 0, 0);
}

int64_t phx_reply_recv(uint64_t ep, const struct ipc_msg *reply, struct ipc_msg *out)
{
    return phx_syscall(SYS_REPLY_RECV, ep, (uint64_t)(uintptr_t)reply, (uint64_t)(uintptr_t)out, 0,
                       0, 0);
}

int64_t phx_notify(uint64_t ep, uint64_t bits)
{
    return phx_syscall(SYS_NOTIFY, ep, bits, 0, 0, 0, 0);
}

int64_t phx_ntfn_wait(uint64_t ep, uint64_t *bits)
{
    return phx_syscall(SYS_NTFN_WAIT, ep, (uint64_t)(uintptr_t)bits, 0, 0, 0, 0);
}

int64_t phx_frame_alloc(void)
{
    return phx_syscall(SYS_FRAME_ALLOC, phx_self->self, 0, 0, 0, 0, 0);
}

int64_t phx_frame_map(uint64_t frame, uint64_t va, int writable)
{
    return phx_syscall(SYS_FRAME_MAP, frame, va, writable ? 1 : 0, 0, 0, 0);
}

int64_t phx_random(void *buf, uint64_t len)
{
    return phx_syscall(SYS_RANDOM, (uint64_t)(uintptr_t)buf, len, 0, 0, 0, 0);
}

struct ipc_msg phx_msg(uint32_t n, const uint64_t *w)
{
    struct ipc_msg m;
    memset(&m, 0, sizeof m);
    m.hdr.len = n;
    for (uint32_t i = 0; i < n && i < IPC_WORDS_MAX; i++)
        m.words[i] = w[i];
    return m;
}
