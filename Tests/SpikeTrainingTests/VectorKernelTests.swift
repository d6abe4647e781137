import Testing
import SpikelineSupport
@testable import SpikeTraining

/// The spiking backward's matrix–vector kernels: the row-blocked product over many vectors gives
/// the same bits as one `addMatrixVector` per vector, and every element is `dot` of its row (the
/// order the training's results depend on).
@Suite struct VectorKernelTests {
  /// Rows × width shapes: widths below, at and above one SIMD vector with tails, and row counts
  /// that leave partial blocks of four and partial L1 blocks.
  static let shapes: [(rows: Int, width: Int)] = [(1, 3), (7, 8), (50, 20), (203, 100), (130, 200), (9, 700)]

  @Test("Blocked products over many vectors equal per-vector products and per-row dot products, bit for bit",
        arguments: shapes.indices)
  func blockedEqualsPerVector(_ index: Int) {
    let (rows, width) = Self.shapes[index]
    let vectors = 5, strideB = width + 3, strideY = rows + 2
    var generator = SeededGenerator(seed: UInt64(index + 1), stream: "vector kernel test")
    let matrix = (0..<(rows * width)).map { _ in Float(generator.uniform(-1, 1)) }
    let b = (0..<(vectors * strideB)).map { _ in Float(generator.uniform(-1, 1)) }
    let initial = (0..<(vectors * strideY)).map { _ in Float(generator.uniform(-1, 1)) }
    var blocked = initial, perVector = initial, perRow = initial
    matrix.withUnsafeBufferPointer { m in
      b.withUnsafeBufferPointer { b in
        guard let m = m.baseAddress, let b = b.baseAddress else { return }
        blocked.withUnsafeMutableBufferPointer { y in
          VectorKernels.addMatrixVectors(m, count: rows, b, stride: strideB, width, vectors: vectors, into: y.baseAddress!, stride: strideY)
        }
        perVector.withUnsafeMutableBufferPointer { y in
          for v in 0..<vectors {
            VectorKernels.addMatrixVector(m, count: rows, b + v * strideB, width, into: y.baseAddress! + v * strideY)
          }
        }
        for v in 0..<vectors {
          for r in 0..<rows { perRow[v * strideY + r] += VectorKernels.dot(m + r * width, b + v * strideB, width) }
        }
      }
    }
    #expect(blocked.map(\.bitPattern) == perVector.map(\.bitPattern))
    #expect(blocked.map(\.bitPattern) == perRow.map(\.bitPattern))
    // Padding between the vectors' outputs is untouched.
    for v in 0..<vectors {
      for r in rows..<strideY { #expect(blocked[v * strideY + r].bitPattern == initial[v * strideY + r].bitPattern) }
    }
    // And the products are right: within a loose bound of a double-precision reference.
    for v in 0..<vectors {
      for r in 0..<rows {
        var exact = Double(initial[v * strideY + r])
        for i in 0..<width { exact += Double(matrix[r * width + i]) * Double(b[v * strideB + i]) }
        #expect(abs(Double(blocked[v * strideY + r]) - exact) <= 1e-5 * Double(width + 1))
      }
    }
  }
}
