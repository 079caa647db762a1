/*
 * The C side of every trap and system call (entry.S calls x86_trap and
 * x86_syscall). Interrupts go to the portable timer code; CPU exceptions get
 * a clear report (vector, error code, faulting address, registers), then a
 * fault in user mode kills the offending domain and a fault in the kernel is
 * a panic that exits QEMU with the failure status.
 */
#include "arch.h"
#include "cpu.h"
#include "trapframe.h"
#include "domain.h"
#include "klib.h"
#include "ksched.h"
#include "syscall.h"

/* clang-format off */
static const char *const vec_name[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
    "#SS stack fault", "#GP general protection", "#PF page fault", "reserved 15",
    "#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
    "#VE virtualization", "#CP control protection", "reserved 22", "reserved 23",
    "reserved 24", "reserved 25", "reserved 26", "reserved 27", "reserved 28",
    "reserved 29", "reserved 30", "reserved 31"};
/* clang-format on */

static void dump_regs(const struct trapframe *tf)
{
    kprintf("  rip=%016lx cs=%lx rflags=%016lx rsp=%016lx ss=%lx\n", tf->rip, tf->cs, tf->rflags,
            tf->rsp, tf->ss);
    kprintf("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
    kprintf("  rsi=%016lx rdi=%016lx rbp=%016lx r8 =%016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->r8);
    kprintf("  r9 =%016lx r10=%016lx r11=%016lx r12=%016lx\n", tf->r9, tf->r10, tf->r11, tf->r12);
    kprintf("  r13=%016lx r14=%016lx r15=%016lx\n", tf->r13, tf->r14, tf->r15);
}

/* Why a page fault happened, from its error code bits. */
static const char *pf_reason(uint64_t err)
{
    if (err & 0x10)
        return (err & 1) ? "instruction fetch from a no-execute page"
                         : "instruction fetch from an unmapped page";
    if (!(err & 1))
        return (err & 2) ? "write to an unmapped page" : "read of an unmapped page";
    if ((err & 4) && !(err & 0x20))
        return (err & 2) ? "write to a kernel (supervisor-only) or read-only page"
                         : "read of a kernel (supervisor-only) page";
    return (err & 2) ? "write to a read-only page" : "protection violation";
}

static void report(const struct trapframe *tf, bool user)
{
    uint64_t v = tf->vec;
    const char *name = v < 32 ? vec_name[v] : "unexpected interrupt";
    if (user) {
        struct domain *d = dom_current();
        kprintf("fault: domain %d (%s): %s (vector %lu) at rip=%lx err=%lx", d->id, d->name, name,
                v, tf->rip, tf->err);
    } else {
        kprintf("PANIC: kernel fault: %s (vector %lu) at rip=%lx err=%lx", name, v, tf->rip,
                tf->err);
    }
    if (v == 14)
        kprintf(" addr=%lx: %s", read_cr2(), pf_reason(tf->err));
    else if (v == 13 && user)
        kprintf(": privileged instruction or bad segment/address");
    kprintf("\n");
    dump_regs(tf);
}

void x86_trap(struct trapframe *tf);
void x86_trap(struct trapframe *tf)
{
    bool user = (tf->cs & 3) == 3;
    if (tf->vec == T_TIMER) {
        outb(0x20, 0x20); /* EOI first: we may switch away before returning */
        kernel_timer_tick(user);
        return;
    }
    if (tf->vec == T_IRQ0 + 7 || tf->vec == T_IRQ0 + 15)
        return; /* spurious PIC interrupt: nothing to acknowledge */
    report(tf, user);
    if (user && tf->vec < 32 && tf->vec != 8 && tf->vec != 18)
        dom_kill_current(PHX_KILL_FAULT, (uint32_t)tf->vec);
    panic("x86_trap: unrecoverable trap");
}

_Static_assert(__builtin_offsetof(struct trapframe, rdi) == 0 &&
                   __builtin_offsetof(struct trapframe, r9) == 5 * 8 &&
                   __builtin_offsetof(struct trapframe, rax) == 14 * 8,
               "syscall arguments lead the trap frame in argument order, RAX at 14 (arch.h)");
_Static_assert(SYS_CALL_REG == 27 && SYS_REPLY_RECV_REG == 28,
               "entry.S sends 27 and 28 to sys_ipc_reg");

void x86_syscall(struct trapframe *tf);
void x86_syscall(struct trapframe *tf)
{
    /* The frame's first six words are the arguments (trapframe.h). The
     * register-message calls never get here: entry.S sends them to
     * sys_ipc_reg, which writes its results into the same words. */
    tf->rax = (uint64_t)syscall_dispatch(tf->rax, tf->args);
}
