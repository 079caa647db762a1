/*
 * The cold half of Beatty's calendar (sched_beatty_cal.h has the layout and
 * the hot operations): the bitmap search that has to leave the window's
 * first word, sizing the calendar and refiling the ready tasks into it, and
 * the invariant check.
 *
 * Sizing. A slot advances the virtual clock by S/W, S 2^52 / W fixed-point
 * units, and near the clock the finishes are about one per slot, so the
 * bucket width is a power of two between a quarter slot and one slot (in
 * the benchmark, half a slot has 8 to 15% fewer mispredicted branches than
 * one slot or two), and the number of buckets the power of two at or above
 * 4 n (at least 64, at most what the node array holds): the window then
 * spans n to 4 n slots, which holds every task whose weight is at least
 * about the average; lighter tasks run rarely and use the heap.
 * The size follows W and n lazily: sched_cal_tune looks at them once per
 * max(n, 64) decisions while the calendar is on and refiles only if the
 * size should change, so refiling costs O(1) per decision, amortised; a
 * join that brings CAL_MIN_TASKS runnable tasks switches it on at once
 * (O(CAL_MIN_TASKS)), so the heap-only path counts nothing.
 */
#include "sched_beatty_cal.h"

void sched_cal_far_push(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = cal_far_node(t);
    t->where = SCHED_W_READY;
    sched_heap_push(rq->nodes, &rq->n_ready, &x, cal_node_less, true);
}

/* A task in the heap: into the calendar if the window now holds it, else
 * re-keyed in place, sinking as in a plain heap. */
static __attribute__((noinline)) void refile_far(struct sched_rq *rq, struct sched_task *t,
                                                 unsigned __int128 k)
{
    uint32_t i;
    cal_key_set(t, k);
    if (cal_fits(rq, k, &i)) {
        sched_heap_del(rq->nodes, &rq->n_ready, t->pos, cal_node_less, true);
        cal_link(rq, t, i);
        return;
    }
    sched_heap_down_from(rq->nodes, rq->n_ready, t->pos, cal_far_node(t), cal_node_less, true);
}

void sched_cal_refile(struct sched_rq *rq, struct sched_task *t, unsigned __int128 k)
{
    if (__builtin_expect(t->where != SCHED_W_CAL, 0)) {
        refile_far(rq, t, k);
    } else {
        cal_unlink(rq, t);
        cal_key_set(t, k);
        cal_insert(rq, t);
    }
    if (__builtin_expect(--rq->c_tune == 0, 0))
        sched_cal_tune(rq);
}

void sched_cal_link_sorted(struct sched_rq *rq, struct sched_task *t, uint32_t i)
{
    struct sched_node *b = &rq->c_node[i];
    struct sched_task *h = b->t, *x = h->prev;
    for (uint32_t steps = 0; cal_key(t) < cal_key(x); x = x->prev) {
        if (x == h) { /* t goes first: after the tail, as the new head */
            b->t = t;
            x = h->prev;
            break;
        }
        if (++steps == CAL_SCAN_MAX) {
            rq->c_crowded++;
            sched_cal_far_push(rq, t);
            return;
        }
    }
    t->prev = x;
    t->next = x->next;
    x->next->prev = t;
    x->next = t;
    t->where = SCHED_W_CAL;
    t->pos = i;
    rq->n_cal++;
}

/* First non-empty bitmap word at or after `from` (no wrap), or nw. A
 * summary bit whose word turns out empty is cleared here. */
static uint32_t next_word(struct sched_rq *rq, uint32_t from, uint32_t nw)
{
    while (from < nw) {
        uint64_t *sum = &rq->c_node[rq->c_sumoff + (from >> 6)].key;
        uint64_t s = *sum & (~0ull << (from & 63));
        if (!s) {
            from = (from | 63u) + 1;
            continue;
        }
        uint32_t w = (from & ~63u) | (uint32_t)__builtin_ctzll(s);
        if (rq->c_node[w].key)
            return w;
        *sum &= ~(1ull << (w & 63));
        from = w + 1;
    }
    return nw;
}

/* The first non-empty bucket after index c's word, going round the window
 * (c's own word has no bucket at or after c; its lower buckets come last,
 * at the window's far end). The calendar is not empty. */
uint32_t sched_cal_first_slow(struct sched_rq *rq, uint32_t c)
{
    uint32_t nw = (rq->c_mask + 1) >> 6, w0 = c >> 6;
    uint32_t w = next_word(rq, w0 + 1, nw);
    if (w == nw)
        w = next_word(rq, 0, nw);
    if (w == nw)
        plat_panic("sched_beatty: calendar bitmap empty");
    return (w << 6) | (uint32_t)__builtin_ctzll(rq->c_node[w].key);
}

