/// The synapses of one projection in compressed sparse rows: for each source neuron a contiguous
/// run of (target, weight, delay).
///
/// A synapse takes 8 bytes: a 4-byte target index and a single-precision weight (as the chip-time
/// engine computes), or 6 bytes when the network stores its weights as a chip's 16-bit (or narrower)
/// fixed-point integers (`Network.storeWeights(as:)`). Delays are shared by the projection when they are all equal,
/// packed into a 1- or 2-byte palette code when there are few distinct values, and stored per synapse
/// (8 bytes) only when drawn from a continuous range (see `SynapseDelays`).
///
/// Within a row, synapses are ordered by delay, then by target, then in the order they were created,
/// so a simulator hands out all synapses of one delay as one event, and a thread that owns a range
/// of target neurons finds its part of that event by binary search. (The order of synapses onto
/// *different* targets never changes a result; onto the same target, creation order is kept.)
public struct SynapseTable: Sendable, Equatable {
  /// Number of source neurons (rows).
  public let sourceCount: Int
  /// Number of target neurons (the range of `targets`).
  public let targetCount: Int
  /// `rowStart[i]..<rowStart[i+1]` are the synapses of source `i`; `rowStart.count == sourceCount + 1`.
  public let rowStart: SynapseColumn<Int>
  /// Target neuron of each synapse, 0..<targetCount.
  public let targets: SynapseColumn<UInt32>
  /// Weight of each synapse, volts (delta synapses) or volts of drive (exponential synapses).
  public let weights: SynapseWeights
  /// Delay of each synapse, seconds.
  public let delays: SynapseDelays

  init(sourceCount: Int, targetCount: Int, rowStart: SynapseColumn<Int>, targets: SynapseColumn<UInt32>,
       weights: SynapseWeights, delays: SynapseDelays) {
    self.sourceCount = sourceCount
    self.targetCount = targetCount
    self.rowStart = rowStart
    self.targets = targets
    self.weights = weights
    self.delays = delays
  }

  /// Number of synapses.
  public var count: Int { targets.count }

  /// The synapses leaving `source`.
  /// - Complexity: O(1).
  public func row(_ source: Int) -> Range<Int> { rowStart[source]..<rowStart[source + 1] }

  /// The delay shared by every synapse, seconds, if there is one.
  public var uniformDelay: Double? { delays.uniformValue }

  /// Bytes of memory the table holds (rows, targets, weights and delays).
  public var storageBytes: Int {
    rowStart.storageBytes + targets.storageBytes + weights.storageBytes + delays.storageBytes(count: count)
  }

  /// Bytes of memory a table of `synapses` synapses from `sources` neurons holds, with
  /// `delayBytes` bytes of delay per synapse (0 for a shared delay, 8 for delays drawn from a range)
  /// and `weightBytes` per weight (4 in single precision, 2 in fixed point).
  public static func plannedBytes(synapses: Double, sources: Int, delayBytes: Int, weightBytes: Int = 4) -> Double {
    Double(sources + 1) * Double(MemoryLayout<Int>.stride) + synapses * Double(4 + weightBytes + delayBytes)
  }

  /// The same table with its weights stored as integers of `format` (16 bits or fewer).
  public func quantized(_ format: FixedPointFormat) -> SynapseTable {
    SynapseTable(sourceCount: sourceCount, targetCount: targetCount, rowStart: rowStart, targets: targets,
                 weights: weights.quantized(format), delays: delays)
  }

  /// Builds the table from synapses in any order: a stable counting sort by source, then each row
  /// sorted by (delay, target). Weights are stored in single precision.
  /// - Complexity: O(n log k) for n synapses and rows of length k.
  public init(sourceCount: Int, targetCount: Int, sources: [Int], targets: [Int], weights: [Double], delays: [Double]) {
    precondition(sources.count == targets.count && targets.count == weights.count && weights.count == delays.count)
    var start = [Int](repeating: 0, count: sourceCount + 1)
    for source in sources { start[source + 1] += 1 }
    for i in 0..<sourceCount { start[i + 1] += start[i] }
    var cursor = start
    let count = sources.count
    let targetColumn = SynapseColumn<UInt32>(uninitializedCount: count) { _ in }
    let weightColumn = SynapseColumn<Float>(uninitializedCount: count) { _ in }
    let delayColumn = SynapseColumn<Double>(uninitializedCount: count) { _ in }
    let t = targetColumn.storage.base, w = weightColumn.storage.base, d = delayColumn.storage.base
    for index in 0..<count {
      let k = cursor[sources[index]]
      t[k] = UInt32(targets[index]); w[k] = Float(weights[index]); d[k] = delays[index]
      cursor[sources[index]] = k + 1
    }
    var scratch = RowSortScratch()
    for i in 0..<sourceCount {
      SynapseTable.sortRow(start[i]..<start[i + 1], targets: t, weights: w, delays: d, scratch: &scratch)
    }
    self.init(sourceCount: sourceCount, targetCount: targetCount, rowStart: SynapseColumn(start), targets: targetColumn,
              weights: SynapseWeights(weightColumn), delays: SynapseDelays.compact(delayColumn))
  }

  /// The dense weight matrix [source][target] (sums duplicate synapses); for tests and small exports.
  /// - Complexity: O(sources × targets).
  public func denseWeights() -> [[Double]] {
    var matrix = [[Double]](repeating: [Double](repeating: 0, count: targetCount), count: sourceCount)
    for source in 0..<sourceCount {
      for k in row(source) { matrix[source][Int(targets[k])] += Double(weights[k]) }
    }
    return matrix
  }
}
