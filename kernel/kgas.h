/*
 * The kernel's gas pool (libcore core/gas.h): one account per domain, the
 * published cost table, and the refill tick. An account's id is the index
 * libcore gives it; capabilities carry gas_ref() references.
 */
#pragma once

#include <stdint.h>

#include "core/gas.h"

/* The cost table: gas per microsecond of running time and per operation. */
#define KGAS_TIME_UNIT_NS 1000u /* 1 gas buys 1 us of CPU */
#define KGAS_COST_SYSCALL 1u
#define KGAS_COST_IPC 5u
#define KGAS_COST_CAP 2u

extern struct gas_pool kgas_pool;

void kgas_init(void);
/* Refill due accounts and unthrottle the domains they belong to. */
void kgas_tick(uint64_t now_ns);
/* Unthrottle the domain whose account is acct (after a donation). */
void kgas_unthrottle(uint32_t acct);
