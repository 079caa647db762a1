/*
 * Constant-time check for ChaCha20-Poly1305 (core/aead.h), run under
 * valgrind like ct_mlkem: the key and the plaintext are marked undefined, so
 * memcheck reports any branch or address that depends on them in seal,
 * open (accepting and rejecting) or the Poly1305 reduction. The accept /
 * reject result itself is public, so it is marked defined before use.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "core/aead.h"

int main(void)
{
    uint8_t key[32], nonce[12] = {7}, ad[20], pt[300], ct[300], back[300], tag[16];
    for (int i = 0; i < 32; i++)
        key[i] = (uint8_t)(3 * i + 1);
    for (int i = 0; i < 300; i++)
        pt[i] = (uint8_t)i;
    memset(ad, 0xad, sizeof ad);
    int failures = 0;
    for (size_t len = 0; len <= sizeof pt; len += 61) {
        VALGRIND_MAKE_MEM_UNDEFINED(key, sizeof key);
        VALGRIND_MAKE_MEM_UNDEFINED(pt, len);
        int rc = aead_seal(ct, tag, key, nonce, ad, sizeof ad, pt, len);
        VALGRIND_MAKE_MEM_DEFINED(&rc, sizeof rc);
        VALGRIND_MAKE_MEM_DEFINED(ct, len);
        VALGRIND_MAKE_MEM_DEFINED(tag, sizeof tag);
        rc |= aead_open(back, key, nonce, ad, sizeof ad, ct, len, tag);
        VALGRIND_MAKE_MEM_DEFINED(&rc, sizeof rc);
        VALGRIND_MAKE_MEM_DEFINED(back, len);
        VALGRIND_MAKE_MEM_DEFINED(pt, len);
        if (rc != 0 || memcmp(back, pt, len) != 0)
            failures++;
        tag[len % 16] ^= 1; /* the rejecting path too */
        rc = aead_open(back, key, nonce, ad, sizeof ad, ct, len, tag);
        VALGRIND_MAKE_MEM_DEFINED(&rc, sizeof rc);
        if (rc != AEAD_E_AUTH)
            failures++;
    }
    printf("ct_aead: %s\n", failures ? "FAILED" : "all lengths ran");
    return failures != 0;
}
