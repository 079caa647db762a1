/*
 * Unit tests for the capability model (core/cap.h): each operation's effect
 * and audit record, each error with a snapshot proving the tables did not
 * change, stale handles after slot reuse, expiry, namespaces and their depth
 * bound, table overflow, and revocation of deep (10,000 levels) and wide
 * derivation trees across spaces. The randomized model-based test is
 * test_cap_model.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cap.h"
#include "core/error.h"
#include "fake_platform.h"

#define NSP 3
#define NSL 16

static struct cap_system sys;
static struct cap_space spaces[NSP + 1];
static struct cap_slot slots[NSP][NSL];

/* Everything an operation could touch, for "no side effects" checks. */
struct snap {
    struct cap_space sp[NSP + 1];
    struct cap_slot sl[NSP][NSL];
    uint32_t nspaces;
};

static void take(struct snap *s)
{
    memcpy(s->sp, spaces, sizeof spaces);
    memcpy(s->sl, slots, sizeof slots);
    s->nspaces = sys.nspaces;
}

static void same(const struct snap *s)
{
    assert_memory_equal(s->sp, spaces, sizeof spaces);
    assert_memory_equal(s->sl, slots, sizeof slots);
    assert_int_equal(s->nspaces, sys.nspaces);
}

static int setup(void **state)
{
    (void)state;
    memset(slots, 0xa5, sizeof slots); /* cap_space_add must clear */
    cap_system_init(&sys, spaces, NSP);
    for (uint32_t i = 0; i < NSP; i++) {
        uint32_t idx = 99;
        assert_int_equal(cap_space_add(&sys, slots[i], NSL, 100 + i, &idx), 0);
        assert_int_equal(idx, i);
    }
    fake_time_set(0);
    fake_trace_reset();
    return 0;
}

static struct cap_loc L(uint32_t space, cap_handle h) {
    struct cap_loc l = {space, h};
    return l;
}

static cap_handle
root(uint32_t space, uint8_t type, uint32_t rights, uint64_t obj)
{
    struct cap_desc d = {.type = type, .obj = obj, .rights = rights};
    cap_handle h = 0;
    assert_int_equal(cap_create_root(&sys, space, &d, &h), 0);
    return h;
}

/* The last trace record must be a refusal of op with err. */
static void refused(enum cap_op op, int err)
{
    const struct core_trace_rec *r = fake_trace_at(fake_trace_count() - 1);
    assert_non_null(r);
    assert_int_equal(r->kind, TR_CAP_REFUSE);
    assert_int_equal(r->c, op);
    assert_int_equal(r->d, (uint64_t) - (int64_t)err);
}

static void test_space_add_errors(void **state)
{
    (void)state;
    uint32_t idx;
    struct cap_slot extra[2];
    assert_int_equal(cap_space_add(&sys, extra, 0, 0, &idx), CAP_E_INVAL);
    assert_int_equal(cap_space_add(&sys, extra, CAP_SLOTS_MAX + 1, 0, &idx), CAP_E_INVAL);
    assert_int_equal(cap_space_add(&sys, extra, 2, 0, &idx), CAP_E_SPACES);
    assert_int_equal(sys.nspaces, NSP);
    assert_int_equal(cap_system_verify(&sys), 0);
    assert_string_equal(core_strerror(CAP_E_SPACES), "CAP_E_SPACES");
    assert_string_equal(core_strerror(CAP_E_LIFETIME), "CAP_E_LIFETIME");
}

static void test_create_root_and_check(void **state)
{
    (void)state;
    cap_handle h = root(1, CAP_T_FRAME, CAP_R_READ | CAP_R_WRITE, 0x1000);
    assert_int_not_equal(h, 0);
    const struct core_trace_rec *r = fake_trace_at(0);
    assert_int_equal(r->kind, TR_CAP_CREATE);
    assert_int_equal(r->a, 1);
    assert_int_equal(r->b, cap_handle_slot(h));
    assert_int_equal(r->c, CAP_T_FRAME);
    assert_int_equal(r->d, CAP_R_READ | CAP_R_WRITE);
    uint64_t obj = 0, badge = 7;
    assert_int_equal(cap_check(&spaces[1], h, CAP_T_FRAME, CAP_R_READ, 5, &obj, &badge), 0);
    assert_ptr_equal(cap_space_of(&sys, 1), &spaces[1]);
    assert_int_equal(obj, 0x1000);
    assert_int_equal(badge, 0);
    assert_int_equal(cap_check(&spaces[1], h, CAP_T_FRAME, 0, 5, &obj, NULL), 0);
    assert_int_equal(spaces[1].used, 1);
    assert_int_equal(cap_system_verify(&sys), 0);
}

