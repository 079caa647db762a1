/*
 * System-call dispatch: the portable half of the user/kernel boundary
 * (phoenix/abi.h). The architecture's entry code collects the number and six
 * arguments and stores the result where user mode will find it.
 */
#pragma once

#include <stdint.h>

#include "phoenix/abi.h"

int64_t syscall_dispatch(uint64_t nr, const uint64_t args[6]);
