/*
 * Lattice IPC, layer 1 (docs/ipc.md): capability-named endpoints carrying
 * labelled, gas-charged messages between tasks.
 *
 * Objects, all in caller memory, registered in one struct ipc_sys:
 *   - tasks (struct ipc_task): who sends and receives. Each has a capability
 *     space (its domain's), a label and a gas account that pays its sends.
 *   - endpoints (struct ipc_ep): a bounded ring of message slots, a
 *     notification word (bits OR-ed in, like seL4 notifications) and two
 *     short FIFOs of parked tasks. A CAP_T_ENDPOINT capability names one by
 *     its object reference ipc_ep_ref() (index + generation); WRITE lets the
 *     holder send, call and signal, READ lets it receive and wait,
 *     DECLASSIFY lets it send down the lattice.
 *   - a transit capability space: capabilities in queued messages live there
 *     between send and receive, so revoking their origin reaches them too.
 *
 * A message is a header (badge of the sender's cap, label, length, sequence),
 * up to IPC_WORDS_MAX inline words and up to IPC_CAPS_MAX capabilities,
 * each moved or derived with fewer rights. Large payloads go as CAP_T_FRAME
 * capabilities (the receiver gets a capability to the same frame object; no
 * byte of the payload is copied).
 *
 * Blocking is the host's business: libcore never waits. An operation that
 * cannot complete returns IPC_WOULD_BLOCK with the reason in res->block, and
 * (for an empty or full endpoint) parks the task id in the endpoint's FIFO.
 * Every operation that makes another task able to proceed names it in
 * res->wake; the host wakes it and that task retries its operation (Mesa
 * semantics: a woken task re-checks). The kernel (one CPU, domains) and the
 * simulator (many tasks) drive it the same way; docs/ipc.md gives the state
 * machine and the host loop.
 *
 * Every call decodes and checks everything first and returns a distinct
 * negative error with no side effect on tasks, endpoints, capabilities or gas
 * (its only effect is a TR_IPC_REFUSE record, plus the TR_CAP_REFUSE of a
 * failed capability check); only then does it perform. Time (`now`) is passed
 * in for capability expiry. Not thread-safe: the host serialises calls.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/cap.h"
#include "core/error.h"
#include "core/gas.h"
#include "core/label.h"

/* Errors of this module (block CORE_E_IPC_BASE; core_strerror names them).
 * Channel errors (core/channel.h) start at CORE_E_IPC_BASE - 50. */
enum ipc_err {
    IPC_E_TASK = CORE_E_IPC_BASE - 1,     /* task id not registered */
    IPC_E_LEN = CORE_E_IPC_BASE - 2,      /* more than IPC_WORDS_MAX inline words */
    IPC_E_NCAPS = CORE_E_IPC_BASE - 3,    /* more than IPC_CAPS_MAX capabilities */
    IPC_E_XFER = CORE_E_IPC_BASE - 4,     /* bad transfer mode, or rights bits unknown */
    IPC_E_DUPCAP = CORE_E_IPC_BASE - 5,   /* the same capability named twice in a message */
    IPC_E_DEAD = CORE_E_IPC_BASE - 6,     /* the cap's object names no live endpoint */
    IPC_E_FLOW = CORE_E_IPC_BASE - 7,     /* sender's label not ⊑ destination, no declassify */
    IPC_E_RECVFLOW = CORE_E_IPC_BASE - 8, /* endpoint's label not ⊑ the receiver's */
    IPC_E_WAITERS = CORE_E_IPC_BASE - 9,  /* the endpoint's FIFO of parked tasks is full */
    IPC_E_TRANSIT = CORE_E_IPC_BASE - 10, /* the transit space has no room for the caps */
    IPC_E_DSTFULL = CORE_E_IPC_BASE - 11, /* the receiving space has no room for the caps */
    IPC_E_NOREPLY = CORE_E_IPC_BASE - 12, /* reply without a received call */
    IPC_E_NOCALLER = CORE_E_IPC_BASE - 13, /* the caller no longer waits for this reply */
    IPC_E_REPLYPENDING = CORE_E_IPC_BASE - 14, /* receiving a call while owing a reply */
    IPC_E_STATE = CORE_E_IPC_BASE - 15,   /* task in the wrong state (call while in a call) */
    IPC_E_NOGAS = CORE_E_IPC_BASE - 16,   /* sender's gas below the message cost (no throttle) */
    IPC_E_PARAM = CORE_E_IPC_BASE - 17,   /* bad init argument (sizes, label, space) */
    IPC_E_FULL = CORE_E_IPC_BASE - 18,    /* the endpoint or task table is full */
    IPC_E_BUSY = CORE_E_IPC_BASE - 19,    /* destroying an endpoint with messages or waiters */
    IPC_E_LABEL = CORE_E_IPC_BASE - 20,   /* an invalid label */
};