static void test_check_errors(void **state)
{
    (void)state;
    cap_handle h = root(0, CAP_T_ENDPOINT, CAP_R_READ, 9);
    uint64_t obj = 0;
    struct snap s;
    take(&s);
    assert_int_equal(cap_check(&spaces[0], cap_handle_make(NSL, 1), CAP_T_ENDPOINT, 0, 0, &obj, 0),
                     CAP_E_BADHANDLE);
    refused(CAP_OP_CHECK, CAP_E_BADHANDLE);
    assert_int_equal(cap_check(&spaces[0], cap_handle_make(5, 1), CAP_T_ENDPOINT, 0, 0, &obj, 0),
                     CAP_E_BADHANDLE); /* never used slot */
    assert_int_equal(cap_check(&spaces[0], h + (1ull << 32), CAP_T_ENDPOINT, 0, 0, &obj, 0),
                     CAP_E_STALE);
    refused(CAP_OP_CHECK, CAP_E_STALE);
    assert_int_equal(cap_check(&spaces[0], h, CAP_T_FRAME, 0, 0, &obj, 0), CAP_E_TYPE);
    assert_int_equal(cap_check(&spaces[0], h, CAP_T_ENDPOINT, CAP_R_WRITE, 0, &obj, 0),
                     CAP_E_RIGHTS);
    refused(CAP_OP_CHECK, CAP_E_RIGHTS);
    assert_int_equal(cap_check(&spaces[0], 0, CAP_T_ENDPOINT, 0, 0, &obj, 0), CAP_E_STALE);
    assert_int_equal(obj, 0);
    same(&s);
}

static void test_expiry(void **state)
{
    (void)state;
    struct cap_desc d = {.type = CAP_T_GAS, .obj = 3, .rights = CAP_R_ALL, .expiry = 1000};
    cap_handle h, k;
    uint64_t obj;
    assert_int_equal(cap_create_root(&sys, 0, &d, &h), 0);
    assert_int_equal(cap_check(&spaces[0], h, CAP_T_GAS, CAP_R_DONATE, 999, &obj, 0), 0);
    assert_int_equal(cap_check(&spaces[0], h, CAP_T_GAS, CAP_R_DONATE, 1000, &obj, 0),
                     CAP_E_EXPIRED);
    refused(CAP_OP_CHECK, CAP_E_EXPIRED);
    /* A derived cap cannot outlive its source; 0 inherits. */
    struct snap s;
    take(&s);
    assert_int_equal(cap_derive(&sys, L(0, h), 1, CAP_R_READ, 0, 1001, 10, &k), CAP_E_LIFETIME);
    refused(CAP_OP_DERIVE, CAP_E_LIFETIME);
    same(&s);
    assert_int_equal(cap_derive(&sys, L(0, h), 1, CAP_R_READ, 0, 0, 10, &k), 0);
    struct cap_desc got;
    assert_int_equal(cap_lookup(&sys, L(1, k), &got), 0);
    assert_int_equal(got.expiry, 1000);
    /* Expired caps do nothing but can be deleted. */
    take(&s);
    assert_int_equal(cap_copy(&sys, L(0, h), 1, 1000, &k), CAP_E_EXPIRED);
    assert_int_equal(cap_derive(&sys, L(0, h), 1, 0, 0, 0, 2000, &k), CAP_E_EXPIRED);
    assert_int_equal(cap_move(&sys, L(0, h), 1, 2000, &k), CAP_E_EXPIRED);
    assert_int_equal(cap_revoke(&sys, L(0, h), 2000, NULL), CAP_E_EXPIRED);
    assert_int_equal(cap_create(&sys, L(0, h), 1, &d, 2000, &k), CAP_E_EXPIRED);
    same(&s);
    assert_int_equal(cap_delete(&sys, L(0, h)), 0);
    assert_int_equal(cap_system_verify(&sys), 0);
    /* Created from an authority: the earlier expiry wins. */
    struct cap_desc a = {.type = CAP_T_DOMAIN, .rights = CAP_R_CREATE, .expiry = 500};
    cap_handle ah;
    assert_int_equal(cap_create_root(&sys, 2, &a, &ah), 0);
    d.expiry = 0;
    assert_int_equal(cap_create(&sys, L(2, ah), 2, &d, 1, &k), 0);
    assert_int_equal(cap_lookup(&sys, L(2, k), &got), 0);
    assert_int_equal(got.expiry, 500);
}

