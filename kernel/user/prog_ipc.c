/*
 * Programs for the `ipc` scenario (kernel/scenario/ipc.c). Each prints one
 * line per check ("ipc: ... : ok" or "FAILED") and exits 0 only if all of
 * its checks held, which the scenario then checks.
 *   ipcsrv  creates its own endpoint, hands a write-only derived cap to the
 *           client over the bootstrap endpoint (caps[1], write), then serves
 *           calls: add, write through a moved console cap, read and answer
 *           through a granted frame, quit (it ends without replying).
 *   ipccli  (caps[1]: bootstrap, read) the other side of each.
 *   lathigh / latlow  the label checks, labels 2 and 0 (see ipc.c).
 *   flooder sends arg messages on caps[1] from a small gas account; sink
 *           receives arg messages on caps[1] and checks their order.
 *   spinsrv receives a call on caps[1] and spins without answering;
 *   spincli calls it and must get PHX_E_PEER once the kernel kills it.
 */
#include "lib/string.h"
#include "ulib.h"

enum { OP_ADD = 1, OP_CAP, OP_FRAME, OP_QUIT };

#define CLI_VA PHX_FRAME_WINDOW
#define SRV_VA (PHX_FRAME_WINDOW + 0x8000)
#define MAGIC 0x5048584652414d45ull /* "PHXFRAME" */

