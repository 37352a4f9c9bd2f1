/*
 * xarray.h -- a sparse array of pointers indexed by unsigned long, with
 * two marks per entry: the index of the page cache (Linux's XArray, as
 * address_space->i_pages uses it).
 *
 *   xa_head --> node shift 6 (index bits 11..6)
 *                 slots[0..63] --> node shift 0 (index bits 5..0)
 *                                    slots[0..63] --> entries (struct page *)
 *
 * A node has XA_CHUNK_SIZE (64) slots; a node at `shift` covers
 * 64 << shift indices.  The tree grows a level at the top when an index
 * does not fit and frees nodes that become empty.  marks[m] of a node has
 * bit i set when slot i holds an entry with mark m (leaf) or a child with
 * any entry marked m (inner node), so that xa_find_marked skips unmarked
 * subtrees: the page cache finds its dirty pages without looking at the
 * clean ones.
 *
 * Deliberately smaller than Linux: no multi-index entries, no value
 * entries, no RCU, no locks (one CPU, no preemption in the kernel);
 * entries must be non-NULL pointers.
 */
#ifndef MM_XARRAY_H
#define MM_XARRAY_H

#include <stdbool.h>
#include <stdint.h>

#include "gfp.h"

#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE (1u << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK (XA_CHUNK_SIZE - 1)

typedef unsigned int xa_mark_t;
#define XA_MARK_0 0u
#define XA_MARK_1 1u
#define XA_MAX_MARKS 2u

struct xa_node {
  unsigned char shift;             /* index bits below this node's slot number */
  unsigned char offset;            /* slot number in the parent */
  unsigned char count;             /* non-NULL slots */
  struct xa_node *parent;          /* NULL for the top node */
  void *slots[XA_CHUNK_SIZE];      /* entries (shift 0) or child nodes */
  uint64_t marks[XA_MAX_MARKS];    /* bit i: slot i marked (see above) */
};

struct xarray {
  struct xa_node *xa_head;         /* top node, NULL when empty */
  unsigned long xa_nodes;          /* nodes allocated (ours: a memory view) */
};

#define XARRAY_INIT { 0, 0 }

static inline void xa_init(struct xarray *xa) {
  xa->xa_head = 0;
  xa->xa_nodes = 0;
}
static inline bool xa_empty(const struct xarray *xa) { return !xa->xa_head; }

/* The entry at `index`, NULL when none. */
void *xa_load(const struct xarray *xa, unsigned long index);

/*
 * Stores non-NULL `entry` at `index` (replacing any entry, whose marks are
 * kept); nodes come from kmalloc(gfp).  Returns 0, -ENOMEM (nothing
 * changed) or -EINVAL for a NULL entry.
 */
int xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);

/* Like xa_store, but -EEXIST when `index` already holds an entry. */
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);

/* Removes the entry at `index` with its marks; returns it (NULL when none). */
void *xa_erase(struct xarray *xa, unsigned long index);

/* Marks of the entry at `index`; setting/clearing a missing entry does nothing. */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
bool xa_get_mark(const struct xarray *xa, unsigned long index, xa_mark_t mark);

/*
 * The first entry at an index in [*index, max], storing its index in
 * *index; NULL when there is none.  xa_find_marked: the first with `mark`.
 */
void *xa_find(const struct xarray *xa, unsigned long *index, unsigned long max);
void *xa_find_marked(const struct xarray *xa, unsigned long *index, unsigned long max,
                     xa_mark_t mark);

/* Frees every node (the entries are the caller's). */
void xa_destroy(struct xarray *xa);

/* Every entry from index 0 (Linux xa_for_each); `index` and `entry` are lvalues. */
#define xa_for_each(xa, index, entry)                                      \
  for ((index) = 0, (entry) = xa_find((xa), &(index), ~0ul); (entry);     \
       (entry) = ((index) == ~0ul) ? 0 : ((index)++, xa_find((xa), &(index), ~0ul)))
#define xa_for_each_marked(xa, index, entry, mark)                              \
  for ((index) = 0, (entry) = xa_find_marked((xa), &(index), ~0ul, (mark)); (entry); \
       (entry) = ((index) == ~0ul) ? 0                                           \
                                   : ((index)++, xa_find_marked((xa), &(index), ~0ul, (mark))))

#endif /* MM_XARRAY_H */
