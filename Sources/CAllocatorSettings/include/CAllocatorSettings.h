#ifndef ANSINH_ALLOCATOR_SETTINGS_H
#define ANSINH_ALLOCATOR_SETTINGS_H

/// The options jemalloc read at startup from this program (its `malloc_conf`).
const char *ansinh_allocator_settings(void);

#endif
