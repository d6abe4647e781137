#if SPIKELINE_WIDE_VECTORS
extension GEMM {
  /// The vector type of the micro-kernel: 16 lanes when the build targets 512-bit vectors (opt-in, see README).
  public typealias Lane = SIMD16<Float>
}
#elseif SPIKELINE_FMA
extension GEMM {
  /// The vector type of the micro-kernel: 8 lanes (one AVX register) when the build targets FMA (opt-in).
  public typealias Lane = SIMD8<Float>
}
#else
extension GEMM {
  /// The vector type of the micro-kernel: 4 lanes, one SSE register on baseline x86-64 (and one NEON
  /// register on arm64), so that the twelve accumulators, two B vectors and the broadcast A value fit in
  /// the sixteen vector registers without spilling.
  public typealias Lane = SIMD4<Float>
}
#endif

extension GEMM {
  /// c + a·b, fused into one rounding when the build opts into fused multiply-add (`SPIKELINE_FMA`).
  @inline(__always)
  static func multiplyAdd(_ c: Lane, _ a: Lane, _ b: Lane) -> Lane { VectorKernels.multiplyAdd(c, a, b) }

  /// Which rows of a packed B panel a micro-kernel call visits: all `depth` of them in order, or the
  /// listed ones (the steps k at which a sliver of A is not all zero; skipping a zero term leaves every
  /// sum bit-identical, since c + 0·b = c for finite b).
  protocol Steps {
    /// The row of the B panel for the `q`-th packed step of A.
    func row(_ q: Int) -> Int
  }
  struct EverySteps: Steps {
    @inline(__always) func row(_ q: Int) -> Int { q }
  }
  struct ListedSteps: Steps {
    let list: UnsafePointer<Int32>
    @inline(__always) func row(_ q: Int) -> Int { Int(list[q]) }
  }

  /// C[6 × 2·Lane] += packed A sliver · packed B panel over `count` steps: twelve vector accumulators,
  /// each summed from zero in order of increasing k, then added to C.
  @inline(__always)
  static func microKernel<S: Steps>(count: Int, steps: S, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                    addingTo c: UnsafeMutablePointer<Float>, ldc: Int) {
    let w = Lane.scalarCount, rowBytes = 2 * w * 4
    var c00 = Lane(), c01 = Lane(), c10 = Lane(), c11 = Lane(), c20 = Lane(), c21 = Lane()
    var c30 = Lane(), c31 = Lane(), c40 = Lane(), c41 = Lane(), c50 = Lane(), c51 = Lane()
    var pa = a
    let panel = UnsafeRawPointer(b)
    for q in 0..<count {
      let pb = panel + steps.row(q) * rowBytes
      let b0 = pb.loadUnaligned(as: Lane.self), b1 = pb.loadUnaligned(fromByteOffset: w * 4, as: Lane.self)
      var s = Lane(repeating: pa[0]); c00 = multiplyAdd(c00, s, b0); c01 = multiplyAdd(c01, s, b1)
      s = Lane(repeating: pa[1]); c10 = multiplyAdd(c10, s, b0); c11 = multiplyAdd(c11, s, b1)
      s = Lane(repeating: pa[2]); c20 = multiplyAdd(c20, s, b0); c21 = multiplyAdd(c21, s, b1)
      s = Lane(repeating: pa[3]); c30 = multiplyAdd(c30, s, b0); c31 = multiplyAdd(c31, s, b1)
      s = Lane(repeating: pa[4]); c40 = multiplyAdd(c40, s, b0); c41 = multiplyAdd(c41, s, b1)
      s = Lane(repeating: pa[5]); c50 = multiplyAdd(c50, s, b0); c51 = multiplyAdd(c51, s, b1)
      pa += 6
    }
    @inline(__always) func add(_ row: Int, _ x: Lane, _ y: Lane) {
      let p = UnsafeMutableRawPointer(c + row * ldc)
      p.storeBytes(of: p.loadUnaligned(as: Lane.self) + x, as: Lane.self)
      p.storeBytes(of: p.loadUnaligned(fromByteOffset: w * 4, as: Lane.self) + y, toByteOffset: w * 4, as: Lane.self)
    }
    add(0, c00, c01); add(1, c10, c11); add(2, c20, c21); add(3, c30, c31); add(4, c40, c41); add(5, c50, c51)
  }

  /// The micro-kernel on one packed sliver: over every step, or over the listed non-zero ones.
  @inline(__always)
  static func microKernel(_ sliver: PackedSliver, _ b: UnsafePointer<Float>, addingTo c: UnsafeMutablePointer<Float>, ldc: Int) {
    if let list = sliver.nonZeroSteps {
      microKernel(count: sliver.count, steps: ListedSteps(list: list), sliver.values, b, addingTo: c, ldc: ldc)
    } else {
      microKernel(count: sliver.count, steps: EverySteps(), sliver.values, b, addingTo: c, ldc: ldc)
    }
  }

  /// `kernel` on a partial tile (`rows` ≤ 6, `columns` ≤ its `columnsPerTile`): computed in full on the
  /// zero-padded panels into a local tile, of which the valid part is added to C.
  static func edgeKernel(_ kernel: Kernel, _ sliver: PackedSliver, _ b: UnsafePointer<Float>, addingTo c: UnsafeMutablePointer<Float>,
                         ldc: Int, rows: Int, columns: Int) {
    let nr = kernel.columnsPerTile
    withUnsafeTemporaryAllocation(of: Float.self, capacity: rowsPerTile * Kernel.maximumColumnsPerTile) { tile in
      let t = tile.baseAddress!
      t.initialize(repeating: 0, count: rowsPerTile * nr)
      kernel.tile(sliver, b, addingTo: t, ldc: nr)
      for r in 0..<rows { for j in 0..<columns { c[r * ldc + j] += t[r * nr + j] } }
    }
  }
}
