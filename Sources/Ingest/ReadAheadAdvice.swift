#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Asks the kernel to start reading a file into its page cache, without waiting for it: an
/// input file that is not cached (the night's new exports, or one the cache let go) is then on
/// its way while the workers parse the files before it, instead of stopping a worker at its
/// first read. Only advice: a file that cannot be opened is left for its reader to report.
enum ReadAheadAdvice {
    /// Files advised ahead of the one a worker starts: a few hundred milliseconds of parsing,
    /// more than the disk needs for a district file.
    static let files = 8

    static func willNeed(_ url: URL) {
        #if os(Linux)
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
        close(fd)
        #endif
    }
}
