/*
 * `phoenix-bench sched`: the median cost of one scheduling decision
 * (sched_pick + sched_account of a full quantum) for every policy at 4, 64,
 * 1,024 and 65,536 always-runnable tasks with seeded random weights
 * 1..1000 (priorities 0..7 for prio), in cycles and nanoseconds. Trace
 * records are off (rq->trace = 0) so the number is the policy's own cost.
 * Each row gives the median over repetitions (cycles, ns) and the fastest
 * repetition (min_cycles), which is steadier on a shared machine.
 * Options: --reps R (default 31), --ops N per repetition (default 20000),
 * --seed S (default 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sched.h"
#include "harness.h"
#include "platform.h"

int bench_sched(int argc, char **argv);

struct ctx {
    struct sched_rq rq;
    struct sched_node *nodes;
    struct sched_task *tasks;
};

static uint64_t decide(void *p, uint64_t ops)
{
    struct ctx *c = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++) {
        struct sched_task *t = sched_pick(&c->rq);
        sched_account(&c->rq, t, 1);
        acc += t->id;
    }
    return acc;
}

static const char *const policies[] = {"beatty", "rr", "prio", "stride", "lottery", "eevdf"};
static const uint32_t sizes[] = {4, 64, 1024, 65536};

int bench_sched(int argc, char **argv)
{
    unsigned reps = (unsigned)strtoul(bh_opt(argc, argv, "--reps", "31"), NULL, 10);
    uint64_t ops = strtoull(bh_opt(argc, argv, "--ops", "20000"), NULL, 10);
    uint64_t seed = strtoull(bh_opt(argc, argv, "--seed", "1"), NULL, 10);
    if (reps == 0 || ops == 0) {
        fprintf(stderr, "phoenix-bench sched: --reps and --ops must be positive integers\n");
        return 2;
    }
    uint32_t max = sizes[sizeof sizes / sizeof sizes[0] - 1];
    struct ctx c;
    c.nodes = calloc(SCHED_NODES(max), sizeof *c.nodes);
    c.tasks = calloc(max, sizeof *c.tasks);
    if (!c.nodes || !c.tasks) {
        fprintf(stderr, "phoenix-bench sched: out of memory\n");
        return 1;
    }
    bh_json_begin_obj(NULL);
    bh_json_str("area", "sched");
    bh_json_str("op", "pick+account");
    bh_json_int("seed", (int64_t)seed);
    bh_json_begin_arr("results");
    for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            uint32_t n = sizes[s];
            simplat_seed(seed);
            if (sched_rq_init(&c.rq, sched_policy_by_name(policies[p]), c.nodes, n, 0)) {
                fprintf(stderr, "phoenix-bench sched: init failed\n");
                return 1;
            }
            c.rq.trace = 0;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t w = 1 + (uint32_t)(simplat_random_u64() % 1000);
                sched_task_init(&c.tasks[i], i, w, (uint8_t)(simplat_random_u64() % 8));
                sched_add(&c.rq, &c.tasks[i]);
            }
            /* Settle past the first epoch's start so the steady state is
             * measured (a whole round for the larger sets). */
            decide(&c, n < 4096 ? 4 * (uint64_t)n : n);
            struct bh_result r = bh_measure(decide, &c, ops, reps);
            bh_json_begin_obj(NULL);
            bh_json_str("policy", policies[p]);
            bh_json_int("tasks", n);
            bh_json_num("cycles", r.cycles);
            bh_json_num("ns", r.ns);
            bh_json_num("min_cycles", r.min_cycles); /* least disturbed repetition */
            bh_json_int("reps", r.reps);
            bh_json_int("ops_per_rep", (int64_t)r.ops_per_rep);
            bh_json_end_obj();
        }
    }
    bh_json_end_arr();
    bh_json_end_obj();
    free(c.nodes);
    free(c.tasks);
    return bh_json_done();
}
