// malloc settings for the long-running server processes (glibc's; jemalloc needs none).
#pragma once

namespace genx3d::cli {

// Keeps freed heap memory for reuse instead of handing it back to the kernel at once. By
// default glibc trims a thread arena's heap whenever its free top passes 128 KiB, with a
// madvise that flushes the TLB on every core; under load that churn (SQLite's per-transaction
// buffers freed on the store thread) took about 3% of the server's CPU. Peak RSS is unchanged:
// only the return of memory after a peak is later.
void keep_freed_memory_for_reuse();

}  // namespace genx3d::cli
