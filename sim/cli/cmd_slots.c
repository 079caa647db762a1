/*
 * `phoenix-sim slots`: runs one libcore policy over N unit slots on one CPU
 * with always-runnable tasks of the given integer weights, and prints one
 * line per slot, the 0-based index of the task that ran (or, with --lag, one
 * line per task: its index and the maximum over t = 1..N of
 * |received(t) - w_i/W * t|, truncated to 6 decimals so a lag below 1 never
 * prints as 1). The smallest experiment there is, and what viz/beatty.py
 * draws. Exit status 2 on bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sched.h"
#include "platform.h"

int cmd_slots(int argc, char **argv);

#define SLOTS_MAX 100000000ull /* 10^8 slots: a few seconds of output */
#define TASKS_MAX 65536u

static void usage(FILE *f)
{
    fprintf(f,
            "usage: phoenix-sim slots --policy NAME --weights W1,W2,... --slots N [--lag]\n"
            "                         [--seed S]\n"
            "Runs policy NAME (beatty, rr, prio, stride, lottery, eevdf) over N unit slots\n"
            "(1..%llu) on one CPU with always-runnable tasks of integer weights W1,W2,...\n"
            "(1..%u each, at most %u tasks) and prints the 0-based index of the task\n"
            "that ran in each slot, one per line.\n"
            "  --lag     print instead, per task, 'INDEX MAXLAG': the maximum over the\n"
            "            run of |slots received - W_i/sum(W) * t| (6 decimals, truncated)\n"
            "  --seed S  seed of the random stream (lottery), default 1\n"
            "For prio, heavier tasks are more urgent: distinct weights in decreasing order\n"
            "get levels 0, 1, ... (63 at most).\n",
            (unsigned long long)SLOTS_MAX, SCHED_WEIGHT_MAX, TASKS_MAX);
}

static int bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "phoenix-sim slots: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see 'phoenix-sim slots --help')\n");
    return 2;
}

/* Strict decimal: digits only, no sign, no spaces, in [1, max]. */
static int parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v < 1 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Parse "W1,W2,..." into w[]; returns the count or a negative value after
 * printing what is wrong. */
static long parse_weights(const char *s, uint32_t *w)
{
    long n = 0;
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        uint64_t v;
        if (n >= (long)TASKS_MAX) {
            fprintf(stderr, "phoenix-sim slots: more than %u weights\n", TASKS_MAX);
            return -1;
        }
        if (parse_u64(p, len, SCHED_WEIGHT_MAX, &v)) {
            fprintf(stderr,
                    "phoenix-sim slots: weight %ld ('%.*s') is not an integer in 1..%u\n",
                    n + 1, (int)len, p, SCHED_WEIGHT_MAX);
            return -1;
        }
        w[n++] = (uint32_t)v;
        if (!e)
            return n;
        p = e + 1;
    }
}

/* prio: rank distinct weights, heaviest first, into levels 0..63. */
static uint8_t prio_level(const uint32_t *w, long n, uint32_t mine)
{
    unsigned heavier = 0;
    for (long i = 0; i < n; i++) {
        int seen = 0;
        for (long j = 0; j < i; j++)
            seen |= w[j] == w[i];
        if (!seen && w[i] > mine)
            heavier++;
    }
    return (uint8_t)(heavier < SCHED_PRIO_LEVELS ? heavier : SCHED_PRIO_LEVELS - 1);
}

static void print_lag(unsigned __int128 num, uint64_t den, long i)
{
    unsigned __int128 whole = num / den, rest = num % den;
    uint64_t micro = (uint64_t)(rest * 1000000u / den);
    printf("%ld %" PRIu64 ".%06" PRIu64 "\n", i, (uint64_t)whole, micro);
}

