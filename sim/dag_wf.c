/*
 * WfCommons WfFormat loader (dag_wf.h), on jansson. The DAG comes from
 * specification.tasks[].children, checked against parents (both must tell
 * the same story); costs from execution.tasks[].runtimeInSeconds joined on
 * id; communication from the sizes of the files a parent writes and a child
 * reads. Syntax errors carry jansson's line and column; schema errors name
 * the task or field, since jansson keeps no positions for values.
 */
#include "dag_wf.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct named {
    const char *id;
    uint32_t idx;
    uint64_t size;
};

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const struct named *)a)->id, ((const struct named *)b)->id);
}

static const struct named *find(const struct named *tab, size_t n, const char *id)
{
    struct named key = {id, 0, 0};
    return bsearch(&key, tab, n, sizeof *tab, cmp_named);
}

/* Member k of object o as a string array, or NULL with an error. */
static json_t *get_arr(json_t *o, const char *k, int required)
{
    json_t *a = json_object_get(o, k);
    if (!a && !required)
        return NULL;
    return json_is_array(a) ? a : NULL;
}

/* Total size of files in both lists. */
static uint64_t shared_bytes(json_t *outs, json_t *ins, const struct named *files, size_t nf)
{
    uint64_t sum = 0;
    size_t i, j;
    json_t *a, *b;
    if (!outs || !ins)
        return 0;
    json_array_foreach(outs, i, a) {
        json_array_foreach(ins, j, b) {
            if (json_is_string(a) && json_is_string(b) &&
                !strcmp(json_string_value(a), json_string_value(b))) {
                const struct named *f = find(files, nf, json_string_value(a));
                if (f)
                    sum += f->size;
            }
        }
    }
    return sum;
}

