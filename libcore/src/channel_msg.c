/*
 * Secure channels, the message half (core/channel.h): sealing and opening
 * with ChaCha20-Poly1305 (aead.c), the sequence number as nonce and the
 * header as associated data. The receiver accepts exactly the next sequence
 * number; like IPsec's anti-replay check (RFC 4303 3.4.3) the sequence is
 * checked before the tag, so replays are turned away cheaply, and nothing is
 * written or advanced until the tag has matched.
 */
#include "core/channel.h"

#include "core/aead.h"
#include "core/mem.h"

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Nonce: direction, three zero bytes, le64 sequence. Keys differ per
 * direction already; the direction byte keeps nonces apart even if a host
 * ever misused one key for both. */
static void nonce_of(uint8_t n[12], uint8_t dir, uint64_t seq)
{
    n[0] = dir;
    n[1] = n[2] = n[3] = 0;
    put64(n + 4, seq);
}

int chan_seal(struct chan *c, uint8_t *out, const uint8_t *pt, size_t len)
{
    if (!c || !out || (len && !pt))
        return CHAN_E_PARAM;
    if (!c->open)
        return CHAN_E_STATE;
    if (len > CHAN_MSG_MAX)
        return CHAN_E_LEN;
    /* The last value is never used, so seq + 1 below cannot wrap. */
    if (c->seq_send == UINT64_MAX)
        return CHAN_E_EXHAUSTED;
    uint8_t nonce[12];
    out[0] = CHAN_VERSION;
    out[1] = c->dir_send;
    out[2] = out[3] = 0;
    put32(out + 4, (uint32_t)len);
    put64(out + 8, c->seq_send);
    nonce_of(nonce, c->dir_send, c->seq_send);
    if (aead_seal(out + CHAN_HDR_BYTES, out + CHAN_HDR_BYTES + len, c->k_send, nonce, out,
                  CHAN_HDR_BYTES, pt, len))
        return CHAN_E_LEN;
    c->seq_send++;
    return 0;
}

int chan_open(struct chan *c, uint8_t *pt, size_t *ptlen, const uint8_t *in, size_t inlen)
{
    if (!c || !ptlen || !in)
        return CHAN_E_PARAM;
    if (!c->open)
        return CHAN_E_STATE;
    if (inlen < CHAN_OVERHEAD)
        return CHAN_E_LEN;
    size_t len = inlen - CHAN_OVERHEAD;
    if (len && !pt)
        return CHAN_E_PARAM;
    uint8_t peer = (uint8_t)(c->dir_send ^ 1);
    if (in[0] != CHAN_VERSION || in[1] != peer || in[2] || in[3])
        return CHAN_E_HEADER;
    if (len > CHAN_MSG_MAX || get32(in + 4) != len)
        return CHAN_E_LEN;
    uint64_t seq = get64(in + 8);
    if (seq < c->seq_recv)
        return CHAN_E_REPLAY;
    if (seq > c->seq_recv)
        return CHAN_E_REORDER;
    uint8_t nonce[12];
    nonce_of(nonce, peer, seq);
    /* aead_open writes pt only when the tag matches. */
    if (aead_open(pt, c->k_recv, nonce, in, CHAN_HDR_BYTES, in + CHAN_HDR_BYTES, len,
                  in + CHAN_HDR_BYTES + len))
        return CHAN_E_AUTH;
    c->seq_recv++;
    *ptlen = len;
    return 0;
}
