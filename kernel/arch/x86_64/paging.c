/*
 * Four-level paging. The kernel half (PML4 slot 511: the first 1 GiB of RAM
 * at KERNBASE, 2 MiB pages, supervisor-only) is built by boot.S and shared by
 * every address space; each domain gets its own PML4 whose lower half holds
 * its 4 KiB user pages. Page-table pages come from the frame allocator and
 * are reached through the direct map, so no table is ever mapped twice.
 */
#include "arch.h"
#include "cpu.h"
#include "frame.h"
#include "klib.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PS 0x80ull
#define PTE_SHARED 0x200ull /* available bit: a shared frame object's page, not ours to free */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

extern uint64_t boot_pml4[512];
static uint64_t nx_bit; /* PTE_NX when EFER.NXE is on, else 0 */

void vm_init_kernel(void)
{
    if (rdmsr(MSR_EFER) & (1u << 11))
        nx_bit = PTE_NX;
    boot_pml4[0] = 0; /* the identity map was only needed to reach start64 */
    write_cr3(V2P(boot_pml4));
}

uint64_t *vm_create(void)
{
    uint64_t pa = frame_alloc();
    if (!pa)
        return 0;
    uint64_t *pml4 = P2V(pa);
    pml4[511] = boot_pml4[511];
    return pml4;
}

static unsigned idx(uint64_t va, int level)
{
    return (unsigned)((va >> (12 + 9 * level)) & 511);
}

/* The level-0 entry for va, creating tables on the way when create is set.
 * NULL if a table is missing (or cannot be allocated). */
static uint64_t *walk(uint64_t *pml4, uint64_t va, bool create)
{
    uint64_t *table = pml4;
    for (int level = 3; level > 0; level--) {
        uint64_t *e = &table[idx(va, level)];
        if (!(*e & PTE_P)) {
            if (!create)
                return 0;
            uint64_t pa = frame_alloc();
            if (!pa)
                return 0;
            /* Intermediate levels allow everything; the leaf decides. */
            *e = pa | PTE_P | PTE_W | PTE_U;
        }
        table = P2V(*e & PTE_ADDR);
    }
    return &table[idx(va, 0)];
}

int vm_map_user(uint64_t *pml4, uint64_t va, uint64_t pa, unsigned flags)
{
    if (va >= USER_TOP || (va & (PAGE_SIZE - 1)) || (pa & (PAGE_SIZE - 1)))
        return -1;
    uint64_t *pte = walk(pml4, va, true);
    if (!pte)
        return -2;
    if (*pte & PTE_P)
        return -3;
    *pte = pa | PTE_P | PTE_U | ((flags & VM_WRITE) ? PTE_W : 0) | ((flags & VM_EXEC) ? 0 : nx_bit) |
           ((flags & VM_SHARED) ? PTE_SHARED : 0);
    return 0;
}

uint64_t vm_user_phys(uint64_t *pml4, uint64_t va, bool write)
{
    if (va >= USER_TOP)
        return 0;
    uint64_t *table = pml4;
    for (int level = 3; level >= 0; level--) {
        uint64_t e = table[idx(va, level)];
        if (!(e & PTE_P) || !(e & PTE_U) || (write && !(e & PTE_W)) || (e & PTE_PS))
            return 0;
        if (level == 0)
            return (e & PTE_ADDR) | (va & (PAGE_SIZE - 1));
        table = P2V(e & PTE_ADDR);
    }
    return 0;
}

static void free_level(uint64_t *table, int level)
{
    for (int i = 0; i < 512; i++) {
        if (!(table[i] & PTE_P))
            continue;
        uint64_t pa = table[i] & PTE_ADDR;
        if (level > 0)
            free_level(P2V(pa), level - 1);
        else if (!(table[i] & PTE_SHARED))
            frame_free(pa);
    }
    frame_free(V2P(table));
}

void vm_destroy(uint64_t *pml4)
{
    for (int i = 0; i < 256; i++) {
        if (pml4[i] & PTE_P)
            free_level(P2V(pml4[i] & PTE_ADDR), 2);
    }
    frame_free(V2P(pml4));
}

void vm_activate(uint64_t *pml4)
{
    uint64_t pa = V2P(pml4 ? pml4 : boot_pml4);
    if (read_cr3() != pa)
        write_cr3(pa);
}
