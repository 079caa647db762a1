/*
 * The IPC fast path (core/ipc.h "the fast path"): ipc_call_fast and
 * ipc_replyrecv_fast do, for the common case of a call/reply round trip,
 * exactly what the general calls do (ipc_send.c, ipc_recv.c) in one pass.
 *
 * Decode-then-perform holds in a stronger form: every test below is a plain
 * read with no side effect and no trace record (the capability tests are
 * cap_check's, minus its refusal record), and any test that fails returns
 * IPC_SLOW before anything changed, so the host's general path then makes
 * the decision, refusal records included, exactly as without a fast path.
 * The payment is the only step that could change state and still fail; it
 * is tested first (balance above the cost, account active), so the charge
 * itself always succeeds with GAS_OK and nothing after it can fail. The
 * perform halves write the same fields in the same order as the general
 * calls (the message passes through the endpoint's ring slot and the
 * caller's reply buffer as it would there) and emit the same records in
 * the same order. tests/unit/test_ipc_fast.c checks both claims on random
 * sequences against the general path.
 */
#include "core/ipc.h"

#include "core/mem.h"
#include "ipc_impl.h"

/* cap_check without the refusal record: the object reference and badge of
 * an endpoint cap holding `rights` in force at now, or false. */
static inline __attribute__((always_inline)) bool cap_ok(const struct ipc_sys *s, uint32_t space, cap_handle h, uint32_t rights,
                   uint64_t now, uint64_t *obj, uint64_t *badge, uint32_t *all)
{
    const struct cap_space *sp = cap_space_of(s->caps, space);
    uint32_t slot = cap_handle_slot(h);
    if (slot >= sp->nslots)
        return false;
    const struct cap_slot *c = &sp->slots[slot];
    if (c->gen != cap_handle_gen(h) || c->type != CAP_T_ENDPOINT || (c->rights & rights) != rights ||
        c->expiry - 1 < now)
        return false;
    *obj = c->obj;
    *badge = c->badge;
    *all = c->rights;
    return true;
}

/* The message charge will succeed and leave a positive balance (or the
 * task is unmetered): ipc_pay then returns 0 with GAS_OK. *a gets the
 * paying account (NULL: unmetered). */
static inline bool pay_ok(const struct ipc_sys *s, const struct ipc_task *t,
                          struct gas_account **a)
{
    *a = 0;
    if (t->gas == IPC_NOGAS)
        return true;
    /* gas_get, inlined: an ACTIVE account is an open one. */
    const struct gas_pool *p = s->gas;
    if (!p || t->gas >= p->cap)
        return false;
    *a = &p->acct[t->gas];
    return (*a)->state == GAS_ST_ACTIVE && (*a)->balance > p->costs.op[GAS_OP_IPC];
}

/* ipc_res_clear, then ipc_pay once pay_ok said it succeeds: the charge.
 * pay_ok has found account a active and above the cost, so unless the
 * charge's record is to be written this is gas_charge_op_fast's charge on
 * the account already looked up; else gas_charge_op itself (GAS_OK). */
static inline void pay(struct ipc_sys *s, const struct ipc_task *t, struct gas_account *a,
                       struct ipc_res *res)
{
    res->wake = IPC_NOBODY;
    res->block = IPC_BLOCK_NONE;
    res->gas = GAS_OK;
    res->pad = 0;
    res->retry_ns = 0;
    if (!a)
        return;
    struct gas_pool *p = s->gas;
    if (p->trace && p->trace_ops) {
        res->gas = (int8_t)gas_charge_op(p, t->gas, GAS_OP_IPC);
        return;
    }
    uint64_t cost = p->costs.op[GAS_OP_IPC];
    a->balance -= cost;
    a->spent += cost;
    p->spent += cost;
}

/* ipc_trace inlined: with tracing off no record is built and no call is
 * made; with it on, the same record goes straight to core_trace. */
static inline void trace(const struct ipc_sys *s, enum core_trace_kind kind, uint32_t ep,
                         uint32_t task, uint64_t len, uint64_t seq)
{
    if (s->trace)
        core_trace(kind, s->cpu, ep, task, len, seq);
}

/* The live endpoint an object reference names, or NULL. */
static struct ipc_ep *ep_of(struct ipc_sys *s, uint64_t ref, uint32_t *idx)
{
    uint32_t i = (uint32_t)ref;
    if (i >= s->neps || !s->eps[i].live || s->eps[i].gen != (uint32_t)(ref >> 32))
        return 0;
    *idx = i;
    return &s->eps[i];
}

/* label_leq (label.c), inlined: a ⊑ b. */
static inline bool leq(const struct label *a, const struct label *b)
{
    return a->level <= b->level && (a->cats & ~b->cats) == 0;
}

static void copy_words(uint64_t *dst, const uint64_t *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        dst[i] = src[i];
}

