/*
 * GPS fluid reference (see gps.h).
 */
#include "gps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NOPOS UINT32_MAX

int gps_init(struct gps *g, unsigned ncpu, uint32_t ntasks)
{
    memset(g, 0, sizeof *g);
    g->ncpu = ncpu;
    g->ntasks = ntasks;
    size_t n = ntasks ? ntasks : 1;
    g->heap = malloc(n * sizeof *g->heap);
    g->pos = malloc(n * sizeof *g->pos);
    g->w = calloc(n, sizeof *g->w);
    g->F = calloc(n, sizeof *g->F);
    g->v0 = calloc(n, sizeof *g->v0);
    g->S = calloc(n, sizeof *g->S);
    if (!g->heap || !g->pos || !g->w || !g->F || !g->v0 || !g->S) {
        gps_free(g);
        return -1;
    }
    for (uint32_t i = 0; i < ntasks; i++)
        g->pos[i] = NOPOS;
    return 0;
}

void gps_free(struct gps *g)
{
    free(g->heap);
    free(g->pos);
    free(g->w);
    free(g->F);
    free(g->v0);
    free(g->S);
    memset(g, 0, sizeof *g);
}

void gps_set_weight(struct gps *g, uint32_t id, uint32_t w)
{
    g->w[id] = w;
}

static int less(const struct gps *g, uint32_t a, uint32_t b)
{
    return g->F[a] < g->F[b] || (g->F[a] == g->F[b] && a < b);
}

static void place(struct gps *g, uint32_t i, uint32_t id)
{
    g->heap[i] = id;
    g->pos[id] = i;
}

static void sift_up(struct gps *g, uint32_t i)
{
    uint32_t id = g->heap[i];
    while (i > 0 && less(g, id, g->heap[(i - 1) / 2])) {
        place(g, i, g->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    place(g, i, id);
}

static void sift_down(struct gps *g, uint32_t i)
{
    uint32_t id = g->heap[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= g->len)
            break;
        if (c + 1 < g->len && less(g, g->heap[c + 1], g->heap[c]))
            c++;
        if (!less(g, g->heap[c], id))
            break;
        place(g, i, g->heap[c]);
        i = c;
    }
    place(g, i, id);
}

/* Take id out of the backlog, crediting its service up to V. */
static void leave(struct gps *g, uint32_t id, double v)
{
    uint32_t i = g->pos[id];
    g->S[id] += (double)g->w[id] * (v - g->v0[id]);
    g->pos[id] = NOPOS;
    g->n--;
    g->W -= g->w[id];
    uint32_t last = g->heap[--g->len];
    if (i < g->len) {
        place(g, i, last);
        sift_up(g, g->pos[last]);
        sift_down(g, g->pos[last]);
    }
}

void gps_advance(struct gps *g, uint64_t now)
{
    double t = (double)now;
    while (g->n) {
        double rate = (double)(g->n < g->ncpu ? g->n : g->ncpu) / (double)g->W;
        uint32_t top = g->heap[0];
        double dt = (g->F[top] - g->V) / rate;
        if (!isfinite(g->F[top]) || g->t_last + dt > t)
            break;
        if (dt > 0)
            g->t_last += dt;
        if (g->F[top] > g->V)
            g->V = g->F[top];
        leave(g, top, g->F[top]);
    }
    if (g->n && t > g->t_last)
        g->V += (t - g->t_last) * (double)(g->n < g->ncpu ? g->n : g->ncpu) / (double)g->W;
    if (t > g->t_last)
        g->t_last = t;
}

void gps_add(struct gps *g, uint64_t now, uint32_t id, uint64_t demand)
{
    gps_advance(g, now);
    double d = demand == GPS_ENDLESS ? INFINITY : (double)demand / (double)g->w[id];
    if (g->pos[id] != NOPOS) {
        g->F[id] += d;
        sift_down(g, g->pos[id]);
        return;
    }
    g->v0[id] = g->V;
    g->F[id] = g->V + d;
    g->n++;
    g->W += g->w[id];
    place(g, g->len++, id);
    sift_up(g, g->len - 1);
}

void gps_cancel(struct gps *g, uint64_t now, uint32_t id)
{
    gps_advance(g, now);
    if (g->pos[id] != NOPOS)
        leave(g, id, g->V);
}

double gps_service(const struct gps *g, uint32_t id)
{
    double s = g->S[id];
    if (g->pos[id] != NOPOS)
        s += (double)g->w[id] * (g->V - g->v0[id]);
    return s;
}
