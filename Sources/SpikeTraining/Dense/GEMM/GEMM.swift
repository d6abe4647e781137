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
  /// Columns of C computed together by the micro-kernel (NR): two vectors of `Lane`.
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
  /// values when `accumulate` is true.
  /// - Complexity: 2·m·n·k floating-point operations, on up to `threads` threads.
  public static func multiply(m: Int, n: Int, k: Int, _ a: Operand, _ b: Operand, into c: UnsafeMutablePointer<Float>, ldc: Int,
                              accumulate: Bool, threads: Int = DeterministicParallel.threadCount) {
    precondition(m >= 0 && n >= 0 && k >= 0 && ldc >= n, "internal error: GEMM \(m)×\(n)×\(k) into rows of \(ldc)")
    guard m > 0, n > 0 else { return }
    if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
    guard k > 0 else { return }
    let mr = rowsPerTile, nr = columnsPerTile
    let panelsN = (n + nr - 1) / nr
    let rowTasks = (m + rowsPerTask - 1) / rowsPerTask
    let columnTasks = (n + columnsPerTask - 1) / columnsPerTask
    let packedBCount = panelsN * nr * depthPerBlock
    let packedACount = rowsPerTask * depthPerBlock
    let tasks = rowTasks * columnTasks
    // Only as many workers as there is work for: a tiny product stays on the calling thread.
    let flops = 2 * m * n * k
    let workers = flops < 2_000_000 ? 1 : min(threads, tasks)
    let blocks = (k + depthPerBlock - 1) / depthPerBlock
    GEMMScratch.with(count: packedBCount * blocks + max(1, workers) * packedACount) { scratch in
      let packedB = DisjointWrites(base: scratch)
      let packedA = DisjointWrites(base: scratch + packedBCount * blocks)
      let out = DisjointWrites(base: c)
      // 1. Pack all of B: block by block of depth, panel by panel (each (block, panel) written by one task).
      // Block `kb` starts at `kb · packedBCount`; its panel `j` at `j · nr · kc` within the block.
      let panelsPerTask = max(1, columnsPerTask / nr)
      let panelTasks = (panelsN + panelsPerTask - 1) / panelsPerTask
      DeterministicParallel.forEach(blocks * panelTasks, threads: workers) { task in
        let kb = task / panelTasks, p0 = kb * depthPerBlock, kc = min(depthPerBlock, k - p0)
        let bBlock = Operand(base: b.base + p0 * b.rowStride, rowStride: b.rowStride, columnStride: b.columnStride)
        let panelTask = task % panelTasks
        for panel in (panelTask * panelsPerTask)..<min(panelsN, (panelTask + 1) * panelsPerTask) {
          packPanelOfB(bBlock, depth: kc, firstColumn: panel * nr, columns: min(nr, n - panel * nr),
                       into: packedB.base + kb * packedBCount + panel * nr * kc)
        }
      }
      // 2. Each task owns a tile of C: for every depth block in order, it packs its rows of A into its
      // worker's buffer and adds the block's product to C with the micro-kernel.
      DeterministicParallel.forEachOnWorkers(tasks, threads: workers) { task, worker in
        let rowTask = task / columnTasks, columnTask = task % columnTasks
        let i0 = rowTask * rowsPerTask, rows = min(rowsPerTask, m - i0)
        let j0 = columnTask * columnsPerTask, columns = min(columnsPerTask, n - j0)
        let aPacked = packedA.base + worker * packedACount
        let sliverCount = (rows + mr - 1) / mr
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: sliverCount * depthPerBlock) { lists in
          withUnsafeTemporaryAllocation(of: PackedSliver.self, capacity: sliverCount) { slivers in
            for kb in 0..<blocks {
              let p0 = kb * depthPerBlock, kc = min(depthPerBlock, k - p0)
              let aBlock = Operand(base: a.base + p0 * a.columnStride, rowStride: a.rowStride, columnStride: a.columnStride)
              packRowsOfA(aBlock, depth: kc, firstRow: i0, rows: rows, into: aPacked, lists: lists.baseAddress!, slivers: slivers.baseAddress!)
              var jr = 0
              while jr < columns {
                let bPanel = UnsafePointer(packedB.base + kb * packedBCount + ((j0 + jr) / nr) * nr * kc)
                let width = min(nr, n - (j0 + jr))
                for s in 0..<sliverCount {
                  let ir = s * mr, height = min(mr, rows - ir)
                  let target = out.base + (i0 + ir) * ldc + j0 + jr
                  if height == mr && width == nr {
                    microKernel(slivers[s], bPanel, addingTo: target, ldc: ldc)
                  } else {
                    edgeKernel(slivers[s], bPanel, addingTo: target, ldc: ldc, rows: height, columns: width)
                  }
                }
                jr += nr
              }
            }
          }
        }
      }
    }
  }
}
