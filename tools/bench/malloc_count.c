/*
 * A malloc counter for `convviz bench`, loaded with LD_PRELOAD (glibc): every malloc, calloc, realloc,
 * posix_memalign, aligned_alloc and memalign adds one to a counter and calls glibc's own allocator. The bench finds
 * `convviz_malloc_count` with dlsym and reports the allocations of each workload's run (median over the runs).
 *
 *     cc -O2 -shared -fPIC -o malloc_count.so tools/bench/malloc_count.c
 *     LD_PRELOAD=$PWD/malloc_count.so .build/release/convviz bench --only anim-frame
 *
 * tools/bench/compare_torch.py --allocations builds and loads it for you.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static atomic_ulong allocations;

static void count(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

/* The allocations so far, in every thread. */
unsigned long convviz_malloc_count(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }

void *malloc(size_t size) {
    count();
    return __libc_malloc(size);
}

void *calloc(size_t number, size_t size) {
    count();
    return __libc_calloc(number, size);
}

void *realloc(void *pointer, size_t size) {
    count();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}
