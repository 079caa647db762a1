/*
 * Programs for the `gas` scenario. donor (arg = amount) gives gas from its
 * own account to the account named by caps[1] after a while and checks, with
 * gas_balance, that exactly that much (plus the calls' own cost) left it.
 */
#include "ulib.h"

int prog_donor(uint64_t arg)
{
    phx_sleep(6000000);
    uint64_t before = 0, after = 0;
    phx_gas_balance(phx_self->gas, &before);
    int64_t r = phx_gas_donate(phx_self->gas, phx_self->caps[1], arg);
    phx_gas_balance(phx_self->gas, &after);
    /* donate and the second balance call cost KGAS_COST_SYSCALL (1) each;
     * running time is charged only when the slot ends. */
    uint64_t spent = before - after;
    phx_printf("donor: gave %lu gas (result %ld), my balance %lu -> %lu\n", arg, r, before, after);
    return r == 0 && spent == arg + 2 ? 0 : 1;
}
