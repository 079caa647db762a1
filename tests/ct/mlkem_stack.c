/*
 * Measured stack depth of every ML-KEM entry point (the dynamic half of the
 * stack bound in docs/mlkem.md; stack_bound.py is the static half). Each
 * call runs on a thread whose stack we allocate and paint; afterwards the
 * deepest overwritten byte gives the high-water mark. A no-op thread gives
 * the baseline (thread start-up) that is subtracted.
 *
 * Usage: mlkem_stack LIMIT - exits 1 if any entry point uses more than
 * LIMIT bytes, and prints a JSON line per call.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mlkem.h"

#define STACK_BYTES (256 * 1024)
#define PAINT 0xa5

static uint8_t ek[MLKEM1024_EK_BYTES], dk[MLKEM1024_DK_BYTES], c[MLKEM1024_CT_BYTES];
static uint8_t seed[32] = {1, 2, 3}, key[32];
static int which, set;

static void *run(void *arg)
{
    (void)arg;
    static int (*const kg[3])(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *) = {
        mlkem512_keygen_derand, mlkem768_keygen_derand, mlkem1024_keygen_derand};
    static int (*const en[3])(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *) = {
        mlkem512_encaps_derand, mlkem768_encaps_derand, mlkem1024_encaps_derand};
    static int (*const de[3])(uint8_t *, const uint8_t *, const uint8_t *) = {
        mlkem512_decaps, mlkem768_decaps, mlkem1024_decaps};
    static int (*const kr[3])(uint8_t *, uint8_t *) = {mlkem512_keygen, mlkem768_keygen,
                                                       mlkem1024_keygen};
    static int (*const er[3])(uint8_t *, uint8_t *, const uint8_t *) = {
        mlkem512_encaps, mlkem768_encaps, mlkem1024_encaps};
    int rc = 0;
    switch (which) {
    case 1:
        rc = kg[set](ek, dk, seed, seed);
        break;
    case 2:
        rc = en[set](c, key, ek, seed);
        break;
    case 3:
        rc = de[set](key, c, dk);
        break;
    case 4:
        rc = kr[set](ek, dk);
        break;
    case 5:
        rc = er[set](c, key, ek);
        break;
    default:
        break;
    }
    return (void *)(long)rc;
}

/* Bytes of the painted stack that the thread overwrote. */
static size_t measure(void)
{
    static uint8_t *stack;
    if (!stack && posix_memalign((void **)&stack, 4096, STACK_BYTES))
        abort();
    memset(stack, PAINT, STACK_BYTES);
    pthread_attr_t attr;
    pthread_t t;
    void *ret;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack, STACK_BYTES);
    if (pthread_create(&t, &attr, run, NULL) || pthread_join(t, &ret) || ret != NULL) {
        fprintf(stderr, "mlkem_stack: call %d of set %d failed\n", which, set);
        exit(1);
    }
    pthread_attr_destroy(&attr);
    size_t i = 0;
    while (i < STACK_BYTES && stack[i] == PAINT)
        i++;
    return STACK_BYTES - i;
}

int main(int argc, char **argv)
{
    if (argc != 2 || atol(argv[1]) <= 0) {
        fprintf(stderr, "usage: mlkem_stack LIMIT_BYTES\n");
        return 2;
    }
    size_t limit = (size_t)atol(argv[1]), worst = 0;
    static const char *names[] = {"",       "keygen_derand", "encaps_derand",
                                  "decaps", "keygen",        "encaps"};
    static const char *sets[] = {"512", "768", "1024"};
    which = 0;
    size_t base = measure();
    for (set = 0; set < 3; set++) {
        for (which = 1; which <= 5; which++) {
            size_t used = measure() - base;
            printf("{\"set\": \"ML-KEM-%s\", \"call\": \"%s\", \"stack_bytes\": %zu}\n", sets[set],
                   names[which], used);
            if (used > worst)
                worst = used;
        }
    }
    printf("mlkem_stack: deepest %zu bytes, limit %zu\n", worst, limit);
    return worst <= limit ? 0 : 1;
}
