/*
 * Programs for the `caps` scenario.
 *   capuser  holds only weak capabilities (caps[0]: console write-only,
 *            caps[1]: console read-only, caps[2]: scheduler read-only,
 *            caps[3]: console read+derive; self without spawn, gas without
 *            donate) and checks that every use beyond them is refused.
 *   revoker  derives the console to a relay child, lets it and its own
 *            child write for a while, then revokes: both must stop at once.
 *   relay    writes through caps[0] until refused; with arg > 0 it first
 *            spawns another relay (arg - 1) with a console derived from its own.
 *   switcher switches the scheduling policy with caps[1] (arg = policy id).
 */
#include "ulib.h"

static int bad;

static void expect(const char *what, int64_t got, int64_t want)
{
    if (got != want) {
        bad++;
        phx_printf("capuser: %s returned %ld, expected %ld\n", what, got, want);
    } else {
        phx_printf("capuser: %s refused as expected (%ld)\n", what, got);
    }
}

int prog_capuser(uint64_t arg)
{
    (void)arg;
    uint64_t con_ro = phx_self->caps[1], sched_ro = phx_self->caps[2];
    expect("write with a read-only console cap",
           phx_syscall(SYS_WRITE, con_ro, (uint64_t)(uintptr_t) "x", 1, 0, 0, 0), CAP_E_RIGHTS);
    expect("policy switch with a read-only scheduler cap", phx_sched_set(sched_ro, SCHED_POL_RR),
           CAP_E_RIGHTS);
    expect("policy switch with a console cap", phx_sched_set(phx_console(), SCHED_POL_RR),
           CAP_E_TYPE);
    struct phx_spawn sp = phx_spawn_req(PROG_hello, 1);
    expect("spawn without the spawn right", phx_spawn(&sp), CAP_E_RIGHTS);
    uint64_t other = phx_self->gas;
    expect("gas donate without the donate right", phx_gas_donate(phx_self->gas, other, 1),
           CAP_E_RIGHTS);
    expect("derive from a cap without the derive right", phx_cap_derive(con_ro, 0, CAP_R_READ, 0),
           CAP_E_RIGHTS);
    expect("derive to more rights than held", phx_cap_derive(phx_self->caps[3], 0, CAP_R_WRITE, 0),
           CAP_E_ESCALATE);
    expect("revoke without the revoke right", phx_cap_revoke(phx_console()), CAP_E_RIGHTS);
    expect("kill through a gas cap", phx_kill(phx_self->gas), CAP_E_TYPE);
    phx_printf("capuser: %s\n", bad ? "SOME CHECKS FAILED" : "every unauthorised use refused");
    return bad;
}

int prog_relay(uint64_t arg)
{
    if (arg > 0) {
        struct phx_spawn sp = phx_spawn_req(PROG_relay, arg - 1);
        sp.caps[0].rights = CAP_R_WRITE | CAP_R_DERIVE | CAP_R_GRANT;
        sp.self_rights = 0;
        sp.gas_initial = sp.gas_max = 1000000;
        int64_t c = phx_spawn(&sp);
        if (c < 0) {
            phx_printf("relay%lu: spawn failed %ld\n", arg, c);
            return 2;
        }
    }
    for (int n = 0;; n++) {
        char line[48];
        int len = 0;
        const char *pre = "relay";
        while (pre[len]) {
            line[len] = pre[len];
            len++;
        }
        line[len++] = (char)('0' + arg);
        line[len++] = ':';
        line[len++] = ' ';
        line[len++] = 'o';
        line[len++] = 'k';
        line[len++] = '\n';
        int64_t r = phx_write(line, (uint64_t)len);
        if (r < 0) {
            /* Refused: the capability was revoked under us. We cannot
             * print any more; the exit status says what we saw. */
            return (r == CAP_E_STALE || r == CAP_E_BADHANDLE) && n > 0 ? 0 : 1;
        }
        phx_sleep(1000000);
    }
}

