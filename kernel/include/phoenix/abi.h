/*
 * The user/kernel boundary: system-call numbers, error codes and the small
 * structures passed through user pointers. Shared, unchanged, by the kernel
 * (kernel/syscall.c) and the user runtime (kernel/user/), so both sides
 * always agree. Calling convention: `syscall` with the number in RAX and up
 * to six arguments in RDI, RSI, RDX, R10, R8, R9; the result comes back in
 * RAX (>= 0 success, < 0 an error). RCX and R11 are clobbered.
 *
 * Objects are named by capability handles (libcore core/cap.h: slot in the
 * low 32 bits, generation in the high 32) in the caller's capability space.
 * docs/kernel.md lists the capability type and right each call checks.
 */
#pragma once

#include <stdint.h>

enum phx_sys {
    SYS_WRITE = 0,        /* (console, buf, len): returns len */
    SYS_YIELD = 1,        /* () */
    SYS_EXIT = 2,         /* (status): never returns */
    SYS_SPAWN = 3,        /* (const struct phx_spawn *): handle of the child's domain cap */
    SYS_WAIT = 4,         /* (domain, struct phx_wait *out) */
    SYS_SLEEP = 5,        /* (ns) */
    SYS_TIME = 6,         /* (uint64_t *out): ns since boot */
    SYS_NULL = 7,         /* (): nothing; the benchmark's round trip */
    SYS_CAP_COPY = 8,     /* (cap, dest domain or 0 = self): handle of the copy */
    SYS_CAP_DERIVE = 9,   /* (cap, dest domain or 0, rights, badge): handle of the child */
    SYS_CAP_REVOKE = 10,  /* (cap): number of descendants destroyed */
    SYS_CAP_DELETE = 11,  /* (cap) */
    SYS_GAS_BALANCE = 12, /* (gas, uint64_t *out) */
    SYS_GAS_DONATE = 13,  /* (from gas, to gas, amount) */
    SYS_SCHED_SET = 14,   /* (sched, policy id): number of domains moved */
    SYS_KILL = 15,        /* (domain) */
    /* Lattice IPC (docs/ipc.md "Kernel system calls"); messages are libcore's
     * struct ipc_msg (core/ipc.h), copied to and from user memory. */
    SYS_EP_CREATE = 16,   /* (self, level, cats): handle of a new endpoint cap */
    SYS_SEND = 17,        /* (ep, const struct ipc_msg *) */
    SYS_CALL = 18,        /* (ep, const struct ipc_msg *, struct ipc_msg *reply) */
    SYS_RECV = 19,        /* (ep, struct ipc_msg *out) */
    SYS_REPLY = 20,       /* (const struct ipc_msg *) */
    SYS_REPLY_RECV = 21,  /* (ep, const struct ipc_msg *reply, struct ipc_msg *out) */
    SYS_NOTIFY = 22,      /* (ep, bits) */
    SYS_NTFN_WAIT = 23,   /* (ep, uint64_t *bits) */
    SYS_FRAME_ALLOC = 24, /* (self): handle of a new one-page frame cap */
    SYS_FRAME_MAP = 25,   /* (frame, user address, writable) */
    SYS_RANDOM = 26,      /* (buf, len <= PHX_RANDOM_MAX): bytes from the kernel's entropy pool */
    /* Register messages (docs/kernel.md "Register messages"): call and
     * reply_recv of up to PHX_REG_WORDS inline words and no capabilities,
     * passed and returned in registers, never through user memory.
     * In: RDI = ep, RSI = len (0..PHX_REG_WORDS), RDX, R10, R8, R9 = words.
     * Out, on success (RAX = the message's sequence number, >= 0): RDI =
     * badge, RSI = len | flags << 32, RDX, R10, R8, R9 = words (0 past len).
     * On an error (RAX < 0) RDI..R9 come back as they were passed. */
    SYS_CALL_REG = 27,       /* (ep, len, w0..w3): the reply, in registers */
    SYS_REPLY_RECV_REG = 28, /* (ep, len, w0..w3): reply (none if len = PHX_REG_NOREPLY), then
                                the next message, in registers */
    /* The gas notify policy's upcall (docs/kernel.md "Gas"): when the
     * account runs dry, `bits` (or the endpoint cap's badge) are OR-ed into
     * the endpoint's notification word, once per exhaustion. */
    SYS_GAS_WATCH = 29, /* (gas, ep, bits): bits 0 removes the account's watch */
    SYS_COUNT
};

