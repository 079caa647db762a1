/*
 * DAG jobs on the machine (see dagrun.h and docs/experiments.md). The
 * model: a job's nodes run non-preemptively, one per CPU; a node becomes
 * ready when its last predecessor finishes; an idle CPU asks libcore
 * (policy_dag.h) for a node at once, and each node start first pays
 * machine.context_switch. Node v of a job runs cost(v, class of the CPU) *
 * unit ns, CPU c being of class c mod the graph's class count, as
 * `phoenix-sim dag` numbers them.
 *
 * Communication (a job's comm: paid, the default; docs/dag.md). Each node
 * remembers its CPU and when it ended. Node v placed on CPU p begins
 * computing at max(now + context switch, data_ready(v, p)), where
 * data_ready(v, p) = max over predecessors u of end(u) + comm(u, v) * unit
 * if u ran on another CPU, else end(u): dag_plan's model. The CPU is held,
 * waiting, until then (comm_wait). When several CPUs are idle at one
 * instant, the chosen node goes to the idle CPU where it can begin first
 * (ties: the lowest index), so a node follows its inputs when that is
 * faster: the online counterpart of earliest-finish placement. comm: free
 * is the shared-memory model (every edge costs nothing): the node goes to
 * the lowest idle CPU, exactly as before communication was modelled.
 *
 * Events at one instant are all applied before idle CPUs pick (an
 * EV_DISPATCH queued behind them), so a node finishing at t releases its
 * successors before any CPU freed at t chooses, and choices are made
 * lowest idle CPU first: the run is deterministic and matches list
 * scheduling's view of time.
 *
 * Trace: dag.start is stamped when the node begins computing (after the
 * context switch and its data wait), dag.finish when it ends. libcore
 * emits dag.start inside the pick, before the CPU and the time are known,
 * so the sink is held during the pick and this file emits the record.
 */
#include "dagrun.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "dist.h"
#include "evq.h"
#include "platform.h"
#include "policy_dag.h"

enum { EV_END, EV_JOB, EV_DONE, EV_DISPATCH, EV_BEGIN };

int dagrun_policy_known(const char *name)
{
    return dag_policy_parse(name) >= 0;
}

/* Per job spec: the graph and what the run derives from it once. */
struct spec_rt {
    struct dag_input in;
    struct dag_built b;
    uint32_t cls[DAG_MAX_PROCS];
    struct dag_procs pr;
    uint64_t critical; /* in cost units */
    int built;
};

struct dcpu {
    uint32_t job, node; /* running, or job == UINT32_MAX when idle */
    uint64_t start;     /* when the node begins computing (after switch and data wait) */
    uint64_t ready;     /* when the context switch ends: start - ready is the data wait */
};

/* Where and when a finished node ran (comm: paid jobs only). */
struct dplace {
    uint64_t end;
    uint32_t cpu;
};

struct drun {
    const struct exp *e;
    struct run_result *r;
    struct spec_rt *sp;
    struct dcpu *c;
    struct pold *pol;
    struct dplace **place; /* per job: [nodes] while a comm: paid job is live, else NULL */
    size_t place_bytes, place_peak;
    struct evq q;
    uint64_t now;
    int dispatch_queued, oom;
};

static void push(struct drun *d, uint64_t t, uint32_t kind, uint32_t obj)
{
    struct des_ev ev = {.t = t, .kind = kind, .obj = obj};
    int rc = evq_push(&d->q, ev);
    if (rc == -2)
        plat_panic("dagrun: event scheduled in the past");
    if (rc)
        d->oom = 1;
}

/* Longest path with every node at its cheapest class, over the maintained
 * topological order (g->pos). */
static uint64_t critical_path(const struct dag *g)
{
    uint64_t *f = calloc(g->n ? g->n : 1, sizeof *f), best = 0;
    if (!f)
        return 0;
    for (uint32_t k = 0; k < g->n; k++) {
        uint32_t v = g->pos[k];
        uint64_t c = UINT64_MAX, in = 0;
        for (uint32_t q = 0; q < g->nclass; q++)
            c = dag_cost(g, v, q) < c ? dag_cost(g, v, q) : c;
        for (uint32_t e = g->nodes[v].in_head; e != DAG_NONE; e = g->edges[e].next_in)
            in = f[g->edges[e].from] > in ? f[g->edges[e].from] : in;
        f[v] = in + c;
        best = f[v] > best ? f[v] : best;
    }
    free(f);
    return best;
}

