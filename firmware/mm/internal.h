/*
 * internal.h -- functions shared between the mm files but not part of
 * the allocator's interface (Linux mm/internal.h).
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mmzone.h"

/*
 * Releases the boot-reserved block of 2^order pages at `page` (aligned,
 * inside one zone) to the buddy: clears PG_reserved, poisons, merges.
 */
void __free_pages_core(struct page *page, unsigned int order);

#endif /* MM_INTERNAL_H */
