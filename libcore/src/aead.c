/*
 * AEAD_CHACHA20_POLY1305 (RFC 8439 section 2.8) on top of chacha20.c and
 * poly1305.c: the one-time Poly1305 key is ChaCha20 block 0, the data is
 * encrypted from block 1, and the tag covers
 * ad || pad16 || ct || pad16 || le64(adlen) || le64(len).
 *
 * Decode, then perform: arguments are checked first, and opening verifies
 * the tag (in constant time) before it writes a single plaintext byte.
 */
#include "core/aead.h"

#include "core/mem.h"
#include "ct_seam.h"

static void le64(uint8_t out[8], uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

/* The Poly1305 tag of (ad, ct) under the one-time key of (key, nonce). */
static void aead_tag(uint8_t tag[16], const uint8_t key[32], const uint8_t nonce[12],
                     const uint8_t *ad, size_t adlen, const uint8_t *ct, size_t len)
{
    static const uint8_t zeros[16] = {0};
    uint8_t otk[64], lens[16];
    struct poly1305_ctx p;
    chacha20_block(otk, key, 0, nonce); /* first 32 bytes: the one-time key (2.6) */
    poly1305_init(&p, otk);
    poly1305_update(&p, ad, adlen);
    poly1305_update(&p, zeros, (16 - adlen % 16) % 16);
    poly1305_update(&p, ct, len);
    poly1305_update(&p, zeros, (16 - len % 16) % 16);
    le64(lens, (uint64_t)adlen);
    le64(lens + 8, (uint64_t)len);
    poly1305_update(&p, lens, sizeof lens);
    poly1305_final(&p, tag);
    core_wipe(otk, sizeof otk);
}

static int check_args(const uint8_t *key, const uint8_t *nonce, const uint8_t *ad, size_t adlen,
                      const uint8_t *a, const uint8_t *b, size_t len, const uint8_t *tag)
{
    if (!key || !nonce || !tag || (adlen && !ad) || (len && (!a || !b)))
        return AEAD_E_NULL;
    if ((uint64_t)len > AEAD_MAX_BYTES)
        return AEAD_E_TOOLONG;
    return CORE_OK;
}

int aead_seal(uint8_t *ct, uint8_t tag[16], const uint8_t key[32], const uint8_t nonce[12],
              const uint8_t *ad, size_t adlen, const uint8_t *pt, size_t len)
{
    int rc = check_args(key, nonce, ad, adlen, ct, pt, len, tag);
    if (rc)
        return rc;
    chacha20_xor(ct, pt, len, key, 1, nonce);
    aead_tag(tag, key, nonce, ad, adlen, ct, len);
    return CORE_OK;
}

int aead_open(uint8_t *pt, const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ad,
              size_t adlen, const uint8_t *ct, size_t len, const uint8_t tag[16])
{
    int rc = check_args(key, nonce, ad, adlen, pt, ct, len, tag);
    if (rc)
        return rc;
    uint8_t want[16];
    aead_tag(want, key, nonce, ad, adlen, ct, len);
    /* Constant-time compare. Branching on its result is fine: whether a
     * message was accepted is visible to the caller anyway. */
    int ok = core_ct_equal(want, tag, 16);
    core_wipe(want, sizeof want);
    CORE_DECLASSIFY(&ok, sizeof ok);
    if (!ok)
        return AEAD_E_AUTH;
    chacha20_xor(pt, ct, len, key, 1, nonce);
    return CORE_OK;
}
