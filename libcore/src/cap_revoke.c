/*
 * The derivation tree and revocation. Every capability records its parent,
 * first child and siblings as packed (space, slot) links, so the tree spans
 * the spaces of all domains in one cap_system. Revocation walks the subtree
 * without recursion or a stack: it descends to a leaf, frees it, steps back
 * to the parent through the parent link and repeats, so every node is
 * entered once and left once (O(subtree) time, O(1) memory), whatever the
 * depth. Called by cap_ops.c (splicing) and by hosts (cap_revoke).
 */
#include "core/cap.h"

#include "cap_impl.h"
#include "core/trace.h"

void cap__insert_child(const struct cap_system *sys, uint32_t parent, uint32_t node)
{
    struct cap_slot *p = cap__at(sys, parent), *n = cap__at(sys, node);
    n->parent = parent;
    n->prev = CAP_LINK_NIL;
    n->next = p->child;
    if (p->child != CAP_LINK_NIL)
        cap__at(sys, p->child)->prev = node;
    p->child = node;
}

void cap__insert_after(const struct cap_system *sys, uint32_t sibling, uint32_t node)
{
    struct cap_slot *s = cap__at(sys, sibling), *n = cap__at(sys, node);
    n->parent = s->parent;
    n->prev = sibling;
    n->next = s->next;
    if (s->next != CAP_LINK_NIL)
        cap__at(sys, s->next)->prev = node;
    s->next = node;
}

void cap__unlink(const struct cap_system *sys, uint32_t node)
{
    struct cap_slot *n = cap__at(sys, node);
    if (n->prev != CAP_LINK_NIL)
        cap__at(sys, n->prev)->next = n->next;
    else if (n->parent != CAP_LINK_NIL)
        cap__at(sys, n->parent)->child = n->next;
    if (n->next != CAP_LINK_NIL)
        cap__at(sys, n->next)->prev = n->prev;
    n->parent = n->prev = n->next = CAP_LINK_NIL;
}

int cap_revoke(struct cap_system *sys, struct cap_loc loc, uint64_t now, uint32_t *removed)
{
    struct cap_slot *root;
    int err = cap__in_force(sys, loc, CAP_R_REVOKE, now, &root);
    if (err)
        return cap__refuse_loc(loc, CAP_OP_REVOKE, err);

    uint32_t root_link = cap__link(loc.space, cap_handle_slot(loc.h));
    uint32_t cur = root_link, count = 0;
    for (;;) {
        struct cap_slot *c = cap__at(sys, cur);
        if (c->child != CAP_LINK_NIL) {
            cur = c->child;
            continue;
        }
        if (cur == root_link)
            break;
        /* A leaf is always its parent's first child here: we only ever
         * descend through first-child links. */
        uint32_t up = c->parent;
        struct cap_slot *p = cap__at(sys, up);
        p->child = c->next;
        if (c->next != CAP_LINK_NIL)
            cap__at(sys, c->next)->prev = CAP_LINK_NIL;
        cap__free(sys, cur);
        count++;
        cur = up;
    }
    core_trace(TR_CAP_REVOKE, 0, loc.space, cap_handle_slot(loc.h), count, 0);
    if (removed)
        *removed = count;
    return 0;
}