int prog_revoker(uint64_t arg)
{
    (void)arg;
    struct phx_spawn sp = phx_spawn_req(PROG_relay, 1);
    sp.self_rights = CAP_R_READ | CAP_R_SPAWN;
    int64_t c = phx_spawn(&sp);
    if (c < 0) {
        phx_printf("revoker: spawn failed %ld\n", c);
        return 1;
    }
    phx_sleep(8000000);
    int64_t removed = phx_cap_revoke(phx_console());
    phx_printf("revoker: revoked the console below me: %ld capabilities destroyed\n", removed);
    struct phx_wait w;
    int64_t r = phx_wait((uint64_t)c, &w);
    phx_printf("revoker: relay1 ended with status %ld (wait %ld)\n", w.status, r);
    /* relay1's own console cap and relay0's: at least two. */
    return removed >= 2 && r == 0 && w.status == 0 ? 0 : 1;
}

int prog_switcher(uint64_t arg)
{
    int64_t moved = phx_sched_set(phx_self->caps[1], (uint32_t)arg);
    phx_printf("switcher: policy %lu set, %ld domains moved\n", arg, moved);
    return moved > 0 ? 0 : 1;
}

static int ops_bad;

static void check(const char *what, int ok)
{
    phx_printf("capops: %s: %s\n", what, ok ? "ok" : "FAILED");
    ops_bad += !ok;
}

/* The capability calls that succeed: copy, derive, delete, copy into
 * another domain, kill and wait through a domain capability. */
int prog_capops(uint64_t arg)
{
    (void)arg;
    uint64_t con = phx_console();
    int64_t copy = phx_cap_copy(con, 0);
    check("copy the console cap", copy > 0);
    check("write through the copy",
          phx_syscall(SYS_WRITE, (uint64_t)copy, (uint64_t)(uintptr_t) "capops: via copy\n", 17, 0,
                      0, 0) == 17);
    check("delete the copy", phx_cap_delete((uint64_t)copy) == 0);
    int64_t r = phx_syscall(SYS_WRITE, (uint64_t)copy, (uint64_t)(uintptr_t) "x", 1, 0, 0, 0);
    check("the deleted handle is refused", r == CAP_E_STALE || r == CAP_E_BADHANDLE);
    int64_t ro = phx_cap_derive(con, 0, CAP_R_GRANT, 0);
    check("derive a console cap without the write right", ro > 0);
    check("writing through it is refused",
          phx_syscall(SYS_WRITE, (uint64_t)ro, (uint64_t)(uintptr_t) "x", 1, 0, 0, 0) ==
              CAP_E_RIGHTS);
    check("revoke the console: one descendant (the derived cap)", phx_cap_revoke(con) == 1);

    struct phx_spawn sp = phx_spawn_req(PROG_spin, 1);
    int64_t child = phx_spawn(&sp);
    check("spawn a spinner", child > 0);
    check("copy the console into the child's space", phx_cap_copy(con, (uint64_t)child) > 0);
    struct phx_wait w = {0};
    check("kill the child through its domain cap", phx_kill((uint64_t)child) == 0);
    check("wait for it", phx_wait((uint64_t)child, &w) == 0);
    check("it ended killed", w.killed == PHX_KILL_KILLED && w.status == -1);

    /* Exact costs: between two balance reads, two null calls and the second
     * read cost 1 gas each. A tick in between would add the slot's run time,
     * so try a few fresh slots until one has no tick in it. */
    uint64_t before = 0, after = 0;
    for (int tries = 0; tries < 4; tries++) {
        phx_yield();
        phx_gas_balance(phx_self->gas, &before);
        phx_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
        phx_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
        phx_gas_balance(phx_self->gas, &after);
        if (before - after == 3)
            break;
    }
    check("gas: three system calls cost exactly 3", before - after == 3);
    return ops_bad;
}
