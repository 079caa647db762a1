/*
 * Console and trace output, panic, and the parsed kernel command line. The
 * console is COM1 (read by people and by the test harness), the trace port
 * COM2 (core_trace_format() lines for viz/ tools).
 */
#include "klib.h"

#include "arch.h"
#include "param.h"

static char cmdline[CMDLINE_MAX];

void console_write(const char *s, size_t n)
{
    arch_serial_write(0, s, n);
}

void kprintf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int len = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len > (int)sizeof buf - 1)
        len = (int)sizeof buf - 1;
    console_write(buf, (size_t)len);
}

void trace_line(const char *s, size_t n)
{
    arch_serial_write(1, s, n);
    arch_serial_write(1, "\n", 1);
}

_Noreturn void panic(const char *msg)
{
    kplat_trace_flush(); /* the records leading up to it are the evidence */
    kprintf("PANIC: %s\n", msg);
    arch_exit_qemu(EXIT_PANIC);
}

void cmdline_set(const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < sizeof cmdline; i++)
        cmdline[i] = s[i];
    cmdline[i] = 0;
}

bool kstreq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

bool cmdline_get(const char *key, char *out, size_t n)
{
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *k = key;
        while (*k && *p == *k) {
            p++;
            k++;
        }
        if (!*k && *p == '=') {
            p++;
            size_t i = 0;
            while (p[i] && p[i] != ' ') {
                if (i + 1 >= n)
                    return false;
                out[i] = p[i];
                i++;
            }
            out[i] = 0;
            return true;
        }
        while (*p && *p != ' ')
            p++;
    }
    return false;
}
