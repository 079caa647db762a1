/*
 * Gas accounting (libcore/gas): budgets of resources held in accounts.
 * An account has a balance, a cap, and a refill of `refill_amount` every
 * `refill_period_ns`. Running costs gas per unit of time, and each system
 * call, IPC message and capability operation costs gas from a cost table
 * the host sets. When an account runs dry its exhaustion policy applies:
 * throttle (its tasks are not eligible to run until a refill), kill, or
 * notify (an upcall; the domain keeps running). Gas moves between accounts
 * only by donation, and is conserved:
 *
 *     sum of all balances + all gas spent == all gas minted
 *
 * (minted = initial balances + refills; spent = paid charges + balances of
 * closed accounts), checked by gas_conserved()/gas_check().
 *
 * Gas knows nothing of schedulers or capabilities. It tells the host what
 * to do through return values: a charge returns GAS_THROTTLED / GAS_KILLED /
 * GAS_NOTIFIED when the account runs dry (the host calls sched_throttle,
 * removes the task, or delivers the upcall), and gas_tick() lists the
 * accounts a refill brought back (the host calls sched_unthrottle).
 * sched_account_gas() in core/sched.h does the common half of this glue.
 * An account is named by its index in the caller's array (a small integer
 * id) or, for a capability's 64-bit object reference, by gas_ref(): index
 * plus a generation so a reference to a closed account never reaches the
 * account that reuses its slot.
 *
 * Caller-owned memory, no allocation, no floats. Not thread-safe.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

/* Error codes of this module (block CORE_E_GAS_BASE). */
enum gas_err {
    GAS_E_NOACCT = CORE_E_GAS_BASE - 1,    /* no open account with this id or reference */
    GAS_E_FULL = CORE_E_GAS_BASE - 2,      /* every account slot is in use */
    GAS_E_PARAM = CORE_E_GAS_BASE - 3,     /* bad account parameters or cost table */
    GAS_E_FUNDS = CORE_E_GAS_BASE - 4,     /* donation above the donor's balance */
    GAS_E_CAP = CORE_E_GAS_BASE - 5,       /* donation would lift the receiver above its cap */
    GAS_E_KILLED = CORE_E_GAS_BASE - 6,    /* the account was killed by exhaustion */
    GAS_E_EXHAUSTED = CORE_E_GAS_BASE - 7, /* operation refused: balance below its cost */
    GAS_E_OP = CORE_E_GAS_BASE - 8,        /* unknown operation kind */
    GAS_E_SELF = CORE_E_GAS_BASE - 9,      /* donation to the same account */
};

/* What happens when an account runs dry. */
enum gas_policy { GAS_POL_THROTTLE = 0, GAS_POL_KILL = 1, GAS_POL_NOTIFY = 2 };

/* Account states. */
enum gas_state {
    GAS_ST_FREE = 0,  /* slot unused */
    GAS_ST_ACTIVE,    /* may be charged; its tasks are eligible */
    GAS_ST_THROTTLED, /* dry, throttle policy: not eligible until a refill */
    GAS_ST_KILLED,    /* dry, kill policy: refused everything; close it */
};

/* Non-negative results of a charge (negative values are errors). */
enum gas_outcome {
    GAS_OK = 0,        /* paid; the account still has gas */
    GAS_THROTTLED = 1, /* the account is (now or still) dry under throttle: throttle its tasks */
    GAS_KILLED = 2,    /* the account just ran dry under kill: end its tasks */
    GAS_NOTIFIED = 3,  /* the account just ran dry under notify: deliver the upcall (once
                          per exhaustion; it re-arms at the next refill) */
};

/* Cost kinds, written as `cost` in TR_GAS_CHARGE records. */
enum gas_op {
    GAS_OP_TIME = 0,    /* running time (gas_charge_time) */
    GAS_OP_SYSCALL = 1, /* one system call */
    GAS_OP_IPC = 2,     /* one IPC message */
    GAS_OP_CAP = 3,     /* one capability operation */
    GAS_OP_COUNT = 4
};

/* The published cost table. Running time costs time_cost gas per
 * time_unit_ns (>= 1) nanoseconds; fractions of a unit are carried per
 * account, so charging 1 ns a thousand times costs what 1000 ns costs.
 * op[GAS_OP_TIME] is unused. */
struct gas_costs {
    uint64_t time_unit_ns;
    uint64_t time_cost;
    uint64_t op[GAS_OP_COUNT];
};

struct gas_account {
    uint64_t balance; /* 0 .. cap */
    uint64_t cap;
    uint64_t refill_amount;    /* added every refill_period_ns (capped) */
    uint64_t refill_period_ns; /* 0: never refilled */
    uint64_t next_refill_ns;
    uint64_t spent;    /* gas this account paid */
    uint64_t unpaid;   /* run time charged while dry (not paid, not minted) */
    uint64_t carry_ns; /* run time below one time unit, not yet charged */
    uint32_t gen;      /* bumped at close: stale references fail */
    uint32_t hpos;     /* private: place in the refill queue, or UINT32_MAX */
    uint32_t hslot;    /* private: id of the account at refill-queue place [index] */
    uint8_t policy;    /* enum gas_policy */
    uint8_t state;     /* enum gas_state */
    uint8_t notified;  /* notify policy: upcall already reported */
    uint8_t pad;
};

