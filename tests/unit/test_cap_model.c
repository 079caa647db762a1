/*
 * Model-based randomized test of the capability model: at least 1,000,000
 * random operations (create, create from authority, copy, derive, move,
 * delete, revoke, check, resolve, lookup; valid and invalid arguments,
 * stale and garbage handles, expiring caps) run against libcore and against
 * a deliberately naive reference model written here: flat arrays with a
 * parent index per capability and quadratic revocation. After every step
 * the two must agree on the result code, on the handle returned and on every
 * slot's contents, generation and parent; a failed operation must leave the
 * tables byte-for-byte unchanged. cap_system_verify() runs every 4,096 steps.
 *
 * Seeded: CAP_MODEL_SEED in the environment overrides the default; the seed
 * is printed so a failure can be replayed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cap.h"
#include "core/error.h"
#include "fake_platform.h"

#define MS 3  /* spaces */
#define MN 12 /* slots per space: small, so tables fill up often */
#define STEPS 1000000L

/* ---- The reference model ---- */

struct mcap {
    int used;
    uint32_t gen;
    uint8_t type;
    uint64_t obj, badge, expiry;
    uint32_t rights;
    int parent; /* global id space*MN+slot, or -1 */
};

static struct mcap m[MS * MN];

static int m_get(uint32_t sp, cap_handle h, int *id)
{
    if (sp >= MS)
        return CAP_E_BADSPACE;
    uint32_t sl = cap_handle_slot(h);
    if (sl >= MN)
        return CAP_E_BADHANDLE;
    struct mcap *c = &m[sp * MN + sl];
    if (c->gen != cap_handle_gen(h))
        return CAP_E_STALE;
    if (!c->used)
        return CAP_E_BADHANDLE;
    *id = (int)(sp * MN + sl);
    return 0;
}

static int m_expired(const struct mcap *c, uint64_t now)
{
    return c->expiry != 0 && now >= c->expiry;
}

static int m_force(uint32_t sp, cap_handle h, uint32_t rights, uint64_t now, int *id)
{
    int e = m_get(sp, h, id);
    if (e)
        return e;
    if ((m[*id].rights & rights) != rights)
        return CAP_E_RIGHTS;
    if (m_expired(&m[*id], now))
        return CAP_E_EXPIRED;
    return 0;
}

static int m_first_free(uint32_t sp)
{
    for (int i = 0; i < MN; i++) {
        if (!m[sp * MN + (uint32_t)i].used)
            return (int)sp * MN + i;
    }
    return -1;
}

static int m_alloc_ok(uint32_t sp)
{
    if (sp >= MS)
        return CAP_E_BADSPACE;
    return m_first_free(sp) < 0 ? CAP_E_FULL : 0;
}

static int m_desc_ok(const struct cap_desc *d)
{
    if (d->type == CAP_T_NULL || d->type >= CAP_T_COUNT || (d->rights & ~(uint32_t)CAP_R_ALL))
        return 0;
    return !(d->type == CAP_T_CSPACE && d->obj >= MS);
}

static void m_free(int id)
{
    uint32_t gen = m[id].gen + 1;
    memset(&m[id], 0, sizeof m[id]);
    m[id].gen = gen;
    m[id].parent = -1;
}

static int m_is_desc(int id, int anc)
{
    for (int p = m[id].parent; p >= 0; p = m[p].parent) {
        if (p == anc)
            return 1;
    }
    return 0;
}

/* ---- The system under test ---- */

static struct cap_system sys;
static struct cap_space spaces[MS];
static struct cap_slot slots[MS][MN];
static struct cap_slot before[MS][MN];
static struct cap_space before_sp[MS];
static uint64_t now;

/* Outcome counts per operation, to show (and demand) that the random mix
 * reaches both success and every error it can produce. */
