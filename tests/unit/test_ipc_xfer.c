/*
 * Unit tests for capability transfer over IPC (core/ipc.h): a moved cap
 * leaves the sender and works in the receiver's space; a derived cap has
 * exactly the fewer rights asked for, keeps the badge, and is revoked with
 * the sender's original; a frame grant hands the receiver a cap to the same
 * frame object, with no payload byte copied; caps revoked or expired while
 * queued are dropped at delivery; replies carry caps straight to the
 * caller; the transit space is empty whenever no message is queued, and the
 * capability system's invariants hold throughout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/ipc.h"
#include "fake_platform.h"
#include "ipc_fixture.h"

static int setup(void **state)
{
    (void)state;
    fx_setup(1000, GAS_POL_THROTTLE);
    return 0;
}

static struct ipc_msg with_cap(cap_handle h, uint32_t mode, uint32_t rights)
{
    struct ipc_msg m = fx_msg(1);
    m.hdr.ncaps = 1;
    m.caps[0].h = h;
    m.caps[0].mode = mode;
    m.caps[0].rights = rights;
    return m;
}

static struct cap_desc desc_of(uint32_t space, cap_handle h)
{
    struct cap_desc d;
    struct cap_loc l = {space, h};
    assert_int_equal(cap_lookup(&fx.caps, l, &d), 0);
    return d;
}

static void transit_empty(void)
{
    assert_int_equal(fx.spaces[FX_SP_T].used, 0);
    assert_int_equal(cap_system_verify(&fx.caps), 0);
}

static void test_move(void **state)
{
    (void)state;
    cap_handle f = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ | CAP_R_WRITE | CAP_R_GRANT, 0x5000, 9);
    struct ipc_msg m = with_cap(f, IPC_XFER_MOVE, 0), out;
    struct ipc_res res;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    /* Gone from A at once; held in transit while queued. */
    uint64_t obj;
    assert_int_equal(cap_check(&fx.spaces[FX_SP_A], f, CAP_T_FRAME, 0, 0, &obj, NULL),
                     CAP_E_STALE);
    assert_int_equal(fx.spaces[FX_SP_T].used, 1);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.hdr.ncaps, 1);
    assert_int_equal(out.caps[0].mode, IPC_XFER_MOVE);
    assert_int_equal(out.caps[0].rights, CAP_R_READ | CAP_R_WRITE | CAP_R_GRANT);
    uint64_t badge = 0;
    assert_int_equal(cap_check(&fx.spaces[FX_SP_B], out.caps[0].h, CAP_T_FRAME,
                               CAP_R_READ | CAP_R_WRITE, 0, &obj, &badge),
                     0);
    assert_int_equal(obj, 0x5000);
    assert_int_equal(badge, 9);
    transit_empty();
    /* And B can pass it on: the received handle is a real cap in B's space. */
    struct ipc_msg back = with_cap(out.caps[0].h, IPC_XFER_MOVE, 0);
    cap_handle b_send = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_WRITE, fx.ep, 0);
    cap_handle c_recv = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    assert_int_equal(ipc_send(&fx.ipc, fx.b, b_send, &back, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.c, c_recv, &out, 0, &res), 0);
    assert_int_equal(desc_of(FX_SP_C, out.caps[0].h).obj, 0x5000);
    transit_empty();
}

