/*
 * The kernel's gas pool (libcore core/gas.h): one account per domain, the
 * published cost table, and the refill tick. An account's id is the index
 * libcore gives it; capabilities carry gas_ref() references. Also the gas
 * watches (kgas_watch.c): the notify policy's upcall, a notification on an
 * endpoint each time a watched account runs dry.
 */
#pragma once

#include <stdint.h>

#include "core/gas.h"
#include "core/label.h"

/* The cost table: gas per microsecond of running time and per operation. */
#define KGAS_TIME_UNIT_NS 1000u /* 1 gas buys 1 us of CPU */
#define KGAS_COST_SYSCALL 1u
#define KGAS_COST_IPC 5u
#define KGAS_COST_CAP 2u

extern struct gas_pool kgas_pool;

void kgas_init(void);
/* Refill due accounts and unthrottle the domains they belong to. */
void kgas_tick(uint64_t now_ns);
/* Unthrottle the domain whose account is acct (after a donation). */
void kgas_unthrottle(uint32_t acct);

/* ---- gas watches (kgas_watch.c; SYS_GAS_WATCH, docs/kernel.md "Gas") ----
 * At most one watch per account, indexed by the account id: when a charge
 * of that account returns GAS_NOTIFIED (notify policy, once per
 * exhaustion), the kernel ORs `bits` into the endpoint `ep` names, as the
 * label `from` of the domain that set the watch (libcore ipc_signal_host:
 * the flow rule is checked again), and wakes the domain waiting there. A
 * watch dies with its account (kgas_watch_clear at close) and with its
 * endpoint (found stale at delivery: dropped and counted). */
struct kgas_watch {
    uint64_t ep;          /* endpoint object reference */
    uint64_t bits;        /* 0: no watch */
    struct label from;    /* the setter's label */
    uint32_t gen;         /* the account's generation when it was set */
    uint32_t pad;
    uint64_t notified;    /* exhaustions seen while set (GAS_NOTIFIED results) */
    uint64_t delivered;   /* ... and delivered (they differ only by a drop) */
};

/* Where a charge that returned GAS_NOTIFIED was made. */
enum kgas_via {
    KGAS_VIA_TIME = 0, /* run time, at the end of a dispatch (ksched.c) */
    KGAS_VIA_SYSCALL,  /* a system call's own charge (syscall_pay) */
    KGAS_VIA_CAP,      /* a capability operation's charge (syscall_pay) */
    KGAS_VIA_IPC,      /* an IPC message's charge (libcore's res.gas, sys_ipc.c) */
    KGAS_VIA_COUNT
};

struct kgas_watch_stats {
    uint64_t notified[KGAS_VIA_COUNT]; /* every GAS_NOTIFIED result, watched or not */
    uint64_t delivered;                /* notifications delivered to an endpoint */
    uint64_t dropped;                  /* watches found stale (endpoint gone) at delivery */
};
extern struct kgas_watch_stats kgas_watch_stats;

/* Set (replace) the watch of account acct: validated by the caller
 * (sys_gas_watch: capabilities, endpoint live, flow), so it cannot fail.
 * The watch's counters start at 0. */
void kgas_watch_set(uint32_t acct, uint64_t ep, struct label from, uint64_t bits);
/* Remove the watch of acct (if any); its counters stay readable. */
void kgas_watch_clear(uint32_t acct);
/* The watch record of acct (bits 0: none), or NULL past the table. */
const struct kgas_watch *kgas_watch_get(uint32_t acct);
/* A charge of acct returned GAS_NOTIFIED: deliver its watch, if any. Only
 * on the slow paths, where the charge's result is examined anyway. */
void kgas_exhausted(uint32_t acct, enum kgas_via via);
