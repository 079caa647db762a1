/*
 * The simulator's host-side form of a task graph, filled by the loaders
 * (dag_stg.c, dag_dot.c, dag_wf.c, dag_gen.c) and turned into a libcore
 * graph (core/dag.h) by dag_input_build. Everything is heap-allocated here,
 * which libcore itself never does.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/dag.h"

struct dag_input {
    uint32_t n, nclass, m;
    char **names;        /* [n] node names as the file gives them */
    uint64_t *cost;      /* [n * nclass] */
    uint32_t *efrom, *eto;
    uint64_t *ecomm;
    uint32_t *eline;     /* [m] source line of each edge, 0 if unknown */
    uint32_t nprocs;     /* processors the file describes (0: none, use --cpus) */
    uint32_t ncap, mcap; /* allocated sizes */
};

/* An error with its place: "path:line: message" (line 0: "path: message"). */
struct dag_errbuf {
    char msg[512];
};
void dag_err_set(struct dag_errbuf *e, const char *path, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void dag_input_init(struct dag_input *in, uint32_t nclass);
void dag_input_free(struct dag_input *in);
/* Append a node (costs: nclass values) / an edge; return its index. */
uint32_t dag_input_node(struct dag_input *in, const char *name, const uint64_t *costs);
uint32_t dag_input_edge(struct dag_input *in, uint32_t from, uint32_t to, uint64_t comm,
                        uint32_t line);

/* A libcore graph and the arenas behind it. */
struct dag_built {
    struct dag g;
    struct dag_node *nodes;
    struct dag_edge *edges;
    uint64_t *cost;
    uint32_t *work;
};

/* Build the libcore graph. Refused edges (cycle, duplicate, self loop) give
 * an error naming both nodes and the edge's line. Returns 0 or -1. */
int dag_input_build(const struct dag_input *in, struct dag_built *b, const char *path,
                    struct dag_errbuf *err);
void dag_built_free(struct dag_built *b);

/* Load by format name ("stg", "dot", "json") or, with fmt NULL, by the
 * file's extension (.stg, .dot/.gv, .json). Returns 0, or -1 with err set. */
int dag_load(const char *path, const char *fmt, struct dag_input *in, struct dag_errbuf *err);
