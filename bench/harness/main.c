/*
 * phoenix-bench: runs one benchmark area (bench/bench_<area>.c) and prints
 * its JSON on stdout. `phoenix-bench` alone lists the areas.
 */
#include <stdio.h>
#include <string.h>

#include "bench_registry.h"

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        FILE *f = argc < 2 ? stderr : stdout;
        fprintf(f, "usage: phoenix-bench AREA [options]\n\nareas:\n");
        for (const struct registry_entry *e = registry; e->name; e++)
            fprintf(f, "  %s\n", e->name);
        return argc < 2 ? 2 : 0;
    }
    for (const struct registry_entry *e = registry; e->name; e++) {
        if (!strcmp(e->name, argv[1]))
            return e->run(argc - 1, argv + 1);
    }
    fprintf(stderr, "phoenix-bench: unknown area '%s'\n", argv[1]);
    return 2;
}
