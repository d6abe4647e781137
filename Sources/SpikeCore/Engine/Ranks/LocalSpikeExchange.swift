import Foundation
import Synchronization

/// Ranks as threads of one process: `LocalSpikeExchange.group(ranks:)` gives one exchange per rank,
/// and each rank's simulation runs on its own thread. The messages pass through shared memory
/// between two barriers. It computes exactly what MPI ranks compute, so tests check the
/// partitioning logic without Open MPI installed.
public final class LocalSpikeExchange: SpikeExchange, @unchecked Sendable {
  public let rank: Int
  public var rankCount: Int { group.ranks }
  private let group: Group

  /// The shared mailbox: one slot per rank and a reusable barrier.
  private final class Group: @unchecked Sendable {
    let ranks: Int
    var slots: [[Int32]]
    let lock = NSCondition()
    var arrived = 0
    var generation = 0

    init(ranks: Int) {
      self.ranks = ranks
      slots = Array(repeating: [], count: ranks)
    }

    /// Blocks until every rank has called it (generation-counted, so it can be reused at once).
    func barrier() {
      lock.lock()
      let mine = generation
      arrived += 1
      if arrived == ranks {
        arrived = 0
        generation += 1
        lock.broadcast()
      } else {
        while generation == mine { lock.wait() }
      }
      lock.unlock()
    }
  }

  private init(rank: Int, group: Group) {
    self.rank = rank
    self.group = group
  }

  /// One exchange per rank, `ranks` of them (at least 1), sharing one mailbox.
  public static func group(ranks: Int) -> [LocalSpikeExchange] {
    let group = Group(ranks: max(1, ranks))
    return (0..<group.ranks).map { LocalSpikeExchange(rank: $0, group: group) }
  }

  public func allGather(_ message: [Int32], into received: inout [Int32], counts: inout [Int]) {
    group.lock.lock()
    group.slots[rank] = message
    group.lock.unlock()
    group.barrier()
    group.lock.lock()
    received.removeAll(keepingCapacity: true)
    counts.removeAll(keepingCapacity: true)
    for slot in group.slots {
      received.append(contentsOf: slot)
      counts.append(slot.count)
    }
    group.lock.unlock()
    // Nobody may overwrite a slot before every rank has read them all.
    group.barrier()
  }
}
