// The one allocation counter of the allocation tests: replaces the global allocation functions
// of the test executable, operator new and, on glibc, also malloc and its relatives (Eigen
// allocates through malloc, not operator new), all forwarding to glibc's allocator and counting
// each call.
#include <cerrno>
#include <cstdlib>
#include <new>

#include "counting.hpp"

namespace {

long g_allocations = 0;

}  // namespace

long allocation_count() {
    return g_allocations;
}

#if defined(__GLIBC__)
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);

void* malloc(std::size_t size) {
    ++g_allocations;
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
    ++g_allocations;
    return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) {
    ++g_allocations;
    return __libc_realloc(pointer, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
    ++g_allocations;
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** pointer, std::size_t alignment, std::size_t size) {
    ++g_allocations;
    *pointer = __libc_memalign(alignment, size);
    return *pointer == nullptr && size > 0 ? ENOMEM : 0;
}
}

namespace {
void* raw_allocate(std::size_t size) {
    return __libc_malloc(size == 0 ? 1 : size);
}
void raw_release(void* pointer) {
    __libc_free(pointer);
}
}  // namespace
#else
namespace {
void* raw_allocate(std::size_t size) {
    return std::malloc(size == 0 ? 1 : size);
}
void raw_release(void* pointer) {
    std::free(pointer);
}
}  // namespace
#endif

void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* pointer = raw_allocate(size)) return pointer;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    ++g_allocations;
    if (void* pointer = raw_allocate(size)) return pointer;
    throw std::bad_alloc();
}
void operator delete(void* pointer) noexcept {
    raw_release(pointer);
}
void operator delete[](void* pointer) noexcept {
    raw_release(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept {
    raw_release(pointer);
}
void operator delete[](void* pointer, std::size_t) noexcept {
    raw_release(pointer);
}
