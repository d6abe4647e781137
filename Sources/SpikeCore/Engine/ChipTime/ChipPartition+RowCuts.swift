import SpikelineSupport

/// Where each synapse row of one projection is cut between the threads' slices of its target
/// population (rows of one delay, sorted by target), found once when the network is split, so that
/// delivering a spike reads its row's cuts instead of searching the row.
///
/// The search cost little work but several dependent reads of a row not yet in cache (each thread
/// read the first target, then halved the row toward its own slice's bound): on CUBA-4000 with two
/// threads it took a third of the delivery time, and delivery did not shrink with the second thread.
/// One table per projection serves every thread: 4 bytes per row and inner cut (one cut on two threads).
final class RowCuts: @unchecked Sendable {
  /// Row s is cut before offset `cuts[s·innerCuts + c]` (into the row) for the slice of thread c + 1.
  let cuts: UnsafeMutablePointer<UInt32>
  /// Cuts per row: threads − 1.
  let innerCuts: Int
  let rows: Int

  /// The cuts of every row of `rowStart`/`targets` (rows sorted by target) before the targets
  /// `boundaries` (ascending: the first target of each thread's slice after the first thread's).
  init(rowStart: UnsafePointer<Int>, rows: Int, targets: UnsafePointer<UInt32>, boundaries: [Int]) {
    innerCuts = boundaries.count
    self.rows = rows
    let cuts = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, rows * innerCuts))
    self.cuts = cuts
    let out = DisjointWrites(base: cuts), starts = UnsafeSendable(rowStart), rowTargets = UnsafeSendable(targets)
    let innerCuts = self.innerCuts, chunk = 16_384
    // Rows are independent: chunks of rows in parallel give the same table for any thread count.
    DeterministicParallel.forEach((rows + chunk - 1) / chunk) { c in
      for s in (c * chunk)..<min(rows, (c + 1) * chunk) {
        let first = starts.value[s], end = starts.value[s + 1]
        var low = first
        for (k, boundary) in boundaries.enumerated() {
          var high = end
          while low < high {
            let middle = (low + high) >> 1
            if Int(rowTargets.value[middle]) < boundary { low = middle + 1 } else { high = middle }
          }
          out.base[s * innerCuts + k] = UInt32(truncatingIfNeeded: low - first)
        }
      }
    }
  }

  deinit { cuts.deallocate() }

  /// The synapses of `synapses` (all of row `source`, which starts at `rowStart`) that end on the
  /// slice of thread `part`.
  @inline(__always)
  func owned(_ synapses: Range<Int>, source: Int, rowStart: Int, part: Int) -> Range<Int> {
    let low = part == 0 ? synapses.lowerBound : max(synapses.lowerBound, rowStart + Int(cuts[source * innerCuts + part - 1]))
    let high = part == innerCuts ? synapses.upperBound : min(synapses.upperBound, rowStart + Int(cuts[source * innerCuts + part]))
    return low < high ? low..<high : low..<low
  }
}

extension ChipPartition {
  /// Gives every partition of `partitions` (the threads' slices, in order) the row cuts of each
  /// projection with one delay; rows of several delays are sorted by target only within each run of
  /// equal delays, and each of their deliveries is a run: those keep the search. `rowCounts[j]` is
  /// projection j's number of rows.
  static func prepareRowCuts(_ partitions: [ChipPartition], views: [ChipTimeSimulation.ProjectionView], rowCounts: [Int]) {
    let tables: [RowCuts?] = views.indices.map { j in
      guard views[j].uniformDelay != nil else { return nil }
      let population = views[j].targetPopulation
      return RowCuts(rowStart: views[j].rowStart, rows: rowCounts[j], targets: views[j].targets,
                     boundaries: partitions.dropFirst().map { $0.ranges[population].lowerBound })
    }
    for (part, partition) in partitions.enumerated() {
      partition.part = part
      partition.rowCuts = tables
    }
  }
}
