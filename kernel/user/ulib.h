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
/* Be notified on ep (a WRITE cap; caller's label ⊑ the endpoint's) each time
 * the account of gas (a READ cap) runs dry under the notify policy: bits
 * (or the cap's badge) are OR-ed into its word, ntfn_wait takes them.
 * bits 0 removes the watch. */
int64_t phx_gas_watch(uint64_t gas, uint64_t ep, uint64_t bits);
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

/* ---- register messages (docs/kernel.md "Register messages") ----
 * Up to PHX_REG_WORDS words and no caps, passed in registers both ways.
 * In: len and w[0..len). Out, on success: the received message (badge,
 * len, flags, w[], zero past len) and its sequence number as the result;
 * on an error (< 0) *m is unchanged. */
struct phx_rmsg {
    uint64_t w[PHX_REG_WORDS];
    uint64_t badge;
    uint64_t len; /* in: 0..PHX_REG_WORDS (PHX_REG_NOREPLY: receive only) */
    uint32_t flags;
};

static inline int64_t phx_ipc_reg(uint64_t nr, uint64_t ep, struct phx_rmsg *m)
{
    register uint64_t rdi __asm__("rdi") = ep;
    register uint64_t rsi __asm__("rsi") = m->len;
    register uint64_t rdx __asm__("rdx") = m->w[0];
    register uint64_t r10 __asm__("r10") = m->w[1];
    register uint64_t r8 __asm__("r8") = m->w[2];
    register uint64_t r9 __asm__("r9") = m->w[3];
    int64_t ret = (int64_t)nr;
    __asm__ volatile("syscall"
                     : "+a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     :
                     : "rcx", "r11", "memory");
    if (ret >= 0) {
        m->badge = rdi;
        m->len = (uint32_t)rsi;
        m->flags = (uint32_t)(rsi >> 32);
        m->w[0] = rdx;
        m->w[1] = r10;
        m->w[2] = r8;
        m->w[3] = r9;
    }
    return ret;
}

/* Call ep with *m; the reply comes back in *m. */
static inline int64_t phx_call_reg(uint64_t ep, struct phx_rmsg *m)
{
    return phx_ipc_reg(SYS_CALL_REG, ep, m);
}

/* Reply with *m (len = PHX_REG_NOREPLY: no reply), then receive the next
 * message on ep into *m. */
static inline int64_t phx_reply_recv_reg(uint64_t ep, struct phx_rmsg *m)
{
    return phx_ipc_reg(SYS_REPLY_RECV_REG, ep, m);
}
