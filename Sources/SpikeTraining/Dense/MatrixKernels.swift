import SpikelineSupport

/// Matrix products for batches, SIMD in the innermost loop, rows in parallel (each output row is
/// computed by one task in a fixed order, so results do not depend on the thread count).
public enum MatrixKernels {
  /// Rows of work per parallel task.
  static let rowsPerTask = 16

  /// C = A·B (+ bias added to every row).
  public static func multiply(_ a: Matrix, _ b: Matrix, bias: [Float]? = nil) -> Matrix {
    precondition(a.columns == b.rows, "internal error: \(a.rows)×\(a.columns) · \(b.rows)×\(b.columns)")
    let m = a.rows, k = a.columns, n = b.columns
    var c = Matrix(rows: m, columns: n)
    if let bias { for i in 0..<m { for j in 0..<n { c.values[i * n + j] = bias[j] } } }
    c.values.withUnsafeMutableBufferPointer { cBuffer in
      let out = DisjointWrites(base: cBuffer.baseAddress!)
      a.values.withUnsafeBufferPointer { aBuffer in
        b.values.withUnsafeBufferPointer { bBuffer in
          let aBase = aBuffer.baseAddress!, bBase = bBuffer.baseAddress!
          let aPointer = UnsafeSendable(aBase), bPointer = UnsafeSendable(bBase)
          DeterministicParallel.forEach((m + rowsPerTask - 1) / rowsPerTask) { task in
            let end = min((task + 1) * rowsPerTask, m)
            var i = task * rowsPerTask
            // Four rows of A share each row of B (a quarter of the memory traffic), zeros skipped.
            while i + 4 <= end {
              let a = aPointer.value
              let r0 = out.base + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
              for p in 0..<k {
                let scales = SIMD4<Float>(a[i * k + p], a[(i + 1) * k + p], a[(i + 2) * k + p], a[(i + 3) * k + p])
                if scales != .zero { VectorKernels.addScaled4(scales, bPointer.value + p * n, into: r0, r1, r2, r3, n) }
              }
              i += 4
            }
            while i < end {
              let row = out.base + i * n
              for p in 0..<k {
                let scale = aPointer.value[i * k + p]
                if scale != 0 { VectorKernels.addScaled(scale, bPointer.value + p * n, into: row, n) }
              }
              i += 1
            }
          }
        }
      }
    }
    return c
  }

  /// C = Aᵀ·B (A is m×k, B is m×n, C is k×n): the weight gradient Xᵀ·dY.
  public static func transposedMultiply(_ a: Matrix, _ b: Matrix) -> Matrix {
    precondition(a.rows == b.rows)
    let m = a.rows, k = a.columns, n = b.columns
    var c = Matrix(rows: k, columns: n)
    c.values.withUnsafeMutableBufferPointer { cBuffer in
      let out = DisjointWrites(base: cBuffer.baseAddress!)
      a.values.withUnsafeBufferPointer { aBuffer in
        b.values.withUnsafeBufferPointer { bBuffer in
          let aPointer = UnsafeSendable(aBuffer.baseAddress!), bPointer = UnsafeSendable(bBuffer.baseAddress!)
          DeterministicParallel.forEach((k + rowsPerTask - 1) / rowsPerTask) { task in
            let end = min((task + 1) * rowsPerTask, k)
            var p = task * rowsPerTask
            while p + 4 <= end {
              let r0 = out.base + p * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
              for i in 0..<m {
                let a = aPointer.value + i * k + p
                let scales = SIMD4<Float>(a[0], a[1], a[2], a[3])
                if scales != .zero { VectorKernels.addScaled4(scales, bPointer.value + i * n, into: r0, r1, r2, r3, n) }
              }
              p += 4
            }
            while p < end {
              let row = out.base + p * n
              for i in 0..<m {
                let scale = aPointer.value[i * k + p]
                if scale != 0 { VectorKernels.addScaled(scale, bPointer.value + i * n, into: row, n) }
              }
              p += 1
            }
          }
        }
      }
    }
    return c
  }

  /// C = A·Bᵀ (A is m×n, B is k×n, C is m×k): the input gradient dY·Wᵀ.
  public static func multiplyTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
    precondition(a.columns == b.columns)
    let m = a.rows, n = a.columns, k = b.rows
    var c = Matrix(rows: m, columns: k)
    c.values.withUnsafeMutableBufferPointer { cBuffer in
      let out = DisjointWrites(base: cBuffer.baseAddress!)
      a.values.withUnsafeBufferPointer { aBuffer in
        b.values.withUnsafeBufferPointer { bBuffer in
          let aPointer = UnsafeSendable(aBuffer.baseAddress!), bPointer = UnsafeSendable(bBuffer.baseAddress!)
          DeterministicParallel.forEach((m + rowsPerTask - 1) / rowsPerTask) { task in
            let end = min((task + 1) * rowsPerTask, m)
            var i = task * rowsPerTask
            while i + 4 <= end {
              let a0 = aPointer.value + i * n
              for j in 0..<k {
                let d = VectorKernels.dot4(a0, a0 + n, a0 + 2 * n, a0 + 3 * n, bPointer.value + j * n, n)
                out.base[i * k + j] = d[0]; out.base[(i + 1) * k + j] = d[1]; out.base[(i + 2) * k + j] = d[2]; out.base[(i + 3) * k + j] = d[3]
              }
              i += 4
            }
            while i < end {
              for j in 0..<k { out.base[i * k + j] = VectorKernels.dot(aPointer.value + i * n, bPointer.value + j * n, n) }
              i += 1
            }
          }
        }
      }
    }
    return c
  }
}
