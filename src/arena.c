/*
 * arena.c: the per-article memory arena.
 *
 * Everything a stage allocates for one article comes from the arena and is
 * released at once by ng_arena_reset() when the next article starts. That
 * keeps memory constant in the number of articles and makes leaks across
 * articles impossible. Blocks grow geometrically; reset frees all but the
 * largest block, which is reused, so steady-state processing of similar
 * articles does no malloc at all.
 *
 * The `limit` caps the arena's total, so a hostile input (say a page that
 * parses into millions of nodes) fails with "out of memory" for that input
 * instead of exhausting the machine.
 */
#include "internal.h"

#include <stdlib.h>
#include <sys/mman.h>

struct ng_arena_block {
    ng_arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK ((size_t)64 << 10)
#define ALIGN_UP(n) (((n) + 15) & ~(size_t)15)
/* Blocks of this size or more are mapped from the system directly, so
 * that freeing one (a stage's scratch arena at its end) returns the
 * memory at once. From malloc, a freed block stayed resident: glibc
 * raises its mapping threshold to the size of a freed mapped chunk, so the
 * next stage's blocks came from the heap, and a later, larger block could
 * not reuse the smaller ones freed before it. */
#define ARENA_MAP_MIN ((size_t)1 << 20)

static ng_arena_block *block_new(size_t size)
{
    size_t bytes = sizeof(ng_arena_block) + size;
    if (bytes < ARENA_MAP_MIN) return malloc(bytes);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void block_free(ng_arena_block *b)
{
    size_t bytes = sizeof *b + b->size;
    if (bytes < ARENA_MAP_MIN) free(b);
    else munmap(b, bytes);
}

void ng_arena_init(ng_arena *a, size_t limit)
{
    a->head = NULL;
    a->total = 0;
    a->limit = limit;
}

static ng_arena_block *arena_grow(ng_arena *a, size_t need)
{
    size_t size = a->head ? a->head->size * 2 : ARENA_MIN_BLOCK;
    if (size < need) size = need;
    if (size > ((size_t)256 << 20) && need <= ((size_t)256 << 20)) size = (size_t)256 << 20;
    if (a->limit && a->total + size > a->limit) {
        if (a->total + need > a->limit) return NULL;
        size = a->limit - a->total;
    }
    if (size > SIZE_MAX - sizeof(ng_arena_block)) return NULL;
    ng_arena_block *b = block_new(size);
    if (!b) return NULL;
    b->next = a->head;
    b->size = size;
    b->used = 0;
    a->head = b;
    a->total += size;
    return b;
}

void *ng_alloc(ng_arena *a, size_t size)
{
    size = ALIGN_UP(size ? size : 1);
    if (size == 0) return NULL; /* overflow */
    ng_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        b = arena_grow(a, size);
        if (!b) return NULL;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

void *ng_calloc(ng_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = ng_alloc(a, count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

void *ng_realloc(ng_arena *a, void *p, size_t old, size_t size)
{
    if (!p) return ng_alloc(a, size);
    ng_arena_block *b = a->head;
    size_t old_al = ALIGN_UP(old), new_al = ALIGN_UP(size);
    if (new_al < size) return NULL;
    if (b && (unsigned char *)p + old_al == b->data + b->used && b->used - old_al + new_al <= b->size) {
        b->used = b->used - old_al + new_al; /* the last allocation grows in place */
        return p;
    }
    void *q = ng_alloc(a, size);
    if (q) memcpy(q, p, old < size ? old : size);
    return q;
}

bool ng_vec_reserve(ng_arena *a, void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need) ncap *= 2;
    if (ncap > SIZE_MAX / elem) return false;
    void *p = ng_realloc(a, *items, *cap * elem, ncap * elem);
    if (!p) return false;
    *items = p;
    *cap = ncap;
    return true;
}

ng_str ng_strndup(ng_arena *a, const char *s, size_t n)
{
    char *p = ng_alloc(a, n + 1);
    if (!p) return (ng_str){NULL, 0};
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return (ng_str){p, n};
}

ng_str ng_strdup(ng_arena *a, const char *s)
{
    return s ? ng_strndup(a, s, strlen(s)) : (ng_str){NULL, 0};
}

ng_str ng_sprintf(ng_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return (ng_str){NULL, 0};
    char *p = ng_alloc(a, (size_t)n + 1);
    if (!p) return (ng_str){NULL, 0};
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return (ng_str){p, (size_t)n};
}

void ng_arena_reset(ng_arena *a)
{
    ng_arena_block *keep = NULL;
    for (ng_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (!keep || b->size > keep->size) {
            if (keep) block_free(keep);
            keep = b;
        } else {
            block_free(b);
        }
    }
    a->head = keep;
    a->total = 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        a->total = keep->size;
    }
}

void ng_arena_init_scratch(ng_arena *scratch, const ng_arena *parent)
{
    size_t left = 0; /* 0: no limit, as for the parent */
    if (parent->limit) left = parent->total < parent->limit ? parent->limit - parent->total : 1;
    ng_arena_init(scratch, left);
}

void ng_arena_free(ng_arena *a)
{
    for (ng_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        block_free(b);
    }
    a->head = NULL;
    a->total = 0;
}
