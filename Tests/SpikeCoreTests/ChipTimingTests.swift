import Testing
@testable import SpikeCore

/// Chip-time spike timing against closed-form solutions: exact to the tick.
@Suite struct ChipTimingTests {
  /// V_k = w(1 − βᵏ)/(1 − β) after k inputs; the first k with V_k ≥ θ is ⌈ln(1 − θ(1−β)/w)/ln β⌉.
  static func inputsToThreshold(weight w: Double, beta: Double, threshold: Double) -> Int {
    Int((log(1 - threshold * (1 - beta) / w) / log(beta)).rounded(.up))
  }

  @Test("Delta LIF driven every tick spikes after the closed-form number of inputs; reset to zero repeats it")
  func constantInputTrainResetToZero() throws {
    let beta = 0.9, w = 0.3
    let model = NeuronModel.discrete(membraneDecay: beta, threshold: 1, tickDuration: 1e-3)
    let (network, neuron) = try TestNetworks.singleNeuron(
      model: model, source: .spikeTicks([Array(0..<60)]), weight: w, delay: 1e-3)
    let k = Self.inputsToThreshold(weight: w, beta: beta, threshold: 1)
    #expect(k == 4)
    // Inputs arrive from tick 1 on (one tick of delay); the k-th arrives at tick k.
    let expected = stride(from: k, through: 60, by: k).map { $0 }
    #expect(try TestNetworks.chipSpikeTicks(network, neuron, ticks: 61) == expected)
  }

  @Test("Reset by subtraction keeps the overshoot: ticks follow the closed form with carried-over potential")
  func resetBySubtraction() throws {
    let beta = 0.9, w = 0.3, theta = 1.0
    let model = NeuronModel.discrete(membraneDecay: beta, threshold: theta, resetMode: .subtractThreshold,
                                     tickDuration: 1e-3)
    let (network, neuron) = try TestNetworks.singleNeuron(
      model: model, source: .spikeTicks([Array(0..<80)]), weight: w, delay: 1e-3)
    // Closed form between spikes: V(j ticks after a spike with residual r) = r βʲ + w(1 − βʲ)/(1 − β).
    var expected: [Int] = []
    var residual = 0.0, lastSpike = 0
    while true {
      var j = 1
      while residual * pow(beta, Double(j)) + w * (1 - pow(beta, Double(j))) / (1 - beta) < theta { j += 1 }
      let v = residual * pow(beta, Double(j)) + w * (1 - pow(beta, Double(j))) / (1 - beta)
      #expect(v - theta > 1e-4, "too close to threshold for single precision")
      let tick = lastSpike + j
      if tick > 80 { break }
      expected.append(tick)
      residual = v - theta
      lastSpike = tick
    }
    #expect(expected.count > 10)
    #expect(try TestNetworks.chipSpikeTicks(network, neuron, ticks: 81) == expected)
  }

  @Test("A refractory period of R ticks drops the inputs of those ticks", arguments: [1, 2, 5])
  func refractoryTicks(refractory: Int) throws {
    let beta = 0.9, w = 0.3
    let model = NeuronModel.discrete(membraneDecay: beta, threshold: 1, refractoryTicks: refractory, tickDuration: 1e-3)
    let (network, neuron) = try TestNetworks.singleNeuron(
      model: model, source: .spikeTicks([Array(0..<100)]), weight: w, delay: 1e-3)
    let k = Self.inputsToThreshold(weight: w, beta: beta, threshold: 1)
    let period = k + refractory
    let expected = stride(from: k, through: 100, by: period).map { $0 }
    #expect(try TestNetworks.chipSpikeTicks(network, neuron, ticks: 101) == expected)
  }

  @Test("Constant bias: first-passage tick and period from V = b(1 − βⁿ)/(1 − β)")
  func constantBiasFirstPassage() throws {
    let beta = 0.95, bias = 0.15
    var model = NeuronModel.discrete(membraneDecay: beta, threshold: 1, tickDuration: 1e-3)
    model.bias = bias
    var network = Network()
    let neuron = try network.addPopulation("neuron", size: 1, model: model)
    // n integrations reach threshold when βⁿ ≤ 1 − θ(1−β)/b; tick index = n − 1.
    let n = Int((log(1 - (1 - beta) / bias) / log(beta)).rounded(.up))
    #expect(n == 8)
    let expected = stride(from: n - 1, to: 100, by: n).map { $0 }
    #expect(try TestNetworks.chipSpikeTicks(network, neuron, ticks: 100) == expected)
  }

