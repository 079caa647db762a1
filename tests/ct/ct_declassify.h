/*
 * Force-included (-include) into the core_ct copy of libcore only: makes
 * ML-KEM's MLKEM_DECLASSIFY seam tell valgrind that a value derived from
 * secrets is public by definition (rho, published in ek). Every other build
 * keeps the seam empty.
 */
#pragma once

#include <valgrind/memcheck.h>

#define MLKEM_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
