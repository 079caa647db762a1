/*
 * The user/kernel boundary: system-call numbers, error codes and the small
 * structures passed through user pointers. Shared, unchanged, by the kernel
 * (kernel/syscall.c) and the user runtime (kernel/user/), so both sides
 * always agree. Calling convention: `syscall` with the number in RAX and up
 * to six arguments in RDI, RSI, RDX, R10, R8, R9; the result comes back in
 * RAX (>= 0 success, < 0 an error below). RCX and R11 are clobbered.
 */
#pragma once

#include <stdint.h>

enum phx_sys {
    SYS_WRITE = 0,  /* (buf, len): console write; returns len */
    SYS_YIELD = 1,  /* (): give up the rest of the slot */
    SYS_EXIT = 2,   /* (status): never returns */
    SYS_SPAWN = 3,  /* (const struct phx_spawn *): returns the child's handle */
    SYS_WAIT = 4,   /* (child handle, struct phx_wait *out): waits for it to end */
    SYS_SLEEP = 5,  /* (ns): blocks at least ns */
    SYS_TIME = 6,   /* (uint64_t *out): ns since boot */
    SYS_NULL = 7,   /* (): does nothing; the benchmark's round trip */
    SYS_COUNT
};

/* Kernel errors. libcore's own codes (core/error.h, -1 .. -799) pass through
 * unchanged; the kernel's block is -900 .. -999. */
enum phx_err {
    PHX_E_FAULT = -900,   /* a user pointer/length is not valid user memory */
    PHX_E_NOSYS = -901,   /* no such system call */
    PHX_E_INVAL = -902,   /* an argument is out of range */
    PHX_E_NOMEM = -903,   /* no free domain slot or frame */
    PHX_E_CHILD = -904,   /* the handle does not name a child of the caller */
    PHX_E_PERM = -905,    /* the capability lacks the right */
};

/* Why a domain ended (struct phx_wait.killed). */
enum phx_kill {
    PHX_KILL_NONE = 0,   /* it called exit(status) */
    PHX_KILL_FAULT = 1,  /* a CPU exception; detail = vector */
    PHX_KILL_BUDGET = 2, /* it used up its CPU tick budget */
    PHX_KILL_GAS = 3,    /* its gas account ran dry and says kill */
    PHX_KILL_PARENT = 4, /* its creator ended it */
};

#define PHX_WRITE_MAX 4096u
#define PHX_SPAWN_MAX_CAPS 8u

struct phx_spawn {
    uint32_t prog;        /* program number (phoenix/programs.h) */
    uint32_t ncaps;       /* capabilities to give the child (<= PHX_SPAWN_MAX_CAPS) */
    uint64_t arg;         /* passed to the program's main */
    uint64_t budget_ticks; /* CPU ticks before the kernel kills it; 0 = unlimited */
    uint32_t weight;      /* scheduling weight/priority (>= 1) */
    uint32_t reserved;
    int32_t caps[PHX_SPAWN_MAX_CAPS];
};

struct phx_wait {
    int64_t status;  /* exit status, or -1 if killed */
    uint32_t killed; /* enum phx_kill */
    uint32_t detail; /* vector for faults */
};