/* The one non-negative outcome besides 0: the operation did not happen (or,
 * for ipc_reply_wait, has not finished) and the task should wait. */
#define IPC_WOULD_BLOCK 1

/* Why an operation would block (res->block). */
enum ipc_block {
    IPC_BLOCK_NONE = 0,
    IPC_BLOCK_EMPTY, /* receive/wait on an empty endpoint: parked, woken by a send or signal */
    IPC_BLOCK_FULL,  /* send/call on a full endpoint: parked, woken by a receive */
    IPC_BLOCK_GAS,   /* sender's account (throttle policy) cannot pay: retry after a refill
                        (res->retry_ns); not parked on the endpoint */
    IPC_BLOCK_REPLY, /* call sent; the reply has not arrived: woken by ipc_reply */
};

/* Limits. */
#define IPC_WORDS_MAX 16u  /* inline words per message (128 bytes) */
#define IPC_CAPS_MAX 4u    /* capabilities per message */
#define IPC_WAIT_MAX 16u   /* parked senders, and parked receivers, per endpoint */
#define IPC_NOBODY 0xffffffffu /* res->wake when nobody is to be woken */
#define IPC_NOGAS 0xffffffffu  /* task gas account: unmetered (kernel-internal tasks) */

/* Transfer modes. */
enum ipc_xfer_mode {
    IPC_XFER_MOVE = 1,   /* the cap leaves the sender (needs CAP_R_GRANT) */
    IPC_XFER_DERIVE = 2, /* the receiver gets a child with `rights` (needs CAP_R_DERIVE) */
};

/* One capability to transfer. Sender: h in its space, mode, and for DERIVE
 * the rights to give (a subset of the cap's). Receiver: h in its space (0 if
 * the cap expired or was revoked while queued), rights it holds, mode. */
struct ipc_xfer {
    cap_handle h;
    uint32_t rights;
    uint32_t mode;
};

/* Header flags. */
#define IPC_F_CALL 0x1u        /* a call: the receiver owes a reply */
#define IPC_F_DECLASSIFIED 0x2u /* sent down the lattice under CAP_R_DECLASSIFY */
#define IPC_F_REPLY 0x4u       /* a reply (in the caller's reply buffer) */

/* The header. Senders fill len and ncaps; libcore writes the rest. */
struct ipc_hdr {
    uint64_t badge;     /* badge of the sender's endpoint cap (0 in replies) */
    uint64_t seq;       /* per-endpoint sequence, from 0; a reply carries its call's */
    struct label label; /* sender's label, or the endpoint's when declassified */
    uint32_t len;       /* inline words used, 0 .. IPC_WORDS_MAX */
    uint16_t ncaps;     /* capabilities, 0 .. IPC_CAPS_MAX */
    uint16_t flags;     /* IPC_F_* */
};

struct ipc_msg {
    struct ipc_hdr hdr;
    uint64_t words[IPC_WORDS_MAX];
    struct ipc_xfer caps[IPC_CAPS_MAX];
};

/* A queued message (private: callers allocate arrays of it). */
struct ipc_slot {
    struct ipc_msg msg;   /* caps[].h are handles in the transit space */
    uint32_t caller;      /* IPC_F_CALL: the task to reply to */
    uint32_t caller_gen;  /* ... and its call generation */
};

/* Task states. */
enum ipc_task_state {
    IPC_TS_IDLE = 0,
    IPC_TS_WAIT_RECV,  /* parked on wait_ep's receiver FIFO, for a message */
    IPC_TS_WAIT_SEND,  /* parked on wait_ep's sender FIFO */
    IPC_TS_WAIT_NTFN,  /* parked on wait_ep's receiver FIFO, for a notification */
    IPC_TS_WAIT_REPLY, /* called; no reply yet */
    IPC_TS_REPLIED,    /* reply in `reply`, not yet taken by ipc_reply_wait */
};

