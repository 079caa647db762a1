/*
 * User entry point. The kernel starts every domain here with RDI = program
 * number and RSI = its argument, on a fresh stack; the program's return
 * value becomes its exit status.
 */
/* SYS_EXIT is 2 (phoenix/abi.h). */

    .section .text.start, "ax"
    .globl _start
_start:
    and $-16, %rsp
    xor %ebp, %ebp
    call phx_start
    movslq %eax, %rdi
    mov $2, %eax
    syscall
    ud2
