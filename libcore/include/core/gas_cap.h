/*
 * Gas moved by capability: the binding between the capability model
 * (core/cap.h) and gas accounting (core/gas.h). Hosts expose donation to
 * untrusted code only through this call, so gas moves between accounts only
 * when the requester holds a gas-account capability with the donate right.
 */
#pragma once

#include <stdint.h>

#include "core/cap.h"
#include "core/gas.h"

/* Move `amount` gas from the account named by capability `from` to the one
 * named by capability `to`, both looked up in space s at time now.
 * `from` must be a CAP_T_GAS capability holding CAP_R_DONATE; `to` must be a
 * CAP_T_GAS capability (no right needed: receiving gas harms nobody). Each
 * capability's object reference is a gas_ref() and must still name an open
 * account.
 * Returns what gas_donate returns (1 if `to` was throttled and now has gas,
 * else 0). Errors, with no effect on any account: the CAP_E_* of cap_check
 * (traced as refusals), GAS_E_NOACCT for a reference to a closed account, and
 * the errors of gas_donate. */
int gas_donate_cap(struct gas_pool *p, const struct cap_space *s, cap_handle from, cap_handle to,
                   uint64_t amount, uint64_t now);
