/*
 * Private to the experiment loader (exp_yaml.c, exp_jobs.c, exp_ipc.c): the
 * loader's state and the typed readers that turn a libyaml node into a value
 * or into a "file:line: what was expected" message. Nothing outside the
 * loader includes it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "exp.h"

struct ld {
    yaml_document_t doc;
    struct exp *e;
    char *err;
    size_t errlen;
};

int ld_fail(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
yaml_node_t *ld_node(struct ld *l, int id);
const char *ld_scalar(const yaml_node_t *n);
int ld_get_str(struct ld *l, yaml_node_t *n, const char *key, char *out, size_t cap);
int ld_get_u64(struct ld *l, yaml_node_t *n, const char *key, uint64_t lo, uint64_t hi,
               uint64_t *out);
int ld_get_u32(struct ld *l, yaml_node_t *n, const char *key, uint64_t lo, uint64_t hi,
               uint32_t *out);
int ld_get_dur(struct ld *l, yaml_node_t *n, const char *key, uint64_t *out);
int ld_get_dist(struct ld *l, yaml_node_t *n, const char *key, struct dist *out);
int ld_want_map(struct ld *l, yaml_node_t *n, const char *what);
int ld_want_seq(struct ld *l, yaml_node_t *n, const char *what);
/* An arrival key (start, poisson(..), periodic(..) or a list of times) into
 * g's arr, arr_interval, arr_times and, for a list, count. */
int ld_parse_arrival(struct ld *l, struct group_spec *g, yaml_node_t *v);

/* exp_jobs.c: the jobs: section (DAG jobs). */
int ld_parse_jobs(struct ld *l, yaml_node_t *seq);
/* exp_ipc.c: the ipc: section (IPC workloads). */
int ld_parse_ipc(struct ld *l, yaml_node_t *seq);

#define FOR_PAIRS(l, map, k, v)                                                                    \
    for (yaml_node_pair_t *p_ = (map)->data.mapping.pairs.start;                                   \
         p_ < (map)->data.mapping.pairs.top &&                                                     \
         ((k) = ld_node(l, p_->key), (v) = ld_node(l, p_->value), 1);                              \
         p_++)
