import CSpikelineKernels

/// The innermost loops of training: eight lanes at a time with SIMD, a scalar tail. Pointers are
/// raw so that no array bounds or reference counts are touched per element.
///
/// The products (`addScaled`, `dot`, `addMatrixVector`) follow the opt-in build settings of the matrix
/// kernels (README, "CPU-specific code generation"): `SPIKELINE_WIDE_VECTORS` sums in 16 lanes and
/// `SPIKELINE_FMA` fuses each multiply-add into one rounding. The default build is unaffected; an
/// opt-in build gives other last bits, the same for any thread count.
enum VectorKernels {
  /// y[0..<n] += x[0..<n]
  @inline(__always)
  static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    while i + 8 <= n {
      let sum = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) + UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n { y[i] += x[i]; i += 1 }
  }

  /// y[0..<n] ← ((a·y + r₀) + r₁) + … for the rows rᵢ = `first` + `firstRows`[i], then the rows
  /// `second` + `secondRows`[i], in that order: the same additions, in the same order, as
  /// `scale(y, by: a)` followed by `add(rᵢ, into: y)` row by row, but y is loaded and stored once per
  /// eight elements instead of once per row. Offsets are in elements.
  /// In the default build on a CPU with AVX2 the same operations run at 8 lanes per instruction
  /// (`spikeline_scale_then_add_avx2`).
  @inline(__always)
  static func scaleThenAdd(_ first: UnsafePointer<Float>?, rows firstRows: UnsafeBufferPointer<Int32>,
                           then second: UnsafePointer<Float>?, rows secondRows: UnsafeBufferPointer<Int32>,
                           into y: UnsafeMutablePointer<Float>, scale a: Float, _ n: Int) {
    #if !SPIKELINE_WIDE_VECTORS && !SPIKELINE_FMA
    if dispatchesAVX2 {
      spikeline_scale_then_add_avx2(first, firstRows.baseAddress, firstRows.count, second, secondRows.baseAddress,
                                    secondRows.count, y, a, n)
      return
    }
    #endif
    scaleThenAddInSwift(first, rows: firstRows, then: second, rows: secondRows, into: y, scale: a, n)
  }

  /// `scaleThenAdd` in Swift, on `ProductLane`.
  @inline(__always)
  static func scaleThenAddInSwift(_ first: UnsafePointer<Float>?, rows firstRows: UnsafeBufferPointer<Int32>,
                                  then second: UnsafePointer<Float>?, rows secondRows: UnsafeBufferPointer<Int32>,
                                  into y: UnsafeMutablePointer<Float>, scale a: Float, _ n: Int) {
    // Element by element the same operations at any vector width: four `ProductLane`s at a time (four
    // independent chains of additions, so that a row's adds overlap instead of each waiting for the
    // previous one's result), then one `ProductLane`, then 8 lanes, then 4, then one (rows of 100 and
    // 20 end in 4 elements, each otherwise a scalar chain over every row).
    @inline(__always) func load<V: SIMD>(_ p: UnsafePointer<Float>, _: V.Type) -> V where V.Scalar == Float {
      UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }
    @inline(__always) func pass<V: SIMD>(_: V.Type, from i: inout Int) where V.Scalar == Float {
      let va = V(repeating: a)
      let w = V.scalarCount
      while i + 4 * w <= n {
        var s0 = va * load(y + i, V.self), s1 = va * load(y + i + w, V.self)
        var s2 = va * load(y + i + 2 * w, V.self), s3 = va * load(y + i + 3 * w, V.self)
        @inline(__always) func add(_ base: UnsafePointer<Float>, _ rows: UnsafeBufferPointer<Int32>) {
          for row in rows {
            let r = base + Int(row) + i
            s0 += load(r, V.self); s1 += load(r + w, V.self); s2 += load(r + 2 * w, V.self); s3 += load(r + 3 * w, V.self)
          }
        }
        if let first { add(first, firstRows) }
        if let second { add(second, secondRows) }
        UnsafeMutableRawPointer(y + i).storeBytes(of: s0, as: V.self)
        UnsafeMutableRawPointer(y + i + w).storeBytes(of: s1, as: V.self)
        UnsafeMutableRawPointer(y + i + 2 * w).storeBytes(of: s2, as: V.self)
        UnsafeMutableRawPointer(y + i + 3 * w).storeBytes(of: s3, as: V.self)
        i += 4 * w
      }
      while i + V.scalarCount <= n {
        var sum = va * UnsafeRawPointer(y + i).loadUnaligned(as: V.self)
        if let first { for row in firstRows { sum += UnsafeRawPointer(first + Int(row) + i).loadUnaligned(as: V.self) } }
        if let second { for row in secondRows { sum += UnsafeRawPointer(second + Int(row) + i).loadUnaligned(as: V.self) } }
        UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: V.self)
        i += V.scalarCount
      }
    }
    var i = 0
    pass(ProductLane.self, from: &i)
    if ProductLane.scalarCount > 8 { pass(SIMD8<Float>.self, from: &i) }
    pass(SIMD4<Float>.self, from: &i)
    while i < n {
      var sum = a * y[i]
      if let first { for row in firstRows { sum += first[Int(row) + i] } }
      if let second { for row in secondRows { sum += second[Int(row) + i] } }
      y[i] = sum
      i += 1
    }
  }

  /// y[0..<n] += a·x[0..<n]
  @inline(__always)
  static func addScaled(_ a: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let va = ProductLane(repeating: a)
    while i + ProductLane.scalarCount <= n {
      let sum = multiplyAdd(UnsafeRawPointer(y + i).loadUnaligned(as: ProductLane.self), va,
                            UnsafeRawPointer(x + i).loadUnaligned(as: ProductLane.self))
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: ProductLane.self)
      i += ProductLane.scalarCount
    }
    while i < n { y[i] = multiplyAdd(y[i], a, x[i]); i += 1 }
  }

  /// y[0..<n] += a_e·(rows + index_e·n)[0..<n] for e in 0..<count, in that order: the same operations
  /// as `addScaled` entry by entry (bit-identical), with y held in registers across all entries, so
  /// it is loaded and stored once instead of once per entry.
  @inline(__always)
  static func addScaledRows(_ rows: UnsafePointer<Float>, indices: UnsafePointer<Int32>, scales: UnsafePointer<Float>,
                            count: Int, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    var part = ScaledRows(rows: rows, indices: indices, scales: scales, count: count)
    withUnsafePointer(to: &part) { addScaledRows(UnsafeBufferPointer(start: $0, count: 1), into: y, n) }
  }

  /// One sample's part of `addScaledRows(_:into:_:)`: `count` entries, entry e adding
  /// scales[e]·(rows + indices[e]·n). A C struct (`rows`, `indices`, `scales`, `count`), so that the
  /// AVX2 form reads the same array.
  typealias ScaledRows = spikeline_scaled_rows

  /// `addScaledRows` for several parts in turn (several samples' entries for one gradient row): the
  /// same operations in the same order as one call per part (bit-identical), with y loaded and stored
  /// once for all of them.
  /// In the default build on a CPU with AVX2 the same operations run at 8 lanes per instruction
  /// (`spikeline_add_scaled_rows_avx2`).
  @inline(__always)
  static func addScaledRows(_ parts: UnsafeBufferPointer<ScaledRows>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    #if !SPIKELINE_WIDE_VECTORS && !SPIKELINE_FMA
    if dispatchesAVX2, let base = parts.baseAddress {
      spikeline_add_scaled_rows_avx2(base, parts.count, y, n)
      return
    }
    #endif
    addScaledRowsInSwift(parts, into: y, n)
  }

  /// `addScaledRows(_:into:_:)` in Swift, on `ProductLane`.
  @inline(__always)
  static func addScaledRowsInSwift(_ parts: UnsafeBufferPointer<ScaledRows>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> ProductLane { UnsafeRawPointer(p).loadUnaligned(as: ProductLane.self) }
    @inline(__always) func store(_ v: ProductLane, _ p: UnsafeMutablePointer<Float>) {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: ProductLane.self)
    }
    let width = ProductLane.scalarCount
    var i = 0
    while i &+ 4 &* width <= n {
      var y0 = load(y + i), y1 = load(y + i + width), y2 = load(y + i + 2 * width), y3 = load(y + i + 3 * width)
      for part in parts {
        for e in 0..<part.count {
          let x = part.rows + (Int(part.indices[e]) &* n &+ i)
          let a = ProductLane(repeating: part.scales[e])
          y0 = multiplyAdd(y0, a, load(x)); y1 = multiplyAdd(y1, a, load(x + width))
          y2 = multiplyAdd(y2, a, load(x + 2 * width)); y3 = multiplyAdd(y3, a, load(x + 3 * width))
        }
      }
      store(y0, y + i); store(y1, y + i + width); store(y2, y + i + 2 * width); store(y3, y + i + 3 * width)
      i &+= 4 &* width
    }
    // The rest a vector at a time at every narrower width, so that a row of 200 (16 lanes: 192 + 8) or
    // 100 (96 + 4) does not end in a scalar chain of multiply-adds per element and entry. Element by
    // element these are the same operations at any width.
    @inline(__always) func pass<V: SIMD>(_: V.Type) where V.Scalar == Float {
      while i &+ V.scalarCount <= n {
        var y0 = UnsafeRawPointer(y + i).loadUnaligned(as: V.self)
        for part in parts {
          for e in 0..<part.count {
            let x = UnsafeRawPointer(part.rows + (Int(part.indices[e]) &* n &+ i)).loadUnaligned(as: V.self)
            y0 = multiplyAdd(y0, V(repeating: part.scales[e]), x)
          }
        }
        UnsafeMutableRawPointer(y + i).storeBytes(of: y0, as: V.self)
        i &+= V.scalarCount
      }
    }
    pass(ProductLane.self)
    if width > 8 { pass(SIMD8<Float>.self) }
    pass(SIMD4<Float>.self)
    while i < n {
      var sum = y[i]
      for part in parts {
        for e in 0..<part.count { sum = multiplyAdd(sum, part.scales[e], part.rows[Int(part.indices[e]) &* n &+ i]) }
      }
      y[i] = sum
      i &+= 1
    }
  }

  /// y[0..<n] *= a
  @inline(__always)
  static func scale(_ y: UnsafeMutablePointer<Float>, by a: Float, _ n: Int) {
    var i = 0
    let va = SIMD8<Float>(repeating: a)
    while i + 8 <= n {
      UnsafeMutableRawPointer(y + i).storeBytes(of: va * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
      i += 8
    }
    while i < n { y[i] = a * y[i]; i += 1 }
  }

  /// y[i] += dot(rows + i·n, b, n) for i in 0..<count: a matrix (row-major, `count` × n) times a
  /// vector, added into y. Each row is summed exactly as `dot` sums it (bit-identical); four rows at
  /// a time share the loads of b. In the default build on a CPU with AVX2 the same operations run as one
  /// AVX2 instruction per 8 lanes instead of two SSE ones (`spikeline_add_matrix_vector_avx2`).
  @inline(__always)
  static func addMatrixVector(_ rows: UnsafePointer<Float>, count: Int, _ b: UnsafePointer<Float>, _ n: Int,
                              into y: UnsafeMutablePointer<Float>) {
    #if !SPIKELINE_WIDE_VECTORS && !SPIKELINE_FMA
    if dispatchesAVX2 {
      spikeline_add_matrix_vector_avx2(rows, count, b, n, y)
      return
    }
    #endif
    addMatrixVectorInSwift(rows, count: count, b, n, into: y)
  }

  /// Whether `addMatrixVector`, `scaleThenAdd` and `addScaledRows` run their AVX2 forms (default build):
  /// the CPU has AVX2 and `SPIKELINE_KERNELS` does not say `portable` (`spikeline_selected_level`).
  static let dispatchesAVX2 = spikeline_selected_level() >= 1

  /// `addMatrixVector` in Swift, on `ProductLane`.
  @inline(__always)
  static func addMatrixVectorInSwift(_ rows: UnsafePointer<Float>, count: Int, _ b: UnsafePointer<Float>, _ n: Int,
                                     into y: UnsafeMutablePointer<Float>) {
    var r = 0
    while r &+ 4 <= count {
      let a0 = rows + r &* n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n
      var s0 = ProductLane(repeating: 0), s1 = s0, s2 = s0, s3 = s0
      var i = 0
      while i &+ ProductLane.scalarCount <= n {
        let x = UnsafeRawPointer(b + i).loadUnaligned(as: ProductLane.self)
        s0 = multiplyAdd(s0, UnsafeRawPointer(a0 + i).loadUnaligned(as: ProductLane.self), x)
        s1 = multiplyAdd(s1, UnsafeRawPointer(a1 + i).loadUnaligned(as: ProductLane.self), x)
        s2 = multiplyAdd(s2, UnsafeRawPointer(a2 + i).loadUnaligned(as: ProductLane.self), x)
        s3 = multiplyAdd(s3, UnsafeRawPointer(a3 + i).loadUnaligned(as: ProductLane.self), x)
        i &+= ProductLane.scalarCount
      }
      var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
      if ProductLane.scalarCount > 8 && i &+ 8 <= n {
        // 16 lanes: a half vector before the scalar tail, as `dot` does (widths such as 200 = 12·16 + 8).
        let x = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        t0 += halfProducts(a0 + i, x); t1 += halfProducts(a1 + i, x)
        t2 += halfProducts(a2 + i, x); t3 += halfProducts(a3 + i, x)
        i &+= 8
      }
      while i < n {
        t0 = multiplyAdd(t0, a0[i], b[i]); t1 = multiplyAdd(t1, a1[i], b[i])
        t2 = multiplyAdd(t2, a2[i], b[i]); t3 = multiplyAdd(t3, a3[i], b[i])
        i &+= 1
      }
      y[r] += t0; y[r &+ 1] += t1; y[r &+ 2] += t2; y[r &+ 3] += t3
      r &+= 4
    }
    while r < count {
      y[r] += dot(rows + r &* n, b, n)
      r &+= 1
    }
  }

  /// y_v[i] += dot(rows + i·n, b_v, n) for every row i in 0..<count and vector v in 0..<vectors, with
  /// b_v = b + v·`strideB` and y_v = y + v·`strideY`: `addMatrixVector` once per vector, each element
  /// summed exactly as there (bit-identical), but in blocks of rows small enough to stay in the L1
  /// cache while every vector passes, so the matrix is read from memory once instead of once per vector.
  @inline(__always)
  static func addMatrixVectors(_ rows: UnsafePointer<Float>, count: Int, _ b: UnsafePointer<Float>, stride strideB: Int, _ n: Int,
                               vectors: Int, into y: UnsafeMutablePointer<Float>, stride strideY: Int) {
    let blockRows = max(4, (4096 / max(n, 1)) & ~3)   // ≤ 16 KB of rows, a multiple of four
    var first = 0
    while first < count {
      let rowsHere = min(blockRows, count - first)
      for v in 0..<vectors {
        addMatrixVector(rows + first * n, count: rowsHere, b + v * strideB, n, into: y + v * strideY + first)
      }
      first += rowsHere
    }
  }

  /// Σ a[i]·b[i] with `ProductLane.scalarCount` partial sums combined in a fixed order (deterministic);
  /// with 16 lanes, eight more elements as a half vector before the scalar tail.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var i = 0
    var accumulator = ProductLane(repeating: 0)
    while i + ProductLane.scalarCount <= n {
      accumulator = multiplyAdd(accumulator, UnsafeRawPointer(a + i).loadUnaligned(as: ProductLane.self),
                                UnsafeRawPointer(b + i).loadUnaligned(as: ProductLane.self))
      i += ProductLane.scalarCount
    }
    var sum = accumulator.sum()
    if ProductLane.scalarCount > 8 && i + 8 <= n {
      sum += halfProducts(a + i, UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self))
      i += 8
    }
    while i < n { sum = multiplyAdd(sum, a[i], b[i]); i += 1 }
    return sum
  }

  /// Σ a[k]·x[k] over eight elements (each product rounded as `multiplyAdd` rounds it): the half
  /// vector that 16-lane products take before their scalar tail.
  @inline(__always)
  static func halfProducts(_ a: UnsafePointer<Float>, _ x: SIMD8<Float>) -> Float {
    multiplyAdd(SIMD8<Float>(), UnsafeRawPointer(a).loadUnaligned(as: SIMD8<Float>.self), x).sum()
  }

  /// y[0..<n] = 0
  @inline(__always)
  static func zero(_ y: UnsafeMutablePointer<Float>, _ n: Int) {
    y.update(repeating: 0, count: n)
  }

  /// c + a·b, fused into one rounding when the build opts into fused multiply-add (`SPIKELINE_FMA`).
  @inline(__always)
  static func multiplyAdd<V: SIMD>(_ c: V, _ a: V, _ b: V) -> V where V.Scalar == Float {
    #if SPIKELINE_FMA
    return c.addingProduct(a, b)
    #else
    return c + a * b
    #endif
  }

  /// c + a·b for one element, fused as `multiplyAdd` on vectors is.
  @inline(__always)
  static func multiplyAdd(_ c: Float, _ a: Float, _ b: Float) -> Float {
    #if SPIKELINE_FMA
    return c.addingProduct(a, b)
    #else
    return c + a * b
    #endif
  }
}

#if SPIKELINE_WIDE_VECTORS
extension VectorKernels {
  /// The vector of the products: 16 lanes when the build targets 512-bit vectors (opt-in).
  typealias ProductLane = SIMD16<Float>
}
#else
extension VectorKernels {
  /// The vector of the products: 8 lanes (two SSE registers on baseline x86-64, one AVX register).
  typealias ProductLane = SIMD8<Float>
}
#endif