struct ipc_task {
    uint32_t space;       /* capability space index (its domain's) */
    uint32_t gas;         /* gas account paying its messages, or IPC_NOGAS */
    struct label label;
    uint8_t state;        /* enum ipc_task_state */
    uint8_t live;
    uint8_t owe_declass;  /* the cap it received that call on holds DECLASSIFY */
    uint8_t pad;
    uint32_t wait_ep;     /* endpoint index while parked */
    uint32_t call_gen;    /* bumped by every call and by cancel */
    uint32_t owe;         /* as a server: the caller owed a reply, or IPC_NOBODY */
    uint32_t owe_gen;
    uint32_t owe_ep;
    uint64_t owe_seq;
    cap_handle recv_h;    /* the endpoint handle of its last parked ipc_recv (fast path) */
    struct ipc_msg reply; /* as a caller: where the reply lands */
};

struct ipc_ep {
    struct label label;      /* receivers must dominate it; senders must flow to it */
    struct ipc_slot *ring;   /* caller-owned, `cap` slots */
    uint32_t cap, head, count;
    uint32_t gen;            /* bumped at destroy: stale references fail */
    uint64_t seq;            /* next message's sequence number */
    uint64_t ntfn;           /* notification word */
    uint8_t live;
    uint8_t pad[3];
    uint32_t nsend, nrecv;   /* parked task ids, oldest first */
    uint32_t wsend[IPC_WAIT_MAX];
    uint32_t wrecv[IPC_WAIT_MAX];
};

struct ipc_sys {
    struct cap_system *caps;
    struct gas_pool *gas;    /* may be NULL if every task is IPC_NOGAS */
    struct ipc_task *tasks;
    uint32_t ntasks, max_tasks;
    struct ipc_ep *eps;
    uint32_t neps, max_eps;
    uint32_t transit;        /* space index holding capabilities in flight */
    uint16_t cpu;            /* written in trace records */
    uint8_t trace;           /* 1 (default): emit TR_IPC_* records */
};

/* What the host must do after a call. */
struct ipc_res {
    uint32_t wake;     /* task id to wake (it retries), or IPC_NOBODY */
    uint8_t block;     /* enum ipc_block when IPC_WOULD_BLOCK was returned */
    int8_t gas;        /* the sender's charge outcome (enum gas_outcome): GAS_THROTTLED etc.
                          tell the host to apply its account's policy */
    uint16_t pad;
    uint64_t retry_ns; /* IPC_BLOCK_GAS: the account's next refill time */
};

/* ---- system, tasks, endpoints (ipc_sys.c) ---- */

/* An empty system over caller arrays. `transit` is a registered space the
 * system owns for capabilities in flight (size it for the caps that may be
 * queued at once). gas may be NULL. Errors: IPC_E_PARAM (NULL arrays, zero
 * sizes, transit not registered). */
int ipc_sys_init(struct ipc_sys *s, struct cap_system *caps, struct gas_pool *gas,
                 struct ipc_task *tasks, uint32_t max_tasks, struct ipc_ep *eps, uint32_t max_eps,
                 uint32_t transit);

/* Register a task (id = its index, the name used in res->wake and traces).
 * Errors: IPC_E_PARAM (space not registered, space == transit),
 * IPC_E_LABEL, IPC_E_FULL. */
int ipc_task_add(struct ipc_sys *s, uint32_t space, uint32_t gas, struct label label,
                 uint32_t *id);
/* Change a task's label (the host's policy decides when). Errors:
 * IPC_E_TASK, IPC_E_LABEL. */
int ipc_task_set_label(struct ipc_sys *s, uint32_t id, struct label label);
/* Abandon what the task waits for: unpark it, forget an outstanding call
 * (a later reply gets IPC_E_NOCALLER) and any reply it owes. For a task the
 * host kills or times out. Errors: IPC_E_TASK. */
int ipc_cancel(struct ipc_sys *s, uint32_t id);

/* Create an endpoint with label `label` and a ring of nslots slots in caller
 * memory; *ref receives the object reference to put in CAP_T_ENDPOINT caps.
 * Errors: IPC_E_PARAM (ring NULL, nslots 0 or above 2^31), IPC_E_LABEL,
 * IPC_E_FULL. */