int ipc_call_fast(struct ipc_sys *s, uint32_t id, cap_handle eph, const struct ipc_msg *m,
                  uint64_t now, struct ipc_res *res, uint32_t *rcv, const struct ipc_msg **rout)
{
    /* Decode: the sender, its message and its cap. */
    if (id >= s->ntasks || m->hdr.len > IPC_WORDS_MAX || m->hdr.ncaps)
        return IPC_SLOW;
    struct ipc_task *t = &s->tasks[id];
    uint64_t obj, robj, badge, rbadge;
    uint32_t idx, rights, rrights;
    struct gas_account *acct;
    if (t->state != IPC_TS_IDLE || !cap_ok(s, t->space, eph, CAP_R_WRITE, now, &obj, &badge, &rights))
        return IPC_SLOW;
    struct ipc_ep *ep = ep_of(s, obj, &idx);
    if (!ep || !leq(&t->label, &ep->label) || ep->count || ep->nsend || !ep->nrecv)
        return IPC_SLOW;
    /* The receiver its send wakes, and that receiver's retry. Its cap must
     * name this live endpoint: ep_of(robj) giving idx is robj == obj, the
     * reference (index and generation) just found live. */
    uint32_t r = ep->wrecv[0];
    struct ipc_task *rt = &s->tasks[r];
    if (rt->state != IPC_TS_WAIT_RECV || rt->owe != IPC_NOBODY ||
        !cap_ok(s, rt->space, rt->recv_h, CAP_R_READ, now, &robj, &rbadge, &rrights) ||
        robj != obj || !leq(&ep->label, &rt->label) || !pay_ok(s, t, &acct))
        return IPC_SLOW;

    /* Perform: ipc_call's half (pay, queue, wake the receiver). */
    pay(s, t, acct, res);
    struct ipc_slot *q = &ep->ring[ep->head];
    q->msg.hdr.badge = badge;
    q->msg.hdr.seq = ep->seq++;
    q->msg.hdr.label = t->label;
    q->msg.hdr.len = m->hdr.len;
    q->msg.hdr.ncaps = 0;
    q->msg.hdr.flags = IPC_F_CALL;
    copy_words(q->msg.words, m->words, m->hdr.len);
    q->caller = id;
    q->caller_gen = ++t->call_gen;
    t->state = IPC_TS_WAIT_REPLY;
    t->wait_ep = idx;
    ep->nrecv--;
    for (uint32_t i = 0; i < ep->nrecv; i++)
        ep->wrecv[i] = ep->wrecv[i + 1];
    rt->state = IPC_TS_IDLE;
    res->wake = r;
    trace(s, TR_IPC_SEND, idx, id, m->hdr.len, q->msg.hdr.seq);
    /* The receiver's half: take it, owe the reply. */
    *rout = &q->msg; /* what ipc_recv would copy out: the slot, taken */
    rt->owe = id;
    rt->owe_gen = q->caller_gen;
    rt->owe_ep = idx;
    rt->owe_seq = q->msg.hdr.seq;
    rt->owe_declass = (rrights & CAP_R_DECLASSIFY) != 0;
    ep->head = ep->head + 1 == ep->cap ? 0 : ep->head + 1;
    *rcv = r;
    trace(s, TR_IPC_RECV, idx, r, m->hdr.len, q->msg.hdr.seq);
    return 0;
}

int ipc_replyrecv_fast(struct ipc_sys *s, uint32_t id, const struct ipc_msg *m, cap_handle eph,
                       uint64_t now, struct ipc_res *res, uint32_t *caller,
                       const struct ipc_msg **cout)
{
    /* Decode: the server, the caller it owes, the message. */
    if (id >= s->ntasks || m->hdr.len > IPC_WORDS_MAX || m->hdr.ncaps)
        return IPC_SLOW;
    struct ipc_task *t = &s->tasks[id];
    if (t->state != IPC_TS_IDLE || t->owe == IPC_NOBODY)
        return IPC_SLOW;
    struct ipc_task *c = &s->tasks[t->owe];
    if (c->state != IPC_TS_WAIT_REPLY || c->call_gen != t->owe_gen || !leq(&t->label, &c->label))
        return IPC_SLOW;
    /* Its receive: the cap, the label, an empty ring, room to park. */
    uint64_t obj, badge;
    uint32_t idx, rights;
    struct gas_account *acct;
    if (!cap_ok(s, t->space, eph, CAP_R_READ, now, &obj, &badge, &rights))
        return IPC_SLOW;
    struct ipc_ep *ep = ep_of(s, obj, &idx);
    if (!ep || !leq(&ep->label, &t->label) || ep->count || ep->nrecv == IPC_WAIT_MAX ||
        !pay_ok(s, t, &acct))
        return IPC_SLOW;

    /* Perform: ipc_reply. */
    pay(s, t, acct, res);
    c->reply.hdr.badge = 0;
    c->reply.hdr.seq = t->owe_seq;
    c->reply.hdr.label = t->label;
    c->reply.hdr.len = m->hdr.len;
    c->reply.hdr.ncaps = 0;
    c->reply.hdr.flags = IPC_F_REPLY;
    copy_words(c->reply.words, m->words, m->hdr.len);
    uint32_t cid = t->owe;
    res->wake = cid;
    t->owe = IPC_NOBODY;
    trace(s, TR_IPC_SEND, t->owe_ep, id, m->hdr.len, t->owe_seq);
    /* ipc_recv finds the ring empty: the server parks. */
    ep->wrecv[ep->nrecv++] = id;
    t->state = IPC_TS_WAIT_RECV;
    t->wait_ep = idx;
    t->recv_h = eph;
    /* The caller's ipc_reply_wait. */
    *cout = &c->reply; /* what ipc_reply_wait would copy out */
    c->state = IPC_TS_IDLE;
    *caller = cid;
    trace(s, TR_IPC_RECV, c->wait_ep, cid, m->hdr.len, c->reply.hdr.seq);
    return 0;
}
