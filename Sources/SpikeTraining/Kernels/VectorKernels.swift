/// The innermost loops of training: eight lanes at a time with SIMD, a scalar tail. Pointers are
/// raw so that no array bounds or reference counts are touched per element.
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
  @inline(__always)
  static func scaleThenAdd(_ first: UnsafePointer<Float>?, rows firstRows: UnsafeBufferPointer<Int32>,
                           then second: UnsafePointer<Float>?, rows secondRows: UnsafeBufferPointer<Int32>,
                           into y: UnsafeMutablePointer<Float>, scale a: Float, _ n: Int) {
    let va = SIMD8<Float>(repeating: a)
    var i = 0
    while i + 8 <= n {
      var sum = va * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
      if let first { for row in firstRows { sum += UnsafeRawPointer(first + Int(row) + i).loadUnaligned(as: SIMD8<Float>.self) } }
      if let second { for row in secondRows { sum += UnsafeRawPointer(second + Int(row) + i).loadUnaligned(as: SIMD8<Float>.self) } }
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
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
    let va = SIMD8<Float>(repeating: a)
    while i + 8 <= n {
      let sum = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) + va * UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n { y[i] += a * x[i]; i += 1 }
  }

  /// y_r[0..<n] += a_r * x[0..<n] for four rows r at once (x is loaded once for all four).
  @inline(__always)
  static func addScaled4(_ a: SIMD4<Float>, _ x: UnsafePointer<Float>, into y0: UnsafeMutablePointer<Float>, _ y1: UnsafeMutablePointer<Float>,
                         _ y2: UnsafeMutablePointer<Float>, _ y3: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let a0 = SIMD8<Float>(repeating: a[0]), a1 = SIMD8<Float>(repeating: a[1]), a2 = SIMD8<Float>(repeating: a[2]), a3 = SIMD8<Float>(repeating: a[3])
    while i + 8 <= n {
      let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y0 + i).storeBytes(of: UnsafeRawPointer(y0 + i).loadUnaligned(as: SIMD8<Float>.self) + a0 * v, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y1 + i).storeBytes(of: UnsafeRawPointer(y1 + i).loadUnaligned(as: SIMD8<Float>.self) + a1 * v, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y2 + i).storeBytes(of: UnsafeRawPointer(y2 + i).loadUnaligned(as: SIMD8<Float>.self) + a2 * v, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y3 + i).storeBytes(of: UnsafeRawPointer(y3 + i).loadUnaligned(as: SIMD8<Float>.self) + a3 * v, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n {
      y0[i] += a[0] * x[i]; y1[i] += a[1] * x[i]; y2[i] += a[2] * x[i]; y3[i] += a[3] * x[i]
      i += 1
    }
  }

  /// The four dot products of rows a0…a3 with b (b loaded once).
  @inline(__always)
  static func dot4(_ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>, _ a3: UnsafePointer<Float>,
                   _ b: UnsafePointer<Float>, _ n: Int) -> SIMD4<Float> {
    var i = 0
    var s0 = SIMD8<Float>(repeating: 0), s1 = s0, s2 = s0, s3 = s0
    while i + 8 <= n {
      let v = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
      s0 += UnsafeRawPointer(a0 + i).loadUnaligned(as: SIMD8<Float>.self) * v
      s1 += UnsafeRawPointer(a1 + i).loadUnaligned(as: SIMD8<Float>.self) * v
      s2 += UnsafeRawPointer(a2 + i).loadUnaligned(as: SIMD8<Float>.self) * v
      s3 += UnsafeRawPointer(a3 + i).loadUnaligned(as: SIMD8<Float>.self) * v
      i += 8
    }
    var result = SIMD4<Float>(s0.sum(), s1.sum(), s2.sum(), s3.sum())
    while i < n {
      result += SIMD4<Float>(a0[i], a1[i], a2[i], a3[i]) * b[i]
      i += 1
    }
    return result
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
  /// a time share the loads of b.
  @inline(__always)
  static func addMatrixVector(_ rows: UnsafePointer<Float>, count: Int, _ b: UnsafePointer<Float>, _ n: Int,
                              into y: UnsafeMutablePointer<Float>) {
    var r = 0
    while r &+ 4 <= count {
      let a0 = rows + r &* n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n
      var s0 = SIMD8<Float>(repeating: 0), s1 = s0, s2 = s0, s3 = s0
      var i = 0
      while i &+ 8 <= n {
        let x = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        s0 += UnsafeRawPointer(a0 + i).loadUnaligned(as: SIMD8<Float>.self) * x
        s1 += UnsafeRawPointer(a1 + i).loadUnaligned(as: SIMD8<Float>.self) * x
        s2 += UnsafeRawPointer(a2 + i).loadUnaligned(as: SIMD8<Float>.self) * x
        s3 += UnsafeRawPointer(a3 + i).loadUnaligned(as: SIMD8<Float>.self) * x
        i &+= 8
      }
      var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
      while i < n {
        t0 += a0[i] * b[i]; t1 += a1[i] * b[i]; t2 += a2[i] * b[i]; t3 += a3[i] * b[i]
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

  /// Σ a[i]·b[i] with eight partial sums combined in a fixed order (deterministic).
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var i = 0
    var accumulator = SIMD8<Float>(repeating: 0)
    while i + 8 <= n {
      accumulator += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
      i += 8
    }
    var sum = accumulator.sum()
    while i < n { sum += a[i] * b[i]; i += 1 }
    return sum
  }

  /// y[0..<n] = 0
  @inline(__always)
  static func zero(_ y: UnsafeMutablePointer<Float>, _ n: Int) {
    y.update(repeating: 0, count: n)
  }
}
