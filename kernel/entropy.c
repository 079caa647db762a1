/*
 * The entropy pool (entropy.h). A 32-byte key K and a block counter n; each
 * output block is
 *     SHAKE256("phoenix/entropy/block" || K || le64(n) || hw) -> K' (32) || out (104)
 * where hw is four RDRAND words when the CPU has RDRAND (else empty). K is
 * replaced by K' at once, so an attacker who later reads the pool learns
 * nothing of earlier outputs (forward secrecy), and with RDRAND every block
 * holds fresh hardware randomness even if K leaked.
 *
 * Seeding (entropy_init): SHAKE256 over a domain label, the command line's
 * seed=N, 16 RDRAND words if present, and 512 samples of the cycle
 * counter's jitter: each sample is the rdtsc delta across one Keccak
 * permutation, whose timing on real hardware varies
 * with cache, pipeline, interrupt and SMI noise (as in jitterentropy). This
 * is the fallback when the CPU has no RDRAND.
 *
 * Determinism: under QEMU's -icount the cycle counter counts instructions,
 * so the jitter is zero and the pool is a pure function of seed=N. On a CPU
 * model without RDRAND (QEMU's default, used by the tests) every run then
 * draws the same keys: ML-KEM keys in the tests are reproducible, which is
 * what the byte-identical logs demand, and they are not secret against
 * anyone who knows the seed. On real hardware, or with RDRAND (-cpu max),
 * they are not reproducible.
 */
#include "entropy.h"

#include "arch.h"
#include "core/mem.h"
#include "core/sha3.h"
#include "klib.h"

#define OUT_BYTES 104

static uint8_t key[32];
static uint64_t blocks;
static uint8_t buf[OUT_BYTES];
static size_t avail;
static int rdrand;

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void absorb_u64(struct shake_ctx *c, uint64_t v)
{
    uint8_t b[8];
    put_le64(b, v);
    shake_absorb(c, b, 8);
}

/* Up to n hardware words into the hash; returns how many were had. */
static int absorb_hw(struct shake_ctx *c, int n)
{
    int got = 0;
    for (int i = 0; i < n; i++) {
        uint64_t v;
        if (!arch_hw_random(&v))
            break;
        absorb_u64(c, v);
        got++;
    }
    return got;
}

void entropy_init(uint64_t seed)
{
    static const char label[] = "phoenix/entropy/seed";
    struct shake_ctx c;
    shake256_init(&c);
    shake_absorb(&c, (const uint8_t *)label, sizeof label - 1);
    absorb_u64(&c, seed);
    rdrand = absorb_hw(&c, 16) == 16;
    uint8_t work[8] = {0};
    for (int i = 0; i < 512; i++) {
        uint64_t t0 = arch_cycles();
        shake256(work, sizeof work, work, sizeof work); /* a permutation's worth of work to time */
        absorb_u64(&c, arch_cycles() - t0);
    }
    shake_finalize(&c);
    shake_squeeze(&c, key, sizeof key);
    shake_wipe(&c);
    kprintf("entropy: %s, timing jitter, seed=%lu\n",
            rdrand ? "RDRAND" : "no RDRAND (pool from jitter and seed only)", seed);
}

static void refill(void)
{
    static const char label[] = "phoenix/entropy/block";
    struct shake_ctx c;
    shake256_init(&c);
    shake_absorb(&c, (const uint8_t *)label, sizeof label - 1);
    shake_absorb(&c, key, sizeof key);
    absorb_u64(&c, blocks++);
    if (rdrand)
        absorb_hw(&c, 4);
    shake_finalize(&c);
    shake_squeeze(&c, key, sizeof key);
    shake_squeeze(&c, buf, sizeof buf);
    shake_wipe(&c);
    avail = sizeof buf;
}

void entropy_bytes(uint8_t *out, size_t len)
{
    while (len) {
        if (!avail)
            refill();
        size_t n = len < avail ? len : avail;
        uint8_t *src = buf + (sizeof buf - avail);
        core_memcpy(out, src, n);
        core_wipe(src, n); /* handed out: not kept */
        out += n;
        len -= n;
        avail -= n;
    }
}

int entropy_has_rdrand(void)
{
    return rdrand;
}
