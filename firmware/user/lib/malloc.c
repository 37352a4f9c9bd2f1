/*
 * malloc.c -- malloc on brk and mmap.  Blocks below MMAP_THRESHOLD come
 * from the heap (sbrk) with a first-fit free list; larger ones are
 * mmap'd on their own and munmap'd by free, as glibc does above its
 * mmap threshold.  Each block has an 8-byte header with its size.
 */
#include "user.h"

#define MMAP_THRESHOLD (64u << 10)
#define ALIGN8(x) (((x) + 7u) & ~7u)

struct block {
  size_t size;        /* bytes after the header; bit 0 set: mmap'd */
  struct block *next; /* free list link (free heap blocks only) */
};
#define HDR 8u

static struct block *free_list;

void *malloc(size_t size) {
  if (!size) return NULL;
  size = ALIGN8(size);
  if (size >= MMAP_THRESHOLD) {
    size_t len = (size + HDR + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
    struct block *b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (MMAP_FAILED(b)) return NULL;
    b->size = (len - HDR) | 1u;
    return (char *)b + HDR;
  }
  for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
    if ((*pp)->size >= size) {
      struct block *b = *pp;
      *pp = b->next;
      return (char *)b + HDR;
    }
  }
  struct block *b = sbrk((long)(size + HDR));
  if (!b) return NULL;
  b->size = size;
  return (char *)b + HDR;
}

void free(void *ptr) {
  if (!ptr) return;
  struct block *b = (struct block *)((char *)ptr - HDR);
  if (b->size & 1u) {
    munmap(b, (b->size & ~(size_t)1) + HDR);
    return;
  }
  b->next = free_list;
  free_list = b;
}
