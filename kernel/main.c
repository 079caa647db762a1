/*
 * The kernel's boot sequence, top to bottom: one call per step. boot.S has
 * already entered long mode and jumped here with the Multiboot magic and
 * the physical address of the boot information.
 */
#include "arch.h"
#include "domain.h"
#include "entropy.h"
#include "frame.h"
#include "kcap.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "param.h"
#include "scenario/scenario.h"

void kmain(uint32_t magic, uint64_t info_phys);

static uint64_t parse_u64(const char *s)
{
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint64_t)(*s++ - '0');
    return v;
}

void kmain(uint32_t magic, uint64_t info_phys)
{
    /* 1. Serial ports first, so every later step can report. */
    arch_serial_init();
    kprintf("Phoenix kernel\n");

    /* 2. What the boot loader tells us: usable RAM and the command line. */
    char cmd[CMDLINE_MAX];
    if (!arch_boot_info(magic, info_phys, frame_add_range, cmd, sizeof cmd))
        panic("kmain: no Multiboot memory map");
    cmdline_set(cmd);
    kprintf("cmdline: '%s'\n", cmd);
    kprintf("memory: %lu free frames (%lu KiB)\n", frame_free_count(), frame_free_count() * 4);

    /* 3. The kernel's own address space: drop the boot identity map. */
    vm_init_kernel();

    /* 4. Segments, TSS, interrupt table, PIC, system-call entry. */
    arch_cpu_init();

    /* 5. The entropy pool for libcore and domains (entropy.c) and what
     *    the trace port carries (trace=on|all|off). */
    char val[32];
    entropy_init(cmdline_get("seed", val, sizeof val) ? parse_u64(val) : 1);
    kplat_trace_mode(cmdline_get("trace", val, sizeof val) ? val : "on");

    /* 6. libcore's capability system, gas pool and run queue (policy from
     *    sched=NAME, default beatty), and the domain table. */
    kcap_init();
    kgas_init();
    kipc_init();
    const char *policy = cmdline_get("sched", val, sizeof val) ? val : "beatty";
    if (!ks_init(policy)) {
        kprintf(
            "kmain: unknown scheduling policy '%s' (beatty, rr, prio, stride, lottery, eevdf)\n",
            policy);
        panic("kmain: bad sched= option");
    }
    kprintf("sched: policy %s\n", policy);
    dom_init();

    /* 7. The timer: from here on every tick is a scheduling slot. The cycle
     *    counter is calibrated against it to measure run time. */
    arch_timer_init(TICK_HZ);
    ks_calibrate();

    /* 8. Run the chosen scenario and leave QEMU with its verdict. */
    const char *test = cmdline_get("test", val, sizeof val) ? val : "demo";
    int r = scenario_run(test);
    kplat_trace_flush();
    kprintf("phoenix: %s\n", r ? "FAIL" : "PASS");
    arch_exit_qemu(r ? EXIT_FAIL : EXIT_PASS);
}
