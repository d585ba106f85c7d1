#include "cli/malloc_tuning.hpp"

#include <malloc.h>

namespace genx3d::cli {

void keep_freed_memory_for_reuse() {
#ifndef GENX3D_WITH_JEMALLOC
  // Setting the trim threshold fixes the mmap threshold too (glibc then stops adapting it), so
  // both are set: blocks up to 4 MiB come from the heap and are reused, larger ones are mapped.
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
  // With jemalloc (the default build) freed pages go back after its decay time (10 s), so
  // there is nothing to tune.
}

}  // namespace genx3d::cli
