/*
 * Capability transfer for IPC messages: the shape check of a message, the
 * decode of every capability it names, and the two perform steps. A send
 * moves or derives the caps into the system's transit space, where they sit
 * while the message is queued (so a revoke of their origin still reaches
 * them); a receive takes them out into the receiver's space. A reply skips
 * transit and goes straight to the waiting caller. All rights and
 * derivation rules are cap.h's: this file only sequences cap_move,
 * cap_derive and cap_delete after checking that none of them can fail.
 */
#include "core/ipc.h"

#include "core/mem.h"
#include "core/platform.h"
#include "ipc_impl.h"

int ipc_msg_check(const struct ipc_msg *m)
{
    if (m->hdr.len > IPC_WORDS_MAX)
        return IPC_E_LEN;
    if (m->hdr.ncaps > IPC_CAPS_MAX)
        return IPC_E_NCAPS;
    for (uint32_t i = 0; i < m->hdr.ncaps; i++) {
        const struct ipc_xfer *x = &m->caps[i];
        if (x->mode != IPC_XFER_MOVE && x->mode != IPC_XFER_DERIVE)
            return IPC_E_XFER;
        if (x->mode == IPC_XFER_DERIVE && (x->rights & ~(uint32_t)CAP_R_ALL))
            return IPC_E_XFER;
    }
    return 0;
}

void ipc_msg_copy(struct ipc_msg *dst, const struct ipc_msg *src)
{
    dst->hdr.badge = src->hdr.badge;
    dst->hdr.seq = src->hdr.seq;
    dst->hdr.label = src->hdr.label;
    dst->hdr.len = src->hdr.len;
    dst->hdr.ncaps = src->hdr.ncaps;
    dst->hdr.flags = src->hdr.flags;
    core_memcpy(dst->words, src->words, sizeof src->words[0] * src->hdr.len);
    core_memcpy(dst->caps, src->caps, sizeof src->caps[0] * src->hdr.ncaps);
}

bool ipc_space_room(const struct cap_system *caps, uint32_t space, uint32_t n)
{
    const struct cap_space *sp = cap_space_of(caps, space);
    uint32_t i = sp->free_head;
    /* Walk at most n links of the free list: O(IPC_CAPS_MAX). */
    for (uint32_t k = 0; k < n; k++) {
        if (i == CAP_LINK_NIL)
            return false;
        i = sp->slots[i].next;
    }
    return true;
}

int ipc_xfer_check(struct ipc_sys *s, uint32_t space, const struct ipc_msg *m, uint64_t now)
{
    const struct cap_space *sp = cap_space_of(s->caps, space);
    for (uint32_t i = 0; i < m->hdr.ncaps; i++) {
        const struct ipc_xfer *x = &m->caps[i];
        for (uint32_t j = 0; j < i; j++) {
            /* Same slot twice: the second step would find it gone. */
            if (cap_handle_slot(m->caps[j].h) == cap_handle_slot(x->h))
                return IPC_E_DUPCAP;
        }
        struct cap_loc loc = {space, x->h};
        struct cap_desc d;
        int err = cap_lookup(s->caps, loc, &d);
        if (err)
            return err;
        uint32_t need = x->mode == IPC_XFER_MOVE ? CAP_R_GRANT : CAP_R_DERIVE;
        uint64_t obj = 0;
        err = cap_check(sp, x->h, d.type, need, now, &obj, 0);
        if (err)
            return err;
        if (x->mode == IPC_XFER_DERIVE && (x->rights & ~d.rights))
            return CAP_E_ESCALATE;
    }
    return 0;
}

void ipc_xfer_out(struct ipc_sys *s, uint32_t src, uint32_t dst, const struct ipc_msg *m,
                  bool direct, uint64_t now, struct ipc_xfer *out)
{
    for (uint32_t i = 0; i < m->hdr.ncaps; i++) {
        struct ipc_xfer x = m->caps[i];
        struct cap_loc loc = {src, x.h};
        struct cap_desc d;
        cap_handle h = 0;
        int err = cap_lookup(s->caps, loc, &d);
        if (!err && x.mode == IPC_XFER_MOVE) {
            err = cap_move(s->caps, loc, dst, now, &h);
            x.rights = d.rights;
        } else if (!err) {
            /* Into transit the child keeps every right (so it can be moved
             * and derived again at delivery); the cut happens there. */
            uint32_t r = direct ? x.rights : d.rights;
            err = cap_derive(s->caps, loc, dst, r, d.badge, 0, now, &h);
        }
        if (err)
            plat_panic("ipc_xfer_out: checked transfer failed");
        out[i].h = h;
        out[i].rights = x.rights;
        out[i].mode = x.mode;
    }
}

void ipc_xfer_in(struct ipc_sys *s, uint32_t dst, const struct ipc_slot *q, uint64_t now,
                 struct ipc_xfer *out)
{
    for (uint32_t i = 0; i < q->msg.hdr.ncaps; i++) {
        struct ipc_xfer x = q->msg.caps[i];
        struct cap_loc loc = {s->transit, x.h};
        struct cap_desc d;
        cap_handle h = 0;
        int err = 0;
        if (cap_lookup(s->caps, loc, &d)) {
            /* Revoked in flight: its origin's owner took it back. */
            x.rights = 0;
        } else if (d.expiry && now >= d.expiry) {
            err = cap_delete(s->caps, loc);
            x.rights = 0;
        } else if (x.mode == IPC_XFER_MOVE) {
            err = cap_move(s->caps, loc, dst, now, &h);
        } else {
            /* Derive the final rights, then drop the transit copy: its
             * child is handed up to the sender's original cap, so the
             * receiver's cap ends up a child of what the sender held. */
            err = cap_derive(s->caps, loc, dst, x.rights, d.badge, 0, now, &h);
            if (!err)
                err = cap_delete(s->caps, loc);
        }
        if (err)
            plat_panic("ipc_xfer_in: checked delivery failed");
        out[i].h = h;
        out[i].rights = x.rights;
        out[i].mode = x.mode;
    }
}