static void queue_dispatch(struct drun *d)
{
    if (!d->dispatch_queued) {
        d->dispatch_queued = 1;
        push(d, d->now, EV_DISPATCH, 0);
    }
}

static int job_paid(const struct drun *d, uint32_t j)
{
    return !d->e->jobs[d->r->dag[j].spec].comm_free;
}

/* When node v of job j could begin computing on CPU c if placed there now:
 * after the context switch and, for a comm: paid job, once every input has
 * arrived (an input from another CPU comm(u, v) * unit after u ended). */
static uint64_t begin_on(const struct drun *d, uint32_t j, uint32_t v, unsigned c)
{
    uint64_t t = d->now + d->e->cs_cost;
    const struct dplace *pl = d->place ? d->place[j] : NULL;
    if (!pl)
        return t;
    const struct dagjob *jb = &d->r->dag[j];
    const struct dag *g = &d->sp[jb->spec].b.g;
    uint64_t unit = d->e->jobs[jb->spec].unit;
    for (uint32_t e = g->nodes[v].in_head; e != DAG_NONE; e = g->edges[e].next_in) {
        const struct dplace *u = &pl[g->edges[e].from];
        uint64_t at = u->end + (u->cpu != c ? g->edges[e].comm * unit : 0);
        t = at > t ? at : t;
    }
    return t;
}

static void trace_start(const struct drun *d, unsigned c)
{
    pold_started(d->pol, d->c[c].job, d->c[c].node, c);
}

/* The first idle CPU at index from or above, or ncpu. */
static unsigned first_idle(const struct drun *d, unsigned from)
{
    while (from < d->e->ncpu && d->c[from].job != UINT32_MAX)
        from++;
    return from;
}

static void dispatch(struct drun *d)
{
    d->dispatch_queued = 0;
    for (unsigned c0 = first_idle(d, 0); c0 < d->e->ncpu; c0 = first_idle(d, c0)) {
        uint32_t j, v;
        int none = pold_pick(d->pol, c0, &j, &v);
        if (none)
            return; /* no arrived job has a ready node */
        /* c0 is the lowest idle CPU. A paid job's node goes where it can
         * begin first; c0 wins ties, and stays idle if it loses. */
        unsigned c = c0;
        uint64_t begin = begin_on(d, j, v, c0);
        for (unsigned k = c0 + 1; job_paid(d, j) && k < d->e->ncpu; k++) {
            if (d->c[k].job != UINT32_MAX)
                continue;
            uint64_t b = begin_on(d, j, v, k);
            if (b < begin) {
                begin = b;
                c = k;
            }
        }
        struct dagjob *jb = &d->r->dag[j];
        const struct spec_rt *s = &d->sp[jb->spec];
        uint64_t len = dag_cost(&s->b.g, v, s->cls[c]) * d->e->jobs[jb->spec].unit;
        d->c[c] = (struct dcpu){j, v, begin, d->now + d->e->cs_cost};
        d->r->ctx_switches++;
        d->r->cs_ns += d->e->cs_cost;
        /* dag.start when computing begins: now, or at an EV_BEGIN queued
         * before the EV_DONE (equal times pop in push order). */
        if (begin == d->now)
            trace_start(d, c);
        else
            push(d, begin, EV_BEGIN, c);
        push(d, begin + len, EV_DONE, c);
    }
}

static void on_done(struct drun *d, unsigned c)
{
    uint32_t j = d->c[c].job, v = d->c[c].node;
    struct dagjob *jb = &d->r->dag[j];
    d->c[c].job = UINT32_MAX;
    jb->work += d->now - d->c[c].start;
    jb->comm_wait += d->c[c].start - d->c[c].ready;
    d->r->busy_ns += d->now - d->c[c].start;
    if (d->place && d->place[j])
        d->place[j][v] = (struct dplace){d->now, c};
    pold_finish(d->pol, j, v, c);
    jb->nodes_done++;
    d->r->jobs_done++;
    if (pold_over(d->pol, j)) {
        jb->finish = d->now;
        d->r->tasks_done++;
        if (d->place && d->place[j]) {
            free(d->place[j]);
            d->place[j] = NULL;
            d->place_bytes -= (size_t)jb->nodes * sizeof **d->place;
        }
    }
    queue_dispatch(d);
}

