/*
 * The capability model (docs/capabilities.md). A capability names an object
 * (type + opaque 64-bit reference chosen by the host), carries a rights mask,
 * a badge and an optional expiry. Capabilities live in slots of capability
 * spaces, one per domain, in memory the caller provides; a cap_system
 * registers the spaces so that the derivation tree can link capabilities held
 * by different domains. Userspace only ever holds handles: (slot, generation)
 * packed in 64 bits, so a stale handle is refused even after its slot is
 * reused.
 *
 * Callers: the kernel (one space per user domain, every system call goes
 * through cap_check) and the simulator. Every operation decodes and validates
 * first and returns a distinct negative error with no side effect on the
 * tables; only then does it perform. Time is always an explicit `now`
 * argument (nanoseconds, the caller's clock), never read inside libcore, so
 * the check stays a few instructions and runs are reproducible.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Errors: each failure has its own code (core_strerror names them). */
enum cap_err {
    CAP_E_FULL = CORE_E_CAP_BASE - 1,      /* destination space has no free slot */
    CAP_E_BADHANDLE = CORE_E_CAP_BASE - 2, /* slot out of range or empty */
    CAP_E_STALE = CORE_E_CAP_BASE - 3,     /* generation differs: the slot was reused */
    CAP_E_TYPE = CORE_E_CAP_BASE - 4,      /* the cap is not of the required type */
    CAP_E_RIGHTS = CORE_E_CAP_BASE - 5,    /* a required right is missing */
    CAP_E_EXPIRED = CORE_E_CAP_BASE - 6,   /* now >= the cap's expiry */
    CAP_E_DEPTH = CORE_E_CAP_BASE - 7,     /* namespace path longer than CAP_NS_DEPTH_MAX */
    CAP_E_ESCALATE = CORE_E_CAP_BASE - 8,  /* derived rights not a subset of the source */
    CAP_E_BADGE = CORE_E_CAP_BASE - 9,     /* a badged cap cannot be re-badged */
    CAP_E_BADSPACE = CORE_E_CAP_BASE - 10, /* space index not registered */
    CAP_E_INVAL = CORE_E_CAP_BASE - 11,    /* unknown type/right bits, empty path, bad size */
    CAP_E_SPACES = CORE_E_CAP_BASE - 12,   /* the system's space table is full */
    CAP_E_LIFETIME = CORE_E_CAP_BASE - 13, /* derived expiry would outlive the source */
};

/* Object types. CAP_T_CSPACE is the one type whose object reference libcore
 * interprets: it is the index of a registered space (namespaces). */
enum cap_type {
    CAP_T_NULL = 0, /* empty slot */
    CAP_T_FRAME,    /* physical memory frame(s) */
    CAP_T_ENDPOINT, /* IPC endpoint */
    CAP_T_GAS,      /* gas account */
    CAP_T_CSPACE,   /* capability space (obj = space index) */
    CAP_T_DOMAIN,   /* a domain (spawn, kill) */
    CAP_T_IRQ,      /* an interrupt line */
    CAP_T_IOPORT,   /* an I/O port range */
    CAP_T_SCHED,    /* scheduler control */
    CAP_T_COUNT
};

/* Rights. Derivation can only clear bits. */
enum cap_right {
    CAP_R_READ = 1u << 0,       /* read a frame, receive on an endpoint, look up in a cspace */
    CAP_R_WRITE = 1u << 1,      /* write a frame, send on an endpoint, insert into a cspace */
    CAP_R_EXEC = 1u << 2,       /* map a frame executable */
    CAP_R_GRANT = 1u << 3,      /* copy the cap, or move it to another space */
    CAP_R_DERIVE = 1u << 4,     /* mint a child with fewer rights and/or a badge */
    CAP_R_REVOKE = 1u << 5,     /* destroy every descendant */
    CAP_R_CREATE = 1u << 6,     /* act as the authority for cap_create */
    CAP_R_DONATE = 1u << 7,     /* move gas out of a gas account */
    CAP_R_DECLASSIFY = 1u << 8, /* send down the IPC lattice */
    CAP_R_SPAWN = 1u << 9,      /* start a domain */
    CAP_R_KILL = 1u << 10,      /* stop a domain */
    CAP_R_ACK = 1u << 11,       /* acknowledge an IRQ / use an I/O port range */
    CAP_R_SWITCH = 1u << 12,    /* switch the scheduling policy */
    CAP_R_ALL = (1u << 13) - 1
};

/* Audit operation codes carried in TR_CAP_REFUSE records (field c). */
enum cap_op {
    CAP_OP_CHECK = 1,
    CAP_OP_CREATE,
    CAP_OP_COPY,
    CAP_OP_DERIVE,
    CAP_OP_MOVE,
    CAP_OP_DELETE,
    CAP_OP_REVOKE,
    CAP_OP_RESOLVE,
};

