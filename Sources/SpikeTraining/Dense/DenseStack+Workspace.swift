extension DenseStack.Trace {
  /// An empty trace, to be filled by `DenseStack.forward(_:gates:into:)`.
  public init() { self.init(inputs: [], outputs: [], gates: []) }
}

extension DenseStack {
  /// The two gradient matrices a backward pass alternates between, kept by the caller between
  /// passes so that a training step allocates none.
  public struct BackwardScratch: Sendable {
    var gradient = Matrix(rows: 0, columns: 0)
    var next = Matrix(rows: 0, columns: 0)
    public init() {}
  }

  /// Forward pass into `trace`, writing each layer's output into the storage it had after an earlier
  /// call (the same bits as `forward(_:gates:)`, without allocating once the shapes repeat). A copy of
  /// `trace`'s outputs kept by the caller past the next call is copied before that call writes.
  public func forward(_ x: Matrix, gates: [Matrix?]? = nil, into trace: inout Trace) {
    // Drop last call's references to the outputs, so that writing them needs no copy.
    trace.inputs.removeAll(keepingCapacity: true)
    if let gates {
      trace.gates = gates
    } else if trace.gates.count != layers.count || trace.gates.contains(where: { $0 != nil }) {
      trace.gates = [Matrix?](repeating: nil, count: layers.count)
    }
    let outputs = max(1, layers.count)
    if trace.outputs.count != outputs { trace.outputs = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: outputs) }
    if layers.isEmpty { trace.outputs[0] = x; return }
    var h = x
    for l in layers.indices {
      trace.inputs.append(h)
      layers[l].forward(h, into: &trace.outputs[l])
      if let gate = trace.gates[l] { trace.outputs[l].multiply(by: gate) }
      activations[l].apply(&trace.outputs[l])
      h = trace.outputs[l]
    }
  }

  /// Backward pass from d loss / d output, as `backward(_:_:accumulatingInto:needInputGradient:)`,
  /// with the gradient matrices in `scratch` (reused between calls; the returned input gradient
  /// shares its storage until the next call).
  public func backward(_ trace: Trace, _ dOutput: Matrix, accumulatingInto gradient: UnsafeMutablePointer<Float>,
                       needInputGradient: Bool = true, scratch: inout BackwardScratch) -> Matrix? {
    if layers.isEmpty { return needInputGradient ? dOutput : nil }
    var d = Matrix(rows: 0, columns: 0), next = Matrix(rows: 0, columns: 0)
    swap(&d, &scratch.gradient)
    swap(&next, &scratch.next)
    defer { swap(&d, &scratch.gradient); swap(&next, &scratch.next) }
    d.reshape(rows: dOutput.rows, columns: dOutput.columns)
    d.values.withUnsafeMutableBufferPointer { target in
      dOutput.values.withUnsafeBufferPointer { source in
        guard let to = target.baseAddress, let from = source.baseAddress else { return }
        to.update(from: from, count: source.count)
      }
    }
    var offset = parameterCount  // layer l's parameters start after those of layers 0..<l
    for l in stride(from: layers.count - 1, through: 0, by: -1) {
      offset -= layers[l].parameterCount
      activations[l].backward(trace.outputs[l], &d)
      if let gate = trace.gates[l] { d.multiply(by: gate) }
      layers[l].accumulateGradients(input: trace.inputs[l], outputGradient: d, into: gradient + offset)
      guard l > 0 || needInputGradient else { return nil }
      layers[l].inputGradient(d, into: &next)
      swap(&d, &next)
    }
    return d
  }
}
