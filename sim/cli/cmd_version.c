/*
 * `phoenix-sim version`: prints the Phoenix version the simulator was built
 * from, the same string results files record.
 */
#include <stdio.h>
#include <string.h>

int cmd_version(int argc, char **argv);

int cmd_version(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: phoenix-sim version\nprints the Phoenix version\n");
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "phoenix-sim version: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    printf("phoenix %s\n", PHOENIX_VERSION);
    return 0;
}