int dag_wf_load(const char *path, struct dag_input *in, struct dag_errbuf *err,
                uint64_t bytes_per_unit)
{
    dag_input_init(in, 1);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        if (je.line > 0)
            dag_err_set(err, path, (unsigned)je.line, "column %d: %s", je.column, je.text);
        else
            dag_err_set(err, path, 0, "%s", je.text);
        return -1;
    }
    int rc = -1;
    struct named *tasks = NULL, *files = NULL;
    size_t nt = 0, nf = 0, i, j;
    json_t *spec = json_object_get(json_object_get(root, "workflow"), "specification");
    json_t *exec = json_object_get(json_object_get(root, "workflow"), "execution");
    json_t *jt = json_object_get(spec, "tasks"), *jf = json_object_get(spec, "files");
    json_t *xt = json_object_get(exec, "tasks"), *t, *x;
    if (!json_is_array(jt) || !json_is_array(xt)) {
        dag_err_set(err, path, 0, "not a WfFormat instance: workflow.specification.tasks "
                                  "and workflow.execution.tasks must be arrays");
        goto out;
    }
    nt = json_array_size(jt);
    nf = json_is_array(jf) ? json_array_size(jf) : 0;
    tasks = calloc(nt ? nt : 1, sizeof *tasks);
    files = calloc(nf ? nf : 1, sizeof *files);
    json_array_foreach(jt, i, t) {
        const char *id = json_string_value(json_object_get(t, "id"));
        if (!id || !get_arr(t, "children", 1) || !get_arr(t, "parents", 1)) {
            dag_err_set(err, path, 0, "specification task #%zu: needs string 'id' and arrays "
                                      "'parents' and 'children'", i);
            goto out;
        }
        tasks[i] = (struct named){id, (uint32_t)i, 0};
    }
    qsort(tasks, nt, sizeof *tasks, cmp_named);
    for (i = 1; i < nt; i++) {
        if (!strcmp(tasks[i].id, tasks[i - 1].id)) {
            dag_err_set(err, path, 0, "task id '%s' appears twice", tasks[i].id);
            goto out;
        }
    }
    if (nf) {
        json_array_foreach(jf, i, t) {
            const char *id = json_string_value(json_object_get(t, "id"));
            json_t *sz = json_object_get(t, "sizeInBytes");
            if (!id || !json_is_integer(sz) || json_integer_value(sz) < 0) {
                dag_err_set(err, path, 0, "file #%zu: needs string 'id' and integer "
                                          "'sizeInBytes' >= 0", i);
                goto out;
            }
            files[i] = (struct named){id, (uint32_t)i, (uint64_t)json_integer_value(sz)};
        }
        qsort(files, nf, sizeof *files, cmp_named);
    }
    /* Costs: runtimes joined on id, in specification order. */
    uint64_t *cost = calloc(nt ? nt : 1, sizeof *cost);
    uint8_t *seen = calloc(nt ? nt : 1, 1);
    json_array_foreach(xt, i, x) {
        const char *id = json_string_value(json_object_get(x, "id"));
        json_t *rt = json_object_get(x, "runtimeInSeconds");
        const struct named *k = id ? find(tasks, nt, id) : NULL;
        if (!k) {
            dag_err_set(err, path, 0, "execution task #%zu ('%s') is not in the specification",
                        i, id ? id : "?");
            goto out2;
        }
        double s = json_number_value(rt);
        if (!json_is_number(rt) || !(s >= 0) || s * 1000.0 > (double)DAG_COST_MAX) {
            dag_err_set(err, path, 0, "task '%s': runtimeInSeconds must be a number in "
                                      "0..%llu", id, (unsigned long long)DAG_COST_MAX / 1000);
            goto out2;
        }
        cost[k->idx] = (uint64_t)llround(s * 1000.0);
        seen[k->idx] = 1;
    }
    json_array_foreach(jt, i, t) {
        const char *id = json_string_value(json_object_get(t, "id"));
        if (!seen[i]) {
            dag_err_set(err, path, 0, "task '%s' has no execution record (runtime)", id);
            goto out2;
        }
        dag_input_node(in, id, &cost[i]);
    }
    json_array_foreach(jt, i, t) {
        json_t *c;
        json_array_foreach(json_object_get(t, "children"), j, c) {
            const struct named *k = find(tasks, nt, json_is_string(c) ? json_string_value(c) : "");
            if (!k) {
                dag_err_set(err, path, 0, "task '%s': unknown child '%s'", in->names[i],
                            json_is_string(c) ? json_string_value(c) : "?");
                goto out2;
            }
            json_t *ct = json_array_get(jt, k->idx);
            uint64_t bytes = shared_bytes(get_arr(t, "outputFiles", 0),
                                          get_arr(ct, "inputFiles", 0), files, nf);
            uint64_t comm = (bytes + bytes_per_unit - 1) / bytes_per_unit;
            dag_input_edge(in, (uint32_t)i, k->idx, comm, 0);
            /* The child must name this task among its parents. */
            int found = 0;
            size_t q;
            json_t *p;
            json_array_foreach(json_object_get(ct, "parents"), q, p) {
                if (json_is_string(p) && !strcmp(json_string_value(p), in->names[i]))
                    found = 1;
            }
            if (!found) {
                dag_err_set(err, path, 0, "task '%s' lists child '%s', which does not list it "
                                          "as a parent", in->names[i], in->names[k->idx]);
                goto out2;
            }
        }
        json_array_foreach(json_object_get(t, "parents"), j, c) {
            const struct named *k = find(tasks, nt, json_is_string(c) ? json_string_value(c) : "");
            if (!k) {
                dag_err_set(err, path, 0, "task '%s': unknown parent '%s'", in->names[i],
                            json_is_string(c) ? json_string_value(c) : "?");
                goto out2;
            }
        }
    }
    /* A parent not listing the child would leave a one-sided link: count. */
    size_t nparents = 0;
    json_array_foreach(jt, i, t) nparents += json_array_size(json_object_get(t, "parents"));
    if (nparents != in->m) {
        dag_err_set(err, path, 0, "parents and children disagree (%zu parent links, %u child "
                                  "links)", nparents, in->m);
        goto out2;
    }
    rc = 0;
out2:
    free(cost);
    free(seen);
out:
    free(tasks);
    free(files);
    json_decref(root);
    if (rc)
        dag_input_free(in);
    return rc;
}