int ipc_ep_create(struct ipc_sys *s, struct label label, struct ipc_slot *ring, uint32_t nslots,
                  uint64_t *ref);
/* Destroy an empty endpoint: its references go stale (caps naming it get
 * IPC_E_DEAD). Errors: IPC_E_DEAD, IPC_E_BUSY (messages queued or tasks
 * parked: drain or cancel them first). */
int ipc_ep_destroy(struct ipc_sys *s, uint64_t ref);
/* The live endpoint a reference names, or NULL (read-only view). */
const struct ipc_ep *ipc_ep_get(const struct ipc_sys *s, uint64_t ref);

/* ---- sending (ipc_send.c) ----
 * Checks, in order (the first failure is returned): task (IPC_E_TASK);
 * message shape (IPC_E_LEN, IPC_E_NCAPS, IPC_E_XFER); the endpoint cap in
 * the task's space, CAP_T_ENDPOINT with CAP_R_WRITE, in force (CAP_E_*);
 * the endpoint is live (IPC_E_DEAD); the flow check task label ⊑ endpoint
 * label, or the cap holds CAP_R_DECLASSIFY (IPC_E_FLOW); each capability to
 * transfer is distinct (IPC_E_DUPCAP), in force with GRANT (move) or DERIVE
 * (derive, rights a subset: CAP_E_ESCALATE); room in the ring (else
 * IPC_WOULD_BLOCK, IPC_BLOCK_FULL, task parked; IPC_E_WAITERS if it cannot
 * be parked); room in the transit space (IPC_E_TRANSIT); then the gas
 * charge, last, because it is the first thing that changes state: out of gas
 * is IPC_WOULD_BLOCK/IPC_BLOCK_GAS under the throttle policy, IPC_E_NOGAS
 * otherwise, GAS_E_KILLED for a killed account. Only then are the caps moved
 * or derived into transit and the message queued with the next sequence
 * number. res->wake names the oldest parked receiver. */
int ipc_send(struct ipc_sys *s, uint32_t task, cap_handle ep, const struct ipc_msg *m, uint64_t now,
             struct ipc_res *res);
/* ipc_send of a call: the receiver owes the caller a reply. The task must be
 * IDLE (IPC_E_STATE). On success the task waits for the reply
 * (IPC_TS_WAIT_REPLY) and the host calls ipc_reply_wait. */
int ipc_call(struct ipc_sys *s, uint32_t task, cap_handle ep, const struct ipc_msg *m, uint64_t now,
             struct ipc_res *res);
/* Notification: OR the cap's badge into the endpoint's word (or `bits` if
 * the cap is unbadged; bits must then be non-zero: IPC_E_PARAM). Same cap,
 * flow and gas checks as a send; never blocks on a full ring. */
int ipc_signal(struct ipc_sys *s, uint32_t task, cap_handle ep, uint64_t bits, uint64_t now,
               struct ipc_res *res);
/* The host's notification (an interrupt-like event it watches for a task,
 * e.g. a gas account running dry): OR bits into the notification word of
 * the endpoint ep_ref names, on behalf of label `from` (the label of whoever
 * set the event up, recorded by the host). No task, no capability (the host
 * checked one when the event was set up) and no gas; the flow rule still
 * holds, without declassification. Checks, in order: the endpoint is live
 * (IPC_E_DEAD: destroyed, or its index reused), bits non-zero
 * (IPC_E_PARAM), `from` a valid label (IPC_E_LABEL), from ⊑ endpoint label
 * (IPC_E_FLOW); a refusal changes nothing (its TR_IPC_REFUSE names task
 * IPC_NOBODY). Then, as ipc_signal: res->wake names the oldest task parked
 * in ipc_wait on it, and a TR_IPC_SEND record (task IPC_NOBODY, c = 0,
 * d = bits) is written. `now` is unused (no expiry to check). */
int ipc_signal_host(struct ipc_sys *s, uint64_t ep_ref, struct label from, uint64_t bits,
                    uint64_t now, struct ipc_res *res);

/* ---- receiving and replying (ipc_recv.c) ---- */

