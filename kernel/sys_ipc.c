/*
 * The IPC system calls (docs/ipc.md "Kernel system calls"): each is one
 * libcore call (core/ipc.h) driven by the host loop that docs/ipc.md gives.
 * Everything the user passes is validated first: the message is copied in
 * (header, then only the words and transfers it declares), every output
 * buffer is checked writable, and libcore checks capabilities, labels, shape
 * and gas with no side effect on refusal. An operation that cannot finish
 * (IPC_WOULD_BLOCK) only parked the task: the domain blocks (BLOCK_IPC, or a
 * sleep until the account's refill for IPC_BLOCK_GAS) and restarts the
 * libcore call when woken. res.wake becomes ks_wake of that domain, or,
 * when the caller is about to block in IPC itself (a call waiting for its
 * reply, a server's reply_recv finding nothing to receive) and the woken
 * domain is blocked in IPC, a direct handoff of the CPU to it (ks_handoff):
 * the round trip then needs no scheduling decision.
 *
 * The fast path (docs/ipc.md "Fast path"): sys_call and sys_reply_recv
 * first try libcore's ipc_call_fast / ipc_replyrecv_fast, which complete
 * the partner's half too (the parked server's receive, the waiting caller's
 * reply_wait) when the round trip is in its common case. The partner's
 * message is left in its domain (ipc_in) and the CPU goes straight to it
 * (ks_handoff: address space, kernel stack, registers); when it resumes it
 * only copies the message out. Otherwise (IPC_SLOW, nothing changed) the
 * general path below runs as before.
 */
#include "core/gas.h"
#include "core/ipc.h"
#include "domain.h"
#include "kcap.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "sys_ipc.h"
#include "syscall.h"
#include "uaccess.h"

#define MSG_WORDS_OFF __builtin_offsetof(struct ipc_msg, words)
#define MSG_CAPS_OFF __builtin_offsetof(struct ipc_msg, caps)

/* Copy a message in: the header, then the words and transfers it declares
 * (an oversized count is left for libcore to refuse with IPC_E_LEN/NCAPS). */
static int msg_in(uint64_t u, struct ipc_msg *m)
{
    /* Usually the whole message sits in one page: one walk, plain copies. */
    const struct ipc_msg *k = uaccess_ptr(u, sizeof *m, false);
    if (k) {
        m->hdr = k->hdr;
        for (uint32_t i = 0; i < m->hdr.len && i < IPC_WORDS_MAX; i++)
            m->words[i] = k->words[i];
        for (uint32_t i = 0; i < m->hdr.ncaps && i < IPC_CAPS_MAX; i++)
            m->caps[i] = k->caps[i];
        return 0;
    }
    int r = copy_from_user(&m->hdr, u, sizeof m->hdr);
    if (r < 0)
        return r;
    if (m->hdr.len <= IPC_WORDS_MAX && m->hdr.len) {
        r = copy_from_user(m->words, u + MSG_WORDS_OFF, m->hdr.len * sizeof(uint64_t));
        if (r < 0)
            return r;
    }
    if (m->hdr.ncaps <= IPC_CAPS_MAX && m->hdr.ncaps)
        r = copy_from_user(m->caps, u + MSG_CAPS_OFF, m->hdr.ncaps * sizeof(struct ipc_xfer));
    return r;
}

/* Copy a received message out (the range was checked before the receive;
 * k is its kernel address from out_ok, or NULL if it spans pages). */
static void msg_out(uint64_t u, struct ipc_msg *k, const struct ipc_msg *m)
{
    if (k) {
        k->hdr = m->hdr;
        for (uint32_t i = 0; i < m->hdr.len; i++)
            k->words[i] = m->words[i];
        for (uint32_t i = 0; i < m->hdr.ncaps; i++)
            k->caps[i] = m->caps[i];
        return;
    }
    copy_to_user(u, &m->hdr, sizeof m->hdr);
    if (m->hdr.len)
        copy_to_user(u + MSG_WORDS_OFF, m->words, m->hdr.len * sizeof(uint64_t));
    if (m->hdr.ncaps)
        copy_to_user(u + MSG_CAPS_OFF, m->caps, m->hdr.ncaps * sizeof(struct ipc_xfer));
}

/* Check a receive buffer; *k gets its kernel (direct-map) address when it
 * lies in one page, which stays valid while the domain lives (uaccess.c). */
