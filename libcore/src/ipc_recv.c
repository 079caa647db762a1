/*
 * IPC receiving: ipc_recv, ipc_wait, ipc_reply and ipc_reply_wait
 * (core/ipc.h). Receiving is free of gas (a flood costs its sender, never
 * its victim); it checks that the endpoint's label flows to the receiver,
 * so that sender ⊑ endpoint ⊑ receiver holds for every delivered message.
 * A reply goes straight from the server to its waiting caller (no queue),
 * with the flow check server ⊑ caller. Same decode-then-perform discipline
 * as ipc_send.c.
 */
#include "core/ipc.h"

#include "core/mem.h"
#include "ipc_impl.h"

/* Does t owe a reply to a caller that still waits for it? */
static bool owes(const struct ipc_sys *s, const struct ipc_task *t)
{
    if (t->owe == IPC_NOBODY)
        return false;
    const struct ipc_task *c = &s->tasks[t->owe];
    return c->state == IPC_TS_WAIT_REPLY && c->call_gen == t->owe_gen;
}

/* The receive-side decode shared by recv and wait. */
static int recv_decode(struct ipc_sys *s, uint32_t id, cap_handle eph, uint64_t now,
                       struct ipc_task **t, struct ipc_ep **ep, uint32_t *idx, uint32_t *rights)
{
    uint64_t badge;
    int err = ipc_task_ready(s, id, t);
    if (!err)
        err = ipc_ep_cap(s, *t, eph, CAP_R_READ, now, ep, idx, &badge, rights);
    if (!err && !label_leq((*ep)->label, (*t)->label))
        err = IPC_E_RECVFLOW;
    return err;
}

static void leave_fifo(struct ipc_sys *s, struct ipc_task *t, uint32_t id)
{
    if (ipc_is_parked(t->state))
        ipc_unpark(&s->eps[t->wait_ep], id);
    t->state = IPC_TS_IDLE;
}

int ipc_recv(struct ipc_sys *s, uint32_t id, cap_handle eph, struct ipc_msg *out, uint64_t now,
             struct ipc_res *res)
{
    ipc_res_clear(res);
    struct ipc_task *t;
    struct ipc_ep *ep = 0;
    uint32_t idx = IPC_NOBODY, rights = 0;
    int err = recv_decode(s, id, eph, now, &t, &ep, &idx, &rights);
    if (err)
        return ipc_refuse(s, idx, id, err);
    if (!ep->count) {
        err = ipc_park(s, ep, idx, id, IPC_TS_WAIT_RECV);
        if (err)
            return ipc_refuse(s, idx, id, err);
        t->recv_h = eph; /* what its retry will name: ipc_call_fast checks it */
        res->block = IPC_BLOCK_EMPTY;
        return IPC_WOULD_BLOCK;
    }
    const struct ipc_slot *q = &ep->ring[ep->head];
    bool call = q->msg.hdr.flags & IPC_F_CALL;
    if (call && owes(s, t))
        return ipc_refuse(s, idx, id, IPC_E_REPLYPENDING);
    if (!ipc_space_room(s->caps, t->space, q->msg.hdr.ncaps))
        return ipc_refuse(s, idx, id, IPC_E_DSTFULL);

    ipc_xfer_in(s, t->space, q, now, out->caps);
    out->hdr = q->msg.hdr;
    core_memcpy(out->words, q->msg.words, sizeof q->msg.words[0] * q->msg.hdr.len);
    if (call) {
        t->owe = q->caller;
        t->owe_gen = q->caller_gen;
        t->owe_ep = idx;
        t->owe_seq = q->msg.hdr.seq;
        /* Replies may go down the lattice only on the server's authority. */
        t->owe_declass = (rights & CAP_R_DECLASSIFY) != 0;
    }
    leave_fifo(s, t, id);
    ep->head = ep->head + 1 == ep->cap ? 0 : ep->head + 1;
    ep->count--;
    res->wake = ipc_unpark_first(s, ep, IPC_TS_WAIT_SEND);
    ipc_trace(s, TR_IPC_RECV, idx, id, out->hdr.len, out->hdr.seq);
    return 0;
}

