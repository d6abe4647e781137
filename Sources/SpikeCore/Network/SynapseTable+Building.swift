import SpikelineSupport

/// Reused buffers for sorting one row.
struct RowSortScratch {
  var order: [Int] = []
  var targets: [UInt32] = []
  var weights: [UInt32] = []
  var delays: [Double] = []
}

/// Writes one row of a table under construction: `targets`, the weights (`setWeight`) and (when the
/// projection stores delays per synapse) `delays` point at the row's first synapse.
struct RowWriter {
  let targets: UnsafeMutablePointer<UInt32>
  /// Single-precision weights, or nil when they are stored in fixed point (`fixedWeights`).
  let weights: UnsafeMutablePointer<Float>?
  let fixedWeights: UnsafeMutablePointer<Int16>?
  let format: FixedPointFormat?
  let delays: UnsafeMutablePointer<Double>?

  /// Stores the weight of the row's synapse `k`, volts: in single precision, or as the integer the
  /// chip-time engine would make of that single-precision value.
  @inline(__always)
  func setWeight(_ k: Int, _ volts: Double) {
    if let weights {
      weights[k] = Float(volts)
    } else if let fixedWeights, let format {
      fixedWeights[k] = Int16(format.quantize(weight: Double(Float(volts))))
    }
  }
}

/// Where a table under construction keeps its weights.
enum WeightColumns {
  case singlePrecision(SynapseColumn<Float>)
  case fixedPoint(SynapseColumn<Int16>, FixedPointFormat)

  init(count: Int, storage: WeightStorage) {
    switch storage {
    case .singlePrecision: self = .singlePrecision(SynapseColumn<Float>(uninitializedCount: count) { _ in })
    case .fixedPoint(let format): self = .fixedPoint(SynapseColumn<Int16>(uninitializedCount: count) { _ in }, format)
    }
  }

  var weights: SynapseWeights {
    switch self {
    case .singlePrecision(let column): return SynapseWeights(column)
    case .fixedPoint(let column, let format): return SynapseWeights(.fixedPoint(column, format))
    }
  }

  /// (single-precision base, fixed-point base, format) for `RowWriter`.
  var bases: (DisjointWrites<Float>?, DisjointWrites<Int16>?, FixedPointFormat?) {
    switch self {
    case .singlePrecision(let column): return (DisjointWrites(base: column.storage.base), nil, nil)
    case .fixedPoint(let column, let format): return (nil, DisjointWrites(base: column.storage.base), format)
    }
  }
}

extension SynapseTable {
  /// Rows per parallel work item while building: fixed, so the work never depends on the thread count.
  static let rowsPerChunk = 64

  /// Builds a table in place, row by row, in parallel: `rowLength(i)` counts row i's synapses
  /// (pass 1), `check(total)` may refuse the total before anything per-synapse is allocated, then
  /// `fillRow(i, writer)` writes row i into the final columns (pass 2). Both passes must derive
  /// row i's random draws from row i alone (a generator seeded per row), so the table is the same
  /// for any number of threads. Peak memory is the final table plus one `Int` per row.
  /// - Parameter perSynapseDelays: whether `fillRow` writes delays (otherwise every synapse has `uniformDelay`).
  /// - Parameter weightStorage: single precision, or the integers of a fixed-point format.
  static func build(sourceCount: Int, targetCount: Int, perSynapseDelays: Bool, uniformDelay: Double,
                    weightStorage: WeightStorage = .singlePrecision,
                    threads: Int = DeterministicParallel.threadCount,
                    rowLength: @Sendable (Int) -> Int, check: (Int) throws -> Void,
                    fillRow: @Sendable (Int, RowWriter) -> Void) rethrows -> SynapseTable {
    var start = [Int](repeating: 0, count: sourceCount + 1)
    let chunks = (sourceCount + rowsPerChunk - 1) / rowsPerChunk
    start.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let lengths = DisjointWrites(base: base + 1)
      DeterministicParallel.forEach(chunks, threads: threads) { chunk in
        for i in (chunk * rowsPerChunk)..<min(sourceCount, (chunk + 1) * rowsPerChunk) { lengths.base[i] = rowLength(i) }
      }
    }
    for i in 0..<sourceCount { start[i + 1] += start[i] }
    let total = start[sourceCount]
    try check(total)

