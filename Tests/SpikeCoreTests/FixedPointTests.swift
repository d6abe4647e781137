import Testing
import SpikelineSupport
@testable import SpikeCore

@Suite struct FixedPointTests {
  @Test("Integer potentials follow the hand-computed sequence V ← ⌊V·β·2¹²⌋/2¹² + w")
  func handComputedSequence() throws {
    let format = FixedPointFormat(weightBits: 8, potentialBits: 16, decayBits: 12, voltsPerUnit: 0.01)
    let model = NeuronModel.discrete(membraneDecay: 0.75, threshold: 1.0, tickDuration: 1e-3)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTicks([Array(0..<12)]),
                                                          weight: 0.33, delay: 1e-3)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3,
      recording: RecordingPlan(membranes: [.init(population: neuron, neurons: [0])]), arithmetic: .fixedPoint(format))
    simulation.run(ticks: 13)
    // w = 33 units, β = 3072/4096, θ = 100 units.
    var v: Int64 = 0
    var expectedPotentials: [Double] = [0]
    var expectedSpikes: [Int] = []
    for tick in 1..<13 {
      v = ((v * 3072) >> 12) + 33
      expectedPotentials.append(Double(v) * 0.01)
      if v >= 100 { expectedSpikes.append(tick); v = 0 }
    }
    let trace = try #require(simulation.result.membrane(of: neuron, neuron: 0))
    #expect(trace.potentials.count == 13)
    for (a, b) in zip(trace.potentials, expectedPotentials) { #expect(abs(a - b) < 1e-12) }
    #expect(simulation.result.spikes(of: neuron).ticks(of: 0) == expectedSpikes)
  }

  @Test("Event order cannot change a fixed-point result (saturating inputs, reversed synapse order)")
  func orderIndependence() throws {
    var generator = SeededGenerator(seed: 5)
    let sources = 40, targets = 6
    var synapses: [SynapseSpec] = []
    for i in 0..<sources {
      for j in 0..<targets where generator.bernoulli(0.5) {
        synapses.append(SynapseSpec(source: i, target: j, weight: generator.uniform(-0.9, 1.3)))
      }
    }
    let spikeLists = (0..<sources).map { _ in (0..<30).filter { _ in generator.bernoulli(0.4) } }
    func run(_ synapses: [SynapseSpec], _ arithmetic: ChipArithmetic) throws -> ([PopulationSpikes], [MembraneTrace]) {
      var network = Network()
      let input = try network.addSource("input", size: sources, source: .spikeTicks(spikeLists))
      let out = try network.addPopulation("out", size: targets, model: .cuba(
        membraneTimeConstant: 8e-3, excitatoryTimeConstant: 4e-3, threshold: 2))
      try network.connect(input, to: out, connector: .explicit(synapses))
      let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3,
        recording: RecordingPlan(membranes: [.init(population: out, neurons: Array(0..<targets))]), arithmetic: arithmetic)
      simulation.run(ticks: 40)
      return (simulation.result.spikes, simulation.result.membranes)
    }
    // Narrow potentials so that partial sums would saturate if added one by one.
    let format = FixedPointFormat(weightBits: 8, potentialBits: 10, decayBits: 12, voltsPerUnit: 0.02)
    let forward = try run(synapses, .fixedPoint(format))
    let backward = try run(synapses.reversed(), .fixedPoint(format))
    #expect(forward.0 == backward.0)
    #expect(forward.1 == backward.1)
    #expect(forward.0.reduce(0) { $0 + $1.count } > 10)
  }

  @Test("Bad fixed-point formats are rejected with the field named")
  func badFormat() throws {
    var network = Network()
    try network.addPopulation("a", size: 1, model: .lif(membraneTimeConstant: 0.01))
    #expect(throws: SpikelineError.self) {
      try ChipTimeSimulation(network: network, tickDuration: 1e-3,
                             arithmetic: .fixedPoint(FixedPointFormat(weightBits: 40, voltsPerUnit: 0.01)))
    }
  }
}