static int out_ok(uint64_t u, struct ipc_msg **k)
{
    *k = uaccess_ptr(u, sizeof(struct ipc_msg), true);
    return *k ? 0 : uaccess_check(u, sizeof(struct ipc_msg), true);
}

static uint32_t me(void)
{
    return (uint32_t)dom_current()->slot;
}

/* The domain this system call made able to proceed and has not woken yet
 * (IPC_NOBODY if none): woken at the end of the call, or handed the CPU if
 * the call blocks first. One CPU and a non-preemptible kernel: a single
 * variable, always empty between system calls. */
uint32_t sys_ipc_deferred = IPC_NOBODY;

static void defer_wake(uint32_t task)
{
    if (sys_ipc_deferred != IPC_NOBODY)
        kipc_wake(sys_ipc_deferred);
    sys_ipc_deferred = task;
}

void sys_ipc_flush_slow(void)
{
    uint32_t t = sys_ipc_deferred;
    sys_ipc_deferred = IPC_NOBODY;
    kipc_wake(t);
}

static void ipc_res_clear_block(struct ipc_res *res, uint8_t why)
{
    res->wake = IPC_NOBODY;
    res->block = why;
    res->gas = GAS_OK;
    res->pad = 0;
    res->retry_ns = 0;
}

/* Wait for what libcore said we would block on; the caller then retries. */
static void block(const struct ipc_res *res)
{
    struct domain *self = dom_current();
    if (sys_ipc_deferred != IPC_NOBODY && res->block != IPC_BLOCK_GAS && sys_ipc_deferred < MAX_DOMAINS) {
        struct domain *to = &domains[sys_ipc_deferred];
        sys_ipc_deferred = IPC_NOBODY;
        if (to->state == DOM_BLOCKED && to->block == BLOCK_IPC) {
            self->state = DOM_BLOCKED;
            self->block = BLOCK_IPC;
            ks_handoff(to);
            return;
        }
        kipc_wake((uint32_t)to->slot);
    }
    sys_ipc_flush();
    if (res->block == IPC_BLOCK_GAS) {
        /* Out of gas under the throttle policy: sleep until the refill. */
        uint64_t t = res->retry_ns / TICK_NS + 1;
        self->wake_tick = t > kernel_ticks() ? t : kernel_ticks() + 1;
        self->block = BLOCK_SLEEP;
        self->gas_blocks++;
    } else {
        self->block = BLOCK_IPC;
    }
    self->state = DOM_BLOCKED;
    ks_block();
}

/* What a successful operation asks of the host. The fast paths never get
 * here: their payment leaves a positive balance, so it has no outcome. */
void sysipc_after(const struct ipc_res *res)
{
    if (res->wake != IPC_NOBODY)
        defer_wake(res->wake);
    /* A kill-policy account this message emptied ends the sender (the
     * message went: it was paid for). Throttling is applied on the way out
     * of the system call (syscall.c). */
    if (res->gas == GAS_KILLED) {
        sys_ipc_flush();
        dom_kill_current(PHX_KILL_GAS, 0);
    }
    /* A notify-policy account this message emptied: its gas watch. */
    if (res->gas == GAS_NOTIFIED)
        kgas_exhausted(dom_current()->gas_acct, KGAS_VIA_IPC);
}

int64_t sys_ep_create(uint64_t self_h, uint64_t level, uint64_t cats)
{
    struct domain *self = dom_current();
    uint64_t id;
    int r = kcap_check(self, self_h, CAP_T_DOMAIN, CAP_R_CREATE, &id);
    if (r < 0)
        return r;
    if (id != (uint64_t)self->id)
        return PHX_E_INVAL;
    if (level > LABEL_LEVEL_MAX)
        return IPC_E_LABEL;
    struct cap_desc sc;
    struct cap_loc sl = {kcap_space(self), self_h};
    cap_lookup(&kcap_sys, sl, &sc);
    /* DECLASSIFY on the new endpoint only for a creator whose own domain cap
     * holds it: otherwise creating a low endpoint would be a way down. */
    uint32_t rights = CAP_R_READ | CAP_R_WRITE | CAP_R_GRANT | CAP_R_DERIVE | CAP_R_REVOKE |
                      (sc.rights & CAP_R_DECLASSIFY);
    struct cap_loc root;
    r = kipc_ep_create(self->id, label_make((uint32_t)level, cats), &root);
    if (r < 0)
        return r;
    cap_handle h;
    r = kcap_derive_to(root, self, rights, &h);
    if (r < 0) {
        kipc_abandon(root);
        return r;
    }
    return (int64_t)h;
}

