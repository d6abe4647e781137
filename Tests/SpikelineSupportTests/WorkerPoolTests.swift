import Dispatch
import Synchronization
import Testing
import SpikelineSupport

/// `DeterministicParallel`'s loops on the worker pool: every index runs exactly once, with workers
/// numbered within the loop's count, for loop after loop (the pool's threads sleeping between some),
/// for loops inside loops and for loops started by several threads at once (those fall back to
/// Dispatch while the pool is taken).
@Suite struct WorkerPoolTests {
  /// Runs a loop of `count` indices on `threads` threads and checks that each index ran once and every
  /// worker number was below the worker count.
  static func check(count: Int, threads: Int) -> Bool {
    // Each index's own slot: a task run twice (or a race between two) shows as a count other than 1.
    let runs = UnsafeMutablePointer<Int>.allocate(capacity: count)
    runs.initialize(repeating: 0, count: count)
    defer { runs.deallocate() }
    let shared = DisjointWrites(base: runs)
    let badWorker = Atomic<Int>(0)
    let workers = min(threads, count)
    DeterministicParallel.forEachOnWorkers(count, threads: threads) { index, worker in
      shared.base[index] += 1
      if worker < 0 || worker >= max(1, workers) { badWorker.add(1, ordering: .relaxed) }
    }
    return (0..<count).allSatisfy { runs[$0] == 1 } && badWorker.load(ordering: .relaxed) == 0
  }

  @Test func everyIndexOnceForAnyWorkerCount() {
    for threads in [2, 3, 4, 2, 1, 3] {
      for count in [1, 2, 3, 7, 100, 1_000] { #expect(Self.check(count: count, threads: threads), "\(count) tasks on \(threads) threads") }
    }
  }

  @Test func loopAfterLoopWithSleepsBetween() async throws {
    for round in 0..<200 {
      #expect(Self.check(count: 64, threads: 3))
      // Now and then long enough for the pool's threads to go to sleep.
      if round % 50 == 0 { try await Task.sleep(nanoseconds: 5_000_000) }
    }
  }

  @Test func nestedLoopsRunEveryPair() {
    let hits = Atomic<Int>(0)
    DeterministicParallel.forEach(8, threads: 2) { _ in
      DeterministicParallel.forEach(16, threads: 2) { _ in hits.add(1, ordering: .relaxed) }
    }
    #expect(hits.load(ordering: .relaxed) == 128)
  }

  @Test func loopsFromSeveralThreadsAtOnce() {
    let failures = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      for _ in 0..<50 where !Self.check(count: 97, threads: 2) { failures.add(1, ordering: .relaxed) }
    }
    #expect(failures.load(ordering: .relaxed) == 0)
  }
}
