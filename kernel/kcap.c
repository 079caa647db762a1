/*
 * Capability spaces for the kernel and every domain slot (kcap.h). All the
 * checking and derivation logic is libcore's; this file owns the memory and
 * the mapping from domains to spaces.
 */
#include "kcap.h"

#include "domain.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"

/* Roots: per domain its domain object and gas account (2 each, room for 4),
 * the console and scheduler, and the IPC endpoints and frames (kipc.h), plus
 * room for the caps the kernel drains from a dead domain's endpoint. */
#define KERNEL_SLOTS (4u * MAX_DOMAINS + 8u + KIPC_EPS + KIPC_FRAMES + IPC_CAPS_MAX)
#define TRANSIT_SLOTS (IPC_CAPS_MAX * KIPC_EPS * KIPC_RING)

struct cap_system kcap_sys;
static struct cap_space spaces[MAX_DOMAINS + 2];
static struct cap_slot kernel_slots[KERNEL_SLOTS];
static struct cap_slot domain_slots[MAX_DOMAINS][KCAP_DOMAIN_SLOTS];
static struct cap_slot transit_slots[TRANSIT_SLOTS];
static struct cap_loc console_root, sched_root;

void kcap_init(void)
{
    uint32_t idx;
    cap_system_init(&kcap_sys, spaces, MAX_DOMAINS + 2);
    if (cap_space_add(&kcap_sys, kernel_slots, KERNEL_SLOTS, 0, &idx) || idx != KCAP_KERNEL_SPACE)
        panic("kcap_init: kernel space");
    for (uint32_t i = 0; i < MAX_DOMAINS; i++) {
        if (cap_space_add(&kcap_sys, domain_slots[i], KCAP_DOMAIN_SLOTS, i + 1, &idx) ||
            idx != i + 1)
            panic("kcap_init: domain space");
    }
    /* The IPC transit space: capabilities inside queued messages. */
    if (cap_space_add(&kcap_sys, transit_slots, TRANSIT_SLOTS, 0, &idx) ||
        idx != KCAP_TRANSIT_SPACE)
        panic("kcap_init: transit space");
    if (kcap_root(CAP_T_ENDPOINT, PHX_OBJ_CONSOLE, &console_root) ||
        kcap_root(CAP_T_SCHED, 0, &sched_root))
        panic("kcap_init: roots");
}

uint32_t kcap_space(const struct domain *d)
{
    return (uint32_t)d->slot + 1;
}

int kcap_check(const struct domain *d, cap_handle h, unsigned type, uint32_t rights, uint64_t *obj)
{
    return cap_check(cap_space_of(&kcap_sys, kcap_space(d)), h, type, rights, kernel_now_ns(), obj,
                     0);
}

int kcap_root(uint8_t type, uint64_t obj, struct cap_loc *out)
{
    struct cap_desc d = {.type = type, .obj = obj, .rights = CAP_R_ALL, .badge = 0, .expiry = 0};
    out->space = KCAP_KERNEL_SPACE;
    return cap_create_root(&kcap_sys, KCAP_KERNEL_SPACE, &d, &out->h);
}

int kcap_derive_to(struct cap_loc src, const struct domain *d, uint32_t rights, cap_handle *out)
{
    return cap_derive(&kcap_sys, src, kcap_space(d), rights, 0, 0, kernel_now_ns(), out);
}

void kcap_drop_root(struct cap_loc *root)
{
    if (!root->h)
        return;
    cap_revoke(&kcap_sys, *root, kernel_now_ns(), 0);
    cap_delete(&kcap_sys, *root);
    root->h = 0;
}

void kcap_clear(const struct domain *d)
{
    const struct cap_space *s = cap_space_of(&kcap_sys, kcap_space(d));
    for (uint32_t i = 0; i < s->nslots; i++) {
        if (s->slots[i].type != CAP_T_NULL) {
            struct cap_loc l = {kcap_space(d), cap_handle_make(i, s->slots[i].gen)};
            cap_delete(&kcap_sys, l);
        }
    }
}

struct cap_loc kcap_console(void)
{
    return console_root;
}

struct cap_loc kcap_sched(void)
{
    return sched_root;
}
