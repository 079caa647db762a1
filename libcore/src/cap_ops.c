/*
 * Capability operations that add, relocate or remove one capability:
 * create (root or from an authority), copy, derive/mint, move and delete.
 * Each decodes every argument first (source in force, rights, arguments,
 * destination space and a free slot) and returns the first failure with no
 * change to any table, then performs without checking again, then emits its
 * audit record. Revocation lives in cap_revoke.c, namespaces in cap_ns.c.
 */
#include "core/cap.h"

#include "cap_impl.h"
#include "core/trace.h"

static int desc_ok(const struct cap_system *sys, const struct cap_desc *d)
{
    if (d->type == CAP_T_NULL || d->type >= CAP_T_COUNT)
        return 0;
    if (d->rights & ~(uint32_t)CAP_R_ALL)
        return 0;
    /* The one object reference libcore interprets: a space index. */
    if (d->type == CAP_T_CSPACE && d->obj >= sys->nspaces)
        return 0;
    return 1;
}

/* Fill a freshly allocated slot; links are set by the caller. */
static void fill(struct cap_slot *c, uint8_t type, uint64_t obj, uint32_t rights, uint64_t badge,
                 uint64_t expiry)
{
    c->type = type;
    c->obj = obj;
    c->rights = rights;
    c->badge = badge;
    c->expiry = expiry;
    c->parent = c->child = c->next = c->prev = CAP_LINK_NIL;
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
    /* 0 means never, so it loses to any real time. */
    if (a == 0)
        return b;
    if (b == 0)
        return a;
    return a < b ? a : b;
}

int cap_create_root(struct cap_system *sys, uint32_t dst, const struct cap_desc *d, cap_handle *out)
{
    int err = desc_ok(sys, d) ? cap__can_alloc(sys, dst) : CAP_E_INVAL;
    if (err)
        return cap_refuse(dst, CAP_LINK_NIL, CAP_OP_CREATE, err);
    uint32_t slot = cap__alloc(sys, dst);
    struct cap_slot *c = &sys->spaces[dst].slots[slot];
    fill(c, d->type, d->obj, d->rights, d->badge, d->expiry);
    core_trace(TR_CAP_CREATE, 0, dst, slot, d->type, d->rights);
    *out = cap_handle_make(slot, c->gen);
    return 0;
}

int cap_create(struct cap_system *sys, struct cap_loc auth, uint32_t dst, const struct cap_desc *d,
               uint64_t now, cap_handle *out)
{
    struct cap_slot *a;
    int err = cap__in_force(sys, auth, CAP_R_CREATE, now, &a);
    if (!err)
        err = desc_ok(sys, d) ? cap__can_alloc(sys, dst) : CAP_E_INVAL;
    if (err)
        return cap__refuse_loc(auth, CAP_OP_CREATE, err);
    uint32_t slot = cap__alloc(sys, dst);
    struct cap_slot *c = &sys->spaces[dst].slots[slot];
    fill(c, d->type, d->obj, d->rights, d->badge, earlier(d->expiry, a->expiry));
    cap__insert_child(sys, cap__link(auth.space, cap_handle_slot(auth.h)), cap__link(dst, slot));
    core_trace(TR_CAP_CREATE, 0, dst, slot, d->type, d->rights);
    *out = cap_handle_make(slot, c->gen);
    return 0;
}

int cap_copy(struct cap_system *sys, struct cap_loc src, uint32_t dst, uint64_t now,
             cap_handle *out)
{
    struct cap_slot *s;
    int err = cap__in_force(sys, src, CAP_R_GRANT, now, &s);
    if (!err)
        err = cap__can_alloc(sys, dst);
    if (err)
        return cap__refuse_loc(src, CAP_OP_COPY, err);
    uint32_t slot = cap__alloc(sys, dst);
    struct cap_slot *c = &sys->spaces[dst].slots[slot];
    fill(c, s->type, s->obj, s->rights, s->badge, s->expiry);
    cap__insert_after(sys, cap__link(src.space, cap_handle_slot(src.h)), cap__link(dst, slot));
    core_trace(TR_CAP_DELEGATE, 0, src.space, cap_handle_slot(src.h), dst, slot);
    *out = cap_handle_make(slot, c->gen);
    return 0;
}

