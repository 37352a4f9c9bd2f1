/*
 * xarray.c -- the page cache's index (xarray.h): a radix tree of 64-slot
 * nodes with two marks per slot, grown at the top and pruned as nodes
 * empty.
 */
#include "xarray.h"

#include <string.h>

#include "mm_errno.h"
#include "slab.h"

#define BITS_PER_LONG_ (8 * (unsigned)sizeof(unsigned long))
#define XA_NO_MARK XA_MAX_MARKS /* xa_find_any: "present" instead of a mark */

/* The largest index a node at `shift` (as the top) can hold. */
static unsigned long node_max(unsigned int shift) {
  if (shift + XA_CHUNK_SHIFT >= BITS_PER_LONG_) return ~0ul;
  return (1ul << (shift + XA_CHUNK_SHIFT)) - 1;
}

static struct xa_node *node_alloc(struct xarray *xa, unsigned int shift, gfp_t gfp) {
  struct xa_node *node = kmalloc(sizeof(*node), gfp);
  if (!node) return 0;
  memset(node, 0, sizeof(*node));
  node->shift = (unsigned char)shift;
  xa->xa_nodes++;
  return node;
}

static void node_free(struct xarray *xa, struct xa_node *node) {
  kfree(node);
  xa->xa_nodes--;
}

/* Frees `node` and its ancestors while they are empty. */
static void prune(struct xarray *xa, struct xa_node *node) {
  while (node && node->count == 0) {
    struct xa_node *parent = node->parent;
    if (parent) {
      parent->slots[node->offset] = 0;
      parent->count--;
      for (unsigned int m = 0; m < XA_MAX_MARKS; m++)
        parent->marks[m] &= ~(1ull << node->offset);
    } else {
      xa->xa_head = 0;
    }
    node_free(xa, node);
    node = parent;
  }
}

/* The leaf node holding `index`, NULL when there is none. */
static struct xa_node *leaf_of(const struct xarray *xa, unsigned long index) {
  struct xa_node *node = xa->xa_head;
  if (!node || index > node_max(node->shift)) return 0;
  while (node && node->shift)
    node = node->slots[(index >> node->shift) & XA_CHUNK_MASK];
  return node;
}

void *xa_load(const struct xarray *xa, unsigned long index) {
  struct xa_node *leaf = leaf_of(xa, index);
  return leaf ? leaf->slots[index & XA_CHUNK_MASK] : 0;
}

/* Stores `entry`; with `exclusive`, -EEXIST when the slot is taken. */
static int store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp,
                 bool exclusive) {
  if (!entry) return -EINVAL;
  if (!xa->xa_head) { /* a first node tall enough for `index` */
    unsigned int shift = 0;
    while (index > node_max(shift)) shift += XA_CHUNK_SHIFT;
    if (!(xa->xa_head = node_alloc(xa, shift, gfp))) return -ENOMEM;
  }
  while (index > node_max(xa->xa_head->shift)) { /* grow a level at the top */
    struct xa_node *old = xa->xa_head;
    struct xa_node *top = node_alloc(xa, old->shift + XA_CHUNK_SHIFT, gfp);
    if (!top) {
      prune(xa, old);
      return -ENOMEM;
    }
    top->slots[0] = old;
    top->count = 1;
    for (unsigned int m = 0; m < XA_MAX_MARKS; m++)
      if (old->marks[m]) top->marks[m] = 1;
    old->parent = top;
    old->offset = 0;
    xa->xa_head = top;
  }
  struct xa_node *node = xa->xa_head;
  while (node->shift) {
    unsigned int off = (index >> node->shift) & XA_CHUNK_MASK;
    struct xa_node *child = node->slots[off];
    if (!child) {
      child = node_alloc(xa, node->shift - XA_CHUNK_SHIFT, gfp);
      if (!child) {
        prune(xa, node);
        return -ENOMEM;
      }
      child->parent = node;
      child->offset = (unsigned char)off;
      node->slots[off] = child;
      node->count++;
    }
    node = child;
  }
  unsigned int off = index & XA_CHUNK_MASK;
  if (node->slots[off]) {
    if (exclusive) return -EEXIST;
  } else {
    node->count++;
  }
  node->slots[off] = entry;
  return 0;
}

int xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp) {
  return store(xa, index, entry, gfp, false);
}

int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp) {
  return store(xa, index, entry, gfp, true);
}

