extension GEMM {
  /// Every row of op(A) packed once, before any tile is multiplied, for products whose tiles of C
  /// span more than one column task: each of those tasks would otherwise pack the same rows of A
  /// again (twice to four times per product for BI-R's shapes, and in a two-thread profile packing A
  /// had become 13 % of a step). The packing is the one a tile task does itself (`packRowsOfA`), so
  /// products give the same bits either way.
  ///
  /// Layout, for row task r (`rowsPerTask` rows) and depth block kb starting at depth p0 with depth kc:
  /// its slivers at `values + r·rowsPerTask·k + rowsPerTask·p0` (sliver s at `s·rowsPerTile·kc` past
  /// that), their non-zero step lists at `lists + r·sliversPerTask·k + sliversPerTask·p0`, their
  /// descriptions at `slivers + (r·blocks + kb)·sliversPerTask`.
  struct RowsOfA: @unchecked Sendable {
    let a: Operand
    let m: Int, k: Int, blocks: Int
    let values: UnsafeMutablePointer<Float>
    let lists: UnsafeMutablePointer<Int32>
    let slivers: UnsafeMutablePointer<PackedSliver>

    static let sliversPerTask = rowsPerTask / rowsPerTile

    /// Row tasks of an m-row product.
    static func rowTasks(m: Int) -> Int { (m + rowsPerTask - 1) / rowsPerTask }

    /// Bytes of scratch memory an m × k operand packs into (values, then lists, then descriptions).
    static func byteCount(m: Int, k: Int, blocks: Int) -> Int {
      let tasks = rowTasks(m: m)
      return tasks * rowsPerTask * k * 4 + tasks * sliversPerTask * k * 4
        + tasks * blocks * sliversPerTask * MemoryLayout<PackedSliver>.stride + MemoryLayout<PackedSliver>.alignment
    }

    /// Runs `body` with A's rows ready to pack into reused scratch memory when the product's tiles
    /// span more than one column task (n > `columnsPerTask`), or with nil when each row task is
    /// multiplied once and packs its own rows.
    static func with<R>(m: Int, n: Int, _ a: Operand, _ layout: PanelLayout, _ body: (RowsOfA?) -> R) -> R {
      guard n > columnsPerTask else { return body(nil) }
      let k = layout.k, blocks = layout.blocks, tasks = rowTasks(m: m)
      return GEMMScratch.withBytes(byteCount(m: m, k: k, blocks: blocks)) { raw in
        let valueCount = tasks * rowsPerTask * k, listCount = tasks * sliversPerTask * k
        let values = raw.bindMemory(to: Float.self, capacity: valueCount)
        let lists = (raw + valueCount * 4).bindMemory(to: Int32.self, capacity: listCount)
        let descriptions = (raw + (valueCount + listCount) * 4)
          .alignedUp(for: PackedSliver.self).bindMemory(to: PackedSliver.self, capacity: tasks * blocks * sliversPerTask)
        return body(RowsOfA(a: a, m: m, k: k, blocks: blocks, values: values, lists: lists, slivers: descriptions))
      }
    }

    /// Packing tasks: one per (row task, depth block).
    var taskCount: Int { Self.rowTasks(m: m) * blocks }

    /// Packs the rows and depth block of packing task `task`.
    func pack(_ task: Int) {
      let rowTask = task / blocks, kb = task % blocks
      let i0 = rowTask * rowsPerTask, rows = min(rowsPerTask, m - i0)
      let p0 = kb * depthPerBlock, kc = min(depthPerBlock, k - p0)
      let block = Operand(base: a.base + p0 * a.columnStride, rowStride: a.rowStride, columnStride: a.columnStride)
      packRowsOfA(block, depth: kc, firstRow: i0, rows: rows, into: values + rowTask * rowsPerTask * k + rowsPerTask * p0,
                  lists: lists + rowTask * Self.sliversPerTask * k + Self.sliversPerTask * p0,
                  slivers: slivers + (rowTask * blocks + kb) * Self.sliversPerTask)
    }

    /// The packed slivers of row task `rowTask` in depth block `kb`.
    func slivers(rowTask: Int, block kb: Int) -> UnsafeMutablePointer<PackedSliver> {
      slivers + (rowTask * blocks + kb) * Self.sliversPerTask
    }
  }
}
