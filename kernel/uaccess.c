/*
 * User-memory access for system calls (uaccess.h). Works page by page on the
 * current domain's page tables, through a two-entry translation cache per
 * domain: the IPC path touches the same one or two pages (the caller's
 * message buffers) on every call, and a hit saves the four-level walk.
 * The cache is sound because a domain's user mappings only grow (the loader
 * and frame grants add pages; nothing unmaps or write-protects a page
 * before the whole address space is destroyed), so a translation once seen
 * stays true; a spawn clears the domain, and with it the cache.
 */
#include "uaccess.h"

#include "arch.h"
#include "domain.h"
#include "lib/string.h"

/* vm_user_phys(d->pml4, va, write), remembered. */
static uint64_t user_phys(struct domain *d, uint64_t va, bool write)
{
    uint64_t page = (va & ~(uint64_t)(PAGE_SIZE - 1)) | 1;
    uint64_t off = va & (PAGE_SIZE - 1);
    for (int i = 0; i < 2; i++) {
        if (d->uc_page[i] == page && (d->uc_write[i] || !write))
            return d->uc_pa[i] | off;
    }
    uint64_t pa = vm_user_phys(d->pml4, va, write);
    if (pa) {
        uint8_t i = d->uc_next;
        d->uc_page[i] = page;
        d->uc_pa[i] = pa & ~(uint64_t)(PAGE_SIZE - 1);
        d->uc_write[i] = write;
        d->uc_next = (uint8_t)(i ^ 1);
    }
    return pa;
}

int uaccess_check(uint64_t uptr, uint64_t len, bool write)
{
    struct domain *d = dom_current();
    if (!d || !d->pml4 || uptr >= USER_TOP || len > USER_TOP - uptr)
        return PHX_E_FAULT;
    if (len == 0)
        return 0;
    uint64_t first = uptr & ~(uint64_t)(PAGE_SIZE - 1);
    for (uint64_t va = first; va < uptr + len; va += PAGE_SIZE) {
        if (!user_phys(d, va, write))
            return PHX_E_FAULT;
    }
    return 0;
}

/* Copy between kernel buffer k and user range u, one page piece at a time.
 * The caller has checked the range. */
static void copy_pages(uint64_t u, uint8_t *k, size_t len, bool to_user)
{
    struct domain *d = dom_current();
    while (len) {
        size_t chunk = PAGE_SIZE - (u & (PAGE_SIZE - 1));
        if (chunk > len)
            chunk = len;
        uint8_t *p = P2V(user_phys(d, u, to_user));
        if (to_user)
            memcpy(p, k, chunk);
        else
            memcpy(k, p, chunk);
        u += chunk;
        k += chunk;
        len -= chunk;
    }
}

int copy_from_user(void *dst, uint64_t usrc, size_t len)
{
    int r = uaccess_check(usrc, len, false);
    if (r < 0)
        return r;
    copy_pages(usrc, dst, len, false);
    return 0;
}

int copy_to_user(uint64_t udst, const void *src, size_t len)
{
    int r = uaccess_check(udst, len, true);
    if (r < 0)
        return r;
    copy_pages(udst, (uint8_t *)(uintptr_t)src, len, true);
    return 0;
}

void *uaccess_ptr(uint64_t uptr, uint64_t len, bool write)
{
    struct domain *d = dom_current();
    if (!d || !d->pml4 || uptr >= USER_TOP || len > PAGE_SIZE - (uptr & (PAGE_SIZE - 1)))
        return 0;
    uint64_t pa = user_phys(d, uptr, write);
    return pa ? P2V(pa) : 0;
}