int64_t sys_send(uint64_t ep, uint64_t umsg)
{
    struct ipc_msg m;
    int r = msg_in(umsg, &m);
    if (r < 0)
        return r;
    struct ipc_res res;
    while ((r = ipc_send(&kipc_sys, me(), ep, &m, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK)
        block(&res);
    if (r < 0)
        return r;
    sysipc_after(&res);
    return 0;
}

/* Block in IPC with the receive buffer's kernel address published for the
 * fast path (a partner's deliver writes straight into it). */
void sysipc_block_for(const struct ipc_res *res, struct ipc_msg *kout)
{
    struct domain *self = dom_current();
    self->ipc_kout = kout;
    block(res);
    self->ipc_kout = 0;
}

/* Leave a message the fast path completed for blocked domain `to`: in its
 * receive buffer if it published one, else in its domain to copy out. */
void sysipc_deliver(uint32_t to, const struct ipc_msg *in)
{
    struct domain *d = &domains[to];
    if (d->ipc_reg) {
        /* Blocked in a register call: straight into its registers. A long
         * message never gets here (kipc_reg_receiver_first, kipc_reply_fits). */
        if (in->hdr.len > PHX_REG_WORDS || in->hdr.ncaps)
            panic("sysipc_deliver: message too long for registers");
        d->ipc_ret = sysipc_regs_of_msg(d->uargs, in);
        d->ipc_in_ready = 3;
        return;
    }
    struct ipc_msg *k = d->ipc_kout ? d->ipc_kout : &d->ipc_in;
    k->hdr = in->hdr;
    for (uint32_t i = 0; i < in->hdr.len; i++)
        k->words[i] = in->words[i];
    d->ipc_in_ready = d->ipc_kout ? 2 : 1;
}

/* A message the fast path delivered to this domain while it was blocked:
 * copied out already or now (true), or false if there is none. */
static bool take_fast(uint64_t uout, struct ipc_msg *kout)
{
    struct domain *self = dom_current();
    uint8_t how = self->ipc_in_ready;
    if (!how)
        return false;
    self->ipc_in_ready = 0;
    if (how == 1)
        msg_out(uout, kout, &self->ipc_in);
    return true;
}

/* The caller's half of a call: wait for the reply, copy it out. */
static int64_t take_reply(uint64_t ureply, struct ipc_msg *kout)
{
    struct ipc_msg m;
    struct ipc_res res;
    int r;
    while ((r = ipc_reply_wait(&kipc_sys, me(), &m, &res)) == IPC_WOULD_BLOCK) {
        sysipc_block_for(&res, kout);
        if (take_fast(ureply, kout))
            return 0;
    }
    if (r == IPC_E_STATE)
        return PHX_E_PEER; /* released: the server or its endpoint ended */
    if (r < 0)
        return r;
    msg_out(ureply, kout, &m);
    return 0;
}

int64_t sys_call(uint64_t ep, uint64_t umsg, uint64_t ureply)
{
    struct ipc_msg m;
    int r = msg_in(umsg, &m);
    if (r < 0)
        return r;
    struct ipc_msg *kout;
    if ((r = out_ok(ureply, &kout)) < 0)
        return r;
    struct ipc_res res;
    uint32_t to;
    const struct ipc_msg *in;
    /* A message longer than registers hold must not be handed to a receiver
     * parked in SYS_REPLY_RECV_REG: the general path queues it and that
     * receiver's retry refuses it (PHX_E_MSGSIZE), leaving it queued. */
    bool fast = m.hdr.len <= PHX_REG_WORDS || !kipc_reg_receiver_first(dom_current(), ep);
    if (fast && ipc_call_fast(&kipc_sys, me(), ep, &m, kernel_now_ns(), &res, &to, &in) == 0) {
        /* The server has the call (it owes the reply) and this domain waits
         * for the reply (its ipc_reply_wait would only say so): hand the
         * server the CPU. The payment left a positive balance (GAS_OK), so
         * there is no gas outcome to apply. */
        sysipc_deliver(to, in);
        struct domain *self = dom_current(), *srv = &domains[to];
        if (srv->state == DOM_BLOCKED && srv->block == BLOCK_IPC) {
            self->ipc_kout = kout;
            self->state = DOM_BLOCKED;
            self->block = BLOCK_IPC;
            ks_handoff(srv);
            self->ipc_kout = 0;
            if (take_fast(ureply, kout))
                return 0;
        } else {
            kipc_wake(to);
        }
        return take_reply(ureply, kout);
    }
    while ((r = ipc_call(&kipc_sys, me(), ep, &m, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK)
        block(&res);
    if (r < 0)
        return r;
    sysipc_after(&res);
    return take_reply(ureply, kout);
}

/* Receive; `parked` when the fast path already parked the domain (its
 * ipc_recv found the ring empty): it blocks first. */
static int64_t do_recv(uint64_t ep, uint64_t uout, struct ipc_msg *kout, bool parked)
{
    struct ipc_msg m;
    struct ipc_res res;
    int r;
    if (parked) {
        ipc_res_clear_block(&res, IPC_BLOCK_EMPTY);
        sysipc_block_for(&res, kout);
        if (take_fast(uout, kout))
            return 0;
    }
    while ((r = ipc_recv(&kipc_sys, me(), ep, &m, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK) {
        sysipc_block_for(&res, kout);
        if (take_fast(uout, kout))
            return 0;
    }
    if (r < 0)
        return r;
    sysipc_after(&res);
    msg_out(uout, kout, &m);
    return 0;
}

int64_t sys_recv(uint64_t ep, uint64_t uout)
{
    struct ipc_msg *kout;
    int r = out_ok(uout, &kout);
    return r < 0 ? r : do_recv(ep, uout, kout, false);
}

int sysipc_do_reply(const struct ipc_msg *m)
{
    struct ipc_res res;
    int r;
    if (!kipc_reply_fits(dom_current(), m))
        return PHX_E_MSGSIZE;
    while ((r = ipc_reply(&kipc_sys, me(), m, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK)
        block(&res);
    if (r < 0)
        return r;
    sysipc_after(&res);
    return 0;
}

int64_t sys_reply(uint64_t umsg)
{
    struct ipc_msg m;
    int r = msg_in(umsg, &m);
    return r < 0 ? r : sysipc_do_reply(&m);
}

int64_t sys_reply_recv(uint64_t ep, uint64_t ureply, uint64_t uout)
{
    struct ipc_msg m;
    int r = msg_in(ureply, &m);
    if (r < 0)
        return r;
    struct ipc_msg *kout;
    if ((r = out_ok(uout, &kout)) < 0)
        return r;
    /* A reply that does not fit the caller's registers is refused first. */
    if (!kipc_reply_fits(dom_current(), &m))
        return PHX_E_MSGSIZE;
    struct ipc_res res;
    uint32_t to;
    const struct ipc_msg *rep;
    if (ipc_replyrecv_fast(&kipc_sys, me(), &m, ep, kernel_now_ns(), &res, &to, &rep) == 0) {
        /* The caller has its reply, this domain is parked: hand it the CPU. */
        sysipc_deliver(to, rep);
        sysipc_after(&res);
        return do_recv(ep, uout, kout, true);
    }
    /* A reply to a caller that went away is not the server's fault: it goes
     * on to receive. Any other refusal is returned before receiving. */
    r = sysipc_do_reply(&m);
    if (r < 0 && r != IPC_E_NOCALLER)
        return r;
    return do_recv(ep, uout, kout, false);
}

int64_t sys_notify(uint64_t ep, uint64_t bits)
{
    struct ipc_res res;
    int r;
    while ((r = ipc_signal(&kipc_sys, me(), ep, bits, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK)
        block(&res);
    if (r < 0)
        return r;
    sysipc_after(&res);
    return 0;
}

int64_t sys_ntfn_wait(uint64_t ep, uint64_t ubits)
{
    int r = uaccess_check(ubits, sizeof(uint64_t), true);
    if (r < 0)
        return r;
    uint64_t bits = 0;
    struct ipc_res res;
    while ((r = ipc_wait(&kipc_sys, me(), ep, &bits, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK)
        block(&res);
    if (r < 0)
        return r;
    sysipc_after(&res);
    return copy_to_user(ubits, &bits, sizeof bits);
}
