import Foundation
import Testing
import SpikelineSupport
@testable import SpikeTraining

/// The product kernel against references: exact against a loop that sums in GEMM's documented order
/// (blocks of `GEMM.depthPerBlock`, each from zero, then added to C), within the classical bound
/// (k + 2)·u·Σ|a||b| against a double-precision product, and bit-identical for 1, 2 and 3 threads.
@Suite struct GEMMTests {
  /// A stored m×k (or k×m when `transposeA`), B stored k×n (or n×k when `transposeB`).
  struct Case {
    var m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
    var a: [Float], b: [Float]

    /// A third of A's values zero by default, as after a ReLU; at 0.9 about half of the steps of a
    /// 6-row sliver are all zero, so the packing lists the others.
    init(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, seed: UInt64, zeroFraction: Double = 1.0 / 3) {
      self.m = m; self.n = n; self.k = k; self.transposeA = transposeA; self.transposeB = transposeB
      var generator = SeededGenerator(seed: seed, stream: "gemm test")
      a = (0..<(m * k)).map { _ in generator.nextUnitDouble() < zeroFraction ? 0 : Float(generator.uniform(-1, 1)) }
      b = (0..<(k * n)).map { _ in Float(generator.uniform(-1, 1)) }
    }
    func elementA(_ i: Int, _ p: Int) -> Float { transposeA ? a[p * m + i] : a[i * k + p] }
    func elementB(_ p: Int, _ j: Int) -> Float { transposeB ? b[j * k + p] : b[p * n + j] }

    func product(initial: [Float]? = nil, threads: Int, kernel: GEMM.Kernel = .active) -> [Float] {
      var c = initial ?? [Float](repeating: .nan, count: m * n)
      a.withUnsafeBufferPointer { aBuffer in
        b.withUnsafeBufferPointer { bBuffer in
          c.withUnsafeMutableBufferPointer { cBuffer in
            let opA: GEMM.Operand = transposeA ? .transposed(aBuffer.baseAddress!, columns: m) : .rowMajor(aBuffer.baseAddress!, columns: k)
            let opB: GEMM.Operand = transposeB ? .transposed(bBuffer.baseAddress!, columns: k) : .rowMajor(bBuffer.baseAddress!, columns: n)
            GEMM.multiply(m: m, n: n, k: k, opA, opB, into: cBuffer.baseAddress!, ldc: n, accumulate: initial != nil, threads: threads,
                          kernel: kernel)
          }
        }
      }
      return c
    }

    /// GEMM's summation order, in scalar code.
    func orderedReference(initial: [Float]?) -> [Float] {
      var c = initial ?? [Float](repeating: 0, count: m * n)
      for i in 0..<m {
        for j in 0..<n {
          var p0 = 0
          while p0 < k {
            var sum: Float = 0
            for p in p0..<min(k, p0 + GEMM.depthPerBlock) { sum += elementA(i, p) * elementB(p, j) }
            c[i * n + j] += sum
            p0 += GEMM.depthPerBlock
          }
        }
      }
      return c
    }
  }

