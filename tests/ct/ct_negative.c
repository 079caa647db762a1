/*
 * The constant-time check must be able to fail: this program branches on a
 * value marked secret, exactly the leak ct_mlkem looks for. ctest runs it
 * under valgrind and passes only if memcheck reports the conditional jump.
 */
#include <stdio.h>
#include <valgrind/memcheck.h>

int main(void)
{
    volatile unsigned char key[1] = {0x42};
    VALGRIND_MAKE_MEM_UNDEFINED((void *)key, 1);
    if (key[0] & 1) /* a secret-dependent branch */
        puts("odd");
    else
        puts("even");
    return 0;
}
