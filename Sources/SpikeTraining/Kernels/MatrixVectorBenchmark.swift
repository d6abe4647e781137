import Foundation
import SpikelineSupport

/// Times the spiking backward's matrix–vector products (`VectorKernels.addMatrixVector`, its
/// row-blocked form over many vectors, and the transposed form that 16-lane builds run for four
/// samples in lockstep) for `spikeline bench gemm`, on one thread.
public enum MatrixVectorBenchmark {
  /// One timed shape: `vectors` products of a `rows` × `width` matrix.
  public struct Shape: Encodable, Sendable {
    /// What the product is in training.
    public var name: String
    /// Matrix rows, matrix width (elements per row) and vectors per call.
    public var rows: Int, width: Int, vectors: Int
    /// Floating-point operations per second (2 per multiply-add).
    public var gflops: Double
  }

  /// Lanes of the products in this build (8, or 16 with `SPIKELINE_WIDE_VECTORS`).
  public static var lanes: Int { VectorKernels.ProductLane.scalarCount }

  /// The shapes of the SpikingLR network (700 → 200r → 100r → 50r → 20, 100 steps), and one small
  /// enough to stay in the L1 cache, for comparison.
  /// `vectors` 4 with "Vᵀ" in the name: `addTransposedProducts4` (four samples in lockstep).
  public static let shapes: [(name: String, rows: Int, width: Int, vectors: Int)] = [
    ("recurrent V·dI 200×200", 200, 200, 1),
    ("recurrent V·dI 100×100", 100, 100, 1),
    ("recurrent V·dI 50×50", 50, 50, 1),
    ("in L1 cache    48×48", 48, 48, 1),
    ("feedforward W·dI 200×100, 99 steps", 200, 100, 99),
    ("recurrent Vᵀ 200×200, 4 samples", 200, 200, 4),
    ("recurrent Vᵀ 100×100, 4 samples", 100, 100, 4),
  ]

  /// Times every shape for at least `seconds` each.
  public static func run(seconds: Double) -> [Shape] {
    var generator = SeededGenerator(seed: 1, stream: "bench matrix-vector")
    return shapes.map { shape in
      let transposed = shape.name.contains("Vᵀ")
      // The transposed products may read one vector past the matrix (`addTransposedTail`).
      let matrix = (0..<(shape.rows * shape.width + lanes)).map { _ in Float(generator.uniform(-1, 1)) }
      let vectors = (0..<(shape.width * shape.vectors)).map { _ in Float(generator.uniform(-1, 1)) }
      var output = [Float](repeating: 0, count: shape.rows * shape.vectors)
      var calls = 0
      var elapsed = 0.0
      matrix.withUnsafeBufferPointer { m in
        vectors.withUnsafeBufferPointer { b in
          output.withUnsafeMutableBufferPointer { y in
            guard let m = m.baseAddress, let b = b.baseAddress, let y = y.baseAddress else { return }
            let start = Date()
            repeat {
              for _ in 0..<16 {
                if transposed {
                  let n = shape.width
                  VectorKernels.addTransposedProducts4(m, n, .init(p0: b, p1: b + n, p2: b + 2 * n, p3: b + 3 * n),
                                                       into: .init(p0: y, p1: y + n, p2: y + 2 * n, p3: y + 3 * n))
                } else if shape.vectors == 1 {
                  VectorKernels.addMatrixVector(m, count: shape.rows, b, shape.width, into: y)
                } else {
                  VectorKernels.addMatrixVectors(m, count: shape.rows, b, stride: shape.width, shape.width, vectors: shape.vectors,
                                                 into: y, stride: shape.rows)
                }
              }
              calls += 16
              elapsed = Date().timeIntervalSince(start)
            } while elapsed < seconds
          }
        }
      }
      let flops = 2 * Double(shape.rows * shape.width * shape.vectors * calls)
      return Shape(name: shape.name, rows: shape.rows, width: shape.width, vectors: shape.vectors, gflops: flops / elapsed / 1e9)
    }
  }
}
