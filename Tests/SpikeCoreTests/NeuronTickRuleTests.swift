import Testing
@testable import SpikeCore

@Suite struct NeuronTickRuleTests {
  @Test("Settle: a refractory neuron keeps its potential and counts down; otherwise it spikes at threshold")
  func scalar() {
    var countdown: Int32 = 2
    var settled = NeuronTickRule.settle(integrated: 5.0, previous: 0.25, countdown: &countdown, threshold: 1.0)
    #expect(settled.potential == 0.25 && !settled.spiked && countdown == 1)
    countdown = 0
    settled = NeuronTickRule.settle(integrated: 1.0, previous: 0.25, countdown: &countdown, threshold: 1.0)
    #expect(settled.potential == 1.0 && settled.spiked && countdown == 0)
    var fixedCountdown: Int32 = 0
    let fixed = NeuronTickRule.settle(integrated: Int64(9), previous: Int64(3), countdown: &fixedCountdown, threshold: Int64(10))
    #expect(fixed.potential == 9 && !fixed.spiked)
  }

  @Test("The eight- and sixteen-lane rules are the scalar rule lane by lane")
  func lanes() {
    let integrated: [Float] = [0.5, 1.0, 1.5, 2.0, 0.99, 1.01, 3.0, -1.0, 1.0, 0.2, 7.0, 1.0, 0.0, 2.5, 1.0, 0.999]
    let previous = (0..<16).map { Float($0) / 10 }
    let start: [Int32] = [0, 0, 1, 0, 2, 0, 3, 0, 1, 0, 0, 2, 0, 0, 5, 0]
    /// Checks the first `width` lanes of one vector rule's results against the scalar rule.
    func expectScalar(_ potential: [Float], _ spiked: [Bool], _ countdown: [Int32], _ width: Int) {
      for lane in 0..<width {
        var scalarCountdown = start[lane]
        let scalar = NeuronTickRule.settle(integrated: integrated[lane], previous: previous[lane], countdown: &scalarCountdown, threshold: Float(1))
        #expect(potential[lane] == scalar.potential && spiked[lane] == scalar.spiked && countdown[lane] == scalarCountdown,
                "\(width) lanes: lane \(lane)")
      }
    }
    var countdown8 = SIMD8<Int32>(start[0..<8])
    let eight = NeuronTickRule.settle(integrated: SIMD8(integrated[0..<8]), previous: SIMD8(previous[0..<8]), countdown: &countdown8,
                                      threshold: SIMD8(repeating: 1))
    expectScalar((0..<8).map { eight.potential[$0] }, (0..<8).map { eight.spiked[$0] }, (0..<8).map { countdown8[$0] }, 8)
    var countdown16 = SIMD16<Int32>(start)
    let sixteen = NeuronTickRule.settle(integrated: SIMD16(integrated), previous: SIMD16(previous), countdown: &countdown16,
                                        threshold: SIMD16(repeating: 1))
    expectScalar((0..<16).map { sixteen.potential[$0] }, (0..<16).map { sixteen.spiked[$0] }, (0..<16).map { countdown16[$0] }, 16)
    // Spikes at and above θ unless refractory (lane 11: U = θ but two ticks left).
    #expect(sixteen.spiked[1] && sixteen.spiked[10] && !sixteen.spiked[11] && !sixteen.spiked[15])
  }

  @Test("Reset to a potential or by subtracting the threshold, in every representation")
  func reset() {
    #expect(NeuronTickRule.reset(1.25, mode: .subtractThreshold, threshold: 1.0, resetPotential: -0.5) == 0.25)
    #expect(NeuronTickRule.reset(1.25, mode: .toPotential, threshold: 1.0, resetPotential: -0.5) == -0.5)
    #expect(NeuronTickRule.reset(Int64(70), mode: .subtractThreshold, threshold: 64, resetPotential: 0) == 6)
    #expect(NeuronTickRule.reset(Float(2), mode: .subtractThreshold, threshold: 1.5, resetPotential: 0) == 0.5)
  }

  @Test("Chip time: the SIMD lanes and the scalar tail give identical bits (21 neurons driven alike)")
  func kernelLanesMatchTail() throws {
    for synapse in NeuronModel.SynapseKind.allCases {
      var network = Network(seed: 1)
      let source = try network.addSource("in", size: 1, source: .spikeTicks([[1, 2, 3, 5, 8, 13, 14, 15]]))
      let model = synapse == .delta
        ? NeuronModel.lif(membraneTimeConstant: 10e-3, threshold: 1, resetMode: .subtractThreshold, refractoryPeriod: 2e-3)
        : NeuronModel.cuba(membraneTimeConstant: 10e-3, excitatoryTimeConstant: 5e-3, threshold: 0.3, refractoryPeriod: 2e-3)
      // 21 = one vector of 16 (or two of 8) and a scalar tail of 5.
      let cells = try network.addPopulation("cells", size: 21, model: model)
      try network.connect(source, to: cells, connector: .allToAll(), weight: .constant(0.45), delay: .constant(1e-3))
      let plan = RecordingPlan(membranes: [.init(population: cells, neurons: Array(0..<21))])
      let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan)
      simulation.run(ticks: 24)
      let result = simulation.result
      let traces = (0..<21).map { result.membrane(of: cells, neuron: $0)?.potentials ?? [] }
      #expect(traces[0].contains { $0 != 0 }, "\(synapse): the neurons should move")
      #expect(result.spikes(of: cells).count > 21, "\(synapse): the neurons should spike and be refractory")
      for neuron in 1..<21 { #expect(traces[neuron] == traces[0], "\(synapse): neuron \(neuron) differs from neuron 0") }
    }
  }
}