/* Job j arrives: a comm: paid job gets its placement record. */
static void on_arrive(struct drun *d, uint32_t j)
{
    if (d->place && job_paid(d, j)) {
        size_t n = d->r->dag[j].nodes;
        d->place[j] = calloc(n, sizeof **d->place);
        if (!d->place[j]) {
            d->oom = 1;
            return;
        }
        d->place_bytes += n * sizeof **d->place;
        d->place_peak = d->place_bytes > d->place_peak ? d->place_bytes : d->place_peak;
    }
    pold_arrive(d->pol, j);
    queue_dispatch(d);
}

/* Graphs, jobs and their arrival times. */
static int setup(struct drun *d, const char *policy, uint64_t seed, char *err, size_t errlen)
{
    const struct exp *e = d->e;
    struct run_result *r = d->r;
    uint32_t n = (uint32_t)e->njob_instances;
    d->sp = calloc(e->njobs, sizeof *d->sp);
    d->c = calloc(e->ncpu, sizeof *d->c);
    r->dag = calloc(n, sizeof *r->dag);
    const struct dag **graphs = calloc(n, sizeof *graphs);
    const struct dag_procs **prs = calloc(n, sizeof *prs);
    uint32_t *weights = calloc(n, sizeof *weights);
    int rc = !d->sp || !d->c || !r->dag || !graphs || !prs || !weights;
    if (rc)
        snprintf(err, errlen, "%s: out of memory", e->file);
    for (unsigned s = 0; !rc && s < e->njobs; s++) {
        struct spec_rt *sp = &d->sp[s];
        struct dag_errbuf why;
        if (exp_job_graph(&e->jobs[s], &sp->in, &why) ||
            dag_input_build(&sp->in, &sp->b, e->jobs[s].graph, &why)) {
            snprintf(err, errlen, "%s:%d: job '%s': %s", e->file, e->jobs[s].line, e->jobs[s].name,
                     why.msg);
            rc = -1;
            break;
        }
        sp->built = 1;
        for (unsigned c = 0; c < e->ncpu; c++)
            sp->cls[c] = c % sp->b.g.nclass;
        sp->pr = (struct dag_procs){e->ncpu, sp->cls};
        sp->critical = critical_path(&sp->b.g);
    }
    struct rng rng;
    rng_seed(&rng, seed);
    uint32_t id = 0;
    for (unsigned s = 0; !rc && s < e->njobs; s++) {
        const struct job_spec *js = &e->jobs[s];
        uint64_t at = js->arr_at;
        for (uint32_t k = 0; k < js->count; k++, id++) {
            struct dagjob *jb = &r->dag[id];
            jb->spec = s;
            jb->nodes = d->sp[s].b.g.n;
            jb->weight = js->weight;
            jb->critical = d->sp[s].critical * js->unit;
            graphs[id] = &d->sp[s].b.g;
            prs[id] = &d->sp[s].pr;
            weights[id] = js->weight;
            if (js->arr == ARR_POISSON) {
                struct dist dd = {DIST_EXP, (double)js->arr_interval, 0};
                at += dist_sample(&dd, &rng);
            } else if (js->arr == ARR_PERIODIC) {
                at = js->arr_at + k * js->arr_interval;
            } else if (js->arr == ARR_LIST) {
                at = js->arr_at + js->arr_times[k];
            }
            jb->arrive = at < e->duration ? at : UINT64_MAX;
            if (at < e->duration)
                push(d, at, EV_JOB, id);
        }
    }
    int paid = 0;
    for (unsigned s = 0; s < e->njobs; s++)
        paid |= !e->jobs[s].comm_free;
    if (!rc && paid) {
        d->place = calloc(n, sizeof *d->place);
        d->place_bytes = d->place_peak = n * sizeof *d->place;
        if (!d->place) {
            snprintf(err, errlen, "%s: out of memory", e->file);
            rc = -1;
        }
    }
    if (!rc) {
        d->pol = pold_create((unsigned)dag_policy_parse(policy), prs, n, graphs, weights);
        if (!d->pol) {
            snprintf(err, errlen, "%s: cannot set up DAG policy %s (out of memory)", e->file,
                     policy);
            rc = -1;
        }
    }
    free(graphs);
    free(prs);
    free(weights);
    if (!rc) {
        r->ndag = n;
        r->bytes_policy = pold_bytes(d->pol);
        r->bytes_tasks = n * sizeof *r->dag;
    }
    return rc;
}