static uint32_t log2_floor(uint64_t x)
{
    return 63u - (uint32_t)__builtin_clzll(x);
}

/* The size for the current W and n: bucket width 2^shift, buckets mask + 1. */
static void cal_size(const struct sched_rq *rq, uint32_t *mask, uint8_t *shift, uint8_t *on)
{
    *on = rq->nr_runnable >= CAL_MIN_TASKS;
    uint64_t w = rq->weight_sum ? rq->weight_sum : 1;
    uint64_t s = rq->b_slot ? rq->b_slot : 1;
    /* b_k is finish << 32; 2^sh is then between a quarter slot and one slot */
    int sh = 32 + 52 - 1 + (int)log2_floor(s) - (int)log2_floor(w);
    *shift = (uint8_t)(sh < 32 ? 32 : sh > 127 ? 127 : sh);
    uint64_t want = 4 * (uint64_t)(rq->nr_runnable ? rq->nr_runnable : 1);
    uint32_t b = 64;
    while (b < want && b < rq->c_bmax)
        b <<= 1;
    *mask = b - 1;
}

/* Empty the buckets in use and their bitmaps. */
static void cal_empty(struct sched_rq *rq)
{
    uint32_t b = rq->c_mask + 1;
    for (uint32_t i = 0; i < b; i++) {
        rq->c_node[i].t = 0;
        rq->c_node[i].key = 0;
    }
    rq->c_sumoff = b >> 6;
    rq->n_cal = 0;
    rq->c_base = 0;
}

void sched_cal_setup(struct sched_rq *rq)
{
    uint32_t avail = 4 * rq->cap + 64; /* SCHED_NODES(cap) - 2 cap */
    rq->c_node = rq->nodes + 2 * (uint64_t)rq->cap;
    rq->c_bmax = 1u << log2_floor(avail);
    cal_size(rq, &rq->c_mask, &rq->c_shift, &rq->c_on);
    cal_empty(rq);
    rq->n_ready = 0;
    rq->c_tune = 64;
}

void sched_cal_rebuild(struct sched_rq *rq)
{
    cal_empty(rq);
    rq->n_ready = 0;
    struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next)
        if (t->where == SCHED_W_CAL || t->where == SCHED_W_READY)
            cal_insert(rq, t);
}

void sched_cal_tune(struct sched_rq *rq)
{
    rq->c_tune = rq->nr_runnable > 64 ? rq->nr_runnable : 64;
    uint32_t mask;
    uint8_t shift, on;
    cal_size(rq, &mask, &shift, &on);
    if (mask == rq->c_mask && shift == rq->c_shift && on == rq->c_on)
        return;
    rq->c_mask = mask;
    rq->c_shift = shift;
    rq->c_on = on;
    sched_cal_rebuild(rq);
    rq->c_rebuilds++;
}

uint32_t sched_cal_check(const struct sched_rq *rq)
{
    uint32_t b = rq->c_mask + 1, n = 0;
    if (b < 64 || (b & rq->c_mask) || b > rq->c_bmax || rq->c_sumoff != b >> 6 ||
        (!rq->c_on && rq->n_cal))
        plat_panic("sched_beatty: calendar size");
    for (uint32_t w = 0; w < b >> 6; w++) {
        uint64_t sum = rq->c_node[rq->c_sumoff + (w >> 6)].key >> (w & 63) & 1;
        if (!sum && rq->c_node[w].key)
            plat_panic("sched_beatty: calendar summary");
    }
    for (uint32_t i = 0; i < b; i++) {
        const struct sched_task *h = rq->c_node[i].t, *t = h;
        if (((rq->c_node[i >> 6].key >> (i & 63)) & 1) != (h != 0))
            plat_panic("sched_beatty: calendar bitmap");
        if (!h)
            continue;
        do {
            uint64_t a = (uint64_t)(cal_key(t) >> rq->c_shift);
            if (t->where != SCHED_W_CAL || t->pos != i || a - rq->c_base > rq->c_mask ||
                ((uint32_t)a & rq->c_mask) != i || t->next->prev != t || ++n > rq->n_cal ||
                (t->next != h && cal_key(t) >= cal_key(t->next)))
                plat_panic("sched_beatty: calendar bucket");
            t = t->next;
        } while (t != h);
    }
    if (n != rq->n_cal)
        plat_panic("sched_beatty: calendar count");
    for (uint32_t i = 0; i < rq->n_ready; i++) {
        const struct sched_node *x = &rq->nodes[i];
        struct sched_node want = cal_far_node(x->t);
        if ((i > 0 && cal_node_less(x, &rq->nodes[(i - 1) / 2])) || x->t->pos != i ||
            x->t->where != SCHED_W_READY || cal_node_ord(x) != cal_node_ord(&want))
            plat_panic("sched_beatty: heap");
    }
    return n + rq->n_ready;
}
