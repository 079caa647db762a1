/*
 * The scheduler interface (libcore/sched): one run queue per CPU, one policy
 * per run queue, the same calls for every policy. Hosts (the simulator, the
 * kernel, later the DAG module) own all memory: a struct sched_task embedded
 * in their task or domain, and a struct sched_rq with a node array of
 * SCHED_NODES(capacity) entries for the policy's heaps and trees.
 *
 * Policies: "beatty" (exact Beatty/pfair slots, lag < 1), "rr", "prio"
 * (fixed priority, O(1) bitmap), "stride" (exact virtual times), "lottery"
 * (plat_random_bytes), "eevdf". They can be swapped at run time with
 * sched_switch_policy() without losing a task. docs/schedulers.md gives the
 * definitions, the guarantees and their proofs.
 *
 * The dispatch protocol, for every policy and host:
 *
 *   t = sched_pick(rq);            // NULL: nothing runnable (idle)
 *   ... run t for up to rq->quantum_ns ...
 *   sched_account(rq, t, used_ns); // closes the dispatch; required
 *   then, if t stopped early: sched_block / sched_remove / sched_throttle
 *
 * Between pick and account the picked task is "current": calls that change
 * current itself (block, remove, set weight/prio, throttle) are refused with
 * SCHED_E_CURRENT; other tasks may join, leave, block and wake at any time
 * (e.g. from an interrupt). Time is integer nanoseconds (or ticks: libcore
 * never interprets the unit beyond adding it up). No call allocates, none uses
 * floating point, and the proportional-share picks are O(log n).
 *
 * Not thread-safe: a run queue belongs to one CPU; the host serialises calls.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Error codes of this module (block CORE_E_SCHED_BASE). */
enum sched_err {
    SCHED_E_WEIGHT = CORE_E_SCHED_BASE - 1,     /* weight 0 or above SCHED_WEIGHT_MAX */
    SCHED_E_PRIO = CORE_E_SCHED_BASE - 2,       /* priority not below SCHED_PRIO_LEVELS */
    SCHED_E_ATTACHED = CORE_E_SCHED_BASE - 3,   /* task already belongs to a run queue */
    SCHED_E_NOTHERE = CORE_E_SCHED_BASE - 4,    /* task does not belong to this run queue */
    SCHED_E_CURRENT = CORE_E_SCHED_BASE - 5,    /* task has an open dispatch: account first */
    SCHED_E_NOTCURRENT = CORE_E_SCHED_BASE - 6, /* account for a task that was not picked */
    SCHED_E_STATE = CORE_E_SCHED_BASE - 7,      /* block a blocked task, wake a runnable one... */
    SCHED_E_POLICY = CORE_E_SCHED_BASE - 8,     /* no such policy */
    SCHED_E_CAPACITY = CORE_E_SCHED_BASE - 9,   /* capacity 0 or above SCHED_CAPACITY_MAX */
    SCHED_E_FULL = CORE_E_SCHED_BASE - 10,      /* run queue holds `capacity` tasks already */
    SCHED_E_BUSY = CORE_E_SCHED_BASE - 11,      /* policy switch while a dispatch is open */
};

/* Limits chosen so that every product in the policies fits its integer:
 * weights <= 2^20 and tasks <= 2^24 keep the weight sum W <= 2^44, so
 * w * (x mod W) < 2^64 (64-bit joins) and virtual-time cross products stay
 * below 2^128. */
#define SCHED_WEIGHT_MAX (1u << 20)
#define SCHED_CAPACITY_MAX (1u << 24)
#define SCHED_PRIO_LEVELS 64u /* priority 0 is the most urgent */

/* Policy ids, as written in TR_SCHED_SWITCH / TR_SCHED_POLICY records. */
enum sched_policy_id {
    SCHED_POL_BEATTY = 1,
    SCHED_POL_RR = 2,
    SCHED_POL_PRIO = 3,
    SCHED_POL_STRIDE = 4,
    SCHED_POL_LOTTERY = 5,
    SCHED_POL_EEVDF = 6,
    SCHED_POL_COUNT = 7
};