  @Test("Exact rule: sub-threshold CUBA potential at ticks equals the continuous solution")
  func exactRuleMatchesContinuousSolution() throws {
    let tauM = 10e-3, tauS = 5e-3, w = 1.0, dt = 1e-3
    let model = NeuronModel.cuba(membraneTimeConstant: tauM, excitatoryTimeConstant: tauS, threshold: 100)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTicks([[2]]), weight: w, delay: dt)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: dt,
                                            recording: RecordingPlan(membranes: [.init(population: neuron, neurons: [0])]))
    simulation.run(ticks: 40)
    let trace = try #require(simulation.result.membrane(of: neuron, neuron: 0))
    // Delivered at tick 3 = arrival at time (3 − 1)·Δt in the continuous solution.
    for tick in 0..<40 {
      let s = Double(tick) * dt - 2e-3
      let expected = s < 0 ? 0 : w * tauS / (tauS - tauM) * (exp(-s / tauS) - exp(-s / tauM))
      #expect(abs(trace.potentials[tick] - expected) <= 1e-6 * max(1, abs(expected)), "tick \(tick)")
    }
  }

  @Test("Exact rule with delta synapses: a jump at tick t decays as e^(−(t'−t)Δt/τm)")
  func exactRuleDeltaSynapse() throws {
    let tauM = 20e-3, dt = 1e-3
    let model = NeuronModel.lif(membraneTimeConstant: tauM, threshold: 10, restingPotential: 0)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTicks([[4]]), weight: 0.5, delay: 2e-3)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: dt,
                                            recording: RecordingPlan(membranes: [.init(population: neuron, neurons: [0])]))
    simulation.run(ticks: 30)
    let trace = try #require(simulation.result.membrane(of: neuron, neuron: 0))
    for tick in 0..<30 {
      let expected = tick < 6 ? 0 : 0.5 * exp(-Double(tick - 6) * dt / tauM)
      #expect(abs(trace.potentials[tick] - expected) <= 1e-6, "tick \(tick)")
    }
  }

  @Test("Delays: a synfire chain fires each link exactly its delay later")
  func synfireChainDelays() throws {
    var network = Network()
    let model = NeuronModel.discrete(membraneDecay: 0.5, threshold: 1, tickDuration: 1e-3)
    let input = try network.addSource("input", size: 1, source: .spikeTicks([[0, 20]]))
    var previous = input
    var links: [PopulationID] = []
    let delays = [3, 5, 1, 7]
    for (index, delay) in delays.enumerated() {
      let next = try network.addPopulation("link\(index)", size: 1, model: model)
      try network.connect(previous, to: next, connector: .oneToOne, weight: .constant(1.5), delay: .constant(Double(delay) * 1e-3))
      links.append(next)
      previous = next
    }
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    simulation.run(ticks: 60)
    var arrival = 0
    for (index, delay) in delays.enumerated() {
      arrival += delay
      #expect(simulation.result.spikes(of: links[index]).ticks(of: 0) == [arrival, arrival + 20])
    }
  }

  @Test("Per-synapse delays in one row are delivered at their own ticks")
  func heterogeneousDelays() throws {
    var network = Network()
    let model = NeuronModel.discrete(membraneDecay: 0.5, threshold: 1, tickDuration: 1e-3)
    let input = try network.addSource("input", size: 1, source: .spikeTicks([[2]]))
    let targets = try network.addPopulation("targets", size: 4, model: model)
    let synapses = [(0, 4), (1, 1), (2, 9), (3, 4)].map { SynapseSpec(source: 0, target: $0.0, delay: Double($0.1) * 1e-3) }
    try network.connect(input, to: targets, connector: .explicit(synapses), weight: .constant(2))
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    simulation.run(ticks: 20)
    let spikes = simulation.result.spikes(of: targets)
    #expect((0..<4).map { spikes.ticks(of: $0) } == [[6], [3], [11], [6]])
    // Two deliveries share tick 6: one event per run of equal delay, three events in all.
    #expect(simulation.result.counters.projections[0].synapticEvents == 4)
  }

  @Test("Spike times given in seconds are emitted at tick ⌊t/Δt⌋, even when t/Δt rounds below an integer")
  func spikeTimeQuantisation() throws {
    var network = Network()
    let input = try network.addSource("input", size: 1, source: .spikeTimes([[0.003, 0.0071, 0.0299]]))
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    simulation.run(ticks: 40)
    #expect(simulation.result.spikes(of: input).ticks(of: 0) == [3, 7, 29])
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