enum {
    OP_ROOT,
    OP_CREATE,
    OP_COPY,
    OP_DERIVE,
    OP_MOVE,
    OP_DELETE,
    OP_REVOKE,
    OP_CHECK,
    OP_RESOLVE,
    OP_LOOKUP,
    OP_N
};
static const char *const op_name[OP_N] = {"root",   "create", "copy",  "derive",  "move",
                                          "delete", "revoke", "check", "resolve", "lookup"};
static long outcome[OP_N][14]; /* [0] success, [k] error CORE_E_CAP_BASE - k */

static uint64_t rnd(uint64_t n)
{
    return fake_random_u64() % n;
}

/* A handle that is mostly good, sometimes stale, empty or out of range. */
static void pick(uint32_t *sp, cap_handle *h)
{
    uint64_t r = rnd(100);
    *sp = r < 3 ? MS : (uint32_t)rnd(MS);
    uint32_t sl = (uint32_t)rnd(MN);
    if (r < 85) {
        /* Prefer a live capability: start at a random slot, take the next used. */
        for (uint32_t i = 0; i < MS * MN; i++) {
            uint32_t id = (uint32_t)(rnd(MS * MN) + i) % (MS * MN);
            if (m[id].used) {
                if (*sp < MS)
                    *sp = id / MN;
                sl = id % MN;
                break;
            }
        }
    } else if (r < 88) {
        sl = MN + (uint32_t)rnd(3);
    }
    uint32_t gen = *sp < MS && sl < MN ? m[*sp * MN + sl].gen : 1;
    if (r >= 88 && r < 95 && gen > 1)
        gen -= (uint32_t)rnd(gen - 1) + 1; /* stale */
    else if (r >= 95)
        gen = (uint32_t)rnd(4);
    *h = cap_handle_make(sl, gen);
}

static uint32_t rand_rights(void)
{
    return (uint32_t)(fake_random_u64() | fake_random_u64()) & CAP_R_ALL;
}

static uint64_t rand_expiry(void)
{
    return rnd(10) < 7 ? 0 : now + rnd(300);
}

static void rand_desc(struct cap_desc *d)
{
    d->type = (uint8_t)rnd(CAP_T_COUNT + 1);
    if (rnd(20) == 0)
        d->type = CAP_T_NULL;
    d->obj = d->type == CAP_T_CSPACE ? rnd(MS + 1) : rnd(1000);
    d->rights = rand_rights();
    if (rnd(50) == 0)
        d->rights |= 1u << 20;
    d->badge = rnd(2) ? 0 : rnd(4);
    d->expiry = rand_expiry();
}

/* Record a successful allocation: the model must have had that slot free
 * with that generation, and the real allocator must have taken it. */
static int took(uint32_t dst, cap_handle h)
{
    uint32_t sl = cap_handle_slot(h);
    assert_true(dst < MS && sl < MN);
    int id = (int)(dst * MN + sl);
    assert_false(m[id].used);
    assert_int_equal(m[id].gen, cap_handle_gen(h));
    m[id].used = 1;
    m[id].parent = -1;
    return id;
}

static void compare_all(void)
{
    for (uint32_t s = 0; s < MS; s++) {
        uint32_t used = 0;
        for (uint32_t i = 0; i < MN; i++) {
            const struct mcap *c = &m[s * MN + i];
            const struct cap_slot *r = &slots[s][i];
            assert_int_equal(r->gen, c->gen);
            if (!c->used) {
                assert_int_equal(r->type, CAP_T_NULL);
                continue;
            }
            used++;
            assert_int_equal(r->type, c->type);
            assert_int_equal(r->obj, c->obj);
            assert_int_equal(r->rights, c->rights);
            assert_int_equal(r->badge, c->badge);
            assert_int_equal(r->expiry, c->expiry);
            uint32_t want = c->parent < 0
                                ? CAP_LINK_NIL
                                : ((uint32_t)c->parent / MN) << 20 | (uint32_t)c->parent % MN;
            assert_int_equal(r->parent, want);
        }
        assert_int_equal(spaces[s].used, used);
    }
}

