/*
 * Private to the IPC module (ipc_sys.c, ipc_xfer.c, ipc_send.c,
 * ipc_recv.c): the shared decode helpers, the parked-task FIFOs and the
 * capability-transfer steps. Each check helper returns 0 or a negative
 * error and changes nothing; each perform helper cannot fail once its check
 * passed (a failure there is a broken invariant and panics).
 */
#pragma once

#include "core/ipc.h"
#include "core/trace.h"

/* Endpoint references: generation << 32 | index; generations start at 1. */
static inline uint64_t ipc_ref_make(uint32_t idx, uint32_t gen)
{
    return (uint64_t)gen << 32 | idx;
}

/* Zero a result: nobody to wake, not blocked. */
void ipc_res_clear(struct ipc_res *res);
/* Emit TR_IPC_REFUSE(ep, task, -err) and return err. */
int ipc_refuse(const struct ipc_sys *s, uint32_t ep, uint32_t task, int err);
/* Emit a TR_IPC_SEND / TR_IPC_RECV record. */
void ipc_trace(const struct ipc_sys *s, enum core_trace_kind kind, uint32_t ep, uint32_t task,
               uint64_t len, uint64_t seq);

/* The task `id` if it may start an operation: IPC_E_TASK (unknown),
 * IPC_E_STATE (inside a call: it must take its reply first). */
int ipc_task_ready(struct ipc_sys *s, uint32_t id, struct ipc_task **t);
/* The registered task, or NULL. */
struct ipc_task *ipc_task_at(struct ipc_sys *s, uint32_t id);
/* The live endpoint named by a reference, or NULL; *idx gets its index. */
struct ipc_ep *ipc_ep_at(struct ipc_sys *s, uint64_t ref, uint32_t *idx);

/* The endpoint cap h in task t's space: CAP_T_ENDPOINT, holding `rights`, in
 * force, naming a live endpoint. Writes the endpoint, its index, the cap's
 * badge and its full rights mask. Errors: CAP_E_*, IPC_E_DEAD. */
int ipc_ep_cap(struct ipc_sys *s, const struct ipc_task *t, cap_handle h, uint32_t rights,
               uint64_t now, struct ipc_ep **ep, uint32_t *idx, uint64_t *badge,
               uint32_t *cap_rights);

/* Parked-task FIFOs (IPC_WAIT_MAX ids each). Park is idempotent (a task
 * already parked keeps its place); a task parked elsewhere moves.
 * Error: IPC_E_WAITERS (nothing changed). */
int ipc_park(struct ipc_sys *s, struct ipc_ep *ep, uint32_t epidx, uint32_t id,
             enum ipc_task_state kind);
/* Remove and return the oldest task parked for `kind` (IPC_NOBODY if
 * none), setting its state back to IDLE. Message receivers and
 * notification waiters share a FIFO but are woken only by their own event,
 * so a signal never spends its wake-up on a task waiting for a message. */
uint32_t ipc_unpark_first(struct ipc_sys *s, struct ipc_ep *ep, enum ipc_task_state kind);
/* Is a task in this state parked in some FIFO? */
static inline bool ipc_is_parked(uint8_t state)
{
    return state == IPC_TS_WAIT_RECV || state == IPC_TS_WAIT_SEND || state == IPC_TS_WAIT_NTFN;
}
/* Remove task id from whichever FIFO of ep holds it. */
void ipc_unpark(struct ipc_ep *ep, uint32_t id);

/* Message shape: len, ncaps, modes, rights bits. */
int ipc_msg_check(const struct ipc_msg *m);
/* Copy header, the used words and the caps (never the whole struct: the
 * freestanding build must not call memcpy behind our back). */
void ipc_msg_copy(struct ipc_msg *dst, const struct ipc_msg *src);

/* True if `space` has at least n free slots. */
bool ipc_space_room(const struct cap_system *caps, uint32_t space, uint32_t n);
/* Check every cap of m in `space` for its transfer (distinct, in force,
 * GRANT / DERIVE, derived rights a subset). */
int ipc_xfer_check(struct ipc_sys *s, uint32_t space, const struct ipc_msg *m, uint64_t now);
/* Perform the transfers of m from src into dst. direct: moved caps move and
 * derived caps are derived with their final rights (replies). Not direct
 * (sends into transit): derived caps are derived with all the source's
 * rights, the reduction happens at delivery. out[i] gets the new handles
 * and rights. */
void ipc_xfer_out(struct ipc_sys *s, uint32_t src, uint32_t dst, const struct ipc_msg *m,
                  bool direct, uint64_t now, struct ipc_xfer *out);
/* Deliver queued caps from transit into `dst`: moves move, derives derive
 * their final rights and drop the transit intermediary. A cap that expired
 * or was revoked in flight is dropped and reported as handle 0. */
void ipc_xfer_in(struct ipc_sys *s, uint32_t dst, const struct ipc_slot *q, uint64_t now,
                 struct ipc_xfer *out);

/* Charge the sender one message. 0 (res->gas holds the outcome),
 * IPC_WOULD_BLOCK with IPC_BLOCK_GAS, or an error; no effect unless 0. */
int ipc_pay(struct ipc_sys *s, const struct ipc_task *t, struct ipc_res *res);