/* Kernel errors. libcore's own codes (core/error.h: cap -1xx, sched -2xx,
 * gas -3xx) pass through unchanged; the kernel's block is -900 .. -999. */
enum phx_err {
    PHX_E_FAULT = -900, /* a user pointer/length is not valid user memory */
    PHX_E_NOSYS = -901, /* no such system call */
    PHX_E_INVAL = -902, /* an argument is out of range */
    PHX_E_NOMEM = -903, /* no free domain slot, frame or capability slot */
    PHX_E_CHILD = -904, /* the domain capability names a domain that is gone */
    PHX_E_PEER = -905,  /* the server (or the endpoint) of a call ended before replying */
    PHX_E_MSGSIZE = -906, /* the message has more than PHX_REG_WORDS words or carries caps, and
                             its receiver takes it in registers: nothing was sent or taken */
    PHX_E_QUOTA = -907,   /* the domain owns its quota of endpoints or of frame objects already
                             (8 of each, kernel/kipc.h) */
};

/* Why a domain ended (struct phx_wait.killed). */
enum phx_kill {
    PHX_KILL_NONE = 0,   /* it called exit(status) */
    PHX_KILL_FAULT = 1,  /* a CPU exception; detail = vector */
    PHX_KILL_GAS = 2,    /* its gas account ran dry and says kill */
    PHX_KILL_KILLED = 3, /* a holder of its domain capability (or the kernel) ended it */
};

/* Kernel object references in capabilities of type CAP_T_ENDPOINT. */
#define PHX_OBJ_CONSOLE 1u

#define PHX_WRITE_MAX 4096u
#define PHX_REG_WORDS 4u /* inline words of a register message */
/* SYS_REPLY_RECV_REG's len that means: no reply, only receive (a server's
 * first receive). */
#define PHX_REG_NOREPLY 0xffffffffffffffffull
#define PHX_RANDOM_MAX 256u
/* Frames are mapped only inside this window of the user half (page aligned). */
#define PHX_FRAME_WINDOW 0x10000000ull
#define PHX_FRAME_WINDOW_END 0x20000000ull
#define PHX_FRAME_MAPS_MAX 8u /* frame mappings per domain */
#define PHX_SPAWN_MAX_CAPS 8u

/* One capability handed to a new domain: derived from `handle` (which needs
 * the derive right) with `rights` (a subset of its rights). */
struct phx_grant {
    uint64_t handle;
    uint32_t rights;
    uint32_t reserved;
};

struct phx_spawn {
    uint32_t prog;        /* program number (phoenix/programs.h) */
    uint32_t ncaps;       /* entries of caps[] used (<= PHX_SPAWN_MAX_CAPS) */
    uint64_t arg;         /* passed to the program's main */
    uint64_t self;        /* caller's own domain cap; needs CAP_R_SPAWN */
    uint64_t gas_from;    /* caller's gas cap that funds the child; needs CAP_R_DONATE */
    uint64_t gas_initial; /* moved from gas_from into the child's new account */
    uint64_t gas_max;     /* the child account's cap (>= gas_initial) */
    uint32_t gas_policy;  /* libcore enum gas_policy: 0 throttle, 1 kill, 2 notify */
    uint32_t weight;      /* scheduling weight, >= 1 */
    uint32_t prio;        /* fixed-priority level (0 = most urgent) */
    uint32_t self_rights; /* rights of the child's own domain cap (CAP_R_SPAWN lets it spawn) */
    struct phx_grant caps[PHX_SPAWN_MAX_CAPS];
    /* The child's IPC label (libcore core/label.h); it must dominate the
     * parent's (a child is never below its creator) and never changes. */
    uint32_t label_level;
    uint32_t reserved2;
    uint64_t label_cats;
};

/* What a domain finds at start (its third argument points here): handles in
 * its own capability space. */
struct phx_start {
    uint64_t self;  /* its own domain (rights chosen by the creator) */
    uint64_t gas;   /* its gas account (read; donate) */
    uint32_t ncaps; /* granted capabilities, in the creator's order */
    uint32_t id;    /* its domain id (for printing) */
    uint64_t caps[PHX_SPAWN_MAX_CAPS];
    uint32_t label_level; /* its IPC label, set by its creator */
    uint32_t reserved;
    uint64_t label_cats;
};

struct phx_wait {
    int64_t status;  /* exit status, or -1 if killed */
    uint32_t killed; /* enum phx_kill */
    uint32_t detail; /* vector for faults */
};
