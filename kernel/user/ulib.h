/*
 * The user runtime: what a Phoenix user program may call. System-call
 * wrappers (phoenix/abi.h for numbers, errors and structures) plus printing.
 * Every program is `int prog_<name>(uint64_t arg)` (phoenix/programs.h); its
 * capabilities are in phx_self (the start block the kernel wrote), and by
 * convention the first granted capability, caps[0], is the console.
 */
#pragma once

#include <stdint.h>

/* libcore's headers give the user side the same names for rights, errors
 * and policy ids (only their constants and inline helpers are used here). */
#include "core/cap.h"
#include "core/gas.h"
#include "core/sched.h"
#include "phoenix/abi.h"
#include "phoenix/programs.h"

extern const struct phx_start *phx_self;

int64_t phx_syscall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5);
static inline uint64_t phx_console(void)
{
    return phx_self->ncaps ? phx_self->caps[0] : 0;
}
int64_t phx_write(const void *buf, uint64_t len);
void phx_yield(void);
_Noreturn void phx_exit(int64_t status);
int64_t phx_spawn(const struct phx_spawn *sp);
int64_t phx_wait(uint64_t child, struct phx_wait *out);
int64_t phx_sleep(uint64_t ns);
uint64_t phx_time(void);
int64_t phx_cap_copy(uint64_t cap, uint64_t dst);
int64_t phx_cap_derive(uint64_t cap, uint64_t dst, uint32_t rights, uint64_t badge);
int64_t phx_cap_revoke(uint64_t cap);
int64_t phx_cap_delete(uint64_t cap);
int64_t phx_gas_balance(uint64_t gas, uint64_t *out);
int64_t phx_gas_donate(uint64_t from, uint64_t to, uint64_t amount);
int64_t phx_sched_set(uint64_t sched, uint32_t policy);
int64_t phx_kill(uint64_t domain);
static inline uint64_t phx_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* printf to the console (one write system call per call). */
int phx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A spawn request with defaults: weight 1, 10^7 gas from the caller's
 * account (throttle policy), the console granted as caps[0] (write, derive,
 * grant), a self capability with the read right only. */
struct phx_spawn phx_spawn_req(uint32_t prog, uint64_t arg);

#define PHX_DECLARE_PROG(name) int prog_##name(uint64_t arg);
PHX_PROGRAMS(PHX_DECLARE_PROG)
#undef PHX_DECLARE_PROG

/* ---- lattice IPC (docs/ipc.md "Kernel system calls") ---- */
#include "core/ipc.h"
/* A new endpoint labelled (level, cats), through the caller's own domain cap
 * (needs CAP_R_CREATE). Returns the handle (read, write, grant, derive,
 * revoke; declassify if the domain cap has it). */
int64_t phx_ep_create(uint32_t level, uint64_t cats);
int64_t phx_send(uint64_t ep, const struct ipc_msg *m);
int64_t phx_call(uint64_t ep, const struct ipc_msg *m, struct ipc_msg *reply);
int64_t phx_recv(uint64_t ep, struct ipc_msg *out);
int64_t phx_reply(const struct ipc_msg *m);
int64_t phx_reply_recv(uint64_t ep, const struct ipc_msg *reply, struct ipc_msg *out);
int64_t phx_notify(uint64_t ep, uint64_t bits);
int64_t phx_ntfn_wait(uint64_t ep, uint64_t *bits);
/* A one-page frame object (needs CAP_R_CREATE on the domain cap). */
int64_t phx_frame_alloc(void);
/* Map a frame at va (page aligned, inside [PHX_FRAME_WINDOW, _END)). */
int64_t phx_frame_map(uint64_t frame, uint64_t va, int writable);
int64_t phx_random(void *buf, uint64_t len);
/* A message with n words (copied from w) and no capabilities. */
struct ipc_msg phx_msg(uint32_t n, const uint64_t *w);