int cap_derive(struct cap_system *sys, struct cap_loc src, uint32_t dst, uint32_t rights,
               uint64_t badge, uint64_t expiry, uint64_t now, cap_handle *out)
{
    struct cap_slot *s;
    int err = cap__in_force(sys, src, CAP_R_DERIVE, now, &s);
    if (!err && (rights & ~s->rights))
        err = CAP_E_ESCALATE;
    if (!err && s->badge != 0 && badge != s->badge)
        err = CAP_E_BADGE;
    if (!err && s->expiry != 0 && expiry > s->expiry)
        err = CAP_E_LIFETIME;
    if (!err)
        err = cap__can_alloc(sys, dst);
    if (err)
        return cap__refuse_loc(src, CAP_OP_DERIVE, err);
    uint32_t slot = cap__alloc(sys, dst);
    struct cap_slot *c = &sys->spaces[dst].slots[slot];
    fill(c, s->type, s->obj, rights, badge, expiry ? expiry : s->expiry);
    cap__insert_child(sys, cap__link(src.space, cap_handle_slot(src.h)), cap__link(dst, slot));
    core_trace(TR_CAP_DERIVE, 0, src.space, cap_handle_slot(src.h), dst, slot);
    *out = cap_handle_make(slot, c->gen);
    return 0;
}

/* Give every child of `from` the parent `to` (O(children)). */
static void adopt_children(const struct cap_system *sys, uint32_t from, uint32_t to)
{
    for (uint32_t k = cap__at(sys, from)->child; k != CAP_LINK_NIL; k = cap__at(sys, k)->next)
        cap__at(sys, k)->parent = to;
}

int cap_move(struct cap_system *sys, struct cap_loc src, uint32_t dst, uint64_t now,
             cap_handle *out)
{
    struct cap_slot *s;
    uint32_t need = dst == src.space ? 0 : (uint32_t)CAP_R_GRANT;
    int err = cap__in_force(sys, src, need, now, &s);
    if (!err)
        err = cap__can_alloc(sys, dst);
    if (err)
        return cap__refuse_loc(src, CAP_OP_MOVE, err);
    uint32_t from = cap__link(src.space, cap_handle_slot(src.h));
    uint32_t slot = cap__alloc(sys, dst), to = cap__link(dst, slot);
    struct cap_slot *c = &sys->spaces[dst].slots[slot];
    fill(c, s->type, s->obj, s->rights, s->badge, s->expiry);
    /* Take the old node's place among its siblings, then its children. */
    cap__insert_after(sys, from, to);
    cap__unlink(sys, from);
    adopt_children(sys, from, to);
    c->child = s->child;
    s->child = CAP_LINK_NIL;
    cap__free(sys, from);
    core_trace(TR_CAP_DELEGATE, 0, src.space, cap_handle_slot(src.h), dst, slot);
    *out = cap_handle_make(slot, c->gen);
    return 0;
}

int cap_delete(struct cap_system *sys, struct cap_loc loc)
{
    struct cap_slot *c;
    int err = cap__get(sys, loc, &c);
    if (err)
        return cap__refuse_loc(loc, CAP_OP_DELETE, err);
    uint32_t self = cap__link(loc.space, cap_handle_slot(loc.h));
    if (c->child != CAP_LINK_NIL) {
        /* Splice the children into our place in the sibling list so that
         * the grandparent (or, for a root, nobody) now owns them. */
        uint32_t first = c->child, last = first;
        adopt_children(sys, self, c->parent);
        while (cap__at(sys, last)->next != CAP_LINK_NIL)
            last = cap__at(sys, last)->next;
        cap__at(sys, first)->prev = c->prev;
        cap__at(sys, last)->next = c->next;
        if (c->next != CAP_LINK_NIL)
            cap__at(sys, c->next)->prev = last;
        if (c->prev != CAP_LINK_NIL)
            cap__at(sys, c->prev)->next = first;
        else if (c->parent != CAP_LINK_NIL)
            cap__at(sys, c->parent)->child = first;
        c->child = c->prev = c->next = c->parent = CAP_LINK_NIL;
    } else {
        cap__unlink(sys, self);
    }
    cap__free(sys, self);
    core_trace(TR_CAP_DELETE, 0, loc.space, cap_handle_slot(loc.h), 0, 0);
    return 0;
}
