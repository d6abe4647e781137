import SpikelineSupport

/// Single-precision matrix products C (+)= op(A)·op(B) for training: packed, cache-blocked, with a
/// register-tiled micro-kernel (`GEMM.rowsPerTile` × `GEMM.columnsPerTile` accumulators in vector registers).
///
/// Deterministic for any thread count: threads split C into tiles, and every element of C is summed by
/// one task in a fixed order — over k in blocks of `depthPerBlock`, each block summed from zero in order
/// of increasing k and then added to C. The thread count changes which core computes a tile, never how.
///
/// Operands are described by `GEMM.Operand` (a base address, a row stride and a column stride), so the
/// three shapes training needs — A·B, Aᵀ·B and A·Bᵀ — share one kernel; transposition happens while
/// packing. Packing buffers are reused between calls (`GEMMScratch`), so a product allocates nothing
/// in steady state.
public enum GEMM {
  /// Rows of C computed together by the micro-kernel (MR).
  public static let rowsPerTile = 6
  /// Columns of C computed together by the portable micro-kernel (NR): two vectors of `Lane`. The
  /// kernel chosen at run time may be wider (`Kernel.columnsPerTile`).
  public static let columnsPerTile = 2 * Lane.scalarCount
  /// Depth of one packed block (KC): a block of B (KC × NC) stays in L2, a tile row of A in L1.
  public static let depthPerBlock = 256
  /// Rows of C per parallel task (MC, a multiple of `rowsPerTile`).
  static let rowsPerTask = 48
  /// Columns of C per parallel task (NC, a multiple of `columnsPerTile`).
  static let columnsPerTask = 256

  /// A matrix read through strides: element (i, j) is `base[i·rowStride + j·columnStride]`.
  public struct Operand: @unchecked Sendable {
    /// Element (0, 0).
    public var base: UnsafePointer<Float>
    /// Distance between consecutive rows, in elements.
    public var rowStride: Int
    /// Distance between consecutive columns, in elements.
    public var columnStride: Int

    /// Row-major storage with `columns` elements per row, read as is.
    public static func rowMajor(_ base: UnsafePointer<Float>, columns: Int) -> Operand {
      Operand(base: base, rowStride: columns, columnStride: 1)
    }
    /// The transpose of a row-major matrix with `columns` elements per row.
    public static func transposed(_ base: UnsafePointer<Float>, columns: Int) -> Operand {
      Operand(base: base, rowStride: 1, columnStride: columns)
    }
  }

  /// C[m × n] (row-major, `ldc` elements per row) = op(A)[m × k] · op(B)[k × n], plus C's previous
  /// values when `accumulate` is true. Every `kernel` gives the same bits.
  /// - Complexity: 2·m·n·k floating-point operations, on up to `threads` threads.
  public static func multiply(m: Int, n: Int, k: Int, _ a: Operand, _ b: Operand, into c: UnsafeMutablePointer<Float>, ldc: Int,
                              accumulate: Bool, threads: Int = DeterministicParallel.threadCount, kernel: Kernel = .active) {
    precondition(m >= 0 && n >= 0 && k >= 0 && ldc >= n, "internal error: GEMM \(m)×\(n)×\(k) into rows of \(ldc)")
    guard m > 0, n > 0 else { return }
    if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
    guard k > 0 else { return }
    let layout = PanelLayout(k: k, n: n, kernel: kernel)
    let workers = Self.workers(m: m, n: n, k: k, threads: threads)
    GEMMScratch.with(count: layout.count) { packedB in
      RowsOfA.with(m: m, n: n, a, layout) { rowsOfA in
        // 1. Pack all of B, block by block of depth, panel by panel (and A's rows, if tiles share them).
        let panelTasks = panelTaskCount(layout), out = DisjointWrites(base: packedB)
        DeterministicParallel.forEach(panelTasks + (rowsOfA?.taskCount ?? 0), threads: workers) { task in
          if task < panelTasks { packPanels(b, layout, task: task, into: out.base) } else { rowsOfA?.pack(task - panelTasks) }
        }
        // 2. The tiles of C.
        multiplyPacked(m: m, a, rowsOfA, panels: UnsafePointer(packedB), layout, into: c, ldc: ldc, workers: workers)
      }
    }
  }

  /// Threads for an m × n × k product: only as many as there are tiles of C, and a tiny product
  /// stays on the calling thread.
  static func workers(m: Int, n: Int, k: Int, threads: Int) -> Int {
    let tiles = ((m + rowsPerTask - 1) / rowsPerTask) * ((n + columnsPerTask - 1) / columnsPerTask)
    return 2 * m * n * k < 2_000_000 ? 1 : min(threads, tiles)
  }

  /// Where the packed panels of a k × n operand B sit for `kernel`: depth block `kb` starts at
  /// `kb · blockCount`, its panel `j` at `j · nr · kc` within the block (nr: the kernel's
  /// `columnsPerTile`; kc: the block's depth).
  struct PanelLayout: Equatable {
    let k: Int, n: Int
    let kernel: Kernel
    /// Columns per panel.
    var nr: Int { kernel.columnsPerTile }
    /// Panels of `nr` columns.
    var panels: Int { (n + nr - 1) / nr }
    /// Depth blocks of `depthPerBlock`.
    var blocks: Int { (k + depthPerBlock - 1) / depthPerBlock }
    /// Floats one depth block takes.
    var blockCount: Int { panels * nr * depthPerBlock }
    /// Floats of all the panels.
    var count: Int { max(1, blockCount * blocks) }
  }

  /// Packs B (k × n) into `packed` as `layout` says; each (block, group of panels) is one task.
  static func packPanels(_ b: Operand, _ layout: PanelLayout, into packed: UnsafeMutablePointer<Float>, threads: Int) {
    let out = DisjointWrites(base: packed)
    DeterministicParallel.forEach(panelTaskCount(layout), threads: threads) { task in packPanels(b, layout, task: task, into: out.base) }
  }

