/*
 * Lattice IPC glue (kipc.h): memory for libcore's IPC system, endpoint and
 * frame ownership, and the clean-up when a domain ends. A domain's task id
 * is its table slot, so res.wake names a domain directly.
 *
 * Ownership: an endpoint or frame belongs to the domain that created it (or
 * to the kernel). Its root capability lives in the kernel space; every
 * handle a domain holds is derived from it. When the owner ends, the root
 * is revoked (every copy in every domain, and in transit, dies at once),
 * tasks parked on the endpoint are unparked and woken (their retry fails the
 * capability check), queued messages are drained by the kernel task (their
 * capabilities deleted, their callers released with PHX_E_PEER) and the
 * endpoint is destroyed. A frame object is reused only once its root is
 * gone and no address space maps it any more, so a page never changes hands
 * while someone can still see it.
 */
#include "kipc.h"

#include "arch.h"
#include "domain.h"
#include "frame.h"
#include "kcap.h"
#include "kgas.h"
#include "klib.h"
#include "ksched.h"
#include "lib/string.h"

struct ipc_sys kipc_sys;
static struct ipc_task tasks[MAX_DOMAINS + 1];
static struct ipc_ep eps[KIPC_EPS];
static struct ipc_slot rings[KIPC_EPS][KIPC_RING];
static uint32_t kernel_task;

struct kep {
    int owner; /* domain id, 0 = kernel, -1 = free */
    uint64_t ref;
    struct cap_loc root;
};
static struct kep keps[KIPC_EPS];

struct kframe {
    uint64_t pa;
    uint32_t gen;
    uint32_t maps, max_maps; /* address spaces mapping it now, and the most at once */
    int owner;               /* domain id, 0 = kernel, -1 = no root (free once unmapped) */
    struct cap_loc root;
};
static struct kframe kframes[KIPC_FRAMES];

void kipc_init(void)
{
    if (ipc_sys_init(&kipc_sys, &kcap_sys, &kgas_pool, tasks, MAX_DOMAINS + 1, eps, KIPC_EPS,
                     KCAP_TRANSIT_SPACE))
        panic("kipc_init: ipc system");
    kipc_sys.trace = kplat_trace_level() != KPLAT_TRACE_OFF; /* trace=off builds no record */
    for (uint32_t i = 0; i < MAX_DOMAINS; i++) {
        uint32_t id;
        if (ipc_task_add(&kipc_sys, i + 1, IPC_NOGAS, label_bottom(), &id) || id != i)
            panic("kipc_init: domain task");
    }
    if (ipc_task_add(&kipc_sys, KCAP_KERNEL_SPACE, IPC_NOGAS, label_top(), &kernel_task))
        panic("kipc_init: kernel task");
    for (int i = 0; i < KIPC_EPS; i++)
        keps[i].owner = -1;
    /* Frames for grants are set aside now, so the scenarios' frame-leak
     * checks see a constant pool. */
    for (int i = 0; i < KIPC_FRAMES; i++) {
        kframes[i].pa = frame_alloc();
        kframes[i].owner = -1;
        if (!kframes[i].pa)
            panic("kipc_init: frames");
    }
}

void kipc_domain_start(const struct domain *d)
{
    struct ipc_task *t = &tasks[d->slot];
    t->gas = d->has_gas ? d->gas_acct : IPC_NOGAS;
    if (ipc_task_set_label(&kipc_sys, (uint32_t)d->slot, d->label))
        panic("kipc_domain_start: label");
}

void kipc_wake(uint32_t task)
{
    if (task >= MAX_DOMAINS)
        return;
    struct domain *d = &domains[task];
    if (d->state == DOM_BLOCKED && d->block == BLOCK_IPC)
        ks_wake(d);
}

/* Release a caller blocked on a call nobody will answer: it is woken and
 * its reply_wait finds it idle (PHX_E_PEER). */
static void release_caller(uint32_t caller, uint32_t gen)
{
    if (caller >= MAX_DOMAINS)
        return;
    struct ipc_task *c = &tasks[caller];
    if (c->state != IPC_TS_WAIT_REPLY || c->call_gen != gen)
        return;
    ipc_cancel(&kipc_sys, caller);
    kipc_wake(caller);
}

