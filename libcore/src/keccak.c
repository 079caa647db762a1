/*
 * Keccak-f[1600], the permutation under SHA-3 and SHAKE (FIPS 202, section 3).
 * This is the bottom layer of libcore's hashing: sha3.c builds the sponge on
 * it, and ML-KEM spends most of its time here (matrix sampling, noise,
 * hashing the keys), so the round is written out lane by lane with the 25
 * lanes in local variables instead of indexed arrays: the compiler then keeps
 * the hot lanes in registers and every rotation amount is a constant. Each
 * output row is finished (rho, pi, chi) as soon as its five inputs are
 * ready, so only five temporaries are live besides the state; two rounds per
 * loop iteration ping-pong between the lane sets a.. and e.. instead of
 * copying.
 *
 * Lane (x, y) of the state is s[x + 5y] and holds bytes 8(x+5y)..8(x+5y)+7 of
 * the sponge, little-endian. The permutation has no data-dependent branch or
 * index, so it is constant time for any input.
 */
#include "keccak.h"

#define ROTL(v, n) (((v) << (n)) | ((v) >> (64 - (n))))

/* Round constants RC[i] of the iota step, from the LFSR rc(t) of FIPS 202
 * Algorithm 5 (bit 2^j - 1 of RC[i] is rc(j + 7i)). */
