/*
 * `phoenix-sim dag FILE --cpus M [--policy NAME] [--json] [--budget MS]`:
 * schedules one task graph with libcore's DAG planners and prints the
 * makespan, or with --json the whole schedule:
 *   {"makespan": int, "policy": str, "procs": int,
 *    "schedule": [{"task": str, "proc": int, "start": int, "end": int}, ...]}
 * (viz/gantt.py and viz/dag.py read this). FILE is .stg, .dot/.gv or .json
 * (WfFormat), or "gen:key=value,..." for a generated graph; --format
 * overrides the extension. Exit 0 on success, 2 on bad usage or bad input.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/dag.h"
#include "dag_gen.h"
#include "dag_input.h"
#include "dag_wf.h"

int cmd_dag(int argc, char **argv);

static void usage(FILE *f)
{
    fprintf(f,
            "usage: phoenix-sim dag FILE [--cpus M] [--policy NAME] [--json] [--budget MS]\n"
            "                            [--iters N] [--seed S] [--format stg|dot|json]\n"
            "                            [--bandwidth BYTES_PER_MS]\n"
            "Schedules the task graph FILE (.stg, .dot/.gv, WfFormat .json, or\n"
            "gen:n=100,fat=0.5,density=0.5,regularity=0.9,jump=1,ccr=0,cost=20,seed=1)\n"
            "on M processors (default: the processors the file describes) and prints\n"
            "the makespan.\n"
            "  --policy   fifo, cp, heft (default), cpop, best (best of the four), or\n"
            "             search (improvement search from the best of the four)\n"
            "  --budget   search wall-clock budget in milliseconds (implies search)\n"
            "  --iters    search iteration budget (implies search; default 1000)\n"
            "  --seed     search seed (default 1)\n"
            "  --json     print the schedule as JSON\n"
            "  --bandwidth  WfFormat: bytes per time unit (ms), default %llu\n",
            (unsigned long long)DAG_WF_BANDWIDTH);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int parse_num(const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || errno || x > max)
        return -1;
    *v = x;
    return 0;
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void *xalloc(size_t n)
{
    void *p = aligned_alloc(8, (n + 7) & ~(size_t)7);
    if (!p) {
        fprintf(stderr, "phoenix-sim dag: out of memory\n");
        exit(1);
    }
    return p;
}

int cmd_dag(int argc, char **argv)
{
    const char *file = NULL, *policy = NULL, *fmt = NULL;
    uint64_t cpus = 0, budget = 0, iters = 0, seed = 1, bw = DAG_WF_BANDWIDTH;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--cpus") && has) {
            if (parse_num(argv[++i], DAG_MAX_PROCS, &cpus) || cpus == 0) {
                fprintf(stderr, "phoenix-sim dag: --cpus needs 1..%u\n", DAG_MAX_PROCS);
                return 2;
            }
        } else if (!strcmp(a, "--policy") && has) {
            policy = argv[++i];
        } else if (!strcmp(a, "--format") && has) {
            fmt = argv[++i];
        } else if ((!strcmp(a, "--budget") || !strcmp(a, "--iters") || !strcmp(a, "--seed") ||
                    !strcmp(a, "--bandwidth")) && has) {
            uint64_t *dst = a[2] == 'b' ? (a[3] == 'u' ? &budget : &bw)
                                        : (a[2] == 'i' ? &iters : &seed);
            if (parse_num(argv[++i], UINT64_MAX / 2, dst) || (dst == &bw && bw == 0)) {
                fprintf(stderr, "phoenix-sim dag: %s needs a non-negative integer\n", a);
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "phoenix-sim dag: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "phoenix-sim dag: more than one FILE ('%s')\n", a);
            return 2;
        }
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    int search = (budget || iters) && (!policy || !strcmp(policy, "search"));
    int pol = -1;
    if (policy && !strcmp(policy, "search"))
        search = 1;
    else if (policy && strcmp(policy, "best")) {
        pol = dag_policy_parse(policy);
        if (pol < 0) {
            fprintf(stderr, "phoenix-sim dag: unknown policy '%s' (fifo, cp, heft, cpop, best, "
                            "search)\n", policy);
            return 2;
        }
    } else if (!policy && !search)
        pol = DAG_POL_HEFT;
    if (search && !iters && !budget)
        iters = 1000;

    struct dag_input in;
    struct dag_errbuf err;
    int rc;
    if (!strncmp(file, "gen:", 4)) {
        struct dag_gen_params gp;
        dag_gen_defaults(&gp);
        rc = dag_gen_parse(file + 4, &gp, &err);
        if (!rc)
            rc = dag_gen(&gp, &in);
    } else if (fmt && (!strcmp(fmt, "json") || !strcmp(fmt, "wf"))) {
        rc = dag_wf_load(file, &in, &err, bw);
    } else if (!fmt && strlen(file) > 5 && !strcmp(file + strlen(file) - 5, ".json")) {
        rc = dag_wf_load(file, &in, &err, bw);
    } else {
        rc = dag_load(file, fmt, &in, &err);
    }
    if (rc) {
        fprintf(stderr, "phoenix-sim dag: %s\n", err.msg);
        return 2;
    }
    struct dag_built b;
    if (dag_input_build(&in, &b, file, &err)) {
        fprintf(stderr, "phoenix-sim dag: %s\n", err.msg);
        dag_input_free(&in);
        return 2;
    }
    uint32_t np = cpus ? (uint32_t)cpus : in.nprocs;
    if (np == 0) {
        fprintf(stderr, "phoenix-sim dag: %s describes no processors: give --cpus M\n", file);
        dag_built_free(&b);
        dag_input_free(&in);
        return 2;
    }
    uint32_t cls[DAG_MAX_PROCS];
    for (uint32_t p = 0; p < np; p++)
        cls[p] = p % in.nclass;
    struct dag_procs pr = {np, cls};
    uint32_t n = b.g.n;
    struct dag_slot *slots = xalloc(n * sizeof *slots), *tmp = xalloc(n * sizeof *tmp);
    size_t wl = dag_search_work_size(n, np);
    void *work = xalloc(wl);
    uint64_t ms = UINT64_MAX, lb = 0;
    const char *used;
    dag_lower_bound(&b.g, &pr, &lb, work, wl);
    if (search) {
        struct dag_search s;
        rc = dag_search_init(&s, &b.g, &pr, slots, seed, work, wl);
        uint64_t t0 = now_ms(), done = 0;
        while (!rc) {
            uint32_t step = 16;
            if (iters && iters - done < step)
                step = (uint32_t)(iters - done);
            if (iters && step == 0)
                break;
            rc = dag_search_run(&s, step);
            done += step;
            if (rc == 1 || (budget && now_ms() - t0 >= budget)) {
                rc = rc == 1 ? 0 : rc;
                break;
            }
        }
        ms = s.best_makespan;
        used = "search";
    } else {
        unsigned lo = pol < 0 ? 0 : (unsigned)pol, hi = pol < 0 ? DAG_POL_COUNT : lo + 1;
        used = pol < 0 ? "best" : dag_policy_name((unsigned)pol);
        rc = 0;
        for (unsigned q = lo; q < hi && !rc; q++) {
            uint64_t m;
            rc = dag_plan(&b.g, &pr, q, tmp, &m, work, wl);
            if (!rc && m < ms) {
                ms = m;
                memcpy(slots, tmp, n * sizeof *slots);
            }
        }
    }
    if (rc) {
        fprintf(stderr, "phoenix-sim dag: scheduling failed: %s\n", core_strerror(rc));
        rc = 1;
        goto out;
    }
    if (json) {
        printf("{\"makespan\": %llu, \"policy\": ", (unsigned long long)ms);
        json_str(used);
        printf(", \"procs\": %u, \"schedule\": [", np);
        for (uint32_t v = 0; v < n; v++) {
            printf("%s{\"task\": ", v ? ", " : "");
            json_str(in.names[v]);
            printf(", \"proc\": %u, \"start\": %llu, \"end\": %llu}", slots[v].proc,
                   (unsigned long long)slots[v].start, (unsigned long long)slots[v].end);
        }
        printf("]}\n");
    } else {
        printf("makespan %llu (policy %s, %u processors, %u tasks, lower bound %llu)\n",
               (unsigned long long)ms, used, np, n, (unsigned long long)lb);
    }
out:
    free(slots);
    free(tmp);
    free(work);
    dag_built_free(&b);
    dag_input_free(&in);
    return rc;
}
