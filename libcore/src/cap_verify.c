/*
 * Whole-system invariant check for tests and debugging (cap_system_verify):
 * every link points at a present capability and is mirrored by its
 * neighbour, each space's free list and count agree with its slots, the
 * derivation tree has no cycle, and no capability outlives its parent.
 * O(total slots + total links): never on a hot path.
 */
#include "core/cap.h"

#include "cap_impl.h"

static int link_ok(const struct cap_system *sys, uint32_t l)
{
    if (l == CAP_LINK_NIL)
        return 1;
    uint32_t sp = cap__link_space(l);
    if (sp >= sys->nspaces || cap__link_slot(l) >= sys->spaces[sp].nslots)
        return 0;
    return cap__at(sys, l)->type != CAP_T_NULL;
}

static int verify_slot(const struct cap_system *sys, uint32_t self, uint32_t total)
{
    const struct cap_slot *c = cap__at(sys, self);
    if (c->type >= CAP_T_COUNT || (c->rights & ~(uint32_t)CAP_R_ALL))
        return 0;
    if (!link_ok(sys, c->parent) || !link_ok(sys, c->child) || !link_ok(sys, c->next) ||
        !link_ok(sys, c->prev))
        return 0;
    if (c->prev != CAP_LINK_NIL) {
        const struct cap_slot *p = cap__at(sys, c->prev);
        if (p->next != self || p->parent != c->parent)
            return 0;
    } else if (c->parent != CAP_LINK_NIL && cap__at(sys, c->parent)->child != self) {
        return 0;
    }
    if (c->next != CAP_LINK_NIL && cap__at(sys, c->next)->prev != self)
        return 0;
    if (c->child != CAP_LINK_NIL && cap__at(sys, c->child)->parent != self)
        return 0;
    if (c->parent != CAP_LINK_NIL) {
        uint64_t pe = cap__at(sys, c->parent)->expiry;
        if (pe != 0 && (c->expiry == 0 || c->expiry > pe))
            return 0;
    }
    /* No cycle: the walk to the root is shorter than the number of caps. */
    uint32_t up = c->parent, steps = 0;
    while (up != CAP_LINK_NIL) {
        if (++steps > total)
            return 0;
        up = cap__at(sys, up)->parent;
    }
    return 1;
}

int cap_system_verify(const struct cap_system *sys)
{
    uint32_t total = 0;
    for (uint32_t s = 0; s < sys->nspaces; s++)
        total += sys->spaces[s].used;
    for (uint32_t s = 0; s < sys->nspaces; s++) {
        const struct cap_space *sp = &sys->spaces[s];
        if (sp->index != s)
            return CORE_E_STATE;
        uint32_t used = 0, nfree = 0, retired = 0;
        for (uint32_t i = 0; i < sp->nslots; i++) {
            const struct cap_slot *c = &sp->slots[i];
            if (c->gen == 0)
                return CORE_E_STATE;
            if (c->type == CAP_T_NULL) {
                if (c->gen == CAP_GEN_RETIRED)
                    retired++;
                continue;
            }
            used++;
            if (!verify_slot(sys, cap__link(s, i), total))
                return CORE_E_STATE;
        }
        for (uint32_t f = sp->free_head; f != CAP_LINK_NIL; f = sp->slots[f].next) {
            if (f >= sp->nslots || sp->slots[f].type != CAP_T_NULL || ++nfree > sp->nslots)
                return CORE_E_STATE;
        }
        if (used != sp->used || used + nfree + retired != sp->nslots)
            return CORE_E_STATE;
    }
    return 0;
}
