import SpikelineSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fully connected layer y = x·W + b, W row-major [inputs][outputs].
public struct LinearLayer: Sendable, Equatable {
  /// W, inputs × outputs.
  public var weights: Matrix { didSet { packed = PackedWeights() } }
  /// b, one per output.
  public var bias: [Float]
  /// W packed for the products, filled at first use after W changes.
  private var packed = PackedWeights()

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

  /// x·W + b for a batch `x` (one row per sample): the bits of `MatrixKernels.multiply(x, weights, bias:)`,
  /// with W's packed panels reused between calls.
  /// - Complexity: O(rows × inputs × outputs).
  public func forward(_ x: Matrix) -> Matrix {
    var y = Matrix(rows: 0, columns: 0)
    forward(x, into: &y)
    return y
  }

  /// x·W + b into `y`, whose storage is reused when its size is right (every value is written).
  public func forward(_ x: Matrix, into y: inout Matrix) {
    precondition(x.columns == inputs, "internal error: \(x.rows)×\(x.columns) into a \(inputs)→\(outputs) layer")
    let n = outputs
    y.reshape(rows: x.rows, columns: n)
    y.values.withUnsafeMutableBufferPointer { out in
      x.values.withUnsafeBufferPointer { input in
        guard let yBase = out.baseAddress, let xBase = input.baseAddress else { return }
        for i in 0..<x.rows { (yBase + i * n).update(from: bias, count: n) }
        GEMM.multiply(m: x.rows, .rowMajor(xBase, columns: inputs), packed.weights(of: weights), into: yBase, ldc: n, accumulate: true)
      }
    }
  }

  /// Gradients of the weights and bias, and of the input.
  public func backward(_ x: Matrix, _ dy: Matrix, needInputGradient: Bool = true) -> (weights: Matrix, bias: [Float], input: Matrix?) {
    var flat = [Float](repeating: 0, count: parameterCount)
    flat.withUnsafeMutableBufferPointer { accumulateGradients(input: x, outputGradient: dy, into: $0.baseAddress!) }
    return (Matrix(rows: inputs, columns: outputs, values: Array(flat[0..<weights.values.count])), Array(flat[weights.values.count...]),
            needInputGradient ? inputGradientMatrix(dy) : nil)
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

  /// d loss / d x = dy·Wᵀ, into `inputGradient` (its storage reused): the bits of
  /// `MatrixKernels.multiplyTransposed(dy, weights, into:)`, with Wᵀ's packed panels reused between calls.
  public func inputGradient(_ dy: Matrix, into inputGradient: inout Matrix) {
    precondition(dy.columns == outputs, "internal error: \(dy.rows)×\(dy.columns) gradient of a \(inputs)→\(outputs) layer")
    inputGradient.reshape(rows: dy.rows, columns: inputs)
    let n = inputs
    inputGradient.values.withUnsafeMutableBufferPointer { out in
      dy.values.withUnsafeBufferPointer { gradient in
        guard let outBase = out.baseAddress, let dyBase = gradient.baseAddress else { return }
        GEMM.multiply(m: dy.rows, .rowMajor(dyBase, columns: outputs), packed.transposed(of: weights), into: outBase, ldc: n,
                      accumulate: false)
      }
    }
  }

  /// dy·Wᵀ in a new matrix.
  func inputGradientMatrix(_ dy: Matrix) -> Matrix {
    var dx = Matrix(rows: dy.rows, columns: inputs)
    inputGradient(dy, into: &dx)
    return dx
  }

  /// Equal weights and biases (the packed panels are a cache).
  public static func == (lhs: LinearLayer, rhs: LinearLayer) -> Bool {
    lhs.weights == rhs.weights && lhs.bias == rhs.bias
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

extension LinearLayer {
  /// Calls `body` with `buffers` followed by this layer's weights and bias (`flat`'s order), for an
  /// optimiser that updates them in place; the packed panels are dropped afterwards.
  public mutating func withMutableParameterBuffers<R>(after buffers: ParameterBuffers, _ body: (ParameterBuffers) -> R) -> R {
    // The bias moves to a local for the call (no copy: its storage keeps one owner), so that the
    // weights' access (through their observer) and the bias's do not overlap on `self`.
    var b: [Float] = []
    swap(&b, &bias)
    defer { swap(&b, &bias) }
    return weights.values.withUnsafeMutableBufferPointer { w in b.withUnsafeMutableBufferPointer { body(buffers + [w, $0]) } }
  }
}