int ipc_wait(struct ipc_sys *s, uint32_t id, cap_handle eph, uint64_t *bits, uint64_t now,
             struct ipc_res *res)
{
    ipc_res_clear(res);
    struct ipc_task *t;
    struct ipc_ep *ep = 0;
    uint32_t idx = IPC_NOBODY, rights = 0;
    int err = recv_decode(s, id, eph, now, &t, &ep, &idx, &rights);
    if (err)
        return ipc_refuse(s, idx, id, err);
    if (!ep->ntfn) {
        err = ipc_park(s, ep, idx, id, IPC_TS_WAIT_NTFN);
        if (err)
            return ipc_refuse(s, idx, id, err);
        res->block = IPC_BLOCK_EMPTY;
        return IPC_WOULD_BLOCK;
    }
    *bits = ep->ntfn;
    ep->ntfn = 0;
    leave_fifo(s, t, id);
    ipc_trace(s, TR_IPC_RECV, idx, id, 0, *bits);
    return 0;
}

int ipc_reply(struct ipc_sys *s, uint32_t id, const struct ipc_msg *m, uint64_t now,
              struct ipc_res *res)
{
    ipc_res_clear(res);
    struct ipc_task *t, *c = 0;
    uint32_t idx = IPC_NOBODY;
    int err = ipc_task_ready(s, id, &t);
    if (!err) {
        idx = t->owe_ep;
        if (t->owe == IPC_NOBODY)
            err = IPC_E_NOREPLY;
        else if (!owes(s, t))
            err = IPC_E_NOCALLER;
        else
            c = &s->tasks[t->owe];
    }
    if (!err)
        err = ipc_msg_check(m);
    bool declass = false;
    if (!err && !label_leq(t->label, c->label)) {
        declass = true;
        if (!t->owe_declass)
            err = IPC_E_FLOW;
    }
    if (!err)
        err = ipc_xfer_check(s, t->space, m, now);
    if (!err && !ipc_space_room(s->caps, c->space, m->hdr.ncaps))
        err = IPC_E_DSTFULL;
    if (!err) {
        err = ipc_pay(s, t, res);
        if (err == IPC_WOULD_BLOCK)
            return err;
    }
    if (err)
        return ipc_refuse(s, idx, id, err);

    ipc_xfer_out(s, t->space, c->space, m, true, now, c->reply.caps);
    c->reply.hdr.badge = 0;
    c->reply.hdr.seq = t->owe_seq;
    c->reply.hdr.label = declass ? c->label : t->label;
    c->reply.hdr.len = m->hdr.len;
    c->reply.hdr.ncaps = m->hdr.ncaps;
    c->reply.hdr.flags = (uint16_t)(IPC_F_REPLY | (declass ? IPC_F_DECLASSIFIED : 0u));
    core_memcpy(c->reply.words, m->words, sizeof m->words[0] * m->hdr.len);
    c->state = IPC_TS_REPLIED;
    res->wake = t->owe;
    t->owe = IPC_NOBODY;
    ipc_trace(s, TR_IPC_SEND, idx, id, m->hdr.len, t->owe_seq);
    return 0;
}

int ipc_reply_wait(struct ipc_sys *s, uint32_t id, struct ipc_msg *out, struct ipc_res *res)
{
    ipc_res_clear(res);
    struct ipc_task *t = ipc_task_at(s, id);
    int err = !t ? IPC_E_TASK : 0;
    if (!err && t->state == IPC_TS_WAIT_REPLY) {
        res->block = IPC_BLOCK_REPLY;
        return IPC_WOULD_BLOCK;
    }
    if (!err && t->state != IPC_TS_REPLIED)
        err = IPC_E_STATE;
    if (err)
        return ipc_refuse(s, t ? t->wait_ep : IPC_NOBODY, id, err);
    ipc_msg_copy(out, &t->reply);
    t->state = IPC_TS_IDLE;
    ipc_trace(s, TR_IPC_RECV, t->wait_ep, id, out->hdr.len, out->hdr.seq);
    return 0;
}
