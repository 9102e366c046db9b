import Foundation

/// Items worked on by several threads and consumed on the calling thread in their own order.
///
/// Worker `w` calls `work(w, i)` for the next free index; the caller consumes result `i` only
/// after `i - 1`, so whatever `consume` writes lands in the same order as a sequential run.
/// At most `window` results wait ahead of the consumer, which bounds the memory they hold.
/// When `consume` throws, the workers stop taking new items and the error is rethrown once
/// they have all finished.
final class OrderedWork<Result> {
    private let condition = NSCondition()
    private var next = 0
    private var consumed = 0
    private var stopped = false
    private var results: [Int: Result] = [:]
    private var countLimit = 0

    /// Runs `count` items on `workers` threads (at least one); `consume` runs on this thread.
    func run(count: Int, workers: Int, window: Int,
             work: @escaping (_ worker: Int, _ index: Int) -> Result,
             consume: (_ index: Int, _ result: Result) throws -> Void) throws {
        guard count > 0 else { return }
        countLimit = count
        let group = DispatchGroup()
        for worker in 0..<max(1, workers) {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                while let index = take(window: max(1, window)) {
                    let result = work(worker, index)
                    condition.lock()
                    results[index] = result
                    condition.broadcast()
                    condition.unlock()
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
            group.wait()
        }
        for index in 0..<count {
            condition.lock()
            while results[index] == nil { condition.wait() }
            let result = results.removeValue(forKey: index)
            consumed = index + 1
            condition.broadcast()
            condition.unlock()
            guard let result else { continue }
            try consume(index, result)
        }
    }

    /// The next index to work on, waiting while the window ahead of the consumer is full; nil
    /// when every index is taken or the run stopped.
    private func take(window: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && next < countLimit && next >= consumed + window { condition.wait() }
        guard !stopped, next < countLimit else { return nil }
        next += 1
        return next - 1
    }
}
