#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A team of threads that run one phase of a barrier-synchronised loop together, thousands of
/// times a second: the calling thread is member 0, `threadCount − 1` workers are the others.
///
/// `run(_:)` starts a phase and returns when every member has finished it; between phases the workers
/// spin briefly, then yield, so a tick of a few microseconds costs two cache-line hand-overs rather
/// than a kernel wake-up. Between bursts of phases the workers sleep a millisecond per poll; letting
/// the team go stops and joins them.
public final class TickWorkers: @unchecked Sendable {
  /// Members of the team, the caller included.
  public let threadCount: Int
  private let shared: Shared

  /// State the workers and the caller share. Invariants: `phase` is written by the caller only, between
  /// phases (after every worker has reported `finished` for the previous one).
  /// `generation` (written by the caller, polled by workers) and `finished` (written by workers,
  /// polled by the caller) live on separate cache lines, so polling one never steals the other's line.
  private final class Shared: @unchecked Sendable {
    let generation = Atomic<Int>(0)
    private let padding1 = CacheLinePadding()
    let finished = Atomic<Int>(0)
    private let padding2 = CacheLinePadding()
    let stopping = Atomic<Bool>(false)
    let exited = Atomic<Int>(0)
    var phase: ((Int) -> Void)?
  }


  /// A team of `threads` members (at least 1; one member runs everything on the caller's thread).
  public init(threads: Int) {
    threadCount = max(1, threads)
    shared = Shared()
    for member in 1..<threadCount {
      let shared = self.shared
      let thread = Thread {
        var seen = 0
        while true {
          var spins = 0
          while shared.generation.load(ordering: .acquiring) == seen && !shared.stopping.load(ordering: .relaxed) {
            TickWorkers.backOff(&spins)
          }
          if shared.stopping.load(ordering: .acquiring) { break }
          seen += 1
          shared.phase?(member)
          shared.finished.add(1, ordering: .releasing)
        }
        shared.exited.add(1, ordering: .releasing)
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
  }

  deinit {
    shared.stopping.store(true, ordering: .releasing)
    var spins = 0
    while shared.exited.load(ordering: .acquiring) < threadCount - 1 { TickWorkers.backOff(&spins) }
  }

  /// Runs `body(member)` for every member 0..<threadCount at once (member 0 on this thread) and
  /// returns when all have finished. `body` must write only state owned by its member.
  public func run(_ body: (Int) -> Void) {
    if threadCount == 1 { body(0); return }
    withoutActuallyEscaping(body) { phase in
      shared.phase = phase
      shared.finished.store(0, ordering: .relaxed)
      shared.generation.add(1, ordering: .releasing)
      phase(0)
      var spins = 0
      while shared.finished.load(ordering: .acquiring) < threadCount - 1 { TickWorkers.backOff(&spins) }
      shared.phase = nil
    }
  }

  /// Spins for the first 50,000 polls (tens of microseconds: the serial part of a tick), then yields
  /// the core on every poll (a busy machine, or more members than cores), then sleeps 50 µs per poll
  /// once the wait has lasted long, and 1 ms per poll after about a second (a team kept between
  /// runs, waiting for the next one).
  @inline(__always)
  public static func backOff(_ spins: inout Int) {
    spins += 1
    if spins < 50_000 { return }
    if spins < 100_000 { sched_yield(); return }
    usleep(spins < 120_000 ? 50 : 1000)
  }
}
