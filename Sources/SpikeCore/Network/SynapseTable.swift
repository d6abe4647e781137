/// The synapses of one projection in compressed sparse rows: for each source neuron a contiguous
/// run of (target, weight, delay).
///
/// Within a row, synapses are ordered by delay and then kept in the order they were created,
/// so a simulator can hand out all synapses of one delay as one event.
public struct SynapseTable: Sendable, Equatable {
  /// Number of source neurons (rows).
  public let sourceCount: Int
  /// Number of target neurons (the range of `targets`).
  public let targetCount: Int
  /// `rowStart[i]..<rowStart[i+1]` are the synapses of source `i`; `rowStart.count == sourceCount + 1`.
  public let rowStart: [Int]
  /// Target neuron of each synapse, 0..<targetCount.
  public let targets: [UInt32]
  /// Weight of each synapse, volts (delta synapses) or volts of drive (exponential synapses).
  public let weights: [Double]
  /// Delay of each synapse, seconds.
  public let delays: [Double]

  /// Number of synapses.
  public var count: Int { targets.count }

  /// The synapses leaving `source`.
  /// - Complexity: O(1).
  public func row(_ source: Int) -> Range<Int> { rowStart[source]..<rowStart[source + 1] }

  /// The delay shared by every synapse, if there is one.
  public var uniformDelay: Double? {
    guard let first = delays.first else { return nil }
    return delays.allSatisfy { $0 == first } ? first : nil
  }

  /// Builds the table from synapses in any order (a stable counting sort by source, then by delay).
  /// - Complexity: O(n log k) for n synapses and rows of length k.
  public init(sourceCount: Int, targetCount: Int, sources: [Int], targets: [Int], weights: [Double], delays: [Double]) {
    precondition(sources.count == targets.count && targets.count == weights.count && weights.count == delays.count)
    self.sourceCount = sourceCount
    self.targetCount = targetCount
    var start = [Int](repeating: 0, count: sourceCount + 1)
    for source in sources { start[source + 1] += 1 }
    for i in 0..<sourceCount { start[i + 1] += start[i] }
    var cursor = start
    var order = [Int](repeating: 0, count: sources.count)
    for (index, source) in sources.enumerated() {
      order[cursor[source]] = index
      cursor[source] += 1
    }
    // Stable sort of each row by delay; most rows already are (uniform delays), so check first.
    for i in 0..<sourceCount where start[i + 1] - start[i] > 1 {
      let range = start[i]..<start[i + 1]
      var sorted = true
      var previous = delays[order[range.lowerBound]]
      for k in range.dropFirst() {
        let d = delays[order[k]]
        if d < previous { sorted = false; break }
        previous = d
      }
      if !sorted {
        let row = order[range].enumerated().sorted { a, b in
          let da = delays[a.element], db = delays[b.element]
          return da < db || (da == db && a.offset < b.offset)
        }
        for (k, item) in row.enumerated() { order[range.lowerBound + k] = item.element }
      }
    }
    rowStart = start
    self.targets = order.map { UInt32(targets[$0]) }
    self.weights = order.map { weights[$0] }
    self.delays = order.map { delays[$0] }
  }

  /// The dense weight matrix [source][target] (sums duplicate synapses); for tests and small exports.
  /// - Complexity: O(sources × targets).
  public func denseWeights() -> [[Double]] {
    var matrix = [[Double]](repeating: [Double](repeating: 0, count: targetCount), count: sourceCount)
    for source in 0..<sourceCount {
      for k in row(source) { matrix[source][Int(targets[k])] += weights[k] }
    }
    return matrix
  }
}
