/*
 * Passes wild pointers and lengths to every system call and checks that each
 * one is refused with the right error (and that the kernel survives). Exits
 * 0 only if every case was refused as expected.
 */
#include "ulib.h"

#define KERNEL_ADDR 0xffffffff80100000ull
#define NONCANON 0x0000800000000000ull
#define UNMAPPED 0x10000000ull
#define STACK_TOP 0x7fff0000ull

static int failures, cases;

static void expect(const char *what, int64_t got, int64_t want)
{
    cases++;
    if (got != want) {
        failures++;
        phx_printf("wild: %s returned %ld, expected %ld\n", what, got, want);
    }
}

int prog_wild(uint64_t arg)
{
    (void)arg;
    char ok[8] = "okokok\n";
    uint64_t text = (uint64_t)(uintptr_t)&prog_wild;

    expect("write(NULL)", phx_syscall(SYS_WRITE, 0, 10, 0, 0, 0, 0), PHX_E_FAULT);
    expect("write(kernel)", phx_syscall(SYS_WRITE, KERNEL_ADDR, 16, 0, 0, 0, 0), PHX_E_FAULT);
    expect("write(non-canonical)", phx_syscall(SYS_WRITE, NONCANON, 8, 0, 0, 0, 0), PHX_E_FAULT);
    expect("write(-1)", phx_syscall(SYS_WRITE, ~0ull, 1, 0, 0, 0, 0), PHX_E_FAULT);
    expect("write(unmapped)", phx_syscall(SYS_WRITE, UNMAPPED, 8, 0, 0, 0, 0), PHX_E_FAULT);
    expect("write(len=2^64-1)", phx_syscall(SYS_WRITE, (uint64_t)(uintptr_t)ok, ~0ull, 0, 0, 0, 0),
           PHX_E_INVAL);
    expect("write(past stack top)", phx_syscall(SYS_WRITE, STACK_TOP - 4, 8, 0, 0, 0, 0), PHX_E_FAULT);
    expect("write(below stack)", phx_syscall(SYS_WRITE, STACK_TOP - 5 * 4096 - 4, 8, 0, 0, 0, 0),
           PHX_E_FAULT);
    expect("write(end of user half)", phx_syscall(SYS_WRITE, NONCANON - 4, 8, 0, 0, 0, 0), PHX_E_FAULT);

    expect("time(NULL)", phx_syscall(SYS_TIME, 0, 0, 0, 0, 0, 0), PHX_E_FAULT);
    expect("time(kernel)", phx_syscall(SYS_TIME, KERNEL_ADDR, 0, 0, 0, 0, 0), PHX_E_FAULT);
    expect("time(read-only text)", phx_syscall(SYS_TIME, text, 0, 0, 0, 0, 0), PHX_E_FAULT);
    expect("time(crossing stack top)", phx_syscall(SYS_TIME, STACK_TOP - 4, 0, 0, 0, 0, 0), PHX_E_FAULT);

    expect("spawn(NULL)", phx_syscall(SYS_SPAWN, 0, 0, 0, 0, 0, 0), PHX_E_FAULT);
    expect("spawn(kernel)", phx_syscall(SYS_SPAWN, KERNEL_ADDR, 0, 0, 0, 0, 0), PHX_E_FAULT);
    expect("spawn(non-canonical)", phx_syscall(SYS_SPAWN, NONCANON, 0, 0, 0, 0, 0), PHX_E_FAULT);
    struct phx_spawn bad = phx_spawn_req(999, 0);
    expect("spawn(prog 999)", phx_spawn(&bad), PHX_E_INVAL);
    bad = phx_spawn_req(PROG_hello, 1);
    bad.weight = 0;
    expect("spawn(weight 0)", phx_spawn(&bad), PHX_E_INVAL);
    bad = phx_spawn_req(PROG_hello, 1);
    bad.ncaps = 1000;
    expect("spawn(ncaps 1000)", phx_spawn(&bad), PHX_E_INVAL);

    struct phx_wait w;
    expect("wait(no such child)", phx_wait(12345, &w), PHX_E_CHILD);
    expect("wait(-1)", phx_wait(-1, &w), PHX_E_CHILD);
    struct phx_spawn sp = phx_spawn_req(PROG_hello, 1);
    int64_t child = phx_spawn(&sp);
    expect("spawn(hello) > 0", child > 0, 1);
    expect("wait(child, NULL)", phx_wait(child, 0), PHX_E_FAULT);
    expect("wait(child, kernel)", phx_syscall(SYS_WAIT, (uint64_t)child, KERNEL_ADDR, 0, 0, 0, 0),
           PHX_E_FAULT);
    expect("wait(child, text)", phx_syscall(SYS_WAIT, (uint64_t)child, text, 0, 0, 0, 0), PHX_E_FAULT);
    expect("wait(child, &w)", phx_wait(child, &w), 0);
    expect("child status", w.status, 0);

    expect("sleep(2^63)", phx_sleep(1ull << 63), PHX_E_INVAL);
    expect("syscall 9999", phx_syscall(9999, 0, 0, 0, 0, 0, 0), PHX_E_NOSYS);
    expect("syscall -1", phx_syscall(~0ull, 0, 0, 0, 0, 0, 0), PHX_E_NOSYS);

    phx_printf("wild: %d of %d wild calls refused correctly\n", cases - failures, cases);
    return failures ? 1 : 0;
}
