/*
 * Well-behaved programs: hello (prints, sleeps, prints; with arg 1 it exits
 * at once, which is how the boot-time measure ends) and counter (yields and
 * reads the clock arg times, checking that time never goes backwards).
 */
#include "ulib.h"

int prog_hello(uint64_t arg)
{
    if (arg == 1)
        return 0;
    phx_printf("hello: running in ring 3, time %lu ns\n", phx_time());
    phx_sleep(3000000);
    phx_printf("hello: slept, time %lu ns, done\n", phx_time());
    return 0;
}

int prog_counter(uint64_t arg)
{
    uint64_t last = phx_time();
    for (uint64_t i = 0; i < arg; i++) {
        phx_yield();
        uint64_t t = phx_time();
        if (t < last) {
            phx_printf("counter: time went backwards (%lu < %lu)\n", t, last);
            return 1;
        }
        last = t;
    }
    phx_printf("counter: %lu rounds done\n", arg);
    return 0;
}