static void test_create_from_authority(void **state)
{
    (void)state;
    cap_handle auth = root(0, CAP_T_DOMAIN, CAP_R_CREATE | CAP_R_REVOKE, 1);
    cap_handle weak = root(0, CAP_T_DOMAIN, CAP_R_ALL & ~(uint32_t)CAP_R_CREATE, 2);
    struct cap_desc d = {.type = CAP_T_IRQ, .obj = 11, .rights = CAP_R_ACK, .badge = 4};
    cap_handle h;
    struct snap s;
    take(&s);
    assert_int_equal(cap_create(&sys, L(0, weak), 1, &d, 0, &h), CAP_E_RIGHTS);
    refused(CAP_OP_CREATE, CAP_E_RIGHTS);
    assert_int_equal(cap_create(&sys, L(7, auth), 1, &d, 0, &h), CAP_E_BADSPACE);
    assert_int_equal(cap_create(&sys, L(0, auth), 7, &d, 0, &h), CAP_E_BADSPACE);
    d.type = CAP_T_COUNT;
    assert_int_equal(cap_create(&sys, L(0, auth), 1, &d, 0, &h), CAP_E_INVAL);
    d.type = CAP_T_NULL;
    assert_int_equal(cap_create_root(&sys, 1, &d, &h), CAP_E_INVAL);
    refused(CAP_OP_CREATE, CAP_E_INVAL);
    d.type = CAP_T_IRQ;
    d.rights = CAP_R_ALL + 1;
    assert_int_equal(cap_create(&sys, L(0, auth), 1, &d, 0, &h), CAP_E_INVAL);
    d.rights = CAP_R_ACK;
    struct cap_desc bad_ns = {.type = CAP_T_CSPACE, .obj = NSP, .rights = CAP_R_READ};
    assert_int_equal(cap_create_root(&sys, 1, &bad_ns, &h), CAP_E_INVAL);
    assert_int_equal(cap_create_root(&sys, NSP, &d, &h), CAP_E_BADSPACE);
    same(&s);
    assert_int_equal(cap_create(&sys, L(0, auth), 1, &d, 0, &h), 0);
    uint64_t obj, badge;
    assert_int_equal(cap_check(&spaces[1], h, CAP_T_IRQ, CAP_R_ACK, 0, &obj, &badge), 0);
    assert_int_equal(obj, 11);
    assert_int_equal(badge, 4);
    /* Created caps hang under their authority. */
    uint32_t n = 0;
    assert_int_equal(cap_revoke(&sys, L(0, auth), 0, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(cap_check(&spaces[1], h, CAP_T_IRQ, 0, 0, &obj, 0), CAP_E_STALE);
    assert_int_equal(cap_system_verify(&sys), 0);
}

static void test_copy(void **state)
{
    (void)state;
    cap_handle p = root(0, CAP_T_ENDPOINT, CAP_R_ALL, 5);
    cap_handle a, c, c2;
    assert_int_equal(cap_derive(&sys, L(0, p), 0, CAP_R_READ | CAP_R_GRANT, 77, 0, 0, &a), 0);
    fake_trace_reset();
    assert_int_equal(cap_copy(&sys, L(0, a), 2, 0, &c), 0);
    const struct core_trace_rec *r = fake_trace_at(0);
    assert_int_equal(r->kind, TR_CAP_DELEGATE);
    assert_int_equal(r->a, 0);
    assert_int_equal(r->b, cap_handle_slot(a));
    assert_int_equal(r->c, 2);
    assert_int_equal(r->d, cap_handle_slot(c));
    struct cap_desc g;
    assert_int_equal(cap_lookup(&sys, L(2, c), &g), 0);
    assert_int_equal(g.rights, CAP_R_READ | CAP_R_GRANT);
    assert_int_equal(g.badge, 77);
    assert_int_equal(g.obj, 5);
    /* The copy has no GRANT-less escape: copy of a cap without GRANT fails. */
    assert_int_equal(cap_derive(&sys, L(2, c), 2, CAP_R_READ, 77, 0, 0, &c2), CAP_E_RIGHTS);
    /* Revoking the copy's sibling leaves it; revoking the parent does not. */
    assert_int_equal(cap_delete(&sys, L(0, a)), 0);
    assert_int_equal(cap_lookup(&sys, L(2, c), &g), 0);
    uint32_t n;
    assert_int_equal(cap_revoke(&sys, L(0, p), 0, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(cap_lookup(&sys, L(2, c), &g), CAP_E_STALE);
    assert_int_equal(cap_system_verify(&sys), 0);
    /* Errors. */
    cap_handle nog = root(1, CAP_T_FRAME, CAP_R_READ, 1);
    struct snap s;
    take(&s);
    assert_int_equal(cap_copy(&sys, L(1, nog), 1, 0, &c), CAP_E_RIGHTS);
    refused(CAP_OP_COPY, CAP_E_RIGHTS);
    assert_int_equal(cap_copy(&sys, L(0, p), 9, 0, &c), CAP_E_BADSPACE);
    assert_int_equal(cap_copy(&sys, L(0, a), 1, 0, &c), CAP_E_STALE);
    same(&s);
}

static void test_derive(void **state)
{
    (void)state;
    cap_handle p = root(0, CAP_T_FRAME, CAP_R_READ | CAP_R_WRITE | CAP_R_DERIVE, 0x2000);
    cap_handle k, k2;
    fake_trace_reset();
    assert_int_equal(cap_derive(&sys, L(0, p), 1, CAP_R_READ | CAP_R_DERIVE, 42, 0, 0, &k), 0);
    const struct core_trace_rec *r = fake_trace_at(0);
    assert_int_equal(r->kind, TR_CAP_DERIVE);
    assert_int_equal(r->c, 1);
    assert_int_equal(r->d, cap_handle_slot(k));
    uint64_t obj, badge;
    assert_int_equal(cap_check(&spaces[1], k, CAP_T_FRAME, CAP_R_READ, 0, &obj, &badge), 0);
    assert_int_equal(badge, 42);
    assert_int_equal(cap_check(&spaces[1], k, CAP_T_FRAME, CAP_R_WRITE, 0, &obj, &badge),
                     CAP_E_RIGHTS);
    struct snap s;
    take(&s);
    /* Rights only shrink, badges are set once. */
    assert_int_equal(cap_derive(&sys, L(1, k), 1, CAP_R_READ | CAP_R_WRITE, 42, 0, 0, &k2),
                     CAP_E_ESCALATE);
    refused(CAP_OP_DERIVE, CAP_E_ESCALATE);
    assert_int_equal(cap_derive(&sys, L(1, k), 1, CAP_R_READ, 43, 0, 0, &k2), CAP_E_BADGE);
    refused(CAP_OP_DERIVE, CAP_E_BADGE);
    assert_int_equal(cap_derive(&sys, L(1, k), 1, 1u << 20, 42, 0, 0, &k2), CAP_E_ESCALATE);
    cap_handle nod = root(2, CAP_T_FRAME, CAP_R_READ, 1);
    take(&s);
    assert_int_equal(cap_derive(&sys, L(2, nod), 1, 0, 0, 0, 0, &k2), CAP_E_RIGHTS);
    same(&s);
    assert_int_equal(cap_derive(&sys, L(1, k), 1, CAP_R_READ, 42, 0, 0, &k2), 0);
    assert_int_equal(cap_system_verify(&sys), 0);
}

static void test_move(void **state)
{
    (void)state;
    cap_handle p = root(0, CAP_T_ENDPOINT, CAP_R_ALL, 3);
    cap_handle m, k1, k2, sib, moved;
    assert_int_equal(cap_derive(&sys, L(0, p), 0, CAP_R_ALL, 0, 0, 0, &m), 0);
    assert_int_equal(cap_copy(&sys, L(0, m), 0, 0, &sib), 0);
    assert_int_equal(cap_derive(&sys, L(0, m), 1, CAP_R_READ, 1, 0, 0, &k1), 0);
    assert_int_equal(cap_derive(&sys, L(0, m), 2, CAP_R_READ, 2, 0, 0, &k2), 0);
    fake_trace_reset();
    assert_int_equal(cap_move(&sys, L(0, m), 2, 0, &moved), 0);
    assert_int_equal(fake_trace_at(0)->kind, TR_CAP_DELEGATE);
    assert_int_equal(cap_system_verify(&sys), 0);
    uint64_t obj;
    assert_int_equal(cap_check(&spaces[0], m, CAP_T_ENDPOINT, 0, 0, &obj, 0), CAP_E_STALE);
    assert_int_equal(cap_check(&spaces[2], moved, CAP_T_ENDPOINT, CAP_R_ALL, 0, &obj, 0), 0);
    /* The children followed: revoking the moved cap reaches them. */
    uint32_t n;
    assert_int_equal(cap_revoke(&sys, L(2, moved), 0, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(cap_check(&spaces[1], k1, CAP_T_ENDPOINT, 0, 0, &obj, 0), CAP_E_STALE);
    /* And it still hangs under p, beside its sibling copy. */
    assert_int_equal(cap_revoke(&sys, L(0, p), 0, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(cap_system_verify(&sys), 0);
    /* Moving within a space needs no right; across spaces needs GRANT. */
    cap_handle ng = root(1, CAP_T_FRAME, CAP_R_READ, 1), ng2;
    struct snap s;
    take(&s);
    assert_int_equal(cap_move(&sys, L(1, ng), 0, 0, &ng2), CAP_E_RIGHTS);
    refused(CAP_OP_MOVE, CAP_E_RIGHTS);
    assert_int_equal(cap_move(&sys, L(1, ng), 5, 0, &ng2), CAP_E_RIGHTS);
    same(&s);
    assert_int_equal(cap_move(&sys, L(1, ng), 1, 0, &ng2), 0);
    assert_int_not_equal(ng, ng2);
    assert_int_equal(cap_system_verify(&sys), 0);
}

static void test_delete_reparents(void **state)
{
    (void)state;
    cap_handle p = root(0, CAP_T_FRAME, CAP_R_ALL, 1), mid, a, b, c;
    assert_int_equal(cap_derive(&sys, L(0, p), 1, CAP_R_ALL, 0, 0, 0, &mid), 0);
    assert_int_equal(cap_derive(&sys, L(1, mid), 2, CAP_R_READ, 0, 0, 0, &a), 0);
    assert_int_equal(cap_derive(&sys, L(1, mid), 2, CAP_R_READ, 0, 0, 0, &b), 0);
    assert_int_equal(cap_copy(&sys, L(1, mid), 1, 0, &c), 0);
    fake_trace_reset();
    assert_int_equal(cap_delete(&sys, L(1, mid)), 0);
    assert_int_equal(fake_trace_at(0)->kind, TR_CAP_DELETE);
    assert_int_equal(cap_system_verify(&sys), 0);
    struct snap s;
    take(&s);
    assert_int_equal(cap_delete(&sys, L(1, mid)), CAP_E_STALE);
    refused(CAP_OP_DELETE, CAP_E_STALE);
    assert_int_equal(cap_delete(&sys, L(1, cap_handle_make(NSL + 3, 1))), CAP_E_BADHANDLE);
    assert_int_equal(cap_delete(&sys, L(NSP, p)), CAP_E_BADSPACE);
    same(&s);
    uint32_t n;
    assert_int_equal(cap_revoke(&sys, L(0, p), 0, &n), 0);
    assert_int_equal(n, 3); /* a, b and the copy c */
    /* Deleting a root with children makes them roots. */
    cap_handle r2 = root(0, CAP_T_FRAME, CAP_R_ALL, 1), x, y;
    assert_int_equal(cap_derive(&sys, L(0, r2), 0, CAP_R_ALL, 0, 0, 0, &x), 0);
    assert_int_equal(cap_derive(&sys, L(0, x), 0, CAP_R_ALL, 0, 0, 0, &y), 0);
    assert_int_equal(cap_delete(&sys, L(0, r2)), 0);
    assert_int_equal(cap_system_verify(&sys), 0);
    assert_int_equal(cap_revoke(&sys, L(0, x), 0, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(cap_system_verify(&sys), 0);
}

static void test_revoke_errors_and_trace(void **state)
{
    (void)state;
    cap_handle p = root(0, CAP_T_SCHED, CAP_R_SWITCH | CAP_R_DERIVE, 1), k;
    assert_int_equal(cap_derive(&sys, L(0, p), 0, CAP_R_SWITCH, 0, 0, 0, &k), 0);
    struct snap s;
    take(&s);
    assert_int_equal(cap_revoke(&sys, L(0, p), 0, NULL), CAP_E_RIGHTS);
    refused(CAP_OP_REVOKE, CAP_E_RIGHTS);
    assert_int_equal(cap_revoke(&sys, L(0, k + 1), 0, NULL), CAP_E_BADHANDLE);
    same(&s);
    cap_handle q = root(1, CAP_T_SCHED, CAP_R_ALL, 1), q1, q2;
    assert_int_equal(cap_derive(&sys, L(1, q), 2, CAP_R_SWITCH, 0, 0, 0, &q1), 0);
    assert_int_equal(cap_derive(&sys, L(2, q1), 0, 0, 0, 0, 0, &q2), CAP_E_RIGHTS);
    fake_trace_reset();
    uint32_t n = 99;
    assert_int_equal(cap_revoke(&sys, L(1, q), 0, &n), 0);
    assert_int_equal(n, 1);
    const struct core_trace_rec *r = fake_trace_at(0);
    assert_int_equal(r->kind, TR_CAP_REVOKE);
    assert_int_equal(r->a, 1);
    assert_int_equal(r->b, cap_handle_slot(q));
    assert_int_equal(r->c, 1);
    /* Revoking a leaf removes nothing and succeeds. */
    assert_int_equal(cap_revoke(&sys, L(1, q), 0, &n), 0);
    assert_int_equal(n, 0);
}

static void test_stale_after_reuse(void **state)
{
    (void)state;
    cap_handle a = root(0, CAP_T_FRAME, CAP_R_READ, 1);
    assert_int_equal(cap_delete(&sys, L(0, a)), 0);
    cap_handle b = root(0, CAP_T_FRAME, CAP_R_ALL, 2);
    assert_int_equal(cap_handle_slot(a), cap_handle_slot(b)); /* the slot was reused */
    assert_int_not_equal(a, b);
    uint64_t obj;
    assert_int_equal(cap_check(&spaces[0], a, CAP_T_FRAME, 0, 0, &obj, 0), CAP_E_STALE);
    struct cap_desc g;
    assert_int_equal(cap_lookup(&sys, L(0, a), &g), CAP_E_STALE);
    /* A slot whose generation runs out is retired, never reused. */
    uint32_t sl = cap_handle_slot(b);
    slots[0][sl].gen = CAP_GEN_RETIRED - 1;
    cap_handle last = cap_handle_make(sl, CAP_GEN_RETIRED - 1);
    assert_int_equal(cap_delete(&sys, L(0, last)), 0);
    assert_int_equal(cap_system_verify(&sys), 0);
    for (int i = 0; i < NSL - 1; i++) {
        cap_handle h = root(0, CAP_T_FRAME, 0, 0);
        assert_int_not_equal(cap_handle_slot(h), sl);
    }
    cap_handle h;
    struct cap_desc d = {.type = CAP_T_FRAME};
    assert_int_equal(cap_create_root(&sys, 0, &d, &h), CAP_E_FULL);
}

static void test_table_overflow(void **state)
{
    (void)state;
    cap_handle hs[NSL];
    for (int i = 0; i < NSL; i++)
        hs[i] = root(1, CAP_T_FRAME, CAP_R_ALL, (uint64_t)i);
    cap_handle h;
    struct snap s;
    take(&s);
    struct cap_desc d = {.type = CAP_T_FRAME};
    assert_int_equal(cap_create_root(&sys, 1, &d, &h), CAP_E_FULL);
    refused(CAP_OP_CREATE, CAP_E_FULL);
    assert_int_equal(cap_copy(&sys, L(1, hs[0]), 1, 0, &h), CAP_E_FULL);
    assert_int_equal(cap_derive(&sys, L(1, hs[0]), 1, 0, 0, 0, 0, &h), CAP_E_FULL);
    assert_int_equal(cap_move(&sys, L(1, hs[0]), 1, 0, &h), CAP_E_FULL);
    assert_int_equal(cap_create(&sys, L(1, hs[0]), 1, &d, 0, &h), CAP_E_FULL);
    same(&s);
    /* Other spaces are unaffected; a freed slot is usable again. */
    assert_int_equal(cap_copy(&sys, L(1, hs[3]), 2, 0, &h), 0);
    assert_int_equal(cap_delete(&sys, L(1, hs[7])), 0);
    assert_int_equal(cap_derive(&sys, L(1, hs[0]), 1, 0, 0, 0, 0, &h), 0);
    assert_int_equal(cap_handle_slot(h), cap_handle_slot(hs[7]));
    assert_int_equal(cap_system_verify(&sys), 0);
}

static void test_namespace(void **state)
{
    (void)state;
    /* space 0 holds a cap on space 1, which holds a cap on space 2. */
    cap_handle to1 = root(0, CAP_T_CSPACE, CAP_R_READ, 1);
    cap_handle to2 = root(1, CAP_T_CSPACE, CAP_R_READ | CAP_R_WRITE, 2);
    cap_handle ep = root(2, CAP_T_ENDPOINT, CAP_R_WRITE, 55);
    cap_handle path[3] = {to1, to2, ep};
    struct cap_loc out = {0, 0};
    assert_int_equal(cap_resolve(&sys, 0, path, 3, 0, &out), 0);
    assert_int_equal(out.space, 2);
    assert_int_equal(out.h, ep);
    assert_int_equal(cap_resolve(&sys, 2, &ep, 1, 0, &out), 0);
    /* Errors, each distinct, nothing changes. */
    struct snap s;
    take(&s);
    assert_int_equal(cap_resolve(&sys, 0, path, 0, 0, &out), CAP_E_INVAL);
    cap_handle wrong[2] = {ep, ep};
    assert_int_equal(cap_resolve(&sys, 2, wrong, 2, 0, &out), CAP_E_TYPE);
    refused(CAP_OP_RESOLVE, CAP_E_TYPE);
    cap_handle noread = root(0, CAP_T_CSPACE, CAP_R_WRITE, 2);
    take(&s);
    cap_handle p2[2] = {noread, ep};
    assert_int_equal(cap_resolve(&sys, 0, p2, 2, 0, &out), CAP_E_RIGHTS);
    cap_handle p3[2] = {to1, cap_handle_make(5, 1)}; /* slot 5 of space 1 is empty */
    assert_int_equal(cap_resolve(&sys, 0, p3, 2, 0, &out), CAP_E_BADHANDLE);
    assert_int_equal(cap_resolve(&sys, 9, path, 3, 0, &out), CAP_E_BADSPACE);
    /* A loop of spaces: depth is bounded, too deep is its own error. */
    cap_handle self = root(1, CAP_T_CSPACE, CAP_R_READ, 1);
    take(&s);
    cap_handle deep[CAP_NS_DEPTH_MAX + 2];
    for (unsigned i = 0; i < CAP_NS_DEPTH_MAX + 2; i++)
        deep[i] = self;
    assert_int_equal(cap_resolve(&sys, 1, deep, CAP_NS_DEPTH_MAX + 1, 0, &out), 0);
    assert_int_equal(out.space, 1);
    assert_int_equal(cap_resolve(&sys, 1, deep, CAP_NS_DEPTH_MAX + 2, 0, &out), CAP_E_DEPTH);
    refused(CAP_OP_RESOLVE, CAP_E_DEPTH);
    /* Expired namespace caps stop resolution. */
    struct cap_desc d = {.type = CAP_T_CSPACE, .obj = 2, .rights = CAP_R_READ, .expiry = 10};
    cap_handle exp;
    assert_int_equal(cap_create_root(&sys, 0, &d, &exp), 0);
    cap_handle p4[2] = {exp, ep};
    assert_int_equal(cap_resolve(&sys, 0, p4, 2, 9, &out), 0);
    assert_int_equal(cap_resolve(&sys, 0, p4, 2, 10, &out), CAP_E_EXPIRED);
}

/* 10,000-level chain through all spaces, then a revoke from the top. */
static void test_revoke_deep_chain(void **state)
{
    (void)state;
    enum { DEPTH = 10000, PER = DEPTH / 2 + 2 };
    static struct cap_slot big[2][PER];
    static struct cap_space sp2[2];
    struct cap_system s2;
    cap_system_init(&s2, sp2, 2);
    uint32_t i0, i1;
    assert_int_equal(cap_space_add(&s2, big[0], PER, 0, &i0), 0);
    assert_int_equal(cap_space_add(&s2, big[1], PER, 1, &i1), 0);
    fake_trace_enable(0);
    struct cap_desc d = {.type = CAP_T_FRAME, .rights = CAP_R_ALL};
    cap_handle top, cur;
    assert_int_equal(cap_create_root(&s2, 0, &d, &top), 0);
    struct cap_loc at = {0, top};
    cap_handle mid = 0, leaf = 0;
    for (int i = 0; i < DEPTH; i++) {
        uint32_t dst = (uint32_t)(i + 1) % 2; /* alternate domains */
        assert_int_equal(cap_derive(&s2, at, dst, CAP_R_ALL, 0, 0, 0, &cur), 0);
        at.space = dst;
        at.h = cur;
        if (i == DEPTH / 2)
            mid = cur;
        leaf = cur;
    }
    fake_trace_enable(1);
    assert_int_equal(cap_system_verify(&s2), 0);
    /* Revoking in the middle removes the lower half only. */
    uint32_t n = 0;
    struct cap_loc m = {(uint32_t)(DEPTH / 2 + 1) % 2, mid};
    assert_int_equal(cap_revoke(&s2, m, 0, &n), 0);
    assert_int_equal(n, DEPTH - DEPTH / 2 - 1);
    uint64_t obj;
    assert_int_equal(cap_check(&sp2[DEPTH % 2], leaf, CAP_T_FRAME, 0, 0, &obj, 0), CAP_E_STALE);
    assert_int_equal(cap_revoke(&s2, (struct cap_loc){0, top}, 0, &n), 0);
    assert_int_equal(n, DEPTH / 2 + 1);
    assert_int_equal(sp2[0].used + sp2[1].used, 1);
    assert_int_equal(cap_system_verify(&s2), 0);
}

/* A wide and bushy tree: 4,000 children, each with a copy and a grandchild. */
static void test_revoke_wide_tree(void **state)
{
    (void)state;
    enum { W = 4000, PER = 6001 };
    static struct cap_slot big[2][PER];
    static struct cap_space sp2[2];
    struct cap_system s2;
    cap_system_init(&s2, sp2, 2);
    uint32_t idx;
    assert_int_equal(cap_space_add(&s2, big[0], PER, 0, &idx), 0);
    assert_int_equal(cap_space_add(&s2, big[1], PER, 1, &idx), 0);
    fake_trace_enable(0);
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .rights = CAP_R_ALL};
    cap_handle top, k, g;
    assert_int_equal(cap_create_root(&s2, 0, &d, &top), 0);
    struct cap_loc t = {0, top};
    uint32_t made = 0;
    for (int i = 0; i < W; i++) {
        assert_int_equal(cap_derive(&s2, t, (uint32_t)i % 2, CAP_R_ALL, 0, 0, 0, &k), 0);
        made++;
        struct cap_loc kl = {(uint32_t)i % 2, k};
        if (i % 2 == 0) {
            assert_int_equal(cap_copy(&s2, kl, 1, 0, &g), 0);
            made++;
        }
        if (i % 4 == 0) {
            assert_int_equal(cap_derive(&s2, kl, 1, CAP_R_READ, 9, 0, 0, &g), 0);
            made++;
        }
    }
    fake_trace_enable(1);
    assert_int_equal(cap_system_verify(&s2), 0);
    uint32_t n = 0;
    assert_int_equal(cap_revoke(&s2, t, 0, &n), 0);
    assert_int_equal(n, made);
    assert_int_equal(sp2[0].used, 1);
    assert_int_equal(sp2[1].used, 0);
    assert_int_equal(cap_system_verify(&s2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_space_add_errors, setup),
        cmocka_unit_test_setup(test_create_root_and_check, setup),
        cmocka_unit_test_setup(test_check_errors, setup),
        cmocka_unit_test_setup(test_expiry, setup),
        cmocka_unit_test_setup(test_create_from_authority, setup),
        cmocka_unit_test_setup(test_copy, setup),
        cmocka_unit_test_setup(test_derive, setup),
        cmocka_unit_test_setup(test_move, setup),
        cmocka_unit_test_setup(test_delete_reparents, setup),
        cmocka_unit_test_setup(test_revoke_errors_and_trace, setup),
        cmocka_unit_test_setup(test_stale_after_reuse, setup),
        cmocka_unit_test_setup(test_table_overflow, setup),
        cmocka_unit_test_setup(test_namespace, setup),
        cmocka_unit_test_setup(test_revoke_deep_chain, setup),
        cmocka_unit_test_setup(test_revoke_wide_tree, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