/* Task flags (read-only for hosts). A task is runnable, i.e. eligible to be
 * picked by any policy, iff it is attached and neither blocked nor
 * throttled. */
#define SCHED_F_ATTACHED 0x1u
#define SCHED_F_BLOCKED 0x2u   /* waits for an event (sched_block/sched_wake) */
#define SCHED_F_THROTTLED 0x4u /* out of gas (sched_throttle/sched_unthrottle) */

struct sched_rq;

/* One schedulable entity, embedded in the host's task or domain struct.
 * Initialise with sched_task_init(); afterwards hosts read it but change it
 * only through the calls below. */
struct sched_task {
    uint32_t id;     /* host's name for the task, used in trace records */
    uint32_t weight; /* share for beatty/stride/lottery/eevdf, 1..SCHED_WEIGHT_MAX */
    uint8_t prio;    /* level for prio, 0 (most urgent)..SCHED_PRIO_LEVELS-1 */
    uint8_t flags;   /* SCHED_F_* */
    uint8_t where;   /* private: which structure holds the task */
    uint8_t pad;
    uint32_t seq; /* join order on this run queue: the final tie-breaker */
    uint32_t pos; /* private: index in a heap or lottery slot */
    struct sched_rq *rq;
    struct sched_task *next, *prev;         /* private: rr/prio queue links */
    struct sched_task *all_next, *all_prev; /* private: attached tasks (hot swap) */
    /* Beatty/stride/EEVDF: virtual service; the task's virtual time is
     * vs/weight (Beatty counts slots, stride and EEVDF nanoseconds). */
    uint64_t vs;
    /* Private, Beatty: the finish (vs + S)/weight in fixed point, exactly:
     * (vs + S) 2^52 = (b_k >> 32) weight + b_r, kept as the order key b_k =
     * finish << 32 | seq; one slot of S time units adds S 2^52/weight =
     * (b_qk >> 32) + b_s/weight. */
    uint64_t b_kh, b_kl; /* b_k's halves (kept apart: 128-bit stores stall loads) */
    unsigned __int128 b_qk;
    uint32_t b_r, b_s;
    /* Private, Beatty: vs is relative to run queue b_home's virtual clock
     * number b_epoch; b_lag is the task's lag, rounded up to a time unit and
     * clamped to one slot either way, when it last left a run queue. Off
     * the run queue, vs is counted from b_epoch's origin (not from the
     * current, rebased frame), so rebases need not visit it. */
    const struct sched_rq *b_home;
    int64_t b_lag;
    uint32_t b_epoch;
    /* Accounting, kept across migrations and policy switches. */
    uint64_t received_ns; /* total time accounted with sched_account() */
    uint64_t dispatches;  /* number of dispatches (slots) received */
};

/* A slot of the caller-provided node array (heaps, lottery tree, Beatty's
 * calendar buckets). */
struct sched_node {
    uint64_t key;
    uint32_t seq; /* seq then w: together one little-endian (w << 32 | seq) */
    uint32_t w;
    struct sched_task *t;
};

/* Node array entries needed for a run queue of `capacity` tasks: two heaps
 * of `capacity` nodes, and for Beatty a calendar of at least 2 * capacity
 * buckets (the largest power of two that fits the rest, at least 64). */
#define SCHED_NODES(capacity) (6u * (uint32_t)(capacity) + 64u)

struct sched_policy;