  /// Tasks of packing B as `layout` says: one per (depth block, group of panels).
  static func panelTaskCount(_ layout: PanelLayout) -> Int {
    let panelsPerTask = max(1, columnsPerTask / layout.nr)
    return layout.blocks * ((layout.panels + panelsPerTask - 1) / panelsPerTask)
  }

  /// Packs the panels of B of packing task `task` (see `panelTaskCount`).
  static func packPanels(_ b: Operand, _ layout: PanelLayout, task: Int, into packed: UnsafeMutablePointer<Float>) {
    let nr = layout.nr, k = layout.k, n = layout.n
    let panelsPerTask = max(1, columnsPerTask / nr)
    let panelTasks = (layout.panels + panelsPerTask - 1) / panelsPerTask
    let kb = task / panelTasks, p0 = kb * depthPerBlock, kc = min(depthPerBlock, k - p0)
    let bBlock = Operand(base: b.base + p0 * b.rowStride, rowStride: b.rowStride, columnStride: b.columnStride)
    let panelTask = task % panelTasks
    for panel in (panelTask * panelsPerTask)..<min(layout.panels, (panelTask + 1) * panelsPerTask) {
      packPanelOfB(bBlock, depth: kc, firstColumn: panel * nr, columns: min(nr, n - panel * nr), width: nr,
                   into: packed + kb * layout.blockCount + panel * nr * kc)
    }
  }

  /// C[m × n] += op(A)[m × k] · B, B packed as `layout` says: each task owns a tile of C and, for every
  /// depth block in order, adds the block's product to C with the micro-kernel, reading its rows of A
  /// from `rowsOfA` (packed beforehand) or, when that is nil, packing them into its worker's buffer.
  static func multiplyPacked(m: Int, _ a: Operand, _ rowsOfA: RowsOfA?, panels packedB: UnsafePointer<Float>, _ layout: PanelLayout,
                             into c: UnsafeMutablePointer<Float>, ldc: Int, workers: Int) {
    let mr = rowsPerTile, k = layout.k, n = layout.n
    let rowTasks = (m + rowsPerTask - 1) / rowsPerTask
    let columnTasks = (n + columnsPerTask - 1) / columnsPerTask
    let packedACount = rowsOfA == nil ? rowsPerTask * depthPerBlock : 0
    let panels = UnsafeSendable(packedB)
    GEMMScratch.with(count: max(1, workers * packedACount)) { scratch in
      let packedA = DisjointWrites(base: scratch)
      let out = DisjointWrites(base: c)
      DeterministicParallel.forEachOnWorkers(rowTasks * columnTasks, threads: workers) { task, worker in
        let rowTask = task / columnTasks, columnTask = task % columnTasks
        let i0 = rowTask * rowsPerTask, rows = min(rowsPerTask, m - i0)
        let j0 = columnTask * columnsPerTask, columns = min(columnsPerTask, n - j0)
        let tile = TileTask(layout: layout, panels: panels.value, rows: rows, columns: columns, j0: j0,
                            c: out.base + i0 * ldc, ldc: ldc)
        if let rowsOfA {
          for kb in 0..<layout.blocks { tile.addProducts(block: kb, rowsOfA.slivers(rowTask: rowTask, block: kb)) }
          return
        }
        let aPacked = packedA.base + worker * packedACount
        let sliverCount = (rows + mr - 1) / mr
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: sliverCount * depthPerBlock) { lists in
          withUnsafeTemporaryAllocation(of: PackedSliver.self, capacity: sliverCount) { slivers in
            for kb in 0..<layout.blocks {
              let p0 = kb * depthPerBlock, kc = min(depthPerBlock, k - p0)
              let aBlock = Operand(base: a.base + p0 * a.columnStride, rowStride: a.rowStride, columnStride: a.columnStride)
              packRowsOfA(aBlock, depth: kc, firstRow: i0, rows: rows, into: aPacked, lists: lists.baseAddress!, slivers: slivers.baseAddress!)
              tile.addProducts(block: kb, slivers.baseAddress!)
            }
          }
        }
      }
    }
  }

  /// One task's tile of C: `rows` rows from `c` on, columns `j0 ..< j0 + columns`.
  struct TileTask {
    let layout: PanelLayout
    let panels: UnsafePointer<Float>
    let rows: Int, columns: Int, j0: Int
    let c: UnsafeMutablePointer<Float>
    let ldc: Int

    /// Adds depth block `kb`'s product of the packed slivers of A (one per `rowsPerTile` rows) and
    /// B's panels to the tile, panel by panel.
    @inline(__always)
    func addProducts(block kb: Int, _ slivers: UnsafeMutablePointer<PackedSliver>) {
      let mr = rowsPerTile, nr = layout.nr, n = layout.n, kernel = layout.kernel
      let k = layout.k, kc = min(depthPerBlock, k - kb * depthPerBlock)
      let sliverCount = (rows + mr - 1) / mr
      var jr = 0
      while jr < columns {
        let bPanel = panels + kb * layout.blockCount + ((j0 + jr) / nr) * nr * kc
        let width = min(nr, n - (j0 + jr))
        for s in 0..<sliverCount {
          let ir = s * mr, height = min(mr, rows - ir)
          let target = c + ir * ldc + j0 + jr
          if height == mr && width == nr {
            kernel.tile(slivers[s], bPanel, addingTo: target, ldc: ldc)
          } else {
            edgeKernel(kernel, slivers[s], bPanel, addingTo: target, ldc: ldc, rows: height, columns: width)
          }
        }
        jr += nr
      }
    }
  }
}
