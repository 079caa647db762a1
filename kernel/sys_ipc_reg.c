/*
 * Register messages (docs/kernel.md "Register messages"): SYS_CALL_REG and
 * SYS_REPLY_RECV_REG, the call/reply round trip with up to PHX_REG_WORDS
 * inline words and no capabilities passed in the argument registers both
 * ways, so no user memory is translated, checked or copied. They are the
 * buffer calls' twins (sys_ipc.c) over the same libcore operations, the
 * same fast path (ipc_call_fast, ipc_replyrecv_fast) and the same general
 * path behind it; only the message's way in and out differs.
 *
 * entry.S sends both numbers straight to sys_ipc_reg, with the trap frame
 * as a[] (arguments in, results out): this file does the whole system call
 * (counters, gas, the operation, the common exit). The syscall charge is
 * inlined (gas_charge_op_fast) with libcore's gas_charge_op behind it, and
 * the message charge likewise inside libcore's fast path, so every call
 * pays exactly what the general path would.
 *
 * When the fast path completes a partner blocked in a register call, the
 * message goes into the partner's trap-frame registers and the CPU goes
 * straight back to user mode in the partner (pass_to, ks_handoff_user):
 * its pending kernel frames have nothing left to do and are skipped.
 *
 * A domain inside one of these calls is marked (ipc_reg): what it receives
 * must fit registers. A reply that does not fit is refused to the replier,
 * a queued message that does not fit is refused to this receiver and left
 * queued (PHX_E_MSGSIZE), and a long message never takes the fast path to
 * such a receiver (kipc.h).
 */
#include "core/gas.h"
#include "core/ipc.h"
#include "domain.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "sys_ipc.h"
#include "syscall.h"

/* The message in the argument registers: a[1] words of a[2..5]. Only the
 * header's len and ncaps are a sender's to give (libcore writes badge,
 * sequence, label and flags and never reads the sender's), and words past
 * the length are never read. */
static inline void msg_of_regs(struct ipc_msg *m, const uint64_t a[6])
{
    m->hdr.len = (uint32_t)a[1];
    m->hdr.ncaps = 0;
    m->words[0] = a[2];
    m->words[1] = a[3];
    m->words[2] = a[4];
    m->words[3] = a[5];
}

int64_t sysipc_regs_of_msg(uint64_t a[6], const struct ipc_msg *m)
{
    uint32_t n = m->hdr.len;
    a[0] = m->hdr.badge;
    a[1] = n | (uint64_t)m->hdr.flags << 32;
    a[2] = n > 0 ? m->words[0] : 0;
    a[3] = n > 1 ? m->words[1] : 0;
    a[4] = n > 2 ? m->words[2] : 0;
    a[5] = n > 3 ? m->words[3] : 0;
    return (int64_t)m->hdr.seq;
}

/* A message a partner's fast path completed for this domain while it was
 * blocked: written to its registers already (sysipc_deliver), *ret gets
 * the result. */
static inline bool take_fast(struct domain *self, uint64_t a[6], int64_t *ret)
{
    uint8_t how = self->ipc_in_ready;
    if (!how)
        return false;
    self->ipc_in_ready = 0;
    *ret = how == 3 ? self->ipc_ret : sysipc_regs_of_msg(a, &self->ipc_in);
    return true;
}

/* Block in IPC and give the CPU straight to `to` if it is blocked in IPC
 * (it has just been made able to proceed); otherwise wake it and block.
 * No receive buffer is published: deliveries go to the registers.
 *
 * The direct switch: when `to` is in a register call whose message was
 * just written to its registers (ipc_in_ready 3), its system call has
 * nothing left to do but what is done here for it (take the message, leave
 * the register call, set the result; no deferred wake-up pending, and its
 * account not throttled, else its syscall_leave would yield), so it goes
 * straight back to user mode (ks_handoff_user) instead of unwinding its
 * kernel stack. */
static void block_handoff(struct domain *self, uint32_t to)
{
    struct domain *d = &domains[to];
    self->ipc_kout = 0;
    self->state = DOM_BLOCKED;
    self->block = BLOCK_IPC;
    if (d->state == DOM_BLOCKED && d->block == BLOCK_IPC) {
        if (d->ipc_in_ready == 3 && sys_ipc_deferred == IPC_NOBODY &&
            (!d->has_gas || kgas_pool.acct[d->gas_acct].state != GAS_ST_THROTTLED)) {
            d->ipc_in_ready = 0;
            d->ipc_reg = 0;
            arch_syscall_set_result(d->uargs, d->ipc_ret);
            ks_handoff_user(d);
        } else {
            ks_handoff(d);
        }
    } else {
        kipc_wake(to);
        ks_block();
    }
}

/* The fast path's delivery and switch in one (the round trip's common
 * case, inlined into both calls): the partner `to` is blocked in a
 * register call, so the message goes straight into its registers, its
 * system call is complete and it returns to user mode at once; this domain
 * blocks. The same conditions as block_handoff's direct switch; anything
 * else takes sysipc_deliver and block_handoff. */
