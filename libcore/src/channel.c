/*
 * Secure channels, the handshake half (core/channel.h): ML-KEM-768 key
 * establishment between two IPC endpoints and the SHAKE256 key schedule
 * over the whole transcript. The message half (seal/open) is
 * channel_msg.c. Callers: hosts setting up a channel between domains that
 * do not share a trust boundary; the ek and ct travel over ordinary IPC.
 */
#include "core/channel.h"

#include "core/mem.h"
#include "core/platform.h"
#include "core/sha3.h"

/* Domain separation: these keys are for nothing but Phoenix IPC channels. */
static const uint8_t kdf_label[] = "phoenix/ipc/channel/v1";

void chan_kdf(uint8_t out[96], const uint8_t *ctx, size_t ctxlen, const uint8_t ek[CHAN_EK_BYTES],
              const uint8_t ct[CHAN_CT_BYTES], const uint8_t k[32])
{
    struct shake_ctx x;
    uint8_t len[4] = {(uint8_t)ctxlen, (uint8_t)(ctxlen >> 8), (uint8_t)(ctxlen >> 16),
                      (uint8_t)(ctxlen >> 24)};
    shake256_init(&x);
    /* The label without its NUL, then a length prefix so that no two
     * (ctx, ek) splits give the same input. */
    shake_absorb(&x, kdf_label, sizeof kdf_label - 1);
    shake_absorb(&x, len, sizeof len);
    if (ctxlen)
        shake_absorb(&x, ctx, ctxlen);
    shake_absorb(&x, ek, CHAN_EK_BYTES);
    shake_absorb(&x, ct, CHAN_CT_BYTES);
    shake_absorb(&x, k, 32);
    shake_squeeze(&x, out, 96);
    shake_wipe(&x);
}

/* Install the keys of one end: the initiator sends with the first key. */
static void chan_open_end(struct chan *c, const uint8_t keys[96], uint8_t dir)
{
    core_memset(c, 0, sizeof *c);
    core_memcpy(c->k_send, keys + (dir ? 32 : 0), 32);
    core_memcpy(c->k_recv, keys + (dir ? 0 : 32), 32);
    core_memcpy(c->id, keys + 64, CHAN_ID_BYTES);
    c->dir_send = dir;
    c->open = 1;
}

int chan_initiate_derand(struct chan_hs *hs, uint8_t ek[CHAN_EK_BYTES], const uint8_t *ctx,
                         size_t ctxlen, const uint8_t d[32], const uint8_t z[32])
{
    if (!hs || !ek || !d || !z || ctxlen > CHAN_CTX_MAX || (ctxlen && !ctx))
        return CHAN_E_PARAM;
    core_memset(hs, 0, sizeof *hs);
    if (mlkem768_keygen_derand(hs->ek, hs->dk, d, z))
        plat_panic("chan_initiate: keygen");
    core_memcpy(ek, hs->ek, CHAN_EK_BYTES);
    if (ctxlen)
        core_memcpy(hs->ctx, ctx, ctxlen);
    hs->ctxlen = (uint32_t)ctxlen;
    hs->pending = 1;
    return 0;
}

int chan_initiate(struct chan_hs *hs, uint8_t ek[CHAN_EK_BYTES], const uint8_t *ctx, size_t ctxlen)
{
    if (!hs || !ek || ctxlen > CHAN_CTX_MAX || (ctxlen && !ctx))
        return CHAN_E_PARAM; /* checked first so a refusal draws no randomness */
    uint8_t seed[64];
    plat_random_bytes(seed, sizeof seed);
    int err = chan_initiate_derand(hs, ek, ctx, ctxlen, seed, seed + 32);
    core_wipe(seed, sizeof seed);
    return err;
}

int chan_respond_derand(struct chan *c, uint8_t ct[CHAN_CT_BYTES],
                        const uint8_t ek[CHAN_EK_BYTES], const uint8_t *ctx, size_t ctxlen,
                        const uint8_t m[32])
{
    if (!c || !ct || !ek || !m || ctxlen > CHAN_CTX_MAX || (ctxlen && !ctx))
        return CHAN_E_PARAM;
    uint8_t k[32], keys[96];
    /* Straight into ct: a refused ek writes nothing (core/mlkem.h), and
     * nothing after the encapsulation can fail. */
    if (mlkem768_encaps_derand(ct, k, ek, m))
        return CHAN_E_KEM;
    chan_kdf(keys, ctx, ctxlen, ek, ct, k);
    chan_open_end(c, keys, 1);
    core_wipe(k, sizeof k);
    core_wipe(keys, sizeof keys);
    return 0;
}

int chan_respond(struct chan *c, uint8_t ct[CHAN_CT_BYTES], const uint8_t ek[CHAN_EK_BYTES],
                 const uint8_t *ctx, size_t ctxlen)
{
    if (!c || !ct || !ek || ctxlen > CHAN_CTX_MAX || (ctxlen && !ctx))
        return CHAN_E_PARAM;
    uint8_t m[32];
    plat_random_bytes(m, sizeof m);
    int err = chan_respond_derand(c, ct, ek, ctx, ctxlen, m);
    core_wipe(m, sizeof m);
    return err;
}

int chan_finish(struct chan *c, struct chan_hs *hs, const uint8_t ct[CHAN_CT_BYTES])
{
    if (!c || !hs || !ct)
        return CHAN_E_PARAM;
    if (hs->pending != 1)
        return CHAN_E_STATE;
    uint8_t k[32], keys[96];
    if (mlkem768_decaps(k, ct, hs->dk))
        plat_panic("chan_finish: decaps"); /* dk is our own, from keygen */
    chan_kdf(keys, hs->ctx, hs->ctxlen, hs->ek, ct, k);
    chan_open_end(c, keys, 0);
    core_wipe(k, sizeof k);
    core_wipe(keys, sizeof keys);
    chan_abort(hs);
    return 0;
}

void chan_abort(struct chan_hs *hs)
{
    core_wipe(hs, sizeof *hs);
}

void chan_close(struct chan *c)
{
    core_wipe(c, sizeof *c);
}
