/*
 * Private to libcore: the constant-time test seam. CORE_DECLASSIFY(p, n)
 * marks n bytes at p that are computed from secrets but public by design
 * (ML-KEM's rho, which is published in ek; whether an AEAD tag matched,
 * which the caller sees anyway). It expands to nothing in every real build;
 * only the valgrind check in tests/ct force-includes ct_declassify.h, which
 * defines it first as VALGRIND_MAKE_MEM_DEFINED, so that memcheck accepts
 * these values and still reports every other use of a secret.
 */
#pragma once

#ifndef CORE_DECLASSIFY
#define CORE_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif
