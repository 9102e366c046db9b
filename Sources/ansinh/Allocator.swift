import CAllocatorSettings
import CJemalloc

/// The memory allocator: jemalloc, linked in place of the C library's malloc. The parsing
/// threads allocate every cell's text and the writer frees it; glibc's per-thread arenas made
/// that about 10% of a national normalize's CPU (measured with the same build preloaded).
enum Allocator {
    /// jemalloc's version, as it reports itself ("5.3.0-0-g…"); nil if it cannot say. Reading it
    /// is also what keeps the linker from dropping the library as unused.
    static var version: String? {
        var text: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &text, &size, nil, 0) == 0, let text else { return nil }
        return String(cString: text)
    }

    /// The transparent-huge-page option jemalloc runs with ("always" from `malloc_conf`, unless
    /// the environment's MALLOC_CONF says otherwise); nil if it cannot say. Asking also keeps
    /// the program's `malloc_conf` (CAllocatorSettings) linked in.
    static var hugePages: String? {
        guard ansinh_allocator_settings() != nil else { return nil }
        var text: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("opt.thp", &text, &size, nil, 0) == 0, let text else { return nil }
        return String(cString: text)
    }

    /// Gives the pages of freed memory back to the system now (jemalloc keeps them for about
    /// ten seconds otherwise): between stages, so that one stage's garbage does not count in
    /// the next one's resident memory. Nothing happens if jemalloc refuses.
    static func releaseFreeMemory() {
        // MALLCTL_ARENAS_ALL: every arena.
        _ = mallctl("arena.4096.purge", nil, nil, nil, 0)
    }
}
