import SpikelineSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fully connected layer y = x·W + b, W row-major [inputs][outputs].
public struct LinearLayer: Sendable, Equatable {
  /// W, inputs × outputs.
  public var weights: Matrix
  /// b, one per output.
  public var bias: [Float]

  /// Weights ~ U(−1/√inputs, 1/√inputs) (PyTorch's default), bias 0.
  public init(inputs: Int, outputs: Int, generator: inout SeededGenerator) {
    let bound = 1 / Double(inputs).squareRoot()
    weights = Matrix(rows: inputs, columns: outputs, values: (0..<(inputs * outputs)).map { _ in Float(generator.uniform(-bound, bound)) })
    bias = [Float](repeating: 0, count: outputs)
  }

  /// Input width.
  public var inputs: Int { weights.rows }
  /// Output width.
  public var outputs: Int { weights.columns }

  /// x·W + b for a batch `x` (one row per sample).
  /// - Complexity: O(rows × inputs × outputs).
  public func forward(_ x: Matrix) -> Matrix { MatrixKernels.multiply(x, weights, bias: bias) }

  /// Gradients of the weights and bias, and of the input.
  public func backward(_ x: Matrix, _ dy: Matrix, needInputGradient: Bool = true) -> (weights: Matrix, bias: [Float], input: Matrix?) {
    var flat = [Float](repeating: 0, count: parameterCount)
    flat.withUnsafeMutableBufferPointer { accumulateGradients(input: x, outputGradient: dy, into: $0.baseAddress!) }
    return (Matrix(rows: inputs, columns: outputs, values: Array(flat[0..<weights.values.count])), Array(flat[weights.values.count...]),
            needInputGradient ? MatrixKernels.multiplyTransposed(dy, weights) : nil)
  }

  /// Adds d loss / d W (= xᵀ·dy) and d loss / d b (column sums of dy) to `gradient`, laid out as `flat`
  /// (weights row-major, then bias).
  public func accumulateGradients(input x: Matrix, outputGradient dy: Matrix, into gradient: UnsafeMutablePointer<Float>) {
    precondition(x.rows == dy.rows && x.columns == inputs && dy.columns == outputs,
                 "internal error: gradients of a \(inputs)→\(outputs) layer from \(x.rows)×\(x.columns) and \(dy.rows)×\(dy.columns)")
    let n = outputs
    x.values.withUnsafeBufferPointer { xBuffer in
      dy.values.withUnsafeBufferPointer { dyBuffer in
        guard let xBase = xBuffer.baseAddress, let dyBase = dyBuffer.baseAddress else { return }
        GEMM.multiply(m: inputs, n: n, k: x.rows, .transposed(xBase, columns: inputs), .rowMajor(dyBase, columns: n),
                      into: gradient, ldc: n, accumulate: true)
        let bias = gradient + inputs * n
        for i in 0..<dy.rows { VectorKernels.add(dyBase + i * n, into: bias, n) }
      }
    }
  }

  /// d loss / d x = dy·Wᵀ, into `inputGradient` (its storage reused).
  public func inputGradient(_ dy: Matrix, into inputGradient: inout Matrix) {
    MatrixKernels.multiplyTransposed(dy, weights, into: &inputGradient)
  }

  /// Parameters in a flat vector: weights then bias.
  public var flat: [Float] { weights.values + bias }
  /// Sets W then b from a flat vector.
  public mutating func setFlat(_ values: ArraySlice<Float>) {
    precondition(values.count >= parameterCount, "internal error: \(values.count) values for \(parameterCount) parameters")
    let n = weights.values.count
    // Copied into the existing storage: no allocation per training step.
    values.withUnsafeBufferPointer { source in
      guard let from = source.baseAddress else { return }
      weights.values.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: from, count: n) }
      bias.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: from + n, count: $0.count) }
    }
  }
  /// Weights plus biases.
  public var parameterCount: Int { weights.values.count + bias.count }
}
