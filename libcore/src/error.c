/*
 * core_strerror: names for error codes, for logs and command-line tools.
 * Module codes are listed by their modules' headers; this table is the one
 * place that maps a number to its name.
 */
#include "core/error.h"
#include "core/aead.h"
#include "core/mlkem.h"

#include "core/cap.h"
#include "core/gas.h"   /* gas block */
#include "core/sched.h" /* sched block */
#include "core/dag.h"
#include "core/channel.h" /* ipc block (channels) */
#include "core/ipc.h"     /* ipc block */

struct err_name {
    int code;
    const char *name;
};

static const struct err_name names[] = {
    {CORE_OK, "CORE_OK"},
    {CORE_E_INVAL, "CORE_E_INVAL"},
    {CORE_E_FULL, "CORE_E_FULL"},
    {CORE_E_EMPTY, "CORE_E_EMPTY"},
    {CORE_E_NOTFOUND, "CORE_E_NOTFOUND"},
    {CORE_E_EXISTS, "CORE_E_EXISTS"},
    {CORE_E_OVERFLOW, "CORE_E_OVERFLOW"},
    {CORE_E_STATE, "CORE_E_STATE"},
    /* cap (core/cap.h) */
    {CAP_E_FULL, "CAP_E_FULL"},
    {CAP_E_BADHANDLE, "CAP_E_BADHANDLE"},
    {CAP_E_STALE, "CAP_E_STALE"},
    {CAP_E_TYPE, "CAP_E_TYPE"},
    {CAP_E_RIGHTS, "CAP_E_RIGHTS"},
    {CAP_E_EXPIRED, "CAP_E_EXPIRED"},
    {CAP_E_DEPTH, "CAP_E_DEPTH"},
    {CAP_E_ESCALATE, "CAP_E_ESCALATE"},
    {CAP_E_BADGE, "CAP_E_BADGE"},
    {CAP_E_BADSPACE, "CAP_E_BADSPACE"},
    {CAP_E_INVAL, "CAP_E_INVAL"},
    {CAP_E_SPACES, "CAP_E_SPACES"},
    {CAP_E_LIFETIME, "CAP_E_LIFETIME"},
    /* sched (core/sched.h) */
    {SCHED_E_WEIGHT, "SCHED_E_WEIGHT"},
    {SCHED_E_PRIO, "SCHED_E_PRIO"},
    {SCHED_E_ATTACHED, "SCHED_E_ATTACHED"},
    {SCHED_E_NOTHERE, "SCHED_E_NOTHERE"},
    {SCHED_E_CURRENT, "SCHED_E_CURRENT"},
    {SCHED_E_NOTCURRENT, "SCHED_E_NOTCURRENT"},
    {SCHED_E_STATE, "SCHED_E_STATE"},
    {SCHED_E_POLICY, "SCHED_E_POLICY"},
    {SCHED_E_CAPACITY, "SCHED_E_CAPACITY"},
    {SCHED_E_FULL, "SCHED_E_FULL"},
    {SCHED_E_BUSY, "SCHED_E_BUSY"},
    /* gas (core/gas.h) */
    {GAS_E_NOACCT, "GAS_E_NOACCT"},
    {GAS_E_FULL, "GAS_E_FULL"},
    {GAS_E_PARAM, "GAS_E_PARAM"},
    {GAS_E_FUNDS, "GAS_E_FUNDS"},
    {GAS_E_CAP, "GAS_E_CAP"},
    {GAS_E_KILLED, "GAS_E_KILLED"},
    {GAS_E_EXHAUSTED, "GAS_E_EXHAUSTED"},
    {GAS_E_OP, "GAS_E_OP"},
    {GAS_E_SELF, "GAS_E_SELF"},
    /* dag (core/dag.h) */
    {DAG_E_CYCLE, "DAG_E_CYCLE"},
    {DAG_E_NODE, "DAG_E_NODE"},
    {DAG_E_SELF, "DAG_E_SELF"},
    {DAG_E_DUP, "DAG_E_DUP"},
    {DAG_E_COST, "DAG_E_COST"},
    {DAG_E_PROCS, "DAG_E_PROCS"},
    {DAG_E_WORK, "DAG_E_WORK"},
    {DAG_E_NOTREADY, "DAG_E_NOTREADY"},
    {DAG_E_POLICY, "DAG_E_POLICY"},
    /* ipc (core/ipc.h, core/channel.h) */
    {IPC_E_TASK, "IPC_E_TASK"},
    {IPC_E_LEN, "IPC_E_LEN"},
    {IPC_E_NCAPS, "IPC_E_NCAPS"},
    {IPC_E_XFER, "IPC_E_XFER"},
    {IPC_E_DUPCAP, "IPC_E_DUPCAP"},
    {IPC_E_DEAD, "IPC_E_DEAD"},
    {IPC_E_FLOW, "IPC_E_FLOW"},
    {IPC_E_RECVFLOW, "IPC_E_RECVFLOW"},
    {IPC_E_WAITERS, "IPC_E_WAITERS"},
    {IPC_E_TRANSIT, "IPC_E_TRANSIT"},
    {IPC_E_DSTFULL, "IPC_E_DSTFULL"},
    {IPC_E_NOREPLY, "IPC_E_NOREPLY"},
    {IPC_E_NOCALLER, "IPC_E_NOCALLER"},
    {IPC_E_REPLYPENDING, "IPC_E_REPLYPENDING"},
    {IPC_E_STATE, "IPC_E_STATE"},
    {IPC_E_NOGAS, "IPC_E_NOGAS"},
    {IPC_E_PARAM, "IPC_E_PARAM"},
    {IPC_E_FULL, "IPC_E_FULL"},
    {IPC_E_BUSY, "IPC_E_BUSY"},
    {IPC_E_LABEL, "IPC_E_LABEL"},
    {CHAN_E_HEADER, "CHAN_E_HEADER"},
    {CHAN_E_LEN, "CHAN_E_LEN"},
    {CHAN_E_REPLAY, "CHAN_E_REPLAY"},
    {CHAN_E_REORDER, "CHAN_E_REORDER"},
    {CHAN_E_AUTH, "CHAN_E_AUTH"},
    {CHAN_E_STATE, "CHAN_E_STATE"},
    {CHAN_E_EXHAUSTED, "CHAN_E_EXHAUSTED"},
    {CHAN_E_KEM, "CHAN_E_KEM"},
    {CHAN_E_PARAM, "CHAN_E_PARAM"},
    /* mlkem (core/mlkem.h) */
    {MLKEM_E_EK_MODULUS, "MLKEM_E_EK_MODULUS"},
    {MLKEM_E_DK_HASH, "MLKEM_E_DK_HASH"},
    {MLKEM_E_NULL, "MLKEM_E_NULL"},
    /* aead (core/aead.h) */
    {AEAD_E_AUTH, "AEAD_E_AUTH"},
    {AEAD_E_TOOLONG, "AEAD_E_TOOLONG"},
    {AEAD_E_NULL, "AEAD_E_NULL"},
};

const char *core_strerror(int err)
{
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].code == err)
            return names[i].name;
    }
    return "CORE_E_UNKNOWN";
}
