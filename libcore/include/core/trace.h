/*
 * Trace records: what libcore tells the world about its decisions. Every
 * module fills a core_trace_rec and hands it to plat_trace(); the host stores
 * it. core_trace_format() renders a record as the one text line defined in
 * docs/trace-format.md, so the simulator's trace file and the kernel's serial
 * trace are byte-compatible and every viz/ tool reads both.
 *
 * A record is a time, a kind, the CPU it happened on and up to four integer
 * arguments whose meaning (and printed names) depend on the kind.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

enum core_trace_kind {
    TR_NONE = 0,
    /* Scheduling (a: task id, b/c/d per kind) */
    TR_SCHED_SWITCH,  /* cpu now runs task a (b = previous task, c = policy id) */
    TR_SCHED_IDLE,    /* cpu goes idle (a = previous task) */
    TR_TASK_NEW,      /* task a created (b = weight or priority, c = group) */
    TR_TASK_READY,    /* task a became runnable */
    TR_TASK_BLOCK,    /* task a blocked (b = reason) */
    TR_TASK_EXIT,     /* task a finished (b = exit status) */
    TR_SCHED_POLICY,  /* policy switched: a = old policy id, b = new policy id, c = tasks moved */
    /* Gas (a: account id) */
    TR_GAS_CHARGE,    /* account a charged b units (c = balance after, d = cost kind) */
    TR_GAS_EXHAUST,   /* account a ran dry (b = policy: throttle/kill/notify) */
    TR_GAS_REFILL,    /* account a refilled by b (c = balance after) */
    TR_GAS_DONATE,    /* account a gave b units to account c */
    /* Capabilities (a: domain / cspace id, b: slot) */
    TR_CAP_CREATE,    /* cap created in (a, b), c = object type, d = rights */
    TR_CAP_DERIVE,    /* cap (a, b) derived into (c, d) */
    TR_CAP_DELEGATE,  /* cap (a, b) moved or copied to (c, d) */
    TR_CAP_REVOKE,    /* cap (a, b) revoked, c = descendants removed */
    TR_CAP_DELETE,    /* cap (a, b) deleted */
    TR_CAP_REFUSE,    /* operation c on (a, b) refused with error d */
    /* IPC (a: endpoint id) */
    TR_IPC_SEND,      /* message on endpoint a, b = sender, c = length, d = seq */
    TR_IPC_RECV,      /* message on endpoint a, b = receiver, c = length, d = seq */
    TR_IPC_REFUSE,    /* send on a by b refused with error c */
    /* DAG (a: job id, b: node id) */
    TR_DAG_START,     /* node b of job a starts (c = processor) */
    TR_DAG_FINISH,    /* node b of job a finishes (c = processor) */
    TR_DAG_FAIL,      /* node b of job a failed, c = dependents cancelled */
    TR_KIND_COUNT
};

struct core_trace_rec {
    uint64_t time_ns;
    uint16_t kind;   /* enum core_trace_kind */
    uint16_t cpu;
    uint32_t reserved; /* zero; keeps the layout the same on every host */
    uint64_t a, b, c, d;
};

/* Fill and emit a record stamped with plat_now_ns(). */
void core_trace(enum core_trace_kind kind, uint16_t cpu, uint64_t a, uint64_t b, uint64_t c,
                uint64_t d);

/* The kind's name as printed ("sched.switch"), or NULL for an unknown kind. */
const char *core_trace_kind_name(unsigned kind);

/* Render rec as one line (no newline) into buf of size n, NUL-terminated.
 * Returns the length written, or -1 if the kind is unknown or n is too small
 * (buf is then an empty string). */
int core_trace_format(char *buf, size_t n, const struct core_trace_rec *rec);
