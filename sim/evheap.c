/*
 * Binary heap of events (see evheap.h). Sift with a hole instead of swaps:
 * one copy per level.
 */
#include "evheap.h"

#include <stdlib.h>
#include <string.h>

void evheap_init(struct evheap *h)
{
    memset(h, 0, sizeof *h);
}

void evheap_free(struct evheap *h)
{
    free(h->v);
    memset(h, 0, sizeof *h);
}

int evheap_push(struct evheap *h, struct des_ev e)
{
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        struct des_ev *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    e.seq = h->seq++;
    size_t i = h->len++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!des_ev_before(&e, &h->v[p]))
            break;
        h->v[i] = h->v[p];
        i = p;
    }
    h->v[i] = e;
    return 0;
}

int evheap_pop(struct evheap *h, struct des_ev *out)
{
    if (!h->len)
        return -1;
    *out = h->v[0];
    struct des_ev last = h->v[--h->len];
    size_t n = h->len, i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && des_ev_before(&h->v[c + 1], &h->v[c]))
            c++;
        if (!des_ev_before(&h->v[c], &last))
            break;
        h->v[i] = h->v[c];
        i = c;
    }
    if (n)
        h->v[i] = last;
    return 0;
}
