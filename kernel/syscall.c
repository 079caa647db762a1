/*
 * System calls. Each handler decodes and validates everything first (user
 * pointers through uaccess, numbers against their ranges) and returns an
 * error with no side effect if anything is wrong; only then does it act.
 */
#include "syscall.h"

#include "domain.h"
#include "klib.h"
#include "ksched.h"
#include "uaccess.h"

static int64_t sys_write(uint64_t buf, uint64_t len)
{
    if (len > PHX_WRITE_MAX)
        return PHX_E_INVAL;
    int r = uaccess_check(buf, len, false);
    if (r < 0)
        return r;
    char tmp[256];
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done > sizeof tmp ? sizeof tmp : (size_t)(len - done);
        copy_from_user(tmp, buf + done, n);
        console_write(tmp, n);
        done += n;
    }
    return (int64_t)len;
}

static int64_t sys_spawn(uint64_t uspec)
{
    struct phx_spawn sp;
    int r = copy_from_user(&sp, uspec, sizeof sp);
    if (r < 0)
        return r;
    if (sp.ncaps > PHX_SPAWN_MAX_CAPS)
        return PHX_E_INVAL;
    int err = 0;
    struct domain *c = dom_spawn(&sp, dom_current()->id, &err);
    return c ? c->id : err;
}

static int64_t sys_wait(uint64_t child, uint64_t uout)
{
    struct domain *self = dom_current();
    struct domain *c = child <= 0x7fffffff ? dom_by_id((int)child) : 0;
    if (!c || c->parent != self->id)
        return PHX_E_CHILD;
    int r = uaccess_check(uout, sizeof(struct phx_wait), true);
    if (r < 0)
        return r;
    while (c->state != DOM_ZOMBIE) {
        self->state = DOM_BLOCKED;
        self->block = BLOCK_WAIT;
        self->wait_for = c->id;
        sched_block();
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
    sched_block();
    return 0;
}

static int64_t sys_time(uint64_t uout)
{
    uint64_t now = kernel_now_ns();
    return copy_to_user(uout, &now, sizeof now);
}

int64_t syscall_dispatch(uint64_t nr, const uint64_t a[6])
{
    struct domain *self = dom_current();
    self->syscalls++;
    switch (nr) {
    case SYS_WRITE: return sys_write(a[0], a[1]);
    case SYS_YIELD: sched_yield(); return 0;
    case SYS_EXIT: dom_exit_current((int64_t)a[0]);
    case SYS_SPAWN: return sys_spawn(a[0]);
    case SYS_WAIT: return sys_wait(a[0], a[1]);
    case SYS_SLEEP: return sys_sleep(a[0]);
    case SYS_TIME: return sys_time(a[0]);
    case SYS_NULL: return 0;
    default: return PHX_E_NOSYS;
    }
}
