/// The spikes one population emitted, in emission order (time, then neuron index).
public struct PopulationSpikes: Sendable, Equatable {
  public var population: PopulationID
  /// Neuron index within the population of each spike.
  public var neurons: [Int32] = []
  /// Spike time of each spike, seconds.
  public var times: [Double] = []
  /// Chip tick of each spike (chip time only; empty in continuous time).
  public var ticks: [Int32] = []

  public init(population: PopulationID) { self.population = population }

  public var count: Int { neurons.count }

  /// The spike times of one neuron, seconds.
  public func times(of neuron: Int) -> [Double] {
    var result: [Double] = []
    for k in neurons.indices where Int(neurons[k]) == neuron { result.append(times[k]) }
    return result
  }

  /// The spike ticks of one neuron (empty for a continuous-time run, which has no ticks).
  public func ticks(of neuron: Int) -> [Int] {
    guard ticks.count == neurons.count else { return [] }
    var result: [Int] = []
    for k in neurons.indices where Int(neurons[k]) == neuron { result.append(Int(ticks[k])) }
    return result
  }
}

/// Sampled membrane potential of one neuron.
public struct MembraneTrace: Sendable, Equatable {
  public var population: PopulationID
  public var neuron: Int
  /// Sample times, seconds.
  public var times: [Double] = []
  /// Potential at each sample, volts. In chip time this is the value compared with the threshold
  /// at that tick (before any reset).
  public var potentials: [Double] = []
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
  public init() {}
}

/// Traffic over one projection.
public struct ProjectionCounters: Sendable, Equatable {
  /// Synaptic events (spike × synapse) delivered over this projection.
  public var synapticEvents: Int = 0
  /// Spikes of the source population that entered this projection.
  public var spikesIn: Int = 0
  public init() {}
}

/// Everything a simulator counted; the chip model turns these into energy and latency.
public struct SimulationCounters: Sendable, Equatable {
  public var populations: [PopulationCounters]
  public var projections: [ProjectionCounters]
  /// Spikes emitted by every unit, indexed [population][neuron].
  public var spikesPerNeuron: [[UInt32]]

  public init(network: Network) {
    populations = Array(repeating: PopulationCounters(), count: network.populations.count)
    projections = Array(repeating: ProjectionCounters(), count: network.projections.count)
    spikesPerNeuron = network.populations.map { [UInt32](repeating: 0, count: $0.size) }
  }

  public var totalSpikes: Int { populations.reduce(0) { $0 + $1.spikes } }
  public var totalSynapticEvents: Int { projections.reduce(0) { $0 + $1.synapticEvents } }
  public var totalNeuronUpdates: Int { populations.reduce(0) { $0 + $1.neuronUpdates } }
}

/// How time advanced in a simulation.
public enum TimeModel: Sendable, Equatable {
  /// Integer ticks of this many seconds.
  case chip(tickDuration: Double)
  /// Real-valued event times.
  case continuous
}

/// What a finished (or paused) simulation produced.
public struct SimulationResult: Sendable {
  public var timeModel: TimeModel
  /// Simulated time, seconds.
  public var duration: Double
  /// Ticks simulated (chip time), else 0.
  public var ticks: Int
  /// Recorded spikes, one entry per population in the recording plan.
  public var spikes: [PopulationSpikes]
  public var membranes: [MembraneTrace]
  public var counters: SimulationCounters

  /// Recorded spikes of one population (empty if not recorded).
  public func spikes(of population: PopulationID) -> PopulationSpikes {
    spikes.first { $0.population == population } ?? PopulationSpikes(population: population)
  }

  /// The membrane trace of one neuron, if probed.
  public func membrane(of population: PopulationID, neuron: Int) -> MembraneTrace? {
    membranes.first { $0.population == population && $0.neuron == neuron }
  }
}
