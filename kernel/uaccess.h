/*
 * Checked access to the current domain's memory. Every pointer and length a
 * system call receives goes through here: the whole range must lie in the
 * user half and every page must be mapped present and user-accessible (and
 * writable, for copies out). The check happens before any byte moves, and
 * the copy goes through the kernel's direct map of the physical frames, so a
 * bad pointer yields PHX_E_FAULT and never a kernel page fault.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 0 if [uptr, uptr+len) is valid for the access, else PHX_E_FAULT. */
int uaccess_check(uint64_t uptr, uint64_t len, bool write);
int copy_from_user(void *dst, uint64_t usrc, size_t len);
int copy_to_user(uint64_t udst, const void *src, size_t len);
/* Fast path for small structures: the kernel (direct-map) address of
 * [uptr, uptr+len) if it lies within one user page that is mapped present
 * and user (and writable when write is set), else NULL (then use the
 * copies above, which handle page-crossing ranges). One page-table walk. */
void *uaccess_ptr(uint64_t uptr, uint64_t len, bool write);
