/*
 * phoenix-bench cap: the cost of the capability model's hot paths.
 *   check  - cap_check (lookup + generation + type + rights + expiry) over
 *            256 live handles visited in a scrambled order, per check
 *            (throughput: independent checks overlap);
 *   check_dependent - the same, each handle chosen from the previous
 *            check's object (latency of one check);
 *   derive - cap_derive of a badged, reduced-rights child into another
 *            space, per derive (the children are revoked between repetitions,
 *            outside the timed region);
 *   revoke - one cap_revoke of a subtree of 1,000 descendants spread over
 *            two spaces (a chain of 200 with 4 children per link), rebuilt
 *            outside the timed region before every repetition.
 * Trace records go to the simulator platform's sink with no file set, so
 * each audited operation pays for the call but not for formatting.
 * Options: --reps N (default 201).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/cap.h"
#include "harness.h"
#include "platform.h"

#define NSLOTS 2048
#define NCHECK 256
#define NDERIVE 1000
#define NREVOKE 1000

static struct cap_system sys;
static struct cap_space spaces[2];
static struct cap_slot slots[2][NSLOTS];
static cap_handle handles[NCHECK];

static void die(const char *what, int err)
{
    fprintf(stderr, "phoenix-bench cap: %s failed: %s\n", what, core_strerror(err));
    exit(1);
}

static uint64_t run_check(void *ctx, uint64_t ops)
{
    (void)ctx;
    const struct cap_space *s = &spaces[0];
    uint64_t acc = 0, obj = 0;
    for (uint64_t i = 0; i < ops; i++) {
        /* 167 is odd, so this visits all 256 handles in a scrambled order. */
        cap_handle h = handles[(i * 167) & (NCHECK - 1)];
        if (cap_check(s, h, CAP_T_ENDPOINT, CAP_R_WRITE, i, &obj, NULL) == 0)
            acc += obj;
    }
    return acc;
}

/* The same checks, but each handle depends on the previous check's object,
 * so the checks cannot overlap: the latency of one check. */
static uint64_t run_check_chain(void *ctx, uint64_t ops)
{
    (void)ctx;
    const struct cap_space *s = &spaces[0];
    uint64_t obj = 0;
    for (uint64_t i = 0; i < ops; i++) {
        cap_handle h = handles[(obj * 167 + 1) & (NCHECK - 1)];
        if (cap_check(s, h, CAP_T_ENDPOINT, CAP_R_WRITE, i, &obj, NULL))
            return 0;
    }
    return obj;
}

static struct bh_result finish(double *cyc, double *ns, unsigned reps, uint64_t ops)
{
    struct bh_result r = {.reps = reps, .ops_per_rep = ops};
    r.min_cycles = cyc[0];
    for (unsigned i = 1; i < reps; i++)
        r.min_cycles = cyc[i] < r.min_cycles ? cyc[i] : r.min_cycles;
    r.cycles = bh_median(cyc, reps);
    r.ns = bh_median(ns, reps);
    return r;
}

static struct bh_result bench_derive(struct cap_loc root, unsigned reps, double *cyc, double *ns)
{
    cap_handle h;
    int err;
    for (unsigned r = 0; r < reps; r++) {
        uint64_t t0 = bh_now_ns(), c0 = bh_rdtsc();
        for (uint64_t i = 0; i < NDERIVE; i++) {
            err = cap_derive(&sys, root, 1, CAP_R_READ | CAP_R_WRITE, 1 + i, 0, i, &h);
            if (err)
                die("derive", err);
        }
        uint64_t c1 = bh_rdtsc(), t1 = bh_now_ns();
        cyc[r] = (double)(c1 - c0) / NDERIVE;
        ns[r] = (double)(t1 - t0) / NDERIVE;
        if ((err = cap_revoke(&sys, root, 0, NULL)))
            die("revoke", err);
    }
    return finish(cyc, ns, reps, NDERIVE);
}

