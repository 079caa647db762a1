/*
 * The formatter behind kprintf and the user runtime's print (see fmt.h).
 * Bounded: never writes past n bytes, always NUL-terminates when n > 0.
 */
#include "fmt.h"

#include <stdint.h>

struct sink {
    char *buf;
    size_t n, len;
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->n)
        s->buf[s->len] = c;
    s->len++;
}

static void put_num(struct sink *s, uint64_t v, unsigned base, int width, char pad, int neg)
{
    char tmp[24];
    int i = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    int len = i + neg;
    if (neg && pad == '0')
        put(s, '-');
    for (; len < width; len++)
        put(s, pad);
    if (neg && pad != '0')
        put(s, '-');
    while (i)
        put(s, tmp[--i]);
}

int fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct sink s = {buf, n, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&s, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            lng = 1;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_num(&s, u, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            put_num(&s, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad, 0);
            break;
        case 'x':
            put_num(&s, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad, 0);
            break;
        case 'p':
            put(&s, '0');
            put(&s, 'x');
            put_num(&s, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, width, pad, 0);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int len = 0;
            while (str[len])
                len++;
            for (; len < width; len++)
                put(&s, ' ');
            while (*str)
                put(&s, *str++);
            break;
        }
        case 'c':
            put(&s, (char)va_arg(ap, int));
            break;
        case '%':
            put(&s, '%');
            break;
        case 0:
            fmt--; /* a lone '%' at the end: stop at the NUL */
            break;
        default:
            put(&s, '%');
            put(&s, *fmt);
        }
    }
    if (n)
        buf[s.len < n ? s.len : n - 1] = 0;
    return (int)s.len;
}

int fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fmt_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
