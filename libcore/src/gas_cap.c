/*
 * gas_donate_cap (core/gas_cap.h): decode both capabilities and resolve both
 * account references first, then donate; any failure returns before a
 * balance changes.
 */
#include "core/gas_cap.h"

int gas_donate_cap(struct gas_pool *p, const struct cap_space *s, cap_handle from, cap_handle to,
                   uint64_t amount, uint64_t now)
{
    uint64_t from_ref = 0, to_ref = 0;
    uint32_t from_id = 0, to_id = 0;
    int err = cap_check(s, from, CAP_T_GAS, CAP_R_DONATE, now, &from_ref, 0);
    if (err)
        return err;
    err = cap_check(s, to, CAP_T_GAS, 0, now, &to_ref, 0);
    if (err)
        return err;
    err = gas_resolve(p, from_ref, &from_id);
    if (err)
        return err;
    err = gas_resolve(p, to_ref, &to_id);
    if (err)
        return err;
    return gas_donate(p, from_id, to_id, amount);
}
