// jemalloc (Debian libjemalloc-dev) replaces the C library's malloc for the whole process once
// it is linked. Only its control call is declared here: jemalloc.h would declare malloc and
// free a second time beside Glibc's.
#include <stddef.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
