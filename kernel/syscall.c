/*
 * System calls: dispatch, gas per call, and the calls about the caller
 * itself and the console (write, yield, exit, wait, sleep, time). Each
 * handler decodes and validates everything first (capabilities through
 * libcore, user pointers through uaccess, numbers against their ranges) and
 * returns an error with no side effect if anything is wrong; only then does
 * it act.
 */
#include "syscall.h"

#include "core/gas.h"
#include "domain.h"
#include "kcap.h"
#include "kgas.h"
#include "klib.h"
#include "ksched.h"
#include "uaccess.h"

static int64_t sys_write(uint64_t con, uint64_t buf, uint64_t len)
{
    struct domain *self = dom_current();
    uint64_t obj;
    int r = kcap_check(self, con, CAP_T_ENDPOINT, CAP_R_WRITE, &obj);
    if (r < 0)
        return r;
    if (obj != PHX_OBJ_CONSOLE)
        return PHX_E_INVAL;
    if (len > PHX_WRITE_MAX)
        return PHX_E_INVAL;
    r = uaccess_check(buf, len, false);
    if (r < 0)
        return r;
    char tmp[256];
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done > sizeof tmp ? sizeof tmp : (size_t)(len - done);
        copy_from_user(tmp, buf + done, n);
        console_write(tmp, n);
        done += n;
    }
    self->writes++;
    self->last_write_seq = syscall_seq;
    return (int64_t)len;
}

static int64_t sys_wait(uint64_t h, uint64_t uout)
{
    struct domain *self = dom_current();
    uint64_t id;
    int r = kcap_check(self, h, CAP_T_DOMAIN, CAP_R_READ, &id);
    if (r < 0)
        return r;
    struct domain *c = id <= 0x7fffffff ? dom_by_id((int)id) : 0;
    if (!c || c == self)
        return PHX_E_CHILD;
    r = uaccess_check(uout, sizeof(struct phx_wait), true);
    if (r < 0)
        return r;
    while (c->state != DOM_ZOMBIE) {
        self->state = DOM_BLOCKED;
        self->block = BLOCK_WAIT;
        self->wait_for = (int)id;
        ks_block();
        /* Another holder of the capability may have collected it meanwhile. */
        c = dom_by_id((int)id);
        if (!c)
            return PHX_E_CHILD;
    }
    struct phx_wait w = {c->status, c->killed, c->detail};
    copy_to_user(uout, &w, sizeof w);
    dom_release(c);
    return 0;
}

static int64_t sys_sleep(uint64_t ns)
{
    struct domain *self = dom_current();
    if (ns > (1ull << 60))
        return PHX_E_INVAL;
    uint64_t t = (ns + TICK_NS - 1) / TICK_NS;
    self->wake_tick = kernel_ticks() + (t ? t : 1);
    self->state = DOM_BLOCKED;
    self->block = BLOCK_SLEEP;
    ks_block();
    return 0;
}

static int64_t sys_time(uint64_t uout)
{
    uint64_t now = kernel_now_ns();
    return copy_to_user(uout, &now, sizeof now);
}

int syscall_pay(struct domain *self, uint64_t nr)
{
    if (!self->has_gas)
        return 0;
    /* The common case inline (libcore's gas_charge_op_fast: an active
     * account that stays above zero, no record to write); else libcore
     * decides, exhaustion policy included. */
    int r = gas_charge_op_fast(&kgas_pool, self->gas_acct, GAS_OP_SYSCALL)
                ? GAS_OK
                : gas_charge_op(&kgas_pool, self->gas_acct, GAS_OP_SYSCALL);
    enum kgas_via via = KGAS_VIA_SYSCALL;
    if (r == 0 && ((nr >= SYS_CAP_COPY && nr <= SYS_CAP_DELETE) || nr == SYS_EP_CREATE ||
                   nr == SYS_FRAME_ALLOC || nr == SYS_FRAME_MAP)) {
        r = gas_charge_op(&kgas_pool, self->gas_acct, GAS_OP_CAP);
        via = KGAS_VIA_CAP;
    }
    if (r == GAS_OK)
        return 0; /* the common case: one test for every outcome below */
    if (r == GAS_KILLED || r == GAS_E_KILLED)
        dom_kill_current(PHX_KILL_GAS, 0);
    if (r == GAS_NOTIFIED)
        kgas_exhausted(self->gas_acct, via); /* the upcall: the call itself goes on */
    return r < 0 ? r : 0;
}

