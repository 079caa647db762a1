/*
 * The simulator's only calls into libcore's IPC (core/ipc.h), with the
 * capabilities, labels and gas it needs: the sibling of policy.c for IPC
 * workloads. pi_create builds the world an experiment's ipc: section
 * describes:
 *
 *   - per workload, one capability space for its clients (a domain) and one
 *     per server or stage; hop h has an endpoint E_h labelled with the
 *     workload's level;
 *   - each client holds a WRITE capability to E_0 badged with its number;
 *     server h holds READ on E_h and, unless last, WRITE on E_{h+1};
 *   - every task carries the workload's label and pays its messages from
 *     the workload's gas account (GAS_OP_IPC: one unit per message).
 *
 * IPC task ids are 0..pi_ntasks-1 in the order: per workload, its clients,
 * then its hops. Each operation returns what the host loop of docs/ipc.md
 * needs: done, or blocked (and why), and whom to wake.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "exp.h"

struct pi;

enum pi_rc {
    PI_OK = 0,
    PI_BLOCK = 1, /* parked (empty, full, waiting for the reply): retry when woken */
    PI_GAS = 2,   /* the account cannot pay: retry at out.retry_ns */
};

struct pi_out {
    uint32_t wake;     /* IPC task to wake (it retries its operation), or UINT32_MAX */
    uint64_t retry_ns; /* PI_GAS: the account's next refill */
    uint64_t w0, w1;   /* message words received (recv, reply_wait) */
};

/* NULL when out of memory. */
struct pi *pi_create(const struct exp *e);
void pi_destroy(struct pi *p);
uint32_t pi_ntasks(const struct pi *p);
/* Task t's workload and role: hop < 0 for a client. */
void pi_role(const struct pi *p, uint32_t t, unsigned *wl, int *hop, uint32_t *index);

/* The host loop's operations for task t at time now, on CPU cpu (for the
 * trace). "next" is E_0 for a client and E_{h+1} for server h. Any libcore
 * refusal is a broken model: plat_panic names it. */
int pi_call_next(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
                 struct pi_out *o);
int pi_send_next(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
                 struct pi_out *o);
int pi_recv(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, struct pi_out *o);
int pi_reply(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
             struct pi_out *o);
int pi_reply_wait(struct pi *p, uint32_t t, unsigned cpu, struct pi_out *o);
/* Refill the gas accounts due at now. */
void pi_gas_tick(struct pi *p, uint64_t now);

/* Per workload: messages sent (send, call, reply) and gas spent. */
uint64_t pi_messages(const struct pi *p, unsigned wl);
uint64_t pi_gas_spent(const struct pi *p, unsigned wl);
size_t pi_bytes(const struct pi *p);
