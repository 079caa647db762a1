/*
 * Unit tests for information-flow labels (core/label.h): the definitions on
 * hand-picked labels, then the lattice laws as properties over seeded random
 * labels: ⊑ is a partial order (reflexive, antisymmetric, transitive), join
 * and meet are the least upper and greatest lower bounds, commutative,
 * associative, idempotent, absorbing, and consistent with ⊑; bottom and top
 * are the bounds. Random labels are drawn from small level and category
 * ranges too, so that equal and comparable pairs are frequent.
 * Seed: LABEL_SEED in the environment overrides the default (printed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/label.h"
#include "fake_platform.h"

#define N_TRIPLES 200000

static struct label rnd(void)
{
    uint64_t r = fake_random_u64();
    /* Half of the labels from a tiny universe (4 levels, 3 categories) so
     * the equal/comparable cases are well exercised; half from the full. */
    if (r & 1)
        return label_make((uint32_t)(r >> 1) & 3, (r >> 3) & 7);
    return label_make((uint32_t)(r >> 1) & LABEL_LEVEL_MAX, fake_random_u64());
}

static void test_definitions(void **state)
{
    (void)state;
    struct label a = label_make(2, 0x5), b = label_make(3, 0x7), c = label_make(1, 0x8);
    assert_true(label_leq(a, b));
    assert_false(label_leq(b, a));
    assert_false(label_leq(a, c)); /* lower level but a category c lacks */
    assert_false(label_leq(c, a));
    struct label j = label_join(a, c), m = label_meet(a, c);
    assert_int_equal(j.level, 2);
    assert_int_equal(j.cats, 0xd);
    assert_int_equal(m.level, 1);
    assert_int_equal(m.cats, 0);
    assert_true(label_eq(label_bottom(), label_make(0, 0)));
    assert_int_equal(label_top().level, LABEL_LEVEL_MAX);
    assert_int_equal(label_top().cats, LABEL_CATS_ALL);
    assert_int_equal(label_make(LABEL_LEVEL_MAX + 5, 0).level, LABEL_LEVEL_MAX);
    struct label bad = {0, LABEL_LEVEL_MAX + 1, 0};
    assert_false(label_valid(bad));
    struct label badpad = {0, 1, 1};
    assert_false(label_valid(badpad));
    assert_true(label_valid(label_top()));
    assert_int_equal(label_trace_word(label_make(3, 0xffff000000000001ull)),
                     (3ull << 48) | 1);
}

static void test_partial_order(void **state)
{
    (void)state;
    unsigned long leq = 0, eq = 0;
    for (long i = 0; i < N_TRIPLES; i++) {
        struct label a = rnd(), b = rnd(), c = rnd();
        assert_true(label_leq(a, a));
        if (label_leq(a, b) && label_leq(b, a))
            assert_true(label_eq(a, b));
        if (label_leq(a, b) && label_leq(b, c))
            assert_true(label_leq(a, c));
        /* ⊑ agrees with its definition. */
        bool def = a.level <= b.level && (a.cats | b.cats) == b.cats;
        assert_int_equal(label_leq(a, b), def);
        leq += label_leq(a, b);
        eq += label_eq(a, b);
        assert_true(label_leq(label_bottom(), a));
        assert_true(label_leq(a, label_top()));
    }
    /* The generator must hit the interesting cases, or the laws above
     * would hold vacuously. */
    assert_true(leq > N_TRIPLES / 20);
    assert_true(eq > N_TRIPLES / 200);
}

static void test_join_meet(void **state)
{
    (void)state;
    for (long i = 0; i < N_TRIPLES; i++) {
        struct label a = rnd(), b = rnd(), c = rnd();
        struct label j = label_join(a, b), m = label_meet(a, b);
        /* Bounds. */
        assert_true(label_leq(a, j) && label_leq(b, j));
        assert_true(label_leq(m, a) && label_leq(m, b));
        /* Least / greatest: any other bound is above / below. */
        if (label_leq(a, c) && label_leq(b, c))
            assert_true(label_leq(j, c));
        if (label_leq(c, a) && label_leq(c, b))
            assert_true(label_leq(c, m));
        /* Commutative, associative, idempotent, absorbing. */
        assert_true(label_eq(j, label_join(b, a)));
        assert_true(label_eq(m, label_meet(b, a)));
        assert_true(label_eq(label_join(label_join(a, b), c), label_join(a, label_join(b, c))));
        assert_true(label_eq(label_meet(label_meet(a, b), c), label_meet(a, label_meet(b, c))));
        assert_true(label_eq(label_join(a, a), a));
        assert_true(label_eq(label_meet(a, a), a));
        assert_true(label_eq(label_join(a, label_meet(a, b)), a));
        assert_true(label_eq(label_meet(a, label_join(a, b)), a));
        /* Consistency: a ⊑ b iff a ⊔ b = b iff a ⊓ b = a. */
        assert_int_equal(label_leq(a, b), label_eq(j, b));
        assert_int_equal(label_leq(a, b), label_eq(m, a));
        /* Bottom and top are the identities. */
        assert_true(label_eq(label_join(a, label_bottom()), a));
        assert_true(label_eq(label_meet(a, label_top()), a));
        assert_true(label_valid(j) && label_valid(m));
    }
}

int main(void)
{
    uint64_t seed = 20261121;
    const char *env = getenv("LABEL_SEED");
    if (env)
        seed = strtoull(env, NULL, 0);
    printf("test_label: seed %llu, %d triples per law\n", (unsigned long long)seed, N_TRIPLES);
    fake_random_seed(seed);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_definitions),
        cmocka_unit_test(test_partial_order),
        cmocka_unit_test(test_join_meet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
