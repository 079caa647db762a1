/*
 * Unit tests for secure channels (core/channel.h): the ML-KEM-768 handshake
 * round trip (deterministic and randomized), messages both ways, tampering
 * with every byte of a sealed message (header, ciphertext, tag: each class
 * rejected with its own error, nothing written, the channel unchanged),
 * replay, reordering, a reflected message, a wrong key, transcript binding
 * (any changed byte of context, ek, ct or shared secret changes all three
 * outputs of the key schedule, and a changed handshake byte in flight leaves
 * the two ends unable to talk), argument and state errors, and wiping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/channel.h"
#include "fake_platform.h"

static struct chan_hs hs;
static struct chan ci, cr; /* initiator's and responder's ends */
static uint8_t ek[CHAN_EK_BYTES], ct[CHAN_CT_BYTES];
static const uint8_t ctx[] = "ep:0x100000002 -> ep:0x100000003 label(1,{})";

static void seeds(uint8_t d[32], uint8_t z[32], uint8_t m[32], uint8_t base)
{
    for (int i = 0; i < 32; i++) {
        d[i] = (uint8_t)(base + i);
        z[i] = (uint8_t)(base * 3 + i);
        m[i] = (uint8_t)(base * 7 + i);
    }
}

/* A handshake whose ek and ct pass through `edit` hooks (NULL: untouched). */
static void handshake(uint8_t base, int ek_flip, int ct_flip, const uint8_t *rctx, size_t rlen)
{
    uint8_t d[32], z[32], m[32];
    seeds(d, z, m, base);
    assert_int_equal(chan_initiate_derand(&hs, ek, ctx, sizeof ctx, d, z), 0);
    if (ek_flip >= 0)
        ek[ek_flip] ^= 1;
    assert_int_equal(chan_respond_derand(&cr, ct, ek, rctx, rlen, m), 0);
    if (ct_flip >= 0)
        ct[ct_flip] ^= 1;
    assert_int_equal(chan_finish(&ci, &hs, ct), 0);
}

static int setup(void **state)
{
    (void)state;
    handshake(1, -1, -1, ctx, sizeof ctx);
    return 0;
}

static void test_round_trip(void **state)
{
    (void)state;
    assert_true(ci.open && cr.open);
    assert_memory_equal(ci.id, cr.id, CHAN_ID_BYTES);
    assert_memory_equal(ci.k_send, cr.k_recv, 32);
    assert_memory_equal(ci.k_recv, cr.k_send, 32);
    assert_memory_not_equal(ci.k_send, ci.k_recv, 32); /* a key per direction */
    static uint8_t pt[2000], sealed[2000 + CHAN_OVERHEAD], back[2000];
    static const size_t lens[] = {0, 1, 15, 16, 64, 1000, 2000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        for (size_t k = 0; k < lens[i]; k++)
            pt[k] = (uint8_t)(k * 13 + i);
        struct chan *tx = i % 2 ? &cr : &ci, *rx = i % 2 ? &ci : &cr;
        assert_int_equal(chan_seal(tx, sealed, pt, lens[i]), 0);
        assert_int_equal(sealed[0], CHAN_VERSION);
        assert_int_equal(sealed[1], tx->dir_send);
        size_t got = 12345;
        assert_int_equal(chan_open(rx, back, &got, sealed, lens[i] + CHAN_OVERHEAD), 0);
        assert_int_equal(got, lens[i]);
        assert_memory_equal(back, pt, lens[i]);
    }
    assert_int_equal(ci.seq_send, 4);
    assert_int_equal(cr.seq_recv, 4);
    assert_int_equal(cr.seq_send, 3);
    assert_int_equal(ci.seq_recv, 3);
}

static void test_randomized_handshake(void **state)
{
    (void)state;
    fake_random_seed(42);
    struct chan a, b;
    assert_int_equal(chan_initiate(&hs, ek, NULL, 0), 0);
    assert_int_equal(chan_respond(&b, ct, ek, NULL, 0), 0);
    assert_int_equal(chan_finish(&a, &hs, ct), 0);
    assert_memory_equal(a.id, b.id, CHAN_ID_BYTES);
    /* Different randomness, different channel. */
    assert_memory_not_equal(a.id, ci.id, CHAN_ID_BYTES);
    uint8_t sealed[8 + CHAN_OVERHEAD], back[8];
    size_t n;
    assert_int_equal(chan_seal(&b, sealed, (const uint8_t *)"response", 8), 0);
    assert_int_equal(chan_open(&a, back, &n, sealed, sizeof sealed), 0);
    assert_memory_equal(back, "response", 8);
    chan_close(&a);
    chan_close(&b);
}

