import Synchronization

/// A reusable barrier for a fixed team of threads that meet thousands of times a second: each
/// `wait(member:)` returns once every member has called it for the same meeting. Waiters spin
/// briefly, then yield (see `TickWorkers.backOff`).
///
/// Each member owns a cache line holding the number of meetings it has reached; it publishes its
/// arrival there and reads the others' lines. A meeting thus costs one cache-line hand-over per
/// member and direction, and no member ever writes a line another writes (a shared arrival counter
/// would pass its line from member to member before the last arrival could release the others).
///
/// Memory written by any member before its `wait(member:)` is visible to every member after theirs
/// (arrivals are published with release ordering and read with acquire ordering).
public final class SpinBarrier: @unchecked Sendable {
  /// Members that must arrive before any leaves.
  public let parties: Int

  /// One member's arrivals, alone on its cache line.
  private struct Slot: ~Copyable {
    let arrivals = Atomic<Int>(0)
    private let padding: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  }

  /// `parties` slots, 128 bytes apart (a cache line and the adjacent-line prefetch).
  private let slots: UnsafeMutablePointer<Slot>

  /// A barrier for `parties` members (at least 1), numbered 0..<parties.
  public init(parties: Int) {
    self.parties = max(1, parties)
    slots = .allocate(capacity: self.parties)
    for member in 0..<self.parties { (slots + member).initialize(to: Slot()) }
  }

  deinit {
    slots.deinitialize(count: parties)
    slots.deallocate()
  }

  /// Blocks until all `parties` members have called `wait(member:)` for this meeting. Each member
  /// passes its own number, and a member calls it once per meeting.
  public func wait(member: Int) {
    if parties == 1 { return }
    precondition(member >= 0 && member < parties, "internal error: member \(member) of a barrier of \(parties)")
    let meeting = slots[member].arrivals.load(ordering: .relaxed) + 1
    slots[member].arrivals.store(meeting, ordering: .releasing)
    for other in 0..<parties where other != member {
      var spins = 0
      while slots[other].arrivals.load(ordering: .acquiring) < meeting { TickWorkers.backOff(&spins) }
    }
  }
}
