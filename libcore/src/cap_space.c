/*
 * Capability spaces and handles: registering spaces in a cap_system, the
 * per-space free list of slots, handle decoding with generation checks, and
 * the cold refusal path of the inline cap_check. The layer below every other
 * cap_*.c file; called by the kernel at domain creation and by the tests.
 */
#include "core/cap.h"

#include "cap_impl.h"
#include "core/trace.h"

/* The documented slot size (docs/capabilities.md); a change is deliberate. */
_Static_assert(sizeof(struct cap_slot) == 56, "cap_slot layout");

void cap_system_init(struct cap_system *sys, struct cap_space *spaces, uint32_t max_spaces)
{
    sys->spaces = spaces;
    sys->nspaces = 0;
    sys->max_spaces = max_spaces < CAP_SPACES_MAX ? max_spaces : CAP_SPACES_MAX;
}

int cap_space_add(struct cap_system *sys, struct cap_slot *slots, uint32_t nslots, uint32_t owner,
                  uint32_t *index)
{
    if (nslots == 0 || nslots > CAP_SLOTS_MAX || !slots)
        return CAP_E_INVAL;
    if (sys->nspaces >= sys->max_spaces)
        return CAP_E_SPACES;
    for (uint32_t i = 0; i < nslots; i++) {
        struct cap_slot *c = &slots[i];
        c->obj = c->badge = c->expiry = 0;
        c->rights = 0;
        c->gen = 1; /* generations start at 1 so handle 0 is never valid */
        c->parent = c->child = c->prev = CAP_LINK_NIL;
        c->next = i + 1 < nslots ? i + 1 : CAP_LINK_NIL;
        c->type = CAP_T_NULL;
    }
    uint32_t idx = sys->nspaces++;
    struct cap_space *s = &sys->spaces[idx];
    s->slots = slots;
    s->nslots = nslots;
    s->free_head = 0;
    s->used = 0;
    s->index = idx;
    s->owner = owner;
    *index = idx;
    return 0;
}

int cap_refuse(uint32_t space, uint32_t slot, enum cap_op op, int err)
{
    core_trace(TR_CAP_REFUSE, 0, space, slot, (uint64_t)op, (uint64_t) - (int64_t)err);
    return err;
}

int cap__refuse_loc(struct cap_loc loc, enum cap_op op, int err)
{
    return cap_refuse(loc.space, cap_handle_slot(loc.h), op, err);
}

int cap__get(const struct cap_system *sys, struct cap_loc loc, struct cap_slot **out)
{
    if (loc.space >= sys->nspaces)
        return CAP_E_BADSPACE;
    const struct cap_space *s = &sys->spaces[loc.space];
    uint32_t slot = cap_handle_slot(loc.h);
    if (slot >= s->nslots)
        return CAP_E_BADHANDLE;
    struct cap_slot *c = &s->slots[slot];
    if (c->gen != cap_handle_gen(loc.h))
        return CAP_E_STALE;
    /* Same generation but empty: a handle never issued for this slot. */
    if (c->type == CAP_T_NULL)
        return CAP_E_BADHANDLE;
    *out = c;
    return 0;
}

int cap__in_force(const struct cap_system *sys, struct cap_loc loc, uint32_t rights, uint64_t now,
                  struct cap_slot **out)
{
    struct cap_slot *c;
    int err = cap__get(sys, loc, &c);
    if (err)
        return err;
    if ((c->rights & rights) != rights)
        return CAP_E_RIGHTS;
    if (c->expiry - 1 < now)
        return CAP_E_EXPIRED;
    *out = c;
    return 0;
}

int cap_lookup(const struct cap_system *sys, struct cap_loc loc, struct cap_desc *out)
{
    struct cap_slot *c;
    int err = cap__get(sys, loc, &c);
    if (err)
        return err;
    out->type = c->type;
    out->obj = c->obj;
    out->rights = c->rights;
    out->badge = c->badge;
    out->expiry = c->expiry;
    return 0;
}

int cap__can_alloc(const struct cap_system *sys, uint32_t dst)
{
    if (dst >= sys->nspaces)
        return CAP_E_BADSPACE;
    return sys->spaces[dst].free_head == CAP_LINK_NIL ? CAP_E_FULL : 0;
}

uint32_t cap__alloc(struct cap_system *sys, uint32_t dst)
{
    struct cap_space *s = &sys->spaces[dst];
    uint32_t slot = s->free_head;
    struct cap_slot *c = &s->slots[slot];
    s->free_head = c->next;
    c->next = CAP_LINK_NIL;
    s->used++;
    return slot;
}

void cap__free(struct cap_system *sys, uint32_t link)
{
    struct cap_space *s = &sys->spaces[cap__link_space(link)];
    uint32_t slot = cap__link_slot(link);
    struct cap_slot *c = &s->slots[slot];
    c->obj = c->badge = c->expiry = 0;
    c->rights = 0;
    c->type = CAP_T_NULL;
    c->parent = c->child = c->prev = c->next = CAP_LINK_NIL;
    s->used--;
    /* Retire rather than wrap: a handle from the first life of this slot
     * must never match again. */
    if (++c->gen == CAP_GEN_RETIRED)
        return;
    c->next = s->free_head;
    s->free_head = slot;
}
