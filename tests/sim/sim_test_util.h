/*
 * Helpers shared by the simulator tests: write an experiment text to a
 * temporary file and load it. Header-only so each test binary stays one file.
 */
#pragma once

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exp.h"

/* Write text to a fresh temporary .yaml file; path receives its name. */
static inline void write_tmp(char *path, size_t n, const char *text)
{
    static int counter;
    snprintf(path, n, "/tmp/phoenix-simtest-%ld-%d.yaml", (long)getpid(), counter++);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

/* Load text as an experiment; returns exp_load's result, err filled. */
static inline int load_text(struct exp *e, const char *text, char *err, size_t errlen, char *path,
                            size_t pathlen)
{
    write_tmp(path, pathlen, text);
    int rc = exp_load(e, path, err, errlen);
    return rc;
}

#include "platform.h"

/* The simulator tests link both test_support (whose fake platform the unit
 * tests use) and sim_lib; calling into sim/platform.c first makes the linker
 * take the simulator's plat_* hooks, the ones the simulator really runs. */
static inline void sim_test_platform(void)
{
    simplat_set_time(0);
}
