/*
 * Private DAG helpers (dag_util.h). Heapsort rather than anything recursive:
 * libcore runs on a kernel stack, and its sorting must be bounded in both
 * time (n log n) and stack (constant).
 */
#include "dag_util.h"

static uint32_t key_of(const uint32_t *a, uint32_t i, const struct dag_node *nodes)
{
    return nodes ? nodes[a[i]].ord : a[i];
}

static void sift(uint32_t *a, uint32_t i, uint32_t n, const struct dag_node *nodes)
{
    for (;;) {
        uint32_t l = 2 * i + 1, big = i;
        if (l < n && key_of(a, l, nodes) > key_of(a, big, nodes))
            big = l;
        if (l + 1 < n && key_of(a, l + 1, nodes) > key_of(a, big, nodes))
            big = l + 1;
        if (big == i)
            return;
        uint32_t t = a[i];
        a[i] = a[big];
        a[big] = t;
        i = big;
    }
}

static void heapsort(uint32_t *a, uint32_t n, const struct dag_node *nodes)
{
    if (n < 2)
        return;
    for (uint32_t i = n / 2; i-- > 0;)
        sift(a, i, n, nodes);
    for (uint32_t end = n - 1; end > 0; end--) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift(a, 0, end, nodes);
    }
}

void dag_sort_by_ord(uint32_t *a, uint32_t n, const struct dag_node *nodes)
{
    heapsort(a, n, nodes);
}

void dag_sort_u32(uint32_t *a, uint32_t n)
{
    heapsort(a, n, 0);
}

/* 1 if node u should leave the heap before node v. */
static int before(const struct dag_heap *h, uint32_t u, uint32_t v)
{
    if (h->key[u] != h->key[v])
        return h->key[u] > h->key[v];
    return u < v;
}

static void heap_up(struct dag_heap *h, uint32_t i)
{
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!before(h, h->a[i], h->a[p]))
            break;
        uint32_t t = h->a[i];
        h->a[i] = h->a[p];
        h->a[p] = t;
        i = p;
    }
}

static void heap_down(struct dag_heap *h, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, best = i;
        if (l < h->n && before(h, h->a[l], h->a[best]))
            best = l;
        if (l + 1 < h->n && before(h, h->a[l + 1], h->a[best]))
            best = l + 1;
        if (best == i)
            return;
        uint32_t t = h->a[i];
        h->a[i] = h->a[best];
        h->a[best] = t;
        i = best;
    }
}

void dag_heap_push(struct dag_heap *h, uint32_t v)
{
    h->a[h->n] = v;
    heap_up(h, h->n);
    h->n++;
}

uint32_t dag_heap_pop(struct dag_heap *h)
{
    uint32_t v = h->a[0];
    dag_heap_remove_at(h, 0);
    return v;
}

void dag_heap_remove_at(struct dag_heap *h, uint32_t i)
{
    h->n--;
    if (i == h->n)
        return;
    h->a[i] = h->a[h->n];
    heap_up(h, i);
    heap_down(h, i);
}

uint64_t dag_rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void *dag_carve(unsigned char **p, size_t *left, size_t n, size_t sz)
{
    size_t bytes = (n * sz + 7u) & ~(size_t)7u;
    if (bytes > *left)
        return 0;
    void *r = *p;
    *p += bytes;
    *left -= bytes;
    return r;
}