/* Flip one bit in each byte of a sealed message in turn. */
static void test_tamper_every_byte(void **state)
{
    (void)state;
    enum { LEN = 100 };
    uint8_t pt[LEN], sealed[LEN + CHAN_OVERHEAD], bad[LEN + CHAN_OVERHEAD], back[LEN];
    size_t n;
    for (int i = 0; i < LEN; i++)
        pt[i] = (uint8_t)i;
    /* One message through first, so the next has sequence 1 and a flipped
     * low bit can look like a replay (sequence 0). */
    assert_int_equal(chan_seal(&ci, sealed, pt, LEN), 0);
    assert_int_equal(chan_open(&cr, back, &n, sealed, sizeof sealed), 0);
    assert_int_equal(chan_seal(&ci, sealed, pt, LEN), 0);
    unsigned per[5] = {0};
    for (size_t pos = 0; pos < sizeof sealed; pos++) {
        for (int bit = 0; bit < 8; bit += 7) {
            memcpy(bad, sealed, sizeof bad);
            bad[pos] ^= (uint8_t)(1u << bit);
            struct chan before = cr;
            memset(back, 0xcc, sizeof back);
            size_t got = 777;
            int e = chan_open(&cr, back, &got, bad, sizeof bad);
            int want;
            if (pos < 4)
                want = CHAN_E_HEADER;
            else if (pos < 8)
                want = CHAN_E_LEN;
            else if (pos < CHAN_HDR_BYTES)
                want = (pos == 8 && bit == 0) ? CHAN_E_REPLAY : CHAN_E_REORDER;
            else
                want = CHAN_E_AUTH; /* ciphertext or tag */
            assert_int_equal(e, want);
            per[pos < 4 ? 0 : pos < 8 ? 1 : pos < 16 ? 2 : pos < 16 + LEN ? 3 : 4]++;
            /* Nothing written, nothing advanced. */
            assert_int_equal(got, 777);
            for (int k = 0; k < LEN; k++)
                assert_int_equal(back[k], 0xcc);
            assert_memory_equal(&before, &cr, sizeof cr);
        }
    }
    assert_int_equal(per[3], 2 * LEN);
    assert_int_equal(per[4], 2 * CHAN_TAG_BYTES);
    /* Truncated and extended buffers. */
    assert_int_equal(chan_open(&cr, back, &n, sealed, sizeof sealed - 1), CHAN_E_LEN);
    assert_int_equal(chan_open(&cr, back, &n, sealed, CHAN_OVERHEAD - 1), CHAN_E_LEN);
    /* The genuine message still opens. */
    assert_int_equal(chan_open(&cr, back, &n, sealed, sizeof sealed), 0);
    assert_memory_equal(back, pt, LEN);
}

static void test_replay_reorder_reflect(void **state)
{
    (void)state;
    uint8_t m0[4 + CHAN_OVERHEAD], m1[4 + CHAN_OVERHEAD], m2[4 + CHAN_OVERHEAD], back[4];
    size_t n;
    assert_int_equal(chan_seal(&ci, m0, (const uint8_t *)"zero", 4), 0);
    assert_int_equal(chan_seal(&ci, m1, (const uint8_t *)"one.", 4), 0);
    assert_int_equal(chan_seal(&ci, m2, (const uint8_t *)"two.", 4), 0);
    /* Out of order: m1 before m0. */
    assert_int_equal(chan_open(&cr, back, &n, m1, sizeof m1), CHAN_E_REORDER);
    assert_int_equal(chan_open(&cr, back, &n, m2, sizeof m2), CHAN_E_REORDER);
    assert_int_equal(chan_open(&cr, back, &n, m0, sizeof m0), 0);
    assert_memory_equal(back, "zero", 4);
    /* Replay of m0. */
    assert_int_equal(chan_open(&cr, back, &n, m0, sizeof m0), CHAN_E_REPLAY);
    assert_int_equal(chan_open(&cr, back, &n, m1, sizeof m1), 0);
    assert_int_equal(chan_open(&cr, back, &n, m1, sizeof m1), CHAN_E_REPLAY);
    assert_int_equal(chan_open(&cr, back, &n, m2, sizeof m2), 0);
    assert_memory_equal(back, "two.", 4);
    /* A message reflected back to its sender is refused by direction. */
    uint8_t r[4 + CHAN_OVERHEAD];
    assert_int_equal(chan_seal(&cr, r, (const uint8_t *)"back", 4), 0);
    assert_int_equal(chan_open(&cr, back, &n, r, sizeof r), CHAN_E_HEADER);
    assert_int_equal(chan_open(&ci, back, &n, r, sizeof r), 0);
}