static int check(int ok, const char *what)
{
    phx_printf("ipc: %s: %s\n", what, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

static int check_err(int64_t got, int64_t want, const char *what)
{
    phx_printf("ipc: %s (got %ld, want %ld): %s\n", what, got, want, got == want ? "ok" : "FAILED");
    return got == want ? 0 : 1;
}

static uint64_t serve_frame(const struct ipc_msg *m, struct ipc_msg *rep)
{
    uint64_t f = m->caps[0].h;
    int bad = check_err(phx_frame_map(f, SRV_VA + 8, 1), PHX_E_INVAL,
                        "server: mapping a frame at an unaligned address refused");
    bad += check_err(phx_frame_map(f, 0x400000, 1), PHX_E_INVAL,
                     "server: mapping a frame outside the frame window refused");
    bad += check(phx_frame_map(f, SRV_VA, 1) == 0, "server: maps the granted frame");
    volatile uint64_t *p = (volatile uint64_t *)SRV_VA;
    const char *s = (const char *)(SRV_VA + 8);
    bad += check(p[0] == MAGIC && memcmp(s, "written by the client", 22) == 0,
                 "server: reads what the client wrote in the frame (no copy)");
    memcpy((char *)(SRV_VA + 512), "answer from the server", 23);
    rep->words[0] = (uint64_t)bad;
    return 1;
}

int prog_ipcsrv(uint64_t arg)
{
    (void)arg;
    uint64_t boot = phx_self->caps[1];
    int64_t ep = phx_ep_create(0, 0);
    int bad = check(ep > 0, "server: creates an endpoint (domain cap with the create right)");
    struct ipc_msg m = phx_msg(1, (uint64_t[]){1});
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){(uint64_t)ep, CAP_R_WRITE, IPC_XFER_DERIVE};
    bad += check(phx_send(boot, &m) == 0, "server: sends a write-only child of it to the client");
    struct ipc_msg in, rep;
    int64_t r = phx_recv((uint64_t)ep, &in);
    for (;;) {
        if (r < 0) {
            bad += check_err(r, 0, "server: receive");
            break;
        }
        rep = phx_msg(1, (uint64_t[]){0});
        uint64_t op = in.words[0];
        if (op == OP_ADD) {
            rep.words[0] = in.words[1] + in.words[2];
        } else if (op == OP_CAP) {
            const char line[] = "ipc: server writes through the console cap the client moved\n";
            rep.words[0] = in.hdr.ncaps == 1 ? (uint64_t)phx_syscall(SYS_WRITE, in.caps[0].h,
                                                                     (uint64_t)(uintptr_t)line,
                                                                     sizeof line - 1, 0, 0, 0)
                                             : 0;
        } else if (op == OP_FRAME && in.hdr.ncaps == 1) {
            serve_frame(&in, &rep);
            bad += (int)rep.words[0];
        } else if (op == OP_QUIT) {
            break; /* ends without answering: the client's call gets PHX_E_PEER */
        }
        r = phx_reply_recv((uint64_t)ep, &rep, &in);
    }
    return bad;
}

int prog_ipccli(uint64_t arg)
{
    (void)arg;
    uint64_t boot = phx_self->caps[1];
    struct ipc_msg in, rep;
    int bad = check(phx_recv(boot, &in) == 0 && in.hdr.ncaps == 1 && in.caps[0].h,
                    "client: receives the server's endpoint cap");
    uint64_t ep = in.caps[0].h;
    bad += check(in.caps[0].rights == CAP_R_WRITE, "client: the cap has only the write right");
    bad += check_err(phx_recv(ep, &rep), CAP_E_RIGHTS,
                     "client: receiving on the write-only cap refused");

    /* call/reply */
    struct ipc_msg m = phx_msg(3, (uint64_t[]){OP_ADD, 20, 22});
    int64_t r = phx_call(ep, &m, &rep);
    bad += check(r == 0 && rep.words[0] == 42 && (rep.hdr.flags & IPC_F_REPLY),
                 "call/reply: 20 + 22 = 42 from the server");

    /* capability transfer: move a console cap to the server */
    int64_t con = phx_cap_derive(phx_console(), 0, CAP_R_WRITE | CAP_R_GRANT, 0);
    const char hello[] = "ipc: client writes through its console cap before moving it\n";
    bad += check(con > 0 && phx_syscall(SYS_WRITE, (uint64_t)con, (uint64_t)(uintptr_t)hello,
                                        sizeof hello - 1, 0, 0, 0) > 0,
                 "client: a console cap of its own");
    m = phx_msg(1, (uint64_t[]){OP_CAP});
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){(uint64_t)con, 0, IPC_XFER_MOVE};
    r = phx_call(ep, &m, &rep);
    bad += check(r == 0 && (int64_t)rep.words[0] > 0,
                 "capability transfer: the moved handle works in the server");
    const char after[] = "must not appear\n";
    int64_t w = phx_syscall(SYS_WRITE, (uint64_t)con, (uint64_t)(uintptr_t)after, sizeof after - 1,
                            0, 0, 0);
    bad += check(w == CAP_E_BADHANDLE || w == CAP_E_STALE,
                 "capability transfer: the moved handle no longer works in the client");

    /* zero-copy frame grant */
    int64_t f = phx_frame_alloc();
    bad += check(f > 0 && phx_frame_map((uint64_t)f, CLI_VA, 1) == 0,
                 "client: allocates a frame and maps it");
    volatile uint64_t *p = (volatile uint64_t *)CLI_VA;
    p[0] = MAGIC;
    memcpy((char *)(CLI_VA + 8), "written by the client", 22);
    m = phx_msg(1, (uint64_t[]){OP_FRAME});
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){(uint64_t)f, CAP_R_READ | CAP_R_WRITE, IPC_XFER_DERIVE};
    r = phx_call(ep, &m, &rep);
    bad += check(r == 0 && rep.words[0] == 0, "frame grant: the server read the client's bytes");
    bad += check(memcmp((const char *)(CLI_VA + 512), "answer from the server", 23) == 0,
                 "frame grant: the client reads the server's answer in its own mapping");

    m = phx_msg(1, (uint64_t[]){OP_QUIT});
    bad += check_err(phx_call(ep, &m, &rep), PHX_E_PEER,
                     "client: the server ended without replying: the call fails");
    /* The server has ended: its endpoint died with it. */
    bad += check_err(phx_call(ep, &m, &rep), CAP_E_STALE,
                     "client: calling a dead server's endpoint refused");
    return bad;
}

