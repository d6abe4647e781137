import SpikeTraining
import SpikelineSupport

/// How a variational auto-encoder scores its reconstruction.
enum ReconstructionLoss: String, Sendable, Codable {
  /// Binary cross-entropy against inputs in [0, 1] (pixels); the decoder's output is a logit.
  case bernoulli
  /// Squared error (a Gaussian of unit variance): for hidden activations (internal replay).
  case gaussian
}

/// The architecture of a `ReplayNetwork`.
struct ReplayNetworkShape: Sendable, Equatable, Codable {
  /// Input units (pixels, or hidden features after frozen lower layers).
  var inputs: Int
  /// Encoder hidden layers (ReLU); the decoder mirrors them.
  var hidden: [Int]
  /// Output units of the softmax classifier on the last encoder layer (0: no classifier, a pure generator).
  var outputs: Int
  /// Latent units of the VAE (0: no VAE, a pure classifier).
  var latent: Int
  /// A learned Gaussian prior per output unit (class) instead of the standard normal: conditional replay.
  var conditionalPrior: Bool
  /// Number of contexts (classes) that own a prior mode and a decoder gate mask.
  var contexts: Int
  /// Probability that a decoder unit is gated off for a context (0: no gating).
  var gateProportion: Double
  var reconstruction: ReconstructionLoss

  init(inputs: Int, hidden: [Int], outputs: Int, latent: Int, conditionalPrior: Bool = false, contexts: Int = 0,
              gateProportion: Double = 0, reconstruction: ReconstructionLoss = .bernoulli) {
    self.inputs = inputs
    self.hidden = hidden
    self.outputs = outputs
    self.latent = latent
    self.conditionalPrior = conditionalPrior
    self.contexts = contexts
    self.gateProportion = gateProportion
    self.reconstruction = reconstruction
  }

  var hasClassifier: Bool { outputs > 0 }
  var hasGenerator: Bool { latent > 0 }
  var isGated: Bool { hasGenerator && gateProportion > 0 && contexts > 0 }
}

/// A fully connected network that can classify, generate, or both (van de Ven et al. 2020): an encoder
/// (ReLU layers) with a softmax head on its last hidden layer, and, for replay, a VAE that shares the
/// encoder (replay through feedback) — μ and log σ² of the latent from the last hidden layer, a mirrored
/// decoder whose hidden layers can be gated per class, and a prior that is standard normal or one learned
/// Gaussian per class. All trainable values live in one flat parameter vector (`flat`), in the order
/// encoder, head, latent layer, decoder, prior means, prior log-variances.
struct ReplayNetwork: Sendable {
  var shape: ReplayNetworkShape
  var encoder: DenseStack
  var head: LinearLayer?
  /// Last hidden layer → [μ | log σ²].
  var toLatent: LinearLayer?
  var decoder: DenseStack?
  /// Prior means and log-variances, one row per context (conditional prior only).
  var priorMeans: Matrix
  var priorLogVariances: Matrix
  /// Fixed 0/1 masks, one matrix (contexts × width) per gated decoder layer (all but the output layer).
  var gates: [Matrix]

  init(shape: ReplayNetworkShape, seed: UInt64) {
    self.shape = shape
    var generator = SeededGenerator(seed: seed, stream: "replay network")
    let sizes = [shape.inputs] + shape.hidden
    encoder = DenseStack(sizes: sizes, activations: [Activation](repeating: .relu, count: shape.hidden.count), generator: &generator)
    let top = shape.hidden.last ?? shape.inputs
    head = shape.hasClassifier ? LinearLayer(inputs: top, outputs: shape.outputs, generator: &generator) : nil
    priorMeans = Matrix(rows: 0, columns: shape.latent)
    priorLogVariances = priorMeans
    gates = []
    guard shape.hasGenerator else { return }
    toLatent = LinearLayer(inputs: top, outputs: 2 * shape.latent, generator: &generator)
    let decoderSizes = [shape.latent] + shape.hidden.reversed() + [shape.inputs]
    decoder = DenseStack(sizes: decoderSizes, activations: [Activation](repeating: .relu, count: shape.hidden.count) + [.identity],
                         generator: &generator)
    if shape.conditionalPrior {
      // Means and log-variances initialised from N(0, 1), as in the BI-R code.
      priorMeans = Matrix(rows: shape.contexts, columns: shape.latent, values: (0..<(shape.contexts * shape.latent)).map { _ in Float(generator.normal()) })
      priorLogVariances = Matrix(rows: shape.contexts, columns: shape.latent,
                                 values: (0..<(shape.contexts * shape.latent)).map { _ in Float(generator.normal()) })
    }
    if shape.isGated {
      var gateGenerator = SeededGenerator(seed: seed, stream: "decoder gates")
      gates = shape.hidden.reversed().map { width in
        Matrix(rows: shape.contexts, columns: width,
               values: (0..<(shape.contexts * width)).map { _ in gateGenerator.nextUnitDouble() < shape.gateProportion ? 0 : 1 })
      }
    }
  }

  // MARK: Parameters

