/*
 * IPC registry and bookkeeping: the system of tasks and endpoints, endpoint
 * references, the decode of an endpoint capability, the FIFOs of parked
 * tasks, cancellation, gas payment and trace records. The operations
 * themselves are in ipc_send.c and ipc_recv.c; capability transfer in
 * ipc_xfer.c. Hosts call the public half (init, add, create, destroy,
 * cancel); the rest is shared by the IPC sources through ipc_impl.h.
 */
#include "core/ipc.h"

#include "core/mem.h"
#include "core/trace.h"
#include "ipc_impl.h"

void ipc_res_clear(struct ipc_res *res)
{
    res->wake = IPC_NOBODY;
    res->block = IPC_BLOCK_NONE;
    res->gas = GAS_OK;
    res->pad = 0;
    res->retry_ns = 0;
}

int ipc_refuse(const struct ipc_sys *s, uint32_t ep, uint32_t task, int err)
{
    if (s->trace)
        core_trace(TR_IPC_REFUSE, s->cpu, ep, task, (uint64_t)(-(int64_t)err), 0);
    return err;
}

void ipc_trace(const struct ipc_sys *s, enum core_trace_kind kind, uint32_t ep, uint32_t task,
               uint64_t len, uint64_t seq)
{
    if (s->trace)
        core_trace(kind, s->cpu, ep, task, len, seq);
}

int ipc_sys_init(struct ipc_sys *s, struct cap_system *caps, struct gas_pool *gas,
                 struct ipc_task *tasks, uint32_t max_tasks, struct ipc_ep *eps, uint32_t max_eps,
                 uint32_t transit)
{
    if (!s || !caps || !tasks || !eps || !max_tasks || !max_eps || transit >= caps->nspaces ||
        max_tasks >= IPC_NOBODY)
        return IPC_E_PARAM;
    core_memset(s, 0, sizeof *s);
    s->caps = caps;
    s->gas = gas;
    s->tasks = tasks;
    s->max_tasks = max_tasks;
    s->eps = eps;
    s->max_eps = max_eps;
    s->transit = transit;
    s->trace = 1;
    core_memset(tasks, 0, sizeof *tasks * max_tasks);
    core_memset(eps, 0, sizeof *eps * max_eps);
    return 0;
}

int ipc_task_add(struct ipc_sys *s, uint32_t space, uint32_t gas, struct label label,
                 uint32_t *id)
{
    if (space >= s->caps->nspaces || space == s->transit)
        return IPC_E_PARAM;
    if (gas != IPC_NOGAS && (!s->gas || !gas_get(s->gas, gas)))
        return IPC_E_PARAM;
    if (!label_valid(label))
        return IPC_E_LABEL;
    if (s->ntasks == s->max_tasks)
        return IPC_E_FULL;
    struct ipc_task *t = &s->tasks[s->ntasks];
    core_memset(t, 0, sizeof *t);
    t->space = space;
    t->gas = gas;
    t->label = label;
    t->live = 1;
    t->owe = IPC_NOBODY;
    *id = s->ntasks++;
    return 0;
}

struct ipc_task *ipc_task_at(struct ipc_sys *s, uint32_t id)
{
    return id < s->ntasks ? &s->tasks[id] : 0;
}

int ipc_task_set_label(struct ipc_sys *s, uint32_t id, struct label label)
{
    struct ipc_task *t = ipc_task_at(s, id);
    if (!t)
        return IPC_E_TASK;
    if (!label_valid(label))
        return IPC_E_LABEL;
    t->label = label;
    return 0;
}

int ipc_cancel(struct ipc_sys *s, uint32_t id)
{
    struct ipc_task *t = ipc_task_at(s, id);
    if (!t)
        return IPC_E_TASK;
    if (ipc_is_parked(t->state))
        ipc_unpark(&s->eps[t->wait_ep], id);
    /* A new generation makes the reply token held by the server stale. */
    t->call_gen++;
    t->state = IPC_TS_IDLE;
    t->owe = IPC_NOBODY;
    return 0;
}

int ipc_ep_create(struct ipc_sys *s, struct label label, struct ipc_slot *ring, uint32_t nslots,
                  uint64_t *ref)
{
    if (!ring || !nslots || nslots > (1u << 31))
        return IPC_E_PARAM;
    if (!label_valid(label))
        return IPC_E_LABEL;
    /* Reuse a destroyed endpoint's index first; its generation moved on. */
    uint32_t i = 0;
    while (i < s->neps && s->eps[i].live)
        i++;
    if (i == s->max_eps)
        return IPC_E_FULL;
    struct ipc_ep *ep = &s->eps[i];
    uint32_t gen = ep->gen + 1;
    if (gen == 0 || gen == UINT32_MAX)
        return IPC_E_FULL; /* this index's generations are used up */
    core_memset(ep, 0, sizeof *ep);
    ep->label = label;
    ep->ring = ring;
    ep->cap = nslots;
    ep->gen = gen;
    ep->live = 1;
    if (i == s->neps)
        s->neps++;
    *ref = ipc_ref_make(i, gen);
    return 0;
}

struct ipc_ep *ipc_ep_at(struct ipc_sys *s, uint64_t ref, uint32_t *idx)
{
    uint32_t i = (uint32_t)ref;
    if (i >= s->neps || !s->eps[i].live || s->eps[i].gen != (uint32_t)(ref >> 32))
        return 0;
    *idx = i;
    return &s->eps[i];
}

