/*
 * Graphviz DOT task graphs, read with Graphviz's own parser (cgraph).
 * Attributes (documented in docs/dag.md):
 *   node  cost="12"          cost on every processor class
 *   node  costs="14,16,9"    cost per processor class (all nodes same count)
 *   edge  comm="18"          communication cost (default 0)
 *   graph procs="3"          processors the file describes (default: one per
 *                            class when costs= is used, else none)
 * Missing cost means 0. Undirected graphs are refused.
 */
#pragma once

#include "dag_input.h"

int dag_dot_load(const char *path, struct dag_input *in, struct dag_errbuf *err);
