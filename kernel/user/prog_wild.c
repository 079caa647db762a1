/*
 * Passes wild pointers, lengths and handles to every system call and checks
 * that each one is refused with the right error (and that the kernel
 * survives). Exits 0 only if every case was refused as expected.
 */
#include "ulib.h"

#define KERNEL_ADDR 0xffffffff80100000ull
#define NONCANON 0x0000800000000000ull
#define UNMAPPED 0x10000000ull
#define STACK_TOP 0x7fff0000ull
#define BADHANDLE ((60ull << 0) | (1ull << 32)) /* slot 60: never given out here */

static int failures, cases;

static void expect(const char *what, int64_t got, int64_t want)
{
    cases++;
    if (got != want) {
        failures++;
        phx_printf("wild: %s returned %ld, expected %ld\n", what, got, want);
    }
}

static int64_t sys(uint64_t nr, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    return phx_syscall(nr, a, b, c, d, 0, 0);
}

/* The IPC calls: every pointer refused before anything is queued, taken or
 * mapped; nothing here may block (no receive finds an empty endpoint with a
 * valid buffer). */
static void wild_ipc(uint64_t text, uint64_t okp)
{
    uint64_t con = phx_console(), self = phx_self->self;
    expect("ep_create(bad self)", sys(SYS_EP_CREATE, BADHANDLE, 0, 0, 0), CAP_E_BADHANDLE);
    expect("ep_create(console as self)", sys(SYS_EP_CREATE, con, 0, 0, 0), CAP_E_TYPE);
    expect("ep_create(level 2^16)", sys(SYS_EP_CREATE, self, 1u << 16, 0, 0), IPC_E_LABEL);
    int64_t ep = phx_ep_create(0, 0);
    expect("ep_create ok", ep > 0, 1);
    uint64_t e = (uint64_t)ep;
    struct ipc_msg m = phx_msg(1, (uint64_t[]){1}), out;
    uint64_t mp = (uint64_t)(uintptr_t)&m, outp = (uint64_t)(uintptr_t)&out;
    expect("send(NULL)", sys(SYS_SEND, e, 0, 0, 0), PHX_E_FAULT);
    expect("send(kernel)", sys(SYS_SEND, e, KERNEL_ADDR, 0, 0), PHX_E_FAULT);
    expect("send(non-canonical)", sys(SYS_SEND, e, NONCANON, 0, 0), PHX_E_FAULT);
    expect("send(crossing stack top)", sys(SYS_SEND, e, STACK_TOP - 16, 0, 0), PHX_E_FAULT);
    expect("send(on the console)", phx_send(con, &m), IPC_E_DEAD);
    m.hdr.len = 17;
    expect("send(17 words)", phx_send(e, &m), IPC_E_LEN);
    m.hdr.len = 1;
    m.hdr.ncaps = 5;
    expect("send(5 caps)", phx_send(e, &m), IPC_E_NCAPS);
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){BADHANDLE, 0, IPC_XFER_MOVE};
    expect("send(moving a bad handle)", phx_send(e, &m), CAP_E_BADHANDLE);
    m.hdr.ncaps = 0;
    expect("call(reply NULL)", sys(SYS_CALL, e, mp, 0, 0), PHX_E_FAULT);
    expect("call(reply in text)", sys(SYS_CALL, e, mp, text, 0), PHX_E_FAULT);
    expect("recv(NULL)", sys(SYS_RECV, e, 0, 0, 0), PHX_E_FAULT);
    expect("recv(text)", sys(SYS_RECV, e, text, 0, 0), PHX_E_FAULT);
    expect("recv(kernel)", sys(SYS_RECV, e, KERNEL_ADDR, 0, 0), PHX_E_FAULT);
    expect("recv(gas cap)", phx_recv(phx_self->gas, &out), CAP_E_TYPE);
    expect("reply(NULL)", sys(SYS_REPLY, 0, 0, 0, 0), PHX_E_FAULT);
    expect("reply(no call)", phx_reply(&m), IPC_E_NOREPLY);
    expect("reply_recv(out NULL)", sys(SYS_REPLY_RECV, e, mp, 0, 0), PHX_E_FAULT);
    expect("reply_recv(no call)", phx_reply_recv(e, &m, &out), IPC_E_NOREPLY);
    expect("notify(0 bits)", phx_notify(e, 0), IPC_E_PARAM);
    expect("ntfn_wait(NULL)", sys(SYS_NTFN_WAIT, e, 0, 0, 0), PHX_E_FAULT);
    expect("ntfn_wait(text)", sys(SYS_NTFN_WAIT, e, text, 0, 0), PHX_E_FAULT);
    /* A message that is there: taken once, into a valid buffer. */
    expect("send ok", phx_send(e, &m), 0);
    expect("recv ok", sys(SYS_RECV, e, outp, 0, 0) == 0 && out.words[0] == 1, 1);

    expect("frame_alloc(bad self)", sys(SYS_FRAME_ALLOC, BADHANDLE, 0, 0, 0), CAP_E_BADHANDLE);
    int64_t f = phx_frame_alloc();
    expect("frame_alloc ok", f > 0, 1);
    uint64_t va = PHX_FRAME_WINDOW + 0x100000;
    expect("frame_map(unaligned)", phx_frame_map((uint64_t)f, va + 1, 1), PHX_E_INVAL);
    expect("frame_map(kernel)", phx_frame_map((uint64_t)f, KERNEL_ADDR, 1), PHX_E_INVAL);
    expect("frame_map(over the text)", phx_frame_map((uint64_t)f, text & ~0xfffull, 1),
           PHX_E_INVAL);
    expect("frame_map(window end)", phx_frame_map((uint64_t)f, PHX_FRAME_WINDOW_END, 1),
           PHX_E_INVAL);
    expect("frame_map(writable=2)", sys(SYS_FRAME_MAP, (uint64_t)f, va, 2, 0), PHX_E_INVAL);
    expect("frame_map(console)", phx_frame_map(con, va, 1), CAP_E_TYPE);
    expect("frame_map ok", phx_frame_map((uint64_t)f, va, 1), 0);
    expect("frame_map(twice)", phx_frame_map((uint64_t)f, va, 1), PHX_E_INVAL);
    expect("random(NULL)", sys(SYS_RANDOM, 0, 8, 0, 0), PHX_E_FAULT);
    expect("random(text)", sys(SYS_RANDOM, text, 8, 0, 0), PHX_E_FAULT);
    expect("random(257 bytes)", sys(SYS_RANDOM, okp, 257, 0, 0), PHX_E_INVAL);
    expect("random(8 bytes)", sys(SYS_RANDOM, okp, 8, 0, 0), 8);
}

