/*
 * Private helpers shared by the capability files (cap_space.c, cap_ops.c,
 * cap_revoke.c, cap_ns.c): decoding handles and links, slot allocation and
 * derivation-tree splicing. Not part of the public API (cap.h).
 */
#pragma once

#include "core/cap.h"

/* A derivation link packs (space, slot) into 32 bits: 12 + 20. */
static inline uint32_t cap__link(uint32_t space, uint32_t slot)
{
    return (space << 20) | slot;
}
static inline uint32_t cap__link_space(uint32_t l)
{
    return l >> 20;
}
static inline uint32_t cap__link_slot(uint32_t l)
{
    return l & 0xfffffu;
}
static inline struct cap_slot *cap__at(const struct cap_system *sys, uint32_t l)
{
    return &sys->spaces[cap__link_space(l)].slots[cap__link_slot(l)];
}

/* Decode loc to a present capability: CAP_E_BADSPACE, CAP_E_BADHANDLE or
 * CAP_E_STALE, else 0 with *out set. No trace (callers trace). */
int cap__get(const struct cap_system *sys, struct cap_loc loc, struct cap_slot **out);

/* cap__get, then require `rights` and no expiry at now. */
int cap__in_force(const struct cap_system *sys, struct cap_loc loc, uint32_t rights, uint64_t now,
                  struct cap_slot **out);

/* 0 if space index dst is registered and has a free slot, else
 * CAP_E_BADSPACE / CAP_E_FULL. */
int cap__can_alloc(const struct cap_system *sys, uint32_t dst);

/* Take the first free slot of dst (cap__can_alloc must have said yes). */
uint32_t cap__alloc(struct cap_system *sys, uint32_t dst);

/* Clear a slot, advance its generation and return it to the free list
 * (unless the generation ran out: then it is retired for good). */
void cap__free(struct cap_system *sys, uint32_t link);

/* Tree splicing. All take packed links; the node must be unlinked before
 * an insert. */
void cap__insert_child(const struct cap_system *sys, uint32_t parent, uint32_t node);
void cap__insert_after(const struct cap_system *sys, uint32_t sibling, uint32_t node);
void cap__unlink(const struct cap_system *sys, uint32_t node);

/* Emit TR_CAP_REFUSE for op on (space, slot) and return err. */
int cap__refuse_loc(struct cap_loc loc, enum cap_op op, int err);
