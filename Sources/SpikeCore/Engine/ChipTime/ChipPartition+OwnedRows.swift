import SpikelineSupport

/// Where each synapse row's part onto a partition's neurons starts and ends (rows of one delay, sorted
/// by target), found once when the network is split, so that delivering a spike reads its row's bounds instead of searching the row.
///
/// The search cost little work but several dependent reads of a row not yet in cache (each thread
/// read the first target, then halved the row toward its own slice's bound): on CUBA-4000 with two
/// threads it took a third of the delivery time, and delivery did not shrink with the second thread.
final class OwnedRowBounds: @unchecked Sendable {
  /// Per source row s: `bounds[2s]` and `bounds[2s + 1]`, the slice's first and end synapse as offsets into the row.
  let bounds: UnsafeMutablePointer<UInt32>
  let rows: Int

  /// The bounds of every row of `rowStart`/`targets` (rows sorted by target) onto targets in `owned`.
  init(rowStart: UnsafePointer<Int>, rows: Int, targets: UnsafePointer<UInt32>, owned: Range<Int>) {
    self.rows = rows
    bounds = .allocate(capacity: max(2, 2 * rows))
    for s in 0..<rows {
      let first = rowStart[s], end = rowStart[s + 1]
      let owned = ChipTimeSimulation.ownedSynapses(first, end, targets: targets, owned: owned)
      bounds[2 * s] = UInt32(truncatingIfNeeded: owned.lowerBound - first)
      bounds[2 * s + 1] = UInt32(truncatingIfNeeded: owned.upperBound - first)
    }
  }

  deinit { bounds.deallocate() }

  /// The synapses of `synapses` (part of row `source`, starting at `rowStart`) that end on the slice's neurons.
  @inline(__always)
  func owned(_ synapses: Range<Int>, source: Int, rowStart: Int) -> Range<Int> {
    let low = max(synapses.lowerBound, rowStart + Int(bounds[2 * source]))
    let high = min(synapses.upperBound, rowStart + Int(bounds[2 * source + 1]))
    return low < high ? low..<high : low..<low
  }
}

extension ChipPartition {
  /// Finds, for every projection with one delay, the bounds of each row's synapses onto this slice's
  /// neurons. (A row of several delays is sorted by target only within each run of equal delays, and
  /// each of its deliveries is a run: those keep the search.) `rowCounts[j]` is projection j's number of rows.
  func prepareOwnedRows(views: [ChipTimeSimulation.ProjectionView], rowCounts: [Int]) {
    ownedRows = views.indices.map { j in
      guard views[j].uniformDelay != nil else { return nil }
      return OwnedRowBounds(rowStart: views[j].rowStart, rows: rowCounts[j], targets: views[j].targets,
                            owned: ranges[views[j].targetPopulation])
    }
  }
}