/* Limits. Derivation links pack (space, slot) into 32 bits: 12 + 20. */
#define CAP_SPACES_MAX 4095u
#define CAP_SLOTS_MAX ((1u << 20) - 1)
#define CAP_NS_DEPTH_MAX 8u /* nested cspace hops a path may take */
#define CAP_LINK_NIL 0xffffffffu
#define CAP_GEN_RETIRED 0xffffffffu /* a slot whose generation ran out is never reused */

/* A handle: slot in the low 32 bits, generation in the high 32. Generations
 * start at 1, so 0 is never a valid handle. */
typedef uint64_t cap_handle;

static inline cap_handle cap_handle_make(uint32_t slot, uint32_t gen)
{
    return ((uint64_t)gen << 32) | slot;
}
static inline uint32_t cap_handle_slot(cap_handle h)
{
    return (uint32_t)h;
}
static inline uint32_t cap_handle_gen(cap_handle h)
{
    return (uint32_t)(h >> 32);
}

/* One slot (56 bytes). Public only so that cap_check can be inlined; callers
 * treat it as opaque and allocate arrays of it. */
struct cap_slot {
    uint64_t obj;    /* object reference (host's choice) */
    uint64_t badge;  /* 0 = unbadged */
    uint64_t expiry; /* absolute ns; 0 = never */
    uint32_t rights;
    uint32_t gen;    /* current generation of this slot */
    uint32_t parent; /* derivation tree links, packed (space, slot) or NIL; */
    uint32_t child;  /* on a free slot `next` is the free-list link (slot index) */
    uint32_t next;
    uint32_t prev;
    uint8_t type; /* enum cap_type; CAP_T_NULL when free */
    uint8_t pad[7];
};

struct cap_space {
    struct cap_slot *slots;
    uint32_t nslots;
    uint32_t free_head; /* slot index or CAP_LINK_NIL */
    uint32_t used;      /* slots holding a capability */
    uint32_t index;     /* this space's index in its cap_system */
    uint32_t owner;     /* domain id, for the caller's bookkeeping */
};

struct cap_system {
    struct cap_space *spaces; /* caller-provided array */
    uint32_t nspaces, max_spaces;
};

/* Where a capability is: a registered space and a handle in it. */
struct cap_loc {
    uint32_t space;
    cap_handle h;
};

/* What to create. */
struct cap_desc {
    uint8_t type;
    uint64_t obj;
    uint32_t rights;
    uint64_t badge;
    uint64_t expiry; /* 0 = never */
};

/* ---- System and spaces (cap_space.c) ---- */

/* The space with index i (i must be < sys->nspaces), for cap_check. */
static inline const struct cap_space *cap_space_of(const struct cap_system *sys, uint32_t i)
{
    return &sys->spaces[i];
}

/* Start an empty system whose spaces live in spaces[0..max_spaces). */
void cap_system_init(struct cap_system *sys, struct cap_space *spaces, uint32_t max_spaces);

/* Register a space of nslots slots (1..CAP_SLOTS_MAX) in caller memory; every
 * slot is cleared and free. *index receives the space index.
 * Errors: CAP_E_INVAL (nslots), CAP_E_SPACES (system full). */
int cap_space_add(struct cap_system *sys, struct cap_slot *slots, uint32_t nslots, uint32_t owner,
                  uint32_t *index);

/* Copy the fields of the capability at loc into *out (no rights needed).
 * Errors: CAP_E_BADSPACE, CAP_E_BADHANDLE, CAP_E_STALE. */
int cap_lookup(const struct cap_system *sys, struct cap_loc loc, struct cap_desc *out);

/* Cold path of cap_check: emits the TR_CAP_REFUSE record and returns err. */
int cap_refuse(uint32_t space, uint32_t slot, enum cap_op op, int err);

/* The system call fast path: the capability at handle h in space s must be of
 * `type`, hold every bit of `rights` and be unexpired at `now`. On success
 * stores its object reference (and badge, if badge is not NULL) and returns 0.
 * Errors (each traced): CAP_E_BADHANDLE, CAP_E_STALE, CAP_E_TYPE,
 * CAP_E_RIGHTS, CAP_E_EXPIRED. */
