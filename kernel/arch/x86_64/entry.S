/*
 * Every way into and out of the kernel after boot: the 48 interrupt stubs
 * (CPU exceptions 0-31, legacy PIC IRQs 32-47), the common trap path, the
 * syscall/sysret fast path and the kernel-thread switch. Each entry builds a
 * struct trapframe (trapframe.h) on the current domain's kernel stack and
 * calls C with a pointer to it.
 */
#include "memlayout.h"

#define T_SYSCALL 256
#define SYS_CALL_REG_NR 27 /* phoenix/abi.h; SYS_REPLY_RECV_REG is 28 */
#define TF_RAX (14 * 8)
#define TF_RIP (17 * 8)
#define TF_RFLAGS (19 * 8)
#define TF_RSP (20 * 8)

/* Memory order is struct trapframe's: the argument registers lowest. */
.macro SAVE_REGS
    push %rax
    push %rbx
    push %rcx
    push %rbp
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    push %r9
    push %r8
    push %r10
    push %rdx
    push %rsi
    push %rdi
.endm

.macro RESTORE_REGS
    pop %rdi
    pop %rsi
    pop %rdx
    pop %r10
    pop %r8
    pop %r9
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %rbp
    pop %rcx
    pop %rbx
    pop %rax
.endm

/* Exceptions that push an error code: 8, 10-14, 17, 21, 29, 30. The others
 * push a zero so that every frame has the same shape. */
.macro ISR n
    .align 16
isr_\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    push $0
    .endif
    push $\n
    jmp trap_common
.endm

    .text
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    ISR \n
    .endr

trap_common:
    SAVE_REGS
    cld                         /* user code may have left DF set */
    mov %rsp, %rdi
    call x86_trap
    .globl trap_return
trap_return:
    RESTORE_REGS
    add $16, %rsp               /* vector and error code */
    iretq

/* syscall: RCX = user RIP, R11 = user RFLAGS, IF/DF/TF/AC already cleared
 * by SFMASK. Single CPU and interrupts off, so one scratch slot for the user
 * stack pointer is enough until it is in the frame. */
    .globl syscall_entry
syscall_entry:
    mov %rsp, syscall_user_rsp(%rip)
    mov syscall_kstack(%rip), %rsp
    push $SEL_UDATA
    push syscall_user_rsp(%rip)
    push %r11
    push $SEL_UCODE
    push %rcx
    push $0
    push $T_SYSCALL
    SAVE_REGS
    /* The register-message calls (SYS_CALL_REG 27, SYS_REPLY_RECV_REG 28,
     * checked in trap.c) go straight to their own entry, sys_ipc_reg(nr,
     * args), the frame itself being args[]; the rest through x86_syscall. */
    lea -SYS_CALL_REG_NR(%rax), %rdi
    cmp $1, %rdi
    ja 1f
    mov %rax, %rdi
    mov %rsp, %rsi
    call sys_ipc_reg
    mov %rax, TF_RAX(%rsp)
    jmp syscall_exit
1:  mov %rsp, %rdi
    call x86_syscall
    /* sysretq to a non-canonical RIP would fault in ring 0 with the user's
     * stack: take the iretq path for anything outside the lower half. */
syscall_exit:
    mov TF_RIP(%rsp), %rax
    shr $47, %rax
    jnz trap_return
    RESTORE_REGS
    mov TF_RIP - 15 * 8(%rsp), %rcx
    mov TF_RFLAGS - 15 * 8(%rsp), %r11
    mov TF_RSP - 15 * 8(%rsp), %rsp
    sysretq

/* The callee-saved registers, in the order struct context lists them
 * (arch_switch pops them back in reverse). */
.macro PUSH_CALLEE_SAVED
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
.endm

/* void arch_switch(struct context **save, struct context *to) */
    .globl arch_switch
arch_switch:
    PUSH_CALLEE_SAVED
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

/* void arch_resume_user(struct context **save, uint64_t *args)
 * Save the current kernel thread as arch_switch does (arch_switch to *save
 * resumes it here), then return to user mode through the system-call frame
 * that starts at args: a domain blocked in a system call that another
 * domain's IPC fast path completed (its result and registers written
 * there), without running its kernel stack's pending frames. */
    .globl arch_resume_user
arch_resume_user:
    PUSH_CALLEE_SAVED
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    jmp syscall_exit

    .section .rodata
    .align 8
    .globl isr_table
isr_table:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .quad isr_\n
    .endr

    .bss
    .align 8
    .globl syscall_kstack
syscall_kstack: .skip 8
syscall_user_rsp: .skip 8
