/*
 * The user programs embedded in the kernel image, as one list both sides
 * expand: the kernel validates program numbers and names domains with it,
 * the user runtime's start code dispatches to `int prog_<name>(uint64_t arg)`.
 * All programs share one user image; each domain gets a private copy of it
 * in its own address space and starts at the named program.
 */
#pragma once

#define PHX_PROGRAMS(X)                                                                            \
    X(hello)                                                                                       \
    X(null_deref)                                                                                  \
    X(kwrite)                                                                                      \
    X(priv)                                                                                        \
    X(div0)                                                                                        \
    X(wild)                                                                                        \
    X(spin)                                                                                        \
    X(counter)                                                                                     \
    X(bench)                                                                                       \
    X(capuser)                                                                                     \
    X(revoker)                                                                                     \
    X(relay)                                                                                       \
    X(donor)                                                                                       \
    X(switcher)                                                                                    \
    X(capops)                                                                                      \
    X(bomb)                                                                                        \
    X(ipcsrv)                                                                                      \
    X(ipccli)                                                                                      \
    X(lathigh)                                                                                     \
    X(latlow)                                                                                      \
    X(flooder)                                                                                     \
    X(sink)                                                                                        \
    X(chanini)                                                                                     \
    X(chanresp)                                                                                    \
    X(ipcbench)                                                                                    \
    X(spinsrv)                                                                                     \
    X(spincli)                                                                                     \
    X(regipc)                                                                                      \
    X(hoard)                                                                                       \
    X(burner)                                                                                      \
    X(watcher)                                                                                     \
    X(hiwatch)

enum phx_prog {
#define PHX_PROG_ENUM(name) PROG_##name,
    PHX_PROGRAMS(PHX_PROG_ENUM)
#undef PHX_PROG_ENUM
        PROG_COUNT
};