static inline __attribute__((always_inline)) void pass_to(struct domain *self, uint32_t to,
                                                          const struct ipc_msg *m)
{
    struct domain *d = &domains[to];
    if (d->ipc_reg && d->state == DOM_BLOCKED && d->block == BLOCK_IPC &&
        sys_ipc_deferred == IPC_NOBODY &&
        (!d->has_gas || kgas_pool.acct[d->gas_acct].state != GAS_ST_THROTTLED)) {
        /* A register caller or receiver only ever gets a message that fits
         * (kipc.h): at most PHX_REG_WORDS words, no caps. */
        uint64_t *ra = d->uargs;
        arch_syscall_set_result(ra, sysipc_regs_of_msg(ra, m));
        d->ipc_reg = 0;
        self->ipc_kout = 0;
        self->state = DOM_BLOCKED;
        self->block = BLOCK_IPC;
        ks_handoff_user(d);
        return;
    }
    sysipc_deliver(to, m);
    block_handoff(self, to);
}

/* The caller's half after its message went: wait for the reply. */
static int64_t take_reply(struct domain *self, uint64_t a[6])
{
    struct ipc_msg m;
    struct ipc_res res;
    int r;
    int64_t ret;
    while ((r = ipc_reply_wait(&kipc_sys, (uint32_t)self->slot, &m, &res)) == IPC_WOULD_BLOCK) {
        sysipc_block_for(&res, 0);
        if (take_fast(self, a, &ret))
            return ret;
    }
    if (r == IPC_E_STATE)
        return PHX_E_PEER; /* released: the server or its endpoint ended */
    if (r < 0)
        return r;
    return sysipc_regs_of_msg(a, &m);
}

static int64_t call_reg(struct domain *self, uint64_t a[6])
{
    if (a[1] > PHX_REG_WORDS)
        return PHX_E_INVAL;
    struct ipc_msg m;
    msg_of_regs(&m, a);
    uint32_t id = (uint32_t)self->slot, to;
    struct ipc_res res;
    const struct ipc_msg *in;
    int64_t ret;
    if (ipc_call_fast(&kipc_sys, id, a[0], &m, kernel_now_ns(), &res, &to, &in) == 0) {
        /* The server has the call and owes the reply (its registers or
         * buffer hold the message); this domain waits for the reply: the
         * server gets the CPU at once. The payment left a positive balance
         * (GAS_OK): no gas outcome to apply. */
        pass_to(self, to, in);
        if (take_fast(self, a, &ret))
            return ret;
        return take_reply(self, a);
    }
    int r;
    while ((r = ipc_call(&kipc_sys, id, a[0], &m, kernel_now_ns(), &res)) == IPC_WOULD_BLOCK)
        sysipc_block_for(&res, 0);
    if (r < 0)
        return r;
    sysipc_after(&res);
    return take_reply(self, a);
}

/* Receive into registers, blocking until a message comes. A queued
 * message that does not fit is refused and stays queued. */
static int64_t recv_reg(struct domain *self, cap_handle ep, uint64_t a[6])
{
    struct ipc_msg m;
    struct ipc_res res;
    int64_t ret;
    int r;
    for (;;) {
        if (!kipc_head_fits(self, ep))
            return PHX_E_MSGSIZE;
        r = ipc_recv(&kipc_sys, (uint32_t)self->slot, ep, &m, kernel_now_ns(), &res);
        if (r != IPC_WOULD_BLOCK)
            break;
        sysipc_block_for(&res, 0);
        if (take_fast(self, a, &ret))
            return ret;
    }
    if (r < 0)
        return r;
    sysipc_after(&res);
    return sysipc_regs_of_msg(a, &m);
}

static int64_t reply_recv_reg(struct domain *self, uint64_t a[6])
{
    cap_handle ep = a[0];
    if (a[1] == PHX_REG_NOREPLY)
        return recv_reg(self, ep, a);
    if (a[1] > PHX_REG_WORDS)
        return PHX_E_INVAL;
    struct ipc_msg m;
    msg_of_regs(&m, a);
    /* The reply fits any caller (at most PHX_REG_WORDS words, no caps). */
    struct ipc_res res;
    uint32_t to;
    const struct ipc_msg *rep;
    int64_t ret;
    if (ipc_replyrecv_fast(&kipc_sys, (uint32_t)self->slot, &m, ep, kernel_now_ns(), &res, &to,
                           &rep) == 0) {
        /* The caller has its reply; this domain is parked for the next
         * message: it blocks and hands the caller the CPU (GAS_OK as in
         * call_reg, so res has nothing else to apply). */
        pass_to(self, to, rep);
        if (take_fast(self, a, &ret))
            return ret;
        return recv_reg(self, ep, a);
    }
    /* As in sys_reply_recv: a caller that went away does not stop the
     * receive; any other refusal is returned before receiving. */
    int r = sysipc_do_reply(&m);
    if (r < 0 && r != IPC_E_NOCALLER)
        return r;
    return recv_reg(self, ep, a);
}

int64_t sys_ipc_reg(uint64_t nr, uint64_t a[6])
{
    struct domain *self = dom_current();
    self->syscalls++;
    syscall_seq++;
    /* syscall_pay's common case inline, syscall_pay itself otherwise. */
    if (self->has_gas && !gas_charge_op_fast(&kgas_pool, self->gas_acct, GAS_OP_SYSCALL)) {
        int r = syscall_pay(self, nr);
        if (r < 0)
            return r;
    }
    /* a[] is written only by sysipc_regs_of_msg, just before a successful
     * return: on an error the registers go back as they were passed. */
    self->ipc_reg = 1;
    int64_t ret = nr == SYS_CALL_REG ? call_reg(self, a) : reply_recv_reg(self, a);
    self->ipc_reg = 0;
    syscall_leave(self);
    return ret;
}
