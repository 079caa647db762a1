/*
 * Random layered DAGs (dag_gen.h). The tasks are cut into levels whose
 * widths scatter around n^fat by up to (1 - regularity); each task below the
 * first level takes at least one parent from the level just above (so the
 * level structure is real) plus, with probability `density`, each other
 * task of the `jump` levels above. Every edge goes from a lower level to a
 * higher one, so the result is acyclic by construction. A splitmix64 stream
 * drives every choice.
 */
#include "dag_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 bits. */
static double unit(uint64_t *s)
{
    return (double)(rnd(s) >> 11) * (1.0 / 9007199254740992.0);
}

void dag_gen_defaults(struct dag_gen_params *p)
{
    *p = (struct dag_gen_params){.n = 100, .fat = 0.5, .regularity = 0.9, .density = 0.5,
                                 .jump = 1, .ccr = 0.0, .cost = 20, .classes = 1,
                                 .hetero = 0.5, .seed = 1};
}

int dag_gen_parse(const char *spec, struct dag_gen_params *p, struct dag_errbuf *err)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            dag_err_set(err, "gen", 0, "'%s' is not key=value", tok);
            return -1;
        }
        *eq = 0;
        const char *k = tok, *v = eq + 1;
        char *end;
        double d = strtod(v, &end);
        if (*end || !*v || d < 0) {
            dag_err_set(err, "gen", 0, "%s=%s is not a non-negative number", k, v);
            return -1;
        }
        if (!strcmp(k, "n") && d >= 1 && d <= DAG_MAX_NODES)
            p->n = (uint32_t)d;
        else if (!strcmp(k, "fat") && d > 0 && d <= 1)
            p->fat = d;
        else if (!strcmp(k, "regularity") && d <= 1)
            p->regularity = d;
        else if (!strcmp(k, "density") && d <= 1)
            p->density = d;
        else if (!strcmp(k, "jump") && d >= 1 && d <= 1000)
            p->jump = (uint32_t)d;
        else if (!strcmp(k, "ccr") && d <= 1000)
            p->ccr = d;
        else if (!strcmp(k, "cost") && d >= 1 && d <= 1e6)
            p->cost = (uint64_t)d;
        else if (!strcmp(k, "classes") && d >= 1 && d <= DAG_MAX_CLASSES)
            p->classes = (uint32_t)d;
        else if (!strcmp(k, "hetero") && d < 1)
            p->hetero = d;
        else if (!strcmp(k, "seed"))
            p->seed = (uint64_t)d;
        else {
            dag_err_set(err, "gen", 0, "unknown key or value out of range: %s=%s", k, v);
            return -1;
        }
    }
    return 0;
}

int dag_gen(const struct dag_gen_params *p, struct dag_input *in)
{
    uint64_t s = p->seed;
    dag_input_init(in, p->classes);
    uint32_t *level_start = malloc((p->n + 2) * sizeof *level_start);
    uint32_t nlev = 0, placed = 0;
    double width = pow((double)p->n, p->fat);
    /* Level widths. */
    while (placed < p->n) {
        double w = width * (1.0 + (1.0 - p->regularity) * (2.0 * unit(&s) - 1.0));
        uint32_t k = w < 1.0 ? 1 : (uint32_t)w;
        if (k > p->n - placed)
            k = p->n - placed;
        level_start[nlev++] = placed;
        placed += k;
    }
    level_start[nlev] = p->n;
    /* Tasks and their costs. */
    uint64_t *costs = malloc(p->classes * sizeof *costs);
    char name[32];
    for (uint32_t v = 0; v < p->n; v++) {
        uint64_t base = 1 + rnd(&s) % (2 * p->cost - 1);
        for (uint32_t k = 0; k < p->classes; k++) {
            double f = p->classes == 1 ? 1.0 : 1.0 + p->hetero * (2.0 * unit(&s) - 1.0);
            uint64_t c = (uint64_t)llround((double)base * f);
            costs[k] = c ? c : 1;
        }
        snprintf(name, sizeof name, "t%u", v);
        dag_input_node(in, name, costs);
    }
    free(costs);
    /* Edges: one parent from the level above, then the rest by density. */
    for (uint32_t l = 1; l < nlev; l++) {
        uint32_t lo = l > p->jump ? level_start[l - p->jump] : 0;
        uint32_t above = level_start[l - 1], here = level_start[l];
        for (uint32_t v = here; v < level_start[l + 1]; v++) {
            uint32_t must = above + (uint32_t)(rnd(&s) % (here - above));
            for (uint32_t u = lo; u < here; u++) {
                if (u != must && unit(&s) >= p->density)
                    continue;
                double mean = (double)p->cost * p->ccr;
                uint64_t comm = p->ccr > 0 ? (uint64_t)llround(mean * 2.0 * unit(&s)) : 0;
                dag_input_edge(in, u, v, comm, 0);
            }
        }
    }
    free(level_start);
    return 0;
}
