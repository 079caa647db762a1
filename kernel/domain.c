/*
 * The domain table and a domain's life: spawn (address space, image, stack,
 * kernel stack), exit, kill, and releasing what it held. Called by the
 * system calls, the trap handlers and the scenarios; scheduling decisions
 * stay in ksched.c.
 */
#include "domain.h"

#include "core/trace.h"
#include "frame.h"
#include "klib.h"
#include "ksched.h"
#include "lib/string.h"
#include "phoenix/programs.h"

struct domain domains[MAX_DOMAINS];
static uint8_t kstacks[MAX_DOMAINS][KSTACK_BYTES] __attribute__((aligned(16)));
static struct domain *current;
static int next_id = 1;

static const char *const prog_names[PROG_COUNT] = {
#define PHX_PROG_NAME(name) #name,
    PHX_PROGRAMS(PHX_PROG_NAME)
#undef PHX_PROG_NAME
};

void dom_init(void)
{
    for (int i = 0; i < MAX_DOMAINS; i++)
        domains[i].slot = i;
}

struct domain *dom_current(void)
{
    return current;
}

void dom_set_current(struct domain *d)
{
    current = d;
}

struct domain *dom_by_id(int id)
{
    for (int i = 0; i < MAX_DOMAINS; i++) {
        if (domains[i].state != DOM_FREE && domains[i].id == id)
            return &domains[i];
    }
    return 0;
}

uint8_t *dom_kstack_top(const struct domain *d)
{
    return kstacks[d->slot] + KSTACK_BYTES;
}

int dom_live_count(void)
{
    int n = 0;
    for (int i = 0; i < MAX_DOMAINS; i++)
        n += domains[i].state != DOM_FREE && domains[i].state != DOM_ZOMBIE;
    return n;
}

struct domain *dom_spawn(const struct phx_spawn *sp, int parent, int *err)
{
    if (sp->prog >= PROG_COUNT || sp->weight == 0) {
        *err = PHX_E_INVAL;
        return 0;
    }
    struct domain *d = 0;
    for (int i = 0; i < MAX_DOMAINS && !d; i++) {
        if (domains[i].state == DOM_FREE)
            d = &domains[i];
    }
    uint64_t *pml4 = d ? vm_create() : 0;
    if (!pml4) {
        *err = PHX_E_NOMEM;
        return 0;
    }
    uint64_t entry = dom_load_image(pml4);
    if (!entry) {
        vm_destroy(pml4);
        *err = PHX_E_NOMEM;
        return 0;
    }
    int slot = d->slot;
    memset(d, 0, sizeof *d);
    d->slot = slot;
    d->id = next_id++;
    d->prog = sp->prog;
    const char *n = prog_names[sp->prog];
    for (int i = 0; n[i] && i < DOMAIN_NAME_MAX - 1; i++)
        d->name[i] = n[i];
    d->pml4 = pml4;
    d->parent = parent;
    d->budget_ticks = sp->budget_ticks;
    d->weight = sp->weight;
    arch_fpu_init(d->fpu);
    /* The program's main gets (program number, argument); the runtime's
     * start code dispatches on the first. */
    d->ctx = arch_prepare_user(dom_kstack_top(d), entry, USER_STACK_TOP, sp->prog, sp->arg);
    d->state = DOM_RUNNABLE;
    core_trace(TR_TASK_NEW, 0, (uint64_t)d->id, d->weight, (uint64_t)parent, 0);
    sched_add(d);
    return d;
}

static void wake_waiting_parent(struct domain *d)
{
    struct domain *p = d->parent ? dom_by_id(d->parent) : 0;
    if (p && p->state == DOM_BLOCKED && p->block == BLOCK_WAIT && p->wait_for == d->id)
        sched_wake(p);
}

static _Noreturn void finish(struct domain *d)
{
    /* Children of a finished domain are adopted by the kernel. */
    for (int i = 0; i < MAX_DOMAINS; i++) {
        if (domains[i].state != DOM_FREE && domains[i].parent == d->id)
            domains[i].parent = 0;
    }
    core_trace(TR_TASK_EXIT, 0, (uint64_t)d->id, (uint64_t)d->status, 0, 0);
    wake_waiting_parent(d);
    sched_exit();
}

_Noreturn void dom_exit_current(int64_t status)
{
    struct domain *d = current;
    d->status = status;
    d->killed = PHX_KILL_NONE;
    finish(d);
}

static const char *kill_reason(uint32_t reason)
{
    switch (reason) {
    case PHX_KILL_FAULT: return "CPU exception";
    case PHX_KILL_BUDGET: return "CPU budget used up";
    case PHX_KILL_GAS: return "gas exhausted (account policy: kill)";
    case PHX_KILL_PARENT: return "killed by its creator";
    default: return "unknown";
    }
}

_Noreturn void dom_kill_current(uint32_t reason, uint32_t detail)
{
    struct domain *d = current;
    if (!d)
        panic("dom_kill_current: no current domain");
    kprintf("kill: domain %d (%s) killed: %s (detail %u); the kernel continues\n", d->id, d->name,
            kill_reason(reason), detail);
    d->status = -1;
    d->killed = reason;
    d->detail = detail;
    finish(d);
}

void dom_free_memory(struct domain *d)
{
    if (d->pml4) {
        vm_activate(0);
        vm_destroy(d->pml4);
        d->pml4 = 0;
    }
}

void dom_release(struct domain *d)
{
    if (d->state != DOM_ZOMBIE)
        panic("dom_release: not a zombie");
    dom_free_memory(d);
    d->state = DOM_FREE;
}
