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
    /// How often a waiting run tries the lock again.
    static let retryInterval: TimeInterval = 0.2

    private let fd: Int32
    /// Seconds spent waiting for another run before the lock was taken (0 when it was free).
    let waited: TimeInterval

    /// Takes the lock of `folder` (created if missing). When another run holds it, tries again
    /// every 200 ms for up to `wait` seconds (0: gives up at once), then throws `LockBusy`
    /// (exit code 3) saying how long it waited.
    init(folder: URL, wait: TimeInterval = 0) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FatalError(description: "cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
        let path = folder.appendingPathComponent(".ansinh.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FatalError(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))") }

        // A monotonic clock: a wall-clock change (NTP, DST) neither shortens nor stretches the wait.
        let started = ProcessInfo.processInfo.systemUptime
        let patience = wait.isFinite ? max(0, wait) : 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            if error == EINTR { continue }
            guard error == EWOULDBLOCK else {
                close(fd)
                throw FatalError(description: "cannot lock \(path): \(String(cString: strerror(error)))")
            }
            let elapsed = ProcessInfo.processInfo.systemUptime - started
            guard elapsed < patience else {
                close(fd)
                let waitedText = patience > 0 ? "; gave up after waiting \(String(format: "%.1f", elapsed)) s (--wait \(Self.seconds(patience)))" : ""
                throw LockBusy(description: "another ansinh run is using \(folder.path) (lock \(path))\(waitedText); try again when it has finished")
            }
            let pause = min(Self.retryInterval, patience - elapsed)
            usleep(useconds_t(max(pause, 0.001) * 1_000_000))
        }
        self.fd = fd
        self.waited = ProcessInfo.processInfo.systemUptime - started
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// "600" for 600.0, "0.2" for 0.2: the value as the user typed it.
    private static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() && value < 1e15 ? String(Int64(value)) : String(value)
    }
}
