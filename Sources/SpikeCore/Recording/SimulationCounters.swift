/// Everything a simulator counted; the chip model turns these into energy and latency.
public struct SimulationCounters: Sendable, Equatable {
  /// Counters per population, in network order.
  public var populations: [PopulationCounters]
  /// Counters per projection, in network order.
  public var projections: [ProjectionCounters]
  /// Spikes emitted by every unit, indexed [population][neuron].
  public var spikesPerNeuron: [[UInt32]]

  /// Zero counters sized for `network`.
  public init(network: Network) {
    populations = Array(repeating: PopulationCounters(), count: network.populations.count)
    projections = Array(repeating: ProjectionCounters(), count: network.projections.count)
    spikesPerNeuron = network.populations.map { [UInt32](repeating: 0, count: $0.size) }
  }

  /// Spikes of every population, sources included.
  public var totalSpikes: Int { populations.reduce(0) { $0 + $1.spikes } }
  /// Synaptic events over every projection.
  public var totalSynapticEvents: Int { projections.reduce(0) { $0 + $1.synapticEvents } }
  /// Neuron updates of every population.
  public var totalNeuronUpdates: Int { populations.reduce(0) { $0 + $1.neuronUpdates } }
}

/// Work done by (or delivered to) one population.
public struct PopulationCounters: Sendable, Equatable {
  /// Spikes emitted.
  public var spikes: Int = 0
  /// Synaptic events delivered to this population's neurons (one per synapse per spike).
  public var synapticEvents: Int = 0
  /// Neuron state updates: one per neuron per tick in chip time; one per closed-form advance in
  /// continuous time. Zero for sources.
  public var neuronUpdates: Int = 0
  /// Zero counts.
  public init() {}
}

/// Traffic over one projection.
public struct ProjectionCounters: Sendable, Equatable {
  /// Synaptic events (spike × synapse) delivered over this projection.
  public var synapticEvents: Int = 0
  /// Spikes of the source population that entered this projection.
  public var spikesIn: Int = 0
  /// Zero counts.
  public init() {}
}
