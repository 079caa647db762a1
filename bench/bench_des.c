/*
 * `phoenix-bench des --pending N --events M [--mean NS] [--seed S] [--reps R]`:
 * the classic hold model for pending-event sets. N events are scheduled,
 * then each operation pops the earliest and schedules one at its time plus
 * an exponential delay (mean NS, default 1 ms). The same delays, from a
 * seeded xoshiro stream precomputed into a ring so the generator's log() is
 * not what is measured, drive both the engine's radix queue (sim/evq.c) and
 * a plain binary heap (sim/evheap.c) in the same run. The popped times of
 * both are checksummed: equal sums show they popped the same sequence.
 * events_per_sec is from the median wall time of the repetitions;
 * events_per_cpu_sec from the thread's CPU time over all of them, the
 * steadier figure when other processes share the machine.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evheap.h"
#include "evq.h"
#include "harness.h"
#include "platform.h"

int bench_des(int argc, char **argv);

#define RING (1u << 16)

struct hold {
    struct evq q;
    struct evheap h;
    uint64_t *delay;
    uint64_t i, sum;
    int use_heap;
};

static uint64_t hold_radix(void *ctx, uint64_t ops)
{
    struct hold *s = ctx;
    struct des_ev e;
    for (uint64_t k = 0; k < ops; k++) {
        if (evq_pop(&s->q, &e)) {
            fprintf(stderr, "phoenix-bench des: radix queue failed\n");
            exit(1);
        }
        s->sum += e.t;
        e.t += s->delay[s->i++ & (RING - 1)];
        if (evq_push(&s->q, e)) {
            fprintf(stderr, "phoenix-bench des: out of memory\n");
            exit(1);
        }
    }
    return s->sum;
}

static uint64_t hold_heap(void *ctx, uint64_t ops)
{
    struct hold *s = ctx;
    struct des_ev e;
    for (uint64_t k = 0; k < ops; k++) {
        if (evheap_pop(&s->h, &e)) {
            fprintf(stderr, "phoenix-bench des: heap failed\n");
            exit(1);
        }
        s->sum += e.t;
        e.t += s->delay[s->i++ & (RING - 1)];
        if (evheap_push(&s->h, e)) {
            fprintf(stderr, "phoenix-bench des: out of memory\n");
            exit(1);
        }
    }
    return s->sum;
}

/* CPU time of this thread: unlike wall time it does not count the time the
 * machine gave to other processes, so it is the steadier figure on a shared
 * machine. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

int bench_des(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: phoenix-bench des [--pending N] [--events M] [--mean NS] [--seed S] "
                   "[--reps R]\nhold model: radix queue vs binary heap, JSON on stdout\n");
            return 0;
        }
    }
    uint64_t pending, events, mean, seed, reps;
    if (parse_u64(bh_opt(argc, argv, "--pending", "1000"), &pending) ||
        parse_u64(bh_opt(argc, argv, "--events", "4000000"), &events) ||
        parse_u64(bh_opt(argc, argv, "--mean", "1000000"), &mean) ||
        parse_u64(bh_opt(argc, argv, "--seed", "1"), &seed) ||
        parse_u64(bh_opt(argc, argv, "--reps", "3"), &reps) || pending == 0 || events == 0 ||
        mean == 0 || reps == 0 || reps > 100) {
        fprintf(stderr, "phoenix-bench des: options take positive integers "
                        "(--pending, --events, --mean, --reps <= 100, --seed)\n");
        return 2;
    }
    uint64_t *delay = malloc(RING * sizeof *delay);
    struct hold *s = calloc(2, sizeof *s);
    if (!delay || !s) {
        fprintf(stderr, "phoenix-bench des: out of memory\n");
        return 1;
    }
    simplat_seed(seed);
    for (unsigned k = 0; k < RING; k++) {
        /* u in (0, 1]: 53 random bits, never zero so log() is finite. */
        double u = (double)((simplat_random_u64() >> 11) + 1) / 9007199254740992.0;
        delay[k] = (uint64_t)llround(-log(u) * (double)mean);
    }
    struct bh_result res[2];
    double cpu_eps[2];
    for (int w = 0; w < 2; w++) {
        struct hold *h = &s[w];
        h->delay = delay;
        evq_init(&h->q);
        evheap_init(&h->h);
        for (uint64_t k = 0; k < pending; k++) {
            struct des_ev e = {.t = delay[h->i++ & (RING - 1)], .obj = (uint32_t)k};
            if (w == 0 ? evq_push(&h->q, e) : evheap_push(&h->h, e)) {
                fprintf(stderr, "phoenix-bench des: out of memory\n");
                return 1;
            }
        }
        double c0 = cpu_seconds();
        res[w] = bh_measure(w == 0 ? hold_radix : hold_heap, h, events, (unsigned)reps);
        /* bh_measure runs one warm-up repetition before the timed ones. */
        cpu_eps[w] = (double)events * (double)(reps + 1) / (cpu_seconds() - c0);
    }
    double eps_radix = 1e9 / res[0].ns, eps_heap = 1e9 / res[1].ns;
    bh_json_begin_obj(NULL);
    bh_json_str("area", "des");
    bh_json_str("model", "hold, exponential delays");
    bh_json_int("pending", (int64_t)pending);
    bh_json_int("events", (int64_t)events);
    bh_json_int("mean_delay_ns", (int64_t)mean);
    bh_json_int("seed", (int64_t)seed);
    bh_json_num("events_per_sec", eps_radix);
    bh_json_begin_obj("radix");
    bh_json_num("events_per_sec", eps_radix);
    bh_json_num("events_per_cpu_sec", cpu_eps[0]);
    bh_json_result("hold", &res[0]);
    bh_json_int("bytes", (int64_t)evq_bytes(&s[0].q));
    bh_json_end_obj();
    bh_json_begin_obj("binary_heap");
    bh_json_num("events_per_sec", eps_heap);
    bh_json_num("events_per_cpu_sec", cpu_eps[1]);
    bh_json_result("hold", &res[1]);
    bh_json_end_obj();
    bh_json_num("speedup_vs_heap", eps_radix / eps_heap);
    bh_json_str("same_order", s[0].sum == s[1].sum ? "true" : "false");
    bh_json_end_obj();
    evq_free(&s[0].q);
    evheap_free(&s[1].h);
    free(s);
    free(delay);
    return bh_json_done();
}
