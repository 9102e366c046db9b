import Foundation
import TestSupport
import Warehouse
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// "Proven under faults": the built `ansinh` binary killed with SIGKILL at random points of a
/// run, two runs on one output folder, an output folder that cannot be written, a disk that
/// fills up, an input file rewritten while it is read, and truncated, binary and empty files.
/// Whatever happens, `OUTPUT/warehouse.sqlite` is the last complete run (or the new complete one),
/// intact, with its report, and the next run succeeds.
///
/// The kill trials print their seed; `ANSINH_FAULT_SEED=<seed>` replays the same kill delays
/// (`ANSINH_FAULT_TRIALS` changes their number, 24 by default).
final class FaultTests: XCTestCase {
    /// Made once for the class: the generated province (A), the same with one payment line
    /// taken out of one district's file (B), and output folders where A, then B, was published.
    struct Shared {
        let root: URL
        let inputA: URL
        let inputB: URL
        /// The file of B that differs from A (district/file).
        let changedFile: String
        /// Output folders holding a complete published run over A, over B.
        let snapshotA: URL
        let snapshotB: URL
        let fingerprintA: String
        let fingerprintB: String
        /// One output folder per chain of kill trials, B published.
        let chainOutputs: [URL]
        /// The longest of the normal runs (B over A) made in every chain at once.
        let runSeconds: TimeInterval
    }

    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    private static var shared: Result<Shared, Error>?

    override class func setUp() {
        super.setUp()
        shared = Result { try makeShared() }
    }

    override class func tearDown() {
        if case .success(let fixture)? = shared { try? FileManager.default.removeItem(at: fixture.root) }
        shared = nil
        super.tearDown()
    }

    private func fixture() throws -> Shared {
        guard let shared = Self.shared else { throw SetupError(description: "class setUp did not run") }
        return try shared.get()
    }

    static func makeShared() throws -> Shared {
        let started = Date()
        let root = try Fixture.tempDir("ansinh-fault")
        let inputA = root.appendingPathComponent("input-a")
        let synth = try FaultProcess.run(["synth", "--out", inputA.path, "--truth", root.appendingPathComponent("truth").path,
                                          "--scale", "0.1", "--seed", "2023"])
        guard synth.status == 0, !synth.signaled else { throw SetupError(description: "synth: \(synth)\n\(synth.stderr)") }

        let inputB = root.appendingPathComponent("input-b")
        try FileManager.default.copyItem(at: inputA, to: inputB)
        let changedFile = try removeAPaymentLine(in: inputB)

        let snapshotA = root.appendingPathComponent("snapshot-a")
        let runA = try FaultProcess.run(["run", "--input", inputA.path, "--output", snapshotA.path, "--quiet"])
        guard runA.status == 0, !runA.signaled else { throw SetupError(description: "the first complete run: \(runA)\n\(runA.stderr)") }
        let fingerprintA = try FaultKit.fingerprint(of: snapshotA.appendingPathComponent("warehouse.sqlite").path)

        // B over A in every chain's folder at once, as the trials will run: a normal run's length.
        let chains = ProcessInfo.processInfo.activeProcessorCount >= 2 ? 2 : 1
        let outputs = (0..<chains).map { root.appendingPathComponent("chain-\($0)") }
        for output in outputs { try FaultKit.copyFolder(snapshotA, to: output) }
        let endings = FaultLocked<[Int: FaultProcess.Ending]>([:])
        DispatchQueue.concurrentPerform(iterations: chains) { chain in
            let ending = try? FaultProcess.run(["run", "--input", inputB.path, "--output", outputs[chain].path, "--quiet"])
            endings.update { $0[chain] = ending }
        }
        var seconds: TimeInterval = 0
        for chain in 0..<chains {
            guard let ending = endings.get()[chain], ending.status == 0, !ending.signaled else {
                throw SetupError(description: "the run over B in chain \(chain): \(String(describing: endings.get()[chain]))")
            }
            seconds = max(seconds, ending.seconds)
        }
        let fingerprints = try outputs.map { try FaultKit.fingerprint(of: $0.appendingPathComponent("warehouse.sqlite").path) }
        guard Set(fingerprints).count == 1, let fingerprintB = fingerprints.first else {
            throw SetupError(description: "two complete runs over the same input differ: \(fingerprints)")
        }
        guard fingerprintB != fingerprintA else { throw SetupError(description: "B (\(changedFile) changed) gives the same result as A") }
        let snapshotB = root.appendingPathComponent("snapshot-b")
        try FaultKit.copyFolder(outputs[0], to: snapshotB)
        print("fault setup: scale 0.1 generated and published twice in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; "
              + "a normal run takes \(String(format: "%.2f", seconds)) s (\(chains) at once); B differs from A in \(changedFile)")
        return Shared(root: root, inputA: inputA, inputB: inputB, changedFile: changedFile, snapshotA: snapshotA, snapshotB: snapshotB,
                      fingerprintA: fingerprintA, fingerprintB: fingerprintB, chainOutputs: outputs, runSeconds: seconds)
    }

