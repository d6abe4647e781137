import Foundation
import Testing
import SpikeCore
import SpikeData
import SpikelineSupport
@testable import SpikeTraining

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The bundled dataset, decoded once per test process.
let bundledDataset: Result<SpikeDataset, any Error> = Result { try SpikeDataset.read(packageRoot + "/Scenarios/Data/spoken-digits.spkd") }

/// A few binned samples of the bundled dataset.
func bundledSamples(_ count: Int, steps: Int = 100, split: Split = .test) throws -> [BinnedSample] {
  let dataset = try bundledDataset.get()
  let picked = stride(from: 0, to: dataset.samples(in: split).count, by: 97).prefix(count).map { dataset.samples(in: split)[$0] }
  return picked.map { Binning(steps: steps, window: 1.0).bin($0, timeUnit: dataset.timeUnit, channels: dataset.channelCount) }
}

/// Runs the exported network in chip time on one sample.
func chipRun(_ exported: ExportedNetwork, _ sample: BinnedSample, arithmetic: ChipArithmetic = .floatingPoint) throws
  -> (spikeTicks: [[[Int]]], readout: [[Double]], synapticEvents: Int) {
  var network = exported.network
  try network.setSource(exported.input, .spikeTicks(sample.spikeTicks()))
  let readout = exported.layers.last!
  let plan = RecordingPlan(membranes: [.init(population: readout, neurons: Array(0..<network[readout].size))])
  let simulation = try ChipTimeSimulation(network: network, tickDuration: exported.tickDuration, recording: plan, arithmetic: arithmetic)
  simulation.run(ticks: sample.steps)
  let result = simulation.result
  let ticks = exported.layers.map { population in (0..<network[population].size).map { result.spikes(of: population).ticks(of: $0) } }
  let traces = (0..<network[readout].size).map { result.membrane(of: readout, neuron: $0)!.potentials }
  let perStep = (0..<sample.steps).map { t in traces.map { $0[t] } }
  return (ticks, perStep, result.counters.totalSynapticEvents)
}

@Suite struct ExportEquivalenceTests {
  @Test("Float: the exported network in chip time gives the training forward pass's spikes and readout, bit for bit")
  func floatingPoint() throws {
    let model = try SpikingModel(.replayBackbone(), seed: 5)
    let exported = try model.exportNetwork(tickDuration: 1e-2)
    for sample in try bundledSamples(2, steps: 80) {
      let reference = model.referenceRun(sample)
      let chip = try chipRun(exported, sample)
      #expect(reference.spikeTicks.dropLast().map { $0.flatMap { $0 }.count }.allSatisfy { $0 > 50 }, "every hidden layer should be active")
      #expect(chip.spikeTicks == reference.spikeTicks)
      for t in 0..<sample.steps {
        #expect(chip.readout[t].map { Float($0).bitPattern } == reference.readout[t].map(\.bitPattern), "step \(t)")
      }
      // The chip's synaptic events equal the (active input × fan-out) operations counted in training.
      #expect(chip.synapticEvents == reference.operations.forwardSynapticOps)
    }
  }

  @Test("Fixed point: integer training inference and the fixed-point chip run give identical spikes and potentials")
  func fixedPoint() throws {
    let model = try SpikingModel(.replayBackbone(), seed: 6)
    let largest = model.layers.flatMap { $0.feedforward + $0.recurrent }.map(abs).max() ?? 1
    let format = FixedPointFormat.covering(maximumWeight: Double(largest), weightBits: 8, potentialBits: 24)
    let quantized = QuantizedInference(model: model, format: format)
    let exported = try model.exportNetwork(tickDuration: 1e-2)
    for sample in try bundledSamples(1, steps: 60) {
      let reference = quantized.run(sample)
      let chip = try chipRun(exported, sample, arithmetic: .fixedPoint(format))
      #expect(reference.spikeTicks.flatMap { $0 }.flatMap { $0 }.count > 100)
      #expect(chip.spikeTicks == reference.spikeTicks)
      #expect(chip.readout == reference.readout)
    }
  }

  @Test("Delta-synapse (α = 0), feed-forward, subtract-reset models export exactly too")
  func otherDynamics() throws {
    var architecture = SpikingArchitecture.replayBackbone()
    architecture.synapticDecay = 0
    architecture.recurrent = false
    architecture.resetMode = .subtractThreshold
    architecture.hidden = [64, 32]
    architecture.weightScale = 1.0
    let model = try SpikingModel(architecture, seed: 2)
    let exported = try model.exportNetwork()
    for sample in try bundledSamples(1, steps: 40) {
      let reference = model.referenceRun(sample)
      let chip = try chipRun(exported, sample)
      #expect(chip.spikeTicks == reference.spikeTicks)
      #expect(chip.readout.map { $0.map { Float($0) } } == reference.readout)
      #expect(chip.synapticEvents == reference.operations.forwardSynapticOps)
    }
  }
}
