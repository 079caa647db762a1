/*
 * Lattice IPC, layer 2 (docs/ipc.md): secure channels between domains that
 * do not share a trust boundary. An ML-KEM-768 handshake keys the channel;
 * ChaCha20-Poly1305 protects every message.
 *
 * Handshake (the bytes travel over IPC, e.g. in a granted frame):
 *   initiator: chan_initiate  -> ek (1184 bytes) to the responder
 *   responder: chan_respond   <- ek, -> ct (1088 bytes) to the initiator;
 *                                its channel is open
 *   initiator: chan_finish    <- ct; its channel is open
 * Both sides then hold
 *   SHAKE256("phoenix/ipc/channel/v1" || le32(|ctx|) || ctx || ek || ct || K)
 * cut into the initiator-to-responder key, the responder-to-initiator key
 * and a 32-byte channel id (public; equal on both sides), where K is the
 * ML-KEM shared secret and ctx is what the host binds in (both endpoints'
 * references and labels, say). Changing any byte of ctx, ek or ct changes
 * every key.
 *
 * Message on the wire: header (16 bytes) || ciphertext || tag (16 bytes).
 *   header = version 1, direction (0: initiator->responder, 1: back),
 *            two zero bytes, le32 length, le64 sequence number
 * The AEAD nonce is direction || 3 zero bytes || le64 sequence, the
 * associated data is the header. Each direction counts its sequence from 0,
 * and a receiver accepts exactly the next one: an older sequence is a replay
 * (CHAN_E_REPLAY), a newer one means a message was dropped or reordered
 * (CHAN_E_REORDER), a bad tag a modification (CHAN_E_AUTH). Every failed
 * call writes no output and leaves the channel as it was.
 *
 * Freestanding, no heap; the structs live in caller memory and hold secrets:
 * chan_close / chan_abort wipe them (finish and respond wipe their own
 * intermediates). Not thread-safe.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/mlkem.h"

/* Errors (the second half of the IPC block; core_strerror names them). */
enum chan_err {
    CHAN_E_HEADER = CORE_E_IPC_BASE - 51,    /* bad version, direction or reserved bytes */
    CHAN_E_LEN = CORE_E_IPC_BASE - 52,       /* length field, buffer size or message too long */
    CHAN_E_REPLAY = CORE_E_IPC_BASE - 53,    /* sequence number already received */
    CHAN_E_REORDER = CORE_E_IPC_BASE - 54,   /* sequence number ahead of the next expected */
    CHAN_E_AUTH = CORE_E_IPC_BASE - 55,      /* tag mismatch: modified or wrong key */
    CHAN_E_STATE = CORE_E_IPC_BASE - 56,     /* step out of order (finish twice, seal unopened) */
    CHAN_E_EXHAUSTED = CORE_E_IPC_BASE - 57, /* sequence numbers used up: re-key */
    CHAN_E_KEM = CORE_E_IPC_BASE - 58,       /* the peer's ek failed ML-KEM's input check */
    CHAN_E_PARAM = CORE_E_IPC_BASE - 59,     /* NULL pointer or context too long */
};

#define CHAN_EK_BYTES MLKEM768_EK_BYTES /* 1184 */
#define CHAN_CT_BYTES MLKEM768_CT_BYTES /* 1088 */
#define CHAN_HDR_BYTES 16
#define CHAN_TAG_BYTES 16
#define CHAN_OVERHEAD (CHAN_HDR_BYTES + CHAN_TAG_BYTES)
#define CHAN_MSG_MAX 0xffffffffu /* plaintext bytes per message (le32 length) */
#define CHAN_CTX_MAX 256u        /* bytes of host context bound into the keys */
#define CHAN_ID_BYTES 32
#define CHAN_VERSION 1

