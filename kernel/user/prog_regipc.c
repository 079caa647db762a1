/*
 * Programs for the `ipc` scenario's register-message part (kernel/scenario/
 * ipc.c, part 6): SYS_CALL_REG and SYS_REPLY_RECV_REG, the calls that pass
 * up to PHX_REG_WORDS words in registers, next to the buffer calls. Each
 * prints one line per check ("ipc: ... : ok" or "FAILED") and exits 0 only
 * if all held.
 *   arg 0: server (label 1), caps[1] = E (read). A register reply_recv
 *          loop: echoes, refuses what does not fit, serves buffer messages.
 *   arg 1: client (label 1), caps[1] = E (write), caps[2] = LO (label 0,
 *          write), caps[3] = HI (label 2, read), caps[4] = E (read only):
 *          register calls, and every way of getting one refused.
 *   arg 2: a client whose notify-policy gas account is capped below one
 *          message's cost, caps[1] = an endpoint nobody serves: its
 *          register call is refused for the message (IPC_E_NOGAS) or the
 *          system call itself (GAS_E_EXHAUSTED), both seen, nothing ever
 *          queued; it cannot print: the exit status says.
 */
#include "ulib.h"

enum { OP_ECHO = 1, OP_BIG, OP_QUIT, OP_ECHO_SLOW };

#define MSG_COST 5 /* gas per IPC message: KGAS_COST_IPC (kernel/kgas.h) */

