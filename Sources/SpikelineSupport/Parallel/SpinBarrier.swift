import Dispatch
import Synchronization

/// A reusable barrier for a fixed team of threads that meet thousands of times a second: each
/// `wait()` returns once every member has called it. Waiters spin briefly, then yield (see
/// `TickWorkers.backOff`), so a meeting costs about one cache-line hand-over, not a kernel wake-up.
///
/// Memory written by any member before its `wait()` is visible to every member after theirs (the
/// arrival count is updated with acquire-release ordering, and the last arrival releases the rest).
public final class SpinBarrier: @unchecked Sendable {
  /// Members that must arrive before any leaves.
  public let parties: Int
  private let arrived = Atomic<Int>(0)
  private let padding = (0, 0, 0, 0, 0, 0, 0, 0)
  private let generation = Atomic<Int>(0)

  /// A barrier for `parties` members (at least 1).
  public init(parties: Int) { self.parties = max(1, parties) }

  /// Blocks until all `parties` members have called `wait()` for this meeting.
  public func wait() {
    if parties == 1 { return }
    let meeting = generation.load(ordering: .acquiring)
    if arrived.add(1, ordering: .acquiringAndReleasing).newValue == parties {
      // Nobody can leave (and arrive again) before the generation moves, so resetting first is safe.
      arrived.store(0, ordering: .relaxed)
      generation.add(1, ordering: .releasing)
      return
    }
    var spins = 0
    while generation.load(ordering: .acquiring) == meeting { TickWorkers.backOff(&spins) }
  }
}

extension SpinBarrier {
  /// What one meeting of `threads` threads costs on this machine, seconds: the median over `rounds`
  /// rounds of `meetings` back-to-back meetings with no work between them (a `TickWorkers` team,
  /// as the chip-time engine uses, meeting at a `SpinBarrier` as its threads do once per tick).
  /// A tick split over threads gains only if its work per thread is well above this.
  public static func meetingSeconds(threads: Int, meetings: Int = 20_000, rounds: Int = 5) -> Double {
    guard threads > 1 else { return 0 }
    let workers = TickWorkers(threads: threads)
    var samples: [Double] = []
    for _ in 0..<max(1, rounds) {
      let barrier = SpinBarrier(parties: threads)
      let start = DispatchTime.now().uptimeNanoseconds
      workers.run { _ in for _ in 0..<meetings { barrier.wait() } }
      samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 / Double(max(1, meetings)))
    }
    return samples.sorted()[samples.count / 2]
  }
}