static inline int cap_check(const struct cap_space *s, cap_handle h, unsigned type, uint32_t rights,
                            uint64_t now, uint64_t *obj, uint64_t *badge)
{
    uint32_t slot = cap_handle_slot(h);
    if (slot >= s->nslots)
        return cap_refuse(s->index, slot, CAP_OP_CHECK, CAP_E_BADHANDLE);
    const struct cap_slot *c = &s->slots[slot];
    if (c->gen != cap_handle_gen(h))
        return cap_refuse(s->index, slot, CAP_OP_CHECK, CAP_E_STALE);
    /* Asking for CAP_T_NULL must not make an empty slot look valid; with
     * a constant type at the call site the second test folds away. */
    if (c->type != type || type == CAP_T_NULL)
        return cap_refuse(s->index, slot, CAP_OP_CHECK,
                          c->type == CAP_T_NULL ? CAP_E_BADHANDLE : CAP_E_TYPE);
    if ((c->rights & rights) != rights)
        return cap_refuse(s->index, slot, CAP_OP_CHECK, CAP_E_RIGHTS);
    /* Expired when now >= expiry; expiry 0 (never) wraps to the largest
     * value here, so one compare covers both cases. */
    if (c->expiry - 1 < now)
        return cap_refuse(s->index, slot, CAP_OP_CHECK, CAP_E_EXPIRED);
    *obj = c->obj;
    if (badge)
        *badge = c->badge;
    return 0;
}

/* ---- Operations (cap_ops.c, cap_revoke.c) ----
 * Every operation names its source by cap_loc and its destination by space
 * index; the new capability goes into the destination's first free slot and
 * its handle is stored in *out. A cap "in force" is present, of the right
 * generation and unexpired at `now`. */

/* Boot-time creation with no authority: a new root of the derivation tree.
 * Errors: CAP_E_BADSPACE, CAP_E_INVAL (type, rights bits, cspace obj not a
 * registered space), CAP_E_FULL. */
int cap_create_root(struct cap_system *sys, uint32_t dst, const struct cap_desc *d,
                    cap_handle *out);

/* Create a new capability from an authority holding CAP_R_CREATE; the new
 * cap is the authority's child (revoking the authority destroys it), its
 * expiry is the earlier of d->expiry and the authority's. */
int cap_create(struct cap_system *sys, struct cap_loc auth, uint32_t dst, const struct cap_desc *d,
               uint64_t now, cap_handle *out);

/* Copy (needs CAP_R_GRANT): same object, rights, badge and expiry; the copy
 * is the source's sibling (same parent), so it survives revoking the source
 * but not revoking the source's parent. */
int cap_copy(struct cap_system *sys, struct cap_loc src, uint32_t dst, uint64_t now,
             cap_handle *out);

/* Derive/mint (needs CAP_R_DERIVE): a child of the source with rights a
 * subset of the source's (CAP_E_ESCALATE), a badge (only if the source is
 * unbadged or the badge is unchanged: CAP_E_BADGE) and an expiry no later
 * than the source's (0 = inherit; CAP_E_LIFETIME if later). */
int cap_derive(struct cap_system *sys, struct cap_loc src, uint32_t dst, uint32_t rights,
               uint64_t badge, uint64_t expiry, uint64_t now, cap_handle *out);

/* Move to another slot (needs CAP_R_GRANT when dst is another space). The
 * derivation links follow the capability; the old handle becomes stale. */
int cap_move(struct cap_system *sys, struct cap_loc src, uint32_t dst, uint64_t now,
             cap_handle *out);

/* Delete (no right needed, expired caps too): the slot becomes free and its
 * generation advances; the cap's children are handed to its parent so a
 * revoke higher up still reaches them. */
int cap_delete(struct cap_system *sys, struct cap_loc c);

/* Revoke (needs CAP_R_REVOKE): destroy every descendant of c, in any space,
 * iteratively in O(subtree) time and O(1) extra memory. c itself stays.
 * *removed (if not NULL) gets the number destroyed. */
int cap_revoke(struct cap_system *sys, struct cap_loc c, uint64_t now, uint32_t *removed);

/* ---- Namespaces (cap_ns.c) ----
 * Resolve path[0..n) starting in space `space`: each of path[0..n-1) must be
 * a CAP_T_CSPACE cap in force with CAP_R_READ, naming the space in which the
 * next handle is looked up; path[n-1] must name a present capability there.
 * *out gets the final (space, handle). n - 1 hops may be at most
 * CAP_NS_DEPTH_MAX (CAP_E_DEPTH); n == 0 is CAP_E_INVAL. */
int cap_resolve(const struct cap_system *sys, uint32_t space, const cap_handle *path, size_t n,
                uint64_t now, struct cap_loc *out);

/* Check the whole system's invariants (links symmetric, free lists and
 * counts right, no child outlives its parent). Returns 0 or CORE_E_STATE.
 * O(total slots); for tests and debugging. */
int cap_system_verify(const struct cap_system *sys);
