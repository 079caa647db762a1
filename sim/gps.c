/*
 * GPS fluid reference with per-task rate cap, by weight classes (see gps.h).
 */
#include "gps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NOPOS UINT32_MAX

size_t gps_bytes_per_task(void)
{
    return 3 * sizeof(uint32_t) + 3 * sizeof(double);
}

int gps_init(struct gps *g, unsigned ncpu, uint32_t ntasks, unsigned nclass,
             const uint32_t *class_of, const uint32_t *weight)
{
    memset(g, 0, sizeof *g);
    g->ncpu = ncpu;
    g->ntasks = ntasks;
    g->nclass = nclass;
    size_t n = ntasks ? ntasks : 1;
    g->c = calloc(nclass ? nclass : 1, sizeof *g->c);
    g->order = calloc(nclass ? nclass : 1, sizeof *g->order);
    g->cls = malloc(n * sizeof *g->cls);
    g->pos = malloc(n * sizeof *g->pos);
    g->heap_mem = malloc(n * sizeof *g->heap_mem);
    g->F = calloc(n, sizeof *g->F);
    g->v0 = calloc(n, sizeof *g->v0);
    g->S = calloc(n, sizeof *g->S);
    if (!g->c || !g->order || !g->cls || !g->pos || !g->heap_mem || !g->F || !g->v0 || !g->S) {
        gps_free(g);
        return -1;
    }
    /* Each class's heap gets a slice of heap_mem as large as the class. */
    uint32_t *size = calloc(nclass ? nclass : 1, sizeof *size);
    if (!size) {
        gps_free(g);
        return -1;
    }
    for (uint32_t i = 0; i < ntasks; i++) {
        g->cls[i] = class_of[i];
        g->pos[i] = NOPOS;
        size[class_of[i]]++;
    }
    uint32_t off = 0;
    for (unsigned c = 0; c < nclass; c++) {
        g->c[c].w = weight[c];
        g->c[c].heap = g->heap_mem + off;
        off += size[c];
        g->order[c] = c;
    }
    free(size);
    /* Heaviest first (insertion sort: a few classes). */
    for (unsigned a = 1; a < nclass; a++) {
        unsigned x = g->order[a], b = a;
        for (; b > 0 && g->c[g->order[b - 1]].w < g->c[x].w; b--)
            g->order[b] = g->order[b - 1];
        g->order[b] = x;
    }
    return 0;
}

void gps_free(struct gps *g)
{
    free(g->c);
    free(g->order);
    free(g->cls);
    free(g->pos);
    free(g->heap_mem);
    free(g->F);
    free(g->v0);
    free(g->S);
    memset(g, 0, sizeof *g);
}

/* ---- per-class heaps on finish tags ---- */

static int less(const struct gps *g, uint32_t a, uint32_t b)
{
    return g->F[a] < g->F[b] || (g->F[a] == g->F[b] && a < b);
}

static void put(struct gps *g, struct gps_class *c, uint32_t i, uint32_t id)
{
    c->heap[i] = id;
    g->pos[id] = i;
}

static void sift_up(struct gps *g, struct gps_class *c, uint32_t i)
{
    uint32_t id = c->heap[i];
    while (i > 0 && less(g, id, c->heap[(i - 1) / 2])) {
        put(g, c, i, c->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    put(g, c, i, id);
}

static void sift_down(struct gps *g, struct gps_class *c, uint32_t i)
{
    uint32_t id = c->heap[i];
    for (;;) {
        uint32_t k = 2 * i + 1;
        if (k >= c->len)
            break;
        if (k + 1 < c->len && less(g, c->heap[k + 1], c->heap[k]))
            k++;
        if (!less(g, c->heap[k], id))
            break;
        put(g, c, i, c->heap[k]);
        i = k;
    }
    put(g, c, i, id);
}

/* Take id out of the backlog, crediting its service up to the class's V. */
static void leave(struct gps *g, uint32_t id)
{
    struct gps_class *c = &g->c[g->cls[id]];
    uint32_t i = g->pos[id];
    g->S[id] += c->V - g->v0[id];
    g->pos[id] = NOPOS;
    c->n--;
    g->dirty = 1;
    uint32_t last = c->heap[--c->len];
    if (i < c->len) {
        put(g, c, i, last);
        sift_up(g, c, g->pos[last]);
        sift_down(g, c, g->pos[last]);
    }
}

/* Water-filling: heaviest classes take a whole CPU per task while their
 * proportional share would exceed one; the others share the rest. */
static void rates(struct gps *g)
{
    double m = (double)g->ncpu, W = 0;
    for (unsigned c = 0; c < g->nclass; c++)
        W += (double)g->c[c].n * (double)g->c[c].w;
    unsigned k = 0;
    for (; k < g->nclass; k++) {
        struct gps_class *c = &g->c[g->order[k]];
        if (!c->n)
            continue;
        if ((double)c->w * m < W)
            break;
        c->rate = 1;
        m -= c->n;
        W -= (double)c->n * (double)c->w;
    }
    for (; k < g->nclass; k++) {
        struct gps_class *c = &g->c[g->order[k]];
        c->rate = W > 0 ? (double)c->w * m / W : 0;
    }
    g->dirty = 0;
}

static void run_for(struct gps *g, double dt)
{
    for (unsigned c = 0; c < g->nclass; c++)
        if (g->c[c].n)
            g->c[c].V += g->c[c].rate * dt;
    g->t_last += dt;
}

void gps_advance(struct gps *g, uint64_t now)
{
    double t = (double)now;
    for (;;) {
        if (g->dirty)
            rates(g);
        /* The next fluid completion over all classes. */
        double best = INFINITY;
        unsigned bc = 0;
        for (unsigned c = 0; c < g->nclass; c++) {
            struct gps_class *k = &g->c[c];
            if (!k->n || !isfinite(g->F[k->heap[0]]) || k->rate <= 0)
                continue;
            double dt = (g->F[k->heap[0]] - k->V) / k->rate;
            if (dt < best) {
                best = dt;
                bc = c;
            }
        }
        if (!isfinite(best) || g->t_last + best > t)
            break;
        run_for(g, best > 0 ? best : 0);
        struct gps_class *k = &g->c[bc];
        uint32_t top = k->heap[0];
        if (g->F[top] > k->V)
            k->V = g->F[top];
        leave(g, top);
    }
    if (t > g->t_last)
        run_for(g, t - g->t_last);
}

void gps_add(struct gps *g, uint64_t now, uint32_t id, uint64_t demand)
{
    gps_advance(g, now);
    struct gps_class *c = &g->c[g->cls[id]];
    double d = demand == GPS_ENDLESS ? INFINITY : (double)demand;
    if (g->pos[id] != NOPOS) {
        g->F[id] += d;
        sift_down(g, c, g->pos[id]);
        return;
    }
    g->v0[id] = c->V;
    g->F[id] = c->V + d;
    c->n++;
    g->dirty = 1;
    put(g, c, c->len++, id);
    sift_up(g, c, c->len - 1);
}

void gps_cancel(struct gps *g, uint64_t now, uint32_t id)
{
    gps_advance(g, now);
    if (g->pos[id] != NOPOS)
        leave(g, id);
}

double gps_service(const struct gps *g, uint32_t id)
{
    double s = g->S[id];
    if (g->pos[id] != NOPOS)
        s += g->c[g->cls[id]].V - g->v0[id];
    return s;
}
