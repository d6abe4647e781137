import Testing
import SpikeCore
import SpikeData
import SpikelineSupport
@testable import SpikeTraining

/// A random sparse input of `channels` over `steps`.
func randomInput(channels: Int, steps: Int, density: Double, label: Int = 0, seed: UInt64) -> BinnedSample {
  var generator = SeededGenerator(seed: seed)
  var start: [Int32] = [0], active: [UInt16] = [], counts: [UInt8] = []
  for _ in 0..<steps {
    for c in 0..<channels where generator.bernoulli(density) {
      active.append(UInt16(c)); counts.append(UInt8(1 + generator.uniformInt(below: 2)))
    }
    start.append(Int32(active.count))
  }
  return BinnedSample(steps: steps, channels: channels, label: label, stepStart: start, activeChannels: active, counts: counts)
}

/// Surrogate-gradient BPTT against central finite differences of the gradient-check forward pass
/// (spikes replaced by the surrogate's smooth primitive, reset detached). Single precision:
/// ε = 1e-3, tolerance |analytic − numeric| ≤ 2e-3 + 2e-2·|numeric|. Perturbations that flip a hard
/// spike (and so a reset) are skipped, since the reset is deliberately treated as constant.
@Suite struct GradientCheckTests {
  func check(readout: ReadoutMode, resetMode: NeuronModel.ResetMode, threshold: Float, learnBeta: Bool, lowest: Int = 0) throws {
    var architecture = SpikingArchitecture(inputChannels: 6, hidden: [5, 4], recurrent: true, outputs: 3, membraneDecay: 0.8,
                                           synapticDecay: 0.6, threshold: threshold, resetMode: resetMode, readout: readout,
                                           surrogate: .fastSigmoid(slope: 5), weightScale: 1.5)
    architecture.readout = readout
    var model = try SpikingModel(architecture, seed: 3)
    for l in model.layers.indices { model.layers[l].learnsMembraneDecay = learnBeta }
    let input = randomInput(channels: 6, steps: 14, density: 0.3, seed: 8)
    let workspace = SpikingWorkspace(model: model, steps: 14)
    let layout = model.layout
    var analytic = [Float](repeating: 0, count: layout.count)
    var counter = OperationCount()
    analytic.withUnsafeMutableBufferPointer { buffer in
      _ = model.lossAndGradient(input, label: 1, workspace: workspace, gradient: buffer.baseAddress, layout: layout,
                                lowest: lowest, smooth: true, counter: &counter)
    }
    let flat = model.flatParameters()
    let pattern = model.hardSpikePattern(input, workspace: workspace)
    let trainable = model.parameterRange(fromLayer: lowest)
    var checked = 0, skipped = 0
    for index in flat.indices {
      let epsilon: Float = 1e-3
      func loss(_ delta: Float) -> (Float, [[Bool]]) {
        var perturbed = model
        var values = flat
        values[index] += delta
        perturbed.setFlatParameters(values)
        var c = OperationCount()
        let value = perturbed.lossAndGradient(input, label: 1, workspace: workspace, gradient: nil, layout: layout,
                                              lowest: lowest, smooth: true, counter: &c).loss
        return (value, perturbed.hardSpikePattern(input, workspace: workspace))
      }
      let (plus, plusPattern) = loss(epsilon), (minus, minusPattern) = loss(-epsilon)
      if plusPattern != pattern || minusPattern != pattern { skipped += 1; continue }
      let numeric = (plus - minus) / (2 * epsilon)
      if !trainable.contains(index) {
        #expect(analytic[index] == 0, "frozen parameter \(index) got a gradient")
        continue
      }
      checked += 1
      #expect(abs(analytic[index] - numeric) <= 2e-3 + 2e-2 * abs(numeric), "parameter \(index): analytic \(analytic[index]), numeric \(numeric)")
    }
    #expect(checked > trainable.count / 2, "checked \(checked), skipped \(skipped) of \(trainable.count) trainable")
  }

  @Test("Max-membrane readout, no resets reached (pure BPTT through α, β, recurrence)")
  func noResets() throws { try check(readout: .maxMembrane, resetMode: .toPotential, threshold: 50, learnBeta: false) }

  @Test("Reset to zero, mean-membrane readout, learned β")
  func resetToZero() throws { try check(readout: .meanMembrane, resetMode: .toPotential, threshold: 0.4, learnBeta: true) }

  @Test("Reset by subtraction, spike-count readout")
  func subtractReset() throws { try check(readout: .spikeCount, resetMode: .subtractThreshold, threshold: 0.4, learnBeta: false) }

  @Test("Frozen lower layers get no gradient; the rest still match")
  func frozenLayers() throws { try check(readout: .maxMembrane, resetMode: .toPotential, threshold: 0.4, learnBeta: false, lowest: 1) }
}
