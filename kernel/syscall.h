/*
 * System-call dispatch: the portable half of the user/kernel boundary
 * (phoenix/abi.h). The architecture's entry code collects the number and six
 * arguments and stores the result where user mode will find it. Every call
 * but exit first pays its gas (KGAS_COST_SYSCALL; capability operations pay
 * KGAS_COST_CAP more); a call the account cannot pay is refused with
 * GAS_E_EXHAUSTED.
 */
#pragma once

#include <stdint.h>

#include "phoenix/abi.h"

struct domain;

/* Run system call nr. args[] are the six argument registers (on x86-64 the
 * trap frame itself, so a handler that writes them returns them). The
 * register-message calls never come here: see sys_ipc_reg. */
int64_t syscall_dispatch(uint64_t nr, uint64_t args[6]);
/* The register-message calls' own entry (sys_ipc_reg.c: the whole system
 * call, gas and fast path included). The architecture's entry code sends
 * SYS_CALL_REG and SYS_REPLY_RECV_REG here and every other number to
 * syscall_dispatch. */
int64_t sys_ipc_reg(uint64_t nr, uint64_t a[6]);
/* The two ends every call shares: pay its gas (0, or the refusal; a
 * kill-policy account running dry ends the domain here, a notify-policy
 * one delivers its gas watch), and, after it,
 * wake the domain IPC left pending and yield if the account is throttled. */
int syscall_pay(struct domain *self, uint64_t nr);
void syscall_leave(struct domain *self);

/* syscall_seq (domain.h) of the last successful capability revocation: the
 * caps scenario checks that no revoked holder wrote after it. */
extern uint64_t sys_last_revoke_seq;

/* The capability, gas and scheduler calls (sys_cap.c). */
int64_t sys_cap_copy(uint64_t h, uint64_t dst);
int64_t sys_cap_derive(uint64_t h, uint64_t dst, uint64_t rights, uint64_t badge);
int64_t sys_cap_revoke(uint64_t h);
int64_t sys_cap_delete(uint64_t h);
int64_t sys_gas_balance(uint64_t h, uint64_t uout);
int64_t sys_gas_donate(uint64_t from, uint64_t to, uint64_t amount);
int64_t sys_gas_watch(uint64_t gas, uint64_t ep, uint64_t bits);
int64_t sys_sched_set(uint64_t h, uint64_t policy);
int64_t sys_kill(uint64_t h);
int64_t sys_spawn(uint64_t uspec);

/* The IPC calls (sys_ipc.c). */
int64_t sys_ep_create(uint64_t self, uint64_t level, uint64_t cats);
int64_t sys_send(uint64_t ep, uint64_t umsg);
int64_t sys_call(uint64_t ep, uint64_t umsg, uint64_t ureply);
int64_t sys_recv(uint64_t ep, uint64_t uout);
int64_t sys_reply(uint64_t umsg);
int64_t sys_reply_recv(uint64_t ep, uint64_t ureply, uint64_t uout);
int64_t sys_notify(uint64_t ep, uint64_t bits);
int64_t sys_ntfn_wait(uint64_t ep, uint64_t ubits);
int64_t sys_frame_alloc(uint64_t self);
int64_t sys_frame_map(uint64_t frame, uint64_t va, uint64_t writable);
int64_t sys_random(uint64_t ubuf, uint64_t len);
/* Wake the domain an IPC call made able to proceed, if it is still pending
 * (end of every system call): the test inline, the wake-up out of line. */
extern uint32_t sys_ipc_deferred;
void sys_ipc_flush_slow(void);
static inline void sys_ipc_flush(void)
{
    if (sys_ipc_deferred != 0xffffffffu) /* IPC_NOBODY */
        sys_ipc_flush_slow();
}

