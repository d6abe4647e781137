#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// The threads behind `DeterministicParallel`'s loops: started once, kept for the process, and kept
/// awake for a short while after each loop, so that the many short loops of a training step (a
/// matrix product's packing and its tiles, an optimiser step, a loss) do not each wait for the kernel
/// to wake a sleeping thread.
///
/// The caller runs as worker 0 and takes tasks like the others. After a loop, a pool thread polls for
/// the next one for `spinSeconds`, then sleeps on a condition variable until woken. One loop runs at
/// a time: a loop started while another is running (from another thread, or nested inside a task)
/// gets `false` from `run` and runs some other way.
final class WorkerPool: @unchecked Sendable {
  /// The pool every `DeterministicParallel` loop uses.
  static let shared = WorkerPool()

  /// How long a pool thread keeps polling for the next loop before it sleeps.
  static let spinSeconds = 0.000_5

  /// Owned by the caller of `run` while a loop is running.
  private let busy = Atomic<Bool>(false)
  /// The current loop: its number (upper bits) and how many workers take part in it (low 16 bits).
  /// A pool thread reads both at once, so it never joins a loop it was not counted in.
  private let ticket = Atomic<Int>(0)
  private let padding1 = CacheLinePadding()
  /// The next task index to hand out.
  private let next = Atomic<Int>(0)
  private let padding2 = CacheLinePadding()
  /// Pool threads that have finished the current loop.
  private let finished = Atomic<Int>(0)
  private let padding3 = CacheLinePadding()
  /// Pool threads sleeping on (or about to sleep on) `condition`.
  private let sleepers = Atomic<Int>(0)
  private let condition = NSCondition()
  /// The current loop's task count and body: written before `ticket` announces the loop, read by the
  /// workers counted in it, cleared after they have all finished.
  private var taskCount = 0
  private var body: ((Int, Int) -> Void)?
  /// Pool threads started (workers 1...threads); changed only by the owner of `busy`.
  private var threads = 0


  /// Runs `body(index, worker)` for every index in `0..<count` on `workers` threads, this one
  /// included as worker 0, and returns true when all are done; returns false at once, having run
  /// nothing, if another loop is using the pool.
  func run(_ count: Int, workers: Int, _ body: (Int, Int) -> Void) -> Bool {
    precondition(workers >= 2 && workers < 1 << 16, "internal error: a pool loop on \(workers) workers")
    guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
    defer { busy.store(false, ordering: .releasing) }
    while threads < workers - 1 { startThread(member: threads + 1) }
    withoutActuallyEscaping(body) { body in
      self.body = body
      taskCount = count
      next.store(0, ordering: .relaxed)
      finished.store(0, ordering: .relaxed)
      let loop = (ticket.load(ordering: .relaxed) >> 16) + 1
      ticket.store(loop << 16 | workers, ordering: .sequentiallyConsistent)
      if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
        condition.lock()
        condition.broadcast()
        condition.unlock()
      }
      takeTasks(worker: 0)
      var spins = 0
      while finished.load(ordering: .acquiring) < workers - 1 { TickWorkers.backOff(&spins) }
      self.body = nil
    }
    return true
  }

  /// Takes task indices until none are left.
  private func takeTasks(worker: Int) {
    guard let body else { return }
    while true {
      let index = next.add(1, ordering: .relaxed).oldValue
      if index >= taskCount { return }
      body(index, worker)
    }
  }

  private func startThread(member: Int) {
    let first = ticket.load(ordering: .relaxed)
    let thread = Thread { [self] in
      var seen = first
      while true {
        let current = waitForLoop(after: seen)
        seen = current
        if member < current & 0xFFFF {
          takeTasks(worker: member)
          finished.add(1, ordering: .releasing)
        }
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
    threads += 1
  }

  /// The ticket of the first loop after `seen`: polled for `spinSeconds`, then slept for.
  private func waitForLoop(after seen: Int) -> Int {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(Self.spinSeconds * 1e9)
    var polls = 0
    while true {
      let current = ticket.load(ordering: .acquiring)
      if current != seen { return current }
      polls += 1
      if polls & 1023 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { break }
    }
    condition.lock()
    defer { condition.unlock() }
    sleepers.add(1, ordering: .sequentiallyConsistent)
    defer { sleepers.subtract(1, ordering: .relaxed) }
    while true {
      let current = ticket.load(ordering: .sequentiallyConsistent)
      if current != seen { return current }
      condition.wait()
    }
  }
}
