/// One spike of one unit.
public struct SpikeEvent: Sendable, Equatable {
  /// Index of the population in the network.
  public var population: Int32
  /// Index of the neuron in the population.
  public var neuron: Int32
  /// The spike of `neuron` of `population`.
  public init(population: Int32, neuron: Int32) { self.population = population; self.neuron = neuron }
}
