/*
 * Processor set-up after boot: the final GDT (kernel and user segments plus
 * the TSS), the IDT, the legacy PIC, the syscall MSRs and the PIT timer. Also
 * the small per-CPU services the portable kernel asks for through arch.h
 * (kernel stack for traps, cycle counter, idling, leaving QEMU, FPU state).
 */
#include "arch.h"
#include "cpu.h"
#include "trapframe.h"
#include "klib.h"

struct tss {
    uint32_t reserved0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type_attr;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static uint64_t gdt[8];
static struct tss tss;
static struct idt_gate idt[256];
/* Double faults run on their own stack (IST1), so an overflowing kernel
 * stack still gets a report instead of a triple fault. */
static uint8_t df_stack[4096] __attribute__((aligned(16)));

extern const uint64_t isr_table[48];
extern void syscall_entry(void);
extern void trap_return(void);
extern uint64_t syscall_kstack;

static void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00209a0000000000ull; /* 0x08 kernel code, 64-bit */
    gdt[2] = 0x0000920000000000ull; /* 0x10 kernel data */
    gdt[3] = 0x00cffa000000ffffull; /* 0x18 user code, 32-bit (unused; sysret layout) */
    gdt[4] = 0x0000f20000000000ull; /* 0x20 user data (DPL 3) */
    gdt[5] = 0x0020fa0000000000ull; /* 0x28 user code, 64-bit (DPL 3) */
    uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof tss - 1;
    gdt[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[7] = base >> 32;
    tss.ist[0] = (uint64_t)(uintptr_t)(df_stack + sizeof df_stack);
    tss.iomap_base = sizeof tss; /* no I/O bitmap: ring 3 gets no ports */

    struct desc_ptr p = {sizeof gdt - 1, (uint64_t)(uintptr_t)gdt};
    __asm__ volatile("lgdt %0" : : "m"(p));
    /* Reload CS with a far return, then the data segments and the task register. */
    __asm__ volatile("pushq %0\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "mov %1, %%ds\n\t"
                     "mov %1, %%es\n\t"
                     "mov %1, %%ss\n\t"
                     "ltr %w2"
                     :
                     : "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
                     : "rax", "memory");
}

static void idt_set(int vec, uint64_t handler, int dpl, int ist)
{
    idt[vec] = (struct idt_gate){
        .off_lo = (uint16_t)handler,
        .sel = SEL_KCODE,
        .ist = (uint8_t)ist,
        .type_attr = (uint8_t)(0x8e | (dpl << 5)), /* present, interrupt gate */
        .off_mid = (uint16_t)(handler >> 16),
        .off_hi = (uint32_t)(handler >> 32),
        .zero = 0,
    };
}

static void idt_init(void)
{
    /* All gates are interrupt gates with DPL 0: user code cannot raise any
     * vector with `int n` (it gets #GP instead), and IF is off in handlers. */
    for (int v = 0; v < 48; v++)
        idt_set(v, isr_table[v], 0, v == 8 ? 1 : 0);
    struct desc_ptr p = {sizeof idt - 1, (uint64_t)(uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(p));
}

static void pic_init(void)
{
    /* Remap the two 8259s to vectors 32-47 (away from CPU exceptions) and
     * mask everything but IRQ0, the PIT. */
    outb(0x20, 0x11);
    outb(0xa0, 0x11);
    outb(0x21, T_IRQ0);
    outb(0xa1, T_IRQ0 + 8);
    outb(0x21, 0x04);
    outb(0xa1, 0x02);
    outb(0x21, 0x01);
    outb(0xa1, 0x01);
    outb(0x21, 0xfe);
    outb(0xa1, 0xff);
}

static void syscall_init(void)
{
    /* STAR: kernel CS 0x08 (SS = 0x10); user base 0x18, so sysretq loads
     * CS = 0x28|3 and SS = 0x20|3. SFMASK clears IF, TF, DF and AC on entry. */
    wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) | ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
    wrmsr(MSR_SFMASK, (1u << 9) | (1u << 8) | (1u << 10) | (1u << 18));
}

/* Defence in depth where the CPU has it: SMEP (ring 0 never executes user
 * pages), SMAP (ring 0 never reads or writes them: the kernel reaches user
 * memory only through the direct map, uaccess.c), UMIP (ring 3 cannot read
 * the GDT/IDT addresses with sgdt/sidt). QEMU's default CPU model has none
 * of them; -cpu max has all three. */
static void protection_init(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    if (r[0] < 7) {
        kprintf("cpu: no SMEP, SMAP or UMIP on this CPU model\n");
        return;
    }
    cpuid(7, 0, r);
    bool smep = r[1] & (1u << 7), smap = r[1] & (1u << 20), umip = r[2] & (1u << 2);
    uint64_t cr4 = read_cr4();
    cr4 |= (smep ? 1ull << 20 : 0) | (smap ? 1ull << 21 : 0) | (umip ? 1ull << 11 : 0);
    write_cr4(cr4);
    kprintf("cpu: SMEP %s, SMAP %s, UMIP %s\n", smep ? "on" : "absent", smap ? "on" : "absent",
            umip ? "on" : "absent");
}

void arch_cpu_init(void)
{
    gdt_init();
    idt_init();
    pic_init();
    syscall_init();
    protection_init();
}

void arch_timer_init(uint32_t hz)
{
    uint32_t div = 1193182u / hz;
    outb(0x43, 0x34); /* channel 0, lobyte/hibyte, rate generator */
    outb(0x40, (uint8_t)div);
    outb(0x40, (uint8_t)(div >> 8));
}

void arch_set_kernel_stack(uint64_t top)
{
    tss.rsp0 = top;
    syscall_kstack = top;
}

uint64_t arch_cycles(void)
{
    return rdtsc();
}

void arch_idle(void)
{
    cpu_halt_until_interrupt();
}

_Noreturn void arch_exit_qemu(uint32_t code)
{
    outl(0xf4, code);
    /* Without the exit device (an interactive boot), stop here. */
    for (;;)
        __asm__ volatile("cli; hlt");
}

struct context *arch_prepare_user(uint8_t *kstack_top, uint64_t entry, uint64_t user_sp,
                                  uint64_t arg0, uint64_t arg1, uint64_t arg2)
{
    struct trapframe *tf = (struct trapframe *)(kstack_top - sizeof *tf);
    *tf = (struct trapframe){0};
    tf->rip = entry;
    tf->cs = SEL_UCODE;
    tf->rflags = 0x202; /* IF on, reserved bit 1 */
    tf->rsp = user_sp;
    tf->ss = SEL_UDATA;
    tf->rdi = arg0;
    tf->rsi = arg1;
    tf->rdx = arg2;
    struct context *c = (struct context *)((uint8_t *)tf - sizeof *c);
    *c = (struct context){0};
    c->rip = (uint64_t)(uintptr_t)trap_return;
    return c;
}

uint64_t *arch_syscall_args(uint8_t *kstack_top)
{
    return ((struct trapframe *)(kstack_top - sizeof(struct trapframe)))->args;
}

void arch_fpu_init(uint8_t *area)
{
    /* The state fninit would give, built in memory so that the live state
     * (the caller's domain) is untouched: x87 control word 0x37f, MXCSR with
     * every exception masked, all registers empty. */
    for (int i = 0; i < ARCH_FPU_BYTES; i++)
        area[i] = 0;
    *(uint16_t *)area = 0x037f;
    *(uint32_t *)(area + 24) = 0x1f80;
}

