import SpikeData

/// Buffers for one sample's forward and backward pass, reused across samples by one worker.
final class SpikingWorkspace: @unchecked Sendable {
  let steps: Int
  let sizes: [Int]
  /// U of every layer and step, [t·N + n].
  let potentials: [FloatBuffer]
  /// Spike outputs (0/1, or the smooth value in gradient-check mode), [t·N + n].
  let spikes: [FloatBuffer]
  /// Active neurons of each layer per step.
  let active: [ActiveNeurons]
  let current: [FloatBuffer]
  let membrane: [FloatBuffer]
  /// d loss / d spikes (or / d U for the non-spiking readout), [t·N + n].
  let spikeGradient: [FloatBuffer]
  let g: FloatBuffer, gNext: FloatBuffer
  /// dI of one layer for every step, [t·N + n], plus one zero row after the last step (the
  /// backward's dI_{T}); kept so that the spike gradients of the layer below are one pass at the end.
  let currentGradients: FloatBuffer
  /// dβ's term of each step of one layer (the backward adds them in step order after the layer's pass).
  let decayGradients: FloatBuffer
  /// Scratch that grows on demand (the transposed recurrent matrix of 16-lane builds).
  private var scratchBuffer: FloatBuffer?
  /// One layer's inputs listed by input (the weight gradients' transpose), refilled per layer.
  let activeSteps = ActiveSteps()
  /// Time step of the maximum readout potential, per output (max-membrane readout).
  var argmaxStep: [Int]
  /// The feedforward and recurrent weight rows (element offsets) one layer adds in one step, in order (reused).
  var feedforwardRows: [Int32] = []
  var recurrentRows: [Int32] = []

  init(model: SpikingModel, steps: Int) {
    self.steps = steps
    sizes = model.layers.map(\.outputs)
    potentials = sizes.map { FloatBuffer(count: steps * $0) }
    spikes = sizes.map { FloatBuffer(count: steps * $0) }
    active = sizes.map { ActiveNeurons(steps: steps, width: $0) }
    current = sizes.map { FloatBuffer(count: $0) }
    membrane = sizes.map { FloatBuffer(count: $0) }
    spikeGradient = sizes.map { FloatBuffer(count: steps * $0) }
    let widest = sizes.max() ?? 1
    g = FloatBuffer(count: widest); gNext = FloatBuffer(count: widest)
    currentGradients = FloatBuffer(count: (steps + 1) * widest)
    decayGradients = FloatBuffer(count: steps)
    argmaxStep = [Int](repeating: 0, count: sizes.last ?? 0)
  }

  /// At least `count` floats of scratch, kept for the next call.
  func scratch(count: Int) -> UnsafeMutablePointer<Float> {
    if let buffer = scratchBuffer, buffer.count >= count { return buffer.pointer }
    let buffer = FloatBuffer(count: count)
    scratchBuffer = buffer
    return buffer.pointer
  }

  /// The spikes of layer `l` as a sparse train (for latent replay).
  func spikeTrain(layer l: Int, label: Int) -> BinnedSample {
    let counts = [UInt8](repeating: 1, count: active[l].total)
    return BinnedSample(steps: steps, channels: sizes[l], label: label, stepStart: active[l].starts, activeChannels: active[l].indices, counts: counts)
  }
}
