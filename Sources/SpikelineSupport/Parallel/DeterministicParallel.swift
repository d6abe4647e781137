import Dispatch
import Foundation
import Synchronization

/// Parallel loops whose results never depend on the number of threads.
///
/// Work is cut into a fixed number of chunks chosen by the caller (never by the core count);
/// each chunk writes only its own result slot, and the caller combines the slots in chunk order.
/// The thread count only changes which core computes a chunk, not what it computes.
public enum DeterministicParallel {
  /// The count `setThreadCount(_:)` chose (0: none).
  private static let chosenThreadCount = Atomic<Int>(0)

  /// Makes `threadCount` return `threads` for the rest of the process (a command's `--threads`
  /// option); nil goes back to `SPIKELINE_THREADS` or the processor count.
  public static func setThreadCount(_ threads: Int?) {
    chosenThreadCount.store(max(0, threads ?? 0), ordering: .relaxed)
  }

  /// The number of worker threads: the count `setThreadCount(_:)` chose, else `SPIKELINE_THREADS`
  /// if set (>= 1), else the active processor count.
  public static var threadCount: Int {
    let chosen = chosenThreadCount.load(ordering: .relaxed)
    if chosen >= 1 { return chosen }
    if let value = environmentThreadCount { return value }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// `SPIKELINE_THREADS` (>= 1), read once: `ProcessInfo.environment` builds a dictionary of the whole
  /// environment on every call, and every parallel loop asks for the thread count.
  private static let environmentThreadCount: Int? = {
    guard let text = ProcessInfo.processInfo.environment["SPIKELINE_THREADS"], let value = Int(text), value >= 1 else { return nil }
    return value
  }()

  /// Computes `body(i)` for every `i` in `0..<count`, in parallel, and returns the results in index order.
  public static func map<T: Sendable>(_ count: Int, threads: Int = threadCount, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 0 { return [] }
    let slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil, count: count)
    defer { slots.deinitialize(count: count); slots.deallocate() }
    let writes = DisjointWrites(base: slots)
    forEach(count, threads: threads) { index in writes.base[index] = body(index) }
    var results: [T] = []
    results.reserveCapacity(count)
    for index in 0..<count {
      guard let value = slots[index] else { preconditionFailure("internal error: chunk \(index) produced no result") }
      results.append(value)
    }
    return results
  }

  /// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads.
  /// `body` must write only to state owned by index `i`.
  public static func forEach(_ count: Int, threads: Int = threadCount, _ body: @Sendable (Int) -> Void) {
    forEachOnWorkers(count, threads: threads) { index, _ in body(index) }
  }

}

extension DeterministicParallel {
  /// Runs `body(i, worker)` for every `i` in `0..<count` on up to `threads` threads; `worker` (in
  /// `0..<min(threads, count)`) names the thread running the call, so that a task can use per-worker
  /// scratch memory. Which worker runs which index varies between runs: `body`'s result must not
  /// depend on `worker`. The calling thread is worker 0; the others are `WorkerPool`'s threads, which
  /// stay awake for a moment between loops.
  public static func forEachOnWorkers(_ count: Int, threads: Int = threadCount, _ body: @Sendable (Int, Int) -> Void) {
    if count == 0 { return }
    let workers = min(max(1, threads), count)
    if workers == 1 {
      for index in 0..<count { body(index, 0) }
      return
    }
    if WorkerPool.shared.run(count, workers: workers, body) { return }
    // The pool is running another loop (another thread's, or this one's caller's): Dispatch's threads.
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        if index >= count { break }
        body(index, worker)
      }
    }
  }
}

/// A pointer that several threads write through, each to a disjoint set of elements.
///
/// Invariant (checked by construction at every use): no two concurrent tasks write the same
/// element, and nobody reads an element until all writers have finished.
public struct DisjointWrites<T>: @unchecked Sendable {
  /// The first element.
  public let base: UnsafeMutablePointer<T>
  /// Writes through `base`.
  public init(base: UnsafeMutablePointer<T>) { self.base = base }
}

/// A read-only pointer shared with parallel tasks while its buffer is alive and unchanged.
public struct UnsafeSendable<T>: @unchecked Sendable {
  /// The shared address.
  public let value: UnsafePointer<T>
  /// Shares `value`.
  public init(_ value: UnsafePointer<T>) { self.value = value }
}
