/*
 * The fluid reference for "CPU share against entitlement": generalized
 * processor sharing (GPS) on m CPUs, run beside the simulation on the same
 * demands. Every time a task brings work (arrival, wake-up with a burst,
 * periodic job release) the same demand enters an ideal fluid machine that
 * serves all backlogged tasks at once in proportion to their weights, no
 * task faster than one CPU, until its demand is served. A task's entitlement
 * is the service this machine gave it; lag is what the real schedule gave
 * minus that. Definitions: docs/simulator.md.
 *
 * Rates come from water-filling: classes of equal weight (the experiment's
 * groups), heaviest first, get a full CPU per task while w * m_left >=
 * W_left; the rest share what is left as w * m_left / W_left. Each class
 * keeps its own virtual time V_c (service per task so far) and a heap of
 * finish tags, so a demand costs O(log n) and a rate change O(classes).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define GPS_ENDLESS UINT64_MAX

struct gps_class {
    uint64_t w;
    uint32_t n;          /* backlogged tasks */
    double V, rate;      /* service per task so far; current rate per task */
    uint32_t *heap, len; /* backlogged ids by finish tag */
};

struct gps {
    unsigned ncpu, nclass;
    uint32_t ntasks;
    double t_last;
    int dirty; /* rates need recomputing */
    struct gps_class *c;
    unsigned *order;     /* classes by weight, heaviest first */
    uint32_t *cls, *pos; /* per task: class, heap position (UINT32_MAX: idle) */
    double *F, *v0, *S;  /* per task: finish tag, V_c at joining, service */
    uint32_t *heap_mem;
};

/* class_of[ntasks] gives each task's class; weight[nclass] each class's
 * weight (>= 1). Returns 0 or -1 (no memory). */
int gps_init(struct gps *g, unsigned ncpu, uint32_t ntasks, unsigned nclass,
             const uint32_t *class_of, const uint32_t *weight);
void gps_free(struct gps *g);
/* Task id brings `demand` ns of work at time now (GPS_ENDLESS: never ends). */
void gps_add(struct gps *g, uint64_t now, uint32_t id, uint64_t demand);
/* Task id leaves with its demand unserved (killed). */
void gps_cancel(struct gps *g, uint64_t now, uint32_t id);
/* Bring the fluid machine to time now. */
void gps_advance(struct gps *g, uint64_t now);
/* Service the fluid machine has given task id up to the last advance. */
double gps_service(const struct gps *g, uint32_t id);
/* Bytes held per task (for the memory figure). */
size_t gps_bytes_per_task(void);