static void test_wrong_key(void **state)
{
    (void)state;
    struct chan other_i = ci, other_r = cr;
    handshake(2, -1, -1, ctx, sizeof ctx); /* a second channel in ci/cr */
    uint8_t sealed[32 + CHAN_OVERHEAD], back[32];
    uint8_t pt[32] = {1, 2, 3};
    size_t n;
    assert_int_equal(chan_seal(&other_i, sealed, pt, 32), 0);
    /* Same sequence number, right direction, other key. */
    assert_int_equal(chan_open(&cr, back, &n, sealed, sizeof sealed), CHAN_E_AUTH);
    assert_int_equal(chan_open(&other_r, back, &n, sealed, sizeof sealed), 0);
}

static bool differs(const uint8_t a[96], const uint8_t b[96])
{
    /* Each of the three outputs must change, not just one of them. */
    for (int part = 0; part < 3; part++) {
        if (!memcmp(a + 32 * part, b + 32 * part, 32))
            return false;
    }
    return true;
}

static void test_transcript_binding(void **state)
{
    (void)state;
    static uint8_t e[CHAN_EK_BYTES], c[CHAN_CT_BYTES];
    uint8_t k[32], x[20], base[96], out[96];
    for (size_t i = 0; i < sizeof e; i++)
        e[i] = (uint8_t)(i * 31 + 7);
    for (size_t i = 0; i < sizeof c; i++)
        c[i] = (uint8_t)(i * 17 + 3);
    for (size_t i = 0; i < sizeof k; i++)
        k[i] = (uint8_t)(i * 5);
    for (size_t i = 0; i < sizeof x; i++)
        x[i] = (uint8_t)i;
    chan_kdf(base, x, sizeof x, e, c, k);
    unsigned checked = 0;
    for (size_t i = 0; i < sizeof x; i++, checked++) {
        x[i] ^= 0x80;
        chan_kdf(out, x, sizeof x, e, c, k);
        assert_true(differs(base, out));
        x[i] ^= 0x80;
    }
    for (size_t i = 0; i < sizeof e; i++, checked++) {
        e[i] ^= 1;
        chan_kdf(out, x, sizeof x, e, c, k);
        assert_true(differs(base, out));
        e[i] ^= 1;
    }
    for (size_t i = 0; i < sizeof c; i++, checked++) {
        c[i] ^= 1;
        chan_kdf(out, x, sizeof x, e, c, k);
        assert_true(differs(base, out));
        c[i] ^= 1;
    }
    for (size_t i = 0; i < sizeof k; i++, checked++) {
        k[i] ^= 1;
        chan_kdf(out, x, sizeof x, e, c, k);
        assert_true(differs(base, out));
        k[i] ^= 1;
    }
    /* Context length is bound too (a shorter prefix is a different input). */
    chan_kdf(out, x, sizeof x - 1, e, c, k);
    assert_true(differs(base, out));
    chan_kdf(out, x, sizeof x, e, c, k);
    assert_memory_equal(out, base, 96);
    printf("test_channel: %u transcript bytes each change every key\n", checked);

    /* End to end: a byte changed in flight splits the two ends' keys, so
     * their first message fails authentication. Positions spread over ek
     * and ct (each is a full ML-KEM operation, so not all of them). */
    uint8_t msg[16 + CHAN_OVERHEAD], back[16], pt[16] = {0};
    size_t n;
    for (int pos = 0; pos < CHAN_EK_BYTES; pos += 149) {
        handshake(3, pos, -1, ctx, sizeof ctx);
        assert_memory_not_equal(ci.id, cr.id, CHAN_ID_BYTES);
        assert_int_equal(chan_seal(&ci, msg, pt, 16), 0);
        assert_int_equal(chan_open(&cr, back, &n, msg, sizeof msg), CHAN_E_AUTH);
    }
    for (int pos = 0; pos < CHAN_CT_BYTES; pos += 137) {
        handshake(3, -1, pos, ctx, sizeof ctx);
        assert_memory_not_equal(ci.id, cr.id, CHAN_ID_BYTES);
        assert_int_equal(chan_seal(&cr, msg, pt, 16), 0);
        assert_int_equal(chan_open(&ci, back, &n, msg, sizeof msg), CHAN_E_AUTH);
    }
    /* The two ends must agree on the context. */
    handshake(3, -1, -1, ctx, sizeof ctx - 1);
    assert_memory_not_equal(ci.id, cr.id, CHAN_ID_BYTES);
    handshake(3, -1, -1, ctx, sizeof ctx);
    assert_memory_equal(ci.id, cr.id, CHAN_ID_BYTES);
}

