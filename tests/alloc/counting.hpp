#pragma once
// The allocation counter of the allocation tests (counting.cpp replaces the global allocation
// functions of their executable).

/// Calls of operator new, operator new[], malloc, calloc, realloc, aligned_alloc and
/// posix_memalign made so far by this process (the C functions on glibc only).
long allocation_count();
