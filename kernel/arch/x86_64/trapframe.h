/*
 * The register frame saved on the kernel stack by every trap, interrupt and
 * system call (entry.S builds it; the fields are in memory order). The same
 * layout serves both ways back to user mode: iretq for traps and new
 * domains, sysretq for system calls.
 */
#pragma once

#include <stdint.h>

struct trapframe {
    /* The six system-call argument registers first and in argument order,
     * so the frame itself is the args[] array of syscall_dispatch (register
     * messages are returned by writing it: no copies either way). */
    union {
        struct {
            uint64_t rdi, rsi, rdx, r10, r8, r9;
        };
        uint64_t args[6];
    };
    uint64_t r15, r14, r13, r12, r11, rbp, rcx, rbx, rax;
    uint64_t vec, err;                 /* vector (T_SYSCALL for syscall) and error code or 0 */
    uint64_t rip, cs, rflags, rsp, ss; /* as pushed by the CPU (or built by syscall entry) */
};

#define T_SYSCALL 256
#define T_IRQ0 32
#define T_TIMER (T_IRQ0 + 0)

struct context {
    uint64_t r15, r14, r13, r12, rbx, rbp, rip;
};
