/*
 * Standard Task Graph Set (Kasahara lab) loader: P|prec|Cmax graphs with
 * integer processing times and no communication. Format in
 * ../shared/data/stg/README.md.
 */
#pragma once

#include "dag_input.h"

/* Load path into in (one processor class; dummy entry/exit tasks included,
 * cost 0, named by their ids). Returns 0, or -1 with "path:line: ..." in err. */
int dag_stg_load(const char *path, struct dag_input *in, struct dag_errbuf *err);
