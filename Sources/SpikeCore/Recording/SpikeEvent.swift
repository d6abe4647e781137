/// One spike of one unit.
public struct SpikeEvent: Sendable, Equatable {
  public var population: Int32
  public var neuron: Int32
  public init(population: Int32, neuron: Int32) { self.population = population; self.neuron = neuron }
}