/* Clears mark `m` of slot `off` in `node` and in the ancestors left without it. */
static void clear_mark_up(struct xa_node *node, unsigned int off, xa_mark_t m) {
  while (node) {
    node->marks[m] &= ~(1ull << off);
    if (node->marks[m]) return;
    off = node->offset;
    node = node->parent;
  }
}

void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark) {
  struct xa_node *node = leaf_of(xa, index);
  unsigned int off = index & XA_CHUNK_MASK;
  if (mark >= XA_MAX_MARKS || !node || !node->slots[off]) return;
  while (node) {
    if (node->marks[mark] & (1ull << off)) return; /* ancestors already marked */
    node->marks[mark] |= 1ull << off;
    off = node->offset;
    node = node->parent;
  }
}

void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark) {
  struct xa_node *node = leaf_of(xa, index);
  if (mark >= XA_MAX_MARKS || !node) return;
  clear_mark_up(node, index & XA_CHUNK_MASK, mark);
}

bool xa_get_mark(const struct xarray *xa, unsigned long index, xa_mark_t mark) {
  struct xa_node *node = leaf_of(xa, index);
  if (mark >= XA_MAX_MARKS || !node) return false;
  return (node->marks[mark] >> (index & XA_CHUNK_MASK)) & 1;
}

void *xa_erase(struct xarray *xa, unsigned long index) {
  struct xa_node *node = leaf_of(xa, index);
  unsigned int off = index & XA_CHUNK_MASK;
  if (!node || !node->slots[off]) return 0;
  void *entry = node->slots[off];
  for (unsigned int m = 0; m < XA_MAX_MARKS; m++) clear_mark_up(node, off, m);
  node->slots[off] = 0;
  node->count--;
  prune(xa, node);
  return entry;
}

/* Slot `off` of `node` counts for the search: present, or carrying `mark`. */
static bool wanted(const struct xa_node *node, unsigned int off, xa_mark_t mark) {
  if (mark == XA_NO_MARK) return node->slots[off] != 0;
  return (node->marks[mark] >> off) & 1;
}

static void *find(const struct xarray *xa, unsigned long *indexp, unsigned long max,
                  xa_mark_t mark) {
  struct xa_node *node = xa->xa_head;
  unsigned long idx = *indexp;
  if (!node || idx > max || idx > node_max(node->shift)) return 0;
  unsigned int first = (idx >> node->shift) & XA_CHUNK_MASK;
  for (;;) {
    unsigned int off = first;
    while (off < XA_CHUNK_SIZE && !wanted(node, off, mark)) off++;
    if (off == XA_CHUNK_SIZE) { /* nothing left here: the parent's next slot */
      if (!node->parent) return 0;
      first = node->offset + 1u;
      node = node->parent;
      unsigned int span = node->shift + XA_CHUNK_SHIFT;
      unsigned long high = span >= BITS_PER_LONG_ ? 0 : (idx >> span) << span;
      idx = high | ((unsigned long)first << node->shift); /* past the end when first == 64 */
      if (first < XA_CHUNK_SIZE && idx > max) return 0;
      continue;
    }
    if (off != first) { /* start of slot `off` */
      unsigned int span = node->shift + XA_CHUNK_SHIFT;
      unsigned long high = span >= BITS_PER_LONG_ ? 0 : (idx >> span) << span;
      idx = high | ((unsigned long)off << node->shift);
      if (idx > max) return 0;
    }
    if (!node->shift) {
      *indexp = idx;
      return node->slots[off];
    }
    node = node->slots[off];
    first = (idx >> node->shift) & XA_CHUNK_MASK;
  }
}

void *xa_find(const struct xarray *xa, unsigned long *index, unsigned long max) {
  return find(xa, index, max, XA_NO_MARK);
}

void *xa_find_marked(const struct xarray *xa, unsigned long *index, unsigned long max,
                     xa_mark_t mark) {
  if (mark >= XA_MAX_MARKS) return 0;
  return find(xa, index, max, mark);
}

/* Frees `node` and every node below it. */
static void destroy(struct xarray *xa, struct xa_node *node) {
  if (node->shift)
    for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++)
      if (node->slots[i]) destroy(xa, node->slots[i]);
  node_free(xa, node);
}

void xa_destroy(struct xarray *xa) {
  if (xa->xa_head) destroy(xa, xa->xa_head);
  xa->xa_head = 0;
}
