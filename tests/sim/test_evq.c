/*
 * Engine tests: the radix pending-event set (sim/evq.c) and the binary heap
 * baseline (sim/evheap.c) against a naive reference (linear scan for the
 * least (time, insertion) pair) on seeded random push/pop sequences, with
 * many equal times; FIFO ties; refusal of pushes into the past; and
 * determinism (two runs of the same seed pop identical sequences).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "evheap.h"
#include "evq.h"

static uint64_t rng_state;
static uint64_t rng(void)
{
    /* splitmix64: small, seeded, good enough to drive sequences. */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The reference: an unordered array; pop scans for the least (t, seq). */
struct ref {
    struct des_ev v[4096];
    size_t n;
    uint64_t seq;
};

static void ref_push(struct ref *r, struct des_ev e)
{
    assert_true(r->n < 4096);
    e.seq = r->seq++;
    r->v[r->n++] = e;
}

static struct des_ev ref_pop(struct ref *r)
{
    size_t m = 0;
    for (size_t i = 1; i < r->n; i++)
        if (des_ev_before(&r->v[i], &r->v[m]))
            m = i;
    struct des_ev e = r->v[m];
    r->v[m] = r->v[--r->n];
    return e;
}

static void test_fifo_ties(void **state)
{
    (void)state;
    struct evq q;
    struct evheap h;
    evq_init(&q);
    evheap_init(&h);
    /* Interleave three times; equal times must come out in push order. */
    for (uint32_t i = 0; i < 300; i++) {
        struct des_ev e = {.t = 10 + (i % 3) * 5, .obj = i};
        assert_int_equal(evq_push(&q, e), 0);
        assert_int_equal(evheap_push(&h, e), 0);
    }
    uint64_t last_t = 0;
    uint32_t last_obj = 0;
    for (int i = 0; i < 300; i++) {
        struct des_ev a, b;
        assert_int_equal(evq_pop(&q, &a), 0);
        assert_int_equal(evheap_pop(&h, &b), 0);
        assert_int_equal(a.obj, b.obj);
        if (i > 0 && a.t == last_t && i != 100)
            assert_true(a.obj > last_obj);
        assert_true(a.t >= last_t);
        last_t = a.t;
        last_obj = a.obj;
        /* The late push at t=10 pops after every earlier t=10 event. */
        if (i == 100)
            assert_int_equal(a.obj, 1000);
        /* A push at the current time goes behind the ones already there. */
        if (i == 50) {
            struct des_ev e = {.t = a.t, .obj = 1000};
            assert_int_equal(evq_push(&q, e), 0);
            assert_int_equal(evheap_push(&h, e), 0);
        }
    }
    struct des_ev a;
    assert_int_equal(evq_pop(&q, &a), 0);
    assert_int_equal(a.obj, 299); /* 301 pushed: the last t=20 one remains */
    assert_int_equal(evq_pop(&q, &a), -1);
    evq_free(&q);
    evheap_free(&h);
}

static void test_past_refused(void **state)
{
    (void)state;
    struct evq q;
    evq_init(&q);
    struct des_ev e = {.t = 100}, out;
    assert_int_equal(evq_push(&q, e), 0);
    assert_int_equal(evq_pop(&q, &out), 0);
    e.t = 99;
    assert_int_equal(evq_push(&q, e), -2);
    assert_int_equal(evq_size(&q), 0);
    e.t = 100;
    assert_int_equal(evq_push(&q, e), 0);
    assert_int_equal(evq_size(&q), 1);
    evq_free(&q);
}

/* One seeded random run: pushes at now + delay (delays from a few scales,
 * including 0 and a tiny set so ties are frequent), pops checked against the
 * reference. Returns a checksum of the popped (t, obj) sequence. */
static uint64_t random_run(uint64_t seed, int steps)
{
    static struct ref r;
    struct evq q;
    struct evheap h;
    r.n = 0;
    r.seq = 0;
    evq_init(&q);
    evheap_init(&h);
    rng_state = seed;
    uint64_t now = 0, sum = 0;
    uint32_t id = 0;
    for (int s = 0; s < steps; s++) {
        int push = r.n == 0 || (r.n < 4000 && rng() % 100 < 52);
        if (push) {
            uint64_t d;
            switch (rng() % 4) {
            case 0:
                d = 0;
                break;
            case 1:
                d = rng() % 4;
                break;
            case 2:
                d = rng() % 1000;
                break;
            default:
                d = rng() >> (24 + rng() % 40);
                break; /* up to 2^40 */
            }
            struct des_ev e = {.t = now + d, .obj = id++, .kind = (uint32_t)(rng() % 7)};
            ref_push(&r, e);
            assert_int_equal(evq_push(&q, e), 0);
            assert_int_equal(evheap_push(&h, e), 0);
        } else {
            struct des_ev want = ref_pop(&r), a, b;
            assert_int_equal(evq_pop(&q, &a), 0);
            assert_int_equal(evheap_pop(&h, &b), 0);
            if (a.obj != want.obj || b.obj != want.obj || a.t != want.t || a.kind != want.kind) {
                fail_msg("seed %llu step %d: want obj %u t %llu, radix %u, heap %u",
                         (unsigned long long)seed, s, want.obj, (unsigned long long)want.t, a.obj,
                         b.obj);
            }
            now = a.t;
            sum = sum * 1000003u + a.t * 31u + a.obj;
        }
        assert_int_equal(evq_size(&q), r.n);
    }
    evq_free(&q);
    evheap_free(&h);
    return sum;
}

static void test_random_against_reference(void **state)
{
    (void)state;
    printf("seeds 1..16\n");
    for (uint64_t seed = 1; seed <= 16; seed++)
        random_run(seed, 12000);
}

static void test_deterministic(void **state)
{
    (void)state;
    assert_true(random_run(777, 30000) == random_run(777, 30000));
    assert_true(random_run(777, 30000) != random_run(778, 30000));
}

/* Large pending set: fill, then a hold phase; pops must be sorted. */
static void test_large_hold(void **state)
{
    (void)state;
    struct evq q;
    evq_init(&q);
    rng_state = 99;
    for (uint32_t i = 0; i < 100000; i++) {
        struct des_ev e = {.t = rng() % 1000000, .obj = i};
        assert_int_equal(evq_push(&q, e), 0);
    }
    struct des_ev prev = {0}, e;
    for (int i = 0; i < 200000; i++) {
        assert_int_equal(evq_pop(&q, &e), 0);
        if (i)
            assert_true(des_ev_before(&prev, &e));
        prev = e;
        e.t += rng() % 1000000;
        assert_int_equal(evq_push(&q, e), 0);
    }
    assert_int_equal(evq_size(&q), 100000);
    evq_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_ties),
        cmocka_unit_test(test_past_refused),
        cmocka_unit_test(test_random_against_reference),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_large_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