/* A run queue: one per CPU. Fields are private except where noted. */
struct sched_rq {
    const struct sched_policy *pol;
    struct sched_node *nodes; /* SCHED_NODES(cap) entries, caller-owned */
    uint32_t cap;
    uint32_t nr_attached; /* readable: tasks attached (runnable or not) */
    uint32_t nr_runnable; /* readable: tasks eligible to run */
    uint32_t n_ready, n_pend;
    uint32_t next_seq;
    uint64_t weight_sum;        /* readable: W, sum of the runnable tasks' weights */
    uint64_t quantum_ns;        /* host-set before the first sched_add: the time slice
                                   (stride/eevdf key on it, beatty's slot; to change it
                                   later, call sched_switch_policy(rq, rq->pol), which
                                   re-keys) */
    uint64_t dispatches;        /* readable: dispatches accounted on this run queue */
    uint16_t cpu;               /* host-set: written in trace records */
    uint8_t trace;              /* host-set: 1 emits sched trace records (default) */
    struct sched_task *current; /* readable: picked and not yet accounted */
    struct sched_task *last;    /* previous task picked, for TR_SCHED_SWITCH */
    struct sched_task *all;     /* attached tasks */
    uint64_t vs_sum;            /* beatty/stride/eevdf: sum of runnable tasks' vs */
    uint64_t b_slot;            /* beatty: the slot length S, quantum_ns when last empty */
    struct sched_task *b_last;  /* beatty: accounted since the last pick, with ... */
    uint64_t b_used;            /* ... the time its dispatch ran */
    uint32_t b_epoch;           /* beatty: +1 whenever the virtual clock restarts */
    uint64_t b_start;           /* beatty: virtual time a restarted clock starts at
                                   (sched_beatty_set_vclock; default 0) */
    uint64_t b_shift;           /* beatty: virtual time rebased away in this epoch:
                                   the epoch's origin is at b_start - b_shift */
    uint64_t b_rebases;         /* readable: beatty rebases of the virtual clock */
    /* Beatty's calendar of finishes (sched_beatty_cal.h): bucket number
     * b_k >> c_shift (mod 2^64), c_mask + 1 buckets in use, covering the
     * bucket numbers c_base .. c_base + c_mask. */
    struct sched_node *c_node;  /* the bucket nodes: nodes + 2 cap */
    uint64_t c_base;
    uint32_t c_mask, c_bmax;    /* buckets in use - 1; buckets that fit */
    uint32_t c_sumoff;          /* first node whose key is a summary word */
    uint32_t n_cal;             /* tasks in the calendar */
    uint32_t c_tune;            /* decisions until the next size check */
    uint8_t c_shift;
    uint8_t c_on;               /* 0: too few tasks, the heap holds all */
    uint64_t c_rebuilds;        /* readable: calendar rebuilds (size changes) */
    uint64_t c_crowded;         /* readable: inserts a crowded bucket sent to the heap */
    uint64_t prio_map;          /* prio: bit l set iff level l is non-empty */
    struct sched_task *head[SCHED_PRIO_LEVELS]; /* rr uses head[0]/tail[0] */
    struct sched_task *tail[SCHED_PRIO_LEVELS];
};

/* ---- policies ---- */

/* The policy named "beatty", "rr", "prio", "stride", "lottery" or "eevdf",
 * or NULL. */
const struct sched_policy *sched_policy_by_name(const char *name);
/* The policy with id `id` (enum sched_policy_id), or NULL. */
const struct sched_policy *sched_policy_by_id(unsigned id);
const char *sched_policy_name(const struct sched_policy *pol);
unsigned sched_policy_id(const struct sched_policy *pol);

/* ---- run queues and tasks ---- */

/* Make rq an empty run queue of policy pol holding at most cap tasks, using
 * nodes[SCHED_NODES(cap)]. quantum_ns defaults to 1 (unit slots); trace on.
 * Errors: SCHED_E_POLICY, SCHED_E_CAPACITY, CORE_E_INVAL (nodes NULL). */
int sched_rq_init(struct sched_rq *rq, const struct sched_policy *pol, struct sched_node *nodes,
                  uint32_t cap, uint16_t cpu);

/* Prepare a detached task. Errors: SCHED_E_WEIGHT, SCHED_E_PRIO (t unchanged). */
int sched_task_init(struct sched_task *t, uint32_t id, uint32_t weight, uint8_t prio);

/* Attach t (runnable unless it carries SCHED_F_BLOCKED/THROTTLED from before,
 * e.g. after a migration) to rq. Errors: SCHED_E_ATTACHED, SCHED_E_FULL. */
int sched_add(struct sched_rq *rq, struct sched_task *t);
/* Detach t (exit, or migration to another run queue: its accounting and
 * blocked/throttled flags travel with it). Errors: SCHED_E_NOTHERE,
 * SCHED_E_CURRENT. */
