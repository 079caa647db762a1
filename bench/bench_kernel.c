/*
 * phoenix-bench kernel: boots the kernel's `bench` scenario in QEMU under
 * -icount shift=0 (deterministic: the TSC advances one per instruction) and
 * reports, per operation, instructions and rdtsc cycles for the null system
 * call round trip, the capability check, the scheduler pick, the context
 * switch between two domains, the IPC call/reply round trip between two
 * domains through the register calls (ipc_call_reply) and through the
 * buffer calls (ipc_call_reply_buf), and one ML-KEM-768 channel handshake
 * in ring 3 (chan_handshake), with trace output on and off. It also times
 * boot to the first user instruction (wall clock, QEMU start included,
 * median of --boots runs of the `boot` scenario) and reports the image size.
 *
 * Options: --elf PATH (default: the build's phoenix.elf), --qemu PATH,
 * --boots N (default 10).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#ifndef PHOENIX_KERNEL_ELF
#define PHOENIX_KERNEL_ELF "build/kernel/phoenix.elf"
#endif

#define MAX_RESULTS 16

struct kresult {
    char name[32];
    unsigned long ops, cycles;
};

/* Boot one scenario; the console goes to `console`. Returns QEMU's status. */
static int boot(const char *qemu, const char *elf, const char *append, const char *console)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "timeout 120 '%s' -kernel '%s' -append '%s' -nodefaults -display none -machine pc "
             "-m 128M -no-reboot -icount shift=0,sleep=off "
             "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial file:'%s' -serial null",
             qemu, elf, append, console);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int read_results(const char *console, struct kresult *r, int max)
{
    FILE *f = fopen(console, "r");
    if (!f)
        return -1;
    char line[512];
    int n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        if (sscanf(line, "bench %31s ops=%lu cycles=%lu", r[n].name, &r[n].ops, &r[n].cycles) == 3)
            n++;
    }
    fclose(f);
    return n;
}

static void emit_results(const char *key, const struct kresult *r, int n)
{
    bh_json_begin_obj(key);
    for (int i = 0; i < n; i++) {
        bh_json_begin_obj(r[i].name);
        double per = r[i].ops ? (double)r[i].cycles / (double)r[i].ops : 0;
        /* Under -icount shift=0 both are the same count (see `calibrate`). */
        bh_json_num("instructions", per);
        bh_json_num("rdtsc_cycles", per);
        bh_json_int("ops", (int64_t)r[i].ops);
        bh_json_end_obj();
    }
    bh_json_end_obj();
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int bench_kernel(int argc, char **argv);
int bench_kernel(int argc, char **argv)
{
    const char *elf = bh_opt(argc, argv, "--elf", PHOENIX_KERNEL_ELF);
    const char *qemu = bh_opt(argc, argv, "--qemu", "qemu-system-x86_64");
    int boots = atoi(bh_opt(argc, argv, "--boots", "10"));
    struct stat st;
    if (stat(elf, &st) != 0) {
        fprintf(stderr, "bench kernel: %s not found (build the kernel or pass --elf)\n", elf);
        return 2;
    }
    if (boots < 1 || boots > 1000) {
        fprintf(stderr, "bench kernel: --boots must be 1..1000\n");
        return 2;
    }
    char console[64];
    snprintf(console, sizeof console, "/tmp/phoenix-bench-kernel-%d.log", (int)getpid());

    struct kresult on[MAX_RESULTS], off[MAX_RESULTS];
    int rc = boot(qemu, elf, "test=bench", console);
    int n_on = rc == 33 ? read_results(console, on, MAX_RESULTS) : -1;
    rc = boot(qemu, elf, "test=bench trace=off", console);
    int n_off = rc == 33 ? read_results(console, off, MAX_RESULTS) : -1;
    if (n_on <= 0 || n_off <= 0) {
        fprintf(stderr, "bench kernel: the bench scenario failed (QEMU status %d); see %s\n", rc,
                console);
        return 1;
    }

    double *ms = calloc((size_t)boots, sizeof *ms);
    for (int i = 0; i < boots; i++) {
        uint64_t t0 = bh_now_ns();
        rc = boot(qemu, elf, "test=boot", console);
        uint64_t t1 = bh_now_ns();
        if (rc != 33) {
            fprintf(stderr, "bench kernel: boot scenario failed (QEMU status %d)\n", rc);
            free(ms);
            return 1;
        }
        ms[i] = (double)(t1 - t0) / 1e6;
    }
    unlink(console);
    qsort(ms, (size_t)boots, sizeof *ms, cmp_double);

    bh_json_begin_obj(0);
    bh_json_str("area", "kernel");
    bh_json_str("clock", "qemu -icount shift=0 (1 rdtsc cycle = 1 instruction)");
    bh_json_int("image_bytes", (int64_t)st.st_size);
    bh_json_begin_obj("boot_to_user_ms");
    bh_json_num("median", boots % 2 ? ms[boots / 2] : (ms[boots / 2 - 1] + ms[boots / 2]) / 2);
    bh_json_num("min", ms[0]);
    bh_json_num("max", ms[boots - 1]);
    bh_json_int("runs", boots);
    bh_json_end_obj();
    emit_results("per_op_trace_off", off, n_off);
    emit_results("per_op_trace_on", on, n_on);
    bh_json_end_obj();
    free(ms);
    return bh_json_done();
}
