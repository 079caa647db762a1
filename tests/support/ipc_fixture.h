/*
 * A small IPC world shared by the test_ipc*.c binaries: a capability system
 * (spaces A, B, C for three tasks plus the transit space), a gas pool, an
 * IPC system with one endpoint, and the caps each task holds on it. Also a
 * snapshot of every byte an IPC operation could touch, for the
 * "refused means no side effect" checks.
 */
#pragma once

#include <stdint.h>

#include "core/cap.h"
#include "core/gas.h"
#include "core/ipc.h"

#define FX_SLOTS 32u    /* slots per task space */
#define FX_TRANSIT 16u  /* slots of the transit space */
#define FX_TASKS 24u
#define FX_EPS 4u
#define FX_RING 4u      /* message slots of the endpoint */
#define FX_COST 10u     /* gas per IPC message */
#define FX_SP_A 0u
#define FX_SP_B 1u
#define FX_SP_C 2u
#define FX_SP_T 3u

struct fx {
    struct cap_system caps;
    struct cap_space spaces[4];
    struct cap_slot slots[3][FX_SLOTS];
    struct cap_slot transit[FX_TRANSIT];
    struct gas_pool pool;
    struct gas_account accts[4];
    struct ipc_sys ipc;
    struct ipc_task tasks[FX_TASKS];
    struct ipc_ep eps[FX_EPS];
    struct ipc_slot ring[FX_RING];
    struct ipc_slot ring2[FX_RING];
    uint64_t ep;            /* endpoint reference */
    uint32_t a, b, c;       /* task ids (A: gas account ga, B: gb, C: unmetered) */
    uint32_t ga, gb;        /* gas accounts */
    cap_handle a_send;      /* A: WRITE, badge 0x42 */
    cap_handle b_recv;      /* B: READ */
    cap_handle c_send;      /* C: WRITE, unbadged */
};

extern struct fx fx;

/* Build the world: every label bottom, the endpoint's too; A's and B's
 * accounts hold `gas_a` / 1000 gas under the given policy for A. */
void fx_setup(uint64_t gas_a, enum gas_policy pol_a);

/* A root cap in a task space. */
cap_handle fx_cap(uint32_t space, uint8_t type, uint32_t rights, uint64_t obj, uint64_t badge);

/* A message of length n (words i * 11 + 1, as many as fit) and no caps. */
struct ipc_msg fx_msg(uint32_t n);

/* Snapshot of the whole world, and the check that nothing changed. */
struct fx_snap {
    struct fx w;
    uint64_t now;
};
void fx_take(struct fx_snap *s);
void fx_same(const struct fx_snap *s);

/* The last trace record is TR_IPC_REFUSE with this error. */
void fx_refused(int err);
