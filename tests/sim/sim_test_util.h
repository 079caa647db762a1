/*
 * Helpers shared by the simulator tests: write an experiment text to a
 * temporary file and load it. Header-only so each test binary stays one file.
 */
#pragma once

#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exp.h"

/* snprintf that stops the test instead of truncating a path or command
 * (and that gcc's -Wformat-truncation need not second-guess at -O2, where
 * it breaks the Release build of the tests). */
static inline void sim_fmt(char *out, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));
static inline void sim_fmt(char *out, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(out, n, f, ap);
    va_end(ap);
    if (r < 0 || (size_t)r >= n) {
        fprintf(stderr, "sim test: text too long for its %zu-byte buffer: %s\n", n, f);
        abort();
    }
}

/* Remove a results folder a test wrote (rm -rf), failing loudly. */
static inline void sim_rm_rf(const char *dir)
{
    char cmd[1100];
    sim_fmt(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "sim test: could not remove %s\n", dir);
        abort();
    }
}

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
