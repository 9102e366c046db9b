import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Another run holds the output folder.
struct LockBusy: Error, CustomStringConvertible {
    let description: String
}

/// The machine, not the data or the usage, is at fault: exit code 4.
struct FatalError: Error, CustomStringConvertible {
    let description: String
}

/// An exclusive `flock` on `OUTPUT/.ansinh.lock`, held while the object lives; the kernel
/// releases it if the process dies, so a killed run never leaves a stale lock.
final class OutputLock {
    private let fd: Int32

    init(folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FatalError(description: "cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
        let path = folder.appendingPathComponent(".ansinh.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FatalError(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw LockBusy(description: "another ansinh run is using \(folder.path) (lock \(path)); try again when it has finished")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
