/*
 * The first code that runs. A Multiboot (v1) loader (QEMU's -kernel) enters
 * _start32 in 32-bit protected mode with paging off, EAX = the Multiboot
 * magic and EBX = the physical address of the Multiboot information. This
 * stub clears .bss, builds boot page tables that map the first 1 GiB of RAM
 * twice (identity, so the next instruction after enabling paging still
 * exists, and at KERNBASE, where the kernel is linked), enables PAE, long
 * mode, NX and syscall, and jumps to kmain() in the higher half.
 *
 * Everything here runs before paging: symbols are linked at KERNBASE+x, so
 * the 32-bit code uses (symbol - KERNBASE), their physical address.
 */
#include "memlayout.h"

#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003 /* bit 0: page-align modules; bit 1: memory map */

#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_PS 0x080

#define PHYS(x) ((x) - KERNBASE)

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .boot.text, "ax"
    .code32
    .globl _start32
_start32:
    cli
    cld
    mov %eax, %edi                      /* keep magic and info for kmain */
    mov %ebx, %esi
    mov $PHYS(boot_stack_top), %esp

    /* Zero .bss: the page tables below and every kernel global start at 0.
     * (The stack is in .bss too, so the magic waits in EBP, not on it.) */
    mov %edi, %ebp
    mov $PHYS(__bss_start), %edi
    mov $PHYS(__bss_end), %ecx
    sub %edi, %ecx
    shr $2, %ecx
    xor %eax, %eax
    rep stosl
    mov %ebp, %edi

    /* No long mode (CPUID 0x80000001 EDX bit 29): say so on COM1 and leave
     * QEMU with the panic status (EXIT_PANIC 0x12) instead of faulting. */
    mov %edi, %ebp
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode
    mov %ebp, %edi

    /* 512 large pages of 2 MiB: physical 0 .. 1 GiB. */
    mov $PHYS(boot_pd), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_P | PTE_W | PTE_PS), %eax
    mov %eax, (%ebx, %ecx, 8)
    inc %ecx
    cmp $512, %ecx
    jne 1b

    mov $PHYS(boot_pd), %eax
    or $(PTE_P | PTE_W), %eax
    mov %eax, PHYS(boot_pdpt_low)               /* PDPT_low[0]   -> PD */
    mov %eax, PHYS(boot_pdpt_high) + 510 * 8    /* PDPT_high[510] -> PD */
    mov $PHYS(boot_pdpt_low), %eax
    or $(PTE_P | PTE_W), %eax
    mov %eax, PHYS(boot_pml4)                   /* PML4[0]   : identity */
    mov $PHYS(boot_pdpt_high), %eax
    or $(PTE_P | PTE_W), %eax
    mov %eax, PHYS(boot_pml4) + 511 * 8         /* PML4[511] : KERNBASE */

    /* CR4: PAE (5), OSFXSR (9) and OSXMMEXCPT (10) so user code may use SSE
     * (the kernel saves it per domain with fxsave). */
    mov %cr4, %eax
    or $((1 << 5) | (1 << 9) | (1 << 10)), %eax
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3

    /* EFER: SCE (0) for syscall, LME (8) for long mode, NXE (11) if the CPU
     * has the no-execute bit (CPUID 0x80000001 EDX bit 20). */
    mov %edi, %ebp
    mov $0x80000001, %eax
    cpuid
    xor %ebx, %ebx
    bt $20, %edx
    jnc 2f
    mov $(1 << 11), %ebx
2:  mov %ebp, %edi
    mov $0xc0000080, %ecx
    rdmsr
    or $((1 << 0) | (1 << 8)), %eax
    or %ebx, %eax
    wrmsr

    /* CR0: PE (0), MP (1), WP (16, the kernel honours read-only pages too),
     * PG (31); clear EM (2) so SSE instructions do not trap. */
    mov %cr0, %eax
    and $~(1 << 2), %eax
    or $((1 << 0) | (1 << 1) | (1 << 16) | (1 << 31)), %eax
    mov %eax, %cr0

    lgdt PHYS(boot_gdt_ptr)
    ljmp $SEL_KCODE, $PHYS(start64_low)

no_long_mode:
    mov $PHYS(no_lm_msg), %esi
    mov $0x3f8, %dx
1:  lodsb
    test %al, %al
    jz 2f
    out %al, %dx
    jmp 1b
2:  mov $0xf4, %dx
    mov $0x12, %eax
    out %eax, %dx
3:  hlt
    jmp 3b

    .code64
start64_low:
    movabs $start64, %rax
    jmp *%rax

    .text
start64:
    mov $SEL_KDATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $boot_stack_top, %rsp
    mov %edi, %edi                      /* upper halves are undefined after the switch */
    mov %esi, %esi
    xor %ebp, %ebp
    call kmain
3:  cli
    hlt
    jmp 3b

    .section .boot.data, "a"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00209a0000000000            /* 0x08: 64-bit code, ring 0 */
    .quad 0x0000920000000000            /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)
no_lm_msg:
    .asciz "PANIC: boot: this CPU has no 64-bit long mode; Phoenix needs x86-64\n"

    .bss
    .align 4096
    .globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
    .globl boot_stack_top
boot_stack:     .skip 16384
boot_stack_top:
