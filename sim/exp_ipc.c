/*
 * The ipc: section of an experiment file (docs/experiments.md, "IPC
 * workloads"): each entry is a chain (clients call the first server, each
 * server calls the next, replies come back) or a pipeline (clients send to
 * the first stage, each stage sends to the next), with the processing time
 * of every hop, the clients' request arrivals and the workload's label and
 * gas. Errors name file:line and what was expected.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exp_ld.h"

static int parse_hops(struct ld *l, struct ipc_spec *w, yaml_node_t *v)
{
    if (ld_want_seq(l, v, "hops"))
        return -1;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        if (w->nhops == EXP_MAX_HOPS)
            return ld_fail(l, v, "hops: at most %d", EXP_MAX_HOPS);
        if (ld_get_dist(l, ld_node(l, *it), "hops[]", &w->hop[w->nhops]))
            return -1;
        w->nhops++;
    }
    return 0;
}

static int parse_arrival(struct ld *l, struct ipc_spec *w, yaml_node_t *v)
{
    const char *s = ld_scalar(v);
    if (s && !strcmp(s, "closed")) {
        w->arr = ARR_START;
        return 0;
    }
    struct group_spec g;
    memset(&g, 0, sizeof g);
    if (v->type == YAML_SCALAR_NODE && s && strcmp(s, "start") && !ld_parse_arrival(l, &g, v) &&
        (g.arr == ARR_POISSON || g.arr == ARR_PERIODIC)) {
        w->arr = g.arr;
        w->arr_interval = g.arr_interval;
        return 0;
    }
    free(g.arr_times);
    return ld_fail(l, v, "arrival: expected closed, poisson(MEAN_GAP) or periodic(INTERVAL)");
}

static int parse_one(struct ld *l, yaml_node_t *m)
{
    struct exp *e = l->e;
    if (ld_want_map(l, m, "IPC workload"))
        return -1;
    if (e->nipc == EXP_MAX_IPC)
        return ld_fail(l, m, "ipc: at most %d workloads", EXP_MAX_IPC);
    struct ipc_spec *w = &e->ipc[e->nipc++];
    memset(w, 0, sizeof *w);
    w->clients = 1;
    w->weight = 1;
    w->slots = 16;
    w->line = (int)m->start_mark.line + 1;
    int have_kind = 0;
    yaml_node_t *k, *v;
    FOR_PAIRS(l, m, k, v)
    {
        const char *key = ld_scalar(k) ? ld_scalar(k) : "";
        const char *s = ld_scalar(v);
        if (!strcmp(key, "name")) {
            if (ld_get_str(l, v, "name", w->name, sizeof w->name))
                return -1;
        } else if (!strcmp(key, "kind")) {
            have_kind = 1;
            if (s && !strcmp(s, "chain"))
                w->kind = IPCK_CHAIN;
            else if (s && !strcmp(s, "pipeline"))
                w->kind = IPCK_PIPELINE;
            else
                return ld_fail(l, v, "kind: expected chain or pipeline");
        } else if (!strcmp(key, "clients")) {
            if (ld_get_u32(l, v, "clients", 1, 10000, &w->clients))
                return -1;
        } else if (!strcmp(key, "weight")) {
            if (ld_get_u32(l, v, "weight", 1, 1000000, &w->weight))
                return -1;
        } else if (!strcmp(key, "priority")) {
            if (ld_get_u32(l, v, "priority", 0, 63, &w->priority))
                return -1;
        } else if (!strcmp(key, "label")) {
            if (ld_get_u32(l, v, "label", 0, 65535, &w->level))
                return -1;
        } else if (!strcmp(key, "client_cost")) {
            if (ld_get_dist(l, v, "client_cost", &w->client_cost))
                return -1;
        } else if (!strcmp(key, "hops")) {
            if (parse_hops(l, w, v))
                return -1;
        } else if (!strcmp(key, "arrival")) {
            if (parse_arrival(l, w, v))
                return -1;
        } else if (!strcmp(key, "start")) {
            if (ld_get_dur(l, v, "start", &w->arr_at))
                return -1;
        } else if (!strcmp(key, "requests")) {
            if (ld_get_u64(l, v, "requests", 1, 100000000, &w->requests))
                return -1;
        } else if (!strcmp(key, "slots")) {
            if (ld_get_u32(l, v, "slots", 1, 65536, &w->slots))
                return -1;
        } else if (!strcmp(key, "gas_budget")) {
            if (ld_get_u64(l, v, "gas_budget", 1, UINT32_MAX, &w->gas_budget))
                return -1;
        } else if (!strcmp(key, "gas_refill")) {
            if (ld_get_u64(l, v, "gas_refill", 1, UINT32_MAX, &w->gas_refill))
                return -1;
        } else if (!strcmp(key, "gas_period")) {
            if (ld_get_dur(l, v, "gas_period", &w->gas_period))
                return -1;
        } else {
            return ld_fail(l, k,
                           "unknown key '%s' in an IPC workload (expected name, kind, clients, "
                           "weight, priority, label, client_cost, hops, arrival, start, "
                           "requests, slots, gas_budget, gas_refill, gas_period)",
                           key);
        }
    }
    if (!w->name[0])
        snprintf(w->name, sizeof w->name, "ipc%u", e->nipc - 1);
    for (unsigned i = 0; i + 1 < e->nipc; i++)
        if (!strcmp(e->ipc[i].name, w->name))
            return ld_fail(l, m, "IPC workload name '%s' used twice", w->name);
    if (!have_kind)
        return ld_fail(l, m, "IPC workload '%s': expected kind: chain or pipeline", w->name);
    if (!w->nhops)
        return ld_fail(l, m, "IPC workload '%s': expected hops: a list of processing times",
                       w->name);
    if ((w->gas_refill || w->gas_period) && (!w->gas_budget || !w->gas_refill || !w->gas_period))
        return ld_fail(l, m, "IPC workload '%s': gas_refill needs gas_budget and gas_period",
                       w->name);
    if (w->gas_refill > w->gas_budget)
        return ld_fail(l, m, "IPC workload '%s': gas_refill must not exceed gas_budget", w->name);
    e->nipc_tasks += w->clients + w->nhops;
    return 0;
}

int ld_parse_ipc(struct ld *l, yaml_node_t *seq)
{
    if (ld_want_seq(l, seq, "ipc"))
        return -1;
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
         it++)
        if (parse_one(l, ld_node(l, *it)))
            return -1;
    if (!l->e->nipc)
        return ld_fail(l, seq, "ipc: expected at least one workload");
    return 0;
}
