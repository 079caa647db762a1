/*
 * The fluid reference for "CPU share against entitlement": generalized
 * processor sharing (GPS) run beside the simulation on the same arrivals.
 * Every time a task brings work (arrival, wake-up with a burst, periodic job
 * release) the same demand enters an ideal fluid machine of m CPUs that
 * serves all backlogged tasks at once, task i at rate w_i * min(n, m) / W
 * (n backlogged tasks of total weight W), until its demand is served. A
 * task's entitlement is the service this fluid machine gave it; lag is what
 * the real schedule gave minus that. Definitions and limits:
 * docs/simulator.md.
 *
 * Virtual time V (service per unit weight) advances at min(n, m) / W; a
 * backlogged task's finish tag F = V at which its demand is met; a heap on F
 * finds the next fluid completion, so each operation is O(log n).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define GPS_ENDLESS UINT64_MAX

struct gps {
    unsigned ncpu;
    uint32_t ntasks;
    double V, t_last;
    uint64_t n, W;          /* backlogged tasks, their weight sum */
    uint32_t *heap, len;    /* backlogged task ids ordered by F */
    uint32_t *pos, *w;      /* heap position (UINT32_MAX: not backlogged), weight */
    double *F, *v0, *S;     /* finish tag, V at joining, service so far */
};

int gps_init(struct gps *g, unsigned ncpu, uint32_t ntasks);
void gps_free(struct gps *g);
void gps_set_weight(struct gps *g, uint32_t id, uint32_t w);
/* Task id brings `demand` ns of work at time now (GPS_ENDLESS: never ends). */
void gps_add(struct gps *g, uint64_t now, uint32_t id, uint64_t demand);
/* Task id leaves with its demand unserved (killed). */
void gps_cancel(struct gps *g, uint64_t now, uint32_t id);
/* Bring the fluid machine to time now. */
void gps_advance(struct gps *g, uint64_t now);
/* Service the fluid machine has given task id up to the last advance. */
double gps_service(const struct gps *g, uint32_t id);
