/*
 * Force-included (-include) into the core_ct copy of libcore only: makes
 * libcore's CORE_DECLASSIFY seam (libcore/src/ct_seam.h) tell valgrind that
 * a value derived from secrets is public by definition (ML-KEM's rho, an
 * AEAD accept/reject decision). Every other build keeps the seam empty.
 */
#pragma once

#include <valgrind/memcheck.h>

#define CORE_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
