/*
 * A small printf-style formatter shared by the kernel and the user runtime
 * (both freestanding). Conversions: %d %i %u %x %p %s %c %% with the length
 * modifiers l, ll, z, a '0' flag and a field width. No floating point.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: writes at most n bytes including the NUL, returns the
 * length the full output would have had. */
int fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