/* The initiator's pending handshake (holds the decapsulation key). */
struct chan_hs {
    uint8_t dk[MLKEM768_DK_BYTES];
    uint8_t ek[CHAN_EK_BYTES];
    uint8_t ctx[CHAN_CTX_MAX];
    uint32_t ctxlen;
    uint8_t pending; /* 1 between initiate and finish */
    uint8_t pad[3];
};

/* An open channel end. */
struct chan {
    uint8_t k_send[32];
    uint8_t k_recv[32];
    uint8_t id[CHAN_ID_BYTES]; /* channel id: equal at both ends, public */
    uint64_t seq_send;         /* next sequence to seal */
    uint64_t seq_recv;         /* next sequence to accept */
    uint8_t dir_send;          /* 0 initiator, 1 responder */
    uint8_t open;
    uint8_t pad[6];
};

/* Start a handshake bound to ctx[0..ctxlen): writes ek for the peer.
 * _derand takes ML-KEM's d and z (tests, reproducible runs); the plain form
 * draws them from plat_random_bytes. Errors: CHAN_E_PARAM. */
int chan_initiate_derand(struct chan_hs *hs, uint8_t ek[CHAN_EK_BYTES], const uint8_t *ctx,
                         size_t ctxlen, const uint8_t d[32], const uint8_t z[32]);
int chan_initiate(struct chan_hs *hs, uint8_t ek[CHAN_EK_BYTES], const uint8_t *ctx,
                  size_t ctxlen);

/* The responder: encapsulate to the initiator's ek, write ct for it, and
 * open c. ctx must be the initiator's. Errors: CHAN_E_PARAM, CHAN_E_KEM. */
int chan_respond_derand(struct chan *c, uint8_t ct[CHAN_CT_BYTES],
                        const uint8_t ek[CHAN_EK_BYTES], const uint8_t *ctx, size_t ctxlen,
                        const uint8_t m[32]);
int chan_respond(struct chan *c, uint8_t ct[CHAN_CT_BYTES], const uint8_t ek[CHAN_EK_BYTES],
                 const uint8_t *ctx, size_t ctxlen);

/* The initiator: decapsulate ct, open c, wipe hs. Errors: CHAN_E_PARAM,
 * CHAN_E_STATE (hs not pending). A modified ct is not detected here (ML-KEM
 * rejects implicitly): the two ends then hold different keys and the first
 * message fails with CHAN_E_AUTH. */
int chan_finish(struct chan *c, struct chan_hs *hs, const uint8_t ct[CHAN_CT_BYTES]);

/* Wipe a pending handshake / a channel end. */
void chan_abort(struct chan_hs *hs);
void chan_close(struct chan *c);

/* The key schedule on its own: out = the 96 bytes of SHAKE256 over the
 * transcript (send key initiator->responder, key responder->initiator, id).
 * Exposed for tests of transcript binding. */
void chan_kdf(uint8_t out[96], const uint8_t *ctx, size_t ctxlen, const uint8_t ek[CHAN_EK_BYTES],
              const uint8_t ct[CHAN_CT_BYTES], const uint8_t k[32]);

/* Seal len bytes of pt into out (len + CHAN_OVERHEAD bytes; out may not
 * overlap pt) with the next sequence number. Errors: CHAN_E_STATE (not
 * open), CHAN_E_LEN (len > CHAN_MSG_MAX), CHAN_E_EXHAUSTED, CHAN_E_PARAM. */
int chan_seal(struct chan *c, uint8_t *out, const uint8_t *pt, size_t len);

/* Open a sealed message of inlen bytes: checks the header (CHAN_E_LEN:
 * shorter than the overhead or length field wrong; CHAN_E_HEADER), the
 * sequence (CHAN_E_REPLAY, CHAN_E_REORDER), then the tag (CHAN_E_AUTH);
 * only then writes inlen - CHAN_OVERHEAD bytes of plaintext to pt, stores
 * that length in *ptlen and advances the receive sequence. */
int chan_open(struct chan *c, uint8_t *pt, size_t *ptlen, const uint8_t *in, size_t inlen);
