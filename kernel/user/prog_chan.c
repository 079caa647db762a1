/*
 * The secure-channel demo (scenario `ipc`, core/channel.h): two domains that
 * share only an endpoint key a channel with an ML-KEM-768 handshake carried
 * over kernel IPC, then exchange sealed messages. Large data (ek, ct, the
 * sealed messages) never goes through the kernel: it sits in one frame the
 * initiator allocated and granted, mapped in both address spaces; the IPC
 * messages carry only the operation and lengths.
 *   chanini  (caps[1]: endpoint C, write) initiates, sends three messages,
 *            a tampered one (must come back CHAN_E_AUTH) and the genuine
 *            one again (must then open), then tells the responder to quit.
 *   chanresp (caps[1]: C, read) responds, opens each message and answers.
 * Keys come from plat_random_bytes = the kernel's entropy pool (SYS_RANDOM).
 */
#include "core/channel.h"
#include "lib/string.h"
#include "ulib.h"

enum { CH_HELLO = 1, CH_MSG, CH_QUIT };

#define VA PHX_FRAME_WINDOW
#define EK_OFF 0
#define CT_OFF 2048
#define REQ_OFF 0    /* initiator's sealed message */
#define ANS_OFF 2048 /* responder's sealed answer */

static const uint8_t ctx[] = "phoenix kernel demo: endpoint C, labels (0,{}) <-> (0,{})";

/* Big handshake state in .bss, not on the 16 KiB stack. */
static struct chan_hs hs;
static struct chan ch;

static int check(int ok, const char *what)
{
    phx_printf("chan: %s: %s\n", what, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static uint64_t id_word(const struct chan *c)
{
    uint64_t w = 0;
    for (int i = 0; i < 8; i++)
        w |= (uint64_t)c->id[i] << (8 * i);
    return w;
}

int prog_chanini(uint64_t arg)
{
    (void)arg;
    uint64_t ep = phx_self->caps[1];
    uint8_t *fr = (uint8_t *)VA;
    int64_t f = phx_frame_alloc();
    int bad = check(f > 0 && phx_frame_map((uint64_t)f, VA, 1) == 0, "initiator maps a frame");
    bad += check(chan_initiate(&hs, fr + EK_OFF, ctx, sizeof ctx) == 0,
                 "initiator: ML-KEM-768 key pair, ek in the shared frame");
    struct ipc_msg m = phx_msg(1, (uint64_t[]){CH_HELLO}), rep;
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){(uint64_t)f, CAP_R_READ | CAP_R_WRITE, IPC_XFER_DERIVE};
    int64_t r = phx_call(ep, &m, &rep);
    bad += check(r == 0 && rep.words[0] == 0, "responder encapsulated to ek, ct back in the frame");
    bad += check(chan_finish(&ch, &hs, fr + CT_OFF) == 0, "initiator decapsulates: channel open");
    bad += check(rep.words[1] == id_word(&ch), "both ends derived the same channel id");

    static const char *const msgs[] = {"first sealed message", "second one",
                                       "third: the channel keeps its order"};
    for (int i = 0; i < 3; i++) {
        size_t n = slen(msgs[i]);
        chan_seal(&ch, fr + REQ_OFF, (const uint8_t *)msgs[i], n);
        m = phx_msg(2, (uint64_t[]){CH_MSG, n + CHAN_OVERHEAD});
        r = phx_call(ep, &m, &rep);
        char ans[128];
        size_t an = 0;
        int ok = r == 0 && (int64_t)rep.words[0] == 0 && rep.words[1] < sizeof ans &&
                 chan_open(&ch, (uint8_t *)ans, &an, fr + ANS_OFF, rep.words[1]) == 0;
        if (ok) {
            ans[an] = 0;
            phx_printf("chan: initiator opened the answer '%s'\n", ans);
        }
        bad += check(ok, "sealed message and sealed answer");
    }
    /* Tamper with one ciphertext byte in flight. */
    const char t[] = "a message the network will modify";
    size_t tn = sizeof t - 1;
    chan_seal(&ch, fr + REQ_OFF, (const uint8_t *)t, tn);
    fr[REQ_OFF + CHAN_HDR_BYTES + 3] ^= 0x20;
    m = phx_msg(2, (uint64_t[]){CH_MSG, tn + CHAN_OVERHEAD});
    r = phx_call(ep, &m, &rep);
    phx_printf("chan: responder's verdict on the tampered message: %ld\n", (int64_t)rep.words[0]);
    bad += check(r == 0 && (int64_t)rep.words[0] == CHAN_E_AUTH,
                 "tampered sealed message rejected (CHAN_E_AUTH)");
    fr[REQ_OFF + CHAN_HDR_BYTES + 3] ^= 0x20;
    r = phx_call(ep, &m, &rep);
    bad += check(r == 0 && (int64_t)rep.words[0] == 0, "the genuine message opens afterwards");
    /* Replaying it is refused too. */
    r = phx_call(ep, &m, &rep);
    bad += check(r == 0 && (int64_t)rep.words[0] == CHAN_E_REPLAY, "a replay is rejected");
    m = phx_msg(1, (uint64_t[]){CH_QUIT});
    bad += check(phx_call(ep, &m, &rep) == 0, "responder quits");
    chan_close(&ch);
    return bad;
}

int prog_chanresp(uint64_t arg)
{
    (void)arg;
    uint64_t ep = phx_self->caps[1];
    uint8_t *fr = (uint8_t *)VA;
    struct ipc_msg in, rep;
    int bad = 0;
    int64_t r = phx_recv(ep, &in);
    while (r == 0) {
        rep = phx_msg(2, (uint64_t[]){0, 0});
        if (in.words[0] == CH_HELLO && in.hdr.ncaps == 1) {
            int ok = phx_frame_map(in.caps[0].h, VA, 1) == 0 &&
                     chan_respond(&ch, fr + CT_OFF, fr + EK_OFF, ctx, sizeof ctx) == 0;
            bad += check(ok, "responder maps the granted frame and responds");
            rep.words[0] = ok ? 0 : 1;
            rep.words[1] = id_word(&ch);
        } else if (in.words[0] == CH_MSG && in.words[1] <= 2048) {
            char pt[128];
            size_t n = 0;
            int e = in.words[1] - CHAN_OVERHEAD < sizeof pt
                        ? chan_open(&ch, (uint8_t *)pt, &n, fr + REQ_OFF, in.words[1])
                        : CHAN_E_LEN;
            rep.words[0] = (uint64_t)(int64_t)e;
            if (e == 0) {
                pt[n] = 0;
                phx_printf("chan: responder opened '%s'\n", pt);
                const char a[] = "received";
                chan_seal(&ch, fr + ANS_OFF, (const uint8_t *)a, sizeof a - 1);
                rep.words[1] = sizeof a - 1 + CHAN_OVERHEAD;
            }
        } else if (in.words[0] == CH_QUIT) {
            phx_reply(&rep);
            break;
        }
        r = phx_reply_recv(ep, &rep, &in);
    }
    chan_close(&ch);
    return bad + (r != 0);
}
