/*
 * The interface every architecture provides to the portable kernel
 * (kernel/ and its .c files). Portable code includes "arch.h" and finds this file through
 * the include path, so nothing outside kernel/arch/ mentions x86.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memlayout.h"

/* ---- console and machine ---- */
void arch_serial_init(void);
/* Write n bytes to port 0 (COM1, console) or 1 (COM2, trace). */
void arch_serial_write(int port, const char *s, size_t n);
/* Leave QEMU through the isa-debug-exit device: status (code << 1) | 1. */
_Noreturn void arch_exit_qemu(uint32_t code);
/* GDT, TSS, IDT, PIC and the syscall MSRs. */
void arch_cpu_init(void);
/* Programs the periodic timer interrupt at hz per second. */
void arch_timer_init(uint32_t hz);
/* Cycle counter (rdtsc). Under -icount shift=0 it counts instructions. */
uint64_t arch_cycles(void);
/* The CPU's hardware random number generator (RDRAND), if it has one. */
bool arch_has_hw_random(void);
/* One 64-bit value from it; false if there is none or it keeps failing. */
bool arch_hw_random(uint64_t *v);
/* Enable interrupts, wait for one, disable them again. */
void arch_idle(void);

/* ---- boot memory ---- */
/* Walk the boot loader's memory map and report each usable RAM range. Also
 * copies the kernel command line (NUL-terminated) into cmdline. Returns false
 * if the loader did not hand over a valid Multiboot information block. */
bool arch_boot_info(uint32_t magic, uint64_t info_phys, void (*usable)(uint64_t base, uint64_t len),
                    char *cmdline, size_t cmdline_size);

/* ---- address spaces ---- */
#define VM_WRITE 1u
#define VM_EXEC 2u
#define VM_SHARED 4u /* a frame object's page: vm_destroy unmaps it but does not free it */
/* A new address space: empty user half, the kernel half shared (and
 * supervisor-only). NULL when out of frames. */
uint64_t *vm_create(void);
/* Map one user page va -> frame pa. Returns 0 or a negative error (no
 * frames, already mapped, va outside the user half). */
int vm_map_user(uint64_t *pml4, uint64_t va, uint64_t pa, unsigned flags);
/* Physical address behind user va if it is mapped present+user (and
 * writable when write is set), else 0. Never faults. */
uint64_t vm_user_phys(uint64_t *pml4, uint64_t va, bool write);
/* Free the user half (pages and tables) and the PML4 itself. */
void vm_destroy(uint64_t *pml4);
/* Load this address space (NULL: the kernel's own). */
void vm_activate(uint64_t *pml4);
/* Drop the boot identity map; from now on low addresses are user space. */
void vm_init_kernel(void);

/* ---- execution contexts ---- */
struct context; /* callee-saved registers of a suspended kernel thread */
/* Save the current kernel thread in *save and resume `to`. */
void arch_switch(struct context **save, struct context *to);
/* Prepare a fresh kernel stack so that switching to the returned context
 * enters user mode at entry with the given stack pointer and three
 * arguments in the first three argument registers. */
struct context *arch_prepare_user(uint8_t *kstack_top, uint64_t entry, uint64_t user_sp,
                                  uint64_t arg0, uint64_t arg1, uint64_t arg2);
/* Kernel stack used for traps and system calls from user mode. */
void arch_set_kernel_stack(uint64_t top);
/* Load the address space whose top table is at physical address pa, if it
 * is not loaded already (inline: the IPC handoff's switch). */
static inline void arch_load_space(uint64_t pa)
{
    uint64_t cur;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cur));
    if (cur != pa)
        __asm__ volatile("mov %0, %%cr3" : : "r"(pa) : "memory");
}
/* Where a system call entered on this kernel stack keeps its six argument
 * registers (in, and out again to user mode): a domain's register
 * messages are read and written there. */
uint64_t *arch_syscall_args(uint8_t *kstack_top);
/* The result register (RAX) of the system call whose arguments are at args. */
static inline void arch_syscall_set_result(uint64_t *args, int64_t v)
{
    args[14] = (uint64_t)v; /* struct trapframe: rdi .. r9, r15 .. rbx, rax */
}
/* Save the current kernel thread in *save (as arch_switch) and return to
 * user mode through the system-call frame at args (arch_syscall_args of a
 * domain blocked in a system call that is complete: result and registers
 * written). That domain's pending kernel frames are abandoned: its next
 * entry starts on an empty kernel stack. */
void arch_resume_user(struct context **save, uint64_t *args);
/* User floating-point/SSE state: 512 bytes, 16-byte aligned. */
#define ARCH_FPU_BYTES 512
void arch_fpu_init(uint8_t *area);
/* Save and load it (inline: every switch between domains does both). */
static inline void arch_fpu_save(uint8_t *area)
{
    __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}
static inline void arch_fpu_restore(const uint8_t *area)
{
    __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}
