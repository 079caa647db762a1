/*
 * Constant-time check for ML-KEM and SHA-3 (the ctgrind technique), run by
 * ctest under `valgrind --error-exitcode=1`. Secret inputs (d, z, m, the
 * K-PKE key and z inside dk, and every byte of plat_random_bytes) are marked
 * undefined; memcheck then reports any branch or memory index that depends
 * on them. Outputs are marked defined again before the program compares
 * them, so the comparisons of this program are not what is checked.
 * Exit 0 and zero valgrind reports is a pass.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "core/mlkem.h"
#include "core/sha3.h"

#define secret(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define public(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

struct set {
    const char *name;
    unsigned k;
    size_t ek_len, dk_len, ct_len;
    int (*keygen_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
    int (*keygen)(uint8_t *, uint8_t *);
    int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
};

static const struct set sets[3] = {
    {"ML-KEM-512", 2, MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES,
     mlkem512_keygen_derand, mlkem512_encaps_derand, mlkem512_decaps, mlkem512_keygen,
     mlkem512_encaps},
    {"ML-KEM-768", 3, MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
     mlkem768_keygen_derand, mlkem768_encaps_derand, mlkem768_decaps, mlkem768_keygen,
     mlkem768_encaps},
    {"ML-KEM-1024", 4, MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keygen_derand, mlkem1024_encaps_derand, mlkem1024_decaps, mlkem1024_keygen,
     mlkem1024_encaps},
};

static int failures;

static void check(int ok, const char *set, const char *what)
{
    if (!ok) {
        fprintf(stderr, "ct_mlkem: %s: %s\n", set, what);
        failures++;
    }
}

/* dk = dk_pke (384k bytes, secret) || ek || H(ek) || z (32 bytes, secret) */
static void mark_dk_secret(const struct set *s, uint8_t *dk)
{
    secret(dk, 384 * s->k);
    secret(dk + s->dk_len - 32, 32);
}

static void run_set(const struct set *s)
{
    uint8_t ek[MLKEM1024_EK_BYTES], dk[MLKEM1024_DK_BYTES], c[MLKEM1024_CT_BYTES];
    uint8_t d[32], z[32], m[32], k1[32], k2[32], k3[32];
    int rc;

    for (int i = 0; i < 32; i++) {
        d[i] = (uint8_t)(i * 7 + 1);
        z[i] = (uint8_t)(i * 11 + 2);
        m[i] = (uint8_t)(i * 13 + 3);
    }

    /* KeyGen with secret d and z */
    secret(d, 32);
    secret(z, 32);
    rc = s->keygen_derand(ek, dk, d, z);
    public(&rc, sizeof rc);
    public(ek, s->ek_len);
    public(dk, s->dk_len);
    check(rc == 0, s->name, "keygen_derand failed");

    /* Encaps with secret m */
    secret(m, 32);
    rc = s->encaps_derand(c, k1, ek, m);
    public(&rc, sizeof rc);
    public(c, s->ct_len);
    public(k1, 32);
    check(rc == 0, s->name, "encaps_derand failed");

    /* Decaps of the valid ciphertext with the secret parts of dk undefined */
    mark_dk_secret(s, dk);
    rc = s->decaps(k2, c, dk);
    public(&rc, sizeof rc);
    public(k2, 32);
    check(rc == 0 && memcmp(k1, k2, 32) == 0, s->name, "decaps of a valid c");

    /* Decaps of a modified ciphertext: implicit rejection, same code path */
    c[s->ct_len / 2] ^= 0x10;
    rc = s->decaps(k3, c, dk);
    public(&rc, sizeof rc);
    public(k3, 32);
    check(rc == 0 && memcmp(k1, k3, 32) != 0, s->name, "decaps of a modified c");

    /* The randomized API: the platform's bytes are undefined (secret) */
    rc = s->keygen(ek, dk);
    public(&rc, sizeof rc);
    public(ek, s->ek_len);
    public(dk, s->dk_len);
    check(rc == 0, s->name, "keygen failed");
    rc = s->encaps(c, k1, ek);
    public(&rc, sizeof rc);
    public(c, s->ct_len);
    public(k1, 32);
    check(rc == 0, s->name, "encaps failed");
    mark_dk_secret(s, dk);
    rc = s->decaps(k2, c, dk);
    public(&rc, sizeof rc);
    public(k2, 32);
    check(rc == 0 && memcmp(k1, k2, 32) == 0, s->name, "randomized round trip");
    printf("ct_mlkem: %s keygen/encaps/decaps done\n", s->name);
}

int main(void)
{
    /* The hashes on secret input, every length class. */
    uint8_t in[400], out[300];
    for (int i = 0; i < 400; i++)
        in[i] = (uint8_t)i;
    secret(in, sizeof in);
    for (size_t n = 0; n <= sizeof in; n += 67) {
        sha3_256(out, in, n);
        sha3_512(out, in, n);
        shake128(out, 300, in, n);
        shake256(out, 300, in, n);
    }
    for (int i = 0; i < 3; i++)
        run_set(&sets[i]);
    if (failures)
        return 1;
    printf("ct_mlkem: all sets ran; valgrind decides whether anything leaked\n");
    return 0;
}
