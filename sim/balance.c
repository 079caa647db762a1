/*
 * The machine model's run-queue membership and load-balancing rule (see
 * docs/simulator.md): each CPU keeps the list of its runnable tasks (the
 * running one included) beside libcore's run queue; a task that becomes
 * runnable is placed by bal_place(), and an idle CPU pulls work with
 * bal_pull(). Which task runs is still libcore's choice.
 */
#include "machine_impl.h"

/* ---- per-CPU lists of runnable tasks (for balancing) ------------------- */

void bal_list_add(struct m *m, unsigned c, uint32_t id)
{
    struct cpu_list *cp = &m->cl[c];
    struct task *t = &m->t[id];
    t->lnext = TASK_NONE;
    t->lprev = cp->ltail;
    if (cp->ltail != TASK_NONE)
        m->t[cp->ltail].lnext = id;
    else
        cp->lhead = id;
    cp->ltail = id;
    cp->nrun++;
    t->cpu = (uint16_t)c;
}

void bal_list_del(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    struct cpu_list *cp = &m->cl[t->cpu];
    if (t->lprev != TASK_NONE)
        m->t[t->lprev].lnext = t->lnext;
    else
        cp->lhead = t->lnext;
    if (t->lnext != TASK_NONE)
        m->t[t->lnext].lprev = t->lprev;
    else
        cp->ltail = t->lprev;
    cp->nrun--;
}

/* ---- the balancing rule ------------------------------------------------ */

/* Where a task that becomes runnable goes: with balance none, CPU id mod N
 * (pinned); with least-loaded, the CPU with the fewest runnable tasks,
 * preferring the task's previous CPU on a tie, then the lowest index. */
unsigned bal_place(struct m *m, uint32_t id)
{
    unsigned n = m->e->ncpu, prev = m->t[id].cpu;
    if (m->e->balance == BAL_NONE)
        return id % n;
    unsigned best = prev;
    for (unsigned c = 0; c < n; c++)
        if (m->cl[c].nrun < m->cl[best].nrun)
            best = c;
    return best;
}

/* An idle CPU pulls the longest-queued waiting task of the CPU with the most
 * waiting tasks (ties: lowest index). */
void bal_pull(struct m *m, unsigned dst)
{
    unsigned src = dst;
    uint32_t most = 0;
    for (unsigned c = 0; c < m->e->ncpu; c++) {
        uint32_t waiting = m->cl[c].nrun - (m->k.c[c].cur != TASK_NONE);
        if (c != dst && waiting > most) {
            most = waiting;
            src = c;
        }
    }
    if (!most)
        return;
    uint32_t id = m->cl[src].lhead;
    while (id != TASK_NONE && m->t[id].state == T_RUNNING)
        id = m->t[id].lnext;
    if (id == TASK_NONE)
        return;
    bal_list_del(m, id);
    pol_dequeue(m->k.pol, src, id);
    bal_list_add(m, dst, id);
    pol_enqueue(m->k.pol, dst, id);
    m->r->migrations++;
}