static const uint64_t keccak_rc[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

void keccak_f1600(uint64_t s[25])
{
    /* aXY / eXY is lane (x, y); b0..b4 one row after rho and pi. */
    uint64_t a00 = s[0], a10 = s[1], a20 = s[2], a30 = s[3], a40 = s[4];
    uint64_t a01 = s[5], a11 = s[6], a21 = s[7], a31 = s[8], a41 = s[9];
    uint64_t a02 = s[10], a12 = s[11], a22 = s[12], a32 = s[13], a42 = s[14];
    uint64_t a03 = s[15], a13 = s[16], a23 = s[17], a33 = s[18], a43 = s[19];
    uint64_t a04 = s[20], a14 = s[21], a24 = s[22], a34 = s[23], a44 = s[24];
    uint64_t e00, e10, e20, e30, e40, e01, e11, e21, e31, e41, e02, e12, e22, e32, e42;
    uint64_t e03, e13, e23, e33, e43, e04, e14, e24, e34, e44;
    uint64_t b0, b1, b2, b3, b4, c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;

    for (int round = 0; round < 24; round += 2) {
        /* round 2i: lanes a -> e */
        /* theta */
        c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
        c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
        c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
        c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
        c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
        d0 = c4 ^ ROTL(c1, 1);
        d1 = c0 ^ ROTL(c2, 1);
        d2 = c1 ^ ROTL(c3, 1);
        d3 = c2 ^ ROTL(c4, 1);
        d4 = c3 ^ ROTL(c0, 1);
        /* rho, pi and chi for output row y = 0 */
        b0 = a00 ^ d0;
        b1 = ROTL(a11 ^ d1, 44);
        b2 = ROTL(a22 ^ d2, 43);
        b3 = ROTL(a33 ^ d3, 21);
        b4 = ROTL(a44 ^ d4, 14);
        e00 = b0 ^ (~b1 & b2) ^ keccak_rc[round];
        e10 = b1 ^ (~b2 & b3);
        e20 = b2 ^ (~b3 & b4);
        e30 = b3 ^ (~b4 & b0);
        e40 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 1 */
        b0 = ROTL(a30 ^ d3, 28);
        b1 = ROTL(a41 ^ d4, 20);
        b2 = ROTL(a02 ^ d0, 3);
        b3 = ROTL(a13 ^ d1, 45);
        b4 = ROTL(a24 ^ d2, 61);
        e01 = b0 ^ (~b1 & b2);
        e11 = b1 ^ (~b2 & b3);
        e21 = b2 ^ (~b3 & b4);
        e31 = b3 ^ (~b4 & b0);
        e41 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 2 */
        b0 = ROTL(a10 ^ d1, 1);
        b1 = ROTL(a21 ^ d2, 6);
        b2 = ROTL(a32 ^ d3, 25);
        b3 = ROTL(a43 ^ d4, 8);
        b4 = ROTL(a04 ^ d0, 18);
        e02 = b0 ^ (~b1 & b2);
        e12 = b1 ^ (~b2 & b3);
        e22 = b2 ^ (~b3 & b4);
        e32 = b3 ^ (~b4 & b0);
        e42 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 3 */
        b0 = ROTL(a40 ^ d4, 27);
        b1 = ROTL(a01 ^ d0, 36);
        b2 = ROTL(a12 ^ d1, 10);
        b3 = ROTL(a23 ^ d2, 15);
        b4 = ROTL(a34 ^ d3, 56);
        e03 = b0 ^ (~b1 & b2);
        e13 = b1 ^ (~b2 & b3);
        e23 = b2 ^ (~b3 & b4);
        e33 = b3 ^ (~b4 & b0);
        e43 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 4 */
        b0 = ROTL(a20 ^ d2, 62);
        b1 = ROTL(a31 ^ d3, 55);
        b2 = ROTL(a42 ^ d4, 39);
        b3 = ROTL(a03 ^ d0, 41);
        b4 = ROTL(a14 ^ d1, 2);
        e04 = b0 ^ (~b1 & b2);
        e14 = b1 ^ (~b2 & b3);
        e24 = b2 ^ (~b3 & b4);
        e34 = b3 ^ (~b4 & b0);
        e44 = b4 ^ (~b0 & b1);
        /* round 2i + 1: lanes e -> a */
        /* theta */
        c0 = e00 ^ e01 ^ e02 ^ e03 ^ e04;
        c1 = e10 ^ e11 ^ e12 ^ e13 ^ e14;
        c2 = e20 ^ e21 ^ e22 ^ e23 ^ e24;
        c3 = e30 ^ e31 ^ e32 ^ e33 ^ e34;
        c4 = e40 ^ e41 ^ e42 ^ e43 ^ e44;
        d0 = c4 ^ ROTL(c1, 1);
        d1 = c0 ^ ROTL(c2, 1);
        d2 = c1 ^ ROTL(c3, 1);
        d3 = c2 ^ ROTL(c4, 1);
        d4 = c3 ^ ROTL(c0, 1);
        /* rho, pi and chi for output row y = 0 */
        b0 = e00 ^ d0;
        b1 = ROTL(e11 ^ d1, 44);
        b2 = ROTL(e22 ^ d2, 43);
        b3 = ROTL(e33 ^ d3, 21);
        b4 = ROTL(e44 ^ d4, 14);
        a00 = b0 ^ (~b1 & b2) ^ keccak_rc[round + 1];
        a10 = b1 ^ (~b2 & b3);
        a20 = b2 ^ (~b3 & b4);
        a30 = b3 ^ (~b4 & b0);
        a40 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 1 */
        b0 = ROTL(e30 ^ d3, 28);
        b1 = ROTL(e41 ^ d4, 20);
        b2 = ROTL(e02 ^ d0, 3);
        b3 = ROTL(e13 ^ d1, 45);
        b4 = ROTL(e24 ^ d2, 61);
        a01 = b0 ^ (~b1 & b2);
        a11 = b1 ^ (~b2 & b3);
        a21 = b2 ^ (~b3 & b4);
        a31 = b3 ^ (~b4 & b0);
        a41 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 2 */
        b0 = ROTL(e10 ^ d1, 1);
        b1 = ROTL(e21 ^ d2, 6);
        b2 = ROTL(e32 ^ d3, 25);
        b3 = ROTL(e43 ^ d4, 8);
        b4 = ROTL(e04 ^ d0, 18);
        a02 = b0 ^ (~b1 & b2);
        a12 = b1 ^ (~b2 & b3);
        a22 = b2 ^ (~b3 & b4);
        a32 = b3 ^ (~b4 & b0);
        a42 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 3 */
        b0 = ROTL(e40 ^ d4, 27);
        b1 = ROTL(e01 ^ d0, 36);
        b2 = ROTL(e12 ^ d1, 10);
        b3 = ROTL(e23 ^ d2, 15);
        b4 = ROTL(e34 ^ d3, 56);
        a03 = b0 ^ (~b1 & b2);
        a13 = b1 ^ (~b2 & b3);
        a23 = b2 ^ (~b3 & b4);
        a33 = b3 ^ (~b4 & b0);
        a43 = b4 ^ (~b0 & b1);
        /* rho, pi and chi for output row y = 4 */
        b0 = ROTL(e20 ^ d2, 62);
        b1 = ROTL(e31 ^ d3, 55);
        b2 = ROTL(e42 ^ d4, 39);
        b3 = ROTL(e03 ^ d0, 41);
        b4 = ROTL(e14 ^ d1, 2);
        a04 = b0 ^ (~b1 & b2);
        a14 = b1 ^ (~b2 & b3);
        a24 = b2 ^ (~b3 & b4);
        a34 = b3 ^ (~b4 & b0);
        a44 = b4 ^ (~b0 & b1);
    }

    s[0] = a00, s[1] = a10, s[2] = a20, s[3] = a30, s[4] = a40;
    s[5] = a01, s[6] = a11, s[7] = a21, s[8] = a31, s[9] = a41;
    s[10] = a02, s[11] = a12, s[12] = a22, s[13] = a32, s[14] = a42;
    s[15] = a03, s[16] = a13, s[17] = a23, s[18] = a33, s[19] = a43;
    s[20] = a04, s[21] = a14, s[22] = a24, s[23] = a34, s[24] = a44;
}