    /// Takes the middle line out of the first UTF-8 payment file (district/file returned).
    static func removeAPaymentLine(in input: URL) throws -> String {
        for name in try FaultKit.paymentFiles(in: input) {
            let url = input.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            guard String(data: data, encoding: .utf8) != nil else { continue }
            var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard lines.count > 20 else { continue }
            let middle = lines.count / 2
            guard lines[middle].count > 20 else { continue }
            lines.remove(at: middle)
            try Data(lines.joined(separator: [0x0A])).write(to: url)
            return name
        }
        throw SetupError(description: "no UTF-8 payment file in \(input.path)")
    }

    // MARK: - 1. kill -9 at random points

    /// What one trial saw.
    struct Trial {
        let index: Int
        let chain: Int
        let input: String
        let changed: Bool
        let fraction: Double
        let delay: TimeInterval
        var stage = "?"
        var ending = ""
        var after = "?"
        var followUp = ""
        var followUpSeconds: TimeInterval?
        var failures: [String] = []
    }

    func testKillNineAtRandomPointsLeavesTheOldOrTheNewCompleteWarehouse() throws {
        let fixture = try fixture()
        let environment = ProcessInfo.processInfo.environment
        let trials = max(1, Int(environment["ANSINH_FAULT_TRIALS"] ?? "") ?? 24)
        let seed = UInt64(environment["ANSINH_FAULT_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_007
        var generator = SeededGenerator(seed: seed)
        // Kill points as fractions of a normal run, stratified over the whole run and a little
        // past its end, then shuffled; each chain scales them by the length of its latest normal
        // runs (the machine is shared: a run's length drifts).
        let reach = 1.08
        var fractions = (0..<trials).map { k in (Double(k) + Double.random(in: 0..<1, using: &generator)) / Double(trials) * reach }
        fractions.shuffle(using: &generator)
        let chains = fixture.chainOutputs.count
        print("fault trials: seed \(seed) (replay with ANSINH_FAULT_SEED=\(seed)); \(trials) kills spread over 0–\(Int(reach * 100))% of a normal run "
              + "(\(String(format: "%.2f", fixture.runSeconds)) s at the start), \(chains) output folders at once")

        let inputs = ["A": fixture.inputA, "B": fixture.inputB]
        let fingerprints = ["A": fixture.fingerprintA, "B": fixture.fingerprintB]
        let results = FaultLocked<[Trial]>([])
        let runLengths = FaultLocked<[TimeInterval]>([])
        DispatchQueue.concurrentPerform(iterations: chains) { chain in
            let output = fixture.chainOutputs[chain]
            var published = "B"
            var length = fixture.runSeconds
            for (position, index) in stride(from: chain, to: trials, by: chains).enumerated() {
                // A, A, B, B, …: a changed input (the result differs), then the same input again.
                let input = (position / 2) % 2 == 0 ? "A" : "B"
                var trial = Trial(index: index, chain: chain, input: input, changed: input != published,
                                  fraction: fractions[index], delay: fractions[index] * length)
                Self.runTrial(&trial, output: output, input: inputs[input]!, old: fingerprints[published]!, new: fingerprints[input]!)
                published = input
                if let seconds = trial.followUpSeconds {
                    length = 0.5 * length + 0.5 * seconds
                    runLengths.update { $0.append(seconds) }
                }
                let line = "trial \(index) [folder \(chain)] input \(input)\(trial.changed ? " (changed)" : " (same)") "
                    + "kill at \(Int(trial.fraction * 100))% = \(String(format: "%.3f", trial.delay)) s, in \(trial.stage): \(trial.ending); "
                    + "warehouse \(trial.after); next run \(trial.followUp)"
                    + (trial.failures.isEmpty ? "" : " — FAILED: " + trial.failures.joined(separator: "; "))
                print(line)
                results.update { $0.append(trial) }
                // A failed follow-up leaves the folder in an unknown state: the chain stops.
                if trial.failures.contains(where: { $0.hasPrefix("the run after the kill") }) { break }
            }
        }

        let all = results.get().sorted { $0.index < $1.index }
        let failed = all.filter { !$0.failures.isEmpty }
        var stages: [String: Int] = [:]
        for trial in all { stages[trial.stage, default: 0] += 1 }
        let stageText = stages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let old = all.filter { $0.after == "old" }.count, new = all.filter { $0.after == "new" }.count
        let same = all.filter { $0.after == "same" }.count
        let lengths = runLengths.get()
        print("fault trials: \(all.count), failures: \(failed.count) (seed \(seed); at the kill: \(stageText); "
              + "published after the kill: old \(old), new \(new), unchanged input \(same); "
              + "normal runs \(String(format: "%.1f", lengths.min() ?? 0))–\(String(format: "%.1f", lengths.max() ?? 0)) s)")
        XCTAssertEqual(all.count, trials, "every trial ran")
        for trial in failed {
            XCTFail("trial \(trial.index) (seed \(seed), input \(trial.input), kill after \(String(format: "%.3f", trial.delay)) s in \(trial.stage)): "
                    + trial.failures.joined(separator: "; "))
        }
    }

    /// Starts a run, kills it after `trial.delay`, checks the published warehouse and report,
    /// then runs again to the end.
    static func runTrial(_ trial: inout Trial, output: URL, input: URL, old: String, new: String) {
        let warehouse = output.appendingPathComponent("warehouse.sqlite")
        let building = output.appendingPathComponent("warehouse.building.sqlite")
        let index = output.appendingPathComponent("report/index.html")
        let arguments = ["run", "--input", input.path, "--output", output.path, "--quiet"]

        let process: FaultProcess
        do { process = try FaultProcess(arguments) } catch {
            trial.failures.append("cannot start ansinh: \(error)")
            return
        }
        let deadline = process.startedAt.addingTimeInterval(trial.delay)
        while process.isRunning && Date() < deadline { usleep(1_000) }
        var stage = "finished"
        if process.isRunning {
            stage = stageOnDisk(output)
            process.send(SIGKILL)
        }
        let ending = process.wait(timeout: 300)
        trial.ending = ending.description
        if ending.signaled {
            if ending.status != SIGKILL { trial.failures.append("the run died of signal \(ending.status), not the kill") }
        } else {
            stage = "finished"
            if ending.status != 0 { trial.failures.append("the run ended with exit \(ending.status) before the kill: \(ending.stderr.suffix(500))") }
        }
        if stage == "building", let step = lastStage(in: building) { stage = "building/\(step)" }
        trial.stage = stage

        // What the kill left: the old complete run, or the new one — intact, with its report.
        if !FaultKit.exists(warehouse) {
            trial.failures.append("no \(warehouse.lastPathComponent) after the kill")
        } else {
            let check = FaultKit.integrity(of: warehouse.path)
            if check != "ok" { trial.failures.append("integrity_check after the kill: \(check)") }
            do {
                let now = try FaultKit.fingerprint(of: warehouse.path)
                if now == new && now == old { trial.after = "same" }
                else if now == new { trial.after = "new" }
                else if now == old { trial.after = "old" }
                else {
                    trial.after = "neither"
                    trial.failures.append("the published warehouse is neither the old nor the new complete run: \(now)")
                }
            } catch {
                trial.failures.append("cannot read the published warehouse after the kill: \(error)")
            }
        }
        if !FaultKit.exists(index) {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: output.path).sorted()) ?? []
            trial.failures.append("no report/index.html after the kill (the output folder holds \(left))")
        }

        // The next normal run is not disturbed by what the killed one left.
        do {
            let next = try FaultProcess.run(arguments, timeout: 300)
            trial.followUp = "\(next.description) in \(String(format: "%.2f", next.seconds)) s"
            if next.status == 0 && !next.signaled { trial.followUpSeconds = next.seconds }
            guard next.status == 0, !next.signaled else {
                trial.failures.append("the run after the kill: \(next), \(next.stderr.suffix(800))")
                return
            }
            let check = FaultKit.integrity(of: warehouse.path)
            if check != "ok" { trial.failures.append("the run after the kill: integrity_check \(check)") }
            let now = try FaultKit.fingerprint(of: warehouse.path)
            if now != new { trial.failures.append("the run after the kill published something else than a complete run: \(now)") }
            if !FaultKit.exists(index) { trial.failures.append("the run after the kill: no report/index.html") }
            for leftover in ["warehouse.building.sqlite", "report.building", "warehouse.building.sqlite-wal", "report.old"]
            where FaultKit.exists(output.appendingPathComponent(leftover)) {
                trial.failures.append("the run after the kill left \(leftover)")
            }
        } catch {
            trial.failures.append("the run after the kill: \(error)")
        }
    }