void syscall_leave(struct domain *self)
{
    sys_ipc_flush();
    /* A throttle-policy account that this call emptied: end the slot now so
     * the loop throttles the domain until its refill. */
    if (self->has_gas && kgas_pool.acct[self->gas_acct].state == GAS_ST_THROTTLED)
        ks_yield();
}

int64_t syscall_dispatch(uint64_t nr, uint64_t a[6])
{
    struct domain *self = dom_current();
    self->syscalls++;
    syscall_seq++;
    if (nr == SYS_EXIT)
        dom_exit_current((int64_t)a[0]);
    int r = syscall_pay(self, nr);
    if (r < 0)
        return r;
    int64_t ret;
    switch (nr) {
    case SYS_WRITE:
        ret = sys_write(a[0], a[1], a[2]);
        break;
    case SYS_YIELD:
        ks_yield();
        ret = 0;
        break;
    case SYS_SPAWN:
        ret = sys_spawn(a[0]);
        break;
    case SYS_WAIT:
        ret = sys_wait(a[0], a[1]);
        break;
    case SYS_SLEEP:
        ret = sys_sleep(a[0]);
        break;
    case SYS_TIME:
        ret = sys_time(a[0]);
        break;
    case SYS_NULL:
        ret = 0;
        break;
    case SYS_CAP_COPY:
        ret = sys_cap_copy(a[0], a[1]);
        break;
    case SYS_CAP_DERIVE:
        ret = sys_cap_derive(a[0], a[1], a[2], a[3]);
        break;
    case SYS_CAP_REVOKE:
        ret = sys_cap_revoke(a[0]);
        break;
    case SYS_CAP_DELETE:
        ret = sys_cap_delete(a[0]);
        break;
    case SYS_GAS_BALANCE:
        ret = sys_gas_balance(a[0], a[1]);
        break;
    case SYS_GAS_DONATE:
        ret = sys_gas_donate(a[0], a[1], a[2]);
        break;
    case SYS_GAS_WATCH:
        ret = sys_gas_watch(a[0], a[1], a[2]);
        break;
    case SYS_SCHED_SET:
        ret = sys_sched_set(a[0], a[1]);
        break;
    case SYS_KILL:
        ret = sys_kill(a[0]);
        break;
    case SYS_EP_CREATE:
        ret = sys_ep_create(a[0], a[1], a[2]);
        break;
    case SYS_SEND:
        ret = sys_send(a[0], a[1]);
        break;
    case SYS_CALL:
        ret = sys_call(a[0], a[1], a[2]);
        break;
    case SYS_RECV:
        ret = sys_recv(a[0], a[1]);
        break;
    case SYS_REPLY:
        ret = sys_reply(a[0]);
        break;
    case SYS_REPLY_RECV:
        ret = sys_reply_recv(a[0], a[1], a[2]);
        break;
    case SYS_NOTIFY:
        ret = sys_notify(a[0], a[1]);
        break;
    case SYS_NTFN_WAIT:
        ret = sys_ntfn_wait(a[0], a[1]);
        break;
    case SYS_FRAME_ALLOC:
        ret = sys_frame_alloc(a[0]);
        break;
    case SYS_FRAME_MAP:
        ret = sys_frame_map(a[0], a[1], a[2]);
        break;
    case SYS_RANDOM:
        ret = sys_random(a[0], a[1]);
        break;
    default:
        ret = PHX_E_NOSYS;
    }
    syscall_leave(self);
    return ret;
}