int sched_remove(struct sched_rq *rq, struct sched_task *t);

/* Block/wake (interactive tasks) and throttle/unthrottle (gas). The two
 * conditions are independent; a task runs only when it has neither.
 * Errors: SCHED_E_NOTHERE, SCHED_E_CURRENT (block/throttle of current),
 * SCHED_E_STATE (flag already in the requested state). */
int sched_block(struct sched_rq *rq, struct sched_task *t);
int sched_wake(struct sched_rq *rq, struct sched_task *t);
int sched_throttle(struct sched_rq *rq, struct sched_task *t);
int sched_unthrottle(struct sched_rq *rq, struct sched_task *t);

/* Change t's weight or priority level. Errors: SCHED_E_WEIGHT/SCHED_E_PRIO,
 * SCHED_E_NOTHERE, SCHED_E_CURRENT. */
int sched_set_weight(struct sched_rq *rq, struct sched_task *t, uint32_t weight);
int sched_set_prio(struct sched_rq *rq, struct sched_task *t, uint8_t prio);

/* Choose the task to run next and make it current (O(log n) for the
 * proportional-share policies, O(1) for rr/prio). Returns NULL when no task
 * is runnable; if a dispatch is already open, returns current again. */
struct sched_task *sched_pick(struct sched_rq *rq);

/* Close t's dispatch: it ran used_ns (0..any; less than the quantum when it
 * blocked early). Beatty charges one whole slot (quantum_ns) unless t
 * leaves the run queue before the next pick, when it pays exactly
 * min(used_ns, quantum_ns) (docs/schedulers.md, "Time-based hosts").
 * Errors: SCHED_E_NOTCURRENT. */
int sched_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns);

/* Hot swap: move every attached task (runnable, blocked or throttled) to
 * policy pol, keeping weights, priorities, flags and accounting. Returns the
 * number of tasks moved (>= 0) or SCHED_E_POLICY, SCHED_E_BUSY (a dispatch is
 * open). */
int sched_switch_policy(struct sched_rq *rq, const struct sched_policy *pol);

/* The attached tasks in join order (runnable or not), for load balancers
 * and listings: sched_next_attached(rq, NULL) is the first, NULL ends.
 * Do not remove the returned task before taking its successor. */
struct sched_task *sched_next_attached(const struct sched_rq *rq, const struct sched_task *t);

/* Check the run queue's structures (heap order, counts, weight sum); panics
 * naming the broken invariant. For tests and debug hosts: O(n). */
void sched_check(const struct sched_rq *rq);

/* Beatty only: the virtual time (in time units, below SCHED_BEATTY_REBASE)
 * at which rq's virtual clock starts whenever it restarts (a join on the
 * empty queue, a policy switch); 0 after sched_rq_init. Decisions do not
 * depend on it: a queue started near the rebase threshold decides exactly
 * as one started at 0 (docs/schedulers.md, "Rebasing"); tests use it to
 * cross rebases quickly. Only while no task is runnable (the next join
 * restarts the clock). Errors: SCHED_E_POLICY (rq is not Beatty),
 * CORE_E_INVAL (vt too large), SCHED_E_BUSY (a task is runnable). */
#define SCHED_BEATTY_REBASE (1ull << 43)
int sched_beatty_set_vclock(struct sched_rq *rq, uint64_t vt);

/* ---- gas (core/gas.h) ---- */
struct gas_pool;

/* sched_account() plus the gas half of the dispatch: charge used_ns of run
 * time to account acct of pool gp and, if that leaves the account throttled,
 * throttle t so no policy picks it until the host unthrottles it (when
 * gas_tick or gas_donate reports the account active again). Returns the
 * enum gas_outcome of the charge (the host ends t on GAS_KILLED and delivers
 * the upcall on GAS_NOTIFIED), or an error of either module; the dispatch is
 * closed whenever the result is not SCHED_E_NOTCURRENT. */
int sched_account_gas(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns,
                      struct gas_pool *gp, uint32_t acct);
