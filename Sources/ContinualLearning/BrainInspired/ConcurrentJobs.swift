import Foundation
import Synchronization

/// What the job threads and the calling thread share, under a lock.
private struct JobQueueState<Value: Sendable>: Sendable {
  /// Items taken so far (the next one to take).
  var next = 0
  /// Finished items not yet handed back.
  var done: [(Int, Result<Value, any Error>)] = []
  /// No new job may start (an error happened).
  var stop = false
}

/// Independent jobs on up to `jobs` threads, their results handed back on the calling thread as
/// they finish: how `spikeline bir --jobs` trains several runs of a grid at once.
enum ConcurrentJobs {
  /// Runs `work(item)` for every item, at most `jobs` at a time, and calls `finished(item, …)` on the
  /// calling thread for each as it completes. After the first error no new job starts; that error
  /// is rethrown once the running ones end.
  static func run<Output: Sendable, Extra: Sendable>(
    _ items: [Int], jobs: Int, _ work: @escaping @Sendable (Int) throws -> (Output, Extra),
    finished: (Int, Output, Extra) throws -> Void) throws {
    guard jobs > 1 && items.count > 1 else {
      for item in items {
        let (output, extra) = try work(item)
        try finished(item, output, extra)
      }
      return
    }
    let state = Mutex(JobQueueState<(Output, Extra)>())
    let signal = DispatchSemaphore(value: 0)
    let workers = min(jobs, items.count)
    for _ in 0..<workers {
      let thread = Thread {
        while true {
          let item: Int? = state.withLock { shared in
            guard !shared.stop, shared.next < items.count else { return nil }
            defer { shared.next += 1 }
            return items[shared.next]
          }
          guard let item else { break }
          let result = Result { try work(item) }
          state.withLock { shared in
            if case .failure = result { shared.stop = true }
            shared.done.append((item, result))
          }
          signal.signal()
        }
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    var firstError: (any Error)?
    var reported = 0
    while reported < items.count {
      // Once stopped, no job starts; wait only for those already taken.
      let (taken, stopped) = state.withLock { ($0.next, $0.stop) }
      if stopped && reported == taken { break }
      signal.wait()
      let batch = state.withLock { shared -> [(Int, Result<(Output, Extra), any Error>)] in
        defer { shared.done.removeAll() }
        return shared.done
      }
      reported += batch.count
      for (item, result) in batch {
        switch result {
        case .success(let (output, extra)):
          guard firstError == nil else { continue }
          do { try finished(item, output, extra) } catch {
            firstError = error
            state.withLock { $0.stop = true }
          }
        case .failure(let error): firstError = firstError ?? error
        }
      }
    }
    if let firstError { throw firstError }
  }
}
