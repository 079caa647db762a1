/*
 * Gas accounts for domains (kgas.h). libcore keeps the books; the kernel
 * turns its answers into scheduling: a refill that brings an account back
 * unthrottles the domain that owns it.
 */
#include "kgas.h"

#include "domain.h"
#include "klib.h"
#include "ksched.h"

struct gas_pool kgas_pool;
static struct gas_account accounts[MAX_DOMAINS];

void kgas_init(void)
{
    struct gas_costs c = {.time_unit_ns = KGAS_TIME_UNIT_NS, .time_cost = 1, .op = {0}};
    c.op[GAS_OP_SYSCALL] = KGAS_COST_SYSCALL;
    c.op[GAS_OP_IPC] = KGAS_COST_IPC;
    c.op[GAS_OP_CAP] = KGAS_COST_CAP;
    if (gas_pool_init(&kgas_pool, accounts, MAX_DOMAINS, &c))
        panic("kgas_init: pool");
    /* Build only the records the trace sink keeps (platform.c). */
    kgas_pool.trace = kplat_trace_level() != KPLAT_TRACE_OFF;
    kgas_pool.trace_ops = kplat_trace_level() == KPLAT_TRACE_ALL;
}

void kgas_unthrottle(uint32_t acct)
{
    for (int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = &domains[i];
        if (d->state != DOM_FREE && d->state != DOM_ZOMBIE && d->has_gas && d->gas_acct == acct)
            sched_unthrottle_domain(d);
    }
}

void kgas_tick(uint64_t now_ns)
{
    uint32_t woken[MAX_DOMAINS];
    uint32_t n;
    do {
        n = gas_tick(&kgas_pool, now_ns, woken, MAX_DOMAINS);
        for (uint32_t i = 0; i < n; i++)
            kgas_unthrottle(woken[i]);
    } while (n == MAX_DOMAINS);
}
