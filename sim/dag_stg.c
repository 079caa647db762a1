/*
 * STG loader (dag_stg.h). The file is a stream of whitespace-separated
 * integers, "#" lines being comments: n, then n + 2 task records
 * "id time npred pred...". Records are read as tokens, not lines, so a long
 * predecessor list that wraps is still read correctly; each token keeps its
 * line number for errors. Task ids must come in order 0..n+1 and
 * predecessors must name tasks already read, which the format guarantees.
 */
#include "dag_stg.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tok {
    FILE *f;
    unsigned line;     /* line of the reading position */
    unsigned tok_line; /* line of the last token read (for end-of-file errors) */
    int at_line_start;
};

/* Next integer token: 1 ok, 0 end of file, -1 not a number. */
static int next_int(struct tok *t, long long *v, char *bad, size_t badlen)
{
    int c;
    for (;;) {
        c = fgetc(t->f);
        if (c == EOF)
            return 0;
        if (c == '\n') {
            t->line++;
            t->at_line_start = 1;
            continue;
        }
        if (c == '#' && t->at_line_start) {
            while ((c = fgetc(t->f)) != EOF && c != '\n')
                ;
            if (c == EOF)
                return 0;
            t->line++;
            continue;
        }
        if (isspace(c))
            continue;
        break;
    }
    t->at_line_start = 0;
    t->tok_line = t->line;
    char buf[64];
    size_t k = 0;
    while (c != EOF && !isspace(c)) {
        if (k + 1 < sizeof buf)
            buf[k++] = (char)c;
        c = fgetc(t->f);
    }
    buf[k] = 0;
    if (c != EOF)
        ungetc(c, t->f);
    char *end;
    errno = 0;
    long long x = strtoll(buf, &end, 10);
    if (*end || errno || k == 0) {
        snprintf(bad, badlen, "%s", buf);
        return -1;
    }
    *v = x;
    return 1;
}

int dag_stg_load(const char *path, struct dag_input *in, struct dag_errbuf *err)
{
    dag_input_init(in, 1);
    FILE *f = fopen(path, "r");
    if (!f) {
        dag_err_set(err, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct tok t = {f, 1, 1, 1};
    char bad[64];
    long long n, v;
    int r = next_int(&t, &n, bad, sizeof bad);
    if (r < 0) {
        dag_err_set(err, path, t.line, "expected the task count, found '%s'", bad);
        goto fail;
    }
    if (r == 0 || n < 0 || n > (long long)DAG_MAX_NODES - 2) {
        dag_err_set(err, path, t.line, "expected a task count in 0..%u", DAG_MAX_NODES - 2);
        goto fail;
    }
    for (long long id = 0; id < n + 2; id++) {
        long long fields[3];
        static const char *const what[3] = {"task id", "processing time", "predecessor count"};
        for (int k = 0; k < 3; k++) {
            r = next_int(&t, &fields[k], bad, sizeof bad);
            if (r == 0) {
                dag_err_set(err, path, t.tok_line, "file ends inside task %lld (%lld of %lld read)",
                            id, id, n + 2);
                goto fail;
            }
            if (r < 0) {
                dag_err_set(err, path, t.line, "expected the %s, found '%s'", what[k], bad);
                goto fail;
            }
        }
        if (fields[0] != id) {
            dag_err_set(err, path, t.line, "task id %lld out of order (expected %lld)", fields[0],
                        id);
            goto fail;
        }
        if (fields[1] < 0 || (unsigned long long)fields[1] > DAG_COST_MAX) {
            dag_err_set(err, path, t.line, "task %lld: processing time %lld out of range", id,
                        fields[1]);
            goto fail;
        }
        if (fields[2] < 0 || fields[2] > id) {
            dag_err_set(err, path, t.line, "task %lld: %lld predecessors is impossible", id,
                        fields[2]);
            goto fail;
        }
        char name[32];
        snprintf(name, sizeof name, "%lld", id);
        uint64_t c = (uint64_t)fields[1];
        uint32_t me = dag_input_node(in, name, &c);
        for (long long k = 0; k < fields[2]; k++) {
            r = next_int(&t, &v, bad, sizeof bad);
            if (r < 0) {
                dag_err_set(err, path, t.line, "expected a predecessor id, found '%s'", bad);
                goto fail;
            }
            if (r == 0) {
                dag_err_set(err, path, t.tok_line, "file ends in task %lld's predecessors", id);
                goto fail;
            }
            /* Predecessors always precede; anything else would be a forward
             * reference, or a cycle once the edge is added. */
            if (v < 0 || v >= id) {
                dag_err_set(err, path, t.line,
                            "task %lld: predecessor %lld is not an earlier task", id, v);
                goto fail;
            }
            dag_input_edge(in, (uint32_t)v, me, 0, t.line);
        }
    }
    fclose(f);
    return 0;
fail:
    fclose(f);
    dag_input_free(in);
    return -1;
}