static void step(long i)
{
    uint32_t sp, dst = rnd(30) == 0 ? MS : (uint32_t)rnd(MS);
    cap_handle h, out = 0;
    struct cap_desc d;
    int id = -1, want = 0, got = 0, nid;
    pick(&sp, &h);
    struct cap_loc loc = {sp, h};
    uint64_t op = rnd(100);
    memcpy(before, slots, sizeof slots);
    memcpy(before_sp, spaces, sizeof spaces);

    if (op < 8) { /* create_root */
        rand_desc(&d);
        want = m_desc_ok(&d) ? m_alloc_ok(dst) : CAP_E_INVAL;
        got = cap_create_root(&sys, dst, &d, &out);
        assert_int_equal(got, want);
        if (!got) {
            nid = took(dst, out);
            m[nid].type = d.type, m[nid].obj = d.obj, m[nid].rights = d.rights;
            m[nid].badge = d.badge, m[nid].expiry = d.expiry;
        }
    } else if (op < 16) { /* create from an authority */
        rand_desc(&d);
        want = m_force(sp, h, CAP_R_CREATE, now, &id);
        if (!want)
            want = m_desc_ok(&d) ? m_alloc_ok(dst) : CAP_E_INVAL;
        got = cap_create(&sys, loc, dst, &d, now, &out);
        assert_int_equal(got, want);
        if (!got) {
            nid = took(dst, out);
            uint64_t ae = m[id].expiry, e = d.expiry;
            m[nid].type = d.type, m[nid].obj = d.obj, m[nid].rights = d.rights;
            m[nid].badge = d.badge;
            m[nid].expiry = !e ? ae : !ae ? e : (e < ae ? e : ae);
            m[nid].parent = id;
        }
    } else if (op < 28) { /* copy */
        want = m_force(sp, h, CAP_R_GRANT, now, &id);
        if (!want)
            want = m_alloc_ok(dst);
        got = cap_copy(&sys, loc, dst, now, &out);
        assert_int_equal(got, want);
        if (!got) {
            nid = took(dst, out);
            uint32_t gen = m[nid].gen;
            m[nid] = m[id];
            m[nid].gen = gen;
        }
    } else if (op < 48) { /* derive */
        uint32_t rights = rand_rights();
        uint64_t badge = rnd(4), expiry = rand_expiry();
        if (!m_get(sp, h, &id)) { /* mostly sensible arguments */
            if (rnd(10))
                rights &= m[id].rights;
            if (rnd(10) < 7)
                badge = m[id].badge;
            if (rnd(10) < 6)
                expiry = rnd(2) ? 0 : m[id].expiry;
        }
        want = m_force(sp, h, CAP_R_DERIVE, now, &id);
        if (!want && (rights & ~m[id].rights))
            want = CAP_E_ESCALATE;
        if (!want && m[id].badge && badge != m[id].badge)
            want = CAP_E_BADGE;
        if (!want && m[id].expiry && expiry > m[id].expiry)
            want = CAP_E_LIFETIME;
        if (!want)
            want = m_alloc_ok(dst);
        got = cap_derive(&sys, loc, dst, rights, badge, expiry, now, &out);
        assert_int_equal(got, want);
        if (!got) {
            nid = took(dst, out);
            m[nid].type = m[id].type, m[nid].obj = m[id].obj, m[nid].rights = rights;
            m[nid].badge = badge, m[nid].expiry = expiry ? expiry : m[id].expiry;
            m[nid].parent = id;
        }
    } else if (op < 56) { /* move */
        if (rnd(2))
            dst = sp;
        want = m_force(sp, h, dst == sp ? 0 : CAP_R_GRANT, now, &id);
        if (!want)
            want = m_alloc_ok(dst);
        got = cap_move(&sys, loc, dst, now, &out);
        assert_int_equal(got, want);
        if (!got) {
            nid = took(dst, out);
            uint32_t gen = m[nid].gen;
            m[nid] = m[id];
            m[nid].gen = gen;
            for (int k = 0; k < MS * MN; k++) {
                if (m[k].used && m[k].parent == id)
                    m[k].parent = nid;
            }
            m_free(id);
        }
    } else if (op < 70) { /* delete */
        want = m_get(sp, h, &id);
        got = cap_delete(&sys, loc);
        assert_int_equal(got, want);
        if (!got) {
            for (int k = 0; k < MS * MN; k++) {
                if (m[k].used && m[k].parent == id)
                    m[k].parent = m[id].parent;
            }
            m_free(id);
        }
    } else if (op < 76) { /* revoke */
        want = m_force(sp, h, CAP_R_REVOKE, now, &id);
        uint32_t n = 0;
        got = cap_revoke(&sys, loc, now, &n);
        assert_int_equal(got, want);
        if (!got) {
            uint32_t count = 0;
            int doomed[MS * MN];
            for (int k = 0; k < MS * MN; k++)
                doomed[k] = m[k].used && m_is_desc(k, id);
            for (int k = 0; k < MS * MN; k++) {
                if (doomed[k]) {
                    m_free(k);
                    count++;
                }
            }
            assert_int_equal(n, count);
        }
    } else if (op < 92) { /* check */
        if (sp >= MS)
            sp = 0;
        uint8_t type = (uint8_t)rnd(CAP_T_COUNT);
        uint32_t rights = 0;
        uint32_t sl = cap_handle_slot(h);
        if (sl < MN && m[sp * MN + sl].used && rnd(4)) {
            type = m[sp * MN + sl].type;
            rights = m[sp * MN + sl].rights & (uint32_t)fake_random_u64();
        }
        if (rnd(8) == 0)
            rights |= 1u << rnd(13);
        const struct mcap *c = sl < MN ? &m[sp * MN + sl] : NULL;
        want = !c                               ? CAP_E_BADHANDLE
               : c->gen != cap_handle_gen(h)    ? CAP_E_STALE
               : !c->used                       ? CAP_E_BADHANDLE
               : c->type != type                ? CAP_E_TYPE
               : (c->rights & rights) != rights ? CAP_E_RIGHTS
               : m_expired(c, now)              ? CAP_E_EXPIRED
                                                : 0;
        uint64_t obj = 0, badge = 0;
        got = cap_check(&spaces[sp], h, type, rights, now, &obj, &badge);
        assert_int_equal(got, want);
        if (!got) {
            assert_int_equal(obj, c->obj);
            assert_int_equal(badge, c->badge);
        }
    } else if (op < 98) { /* resolve a path through cspace caps */
        cap_handle path[CAP_NS_DEPTH_MAX + 3];
        size_t n = (size_t)rnd(CAP_NS_DEPTH_MAX + 3);
        uint32_t at = sp;
        for (size_t k = 0; k < n; k++) {
            uint32_t s2;
            pick(&s2, &path[k]);
            /* Steer towards cspace caps in the space actually reached. */
            for (uint32_t j = 0; k + 1 < n && at < MS && j < MN && rnd(4); j++) {
                const struct mcap *c = &m[at * MN + j];
                if (c->used && c->type == CAP_T_CSPACE) {
                    path[k] = cap_handle_make(j, c->gen);
                    break;
                }
            }
            uint32_t sl = cap_handle_slot(path[k]);
            if (at < MS && sl < MN) {
                const struct mcap *c = &m[at * MN + sl];
                if (c->used && c->gen == cap_handle_gen(path[k]) && c->type == CAP_T_CSPACE)
                    at = (uint32_t)c->obj;
            }
        }
        /* The model's answer. */
        uint32_t cur = sp;
        want = n == 0 ? CAP_E_INVAL : n - 1 > CAP_NS_DEPTH_MAX ? CAP_E_DEPTH : 0;
        for (size_t k = 0; !want && k < n; k++) {
            want = m_get(cur, path[k], &id);
            if (want || k + 1 == n)
                break;
            if (m[id].type != CAP_T_CSPACE)
                want = CAP_E_TYPE;
            else if (!(m[id].rights & CAP_R_READ))
                want = CAP_E_RIGHTS;
            else if (m_expired(&m[id], now))
                want = CAP_E_EXPIRED;
            else
                cur = (uint32_t)m[id].obj;
        }
        struct cap_loc res = {0, 0};
        got = cap_resolve(&sys, sp, path, n, now, &res);
        assert_int_equal(got, want);
        if (!got) {
            assert_int_equal(res.space, cur);
            assert_int_equal(res.h, path[n - 1]);
        }
    } else { /* lookup */
        want = m_get(sp, h, &id);
        got = cap_lookup(&sys, loc, &d);
        assert_int_equal(got, want);
        if (!got) {
            assert_int_equal(d.type, m[id].type);
            assert_int_equal(d.obj, m[id].obj);
        }
    }
    int opi = op < 8    ? OP_ROOT
              : op < 16 ? OP_CREATE
              : op < 28 ? OP_COPY
              : op < 48 ? OP_DERIVE
              : op < 56 ? OP_MOVE
              : op < 70 ? OP_DELETE
              : op < 76 ? OP_REVOKE
              : op < 92 ? OP_CHECK
              : op < 98 ? OP_RESOLVE
                        : OP_LOOKUP;
    outcome[opi][got ? CORE_E_CAP_BASE - got : 0]++;
    if (got) {
        assert_memory_equal(before, slots, sizeof slots);
        assert_memory_equal(before_sp, spaces, sizeof spaces);
    }
    compare_all();
    if ((i & 4095) == 0)
        assert_int_equal(cap_system_verify(&sys), 0);
    now += rnd(4);
}