  static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (6, 16, 1), (7, 17, 3), (13, 33, 255), (50, 40, 257), (12, 70, 600), (130, 300, 200), (50, 290, 300)]

  @Test("A·B, Aᵀ·B, A·Bᵀ and Aᵀ·Bᵀ against the ordered reference and the error bound", arguments: [false, true], [false, true])
  func againstReferences(transposeA: Bool, transposeB: Bool) {
    for (index, (m, n, k)) in Self.shapes.enumerated() {
      let test = Case(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, seed: UInt64(index))
      for accumulate in [false, true] {
        let initial: [Float]? = accumulate ? (0..<(m * n)).map { Float($0 % 11) - 5 } : nil
        let c = test.product(initial: initial, threads: 2)
        let ordered = test.orderedReference(initial: initial)
        var worst: Double = 0
        for i in 0..<m {
          for j in 0..<n {
            var exact = Double(initial?[i * n + j] ?? 0), magnitude = abs(exact)
            for p in 0..<k {
              let term = Double(test.elementA(i, p)) * Double(test.elementB(p, j))
              exact += term; magnitude += abs(term)
            }
            let bound = Double(k + 2) * 0x1p-24 * magnitude
            worst = max(worst, abs(Double(c[i * n + j]) - exact) / max(bound, .leastNormalMagnitude))
          }
        }
        #expect(worst <= 1, "\(m)×\(n)×\(k) ᵀA \(transposeA) ᵀB \(transposeB): error \(worst) × the bound")
        #if !SPIKELINE_FMA
        #expect(c == ordered, "\(m)×\(n)×\(k) ᵀA \(transposeA) ᵀB \(transposeB) accumulate \(accumulate): differs from the ordered sum")
        #endif
      }
    }
  }

  /// The kernels chosen at run time (AVX2, AVX-512F) perform the portable kernel's operations in its
  /// order, so each gives the bits of the ordered scalar sum: on every shape, both transposes, dense
  /// and mostly-zero A (listed steps), with and without C's previous values.
  @Test("Every micro-kernel this CPU runs gives the ordered sum's bits", arguments: GEMM.Kernel.allCases)
  func dispatchedKernels(kernel: GEMM.Kernel) {
    #if SPIKELINE_FMA
    // This build's portable kernel fuses its multiply-adds (the error-bound test covers it); the
    // dispatched ones never do.
    if kernel == .portable { return }
    #endif
    guard kernel.isSupported else {
      withKnownIssue("this CPU has no \(kernel.rawValue): kernel not tested here") { Issue.record("skipped") }
      return
    }
    for (index, (m, n, k)) in (Self.shapes + [(37, 65, 300)]).enumerated() {
      for (transposeA, transposeB) in [(false, false), (true, false), (false, true)] {
        for zeroFraction in [1.0 / 3, 0.9] {
          let test = Case(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, seed: UInt64(70 + index),
                          zeroFraction: zeroFraction)
          let initial = (0..<(m * n)).map { Float($0 % 13) - 6 }
          let ordered = test.orderedReference(initial: initial).map(\.bitPattern)
          for threads in [1, 2] {
            let c = test.product(initial: initial, threads: threads, kernel: kernel).map(\.bitPattern)
            #expect(c == ordered, "\(kernel) \(m)×\(n)×\(k) ᵀA \(transposeA) ᵀB \(transposeB) zeros \(zeroFraction) on \(threads) threads")
          }
        }
      }
    }
  }

  @Test("B packed once and re-used gives the bits of B packed per product", arguments: [false, true])
  func packedOperand(transposeB: Bool) {
    let packed = GEMM.PackedOperand()
    // Re-packed for each shape, larger and smaller, into the same storage.
    for (index, (m, n, k)) in (Self.shapes + [(99, 200, 100), (5, 3, 2)]).enumerated() {
      let test = Case(m: m, n: n, k: k, transposeA: false, transposeB: transposeB, seed: UInt64(40 + index))
      let initial = (0..<(m * n)).map { Float($0 % 7) - 3 }
      let expected = test.product(initial: initial, threads: 1)
      test.b.withUnsafeBufferPointer { b in
        packed.pack(transposeB ? .transposed(b.baseAddress!, columns: k) : .rowMajor(b.baseAddress!, columns: n), k: k, n: n)
      }
      #expect(packed.rows == k && packed.columns == n)
      for threads in [1, 2] {
        var c = initial
        test.a.withUnsafeBufferPointer { a in
          c.withUnsafeMutableBufferPointer { c in
            GEMM.multiply(m: m, .rowMajor(a.baseAddress!, columns: k), packed, into: c.baseAddress!, ldc: n, accumulate: true, threads: threads)
          }
        }
        #expect(c.map(\.bitPattern) == expected.map(\.bitPattern), "\(m)×\(n)×\(k) ᵀB \(transposeB) on \(threads) threads")
      }
    }
  }

  @Test("Same bits for 1, 2 and 3 threads")
  func threadIndependence() {
    for (m, n, k) in [(130, 300, 200), (784, 400, 128), (128, 784, 400)] {
      let test = Case(m: m, n: n, k: k, transposeA: m == 784, transposeB: n == 784, seed: 9)
      let one = test.product(threads: 1)
      #expect(test.product(threads: 2) == one)
      #expect(test.product(threads: 3) == one)
    }
  }

  @Test("MatrixKernels' three shapes agree with element-wise definitions")
  func matrixShapes() {
    var generator = SeededGenerator(seed: 4)
    let x = randomMatrix(9, 13, &generator), w = randomMatrix(13, 5, &generator), dy = randomMatrix(9, 5, &generator)
    let y = MatrixKernels.multiply(x, w, bias: [1, 2, 3, 4, 5])
    let dW = MatrixKernels.transposedMultiply(x, dy)
    let dX = MatrixKernels.multiplyTransposed(dy, w)
    for i in 0..<9 { for j in 0..<5 {
      let expected = (0..<13).reduce(Float(j + 1)) { $0 + x[i, $1] * w[$1, j] }
      #expect(abs(y[i, j] - expected) <= 1e-5 * 13)
    } }
    for p in 0..<13 { for j in 0..<5 {
      let expected = (0..<9).reduce(Float(0)) { $0 + x[$1, p] * dy[$1, j] }
      #expect(abs(dW[p, j] - expected) <= 1e-5 * 9)
    } }
    for i in 0..<9 { for p in 0..<13 {
      let expected = (0..<5).reduce(Float(0)) { $0 + dy[i, $1] * w[p, $1] }
      #expect(abs(dX[i, p] - expected) <= 1e-5 * 5)
    } }
  }
}
