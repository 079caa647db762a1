/*
 * ML-KEM (FIPS 203, August 2024): the module-lattice key-encapsulation
 * mechanism standardized from CRYSTALS-Kyber, in its three parameter sets.
 * Phoenix keys cross-domain IPC channels with it.
 *
 * For P in 512, 768, 1024:
 *   mlkemP_keygen_derand(ek, dk, d, z)  ML-KEM.KeyGen_internal (Alg. 16)
 *   mlkemP_encaps_derand(c, k, ek, m)   ML-KEM.Encaps_internal (Alg. 17), after
 *                                       the encapsulation-key check (7.2)
 *   mlkemP_decaps(k, c, dk)             ML-KEM.Decaps (Alg. 18), after the
 *                                       decapsulation-key hash check (7.3)
 *   mlkemP_keygen(ek, dk), mlkemP_encaps(c, k, ek)
 *                                       the same with d, z, m drawn from
 *                                       plat_random_bytes()
 * Every function returns 0 on success or a negative error (core/error.h);
 * a failed call writes nothing. A modified ciphertext is not an error:
 * decapsulation then returns the implicit-rejection key J(z || c).
 *
 * Buffers are caller-owned, of the sizes below, and must not overlap (an
 * output aliasing an input is not supported); no heap, bounded stack (see
 * docs/mlkem.md), constant time with respect to d, z, m and the secret part
 * of dk. Secret intermediates are wiped before return; the caller owns the
 * wiping of its own d, z, m, dk and k.
 */
#pragma once

#include <stdint.h>

#include "core/error.h"

/* Errors of this module (core_strerror names them). */
enum mlkem_err {
    MLKEM_E_EK_MODULUS =
        CORE_E_MLKEM_BASE - 1,               /* ek fails the modulus check (a coefficient >= q) */
    MLKEM_E_DK_HASH = CORE_E_MLKEM_BASE - 2, /* dk fails the hash check (H(ek) mismatch) */
    MLKEM_E_NULL = CORE_E_MLKEM_BASE - 3,    /* a required pointer is NULL */
};

#define MLKEM_SHARED_BYTES 32 /* the shared key k */
#define MLKEM_SEED_BYTES 32   /* d, z and m */

#define MLKEM512_EK_BYTES 800
#define MLKEM512_DK_BYTES 1632
#define MLKEM512_CT_BYTES 768
#define MLKEM768_EK_BYTES 1184
#define MLKEM768_DK_BYTES 2400
#define MLKEM768_CT_BYTES 1088
#define MLKEM1024_EK_BYTES 1568
#define MLKEM1024_DK_BYTES 3168
#define MLKEM1024_CT_BYTES 1568

int mlkem512_keygen_derand(uint8_t *ek, uint8_t *dk, const uint8_t d[32], const uint8_t z[32]);
int mlkem512_encaps_derand(uint8_t *c, uint8_t k[32], const uint8_t *ek, const uint8_t m[32]);
int mlkem512_decaps(uint8_t k[32], const uint8_t *c, const uint8_t *dk);
int mlkem512_keygen(uint8_t *ek, uint8_t *dk);
int mlkem512_encaps(uint8_t *c, uint8_t k[32], const uint8_t *ek);

int mlkem768_keygen_derand(uint8_t *ek, uint8_t *dk, const uint8_t d[32], const uint8_t z[32]);
int mlkem768_encaps_derand(uint8_t *c, uint8_t k[32], const uint8_t *ek, const uint8_t m[32]);
int mlkem768_decaps(uint8_t k[32], const uint8_t *c, const uint8_t *dk);
int mlkem768_keygen(uint8_t *ek, uint8_t *dk);
int mlkem768_encaps(uint8_t *c, uint8_t k[32], const uint8_t *ek);

int mlkem1024_keygen_derand(uint8_t *ek, uint8_t *dk, const uint8_t d[32], const uint8_t z[32]);
int mlkem1024_encaps_derand(uint8_t *c, uint8_t k[32], const uint8_t *ek, const uint8_t m[32]);
int mlkem1024_decaps(uint8_t k[32], const uint8_t *c, const uint8_t *dk);
int mlkem1024_keygen(uint8_t *ek, uint8_t *dk);
int mlkem1024_encaps(uint8_t *c, uint8_t k[32], const uint8_t *ek);
