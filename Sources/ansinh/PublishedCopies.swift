import Foundation
import Warehouse
#if canImport(Glibc)
import Glibc
#endif

/// The last published warehouses, kept in `OUTPUT/history/` as
/// `warehouse-<UTC time it was written>.sqlite` (owner-only): a bad night can be undone by
/// copying one back, and last week's figures compared with tonight's.
enum PublishedCopies {
    /// What one rotation did.
    struct Rotation {
        /// Where the previously published warehouse now is (nil: there was none, or keep is 0).
        var archived: URL?
        /// Older copies deleted to keep the newest `keep`.
        var removed: [URL] = []
        /// Older copies that could not be deleted (the publish goes on; the next rotation retries).
        var failed: [URL] = []
    }

    /// The history folder of an output folder.
    static func historyFolder(of output: URL) -> URL {
        output.appendingPathComponent("history")
    }

    /// Files the published `OUTPUT/warehouse.sqlite` under `OUTPUT/history/` and deletes all
    /// but the newest `keep` copies there (`thresholds.keep_published`; 0 keeps none). Call it
    /// under the output lock, right before the rename that publishes the new warehouse.
    ///
    /// The old file is hard-linked into history/, not moved: until the rename replaces it,
    /// `warehouse.sqlite` stays in place, so a reader never finds the warehouse missing and a
    /// failed publish leaves the old one published (where hard links are impossible it is
    /// moved). A missing history/ is created (owner-only); files there that are not
    /// `warehouse-<timestamp>.sqlite` are never touched.
    @discardableResult
    static func rotate(output: URL, keep: Int) throws -> Rotation {
        let fm = FileManager.default
        let history = historyFolder(of: output)
        let published = output.appendingPathComponent("warehouse.sqlite")
        var rotation = Rotation()
        let keep = max(0, keep)
        if keep > 0, fm.fileExists(atPath: published.path) {
            do {
                try fm.createDirectory(at: history, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw FatalError(description: "cannot create \(history.path): \(error.localizedDescription)")
            }
            checkpoint(published)
            let written = (try? fm.attributesOfItem(atPath: published.path)[.modificationDate] as? Date) ?? Date()
            let target = freeName(in: history, for: written)
            if link(published.path, target.path) != 0 {
                let linkError = errno
                guard rename(published.path, target.path) == 0 else {
                    throw FatalError(description: "cannot keep \(published.path) as \(target.path): \(String(cString: strerror(linkError)))")
                }
            }
            chmod(target.path, 0o600)
            rotation.archived = target
        }
        guard fm.fileExists(atPath: history.path) else { return rotation }
        for old in try copies(in: history).dropFirst(keep) {
            do {
                try fm.removeItem(at: old)
                for sidecar in ["-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: old.path + sidecar) }
                rotation.removed.append(old)
            } catch {
                rotation.failed.append(old)
            }
        }
        return rotation
    }

    /// The copies in `history`, newest first; other files are left out.
    static func copies(in history: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: history.path)
        return names.compactMap { name in stamp(of: name).map { (name, $0) } }
            .sorted { $0.1.time != $1.1.time ? $0.1.time > $1.1.time : $0.1.sequence > $1.1.sequence }
            .map { history.appendingPathComponent($0.0) }
    }

    /// "warehouse-20240302T013002Z.sqlite" for a warehouse written at that UTC second.
    static func name(for date: Date, sequence: Int = 1) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let time = String(format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return "warehouse-\(time)\(sequence > 1 ? "-\(sequence)" : "").sqlite"
    }

    /// The time and sequence of a copy's file name; nil for any other file.
    static func stamp(of name: String) -> (time: String, sequence: Int)? {
        guard name.hasPrefix("warehouse-"), name.hasSuffix(".sqlite") else { return nil }
        let core = name.dropFirst("warehouse-".count).dropLast(".sqlite".count)
        let parts = core.split(separator: "-", omittingEmptySubsequences: false)
        guard let time = parts.first, parts.count <= 2, time.count == 16,
              time.enumerated().allSatisfy({ index, c in
                  index == 8 ? c == "T" : index == 15 ? c == "Z" : c.isASCII && c.isNumber
              }) else { return nil }
        let sequence = parts.count == 2 ? Int(parts[1]) : 1
        guard let sequence, sequence >= 1 else { return nil }
        return (String(time), sequence)
    }

    /// The first free name for `date` (two publishes in one second get "-2", "-3").
    private static func freeName(in history: URL, for date: Date) -> URL {
        var sequence = 1
        while true {
            let url = history.appendingPathComponent(name(for: date, sequence: sequence))
            if !FileManager.default.fileExists(atPath: url.path) { return url }
            sequence += 1
        }
    }

    /// Folds a leftover write-ahead log into the file (a stage rerun may have left one), so the
    /// copy holds everything; a failure leaves the file as it is.
    private static func checkpoint(_ url: URL) {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path + "-wal")[.size]) as? NSNumber,
              size.intValue > 0, let db = try? Database(path: url.path) else { return }
        try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
