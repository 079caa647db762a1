/*
 * The kernel's use of libcore's lattice IPC (core/ipc.h): one ipc_sys whose
 * task i is domain table slot i (plus one kernel task that drains a dead
 * domain's endpoints), a fixed pool of endpoints with their rings, and a
 * fixed pool of one-page frame objects for zero-copy grants. Every check is
 * libcore's; this file owns the memory, maps tasks to domains, turns
 * res.wake into ks_wake, and cleans up after a domain that ends.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/cap.h"
#include "core/ipc.h"
#include "core/label.h"

struct domain;

#define KIPC_EPS 32    /* endpoints, live at once */
#define KIPC_RING 4    /* message slots per endpoint */
#define KIPC_FRAMES 32 /* frame objects (one 4 KiB page each), reserved at boot */
/* What one domain may own of those pools at once (PHX_E_QUOTA past it), so
 * that no domain can take them all and leave the others none. */
#define KIPC_EP_QUOTA 8
#define KIPC_FRAME_QUOTA 8

extern struct ipc_sys kipc_sys;

/* After kcap_init and kgas_init: the system, the tasks, the frame pool. */
void kipc_init(void);
/* A domain starts: its task gets its gas account and label. */
void kipc_domain_start(const struct domain *d);
/* A domain ends (before its capabilities are cleared): abandon what it waits
 * for, release a caller it owes a reply (woken with PHX_E_PEER), destroy the
 * endpoints and frames it created (their caps die everywhere; parked tasks
 * are woken and queued callers released). */
void kipc_domain_end(struct domain *d);
/* A zombie's address space is about to be freed: drop its frame mappings. */
void kipc_unmap_all(struct domain *d);
/* Wake the domain behind task id if it is blocked in IPC. */
void kipc_wake(uint32_t task);

/* Create an endpoint owned by domain `owner` (0: the kernel, kept until
 * kipc_kernel_reset) with label l; *root is its root in the kernel space.
 * A domain owning KIPC_EP_QUOTA endpoints already gets PHX_E_QUOTA (the
 * kernel has no quota). */
int kipc_ep_create(int owner, struct label l, struct cap_loc *root);
/* A new frame object owned by domain `owner` (0: the kernel); *root as
 * above; PHX_E_QUOTA past KIPC_FRAME_QUOTA for a domain. */
int kipc_frame_create(int owner, struct cap_loc *root);
/* Map the frame named by obj into d at va (checked: window, alignment,
 * free page, room); writable as asked. */
int kipc_frame_map(struct domain *d, uint64_t obj, uint64_t va, bool writable);
/* Undo a create whose handle could not be given out (root names the
 * endpoint or frame). */
void kipc_abandon(struct cap_loc root);
/* Destroy the kernel-owned endpoints and frames (end of a scenario). */
void kipc_kernel_reset(void);
/* The most domains that had one frame object mapped at once (checks). */
uint32_t kipc_frame_max_maps(uint64_t obj);

/* Register messages (docs/kernel.md "Register messages"): a domain inside
 * SYS_CALL_REG / SYS_REPLY_RECV_REG (d->ipc_reg) takes only messages of at
 * most PHX_REG_WORDS words and no caps. These read-only tests (no effect,
 * no record) let the system calls refuse with PHX_E_MSGSIZE before anything
 * is sent or taken, or keep such a message off the fast path.
 *   kipc_head_fits: false if h (a READ endpoint cap of d, in force, whose
 *     endpoint may flow to d) has a message queued that does not fit.
 *   kipc_reg_receiver_first: h (a WRITE cap of d) names an endpoint whose
 *     oldest parked receiver takes registers.
 *   kipc_reply_fits: false if m does not fit and the caller d owes it to
 *     still waits, in a register call. */
bool kipc_head_fits(const struct domain *d, cap_handle h);
bool kipc_reg_receiver_first(const struct domain *d, cap_handle h);
bool kipc_reply_fits(const struct domain *d, const struct ipc_msg *m);