static int run_once(const struct exp *e, const char *policy, uint64_t seed, FILE *tracef,
                    struct run_result *r, char *err, size_t errlen)
{
    run_open(r, e, policy, seed, tracef);
    if (!dagrun_policy_known(policy)) {
        run_close(r);
        snprintf(err, errlen, "%s: unknown DAG policy '%s' (fifo, cp, heft, cpop)", e->file,
                 policy);
        return -1;
    }
    struct drun d = {.e = e, .r = r};
    evq_init(&d.q);
    push(&d, e->duration, EV_END, 0);
    int rc = setup(&d, policy, seed, err, errlen);
    for (unsigned c = 0; !rc && c < e->ncpu; c++)
        d.c[c].job = UINT32_MAX;
    struct des_ev ev;
    while (!rc && !d.oom && !evq_pop(&d.q, &ev)) {
        d.now = ev.t;
        simplat_set_time(ev.t);
        r->events++;
        if (ev.kind == EV_END)
            break;
        if (ev.kind == EV_JOB)
            on_arrive(&d, ev.obj);
        else if (ev.kind == EV_DONE)
            on_done(&d, ev.obj);
        else if (ev.kind == EV_BEGIN)
            trace_start(&d, ev.obj);
        else
            dispatch(&d);
        /* Stop early once every job has arrived and finished. */
        if (r->tasks_done == r->ndag) {
            r->end = d.now;
            break;
        }
    }
    if (!rc && !r->end)
        r->end = d.now;
    /* Work of nodes still running at the end, and the data wait of nodes
     * still waiting, count up to the end. */
    for (unsigned c = 0; !rc && c < e->ncpu; c++) {
        if (d.c[c].job == UINT32_MAX)
            continue;
        uint64_t waited = r->end < d.c[c].start ? r->end : d.c[c].start;
        if (waited > d.c[c].ready)
            r->dag[d.c[c].job].comm_wait += waited - d.c[c].ready;
        if (r->end <= d.c[c].start)
            continue;
        r->dag[d.c[c].job].work += r->end - d.c[c].start;
        r->busy_ns += r->end - d.c[c].start;
    }
    for (uint32_t j = 0; !rc && j < r->ndag; j++)
        r->dag[j].picks = pold_picks(d.pol, j);
    if (d.oom && !rc) {
        snprintf(err, errlen, "%s: out of memory running %s", e->file, policy);
        rc = -1;
    }
    r->bytes_queue_peak = evq_bytes(&d.q);
    r->bytes_tasks += d.place_peak;
    for (uint32_t j = 0; d.place && j < r->ndag; j++)
        free(d.place[j]);
    free(d.place);
    evq_free(&d.q);
    pold_destroy(d.pol);
    for (unsigned s = 0; d.sp && s < e->njobs; s++) {
        if (d.sp[s].built)
            dag_built_free(&d.sp[s].b);
        dag_input_free(&d.sp[s].in);
    }
    free(d.sp);
    free(d.c);
    run_close(r);
    if (rc)
        run_result_free(r);
    return rc;
}

/* Each job spec's makespan alone on the machine: one copy arriving at 0,
 * nothing else, no time limit, same policy and CPUs. */
static int alone_makespans(const struct exp *e, const char *policy, uint64_t *alone, char *err,
                           size_t errlen)
{
    struct exp *a = malloc(sizeof *a);
    if (!a) {
        snprintf(err, errlen, "%s: out of memory", e->file);
        return -1;
    }
    int rc = 0;
    for (unsigned s = 0; !rc && s < e->njobs; s++) {
        memcpy(a, e, sizeof *a);
        a->njobs = 1;
        a->jobs[0] = e->jobs[s];
        a->jobs[0].count = 1;
        a->jobs[0].arr = ARR_START;
        a->jobs[0].arr_at = 0;
        a->jobs[0].arr_times = NULL;
        a->njob_instances = 1;
        a->duration = UINT64_MAX / 2;
        struct run_result ra;
        rc = run_once(a, policy, 0, NULL, &ra, err, errlen);
        if (!rc) {
            alone[s] = ra.dag[0].finish;
            run_result_free(&ra);
        }
    }
    free(a);
    return rc;
}

int dagrun_run(const struct exp *e, const char *policy, uint64_t seed, FILE *tracef,
               struct run_result *r, char *err, size_t errlen)
{
    int rc = run_once(e, policy, seed, tracef, r, err, errlen);
    if (rc)
        return rc;
    uint64_t alone[EXP_MAX_JOBS];
    if (alone_makespans(e, policy, alone, err, errlen)) {
        run_result_free(r);
        return -1;
    }
    for (uint32_t j = 0; j < r->ndag; j++)
        r->dag[j].alone = alone[r->dag[j].spec];
    return 0;
}
