import SpikelineSupport

/// Fully connected layers applied in order, each followed by its activation: the encoders, decoders and
/// classifiers of the non-spiking continual-learning methods. Optional per-layer gates multiply a
/// layer's pre-activations (context gating); gradients are exact (checked against finite differences).
public struct DenseStack: Sendable, Equatable {
  /// The layers, input side first.
  public var layers: [LinearLayer]
  /// The activation after each layer.
  public var activations: [Activation]

  /// Layers of `sizes[i]` → `sizes[i + 1]` units with weights uniform in ±1/√inputs drawn from `generator`.
  /// - Precondition: one more size than activations.
  public init(sizes: [Int], activations: [Activation], generator: inout SeededGenerator) {
    precondition(sizes.count == activations.count + 1, "internal error: \(sizes.count) sizes for \(activations.count) layers")
    layers = (0..<activations.count).map { LinearLayer(inputs: sizes[$0], outputs: sizes[$0 + 1], generator: &generator) }
    self.activations = activations
  }

  /// Input width.
  public var inputs: Int { layers.first?.inputs ?? 0 }
  /// Output width.
  public var outputs: Int { layers.last?.outputs ?? 0 }
  /// Weights and biases of every layer.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Each layer's input and the stack's output (the cache backward needs).
  public struct Trace: Sendable {
    /// Each layer's input.
    public var inputs: [Matrix]
    /// Each layer's output after its activation.
    public var outputs: [Matrix]
    /// Each layer's gate (nil where ungated).
    public var gates: [Matrix?]
    /// The stack's output.
    public var output: Matrix { outputs.last! }
  }

  /// Forward pass; `gates[l]`, when given, multiplies layer l's pre-activations element-wise.
  public func forward(_ x: Matrix, gates: [Matrix?]? = nil) -> Trace {
    var trace = Trace()
    forward(x, gates: gates, into: &trace)
    return trace
  }

  /// Backward pass from d loss / d output: the flat parameter gradient (layer order, weights then
  /// bias) and d loss / d input.
  public func backward(_ trace: Trace, _ dOutput: Matrix, needInputGradient: Bool = true) -> (parameters: [Float], input: Matrix?) {
    var gradient = [Float](repeating: 0, count: parameterCount)
    let input = gradient.withUnsafeMutableBufferPointer {
      backward(trace, dOutput, accumulatingInto: $0.baseAddress!, needInputGradient: needInputGradient)
    }
    return (gradient, input)
  }

  /// Backward pass from d loss / d output: adds the parameter gradient to `gradient` (laid out as
  /// `flat`) and returns d loss / d input when asked.
  public func backward(_ trace: Trace, _ dOutput: Matrix, accumulatingInto gradient: UnsafeMutablePointer<Float>,
                       needInputGradient: Bool = true) -> Matrix? {
    var scratch = BackwardScratch()
    return backward(trace, dOutput, accumulatingInto: gradient, needInputGradient: needInputGradient, scratch: &scratch)
  }

  /// Parameters as one flat vector (layer order, weights then bias).
  public var flat: [Float] { Array(layers.map(\.flat).joined()) }

  /// Sets every parameter from a flat vector in `flat`'s order.
  public mutating func setFlat(_ values: ArraySlice<Float>) {
    var offset = values.startIndex
    for l in layers.indices {
      let n = layers[l].parameterCount
      layers[l].setFlat(values[offset..<(offset + n)])
      offset += n
    }
  }
}

extension DenseStack {
  /// Calls `body` with `buffers` followed by every layer's weights and bias (`flat`'s order), for an
  /// optimiser that updates them in place.
  public mutating func withMutableParameterBuffers<R>(after buffers: ParameterBuffers = [], _ body: (ParameterBuffers) -> R) -> R {
    layers.withUnsafeMutableBufferPointer { Self.visit($0, from: 0, after: buffers, body) }
  }

  private static func visit<R>(_ layers: UnsafeMutableBufferPointer<LinearLayer>, from l: Int, after buffers: ParameterBuffers,
                               _ body: (ParameterBuffers) -> R) -> R {
    guard l < layers.count else { return body(buffers) }
    return layers[l].withMutableParameterBuffers(after: buffers) { visit(layers, from: l + 1, after: $0, body) }
  }
}
