/*
 * phoenix-bench ipc: what lattice IPC costs through libcore on the host.
 *   roundtrip  ipc_call + ipc_recv + ipc_reply + ipc_reply_wait between two
 *              tasks in two capability spaces, 2 words each way, gas charged
 *              (trace records off, and on through the simulator's sink with
 *              no file)
 *   oneway     ipc_send + ipc_recv, 2 words; and with one derived frame cap
 *   handshake  the ML-KEM-768 channel handshake: initiate, respond, finish
 *   channel    chan_seal / chan_open of 64 B, 1 KiB and 64 KiB messages
 *              (MB/s = 10^6 bytes per second, cycles per byte)
 * Medians of --reps repetitions (bench/harness); libcore is the -O2
 * core_bench copy. Cycles are rdtscp ticks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cap.h"
#include "core/channel.h"
#include "core/gas.h"
#include "core/ipc.h"
#include "core/label.h"
#include "harness.h"

int bench_ipc(int argc, char **argv);

struct world {
    struct cap_system caps;
    struct cap_space spaces[3];
    struct cap_slot slots[3][64];
    struct gas_pool pool;
    struct gas_account accts[2];
    struct ipc_sys ipc;
    struct ipc_task tasks[2];
    struct ipc_ep eps[1];
    struct ipc_slot ring[4];
    uint32_t cl, sv;
    cap_handle cl_ep, sv_ep, frame;
};

static struct world w;

static void die(const char *what, int err)
{
    fprintf(stderr, "phoenix-bench ipc: %s failed: %s\n", what, core_strerror(err));
    exit(1);
}

static void setup_world(void)
{
    uint32_t idx, ga, gb;
    int e;
    cap_system_init(&w.caps, w.spaces, 3);
    for (uint32_t i = 0; i < 3; i++)
        if ((e = cap_space_add(&w.caps, w.slots[i], 64, i, &idx)))
            die("cap_space_add", e);
    struct gas_costs costs = {.time_unit_ns = 1};
    costs.op[GAS_OP_IPC] = 1;
    if ((e = gas_pool_init(&w.pool, w.accts, 2, &costs)))
        die("gas_pool_init", e);
    w.pool.trace = 0;
    if ((e = gas_open(&w.pool, 1ull << 60, 0, 0, 1ull << 60, GAS_POL_THROTTLE, 0, &ga)) ||
        (e = gas_open(&w.pool, 1ull << 60, 0, 0, 1ull << 60, GAS_POL_THROTTLE, 0, &gb)))
        die("gas_open", e);
    if ((e = ipc_sys_init(&w.ipc, &w.caps, &w.pool, w.tasks, 2, w.eps, 1, 2)))
        die("ipc_sys_init", e);
    w.ipc.trace = 0;
    if ((e = ipc_task_add(&w.ipc, 0, ga, label_bottom(), &w.cl)) ||
        (e = ipc_task_add(&w.ipc, 1, gb, label_make(1, 1), &w.sv)))
        die("ipc_task_add", e);
    uint64_t ref;
    if ((e = ipc_ep_create(&w.ipc, label_make(1, 1), w.ring, 4, &ref)))
        die("ipc_ep_create", e);
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .obj = ref, .rights = CAP_R_WRITE, .badge = 5};
    if ((e = cap_create_root(&w.caps, 0, &d, &w.cl_ep)))
        die("cap_create_root", e);
    d.rights = CAP_R_READ | CAP_R_DECLASSIFY; /* the server may answer down */
    d.badge = 0;
    if ((e = cap_create_root(&w.caps, 1, &d, &w.sv_ep)))
        die("cap_create_root", e);
    struct cap_desc f = {.type = CAP_T_FRAME, .obj = 0x1000, .rights = CAP_R_READ | CAP_R_DERIVE};
    if ((e = cap_create_root(&w.caps, 0, &f, &w.frame)))
        die("cap_create_root", e);
}

static uint64_t run_roundtrip(void *p, uint64_t ops)
{
    (void)p;
    struct ipc_msg m, in, rep, back;
    struct ipc_res r;
    uint64_t acc = 0;
    m.hdr.len = 2;
    m.hdr.ncaps = 0;
    rep.hdr.len = 2;
    rep.hdr.ncaps = 0;
    for (uint64_t i = 0; i < ops; i++) {
        m.words[0] = i;
        m.words[1] = ~i;
        int e = ipc_call(&w.ipc, w.cl, w.cl_ep, &m, 0, &r);
        e |= ipc_recv(&w.ipc, w.sv, w.sv_ep, &in, 0, &r);
        rep.words[0] = in.words[0] + 1;
        rep.words[1] = in.words[1];
        e |= ipc_reply(&w.ipc, w.sv, &rep, 0, &r);
        e |= ipc_reply_wait(&w.ipc, w.cl, &back, &r);
        if (e)
            die("round trip", e);
        acc += back.words[0];
    }
    return acc;
}

static uint64_t run_oneway(void *p, uint64_t ops)
{
    int with_cap = *(int *)p;
    struct ipc_msg m, in;
    struct ipc_res r;
    uint64_t acc = 0;
    m.hdr.len = 2;
    m.hdr.ncaps = with_cap ? 1 : 0;
    m.caps[0] = (struct ipc_xfer){w.frame, CAP_R_READ, IPC_XFER_DERIVE};
    m.words[1] = 0;
    for (uint64_t i = 0; i < ops; i++) {
        m.words[0] = i;
        int e = ipc_send(&w.ipc, w.cl, w.cl_ep, &m, 0, &r);
        e |= ipc_recv(&w.ipc, w.sv, w.sv_ep, &in, 0, &r);
        if (e)
            die("send/recv", e);
        if (with_cap) {
            /* The received child goes again, so spaces do not fill up. */
            struct cap_loc l = {1, in.caps[0].h};
            if ((e = cap_delete(&w.caps, l)))
                die("cap_delete", e);
        }
        acc += in.words[0];
    }
    return acc;
}

