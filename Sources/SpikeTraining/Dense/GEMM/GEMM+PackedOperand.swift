import SpikelineSupport

extension GEMM {
  /// An operand B packed once for many products with it, such as a layer's weights, which every
  /// sample of a training batch multiplies by: packing it per product cost about as much as a
  /// small product itself.
  public final class PackedOperand: @unchecked Sendable {
    /// Where the panels sit (k × n).
    private(set) var layout = PanelLayout(k: 0, n: 0, kernel: .active)
    private var storage: UnsafeMutablePointer<Float>
    private var capacity = 0

    /// An empty operand (pack it before use).
    public init() {
      storage = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64).bindMemory(to: Float.self, capacity: 16)
      capacity = 16
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }

    /// Rows (depth) and columns of the operand packed last.
    public var rows: Int { layout.k }
    public var columns: Int { layout.n }

    /// Packs op(B), `k` × `n`, as `GEMM.multiply` would for one product with `kernel` (the same
    /// panels, so products with it give the same bits).
    public func pack(_ b: Operand, k: Int, n: Int, threads: Int = 1, kernel: Kernel = .active) {
      precondition(k >= 0 && n >= 0, "internal error: packing a \(k)×\(n) operand")
      layout = PanelLayout(k: k, n: n, kernel: kernel)
      if layout.count > capacity {
        UnsafeMutableRawPointer(storage).deallocate()
        storage = UnsafeMutableRawPointer.allocate(byteCount: layout.count * 4, alignment: 64).bindMemory(to: Float.self, capacity: layout.count)
        capacity = layout.count
      }
      if k > 0 && n > 0 { packPanels(b, layout, into: storage, threads: threads) }
    }

    var panels: UnsafePointer<Float> { UnsafePointer(storage) }
  }

  /// C[m × n] (row-major, `ldc` elements per row) = op(A)[m × k] · B, plus C's previous values when
  /// `accumulate` is true, with B (k × n) packed beforehand: the same bits as `multiply` given B itself.
  public static func multiply(m: Int, _ a: Operand, _ b: PackedOperand, into c: UnsafeMutablePointer<Float>, ldc: Int,
                              accumulate: Bool, threads: Int = DeterministicParallel.threadCount) {
    let k = b.rows, n = b.columns
    precondition(m >= 0 && ldc >= n, "internal error: GEMM \(m)×\(n)×\(k) into rows of \(ldc)")
    guard m > 0, n > 0 else { return }
    if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
    guard k > 0 else { return }
    let workers = workers(m: m, n: n, k: k, threads: threads)
    RowsOfA.with(m: m, n: n, a, b.layout) { rowsOfA in
      if let rowsOfA { DeterministicParallel.forEach(rowsOfA.taskCount, threads: workers) { rowsOfA.pack($0) } }
      multiplyPacked(m: m, a, rowsOfA, panels: b.panels, b.layout, into: c, ldc: ldc, workers: workers)
    }
  }
}
