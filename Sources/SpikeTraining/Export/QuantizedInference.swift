import SpikeCore
import SpikeData

/// The model's forward pass in the integers of a `FixedPointFormat`, operation for operation as
/// the chip-time simulator runs a fixed-point network: weights quantised once, inputs summed in
/// 64 bits per step, saturation and decays as in `FixedPointCoefficients`.
public struct QuantizedInference: Sendable {
  /// The model as trained, in floating point.
  public let model: SpikingModel
  /// The integer format of the run.
  public let format: FixedPointFormat
  let weights: [[Int64]]
  let recurrent: [[Int64]]
  let coefficients: [FixedPointCoefficients]

  /// Quantises `model`'s weights and per-step coefficients to `format` once.
  public init(model: SpikingModel, format: FixedPointFormat) {
    self.model = model
    self.format = format
    weights = model.layers.map { $0.feedforward.map { Int64(format.quantize(weight: Double($0))) } }
    recurrent = model.layers.map { $0.recurrent.map { Int64(format.quantize(weight: Double($0))) } }
    coefficients = model.layers.map { layer in
      let chip = ChipCoefficients(model: NeuronModel.discrete(
        membraneDecay: Double(layer.membraneDecay), synapticDecay: layer.synapticDecay == 0 ? nil : Double(layer.synapticDecay),
        threshold: layer.isSpiking ? Double(layer.threshold) : .infinity, resetMode: layer.resetMode, tickDuration: 1e-3), tickDuration: 1e-3)
      return FixedPointCoefficients(chip, format: format)
    }
  }

  /// Spike ticks per layer [layer][neuron] and readout potentials (volts) per step.
  public func run(_ sample: BinnedSample) -> (spikeTicks: [[[Int]]], readout: [[Double]]) {
    let layers = model.layers
    var current = layers.map { [Int64](repeating: 0, count: $0.outputs) }
    var potential = layers.map { [Int64](repeating: 0, count: $0.outputs) }
    var spiked: [[Int]] = layers.map { _ in [] }
    var ticks: [[[Int]]] = layers.map { [[Int]](repeating: [], count: $0.outputs) }
    var readout: [[Double]] = []
    for t in 0..<sample.steps {
      var newSpikes: [[Int]] = layers.map { _ in [] }
      for (l, layer) in layers.enumerated() {
        let n = layer.outputs, c = coefficients[l]
        let delta = layer.synapticDecay == 0
        var input = [Int64](repeating: 0, count: n)
        if t > 0 {
          func deliver(_ rows: [Int64], _ i: Int) {
            for k in 0..<n {
              if delta { input[k] &+= rows[i * n + k] } else { current[l][k] &+= rows[i * n + k] }
            }
          }
          if l == 0 {
            for k in sample.active(at: t - 1) where Int(sample.activeChannels[k]) < layer.inputs {
              for _ in 0..<Int(sample.counts[k]) { deliver(weights[l], Int(sample.activeChannels[k])) }
            }
          } else {
            for i in spiked[l - 1] { deliver(weights[l], i) }
          }
          if layer.isRecurrent { for i in spiked[l] { deliver(recurrent[l], i) } }
        }
        for k in 0..<n {
          let ie = c.saturate(current[l][k])
          let v = c.integrate(potential: potential[l][k], excitatory: delta ? 0 : ie, inhibitory: 0, input: delta ? input[k] : 0)
          potential[l][k] = v
          if v >= c.threshold {
            newSpikes[l].append(k)
            ticks[l][k].append(t)
            potential[l][k] = c.reset(v)
          }
          current[l][k] = delta ? 0 : c.decayCurrent(ie, excitatory: true)
        }
        if l == layers.count - 1 { readout.append(potential[l].map { Double($0) * format.voltsPerUnit }) }
      }
      spiked = newSpikes
    }
    return (ticks, readout)
  }
}
