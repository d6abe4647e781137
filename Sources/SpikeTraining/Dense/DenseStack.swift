import SpikelineSupport

/// Fully connected layers applied in order, each followed by its activation: the encoders, decoders and
/// classifiers of the non-spiking continual-learning methods. Optional per-layer gates multiply a
/// layer's pre-activations (context gating); gradients are exact (checked against finite differences).
public struct DenseStack: Sendable, Equatable {
  public var layers: [LinearLayer]
  public var activations: [Activation]

  public init(sizes: [Int], activations: [Activation], generator: inout SeededGenerator) {
    precondition(sizes.count == activations.count + 1, "internal error: \(sizes.count) sizes for \(activations.count) layers")
    layers = (0..<activations.count).map { LinearLayer(inputs: sizes[$0], outputs: sizes[$0 + 1], generator: &generator) }
    self.activations = activations
  }

  public var inputs: Int { layers.first?.inputs ?? 0 }
  public var outputs: Int { layers.last?.outputs ?? 0 }
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Each layer's input and the stack's output (the cache backward needs).
  public struct Trace: Sendable {
    public var inputs: [Matrix]
    public var outputs: [Matrix]
    public var gates: [Matrix?]
    public var output: Matrix { outputs.last! }
  }

  /// Forward pass; `gates[l]`, when given, multiplies layer l's pre-activations element-wise.
  public func forward(_ x: Matrix, gates: [Matrix?]? = nil) -> Trace {
    var trace = Trace(inputs: [], outputs: [], gates: gates ?? [Matrix?](repeating: nil, count: layers.count))
    var h = x
    for (l, layer) in layers.enumerated() {
      trace.inputs.append(h)
      var pre = layer.forward(h)
      if let gate = trace.gates[l] { for i in pre.values.indices { pre.values[i] *= gate.values[i] } }
      h = activations[l].apply(pre)
      trace.outputs.append(h)
    }
    if layers.isEmpty { trace.outputs.append(x) }
    return trace
  }

  /// Backward pass from d loss / d output: the flat parameter gradient (layer order, weights then
  /// bias) and d loss / d input.
  public func backward(_ trace: Trace, _ dOutput: Matrix, needInputGradient: Bool = true) -> (parameters: [Float], input: Matrix?) {
    var gradients = [[Float]](repeating: [], count: layers.count)
    var d = dOutput
    var inputGradient: Matrix? = layers.isEmpty ? dOutput : nil
    for l in stride(from: layers.count - 1, through: 0, by: -1) {
      var dPre = activations[l].backward(trace.outputs[l], d)
      if let gate = trace.gates[l] { for i in dPre.values.indices { dPre.values[i] *= gate.values[i] } }
      let needInput = l > 0 || needInputGradient
      let g = layers[l].backward(trace.inputs[l], dPre, needInputGradient: needInput)
      gradients[l] = g.weights.values + g.bias
      if let input = g.input { if l > 0 { d = input } else { inputGradient = input } }
    }
    return (Array(gradients.joined()), inputGradient)
  }

  /// Parameters as one flat vector (layer order, weights then bias).
  public var flat: [Float] { Array(layers.map(\.flat).joined()) }

  public mutating func setFlat(_ values: ArraySlice<Float>) {
    var offset = values.startIndex
    for l in layers.indices {
      let n = layers[l].parameterCount
      layers[l].setFlat(values[offset..<(offset + n)])
      offset += n
    }
  }
}
