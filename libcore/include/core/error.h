/*
 * Error codes shared by every libcore module. A function that can fail
 * returns 0 (CORE_OK) or one of these negative values, and a failed call has
 * no side effects (decode, then perform). Each module owns a block of 100
 * codes so that every failure has its own distinct value; core_strerror()
 * names them for tools and logs.
 */
#pragma once

enum core_err {
    CORE_OK = 0,

    /* General (-1 .. -99) */
    CORE_E_INVAL = -1,      /* an argument is out of its documented range */
    CORE_E_FULL = -2,       /* a caller-provided table or arena is full */
    CORE_E_EMPTY = -3,      /* nothing to take (empty queue, no task) */
    CORE_E_NOTFOUND = -4,   /* the named item does not exist */
    CORE_E_EXISTS = -5,     /* the item is already present */
    CORE_E_OVERFLOW = -6,   /* an arithmetic result would not fit */
    CORE_E_STATE = -7,      /* the operation is not valid in the current state */

    /* Module blocks: each module defines its own codes from its base down. */
    CORE_E_CAP_BASE = -100,
    CORE_E_SCHED_BASE = -200,
    CORE_E_GAS_BASE = -300,
    CORE_E_IPC_BASE = -400,
    CORE_E_DAG_BASE = -500,
    CORE_E_MLKEM_BASE = -600,
    CORE_E_AEAD_BASE = -700,
};

/* A short constant name for an error code ("CORE_E_FULL"); modules register
 * nothing at run time, so unknown codes map to "CORE_E_UNKNOWN". */
const char *core_strerror(int err);
