/*
 * The memory and randomness calls that go with IPC: frame objects for
 * zero-copy grants (allocate, map into the caller) and the kernel's entropy
 * pool for ring 3 (libcore's channel code in user domains draws its ML-KEM
 * randomness here). Checks first (capabilities through libcore, addresses
 * and lengths against their ranges), then the act.
 */
#include "domain.h"
#include "entropy.h"
#include "kcap.h"
#include "kipc.h"
#include "syscall.h"
#include "uaccess.h"

int64_t sys_frame_alloc(uint64_t self_h)
{
    struct domain *self = dom_current();
    uint64_t id;
    int r = kcap_check(self, self_h, CAP_T_DOMAIN, CAP_R_CREATE, &id);
    if (r < 0)
        return r;
    if (id != (uint64_t)self->id)
        return PHX_E_INVAL;
    struct cap_loc root;
    r = kipc_frame_create(self->id, &root);
    if (r < 0)
        return r;
    cap_handle h;
    r = kcap_derive_to(root, self,
                       CAP_R_READ | CAP_R_WRITE | CAP_R_GRANT | CAP_R_DERIVE | CAP_R_REVOKE, &h);
    if (r < 0) {
        kipc_abandon(root);
        return r;
    }
    return (int64_t)h;
}

int64_t sys_frame_map(uint64_t h, uint64_t va, uint64_t writable)
{
    if (writable > 1)
        return PHX_E_INVAL;
    uint64_t obj;
    int r = kcap_check(dom_current(), h, CAP_T_FRAME,
                       writable ? CAP_R_READ | CAP_R_WRITE : CAP_R_READ, &obj);
    if (r < 0)
        return r;
    return kipc_frame_map(dom_current(), obj, va, writable != 0);
}

int64_t sys_random(uint64_t ubuf, uint64_t len)
{
    if (len > PHX_RANDOM_MAX)
        return PHX_E_INVAL;
    int r = uaccess_check(ubuf, len, true);
    if (r < 0)
        return r;
    uint8_t tmp[PHX_RANDOM_MAX];
    entropy_bytes(tmp, (size_t)len);
    copy_to_user(ubuf, tmp, (size_t)len);
    return (int64_t)len;
}
