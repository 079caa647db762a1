/*
 * Benchmark harness implementation (see harness.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

uint64_t bh_rdtsc(void)
{
    unsigned aux;
    return __rdtscp(&aux);
}

uint64_t bh_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bh_median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static volatile uint64_t sink;

struct bh_result bh_measure(bh_fn fn, void *ctx, uint64_t ops, unsigned reps)
{
    double *cyc = calloc(reps, sizeof *cyc), *ns = calloc(reps, sizeof *ns);
    if (!cyc || !ns) {
        fprintf(stderr, "phoenix-bench: out of memory\n");
        exit(1);
    }
    sink ^= fn(ctx, ops); /* warm-up */
    for (unsigned r = 0; r < reps; r++) {
        uint64_t t0 = bh_now_ns(), c0 = bh_rdtsc();
        sink ^= fn(ctx, ops);
        uint64_t c1 = bh_rdtsc(), t1 = bh_now_ns();
        cyc[r] = (double)(c1 - c0) / (double)ops;
        ns[r] = (double)(t1 - t0) / (double)ops;
    }
    struct bh_result res = {.reps = reps, .ops_per_rep = ops};
    res.cycles = bh_median(cyc, reps);
    res.min_cycles = cyc[0];
    res.ns = bh_median(ns, reps);
    free(cyc);
    free(ns);
    return res;
}

/* JSON writer state: one "needs comma" flag per nesting level. */
static int depth;
static int need_comma[64];

static void key_prefix(const char *key)
{
    if (need_comma[depth])
        fputc(',', stdout);
    need_comma[depth] = 1;
    if (key)
        printf("\"%s\":", key);
}

void bh_json_begin_obj(const char *key)
{
    key_prefix(key);
    fputc('{', stdout);
    need_comma[++depth] = 0;
}

void bh_json_end_obj(void)
{
    depth--;
    fputc('}', stdout);
}

void bh_json_begin_arr(const char *key)
{
    key_prefix(key);
    fputc('[', stdout);
    need_comma[++depth] = 0;
}

void bh_json_end_arr(void)
{
    depth--;
    fputc(']', stdout);
}

void bh_json_str(const char *key, const char *v)
{
    key_prefix(key);
    printf("\"%s\"", v);
}

void bh_json_num(const char *key, double v)
{
    key_prefix(key);
    printf("%.6g", v);
}

void bh_json_int(const char *key, int64_t v)
{
    key_prefix(key);
    printf("%lld", (long long)v);
}

void bh_json_result(const char *key, const struct bh_result *r)
{
    bh_json_begin_obj(key);
    bh_json_num("median_cycles", r->cycles);
    bh_json_num("median_ns", r->ns);
    bh_json_int("reps", r->reps);
    bh_json_int("ops_per_rep", (int64_t)r->ops_per_rep);
    bh_json_end_obj();
}

int bh_json_done(void)
{
    fputc('\n', stdout);
    fflush(stdout);
    depth = 0;
    need_comma[0] = 0;
    return 0;
}

const char *bh_opt(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 1; i + 1 < argc; i++) {
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    }
    return def;
}
