import SpikelineSupport

/// Reused buffers for sorting one row.
struct RowSortScratch {
  var order: [Int] = []
  var targets: [UInt32] = []
  var weights: [Float] = []
  var delays: [Double] = []
}

/// Writes one row of a table under construction: `targets`, `weights` and (when the projection
/// stores delays per synapse) `delays` point at the row's first synapse.
struct RowWriter {
  let targets: UnsafeMutablePointer<UInt32>
  let weights: UnsafeMutablePointer<Float>
  let delays: UnsafeMutablePointer<Double>?
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
  static func build(sourceCount: Int, targetCount: Int, perSynapseDelays: Bool, uniformDelay: Double,
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

    let rowStart = start
    let targets = SynapseColumn<UInt32>(uninitializedCount: total) { _ in }
    let weights = SynapseColumn<Float>(uninitializedCount: total) { _ in }
    let delays: SynapseColumn<Double>? = perSynapseDelays ? SynapseColumn<Double>(uninitializedCount: total) { _ in } : nil
    let t = DisjointWrites(base: targets.storage.base), w = DisjointWrites(base: weights.storage.base)
    let d = delays.map { DisjointWrites(base: $0.storage.base) }
    DeterministicParallel.forEach(chunks, threads: threads) { chunk in
      var scratch = RowSortScratch()
      for i in (chunk * rowsPerChunk)..<min(sourceCount, (chunk + 1) * rowsPerChunk) {
        let first = rowStart[i]
        fillRow(i, RowWriter(targets: t.base + first, weights: w.base + first, delays: d.map { $0.base + first }))
        if let d {
          sortRow(first..<rowStart[i + 1], targets: t.base, weights: w.base, delays: d.base, scratch: &scratch)
        }
      }
    }
    return SynapseTable(sourceCount: sourceCount, targetCount: targetCount, rowStart: SynapseColumn(rowStart), targets: targets,
                        weights: weights, delays: delays.map(SynapseDelays.compact) ?? .uniform(uniformDelay))
  }

  /// Sorts synapses `range` by (delay, target), keeping creation order among equals.
  static func sortRow(_ range: Range<Int>, targets t: UnsafeMutablePointer<UInt32>, weights w: UnsafeMutablePointer<Float>,
                      delays d: UnsafeMutablePointer<Double>, scratch: inout RowSortScratch) {
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
    for k in scratch.order { scratch.targets.append(t[k]); scratch.weights.append(w[k]); scratch.delays.append(d[k]) }
    for (offset, k) in range.enumerated() {
      t[k] = scratch.targets[offset]; w[k] = scratch.weights[offset]; d[k] = scratch.delays[offset]
    }
  }
}
