/*
 * Domains: the kernel's unit of isolation and scheduling. A domain is one
 * user program running in ring 3 in its own address space, with its own
 * kernel stack, saved FPU state, capability space, gas account and libcore
 * scheduler task. The table is fixed-size (param.h); a finished domain stays
 * a zombie, holding its exit status, until a holder of its domain
 * capability waits for it (or the kernel scenario releases it).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "core/cap.h"
#include "core/ipc.h"
#include "core/label.h"
#include "core/sched.h"
#include "param.h"
#include "phoenix/abi.h"

enum dom_state { DOM_FREE = 0, DOM_RUNNABLE, DOM_RUNNING, DOM_BLOCKED, DOM_ZOMBIE };
enum dom_block { BLOCK_NONE = 0, BLOCK_SLEEP, BLOCK_WAIT, BLOCK_IPC };

struct domain {
    uint8_t fpu[ARCH_FPU_BYTES] __attribute__((aligned(16)));
    struct sched_task task; /* libcore's scheduling state; task.id == id */
    int id;                 /* > 0, never reused during a run */
    int slot;               /* index in the table; capability space slot + 1 */
    enum dom_state state;
    enum dom_block block;
    char name[DOMAIN_NAME_MAX];
    uint32_t prog;
    uint64_t *pml4; /* NULL once a zombie's memory is released */
    struct context *ctx;
    int parent;   /* creator's id, 0 for the kernel */
    int wait_for; /* domain id while blocked in wait */
    uint64_t wake_tick;
    uint64_t ticks; /* timer ticks that found it running */
    uint64_t syscalls, writes, last_write_seq;
    uint32_t throttles; /* times its gas account throttled it */
    bool has_gas;
    uint32_t gas_acct;
    struct cap_loc root;     /* kernel-space root of its domain object */
    struct cap_loc gas_root; /* kernel-space root of its gas account */
    int64_t status;
    uint32_t killed, detail; /* enum phx_kill and its detail */
    struct label label;      /* IPC label: set at spawn, never raised by the domain */
    uint32_t nframes;        /* frame objects mapped in its address space (kipc.c) */
    uint32_t frames[PHX_FRAME_MAPS_MAX];
    uint32_t gas_blocks; /* IPC sends that waited for a gas refill */
    /* The IPC fast path's delivery (sys_ipc.c): a message or reply another
     * domain's system call completed for this one while it was blocked in
     * IPC, written into its receive buffer or kept here to copy out. */
    uint8_t ipc_in_ready;     /* 1: in ipc_in, 2: written to ipc_kout already, 3: to uargs */
    uint8_t ipc_reg;          /* inside SYS_CALL_REG / SYS_REPLY_RECV_REG: what it receives
                                 must fit in registers (sys_ipc_reg.c) */
    int64_t ipc_ret;          /* ipc_in_ready 3: the message is in its registers already
                                 (uargs), this is the call's result */
    uint64_t *uargs;          /* its system call's argument registers (arch_syscall_args) */
    uint64_t kstack_top;      /* dom_kstack_top, kept for the switch */
    uint64_t pml4_pa;         /* physical address of pml4, kept for the switch */
    struct ipc_msg *ipc_kout; /* its receive buffer (direct map) while blocked */
    struct ipc_msg ipc_in;
    /* uaccess.c's translation cache: the last two user pages it walked
     * (page | 1, 0 = empty), their frames and whether they were found
     * writable. Valid for the domain's life: user mappings are only ever
     * added, never removed or downgraded, until the address space dies. */
    uint64_t uc_page[2], uc_pa[2];
    bool uc_write[2];
    uint8_t uc_next;
};

/* Everything needed to create a domain, already validated by the caller
 * (the spawn system call or a kernel scenario). */
struct kspawn {
    uint32_t prog;
    uint64_t arg;
    uint32_t weight;
    uint8_t prio;
    int parent; /* 0 = the kernel */
    uint64_t gas_initial, gas_refill, gas_period_ns, gas_max;
    uint32_t gas_policy;
    int64_t gas_donor; /* account paying gas_initial, or -1: the kernel mints it */
    uint32_t gas_rights, self_rights;
    uint32_t ncaps;
    struct cap_loc caps[PHX_SPAWN_MAX_CAPS]; /* sources, derived into the child */
    uint32_t rights[PHX_SPAWN_MAX_CAPS];
    struct label label;       /* the domain's IPC label (default: bottom) */
    cap_handle parent_handle; /* out: the parent's cap on the child (if parent != 0) */
};

extern struct domain domains[MAX_DOMAINS];

/* How each domain ended, in order (the first DOM_HISTORY_MAX of a run):
 * what the scenarios check once the domains themselves are collected. */
struct dom_record {
    int id, parent;
    uint32_t prog, killed, detail;
    int64_t status;
    uint64_t ticks, writes, last_write_seq;
};
#define DOM_HISTORY_MAX 128
extern struct dom_record dom_history[DOM_HISTORY_MAX];
extern unsigned dom_history_len;
/* Global system-call sequence number (orders events in checks). */
extern uint64_t syscall_seq;

void dom_init(void);
/* The domain running (or in a system call) now, NULL in the scheduler
 * loop. Read inline: the IPC fast path asks for it on every call. */
extern struct domain *dom_running;
static inline struct domain *dom_current(void)
{
    return dom_running;
}
void dom_set_current(struct domain *d);
/* The domain (live or zombie) with this id, or NULL. */
struct domain *dom_by_id(int id);
uint8_t *dom_kstack_top(const struct domain *d);
/* Defaults for a kernel-created domain: weight 1, a large minted gas
 * account (throttle policy), the console granted as caps[0]. */
struct kspawn kspawn_default(uint32_t prog, uint64_t arg);
/* Create a domain. Returns it, or NULL with *err set (PHX_E_NOMEM,
 * PHX_E_INVAL, or a libcore error); a failed spawn leaves nothing behind. */
struct domain *dom_spawn(struct kspawn *ks, int *err);
/* End the current domain; never returns. */
_Noreturn void dom_exit_current(int64_t status);
/* Kill the current domain for a reason (after the fault report). */
_Noreturn void dom_kill_current(uint32_t reason, uint32_t detail);
/* Kill a domain that is not running right now. */
void dom_kill(struct domain *d, uint32_t reason, uint32_t detail);
/* Release a zombie's address space (the scheduler, once off it). */
void dom_free_memory(struct domain *d);
/* Forget a zombie whose status has been collected: its domain capability
 * root is revoked, so every handle naming it goes stale. */
void dom_release(struct domain *d);
/* Number of domains not yet zombie or free (a count kept at spawn and at
 * dom_mark_zombie), and the same recounted from the table. */
int dom_live_count(void);
int dom_live_scan(void);
/* A domain ends: state DOM_ZOMBIE, and the live count follows. */
void dom_mark_zombie(struct domain *d);
/* Loads the embedded user image into pml4; returns the entry point or 0. */
uint64_t dom_load_image(uint64_t *pml4);
