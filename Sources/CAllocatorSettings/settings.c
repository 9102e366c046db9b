#include "CAllocatorSettings.h"

// jemalloc reads its options from a `malloc_conf` the program defines, before main (the library's
// own is a weak, empty one). "thp:always": the memory it maps is backed by 2 MiB pages where the
// kernel allows (transparent huge pages in "madvise" mode, as Debian ships them). Reconcile and
// aggregate look up strings in hash tables of tens of megabytes at random: with 4 KiB pages
// nearly every lookup also missed the TLB. A national reconcile took 3 s less (15.5 → 12.2 s,
// five alternating runs); normalize was unchanged. MALLOC_CONF in the environment still applies
// on top.
const char *malloc_conf = "thp:always";

const char *ansinh_allocator_settings(void) {
    return malloc_conf;
}
