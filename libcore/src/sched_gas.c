/*
 * The seam between the scheduler and gas accounting (core/sched.h,
 * sched_account_gas): closing a dispatch charges its run time and throttles
 * the task when its account runs dry under the throttle policy. Kept apart
 * so that gas.c knows nothing of schedulers and sched.c nothing of gas; the
 * host still owns the mapping from accounts back to tasks (for unthrottling
 * after a refill), since one account may pay for many tasks.
 */
#include "core/gas.h"
#include "core/sched.h"

int sched_account_gas(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns,
                      struct gas_pool *gp, uint32_t acct)
{
    if (!t || rq->current != t)
        return SCHED_E_NOTCURRENT;
    if (!gas_get(gp, acct))
        return GAS_E_NOACCT;
    int err = sched_account(rq, t, used_ns);
    if (err)
        return err;
    int out = gas_charge_time(gp, acct, used_ns);
    if (out == GAS_THROTTLED && !(t->flags & SCHED_F_THROTTLED))
        sched_throttle(rq, t);
    return out;
}