static void test_derive_fewer_rights(void **state)
{
    (void)state;
    cap_handle f = fx_cap(FX_SP_A, CAP_T_FRAME,
                          CAP_R_READ | CAP_R_WRITE | CAP_R_DERIVE | CAP_R_REVOKE, 0x6000, 0);
    struct ipc_msg m = with_cap(f, IPC_XFER_DERIVE, CAP_R_READ), out;
    struct ipc_res res;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    cap_handle g = out.caps[0].h;
    assert_int_equal(out.caps[0].rights, CAP_R_READ);
    struct cap_desc d = desc_of(FX_SP_B, g);
    assert_int_equal(d.rights, CAP_R_READ);
    assert_int_equal(d.obj, 0x6000);
    uint64_t obj;
    assert_int_equal(cap_check(&fx.spaces[FX_SP_B], g, CAP_T_FRAME, CAP_R_READ, 0, &obj, NULL), 0);
    assert_int_equal(cap_check(&fx.spaces[FX_SP_B], g, CAP_T_FRAME, CAP_R_WRITE, 0, &obj, NULL),
                     CAP_E_RIGHTS);
    /* A keeps its cap; B's is its child: revoking A's takes B's away. */
    assert_int_equal(desc_of(FX_SP_A, f).rights,
                     CAP_R_READ | CAP_R_WRITE | CAP_R_DERIVE | CAP_R_REVOKE);
    transit_empty();
    struct cap_loc la = {FX_SP_A, f};
    uint32_t removed = 0;
    assert_int_equal(cap_revoke(&fx.caps, la, 0, &removed), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(cap_check(&fx.spaces[FX_SP_B], g, CAP_T_FRAME, 0, 0, &obj, NULL),
                     CAP_E_STALE);
    assert_int_equal(cap_system_verify(&fx.caps), 0);
}

/* A 64 KiB payload goes as a frame cap: the receiver maps the same frame
 * (here: the same host buffer named by the object reference) and sees the
 * sender's bytes, and later writes, without any copy through IPC. */
static void test_frame_grant_zero_copy(void **state)
{
    (void)state;
    static uint8_t frame[65536];
    for (size_t i = 0; i < sizeof frame; i++)
        frame[i] = (uint8_t)(i * 7);
    cap_handle f = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ | CAP_R_WRITE | CAP_R_DERIVE,
                          (uint64_t)(uintptr_t)frame, 0);
    struct ipc_msg m = with_cap(f, IPC_XFER_DERIVE, CAP_R_READ), out;
    m.hdr.len = 1;
    m.words[0] = sizeof frame; /* the payload length, as a word */
    struct ipc_res res;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    /* The queued message holds one word and one cap, not the payload. */
    assert_int_equal(fx.ring[0].msg.hdr.len, 1);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    uint64_t obj = 0;
    assert_int_equal(
        cap_check(&fx.spaces[FX_SP_B], out.caps[0].h, CAP_T_FRAME, CAP_R_READ, 0, &obj, NULL), 0);
    assert_ptr_equal((uint8_t *)(uintptr_t)obj, frame);
    frame[12345] = 0x5a; /* the sender writes after the send ... */
    const uint8_t *seen = (const uint8_t *)(uintptr_t)obj;
    assert_int_equal(seen[12345], 0x5a); /* ... and the receiver sees it: same memory */
    assert_int_equal(out.words[0], sizeof frame);
    transit_empty();
}

static void test_revoked_or_expired_in_flight(void **state)
{
    (void)state;
    cap_handle f = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ | CAP_R_DERIVE | CAP_R_REVOKE, 1, 0);
    struct ipc_msg m = with_cap(f, IPC_XFER_DERIVE, CAP_R_READ), out;
    struct ipc_res res;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    /* The owner changes its mind while the message waits: revoke reaches
     * the copy in transit. */
    struct cap_loc la = {FX_SP_A, f};
    uint32_t removed = 0;
    assert_int_equal(cap_revoke(&fx.caps, la, 0, &removed), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.hdr.ncaps, 1);
    assert_int_equal(out.caps[0].h, 0);
    assert_int_equal(out.caps[0].rights, 0);
    assert_int_equal(fx.spaces[FX_SP_B].used, 1); /* only its endpoint cap */
    transit_empty();

    /* A cap that expires in flight is dropped at delivery. */
    struct cap_desc d = {.type = CAP_T_FRAME, .obj = 2, .rights = CAP_R_GRANT, .expiry = 100};
    cap_handle e;
    assert_int_equal(cap_create_root(&fx.caps, FX_SP_A, &d, &e), 0);
    m = with_cap(e, IPC_XFER_MOVE, 0);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 50, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 200, &res), 0);
    assert_int_equal(out.caps[0].h, 0);
    assert_int_equal(fx.spaces[FX_SP_B].used, 1);
    transit_empty();
}