/* Take the oldest message. Checks: task; the cap, CAP_T_ENDPOINT with
 * CAP_R_READ; live; endpoint label ⊑ task label (IPC_E_RECVFLOW); if the
 * ring is empty, IPC_WOULD_BLOCK/IPC_BLOCK_EMPTY with the task parked
 * (IPC_E_WAITERS if it cannot be); a call while the task still owes a reply
 * to a waiting caller (IPC_E_REPLYPENDING); room for the message's caps in
 * the task's space (IPC_E_DSTFULL). Then the caps move from transit into the
 * task's space (a derived cap becomes a child of the sender's original),
 * *out gets the message, and res->wake names the oldest parked sender. */
int ipc_recv(struct ipc_sys *s, uint32_t task, cap_handle ep, struct ipc_msg *out, uint64_t now,
             struct ipc_res *res);
/* Take and clear the notification word (*bits, non-zero) or park the task
 * (IPC_WOULD_BLOCK/IPC_BLOCK_EMPTY). Same cap and label checks as recv. */
int ipc_wait(struct ipc_sys *s, uint32_t task, cap_handle ep, uint64_t *bits, uint64_t now,
             struct ipc_res *res);
/* Answer the call the task received last. Checks: task; it owes a reply
 * (IPC_E_NOREPLY); the caller still waits for it (IPC_E_NOCALLER); shape;
 * task label ⊑ caller label, unless the task received the call through a
 * cap holding CAP_R_DECLASSIFY (IPC_E_FLOW); caps as for send; room in the
 * caller's space (IPC_E_DSTFULL); gas. Caps go straight to the caller's space; res->wake
 * names the caller. */
int ipc_reply(struct ipc_sys *s, uint32_t task, const struct ipc_msg *m, uint64_t now,
              struct ipc_res *res);
/* The caller's half: 0 and the reply in *out once it arrived (the task is
 * IDLE again), IPC_WOULD_BLOCK/IPC_BLOCK_REPLY before, IPC_E_STATE if the
 * task is not in a call. */
int ipc_reply_wait(struct ipc_sys *s, uint32_t task, struct ipc_msg *out, struct ipc_res *res);

/* ---- the fast path (ipc_fast.c) ----
 * The round trip's common case in one call each, with the fewest loads:
 * exactly the effect (state, results, trace records, gas) of the general
 * calls they stand for, or IPC_SLOW and no effect at all (not even a
 * trace record) when the case is not the common one: then the host runs
 * the general path, which decides, refuses or blocks as always.
 *
 * ipc_call_fast = ipc_call(task, ep, m) followed at once by the receiver's
 * retried ipc_recv(receiver, its parked handle): the common case is a task
 * IDLE, a message of inline words only (no caps), an endpoint cap in force
 * with WRITE, sender ⊑ endpoint without declassification, an empty ring,
 * no parked sender, the oldest parked receiver waiting for a message
 * (not a notification) through a READ cap in force on this endpoint, with
 * endpoint ⊑ receiver and no reply owed, and a sender that pays the
 * message and keeps a positive balance (or is unmetered). On 0: *rcv is
 * the receiver (res->wake names it too) and *rout points at its message
 * (header and the header's len words; the endpoint's ring slot it was
 * taken from: read it before the next operation on that endpoint), and it
 * owes the caller a reply; the caller waits for it (IPC_TS_WAIT_REPLY).
 * Passing the message by reference spares the copy a host that moves it
 * on (to a buffer, to registers) would only repeat. */
#define IPC_SLOW 2
int ipc_call_fast(struct ipc_sys *s, uint32_t task, cap_handle ep, const struct ipc_msg *m,
                  uint64_t now, struct ipc_res *res, uint32_t *rcv, const struct ipc_msg **rout);
/* ipc_replyrecv_fast = ipc_reply(task, m), then ipc_recv(task, ep) finding
 * the ring empty (the task parks for the next message), then the caller's
 * ipc_reply_wait: the common case is a task IDLE that owes a reply to a
 * caller still waiting, a message of inline words only, task ⊑ caller
 * without declassification, the task's READ cap on ep in force, endpoint ⊑
 * task, an empty ring with room in its receiver FIFO, and the payment as
 * above. On 0: *caller is the caller, now IDLE, and *cout points at its
 * reply (its task's reply buffer: read it before the caller's next call);
 * res->wake names it; the task is parked (IPC_TS_WAIT_RECV). */
int ipc_replyrecv_fast(struct ipc_sys *s, uint32_t task, const struct ipc_msg *m, cap_handle ep,
                       uint64_t now, struct ipc_res *res, uint32_t *caller,
                       const struct ipc_msg **cout);