    let targets = SynapseColumn<UInt32>(uninitializedCount: total) { _ in }
    return finish(sourceCount: sourceCount, targetCount: targetCount, rowStart: start, targets: targets,
                  perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay, weightStorage: weightStorage,
                  threads: threads, fillRow: fillRow)
  }

  /// The second pass of both builders: allocates the weight (and delay) columns for the rows that
  /// `rowStart` lays out over `targets`, has `fillRow(i, writer)` write row i, in parallel by chunks,
  /// sorts rows with per-synapse delays by (delay, target), and makes the table.
  static func finish(sourceCount: Int, targetCount: Int, rowStart: [Int], targets: SynapseColumn<UInt32>,
                     perSynapseDelays: Bool, uniformDelay: Double, weightStorage: WeightStorage, threads: Int,
                     fillRow: @Sendable (Int, RowWriter) -> Void) -> SynapseTable {
    let total = targets.count
    let chunks = (sourceCount + rowsPerChunk - 1) / rowsPerChunk
    let weights = WeightColumns(count: total, storage: weightStorage)
    let delays: SynapseColumn<Double>? = perSynapseDelays ? SynapseColumn<Double>(uninitializedCount: total) { _ in } : nil
    let t = DisjointWrites(base: targets.storage.base)
    let (w, w16, format) = weights.bases
    let d = delays.map { DisjointWrites(base: $0.storage.base) }
    DeterministicParallel.forEach(chunks, threads: threads) { chunk in
      var scratch = RowSortScratch()
      for i in (chunk * rowsPerChunk)..<min(sourceCount, (chunk + 1) * rowsPerChunk) {
        let first = rowStart[i]
        fillRow(i, RowWriter(targets: t.base + first, weights: w.map { $0.base + first }, fixedWeights: w16.map { $0.base + first },
                             format: format, delays: d.map { $0.base + first }))
        guard let d else { continue }
        let range = first..<rowStart[i + 1]
        if let w { sortRow(range, targets: t.base, weights: w.base, delays: d.base, scratch: &scratch) }
        if let w16 { sortRow(range, targets: t.base, weights: w16.base, delays: d.base, scratch: &scratch) }
      }
    }
    return SynapseTable(sourceCount: sourceCount, targetCount: targetCount, rowStart: SynapseColumn(rowStart), targets: targets,
                        weights: weights.weights, delays: delays.map(SynapseDelays.compact) ?? .uniform(uniformDelay))
  }

  /// Sorts synapses `range` by (delay, target), keeping creation order among equals. Weights of
  /// either storage move as 32-bit patterns.
  static func sortRow<Weight: BinaryInteger & BitwiseCopyable>(
    _ range: Range<Int>, targets t: UnsafeMutablePointer<UInt32>, weights w: UnsafeMutablePointer<Weight>,
    delays d: UnsafeMutablePointer<Double>, scratch: inout RowSortScratch) {
    sortRow(range, targets: t, delays: d, scratch: &scratch,
            load: { UInt32(truncatingIfNeeded: w[$0]) }, store: { w[$0] = Weight(truncatingIfNeeded: $1) })
  }

  static func sortRow(_ range: Range<Int>, targets t: UnsafeMutablePointer<UInt32>, weights w: UnsafeMutablePointer<Float>,
                      delays d: UnsafeMutablePointer<Double>, scratch: inout RowSortScratch) {
    sortRow(range, targets: t, delays: d, scratch: &scratch, load: { w[$0].bitPattern }, store: { w[$0] = Float(bitPattern: $1) })
  }

  @inline(__always)
  static func sortRow(_ range: Range<Int>, targets t: UnsafeMutablePointer<UInt32>, delays d: UnsafeMutablePointer<Double>,
                      scratch: inout RowSortScratch, load: (Int) -> UInt32, store: (Int, UInt32) -> Void) {
    guard range.count > 1 else { return }
    var sorted = true
    for k in range.dropFirst() where d[k] < d[k - 1] || (d[k] == d[k - 1] && t[k] < t[k - 1]) {
      sorted = false
      break
    }
    if sorted { return }
    scratch.order.removeAll(keepingCapacity: true)
    scratch.order.append(contentsOf: range)
    scratch.order.sort { a, b in
      d[a] != d[b] ? d[a] < d[b] : (t[a] != t[b] ? t[a] < t[b] : a < b)
    }
    scratch.targets.removeAll(keepingCapacity: true)
    scratch.weights.removeAll(keepingCapacity: true)
    scratch.delays.removeAll(keepingCapacity: true)
    for k in scratch.order { scratch.targets.append(t[k]); scratch.weights.append(load(k)); scratch.delays.append(d[k]) }
    for (offset, k) in range.enumerated() {
      t[k] = scratch.targets[offset]; store(k, scratch.weights[offset]); d[k] = scratch.delays[offset]
    }
  }
}