  /// Ranges of the flat parameter vector.
  struct Layout: Sendable, Equatable {
    var encoder: Range<Int>
    var head: Range<Int>
    var toLatent: Range<Int>
    var decoder: Range<Int>
    var priorMeans: Range<Int>
    var priorLogVariances: Range<Int>
    var count: Int { priorLogVariances.upperBound }
    /// The classifier's parameters (encoder and head): what EWC and SI protect.
    var classifier: Range<Int> { 0..<head.upperBound }
  }

  var layout: Layout {
    var offset = 0
    func next(_ n: Int) -> Range<Int> { defer { offset += n }; return offset..<(offset + n) }
    return Layout(encoder: next(encoder.parameterCount), head: next(head?.parameterCount ?? 0), toLatent: next(toLatent?.parameterCount ?? 0),
                  decoder: next(decoder?.parameterCount ?? 0), priorMeans: next(priorMeans.values.count),
                  priorLogVariances: next(priorLogVariances.values.count))
  }

  var parameterCount: Int { layout.count }

  var flat: [Float] {
    encoder.flat + (head?.flat ?? []) + (toLatent?.flat ?? []) + (decoder?.flat ?? []) + priorMeans.values + priorLogVariances.values
  }

  mutating func setFlat(_ values: [Float]) {
    let l = layout
    precondition(values.count == l.count, "internal error: \(values.count) parameters for \(l.count)")
    encoder.setFlat(values[l.encoder])
    head?.setFlat(values[l.head])
    toLatent?.setFlat(values[l.toLatent])
    decoder?.setFlat(values[l.decoder])
    for (k, i) in l.priorMeans.enumerated() { priorMeans.values[k] = values[i] }
    for (k, i) in l.priorLogVariances.enumerated() { priorLogVariances.values[k] = values[i] }
  }

  /// Calls `body` with the storage of every parameter in `flat`'s order (encoder, head, latent layer,
  /// decoder, prior means, prior log-variances), for an optimiser that updates them in place.
  mutating func withMutableParameterBuffers<R>(_ body: (ParameterBuffers) -> R) -> R {
    Self.withBuffers(&encoder, &head, &toLatent, &decoder, &priorMeans.values, &priorLogVariances.values, body)
  }

  private static func withBuffers<R>(_ encoder: inout DenseStack, _ head: inout LinearLayer?, _ toLatent: inout LinearLayer?,
                                     _ decoder: inout DenseStack?, _ means: inout [Float], _ logVariances: inout [Float],
                                     _ body: (ParameterBuffers) -> R) -> R {
    encoder.withMutableParameterBuffers { afterEncoder in
      withBuffers(of: &head, after: afterEncoder) { afterHead in
        withBuffers(of: &toLatent, after: afterHead) { afterLatent in
          func visitPrior(_ buffers: ParameterBuffers) -> R {
            means.withUnsafeMutableBufferPointer { m in logVariances.withUnsafeMutableBufferPointer { v in body(buffers + [m, v]) } }
          }
          if decoder == nil { return visitPrior(afterLatent) }
          return decoder!.withMutableParameterBuffers(after: afterLatent, visitPrior)
        }
      }
    }
  }

  /// `body(buffers + the layer's weights and bias)`, or `body(buffers)` without a layer.
  private static func withBuffers<R>(of layer: inout LinearLayer?, after buffers: ParameterBuffers, _ body: (ParameterBuffers) -> R) -> R {
    if layer == nil { return body(buffers) }
    return layer!.withMutableParameterBuffers(after: buffers, body)
  }

  /// Bytes needed to store the generator (the parameters a generative replay method must keep instead of
  /// a sample buffer), as 32-bit floats: the latent layer, decoder and prior, plus the encoder and head
  /// when they are part of the same model.
  var parameterBytes: Int { parameterCount * MemoryLayout<Float>.size }

  // MARK: Classification

  /// Class scores (logits), one row per input.
  func logits(_ x: Matrix, workspace: ReplayWorkspace? = nil) -> Matrix {
    guard let head else { return Matrix(rows: x.rows, columns: 0) }
    guard let workspace else { return head.forward(encoder.forward(x).output) }
    // The encoder's trace and the scores reuse the workspace's storage (the returned matrix shares the
    // scores' until the next call); the trace lets go of `x` at the end.
    encoder.forward(x, into: &workspace.encoder)
    defer { workspace.encoder.inputs.removeAll(keepingCapacity: true) }
    head.forward(workspace.encoder.output, into: &workspace.scores)
    return workspace.scores
  }

  /// Top-1 accuracy over `active` units.
  func accuracy(_ x: Matrix, labels: [Int], active: [Int]) -> Double {
    guard x.rows > 0 else { return 0 }
    var correct = 0
    let chunk = 1000
    for start in stride(from: 0, to: x.rows, by: chunk) {
      let scores = logits(x.rows(start..<min(start + chunk, x.rows)))
      for i in 0..<scores.rows {
        let best = active.max { scores[i, $0] < scores[i, $1] }
        if best == labels[start + i] { correct += 1 }
      }
    }
    return Double(correct) / Double(x.rows)
  }
}
