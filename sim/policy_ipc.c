/*
 * IPC adapter (see policy_ipc.h): builds the capability spaces, endpoints,
 * labels and gas accounts of an experiment's IPC workloads and runs each
 * host-loop step as one libcore IPC call.
 */
#include "policy_ipc.h"

#include <stdlib.h>
#include <string.h>

#include "core/cap.h"
#include "core/gas.h"
#include "core/ipc.h"
#include "core/label.h"
#include "core/platform.h"

struct pi_task {
    unsigned wl;
    int hop;         /* -1: client */
    uint32_t index;  /* client number or hop */
    cap_handle next; /* WRITE on the next endpoint, 0 for the last hop */
    cap_handle recv; /* READ on its own endpoint (servers) */
};

struct pi {
    struct cap_system caps;
    struct cap_space *spaces;
    struct cap_slot *slots;
    struct gas_pool pool;
    struct gas_account *acct;
    struct ipc_sys sys;
    struct ipc_task *itasks;
    struct ipc_ep *eps;
    struct ipc_slot *rings;
    struct pi_task *t;
    uint32_t *wl_acct;
    uint64_t *msgs;
    uint32_t ntasks, nwl;
    size_t bytes;
};

static void *zalloc(struct pi *p, size_t n)
{
    p->bytes += n;
    return calloc(1, n ? n : 1);
}

static void must(int rc, const char *what)
{
    if (rc)
        plat_panic(what);
}

static cap_handle mint(struct pi *p, uint32_t space, uint32_t rights, uint64_t ep, uint64_t badge)
{
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .obj = ep, .rights = rights, .badge = badge};
    cap_handle h = 0;
    must(cap_create_root(&p->caps, space, &d, &h), "pi_create: cap_create_root refused");
    return h;
}

struct pi *pi_create(const struct exp *e)
{
    struct pi *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    uint32_t nt = 0, nsp = 1, nslots = 4, neps = 0, nring = 0;
    for (unsigned w = 0; w < e->nipc; w++) {
        const struct ipc_spec *s = &e->ipc[w];
        nt += s->clients + s->nhops;
        nsp += 1 + s->nhops;
        nslots += s->clients + 2 * s->nhops;
        neps += s->nhops;
        nring += s->nhops * s->slots;
    }
    p->ntasks = nt;
    p->nwl = e->nipc;
    p->spaces = zalloc(p, nsp * sizeof *p->spaces);
    p->slots = zalloc(p, nslots * sizeof *p->slots);
    p->acct = zalloc(p, (e->nipc ? e->nipc : 1) * sizeof *p->acct);
    p->itasks = zalloc(p, (nt ? nt : 1) * sizeof *p->itasks);
    p->eps = zalloc(p, (neps ? neps : 1) * sizeof *p->eps);
    p->rings = zalloc(p, (nring ? nring : 1) * sizeof *p->rings);
    p->t = zalloc(p, (nt ? nt : 1) * sizeof *p->t);
    p->wl_acct = zalloc(p, (e->nipc ? e->nipc : 1) * sizeof *p->wl_acct);
    p->msgs = zalloc(p, (e->nipc ? e->nipc : 1) * sizeof *p->msgs);
    if (!p->spaces || !p->slots || !p->acct || !p->itasks || !p->eps || !p->rings || !p->t ||
        !p->wl_acct || !p->msgs || nsp > CAP_SPACES_MAX) {
        pi_destroy(p);
        return NULL;
    }
    cap_system_init(&p->caps, p->spaces, nsp);
    struct cap_slot *slot = p->slots;
    uint32_t transit, sp;
    must(cap_space_add(&p->caps, slot, 4, 0, &transit), "pi_create: transit space");
    slot += 4;
    /* One gas unit per message: a workload's budget counts messages. */
    struct gas_costs costs = {.time_unit_ns = 1, .time_cost = 0};
    costs.op[GAS_OP_IPC] = 1;
    must(gas_pool_init(&p->pool, p->acct, e->nipc ? e->nipc : 1, &costs), "pi_create: gas pool");
    must(ipc_sys_init(&p->sys, &p->caps, &p->pool, p->itasks, nt ? nt : 1, p->eps, neps ? neps : 1,
                      transit),
         "pi_create: ipc_sys_init refused");
    uint32_t id = 0, ep_i = 0;
    struct ipc_slot *ring = p->rings;
    for (unsigned w = 0; w < e->nipc; w++) {
        const struct ipc_spec *s = &e->ipc[w];
        /* The workload's account: unlimited unless it has a budget. */
        uint64_t cap = s->gas_budget ? s->gas_budget : (uint64_t)1 << 62;
        must(gas_open(&p->pool, cap, s->gas_refill, s->gas_period, cap, GAS_POL_THROTTLE, 0,
                      &p->wl_acct[w]),
             "pi_create: gas_open refused");
        struct label lab = label_make(s->level, 0);
        uint64_t ep[EXP_MAX_HOPS];
        for (unsigned h = 0; h < s->nhops; h++, ep_i++) {
            must(ipc_ep_create(&p->sys, lab, ring, s->slots, &ep[h]), "pi_create: endpoint");
            ring += s->slots;
        }
        uint32_t csp;
        must(cap_space_add(&p->caps, slot, s->clients, w, &csp), "pi_create: client space");
        slot += s->clients;
        for (uint32_t c = 0; c < s->clients; c++, id++) {
            uint32_t got;
            must(ipc_task_add(&p->sys, csp, p->wl_acct[w], lab, &got) || got != id,
                 "pi_create: ipc_task_add (client)");
            p->t[id] = (struct pi_task){w, -1, c, mint(p, csp, CAP_R_WRITE, ep[0], c + 1), 0};
        }
        for (unsigned h = 0; h < s->nhops; h++, id++) {
            uint32_t got;
            must(cap_space_add(&p->caps, slot, 2, w, &sp), "pi_create: server space");
            slot += 2;
            must(ipc_task_add(&p->sys, sp, p->wl_acct[w], lab, &got) || got != id,
                 "pi_create: ipc_task_add (server)");
            p->t[id] = (struct pi_task){
                w, (int)h, h, h + 1 < s->nhops ? mint(p, sp, CAP_R_WRITE, ep[h + 1], h + 1) : 0,
                mint(p, sp, CAP_R_READ, ep[h], 0)};
        }
    }
    return p;
}

