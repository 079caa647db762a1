/*
 * Gas refills (core/gas.h, gas_tick): the queue of accounts ordered by their
 * next refill time (gas_impl.h) and the refill itself. The kernel calls
 * gas_tick on every timer tick and the simulator at every event, so a tick
 * with nothing due must cost O(1), not a scan of every account: the queue's
 * top says when the next refill is due.
 */
#include "core/platform.h"
#include "core/trace.h"
#include "gas_impl.h"

/* Account at queue place i. */
static uint32_t at(const struct gas_pool *p, uint32_t i)
{
    return p->acct[i].hslot;
}

static bool earlier(const struct gas_pool *p, uint32_t x, uint32_t y)
{
    uint64_t tx = p->acct[x].next_refill_ns, ty = p->acct[y].next_refill_ns;
    return tx < ty || (tx == ty && x < y);
}

static void put(struct gas_pool *p, uint32_t i, uint32_t id)
{
    p->acct[i].hslot = id;
    p->acct[id].hpos = i;
}

static void up(struct gas_pool *p, uint32_t i)
{
    uint32_t id = at(p, i);
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!earlier(p, id, at(p, parent)))
            break;
        put(p, i, at(p, parent));
        i = parent;
    }
    put(p, i, id);
}

static void down(struct gas_pool *p, uint32_t i)
{
    uint32_t id = at(p, i), n = p->nqueue;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && earlier(p, at(p, c + 1), at(p, c)))
            c++;
        if (!earlier(p, at(p, c), id))
            break;
        put(p, i, at(p, c));
        i = c;
    }
    put(p, i, id);
}

void gas_queue_add(struct gas_pool *p, uint32_t id)
{
    uint32_t i = p->nqueue++;
    put(p, i, id);
    up(p, i);
}

void gas_queue_remove(struct gas_pool *p, uint32_t id)
{
    uint32_t i = p->acct[id].hpos;
    if (i == GAS_NOT_QUEUED)
        return;
    p->acct[id].hpos = GAS_NOT_QUEUED;
    uint32_t last = --p->nqueue;
    if (i == last)
        return;
    put(p, i, at(p, last));
    if (i > 0 && earlier(p, at(p, i), at(p, (i - 1) / 2)))
        up(p, i);
    else
        down(p, i);
}

const char *gas_queue_broken(const struct gas_pool *p)
{
    uint32_t queued = 0;
    for (uint32_t id = 0; id < p->cap; id++) {
        const struct gas_account *a = &p->acct[id];
        bool want = a->state != GAS_ST_FREE && a->state != GAS_ST_KILLED && a->refill_period_ns;
        if (want != (a->hpos != GAS_NOT_QUEUED))
            return "gas_check: refill queue membership";
        if (!want)
            continue;
        queued++;
        if (a->hpos >= p->nqueue || at(p, a->hpos) != id)
            return "gas_check: refill queue place";
        if (a->hpos > 0 && earlier(p, id, at(p, (a->hpos - 1) / 2)))
            return "gas_check: refill queue order";
    }
    return queued == p->nqueue ? 0 : "gas_check: refill queue size";
}

/* a*b, or UINT64_MAX if it does not fit. */
static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;
    return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

/* Add the refills due by now (next_refill_ns <= now); returns 1 if a
 * throttled account revived. */
static int refill(struct gas_pool *p, struct gas_account *a, uint32_t id, uint64_t now)
{
    uint64_t periods = (now - a->next_refill_ns) / a->refill_period_ns + 1;
    uint64_t step = mul_sat(periods, a->refill_period_ns);
    a->next_refill_ns =
        step > UINT64_MAX - a->next_refill_ns ? UINT64_MAX : a->next_refill_ns + step;
    uint64_t amount = mul_sat(periods, a->refill_amount);
    uint64_t room = a->cap - a->balance;
    if (amount > room)
        amount = room;
    if (amount > UINT64_MAX - p->minted)
        plat_panic("gas_tick: minted overflows");
    a->balance += amount;
    p->minted += amount;
    if (amount && p->trace)
        core_trace(TR_GAS_REFILL, p->cpu, id, amount, a->balance, 0);
    if (!a->balance)
        return 0;
    a->notified = 0;
    if (a->state == GAS_ST_THROTTLED) {
        a->state = GAS_ST_ACTIVE;
        return 1;
    }
    return 0;
}

uint32_t gas_tick(struct gas_pool *p, uint64_t now_ns, uint32_t *woken, uint32_t max)
{
    uint32_t n = 0;
    while (n < max && p->nqueue) {
        uint32_t id = at(p, 0);
        struct gas_account *a = &p->acct[id];
        if (a->next_refill_ns > now_ns)
            break;
        int revived = refill(p, a, id, now_ns);
        down(p, 0); /* its next refill is later now */
        if (revived)
            woken[n++] = id;
    }
    return n;
}
