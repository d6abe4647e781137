/// The transport between processes ("ranks") that share one chip-time simulation, the way a
/// multi-chip system's boards share one network: each rank owns a slice of every population, and at
/// every tick's barrier all ranks swap what they found (their neurons' spikes and probed membrane
/// potentials) so that every rank schedules every spike.
///
/// Exact because every delay is at least one tick: a spike found in tick t is first delivered in
/// tick t + 1, after the exchange. Implementations: `LocalSpikeExchange` (ranks as threads of one
/// process, for tests and for checking a partitioning) and `MPISpikeExchange` in the `SpikelineMPI`
/// target (Open MPI, built only with `SPIKELINE_MPI=1`).
public protocol SpikeExchange: AnyObject {
  /// This process's rank, 0..<`rankCount`.
  var rank: Int { get }
  /// The number of ranks that share the simulation (at least 1).
  var rankCount: Int { get }
  /// Collective: every rank calls it once per tick with its own message and receives every rank's
  /// message, concatenated in rank order into `received`, with each rank's length in `counts`.
  /// Both arrays are replaced (their capacity is reused).
  func allGather(_ message: [Int32], into received: inout [Int32], counts: inout [Int])
}

/// Time and traffic of a rank's spike exchange, for reporting what a tick's exchange costs.
public struct SpikeExchangeStatistics: Sendable, Codable, Equatable {
  /// Collective exchanges done (one per simulated tick).
  public var exchanges: Int = 0
  /// 32-bit words this rank sent, summed over exchanges.
  public var wordsSent: Int = 0
  /// 32-bit words this rank received from all ranks (its own included), summed over exchanges.
  public var wordsReceived: Int = 0
  /// Wall-clock seconds spent inside the exchange (waiting for the slowest rank included).
  public var seconds: Double = 0

  public init() {}

  /// Mean seconds per exchange (0 before the first).
  public var secondsPerExchange: Double { exchanges == 0 ? 0 : seconds / Double(exchanges) }
}

extension SpikeExchange {
  /// Collective: returns once every rank has called it (e.g. so that a timer started after it does
  /// not count a slower rank's network construction as the first tick's exchange).
  public func waitForAll() {
    var received: [Int32] = [], counts: [Int] = []
    allGather([], into: &received, counts: &counts)
  }

  /// Collective: the sum of `value` over every rank (e.g. the synapses of all ranks' shares).
  public func sum(_ value: Int) -> Int {
    var received: [Int32] = [], counts: [Int] = []
    allGather([Int32(truncatingIfNeeded: value), Int32(truncatingIfNeeded: value >> 32)], into: &received, counts: &counts)
    var total = 0
    for rank in 0..<(received.count / 2) {
      let low = UInt64(UInt32(bitPattern: received[2 * rank])), high = UInt64(UInt32(bitPattern: received[2 * rank + 1]))
      total += Int(bitPattern: UInt(high << 32 | low))
    }
    return total
  }
}
