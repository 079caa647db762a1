/*
 * Domains: the kernel's unit of isolation and scheduling. A domain is one
 * user program running in ring 3 in its own address space, with its own
 * kernel stack and saved FPU state. The table is fixed-size (param.h); a
 * finished domain stays a zombie, holding its exit status, until its creator
 * waits for it (or the kernel scenario releases it).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "param.h"
#include "phoenix/abi.h"

enum dom_state { DOM_FREE = 0, DOM_RUNNABLE, DOM_RUNNING, DOM_BLOCKED, DOM_ZOMBIE };
enum dom_block { BLOCK_NONE = 0, BLOCK_SLEEP, BLOCK_WAIT };

struct domain {
    uint8_t fpu[ARCH_FPU_BYTES] __attribute__((aligned(16)));
    int id;   /* > 0, never reused during a run */
    int slot; /* index in the table */
    enum dom_state state;
    enum dom_block block;
    char name[DOMAIN_NAME_MAX];
    uint32_t prog;
    uint64_t *pml4; /* NULL once a zombie's memory is released */
    struct context *ctx;
    int parent;     /* creator's id, 0 for the kernel */
    int wait_for;   /* child id while blocked in wait */
    uint64_t wake_tick;
    uint64_t ticks;        /* timer ticks it was running for */
    uint64_t budget_ticks; /* 0 = unlimited */
    uint64_t syscalls;
    uint32_t weight;
    int64_t status;
    uint32_t killed, detail; /* enum phx_kill and its detail */
};

extern struct domain domains[MAX_DOMAINS];

void dom_init(void);
struct domain *dom_current(void);
void dom_set_current(struct domain *d);
/* The live (not free) domain with this id, or NULL. */
struct domain *dom_by_id(int id);
uint8_t *dom_kstack_top(const struct domain *d);
/* Create a domain running sp->prog, created by parent (0 = kernel). The
 * spawn request must already be validated except for resources. Returns the
 * domain or NULL with *err set (PHX_E_NOMEM, PHX_E_INVAL). */
struct domain *dom_spawn(const struct phx_spawn *sp, int parent, int *err);
/* End the current domain; never returns. */
_Noreturn void dom_exit_current(int64_t status);
/* Kill the current domain for a reason (after the fault report). */
_Noreturn void dom_kill_current(uint32_t reason, uint32_t detail);
/* Release a zombie's address space (called by the scheduler once it no
 * longer runs on it). */
void dom_free_memory(struct domain *d);
/* Forget a zombie whose status has been collected. */
void dom_release(struct domain *d);
/* Number of domains not yet zombie or free. */
int dom_live_count(void);
/* Loads the embedded user image into pml4; returns the entry point or 0. */
uint64_t dom_load_image(uint64_t *pml4);
