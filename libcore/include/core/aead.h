/*
 * ChaCha20-Poly1305 authenticated encryption (RFC 8439) and its two
 * primitives, for lattice IPC channels: after the ML-KEM handshake each
 * direction of a channel seals its messages with a key derived from the
 * transcript and a nonce built from the message sequence number.
 *
 * Freestanding, no heap. Time depends only on the lengths, never on the
 * key, the data or the tag (the tag is compared in constant time). The
 * caller must never reuse a (key, nonce) pair: that reveals the XOR of two
 * plaintexts and lets Poly1305 forgeries through (RFC 8439 section 4).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Errors of this module (core_strerror names them). */
enum aead_err {
    AEAD_E_AUTH = CORE_E_AEAD_BASE - 1,    /* tag mismatch: rejected, nothing written */
    AEAD_E_TOOLONG = CORE_E_AEAD_BASE - 2, /* message longer than AEAD_MAX_BYTES */
    AEAD_E_NULL = CORE_E_AEAD_BASE - 3,    /* a NULL pointer where bytes are needed */
};

#define AEAD_KEY_BYTES 32
#define AEAD_NONCE_BYTES 12
#define AEAD_TAG_BYTES 16
/* P_MAX of RFC 8439 2.8: (2^32 - 1) blocks of 64 bytes (the block counter
 * starts at 1 and must not wrap). */
#define AEAD_MAX_BYTES 274877906880ull

/* The ChaCha quarter round (RFC 8439 2.1) on v[0..3] = a, b, c, d; the
 * block function runs the same code. Exposed for the RFC's known answers. */
void chacha20_quarter_round(uint32_t v[4]);

/* ChaCha20 block function (RFC 8439 2.3): 64 bytes of key stream for one
 * block counter value. */
void chacha20_block(uint8_t out[64], const uint8_t key[32], uint32_t counter,
                    const uint8_t nonce[12]);
/* ChaCha20 encryption (2.4): out = in XOR key stream from block `counter`
 * on. out may equal in. Precondition: the counter does not wrap, i.e.
 * len <= (2^32 - counter) * 64. */
void chacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                  uint32_t counter, const uint8_t nonce[12]);

/* Poly1305 (2.5), one-time authenticator: a key must authenticate one
 * message only. Incremental form on a caller-owned context. */
struct poly1305_ctx {
    uint32_t r[5];   /* clamped r in 26-bit limbs */
    uint32_t h[5];   /* accumulator in 26-bit limbs */
    uint32_t s[4];   /* s, little-endian 32-bit words */
    uint8_t buf[16]; /* a partial block */
    size_t used;     /* bytes in buf */
};
void poly1305_init(struct poly1305_ctx *c, const uint8_t key[32]);
void poly1305_update(struct poly1305_ctx *c, const uint8_t *m, size_t len);
/* Write the tag and wipe the context. */
void poly1305_final(struct poly1305_ctx *c, uint8_t tag[16]);
void poly1305(uint8_t tag[16], const uint8_t *m, size_t len, const uint8_t key[32]);

/* AEAD_CHACHA20_POLY1305 (2.8). Seal: ct (len bytes; may equal pt) and the
 * tag from pt and the associated data ad. Open: check the tag over ad and
 * ct first; only if it matches write pt (len bytes; may equal ct). ad may be
 * NULL when adlen is 0, pt/ct when len is 0. Return 0, AEAD_E_AUTH,
 * AEAD_E_TOOLONG or AEAD_E_NULL; a failed call writes nothing. */
int aead_seal(uint8_t *ct, uint8_t tag[16], const uint8_t key[32], const uint8_t nonce[12],
              const uint8_t *ad, size_t adlen, const uint8_t *pt, size_t len);
int aead_open(uint8_t *pt, const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ad,
              size_t adlen, const uint8_t *ct, size_t len, const uint8_t tag[16]);