static void test_random_against_model(void **state)
{
    (void)state;
    uint64_t seed = 20261120;
    const char *env = getenv("CAP_MODEL_SEED");
    if (env)
        seed = strtoull(env, NULL, 0);
    printf("test_cap_model: seed %llu, %ld steps\n", (unsigned long long)seed, STEPS);
    fake_random_seed(seed);
    fake_trace_enable(0);
    cap_system_init(&sys, spaces, MS);
    for (uint32_t s = 0; s < MS; s++) {
        uint32_t idx;
        assert_int_equal(cap_space_add(&sys, slots[s], MN, s, &idx), 0);
    }
    for (int k = 0; k < MS * MN; k++) {
        m[k].gen = 1;
        m[k].parent = -1;
    }
    now = 1;
    size_t traces0 = fake_trace_count();
    for (long i = 0; i < STEPS; i++)
        step(i);
    /* Every operation left an audit record (checks only on refusal). */
    assert_true(fake_trace_count() - traces0 > STEPS / 2);
    assert_int_equal(cap_system_verify(&sys), 0);
    fake_trace_enable(1);
    for (int o = 0; o < OP_N; o++) {
        printf("  %-8s ok=%ld", op_name[o], outcome[o][0]);
        for (int k = 1; k < 14; k++) {
            if (outcome[o][k])
                printf(" %s=%ld", core_strerror(CORE_E_CAP_BASE - k) + 6, outcome[o][k]);
        }
        printf("\n");
        assert_true(outcome[o][0] > 1000);
    }
    /* The errors that matter most must each have been hit many times. */
    assert_true(outcome[OP_DERIVE][-(CAP_E_ESCALATE - CORE_E_CAP_BASE)] > 100);
    assert_true(outcome[OP_DERIVE][-(CAP_E_LIFETIME - CORE_E_CAP_BASE)] > 100);
    assert_true(outcome[OP_CHECK][-(CAP_E_EXPIRED - CORE_E_CAP_BASE)] > 100);
    assert_true(outcome[OP_COPY][-(CAP_E_FULL - CORE_E_CAP_BASE)] > 100);
    assert_true(outcome[OP_CHECK][-(CAP_E_STALE - CORE_E_CAP_BASE)] > 100);
    assert_true(outcome[OP_RESOLVE][-(CAP_E_DEPTH - CORE_E_CAP_BASE)] > 100);
    assert_true(outcome[OP_RESOLVE][-(CAP_E_TYPE - CORE_E_CAP_BASE)] > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_against_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