const struct ipc_ep *ipc_ep_get(const struct ipc_sys *s, uint64_t ref)
{
    uint32_t i;
    return ipc_ep_at((struct ipc_sys *)s, ref, &i);
}

int ipc_ep_destroy(struct ipc_sys *s, uint64_t ref)
{
    uint32_t i;
    struct ipc_ep *ep = ipc_ep_at(s, ref, &i);
    if (!ep)
        return IPC_E_DEAD;
    if (ep->count || ep->nsend || ep->nrecv)
        return IPC_E_BUSY;
    ep->live = 0;
    /* Keep gen: the next create at this index bumps it, so old refs fail. */
    return 0;
}

int ipc_ep_cap(struct ipc_sys *s, const struct ipc_task *t, cap_handle h, uint32_t rights,
               uint64_t now, struct ipc_ep **ep, uint32_t *idx, uint64_t *badge,
               uint32_t *cap_rights)
{
    const struct cap_space *sp = cap_space_of(s->caps, t->space);
    uint64_t obj = 0;
    int err = cap_check(sp, h, CAP_T_ENDPOINT, rights, now, &obj, badge);
    if (err)
        return err;
    /* cap_check validated the handle, so the slot may be read for the
     * rights it does not return (DECLASSIFY is optional, not demanded). */
    *cap_rights = sp->slots[cap_handle_slot(h)].rights;
    *ep = ipc_ep_at(s, obj, idx);
    return *ep ? 0 : IPC_E_DEAD;
}

int ipc_park(struct ipc_sys *s, struct ipc_ep *ep, uint32_t epidx, uint32_t id,
             enum ipc_task_state kind)
{
    struct ipc_task *t = &s->tasks[id];
    bool sender = kind == IPC_TS_WAIT_SEND;
    uint32_t *w = sender ? ep->wsend : ep->wrecv;
    uint32_t *n = sender ? &ep->nsend : &ep->nrecv;
    if (ipc_is_parked(t->state) && t->wait_ep == epidx &&
        (t->state == IPC_TS_WAIT_SEND) == sender) {
        /* A retry keeps its place in the FIFO (a receiver may switch
         * between waiting for a message and for a notification). */
        t->state = (uint8_t)kind;
        return 0;
    }
    if (*n == IPC_WAIT_MAX)
        return IPC_E_WAITERS;
    /* A task waits for one thing at a time: leave any other FIFO (or
     * another place in this one, waiting for the other kind of event). */
    if (ipc_is_parked(t->state))
        ipc_unpark(&s->eps[t->wait_ep], id);
    w[(*n)++] = id;
    t->state = (uint8_t)kind;
    t->wait_ep = epidx;
    return 0;
}

static void drop_at(uint32_t *w, uint32_t *n, uint32_t i)
{
    for (; i + 1 < *n; i++)
        w[i] = w[i + 1];
    (*n)--;
}

uint32_t ipc_unpark_first(struct ipc_sys *s, struct ipc_ep *ep, enum ipc_task_state kind)
{
    bool sender = kind == IPC_TS_WAIT_SEND;
    uint32_t *w = sender ? ep->wsend : ep->wrecv;
    uint32_t *n = sender ? &ep->nsend : &ep->nrecv;
    for (uint32_t i = 0; i < *n; i++) {
        uint32_t id = w[i];
        if (s->tasks[id].state == kind) {
            drop_at(w, n, i);
            s->tasks[id].state = IPC_TS_IDLE;
            return id;
        }
    }
    return IPC_NOBODY;
}

void ipc_unpark(struct ipc_ep *ep, uint32_t id)
{
    for (uint32_t i = 0; i < ep->nsend; i++) {
        if (ep->wsend[i] == id) {
            drop_at(ep->wsend, &ep->nsend, i);
            return;
        }
    }
    for (uint32_t i = 0; i < ep->nrecv; i++) {
        if (ep->wrecv[i] == id) {
            drop_at(ep->wrecv, &ep->nrecv, i);
            return;
        }
    }
}

int ipc_task_ready(struct ipc_sys *s, uint32_t id, struct ipc_task **t)
{
    *t = ipc_task_at(s, id);
    if (!*t)
        return IPC_E_TASK;
    /* A caller is blocked in its call until it takes the reply. */
    if ((*t)->state == IPC_TS_WAIT_REPLY || (*t)->state == IPC_TS_REPLIED)
        return IPC_E_STATE;
    return 0;
}

int ipc_pay(struct ipc_sys *s, const struct ipc_task *t, struct ipc_res *res)
{
    if (t->gas == IPC_NOGAS)
        return 0;
    int r = gas_charge_op(s->gas, t->gas, GAS_OP_IPC);
    if (r >= 0) {
        res->gas = (int8_t)r;
        return 0;
    }
    if (r != GAS_E_EXHAUSTED)
        return r; /* GAS_E_KILLED, GAS_E_NOACCT: the account cannot pay at all */
    const struct gas_account *a = gas_get(s->gas, t->gas);
    if (a->policy != GAS_POL_THROTTLE)
        return IPC_E_NOGAS;
    /* Under throttle the sender waits for gas: the flood stalls the
     * flooder, and nothing was queued or charged. */
    res->block = IPC_BLOCK_GAS;
    res->retry_ns = a->next_refill_ns;
    return IPC_WOULD_BLOCK;
}