static void test_reply_carries_caps(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(0), out;
    struct ipc_res res;
    cap_handle g = fx_cap(FX_SP_B, CAP_T_FRAME, CAP_R_READ | CAP_R_WRITE | CAP_R_DERIVE, 0x7000, 3);
    cap_handle k = fx_cap(FX_SP_B, CAP_T_IRQ, CAP_R_ACK | CAP_R_GRANT, 11, 0);
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    struct ipc_msg rep = fx_msg(0);
    rep.hdr.ncaps = 2;
    rep.caps[0] = (struct ipc_xfer){g, CAP_R_READ, IPC_XFER_DERIVE};
    rep.caps[1] = (struct ipc_xfer){k, 0, IPC_XFER_MOVE};
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &rep, 0, &res), 0);
    assert_int_equal(fx.spaces[FX_SP_T].used, 0); /* straight to the caller */
    assert_int_equal(ipc_reply_wait(&fx.ipc, fx.a, &out, &res), 0);
    assert_int_equal(out.hdr.ncaps, 2);
    struct cap_desc d0 = desc_of(FX_SP_A, out.caps[0].h), d1 = desc_of(FX_SP_A, out.caps[1].h);
    assert_int_equal(d0.obj, 0x7000);
    assert_int_equal(d0.rights, CAP_R_READ);
    assert_int_equal(d0.badge, 3);
    assert_int_equal(d1.type, CAP_T_IRQ);
    assert_int_equal(d1.rights, CAP_R_ACK | CAP_R_GRANT);
    struct cap_loc lk = {FX_SP_B, k};
    struct cap_desc gone;
    assert_int_equal(cap_lookup(&fx.caps, lk, &gone), CAP_E_STALE);
    assert_int_equal(cap_system_verify(&fx.caps), 0);
}

/* Several caps, mixed modes, a full ring and a wrap-around: every queued
 * cap is delivered in order and the transit space drains to empty. */
static void test_many_in_flight(void **state)
{
    (void)state;
    struct ipc_res res;
    struct ipc_msg out;
    for (uint32_t round = 0; round < 3; round++) {
        for (uint32_t i = 0; i < FX_RING; i++) {
            struct ipc_msg m = fx_msg(1);
            m.words[0] = round * 100 + i;
            m.hdr.ncaps = 2;
            cap_handle x = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_GRANT | CAP_R_READ, 1000 + i, 0);
            cap_handle y = fx_cap(FX_SP_A, CAP_T_GAS, CAP_R_DERIVE | CAP_R_DONATE, 2000 + i, 0);
            m.caps[0] = (struct ipc_xfer){x, 0, IPC_XFER_MOVE};
            m.caps[1] = (struct ipc_xfer){y, CAP_R_DONATE, IPC_XFER_DERIVE};
            assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
        }
        assert_int_equal(fx.spaces[FX_SP_T].used, 2 * FX_RING);
        for (uint32_t i = 0; i < FX_RING; i++) {
            assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
            assert_int_equal(out.words[0], round * 100 + i);
            assert_int_equal(desc_of(FX_SP_B, out.caps[0].h).obj, 1000 + i);
            struct cap_desc d = desc_of(FX_SP_B, out.caps[1].h);
            assert_int_equal(d.obj, 2000 + i);
            assert_int_equal(d.rights, CAP_R_DONATE);
            struct cap_loc l0 = {FX_SP_B, out.caps[0].h}, l1 = {FX_SP_B, out.caps[1].h};
            assert_int_equal(cap_delete(&fx.caps, l0), 0);
            assert_int_equal(cap_delete(&fx.caps, l1), 0);
        }
        transit_empty();
        /* Clean A's space for the next round (its derived-from caps). */
        for (uint32_t s = 0; s < FX_SLOTS; s++) {
            const struct cap_slot *c = &fx.slots[FX_SP_A][s];
            if (c->type == CAP_T_GAS) {
                struct cap_loc l = {FX_SP_A, cap_handle_make(s, c->gen)};
                assert_int_equal(cap_delete(&fx.caps, l), 0);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_move, setup),
        cmocka_unit_test_setup(test_derive_fewer_rights, setup),
        cmocka_unit_test_setup(test_frame_grant_zero_copy, setup),
        cmocka_unit_test_setup(test_revoked_or_expired_in_flight, setup),
        cmocka_unit_test_setup(test_reply_carries_caps, setup),
        cmocka_unit_test_setup(test_many_in_flight, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
