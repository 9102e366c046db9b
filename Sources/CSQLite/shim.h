#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: this wrapper turns off SQLite's memory
   statistics (one global mutex taken on every allocation, contended once several connections
   work on several threads). It must run before the library initializes; later it returns
   SQLITE_MISUSE and changes nothing. */
static inline int ansinh_sqlite3_memstatus_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