int prog_wild(uint64_t arg)
{
    (void)arg;
    char ok[8] = "okokok\n";
    uint64_t text = (uint64_t)(uintptr_t)&prog_wild;
    uint64_t con = phx_console(), gas = phx_self->gas, self = phx_self->self;
    uint64_t okp = (uint64_t)(uintptr_t)ok;

    expect("write(NULL)", sys(SYS_WRITE, con, 0, 10, 0), PHX_E_FAULT);
    expect("write(kernel)", sys(SYS_WRITE, con, KERNEL_ADDR, 16, 0), PHX_E_FAULT);
    expect("write(non-canonical)", sys(SYS_WRITE, con, NONCANON, 8, 0), PHX_E_FAULT);
    expect("write(-1)", sys(SYS_WRITE, con, ~0ull, 1, 0), PHX_E_FAULT);
    expect("write(unmapped)", sys(SYS_WRITE, con, UNMAPPED, 8, 0), PHX_E_FAULT);
    expect("write(len=2^64-1)", sys(SYS_WRITE, con, okp, ~0ull, 0), PHX_E_INVAL);
    expect("write(past stack top)", sys(SYS_WRITE, con, STACK_TOP - 4, 8, 0), PHX_E_FAULT);
    expect("write(below stack)", sys(SYS_WRITE, con, STACK_TOP - 5 * 4096 - 4, 8, 0), PHX_E_FAULT);
    expect("write(end of user half)", sys(SYS_WRITE, con, NONCANON - 4, 8, 0), PHX_E_FAULT);
    expect("write(bad handle)", sys(SYS_WRITE, BADHANDLE, okp, 2, 0), CAP_E_BADHANDLE);
    expect("write(handle 0)", sys(SYS_WRITE, 0, okp, 2, 0), CAP_E_STALE);
    expect("write(stale generation)", sys(SYS_WRITE, con + (1ull << 32), okp, 2, 0), CAP_E_STALE);
    expect("write(slot 2^32-1)", sys(SYS_WRITE, 0xffffffffull | (1ull << 32), okp, 2, 0),
           CAP_E_BADHANDLE);
    expect("write(gas cap)", sys(SYS_WRITE, gas, okp, 2, 0), CAP_E_TYPE);

    expect("time(NULL)", sys(SYS_TIME, 0, 0, 0, 0), PHX_E_FAULT);
    expect("time(kernel)", sys(SYS_TIME, KERNEL_ADDR, 0, 0, 0), PHX_E_FAULT);
    expect("time(read-only text)", sys(SYS_TIME, text, 0, 0, 0), PHX_E_FAULT);
    expect("time(crossing stack top)", sys(SYS_TIME, STACK_TOP - 4, 0, 0, 0), PHX_E_FAULT);

    expect("spawn(NULL)", sys(SYS_SPAWN, 0, 0, 0, 0), PHX_E_FAULT);
    expect("spawn(kernel)", sys(SYS_SPAWN, KERNEL_ADDR, 0, 0, 0), PHX_E_FAULT);
    expect("spawn(non-canonical)", sys(SYS_SPAWN, NONCANON, 0, 0, 0), PHX_E_FAULT);
    struct phx_spawn bad = phx_spawn_req(999, 0);
    expect("spawn(prog 999)", phx_spawn(&bad), PHX_E_INVAL);
    bad = phx_spawn_req(PROG_hello, 1);
    bad.weight = 0;
    expect("spawn(weight 0)", phx_spawn(&bad), PHX_E_INVAL);
    bad = phx_spawn_req(PROG_hello, 1);
    bad.ncaps = 1000;
    expect("spawn(ncaps 1000)", phx_spawn(&bad), PHX_E_INVAL);
    bad = phx_spawn_req(PROG_hello, 1);
    bad.caps[0].handle = BADHANDLE;
    expect("spawn(grant bad handle)", phx_spawn(&bad), CAP_E_BADHANDLE);
    bad = phx_spawn_req(PROG_hello, 1);
    bad.gas_from = con;
    expect("spawn(gas from console)", phx_spawn(&bad), CAP_E_TYPE);

    struct phx_wait w;
    expect("wait(bad handle)", phx_wait(BADHANDLE, &w), CAP_E_BADHANDLE);
    expect("wait(self)", phx_wait(self, &w), PHX_E_CHILD);
    struct phx_spawn sp = phx_spawn_req(PROG_hello, 1);
    int64_t child = phx_spawn(&sp);
    expect("spawn(hello) > 0", child > 0, 1);
    expect("wait(child, NULL)", phx_wait((uint64_t)child, 0), PHX_E_FAULT);
    expect("wait(child, kernel)", sys(SYS_WAIT, (uint64_t)child, KERNEL_ADDR, 0, 0), PHX_E_FAULT);
    expect("wait(child, text)", sys(SYS_WAIT, (uint64_t)child, text, 0, 0), PHX_E_FAULT);
    expect("wait(child, &w)", phx_wait((uint64_t)child, &w), 0);
    expect("child status", w.status, 0);
    expect("wait(collected child)", phx_wait((uint64_t)child, &w), CAP_E_STALE);

    uint64_t bal;
    expect("gas_balance(NULL)", sys(SYS_GAS_BALANCE, gas, 0, 0, 0), PHX_E_FAULT);
    expect("gas_balance(kernel)", sys(SYS_GAS_BALANCE, gas, KERNEL_ADDR, 0, 0), PHX_E_FAULT);
    expect("gas_balance(text)", sys(SYS_GAS_BALANCE, gas, text, 0, 0), PHX_E_FAULT);
    expect("gas_balance(console)", phx_gas_balance(con, &bal), CAP_E_TYPE);
    expect("gas_balance(ok)", phx_gas_balance(gas, &bal), 0);
    expect("gas_donate(to bad)", phx_gas_donate(gas, BADHANDLE, 1), CAP_E_BADHANDLE);
    expect("gas_donate(to self)", phx_gas_donate(gas, gas, 1), GAS_E_SELF);

    expect("cap_copy(bad)", phx_cap_copy(BADHANDLE, 0), CAP_E_BADHANDLE);
    expect("cap_copy(to bad domain)", phx_cap_copy(con, BADHANDLE), CAP_E_BADHANDLE);
    expect("cap_copy(to console)", phx_cap_copy(con, con), CAP_E_TYPE);
    expect("cap_derive(rights 2^40)", phx_syscall(SYS_CAP_DERIVE, con, 0, 1ull << 40, 0, 0, 0),
           PHX_E_INVAL);
    expect("cap_revoke(bad)", phx_cap_revoke(BADHANDLE), CAP_E_BADHANDLE);
    expect("cap_delete(bad)", phx_cap_delete(BADHANDLE), CAP_E_BADHANDLE);
    expect("sched_set(console)", phx_sched_set(con, 1), CAP_E_TYPE);
    expect("kill(gas)", phx_kill(gas), CAP_E_TYPE);
    expect("kill(self, no right)", phx_kill(self), CAP_E_RIGHTS);

    wild_ipc(text, okp);

    expect("sleep(2^63)", phx_sleep(1ull << 63), PHX_E_INVAL);
    expect("syscall 9999", sys(9999, 0, 0, 0, 0), PHX_E_NOSYS);
    expect("syscall -1", sys(~0ull, 0, 0, 0, 0), PHX_E_NOSYS);

    phx_printf("wild: %d of %d wild calls refused correctly\n", cases - failures, cases);
    return failures ? 1 : 0;
}