/* Labels: high = (2, {}), low = (0, {}). Endpoints LO = (0, {}), HI = (2, {}).
 * high holds caps[1] LO write, caps[2] LO write+declassify, caps[3] HI read;
 * low holds caps[1] HI write, caps[2] LO read, caps[3] HI read. */
int prog_lathigh(uint64_t arg)
{
    (void)arg;
    const uint64_t *c = phx_self->caps;
    struct ipc_msg in;
    int bad = check(phx_recv(c[3], &in) == 0 && in.words[0] == 7 && in.hdr.label.level == 0,
                    "labels: high receives low's message (label 0) on HI");
    uint64_t bits = 0;
    bad += check(phx_ntfn_wait(c[3], &bits) == 0 && bits == 5,
                 "notify/wait: high takes low's notification bits 0x5 on HI");
    struct ipc_msg m = phx_msg(1, (uint64_t[]){0xbad});
    bad += check_err(phx_send(c[1], &m), IPC_E_FLOW, "labels: high -> low refused");
    bad += check_err(phx_notify(c[1], 1), IPC_E_FLOW, "labels: a notification high -> low refused");
    m = phx_msg(1, (uint64_t[]){0xdec1});
    bad +=
        check_err(phx_send(c[2], &m), 0, "labels: high -> low with the declassify right allowed");
    struct phx_spawn sp = phx_spawn_req(PROG_hello, 0);
    sp.label_level = 0;
    bad += check_err(phx_spawn(&sp), IPC_E_LABEL, "labels: high cannot spawn a low child");
    return bad;
}

int prog_latlow(uint64_t arg)
{
    (void)arg;
    const uint64_t *c = phx_self->caps;
    struct ipc_msg m = phx_msg(1, (uint64_t[]){7}), in;
    int bad = check_err(phx_send(c[1], &m), 0, "labels: low -> high allowed");
    bad += check_err(phx_notify(c[1], 5), 0, "notify: low signals bits 0x5 up to HI");
    bad += check_err(phx_recv(c[3], &in), IPC_E_RECVFLOW,
                     "labels: low cannot receive on the high endpoint");
    bad += check(phx_recv(c[2], &in) == 0 && in.words[0] == 0xdec1 &&
                     (in.hdr.flags & IPC_F_DECLASSIFIED) && in.hdr.label.level == 0,
                 "labels: low receives only the declassified message, flagged and relabelled");
    return bad;
}

int prog_flooder(uint64_t arg)
{
    struct ipc_msg m = phx_msg(1, (uint64_t[]){0});
    uint64_t refused = 0;
    for (uint64_t i = 0; i < arg;) {
        m.words[0] = i;
        int64_t r = phx_send(phx_self->caps[1], &m);
        if (r == 0)
            i++;
        else if (r == GAS_E_EXHAUSTED)
            refused++; /* could not even pay for the system call: try again */
        else
            return check_err(r, 0, "flooder: send");
    }
    phx_printf("ipc: flooder sent %lu messages (%lu calls refused for gas)\n", arg, refused);
    return 0;
}

int prog_sink(uint64_t arg)
{
    struct ipc_msg in;
    int bad = 0;
    for (uint64_t i = 0; i < arg; i++) {
        if (phx_recv(phx_self->caps[1], &in) != 0 || in.words[0] != i || in.hdr.seq != i)
            bad = 1;
    }
    return check(!bad, "flood: the sink received every message in order");
}

int prog_spinsrv(uint64_t arg)
{
    (void)arg;
    struct ipc_msg in;
    phx_recv(phx_self->caps[1], &in);
    for (;;)
        __asm__ volatile("" ::: "memory");
}

int prog_spincli(uint64_t arg)
{
    (void)arg;
    struct ipc_msg m = phx_msg(1, (uint64_t[]){1}), rep;
    return check_err(phx_call(phx_self->caps[1], &m, &rep), PHX_E_PEER,
                     "a call to a server killed while it spins on the caller's slot fails");
}