int cmd_slots(int argc, char **argv)
{
    const char *policy = NULL, *weights = NULL, *slots = NULL, *seed = "1";
    int lag = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--lag")) {
            lag = 1;
        } else if (!strcmp(a, "--policy") || !strcmp(a, "--weights") || !strcmp(a, "--slots") ||
                   !strcmp(a, "--seed")) {
            if (i + 1 >= argc)
                return bad("option %s needs a value", a);
            const char **dst = a[2] == 'p' ? &policy : a[2] == 'w' ? &weights
                               : a[3] == 'l' ? &slots : &seed;
            *dst = argv[++i];
        } else {
            return bad("unknown argument '%s'", a);
        }
    }
    if (!policy)
        return bad("missing --policy%s", "");
    if (!weights)
        return bad("missing --weights%s", "");
    if (!slots)
        return bad("missing --slots%s", "");
    const struct sched_policy *pol = sched_policy_by_name(policy);
    if (!pol)
        return bad("unknown policy '%s' (beatty, rr, prio, stride, lottery, eevdf)", policy);
    uint64_t n_slots, seed_v;
    if (parse_u64(slots, strlen(slots), SLOTS_MAX, &n_slots)) {
        fprintf(stderr, "phoenix-sim slots: --slots '%s' is not an integer in 1..%llu\n", slots,
                (unsigned long long)SLOTS_MAX);
        return 2;
    }
    if (parse_u64(seed, strlen(seed), UINT64_MAX, &seed_v) && strcmp(seed, "0"))
        return bad("--seed '%s' is not a non-negative integer", seed);
    if (!strcmp(seed, "0"))
        seed_v = 0;

    uint32_t *w = calloc(TASKS_MAX, sizeof *w);
    long n = w ? parse_weights(weights, w) : -1;
    struct sched_task *tasks = n > 0 ? calloc((size_t)n, sizeof *tasks) : NULL;
    struct sched_node *nodes = n > 0 ? calloc(SCHED_NODES(n), sizeof *nodes) : NULL;
    uint64_t *recv = n > 0 ? calloc((size_t)n, sizeof *recv) : NULL;
    unsigned __int128 *worst = n > 0 ? calloc((size_t)n, sizeof *worst) : NULL;
    if (n < 0 || !tasks || !nodes || !recv || !worst) {
        free(w), free(tasks), free(nodes), free(recv), free(worst);
        if (n >= 0)
            fprintf(stderr, "phoenix-sim slots: out of memory\n");
        return n < 0 ? 2 : 1;
    }
    simplat_seed(seed_v);
    struct sched_rq rq;
    int err = sched_rq_init(&rq, pol, nodes, (uint32_t)n, 0);
    rq.trace = 0;
    uint64_t w_sum = 0;
    for (long i = 0; i < n && !err; i++) {
        err = sched_task_init(&tasks[i], (uint32_t)i, w[i], prio_level(w, n, w[i]));
        if (!err)
            err = sched_add(&rq, &tasks[i]);
        w_sum += w[i];
    }
    for (uint64_t s = 1; s <= n_slots && !err; s++) {
        struct sched_task *t = sched_pick(&rq);
        if (!t)
            break;
        if (!lag)
            printf("%" PRIu32 "\n", t->id);
        err = sched_account(&rq, t, 1);
        recv[t->id]++;
        if (lag) {
            /* |recv_i * W - w_i * s| / W, kept as the exact numerator. */
            for (long i = 0; i < n; i++) {
                unsigned __int128 a = (unsigned __int128)recv[i] * w_sum;
                unsigned __int128 b = (unsigned __int128)w[i] * s;
                unsigned __int128 d = a > b ? a - b : b - a;
                if (d > worst[i])
                    worst[i] = d;
            }
        }
    }
    if (err)
        fprintf(stderr, "phoenix-sim slots: libcore error %s\n", core_strerror(err));
    else if (lag)
        for (long i = 0; i < n; i++)
            print_lag(worst[i], w_sum, i);
    free(w), free(tasks), free(nodes), free(recv), free(worst);
    return err ? 1 : 0;
}
