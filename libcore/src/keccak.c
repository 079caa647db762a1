/*
 * Keccak-f[1600], the permutation under SHA-3 and SHAKE (FIPS 202, section 3).
 * This is the bottom layer of libcore's hashing: sha3.c builds the sponge on
 * it, and ML-KEM spends most of its time here (matrix sampling, noise,
 * hashing the keys), so the round is written out lane by lane with the 25
 * lanes in local variables instead of indexed arrays: the compiler then keeps
 * the hot lanes in registers and every rotation amount is a constant.
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
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull,
    0x8000000080008000ull, 0x000000000000808bull, 0x0000000080000001ull,
    0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull,
    0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
    0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull,
    0x000000000000800aull, 0x800000008000000aull, 0x8000000080008081ull,
    0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

void keccak_f1600(uint64_t s[25])
{
    /* aXY is lane (x, y); bXY the lanes after rho and pi. */
    uint64_t a00 = s[0], a10 = s[1], a20 = s[2], a30 = s[3], a40 = s[4];
    uint64_t a01 = s[5], a11 = s[6], a21 = s[7], a31 = s[8], a41 = s[9];
    uint64_t a02 = s[10], a12 = s[11], a22 = s[12], a32 = s[13], a42 = s[14];
    uint64_t a03 = s[15], a13 = s[16], a23 = s[17], a33 = s[18], a43 = s[19];
    uint64_t a04 = s[20], a14 = s[21], a24 = s[22], a34 = s[23], a44 = s[24];
    uint64_t b00, b10, b20, b30, b40, b01, b11, b21, b31, b41, b02, b12, b22, b32, b42;
    uint64_t b03, b13, b23, b33, b43, b04, b14, b24, b34, b44;
    uint64_t c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;

    for (int round = 0; round < 24; round++) {
        /* theta: column parities C[x] and the mix D[x] = C[x-1] ^ rotl(C[x+1], 1) */
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
        /* rho and pi: B[y][2x+3y] = rotl(A[x][y] ^ D[x], r[x][y]) */
        b00 = a00 ^ d0;
        b02 = ROTL(a10 ^ d1, 1);
        b04 = ROTL(a20 ^ d2, 62);
        b01 = ROTL(a30 ^ d3, 28);
        b03 = ROTL(a40 ^ d4, 27);
        b13 = ROTL(a01 ^ d0, 36);
        b10 = ROTL(a11 ^ d1, 44);
        b12 = ROTL(a21 ^ d2, 6);
        b14 = ROTL(a31 ^ d3, 55);
        b11 = ROTL(a41 ^ d4, 20);
        b21 = ROTL(a02 ^ d0, 3);
        b23 = ROTL(a12 ^ d1, 10);
        b20 = ROTL(a22 ^ d2, 43);
        b22 = ROTL(a32 ^ d3, 25);
        b24 = ROTL(a42 ^ d4, 39);
        b34 = ROTL(a03 ^ d0, 41);
        b31 = ROTL(a13 ^ d1, 45);
        b33 = ROTL(a23 ^ d2, 15);
        b30 = ROTL(a33 ^ d3, 21);
        b32 = ROTL(a43 ^ d4, 8);
        b42 = ROTL(a04 ^ d0, 18);
        b44 = ROTL(a14 ^ d1, 2);
        b41 = ROTL(a24 ^ d2, 61);
        b43 = ROTL(a34 ^ d3, 56);
        b40 = ROTL(a44 ^ d4, 14);
        /* chi: A[x][y] = B[x][y] ^ (~B[x+1][y] & B[x+2][y]) */
        a00 = b00 ^ (~b10 & b20);
        a10 = b10 ^ (~b20 & b30);
        a20 = b20 ^ (~b30 & b40);
        a30 = b30 ^ (~b40 & b00);
        a40 = b40 ^ (~b00 & b10);
        a01 = b01 ^ (~b11 & b21);
        a11 = b11 ^ (~b21 & b31);
        a21 = b21 ^ (~b31 & b41);
        a31 = b31 ^ (~b41 & b01);
        a41 = b41 ^ (~b01 & b11);
        a02 = b02 ^ (~b12 & b22);
        a12 = b12 ^ (~b22 & b32);
        a22 = b22 ^ (~b32 & b42);
        a32 = b32 ^ (~b42 & b02);
        a42 = b42 ^ (~b02 & b12);
        a03 = b03 ^ (~b13 & b23);
        a13 = b13 ^ (~b23 & b33);
        a23 = b23 ^ (~b33 & b43);
        a33 = b33 ^ (~b43 & b03);
        a43 = b43 ^ (~b03 & b13);
        a04 = b04 ^ (~b14 & b24);
        a14 = b14 ^ (~b24 & b34);
        a24 = b24 ^ (~b34 & b44);
        a34 = b34 ^ (~b44 & b04);
        a44 = b44 ^ (~b04 & b14);
        /* iota */
        a00 ^= keccak_rc[round];
    }

    s[0] = a00, s[1] = a10, s[2] = a20, s[3] = a30, s[4] = a40;
    s[5] = a01, s[6] = a11, s[7] = a21, s[8] = a31, s[9] = a41;
    s[10] = a02, s[11] = a12, s[12] = a22, s[13] = a32, s[14] = a42;
    s[15] = a03, s[16] = a13, s[17] = a23, s[18] = a33, s[19] = a43;
    s[20] = a04, s[21] = a14, s[22] = a24, s[23] = a34, s[24] = a44;
}