static void test_errors_and_wiping(void **state)
{
    (void)state;
    uint8_t d[32], z[32], m[32], buf[64], back[32];
    size_t n;
    seeds(d, z, m, 9);
    static uint8_t big[CHAN_CTX_MAX + 1];
    assert_int_equal(chan_initiate_derand(&hs, ek, big, sizeof big, d, z), CHAN_E_PARAM);
    assert_int_equal(chan_initiate_derand(&hs, ek, NULL, 3, d, z), CHAN_E_PARAM);
    assert_int_equal(chan_initiate(NULL, ek, NULL, 0), CHAN_E_PARAM);
    assert_int_equal(chan_respond_derand(&cr, ct, ek, big, sizeof big, m), CHAN_E_PARAM);
    assert_int_equal(chan_respond(&cr, ct, NULL, NULL, 0), CHAN_E_PARAM);
    assert_int_equal(chan_finish(&ci, NULL, ct), CHAN_E_PARAM);
    assert_int_equal(chan_seal(NULL, buf, back, 1), CHAN_E_PARAM);
    assert_int_equal(chan_open(&ci, back, NULL, buf, sizeof buf), CHAN_E_PARAM);
    /* An ek failing ML-KEM's modulus check: refused, ct and c untouched. */
    static uint8_t badek[CHAN_EK_BYTES];
    memset(badek, 0xff, sizeof badek);
    struct chan before = cr;
    memset(ct, 0x5a, sizeof ct);
    assert_int_equal(chan_respond_derand(&cr, ct, badek, NULL, 0, m), CHAN_E_KEM);
    assert_memory_equal(&before, &cr, sizeof cr);
    assert_int_equal(ct[0], 0x5a);
    /* State: finish without a pending handshake, seal/open on a closed end. */
    struct chan_hs idle;
    memset(&idle, 0, sizeof idle);
    assert_int_equal(chan_finish(&ci, &idle, ct), CHAN_E_STATE);
    struct chan closed;
    memset(&closed, 0, sizeof closed);
    assert_int_equal(chan_seal(&closed, buf, back, 1), CHAN_E_STATE);
    assert_int_equal(chan_open(&closed, back, &n, buf, sizeof buf), CHAN_E_STATE);
    /* Sequence numbers used up: re-key. */
    struct chan worn = ci;
    worn.seq_send = UINT64_MAX;
    assert_int_equal(chan_seal(&worn, buf, back, 1), CHAN_E_EXHAUSTED);
    worn.seq_send = UINT64_MAX - 1;
    assert_int_equal(chan_seal(&worn, buf, back, 1), 0);
    /* The finish wipes the pending handshake; close wipes an end. */
    assert_int_equal(chan_initiate_derand(&hs, ek, NULL, 0, d, z), 0);
    assert_int_equal(chan_respond_derand(&cr, ct, ek, NULL, 0, m), 0);
    assert_int_equal(chan_finish(&ci, &hs, ct), 0);
    static const struct chan_hs zero_hs;
    static const struct chan zero_c;
    assert_memory_equal(&hs, &zero_hs, sizeof hs);
    assert_int_equal(chan_finish(&ci, &hs, ct), CHAN_E_STATE); /* no second finish */
    chan_close(&ci);
    assert_memory_equal(&ci, &zero_c, sizeof ci);
    assert_int_equal(chan_initiate_derand(&hs, ek, NULL, 0, d, z), 0);
    chan_abort(&hs);
    assert_memory_equal(&hs, &zero_hs, sizeof hs);
    for (int e = CHAN_E_PARAM; e <= CHAN_E_HEADER; e++)
        assert_string_not_equal(core_strerror(e), "CORE_E_UNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_round_trip, setup),
        cmocka_unit_test_setup(test_randomized_handshake, setup),
        cmocka_unit_test_setup(test_tamper_every_byte, setup),
        cmocka_unit_test_setup(test_replay_reorder_reflect, setup),
        cmocka_unit_test_setup(test_wrong_key, setup),
        cmocka_unit_test_setup(test_transcript_binding, setup),
        cmocka_unit_test_setup(test_errors_and_wiping, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
