/*
 * 16550 UART driver for the two serial ports: COM1 carries the console
 * (human-readable log), COM2 carries trace records, so the console stays
 * readable. Output only, polled: the kernel never waits on input.
 */
#include "arch.h"
#include "cpu.h"

static const uint16_t port_base[2] = {0x3f8, 0x2f8};

static void uart_init(uint16_t base)
{
    outb(base + 1, 0x00); /* no interrupts: we poll */
    outb(base + 3, 0x80); /* DLAB on to set the divisor */
    outb(base + 0, 0x01); /* 115200 baud */
    outb(base + 1, 0x00);
    outb(base + 3, 0x03); /* 8N1, DLAB off */
    outb(base + 2, 0xc7); /* FIFO on, cleared */
    outb(base + 4, 0x03); /* DTR, RTS */
}

void arch_serial_init(void)
{
    uart_init(port_base[0]);
    uart_init(port_base[1]);
}

void arch_serial_write(int port, const char *s, size_t n)
{
    uint16_t base = port_base[port & 1];
    while (n) {
        /* Wait for the transmitter to empty (LSR bit 5), then fill the
         * 16-byte FIFO in one burst: one status read per 16 bytes. */
        for (int spins = 0; spins < 100000 && !(inb(base + 5) & 0x20); spins++)
            ;
        size_t burst = n < 16 ? n : 16;
        for (size_t i = 0; i < burst; i++)
            outb(base, (uint8_t)s[i]);
        s += burst;
        n -= burst;
    }
}
