/*
 * Scenario `caps`:
 *   capuser  holds only weak capabilities; every use beyond their rights is
 *            refused by libcore (it exits 0 if each refusal was the right one).
 *   revoker  derives the console to relay1, which derives it on to relay0 (a
 *            grandchild, another domain); both write until the revoker revokes
 *            its own console cap. Both must be refused from then on: neither
 *            may have written after the revocation (checked against the
 *            system-call sequence), and both must see a capability error.
 *   capops   the calls that succeed: copy, derive, delete, revoke, copy into
 *            another domain, kill and wait through a domain capability.
 */
#include "kcap.h"
#include "klib.h"
#include "phoenix/programs.h"
#include "scenario.h"
#include "syscall.h"

int scen_caps(void)
{
    struct kspawn ks = kspawn_default(PROG_capuser, 0);
    ks.self_rights = CAP_R_READ; /* no spawn */
    ks.gas_rights = CAP_R_READ;  /* no donate */
    ks.rights[0] = CAP_R_WRITE;  /* console, write only: no derive, no revoke */
    ks.ncaps = 4;
    ks.caps[1] = kcap_console();
    ks.rights[1] = CAP_R_READ;
    ks.caps[2] = kcap_sched();
    ks.rights[2] = CAP_R_READ;
    ks.caps[3] = kcap_console();
    ks.rights[3] = CAP_R_READ | CAP_R_DERIVE;
    struct domain *user = scen_spawn(&ks);

    ks = kspawn_default(PROG_revoker, 0);
    struct domain *rev = scen_spawn(&ks);
    ks = kspawn_default(PROG_capops, 0);
    ks.self_rights = CAP_R_READ | CAP_R_SPAWN;
    struct domain *ops = scen_spawn(&ks);
    unsigned hist0 = dom_history_len;

    int bad = !scen_run_all(1000);
    bad += scen_expect("caps", user, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("caps", rev, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("caps", ops, PHX_KILL_NONE, 0, 0);
    int relays = 0;
    for (unsigned i = hist0; i < dom_history_len; i++) {
        const struct dom_record *h = &dom_history[i];
        if (h->prog != PROG_relay)
            continue;
        relays++;
        kprintf("caps: relay domain %d wrote %lu times, last at syscall %lu; revoke at %lu; "
                "status %ld\n",
                h->id, h->writes, h->last_write_seq, sys_last_revoke_seq, h->status);
        bad += scen_check(
            "caps", h->writes > 0 && h->last_write_seq < sys_last_revoke_seq && h->status == 0,
            "relay wrote before the revoke, never after, and saw the refusal");
    }
    bad += scen_check("caps", relays == 2, "two relays (child and grandchild) ran");
    return bad;
}
