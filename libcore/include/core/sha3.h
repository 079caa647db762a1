/*
 * SHA-3 and SHAKE (FIPS 202): the fixed-length hashes SHA3-256 and SHA3-512,
 * the extendable-output functions SHAKE128 and SHAKE256, and an incremental
 * absorb/squeeze interface for SHAKE. ML-KEM builds its H, G, J, PRF and XOF
 * from these; IPC derives channel keys with SHAKE256.
 *
 * Freestanding, no heap: the one-shot calls keep their state on the stack
 * (about 220 bytes) and wipe it before returning, because ML-KEM feeds them
 * secrets. Every call takes time that depends only on the lengths.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Block sizes (rates) in bytes: the sponge absorbs and squeezes this much
 * per Keccak-f[1600] call. */
#define SHA3_256_RATE 136
#define SHA3_512_RATE 72
#define SHAKE128_RATE 168
#define SHAKE256_RATE 136

void sha3_256(uint8_t out[32], const uint8_t *in, size_t len);
void sha3_512(uint8_t out[64], const uint8_t *in, size_t len);
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);

/* An incremental SHAKE instance. Fields are private; the struct is public
 * only so callers can own the memory. */
struct shake_ctx {
    uint64_t s[25];    /* Keccak state, lane (x, y) at s[x + 5y] */
    uint32_t rate;     /* block size in bytes */
    uint32_t pos;      /* absorbing: bytes in the current block; squeezing: bytes of it used */
    uint8_t dsbyte;    /* domain separation and first pad bit (0x1f SHAKE, 0x06 SHA3) */
    uint8_t squeezing; /* 0 while absorbing, 1 once padded */
};

/* Start an empty SHAKE128 / SHAKE256 instance. */
void shake128_init(struct shake_ctx *c);
void shake256_init(struct shake_ctx *c);
/* Absorb len more input bytes; any split of the input gives the same result.
 * Precondition: nothing has been squeezed yet (else plat_panic). */
void shake_absorb(struct shake_ctx *c, const uint8_t *in, size_t len);
/* Pad and switch to squeezing; idempotent. shake_squeeze calls it too. */
void shake_finalize(struct shake_ctx *c);
/* Output the next len bytes of the stream; any split of the output gives
 * the same bytes. */
void shake_squeeze(struct shake_ctx *c, uint8_t *out, size_t len);
/* Clear the instance (it may hold secrets). */
void shake_wipe(struct shake_ctx *c);
