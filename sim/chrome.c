/*
 * Trace text -> Chrome trace-event JSON (see chrome.h). A CPU's slice opens
 * at sched.switch and closes at the next sched.switch or sched.idle on that
 * CPU, or at the trace's last time stamp. Times are microseconds with
 * nanosecond decimals, as the format expects.
 */
#include "chrome.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct open_slice {
    uint64_t task; /* 0: idle */
    uint64_t since;
};

static void slice(FILE *o, int *first, unsigned cpu, uint64_t task, uint64_t t0, uint64_t t1)
{
    if (!task || t1 <= t0)
        return; /* idle, or a zero-length stretch */
    fprintf(o,
            "%s\n{\"name\":\"task %" PRIu64 "\",\"cat\":\"run\",\"ph\":\"X\",\"pid\":1,"
            "\"tid\":%u,\"ts\":%" PRIu64 ".%03u,\"dur\":%" PRIu64 ".%03u,"
            "\"args\":{\"task\":%" PRIu64 "}}",
            *first ? "" : ",", task, cpu, t0 / 1000, (unsigned)(t0 % 1000), (t1 - t0) / 1000,
            (unsigned)((t1 - t0) % 1000), task);
    *first = 0;
}

/* Value of " key=NUMBER" in a trace line. */
static int field(const char *line, const char *key, uint64_t *v)
{
    char pat[32];
    snprintf(pat, sizeof pat, " %s=", key);
    const char *p = strstr(line, pat);
    if (!p)
        return -1;
    *v = strtoull(p + strlen(pat), NULL, 10);
    return 0;
}

int chrome_export(const char *trace_txt, const char *out_json, unsigned ncpu)
{
    FILE *in = fopen(trace_txt, "r");
    if (!in)
        return -1;
    FILE *o = fopen(out_json, "w");
    struct open_slice *cpu = calloc(ncpu, sizeof *cpu);
    if (!o || !cpu) {
        fclose(in);
        if (o)
            fclose(o);
        free(cpu);
        return -1;
    }
    fprintf(o, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    int first = 1;
    fprintf(o, "\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":"
               "\"phoenix-sim\"}}");
    first = 0;
    for (unsigned c = 0; c < ncpu; c++)
        fprintf(o,
                ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,"
                "\"args\":{\"name\":\"CPU %u\"}}",
                c, c);
    char line[512];
    uint64_t last = 0;
    while (fgets(line, sizeof line, in)) {
        uint64_t t = strtoull(line, NULL, 10), c, task;
        char kind[32];
        if (sscanf(line, "%*s %31s", kind) != 1 || field(line, "cpu", &c) || c >= ncpu)
            continue;
        last = t;
        if (!strcmp(kind, "sched.switch") && !field(line, "task", &task)) {
            slice(o, &first, (unsigned)c, cpu[c].task, cpu[c].since, t);
            cpu[c] = (struct open_slice){task, t};
        } else if (!strcmp(kind, "sched.idle")) {
            slice(o, &first, (unsigned)c, cpu[c].task, cpu[c].since, t);
            cpu[c] = (struct open_slice){0, t};
        } else if (!strcmp(kind, "dag.start") || !strcmp(kind, "dag.finish")) {
            /* DAG nodes run on processor proc (the record's cpu field is
             * the library's, not the machine's): one slice per node. */
            uint64_t job, node, proc;
            if (field(line, "job", &job) || field(line, "node", &node) ||
                field(line, "proc", &proc) || proc >= ncpu)
                continue;
            if (kind[4] == 's') {
                cpu[proc] = (struct open_slice){node + 1, t};
            } else if (t > cpu[proc].since) {
                fprintf(o,
                        "%s\n{\"name\":\"job %" PRIu64 " node %" PRIu64 "\",\"cat\":\"dag\","
                        "\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" PRIu64 ".%03u,"
                        "\"dur\":%" PRIu64 ".%03u,\"args\":{\"job\":%" PRIu64 ",\"node\":%" PRIu64
                        "}}",
                        first ? "" : ",", job, node, (unsigned)proc, cpu[proc].since / 1000,
                        (unsigned)(cpu[proc].since % 1000), (t - cpu[proc].since) / 1000,
                        (unsigned)((t - cpu[proc].since) % 1000), job, node);
                first = 0;
            }
            if (kind[4] != 's')
                cpu[proc] = (struct open_slice){0, t};
        } else if (!strcmp(kind, "task.ready") && !field(line, "task", &task)) {
            fprintf(o,
                    ",\n{\"name\":\"wake task %" PRIu64 "\",\"cat\":\"wake\",\"ph\":\"i\","
                    "\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":%" PRIu64 ".%03u}",
                    task, (unsigned)c, t / 1000, (unsigned)(t % 1000));
        }
    }
    for (unsigned c = 0; c < ncpu; c++)
        slice(o, &first, c, cpu[c].task, cpu[c].since, last);
    fprintf(o, "\n]}\n");
    int bad = ferror(in) != 0;
    fclose(in);
    free(cpu);
    if (fclose(o) || bad)
        return -1;
    return 0;
}