/* NREVOKE descendants under root: a chain whose every link has 4 leaves. */
static void build_tree(struct cap_loc root)
{
    struct cap_loc at = root;
    uint32_t made = 0;
    int err;
    while (made < NREVOKE) {
        cap_handle h;
        uint32_t dst = made % 2;
        if ((err = cap_derive(&sys, at, dst, CAP_R_ALL, 0, 0, 0, &h)))
            die("derive", err);
        made++;
        struct cap_loc next = {dst, h};
        for (int k = 0; k < 4 && made < NREVOKE; k++, made++) {
            if ((err = cap_derive(&sys, next, 1 - dst, CAP_R_READ, 7, 0, 0, &h)))
                die("derive", err);
        }
        at = next;
    }
}

static struct bh_result bench_revoke(struct cap_loc root, unsigned reps, double *cyc, double *ns)
{
    for (unsigned r = 0; r < reps; r++) {
        build_tree(root);
        uint32_t n = 0;
        uint64_t t0 = bh_now_ns(), c0 = bh_rdtsc();
        int err = cap_revoke(&sys, root, 0, &n);
        uint64_t c1 = bh_rdtsc(), t1 = bh_now_ns();
        if (err || n != NREVOKE)
            die("revoke", err ? err : CORE_E_STATE);
        cyc[r] = (double)(c1 - c0);
        ns[r] = (double)(t1 - t0);
    }
    return finish(cyc, ns, reps, 1);
}

int bench_cap(int argc, char **argv); /* called through the generated registry */

int bench_cap(int argc, char **argv)
{
    unsigned reps = (unsigned)strtoul(bh_opt(argc, argv, "--reps", "201"), NULL, 10);
    if (reps == 0 || reps > 100000) {
        fprintf(stderr, "phoenix-bench cap: --reps must be 1..100000\n");
        return 2;
    }
    simplat_trace_to(NULL);
    cap_system_init(&sys, spaces, 2);
    uint32_t idx;
    for (int s = 0; s < 2; s++) {
        int err = cap_space_add(&sys, slots[s], NSLOTS, (uint32_t)s, &idx);
        if (err)
            die("space_add", err);
    }
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .rights = CAP_R_ALL};
    for (uint64_t i = 0; i < NCHECK; i++) {
        d.obj = 0x1000 + i;
        d.expiry = i % 2 ? 0 : UINT64_MAX; /* both expiry cases */
        int err = cap_create_root(&sys, 0, &d, &handles[i]);
        if (err)
            die("create", err);
    }
    struct cap_loc root = {0, handles[0]};

    double *cyc = calloc(reps, sizeof *cyc), *ns = calloc(reps, sizeof *ns);
    if (!cyc || !ns)
        die("calloc", CORE_E_FULL);
    struct bh_result check = bh_measure(run_check, NULL, 1000000, reps < 51 ? reps : 51);
    struct bh_result chain = bh_measure(run_check_chain, NULL, 1000000, reps < 51 ? reps : 51);
    struct bh_result derive = bench_derive(root, reps, cyc, ns);
    struct bh_result revoke = bench_revoke(root, reps, cyc, ns);
    free(cyc);
    free(ns);

    bh_json_begin_obj(NULL);
    bh_json_str("area", "cap");
    bh_json_result("check", &check);
    bh_json_result("check_dependent", &chain);
    bh_json_result("derive", &derive);
    bh_json_begin_obj("revoke_1000");
    bh_json_num("median_cycles", revoke.cycles);
    bh_json_num("median_ns", revoke.ns);
    bh_json_num("cycles_per_cap", revoke.cycles / NREVOKE);
    bh_json_int("reps", revoke.reps);
    bh_json_int("subtree", NREVOKE);
    bh_json_end_obj();
    bh_json_int("slot_bytes", (int64_t)sizeof(struct cap_slot));
    bh_json_end_obj();
    return bh_json_done();
}
