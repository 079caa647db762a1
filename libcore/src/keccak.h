/*
 * Private to libcore: the Keccak-f[1600] permutation (keccak.c), used by the
 * sponge in sha3.c. Not part of the public API.
 */
#pragma once

#include <stdint.h>

/* Apply the 24-round Keccak-f[1600] permutation to the state in place.
 * Lane (x, y) is s[x + 5y]. */
void keccak_f1600(uint64_t s[25]);
