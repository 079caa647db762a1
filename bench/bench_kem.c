/*
 * phoenix-bench kem: median (and minimum) cycles of ML-KEM KeyGen, Encaps
 * and Decaps for each parameter set, plus one SHAKE128 block (one Keccak
 * permutation) for context. Uses the deterministic (_derand) entry points so every
 * repetition does identical work; libcore is the -O2 core_bench copy.
 *
 * Options: --reps N (median over N repetitions, default 1001),
 *          --ops N  (calls per repetition, default 1: short repetitions are
 *                   rarely preempted, which keeps the median honest on a
 *                   shared machine).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mlkem.h"
#include "core/platform.h"
#include "core/sha3.h"
#include "harness.h"

int bench_kem(int argc, char **argv);

struct kem_set {
    const char *name;
    int (*keygen)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*encaps)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
};

struct kem_ctx {
    const struct kem_set *set;
    uint8_t ek[MLKEM1024_EK_BYTES], dk[MLKEM1024_DK_BYTES], c[MLKEM1024_CT_BYTES];
    uint8_t d[32], z[32], m[32], k[32];
};

static uint64_t run_keygen(void *p, uint64_t ops)
{
    struct kem_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++) {
        x->d[0] = (uint8_t)i;
        acc += (uint64_t)x->set->keygen(x->ek, x->dk, x->d, x->z) + x->ek[0];
    }
    return acc;
}

static uint64_t run_encaps(void *p, uint64_t ops)
{
    struct kem_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++) {
        x->m[0] = (uint8_t)i;
        acc += (uint64_t)x->set->encaps(x->c, x->k, x->ek, x->m) + x->k[0];
    }
    return acc;
}

static uint64_t run_decaps(void *p, uint64_t ops)
{
    struct kem_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++)
        acc += (uint64_t)x->set->decaps(x->k, x->c, x->dk) + x->k[0];
    return acc;
}

static uint64_t run_shake128_block(void *p, uint64_t ops)
{
    (void)p;
    struct shake_ctx c;
    uint8_t out[SHAKE128_RATE];
    uint64_t acc = 0;
    shake128_init(&c);
    for (uint64_t i = 0; i < ops; i++) {
        shake_squeeze(&c, out, sizeof out); /* one permutation per block */
        acc += out[0];
    }
    return acc;
}

/* Median and minimum cycles per call over reps repetitions of ops calls.
 * The minimum is reported too because the benchmark machine is shared: it
 * is the best estimate of the uncontended cost, the median of the typical. */
static void measure(const char *key, bh_fn fn, void *ctx, uint64_t ops, unsigned reps)
{
    double *cyc = calloc(reps, sizeof *cyc), *ns = calloc(reps, sizeof *ns);
    if (!cyc || !ns) {
        fprintf(stderr, "phoenix-bench kem: out of memory\n");
        exit(1);
    }
    uint64_t sink = fn(ctx, ops); /* warm-up */
    double best = 0;
    for (unsigned r = 0; r < reps; r++) {
        uint64_t t0 = bh_now_ns(), c0 = bh_rdtsc();
        sink += fn(ctx, ops);
        uint64_t c1 = bh_rdtsc(), t1 = bh_now_ns();
        cyc[r] = (double)(c1 - c0) / (double)ops;
        ns[r] = (double)(t1 - t0) / (double)ops;
        if (r == 0 || cyc[r] < best)
            best = cyc[r];
    }
    bh_json_begin_obj(key);
    bh_json_num("median_cycles", bh_median(cyc, reps));
    bh_json_num("min_cycles", best);
    bh_json_num("median_ns", bh_median(ns, reps));
    bh_json_int("reps", reps);
    bh_json_int("ops_per_rep", (int64_t)ops);
    bh_json_int("sink", (int64_t)(sink & 1));
    bh_json_end_obj();
    free(cyc);
    free(ns);
}

int bench_kem(int argc, char **argv)
{
    static const struct kem_set sets[] = {
        {"ML-KEM-512", mlkem512_keygen_derand, mlkem512_encaps_derand, mlkem512_decaps},
        {"ML-KEM-768", mlkem768_keygen_derand, mlkem768_encaps_derand, mlkem768_decaps},
        {"ML-KEM-1024", mlkem1024_keygen_derand, mlkem1024_encaps_derand, mlkem1024_decaps},
    };
    unsigned reps = (unsigned)atoi(bh_opt(argc, argv, "--reps", "1001"));
    uint64_t ops = (uint64_t)atoll(bh_opt(argc, argv, "--ops", "1"));
    if (reps == 0 || ops == 0) {
        fprintf(stderr, "phoenix-bench kem: --reps and --ops must be positive\n");
        return 2;
    }
    static struct kem_ctx ctx;
    /* Seeds from the host platform (seeded, so runs repeat). */
    plat_random_bytes(ctx.d, 32);
    plat_random_bytes(ctx.z, 32);
    plat_random_bytes(ctx.m, 32);

    bh_json_begin_obj(NULL);
    bh_json_str("area", "kem");
    bh_json_int("reps", reps);
    bh_json_int("ops_per_rep", (int64_t)ops);
    measure("shake128_block", run_shake128_block, NULL, ops * 20, reps);
    bh_json_begin_arr("sets");
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        ctx.set = &sets[s];
        if (ctx.set->keygen(ctx.ek, ctx.dk, ctx.d, ctx.z) ||
            ctx.set->encaps(ctx.c, ctx.k, ctx.ek, ctx.m)) {
            fprintf(stderr, "phoenix-bench kem: %s setup failed\n", ctx.set->name);
            return 1;
        }
        bh_json_begin_obj(NULL);
        bh_json_str("set", ctx.set->name);
        measure("keygen", run_keygen, &ctx, ops, reps);
        /* keygen changed d[0]; rebuild the key pair the other two use */
        ctx.set->keygen(ctx.ek, ctx.dk, ctx.d, ctx.z);
        measure("encaps", run_encaps, &ctx, ops, reps);
        measure("decaps", run_decaps, &ctx, ops, reps);
        bh_json_end_obj();
    }
    bh_json_end_arr();
    bh_json_end_obj();
    return bh_json_done();
}
