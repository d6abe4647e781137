import SpikeData

/// Buffers for one sample's forward and backward pass, reused across samples by one worker.
final class SpikingWorkspace: @unchecked Sendable {
  let steps: Int
  let sizes: [Int]
  /// U of every layer and step, [t·N + n].
  let potentials: [FloatBuffer]
  /// Spike outputs (0/1, or the smooth value in gradient-check mode), [t·N + n].
  let spikes: [FloatBuffer]
  /// Active neurons of each layer per step: `activeIndex[l][activeStart[l][t]..<activeStart[l][t+1]]`.
  var activeStart: [[Int32]]
  var activeIndex: [[UInt16]]
  let current: [FloatBuffer]
  let membrane: [FloatBuffer]
  /// d loss / d spikes (or / d U for the non-spiking readout), [t·N + n].
  let spikeGradient: [FloatBuffer]
  let g: FloatBuffer, gNext: FloatBuffer, dJ: FloatBuffer, dJNext: FloatBuffer
  /// Time step of the maximum readout potential, per output (max-membrane readout).
  var argmaxStep: [Int]

  init(model: SpikingModel, steps: Int) {
    self.steps = steps
    sizes = model.layers.map(\.outputs)
    potentials = sizes.map { FloatBuffer(count: steps * $0) }
    spikes = sizes.map { FloatBuffer(count: steps * $0) }
    activeStart = sizes.map { _ in [Int32](repeating: 0, count: steps + 1) }
    activeIndex = sizes.map { _ in [] }
    current = sizes.map { FloatBuffer(count: $0) }
    membrane = sizes.map { FloatBuffer(count: $0) }
    spikeGradient = sizes.map { FloatBuffer(count: steps * $0) }
    let widest = sizes.max() ?? 1
    g = FloatBuffer(count: widest); gNext = FloatBuffer(count: widest)
    dJ = FloatBuffer(count: widest); dJNext = FloatBuffer(count: widest)
    argmaxStep = [Int](repeating: 0, count: sizes.last ?? 0)
  }

  /// The spikes of layer `l` as a sparse train (for latent replay).
  func spikeTrain(layer l: Int, label: Int) -> BinnedSample {
    let counts = [UInt8](repeating: 1, count: activeIndex[l].count)
    return BinnedSample(steps: steps, channels: sizes[l], label: label, stepStart: activeStart[l], activeChannels: activeIndex[l], counts: counts)
  }
}

/// Operations counted by the training code (priced later by the chip model).
public struct OperationCount: Sendable, Equatable, Codable {
  /// Forward passes.
  public var samples = 0
  /// Time steps over all forward passes.
  public var timesteps = 0
  /// Active input × fan-out additions of the forward pass (what a chip's synaptic events are).
  public var forwardSynapticOps = 0
  /// Neuron state updates of the forward pass.
  public var neuronUpdates = 0
  /// Multiply-accumulates of the backward pass.
  public var backwardMACs = 0
  /// Accumulates of weight gradients for active inputs.
  public var backwardAccumulates = 0
  /// Parameter updates by the optimiser.
  public var weightUpdates = 0

  public init() {}

  public static func + (a: OperationCount, b: OperationCount) -> OperationCount {
    var s = OperationCount()
    s.samples = a.samples + b.samples; s.timesteps = a.timesteps + b.timesteps
    s.forwardSynapticOps = a.forwardSynapticOps + b.forwardSynapticOps; s.neuronUpdates = a.neuronUpdates + b.neuronUpdates
    s.backwardMACs = a.backwardMACs + b.backwardMACs; s.backwardAccumulates = a.backwardAccumulates + b.backwardAccumulates
    s.weightUpdates = a.weightUpdates + b.weightUpdates
    return s
  }

  public static func += (a: inout OperationCount, b: OperationCount) { a = a + b }
}
