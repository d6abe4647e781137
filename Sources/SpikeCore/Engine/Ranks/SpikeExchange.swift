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

extension SpikeExchange {
  /// Values sent per collective by the element-wise reductions: their memory stays bounded by
  /// ranks × this many values whatever the length reduced.
  static var reductionChunk: Int { 1 << 16 }

  /// Collective: the element-wise sum over every rank of `values` (every rank passes as many).
  public func sumElementwise(_ values: [Int]) -> [Int] {
    var result = values
    forEachChunk(of: values.count, wordsPerValue: 2, encode: { i, words in
      words.append(Int32(truncatingIfNeeded: values[i])); words.append(Int32(truncatingIfNeeded: values[i] >> 32))
    }) { i, words, offset in
      let low = UInt64(UInt32(bitPattern: words[offset])), high = UInt64(UInt32(bitPattern: words[offset + 1]))
      return Int(bitPattern: UInt(high << 32 | low))
    } combine: { i, value, first in result[i] = first ? value : result[i] &+ value }
    return result
  }

  /// Collective: the element-wise maximum over every rank of `values` (every rank passes as many).
  public func maximumElementwise(_ values: [Double]) -> [Double] {
    var result = values
    forEachChunk(of: values.count, wordsPerValue: 2, encode: { i, words in
      let bits = values[i].bitPattern
      words.append(Int32(truncatingIfNeeded: bits)); words.append(Int32(truncatingIfNeeded: bits >> 32))
    }) { _, words, offset in
      let low = UInt64(UInt32(bitPattern: words[offset])), high = UInt64(UInt32(bitPattern: words[offset + 1]))
      return Double(bitPattern: high << 32 | low)
    } combine: { i, value, first in result[i] = first ? value : max(result[i], value) }
    return result
  }

  /// Runs the all-gathers of an element-wise reduction chunk by chunk: each rank encodes its values
  /// `chunk` at a time, and every rank's value of element i is decoded and combined in rank order.
  private func forEachChunk<Value>(of count: Int, wordsPerValue: Int, encode: (Int, inout [Int32]) -> Void,
                                   decode: (Int, [Int32], Int) -> Value, combine: (Int, Value, Bool) -> Void) {
    var message: [Int32] = [], received: [Int32] = [], counts: [Int] = []
    var start = 0
    repeat {
      let end = min(count, start + Self.reductionChunk)
      message.removeAll(keepingCapacity: true)
      for i in start..<end { encode(i, &message) }
      allGather(message, into: &received, counts: &counts)
      var offset = 0
      for (rank, words) in counts.enumerated() {
        precondition(words == message.count, "rank \(rank) reduced \(words / wordsPerValue) values, this rank \(end - start)")
        for i in start..<end {
          combine(i, decode(i, received, offset), rank == 0)
          offset += wordsPerValue
        }
      }
      start = end
    } while start < count
  }
}
