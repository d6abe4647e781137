@testable import SpikeCore

/// Small networks shared by the tests.
enum TestNetworks {
  /// One source neuron driving one neuron through one synapse.
  static func singleNeuron(model: NeuronModel, source: SpikeSource, weight: Double, delay: Double,
                           receptor: Receptor = .excitatory) throws -> (Network, PopulationID) {
    var network = Network(seed: 1)
    let input = try network.addSource("input", size: 1, source: source)
    let neuron = try network.addPopulation("neuron", size: 1, model: model)
    try network.connect(input, to: neuron, connector: .oneToOne, weight: .constant(weight), delay: .constant(delay),
                        receptor: receptor)
    return (network, neuron)
  }

  /// The ticks at which a chip-time run makes `population`'s neuron `neuron` spike.
  static func chipSpikeTicks(_ network: Network, _ population: PopulationID, neuron: Int = 0, ticks: Int,
                             tickDuration: Double = 1e-3) throws -> [Int] {
    let simulation = try ChipTimeSimulation(network: network, tickDuration: tickDuration)
    simulation.run(ticks: ticks)
    return simulation.result.spikes(of: population).ticks(of: neuron)
  }
}

/// |a − b| ≤ tolerance·max(|a|, |b|).
func relativelyClose(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
  abs(a - b) <= tolerance * max(abs(a), abs(b))
}
