/*
 * Constant-time check for secure channels (core/channel.h), run under
 * valgrind like ct_mlkem: the handshake's random inputs (d, z, m) and the
 * plaintexts are marked undefined, so memcheck reports any branch or
 * address that depends on a secret anywhere in the handshake, the SHAKE256
 * key derivation, seal, or open (accepting and rejecting). What the protocol
 * makes public (ek, ct, the channel id, sealed messages, result codes) is
 * marked defined before it is used, as a peer would see it.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "core/channel.h"

#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))

static struct chan_hs hs;
static struct chan ini, resp;

int main(void)
{
    uint8_t d[32], z[32], m[32], ek[CHAN_EK_BYTES], ct[CHAN_CT_BYTES];
    static const uint8_t ctx[] = "ct_channel: domain 1 <-> domain 2";
    for (int i = 0; i < 32; i++) {
        d[i] = (uint8_t)(i + 1);
        z[i] = (uint8_t)(2 * i + 3);
        m[i] = (uint8_t)(5 * i + 7);
    }
    int failures = 0;
    SECRET(d, 32);
    SECRET(z, 32);
    SECRET(m, 32);
    int rc = chan_initiate_derand(&hs, ek, ctx, sizeof ctx, d, z);
    PUBLIC(&rc, sizeof rc);
    PUBLIC(ek, sizeof ek);
    /* dk = dk_pke || ek || H(ek) || z: its ek and H(ek) are public too. */
    PUBLIC(hs.dk + 384 * 3, CHAN_EK_BYTES + 32);
    PUBLIC(hs.ek, sizeof hs.ek);
    failures += rc != 0;
    rc = chan_respond_derand(&resp, ct, ek, ctx, sizeof ctx, m);
    PUBLIC(&rc, sizeof rc);
    PUBLIC(ct, sizeof ct);
    failures += rc != 0;
    rc = chan_finish(&ini, &hs, ct);
    PUBLIC(&rc, sizeof rc);
    failures += rc != 0;
    PUBLIC(ini.id, sizeof ini.id);
    PUBLIC(resp.id, sizeof resp.id);
    failures += memcmp(ini.id, resp.id, sizeof ini.id) != 0;

    uint8_t pt[200], msg[200 + CHAN_OVERHEAD], back[200];
    for (size_t len = 0; len <= sizeof pt; len += 50) {
        for (size_t i = 0; i < len; i++)
            pt[i] = (uint8_t)(i * 11);
        SECRET(pt, len);
        rc = chan_seal(&ini, msg, pt, len);
        PUBLIC(&rc, sizeof rc);
        PUBLIC(msg, len + CHAN_OVERHEAD);
        failures += rc != 0;
        /* A modified copy first: rejected without touching the state. */
        msg[CHAN_HDR_BYTES + len / 2] ^= 0x20;
        size_t outlen = 0;
        rc = chan_open(&resp, back, &outlen, msg, len + CHAN_OVERHEAD);
        PUBLIC(&rc, sizeof rc);
        failures += rc != CHAN_E_AUTH;
        msg[CHAN_HDR_BYTES + len / 2] ^= 0x20;
        rc = chan_open(&resp, back, &outlen, msg, len + CHAN_OVERHEAD);
        PUBLIC(&rc, sizeof rc);
        PUBLIC(&outlen, sizeof outlen);
        PUBLIC(back, len);
        PUBLIC(pt, len);
        failures += rc != 0 || outlen != len || memcmp(back, pt, len) != 0;
    }
    chan_close(&ini);
    chan_close(&resp);
    printf("ct_channel: %s\n", failures ? "FAILED" : "handshake, seal and open ran");
    return failures != 0;
}
