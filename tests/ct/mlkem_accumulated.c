/*
 * The accumulated ML-KEM test of C2SP CCTV (c2sp.org/CCTV/ML-KEM), with the
 * expected digests for final FIPS 203 from Phoenix issue 4 and
 * ../shared/testvectors/mlkem/README.md.
 *
 * A SHAKE128 of the empty string is the deterministic RNG. Each iteration
 * draws d, z, m and a random (invalid) ciphertext, in that order; runs
 * KeyGen(d, z), Encaps(ek, m), Decaps(dk, c) (which must give the Encaps
 * key) and Decaps(dk, random c); and absorbs ek, dk, c, k and the rejection
 * key into a second SHAKE128. After N iterations its first 32 output bytes
 * are the result.
 *
 * Usage: mlkem_accumulated {512|768|1024} [N]. With the default N = 10000
 * the result must equal the published digest (exit 1 otherwise). Built at
 * -O2 against the unsanitized core_ct, because 30,000 iterations under
 * ASan+UBSan would take minutes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mlkem.h"
#include "core/sha3.h"

struct set {
    const char *name;
    size_t ek_len, dk_len, ct_len;
    int (*keygen_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
    const char *expect_10000;
};

static const struct set sets[3] = {
    {"512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES, mlkem512_keygen_derand,
     mlkem512_encaps_derand, mlkem512_decaps,
     "705dcffc87f4e67e35a09dcaa31772e86f3341bd3ccf1e78a5fef99ae6a35a13"},
    {"768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES, mlkem768_keygen_derand,
     mlkem768_encaps_derand, mlkem768_decaps,
     "f959d18d3d1180121433bf0e05f11e7908cf9d03edc150b2b07cb90bef5bc1c1"},
    {"1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES, mlkem1024_keygen_derand,
     mlkem1024_encaps_derand, mlkem1024_decaps,
     "e3bf82b013307b2e9d47dde791ff6dfc82e694e6382404abdb948b908b75bad5"},
};

int main(int argc, char **argv)
{
    const struct set *s = NULL;
    for (int i = 0; i < 3 && argc >= 2; i++) {
        if (!strcmp(argv[1], sets[i].name))
            s = &sets[i];
    }
    char *end = NULL;
    long n = argc >= 3 ? strtol(argv[2], &end, 10) : 10000;
    if (!s || argc > 3 || (argc == 3 && (*end || n <= 0))) {
        fprintf(stderr, "usage: mlkem_accumulated {512|768|1024} [iterations]\n");
        return 2;
    }

    struct shake_ctx rng, acc;
    uint8_t d[32], z[32], m[32], k[32], k2[32], kr[32], out[32];
    uint8_t ek[MLKEM1024_EK_BYTES], dk[MLKEM1024_DK_BYTES];
    uint8_t c[MLKEM1024_CT_BYTES], cr[MLKEM1024_CT_BYTES];
    shake128_init(&rng);
    shake128_init(&acc);
    for (long it = 0; it < n; it++) {
        shake_squeeze(&rng, d, 32);
        shake_squeeze(&rng, z, 32);
        shake_squeeze(&rng, m, 32);
        shake_squeeze(&rng, cr, s->ct_len);
        if (s->keygen_derand(ek, dk, d, z) || s->encaps_derand(c, k, ek, m) ||
            s->decaps(k2, c, dk) || s->decaps(kr, cr, dk)) {
            fprintf(stderr, "ML-KEM-%s: a call failed at iteration %ld\n", s->name, it);
            return 1;
        }
        if (memcmp(k, k2, 32) != 0) {
            fprintf(stderr, "ML-KEM-%s: Decaps != Encaps key at iteration %ld\n", s->name, it);
            return 1;
        }
        shake_absorb(&acc, ek, s->ek_len);
        shake_absorb(&acc, dk, s->dk_len);
        shake_absorb(&acc, c, s->ct_len);
        shake_absorb(&acc, k, 32);
        shake_absorb(&acc, kr, 32);
    }
    shake_squeeze(&acc, out, 32);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    printf("ML-KEM-%s accumulated over %ld iterations: %s\n", s->name, n, hex);
    if (n == 10000 && strcmp(hex, s->expect_10000) != 0) {
        fprintf(stderr, "ML-KEM-%s: expected %s\n", s->name, s->expect_10000);
        return 1;
    }
    return 0;
}
