/*
 * Trace records (core/trace.h): emission through the platform sink and the
 * single text rendering shared by every host. The table below is the format's
 * source of truth; docs/trace-format.md describes the same fields.
 */
#include "core/trace.h"

#include "core/platform.h"

struct kind_desc {
    const char *name;
    const char *arg[4]; /* printed name of a, b, c, d; NULL = not printed */
};

static const struct kind_desc kinds[TR_KIND_COUNT] = {
    [TR_SCHED_SWITCH] = {"sched.switch", {"task", "prev", "policy", 0}},
    [TR_SCHED_IDLE] = {"sched.idle", {"prev", 0, 0, 0}},
    [TR_TASK_NEW] = {"task.new", {"task", "weight", "group", 0}},
    [TR_TASK_READY] = {"task.ready", {"task", 0, 0, 0}},
    [TR_TASK_BLOCK] = {"task.block", {"task", "reason", 0, 0}},
    [TR_TASK_EXIT] = {"task.exit", {"task", "status", 0, 0}},
    [TR_SCHED_POLICY] = {"sched.policy", {"old", "new", "moved", 0}},
    [TR_GAS_CHARGE] = {"gas.charge", {"acct", "amount", "balance", "cost"}},
    [TR_GAS_EXHAUST] = {"gas.exhaust", {"acct", "policy", 0, 0}},
    [TR_GAS_REFILL] = {"gas.refill", {"acct", "amount", "balance", 0}},
    [TR_GAS_DONATE] = {"gas.donate", {"from", "amount", "to", 0}},
    [TR_CAP_CREATE] = {"cap.create", {"space", "slot", "type", "rights"}},
    [TR_CAP_DERIVE] = {"cap.derive", {"space", "slot", "to_space", "to_slot"}},
    [TR_CAP_DELEGATE] = {"cap.delegate", {"space", "slot", "to_space", "to_slot"}},
    [TR_CAP_REVOKE] = {"cap.revoke", {"space", "slot", "removed", 0}},
    [TR_CAP_DELETE] = {"cap.delete", {"space", "slot", 0, 0}},
    [TR_CAP_REFUSE] = {"cap.refuse", {"space", "slot", "op", "err"}},
    [TR_IPC_SEND] = {"ipc.send", {"ep", "sender", "len", "seq"}},
    [TR_IPC_RECV] = {"ipc.recv", {"ep", "receiver", "len", "seq"}},
    [TR_IPC_REFUSE] = {"ipc.refuse", {"ep", "sender", "err", 0}},
    [TR_DAG_START] = {"dag.start", {"job", "node", "proc", 0}},
    [TR_DAG_FINISH] = {"dag.finish", {"job", "node", "proc", 0}},
    [TR_DAG_FAIL] = {"dag.fail", {"job", "node", "cancelled", 0}},
};

void core_trace(enum core_trace_kind kind, uint16_t cpu, uint64_t a, uint64_t b, uint64_t c,
                uint64_t d)
{
    struct core_trace_rec r = {
        .time_ns = plat_now_ns(),
        .kind = (uint16_t)kind,
        .cpu = cpu,
        .reserved = 0,
        .a = a,
        .b = b,
        .c = c,
        .d = d,
    };
    plat_trace(&r);
}

const char *core_trace_kind_name(unsigned kind)
{
    if (kind == TR_NONE || kind >= TR_KIND_COUNT)
        return 0;
    return kinds[kind].name;
}

/* A tiny bounded writer: appends until the buffer is full, then remembers
 * that it overflowed so the caller can report failure once at the end. */
struct out {
    char *buf;
    size_t n, len;
    int overflow;
};

static void put_str(struct out *o, const char *s)
{
    for (; *s; s++) {
        if (o->len + 1 >= o->n) {
            o->overflow = 1;
            return;
        }
        o->buf[o->len++] = *s;
    }
}

static void put_u64(struct out *o, uint64_t v)
{
    char tmp[21];
    int i = 20;
    tmp[i] = 0;
    do {
        tmp[--i] = (char)('0' + (v % 10));
        v /= 10;
    } while (v);
    put_str(o, &tmp[i]);
}

int core_trace_format(char *buf, size_t n, const struct core_trace_rec *rec)
{
    if (n == 0)
        return -1;
    buf[0] = 0;
    const char *name = core_trace_kind_name(rec->kind);
    if (!name)
        return -1;
    struct out o = {buf, n, 0, 0};
    const uint64_t args[4] = {rec->a, rec->b, rec->c, rec->d};
    put_u64(&o, rec->time_ns);
    put_str(&o, " ");
    put_str(&o, name);
    put_str(&o, " cpu=");
    put_u64(&o, rec->cpu);
    for (int i = 0; i < 4; i++) {
        if (!kinds[rec->kind].arg[i])
            continue;
        put_str(&o, " ");
        put_str(&o, kinds[rec->kind].arg[i]);
        put_str(&o, "=");
        put_u64(&o, args[i]);
    }
    if (o.overflow) {
        buf[0] = 0;
        return -1;
    }
    buf[o.len] = 0;
    return (int)o.len;
}