static void ep_destroy(struct kep *k)
{
    /* Every handle on it, in every space and in transit, dies now. */
    cap_revoke(&kcap_sys, k->root, kernel_now_ns(), 0);
    const struct ipc_ep *ep = ipc_ep_get(&kipc_sys, k->ref);
    /* Unpark and wake its waiters: their retry fails the capability check. */
    while (ep && (ep->nsend || ep->nrecv)) {
        uint32_t t = ep->nsend ? ep->wsend[0] : ep->wrecv[0];
        ipc_cancel(&kipc_sys, t);
        kipc_wake(t);
    }
    /* Drain the ring as the kernel task, through the root (it can read). */
    while (ep && ep->count) {
        const struct ipc_slot *head = &ep->ring[ep->head];
        uint32_t caller = head->caller, gen = head->caller_gen;
        bool call = head->msg.hdr.flags & IPC_F_CALL;
        struct ipc_msg m;
        struct ipc_res res;
        if (ipc_recv(&kipc_sys, kernel_task, k->root.h, &m, kernel_now_ns(), &res) != 0)
            panic("kipc: cannot drain an endpoint");
        kipc_wake(res.wake);
        for (uint32_t i = 0; i < m.hdr.ncaps; i++) {
            if (m.caps[i].h) {
                struct cap_loc l = {KCAP_KERNEL_SPACE, m.caps[i].h};
                cap_delete(&kcap_sys, l);
            }
        }
        if (call) {
            ipc_cancel(&kipc_sys, kernel_task); /* forget the reply it now owes */
            release_caller(caller, gen);
        }
    }
    if (ipc_ep_destroy(&kipc_sys, k->ref))
        panic("kipc: cannot destroy an endpoint");
    kcap_drop_root(&k->root);
    k->owner = -1;
}

static void frame_drop_root(struct kframe *f)
{
    kcap_drop_root(&f->root);
    f->owner = -1;
}

void kipc_domain_end(struct domain *d)
{
    uint32_t id = (uint32_t)d->slot;
    struct ipc_task *t = &tasks[id];
    /* A caller waiting for this domain's reply gets PHX_E_PEER. */
    if (t->owe != IPC_NOBODY)
        release_caller(t->owe, t->owe_gen);
    ipc_cancel(&kipc_sys, id);
    t->gas = IPC_NOGAS; /* its account is about to close */
    for (int i = 0; i < KIPC_EPS; i++) {
        if (keps[i].owner == d->id)
            ep_destroy(&keps[i]);
    }
    for (int i = 0; i < KIPC_FRAMES; i++) {
        if (kframes[i].owner == d->id)
            frame_drop_root(&kframes[i]);
    }
}

void kipc_kernel_reset(void)
{
    for (int i = 0; i < KIPC_EPS; i++) {
        if (keps[i].owner == 0)
            ep_destroy(&keps[i]);
    }
    for (int i = 0; i < KIPC_FRAMES; i++) {
        if (kframes[i].owner == 0)
            frame_drop_root(&kframes[i]);
    }
}

void kipc_abandon(struct cap_loc root)
{
    for (int i = 0; i < KIPC_EPS; i++) {
        if (keps[i].owner >= 0 && keps[i].root.h == root.h)
            ep_destroy(&keps[i]);
    }
    for (int i = 0; i < KIPC_FRAMES; i++) {
        if (kframes[i].owner >= 0 && kframes[i].root.h == root.h)
            frame_drop_root(&kframes[i]);
    }
}

int kipc_ep_create(int owner, struct label l, struct cap_loc *root)
{
    struct kep *k = 0;
    int owned = 0;
    for (int i = 0; i < KIPC_EPS; i++) {
        if (keps[i].owner < 0 && !k)
            k = &keps[i];
        owned += keps[i].owner == owner;
    }
    if (owner > 0 && owned >= KIPC_EP_QUOTA)
        return PHX_E_QUOTA;
    if (!k)
        return PHX_E_NOMEM;
    if (!label_valid(l))
        return IPC_E_LABEL;
    uint64_t ref;
    int r = ipc_ep_create(&kipc_sys, l, rings[k - keps], KIPC_RING, &ref);
    if (r < 0)
        return r;
    if ((uint32_t)ref != (uint32_t)(k - keps))
        panic("kipc: endpoint index");
    r = kcap_root(CAP_T_ENDPOINT, ref, &k->root);
    if (r < 0) {
        ipc_ep_destroy(&kipc_sys, ref);
        return r;
    }
    k->ref = ref;
    k->owner = owner;
    *root = k->root;
    return 0;
}

