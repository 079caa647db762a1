/*
 * phoenix-bench aead: ChaCha20-Poly1305 (core/aead.h) throughput for
 * message sizes typical of IPC (64 B), a page-sized payload (4 KiB) and a
 * bulk buffer (64 KiB): median cycles per byte and MB/s for sealing and
 * opening, plus the bare ChaCha20 and Poly1305 rates on the bulk size.
 * libcore is the -O2 core_bench copy.
 *
 * Options: --reps N (median over N repetitions, default 101).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aead.h"
#include "harness.h"

int bench_aead(int argc, char **argv);

struct aead_ctx {
    size_t len;
    uint8_t key[32], nonce[12], ad[16], tag[16];
    uint8_t *pt, *ct;
};

static uint64_t run_seal(void *p, uint64_t ops)
{
    struct aead_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++)
        acc += (uint64_t)aead_seal(x->ct, x->tag, x->key, x->nonce, x->ad, sizeof x->ad, x->pt,
                                   x->len) +
               x->tag[0];
    return acc;
}

static uint64_t run_open(void *p, uint64_t ops)
{
    struct aead_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++)
        acc += (uint64_t)aead_open(x->pt, x->key, x->nonce, x->ad, sizeof x->ad, x->ct, x->len,
                                   x->tag) +
               x->pt[0];
    return acc;
}

static uint64_t run_chacha(void *p, uint64_t ops)
{
    struct aead_ctx *x = p;
    for (uint64_t i = 0; i < ops; i++)
        chacha20_xor(x->ct, x->pt, x->len, x->key, 1, x->nonce);
    return x->ct[0];
}

static uint64_t run_poly(void *p, uint64_t ops)
{
    struct aead_ctx *x = p;
    for (uint64_t i = 0; i < ops; i++)
        poly1305(x->tag, x->pt, x->len, x->key);
    return x->tag[0];
}

/* One JSON object: cycles per byte and MB/s (10^6 bytes per second). */
static void report(const char *key, bh_fn fn, struct aead_ctx *x, unsigned reps)
{
    uint64_t ops = x->len < 4096 ? 64 : 4;
    struct bh_result r = bh_measure(fn, x, ops, reps);
    bh_json_begin_obj(key);
    bh_json_int("bytes", (int64_t)x->len);
    bh_json_num("median_cycles", r.cycles);
    bh_json_num("cycles_per_byte", r.cycles / (double)x->len);
    bh_json_num("mb_per_s", (double)x->len / r.ns * 1000.0);
    bh_json_end_obj();
}

int bench_aead(int argc, char **argv)
{
    unsigned reps = (unsigned)atoi(bh_opt(argc, argv, "--reps", "101"));
    if (reps == 0) {
        fprintf(stderr, "phoenix-bench aead: --reps must be positive\n");
        return 2;
    }
    static const size_t sizes[] = {64, 4096, 65536};
    struct aead_ctx x;
    memset(&x, 0, sizeof x);
    x.pt = calloc(1, 65536);
    x.ct = calloc(1, 65536);
    if (!x.pt || !x.ct) {
        fprintf(stderr, "phoenix-bench aead: out of memory\n");
        return 1;
    }
    for (int i = 0; i < 32; i++)
        x.key[i] = (uint8_t)(i * 5 + 1);

    bh_json_begin_obj(NULL);
    bh_json_str("area", "aead");
    bh_json_str("algorithm", "AEAD_CHACHA20_POLY1305");
    bh_json_int("reps", reps);
    bh_json_begin_arr("sizes");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        x.len = sizes[i];
        bh_json_begin_obj(NULL);
        report("seal", run_seal, &x, reps);
        report("open", run_open, &x, reps);
        bh_json_end_obj();
    }
    bh_json_end_arr();
    report("chacha20", run_chacha, &x, reps);
    report("poly1305", run_poly, &x, reps);
    bh_json_end_obj();
    free(x.pt);
    free(x.ct);
    return bh_json_done();
}
