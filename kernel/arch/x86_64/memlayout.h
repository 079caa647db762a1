/*
 * Where things live, physically and virtually (x86-64). One place for the
 * hardware facts and address-space constants; boot.S, the linker script and
 * the C code all read these. See docs/kernel.md for the picture.
 *
 *   virtual                                   physical
 *   0xffffffff_ffffffff +-------------------+
 *                       | (unused)          |
 *   KERNBASE + 1 GiB    +-------------------+
 *                       | direct map of the | 0 .. 1 GiB (2 MiB pages,
 *                       | first 1 GiB of RAM|   supervisor-only, shared by
 *                       |  (kernel image at |   every address space via
 *                       |   KERNBASE+1 MiB) |   PML4 slot 511)
 *   KERNBASE            +-------------------+ 0xffffffff_80000000
 *                       |   non-canonical   |
 *   USER_TOP            +-------------------+ 0x00008000_00000000
 *                       | (unmapped)        |
 *   USER_STACK_TOP      +-------------------+ 0x00000000_7fff0000
 *                       | user stack        | USER_STACK_PAGES pages, NX
 *                       | (unmapped gap)    |
 *                       | user image        | from the ELF: text RX, data NX
 *   USER_IMAGE_BASE     +-------------------+ 0x00000000_00400000
 *                       | (unmapped: null   |
 *                       |  pointers fault)  |
 *   0                   +-------------------+
 */
#pragma once

#ifdef __ASSEMBLER__
#define KERNBASE 0xffffffff80000000
#else
#define KERNBASE 0xffffffff80000000ull
#endif

#define KERNEL_PHYS 0x100000        /* where the loader puts the image (1 MiB) */
#define DIRECT_MAP_BYTES 0x40000000 /* RAM the kernel can reach: 1 GiB */

#define PAGE_SIZE 4096
#define USER_IMAGE_BASE 0x400000
#define USER_STACK_TOP 0x7fff0000
#define USER_STACK_PAGES 4
#ifdef __ASSEMBLER__
#define USER_TOP 0x0000800000000000
#else
#define USER_TOP 0x0000800000000000ull
#endif

/* GDT selectors. The order (kernel code, kernel data, user code32, user data,
 * user code64) is what syscall/sysret requires: STAR names 0x08 for the
 * kernel and 0x18 for the user base, from which sysretq derives SS=0x20|3 and
 * CS=0x28|3. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE32 0x18
#define SEL_UDATA 0x23
#define SEL_UCODE 0x2b
#define SEL_TSS 0x30

#ifndef __ASSEMBLER__
#include <stdint.h>
#define P2V(p) ((void *)((uintptr_t)(p) + KERNBASE))
#define V2P(v) (((uint64_t)(uintptr_t)(v)) - KERNBASE)
#endif
