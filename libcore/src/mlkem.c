/*
 * ML-KEM proper (FIPS 203 sections 6 and 7) for any parameter set: key
 * generation, encapsulation with the encapsulation-key modulus check, and
 * decapsulation with the decapsulation-key hash check and implicit
 * rejection (the Fujisaki-Okamoto transform around K-PKE of mlkem_kpke.c).
 * The public per-set names in core/mlkem.h are thin wrappers in
 * mlkem_sets.c.
 *
 * Decode, then perform: each call checks all its inputs first and writes
 * outputs only after every check has passed, so a failed call changes
 * nothing.
 * Decapsulation never branches on whether the ciphertext was valid: it
 * compares in constant time and selects the key with a mask.
 */
#include "core/mem.h"
#include "core/mlkem.h"
#include "core/platform.h"
#include "core/sha3.h"
#include "mlkem_internal.h"

/* FIPS 203 7.2: ByteEncode12(ByteDecode12(ek)) == ek, i.e. all t-hat
 * coefficients are below q. ek is public, so early exit is fine. */
static int ek_modulus_ok(const struct mlkem_params *prm, const uint8_t *ek)
{
    for (unsigned i = 0; i < prm->k; i++) {
        if (!mlkem_check12(ek + MLKEM_POLY_BYTES * i))
            return 0;
    }
    return 1;
}

int mlkem_keygen_derand(const struct mlkem_params *prm, uint8_t *ek, uint8_t *dk,
                        const uint8_t d[32], const uint8_t z[32])
{
    if (!ek || !dk || !d || !z)
        return MLKEM_E_NULL;
    const unsigned k = prm->k;
    const size_t eklen = MLKEM_EK_LEN(prm);
    /* dk = dk_pke || ek || H(ek) || z */
    mlkem_kpke_keygen(prm, ek, dk, d);
    core_memcpy(dk + MLKEM_POLY_BYTES * k, ek, eklen);
    sha3_256(dk + MLKEM_POLY_BYTES * k + eklen, ek, eklen);
    core_memcpy(dk + MLKEM_POLY_BYTES * k + eklen + 32, z, 32);
    return CORE_OK;
}

int mlkem_encaps_derand(const struct mlkem_params *prm, uint8_t *c, uint8_t k[32],
                        const uint8_t *ek, const uint8_t m[32])
{
    if (!c || !k || !ek || !m)
        return MLKEM_E_NULL;
    if (!ek_modulus_ok(prm, ek))
        return MLKEM_E_EK_MODULUS;
    /* (K, r) = G(m || H(ek)) */
    uint8_t in[64], kr[64];
    core_memcpy(in, m, 32);
    sha3_256(in + 32, ek, MLKEM_EK_LEN(prm));
    sha3_512(kr, in, sizeof in);
    mlkem_kpke_encrypt(prm, c, NULL, ek, m, kr + 32);
    core_memcpy(k, kr, 32);
    core_wipe(in, sizeof in);
    core_wipe(kr, sizeof kr);
    return CORE_OK;
}

int mlkem_decaps(const struct mlkem_params *prm, uint8_t k[32], const uint8_t *c, const uint8_t *dk)
{
    if (!k || !c || !dk)
        return MLKEM_E_NULL;
    const size_t eklen = MLKEM_EK_LEN(prm), ctlen = MLKEM_CT_LEN(prm);
    const uint8_t *dk_pke = dk;
    const uint8_t *ek = dk + MLKEM_POLY_BYTES * prm->k;
    const uint8_t *h = ek + eklen;
    const uint8_t *z = h + 32;

    /* FIPS 203 7.3: the stored H(ek) must match ek. Both are public. */
    uint8_t hh[32];
    sha3_256(hh, ek, eklen);
    if (!core_ct_equal(hh, h, 32))
        return MLKEM_E_DK_HASH;

    uint8_t in[64], kr[64], kbar[32];
    struct shake_ctx j;

    /* m' = Decrypt(dk_pke, c); (K', r') = G(m' || h) */
    mlkem_kpke_decrypt(prm, in, dk_pke, c);
    core_memcpy(in + 32, h, 32);
    sha3_512(kr, in, sizeof in);
    /* K-bar = J(z || c) = SHAKE256(z || c, 32) */
    shake256_init(&j);
    shake_absorb(&j, z, 32);
    shake_absorb(&j, c, ctlen);
    shake_squeeze(&j, kbar, 32);
    /* c' = Encrypt(ek, m', r'), compared with c as it is produced; keep K'
     * if c' == c, else K-bar. diff - 1 borrows into bit 8 exactly when
     * diff == 0, which makes the all-ones mask without a branch. */
    uint32_t diff = mlkem_kpke_encrypt(prm, NULL, c, ek, in, kr + 32);
    uint8_t keep = (uint8_t)(0u - (((diff - 1u) >> 8) & 1u));
    for (unsigned i = 0; i < 32; i++)
        k[i] = (uint8_t)((kr[i] & keep) | (kbar[i] & (uint8_t)~keep));

    core_wipe(in, sizeof in);
    core_wipe(kr, sizeof kr);
    core_wipe(kbar, sizeof kbar);
    shake_wipe(&j);
    return CORE_OK;
}

int mlkem_keygen(const struct mlkem_params *prm, uint8_t *ek, uint8_t *dk)
{
    if (!ek || !dk)
        return MLKEM_E_NULL;
    uint8_t dz[64];
    plat_random_bytes(dz, 32);      /* d */
    plat_random_bytes(dz + 32, 32); /* z */
    int rc = mlkem_keygen_derand(prm, ek, dk, dz, dz + 32);
    core_wipe(dz, sizeof dz);
    return rc;
}

int mlkem_encaps(const struct mlkem_params *prm, uint8_t *c, uint8_t k[32], const uint8_t *ek)
{
    if (!c || !k || !ek)
        return MLKEM_E_NULL;
    /* Check before drawing randomness, so a failed call consumes none. */
    if (!ek_modulus_ok(prm, ek))
        return MLKEM_E_EK_MODULUS;
    uint8_t m[32];
    plat_random_bytes(m, sizeof m);
    int rc = mlkem_encaps_derand(prm, c, k, ek, m);
    core_wipe(m, sizeof m);
    return rc;
}
