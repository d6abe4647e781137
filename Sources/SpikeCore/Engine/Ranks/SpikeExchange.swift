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
  public func sum(_ value: Int) -> Int { sumElementwise([value])[0] }
}

extension SpikeExchange {
  /// Values sent per collective by the element-wise reductions: their memory stays bounded by
  /// ranks × this many values whatever the length reduced.
  static var reductionChunk: Int { 1 << 16 }

  /// Collective: the element-wise sum over every rank of `values` (every rank passes as many).
  public func sumElementwise(_ values: [Int]) -> [Int] {
    var result = values
    reduceElementwise(values.count, bits: { UInt64(UInt(bitPattern: values[$0])) }) { i, bits, first in
      let value = Int(bitPattern: UInt(bits))
      result[i] = first ? value : result[i] &+ value
    }
    return result
  }

  /// Collective: the element-wise maximum over every rank of `values` (every rank passes as many).
  public func maximumElementwise(_ values: [Double]) -> [Double] {
    var result = values
    reduceElementwise(values.count, bits: { values[$0].bitPattern }) { i, bits, first in
      let value = Double(bitPattern: bits)
      result[i] = first ? value : max(result[i], value)
    }
    return result
  }

  /// The all-gathers of an element-wise reduction, chunk by chunk: each rank sends the 64 bits of
  /// each of its `count` values (`bits(i)`), and `combine(i, bits, isFirstRank)` receives every
  /// rank's value of element i in rank order.
  private func reduceElementwise(_ count: Int, bits: (Int) -> UInt64, combine: (Int, UInt64, Bool) -> Void) {
    var message: [Int32] = [], received: [Int32] = [], counts: [Int] = []
    var start = 0
    repeat {
      let end = min(count, start + Self.reductionChunk)
      message.removeAll(keepingCapacity: true)
      for i in start..<end { message.appendWords(of: bits(i)) }
      allGather(message, into: &received, counts: &counts)
      var offset = 0
      for (rank, words) in counts.enumerated() {
        precondition(words == message.count, "rank \(rank) reduced \(words / 2) values, this rank \(end - start)")
        for i in start..<end {
          combine(i, received.word64(at: offset), rank == 0)
          offset += 2
        }
      }
      start = end
    } while start < count
  }
}

extension Array where Element == Int32 {
  /// Appends 64 bits as two words of a rank's message, low word first.
  mutating func appendWords(of bits: UInt64) {
    append(Int32(truncatingIfNeeded: bits))
    append(Int32(truncatingIfNeeded: bits >> 32))
  }

  /// The 64 bits `appendWords(of:)` wrote at `offset`.
  func word64(at offset: Int) -> UInt64 {
    UInt64(UInt32(bitPattern: self[offset])) | UInt64(UInt32(bitPattern: self[offset + 1])) << 32
  }
}