    /// Which part of a run the output folder shows.
    static func stageOnDisk(_ output: URL) -> String {
        let fm = FileManager.default
        let building = fm.fileExists(atPath: output.appendingPathComponent("warehouse.building.sqlite").path)
        let report = fm.fileExists(atPath: output.appendingPathComponent("report.building").path)
        let old = fm.fileExists(atPath: output.appendingPathComponent("report.old").path)
        switch (building, report, old) {
        case (_, _, true): return "publishing"
        case (false, false, _): return "starting"
        case (true, false, _): return "building"
        case (true, true, _): return "report"
        case (false, true, _): return "publishing"
        }
    }

    /// The last stage a killed run's warehouse recorded in `run_stages` (when the build records
    /// stages), read from a copy so the leftovers stay as the kill left them.
    static func lastStage(in building: URL) -> String? {
        let fm = FileManager.default
        guard fm.fileExists(atPath: building.path), let folder = try? Fixture.tempDir("ansinh-fault-stage") else { return nil }
        defer { try? fm.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("w.sqlite")
        do {
            try fm.copyItem(at: building, to: copy)
            if fm.fileExists(atPath: building.path + "-wal") {
                try fm.copyItem(atPath: building.path + "-wal", toPath: copy.path + "-wal")
            }
            let db = try Database(path: copy.path)
            return try db.scalar("SELECT stage FROM run_stages WHERE run_id = (SELECT MAX(run_id) FROM runs) ORDER BY rowid DESC LIMIT 1")?.string
        } catch {
            return nil
        }
    }

    // MARK: - Kills at each step of the publish (strace fault injection)

    /// The windows no random delay is likely to hit: the run killed right before each of the
    /// renames that publish it (strace injects SIGKILL on entry to the rename; `--seccomp-bpf`
    /// must not be used: with it the `-P` path filter lets the injection pass).
    func testKillNineAtEachPublishRename() throws {
        let fixture = try fixture()
        guard let strace = ["/usr/bin/strace", "/bin/strace"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("strace is not installed: the publish renames are only covered by the random kills")
        }
        let probe = FaultKit.tool(strace, ["-f", "-qq", "-o", "/dev/null", "-e", "trace=none", "/bin/true"])
        guard probe.status == 0 else { throw XCTSkip("strace cannot trace here (ptrace not permitted?): \(probe.output)") }

        // The path that the rename to kill names, what must be published after the kill.
        let steps: [(path: String, what: String)] = [
            ("warehouse.building.sqlite", "before the warehouse is renamed into place"),
            ("report", "after the warehouse, before the old report is moved aside"),
            ("report.building", "after the old report is moved aside, before the new report is moved in"),
        ]
        var failures: [String] = []
        for (number, step) in steps.enumerated() {
            let output = fixture.root.appendingPathComponent("publish-kill-\(number)")
            try FaultKit.copyFolder(fixture.snapshotA, to: output)
            let oldIndex = FaultKit.bytes(output.appendingPathComponent("report/index.html"))
            let target = output.appendingPathComponent(step.path).path
            let killed = try FaultProcess(["-f", "-qq", "-o", "/dev/null", "-P", target,
                                           "-e", "trace=rename,renameat,renameat2", "-e", "inject=rename,renameat,renameat2:signal=SIGKILL:when=1",
                                           CommandLineTests.binary.path, "run", "--input", fixture.inputB.path, "--output", output.path, "--quiet"],
                                          executable: URL(fileURLWithPath: strace)).wait(timeout: 300)
            let left = (try? FileManager.default.contentsOfDirectory(atPath: output.path).sorted()) ?? []
            // strace exits with the tracee's signal as 128 + 9.
            guard killed.status == 137 || (killed.signaled && killed.status == SIGKILL) else {
                failures.append("kill \(step.what): the run was not killed (\(killed), \(killed.stderr.suffix(300)))")
                continue
            }
            let warehouse = output.appendingPathComponent("warehouse.sqlite")
            let check = FaultKit.integrity(of: warehouse.path)
            let now = try? FaultKit.fingerprint(of: warehouse.path)
            let newIndex = FaultKit.bytes(output.appendingPathComponent("report/index.html"))
            print("publish kill \(step.what): warehouse \(now == fixture.fingerprintA ? "old" : now == fixture.fingerprintB ? "new" : "other"), "
                  + "report/index.html \(newIndex == nil ? "missing" : newIndex == oldIndex ? "old" : "new"); folder: \(left)")
            if check != "ok" { failures.append("kill \(step.what): integrity_check \(check)") }
            if now != fixture.fingerprintA && now != fixture.fingerprintB {
                failures.append("kill \(step.what): the published warehouse is neither the old nor the new run")
            }
            if newIndex == nil {
                failures.append("kill \(step.what): OUT/report/index.html is missing (the folder holds \(left)): "
                                + "RunCommand.publishFolder moves report/ to report.old/ before it moves report.building/ in")
            }
            // What this kill leaves (a building warehouse and report) the random kills leave too.
            guard number > 0 else { continue }
            let next = try FaultProcess.run(["run", "--input", fixture.inputB.path, "--output", output.path, "--quiet"])
            if next.status != 0 || next.signaled { failures.append("kill \(step.what): the next run \(next): \(next.stderr.suffix(500))") }
            else if (try? FaultKit.fingerprint(of: warehouse.path)) != fixture.fingerprintB || !FaultKit.exists(output.appendingPathComponent("report/index.html")) {
                failures.append("kill \(step.what): the next run did not publish the complete new run and its report")
            }
        }
        for failure in failures { XCTFail(failure) }
    }

    // MARK: - 2. Two runs on one output folder

    func testASecondRunOnTheSameOutputExitsThreeWhileTheFirstCompletes() throws {
        let fixture = try fixture()
        let output = fixture.root.appendingPathComponent("concurrent")
        try FaultKit.copyFolder(fixture.snapshotA, to: output)
        let first = try FaultProcess(["run", "--input", fixture.inputB.path, "--output", output.path, "--quiet"])
        // The first run holds the lock once its new warehouse exists.
        let building = output.appendingPathComponent("warehouse.building.sqlite")
        let deadline = Date().addingTimeInterval(60)
        while first.isRunning && !FaultKit.exists(building) && Date() < deadline { usleep(2_000) }
        XCTAssertTrue(first.isRunning, "the first run ended before the second started")

        let second = try FaultProcess.run(["run", "--input", fixture.inputA.path, "--output", output.path, "--quiet"])
        let stillRunning = first.isRunning
        XCTAssertFalse(second.signaled, "\(second)")
        XCTAssertEqual(second.status, 3, second.stderr)
        XCTAssertTrue(second.stderr.contains(output.appendingPathComponent(".ansinh.lock").path), "names the lock: \(second.stderr)")
        XCTAssertTrue(second.stderr.contains("another ansinh run"), second.stderr)
        XCTAssertTrue(stillRunning, "the second run was refused while the first was still running")

        let ending = first.wait(timeout: 300)
        XCTAssertFalse(ending.signaled, "\(ending)")
        XCTAssertEqual(ending.status, 0, ending.stderr)
        let warehouse = output.appendingPathComponent("warehouse.sqlite").path
        XCTAssertEqual(FaultKit.integrity(of: warehouse), "ok")
        XCTAssertEqual(try FaultKit.fingerprint(of: warehouse), fixture.fingerprintB, "the first run's complete result is published")
        XCTAssertTrue(FaultKit.exists(output.appendingPathComponent("report/index.html")))
    }

    // MARK: - 3. An output folder that cannot be written; a full disk

    func testAnOutputFolderThatCannotBeWrittenIsFatalAndKeepsThePublishedWarehouse() throws {
        let fixture = try fixture()
        let output = fixture.root.appendingPathComponent("read-only")
        try FaultKit.copyFolder(fixture.snapshotA, to: output)
        let warehouse = output.appendingPathComponent("warehouse.sqlite")
        let index = output.appendingPathComponent("report/index.html")
        let before = try Data(contentsOf: warehouse), beforeIndex = try Data(contentsOf: index)

        // chmod does not stop root: as root the folder is made immutable (chattr +i) instead.
        var how = "chmod 0555"
        var undo: () -> Void = { chmod(output.path, 0o755) }
        if getuid() == 0 {
            guard let chattr = ["/usr/bin/chattr", "/bin/chattr", "/sbin/chattr", "/usr/sbin/chattr"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
                  FaultKit.tool(chattr, ["+i", output.path]).status == 0 else {
                try anOutputUnderAFileIsFatal(fixture)
                throw XCTSkip("running as root without chattr +i: only an output folder that cannot be created was tested")
            }
            how = "chattr +i (root ignores chmod 0555)"
            undo = { FaultKit.tool(chattr, ["-i", output.path]) }
        } else {
            chmod(output.path, 0o555)
        }
        defer { undo() }
        let probe = output.appendingPathComponent("probe")
        XCTAssertFalse(FileManager.default.createFile(atPath: probe.path, contents: Data()), "\(how) did not make the folder read-only")

        let result = try FaultProcess.run(["run", "--input", fixture.inputB.path, "--output", output.path, "--quiet"])
        print("read-only output folder (\(how)): \(result); stderr: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        XCTAssertFalse(result.signaled, "\(result)")
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains(output.path), "the error names the folder or file: \(result.stderr)")
        XCTAssertTrue(result.stderr.lowercased().contains("fatal") || result.stderr.contains("nothing published"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal error:") || result.stderr.contains("Stack dump"), "a clear error, not a crash: \(result.stderr)")
        XCTAssertEqual(try Data(contentsOf: warehouse), before, "the published warehouse is unchanged")
        XCTAssertEqual(try Data(contentsOf: index), beforeIndex, "the published report is unchanged")

        try anOutputUnderAFileIsFatal(fixture)
    }

    /// An output folder that cannot even be created (its parent is a file).
    private func anOutputUnderAFileIsFatal(_ fixture: Shared) throws {
        let file = fixture.root.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let result = try FaultProcess.run(["run", "--input", fixture.inputA.path, "--output", file.appendingPathComponent("out").path, "--quiet"])
        XCTAssertFalse(result.signaled, "\(result)")
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot create the output folder"), result.stderr)
    }

    func testADiskThatFillsUpIsFatalAndKeepsThePublishedWarehouse() throws {
        let fixture = try fixture()
        guard getuid() == 0 else { throw XCTSkip("disk full not simulated: mounting a small tmpfs needs root") }
        guard let mount = ["/usr/bin/mount", "/bin/mount"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              let umount = ["/usr/bin/umount", "/bin/umount"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("disk full not simulated: no mount command")
        }
        let mountPoint = fixture.root.appendingPathComponent("tmpfs")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mounted = FaultKit.tool(mount, ["-t", "tmpfs", "-o", "size=64m", "tmpfs", mountPoint.path])
        guard mounted.status == 0 else {
            throw XCTSkip("disk full not simulated: mount -t tmpfs is not permitted in this container (\(mounted.output.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        defer { FaultKit.tool(umount, [mountPoint.path]) }

        let output = mountPoint.appendingPathComponent("out")
        try FaultKit.copyFolder(fixture.snapshotA, to: output)
        let warehouse = output.appendingPathComponent("warehouse.sqlite")
        let index = output.appendingPathComponent("report/index.html")
        let before = try Data(contentsOf: warehouse), beforeIndex = try Data(contentsOf: index)
        // Shrink the file system to what it holds and 1 MiB: the new warehouse cannot fit.
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: mountPoint.path)
        let size = (attributes[.systemSize] as? NSNumber)?.int64Value ?? 0
        let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
        let smaller = (size - free) / 1024 + 1024
        let shrunk = FaultKit.tool(mount, ["-o", "remount,size=\(smaller)k", mountPoint.path])
        XCTAssertEqual(shrunk.status, 0, "remount: \(shrunk.output)")

        let result = try FaultProcess.run(["run", "--input", fixture.inputB.path, "--output", output.path, "--quiet"])
        print("disk full (tmpfs of \(smaller) KiB holding the published output): \(result); stderr: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(400))")
        XCTAssertFalse(result.signaled, "a crash, not a clear error: \(result)")
        XCTAssertEqual(result.status, 4, result.stderr)
        let lowered = result.stderr.lowercased()
        XCTAssertTrue(lowered.contains("full") || lowered.contains("no space"), "the error says the disk is full: \(result.stderr)")
        XCTAssertEqual(try Data(contentsOf: warehouse), before, "the published warehouse is unchanged")
        XCTAssertEqual(try Data(contentsOf: index), beforeIndex, "the published report is unchanged")
        for leftover in ["warehouse.building.sqlite", "warehouse.building.sqlite-wal", "report.building"] {
            XCTAssertFalse(FaultKit.exists(output.appendingPathComponent(leftover)), "\(leftover) is left to fill the disk")
        }

        // Space again: the next run publishes.
        XCTAssertEqual(FaultKit.tool(mount, ["-o", "remount,size=64m", mountPoint.path]).status, 0)
        let next = try FaultProcess.run(["run", "--input", fixture.inputB.path, "--output", output.path, "--quiet"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try FaultKit.fingerprint(of: warehouse.path), fixture.fingerprintB)
    }

    // MARK: - 4. An input file that changes while it is read

    func testAnInputFileRewrittenWhileTheRunReadsItNeverCrashesNorHalfPublishes() throws {
        let fixture = try fixture()
        let input = fixture.root.appendingPathComponent("changing-input")
        try FaultKit.copyFolder(fixture.inputA, to: input)
        let output = fixture.root.appendingPathComponent("changing-output")
        try FaultKit.copyFolder(fixture.snapshotA, to: output)
        let warehouse = output.appendingPathComponent("warehouse.sqlite")
        let index = output.appendingPathComponent("report/index.html")
        let before = try Data(contentsOf: warehouse), beforeIndex = try Data(contentsOf: index)

        // The largest payment file: the longest to read.
        let files = try FaultKit.paymentFiles(in: input)
        let name = try XCTUnwrap(files.max { (FaultKit.bytes(input.appendingPathComponent($0))?.count ?? 0) < (FaultKit.bytes(input.appendingPathComponent($1))?.count ?? 0) })
        let target = input.appendingPathComponent(name)
        let original = try Data(contentsOf: target)
        let middle = original.count / 2
        let extra = original.subdata(in: middle..<min(original.count, middle + 300))

        let stop = FaultLocked(false)
        let writes = FaultLocked(0)
        let finished = DispatchSemaphore(value: 0)
        let writer = Thread {
            var cycle = 0
            while !stop.get() {
                let fd = open(target.path, O_WRONLY)
                guard fd >= 0 else { usleep(1_000); continue }
                switch cycle % 3 {
                case 0: // rewritten in place, in chunks
                    ftruncate(fd, 0)
                    original.withUnsafeBytes { raw in
                        var offset = 0
                        while offset < raw.count && !stop.get() {
                            let n = min(4096, raw.count - offset)
                            _ = write(fd, raw.baseAddress! + offset, n)
                            offset += n
                            usleep(50)
                        }
                    }
                case 1: // lines appended
                    lseek(fd, 0, SEEK_END)
                    for _ in 0..<40 where !stop.get() {
                        extra.withUnsafeBytes { raw in _ = write(fd, raw.baseAddress!, raw.count) }
                        usleep(100)
                    }
                default: // cut short
                    ftruncate(fd, off_t(middle))
                    usleep(500)
                }
                close(fd)
                writes.update { $0 += 1 }
                cycle += 1
            }
            finished.signal()
        }
        let process = try FaultProcess(["run", "--input", input.path, "--output", output.path, "--quiet"])
        writer.start()
        let ending = process.wait(timeout: 300)
        stop.set(true)
        finished.wait()
        print("input rewritten while read (\(name), \(writes.get()) rewrites/appends/cuts): \(ending) in \(String(format: "%.2f", ending.seconds)) s")

        XCTAssertTrue(ending.isContractExit, "a crash: \(ending)\n\(ending.stderr.suffix(1500))")
        XCTAssertGreaterThan(writes.get(), 0, "the file changed during the run")
        XCTAssertFalse(FaultKit.exists(output.appendingPathComponent("warehouse.building.sqlite")), "a building warehouse is left behind")
        XCTAssertFalse(FaultKit.exists(output.appendingPathComponent("report.building")), "a building report is left behind")
        XCTAssertTrue(FaultKit.exists(index), "report/index.html")
        if ending.status == 0 && !ending.signaled {
            XCTAssertEqual(FaultKit.integrity(of: warehouse.path), "ok")
            XCTAssertEqual(FaultKit.ledgerMismatches(in: warehouse.path), 0, "rows_data = rows_loaded + rows_rejected for every file")
            let db = try Database(path: warehouse.path, readOnly: true)
            XCTAssertEqual(try db.scalar("SELECT outcome FROM runs ORDER BY run_id DESC LIMIT 1")?.string, "published")
            XCTAssertNotNil(try db.scalar("SELECT status FROM file_ledger WHERE source_file = ?", [.text(name)]), "\(name) is in the ledger")
        } else {
            XCTAssertEqual(try Data(contentsOf: warehouse), before, "exit \(ending.status): the published warehouse is untouched")
            XCTAssertEqual(try Data(contentsOf: index), beforeIndex, "exit \(ending.status): the published report is untouched")
            if ending.status == 1 {
                let failed = output.appendingPathComponent("warehouse.failed.sqlite").path
                XCTAssertEqual(FaultKit.ledgerMismatches(in: failed), 0, "the kept failed warehouse's ledger adds up")
            }
        }
    }

    // MARK: - 5. Truncated, binary and empty files

    func testTruncatedBinaryAndEmptyFilesEachGetALedgerRowAndTheRunDoesNotCrash() throws {
        let fixture = try fixture()
        let input = fixture.root.appendingPathComponent("bad-files")
        try FaultKit.copyFolder(fixture.inputA, to: input)
        let payments = try FaultKit.paymentFiles(in: input)

        // A UTF-8 file (no BOM) cut inside a multibyte character.
        var cutCharacter: String?
        for name in payments {
            let data = try Data(contentsOf: input.appendingPathComponent(name))
            guard !data.starts(with: [0xEF, 0xBB, 0xBF]), String(data: data, encoding: .utf8) != nil,
                  let lead = data[(data.count / 2)...].firstIndex(where: { $0 >= 0xC2 && $0 <= 0xF4 }) else { continue }
            try data.prefix(upTo: lead + 1).write(to: input.appendingPathComponent(name))
            cutCharacter = name
            break
        }
        // A UTF-8 file cut right after the opening quote of a quoted field (a quote never closed).
        var cutQuote: String?
        for name in payments where name != cutCharacter {
            let data = try Data(contentsOf: input.appendingPathComponent(name))
            guard String(data: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data, encoding: .utf8) != nil else { continue }
            let bytes = [UInt8](data)
            guard let at = (bytes.count / 2..<bytes.count - 3).first(where: { bytes[$0] == 0x2C && bytes[$0 + 1] == 0x22 && bytes[$0 + 2] != 0x22 }) else { continue }
            try Data(bytes[..<(at + 3)]).write(to: input.appendingPathComponent(name))
            cutQuote = name
            break
        }
        let cutCharacterFile = try XCTUnwrap(cutCharacter, "no UTF-8 payment file without BOM in the generated data")
        let cutQuoteFile = try XCTUnwrap(cutQuote, "no UTF-8 payment file with a quoted field in the generated data")
        // Random bytes (with NULs, and without), and an empty file, named .csv.
        let district = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: input.path).filter { !$0.hasPrefix(".") }.sorted().first)
        var generator = SeededGenerator(seed: 2023)
        let random = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let randomText = (0..<8192).map { _ in UInt8.random(in: 0x20...0xFF, using: &generator) }
        try Data(random).write(to: input.appendingPathComponent("\(district)/random-bytes.csv"))
        try Data(randomText).write(to: input.appendingPathComponent("\(district)/random-text.csv"))
        try Data().write(to: input.appendingPathComponent("\(district)/empty.csv"))

        let output = fixture.root.appendingPathComponent("bad-files-output")
        try FaultKit.copyFolder(fixture.snapshotA, to: output)
        let result = try FaultProcess.run(["run", "--input", input.path, "--output", output.path, "--quiet"])
        print("truncated, binary and empty files: \(result) in \(String(format: "%.2f", result.seconds)) s")
        XCTAssertFalse(result.signaled, "a crash: \(result)\n\(result.stderr.suffix(1500))")
        XCTAssertTrue(result.status == 0 || result.status == 1, "exit \(result.status): \(result.stderr.suffix(1500))")
        let path = output.appendingPathComponent(result.status == 0 ? "warehouse.sqlite" : "warehouse.failed.sqlite").path
        let db = try Database(path: path, readOnly: true)

        XCTAssertEqual(FaultKit.ledgerMismatches(in: path), 0, "rows_data = rows_loaded + rows_rejected for every file")
        let ledgered = Set(try db.rows("SELECT source_file FROM file_ledger").compactMap { $0.first?.string })
        for file in try FaultKit.districtFiles(in: input) {
            XCTAssertTrue(ledgered.contains(file), "\(file) has no file_ledger row")
        }
        func ledger(_ file: String) throws -> (status: String?, message: String?, encoding: String?, data: Int64, loaded: Int64, rejected: Int64)? {
            guard let row = try db.rows("SELECT status, message, encoding, rows_data, rows_loaded, rows_rejected FROM file_ledger WHERE source_file = ?",
                                        [.text(file)]).first else { return nil }
            return (row[0].string, row[1].string, row[2].string, row[3].int ?? -1, row[4].int ?? -1, row[5].int ?? -1)
        }
        func rejects(_ file: String) throws -> [String] {
            try db.rows("SELECT rule || ': ' || reason FROM rejects WHERE source_file = ? ORDER BY source_line", [.text(file)]).compactMap { $0.first?.string }
        }
        for file in ["random-bytes.csv", "random-text.csv", "empty.csv"].map({ "\(district)/\($0)" }) {
            let row = try XCTUnwrap(try ledger(file), "\(file) is in the ledger")
            print("  \(file): \(row.status ?? "-") — \(row.message ?? "-")")
            XCTAssertTrue(row.status == "error" || row.status == "ignored", "\(file): status \(row.status ?? "NULL")")
            XCTAssertFalse((row.message ?? "").isEmpty, "\(file): a message says why")
        }
        for file in [cutQuoteFile, cutCharacterFile] {
            let row = try XCTUnwrap(try ledger(file), "\(file) is in the ledger")
            let problems = try rejects(file)
            print("  \(file) (cut): \(row.status ?? "-"), \(row.encoding ?? "-"), \(row.loaded) loaded, \(row.rejected) rejected; "
                  + "message \(row.message ?? "-"); last reject: \(problems.last ?? "-")")
            XCTAssertFalse((row.status ?? "").isEmpty, "\(file): a status")
            XCTAssertTrue(row.message != nil || !problems.isEmpty, "\(file): the cut is reported (a ledger message or a reject)")
            XCTAssertGreaterThan(row.loaded, 0, "\(file): the rows before the cut are loaded")
        }
        let quote = try rejects(cutQuoteFile)
        XCTAssertTrue(quote.contains { $0.hasPrefix("malformed_row") }, "\(cutQuoteFile): the unclosed quote is a malformed row: \(quote)")
        // One character cut in half at the very end must not turn the whole file into another encoding.
        let character = try XCTUnwrap(try ledger(cutCharacterFile))
        XCTAssertTrue((character.encoding ?? "").hasPrefix("utf-8"),
                      "\(cutCharacterFile): a UTF-8 file whose last character is cut in half is read as \(character.encoding ?? "-"): "
                      + "\(character.rejected) of \(character.data) rows rejected (Sources/Ingest/TextEncoding.swift: an incomplete "
                      + "sequence at the end makes validUTF8 false, and the whole file goes to the legacy-encoding vote)")
        XCTAssertLessThanOrEqual(character.rejected, 1, "\(cutCharacterFile): only the cut last row may be rejected")
    }
}
