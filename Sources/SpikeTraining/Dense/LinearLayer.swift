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
    let dW = MatrixKernels.transposedMultiply(x, dy)
    var db = [Float](repeating: 0, count: outputs)
    for i in 0..<dy.rows { for j in 0..<outputs { db[j] += dy[i, j] } }
    return (dW, db, needInputGradient ? MatrixKernels.multiplyTransposed(dy, weights) : nil)
  }

  /// Parameters in a flat vector: weights then bias.
  public var flat: [Float] { weights.values + bias }
  /// Sets W then b from a flat vector.
  public mutating func setFlat(_ values: ArraySlice<Float>) {
    let n = weights.values.count
    weights.values = Array(values.prefix(n))
    bias = Array(values.dropFirst(n).prefix(outputs))
  }
  /// Weights plus biases.
  public var parameterCount: Int { weights.values.count + bias.count }
}