struct hs_ctx {
    struct chan_hs hs;
    struct chan a, b;
    uint8_t ek[CHAN_EK_BYTES], ct[CHAN_CT_BYTES];
    uint8_t d[32], z[32], m[32];
};

static uint64_t run_handshake(void *p, uint64_t ops)
{
    struct hs_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++) {
        x->d[0] = (uint8_t)i;
        int e = chan_initiate_derand(&x->hs, x->ek, NULL, 0, x->d, x->z);
        e |= chan_respond_derand(&x->b, x->ct, x->ek, NULL, 0, x->m);
        e |= chan_finish(&x->a, &x->hs, x->ct);
        if (e)
            die("handshake", e);
        acc += x->a.id[0];
    }
    return acc;
}

struct msg_ctx {
    struct chan *tx, *rx;
    size_t len;
    uint8_t *pt, *sealed;
};

static uint64_t run_seal(void *p, uint64_t ops)
{
    struct msg_ctx *x = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < ops; i++) {
        if (chan_seal(x->tx, x->sealed, x->pt, x->len))
            die("chan_seal", -1);
        acc += x->sealed[CHAN_HDR_BYTES];
    }
    return acc;
}

static uint64_t run_open(void *p, uint64_t ops)
{
    struct msg_ctx *x = p;
    uint64_t acc = 0;
    size_t n;
    /* One sealed message opened again and again: rewind the receiver's
     * sequence (the one field an open advances) before each open. */
    uint64_t seq = x->tx->seq_send - 1;
    for (uint64_t i = 0; i < ops; i++) {
        x->rx->seq_recv = seq;
        int e = chan_open(x->rx, x->pt, &n, x->sealed, x->len + CHAN_OVERHEAD);
        if (e)
            die("chan_open", e);
        acc += x->pt[0];
    }
    return acc;
}

static void report_bytes(const char *key, const struct bh_result *r, size_t len)
{
    bh_json_begin_obj(key);
    bh_json_int("bytes", (int64_t)len);
    bh_json_num("median_cycles", r->cycles);
    bh_json_num("min_cycles", r->min_cycles);
    bh_json_num("cycles_per_byte", r->cycles / (double)len);
    bh_json_num("mb_per_s", (double)len / r->ns * 1000.0);
    bh_json_end_obj();
}

static void report_op(const char *key, const struct bh_result *r)
{
    bh_json_begin_obj(key);
    bh_json_num("median_cycles", r->cycles);
    bh_json_num("min_cycles", r->min_cycles);
    bh_json_num("median_ns", r->ns);
    bh_json_int("reps", r->reps);
    bh_json_int("ops_per_rep", (int64_t)r->ops_per_rep);
    bh_json_end_obj();
}

int bench_ipc(int argc, char **argv)
{
    int reps = atoi(bh_opt(argc, argv, "--reps", "201"));
    if (reps <= 0) {
        fprintf(stderr, "phoenix-bench ipc: --reps must be a positive integer\n");
        return 2;
    }
    setup_world();
    bh_json_begin_obj(NULL);
    bh_json_str("area", "ipc");
    bh_json_int("reps", reps);
    struct bh_result r = bh_measure(run_roundtrip, NULL, 1000, (unsigned)reps);
    report_op("roundtrip", &r);
    w.ipc.trace = 1;
    r = bh_measure(run_roundtrip, NULL, 1000, (unsigned)reps);
    report_op("roundtrip_traced", &r);
    w.ipc.trace = 0;
    int no = 0, yes = 1;
    r = bh_measure(run_oneway, &no, 1000, (unsigned)reps);
    report_op("oneway", &r);
    r = bh_measure(run_oneway, &yes, 1000, (unsigned)reps);
    report_op("oneway_derived_frame_cap", &r);

    struct hs_ctx *h = calloc(1, sizeof *h);
    if (!h)
        die("calloc", -1);
    unsigned hreps = (unsigned)reps < 51 ? (unsigned)reps : 51;
    r = bh_measure(run_handshake, h, 1, hreps);
    report_op("handshake_mlkem768", &r);

    bh_json_begin_arr("channel");
    static const size_t sizes[] = {64, 1024, 65536};
    struct msg_ctx x = {&h->a, &h->b, 0, malloc(65536), malloc(65536 + CHAN_OVERHEAD)};
    if (!x.pt || !x.sealed)
        die("malloc", -1);
    memset(x.pt, 0x3c, 65536);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        x.len = sizes[i];
        uint64_t ops = x.len < 4096 ? 64 : 4;
        bh_json_begin_obj(NULL);
        r = bh_measure(run_seal, &x, ops, (unsigned)reps);
        report_bytes("seal", &r, x.len);
        r = bh_measure(run_open, &x, ops, (unsigned)reps);
        report_bytes("open", &r, x.len);
        bh_json_end_obj();
    }
    bh_json_end_arr();
    bh_json_end_obj();
    chan_close(&h->a);
    chan_close(&h->b);
    free(h);
    free(x.pt);
    free(x.sealed);
    return bh_json_done();
}