void pi_destroy(struct pi *p)
{
    if (!p)
        return;
    free(p->spaces);
    free(p->slots);
    free(p->acct);
    free(p->itasks);
    free(p->eps);
    free(p->rings);
    free(p->t);
    free(p->wl_acct);
    free(p->msgs);
    free(p);
}

uint32_t pi_ntasks(const struct pi *p)
{
    return p->ntasks;
}

void pi_role(const struct pi *p, uint32_t t, unsigned *wl, int *hop, uint32_t *index)
{
    *wl = p->t[t].wl;
    *hop = p->t[t].hop;
    *index = p->t[t].index;
}

/* Map libcore's outcome to the host's three cases. */
static int outcome(struct pi *p, int rc, const struct ipc_res *res, struct pi_out *o,
                   const char *what)
{
    (void)p;
    o->wake = res->wake == IPC_NOBODY ? UINT32_MAX : res->wake;
    if (rc < 0)
        plat_panic(what);
    if (rc == IPC_WOULD_BLOCK) {
        if (res->block == IPC_BLOCK_GAS) {
            o->retry_ns = res->retry_ns;
            return PI_GAS;
        }
        return PI_BLOCK;
    }
    return PI_OK;
}

static struct ipc_msg two_words(uint64_t w0, uint64_t w1)
{
    struct ipc_msg m;
    memset(&m, 0, sizeof m);
    m.hdr.len = 2;
    m.words[0] = w0;
    m.words[1] = w1;
    return m;
}

/* A call or a send of two words to t's next hop, counted for its workload
 * once it went. */
static int to_next(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
                   struct pi_out *o, int call)
{
    struct ipc_msg m = two_words(w0, w1);
    struct ipc_res res;
    p->sys.cpu = (uint16_t)cpu;
    int rc = call ? outcome(p, ipc_call(&p->sys, t, p->t[t].next, &m, now, &res), &res, o,
                            "pi_call_next: ipc_call refused")
                  : outcome(p, ipc_send(&p->sys, t, p->t[t].next, &m, now, &res), &res, o,
                            "pi_send_next: ipc_send refused");
    if (rc == PI_OK)
        p->msgs[p->t[t].wl]++;
    return rc;
}

int pi_call_next(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
                 struct pi_out *o)
{
    return to_next(p, t, cpu, now, w0, w1, o, 1);
}

int pi_send_next(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
                 struct pi_out *o)
{
    return to_next(p, t, cpu, now, w0, w1, o, 0);
}

int pi_recv(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, struct pi_out *o)
{
    struct ipc_msg m;
    struct ipc_res res;
    p->sys.cpu = (uint16_t)cpu;
    int rc = outcome(p, ipc_recv(&p->sys, t, p->t[t].recv, &m, now, &res), &res, o,
                     "pi_recv: ipc_recv refused");
    if (rc == PI_OK) {
        o->w0 = m.words[0];
        o->w1 = m.words[1];
    }
    return rc;
}

int pi_reply(struct pi *p, uint32_t t, unsigned cpu, uint64_t now, uint64_t w0, uint64_t w1,
             struct pi_out *o)
{
    struct ipc_msg m = two_words(w0, w1);
    struct ipc_res res;
    p->sys.cpu = (uint16_t)cpu;
    int rc =
        outcome(p, ipc_reply(&p->sys, t, &m, now, &res), &res, o, "pi_reply: ipc_reply refused");
    if (rc == PI_OK)
        p->msgs[p->t[t].wl]++;
    return rc;
}

int pi_reply_wait(struct pi *p, uint32_t t, unsigned cpu, struct pi_out *o)
{
    struct ipc_msg m;
    struct ipc_res res;
    p->sys.cpu = (uint16_t)cpu;
    int rc = outcome(p, ipc_reply_wait(&p->sys, t, &m, &res), &res, o,
                     "pi_reply_wait: ipc_reply_wait refused");
    if (rc == PI_OK) {
        o->w0 = m.words[0];
        o->w1 = m.words[1];
    }
    return rc;
}

void pi_gas_tick(struct pi *p, uint64_t now)
{
    uint32_t woken[EXP_MAX_IPC];
    gas_tick(&p->pool, now, woken, EXP_MAX_IPC);
}

uint64_t pi_messages(const struct pi *p, unsigned wl)
{
    return p->msgs[wl];
}

uint64_t pi_gas_spent(const struct pi *p, unsigned wl)
{
    const struct gas_account *a = gas_get(&p->pool, p->wl_acct[wl]);
    return a ? a->spent : 0;
}

size_t pi_bytes(const struct pi *p)
{
    return p->bytes;
}
