/*
 * IPC benchmark programs (scenario `bench`), printing `bench NAME ops=N
 * cycles=C` lines (rdtsc; one cycle = one instruction under -icount
 * shift=0):
 *   arg 0: client, caps[1] = endpoint (write): ROUNDS register calls
 *          (SYS_CALL_REG) of 2 words, each answered with 2 words:
 *          ipc_call_reply, per round trip.
 *   arg 1: server, caps[1] = the endpoint (read): SYS_REPLY_RECV_REG loop.
 *   arg 2: one ML-KEM-768 channel handshake (initiate, respond, finish) in
 *          one domain, in ring 3: chan_handshake.
 *   arg 3, 4: client and server as 0 and 1 through the buffer calls
 *          (SYS_CALL, SYS_REPLY_RECV with struct ipc_msg in user memory):
 *          ipc_call_reply_buf.
 */
#include "core/channel.h"
#include "ulib.h"

#define ROUNDS 1000
#define WARM 50

static struct chan_hs hs;
static struct chan a, b;
static uint8_t ek[CHAN_EK_BYTES], ct[CHAN_CT_BYTES];

int prog_ipcbench(uint64_t arg)
{
    uint64_t ep = phx_self->caps[1];
    if (arg == 0) {
        struct phx_rmsg m = {.len = 2, .w = {1, 2}};
        for (int i = 0; i < WARM; i++) {
            m.len = 2;
            phx_call_reg(ep, &m);
        }
        int ok = 1;
        uint64_t t0 = phx_rdtsc();
        for (int i = 0; i < ROUNDS; i++) {
            m.len = 2;
            m.w[0] = (uint64_t)i;
            ok &= phx_call_reg(ep, &m) >= 0;
        }
        uint64_t t1 = phx_rdtsc();
        ok &= m.w[0] == (uint64_t)(ROUNDS - 1) + 1 && m.len == 2 && m.flags == IPC_F_REPLY;
        phx_printf("bench ipc_call_reply ops=%d cycles=%lu\n", ROUNDS, t1 - t0);
        m.len = 1;
        m.w[0] = ~0ull; /* stop the server */
        phx_call_reg(ep, &m);
        return ok ? 0 : 1;
    }
    if (arg == 1) {
        struct phx_rmsg m = {.len = PHX_REG_NOREPLY};
        int64_t r = phx_reply_recv_reg(ep, &m);
        while (r >= 0) {
            if (m.w[0] == ~0ull) { /* the last answer goes by a buffer reply, then stop */
                struct ipc_msg last = phx_msg(0, 0);
                return phx_reply(&last) == 0 ? 0 : 1;
            }
            m.len = 2;
            m.w[0] = m.w[0] + 1;
            r = phx_reply_recv_reg(ep, &m);
        }
        return 1;
    }
    struct ipc_msg m = phx_msg(2, (uint64_t[]){1, 2}), rep;
    if (arg == 3) {
        for (int i = 0; i < WARM; i++)
            phx_call(ep, &m, &rep);
        uint64_t t0 = phx_rdtsc();
        for (int i = 0; i < ROUNDS; i++) {
            m.words[0] = (uint64_t)i;
            phx_call(ep, &m, &rep);
        }
        uint64_t t1 = phx_rdtsc();
        int ok = rep.words[0] == (uint64_t)(ROUNDS - 1) + 1;
        phx_printf("bench ipc_call_reply_buf ops=%d cycles=%lu\n", ROUNDS, t1 - t0);
        m.words[0] = ~0ull; /* stop the server */
        phx_call(ep, &m, &rep);
        return ok ? 0 : 1;
    }
    if (arg == 4) {
        struct ipc_msg in;
        int64_t r = phx_recv(ep, &in);
        rep = phx_msg(2, (uint64_t[]){0, 0});
        while (r == 0) {
            rep.words[0] = in.words[0] + 1;
            rep.words[1] = in.words[1];
            if (in.words[0] == ~0ull)
                return phx_reply(&rep) == 0 ? 0 : 1;
            r = phx_reply_recv(ep, &rep, &in);
        }
        return 1;
    }
    static const uint8_t ctx[] = "bench";
    uint64_t t0 = phx_rdtsc();
    int r = chan_initiate(&hs, ek, ctx, sizeof ctx);
    r |= chan_respond(&b, ct, ek, ctx, sizeof ctx);
    r |= chan_finish(&a, &hs, ct);
    uint64_t t1 = phx_rdtsc();
    phx_printf("bench chan_handshake ops=1 cycles=%lu\n", t1 - t0);
    int same = 1;
    for (int i = 0; i < CHAN_ID_BYTES; i++)
        same &= a.id[i] == b.id[i];
    return r == 0 && same ? 0 : 1;
}
