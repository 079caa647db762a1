/*
 * Reads the Multiboot (v1) information block the loader left in memory: the
 * BIOS memory map (which RAM the frame allocator may use) and the kernel
 * command line (which scenario and scheduler to run).
 */
#include "arch.h"

#define MB_LOADER_MAGIC 0x2badb002u
#define MBI_CMDLINE (1u << 2)
#define MBI_MMAP (1u << 6)

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_mmap {
    uint32_t size;
    uint64_t base, len;
    uint32_t type;
} __attribute__((packed));

bool arch_boot_info(uint32_t magic, uint64_t info_phys, void (*usable)(uint64_t base, uint64_t len),
                    char *cmdline, size_t cmdline_size)
{
    cmdline[0] = 0;
    if (magic != MB_LOADER_MAGIC || info_phys >= DIRECT_MAP_BYTES)
        return false;
    const struct mb_info *mbi = P2V(info_phys);
    if ((mbi->flags & MBI_CMDLINE) && mbi->cmdline < DIRECT_MAP_BYTES) {
        const char *s = P2V(mbi->cmdline);
        size_t i = 0;
        for (; s[i] && i + 1 < cmdline_size; i++)
            cmdline[i] = s[i];
        cmdline[i] = 0;
    }
    if (!(mbi->flags & MBI_MMAP))
        return false;
    /* Copy the usable ranges out first: the loader put the map just past the
     * kernel image, in RAM the frame allocator is about to take over. */
    static struct {
        uint64_t base, len;
    } ranges[32];
    unsigned n = 0;
    uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
    while (p + sizeof(struct mb_mmap) <= end && n < 32) {
        const struct mb_mmap *m = P2V(p);
        if (m->type == 1) {
            ranges[n].base = m->base;
            ranges[n].len = m->len;
            n++;
        }
        p += m->size + 4;
    }
    for (unsigned i = 0; i < n; i++)
        usable(ranges[i].base, ranges[i].len);
    return n > 0;
}
