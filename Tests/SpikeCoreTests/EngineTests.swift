import Testing
import SpikelineSupport
@testable import SpikeCore

@Suite struct EngineTests {
  @Test("SIMD and scalar neuron updates give identical bits")
  func simdMatchesScalar() throws {
    // Population "wide" (16 neurons) runs the SIMD path; "narrow" (7) runs only the scalar tail.
    // Both receive the same spikes on their first 7 neurons.
    var generator = SeededGenerator(seed: 11)
    let lists = (0..<16).map { _ in (0..<40).filter { _ in generator.bernoulli(0.3) } }
    for (model, weight) in [(NeuronModel.cuba(membraneTimeConstant: 7e-3, excitatoryTimeConstant: 3e-3, threshold: 0.6,
                                              restingPotential: 0.01, refractoryPeriod: 2e-3, bias: 0.05), 2.9),
                            (NeuronModel.discrete(membraneDecay: 0.93, threshold: 0.7, resetMode: .subtractThreshold,
                                                  tickDuration: 1e-3), 0.37)] {
      var network = Network()
      let wideInput = try network.addSource("wideInput", size: 16, source: .spikeTicks(lists))
      let narrowInput = try network.addSource("narrowInput", size: 7, source: .spikeTicks(Array(lists.prefix(7))))
      let wide = try network.addPopulation("wide", size: 16, model: model)
      let narrow = try network.addPopulation("narrow", size: 7, model: model)
      try network.connect(wideInput, to: wide, connector: .oneToOne, weight: .constant(weight))
      try network.connect(narrowInput, to: narrow, connector: .oneToOne, weight: .constant(weight))
      let plan = RecordingPlan(membranes: [.init(population: wide, neurons: Array(0..<7)),
                                           .init(population: narrow, neurons: Array(0..<7))])
      let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan)
      simulation.run(ticks: 60)
      let result = simulation.result
      for neuron in 0..<7 {
        let a = try #require(result.membrane(of: wide, neuron: neuron)).potentials
        let b = try #require(result.membrane(of: narrow, neuron: neuron)).potentials
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "neuron \(neuron)")
        #expect(result.spikes(of: wide).ticks(of: neuron) == result.spikes(of: narrow).ticks(of: neuron))
      }
      #expect(result.spikes(of: wide).count > 20, "\(model.synapse): \(result.spikes(of: wide).count) spikes")
    }
  }

  @Test("Same seed, same spikes; another seed, other spikes (CUBA network, both time models)")
  func determinism() throws {
    func chip(_ seed: UInt64) throws -> [PopulationSpikes] {
      let network = try VogelsAbbottCUBA.network(seed: seed, scale: 0.25, delay: 1e-3)
      let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
      simulation.run(ticks: 200)
      return simulation.result.spikes
    }
    #expect(try chip(5) == chip(5))
    #expect(try chip(5) != chip(6))
    func continuous(_ seed: UInt64) throws -> [PopulationSpikes] {
      let network = try VogelsAbbottCUBA.network(seed: seed, scale: 0.1, delay: 1e-3)
      let simulation = try ContinuousTimeSimulation(network: network)
      simulation.run(until: 0.1)
      return simulation.result.spikes
    }
    #expect(try continuous(5) == continuous(5))
  }

  @Test("Counters equal hand counts: spikes × out-degree synaptic events, N × ticks updates")
  func countersByHand() throws {
    var network = Network()
    let input = try network.addSource("input", size: 2, source: .spikeTicks([[0, 3], [1]]))
    let hidden = try network.addPopulation("hidden", size: 3, model: .discrete(membraneDecay: 0, threshold: 10, tickDuration: 1e-3))
    try network.connect(input, to: hidden, connector: .explicit([
      SynapseSpec(source: 0, target: 0), SynapseSpec(source: 0, target: 1), SynapseSpec(source: 0, target: 2),
      SynapseSpec(source: 1, target: 2)]), weight: .constant(1))
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    simulation.run(ticks: 10)
    let counters = simulation.result.counters
    #expect(counters.populations[input.index].spikes == 3)
    #expect(counters.projections[0].spikesIn == 3)
    #expect(counters.projections[0].synapticEvents == 2 * 3 + 1 * 1)
    #expect(counters.populations[hidden.index].synapticEvents == 7)
    #expect(counters.populations[hidden.index].neuronUpdates == 3 * 10)
    #expect(counters.spikesPerNeuron[input.index] == [2, 1])
  }

  @Test("Event queue pops by (time, sequence): simultaneous events first-in first-out")
  func eventQueueOrder() {
    var queue = EventQueue()
    var generator = SeededGenerator(seed: 9)
    var pushed: [(Double, Int)] = []
    for index in 0..<500 {
      let time = Double(generator.uniformInt(below: 20))
      queue.push(time: time, kind: .probe, UInt32(index))
      pushed.append((time, index))
    }
    var popped: [Int] = []
    while let event = queue.pop() { popped.append(Int(event.a)) }
    let expected = pushed.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.map(\.1)
    #expect(popped == expected)
  }

  @Test("Chip-time observer sees each tick's deliveries and spikes")
  func observer() throws {
    final class Recorder: ChipTimeObserver {
      var deliveries: [(Int, Int)] = []
      var spikes = 0
      func chipTickDidEnd(_ tick: Int, deliveries: UnsafeBufferPointer<PendingDelivery>, spikes: UnsafeBufferPointer<SpikeEvent>) {
        for delivery in deliveries { self.deliveries.append((tick, delivery.synapseCount)) }
        self.spikes += spikes.count
      }
    }
    var network = Network()
    let input = try network.addSource("input", size: 1, source: .spikeTicks([[2]]))
    let targets = try network.addPopulation("targets", size: 4, model: .discrete(membraneDecay: 0.5, tickDuration: 1e-3))
    let synapses = [(0, 4), (1, 1), (2, 9), (3, 4)].map { SynapseSpec(source: 0, target: $0.0, delay: Double($0.1) * 1e-3) }
    try network.connect(input, to: targets, connector: .explicit(synapses), weight: .constant(2))
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    let recorder = Recorder()
    simulation.observer = recorder
    simulation.run(ticks: 15)
    // One delivery per run of equal delay: ticks 3 (1 synapse), 6 (2 synapses), 11 (1 synapse).
    #expect(recorder.deliveries.map(\.0) == [3, 6, 11])
    #expect(recorder.deliveries.map(\.1) == [1, 2, 1])
    #expect(recorder.spikes == 1 + 4)
  }
}
