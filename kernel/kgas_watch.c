/*
 * Gas watches (kgas.h): the notify policy's upcall, the microkernel way. A
 * domain holding a gas capability (READ) and an endpoint capability
 * (WRITE) asks, with SYS_GAS_WATCH, to be told when that account runs dry;
 * from then on each GAS_NOTIFIED result (once per exhaustion, re-armed by
 * the next refill) ORs the watch's bits into the endpoint's notification
 * word through libcore's ipc_signal_host, and a domain parked in
 * ntfn_wait there is woken. Called by the charge sites (syscall.c,
 * ksched.c, sys_ipc.c) only when a charge returned GAS_NOTIFIED, so no hot
 * path pays for it.
 *
 * The table is indexed by account id (MAX_DOMAINS accounts). A watch
 * records the account's generation, the endpoint's reference (not a
 * capability: revoking the setter's capability does not end it) and the
 * setter's label, which the delivery checks against the endpoint's again.
 * It ends when replaced or removed, when its account closes
 * (kgas_watch_clear from domain.c), or when its endpoint is found gone at
 * delivery (dropped and counted).
 */
#include "kgas.h"

#include "core/ipc.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "param.h"

struct kgas_watch_stats kgas_watch_stats;
static struct kgas_watch watches[MAX_DOMAINS];

void kgas_watch_set(uint32_t acct, uint64_t ep, struct label from, uint64_t bits)
{
    if (acct >= MAX_DOMAINS || !bits)
        panic("kgas_watch_set: bad account or bits");
    struct kgas_watch *w = &watches[acct];
    w->ep = ep;
    w->bits = bits;
    w->from = from;
    w->gen = kgas_pool.acct[acct].gen;
    w->notified = 0;
    w->delivered = 0;
}

void kgas_watch_clear(uint32_t acct)
{
    if (acct < MAX_DOMAINS)
        watches[acct].bits = 0;
}

const struct kgas_watch *kgas_watch_get(uint32_t acct)
{
    return acct < MAX_DOMAINS ? &watches[acct] : 0;
}

void kgas_exhausted(uint32_t acct, enum kgas_via via)
{
    kgas_watch_stats.notified[via]++;
    if (acct >= MAX_DOMAINS)
        return;
    struct kgas_watch *w = &watches[acct];
    /* A watch outliving its account would be a missed kgas_watch_clear;
     * the generation keeps it from reaching the account's next owner. */
    if (!w->bits || w->gen != kgas_pool.acct[acct].gen)
        return;
    w->notified++;
    struct ipc_res res;
    if (ipc_signal_host(&kipc_sys, w->ep, w->from, w->bits, kernel_now_ns(), &res) < 0) {
        /* The endpoint is gone (its owner ended): the watch dies with it. */
        w->bits = 0;
        kgas_watch_stats.dropped++;
        return;
    }
    w->delivered++;
    kgas_watch_stats.delivered++;
    kipc_wake(res.wake);
}
