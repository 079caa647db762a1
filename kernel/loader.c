/*
 * Loads the user image (an ELF64 executable embedded in the kernel, see
 * user_image.S) into a fresh address space: every PT_LOAD segment is copied
 * into newly allocated frames, mapped writable only if the segment says so
 * and executable only if it says so. The image is checked before anything is
 * mapped: a malformed image loads nothing.
 */
#include "arch.h"
#include "domain.h"
#include "frame.h"
#include "klib.h"
#include "lib/string.h"

extern const uint8_t user_image_start[], user_image_end[];

struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2

static bool image_ok(const struct elf64_ehdr *eh, uint64_t size)
{
    if (size < sizeof *eh || eh->ident[0] != 0x7f || eh->ident[1] != 'E' || eh->ident[2] != 'L' ||
        eh->ident[3] != 'F' || eh->ident[4] != 2 || eh->machine != 62 ||
        eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > size ||
        (uint64_t)eh->phnum * sizeof(struct elf64_phdr) > size - eh->phoff)
        return false;
    const struct elf64_phdr *ph = (const void *)((const uint8_t *)eh + eh->phoff);
    for (unsigned i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        uint64_t lim = USER_STACK_TOP - (USER_STACK_PAGES + 1) * PAGE_SIZE;
        if (ph[i].vaddr < USER_IMAGE_BASE || ph[i].memsz > lim || ph[i].vaddr > lim - ph[i].memsz ||
            ph[i].filesz > ph[i].memsz || ph[i].offset > size || ph[i].filesz > size - ph[i].offset)
            return false;
    }
    return eh->entry >= USER_IMAGE_BASE && eh->entry < USER_STACK_TOP;
}

uint64_t dom_load_image(uint64_t *pml4)
{
    const struct elf64_ehdr *eh = (const void *)user_image_start;
    uint64_t size = (uint64_t)(user_image_end - user_image_start);
    if (!image_ok(eh, size))
        return 0;
    const struct elf64_phdr *ph = (const void *)(user_image_start + eh->phoff);
    for (unsigned i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
            continue;
        unsigned flags =
            ((ph[i].flags & PF_W) ? VM_WRITE : 0) | ((ph[i].flags & PF_X) ? VM_EXEC : 0);
        uint64_t start = ph[i].vaddr & ~(uint64_t)(PAGE_SIZE - 1);
        uint64_t end = ph[i].vaddr + ph[i].memsz;
        for (uint64_t va = start; va < end; va += PAGE_SIZE) {
            uint64_t pa = frame_alloc();
            if (!pa || vm_map_user(pml4, va, pa, flags) < 0) {
                if (pa)
                    frame_free(pa);
                return 0;
            }
            /* Copy the part of the file that falls in this page. */
            uint64_t lo = va > ph[i].vaddr ? va : ph[i].vaddr;
            uint64_t hi = ph[i].vaddr + ph[i].filesz;
            if (hi > va + PAGE_SIZE)
                hi = va + PAGE_SIZE;
            if (lo < hi)
                memcpy((uint8_t *)P2V(pa) + (lo - va),
                       user_image_start + ph[i].offset + (lo - ph[i].vaddr), hi - lo);
        }
    }
    for (unsigned p = 1; p <= USER_STACK_PAGES; p++) {
        uint64_t pa = frame_alloc();
        if (!pa || vm_map_user(pml4, USER_STACK_TOP - p * PAGE_SIZE, pa, VM_WRITE) < 0) {
            if (pa)
                frame_free(pa);
            return 0;
        }
    }
    return eh->entry;
}
