/*
 * The domain table and a domain's life: spawn (address space, image,
 * capability space, gas account, scheduler task), exit, kill, and releasing
 * what it held. Called by the system calls, the trap handlers and the
 * scenarios; scheduling decisions stay in ksched.c.
 */
#include "domain.h"

#include "core/gas.h"
#include "core/trace.h"
#include "frame.h"
#include "kcap.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "lib/string.h"
#include "memlayout.h"
#include "phoenix/programs.h"

struct domain domains[MAX_DOMAINS];
struct dom_record dom_history[DOM_HISTORY_MAX];
unsigned dom_history_len;
uint64_t syscall_seq;
static uint8_t kstacks[MAX_DOMAINS][KSTACK_BYTES] __attribute__((aligned(16)));
struct domain *dom_running;
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

void dom_set_current(struct domain *d)
{
    dom_running = d;
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

/* Domains neither free nor zombie. Kept as a count because the scheduler
 * loop asks after every dispatch (a scan of the table was 230 instructions
 * of each yield); dom_live_scan recounts, for the scenarios' check. */
static int live;

static bool is_live(const struct domain *d)
{
    return d->state != DOM_FREE && d->state != DOM_ZOMBIE;
}

int dom_live_count(void)
{
    return live;
}

int dom_live_scan(void)
{
    int n = 0;
    for (int i = 0; i < MAX_DOMAINS; i++)
        n += is_live(&domains[i]);
    return n;
}

void dom_mark_zombie(struct domain *d)
{
    if (is_live(d))
        live--;
    d->state = DOM_ZOMBIE;
}

struct kspawn kspawn_default(uint32_t prog, uint64_t arg)
{
    struct kspawn ks;
    memset(&ks, 0, sizeof ks);
    ks.prog = prog;
    ks.arg = arg;
    ks.weight = 1;
    ks.prio = SCHED_PRIO_LEVELS / 2;
    ks.gas_initial = ks.gas_max = 1000000000000ull;
    ks.gas_policy = GAS_POL_THROTTLE;
    ks.gas_donor = -1;
    ks.gas_rights = CAP_R_READ | CAP_R_DONATE;
    ks.self_rights = CAP_R_READ | CAP_R_SPAWN | CAP_R_CREATE;
    ks.label = label_bottom();
    ks.ncaps = 1;
    ks.caps[0] = kcap_console();
    ks.rights[0] = CAP_R_WRITE | CAP_R_DERIVE | CAP_R_GRANT | CAP_R_REVOKE;
    return ks;
}

/* Undo a partly built domain (spawn failed half-way). */
static void spawn_undo(struct domain *d)
{
    kcap_clear(d);
    kcap_drop_root(&d->root);
    kcap_drop_root(&d->gas_root);
    if (d->has_gas) {
        kgas_watch_clear(d->gas_acct);
        gas_close(&kgas_pool, d->gas_acct);
    }
    if (d->pml4)
        vm_destroy(d->pml4);
    int slot = d->slot;
    memset(d, 0, sizeof *d);
    d->slot = slot;
}

/* The start block the program finds through its third argument. */
static uint64_t write_start_block(struct domain *d, const struct phx_start *st)
{
    uint64_t va = USER_STACK_TOP - 256;
    uint64_t pa = vm_user_phys(d->pml4, va, true);
    memcpy(P2V(pa), st, sizeof *st);
    return va;
}

static int spawn_caps(struct domain *d, struct kspawn *ks, struct phx_start *st)
{
    int r = kcap_root(CAP_T_DOMAIN, (uint64_t)d->id, &d->root);
    if (!r)
        r = kcap_root(CAP_T_GAS, gas_ref(&kgas_pool, d->gas_acct), &d->gas_root);
    if (!r)
        r = kcap_derive_to(d->root, d, ks->self_rights, &st->self);
    if (!r)
        r = kcap_derive_to(d->gas_root, d, ks->gas_rights, &st->gas);
    for (uint32_t i = 0; !r && i < ks->ncaps; i++)
        r = kcap_derive_to(ks->caps[i], d, ks->rights[i], &st->caps[i]);
    st->ncaps = ks->ncaps;
    if (!r && ks->parent) {
        struct domain *p = dom_by_id(ks->parent);
        r = kcap_derive_to(d->root, p, CAP_R_READ | CAP_R_WRITE | CAP_R_KILL, &ks->parent_handle);
    }
    return r;
}

struct domain *dom_spawn(struct kspawn *ks, int *err)
{
    if (ks->prog >= PROG_COUNT || ks->ncaps > PHX_SPAWN_MAX_CAPS || !label_valid(ks->label)) {
        *err = PHX_E_INVAL;
        return 0;
    }
    struct domain *d = 0;
    for (int i = 0; i < MAX_DOMAINS && !d; i++) {
        if (domains[i].state == DOM_FREE)
            d = &domains[i];
    }
    if (!d) {
        *err = PHX_E_NOMEM;
        return 0;
    }
    int slot = d->slot;
    memset(d, 0, sizeof *d);
    d->slot = slot;
    d->id = next_id;
    int r = sched_task_init(&d->task, (uint32_t)d->id, ks->weight, ks->prio);
    if (r) {
        *err = r;
        return 0;
    }
    d->pml4 = vm_create();
    uint64_t entry = d->pml4 ? dom_load_image(d->pml4) : 0;
    if (!entry) {
        spawn_undo(d);
        *err = PHX_E_NOMEM;
        return 0;
    }
    /* The gas account: minted by the kernel, or funded by the creator. */
    bool donate = ks->gas_donor >= 0 && ks->gas_initial;
    r = gas_open(&kgas_pool, donate ? 0 : ks->gas_initial, ks->gas_refill, ks->gas_period_ns,
                 ks->gas_max, (enum gas_policy)ks->gas_policy, kernel_now_ns(), &d->gas_acct);
    d->has_gas = r == 0;
    if (!r && donate)
        r = gas_donate(&kgas_pool, (uint32_t)ks->gas_donor, d->gas_acct, ks->gas_initial);
    struct phx_start st;
    memset(&st, 0, sizeof st);
    if (r >= 0)
        r = spawn_caps(d, ks, &st);
    if (r < 0) {
        spawn_undo(d);
        *err = r;
        return 0;
    }
    /* Nothing can fail from here on. */
    next_id++;
    d->prog = ks->prog;
    const char *n = prog_names[ks->prog];
    for (int i = 0; n[i] && i < DOMAIN_NAME_MAX - 1; i++)
        d->name[i] = n[i];
    d->parent = ks->parent;
    st.id = (uint32_t)d->id;
    d->label = ks->label;
    st.label_level = ks->label.level;
    st.label_cats = ks->label.cats;
    kipc_domain_start(d);
    uint64_t start = write_start_block(d, &st);
    arch_fpu_init(d->fpu);
    /* The runtime's start code gets (program number, argument, start block). */
    d->ctx = arch_prepare_user(dom_kstack_top(d), entry, start, ks->prog, ks->arg, start);
    d->uargs = arch_syscall_args(dom_kstack_top(d));
    d->kstack_top = (uint64_t)(uintptr_t)dom_kstack_top(d);
    d->pml4_pa = V2P(d->pml4);
    d->state = DOM_RUNNABLE;
    live++;
    core_trace(TR_TASK_NEW, 0, (uint64_t)d->id, d->task.weight, (uint64_t)ks->parent, 0);
    ks_add(d);
    return d;
}

/* Wake whoever waits for d. */
static void wake_waiters(struct domain *d)
{
    for (int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *w = &domains[i];
        if (w->state == DOM_BLOCKED && w->block == BLOCK_WAIT && w->wait_for == d->id)
            ks_wake(w);
    }
}

/* What every ending shares: capabilities, gas, children, waiters. */
static void finish(struct domain *d)
{
    for (int i = 0; i < MAX_DOMAINS; i++) {
        if (domains[i].state != DOM_FREE && domains[i].parent == d->id)
            domains[i].parent = 0; /* adopted by the kernel */
    }
    kipc_domain_end(d);
    kcap_clear(d);
    kcap_drop_root(&d->gas_root);
    if (d->has_gas) {
        kgas_watch_clear(d->gas_acct); /* a watch dies with its account */
        gas_close(&kgas_pool, d->gas_acct);
        d->has_gas = false;
    }
    dom_mark_zombie(d);
    if (dom_history_len < DOM_HISTORY_MAX) {
        struct dom_record *h = &dom_history[dom_history_len++];
        h->id = d->id;
        h->parent = d->parent;
        h->prog = d->prog;
        h->killed = d->killed;
        h->detail = d->detail;
        h->status = d->status;
        h->ticks = d->ticks;
        h->writes = d->writes;
        h->last_write_seq = d->last_write_seq;
    }
    core_trace(TR_TASK_EXIT, 0, (uint64_t)d->id, (uint64_t)d->status, d->killed, 0);
    wake_waiters(d);
}

_Noreturn void dom_exit_current(int64_t status)
{
    struct domain *d = dom_running;
    d->status = status;
    d->killed = PHX_KILL_NONE;
    finish(d);
    ks_exit();
}

static const char *kill_reason(uint32_t reason)
{
    switch (reason) {
    case PHX_KILL_FAULT:
        return "CPU exception";
    case PHX_KILL_GAS:
        return "gas exhausted (account policy: kill)";
    case PHX_KILL_KILLED:
        return "killed through its domain capability";
    default:
        return "unknown";
    }
}

static void mark_killed(struct domain *d, uint32_t reason, uint32_t detail)
{
    kprintf("kill: domain %d (%s) killed: %s (detail %u); the kernel continues\n", d->id, d->name,
            kill_reason(reason), detail);
    d->status = -1;
    d->killed = reason;
    d->detail = detail;
}

_Noreturn void dom_kill_current(uint32_t reason, uint32_t detail)
{
    struct domain *d = dom_running;
    if (!d)
        panic("dom_kill_current: no current domain");
    mark_killed(d, reason, detail);
    finish(d);
    ks_exit();
}

void dom_kill(struct domain *d, uint32_t reason, uint32_t detail)
{
    if (d == dom_running)
        dom_kill_current(reason, detail);
    if (d->state == DOM_ZOMBIE || d->state == DOM_FREE)
        return;
    mark_killed(d, reason, detail);
    ks_remove(d);
    finish(d);
    dom_free_memory(d);
}

void dom_free_memory(struct domain *d)
{
    if (d->pml4) {
        if (dom_running != d)
            vm_activate(dom_running ? dom_running->pml4 : 0);
        else
            vm_activate(0);
        kipc_unmap_all(d);
        vm_destroy(d->pml4);
        d->pml4 = 0;
    }
}

void dom_release(struct domain *d)
{
    if (d->state != DOM_ZOMBIE)
        panic("dom_release: not a zombie");
    dom_free_memory(d);
    kcap_drop_root(&d->root);
    d->state = DOM_FREE;
}
