/*
 * Private to the IPC system calls (sys_ipc.c, sys_ipc_reg.c): the host
 * steps both message ABIs share, buffers (struct ipc_msg in user memory)
 * and registers. sys_ipc.c defines them.
 */
#pragma once

#include <stdint.h>

#include "core/ipc.h"

/* What a successful libcore operation asks of the host: the wake-up it
 * names (deferred to the end of the call, or a handoff if the caller
 * blocks first), and a kill-policy account the message emptied. */
void sysipc_after(const struct ipc_res *res);
/* Block in IPC until woken, kout (the receive buffer's kernel address, or
 * NULL) published for a partner's fast path; the caller then retries. */
void sysipc_block_for(const struct ipc_res *res, struct ipc_msg *kout);
/* Leave a message the fast path completed for blocked domain `to`: in its
 * registers if it is in a register call (ipc_in_ready = 3), else in its
 * published receive buffer (2), else in the domain (ipc_in, 1). */
void sysipc_deliver(uint32_t to, const struct ipc_msg *in);
/* ipc_reply with blocking for gas; PHX_E_MSGSIZE first if the caller takes
 * registers and m does not fit them (kipc_reply_fits). */
int sysipc_do_reply(const struct ipc_msg *m);
/* A received message into register-message form (sys_ipc_reg.c): a[0]
 * badge, a[1] len | flags << 32, a[2..5] words (0 past len); returns the
 * system call's result, the message's sequence number. */
int64_t sysipc_regs_of_msg(uint64_t a[6], const struct ipc_msg *m);
