import SpikelineSupport

/// The three matrix products of training on `Matrix` values, computed by `GEMM` (deterministic for any
/// thread count), in new matrices or into existing storage.
public enum MatrixKernels {
  /// C = A·B (+ bias added to every row).
  public static func multiply(_ a: Matrix, _ b: Matrix, bias: [Float]? = nil) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    multiply(a, b, bias: bias, into: &c)
    return c
  }

  /// C = A·B (+ bias added to every row), into `c` (resized if needed, its storage reused).
  public static func multiply(_ a: Matrix, _ b: Matrix, bias: [Float]? = nil, into c: inout Matrix) {
    precondition(a.columns == b.rows, "internal error: \(a.rows)×\(a.columns) · \(b.rows)×\(b.columns)")
    c.reshape(rows: a.rows, columns: b.columns)
    let m = a.rows, k = a.columns, n = b.columns
    if let bias { c.values.withUnsafeMutableBufferPointer { out in for i in 0..<m { for j in 0..<n { out[i * n + j] = bias[j] } } } }
    run(a, b, &c, accumulate: bias != nil) { a, b in
      (m, n, k, .rowMajor(a, columns: k), .rowMajor(b, columns: n))
    }
  }

  /// C = Aᵀ·B (A is m×k, B is m×n, C is k×n): the weight gradient Xᵀ·dY.
  public static func transposedMultiply(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.columns, columns: b.columns)
    transposedMultiply(a, b, into: &c, accumulate: false)
    return c
  }

  /// C (+)= Aᵀ·B into `c` (k×n), adding to its values when `accumulate` is true.
  public static func transposedMultiply(_ a: Matrix, _ b: Matrix, into c: inout Matrix, accumulate: Bool) {
    precondition(a.rows == b.rows, "internal error: \(a.rows)×\(a.columns)ᵀ · \(b.rows)×\(b.columns)")
    if !accumulate { c.reshape(rows: a.columns, columns: b.columns) }
    precondition(c.rows == a.columns && c.columns == b.columns, "internal error: accumulating into \(c.rows)×\(c.columns)")
    let m = a.rows, k = a.columns, n = b.columns
    run(a, b, &c, accumulate: accumulate) { a, b in
      (k, n, m, .transposed(a, columns: k), .rowMajor(b, columns: n))
    }
  }

  /// C = A·Bᵀ (A is m×n, B is k×n, C is m×k): the input gradient dY·Wᵀ.
  public static func multiplyTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.rows)
    multiplyTransposed(a, b, into: &c)
    return c
  }

  /// C = A·Bᵀ into `c` (resized if needed, its storage reused).
  public static func multiplyTransposed(_ a: Matrix, _ b: Matrix, into c: inout Matrix) {
    precondition(a.columns == b.columns, "internal error: \(a.rows)×\(a.columns) · (\(b.rows)×\(b.columns))ᵀ")
    c.reshape(rows: a.rows, columns: b.rows)
    let m = a.rows, n = a.columns, k = b.rows
    run(a, b, &c, accumulate: false) { a, b in
      (m, k, n, .rowMajor(a, columns: n), .transposed(b, columns: n))
    }
  }

  /// Calls `GEMM.multiply` with the shape `describe` gives for the operands' base addresses.
  @inline(__always)
  private static func run(_ a: Matrix, _ b: Matrix, _ c: inout Matrix, accumulate: Bool,
                          _ describe: (UnsafePointer<Float>, UnsafePointer<Float>) -> (Int, Int, Int, GEMM.Operand, GEMM.Operand)) {
    let ldc = c.columns
    c.values.withUnsafeMutableBufferPointer { out in
      a.values.withUnsafeBufferPointer { aBuffer in
        b.values.withUnsafeBufferPointer { bBuffer in
          guard let aBase = aBuffer.baseAddress, let bBase = bBuffer.baseAddress, let cBase = out.baseAddress else { return }
          let (m, n, k, opA, opB) = describe(aBase, bBase)
          GEMM.multiply(m: m, n: n, k: k, opA, opB, into: cBase, ldc: ldc, accumulate: accumulate)
        }
      }
    }
  }
}
