/*
 * IPC sending: ipc_send, ipc_call and ipc_signal (core/ipc.h). Each runs the
 * same decode sequence (task, message shape, endpoint capability, the
 * information-flow check, the capabilities to transfer, room) before its
 * one fallible state change, the sender's gas charge; after that nothing
 * can fail, so the transfer, the enqueue and the wake-up are performed
 * without further checks. Called by hosts from their system calls (kernel)
 * or task actions (simulator). ipc_signal_host is the host's own signal (an
 * event such as a gas account's exhaustion): no task, no capability, no
 * gas, but the same flow rule and the same wake-up.
 */
#include "core/ipc.h"

#include "core/mem.h"
#include "ipc_impl.h"

/* The flow check. A sender whose label does not flow to the endpoint's may
 * still send if its cap carries CAP_R_DECLASSIFY; *declass says so. */
static int flow_ok(struct label from, struct label to, uint32_t rights, bool *declass)
{
    *declass = false;
    if (label_leq(from, to))
        return 0;
    if (!(rights & CAP_R_DECLASSIFY))
        return IPC_E_FLOW;
    *declass = true;
    return 0;
}

static int do_send(struct ipc_sys *s, uint32_t id, cap_handle eph, const struct ipc_msg *m,
                   bool call, uint64_t now, struct ipc_res *res)
{
    ipc_res_clear(res);
    struct ipc_task *t;
    struct ipc_ep *ep = 0;
    uint32_t idx = IPC_NOBODY, rights = 0;
    uint64_t badge = 0;
    bool declass = false;
    int err = ipc_task_ready(s, id, &t);
    if (!err)
        err = ipc_msg_check(m);
    if (!err)
        err = ipc_ep_cap(s, t, eph, CAP_R_WRITE, now, &ep, &idx, &badge, &rights);
    if (!err)
        err = flow_ok(t->label, ep->label, rights, &declass);
    if (!err)
        err = ipc_xfer_check(s, t->space, m, now);
    if (err)
        return ipc_refuse(s, idx, id, err);
    if (ep->count == ep->cap) {
        err = ipc_park(s, ep, idx, id, IPC_TS_WAIT_SEND);
        if (err)
            return ipc_refuse(s, idx, id, err);
        res->block = IPC_BLOCK_FULL;
        return IPC_WOULD_BLOCK;
    }
    if (!ipc_space_room(s->caps, s->transit, m->hdr.ncaps))
        return ipc_refuse(s, idx, id, IPC_E_TRANSIT);
    err = ipc_pay(s, t, res);
    if (err < 0)
        return ipc_refuse(s, idx, id, err);
    if (err == IPC_WOULD_BLOCK)
        return err;

    /* Perform: nothing below can fail. */
    uint32_t at = ep->head + ep->count;
    struct ipc_slot *q = &ep->ring[at >= ep->cap ? at - ep->cap : at];
    ipc_xfer_out(s, t->space, s->transit, m, false, now, q->msg.caps);
    q->msg.hdr.badge = badge;
    q->msg.hdr.seq = ep->seq++;
    q->msg.hdr.label = declass ? ep->label : t->label;
    q->msg.hdr.len = m->hdr.len;
    q->msg.hdr.ncaps = m->hdr.ncaps;
    q->msg.hdr.flags = (uint16_t)((call ? IPC_F_CALL : 0u) | (declass ? IPC_F_DECLASSIFIED : 0u));
    core_memcpy(q->msg.words, m->words, sizeof m->words[0] * m->hdr.len);
    ep->count++;
    if (ipc_is_parked(t->state))
        ipc_unpark(&s->eps[t->wait_ep], id); /* sent before its wake-up came */
    t->state = IPC_TS_IDLE;
    if (call) {
        q->caller = id;
        q->caller_gen = ++t->call_gen;
        t->state = IPC_TS_WAIT_REPLY;
        t->wait_ep = idx;
    } else {
        q->caller = IPC_NOBODY;
        q->caller_gen = 0;
    }
    res->wake = ipc_unpark_first(s, ep, IPC_TS_WAIT_RECV);
    ipc_trace(s, TR_IPC_SEND, idx, id, m->hdr.len, q->msg.hdr.seq);
    return 0;
}

int ipc_send(struct ipc_sys *s, uint32_t task, cap_handle ep, const struct ipc_msg *m, uint64_t now,
             struct ipc_res *res)
{
    return do_send(s, task, ep, m, false, now, res);
}

int ipc_call(struct ipc_sys *s, uint32_t task, cap_handle ep, const struct ipc_msg *m, uint64_t now,
             struct ipc_res *res)
{
    return do_send(s, task, ep, m, true, now, res);
}

int ipc_signal(struct ipc_sys *s, uint32_t id, cap_handle eph, uint64_t bits, uint64_t now,
               struct ipc_res *res)
{
    ipc_res_clear(res);
    struct ipc_task *t;
    struct ipc_ep *ep = 0;
    uint32_t idx = IPC_NOBODY, rights = 0;
    uint64_t badge = 0;
    bool declass = false;
    int err = ipc_task_ready(s, id, &t);
    if (!err)
        err = ipc_ep_cap(s, t, eph, CAP_R_WRITE, now, &ep, &idx, &badge, &rights);
    /* seL4: a badged cap signals its badge, so the waiter knows who; an
     * unbadged cap is the authority to signal any bits. */
    uint64_t value = badge ? badge : bits;
    if (!err && !value)
        err = IPC_E_PARAM;
    if (!err)
        err = flow_ok(t->label, ep->label, rights, &declass);
    if (!err) {
        err = ipc_pay(s, t, res);
        if (err == IPC_WOULD_BLOCK)
            return err;
    }
    if (err)
        return ipc_refuse(s, idx, id, err);
    ep->ntfn |= value;
    res->wake = ipc_unpark_first(s, ep, IPC_TS_WAIT_NTFN);
    ipc_trace(s, TR_IPC_SEND, idx, id, 0, value);
    return 0;
}

int ipc_signal_host(struct ipc_sys *s, uint64_t ep_ref, struct label from, uint64_t bits,
                    uint64_t now, struct ipc_res *res)
{
    (void)now; /* no capability to expire: the host checked one when it set the event up */
    ipc_res_clear(res);
    uint32_t idx = IPC_NOBODY;
    struct ipc_ep *ep = ipc_ep_at(s, ep_ref, &idx);
    int err = ep ? 0 : IPC_E_DEAD;
    if (!err && !bits)
        err = IPC_E_PARAM;
    if (!err && !label_valid(from))
        err = IPC_E_LABEL;
    /* The host speaks for the label it recorded: no declassification. */
    if (!err && !label_leq(from, ep->label))
        err = IPC_E_FLOW;
    if (err)
        return ipc_refuse(s, ep ? idx : IPC_NOBODY, IPC_NOBODY, err);
    ep->ntfn |= bits;
    res->wake = ipc_unpark_first(s, ep, IPC_TS_WAIT_NTFN);
    ipc_trace(s, TR_IPC_SEND, idx, IPC_NOBODY, 0, bits);
    return 0;
}
