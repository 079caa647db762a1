/*
 * Information-flow labels: the (level, category set) lattice of
 * core/label.h. The IPC flow check (ipc_send.c) calls label_leq on every
 * message; hosts build labels for their domains with label_make. Each
 * operation is a couple of integer instructions, and the lattice laws they
 * satisfy are checked as properties by tests/unit/test_label.c.
 */
#include "core/label.h"

struct label label_make(uint32_t level, uint64_t cats)
{
    struct label l = {cats, level > LABEL_LEVEL_MAX ? LABEL_LEVEL_MAX : level, 0};
    return l;
}

struct label label_bottom(void)
{
    return label_make(0, 0);
}

struct label label_top(void)
{
    return label_make(LABEL_LEVEL_MAX, LABEL_CATS_ALL);
}

bool label_valid(struct label a)
{
    return a.level <= LABEL_LEVEL_MAX && a.pad == 0;
}

bool label_leq(struct label a, struct label b)
{
    /* Subset test as "no category of a is missing from b". */
    return a.level <= b.level && (a.cats & ~b.cats) == 0;
}

bool label_eq(struct label a, struct label b)
{
    return a.level == b.level && a.cats == b.cats;
}

struct label label_join(struct label a, struct label b)
{
    return label_make(a.level > b.level ? a.level : b.level, a.cats | b.cats);
}

struct label label_meet(struct label a, struct label b)
{
    return label_make(a.level < b.level ? a.level : b.level, a.cats & b.cats);
}

uint64_t label_trace_word(struct label a)
{
    return (uint64_t)a.level << 48 | (a.cats & 0xffffffffffffull);
}
