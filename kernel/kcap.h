/*
 * The kernel's use of libcore's capability system (core/cap.h). Space 0
 * belongs to the kernel and holds the roots: the console endpoint, the
 * scheduler, and for every live domain its domain object and its gas
 * account. Domain table slot i owns space i + 1. Everything a user domain
 * can name, it names by a handle in its own space, derived from a root, so
 * revoking a root (or any cap in between) reaches every copy in every domain.
 */
#pragma once

#include <stdint.h>

#include "core/cap.h"
#include "param.h"

struct domain;

#define KCAP_KERNEL_SPACE 0u
#define KCAP_DOMAIN_SLOTS 64u                 /* capability slots per domain */
#define KCAP_TRANSIT_SPACE (MAX_DOMAINS + 1u) /* libcore IPC's capabilities in flight */

extern struct cap_system kcap_sys;

void kcap_init(void);
uint32_t kcap_space(const struct domain *d);
/* libcore's check of handle h in d's space (type, rights, expiry at now). */
int kcap_check(const struct domain *d, cap_handle h, unsigned type, uint32_t rights, uint64_t *obj);
/* A new root capability in the kernel's space. */
int kcap_root(uint8_t type, uint64_t obj, struct cap_loc *out);
/* Derive src into d's space with the given rights. */
int kcap_derive_to(struct cap_loc src, const struct domain *d, uint32_t rights, cap_handle *out);
/* Revoke and delete a kernel root (everything derived from it dies). */
void kcap_drop_root(struct cap_loc *root);
/* Delete every capability in d's space (its derived children move up to
 * their grandparents, so revocations above still reach them). */
void kcap_clear(const struct domain *d);
/* The console and scheduler roots. */
struct cap_loc kcap_console(void);
struct cap_loc kcap_sched(void);
