/*
 * list.h -- an intrusive, circular, doubly linked list (Linux list_head
 * names).  A list is a struct list_head sentinel; an element embeds a
 * struct list_head and is found again with list_entry().
 */
#ifndef MM_LIST_H
#define MM_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_head {
  struct list_head *next, *prev;
};

/* Makes `head` an empty list (both links point at itself). */
/* Declares and initializes an empty list head. */
#define LIST_HEAD(name) struct list_head name = {&(name), &(name)}

static inline void INIT_LIST_HEAD(struct list_head *head) {
  head->next = head;
  head->prev = head;
}

/* Links `node` between the adjacent entries `prev` and `next`. */
static inline void __list_link(struct list_head *node, struct list_head *prev,
                               struct list_head *next) {
  next->prev = node;
  node->next = next;
  node->prev = prev;
  prev->next = node;
}

/* Inserts `node` right after `head` (at the front: stack order). */
static inline void list_add(struct list_head *node, struct list_head *head) {
  __list_link(node, head, head->next);
}

/* Inserts `node` right before `head` (at the back: queue order). */
static inline void list_add_tail(struct list_head *node,
                                 struct list_head *head) {
  __list_link(node, head->prev, head);
}

/* Unlinks `node` from its list and leaves it pointing at itself. */
static inline void list_del(struct list_head *node) {
  node->prev->next = node->next;
  node->next->prev = node->prev;
  INIT_LIST_HEAD(node);
}

/* Unlinks `node` and inserts it at the front of `head`. */
static inline void list_move(struct list_head *node, struct list_head *head) {
  list_del(node);
  list_add(node, head);
}

/* Returns true when `head` has no elements. */
static inline bool list_empty(const struct list_head *head) {
  return head->next == head;
}

/* The structure of type `type` whose member `member` is at `ptr`. */
#define list_entry(ptr, type, member) \
  ((type *)((char *)(ptr) - offsetof(type, member)))

/* First / last element of a non-empty list. */
#define list_first_entry(head, type, member) \
  list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) \
  list_entry((head)->prev, type, member)

/* Iterates `pos` over the list nodes; `pos` must not be removed. */
#define list_for_each(pos, head) \
  for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* The same, with `n` holding the next node so that `pos` may be removed. */
#define list_for_each_safe(pos, n, head) \
  for ((pos) = (head)->next, (n) = (pos)->next; (pos) != (head); (pos) = (n), (n) = (pos)->next)

#endif /* MM_LIST_H */