static int check(int ok, const char *what)
{
    phx_printf("ipc: reg: %s: %s\n", what, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

static int check_err(int64_t got, int64_t want, const char *what)
{
    phx_printf("ipc: reg: %s (got %ld, want %ld): %s\n", what, got, want,
               got == want ? "ok" : "FAILED");
    return got == want ? 0 : 1;
}

/* The register call with all six registers seen as they come back,
 * whatever the result. */
static int64_t raw_reg(uint64_t nr, const uint64_t in[6], uint64_t out[6])
{
    register uint64_t rdi __asm__("rdi") = in[0];
    register uint64_t rsi __asm__("rsi") = in[1];
    register uint64_t rdx __asm__("rdx") = in[2];
    register uint64_t r10 __asm__("r10") = in[3];
    register uint64_t r8 __asm__("r8") = in[4];
    register uint64_t r9 __asm__("r9") = in[5];
    int64_t ret = (int64_t)nr;
    __asm__ volatile("syscall"
                     : "+a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     :
                     : "rcx", "r11", "memory");
    out[0] = rdi;
    out[1] = rsi;
    out[2] = rdx;
    out[3] = r10;
    out[4] = r8;
    out[5] = r9;
    return ret;
}

/* A refused register call: the error, and the registers back unchanged. */
static int refused(uint64_t nr, uint64_t ep, uint64_t len, int64_t want, const char *what)
{
    const uint64_t in[6] = {ep, len, 0x1111, 0x2222, 0x3333, 0x4444};
    uint64_t out[6];
    int64_t r = raw_reg(nr, in, out);
    int same = 1;
    for (int i = 0; i < 6; i++)
        same &= out[i] == in[i];
    int bad = check_err(r, want, what);
    return bad + check(same, "  ... and the six registers come back as passed");
}

static int reg_server(void)
{
    uint64_t e = phx_self->caps[1];
    int bad = 0, msgsize = 0;
    struct phx_rmsg m = {.len = PHX_REG_NOREPLY};
    int64_t r = phx_reply_recv_reg(e, &m);
    for (;;) {
        if (r == PHX_E_MSGSIZE) {
            /* Too long for registers: still queued, taken with a buffer. */
            msgsize++;
            struct ipc_msg in;
            bad += check_err(phx_recv(e, &in), 0,
                             "server: the message refused to registers is still queued");
            if (in.hdr.flags & IPC_F_CALL) {
                uint64_t sum = 0;
                for (uint32_t i = 0; i < in.hdr.len; i++)
                    sum += in.words[i];
                bad += check(in.hdr.len == 8 && sum == 36,
                             "server: a buffer call of 8 words reached a register receiver");
                struct ipc_msg rep = phx_msg(8, (uint64_t[]){sum, 1, 2, 3, 4, 5, 6, 7});
                bad += check_err(phx_reply(&rep), 0, "server: answers it with 8 words");
            } else {
                bad += check(in.hdr.len == 6 && in.words[5] == 66,
                             "server: a buffer send of 6 words reached a register receiver");
            }
            m.len = PHX_REG_NOREPLY;
            r = phx_reply_recv_reg(e, &m);
            continue;
        }
        if (r < 0) {
            bad += check_err(r, 0, "server: register receive");
            return bad + 1;
        }
        uint64_t op = m.w[0];
        if (op == OP_ECHO) {
            uint64_t info = m.len | (uint64_t)m.flags << 32;
            m.w[0] = m.w[1] + m.w[2];
            m.w[1] = m.badge;
            m.w[2] = info;
            m.w[3] = (uint64_t)r; /* the call's sequence number */
            m.len = 4;
        } else if (op == OP_ECHO_SLOW) {
            /* The same answer by a buffer reply; then the server yields
             * before receiving again, so the next call finds nobody parked
             * and takes the general path (queued, received by ipc_recv). */
            uint64_t info = m.len | (uint64_t)m.flags << 32;
            struct ipc_msg a = phx_msg(4, (uint64_t[]){m.w[1] + m.w[2], m.badge, info, (uint64_t)r});
            if (phx_reply(&a) != 0)
                return bad + check(0, "server: buffer reply to a register call");
            phx_yield();
            m.len = PHX_REG_NOREPLY;
            r = phx_reply_recv_reg(e, &m);
            continue;
        } else if (op == OP_BIG) {
            struct ipc_msg big = phx_msg(5, (uint64_t[]){1, 2, 3, 4, 5});
            bad += check_err(phx_reply(&big), PHX_E_MSGSIZE,
                             "server: a 5-word buffer reply to a register caller refused");
            struct phx_rmsg five = {.len = 5};
            bad += check_err(phx_reply_recv_reg(e, &five), PHX_E_INVAL,
                             "server: a register reply of 5 words refused");
            m.len = 1;
            m.w[0] = 0x600d; /* the reply is still owed: this one goes */
        } else if (op == OP_QUIT) {
            struct ipc_msg q = phx_msg(0, 0);
            bad += check_err(phx_reply(&q), 0, "server: the last answer by a buffer reply");
            return bad + check(msgsize == 2, "server: two messages did not fit registers");
        } else {
            return bad + check(0, "server: unknown request");
        }
        r = phx_reply_recv_reg(e, &m);
    }
}

static int reg_client(void)
{
    const uint64_t *c = phx_self->caps;
    struct phx_rmsg m = {.len = 3, .w = {OP_ECHO, 20, 22}};
    int64_t s1 = phx_call_reg(c[1], &m);
    int bad = check(s1 >= 0 && m.w[0] == 42 && m.len == 4 && m.flags == IPC_F_REPLY && m.badge == 0,
                    "client: a register call of 3 words answered in registers");
    bad += check(m.w[1] == 0 && m.w[2] == (3 | (uint64_t)IPC_F_CALL << 32) && m.w[3] == (uint64_t)s1,
                 "client: the server saw badge, length, call flag and sequence");
    m = (struct phx_rmsg){.len = 3, .w = {OP_ECHO, 1, 2}};
    int64_t s2 = phx_call_reg(c[1], &m);
    bad += check(s2 == s1 + 1 && m.w[0] == 3, "client: the next call has the next sequence");

    /* Fast and general paths give the same answers: a seeded mix of calls
     * the server answers at once (the next call finds it parked: fast
     * path, direct switch) and calls it answers by a buffer reply before
     * yielding (the next call is queued: general path both ways). */
    uint64_t x = 0x9e3779b97f4a7c15ull, seq = (uint64_t)s2;
    int same = 1, n_slow = 0;
    for (int i = 0; i < 40; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t op = x & 1 ? OP_ECHO_SLOW : OP_ECHO;
        n_slow += op == OP_ECHO_SLOW;
        m = (struct phx_rmsg){.len = 3, .w = {op, x >> 8, (uint64_t)i}};
        int64_t s = phx_call_reg(c[1], &m);
        same &= s == (int64_t)++seq && m.len == 4 && m.w[0] == (x >> 8) + (uint64_t)i &&
                m.w[2] == (3 | (uint64_t)IPC_F_CALL << 32) && m.w[3] == seq &&
                m.flags == IPC_F_REPLY;
    }
    bad += check(same && n_slow > 10 && n_slow < 30,
                 "client: 40 calls, fast and general paths mixed, same answers and sequence");

    bad += refused(SYS_CALL_REG, 0xdead, 1, CAP_E_BADHANDLE, "client: a bad handle refused");
    bad += refused(SYS_CALL_REG, c[4], 1, CAP_E_RIGHTS, "client: calling without the write right refused");
    bad += refused(SYS_CALL_REG, c[2], 1, IPC_E_FLOW, "client: calling down the lattice refused");
    bad += refused(SYS_REPLY_RECV_REG, c[3], PHX_REG_NOREPLY, IPC_E_RECVFLOW,
                   "client: receiving from above refused");
    bad += refused(SYS_CALL_REG, c[1], 5, PHX_E_INVAL, "client: 5 words do not fit registers");
    bad += refused(SYS_REPLY_RECV_REG, c[4], 1, IPC_E_NOREPLY,
                   "client: a reply owed to nobody refused");

    m = (struct phx_rmsg){.len = 1, .w = {OP_BIG}};
    bad += check(phx_call_reg(c[1], &m) >= 0 && m.len == 1 && m.w[0] == 0x600d,
                 "client: the server's reply that did not fit was refused, the next came");
    struct ipc_msg six = phx_msg(6, (uint64_t[]){11, 22, 33, 44, 55, 66});
    bad += check_err(phx_send(c[1], &six), 0, "client: a buffer send of 6 words");
    struct ipc_msg eight = phx_msg(8, (uint64_t[]){1, 2, 3, 4, 5, 6, 7, 8}), rep;
    bad += check(phx_call(c[1], &eight, &rep) == 0 && rep.hdr.len == 8 && rep.words[0] == 36 &&
                     rep.words[7] == 7,
                 "client: a buffer call of 8 words to the register server answered in 8");
    m = (struct phx_rmsg){.len = 1, .w = {OP_QUIT}};
    bad += check(phx_call_reg(c[1], &m) >= 0 && m.len == 0 && m.w[0] == 0,
                 "client: a buffer reply of 0 words to a register call");
    return bad;
}

/* Spend the account down with null calls until `left` or less remains (or
 * the account refuses even a null call). */
static void spend_to(uint64_t left)
{
    uint64_t b = 0;
    while (phx_gas_balance(phx_self->gas, &b) == 0 && b > left)
        phx_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
}

/* Run without system calls for about a millisecond (a refill comes). */
static void spin_for_refill(void)
{
    for (volatile int i = 0; i < 300000; i++)
        ;
}

/* A register call from an account capped at MSG_COST gas: it can never pay
 * the system call and the message (1 + 5), so it is always refused and
 * nothing is ever queued. With 1..5 gas the message is refused
 * (IPC_E_NOGAS), with 0 the system call itself (GAS_E_EXHAUSTED); which
 * one depends on where the time charges and refills fall, so it tries
 * until it has seen both. Registers must come back unchanged each time.
 * No gas to print: the exit status says (0 all held, 1 a wrong result,
 * 2 not both seen). */
static int reg_poor(void)
{
    uint64_t e = phx_self->caps[1];
    const uint64_t in[6] = {e, 2, 7, 8, 9, 10};
    int seen_nogas = 0, seen_exhausted = 0;
    for (int attempt = 0; attempt < 64 && !(seen_nogas && seen_exhausted); attempt++) {
        if (!seen_nogas)
            spend_to(MSG_COST); /* 1..5 left, unless a time charge took it all */
        else
            spend_to(0);
        uint64_t out[6];
        int64_t r = raw_reg(SYS_CALL_REG, in, out);
        for (int i = 0; i < 6; i++) {
            if (out[i] != in[i])
                return 1;
        }
        if (r == IPC_E_NOGAS)
            seen_nogas = 1;
        else if (r == GAS_E_EXHAUSTED)
            seen_exhausted = 1;
        else
            return 1;
        spin_for_refill();
    }
    return seen_nogas && seen_exhausted ? 0 : 2;
}

int prog_regipc(uint64_t arg)
{
    if (arg == 0)
        return reg_server();
    if (arg == 1)
        return reg_client();
    return reg_poor();
}
