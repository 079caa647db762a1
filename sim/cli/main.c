/*
 * phoenix-sim: the simulator's command line. Dispatches to one subcommand
 * per file (sim/cli/cmd_<name>.c, gathered by the build into
 * sim_registry.h). Exit status: 0 success, 1 run-time failure, 2 bad usage or
 * bad input.
 */
#include <stdio.h>
#include <string.h>

#include "sim_registry.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: phoenix-sim COMMAND [options]\n\ncommands:\n");
    for (const struct registry_entry *e = registry; e->name; e++)
        fprintf(f, "  %s\n", e->name);
    fprintf(f, "\n'phoenix-sim COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (const struct registry_entry *e = registry; e->name; e++) {
        if (!strcmp(e->name, argv[1]))
            return e->run(argc - 1, argv + 1);
    }
    fprintf(stderr, "phoenix-sim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