int kipc_frame_create(int owner, struct cap_loc *root)
{
    struct kframe *f = 0;
    int owned = 0;
    for (int i = 0; i < KIPC_FRAMES; i++) {
        if (kframes[i].owner < 0 && kframes[i].maps == 0 && !f)
            f = &kframes[i];
        owned += kframes[i].owner == owner;
    }
    if (owner > 0 && owned >= KIPC_FRAME_QUOTA)
        return PHX_E_QUOTA;
    if (!f)
        return PHX_E_NOMEM;
    uint32_t gen = f->gen + 1;
    int r = kcap_root(CAP_T_FRAME, (uint64_t)gen << 32 | (uint64_t)(f - kframes), &f->root);
    if (r < 0)
        return r;
    memset(P2V(f->pa), 0, PAGE_SIZE); /* nothing of its last user shows */
    f->gen = gen;
    f->max_maps = 0;
    f->owner = owner;
    *root = f->root;
    return 0;
}

static struct kframe *frame_of(uint64_t obj)
{
    uint32_t i = (uint32_t)obj;
    if (i >= KIPC_FRAMES || kframes[i].gen != (uint32_t)(obj >> 32) || kframes[i].owner < 0)
        return 0;
    return &kframes[i];
}

int kipc_frame_map(struct domain *d, uint64_t obj, uint64_t va, bool writable)
{
    struct kframe *f = frame_of(obj);
    if (!f)
        return PHX_E_CHILD;
    if (va < PHX_FRAME_WINDOW || va >= PHX_FRAME_WINDOW_END || (va & (PAGE_SIZE - 1)))
        return PHX_E_INVAL;
    if (d->nframes >= PHX_FRAME_MAPS_MAX)
        return PHX_E_NOMEM;
    if (vm_user_phys(d->pml4, va, false))
        return PHX_E_INVAL; /* something is mapped there already */
    if (vm_map_user(d->pml4, va, f->pa, (writable ? VM_WRITE : 0) | VM_SHARED))
        return PHX_E_NOMEM;
    d->frames[d->nframes++] = (uint32_t)(f - kframes);
    if (++f->maps > f->max_maps)
        f->max_maps = f->maps;
    return 0;
}

void kipc_unmap_all(struct domain *d)
{
    for (uint32_t i = 0; i < d->nframes; i++)
        kframes[d->frames[i]].maps--;
    d->nframes = 0;
}

uint32_t kipc_frame_max_maps(uint64_t obj)
{
    uint32_t i = (uint32_t)obj;
    return i < KIPC_FRAMES ? kframes[i].max_maps : 0;
}

/* ---- shapes for register messages (sys_ipc_reg.c) ---- */

/* The endpoint handle h in d's space names, if it is an endpoint cap in
 * force holding `rights`: a plain read of the slot (cap_check's tests,
 * without its refusal record), so a failed lookup has no effect at all and
 * the libcore call that follows makes the refusal. */
static const struct ipc_ep *ep_peek(const struct domain *d, cap_handle h, uint32_t rights)
{
    const struct cap_space *sp = cap_space_of(&kcap_sys, kcap_space(d));
    uint32_t slot = cap_handle_slot(h);
    if (slot >= sp->nslots)
        return 0;
    const struct cap_slot *c = &sp->slots[slot];
    if (c->gen != cap_handle_gen(h) || c->type != CAP_T_ENDPOINT || (c->rights & rights) != rights ||
        c->expiry - 1 < kernel_now_ns())
        return 0;
    return ipc_ep_get(&kipc_sys, c->obj);
}

static bool fits(const struct ipc_msg *m)
{
    return m->hdr.len <= PHX_REG_WORDS && m->hdr.ncaps == 0;
}

bool kipc_head_fits(const struct domain *d, cap_handle h)
{
    const struct ipc_ep *ep = ep_peek(d, h, CAP_R_READ);
    /* Only a receiver the endpoint may flow to learns anything about its
     * ring: for anyone else ipc_recv refuses (IPC_E_RECVFLOW) first. */
    if (!ep || !ep->count || !label_leq(ep->label, tasks[d->slot].label))
        return true;
    return fits(&ep->ring[ep->head].msg);
}

bool kipc_reg_receiver_first(const struct domain *d, cap_handle h)
{
    const struct ipc_ep *ep = ep_peek(d, h, CAP_R_WRITE);
    return ep && ep->nrecv && ep->wrecv[0] < MAX_DOMAINS && domains[ep->wrecv[0]].ipc_reg;
}

bool kipc_reply_fits(const struct domain *d, const struct ipc_msg *m)
{
    if (fits(m))
        return true;
    const struct ipc_task *t = &tasks[d->slot];
    if (t->owe >= MAX_DOMAINS)
        return true; /* no caller (libcore refuses), or the kernel task */
    const struct ipc_task *c = &tasks[t->owe];
    if (c->state != IPC_TS_WAIT_REPLY || c->call_gen != t->owe_gen)
        return true; /* the caller went away: libcore says IPC_E_NOCALLER */
    return !domains[t->owe].ipc_reg;
}
