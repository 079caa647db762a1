/*
 * Namespaces: resolving a path of handles through nested capability spaces.
 * A slot may hold a CAP_T_CSPACE capability whose object reference is the
 * index of another registered space; a path follows such capabilities hop by
 * hop (each must be in force with CAP_R_READ) and names a capability in the
 * last space reached. The path length is bounded (CAP_NS_DEPTH_MAX hops), so
 * resolution is O(depth) and a cycle of spaces cannot loop. Used by the
 * kernel to turn a user's path into the (space, handle) every other
 * operation takes.
 */
#include "core/cap.h"

#include "cap_impl.h"

int cap_resolve(const struct cap_system *sys, uint32_t space, const cap_handle *path, size_t n,
                uint64_t now, struct cap_loc *out)
{
    struct cap_loc loc = {space, n ? path[0] : 0};
    if (n == 0)
        return cap__refuse_loc(loc, CAP_OP_RESOLVE, CAP_E_INVAL);
    if (n - 1 > CAP_NS_DEPTH_MAX)
        return cap__refuse_loc(loc, CAP_OP_RESOLVE, CAP_E_DEPTH);
    struct cap_slot *c;
    for (size_t i = 0; i + 1 < n; i++) {
        loc.h = path[i];
        /* Same order as cap_check: handle, type, rights, expiry. */
        int err = cap__get(sys, loc, &c);
        if (!err && c->type != CAP_T_CSPACE)
            err = CAP_E_TYPE;
        if (!err && !(c->rights & CAP_R_READ))
            err = CAP_E_RIGHTS;
        if (!err && c->expiry - 1 < now)
            err = CAP_E_EXPIRED;
        if (err)
            return cap__refuse_loc(loc, CAP_OP_RESOLVE, err);
        /* desc_ok admitted only registered spaces and spaces are never
         * removed, so obj is a valid index. */
        loc.space = (uint32_t)c->obj;
    }
    loc.h = path[n - 1];
    int err = cap__get(sys, loc, &c);
    if (err)
        return cap__refuse_loc(loc, CAP_OP_RESOLVE, err);
    *out = loc;
    return 0;
}