struct gas_pool {
    struct gas_account *acct; /* caller-owned array of `cap` accounts */
    uint32_t cap;
    uint16_t cpu;  /* written in trace records */
    uint8_t trace; /* 1 (default): emit TR_GAS_* records */
    uint8_t trace_ops; /* 1 (default): also the TR_GAS_CHARGE of each operation (system call,
                          IPC message, capability operation); a host whose sink drops them sets 0
                          so they are never built */
    struct gas_costs costs;
    uint64_t minted; /* all gas ever created */
    uint64_t spent;  /* all gas ever consumed or retired */
    uint32_t nqueue; /* private: accounts waiting for a refill */
};

/* Empty pool over acct[cap] with cost table `costs` (copied). Errors:
 * CORE_E_INVAL (NULL, cap 0), GAS_E_PARAM (time_unit_ns 0). */
int gas_pool_init(struct gas_pool *p, struct gas_account *acct, uint32_t cap,
                  const struct gas_costs *costs);
/* Replace the cost table. Errors: GAS_E_PARAM. */
int gas_set_costs(struct gas_pool *p, const struct gas_costs *costs);

/* Open an account with `initial` gas (minted now), refilled by
 * refill_amount every refill_period_ns from now_ns (period 0: never), never
 * above cap. Writes its id. An account opened empty under the throttle
 * policy starts GAS_ST_THROTTLED (the host keeps its tasks throttled until
 * gas_tick reports it). Errors: GAS_E_PARAM (initial > cap, bad policy,
 * a refill amount without a period), GAS_E_FULL. */
int gas_open(struct gas_pool *p, uint64_t initial, uint64_t refill_amount,
             uint64_t refill_period_ns, uint64_t cap, enum gas_policy policy, uint64_t now_ns,
             uint32_t *id);
/* Close an account; its remaining balance is retired (counted as spent).
 * Errors: GAS_E_NOACCT. */
int gas_close(struct gas_pool *p, uint32_t id);

/* The account, or NULL if id names no open account (read-only view). */
const struct gas_account *gas_get(const struct gas_pool *p, uint32_t id);
/* A 64-bit reference (generation << 32 | id) for a capability's object
 * field, and its resolution back to an id. gas_resolve errors: GAS_E_NOACCT
 * (closed, reused or never opened). */
uint64_t gas_ref(const struct gas_pool *p, uint32_t id);
int gas_resolve(const struct gas_pool *p, uint64_t ref, uint32_t *id);

/* Charge ns of running time (whole time units, fractions carried). Time has
 * been used already, so the account pays what it can; the rest is recorded
 * as `unpaid`. Returns an enum gas_outcome, or GAS_E_NOACCT / GAS_E_KILLED. */
int gas_charge_time(struct gas_pool *p, uint32_t id, uint64_t ns);
/* Charge one operation of kind op from the cost table. The operation is
 * paid in full or refused: GAS_E_EXHAUSTED (balance below the cost, nothing
 * charged; the host refuses the operation). Returns an enum gas_outcome
 * (GAS_OK, or the exhaustion outcome when this charge empties the account),
 * or GAS_E_NOACCT / GAS_E_KILLED / GAS_E_OP. */
int gas_charge_op(struct gas_pool *p, uint32_t id, enum gas_op op);

/* gas_charge_op's common case, inlined for hot paths (the kernel's IPC fast
 * path and system-call entry): an active account whose balance stays above
 * zero after paying `op` (1 <= op < GAS_OP_COUNT), with no per-operation
 * record to write. Then it charges exactly as gas_charge_op would (balance,
 * the account's and the pool's spent, so conservation holds; the outcome
 * would be GAS_OK) and returns true. Otherwise it changes nothing and
 * returns false: the caller calls gas_charge_op, which decides. */
static inline bool gas_charge_op_fast(struct gas_pool *p, uint32_t id, enum gas_op op)
{
    if (id >= p->cap || (p->trace && p->trace_ops))
        return false;
    struct gas_account *a = &p->acct[id];
    uint64_t cost = p->costs.op[op];
    if (a->state != GAS_ST_ACTIVE || a->balance <= cost)
        return false;
    a->balance -= cost;
    a->spent += cost;
    p->spent += cost;
    return true;
}

/* Refill every account whose refill time has come (several missed periods
 * are added at once, capped), in order of refill time (ties by id). Writes
 * into woken[] the ids of accounts that were throttled and now have gas
 * again, at most max of them; returns how many were written. If it returns
 * max, accounts may remain unprocessed: call again. Accounts wait in a
 * queue ordered by refill time, so a tick costs O(1) when nothing is due
 * and O(log n) per account refilled. */
uint32_t gas_tick(struct gas_pool *p, uint64_t now_ns, uint32_t *woken, uint32_t max);

/* Move amount gas from account `from` to account `to`. PRECONDITION: the
 * caller has checked that the requester holds the donate right on `from`
 * (the capability-checked wrapper belongs to the capability layer). Returns
 * 1 if `to` was throttled and is active again (unthrottle its tasks), else
 * 0. Errors, with no effect: GAS_E_NOACCT, GAS_E_SELF, GAS_E_KILLED,
 * GAS_E_FUNDS, GAS_E_CAP. */
int gas_donate(struct gas_pool *p, uint32_t from, uint32_t to, uint64_t amount);

/* The conservation law and per-account bounds (balance <= cap, state
 * consistent with the balance). gas_conserved returns whether they hold;
 * gas_check panics naming the broken one. */
bool gas_conserved(const struct gas_pool *p);
void gas_check(const struct gas_pool *p);
